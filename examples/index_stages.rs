//! Times each stage of building an index and reports the heap it keeps and
//! the peak it reaches: `cargo run --release --example index_stages -- CORPUS`.
use std::sync::atomic::Ordering;

use grounded::config::Config;
use grounded::corpus::{Corpus, CorpusSource};

#[path = "support/counting.rs"]
mod counting;
use counting::{mib, LIVE};

#[global_allocator]
static ALLOC: counting::Counting = counting::Counting;

/// Runs a stage and prints its time, the heap it leaves behind and the
/// peak heap during it.
fn stage<T>(name: &str, f: impl FnOnce() -> T) -> T {
    let (out, cost) = counting::measure(f);
    println!(
        "{name:<22} {:>10.1?}  cpu {:>4.2}×  keeps {:>10}  peak +{:>10}  RSS high-water {:>10}",
        cost.time,
        cost.cpu.as_secs_f64() / cost.time.as_secs_f64().max(1e-9),
        mib(cost.kept),
        mib(cost.peak),
        mib(cost.rss_peak)
    );
    out
}

fn main() {
    grounded::allocator::tune();
    let path = std::env::args().nth(1).unwrap_or_else(|| "seeds".into());
    let (corpus, _) = stage("load + fold + segment", || {
        Corpus::load(&CorpusSource::Paths(vec![path.into()]))
    });
    let bytes: usize = corpus.articles.iter().map(|a| a.raw_len()).sum();
    println!("{} articles, {} of text", corpus.len(), mib(bytes));
    let sum = |f: &dyn Fn(&grounded::corpus::Article) -> usize| -> usize {
        corpus.articles.iter().map(f).sum()
    };
    println!(
        "{} paragraphs, {} sentences, {} lines; {} bytes an article, and ids {}, paths {}",
        sum(&|a| a.paragraphs.len()),
        sum(&|a| a.sentences.len()),
        sum(&|a| a.lines.line_count()),
        std::mem::size_of::<grounded::corpus::Article>(),
        mib(sum(&|a| a.id.capacity())),
        mib(sum(&|a| a.path.capacity())),
    );
    let config = Config::default();
    let e = stage("entities", || {
        grounded::entities::EntityIndex::build(&corpus, &config)
    });
    let q = stage("quotes", || grounded::quotes::QuoteIndex::build(&corpus));
    let f = stage("figures", || grounded::figures::FigureIndex::build(&corpus));
    println!(
        "{} entities; heap now {} ({:.1}× the text)",
        e.entities().len(),
        mib(LIVE.load(Ordering::Relaxed)),
        LIVE.load(Ordering::Relaxed) as f64 / bytes as f64
    );
    drop((e, q, f));
    corpus_parts(corpus);
}

/// What each part of the loaded articles keeps, measured by taking it out
/// of every article and counting the bytes freed.
fn corpus_parts(mut corpus: Corpus) {
    let bytes: usize = corpus.articles.iter().map(|a| a.raw_len()).sum();
    let report = |name: &str, freed: usize| {
        println!(
            "  {name:<36} {:>10}  {:.2}× the text",
            mib(freed),
            freed as f64 / bytes as f64
        );
    };
    let mut part = |name: &str, take: &dyn Fn(&mut grounded::corpus::Article)| {
        let before = LIVE.load(Ordering::Relaxed);
        for a in &mut corpus.articles {
            take(a);
        }
        report(name, before.saturating_sub(LIVE.load(Ordering::Relaxed)));
    };
    println!("the loaded corpus, part by part:");
    part("folded text", &|a| drop(std::mem::take(&mut a.folded.text)));
    part("offset map", &|a| drop(std::mem::take(&mut a.folded.map)));
    part("paragraphs", &|a| drop(std::mem::take(&mut a.paragraphs)));
    part("sentences", &|a| drop(std::mem::take(&mut a.sentences)));
    part("line index", &|a| {
        a.lines = grounded::text::LineIndex::new("");
    });
    let before = LIVE.load(Ordering::Relaxed);
    drop(corpus);
    report(
        "original text, metadata, the list",
        before.saturating_sub(LIVE.load(Ordering::Relaxed)),
    );
}
