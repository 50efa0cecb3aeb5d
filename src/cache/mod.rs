//! The index cache: a corpus's whole [`Index`] saved to one file and read
//! back on the next start instead of rebuilt.
//!
//! A cache file is named after the corpus's folders (so a newer index of the
//! same corpus replaces the older) and carries a key: a hash of grounded's
//! version, [`FORMAT_VERSION`], the settings that shape the index, and the
//! path, size and modification time of every corpus file. Listing the files
//! for the key is one walk, and the same list is loaded when the key does
//! not match. A missing or stale cache is rebuilt quietly; a damaged one is
//! rebuilt with a warning; nothing here ever fails a load.
//!
//! The file holds sections ([`file`]) encoded with postcard: the skipped
//! files, each analysis's index and the articles in chunks, decoded side by
//! side on every core.

mod file;
pub mod intern;
mod listing;
mod mapped;
pub mod raw;
mod releasing;
mod scratch;
mod spilled;
mod texts;

use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use serde::Serialize;

pub use file::ReadError;
pub use listing::{CorpusFiles, FileStat};

use crate::config::{CacheMode, Config};
use crate::corpus::{Article, Corpus, CorpusSource, LoadReport, Skipped};
use crate::entities::EntityIndex;
use crate::figures::FigureIndex;
use crate::index::Index;
use crate::quotes::QuoteIndex;
use spilled::{Encoded, ToScratch};

/// Bump when the layout of the file or of any cached type changes.
pub const FORMAT_VERSION: u32 = 9;

/// With `cache = "auto"`, corpora of at least this many files are cached:
/// below it, building the index takes about as long as reading a cache.
pub const AUTO_MIN_FILES: usize = 2000;

/// Overrides the cache folder.
pub const CACHE_DIR_ENV: &str = "GROUNDED_CACHE_DIR";

/// The articles are cut into this many sections, decoded side by side.
const ARTICLE_CHUNKS: usize = 8;
/// Sections before the article chunks. The quote index comes first: a
/// build writes it as soon as it is built ([`spilled`]).
const QUOTES: usize = 0;
const ENTITIES: usize = 1;
const SKIPPED: usize = 2;
const FIGURES: usize = 3;
const FIRST_CHUNK: usize = 4;
/// Every section of a cache file.
const SECTIONS: usize = FIRST_CHUNK + ARTICLE_CHUNKS;

/// When and where the cache is used.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CacheSettings {
    pub mode: CacheMode,
    /// The cache folder, overriding [`CACHE_DIR_ENV`] and the default.
    pub dir: Option<PathBuf>,
}

impl CacheSettings {
    /// The folder cache files go in: the explicit one, else
    /// `$GROUNDED_CACHE_DIR`, else `$XDG_CACHE_HOME/grounded/index`, else
    /// `~/.cache/grounded/index`; `None` when there is no home either.
    pub fn folder(&self) -> Option<PathBuf> {
        let env = |name: &str| std::env::var_os(name).filter(|v| !v.is_empty());
        self.dir
            .clone()
            .or_else(|| env(CACHE_DIR_ENV).map(PathBuf::from))
            .or_else(|| env("XDG_CACHE_HOME").map(|d| PathBuf::from(d).join("grounded/index")))
            .or_else(|| env("HOME").map(|h| PathBuf::from(h).join(".cache/grounded/index")))
    }
}

/// What the cache did for a load.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CacheUse {
    /// Not consulted, for this reason.
    Off(String),
    /// The index was read from this file.
    Loaded {
        path: PathBuf,
        bytes: u64,
        took: Duration,
    },
    /// The index was built and saved to this file.
    Saved {
        path: PathBuf,
        bytes: u64,
        took: Duration,
    },
    /// The index was built; saving it failed.
    NotSaved { path: PathBuf, error: String },
}

/// What the cache did, and a warning when a cache file was unusable.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CacheReport {
    pub used: CacheUse,
    pub warning: Option<String>,
}

