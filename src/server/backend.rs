//! The LSP handlers. They translate requests into calls on the pure core and
//! its answers into LSP types; no analysis happens here.

use std::collections::HashMap;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use serde_json::Value;
use tower_lsp_server::jsonrpc::{Error, ErrorCode, Result};
use tower_lsp_server::ls_types::*;
use tower_lsp_server::{Client, LanguageServer};

use super::convert::{self, path_to_uri, uri_to_path};
use super::corpus_report;
use super::documents::{Document, Edit};
use super::features::{self, NoteView};
use super::state::{Analysis, Settings, State};
use crate::cancel::{Cancel, Cancelled};
use crate::check::NoteCache;
use crate::config::{self, LoadedConfig, CONFIG_FILE};
use crate::corpus::CorpusSource;
use crate::index::Index;
use crate::text::{Encoding, LineIndex};

/// `grounded/status`: the index's state, for editors' status bars.
enum StatusNotification {}

#[derive(Debug, serde::Serialize, serde::Deserialize)]
struct StatusParams {
    /// "indexing", "ready" or "error".
    state: String,
    message: String,
    articles: usize,
}

impl notification::Notification for StatusNotification {
    type Params = StatusParams;
    const METHOD: &'static str = "grounded/status";
}

/// How long to wait after an edit before analysing, so that a burst of
/// keystrokes is analysed once.
const DEBOUNCE: Duration = Duration::from_millis(40);
/// Under `GROUNDED_FAULT=slow-check`, each step of a check takes this much
/// longer, so tests can edit a note while its check runs.
const SLOW_CHECK_STEP: Duration = Duration::from_millis(5);

#[derive(Clone)]
pub struct Backend {
    client: Client,
    state: Arc<State>,
}

/// Runs `f`, turning a panic into a JSON-RPC internal error: one bad request
/// must not take the server down.
///
/// `GROUNDED_FAULT=<what>` injects a panic there, so tests can prove it.
fn guarded<T>(what: &str, f: impl FnOnce() -> T) -> Result<T> {
    let inject = std::env::var("GROUNDED_FAULT").is_ok_and(|w| w == what);
    catch_unwind(AssertUnwindSafe(|| {
        if inject {
            panic!("fault injected by GROUNDED_FAULT");
        }
        f()
    }))
    .map_err(|panic| {
        let detail = panic
            .downcast_ref::<&str>()
            .map(|s| s.to_string())
            .or_else(|| panic.downcast_ref::<String>().cloned())
            .unwrap_or_else(|| "unknown panic".into());
        eprintln!("grounded: internal error while answering {what}: {detail}");
        Error {
            code: ErrorCode::InternalError,
            message: format!("grounded: internal error while answering {what}: {detail}").into(),
            data: None,
        }
    })
}

/// Corpus paths from `initializationOptions`: `{"corpus": ["a", "b"]}` or
/// `{"corpus": "a"}`.
fn corpus_option(options: Option<&Value>) -> Vec<PathBuf> {
    match options.and_then(|o| o.get("corpus")) {
        Some(Value::String(s)) => vec![PathBuf::from(s)],
        Some(Value::Array(a)) => a
            .iter()
            .filter_map(|v| v.as_str().map(PathBuf::from))
            .collect(),
        _ => Vec::new(),
    }
}

