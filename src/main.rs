fn main() -> std::process::ExitCode {
    grounded::cli::main()
}
