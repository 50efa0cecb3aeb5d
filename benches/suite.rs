//! `cargo bench --bench suite`: grounded at scale, printed as a table; it
//! never asserts a time.
//!
//! For the seed articles, the BBC corpus and (with `GROUNDED_BENCH_BIG=1`) a
//! synthetic corpus 100 times the BBC corpus (`benches/support/synth.rs`,
//! generated once under the target folder; `GROUNDED_BENCH_SCALE=N` for
//! another size): index build time and peak RSS, each measured in a fresh
//! process; a check of a 1,000-line note and its re-check after a one-line
//! edit; hover and definition latency (median, p99 over 1,000 requests) in
//! process and over stdio through the real `grounded server`; 100 quotes
//! located by grounded and by `rg -F`; and time from `didOpen` of the same
//! note to the first `publishDiagnostics` for grounded and `harper-ls`.
//!
//! The BBC corpus is `$GROUNDED_BBC`, else `../shared/corpora/bbc` beside
//! the crate, else `/work/shared/corpora/bbc`.

#[path = "support/lsp.rs"]
mod lsp;
#[path = "support/note.rs"]
mod note;
#[path = "support/perturb.rs"]
mod perturb;
#[path = "support/proc_status.rs"]
mod proc_status;
#[path = "support/quote_samples.rs"]
mod quote_samples;
use proc_status::status_kb;
#[path = "support/synth.rs"]
mod synth;

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use grounded::config::Config;
use grounded::corpus::CorpusSource;
use grounded::quotes::QuoteCache;
use grounded::{figures, Cancel, Index, NoteCache};
use serde_json::{json, Value};

use lsp::Lsp;

const REQUESTS: usize = 1000;
const NOTE_LINES: usize = 1000;
/// Opens of the note (under different names) for the first-diagnostics rows.
const OPENS: usize = 5;
const LONG: Duration = Duration::from_secs(1800);
const SHORT: Duration = Duration::from_secs(60);

/// The table printed at the end (and row by row as figures come in).
#[derive(Default)]
struct Table(Vec<[String; 4]>);

impl Table {
    fn row(&mut self, corpus: &str, what: &str, figure: String, aim: &str) {
        println!("  {corpus:<10} {what:<58} {figure}");
        self.0
            .push([corpus.into(), what.into(), figure, aim.into()]);
    }

    fn print(&self) {
        println!("\n| corpus | what | figure | aim |\n|---|---|---|---|");
        for [c, w, f, a] in &self.0 {
            println!("| {c} | {w} | {f} | {a} |");
        }
    }
}

struct Corpus {
    name: String,
    path: PathBuf,
    disk: u64,
    /// Whether the analyses are benchmarked on it (not only built).
    analysed: bool,
}

fn ms(d: Duration) -> String {
    let ms = d.as_secs_f64() * 1e3;
    if ms >= 100.0 {
        format!("{ms:.0} ms")
    } else if ms >= 1.0 {
        format!("{ms:.1} ms")
    } else {
        format!("{:.0} µs", ms * 1e3)
    }
}

fn mb(bytes: u64) -> String {
    format!("{:.1} MB", bytes as f64 / 1e6)
}

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    if sorted.is_empty() {
        return Duration::ZERO;
    }
    sorted[((sorted.len() as f64 - 1.0) * p).round() as usize]
}

fn median_p99(mut times: Vec<Duration>) -> String {
    times.sort();
    format!(
        "median {}, p99 {}, max {}",
        ms(percentile(&times, 0.5)),
        ms(percentile(&times, 0.99)),
        ms(times.last().copied().unwrap_or_default())
    )
}