impl std::fmt::Display for CacheUse {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let mb = |b: &u64| *b as f64 / 1e6;
        match self {
            CacheUse::Off(why) => write!(f, "index cache not used ({why})"),
            CacheUse::Loaded { path, bytes, took } => write!(
                f,
                "index loaded from the cache {} ({:.1} MB in {:.2} s)",
                path.display(),
                mb(bytes),
                took.as_secs_f64()
            ),
            CacheUse::Saved { path, bytes, took } => write!(
                f,
                "index saved to the cache {} ({:.1} MB in {:.2} s)",
                path.display(),
                mb(bytes),
                took.as_secs_f64()
            ),
            CacheUse::NotSaved { path, error } => {
                write!(f, "cannot save the index cache {}: {error}", path.display())
            }
        }
    }
}

/// An index with what loading read and skipped and what the cache did.
#[derive(Debug)]
pub struct CachedLoad {
    pub index: Index,
    pub report: LoadReport,
    pub cache: CacheReport,
}

/// Loads the index of `source`, from the cache when `settings` say so and
/// it is up to date; otherwise builds it (and saves it, when the cache is
/// in use). `progress(files done, files in all)` as in [`Index::load`].
pub fn load_index(
    source: &CorpusSource,
    config: &Config,
    settings: &CacheSettings,
    progress: &mut dyn FnMut(usize, usize),
) -> CachedLoad {
    let off = |why: String, (index, report): (Index, LoadReport)| CachedLoad {
        index,
        report,
        cache: CacheReport {
            used: CacheUse::Off(why),
            warning: None,
        },
    };
    let roots = match source {
        CorpusSource::Embedded => {
            let loaded = Index::load_with_progress(source, config, progress);
            return off("the built-in seed articles are not cached".into(), loaded);
        }
        CorpusSource::Paths(roots) => roots,
    };
    let files = CorpusFiles::list(roots);
    if settings.mode == CacheMode::Never {
        let (loaded, warning) = built_without_cache(&files, config, settings, progress);
        let mut load = off("cache = \"never\"".into(), loaded);
        load.cache.warning = warning;
        return load;
    }
    if settings.mode == CacheMode::Auto && files.files.len() < AUTO_MIN_FILES {
        let n = files.files.len();
        return off(
            format!("{n} corpus files, fewer than {AUTO_MIN_FILES}"),
            built_in_memory(&files, config, progress),
        );
    }
    let Some(folder) = settings.folder() else {
        return off(
            "no cache folder: set GROUNDED_CACHE_DIR".into(),
            built_in_memory(&files, config, progress),
        );
    };
    let path = folder.join(listing::file_name(files.identity()));
    let key = files.key(config, FORMAT_VERSION);
    let started = Instant::now();
    let mut warning = None;
    match read(&path, key, config) {
        Ok((index, skipped)) => {
            let total = files.files.len();
            progress(total, total);
            let mut report = LoadReport {
                loaded: index.corpus.len(),
                skipped: files.skipped,
                ..LoadReport::default()
            };
            report.skipped.extend(skipped);
            let bytes = std::fs::metadata(&path).map_or(0, |m| m.len());
            return CachedLoad {
                index,
                report,
                cache: CacheReport {
                    used: CacheUse::Loaded {
                        path,
                        bytes,
                        took: started.elapsed(),
                    },
                    warning: None,
                },
            };
        }
        Err(ReadError::Missing | ReadError::Stale) => {}
        Err(e @ ReadError::Invalid(_)) => {
            warning = Some(format!("{}: {e}; rebuilding it", path.display()));
        }
    }
    let to = SaveTo::cache(&folder, files.identity(), key);
    let (index, report, used, not_served) = built_and_served(&files, config, progress, &to);
    CachedLoad {
        index,
        report,
        cache: CacheReport {
            used,
            warning: not_served.or(warning),
        },
    }
}

/// Builds the index of `files`, saves it `to` its file and serves it from
/// there ([`serve_from_file`]). The warning says why the index, saved, is
/// still served from memory.
fn built_and_served(
    files: &CorpusFiles,
    config: &Config,
    progress: &mut dyn FnMut(usize, usize),
    to: &SaveTo,
) -> (Index, LoadReport, CacheUse, Option<String>) {
    // Saved as it is built: pages freed go back at once until the index is
    // in its file (the build sets its own while it runs).
    let _kept = crate::allocator::FreedPagesKept::for_ms(0);
    let (mut index, report, encoded) = build(files, config, progress, Some(to));
    let used = save_built(&index, encoded, &report, files, to);
    let mut warning = None;
    if let CacheUse::Saved { path, .. } = &used {
        if let Err(e) = serve_from_file(&mut index, path, to.key) {
            warning = Some(format!(
                "{}: {e}; the index built is kept in memory",
                path.display()
            ));
        }
    }
    (index, report, used, warning)
}

