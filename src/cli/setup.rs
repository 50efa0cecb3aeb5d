//! Finding the config and corpus for a CLI run, and building the index.

use std::path::Path;

use super::{CorpusArgs, EXIT_CLEAN, EXIT_USAGE};
use crate::config::{self, Config, LoadedConfig};
use crate::corpus::{Corpus, CorpusSource, LoadReport, SkipReason};
use crate::index::Index;

/// Why a run cannot start (printed, exit 2).
pub type SetupError = String;

/// A corpus read for a run, with its settings and where it came from.
pub struct LoadedCorpus {
    pub corpus: Corpus,
    pub config: Config,
    pub report: LoadReport,
    pub source: CorpusSource,
    /// The folder of the config file (else the current folder).
    pub base: std::path::PathBuf,
}

/// An index ready for a run, with where it came from.
pub struct Loaded {
    pub index: Index,
    pub report: LoadReport,
    pub source: CorpusSource,
    /// The folder of the config file (else the current folder).
    pub base: std::path::PathBuf,
}

/// Reads config and corpus as the arguments say; a missing or empty corpus
/// is an error before any analysis is built.
pub fn load_corpus(args: &CorpusArgs) -> Result<LoadedCorpus, SetupError> {
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
    let (corpus, report) = Corpus::load_with(&source, &config.load_options(), &mut |_, _| {});
    let missing: Vec<_> = report
        .skipped
        .iter()
        .filter(|s| s.reason == SkipReason::Missing)
        .map(|s| s.path.display().to_string())
        .collect();
    if !missing.is_empty() {
        return Err(format!("corpus not found: {}", missing.join(", ")));
    }
    if corpus.is_empty() {
        return Err(format!("no article could be read from {source}\n{report}"));
    }
    Ok(LoadedCorpus {
        corpus,
        config,
        report,
        source,
        base,
    })
}

/// Reads config and corpus and builds the index.
pub fn load(args: &CorpusArgs) -> Result<Loaded, SetupError> {
    let c = load_corpus(args)?;
    Ok(Loaded {
        index: Index::build(c.corpus, &c.config),
        report: c.report,
        source: c.source,
        base: c.base,
    })
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
            ..
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
