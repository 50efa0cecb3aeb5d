#[global_allocator]
static ALLOCATOR: grounded::allocator::Allocator = grounded::allocator::Allocator;

fn main() -> std::process::ExitCode {
    grounded::allocator::tune();
    grounded::cli::main()
}
