//! Times each analysis on one note: `cargo run --release --example check_stages -- CORPUS NOTE`.
//! A corpus of 2,000 files or more is read from the index cache when it is
//! up to date (and the cache is written when it is not), so a large corpus
//! is built once, not on every run.
use std::time::Instant;

use grounded::cache::{load_index, CacheSettings};
use grounded::config::Config;
use grounded::corpus::CorpusSource;

/// The allocator the programs run with, so figures match theirs.
#[global_allocator]
static ALLOCATOR: grounded::allocator::Allocator = grounded::allocator::Allocator;

fn main() {
    grounded::allocator::tune();
    let mut args = std::env::args().skip(1);
    let corpus = args.next().unwrap_or_else(|| "seeds".into());
    let note = std::fs::read_to_string(args.next().expect("a note")).unwrap();
    let t = Instant::now();
    let source = CorpusSource::Paths(vec![corpus.into()]);
    let loaded = load_index(
        &source,
        &Config::default(),
        &CacheSettings::default(),
        &mut |_, _| {},
    );
    println!("index: {:?} ({:?})", t.elapsed(), loaded.cache.used);
    let index = loaded.index;
    for _ in 0..3 {
        let t = Instant::now();
        let all = grounded::check(&index, &note);
        println!("check: {:?} ({} findings)", t.elapsed(), all.len());
        let t = Instant::now();
        let q = grounded::quotes::check(&index, &note);
        let tq = t.elapsed();
        let t = Instant::now();
        let f = grounded::figures::check(&index, &note);
        let tf = t.elapsed();
        let t = Instant::now();
        let n = grounded::quotes::note_quotes(&note);
        println!(
            "quotes: {tq:?} ({} findings, {} quotes; detection {:?}); figures: {tf:?} ({} findings)",
            q.len(),
            n.len(),
            t.elapsed(),
            f.len()
        );
    }
}
