//! Runs only the quote stage of an index build, for profilers:
//! `cargo run --release --example quote_stage -- CORPUS [REPEAT]`. Under
//! callgrind, `--toggle-collect=quote_stage::build_quotes` counts the stage
//! alone (the corpus load is left out). Prints the heap the stage keeps and
//! its peak, and what each part of the index takes.

use grounded::corpus::{Corpus, CorpusSource};
use grounded::quotes::QuoteIndex;

#[path = "support/counting.rs"]
mod counting;
use counting::mib;

#[global_allocator]
static ALLOC: counting::Counting = counting::Counting;

/// The stage itself, a function of its own so that profilers can select it.
#[inline(never)]
fn build_quotes(corpus: &Corpus) -> QuoteIndex {
    QuoteIndex::build(corpus)
}

fn main() {
    grounded::allocator::tune();
    let mut args = std::env::args().skip(1);
    let path = args.next().unwrap_or_else(|| "seeds".into());
    let repeat: usize = args.next().and_then(|r| r.parse().ok()).unwrap_or(1);
    let (corpus, _) = Corpus::load(&CorpusSource::Paths(vec![path.into()]));
    for _ in 0..repeat {
        let (q, cost) = counting::measure(|| build_quotes(&corpus));
        println!(
            "quotes: {:.1?}  cpu {:.2?}  keeps {}  peak +{}  RSS high-water {}  {q:?}",
            cost.time,
            cost.cpu,
            mib(cost.kept),
            mib(cost.peak),
            mib(cost.rss_peak)
        );
        for (part, bytes) in q.part_sizes() {
            println!("  {part:<14} {:>10}", mib(bytes));
        }
    }
}