fn negotiate(params: &InitializeParams) -> Settings {
    let caps = &params.capabilities;
    let utf8 = caps
        .general
        .as_ref()
        .and_then(|g| g.position_encodings.as_ref())
        .is_some_and(|e| e.contains(&PositionEncodingKind::UTF8));
    let watch = caps
        .workspace
        .as_ref()
        .and_then(|w| w.did_change_watched_files.as_ref());
    #[allow(deprecated)]
    let root = params
        .workspace_folders
        .as_ref()
        .and_then(|f| f.first())
        .map(|f| &f.uri)
        .or(params.root_uri.as_ref())
        .and_then(uri_to_path)
        .or_else(|| params.root_path.as_ref().map(PathBuf::from));
    Settings {
        encoding: if utf8 {
            Encoding::Utf8
        } else {
            Encoding::Utf16
        },
        root,
        init_corpus: corpus_option(params.initialization_options.as_ref()),
        progress: caps
            .window
            .as_ref()
            .and_then(|w| w.work_done_progress)
            .unwrap_or(false),
        watch_registration: watch.and_then(|w| w.dynamic_registration).unwrap_or(false),
        relative_patterns: watch
            .and_then(|w| w.relative_pattern_support)
            .unwrap_or(false),
    }
}

impl Backend {
    pub fn new(client: Client) -> Backend {
        Backend {
            client,
            state: Arc::new(State::default()),
        }
    }

    /// The shared state, for `run_stdio` to read after the service ends.
    pub(super) fn state(&self) -> Arc<State> {
        self.state.clone()
    }

    async fn log(&self, typ: MessageType, message: String) {
        eprintln!("grounded: {message}");
        self.client.log_message(typ, message).await;
    }

    async fn status(&self, state: &'static str, message: String, articles: usize) {
        self.client
            .send_notification::<StatusNotification>(StatusParams {
                state: state.to_string(),
                message,
                articles,
            })
            .await;
    }

    /// Where the corpus comes from now: init options, grounded.toml, the
    /// workspace's seeds/ folder, or the embedded seeds.
    async fn resolve(&self) -> (CorpusSource, Option<LoadedConfig>) {
        let s = self.state.settings();
        let found = s.root.as_deref().and_then(config::find_config);
        let loaded = match found.as_deref().map(config::Config::load) {
            Some(Ok(c)) => Some(c),
            Some(Err(e)) => {
                let msg = format!("{e}; using default settings");
                self.client.show_message(MessageType::ERROR, &msg).await;
                self.log(MessageType::ERROR, msg).await;
                None
            }
            None => None,
        };
        let source = config::corpus_source(&s.init_corpus, loaded.as_ref(), s.root.as_deref());
        (source, loaded)
    }

