//! The index cache: an index read back from the cache answers exactly like
//! a freshly built one; its key follows the corpus files; a damaged cache is
//! rebuilt with a warning; `grounded index` then `grounded check` uses it.

mod common;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::time::{Duration, SystemTime};

use grounded::cache::{self, CacheSettings, CacheUse, CachedLoad, CorpusFiles};
use grounded::config::{CacheMode, Config};
use grounded::corpus::CorpusSource;
use grounded::Index;

fn test_corpus() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/corpus")
}

fn notes() -> Vec<String> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/notes");
    let mut paths: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    paths.sort();
    let mut notes: Vec<String> = paths
        .iter()
        .map(|p| std::fs::read_to_string(p).unwrap())
        .collect();
    // A sentence of every corpus article, as a note, reaches every part
    // of the indexes (figures, quotes and names of each article).
    notes.push(
        std::fs::read_to_string(test_corpus().join("seeds/000_dd5d9324bc52c63a.txt")).unwrap(),
    );
    assert!(notes.len() >= 3);
    notes
}

fn always(dir: &Path) -> CacheSettings {
    CacheSettings {
        mode: CacheMode::Always,
        dir: Some(dir.to_path_buf()),
    }
}

fn load(source: &CorpusSource, config: &Config, settings: &CacheSettings) -> CachedLoad {
    cache::load_index(source, config, settings, &mut |_, _| {})
}

fn cache_files(dir: &Path) -> Vec<PathBuf> {
    let mut files: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    files.sort();
    files
}

/// What the editor and CLI read from an index: findings of each note,
/// hover lookups at every word start, the entity table, the audit.
fn answers(index: &Index) -> Vec<String> {
    let mut out = Vec::new();
    for note in notes() {
        out.push(format!("{:?}", grounded::check(index, &note)));
        for (at, _) in note.char_indices().filter(|&(i, c)| {
            c.is_alphanumeric() && (i == 0 || note[..i].ends_with([' ', '\n', '"']))
        }) {
            out.push(format!(
                "{at}: {:?} {:?}",
                index
                    .entities
                    .mention_at(&note, at)
                    .and_then(|m| index.entities.get(m.entity))
                    .map(|e| (&e.name, &e.aliases, e.kind)),
                grounded::figures::figure_at(index, &note, at),
            ));
        }
    }
    for e in index.entities.ranked() {
        out.push(format!(
            "{} {} {:?} {:?} {:?} {} {:?}",
            e.name,
            e.kind,
            e.aliases,
            e.descriptions,
            e.mentions,
            e.article_count,
            index.entities.best_mention(e.id)
        ));
    }
    out.push(format!("{:?}", grounded::figures::audit(index)));
    for a in &index.corpus.articles {
        out.push(format!("{} {} {:?}", a.id, a.path.display(), a.date));
    }
    out
}

#[test]
fn an_index_from_the_cache_answers_like_a_fresh_one() {
    let dir = tempfile::tempdir().unwrap();
    let source = CorpusSource::Paths(vec![test_corpus()]);
    let config = Config::default();
    let (fresh, fresh_report) = Index::load(&source, &config);

    let first = load(&source, &config, &always(dir.path()));
    assert!(
        matches!(first.cache.used, CacheUse::Saved { .. }),
        "{:?}",
        first.cache
    );
    let second = load(&source, &config, &always(dir.path()));
    assert!(
        matches!(second.cache.used, CacheUse::Loaded { .. }),
        "{:?}",
        second.cache
    );
    assert_eq!(second.cache.warning, None);
    assert_eq!(second.report, fresh_report);
    assert_eq!(second.index.corpus.len(), fresh.corpus.len());
    let expected = answers(&fresh);
    assert!(expected.len() > 100, "the comparison reads too little");
    assert!(expected.iter().any(|a| a.contains("FigureContradicted")));
    assert_eq!(answers(&second.index), expected);
    assert_eq!(cache_files(dir.path()).len(), 1);
}

/// Each article's folded text, in order.
fn texts(index: &Index) -> Vec<String> {
    index
        .corpus
        .articles
        .iter()
        .map(|a| a.folded.text.to_string())
        .collect()
}