/// The child side of the peak-RSS measurement: loads and indexes one
/// corpus in a fresh process and prints what it cost.
fn index_child(path: &str) {
    let base = status_kb("VmHWM:").unwrap_or(0);
    let t = Instant::now();
    let (corpus, _) = grounded::corpus::Corpus::load(&CorpusSource::Paths(vec![path.into()]));
    let load = t.elapsed();
    let articles = corpus.len();
    let t = Instant::now();
    let index = Index::build(corpus, &Config::default());
    let build = t.elapsed();
    let hwm = status_kb("VmHWM:").unwrap_or(0);
    std::hint::black_box(&index);
    println!(
        "{}",
        json!({"articles": articles, "load_ms": load.as_secs_f64() * 1e3,
               "build_ms": build.as_secs_f64() * 1e3, "hwm_kb": hwm, "base_kb": base})
    );
}

/// The child side of the peak-RSS measurement of an index build as grounded
/// runs it for a corpus of 2,000 files or more (with `mode` "always" or
/// "never", a cache folder that is fresh): built, saved to the cache (or
/// with "never", a scratch file) and then served from that file.
fn cached_index_child(path: &str, mode: &str) {
    let folder = tempfile::tempdir().expect("a temporary folder");
    let settings = grounded::cache::CacheSettings {
        mode: if mode == "never" {
            grounded::config::CacheMode::Never
        } else {
            grounded::config::CacheMode::Always
        },
        dir: Some(folder.path().to_path_buf()),
    };
    let t = Instant::now();
    let loaded = grounded::cache::load_index(
        &CorpusSource::Paths(vec![path.into()]),
        &Config::default(),
        &settings,
        &mut |_, _| {},
    );
    let took = t.elapsed();
    let hwm = status_kb("VmHWM:").unwrap_or(0);
    let anon = status_kb("RssAnon:").unwrap_or(0);
    std::hint::black_box(&loaded.index);
    let saved = matches!(loaded.cache.used, grounded::cache::CacheUse::Saved { .. });
    println!(
        "{}",
        json!({"ms": took.as_secs_f64() * 1e3, "hwm_kb": hwm, "anon_kb": anon,
               "built": saved || (mode == "never" && loaded.cache.warning.is_none())})
    );
}

fn bbc_dir() -> Option<PathBuf> {
    let manifest = Path::new(env!("CARGO_MANIFEST_DIR"));
    std::env::var_os("GROUNDED_BBC")
        .map(PathBuf::from)
        .into_iter()
        .chain([
            manifest.join("../shared/corpora/bbc"),
            PathBuf::from("/work/shared/corpora/bbc"),
        ])
        .find(|p| p.is_dir())
}

fn corpora(table: &mut Table) -> Vec<Corpus> {
    let seeds = Path::new(env!("CARGO_MANIFEST_DIR")).join("seeds");
    let mut out = vec![Corpus {
        name: "seeds".into(),
        disk: synth::disk_bytes(&seeds),
        path: seeds,
        analysed: false,
    }];
    let Some(bbc) = bbc_dir() else {
        println!("no BBC corpus (set GROUNDED_BBC): only the seeds are measured");
        return out;
    };
    out.push(Corpus {
        name: "BBC".into(),
        disk: synth::disk_bytes(&bbc),
        path: bbc.clone(),
        analysed: true,
    });
    let scale: u32 = std::env::var("GROUNDED_BENCH_SCALE")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(100);
    if std::env::var_os("GROUNDED_BENCH_BIG").is_none_or(|v| v != "1") {
        println!(
            "the {scale}× synthetic corpus is skipped (a run takes tens of minutes on 2 cores): \
             GROUNDED_BENCH_BIG=1 cargo bench --bench suite"
        );
        return out;
    }
    let dir = synth::generated_root().join(format!("bbc-x{scale}"));
    let t = Instant::now();
    match synth::ensure(&bbc, &dir, scale) {
        Ok(made) => {
            let name = format!("BBC×{scale}");
            let what = if made { "generated" } else { "reused" };
            table.row(
                &name,
                &format!("synthetic corpus {what} ({})", dir.display()),
                ms(t.elapsed()),
                "",
            );
            out.push(Corpus {
                name,
                disk: synth::disk_bytes(&dir),
                path: dir,
                analysed: true,
            });
        }
        Err(e) => println!("cannot generate {}: {e}", dir.display()),
    }
    out
}