    /// Loads the corpus (with progress) and swaps the index in; then
    /// re-analyses every open document. A load overtaken by a newer one is
    /// dropped; a load that finds no article keeps the previous index.
    async fn reindex(&self, reason: &str) {
        let generation = self.state.next_generation();
        let (source, loaded) = self.resolve().await;
        let config = loaded
            .as_ref()
            .map(|l| l.config.clone())
            .unwrap_or_default();
        self.status("indexing", format!("indexing {source}"), 0)
            .await;
        let progress = if self.state.settings().progress {
            let token = NumberOrString::String(format!("grounded/index/{generation}"));
            match self.client.create_work_done_progress(token.clone()).await {
                Ok(()) => Some(
                    self.client
                        .progress(token, "grounded: indexing")
                        .with_message(format!("{source}"))
                        .with_percentage(0)
                        .begin()
                        .await,
                ),
                Err(_) => None,
            }
        } else {
            None
        };
        let (tx, mut rx) = tokio::sync::mpsc::unbounded_channel::<u32>();
        let load_source = source.clone();
        let previous = self.state.index();
        // The first index may come from the on-disk cache; a reindex reads
        // the corpus over the last good index, so files that cannot be read
        // now keep their articles.
        let first = !self.state.is_indexed();
        let cache = crate::cache::CacheSettings {
            mode: config.cache,
            dir: None,
        };
        let job = tokio::task::spawn_blocking(move || {
            let mut last = u32::MAX;
            catch_unwind(AssertUnwindSafe(|| {
                let progress = &mut |done, total| {
                    let pct = (done * 100 / usize::max(total, 1)) as u32;
                    if pct != last {
                        last = pct;
                        let _ = tx.send(pct);
                    }
                };
                if first {
                    let loaded = crate::cache::load_index(&load_source, &config, &cache, progress);
                    (loaded.index, loaded.report, Some(loaded.cache))
                } else {
                    let (index, report) = Index::reload(&previous, &load_source, &config, progress);
                    (index, report, None)
                }
            }))
        });
        while let Some(pct) = rx.recv().await {
            if let Some(p) = &progress {
                p.report(pct).await;
            }
        }
        let outcome = job.await;
        // The index work is over: checks of notes follow.
        crate::allocator::keep_freed_pages_between_checks();
        let (index, report) = match outcome {
            Ok(Ok((index, report, cache))) => {
                if let Some(cache) = cache {
                    if let Some(w) = cache.warning {
                        self.log(MessageType::WARNING, w).await;
                    }
                    if !matches!(cache.used, crate::cache::CacheUse::Off(_)) {
                        self.log(MessageType::LOG, cache.used.to_string()).await;
                    }
                }
                (index, report)
            }
            _ => {
                self.log(
                    MessageType::ERROR,
                    format!("indexing {source} failed with an internal error; keeping the previous index"),
                )
                .await;
                if let Some(p) = progress {
                    p.finish_with_message("failed").await;
                }
                let kept = self.state.index().corpus.len();
                self.status("error", format!("indexing {source} failed"), kept)
                    .await;
                return;
            }
        };
        if !self.state.is_current_generation(generation) {
            return; // a newer reindex is under way
        }
        let summary = format!(
            "indexed {source} ({reason}): {}",
            report.summary(corpus_report::LOG_LINES)
        );
        let previous = self.state.index();
        if index.corpus.is_empty() && !previous.corpus.is_empty() {
            let msg = format!("{summary}; no article could be read, keeping the previous index");
            self.client.show_message(MessageType::WARNING, &msg).await;
            self.status("error", msg.clone(), previous.corpus.len())
                .await;
            self.log(MessageType::WARNING, msg).await;
        } else {
            let articles = index.corpus.len();
            self.state.set_index(Arc::new(index));
            let warning = corpus_report::warning(&report);
            if let Some(w) = &warning {
                self.client.show_message(MessageType::WARNING, w).await;
            }
            let roots = match &source {
                CorpusSource::Paths(p) => p.as_slice(),
                CorpusSource::Embedded => &[],
            };
            match corpus_report::unreadable_root(&report, roots) {
                Some(root) => {
                    let msg = format!(
                        "cannot read the corpus folder {}; {}",
                        root.display(),
                        report.summary(0)
                    );
                    self.status("error", msg, articles).await;
                }
                None => self.status("ready", summary.clone(), articles).await,
            }
            let typ = if warning.is_none() {
                MessageType::INFO
            } else {
                MessageType::WARNING
            };
            self.log(typ, summary).await;
        }
        if let Some(p) = progress {
            // What is indexed now, kept articles included.
            let n = self.state.index().corpus.len();
            p.finish_with_message(format!("{n} article{}", if n == 1 { "" } else { "s" }))
                .await;
        }
        let mut watched = match &source {
            CorpusSource::Paths(p) => p.clone(),
            CorpusSource::Embedded => Vec::new(),
        };
        if let Some(l) = &loaded {
            watched.push(l.path.clone());
        }
        let changed = {
            let mut w = self
                .state
                .watched
                .write()
                .unwrap_or_else(|e| e.into_inner());
            let changed = *w != watched;
            *w = watched;
            changed
        };
        if changed {
            self.register_watchers().await;
        }
        for uri in self.state.open_uris() {
            self.analyse(uri).await;
        }
    }