#[cfg(unix)]
#[test]
fn texts_read_from_the_cache_stay_in_its_pages_and_outlive_the_file() {
    let dir = tempfile::tempdir().unwrap();
    let source = CorpusSource::Paths(vec![test_corpus()]);
    let config = Config::default();
    let (fresh, _) = Index::load(&source, &config);
    // A build that saves its index then serves it from the file too.
    let built = load(&source, &config, &always(dir.path()));
    assert!(matches!(built.cache.used, CacheUse::Saved { .. }));
    assert_eq!(built.cache.warning, None);
    let shared = |index: &Index| {
        index
            .corpus
            .articles
            .iter()
            .all(|a| a.folded.text.is_shared())
    };
    assert!(shared(&built.index));
    // Served from the cache file, nothing holds the file the build moved
    // the texts to.
    assert!(!built.index.corpus.text_pages.is_mapped());
    assert_eq!(texts(&built.index), texts(&fresh));
    assert_eq!(answers(&built.index), answers(&fresh));
    // Without a cache, nothing is shared.
    assert!(fresh
        .corpus
        .articles
        .iter()
        .all(|a| !a.folded.text.is_shared()));
    let loaded = load(&source, &config, &always(dir.path()));
    assert!(matches!(loaded.cache.used, CacheUse::Loaded { .. }));
    assert!(shared(&loaded.index));
    assert_eq!(texts(&loaded.index), texts(&fresh));
    // A newer cache is renamed over the file, and a cache may be deleted:
    // the texts read from the old one read the same.
    let files = cache_files(dir.path());
    assert_eq!(files.len(), 1);
    let rebuilt = cache::build_and_save(
        &CorpusFiles::list(&[test_corpus()]),
        &config,
        &always(dir.path()),
        &mut |_, _| {},
    );
    assert!(matches!(rebuilt.cache.used, CacheUse::Saved { .. }));
    assert_eq!(texts(&loaded.index), texts(&fresh));
    std::fs::remove_file(&files[0]).unwrap();
    assert_eq!(texts(&loaded.index), texts(&fresh));
    let kept = loaded.index.corpus.articles[3].clone();
    drop(loaded);
    assert_eq!(
        kept.folded.text.as_str(),
        fresh.corpus.articles[3].folded.text.as_str()
    );
    assert_eq!(answers(&rebuilt.index), answers(&fresh));
}

#[test]
fn the_same_corpus_is_saved_as_the_same_bytes() {
    let files = CorpusFiles::list(&[test_corpus()]);
    let config = Config::default();
    let saved: Vec<Vec<u8>> = (0..2)
        .map(|_| {
            let dir = tempfile::tempdir().unwrap();
            let built = cache::build_and_save(&files, &config, &always(dir.path()), &mut |_, _| {});
            assert!(matches!(built.cache.used, CacheUse::Saved { .. }));
            let files = cache_files(dir.path());
            assert_eq!(files.len(), 1);
            std::fs::read(&files[0]).unwrap()
        })
        .collect();
    assert!(saved[0] == saved[1], "two builds wrote different bytes");
}

/// A folder of `n` short articles, each with a figure of its own.
fn filler_corpus(n: usize) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for i in 0..n {
        std::fs::write(
            dir.path().join(format!("report-{i:05}.txt")),
            format!(
                "Council report {i}\n\nThe council of Ward {i} counted {} new homes this year, \
                 the ward's housing officer said.\n",
                3 * i + 7
            ),
        )
        .unwrap();
    }
    dir
}

