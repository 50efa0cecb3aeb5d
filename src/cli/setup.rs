//! Finding the config and corpus for a CLI run, and building the index.

use std::path::Path;

use super::{CorpusArgs, EXIT_CLEAN, EXIT_USAGE};
use crate::cache::{self, CacheReport, CacheSettings, CacheUse, CachedLoad, CorpusFiles};
use crate::config::{self, CacheMode, Config, LoadedConfig};
use crate::corpus::{Corpus, CorpusSource, LoadReport, SkipReason, Skipped};
use crate::index::Index;

/// Why a run cannot start (printed, exit 2).
pub type SetupError = String;

/// A corpus read for a run, with its settings and where it came from.
pub struct LoadedCorpus {
    pub corpus: Corpus,
    pub report: LoadReport,
    pub source: CorpusSource,
}

/// An index ready for a run, with where it came from.
pub struct Loaded {
    /// Kept until the process exits: freeing an index of a large corpus
    /// piece by piece takes most of a second, and the system takes the
    /// memory back at once.
    pub index: &'static Index,
    pub report: LoadReport,
    pub source: CorpusSource,
    /// The folder of the config file (else the current folder).
    pub base: std::path::PathBuf,
}

/// The settings and corpus source a run uses.
struct Resolved {
    config: Config,
    source: CorpusSource,
    base: std::path::PathBuf,
}

/// Finds the config file and decides where the corpus comes from.
fn resolve(args: &CorpusArgs) -> Result<Resolved, SetupError> {
    let cwd =
        std::env::current_dir().map_err(|e| format!("cannot read the current folder: {e}"))?;
    let loaded: Option<LoadedConfig> = match &args.config {
        Some(path) => Some(Config::load(path).map_err(|e| e.to_string())?),
        None => match config::find_config(&cwd) {
            Some(path) => Some(Config::load(&path).map_err(|e| e.to_string())?),
            None => None,
        },
    };
    let source = config::corpus_source(&args.corpus, loaded.as_ref(), Some(&cwd));
    let base = loaded
        .as_ref()
        .map_or(cwd.clone(), |l| l.dir().to_path_buf());
    let config = loaded.map(|l| l.config).unwrap_or_default();
    Ok(Resolved {
        config,
        source,
        base,
    })
}

/// A corpus folder or file that does not exist is an error.
pub fn no_missing_root(skipped: &[Skipped]) -> Result<(), SetupError> {
    let missing: Vec<_> = skipped
        .iter()
        .filter(|s| s.reason == SkipReason::Missing)
        .map(|s| s.path.display().to_string())
        .collect();
    if missing.is_empty() {
        Ok(())
    } else {
        Err(format!("corpus not found: {}", missing.join(", ")))
    }
}

/// A missing corpus folder or a corpus with no article is an error.
fn check_loaded(
    corpus: &Corpus,
    report: &LoadReport,
    source: &CorpusSource,
) -> Result<(), SetupError> {
    no_missing_root(&report.skipped)?;
    if corpus.is_empty() {
        return Err(format!("no article could be read from {source}\n{report}"));
    }
    Ok(())
}

/// Reads config and corpus as the arguments say; a missing or empty corpus
/// is an error before any analysis is built.
pub fn load_corpus(args: &CorpusArgs) -> Result<LoadedCorpus, SetupError> {
    let Resolved { source, config, .. } = resolve(args)?;
    let (corpus, report) = Corpus::load_with(&source, &config.load_options(), &mut |_, _| {});
    check_loaded(&corpus, &report, &source)?;
    Ok(LoadedCorpus {
        corpus,
        report,
        source,
    })
}

/// The cache settings of a run: `--no-cache` and `--cache-dir` over
/// `cache = ...` in grounded.toml.
pub fn cache_settings(args: &CorpusArgs, config: &Config) -> CacheSettings {
    CacheSettings {
        mode: if args.no_cache {
            CacheMode::Never
        } else {
            config.cache
        },
        dir: args.cache_dir.clone(),
    }
}

/// Prints what the cache did when it was in use, and its warning.
pub fn tell_cache(report: &CacheReport) {
    if let Some(w) = &report.warning {
        eprintln!("grounded: warning: {w}");
    }
    match &report.used {
        CacheUse::Off(_) => {}
        CacheUse::NotSaved { .. } => eprintln!("grounded: warning: {}", report.used),
        used => eprintln!("grounded: {used}"),
    }
}

/// Reads config and corpus and builds the index, or loads it from the
/// cache (see [`crate::cache`]).
pub fn load(args: &CorpusArgs) -> Result<Loaded, SetupError> {
    let Resolved {
        config,
        source,
        base,
    } = resolve(args)?;
    let settings = cache_settings(args, &config);
    let CachedLoad {
        index,
        report,
        cache,
    } = cache::load_index(&source, &config, &settings, &mut |_, _| {});
    // The index is ready: the notes' checks follow.
    crate::allocator::keep_freed_pages_between_checks();
    check_loaded(&index.corpus, &report, &source)?;
    tell_cache(&cache);
    Ok(Loaded {
        index: Box::leak(Box::new(index)),
        report,
        source,
        base,
    })
}

/// Reads config and lists the corpus files, for `grounded index`.
pub fn list_corpus(
    args: &CorpusArgs,
) -> Result<(Config, CorpusSource, CorpusFiles, CacheSettings), SetupError> {
    let Resolved { config, source, .. } = resolve(args)?;
    let CorpusSource::Paths(roots) = &source else {
        return Err(format!(
            "{source} are not cached: give --corpus or `corpus = [...]` in grounded.toml"
        ));
    };
    let files = CorpusFiles::list(roots);
    let settings = cache_settings(args, &config);
    Ok((config, source, files, settings))
}

/// Prints skipped files as warnings.
pub fn warn_skipped(report: &LoadReport) {
    for s in &report.skipped {
        eprintln!("grounded: warning: skipped {s}");
    }
}

/// `grounded corpus`: what a load reads and skips.
pub fn report(args: &CorpusArgs) -> u8 {
    // Only what loading read: no analysis index is needed for the report.
    match load_corpus(args) {
        Ok(LoadedCorpus {
            corpus,
            report,
            source,
        }) => {
            let sentences: usize = corpus.articles.iter().map(|a| a.sentences.len()).sum();
            println!("corpus: {source}");
            println!(
                "{} articles, {} sentences, {} bytes",
                corpus.len(),
                sentences,
                corpus.text_bytes()
            );
            for s in &report.skipped {
                println!("skipped {s}");
            }
            EXIT_CLEAN
        }
        Err(e) => {
            eprintln!("grounded: error: {e}");
            EXIT_USAGE
        }
    }
}

/// Display form of a path relative to the current folder when it is inside it.
pub fn display_path(path: &Path) -> String {
    std::env::current_dir()
        .ok()
        .and_then(|cwd| path.strip_prefix(cwd).ok().map(|p| p.display().to_string()))
        .unwrap_or_else(|| path.display().to_string())
}
