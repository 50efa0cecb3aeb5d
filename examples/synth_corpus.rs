//! Writes (or reuses) the benches' synthetic corpus, N times a real one:
//! `cargo run --release --example synth_corpus -- SOURCE OUT [COPIES]`
//! (COPIES defaults to 100). The same generator `cargo bench --bench suite`
//! uses with `GROUNDED_BENCH_BIG=1`, so stage examples and profilers can run
//! on the 100× corpus without the whole suite.

#[path = "../benches/support/synth.rs"]
#[allow(dead_code)] // helpers only the benches use
mod synth;

use std::path::PathBuf;
use std::process::ExitCode;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (Some(source), Some(out)) = (args.first(), args.get(1)) else {
        eprintln!("usage: synth_corpus SOURCE OUT [COPIES]");
        return ExitCode::from(2);
    };
    let copies = match args.get(2).map(|c| c.parse::<u32>()) {
        None => 100,
        Some(Ok(n)) if n > 0 => n,
        Some(_) => {
            eprintln!("synth_corpus: COPIES must be a positive whole number");
            return ExitCode::from(2);
        }
    };
    let out = PathBuf::from(out);
    match synth::ensure(source.as_ref(), &out, copies) {
        Ok(made) => {
            let verb = if made { "wrote" } else { "reused" };
            println!(
                "{verb} {}: {} files, {:.1} MB",
                out.display(),
                synth::corpus_files(&out).len(),
                synth::disk_bytes(&out) as f64 / 1e6
            );
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("synth_corpus: {}: {e}", out.display());
            ExitCode::FAILURE
        }
    }
}
