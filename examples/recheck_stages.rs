//! Times a check of the suite's 1,000-line note and its re-check after a
//! one-line edit, and each stage of a check:
//! `cargo run --release --example recheck_stages -- CORPUS [RUNS] [WRITE_NOTE_TO]`.
//!
//! The note and the edit are the ones `cargo bench --bench suite` uses. Under
//! `valgrind --tool=callgrind --toggle-collect='*edit_recheck*'` only the
//! re-checks are counted (and `--toggle-collect='*scratch_check*'` the checks
//! from scratch), which is steadier than wall time on a busy machine.

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
use grounded::index::Index;
use grounded::{Cancel, CheckOutcome, NoteCache};

/// The allocator the programs run with, so figures match theirs.
#[global_allocator]
static ALLOCATOR: grounded::allocator::Allocator = grounded::allocator::Allocator;

#[inline(never)]
fn scratch_check(index: &Index, text: &str) -> CheckOutcome {
    grounded::check::check_detailed(index, text)
}

#[inline(never)]
fn first_check(index: &Index, text: &str, cache: &mut NoteCache) -> CheckOutcome {
    grounded::check_incremental(index, text, cache, Cancel::NEVER).expect("never cancelled")
}

#[inline(never)]
fn edit_recheck(index: &Index, text: &str, cache: &mut NoteCache) -> CheckOutcome {
    grounded::check_incremental(index, text, cache, Cancel::NEVER).expect("never cancelled")
}

fn best<T>(runs: usize, mut f: impl FnMut() -> T) -> (Duration, T) {
    let mut out = None;
    let mut best = Duration::MAX;
    for _ in 0..runs {
        let t = Instant::now();
        let o = f();
        best = best.min(t.elapsed());
        out = Some(o);
    }
    (best, out.expect("at least one run"))
}

fn ms(d: Duration) -> String {
    format!("{:8.2} ms", d.as_secs_f64() * 1e3)
}

fn main() {
    grounded::allocator::tune();
    let mut args = std::env::args().skip(1);
    let corpus = args.next().unwrap_or_else(|| "seeds".into());
    let runs: usize = args.next().map_or(5, |r| r.parse().expect("RUNS"));
    let write_to = args.next();
    // Large corpora come from the index cache (`$GROUNDED_CACHE_DIR`, made
    // by `grounded index`) as in the server; small ones are built.
    let source = CorpusSource::Paths(vec![corpus.into()]);
    let settings = CacheSettings::default();
    let index =
        grounded::cache::load_index(&source, &Config::default(), &settings, &mut |_, _| {}).index;
    let note = note::build(&index, 1000);
    let text = &note.text;
    // The suite's edit: one line in the middle gets another figure.
    let mut lines: Vec<&str> = text.lines().collect();
    let middle = lines.len() / 2 + 2;
    let edited_line = note::perturb(lines[middle], 1);
    lines[middle] = &edited_line;
    let edited = lines.join("\n") + "\n";
    if let Some(path) = write_to {
        std::fs::write(&path, text).expect("write the note");
        std::fs::write(format!("{path}.edited"), &edited).expect("write the edited note");
    }
    println!(
        "note: {} lines, {} KB, {} quotes, {} figures changed; best of {runs}",
        note.lines,
        text.len() / 1024,
        note.quotes,
        note.perturbed
    );

    let (d, scratch) = best(runs, || scratch_check(&index, &edited));
    println!(
        "check from scratch        {}  {} findings",
        ms(d),
        scratch.findings.len()
    );
    let mut same = true;
    let recheck = (0..runs)
        .map(|_| {
            let mut cache = NoteCache::new();
            first_check(&index, text, &mut cache);
            let t = Instant::now();
            let again = edit_recheck(&index, &edited, &mut cache);
            let d = t.elapsed();
            same &= again == scratch;
            d
        })
        .min()
        .unwrap_or_default();
    println!(
        "re-check after an edit    {}  same findings: {same}",
        ms(recheck)
    );

    // Stages of a check, each on its own.
    let (d, parsed) = best(runs, || grounded::note::Note::parse(&edited));
    println!("  parse the note          {}", ms(d));
    let (d, quotes) = best(runs, || grounded::quotes::quotes_of(&edited, &parsed));
    println!(
        "  quotes of the note      {}  {} quotes",
        ms(d),
        quotes.len()
    );
    let (d, _) = best(runs, || grounded::suppress::Suppressions::parse(&edited));
    println!("  suppressions            {}", ms(d));
}