    /// Asks the client to tell us when corpus files or grounded.toml change.
    async fn register_watchers(&self) {
        let s = self.state.settings();
        if !s.watch_registration {
            return;
        }
        let mut watchers = vec![
            FileSystemWatcher {
                glob_pattern: GlobPattern::String(format!("**/{CONFIG_FILE}")),
                kind: None,
            },
            FileSystemWatcher {
                glob_pattern: GlobPattern::String("**/*.{txt,md,markdown}".into()),
                kind: None,
            },
        ];
        if s.relative_patterns {
            let roots = self
                .state
                .watched
                .read()
                .unwrap_or_else(|e| e.into_inner())
                .clone();
            for root in roots.iter().filter(|r| r.is_dir()) {
                if let Some(uri) = path_to_uri(root) {
                    watchers.push(FileSystemWatcher {
                        glob_pattern: GlobPattern::Relative(RelativePattern {
                            base_uri: OneOf::Right(uri),
                            pattern: "**/*".into(),
                        }),
                        kind: None,
                    });
                }
            }
        }
        let _ = self
            .client
            .unregister_capability(vec![Unregistration {
                id: "grounded-watch".into(),
                method: "workspace/didChangeWatchedFiles".into(),
            }])
            .await;
        let options = DidChangeWatchedFilesRegistrationOptions { watchers };
        let registration = Registration {
            id: "grounded-watch".into(),
            method: "workspace/didChangeWatchedFiles".into(),
            register_options: serde_json::to_value(options).ok(),
        };
        if let Err(e) = self.client.register_capability(vec![registration]).await {
            self.log(
                MessageType::WARNING,
                format!("cannot watch corpus files: {e}"),
            )
            .await;
        }
    }

    /// Analyses an open document after `delay` (the debounce after an
    /// edit; none when a document opens, as there is no burst to wait for);
    /// publishes only if the document is still at the analysed version.
    fn schedule(&self, uri: Uri, delay: Duration) {
        if !self.state.mark_pending(&uri) {
            return; // the check already waiting will see this version
        }
        let this = self.clone();
        tokio::spawn(async move {
            if !delay.is_zero() {
                tokio::time::sleep(delay).await;
            }
            this.state.take_pending(&uri);
            this.analyse(uri).await;
        });
    }

    async fn analyse(&self, uri: Uri) {
        if !self.state.is_indexed() {
            return; // the first reindex analyses every open document
        }
        let Some((text, version)) = self.state.snapshot(&uri) else {
            return;
        };
        if let Some(a) = self.state.analysis(&uri) {
            if a.version == version && a.text == text && !self.index_changed_since(&a) {
                return; // already published for this version
            }
        }
        let index = self.state.index();
        let (job_text, job_index) = (text.clone(), index.clone());
        let (state, job_uri) = (self.state.clone(), uri.clone());
        // A note closed meanwhile is checked without a cache (and its result
        // dropped below).
        let cache = self.state.note_cache(&uri).unwrap_or_default();
        let slow = std::env::var("GROUNDED_FAULT").is_ok_and(|w| w == "slow-check");
        let result = tokio::task::spawn_blocking(move || {
            // A newer version makes this check's result useless: it stops at
            // the next sentence or quote, keeping what it did in the cache.
            let superseded = || {
                if slow {
                    std::thread::sleep(SLOW_CHECK_STEP);
                }
                state.version(&job_uri) != Some(version)
            };
            guarded("a check", || {
                let mut cache = match cache.lock() {
                    Ok(cache) => cache,
                    Err(poisoned) => {
                        // A check panicked half-way: start the cache afresh.
                        let mut cache = poisoned.into_inner();
                        *cache = NoteCache::new();
                        cache
                    }
                };
                crate::check_incremental(
                    &job_index,
                    &job_text,
                    &mut cache,
                    Cancel::when(&superseded),
                )
            })
        })
        .await;
        let findings = match result {
            Ok(Ok(Ok(outcome))) => outcome.findings,
            Ok(Ok(Err(Cancelled))) => {
                self.log(
                    MessageType::LOG,
                    format!("cancelled the check of {} version {version}: a newer version superseded it", uri.as_str()),
                )
                .await;
                return;
            }
            _ => return, // the panic was logged by `guarded`
        };
        if self.state.version(&uri) != Some(version) {
            return; // superseded: a newer version will publish
        }
        let enc = self.state.encoding();
        let lines = LineIndex::new(&text);
        let diagnostics = findings
            .iter()
            .map(|f| convert::diagnostic(f, &text, &lines, &index, enc))
            .collect();
        self.state.set_analysis(
            uri.clone(),
            Analysis {
                version,
                text,
                findings: Arc::new(findings),
                index,
            },
        );
        self.client
            .publish_diagnostics(uri, diagnostics, Some(version))
            .await;
    }

