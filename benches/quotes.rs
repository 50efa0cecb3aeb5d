//! Quote index benchmark on the BBC corpus: index build time, then `locate`
//! for 100 quotes sampled from the corpus (every third altered by a word),
//! whether each is found in its article, and a note of those quotes
//! checked at once. Prints figures, asserts nothing. Run: `cargo bench
//! --bench quotes` (`--bench suite` runs the same quotes against `rg -F`).

use std::path::PathBuf;
use std::time::{Duration, Instant};

use grounded::corpus::{Corpus, CorpusSource};
use grounded::quotes::MatchKind;

const SAMPLES: usize = 100;

#[path = "support/quote_samples.rs"]
mod quote_samples;
use quote_samples::sample;

fn main() {
    let root = std::env::var_os("GROUNDED_BBC")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from("/work/shared/corpora/bbc"));
    if !root.is_dir() {
        println!(
            "skip: no BBC corpus at {} (set GROUNDED_BBC)",
            root.display()
        );
        return;
    }
    let t = Instant::now();
    let (corpus, report) = Corpus::load(&CorpusSource::Paths(vec![root.clone()]));
    let load = t.elapsed();
    println!(
        "corpus: {} articles, {:.1} MB, loaded and folded in {:.0} ms ({} skipped)",
        corpus.len(),
        corpus.text_bytes() as f64 / 1e6,
        load.as_secs_f64() * 1e3,
        report.skipped.len()
    );
    let t = Instant::now();
    let full = grounded::Index::build(corpus, &grounded::config::Config::default());
    let build = t.elapsed();
    let (corpus, index) = (&full.corpus, &full.quotes);
    let quotes = index.quotation_count();
    println!(
        "quote index build: {:.0} ms ({} words in the vocabulary, {} attributed quotations)",
        build.as_secs_f64() * 1e3,
        index.vocabulary(),
        quotes
    );

    let samples = sample(corpus, SAMPLES);
    let altered = samples.iter().filter(|s| s.altered).count();
    // Warm up once, then time the best of three rounds.
    let mut best = Duration::MAX;
    let mut found = (0usize, 0usize);
    let mut missed = Vec::new();
    for _ in 0..3 {
        let t = Instant::now();
        let mut f = (0, 0);
        let mut misses = Vec::new();
        for s in &samples {
            let m = index.locate(corpus, &s.folded);
            let hit = m.iter().any(|m| m.article == s.article);
            let kind_ok = m.first().is_some_and(|m| {
                (m.kind == MatchKind::Altered) == s.altered || m.article != s.article
            });
            if hit && kind_ok {
                if s.altered {
                    f.1 += 1;
                } else {
                    f.0 += 1;
                }
            } else {
                misses.push(format!(
                    "  missed: {:?} in {}",
                    s.folded, corpus.articles[s.article].id
                ));
            }
        }
        best = best.min(t.elapsed());
        found = f;
        missed = misses;
    }
    println!(
        "locate {} quotes: {:.1} ms ({:.3} ms a quote); found {}/{} exact and {}/{} altered in their article",
        samples.len(),
        best.as_secs_f64() * 1e3,
        best.as_secs_f64() * 1e3 / samples.len() as f64,
        found.0,
        samples.len() - altered,
        found.1,
        altered
    );
    for m in &missed {
        println!("{m}");
    }
    // A whole note: the 100 quotes as a writer's paragraphs, checked at once.
    let note: String = samples
        .iter()
        .map(|s| format!("A spokesman said: \"{}.\"\n\n", s.folded))
        .collect();
    let t = Instant::now();
    let findings = grounded::quotes::check(&full, &note);
    println!(
        "check a note of {} quotes ({} KB): {:.1} ms, {} findings",
        samples.len(),
        note.len() / 1024,
        t.elapsed().as_secs_f64() * 1e3,
        findings.len()
    );
    println!("(the side-by-side with `rg -F` is in `cargo bench --bench suite`)");
}