/// Index build and peak RSS in a fresh process for one corpus.
fn build_rows(table: &mut Table, c: &Corpus) {
    let exe = std::env::current_exe().expect("the bench's own path");
    let out = Command::new(exe).arg("--index-child").arg(&c.path).output();
    let parsed = out
        .ok()
        .and_then(|o| serde_json::from_slice::<Value>(&o.stdout).ok());
    let Some(v) = parsed else {
        println!("{}: the indexing child failed", c.name);
        return;
    };
    let f = |k: &str| v[k].as_f64().unwrap_or(0.0);
    table.row(
        &c.name,
        "corpus on disk",
        format!("{}, {} articles", mb(c.disk), f("articles")),
        "",
    );
    table.row(
        &c.name,
        "corpus load (read, fold, segment)",
        format!("{:.0} ms", f("load_ms")),
        "",
    );
    table.row(
        &c.name,
        "index build, all analyses",
        format!("{:.0} ms", f("build_ms")),
        "",
    );
    let hwm = f("hwm_kb") * 1024.0;
    table.row(
        &c.name,
        "peak RSS after indexing in the heap (VmHWM, fresh process)",
        format!(
            "{} ({:.1}× the corpus; {} before loading)",
            mb(hwm as u64),
            hwm / c.disk.max(1) as f64,
            mb((f("base_kb") * 1024.0) as u64)
        ),
        "< 3× corpus",
    );
    let ways = [
        (
            "always",
            "load, index, save to the cache, serve from it (as for 2,000+ files)",
        ),
        (
            "never",
            "--no-cache: load, index (2,000+ files: through a scratch file)",
        ),
    ];
    for (mode, what) in ways {
        let out = Command::new(std::env::current_exe().expect("the bench's own path"))
            .args(["--cached-index-child", mode])
            .arg(&c.path)
            .output();
        let parsed = out
            .ok()
            .and_then(|o| serde_json::from_slice::<Value>(&o.stdout).ok());
        let Some(v) = parsed.filter(|v| v["built"].as_bool() == Some(true)) else {
            println!("{}: the indexing child (cache {mode}) failed", c.name);
            continue;
        };
        let f = |k: &str| v[k].as_f64().unwrap_or(0.0);
        let hwm = f("hwm_kb") * 1024.0;
        table.row(
            &c.name,
            what,
            format!(
                "{:.0} ms; peak RSS {} ({:.1}× the corpus), then {} of heap",
                f("ms"),
                mb(hwm as u64),
                hwm / c.disk.max(1) as f64,
                mb((f("anon_kb") * 1024.0) as u64)
            ),
            "< 3× corpus",
        );
    }
}

/// Byte offsets a user would hover: names, figures, quotations and
/// anywhere, in equal shares.
fn positions(index: &Index, text: &str) -> Vec<usize> {
    let mentions: Vec<usize> = index
        .entities
        .mentions_in(text)
        .iter()
        .map(|m| m.range.start + 1)
        .collect();
    let b = text.as_bytes();
    let figures: Vec<usize> = (1..b.len())
        .filter(|&i| b[i].is_ascii_digit() && !b[i - 1].is_ascii_digit())
        .collect();
    let quotes: Vec<usize> = grounded::quotes::note_quotes(text)
        .iter()
        .map(|q| (q.range.start + q.range.end) / 2)
        .collect();
    let mut rng = synth::SplitMix::new(1000);
    let mut out = Vec::with_capacity(REQUESTS);
    while out.len() < REQUESTS {
        let pool = match rng.below(4) {
            0 => &mentions,
            1 => &figures,
            2 => &quotes,
            _ => &Vec::new(),
        };
        let mut at = if pool.is_empty() {
            rng.below(text.len())
        } else {
            pool[rng.below(pool.len())]
        };
        while !text.is_char_boundary(at) {
            at -= 1;
        }
        out.push(at);
    }
    out
}