    /// Runs a feature on an open document's current text; `None` when the
    /// document is not open.
    fn on_document<T>(
        &self,
        uri: &Uri,
        what: &str,
        f: impl FnOnce(&Index, &NoteView) -> Option<T>,
    ) -> Result<Option<T>> {
        let Some((text, _)) = self.state.snapshot(uri) else {
            return Ok(None);
        };
        let index = self.state.index();
        let view = NoteView::new(&text, self.state.encoding());
        guarded(what, || f(&index, &view))
    }

    /// `grounded/entityTable`: the corpus's entities as a Markdown table.
    pub async fn entity_table(&self, _params: Value) -> Result<Value> {
        let index = self.state.index();
        guarded(
            "grounded/entityTable",
            || serde_json::json!({ "markdown": features::entity_table_markdown(&index) }),
        )
    }

    fn index_changed_since(&self, a: &Analysis) -> bool {
        !Arc::ptr_eq(&a.index, &self.state.index())
    }

    /// Does a changed file belong to the corpus or its configuration?
    fn affects_corpus(&self, path: &std::path::Path) -> bool {
        if path.file_name().is_some_and(|n| n == CONFIG_FILE) {
            return true;
        }
        let watched = self.state.watched.read().unwrap_or_else(|e| e.into_inner());
        watched.iter().any(|w| path.starts_with(w))
            || (watched.is_empty()
                && self
                    .state
                    .settings()
                    .root
                    .is_some_and(|r| path.starts_with(r.join("seeds"))))
    }
}

impl LanguageServer for Backend {
    async fn initialize(&self, params: InitializeParams) -> Result<InitializeResult> {
        let settings = negotiate(&params);
        let encoding = match settings.encoding {
            Encoding::Utf8 => PositionEncodingKind::UTF8,
            Encoding::Utf16 => PositionEncodingKind::UTF16,
        };
        *self
            .state
            .settings
            .write()
            .unwrap_or_else(|e| e.into_inner()) = settings;
        Ok(InitializeResult {
            capabilities: ServerCapabilities {
                position_encoding: Some(encoding),
                text_document_sync: Some(TextDocumentSyncCapability::Options(
                    TextDocumentSyncOptions {
                        open_close: Some(true),
                        change: Some(TextDocumentSyncKind::INCREMENTAL),
                        ..Default::default()
                    },
                )),
                hover_provider: Some(HoverProviderCapability::Simple(true)),
                definition_provider: Some(OneOf::Left(true)),
                references_provider: Some(OneOf::Left(true)),
                workspace_symbol_provider: Some(OneOf::Left(true)),
                document_symbol_provider: Some(OneOf::Left(true)),
                completion_provider: Some(CompletionOptions::default()),
                code_lens_provider: Some(CodeLensOptions {
                    resolve_provider: Some(false),
                }),
                execute_command_provider: Some(ExecuteCommandOptions {
                    commands: vec![features::OPEN_SOURCE.to_string()],
                    ..Default::default()
                }),
                code_action_provider: Some(CodeActionProviderCapability::Options(
                    CodeActionOptions {
                        code_action_kinds: Some(vec![CodeActionKind::QUICKFIX]),
                        ..Default::default()
                    },
                )),
                ..Default::default()
            },
            server_info: Some(ServerInfo {
                name: "grounded".into(),
                version: Some(env!("CARGO_PKG_VERSION").into()),
            }),
            offset_encoding: None,
        })
    }