/// The index of `files` for a run that keeps no cache (`cache = "never"`).
/// A corpus of [`AUTO_MIN_FILES`] files or more is built as for the cache
/// all the same, through a scratch file in the cache folder that is served
/// from and deleted at once ([`scratch`]): it then peaks at what a cached
/// build does, with every page of the index the system can take back, not
/// with the whole index in the heap (at 100× BBC: 2.8× the corpus, not
/// 4.5×), for a few seconds more. No later run reads the file. With no
/// cache folder, or where the scratch file cannot be written, the index is
/// built in memory, the same index; the warning says why.
fn built_without_cache(
    files: &CorpusFiles,
    config: &Config,
    settings: &CacheSettings,
    progress: &mut dyn FnMut(usize, usize),
) -> ((Index, LoadReport), Option<String>) {
    let folder = settings
        .folder()
        .filter(|_| files.files.len() >= AUTO_MIN_FILES);
    let Some(folder) = folder else {
        return (built_in_memory(files, config, progress), None);
    };
    let to = SaveTo::scratch(&folder, files.key(config, FORMAT_VERSION));
    let (index, report, used, mut warning) = built_and_served(files, config, progress, &to);
    match used {
        CacheUse::Saved { path, .. } => {
            // What is served stays mapped; the name goes.
            let _ = std::fs::remove_file(path);
        }
        CacheUse::NotSaved { path, error } => {
            warning = Some(format!(
                "cannot write the scratch file {}: {error}; the index is built in memory",
                path.display()
            ));
        }
        CacheUse::Off(_) | CacheUse::Loaded { .. } => {}
    }
    ((index, report), warning)
}

/// Swaps what a just-saved index can read in place from its cache file
/// (the articles' texts, the quote index's packed arrays) for the file's
/// pages, as a start from the cache would have them: a server that built
/// its index then holds no more heap than one that loaded it. Only the
/// quote and article sections are read, a part at a time on each core, and
/// each part built is dropped as its copy from the file takes its place,
/// so this never holds more than the build did. The index answers the same
/// before and after; on an error, the parts not swapped stay as built.
fn serve_from_file(index: &mut Index, path: &Path, key: u64) -> Result<(), ReadError> {
    let sections = file::read(path, FORMAT_VERSION, key)?;
    if sections.shared().is_none() {
        // Read into a vector: nothing would stay in the file.
        return Ok(());
    }
    let chunks: Vec<_> = article_chunks(index.corpus.len()).collect();
    if sections.len() != SECTIONS {
        return Err(ReadError::Invalid(format!("{} sections", sections.len())));
    }
    let parts: Vec<usize> = std::iter::once(QUOTES)
        .chain(FIRST_CHUNK..sections.len())
        .collect();
    let index = std::sync::Mutex::new(index);
    let swap = |&i: &usize| -> Result<(), ReadError> {
        let bytes = sections.get(i)?;
        if i == QUOTES {
            // The quote index is most of what is swapped: the built one goes
            // before the file's is decoded (its checksum has passed), so the
            // two are never held at once. Should the decoding fail even so,
            // it is built again.
            let lock = || index.lock().unwrap_or_else(|p| p.into_inner());
            let built = std::mem::take(&mut lock().quotes);
            drop(built);
            let decoded = decode_section(&sections, i, bytes);
            let mut index = lock();
            match decoded {
                Ok(quotes) => index.quotes = quotes,
                Err(e) => {
                    index.quotes = QuoteIndex::build(&index.corpus);
                    return Err(e);
                }
            }
        } else {
            let read: Vec<Article> = decode_section(&sections, i, bytes)?;
            let range = chunks[i - FIRST_CHUNK].clone();
            if read.len() != range.len() {
                return Err(ReadError::Invalid(format!(
                    "section {i}: {} articles where {} were saved",
                    read.len(),
                    range.len()
                )));
            }
            let built: Vec<Article> = {
                let mut index = index.lock().unwrap_or_else(|p| p.into_inner());
                index.corpus.articles.splice(range, read).collect()
            };
            drop(built);
        }
        Ok(())
    };
    let swapped = crate::parallel::map_ordered(&parts, swap, None);
    sections.read_at_random();
    let swapped: Result<(), ReadError> = swapped.into_iter().collect();
    if swapped.is_ok() {
        // No text is left in the file the build moved them to: letting go
        // of it unmaps it, and the deleted file's space is freed.
        let mut index = index.lock().unwrap_or_else(|p| p.into_inner());
        index.corpus.text_pages = crate::corpus::TextPages::default();
    }
    swapped
}