/// What the server's definition does: a quote's sources, else an entity's
/// best mention.
fn definition(index: &Index, text: &str, at: usize, cache: &QuoteCache) -> Option<usize> {
    if let Some((_, matches)) = grounded::quotes::quote_at_cached(index, text, at, cache) {
        return Some(matches.len());
    }
    let m = index.entities.mention_at(text, at)?;
    index.entities.best_mention(m.entity).map(|b| b.article())
}

fn timed<T>(f: impl FnOnce() -> T) -> (Duration, T) {
    let t = Instant::now();
    let out = f();
    (t.elapsed(), out)
}

fn best_of<T>(runs: usize, mut f: impl FnMut() -> T) -> (Duration, T) {
    let (mut best, mut out) = timed(&mut f);
    for _ in 1..runs {
        let (d, o) = timed(&mut f);
        if d < best {
            (best, out) = (d, o);
        }
    }
    (best, out)
}

/// Check, re-check, hover, definition and quote location in process.
fn in_process_rows(table: &mut Table, c: &Corpus, index: &Index, note: &note::Note) {
    let n = &c.name;
    let text = &note.text;
    let (d, findings) = best_of(3, || grounded::check(index, text));
    table.row(
        n,
        &format!(
            "check a {}-line note ({} KB, {} figures changed, {} quotes)",
            note.lines,
            text.len() / 1024,
            note.perturbed,
            note.quotes
        ),
        format!("{} (best of 3), {} findings", ms(d), findings.len()),
        "",
    );
    // ---- re-check after a one-line edit --------------------------------
    // What the server does: `check_incremental` with the note's cache, so
    // only the edited line's sentences and quotes are analysed again.
    let mut lines: Vec<&str> = text.lines().collect();
    let middle = lines.len() / 2 + 2;
    let edited_line = note::perturb(lines[middle], 1);
    lines[middle] = &edited_line;
    let edited = lines.join("\n") + "\n";
    let (d, plain) = best_of(3, || grounded::check(index, &edited));
    table.row(
        n,
        "re-check after a one-line edit, from scratch (`check`)",
        format!("{} (best of 3)", ms(d)),
        "",
    );
    let mut same = true;
    let d = (0..3)
        .map(|_| {
            let mut cache = NoteCache::new();
            let _ = grounded::check_incremental(index, text, &mut cache, Cancel::NEVER);
            let (d, again) =
                timed(|| grounded::check_incremental(index, &edited, &mut cache, Cancel::NEVER));
            same &= again.is_ok_and(|o| o.findings == plain);
            d
        })
        .min()
        .unwrap_or_default();
    table.row(
        n,
        "re-check after a one-line edit, incremental (`check_incremental`)",
        format!(
            "{} (best of 3); same findings as from scratch: {same}",
            ms(d)
        ),
        "< 5 ms",
    );
    // ---- hover and definition --------------------------------------------
    let at = positions(index, text);
    // The server answers from the cache its last check of the note left.
    let mut cache = NoteCache::new();
    let _ = grounded::check_incremental(index, text, &mut cache, Cancel::NEVER);
    // What the server's hover does (`server/features.rs`), in byte offsets:
    // a figure's comparison, else an entity's card; each part timed.
    let (mut hovers, mut figure_parts, mut entity_parts) = (Vec::new(), Vec::new(), Vec::new());
    let mut hits = 0;
    for &p in &at {
        let (fd, figure) = timed(|| {
            figures::figure_at_cached(index, text, p, &mut cache.figures).map(|f| f.markdown)
        });
        let mut total = fd;
        let card = figure.or_else(|| {
            let (ed, card) = timed(|| {
                let m = index.entities.mention_at(text, p)?;
                Some(grounded::entities::card(index, m.entity))
            });
            entity_parts.push(ed);
            total += ed;
            card
        });
        hits += usize::from(card.is_some());
        figure_parts.push(fd);
        hovers.push(total);
    }
    table.row(
        n,
        &format!("hover in process, {REQUESTS} positions ({hits} answered)"),
        median_p99(hovers),
        "p99 < 2 ms",
    );
    table.row(
        n,
        "  of which figures::figure_at_cached",
        median_p99(figure_parts),
        "",
    );
    table.row(
        n,
        &format!(
            "  of which mention_at + card (the {} positions without a figure)",
            entity_parts.len()
        ),
        median_p99(entity_parts),
        "",
    );
    let (mut defs, mut hits) = (Vec::new(), 0);
    for &p in &at {
        let (d, r) = timed(|| definition(index, text, p, &cache.quotes));
        hits += usize::from(r.is_some());
        defs.push(d);
    }
    table.row(
        n,
        &format!("definition in process, {REQUESTS} positions ({hits} answered)"),
        median_p99(defs),
        "p99 < 2 ms",
    );
    quotes_vs_rg(table, c, index);
}

