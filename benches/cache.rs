//! Index cache: building the index against saving it and loading it back,
//! on the BBC corpus (`$GROUNDED_BBC`, else `../shared/corpora/bbc`), and
//! with `GROUNDED_BENCH_BIG=1` on the suite's synthetic corpus, 100× BBC
//! (`GROUNDED_BENCH_SCALE=N` for N×, generated once under the target
//! folder). Prints figures; never asserts times. Run:
//! `cargo bench --bench cache`.

#[path = "support/proc_status.rs"]
mod proc_status;
use proc_status::status_kb;
#[path = "support/synth.rs"]
mod synth;

use std::path::{Path, PathBuf};
use std::time::Instant;

use grounded::cache::{self, CacheSettings, CacheUse, CorpusFiles};
use grounded::config::{CacheMode, Config};
use grounded::corpus::CorpusSource;

fn bbc() -> Option<PathBuf> {
    let from_env = std::env::var_os("GROUNDED_BBC").map(PathBuf::from);
    let beside = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpora/bbc");
    from_env.or(Some(beside)).filter(|p| p.is_dir())
}

fn run(label: &str, root: &Path) {
    let cache_dir = tempfile::tempdir().expect("a temporary folder");
    let settings = CacheSettings {
        mode: CacheMode::Always,
        dir: Some(cache_dir.path().to_path_buf()),
    };
    let source = CorpusSource::Paths(vec![root.to_path_buf()]);
    let config = Config::default();

    let t = Instant::now();
    let files = CorpusFiles::list(&[root.to_path_buf()]);
    let key = files.key(&config, cache::FORMAT_VERSION);
    let listing = t.elapsed();

    let t = Instant::now();
    let built = cache::load_index(&source, &config, &settings, &mut |_, _| {});
    let build_and_save = t.elapsed();
    let CacheUse::Saved { bytes, took, .. } = built.cache.used else {
        println!("{label}: the cache was not saved: {:?}", built.cache);
        return;
    };
    let articles = built.index.corpus.len();
    let text = built.index.corpus.text_bytes();
    drop(built);

    let t = Instant::now();
    let loaded = cache::load_index(&source, &config, &settings, &mut |_, _| {});
    let load = t.elapsed();
    assert!(matches!(loaded.cache.used, CacheUse::Loaded { .. }));
    assert_eq!(loaded.index.corpus.len(), articles);

    println!(
        "{label}: {articles} articles, {:.1} MB on disk, {:.1} MB of text; list + stat + key {:.0} ms (key {key:016x})",
        synth::disk_bytes(root) as f64 / 1e6,
        text as f64 / 1e6,
        listing.as_secs_f64() * 1e3
    );
    println!(
        "{label}: build {:.2} s (load + index), save {:.2} s, cache file {:.1} MB",
        (build_and_save - took).as_secs_f64(),
        took.as_secs_f64(),
        bytes as f64 / 1e6
    );
    println!(
        "{label}: load from the cache {:.2} s (listing included)",
        load.as_secs_f64()
    );
    drop(loaded);
    // The peak of a start from the cache, in a process of its own (this one
    // has built the index already): what a server or `grounded check`
    // reaches before it does anything else.
    let exe = std::env::current_exe().expect("the bench's own path");
    let child = std::process::Command::new(exe)
        .arg("--load-child")
        .arg(root)
        .arg(cache_dir.path())
        .output();
    match child {
        Ok(out) if out.status.success() => print!(
            "{label}: load from the cache in a fresh process: {}",
            String::from_utf8_lossy(&out.stdout)
        ),
        Ok(out) => println!(
            "{label}: the loading child failed: {}",
            String::from_utf8_lossy(&out.stderr)
        ),
        Err(e) => println!("{label}: the loading child did not start: {e}"),
    }
}

/// The child side: loads the index of `root` from the cache in `dir` and
/// prints the time and the peak resident set.
fn load_child(root: &Path, dir: &Path) {
    let settings = CacheSettings {
        mode: CacheMode::Always,
        dir: Some(dir.to_path_buf()),
    };
    let source = CorpusSource::Paths(vec![root.to_path_buf()]);
    let t = Instant::now();
    let loaded = cache::load_index(&source, &Config::default(), &settings, &mut |_, _| {});
    let took = t.elapsed();
    let hwm = status_kb("VmHWM:").unwrap_or(0) as f64 / 1e3;
    let disk = synth::disk_bytes(root) as f64 / 1e6;
    println!(
        "{:.2} s, peak RSS {hwm:.1} MB ({:.1}× the corpus on disk; {})",
        took.as_secs_f64(),
        hwm / disk,
        if matches!(loaded.cache.used, CacheUse::Loaded { .. }) {
            "loaded"
        } else {
            "NOT loaded: rebuilt"
        }
    );
}

/// The allocator the `grounded` binary uses, so that the child's peak is
/// the binary's.
#[global_allocator]
static ALLOCATOR: grounded::allocator::Allocator = grounded::allocator::Allocator;

fn main() {
    grounded::allocator::tune();
    let args: Vec<String> = std::env::args().collect();
    if let (Some("--load-child"), Some(root), Some(dir)) =
        (args.get(1).map(String::as_str), args.get(2), args.get(3))
    {
        load_child(Path::new(root), Path::new(dir));
        return;
    }
    let Some(root) = bbc() else {
        println!("cache bench: the BBC corpus was not found (set GROUNDED_BBC); skipped");
        return;
    };
    run("bbc", &root);
    if std::env::var_os("GROUNDED_BENCH_BIG").is_some_and(|v| v == "1") {
        let scale: u32 = std::env::var("GROUNDED_BENCH_SCALE")
            .ok()
            .and_then(|s| s.parse().ok())
            .unwrap_or(100);
        let big = synth::generated_root().join(format!("bbc-x{scale}"));
        if let Err(e) = synth::ensure(&root, &big, scale) {
            println!("bbc x{scale}: cannot make the corpus: {e}");
            return;
        }
        run(&format!("bbc x{scale}"), &big);
    }
}