#[cfg(unix)]
#[test]
fn a_large_corpus_built_with_no_cache_is_served_from_a_scratch_file_no_run_reads() {
    let filler = filler_corpus(cache::AUTO_MIN_FILES);
    let source = CorpusSource::Paths(vec![test_corpus(), filler.path().to_path_buf()]);
    let config = Config::default();
    let (fresh, fresh_report) = Index::load(&source, &config);
    let folder = tempfile::tempdir().unwrap();
    let never = CacheSettings {
        mode: CacheMode::Never,
        dir: Some(folder.path().to_path_buf()),
    };
    let built = load(&source, &config, &never);
    assert!(
        matches!(&built.cache.used, CacheUse::Off(why) if why.contains("never")),
        "{:?}",
        built.cache
    );
    assert_eq!(built.cache.warning, None);
    assert_eq!(built.report, fresh_report);
    // Served from the scratch file's pages, which outlive its name.
    assert!(built
        .index
        .corpus
        .articles
        .iter()
        .all(|a| a.folded.text.is_shared()));
    assert!(cache_files(folder.path()).is_empty());
    assert_eq!(texts(&built.index), texts(&fresh));
    let expected = answers(&fresh);
    assert_eq!(answers(&built.index), expected);

    // Where no scratch file can be written, the same index in the heap,
    // and a warning that says so.
    let blocked = folder.path().join("a-file");
    std::fs::write(&blocked, "not a folder").unwrap();
    let in_memory = load(
        &source,
        &config,
        &CacheSettings {
            mode: CacheMode::Never,
            dir: Some(blocked),
        },
    );
    let warning = in_memory.cache.warning.clone().unwrap_or_default();
    assert!(warning.contains("built in memory"), "{:?}", in_memory.cache);
    assert!(matches!(in_memory.cache.used, CacheUse::Off(_)));
    assert_eq!(answers(&in_memory.index), expected);
}

#[test]
fn settings_that_shape_the_index_are_in_the_key_and_the_others_are_not() {
    let dir = tempfile::tempdir().unwrap();
    let source = CorpusSource::Paths(vec![test_corpus().join("seeds")]);
    let plain = Config::default();
    load(&source, &plain, &always(dir.path()));

    let severities = Config::parse(
        "[severity]\nquote-altered = \"off\"\n",
        Path::new("grounded.toml"),
    )
    .unwrap();
    let loaded = load(&source, &severities, &always(dir.path()));
    assert!(matches!(loaded.cache.used, CacheUse::Loaded { .. }));
    // The run's own settings apply to the cached index.
    assert_eq!(loaded.index.config, severities);

    let aliases = Config::parse(
        "[aliases]\n\"Federal Security Service\" = [\"FSB\"]\n",
        Path::new("grounded.toml"),
    )
    .unwrap();
    let rebuilt = load(&source, &aliases, &always(dir.path()));
    assert!(matches!(rebuilt.cache.used, CacheUse::Saved { .. }));
    assert_eq!(
        answers(&rebuilt.index),
        answers(&Index::load(&source, &aliases).0)
    );
    // The corpus has one cache file: the newer replaced the older.
    assert_eq!(cache_files(dir.path()).len(), 1);
}

fn set_mtime(path: &Path, t: SystemTime) {
    std::fs::File::options()
        .write(true)
        .open(path)
        .unwrap()
        .set_modified(t)
        .unwrap();
}

#[test]
fn the_key_follows_every_file_path_size_and_time() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("corpus");
    common::write_files(
        &root,
        &[
            ("a.txt", "Title A\n\nBody of a.\n"),
            ("sub/b.md", "Title B\n\nBody of b.\n"),
            ("notes.pdf", "not an article"),
        ],
    );
    let t0 = SystemTime::UNIX_EPOCH + Duration::from_secs(1_700_000_000);
    set_mtime(&root.join("a.txt"), t0);
    let config = Config::default();
    let key = || CorpusFiles::list(std::slice::from_ref(&root)).key(&config, 1);
    let k0 = key();
    assert_eq!(key(), k0, "listing twice gives the same key");
    assert_eq!(
        CorpusFiles::list(std::slice::from_ref(&root)).files.len(),
        2
    );

    set_mtime(&root.join("a.txt"), t0 + Duration::from_secs(1));
    let k1 = key();
    assert_ne!(k1, k0, "a touched file changes the key");

    std::fs::write(root.join("a.txt"), "Title A\n\nBody of a, longer.\n").unwrap();
    set_mtime(&root.join("a.txt"), t0 + Duration::from_secs(1));
    let k2 = key();
    assert_ne!(k2, k1, "a resized file changes the key");

    common::write_files(&root, &[("c.txt", "Title C\n\nBody.\n")]);
    let k3 = key();
    assert_ne!(k3, k2, "an added file changes the key");

    std::fs::remove_file(root.join("c.txt")).unwrap();
    assert_eq!(key(), k2, "removing it again restores the key");
    std::fs::remove_file(root.join("sub/b.md")).unwrap();
    assert_ne!(key(), k2, "a removed file changes the key");

    std::fs::write(root.join("ignored.pdf"), "x").unwrap();
    let k4 = key();
    assert_ne!(
        CorpusFiles::list(std::slice::from_ref(&root)).key(&config, 2),
        k4,
        "the format version is in the key"
    );
    assert_eq!(key(), k4, "files that are not articles leave the key alone");
}

