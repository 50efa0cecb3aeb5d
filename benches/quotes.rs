//! Quote index benchmark on the BBC corpus: index build time, then `locate`
//! for 100 quotes sampled from the corpus (every third altered by a word),
//! next to `rg -F` looking for the same quotes. Prints figures, asserts
//! nothing. Run: `cargo bench --bench quotes`.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use grounded::corpus::{Corpus, CorpusSource};
use grounded::quotes::MatchKind;

const SAMPLES: usize = 100;

/// A small deterministic generator (no dependency needed for sampling).
struct Lcg(u64);

impl Lcg {
    fn next(&mut self, n: usize) -> usize {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        ((self.0 >> 33) % n as u64) as usize
    }
}

struct Sample {
    article: usize,
    /// Folded words, what a note's quote would give `locate`.
    folded: String,
    /// The article's own bytes, for `rg -F`.
    raw: String,
    altered: bool,
}

fn words_of(text: &str) -> Vec<(usize, usize)> {
    grounded::quotes::words::words(text)
        .into_iter()
        .map(|w| (w.span.start, w.span.end))
        .collect()
}

fn sample(corpus: &Corpus) -> Vec<Sample> {
    let mut rng = Lcg(20_241_014);
    let mut out = Vec::new();
    while out.len() < SAMPLES {
        let ai = rng.next(corpus.len());
        let a = &corpus.articles[ai];
        if a.paragraphs.len() < 2 {
            continue;
        }
        let p = a.paragraphs[1 + rng.next(a.paragraphs.len() - 1)].clone();
        let text = &a.folded.text[p.clone()];
        let ws = words_of(text);
        let len = 6 + rng.next(7);
        if ws.len() < len + 2 {
            continue;
        }
        let s = rng.next(ws.len() - len);
        let span = p.start + ws[s].0..p.start + ws[s + len - 1].1;
        let mut folded = a.folded.text[span.clone()].to_string();
        let mut raw = a.raw[a.original(span)].to_string();
        let altered = out.len() % 3 == 2;
        if altered {
            // Replace a middle word by another word.
            let (ws0, ws1) = ws[s + len / 2];
            let (from, to) = (ws0 - ws[s].0, ws1 - ws[s].0);
            let word = folded[from..to].to_string();
            folded.replace_range(from..to, "somewhat");
            raw = raw.replacen(&word, "somewhat", 1);
        }
        out.push(Sample {
            article: ai,
            folded,
            raw,
            altered,
        });
    }
    out
}

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
    let quotes: usize = index.quotations.iter().map(Vec::len).sum();
    println!(
        "quote index build: {:.0} ms ({} words in the vocabulary, {} attributed quotations)",
        build.as_secs_f64() * 1e3,
        index.vocabulary(),
        quotes
    );

    let samples = sample(corpus);
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
    rg_compare(&root, &samples, best);
}

fn rg_compare(root: &Path, samples: &[Sample], ours: Duration) {
    if Command::new("rg").arg("--version").output().is_err() {
        println!("rg not installed: skipping the comparison with `rg -F`");
        return;
    }
    // One search per quote, as an editor would run them.
    let t = Instant::now();
    let mut hits = 0;
    for s in samples {
        let out = Command::new("rg")
            .args(["-F", "-l", "--no-messages", "--"])
            .arg(&s.raw)
            .arg(root)
            .output()
            .expect("rg runs");
        hits += usize::from(!out.stdout.is_empty());
    }
    let each = t.elapsed();
    // All quotes in one search (`-f`), the fastest exact search can be.
    let list = std::env::temp_dir().join(format!("grounded-bench-{}.txt", std::process::id()));
    let patterns: Vec<&str> = samples.iter().map(|s| s.raw.as_str()).collect();
    std::fs::write(&list, patterns.join("\n")).expect("temp file");
    let t = Instant::now();
    let _ = Command::new("rg")
        .args(["-F", "-c", "--no-messages", "-f"])
        .arg(&list)
        .arg(root)
        .output();
    let once = t.elapsed();
    let _ = std::fs::remove_file(&list);
    println!(
        "rg -F, one run a quote: {:.1} ms for {} quotes (found {}: altered quotes are not found by exact search)",
        each.as_secs_f64() * 1e3,
        samples.len(),
        hits
    );
    println!(
        "rg -F -f, all quotes in one run: {:.1} ms",
        once.as_secs_f64() * 1e3
    );
    println!(
        "locate is {:.0}x faster than rg -F run once a quote, {:.1}x faster than one rg -F -f run",
        each.as_secs_f64() / ours.as_secs_f64(),
        once.as_secs_f64() / ours.as_secs_f64()
    );
}