/// grounded locating 100 quotes vs `rg -F` looking for the same quotes.
fn quotes_vs_rg(table: &mut Table, c: &Corpus, index: &Index) {
    let samples = quote_samples::sample(&index.corpus, 100);
    let (ours, found) = best_of(3, || {
        samples
            .iter()
            .filter(|s| {
                index
                    .quotes
                    .locate(&index.corpus, &s.folded)
                    .iter()
                    .any(|m| m.article == s.article)
            })
            .count()
    });
    table.row(
        &c.name,
        &format!(
            "grounded: locate {} quotes ({} altered by a word)",
            samples.len(),
            samples.iter().filter(|s| s.altered).count()
        ),
        format!("{} (best of 3), {found} found", ms(ours)),
        "",
    );
    if Command::new("rg").arg("--version").output().is_err() {
        println!("rg not installed: no comparison with `rg -F`");
        return;
    }
    let (each, hits) = timed(|| {
        samples
            .iter()
            .filter(|s| {
                Command::new("rg")
                    .args(["-F", "-l", "--no-messages", "--"])
                    .arg(&s.raw)
                    .arg(&c.path)
                    .output()
                    .is_ok_and(|o| !o.stdout.is_empty())
            })
            .count()
    });
    table.row(
        &c.name,
        "rg -F, one run a quote",
        format!(
            "{}, {hits} found (exact search misses altered quotes); grounded {:.0}× faster",
            ms(each),
            each.as_secs_f64() / ours.as_secs_f64()
        ),
        "",
    );
    let list = std::env::temp_dir().join(format!("grounded-bench-{}.txt", std::process::id()));
    let patterns: Vec<&str> = samples.iter().map(|s| s.raw.as_str()).collect();
    if std::fs::write(&list, patterns.join("\n")).is_ok() {
        let (once, _) = timed(|| {
            Command::new("rg")
                .args(["-F", "-c", "--no-messages", "-f"])
                .arg(&list)
                .arg(&c.path)
                .output()
        });
        let _ = std::fs::remove_file(&list);
        table.row(
            &c.name,
            "rg -F -f, all quotes in one run",
            format!(
                "{}; grounded {:.1}× faster",
                ms(once),
                once.as_secs_f64() / ours.as_secs_f64()
            ),
            "",
        );
    }
}

/// A scratch folder for the servers (no grounded.toml, no seeds/ in it).
fn workdir() -> PathBuf {
    let dir = std::env::temp_dir().join(format!("grounded-suite-{}", std::process::id()));
    let _ = std::fs::create_dir_all(&dir);
    dir
}

fn grounded_server(work: &Path) -> Option<Lsp> {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_grounded"));
    cmd.arg("server")
        .current_dir(work)
        .env("XDG_CACHE_HOME", work.join(".cache"));
    Lsp::start(&mut cmd).ok()
}