/// Where a built index is to be saved: a file in the cache folder, written
/// with the key of the corpus files.
struct SaveTo<'a> {
    folder: &'a Path,
    key: u64,
    file: SavedFile,
}

/// Which file of the cache folder an index is saved to.
enum SavedFile {
    /// The cache file of the corpus named `identity`.
    Cache { identity: u64 },
    /// A scratch file ([`scratch::unique_stem`]), saved only to be served
    /// from: no corpus's cache file.
    Scratch { stem: String },
}

impl<'a> SaveTo<'a> {
    /// The cache file of the corpus named `identity`.
    fn cache(folder: &'a Path, identity: u64, key: u64) -> SaveTo<'a> {
        SaveTo {
            folder,
            key,
            file: SavedFile::Cache { identity },
        }
    }

    /// A new scratch file in `folder`.
    fn scratch(folder: &'a Path, key: u64) -> SaveTo<'a> {
        SaveTo {
            folder,
            key,
            file: SavedFile::Scratch {
                stem: scratch::unique_stem(scratch::ScratchKind::Index),
            },
        }
    }

    fn path(&self) -> PathBuf {
        match &self.file {
            SavedFile::Cache { identity } => self.folder.join(listing::file_name(*identity)),
            SavedFile::Scratch { stem } => self.folder.join(format!("{stem}.tmp")),
        }
    }

    /// Starts writing the file beside its name. For a cache file, what an
    /// earlier write that did not finish left there is removed first (a
    /// scratch file's are removed once old: [`scratch`]).
    fn begin(&self) -> io::Result<file::Writer> {
        std::fs::create_dir_all(self.folder)?;
        let temp = match &self.file {
            SavedFile::Cache { identity } => {
                if let Ok(entries) = std::fs::read_dir(self.folder) {
                    for e in entries.flatten() {
                        if listing::is_temp_of(&e.path(), *identity) {
                            let _ = std::fs::remove_file(e.path());
                        }
                    }
                }
                self.folder
                    .join(format!(".{identity:016x}.{}.tmp", std::process::id()))
            }
            SavedFile::Scratch { stem } => self.folder.join(format!("{stem}.part.tmp")),
        };
        file::Writer::create(&temp, FORMAT_VERSION, self.key, SECTIONS)
    }
}

/// Builds the index of listed files. When it is to be saved (`save_to`),
/// the texts are moved to a scratch file in the cache folder for the build
/// (see [`texts`]), and the finished indexes are set aside (see
/// [`spilled`]: the quote index as the cache file's first section, which
/// is returned for the save to go on); where that fails they stay in the
/// heap, and the index is the same.
fn build(
    files: &CorpusFiles,
    config: &Config,
    progress: &mut dyn FnMut(usize, usize),
    save_to: Option<&SaveTo>,
) -> (Index, LoadReport, Encoded) {
    let (mut corpus, report) = Corpus::load_files(
        files.paths(),
        files.skipped.clone(),
        &config.load_options(),
        progress,
    );
    let Some(to) = save_to else {
        return (Index::build(corpus, config), report, Encoded::default());
    };
    let _ = texts::move_to_file(&mut corpus, to.folder);
    let begin = || to.begin();
    let aside = ToScratch::new(to.folder, &begin);
    let pages = corpus.text_pages.clone();
    let index = texts::releasing_while(&pages, || {
        Index::build_setting_aside(corpus, config, &aside)
    });
    (index, report, aside.into_encoded())
}

/// [`build`] for an index that is not saved.
fn built_in_memory(
    files: &CorpusFiles,
    config: &Config,
    progress: &mut dyn FnMut(usize, usize),
) -> (Index, LoadReport) {
    let (index, report, _) = build(files, config, progress, None);
    (index, report)
}

/// Saves an index built from `files` (whose load produced `report`), going
/// on from what the build wrote already.
fn save_built(
    index: &Index,
    encoded: Encoded,
    report: &LoadReport,
    files: &CorpusFiles,
    to: &SaveTo,
) -> CacheUse {
    let path = to.path();
    // The walk's own problems are found again by the next walk; the files
    // that could not be read are only known from loading them.
    let skipped = report.skipped.get(files.skipped.len()..).unwrap_or(&[]);
    let started = Instant::now();
    match write(index, encoded, skipped, to) {
        Ok(bytes) => CacheUse::Saved {
            path,
            bytes,
            took: started.elapsed(),
        },
        Err(e) => CacheUse::NotSaved {
            path,
            error: e.to_string(),
        },
    }
}

/// Where the cache of `files` is, and whether it is up to date (its size).
pub fn probe(
    files: &CorpusFiles,
    config: &Config,
    settings: &CacheSettings,
) -> (Option<PathBuf>, Result<u64, ReadError>) {
    let Some(folder) = settings.folder() else {
        return (None, Err(ReadError::Missing));
    };
    let path = folder.join(listing::file_name(files.identity()));
    let state = file::probe(&path, FORMAT_VERSION, files.key(config, FORMAT_VERSION));
    (Some(path), state)
}

/// Builds the index of `files` and saves it, whatever the mode and size:
/// `grounded index`. The cache report says where it went.
pub fn build_and_save(
    files: &CorpusFiles,
    config: &Config,
    settings: &CacheSettings,
    progress: &mut dyn FnMut(usize, usize),
) -> CachedLoad {
    let folder = settings.folder();
    let to = folder
        .as_deref()
        .map(|folder| SaveTo::cache(folder, files.identity(), files.key(config, FORMAT_VERSION)));
    let (index, report, encoded) = build(files, config, progress, to.as_ref());
    let used = match &to {
        Some(to) => save_built(&index, encoded, &report, files, to),
        None => CacheUse::Off("no cache folder: set GROUNDED_CACHE_DIR".into()),
    };
    CachedLoad {
        index,
        report,
        cache: CacheReport {
            used,
            warning: None,
        },
    }
}

fn article_chunks(n: usize) -> impl Iterator<Item = std::ops::Range<usize>> {
    let per = n.div_ceil(ARTICLE_CHUNKS).max(1);
    (0..ARTICLE_CHUNKS).map(move |i| (i * per).min(n)..((i + 1) * per).min(n))
}

/// Writes `index` as its cache file, replacing any older one, going on
/// from the sections the build wrote already (`encoded`). Returns the
/// file's size.
fn write(index: &Index, encoded: Encoded, skipped: &[Skipped], to: &SaveTo) -> io::Result<u64> {
    let mut out = match encoded.file {
        Some(file) => file,
        None => to.begin()?,
    };
    let chunks: Vec<_> = article_chunks(index.corpus.len()).collect();
    fn put<T: Serialize + ?Sized>(value: &T, out: &mut dyn Write) -> io::Result<()> {
        postcard::to_io(value, out)
            .map(|_| ())
            .map_err(|e| io::Error::other(e.to_string()))
    }
    for i in out.sections_written()..SECTIONS {
        out.section(&mut |out| match i {
            QUOTES => put(&index.quotes, out),
            ENTITIES => match &encoded.entities {
                Some(entities) => entities.write_to(out),
                None => put(&index.entities, out),
            },
            SKIPPED => put(skipped, out),
            FIGURES => put(&index.figures, out),
            _ => {
                put(&index.corpus.articles[chunks[i - FIRST_CHUNK].clone()], out)?;
                // Texts in a mapped file are paged in to be written out.
                index.corpus.release_text_pages();
                Ok(())
            }
        })?;
    }
    out.finish(&to.path())
}

/// One decoded section.
enum Part {
    Skipped(Vec<Skipped>),
    Entities(EntityIndex),
    Quotes(Box<QuoteIndex>),
    Figures(Box<FigureIndex>),
    Articles(Vec<Article>),
}

/// Reads the cache file of `key`: the index (with `config`, which is not
/// cached) and the files its load skipped.
fn read(path: &Path, key: u64, config: &Config) -> Result<(Index, Vec<Skipped>), ReadError> {
    let sections = file::read(path, FORMAT_VERSION, key)?;
    if sections.len() < FIRST_CHUNK {
        return Err(ReadError::Invalid(format!("{} sections", sections.len())));
    }
    let ids: Vec<usize> = (0..sections.len()).collect();
    let decode = |&i: &usize| -> Result<Part, ReadError> {
        // Checked, then decoded, each handing back the pages it has read as
        // it goes: a section's bytes need not stay in memory beside the
        // index they decode to.
        let bytes = sections.get(i)?;
        Ok(match i {
            SKIPPED => Part::Skipped(decode_section(&sections, i, bytes)?),
            ENTITIES => Part::Entities(decode_section(&sections, i, bytes)?),
            QUOTES => Part::Quotes(decode_section(&sections, i, bytes)?),
            FIGURES => Part::Figures(decode_section(&sections, i, bytes)?),
            _ => Part::Articles(decode_section(&sections, i, bytes)?),
        })
    };
    let parts = crate::parallel::map_ordered(&ids, decode, None);
    // The articles' texts may stay in the mapped file: from now on they are
    // read a passage at a time.
    sections.read_at_random();
    drop(sections);
    let mut index = Index {
        config: config.clone(),
        ..Index::default()
    };
    let mut skipped = Vec::new();
    for part in parts {
        match part? {
            Part::Skipped(s) => skipped = s,
            Part::Entities(e) => index.entities = e,
            Part::Quotes(q) => index.quotes = *q,
            Part::Figures(f) => index.figures = *f,
            Part::Articles(a) => index.corpus.articles.extend(a),
        }
    }
    Ok((index, skipped))
}

/// Decodes section `i` from its `checked` bytes ([`file::Sections::get`]),
/// handing back the pages it has read as it goes and the whole section once
/// decoded: a section's bytes need not stay in memory beside the index they
/// decode to. From a mapped file, the articles' texts and the quote index's
/// long number arrays stay in the file's pages (shared by all of them, kept
/// mapped as long as one lives) instead of being copied to the heap: they
/// are most of a large corpus's index, and a start from the cache then holds
/// only the pages it reads.
fn decode_section<T: serde::de::DeserializeOwned>(
    sections: &file::Sections,
    i: usize,
    checked: &[u8],
) -> Result<T, ReadError> {
    let release = |read: std::ops::Range<usize>| sections.release_within(i, read);
    // SAFETY: a mapped cache file is read-only and private, mapped until its
    // last owner is dropped, and never written in place (grounded replaces a
    // cache file by renaming a new one over it; see `mapped`). Pages handed
    // back with `release` read the same again.
    let decoded = unsafe { releasing::decode_in(sections.shared(), checked, &release) };
    sections.release(i);
    decoded.map_err(|e| ReadError::Invalid(format!("section {i}: {e}")))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::index::SetAside;
    use crate::quotes::QuoteMatch;

    const TEXTS: [(&str, &str); 2] = [
        (
            "port.txt",
            "Port blast\n\n\u{201c}We will rebuild every warehouse within two years,\u{201d} \
             said Ana Ruiz, the port director. The explosion killed 145 people.\n",
        ),
        (
            "storm.txt",
            "Storm\n\nThe storm killed 12 people in the north.\n",
        ),
    ];

    fn located(index: &Index) -> Vec<QuoteMatch> {
        index.quotes.locate(
            &index.corpus,
            "we will rebuild every warehouse within two years",
        )
    }

    #[cfg(unix)]
    #[test]
    fn a_saved_index_is_served_from_its_file_and_answers_the_same() {
        let dir = tempfile::tempdir().unwrap();
        let to = SaveTo::cache(dir.path(), 1, 2);
        let mut index = Index::from_texts(TEXTS);
        let before = located(&index);
        assert_eq!(before.len(), 1);
        write(&index, Encoded::default(), &[], &to).unwrap();
        serve_from_file(&mut index, &to.path(), 2).unwrap();
        assert!(index
            .corpus
            .articles
            .iter()
            .all(|a| a.folded.text.is_shared()));
        assert_eq!(located(&index), before);
    }

    #[cfg(unix)]
    #[test]
    fn a_quote_section_that_does_not_decode_leaves_a_quote_index_that_answers_the_same() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("c.index");
        let mut index = Index::from_texts(TEXTS);
        let before = located(&index);
        // The sections of a cache file, the quote index's replaced by bytes
        // that pass their checksum but are no quote index.
        let chunks: Vec<_> = article_chunks(index.corpus.len()).collect();
        file::write(
            &path,
            &dir.path().join(".c.tmp"),
            FORMAT_VERSION,
            2,
            FIRST_CHUNK + chunks.len(),
            &mut |i, out| match i {
                QUOTES => out.write_all(&[0xff; 3]),
                SKIPPED => out.write_all(&postcard::to_allocvec(&Vec::<Skipped>::new()).unwrap()),
                FIRST_CHUNK.. => out.write_all(
                    &postcard::to_allocvec(&index.corpus.articles[chunks[i - FIRST_CHUNK].clone()])
                        .unwrap(),
                ),
                _ => Ok(()),
            },
        )
        .unwrap();
        assert_eq!(before.len(), 1);
        let e = serve_from_file(&mut index, &path, 2).unwrap_err();
        assert!(e.to_string().contains("section 0"), "{e}");
        assert_eq!(located(&index), before);
        assert!(index
            .corpus
            .articles
            .iter()
            .all(|a| a.folded.text.is_shared()));
    }

    #[cfg(unix)]
    #[test]
    fn a_save_goes_on_from_the_quote_section_the_build_wrote() {
        let dir = tempfile::tempdir().unwrap();
        let to = SaveTo::cache(dir.path(), 1, 2);
        let mut index = Index::from_texts(TEXTS);
        let before = located(&index);
        let entities = format!("{:?}", index.entities);
        let begin = || to.begin();
        let aside = ToScratch::new(to.folder, &begin);
        index.quotes = aside.quotes(std::mem::take(&mut index.quotes));
        assert_eq!(located(&index), before);
        let back = aside.entities(std::mem::take(&mut index.entities));
        index.entities = back().expect("read back");
        let encoded = aside.into_encoded();
        assert_eq!(encoded.file.as_ref().map(|f| f.sections_written()), Some(1));
        assert!(encoded.entities.is_some());
        // Until the save, the file is not at its name.
        assert!(!to.path().exists());
        write(&index, encoded, &[], &to).unwrap();
        let names: Vec<_> = std::fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(names, [to.path().file_name().unwrap()]);
        let (read, _) = read(&to.path(), 2, &Config::default()).unwrap();
        assert_eq!(located(&read), before);
        assert_eq!(format!("{:?}", read.entities), entities);
        assert_eq!(
            format!("{:?}", read.figures),
            format!("{:?}", index.figures)
        );
    }

    #[cfg(unix)]
    #[test]
    fn a_save_that_fails_leaves_no_file_behind() {
        let dir = tempfile::tempdir().unwrap();
        let to = SaveTo::cache(dir.path(), 1, 2);
        let index = Index::from_texts(TEXTS);
        let begin = || to.begin();
        let aside = ToScratch::new(to.folder, &begin);
        let _quotes = aside.quotes(QuoteIndex::build(&index.corpus));
        let encoded = aside.into_encoded();
        assert!(encoded.file.is_some());
        // The folder goes: the rename cannot happen.
        let gone = tempfile::tempdir().unwrap();
        let missing = gone.path().join("missing");
        let elsewhere = SaveTo::cache(&missing, 1, 2);
        assert!(write(&index, encoded, &[], &elsewhere).is_err());
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0);
    }

    #[test]
    fn chunks_cover_every_article_once() {
        for n in [0, 1, 7, 8, 9, 1230] {
            let chunks: Vec<_> = article_chunks(n).collect();
            assert_eq!(chunks.len(), ARTICLE_CHUNKS);
            let covered: Vec<usize> = chunks.into_iter().flatten().collect();
            assert_eq!(covered, (0..n).collect::<Vec<_>>());
        }
    }
}
