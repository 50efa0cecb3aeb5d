//! `grounded.toml`: a project's settings, and where the corpus comes from.
//!
//! The corpus is taken, in order, from: paths given explicitly (LSP
//! `initializationOptions.corpus`, CLI `--corpus`); `corpus = [...]` in
//! `grounded.toml` (relative to that file); a `seeds/` folder in the
//! workspace; the seed articles embedded in the binary.

use std::path::{Path, PathBuf};

use std::collections::BTreeMap;

use serde::Deserialize;

use crate::corpus::{
    human_bytes, CorpusSource, LoadOptions, DEFAULT_MAX_ARTICLE_BYTES, LARGEST_MAX_ARTICLE_BYTES,
};
use crate::finding::{Code, Severity};

/// The file name looked for.
pub const CONFIG_FILE: &str = "grounded.toml";

/// The settings a `grounded.toml` may hold. Unknown keys are an error.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Config {
    /// Corpus folders or files, relative to the config file.
    #[serde(default)]
    pub corpus: Vec<PathBuf>,
    /// Glob patterns (relative to the config file) of notes `grounded check`
    /// skips when it walks folders.
    #[serde(default)]
    pub exclude: Vec<String>,
    /// Severity per finding code, or `off`.
    #[serde(default)]
    pub severity: BTreeMap<Code, Level>,
    /// Names the text does not link: canonical name → its other names
    /// (`"Federal Security Service" = ["FSB"]`).
    #[serde(default)]
    pub aliases: std::collections::BTreeMap<String, Vec<String>>,
    /// `[figures]`: settings of the figure checks.
    #[serde(default)]
    pub figures: FiguresConfig,
    /// Corpus files larger than this many bytes are skipped unread
    /// (default [`DEFAULT_MAX_ARTICLE_BYTES`]).
    #[serde(default)]
    pub max_article_bytes: Option<u64>,
    /// When the corpus index is kept in the on-disk cache.
    #[serde(default)]
    pub cache: CacheMode,
}

/// `cache = "auto" | "always" | "never"`: when the index of a corpus on
/// disk is saved to and loaded from the cache (see [`crate::cache`]).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum CacheMode {
    /// For corpora of at least [`crate::cache::AUTO_MIN_FILES`] files.
    #[default]
    Auto,
    Always,
    Never,
}

/// A configured severity, or `off` to drop a code entirely.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Level {
    Error,
    Warning,
    Info,
    Hint,
    Off,
}

impl Level {
    /// The severity this level sets; `None` for `off`.
    pub fn severity(self) -> Option<Severity> {
        match self {
            Level::Error => Some(Severity::Error),
            Level::Warning => Some(Severity::Warning),
            Level::Info => Some(Severity::Info),
            Level::Hint => Some(Severity::Hint),
            Level::Off => None,
        }
    }
}

/// `[figures]` settings.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FiguresConfig {
    /// Report figures no source figure measures (as hints).
    #[serde(default)]
    pub show_unmatched: bool,
}

/// A config file that could not be used.
#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    #[error("{path}: cannot read: {source}")]
    Read {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("{path}: {message}")]
    Parse { path: PathBuf, message: String },
}

/// A config file found and read, with where it lives.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LoadedConfig {
    pub path: PathBuf,
    pub config: Config,
}

impl LoadedConfig {
    /// The folder relative paths in the file are resolved against.
    pub fn dir(&self) -> &Path {
        self.path.parent().unwrap_or(Path::new("."))
    }
}

impl Config {
    pub fn parse(text: &str, path: &Path) -> Result<Config, ConfigError> {
        let error = |message: String| ConfigError::Parse {
            path: path.to_path_buf(),
            message,
        };
        let config: Config = toml::from_str(text)
            .map_err(|e| error(e.to_string().trim_end().replace('\n', "\n  ")))?;
        if let Some(n) = config
            .max_article_bytes
            .filter(|&n| n > LARGEST_MAX_ARTICLE_BYTES)
        {
            return Err(error(format!(
                "max_article_bytes = {n}: at most {LARGEST_MAX_ARTICLE_BYTES} ({}), \
                 the largest article grounded indexes",
                human_bytes(LARGEST_MAX_ARTICLE_BYTES)
            )));
        }
        Ok(config)
    }

    /// The limits corpus loading applies.
    pub fn load_options(&self) -> LoadOptions {
        LoadOptions {
            max_article_bytes: self.max_article_bytes.unwrap_or(DEFAULT_MAX_ARTICLE_BYTES),
        }
    }