#[test]
fn a_changed_corpus_is_rebuilt_into_the_same_cache_file() {
    let dir = tempfile::tempdir().unwrap();
    let cache_dir = dir.path().join("cache");
    let root = dir.path().join("corpus");
    common::write_files(
        &root,
        &[
            (
                "a.txt",
                "First\n\nThe fire killed 12 people, officials said.\n",
            ),
            ("b.txt", "\u{0}binary"),
        ],
    );
    let source = CorpusSource::Paths(vec![root.clone()]);
    let config = Config::default();
    let first = load(&source, &config, &always(&cache_dir));
    assert!(matches!(first.cache.used, CacheUse::Saved { .. }));
    let again = load(&source, &config, &always(&cache_dir));
    assert!(matches!(again.cache.used, CacheUse::Loaded { .. }));
    // The file that could not be read is still reported from the cache.
    assert_eq!(again.report, first.report);
    assert_eq!(again.report.skipped.len(), 1);

    common::write_files(
        &root,
        &[("c.txt", "Second\n\nThe flood killed 30 people.\n")],
    );
    let changed = load(&source, &config, &always(&cache_dir));
    assert!(
        matches!(changed.cache.used, CacheUse::Saved { .. }),
        "{:?}",
        changed.cache
    );
    assert_eq!(changed.cache.warning, None, "a stale cache is no surprise");
    assert_eq!(changed.index.corpus.len(), 2);
    assert_eq!(cache_files(&cache_dir).len(), 1);
}

#[test]
fn a_damaged_or_truncated_cache_is_rebuilt_with_a_warning() {
    let dir = tempfile::tempdir().unwrap();
    let source = CorpusSource::Paths(vec![test_corpus().join("seeds")]);
    let config = Config::default();
    load(&source, &config, &always(dir.path()));
    let path = cache_files(dir.path()).pop().unwrap();
    let good = std::fs::read(&path).unwrap();
    let expected = answers(&Index::load(&source, &config).0);

    let mut flipped = good.clone();
    let middle = flipped.len() / 2;
    flipped[middle] ^= 0x55;
    let damages: [(&str, Vec<u8>); 4] = [
        ("flipped byte", flipped),
        ("truncated", good[..good.len() - 100].to_vec()),
        ("header only", good[..30].to_vec()),
        ("empty", Vec::new()),
    ];
    for (what, bytes) in damages {
        std::fs::write(&path, &bytes).unwrap();
        let loaded = load(&source, &config, &always(dir.path()));
        let warning = loaded.cache.warning.clone().unwrap_or_default();
        assert!(
            warning.contains("unusable") && warning.contains("rebuilding"),
            "{what}: {:?}",
            loaded.cache
        );
        assert!(
            matches!(loaded.cache.used, CacheUse::Saved { .. }),
            "{what}"
        );
        assert_eq!(answers(&loaded.index), expected, "{what}");
        assert_eq!(std::fs::read(&path).unwrap().len(), good.len(), "{what}");
    }
}

#[test]
fn small_corpora_are_not_cached_unless_asked() {
    let dir = tempfile::tempdir().unwrap();
    let source = CorpusSource::Paths(vec![test_corpus().join("seeds")]);
    let config = Config::default();
    let settings = CacheSettings {
        mode: CacheMode::Auto,
        dir: Some(dir.path().to_path_buf()),
    };
    let loaded = load(&source, &config, &settings);
    assert!(matches!(loaded.cache.used, CacheUse::Off(_)));
    let never = CacheSettings {
        mode: CacheMode::Never,
        ..settings
    };
    assert!(matches!(
        load(&source, &config, &never).cache.used,
        CacheUse::Off(_)
    ));
    assert!(cache_files(dir.path()).is_empty());
}