/// harper-ls, set to lint files up to `longest` bytes: by default it skips
/// files over 120,000 bytes and publishes no diagnostics for them at once,
/// which would time nothing.
fn harper_server(longest: usize) -> Option<Lsp> {
    let mut cmd = Command::new("harper-ls");
    cmd.arg("--stdio");
    let settings = json!({"harper-ls": {"maxFileLength": longest.max(120_000)}});
    Lsp::start(&mut cmd)
        .ok()
        .map(|lsp| lsp.with_settings(settings))
}

fn is_uri(uri: &str) -> impl Fn(&Value) -> bool + '_ {
    move |p: &Value| p["uri"] == uri
}

/// Opens the note `OPENS` times under different names, timing each
/// `didOpen` to the first `publishDiagnostics` for it. Returns the times
/// and the first's diagnostic count.
fn first_diagnostics(
    server: &mut Lsp,
    work: &Path,
    language: &str,
    text: &str,
    timeout: Duration,
) -> Option<(Vec<Duration>, usize)> {
    let mut times = Vec::new();
    let mut count = 0;
    for k in 0..OPENS {
        let uri = lsp::file_uri(&work.join(format!("note-{language}-{k}.md")));
        let sent = server.open(&uri, language, text);
        let (at, msg) =
            server.wait_for("textDocument/publishDiagnostics", is_uri(&uri), timeout)?;
        if k == 0 {
            count = msg["params"]["diagnostics"].as_array().map_or(0, Vec::len);
        }
        times.push(at - sent);
    }
    Some((times, count))
}

fn summary(times: &[Duration]) -> String {
    let mut sorted = times.to_vec();
    sorted.sort();
    format!(
        "first {}, median of {} {}",
        ms(times[0]),
        times.len(),
        ms(percentile(&sorted, 0.5))
    )
}

/// grounded over stdio on one corpus: startup to ready, first diagnostics
/// (index built), hover and definition latency, then a cold start with the
/// note opened at once. Returns the warm median first-diagnostics time.
fn stdio_rows(table: &mut Table, c: &Corpus, note: &str, at: &[usize]) -> Option<Duration> {
    let n = &c.name;
    let work = workdir();
    let root = lsp::file_uri(&work);
    let options = json!({"corpus": [c.path]});
    let started = Instant::now();
    let mut server = grounded_server(&work)?;
    server.initialize(&root, options.clone(), LONG)?;
    let ready = |p: &Value| p["state"] == "ready";
    let Some((ready_at, _)) = server.wait_for("grounded/status", ready, LONG) else {
        println!("{n}: grounded server never reported ready");
        return None;
    };
    table.row(
        n,
        "grounded server: start to grounded/status ready",
        ms(ready_at - started),
        "",
    );
    let (times, count) = first_diagnostics(&mut server, &work, "markdown", note, SHORT)?;
    let mut sorted = times.clone();
    sorted.sort();
    let warm = percentile(&sorted, 0.5);
    table.row(
        n,
        "grounded server: didOpen → first publishDiagnostics (indexed)",
        format!("{}; {count} diagnostics", summary(&times)),
        "faster than harper-ls",
    );
    server.forget();
    let uri = lsp::file_uri(&work.join("note-markdown-0.md"));
    for (method, what) in [
        ("textDocument/hover", "hover"),
        ("textDocument/definition", "definition"),
    ] {
        let mut times = Vec::with_capacity(at.len());
        let mut answered = 0;
        for &p in at {
            let params = json!({"textDocument": {"uri": uri}, "position": lsp::position(note, p)});
            let sent = Instant::now();
            let Some((got, resp)) = server.request(method, params, SHORT) else {
                println!("{n}: no answer to {method}");
                return Some(warm);
            };
            answered += usize::from(!resp["result"].is_null());
            times.push(got - sent);
        }
        table.row(
            n,
            &format!(
                "{what} over stdio, {} requests ({answered} answered)",
                at.len()
            ),
            median_p99(times),
            "p99 < 2 ms",
        );
    }
    server.stop();
    // Cold: the note is opened right after `initialized`.
    let started = Instant::now();
    let mut server = grounded_server(&work)?;
    server.initialize(&root, options, LONG)?;
    let uri = lsp::file_uri(&work.join("cold.md"));
    server.open(&uri, "markdown", note);
    if let Some((at, _)) = server.wait_for("textDocument/publishDiagnostics", is_uri(&uri), LONG) {
        table.row(
            n,
            "grounded server: start → first publishDiagnostics (indexing included)",
            ms(at - started),
            "",
        );
    }
    server.stop();
    let _ = std::fs::remove_dir_all(&work);
    Some(warm)
}

