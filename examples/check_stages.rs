//! Times each analysis on one note: `cargo run --release --example check_stages -- CORPUS NOTE`.
use std::time::Instant;

use grounded::config::Config;
use grounded::corpus::{Corpus, CorpusSource};
use grounded::index::Index;

fn main() {
    let mut args = std::env::args().skip(1);
    let corpus = args.next().unwrap_or_else(|| "seeds".into());
    let note = std::fs::read_to_string(args.next().expect("a note")).unwrap();
    let (corpus, _) = Corpus::load(&CorpusSource::Paths(vec![corpus.into()]));
    let index = Index::build(corpus, &Config::default());
    for _ in 0..2 {
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
