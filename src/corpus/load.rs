//! Reading corpus files into articles. One bad file never aborts a load: it
//! is skipped and named in the [`LoadReport`] with the reason, and a reload
//! keeps the last good version of a file that is there but cannot be read
//! now (see [`super::keep`]).

use std::fmt;
use std::io::Read;
use std::path::{Path, PathBuf};

use super::article::Article;
use super::walk::{self, io_reason};

/// The default per-article size cap (`max_article_bytes` in grounded.toml):
/// a corpus article is a news story, not a data dump, and one huge file
/// must not stall indexing.
pub const DEFAULT_MAX_ARTICLE_BYTES: u64 = 16 * 1024 * 1024;

/// The largest `max_article_bytes` a config may set: the indexes keep
/// offsets into an article's text in 32 bits, so an article must stay well
/// under 4 GiB (folding can lengthen a text a little).
pub const LARGEST_MAX_ARTICLE_BYTES: u64 = 1 << 30;

/// Limits on what a load reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LoadOptions {
    /// Files larger than this many bytes are skipped unread.
    pub max_article_bytes: u64,
}

impl Default for LoadOptions {
    fn default() -> LoadOptions {
        LoadOptions {
            max_article_bytes: DEFAULT_MAX_ARTICLE_BYTES,
        }
    }
}

/// Why a file was not loaded.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum SkipReason {
    Empty,
    Binary,
    NotUtf8 {
        valid_up_to: usize,
    },
    TooLarge {
        bytes: u64,
        limit: u64,
    },
    Unreadable(String),
    /// A corpus root that does not exist.
    Missing,
    /// Listed, then not found: removed during the load, or a broken link.
    Gone,
    /// A symlink to a folder that contains it.
    SymlinkLoop {
        target: PathBuf,
    },
}

/// `16 MiB`, `1.5 KiB`, `300 bytes`.
pub fn human_bytes(bytes: u64) -> String {
    const UNITS: [&str; 4] = ["KiB", "MiB", "GiB", "TiB"];
    if bytes < 1024 {
        return format!("{bytes} bytes");
    }
    let mut value = bytes as f64 / 1024.0;
    let mut unit = 0;
    while value >= 1024.0 && unit + 1 < UNITS.len() {
        value /= 1024.0;
        unit += 1;
    }
    let text = format!("{value:.1}");
    let text = text.strip_suffix(".0").unwrap_or(&text);
    format!("{text} {}", UNITS[unit])
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
            SkipReason::TooLarge { bytes, limit } => write!(
                f,
                "larger than {} ({} bytes); raise `max_article_bytes` in grounded.toml to read it",
                human_bytes(*limit),
                bytes
            ),
            SkipReason::Unreadable(e) => write!(f, "unreadable: {e}"),
            SkipReason::Missing => write!(f, "no such file or folder"),
            SkipReason::Gone => write!(f, "no longer there (removed while reading, or a broken link)"),
            SkipReason::SymlinkLoop { target } => write!(
                f,
                "symlink loop (points back to {}); not followed",
                target.display()
            ),
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

/// A file or folder that could not be read now, whose last good articles
/// were kept.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Kept {
    pub path: PathBuf,
    pub reason: SkipReason,
    /// How many previous articles were kept for it.
    pub articles: usize,
}

impl fmt::Display for Kept {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}; ", self.path.display(), self.reason)?;
        match self.articles {
            1 => write!(f, "its last good version is kept"),
            n => write!(f, "the last good versions of its {n} articles are kept"),
        }
    }
}

/// What a load did: how many articles it read, which files it skipped, and
/// (on a reload) which unreadable files kept their last good version.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct LoadReport {
    /// Articles read by this load.
    pub loaded: usize,
    pub skipped: Vec<Skipped>,
    pub kept: Vec<Kept>,
}

