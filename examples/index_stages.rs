//! Times each stage of building an index: `cargo run --release --example index_stages -- CORPUS`.
use std::time::Instant;

use grounded::config::Config;
use grounded::corpus::{Corpus, CorpusSource};

fn main() {
    let path = std::env::args().nth(1).unwrap_or_else(|| "seeds".into());
    let t = Instant::now();
    let (corpus, _) = Corpus::load(&CorpusSource::Paths(vec![path.into()]));
    println!(
        "load + fold + segment: {:?} ({} articles)",
        t.elapsed(),
        corpus.len()
    );
    let config = Config::default();
    let t = Instant::now();
    let e = grounded::entities::EntityIndex::build(&corpus, &config);
    println!(
        "entities: {:?} ({} entities)",
        t.elapsed(),
        e.entities().len()
    );
    let t = Instant::now();
    let _q = grounded::quotes::QuoteIndex::build(&corpus);
    println!("quotes: {:?}", t.elapsed());
    let t = Instant::now();
    let _f = grounded::figures::FigureIndex::build(&corpus);
    println!("figures: {:?}", t.elapsed());
}
