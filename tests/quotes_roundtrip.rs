//! Round trip: every quotation the sources hold, quoted back in a note
//! with the speaker the sources give, must pass the quote check; given to a
//! speaker of another quotation, it must be flagged as misattributed; with
//! a word changed, as altered.
//! Runs on the seeds and tests/corpus/bbc (GROUNDED_EVAL_BBC=/path/to/bbc
//! runs it on a whole BBC corpus).

use std::path::PathBuf;

use grounded::config::Config;
use grounded::corpus::CorpusSource;
use grounded::finding::Code;
use grounded::quotes::{self, same_speaker};
use grounded::Index;

/// Shares of quotations the round trip must get right.
const FLOOR_CLEAN: f64 = 0.97;
const FLOOR_SWAPPED: f64 = 0.97;
const FLOOR_ALTERED: f64 = 0.95;

#[test]
fn source_quotations_round_trip() {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let bbc = std::env::var_os("GROUNDED_EVAL_BBC")
        .map(PathBuf::from)
        .unwrap_or_else(|| root.join("tests/corpus/bbc"));
    let (index, _) = Index::load(
        &CorpusSource::Paths(vec![root.join("seeds"), bbc]),
        &Config::default(),
    );
    // (quote words, surname of the source speaker)
    let mut cases: Vec<(String, String)> = Vec::new();
    for (ai, a) in index.corpus.articles.iter().enumerate() {
        for q in index.quotes.attributed(ai) {
            let inner = q.quote.parts[0].inner.clone();
            let text = a.folded.text[inner]
                .trim()
                .trim_end_matches(',')
                .to_string();
            let Some(name) = q.speaker.as_ref().and_then(|s| s.name.clone()) else {
                continue;
            };
            if text.split_whitespace().count() < 4 || text.contains('"') {
                continue;
            }
            let surname = name.split_whitespace().next_back().unwrap().to_string();
            cases.push((text, surname));
        }
    }
    assert!(cases.len() >= 50, "only {} quotations", cases.len());

    let (mut clean, mut flagged) = (0usize, 0usize);
    let mut swapped_n = 0usize;
    for (i, (text, surname)) in cases.iter().enumerate() {
        let note = format!("{surname} said: \"{text}\"");
        let f = quotes::check(&index, &note);
        if f.is_empty() {
            clean += 1;
        } else if clean + 5 > i {
            println!(
                "FALSE {:?}: {note}",
                f.iter().map(|f| f.code).collect::<Vec<_>>()
            );
        }
        // Someone else's name.
        let other = cases
            .iter()
            .map(|c| &c.1)
            .find(|o| !same_speaker(o, surname, ""));
        if let Some(other) = other {
            swapped_n += 1;
            let note = format!("{other} said: \"{text}\"");
            let f = quotes::check(&index, &note);
            if f.iter().any(|f| f.code == Code::QuoteMisattributed) {
                flagged += 1;
            }
        }
    }
    // One word changed in the middle of a quote of six words or more.
    let (mut altered, mut altered_n) = (0usize, 0usize);
    for (text, surname) in &cases {
        let words: Vec<&str> = text.split_whitespace().collect();
        if words.len() < 6 {
            continue;
        }
        let mid = words.len() / 2;
        let mut changed = words.clone();
        changed[mid] = "somewhat";
        if words[mid].eq_ignore_ascii_case("somewhat") {
            continue;
        }
        altered_n += 1;
        let note = format!("{surname} said: \"{}\"", changed.join(" "));
        let f = quotes::check(&index, &note);
        if f.iter().any(|f| {
            f.code == Code::QuoteAltered && f.message.contains("somewhat") && f.fixes.len() == 1
        }) {
            altered += 1;
        } else if altered + 5 > altered_n {
            println!(
                "NOT ALTERED: {note}: {:?}",
                f.iter().map(|f| f.code).collect::<Vec<_>>()
            );
        }
    }
    let altered_acc = altered as f64 / altered_n as f64;
    println!("one word changed: {altered}/{altered_n} flagged as altered = {altered_acc:.3}");
    assert!(altered_acc >= FLOOR_ALTERED);
    let clean_acc = clean as f64 / cases.len() as f64;
    let swapped_acc = flagged as f64 / swapped_n as f64;
    println!(
        "quoted back with the source's speaker: {clean}/{} pass = {clean_acc:.3}",
        cases.len()
    );
    println!("given to another speaker: {flagged}/{swapped_n} flagged = {swapped_acc:.3}");
    assert!(clean_acc >= FLOOR_CLEAN && swapped_acc >= FLOOR_SWAPPED);
}