    async fn initialized(&self, _: InitializedParams) {
        self.reindex("startup").await;
    }

    async fn shutdown(&self) -> Result<()> {
        // tower-lsp refuses requests after this itself (InvalidRequest).
        self.state.request_shutdown();
        Ok(())
    }

    async fn did_open(&self, params: DidOpenTextDocumentParams) {
        let doc = params.text_document;
        self.state.with_docs(|d| {
            d.insert(doc.uri.clone(), Document::new(&doc.text, doc.version));
        });
        self.schedule(doc.uri, Duration::ZERO);
    }

    async fn did_change(&self, params: DidChangeTextDocumentParams) {
        let uri = params.text_document.uri;
        let version = params.text_document.version;
        let enc = self.state.encoding();
        // Applied before any await: edits keep the client's order.
        let applied = self.state.with_docs(|d| match d.get_mut(&uri) {
            Some(doc) if version > doc.version => {
                let edits: Vec<Edit> = params
                    .content_changes
                    .into_iter()
                    .map(|c| Edit {
                        range: c
                            .range
                            .map(|r| (convert::line_col(r.start), convert::line_col(r.end))),
                        text: c.text,
                    })
                    .collect();
                doc.apply(&edits, version, enc);
                Ok(())
            }
            Some(doc) => Err(format!(
                "ignored a stale change to {} (version {version}, document is at {})",
                uri.as_str(),
                doc.version
            )),
            None => Err(format!(
                "ignored a change to {}, which is not open",
                uri.as_str()
            )),
        });
        match applied {
            Ok(()) => self.schedule(uri, DEBOUNCE),
            Err(msg) => self.log(MessageType::WARNING, msg).await,
        }
    }

    async fn did_close(&self, params: DidCloseTextDocumentParams) {
        let uri = params.text_document.uri;
        self.state.forget(&uri);
        self.client.publish_diagnostics(uri, Vec::new(), None).await;
    }

    async fn did_change_watched_files(&self, params: DidChangeWatchedFilesParams) {
        let relevant = params
            .changes
            .iter()
            .filter_map(|c| uri_to_path(&c.uri))
            .any(|p| self.affects_corpus(&p));
        if relevant {
            self.reindex("files changed").await;
        }
    }

    async fn did_change_configuration(&self, _: DidChangeConfigurationParams) {
        self.reindex("configuration changed").await;
    }

    async fn hover(&self, params: HoverParams) -> Result<Option<Hover>> {
        let p = params.text_document_position_params;
        let cache = self.state.note_cache(&p.text_document.uri);
        self.on_document(&p.text_document.uri, "hover", |index, note| {
            // A check under way holds the cache: then work without it.
            let mut held = cache.as_deref().and_then(|c| c.try_lock().ok());
            let figures = held.as_deref_mut().map(|c| &mut c.figures);
            features::hover(index, note, p.position, figures)
        })
    }

    async fn goto_definition(
        &self,
        params: GotoDefinitionParams,
    ) -> Result<Option<GotoDefinitionResponse>> {
        let p = params.text_document_position_params;
        let cache = self.state.note_cache(&p.text_document.uri);
        self.on_document(&p.text_document.uri, "definition", |index, note| {
            // A check under way holds the cache: then work without it.
            let held = cache.as_deref().and_then(|c| c.try_lock().ok());
            let quotes = held.as_deref().map(|c| &c.quotes);
            features::definition(index, note, p.position, quotes)
        })
    }

    async fn references(&self, params: ReferenceParams) -> Result<Option<Vec<Location>>> {
        let p = params.text_document_position;
        let open: Vec<(Uri, Arc<String>)> = self
            .state
            .open_uris()
            .into_iter()
            .filter_map(|u| self.state.snapshot(&u).map(|(t, _)| (u, t)))
            .collect();
        self.on_document(&p.text_document.uri, "references", |index, note| {
            features::references(index, note, p.position, &open)
        })
    }