/// harper-ls on the same note through the same client.
fn harper_rows(table: &mut Table, note: &str, grounded: &[(String, Duration)]) {
    let work = workdir();
    let started = Instant::now();
    let Some(mut server) = harper_server(note.len()) else {
        println!(
            "harper-ls not found: `cargo install harper-ls` to compare first diagnostics \
             (row skipped)"
        );
        return;
    };
    if server
        .initialize(&lsp::file_uri(&work), Value::Null, SHORT)
        .is_none()
    {
        println!("harper-ls did not answer initialize (row skipped)");
        return;
    }
    let Some((times, count)) = first_diagnostics(&mut server, &work, "markdown", note, LONG) else {
        println!("harper-ls published no diagnostics for the note (row skipped)");
        return;
    };
    let cold = started.elapsed();
    server.stop();
    let _ = std::fs::remove_dir_all(&work);
    let mut sorted = times.clone();
    sorted.sort();
    let median = percentile(&sorted, 0.5);
    table.row(
        "(none)",
        "harper-ls: didOpen → first publishDiagnostics",
        format!("{}; {count} diagnostics", summary(&times)),
        "",
    );
    table.row(
        "(none)",
        &format!("harper-ls: start → {OPENS} notes diagnosed"),
        ms(cold),
        "",
    );
    for (name, ours) in grounded {
        table.row(
            name,
            "first diagnostics, harper-ls ÷ grounded (medians)",
            format!(
                "{:.2} ({} vs {})",
                median.as_secs_f64() / ours.as_secs_f64(),
                ms(median),
                ms(*ours)
            ),
            "> 1",
        );
    }
}

/// The allocator the `grounded` binary uses, so that the peak RSS measured
/// in the child process is the binary's.
#[global_allocator]
static ALLOCATOR: grounded::allocator::Allocator = grounded::allocator::Allocator;

fn main() {
    grounded::allocator::tune();
    let args: Vec<String> = std::env::args().collect();
    match (args.get(1).map(String::as_str), args.get(2), args.get(3)) {
        (Some("--index-child"), Some(path), _) => return index_child(path),
        (Some("--cached-index-child"), Some(mode), Some(path)) => {
            return cached_index_child(path, mode)
        }
        _ => {}
    }
    println!(
        "grounded bench suite ({} cores; figures only, nothing is asserted)",
        std::thread::available_parallelism().map_or(1, |n| n.get())
    );
    let mut table = Table::default();
    let corpora = corpora(&mut table);
    let mut note = None;
    let mut warm = Vec::new();
    for c in &corpora {
        println!("{}: {}", c.name, c.path.display());
        build_rows(&mut table, c);
        if !c.analysed {
            continue;
        }
        let (index, _) = Index::load(
            &CorpusSource::Paths(vec![c.path.clone()]),
            &Config::default(),
        );
        // As the server does once its index is ready.
        grounded::allocator::keep_freed_pages_between_checks();
        // One note for every corpus, made from the first analysed one (the
        // BBC corpus, which the synthetic corpus contains verbatim).
        let note = note.get_or_insert_with(|| note::build(&index, NOTE_LINES));
        in_process_rows(&mut table, c, &index, note);
        let at = positions(&index, &note.text);
        drop(index);
        if let Some(d) = stdio_rows(&mut table, c, &note.text, &at) {
            warm.push((c.name.clone(), d));
        }
    }
    if let Some(note) = &note {
        harper_rows(&mut table, &note.text, &warm);
    }
    table.print();
}
