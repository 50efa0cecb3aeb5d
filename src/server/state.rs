//! The server's shared state: open documents, the current index, the
//! negotiated settings, and the latest analysis of each document.
//!
//! Locks are `std::sync` and are never held across an `.await`: handlers
//! mutate documents synchronously on their first poll, which keeps edits in
//! the order the client sent them even though tower-lsp runs handlers
//! concurrently.

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, MutexGuard, RwLock};

use tower_lsp_server::ls_types::Uri;

use super::documents::Document;
use crate::check::NoteCache;
use crate::finding::Finding;
use crate::index::Index;
use crate::text::Encoding;

/// What the client and server agreed on at `initialize`.
#[derive(Debug, Clone, Default)]
pub struct Settings {
    pub encoding: Encoding,
    /// The workspace root, if the client gave one.
    pub root: Option<PathBuf>,
    /// Corpus paths from `initializationOptions.corpus`.
    pub init_corpus: Vec<PathBuf>,
    /// The client accepts `window/workDoneProgress/create`.
    pub progress: bool,
    /// The client lets us register file watchers.
    pub watch_registration: bool,
    /// The client understands watchers relative to a base folder.
    pub relative_patterns: bool,
}

/// The last analysis published for a document.
#[derive(Debug, Clone)]
pub struct Analysis {
    pub version: i32,
    pub text: Arc<String>,
    pub findings: Arc<Vec<Finding>>,
    /// The index the findings were computed against.
    pub index: Arc<Index>,
}

#[derive(Debug, Default)]
pub struct State {
    pub settings: RwLock<Settings>,
    docs: Mutex<HashMap<Uri, Document>>,
    index: RwLock<Arc<Index>>,
    /// Folders and files the current corpus was read from, and the config file.
    pub watched: RwLock<Vec<PathBuf>>,
    analyses: Mutex<HashMap<Uri, Analysis>>,
    /// What each open note's last check left to reuse.
    note_caches: Mutex<HashMap<Uri, Arc<Mutex<NoteCache>>>>,
    /// Notes with a check scheduled and not yet started: a burst of edits
    /// schedules one check, of the newest version.
    pending: Mutex<std::collections::HashSet<Uri>>,
    /// Bumped on every reindex; a load whose generation is stale is dropped.
    pub generation: AtomicU64,
    /// Set once the first index is in: before that, checking a note would
    /// report every quote and figure as unsourced.
    pub indexed: std::sync::atomic::AtomicBool,
    /// Set by `shutdown`: an `exit` before it ends the process with code 1.
    shutdown_requested: std::sync::atomic::AtomicBool,
}

/// Recovers a poisoned lock: a panic elsewhere must not take the server down.
fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|e| e.into_inner())
}

impl State {
    pub fn settings(&self) -> Settings {
        self.settings
            .read()
            .unwrap_or_else(|e| e.into_inner())
            .clone()
    }

    pub fn encoding(&self) -> Encoding {
        self.settings().encoding
    }

    pub fn index(&self) -> Arc<Index> {
        self.index.read().unwrap_or_else(|e| e.into_inner()).clone()
    }

    pub fn set_index(&self, index: Arc<Index>) {
        *self.index.write().unwrap_or_else(|e| e.into_inner()) = index;
        self.indexed.store(true, Ordering::SeqCst);
    }

    pub fn is_indexed(&self) -> bool {
        self.indexed.load(Ordering::SeqCst)
    }

    pub fn request_shutdown(&self) {
        self.shutdown_requested.store(true, Ordering::SeqCst);
    }

    pub fn is_shutdown_requested(&self) -> bool {
        self.shutdown_requested.load(Ordering::SeqCst)
    }

    pub fn next_generation(&self) -> u64 {
        self.generation.fetch_add(1, Ordering::SeqCst) + 1
    }

    pub fn is_current_generation(&self, g: u64) -> bool {
        self.generation.load(Ordering::SeqCst) == g
    }

    pub fn with_docs<R>(&self, f: impl FnOnce(&mut HashMap<Uri, Document>) -> R) -> R {
        f(&mut lock(&self.docs))
    }

    /// The text and version of an open document.
    pub fn snapshot(&self, uri: &Uri) -> Option<(Arc<String>, i32)> {
        self.with_docs(|d| d.get(uri).map(|doc| (Arc::new(doc.text()), doc.version)))
    }

    pub fn version(&self, uri: &Uri) -> Option<i32> {
        self.with_docs(|d| d.get(uri).map(|doc| doc.version))
    }

    pub fn open_uris(&self) -> Vec<Uri> {
        self.with_docs(|d| d.keys().cloned().collect())
    }

    pub fn analysis(&self, uri: &Uri) -> Option<Analysis> {
        lock(&self.analyses).get(uri).cloned()
    }

    pub fn set_analysis(&self, uri: Uri, a: Analysis) {
        lock(&self.analyses).insert(uri, a);
    }

    /// The check cache of an open note (made on first use); `None` when the
    /// note is not open.
    pub fn note_cache(&self, uri: &Uri) -> Option<Arc<Mutex<NoteCache>>> {
        self.version(uri)?;
        Some(
            lock(&self.note_caches)
                .entry(uri.clone())
                .or_default()
                .clone(),
        )
    }

    /// Marks a note as waiting for a check; false if it already was.
    pub fn mark_pending(&self, uri: &Uri) -> bool {
        lock(&self.pending).insert(uri.clone())
    }

    /// The waiting check of a note starts: later edits schedule another.
    pub fn take_pending(&self, uri: &Uri) {
        lock(&self.pending).remove(uri);
    }

    pub fn forget(&self, uri: &Uri) {
        lock(&self.analyses).remove(uri);
        lock(&self.note_caches).remove(uri);
        self.with_docs(|d| d.remove(uri));
    }
}