impl LoadReport {
    /// Previous articles kept in place of files that cannot be read now.
    pub fn kept_articles(&self) -> usize {
        self.kept.iter().map(|k| k.articles).sum()
    }
}

impl LoadReport {
    /// The report with at most `lines` skipped or kept paths named, and how
    /// many more there are (with `0`, the counts alone).
    pub fn summary(&self, lines: usize) -> String {
        let mut text = format!(
            "{} article{} loaded, {} skipped",
            self.loaded,
            if self.loaded == 1 { "" } else { "s" },
            self.skipped.len()
        );
        if !self.kept.is_empty() {
            text += &format!(", {} kept from the last good load", self.kept_articles());
        }
        let named = self
            .skipped
            .iter()
            .map(|s| format!("skipped {s}"))
            .chain(self.kept.iter().map(|k| format!("unreadable {k}")));
        let total = self.skipped.len() + self.kept.len();
        for line in named.take(lines) {
            text += "\n  ";
            text += &line;
        }
        if total > lines && lines > 0 {
            text += &format!("\n  … and {} more", total - lines);
        }
        text
    }
}

impl fmt::Display for LoadReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.summary(usize::MAX))
    }
}

/// Opens a file for reading without blocking on a FIFO that took its place.
fn open(path: &Path) -> std::io::Result<std::fs::File> {
    let mut options = std::fs::OpenOptions::new();
    options.read(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.custom_flags(libc::O_NONBLOCK);
    }
    options.open(path)
}

