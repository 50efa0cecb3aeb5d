//! Entity index build time on the BBC corpus, and hover latency
//! (`mention_at` + `card`) over 1,000 positions. Prints figures; never
//! asserts times. Run: `cargo bench --bench entities`.

use std::path::Path;
use std::time::{Duration, Instant};

use grounded::config::Config;
use grounded::corpus::{Corpus, CorpusSource};
use grounded::entities::card;
use grounded::Index;

const BBC: &str = "/work/shared/corpora/bbc";

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    let i = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[i]
}

fn main() {
    let root = Path::new(BBC);
    if !root.is_dir() {
        println!("entities bench: {BBC} not found; skipped");
        return;
    }
    let t = Instant::now();
    let (corpus, report) = Corpus::load(&CorpusSource::Paths(vec![root.to_path_buf()]));
    let load = t.elapsed();
    let articles = corpus.len();
    let bytes = corpus.text_bytes();
    let t = Instant::now();
    let index = Index::build(corpus, &Config::default());
    let build = t.elapsed();
    let ents = &index.entities;
    let mentions: usize = ents.entities().iter().map(|e| e.mentions.len()).sum();
    println!(
        "corpus: {articles} articles, {:.1} MB ({} skipped); load {:.0} ms",
        bytes as f64 / 1e6,
        report.skipped.len(),
        load.as_secs_f64() * 1e3
    );
    println!(
        "index build (Index::build, entities included): {:.0} ms; {} entities, {} mentions",
        build.as_secs_f64() * 1e3,
        ents.entities().len(),
        mentions
    );

    // A note made of corpus sentences: hover positions land on names and on
    // ordinary words alike.
    let mut note = String::new();
    for a in index.corpus.articles.iter().step_by(25).take(40) {
        for s in a.sentences.iter().skip(2).take(3) {
            note.push_str(&a.folded.text[s.span()]);
            note.push(' ');
        }
        note.push_str("\n\n");
    }
    let boundaries: Vec<usize> = note.char_indices().map(|(i, _)| i).collect();
    let mut state = 0x2545F4914F6CDD1Du64;
    let mut times = Vec::with_capacity(1000);
    let mut hits = 0;
    let mut slowest = (Duration::ZERO, 0, None);
    for _ in 0..1000 {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        let offset = boundaries[(state % boundaries.len() as u64) as usize];
        let t = Instant::now();
        let m = ents.mention_at(&note, offset);
        let c = m.as_ref().map(|m| card(&index, m.entity));
        let took = t.elapsed();
        if took > slowest.0 {
            slowest = (took, offset, m.as_ref().map(|m| m.entity));
        }
        times.push(took);
        if let Some(c) = c {
            hits += 1;
            std::hint::black_box(c);
        }
    }
    times.sort();
    println!(
        "hover (mention_at + card) over 1000 positions in a {} KB note, {hits} on entities: median {:.1} µs, p99 {:.1} µs, max {:.1} µs",
        note.len() / 1024,
        percentile(&times, 0.5).as_secs_f64() * 1e6,
        percentile(&times, 0.99).as_secs_f64() * 1e6,
        times.last().unwrap().as_secs_f64() * 1e6
    );
    println!(
        "slowest hover: {:.1} µs at offset {} ({})",
        slowest.0.as_secs_f64() * 1e6,
        slowest.1,
        slowest
            .2
            .and_then(|e| ents.get(e))
            .map_or("no entity".to_string(), |e| format!(
                "{}, {} mentions",
                e.name,
                e.mentions.len()
            ))
    );
    let t = Instant::now();
    let all = ents.mentions_in(&note);
    println!(
        "mentions_in over the whole note: {} mentions in {:.2} ms",
        all.len(),
        t.elapsed().as_secs_f64() * 1e3
    );
}
