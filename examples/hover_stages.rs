//! Times the entity half of a hover on the suite's 1,000-line note, part by
//! part (`mention_at`, then `card`), and lists the slowest cards with their
//! entity's size: `cargo run --release --example hover_stages -- CORPUS`.
//! Large corpora come from the index cache (`$GROUNDED_CACHE_DIR`, made by
//! `grounded index`), as in the server.

#[path = "../benches/support/note.rs"]
mod note;
#[path = "../benches/support/perturb.rs"]
mod perturb;
#[path = "../benches/support/quote_samples.rs"]
#[allow(dead_code)] // fields the quote benches read
mod quote_samples;

use std::time::{Duration, Instant};

use grounded::cache::CacheSettings;
use grounded::config::Config;
use grounded::corpus::CorpusSource;

#[global_allocator]
static ALLOCATOR: grounded::allocator::Allocator = grounded::allocator::Allocator;

fn median_p99(mut v: Vec<Duration>) -> String {
    v.sort();
    let at = |q: f64| v.get(((v.len() as f64 - 1.0) * q) as usize).copied();
    let ms = |d: Option<Duration>| d.map_or(f64::NAN, |d| d.as_secs_f64() * 1e3);
    format!("median {:.3} ms, p99 {:.3} ms", ms(at(0.5)), ms(at(0.99)))
}

fn main() {
    grounded::allocator::tune();
    let corpus = std::env::args().nth(1).unwrap_or_else(|| "seeds".into());
    let source = CorpusSource::Paths(vec![corpus.into()]);
    let index = grounded::cache::load_index(
        &source,
        &Config::default(),
        &CacheSettings::default(),
        &mut |_, _| {},
    )
    .index;
    let note = note::build(&index, 1000);
    let text = &note.text;
    // Every name in the note, hovered three times over (the first time
    // warms what the later ones find).
    let starts: Vec<usize> = index
        .entities
        .mentions_in(text)
        .iter()
        .map(|m| m.range.start + 1)
        .collect();
    // The whole note's names, as a check finds them.
    let scans: Vec<Duration> = (0..20)
        .map(|_| {
            let t = Instant::now();
            std::hint::black_box(index.entities.mentions_in(text));
            t.elapsed()
        })
        .collect();
    println!("mentions_in {} (the whole note)", median_p99(scans));
    let (mut finds, mut cards) = (Vec::new(), Vec::new());
    let mut slowest: Vec<(Duration, usize)> = Vec::new();
    for _ in 0..3 {
        for &at in &starts {
            let t = Instant::now();
            let Some(m) = index.entities.mention_at(text, at) else {
                continue;
            };
            finds.push(t.elapsed());
            let t = Instant::now();
            std::hint::black_box(grounded::entities::card(&index, m.entity));
            let d = t.elapsed();
            cards.push(d);
            slowest.push((d, m.entity));
        }
    }
    println!(
        "{} names in a note of {} lines, each hovered 3 times",
        starts.len(),
        note.lines
    );
    println!("mention_at  {}", median_p99(finds));
    println!("card        {}", median_p99(cards));
    slowest.sort_by_key(|s| std::cmp::Reverse(s.0));
    slowest.dedup_by_key(|s| s.1);
    for (d, e) in slowest.iter().take(8) {
        let e = index.entities.get(*e).expect("a found entity");
        println!(
            "{:8.3} ms  {} ({} mentions, {} descriptions, {} aliases)",
            d.as_secs_f64() * 1e3,
            e.name,
            e.mentions.len(),
            e.descriptions.len(),
            e.aliases.len()
        );
    }
}
