//! Builds a corpus's index on one schedule and prints the build time, for an
//! A/B of `BuildSchedule` in fresh processes:
//! `cargo run --release --example schedule_ab -- side|after DIR...`
use grounded::config::Config;
use grounded::corpus::{Corpus, CorpusSource};
use grounded::index::{BuildSchedule, Index};
#[global_allocator]
static ALLOCATOR: grounded::allocator::Allocator = grounded::allocator::Allocator;
fn main() {
    grounded::allocator::tune();
    let side = std::env::args().nth(1).unwrap() == "side";
    let paths = std::env::args().skip(2).map(Into::into).collect();
    let (corpus, _) = Corpus::load(&CorpusSource::Paths(paths));
    let s = if side {
        BuildSchedule::SideBySide
    } else {
        BuildSchedule::OneAfterAnother
    };
    let t = std::time::Instant::now();
    let ix = Index::build_on(s, corpus, &Config::default(), &grounded::index::InMemory);
    println!(
        "{} {:.0}",
        if side { "side" } else { "after" },
        t.elapsed().as_secs_f64() * 1e3
    );
    std::hint::black_box(&ix);
}
