//! The corpus files as the cache sees them: one walk of the corpus folders
//! that lists every article file with its size and modification time. The
//! key of a cached index is a hash of that list (and of what else decides
//! the index); the same list is what gets loaded when the cache misses.

use std::path::{Path, PathBuf};
use std::time::UNIX_EPOCH;

use crate::config::Config;
use crate::corpus::{list_article_files, Skipped};

/// One article file and what its stat said (zeros when it could not be
/// stat-ed: loading will skip it and say why).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileStat {
    pub path: PathBuf,
    pub size: u64,
    /// Nanoseconds since the Unix epoch.
    pub mtime: u128,
}

/// Every article file under a corpus's roots, sorted as loading reads them.
#[derive(Debug, Clone, Default)]
pub struct CorpusFiles {
    pub roots: Vec<PathBuf>,
    pub files: Vec<FileStat>,
    /// What the walk could not read (missing roots, unreadable folders).
    pub skipped: Vec<Skipped>,
}

impl CorpusFiles {
    /// Walks the roots once and stats every article file, on every core (a
    /// large corpus has a hundred thousand files to stat).
    pub fn list(roots: &[PathBuf]) -> CorpusFiles {
        let listing = list_article_files(roots);
        let files = crate::parallel::map_ordered(&listing.files, |p| stat(p), None);
        let mut skipped = listing.unseen;
        skipped.extend(listing.skipped);
        CorpusFiles {
            roots: roots.to_vec(),
            files,
            skipped,
        }
    }

    /// The article paths, for loading.
    pub fn paths(&self) -> Vec<PathBuf> {
        self.files.iter().map(|f| f.path.clone()).collect()
    }

    /// The key of an index of these files built with `config`: it changes
    /// when grounded or its cache format changes, when a setting that shapes
    /// the index changes, and when a file is added, removed, resized or
    /// touched.
    pub fn key(&self, config: &Config, format_version: u32) -> u64 {
        let mut h = Fnv::default();
        h.str(env!("CARGO_PKG_VERSION"));
        h.u64(u64::from(format_version));
        // The settings the analyses' indexes read (the others, such as
        // severities, are applied when checking and are not cached).
        h.u64(config.aliases.len() as u64);
        for (name, others) in &config.aliases {
            h.str(name);
            h.u64(others.len() as u64);
            for o in others {
                h.str(o);
            }
        }
        h.u64(self.files.len() as u64);
        for f in &self.files {
            h.bytes(f.path.as_os_str().as_encoded_bytes());
            h.u64(f.size);
            h.u64(f.mtime as u64);
            h.u64((f.mtime >> 64) as u64);
        }
        h.finish()
    }

    /// Names the corpus (its roots) regardless of its contents: the cache
    /// file of a corpus keeps this name, so a newer index replaces an older.
    pub fn identity(&self) -> u64 {
        let mut h = Fnv::default();
        for root in &self.roots {
            let root = std::fs::canonicalize(root).unwrap_or_else(|_| root.clone());
            h.bytes(root.as_os_str().as_encoded_bytes());
        }
        h.finish()
    }
}

fn stat(path: &Path) -> FileStat {
    let meta = std::fs::metadata(path).ok();
    let size = meta.as_ref().map_or(0, |m| m.len());
    let mtime = meta
        .and_then(|m| m.modified().ok())
        .and_then(|t| t.duration_since(UNIX_EPOCH).ok())
        .map_or(0, |d| d.as_nanos());
    FileStat {
        path: path.to_path_buf(),
        size,
        mtime,
    }
}

/// FNV-1a, 64 bits: stable across builds and platforms (unlike the
/// standard library's hasher), and the input is small.
struct Fnv(u64);

impl Default for Fnv {
    fn default() -> Fnv {
        Fnv(0xcbf2_9ce4_8422_2325)
    }
}

impl Fnv {
    fn bytes(&mut self, bytes: &[u8]) {
        self.u64(bytes.len() as u64);
        for &b in bytes {
            self.0 ^= u64::from(b);
            self.0 = self.0.wrapping_mul(0x0100_0000_01b3);
        }
    }

    fn str(&mut self, s: &str) {
        self.bytes(s.as_bytes());
    }

    fn u64(&mut self, n: u64) {
        for b in n.to_le_bytes() {
            self.0 ^= u64::from(b);
            self.0 = self.0.wrapping_mul(0x0100_0000_01b3);
        }
    }

    fn finish(&self) -> u64 {
        self.0
    }
}

/// The cache file name of a corpus.
pub fn file_name(identity: u64) -> String {
    format!("{identity:016x}.index")
}

/// Whether `name` is a temporary file left by writing the cache of the
/// corpus named `identity`.
pub fn is_temp_of(name: &Path, identity: u64) -> bool {
    name.file_name()
        .and_then(|n| n.to_str())
        .is_some_and(|n| n.starts_with(&format!(".{identity:016x}.")) && n.ends_with(".tmp"))
}