fn grounded(cwd: &Path, args: &[&str]) -> Output {
    Command::new(common::bin())
        .args(args)
        .current_dir(cwd)
        .env("XDG_CACHE_HOME", cwd.join(".cache"))
        .env_remove("GROUNDED_CACHE_DIR")
        .output()
        .expect("run grounded")
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

#[test]
fn grounded_index_then_check_reads_the_cache() {
    let dir = tempfile::tempdir().unwrap();
    let ws = dir.path();
    let corpus = test_corpus();
    common::write_files(
        ws,
        &[(
            "grounded.toml",
            &format!("corpus = [{:?}]\ncache = \"always\"\n", corpus.display()),
        )],
    );
    let note = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/notes/briefing.md");
    std::fs::copy(&note, ws.join("briefing.md")).unwrap();

    let stale = grounded(ws, &["index", "--check"]);
    assert_eq!(stale.status.code(), Some(1), "{}", text(&stale.stderr));

    let built = grounded(ws, &["index"]);
    assert_eq!(built.status.code(), Some(0), "{}", text(&built.stderr));
    let said = text(&built.stdout);
    assert!(said.contains("indexed 56 articles"), "{said}");
    assert!(said.contains(".cache/grounded/index/"), "{said}");
    assert!(said.contains(" MB "), "{said}");

    let fresh = grounded(ws, &["index", "--check"]);
    assert_eq!(fresh.status.code(), Some(0), "{}", text(&fresh.stdout));
    assert!(text(&fresh.stdout).contains("up to date"));

    let cached = grounded(ws, &["check", "briefing.md"]);
    let err = text(&cached.stderr);
    assert!(err.contains("index loaded from the cache"), "{err}");
    let uncached = grounded(ws, &["check", "--no-cache", "briefing.md"]);
    assert!(!text(&uncached.stderr).contains("cache"));
    assert_eq!(cached.status.code(), Some(1));
    assert_eq!(cached.status.code(), uncached.status.code());
    assert_eq!(text(&cached.stdout), text(&uncached.stdout));
    assert!(text(&cached.stdout).contains("figure-contradicted"));

    // --cache-dir elsewhere: nothing there yet, so it is built and saved.
    let other = ws.join("elsewhere");
    let moved = grounded(
        ws,
        &[
            "check",
            "--cache-dir",
            other.to_str().unwrap(),
            "briefing.md",
        ],
    );
    assert!(
        text(&moved.stderr).contains("index saved to the cache"),
        "{}",
        text(&moved.stderr)
    );
    assert_eq!(cache_files(&other).len(), 1);
}

#[test]
fn the_server_saves_the_index_then_loads_it_on_the_next_start() {
    let dir = tempfile::tempdir().unwrap();
    let ws = dir.path();
    common::write_files(
        ws,
        &[
            (
                "grounded.toml",
                "corpus = [\"sources\"]\ncache = \"always\"\n",
            ),
            (
                "sources/a.txt",
                "Fire in the city\n\nThe fire killed 12 people, officials said.\n",
            ),
        ],
    );
    let cache_dir = ws.join("index-cache");
    let env = [("GROUNDED_CACHE_DIR", cache_dir.to_str().unwrap())];
    let log_says = |text: &'static str| {
        move |p: &serde_json::Value| p["message"].as_str().is_some_and(|m| m.contains(text))
    };
    for expected in ["index saved to the cache", "index loaded from the cache"] {
        let mut client = common::LspClient::start_with_env(ws, &env);
        client.initialize(ws, serde_json::json!({}), serde_json::json!({}));
        client.wait_for_method("window/logMessage", log_says(expected));
        client.wait_for_method("grounded/status", |p| p["state"] == "ready");
        client.shutdown();
    }
    assert_eq!(cache_files(&cache_dir).len(), 1);
}
