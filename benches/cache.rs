//! Index cache: building the index against saving it and loading it back,
//! on the BBC corpus (`$GROUNDED_BBC`, else `../shared/corpora/bbc`), and
//! with `GROUNDED_BENCH_BIG=1` on the suite's synthetic corpus, 100× BBC
//! (`GROUNDED_BENCH_SCALE=N` for N×, generated once under the target
//! folder). Prints figures; never asserts times. Run:
//! `cargo bench --bench cache`.

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
}

fn main() {
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
