//! Reading corpus folders into articles. One bad file never aborts a load: it
//! is skipped and named in the [`LoadReport`] with the reason.

use std::fmt;
use std::path::{Path, PathBuf};

use super::article::Article;

/// Files larger than this are skipped (a corpus article is a news story, not
/// a data dump).
pub const MAX_ARTICLE_BYTES: u64 = 16 * 1024 * 1024;

/// Extensions read as articles.
pub const ARTICLE_EXTENSIONS: &[&str] = &["txt", "md", "markdown"];

/// Why a file was not loaded.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum SkipReason {
    Empty,
    Binary,
    NotUtf8 { valid_up_to: usize },
    TooLarge { bytes: u64 },
    Unreadable(String),
    Missing,
}

impl fmt::Display for SkipReason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            SkipReason::Empty => write!(f, "empty file"),
            SkipReason::Binary => write!(f, "binary file (contains NUL bytes)"),
            SkipReason::NotUtf8 { valid_up_to } => write!(
                f,
                "not UTF-8 (invalid byte at offset {valid_up_to}); convert it, e.g. `iconv -f latin1 -t utf-8`"
            ),
            SkipReason::TooLarge { bytes } => write!(
                f,
                "too large ({bytes} bytes; the limit is {MAX_ARTICLE_BYTES})"
            ),
            SkipReason::Unreadable(e) => write!(f, "unreadable: {e}"),
            SkipReason::Missing => write!(f, "no such file or folder"),
        }
    }
}

/// A file that was not loaded, and why.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Skipped {
    pub path: PathBuf,
    pub reason: SkipReason,
}

impl fmt::Display for Skipped {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.path.display(), self.reason)
    }
}

/// What a load did: how many articles it read and which files it skipped.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct LoadReport {
    pub loaded: usize,
    pub skipped: Vec<Skipped>,
}

impl fmt::Display for LoadReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} article{} loaded, {} skipped",
            self.loaded,
            if self.loaded == 1 { "" } else { "s" },
            self.skipped.len()
        )?;
        for s in &self.skipped {
            write!(f, "\n  skipped {s}")?;
        }
        Ok(())
    }
}

/// Reads one file's text, or says why it cannot be an article.
pub fn read_article_text(path: &Path) -> Result<String, SkipReason> {
    let meta = std::fs::metadata(path).map_err(|e| match e.kind() {
        std::io::ErrorKind::NotFound => SkipReason::Missing,
        _ => SkipReason::Unreadable(e.to_string()),
    })?;
    if meta.len() > MAX_ARTICLE_BYTES {
        return Err(SkipReason::TooLarge { bytes: meta.len() });
    }
    let bytes = std::fs::read(path).map_err(|e| SkipReason::Unreadable(e.to_string()))?;
    decode_article(bytes)
}

/// Checks a file's bytes: text, UTF-8, not blank.
pub fn decode_article(bytes: Vec<u8>) -> Result<String, SkipReason> {
    if bytes.contains(&0) {
        return Err(SkipReason::Binary);
    }
    let text = String::from_utf8(bytes).map_err(|e| SkipReason::NotUtf8 {
        valid_up_to: e.utf8_error().valid_up_to(),
    })?;
    if text.trim().is_empty() {
        return Err(SkipReason::Empty);
    }
    Ok(text)
}

fn is_article_file(path: &Path) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| ARTICLE_EXTENSIONS.contains(&e.to_ascii_lowercase().as_str()))
}

/// The article files under `root` (a folder, walked recursively without
/// hidden entries, or a single file), sorted; problems go to `skipped`.
pub fn article_files(root: &Path, skipped: &mut Vec<Skipped>) -> Vec<PathBuf> {
    if !root.exists() {
        skipped.push(Skipped {
            path: root.to_path_buf(),
            reason: SkipReason::Missing,
        });
        return Vec::new();
    }
    if root.is_file() {
        return vec![root.to_path_buf()];
    }
    let mut files = Vec::new();
    let walker = walkdir::WalkDir::new(root)
        .follow_links(true)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| e.depth() == 0 || !e.file_name().to_string_lossy().starts_with('.'));
    for entry in walker {
        match entry {
            Ok(e) if e.file_type().is_file() && is_article_file(e.path()) => {
                files.push(e.into_path())
            }
            Ok(_) => {}
            Err(e) => skipped.push(Skipped {
                path: e.path().unwrap_or(root).to_path_buf(),
                reason: SkipReason::Unreadable(
                    e.to_string()
                        .trim_start_matches("IO error for operation on ")
                        .to_string(),
                ),
            }),
        }
    }
    files
}

/// Loads every article under the given roots, calling `progress(done, total)`
/// as files are read. Files are read and parsed on every core; the articles
/// keep their sorted order.
pub fn load_paths(
    roots: &[PathBuf],
    progress: &mut dyn FnMut(usize, usize),
) -> (Vec<Article>, LoadReport) {
    let mut skipped = Vec::new();
    let files: Vec<PathBuf> = roots
        .iter()
        .flat_map(|root| article_files(root, &mut skipped))
        .collect();
    load_files(&files, skipped, progress)
}

/// Loads the given article files (already listed by [`article_files`]);
/// `skipped` holds what listing them could not read.
pub fn load_files(
    files: &[PathBuf],
    skipped: Vec<Skipped>,
    progress: &mut dyn FnMut(usize, usize),
) -> (Vec<Article>, LoadReport) {
    let mut report = LoadReport { loaded: 0, skipped };
    let total = files.len();
    let results = crate::parallel::map_ordered(
        files,
        |path| parse_file(path),
        Some(&mut |done| progress(done, total)),
    );
    progress(total, total);
    let mut articles = Vec::with_capacity(total);
    for (i, result) in results.into_iter().enumerate() {
        match result {
            Ok(article) => articles.push(article),
            Err(reason) => report.skipped.push(Skipped {
                path: files[i].clone(),
                reason,
            }),
        }
    }
    report.loaded = articles.len();
    (articles, report)
}

/// Reads and parses one article file.
fn parse_file(path: &Path) -> Result<Article, SkipReason> {
    let text = read_article_text(path)?;
    let id = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    Ok(Article::parse(id, path.to_path_buf(), text))
}
