//! Figure-check timings on the BBC corpus: index build, a whole 1,000-line
//! note, and a re-check after a one-line edit. Prints, never asserts.
//!
//! `cargo bench --bench figures` (corpus: `$GROUNDED_BBC`, else
//! `/work/shared/corpora/bbc`, else the `shared/corpora/bbc` folder beside
//! the crate; skipped with a message when none is there).

#[path = "support/perturb.rs"]
mod perturb;

use std::path::PathBuf;
use std::time::Instant;

use grounded::config::Config;
use grounded::corpus::{Corpus, CorpusSource};
use grounded::{figures, Code, Index};

fn corpus_dir() -> Option<PathBuf> {
    let manifest = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    std::env::var_os("GROUNDED_BBC")
        .map(PathBuf::from)
        .into_iter()
        .chain([
            PathBuf::from("/work/shared/corpora/bbc"),
            manifest.join("../shared/corpora/bbc"),
        ])
        .find(|p| p.is_dir())
}

/// A 1,000-line note: BBC sentences with figures, every seventh perturbed.
fn build_note(ix: &Index, lines: usize) -> Vec<String> {
    let mut out = Vec::with_capacity(lines);
    'outer: for a in &ix.corpus.articles {
        for s in a.sentences.iter().skip(1) {
            let t = a.text(s.span());
            if t.len() < 40 || !t.bytes().any(|b| b.is_ascii_digit()) || !t.ends_with('.') {
                continue;
            }
            let k = out.len();
            out.push(if k % 7 == 3 {
                perturb::perturb(t, k)
            } else {
                t.to_string()
            });
            if out.len() == lines {
                break 'outer;
            }
        }
    }
    out
}

/// CPU seconds this process has used (Linux `/proc/self/stat`; clock ticks
/// of 10 ms), less sensitive than wall time to a loaded machine.
fn cpu_seconds() -> Option<f64> {
    let stat = std::fs::read_to_string("/proc/self/stat").ok()?;
    let rest = &stat[stat.rfind(')')? + 2..];
    let f: Vec<&str> = rest.split_whitespace().collect();
    let ticks: f64 = f.get(11)?.parse::<f64>().ok()? + f.get(12)?.parse::<f64>().ok()?;
    Some(ticks / 100.0)
}

fn main() {
    let Some(dir) = corpus_dir() else {
        println!("figures bench: skipped (no BBC corpus found; set GROUNDED_BBC)");
        return;
    };
    let t = Instant::now();
    let (corpus, report) = Corpus::load(&CorpusSource::Paths(vec![dir.clone()]));
    let load = t.elapsed();
    let t = Instant::now();
    let ix = Index::build(corpus, &Config::default());
    let build = t.elapsed();
    println!(
        "corpus {}: {} ({} bytes) loaded in {load:.2?}",
        dir.display(),
        report,
        ix.corpus.text_bytes()
    );
    println!(
        "index build (all analyses): {build:.2?}; {} source figures in {} sentences",
        ix.figures.len(),
        ix.figures.sentence_count()
    );
    let t = Instant::now();
    let fi = figures::FigureIndex::build(&ix.corpus);
    println!(
        "figure index build alone: {:.2?} ({} figures)",
        t.elapsed(),
        fi.len()
    );

    let mut lines = build_note(&ix, 1000);
    // A bullet list: each line is its own block, as in a writer's notes.
    let note = lines.iter().map(|l| format!("- {l}\n")).collect::<String>();
    let runs: usize = std::env::var("FIGURES_BENCH_RUNS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(5);
    let mut best = f64::MAX;
    let mut findings = Vec::new();
    for _ in 0..runs {
        let t = Instant::now();
        findings = figures::check(&ix, &note);
        best = best.min(t.elapsed().as_secs_f64());
    }
    if let Some(c0) = cpu_seconds() {
        let n = 20;
        for _ in 0..n {
            figures::check(&ix, &note);
        }
        if let Some(c1) = cpu_seconds() {
            println!(
                "whole-note check, CPU time: {:.1} ms per check (mean of {n})",
                (c1 - c0) / f64::from(n) * 1e3
            );
        }
    }
    let count = |c: Code| findings.iter().filter(|f| f.code == c).count();
    let figs = figures::assess_note(&ix, &note).len();
    println!(
        "whole-note check: {} lines, {} bytes, {figs} figures: {:.2} ms (best of {runs}); \
         {} contradicted, {} sources differ",
        lines.len(),
        note.len(),
        best * 1e3,
        count(Code::FigureContradicted),
        count(Code::FigureSourcesDiffer)
    );
    // Where the contradictions fall: on perturbed lines (caught) or not.
    let mut starts = Vec::with_capacity(lines.len());
    let mut at = 0;
    for l in &lines {
        starts.push(at);
        at += l.len() + 3;
    }
    let line_of = |off: usize| starts.partition_point(|s| *s <= off) - 1;
    let mut flagged = vec![false; lines.len()];
    for f in findings
        .iter()
        .filter(|f| f.code == Code::FigureContradicted)
    {
        flagged[line_of(f.range.start)] = true;
    }
    let perturbed = (0..lines.len()).filter(|k| k % 7 == 3).count();
    let caught = (0..lines.len())
        .filter(|k| k % 7 == 3 && flagged[*k])
        .count();
    let alarms = (0..lines.len())
        .filter(|k| k % 7 != 3 && flagged[*k])
        .count();
    println!(
        "  perturbed lines flagged: {caught}/{perturbed}; untouched lines flagged: {alarms}/{}",
        lines.len() - perturbed
    );
    if std::env::var_os("FIGURES_BENCH_VERBOSE").is_some() {
        for f in findings
            .iter()
            .filter(|f| f.code == Code::FigureContradicted)
        {
            let k = line_of(f.range.start);
            if k % 7 != 3 {
                println!("  alarm on line {k}: {} | {}", lines[k], f.message);
            }
        }
        for k in (0..lines.len()).filter(|k| k % 7 == 3 && !flagged[*k]) {
            println!("  not flagged, line {k}: {}", lines[k]);
        }
    }
    // One-line edit: perturb line 500 and re-check, from scratch and with
    // the cache an editor session keeps.
    lines[500] = perturb::perturb(&lines[500], 1);
    let edited = lines.iter().map(|l| format!("- {l}\n")).collect::<String>();
    let mut best = f64::MAX;
    for _ in 0..runs {
        let t = Instant::now();
        findings = figures::check(&ix, &edited);
        best = best.min(t.elapsed().as_secs_f64());
    }
    println!(
        "re-check after a one-line edit, uncached: {:.2} ms (best of {runs}); {} findings",
        best * 1e3,
        findings.len()
    );
    let mut best = f64::MAX;
    let mut cached = Vec::new();
    for _ in 0..runs {
        let mut cache = figures::FigureCache::new();
        figures::check_cached(&ix, &note, &mut cache);
        let t = Instant::now();
        cached = figures::check_cached(&ix, &edited, &mut cache);
        best = best.min(t.elapsed().as_secs_f64());
    }
    println!(
        "re-check after a one-line edit, with FigureCache: {:.2} ms (best of {runs}); same findings: {}",
        best * 1e3,
        cached == findings
    );
    let t = Instant::now();
    let d = figures::audit(&ix);
    println!("audit: {} disagreements in {:.2?}", d.len(), t.elapsed());
}