/// Reads one file's text, or says why it cannot be an article. Never reads
/// more than `max_bytes + 1` bytes, even from a file that grows meanwhile.
pub fn read_article_text(path: &Path, max_bytes: u64) -> Result<String, SkipReason> {
    let not_found_is_gone = |e: std::io::Error| match io_reason(&e) {
        SkipReason::Missing => SkipReason::Gone,
        other => other,
    };
    let file = open(path).map_err(not_found_is_gone)?;
    let meta = file.metadata().map_err(not_found_is_gone)?;
    if !meta.is_file() {
        return Err(SkipReason::Unreadable("not a regular file".into()));
    }
    if meta.len() > max_bytes {
        return Err(SkipReason::TooLarge {
            bytes: meta.len(),
            limit: max_bytes,
        });
    }
    let mut bytes = Vec::with_capacity(meta.len() as usize);
    file.take(max_bytes.saturating_add(1))
        .read_to_end(&mut bytes)
        .map_err(not_found_is_gone)?;
    if bytes.len() as u64 > max_bytes {
        return Err(SkipReason::TooLarge {
            bytes: bytes.len() as u64,
            limit: max_bytes,
        });
    }
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

/// Loads every article under the given roots, calling `progress(done, total)`
/// as files are read. Files are read and parsed on every core; the articles
/// keep their sorted order. Files that are there but cannot be read now, and
/// folders that cannot be opened, keep their articles from `previous`.
pub fn load_paths(
    roots: &[PathBuf],
    options: &LoadOptions,
    previous: &[Article],
    progress: &mut dyn FnMut(usize, usize),
) -> (Vec<Article>, LoadReport) {
    let listing = walk::list(roots);
    let (mut articles, failed) = read_files(listing.files, options, progress);
    let mut report = LoadReport {
        loaded: articles.len(),
        skipped: listing.skipped,
        ..LoadReport::default()
    };
    super::keep::keep_last_good(
        previous,
        roots,
        &mut articles,
        failed,
        listing.unseen,
        &mut report,
    );
    (articles, report)
}

/// Loads the given article files (listed by [`walk::list`]) afresh;
/// `skipped` holds what listing them could not read.
pub fn load_files(
    files: Vec<PathBuf>,
    skipped: Vec<Skipped>,
    options: &LoadOptions,
    progress: &mut dyn FnMut(usize, usize),
) -> (Vec<Article>, LoadReport) {
    let (articles, failed) = read_files(files, options, progress);
    let mut report = LoadReport {
        loaded: articles.len(),
        skipped,
        ..LoadReport::default()
    };
    report.skipped.extend(failed);
    (articles, report)
}

/// Reads and parses files on every core, in order: the articles, and the
/// files that could not be read.
fn read_files(
    files: Vec<PathBuf>,
    options: &LoadOptions,
    progress: &mut dyn FnMut(usize, usize),
) -> (Vec<Article>, Vec<Skipped>) {
    let total = files.len();
    let results = crate::parallel::map_ordered(
        &files,
        |path| parse_file(path, options),
        Some(&mut |done| progress(done, total)),
    );
    progress(total, total);
    let mut articles = Vec::with_capacity(total);
    let mut failed = Vec::new();
    for (path, result) in files.into_iter().zip(results) {
        match result {
            Ok(article) => articles.push(article),
            Err(reason) => failed.push(Skipped { path, reason }),
        }
    }
    (articles, failed)
}

/// Reads and parses one article file.
fn parse_file(path: &Path, options: &LoadOptions) -> Result<Article, SkipReason> {
    let text = read_article_text(path, options.max_article_bytes)?;
    Ok(Article::parse(file_id(path), path.to_path_buf(), text))
}

/// An article's id before collisions are resolved: its file name.
pub fn file_id(path: &Path) -> String {
    path.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::corpus::{Corpus, CorpusSource};

    const OLD_B: &str = "Old title\n\nThe old text of b.\n";

    fn write(dir: &Path, name: &str, text: &str) {
        let path = dir.join(name);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }

    fn corpus_dir() -> tempfile::TempDir {
        let dir = tempfile::tempdir().unwrap();
        write(dir.path(), "a.txt", "A title\n\nThe text of a.\n");
        write(dir.path(), "b.txt", OLD_B);
        write(dir.path(), "sub/c.md", "C title\n\nThe text of c.\n");
        dir
    }

    fn reload(previous: &Corpus, root: &Path) -> (Corpus, LoadReport) {
        let source = CorpusSource::Paths(vec![root.to_path_buf()]);
        Corpus::reload(previous, &source, &LoadOptions::default(), &mut |_, _| {})
    }

    fn raw_of(corpus: &Corpus, name: &str) -> Option<String> {
        corpus
            .articles
            .iter()
            .find(|a| a.path.ends_with(name))
            .map(|a| a.raw_text().into_owned())
    }

    #[test]
    fn sizes_read_as_people_write_them() {
        assert_eq!(human_bytes(300), "300 bytes");
        assert_eq!(human_bytes(1536), "1.5 KiB");
        assert_eq!(human_bytes(DEFAULT_MAX_ARTICLE_BYTES), "16 MiB");
        assert_eq!(human_bytes(200 * 1024 * 1024), "200 MiB");
    }

    #[test]
    fn a_summary_names_at_most_so_many_paths() {
        let report = LoadReport {
            loaded: 1,
            skipped: (0..5)
                .map(|i| Skipped {
                    path: format!("{i}.txt").into(),
                    reason: SkipReason::Empty,
                })
                .collect(),
            kept: Vec::new(),
        };
        assert_eq!(
            report.summary(2),
            "1 article loaded, 5 skipped\n  skipped 0.txt: empty file\n  skipped 1.txt: empty file\n  … and 3 more"
        );
        assert_eq!(report.summary(0), "1 article loaded, 5 skipped");
        assert_eq!(report.to_string().lines().count(), 6);
    }

    #[test]
    fn a_file_over_the_cap_is_skipped_unread_with_its_size() {
        let dir = corpus_dir();
        // 200 MiB, sparse: nothing is written, and nothing must be read.
        let big = std::fs::File::create(dir.path().join("big.txt")).unwrap();
        big.set_len(200 * 1024 * 1024).unwrap();
        let (corpus, report) = reload(&Corpus::default(), dir.path());
        assert_eq!(corpus.len(), 3);
        assert_eq!(report.skipped.len(), 1, "{report}");
        assert_eq!(
            report.skipped[0].reason,
            SkipReason::TooLarge {
                bytes: 200 * 1024 * 1024,
                limit: DEFAULT_MAX_ARTICLE_BYTES
            }
        );
        let text = report.to_string();
        assert!(
            text.contains("big.txt: larger than 16 MiB (209715200 bytes)")
                && text.contains("max_article_bytes"),
            "{text}"
        );
        // A file that grows past the cap leaves the corpus: the cap is a
        // setting, not a fault to ride out.
        let b = std::fs::OpenOptions::new()
            .write(true)
            .open(dir.path().join("b.txt"))
            .unwrap();
        b.set_len(DEFAULT_MAX_ARTICLE_BYTES + 1).unwrap();
        let (grown, report) = reload(&corpus, dir.path());
        assert_eq!(raw_of(&grown, "b.txt"), None);
        assert_eq!(grown.len(), 2);
        assert!(report.kept.is_empty(), "{report}");
        assert_eq!(report.skipped.len(), 2, "{report}");
        // A lower cap applies to every file; the reader never reads past it.
        let source = CorpusSource::Paths(vec![dir.path().join("a.txt")]);
        let small = LoadOptions {
            max_article_bytes: 10,
        };
        let (corpus, report) = Corpus::load_with(&source, &small, &mut |_, _| {});
        assert!(corpus.is_empty());
        assert!(matches!(
            report.skipped[0].reason,
            SkipReason::TooLarge { limit: 10, .. }
        ));
    }

    #[test]
    fn a_file_that_vanished_after_the_walk_is_gone_not_missing() {
        let dir = tempfile::tempdir().unwrap();
        assert_eq!(
            read_article_text(&dir.path().join("listed-then-deleted.txt"), 100),
            Err(SkipReason::Gone)
        );
    }

    #[cfg(unix)]
    #[test]
    fn a_fifo_is_refused_without_blocking() {
        let dir = tempfile::tempdir().unwrap();
        let fifo = dir.path().join("pipe.txt");
        let name = std::ffi::CString::new(fifo.as_os_str().as_encoded_bytes()).unwrap();
        assert_eq!(unsafe { libc::mkfifo(name.as_ptr(), 0o644) }, 0);
        // No writer ever opens it: a blocking open would hang here.
        assert_eq!(
            read_article_text(&fifo, DEFAULT_MAX_ARTICLE_BYTES),
            Err(SkipReason::Unreadable("not a regular file".into()))
        );
        let (corpus, report) = reload(&Corpus::default(), dir.path());
        assert!(corpus.is_empty() && report.skipped.is_empty(), "{report}");
    }

    #[test]
    fn a_deleted_file_leaves_and_a_broken_one_keeps_its_last_good_version() {
        let dir = corpus_dir();
        let (first, report) = reload(&Corpus::default(), dir.path());
        assert_eq!((first.len(), report.kept.len()), (3, 0));

        std::fs::remove_file(dir.path().join("a.txt")).unwrap();
        write(dir.path(), "b.txt", "Half\0written");
        let (second, report) = reload(&first, dir.path());
        assert_eq!(raw_of(&second, "a.txt"), None, "deleted on purpose");
        assert_eq!(
            raw_of(&second, "b.txt").as_deref(),
            Some(OLD_B),
            "last good version"
        );
        assert!(raw_of(&second, "c.md").is_some());
        assert_eq!(report.loaded, 1);
        assert!(report.skipped.is_empty(), "{report}");
        assert_eq!(report.kept.len(), 1);
        assert_eq!(report.kept[0].path, dir.path().join("b.txt"));
        assert_eq!(report.kept[0].reason, SkipReason::Binary);
        assert!(report
            .to_string()
            .contains("1 kept from the last good load"));
        // Corpus order is kept: b before sub/c.
        let names: Vec<_> = second.articles.iter().map(|a| a.id.as_str()).collect();
        assert_eq!(names, ["b.txt", "c.md"]);

        // Kept again while it stays broken (from the kept copy)…
        write(dir.path(), "b.txt", "");
        let (third, report) = reload(&second, dir.path());
        assert_eq!(raw_of(&third, "b.txt").as_deref(), Some(OLD_B));
        assert_eq!(report.kept[0].reason, SkipReason::Empty);
        // …and read afresh once it is good.
        write(dir.path(), "b.txt", "New title\n\nThe new text of b.\n");
        let (fourth, report) = reload(&third, dir.path());
        assert!(raw_of(&fourth, "b.txt").unwrap().contains("new text"));
        assert!(
            report.kept.is_empty() && report.skipped.is_empty(),
            "{report}"
        );
    }

    #[test]
    fn a_vanished_root_keeps_its_articles_and_recovers_when_it_returns() {
        let parent = tempfile::tempdir().unwrap();
        let root = parent.path().join("sources");
        let away = parent.path().join("away");
        write(&root, "a.txt", "A title\n\nThe text of a.\n");
        write(&root, "sub/b.txt", OLD_B);
        let (first, _) = reload(&Corpus::default(), &root);
        assert_eq!(first.len(), 2);

        std::fs::rename(&root, &away).unwrap();
        let (second, report) = reload(&first, &root);
        assert_eq!(second.len(), 2);
        assert_eq!(report.loaded, 0);
        assert_eq!(report.kept.len(), 1, "{report}");
        assert_eq!(report.kept[0].path, root);
        assert_eq!(report.kept[0].reason, SkipReason::Missing);
        assert_eq!(report.kept[0].articles, 2);

        write(&away, "sub/b.txt", "New title\n\nThe new text of b.\n");
        std::fs::rename(&away, &root).unwrap();
        let (third, report) = reload(&second, &root);
        assert_eq!(third.len(), 2);
        assert!(raw_of(&third, "b.txt").unwrap().contains("new text"));
        assert!(
            report.kept.is_empty() && report.skipped.is_empty(),
            "{report}"
        );

        // A fresh load of a missing root has nothing to keep: it is skipped.
        let (empty, report) = reload(&Corpus::default(), &parent.path().join("never"));
        assert!(empty.is_empty());
        assert_eq!(report.skipped[0].reason, SkipReason::Missing);
    }

    /// Reading `/proc/self/mem` at offset 0 fails with EIO: a real I/O error
    /// on a file that exists, whoever runs the test.
    #[cfg(target_os = "linux")]
    #[test]
    fn an_io_error_keeps_the_last_good_version() {
        let dir = corpus_dir();
        let (first, _) = reload(&Corpus::default(), dir.path());
        std::fs::remove_file(dir.path().join("b.txt")).unwrap();
        std::os::unix::fs::symlink("/proc/self/mem", dir.path().join("b.txt")).unwrap();
        let (second, report) = reload(&first, dir.path());
        assert_eq!(raw_of(&second, "b.txt").as_deref(), Some(OLD_B));
        assert_eq!(report.kept.len(), 1, "{report}");
        assert!(
            matches!(&report.kept[0].reason, SkipReason::Unreadable(e) if e.contains("os error")),
            "{report}"
        );
    }

    #[cfg(unix)]
    #[test]
    fn a_symlink_loop_is_skipped_and_the_rest_loads() {
        let dir = corpus_dir();
        std::os::unix::fs::symlink(dir.path(), dir.path().join("sub/loop")).unwrap();
        let (corpus, report) = reload(&Corpus::default(), dir.path());
        assert_eq!(corpus.len(), 3);
        assert_eq!(report.skipped.len(), 1, "{report}");
        assert!(report.to_string().contains("symlink loop"), "{report}");
    }
}