    async fn symbol(
        &self,
        params: WorkspaceSymbolParams,
    ) -> Result<Option<WorkspaceSymbolResponse>> {
        let index = self.state.index();
        let enc = self.state.encoding();
        guarded("workspace symbols", || {
            Some(WorkspaceSymbolResponse::Flat(features::workspace_symbols(
                &index,
                &params.query,
                enc,
            )))
        })
    }

    async fn document_symbol(
        &self,
        params: DocumentSymbolParams,
    ) -> Result<Option<DocumentSymbolResponse>> {
        self.on_document(
            &params.text_document.uri,
            "document symbols",
            |index, note| {
                Some(DocumentSymbolResponse::Nested(features::document_symbols(
                    index, note,
                )))
            },
        )
    }

    async fn completion(&self, params: CompletionParams) -> Result<Option<CompletionResponse>> {
        let p = params.text_document_position;
        self.on_document(&p.text_document.uri, "completion", |index, note| {
            features::completion(index, note, p.position)
        })
    }

    async fn code_lens(&self, params: CodeLensParams) -> Result<Option<Vec<CodeLens>>> {
        self.on_document(&params.text_document.uri, "code lens", |index, note| {
            Some(features::code_lenses(index, note))
        })
    }

    async fn execute_command(&self, params: ExecuteCommandParams) -> Result<Option<LSPAny>> {
        if params.command != features::OPEN_SOURCE {
            return Err(Error::invalid_params(format!(
                "unknown command {}",
                params.command
            )));
        }
        // The lens of a quote found nowhere carries no location: nothing to open.
        let Some(location) = params
            .arguments
            .first()
            .and_then(|a| serde_json::from_value::<Location>(a.clone()).ok())
        else {
            return Ok(None);
        };
        let shown = self
            .client
            .show_document(ShowDocumentParams {
                uri: location.uri,
                external: Some(false),
                take_focus: Some(true),
                selection: Some(location.range),
            })
            .await;
        if let Err(e) = shown {
            self.log(MessageType::WARNING, format!("cannot open the source: {e}"))
                .await;
        }
        Ok(None)
    }

    async fn code_action(&self, params: CodeActionParams) -> Result<Option<CodeActionResponse>> {
        let uri = params.text_document.uri;
        let Some(analysis) = self.state.analysis(&uri) else {
            return Ok(None);
        };
        if self.state.version(&uri) != Some(analysis.version) {
            return Ok(None); // fixes would apply to text the writer has changed
        }
        let enc = self.state.encoding();
        guarded("code actions", || {
            let text = &analysis.text;
            let lines = LineIndex::new(text);
            let want = params.range;
            let mut actions = Vec::new();
            for f in analysis.findings.iter() {
                let r = convert::range(text, &lines, f.range.clone(), enc);
                if r.end < want.start || r.start > want.end {
                    continue;
                }
                let diag = convert::diagnostic(f, text, &lines, &analysis.index, enc);
                for fix in &f.fixes {
                    let edit = TextEdit::new(
                        convert::range(text, &lines, fix.range.clone(), enc),
                        fix.replacement.clone(),
                    );
                    actions.push(CodeActionOrCommand::CodeAction(CodeAction {
                        title: fix.title.clone(),
                        kind: Some(CodeActionKind::QUICKFIX),
                        diagnostics: Some(vec![diag.clone()]),
                        edit: Some(WorkspaceEdit {
                            changes: Some(HashMap::from([(uri.clone(), vec![edit])])),
                            ..Default::default()
                        }),
                        is_preferred: Some(f.fixes.len() == 1),
                        ..Default::default()
                    }));
                }
            }
            (!actions.is_empty()).then_some(actions)
        })
    }
}
