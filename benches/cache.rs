//! Index cache: building the index against saving it and loading it back,
//! on the BBC corpus (`$GROUNDED_BBC`, else `../shared/corpora/bbc`), and
//! with `GROUNDED_BENCH_BIG=1` on a corpus of 100 copies of it (hard links
//! under a temporary folder, each copy its own file names). Prints
//! figures; never asserts times. Run: `cargo bench --bench cache`.

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

/// `copies` copies of the articles under `root`, as hard links (a copy
/// where links are not possible) named `NNN_name` in `into`.
fn multiply(root: &Path, copies: usize, into: &Path) -> std::io::Result<()> {
    let files = CorpusFiles::list(&[root.to_path_buf()]).files;
    for (i, f) in files.iter().enumerate() {
        let rel = f.path.strip_prefix(root).unwrap_or(&f.path);
        let folder = into.join(rel.parent().unwrap_or(Path::new("")));
        std::fs::create_dir_all(&folder)?;
        let name = rel.file_name().unwrap_or_default().to_string_lossy();
        for c in 0..copies {
            let to = folder.join(format!("{c:03}_{i}_{name}"));
            if std::fs::hard_link(&f.path, &to).is_err() {
                std::fs::copy(&f.path, &to)?;
            }
        }
    }
    Ok(())
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
        "{label}: {articles} articles, {:.1} MB of text; list + stat + key {:.0} ms (key {key:016x})",
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
        let big = tempfile::tempdir().expect("a temporary folder");
        if let Err(e) = multiply(&root, 100, big.path()) {
            println!("bbc x100: cannot make the corpus: {e}");
            return;
        }
        run("bbc x100", big.path());
    }
}