    pub fn load(path: &Path) -> Result<LoadedConfig, ConfigError> {
        let text = std::fs::read_to_string(path).map_err(|source| ConfigError::Read {
            path: path.to_path_buf(),
            source,
        })?;
        Ok(LoadedConfig {
            path: path.to_path_buf(),
            config: Config::parse(&text, path)?,
        })
    }
}

/// The nearest `grounded.toml` in `start` or a folder above it.
pub fn find_config(start: &Path) -> Option<PathBuf> {
    start
        .ancestors()
        .map(|d| d.join(CONFIG_FILE))
        .find(|p| p.is_file())
}

/// Decides where the corpus comes from (see the module documentation).
pub fn corpus_source(
    explicit: &[PathBuf],
    config: Option<&LoadedConfig>,
    workspace: Option<&Path>,
) -> CorpusSource {
    if !explicit.is_empty() {
        let base = workspace.unwrap_or(Path::new("."));
        return CorpusSource::Paths(explicit.iter().map(|p| base.join(p)).collect());
    }
    if let Some(c) = config.filter(|c| !c.config.corpus.is_empty()) {
        return CorpusSource::Paths(c.config.corpus.iter().map(|p| c.dir().join(p)).collect());
    }
    if let Some(seeds) = workspace.map(|w| w.join("seeds")).filter(|s| s.is_dir()) {
        return CorpusSource::Paths(vec![seeds]);
    }
    CorpusSource::Embedded
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unknown_keys_are_errors_with_their_line() {
        let err = Config::parse("corpus = [\"a\"]\ncorpse = 1\n", Path::new("g.toml")).unwrap_err();
        let msg = err.to_string();
        assert!(msg.contains("g.toml"), "{msg}");
        assert!(msg.contains("line 2"), "{msg}");
        assert!(msg.contains("corpse"), "{msg}");
    }

    #[test]
    fn severities_are_checked_against_the_codes() {
        let c = Config::parse(
            "[severity]\nquote-unsourced = \"off\"\nquote-altered = \"error\"\n",
            Path::new("g.toml"),
        )
        .unwrap();
        assert_eq!(c.severity[&Code::QuoteUnsourced], Level::Off);
        assert_eq!(
            c.severity[&Code::QuoteAltered].severity(),
            Some(Severity::Error)
        );
        let err = Config::parse("[severity]\nquote-bogus = \"off\"\n", Path::new("g.toml"))
            .unwrap_err()
            .to_string();
        assert!(
            err.contains("quote-bogus") && err.contains("line 2"),
            "{err}"
        );
        let err = Config::parse(
            "[severity]\nquote-altered = \"loud\"\n",
            Path::new("g.toml"),
        )
        .unwrap_err()
        .to_string();
        assert!(err.contains("loud"), "{err}");
    }

    #[test]
    fn the_article_size_cap_defaults_and_can_be_set() {
        let c = Config::parse("", Path::new("g.toml")).unwrap();
        assert_eq!(
            c.load_options().max_article_bytes,
            DEFAULT_MAX_ARTICLE_BYTES
        );
        let c = Config::parse("max_article_bytes = 1048576\n", Path::new("g.toml")).unwrap();
        assert_eq!(c.load_options().max_article_bytes, 1 << 20);
        let err = Config::parse("max_article_bytes = -1\n", Path::new("g.toml"))
            .unwrap_err()
            .to_string();
        assert!(err.contains("line 1"), "{err}");
        let err = Config::parse("max_article_bytes = 8589934592\n", Path::new("g.toml"))
            .unwrap_err()
            .to_string();
        assert!(err.contains("at most 1073741824 (1 GiB)"), "{err}");
    }

    #[test]
    fn corpus_lookup_order() {
        let dir = tempfile::tempdir().unwrap();
        let ws = dir.path();
        assert_eq!(corpus_source(&[], None, Some(ws)), CorpusSource::Embedded);
        std::fs::create_dir(ws.join("seeds")).unwrap();
        assert_eq!(
            corpus_source(&[], None, Some(ws)),
            CorpusSource::Paths(vec![ws.join("seeds")])
        );
        let cfg = LoadedConfig {
            path: ws.join(CONFIG_FILE),
            config: Config {
                corpus: vec!["sources".into()],
                ..Config::default()
            },
        };
        assert_eq!(
            corpus_source(&[], Some(&cfg), Some(ws)),
            CorpusSource::Paths(vec![ws.join("sources")])
        );
        assert_eq!(
            corpus_source(&["/abs".into()], Some(&cfg), Some(ws)),
            CorpusSource::Paths(vec!["/abs".into()])
        );
    }
}
