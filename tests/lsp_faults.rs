//! End-to-end: corpus faults while the server runs. For each fault the
//! server reports it (log, `window/showMessage`, `grounded/status`), keeps the
//! last good version of what it cannot read, keeps serving, and picks up the
//! files again when they return. Files that are deleted on purpose leave the
//! index.
//!
//! Permission denied needs a process that permission bits apply to: as root,
//! the server runs under `setpriv` with every capability dropped (so
//! `CAP_DAC_OVERRIDE` and `CAP_DAC_READ_SEARCH` are gone), otherwise `chmod`
//! is enough.

mod common;

use std::path::{Path, PathBuf};

use common::{file_uri, write_files, LspClient};
use serde_json::{json, Value};

const FLOOD: &str = "Flood in Riverton\n\nThe flood in Riverton killed 40 people, Mayor Helena Varga said on Tuesday.\n\nVarga said the river rose three metres overnight.\n";
const PORT: &str = "Harbour reopens\n\nThe port of Calder reopened after 6 days, harbour master Tomas Brandt said.\n\nBrandt said 300 ships were waiting.\n";
const NOTE: &str = "# Notes\n\nThe flood in Riverton killed 90 people.\n\nHelena Varga spoke.\n\nThe port of Calder reopened after 9 days.\n\nTomas Brandt spoke.\n";

/// Where NOTE names each article's entity: (line, character).
const VARGA: (u32, u32) = (4, 2);
const BRANDT: (u32, u32) = (8, 8);

/// The diagnostics NOTE gets from each article.
const FROM_FLOOD: &str = "the sources say 40 (flood.txt), not 90";
const FROM_PORT: &str = "the sources say 6 days (port.txt), not 9 days";

/// What the server said after one reindex.
#[derive(Debug)]
struct Reindexed {
    /// The "indexed …" log message.
    log: String,
    /// NOTE's diagnostics (messages) after it.
    diagnostics: Vec<String>,
    /// Warnings shown to the user.
    shown: Vec<String>,
    /// The last `grounded/status` params.
    status: Value,
}

struct Session {
    ws: tempfile::TempDir,
    client: LspClient,
    note: String,
    /// Other notes opened so far.
    others: usize,
}

/// A command that runs the server without the capabilities that let root
/// ignore permission bits; empty when not root.
fn without_dac_override() -> Vec<&'static str> {
    if unsafe { libc::geteuid() } == 0 {
        let setpriv = std::process::Command::new("setpriv")
            .arg("--version")
            .output();
        assert!(
            setpriv.is_ok_and(|o| o.status.success()),
            "running as root: the permission tests need `setpriv` (util-linux) to drop the \
             capabilities that let root read any file"
        );
        vec![
            "setpriv",
            "--inh-caps=-all",
            "--ambient-caps=-all",
            "--bounding-set=-all",
            "--",
        ]
    } else {
        Vec::new()
    }
}

fn chmod(path: &Path, mode: u32) {
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(mode)).unwrap();
}

fn messages(diagnostics: &Value) -> Vec<String> {
    diagnostics
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["message"].as_str().unwrap().to_string())
        .collect()
}

impl Session {
    /// A server on `sources/` (FLOOD, PORT and `extra`), with NOTE open and
    /// its first diagnostics in. `wrapper` runs the server (see
    /// [`without_dac_override`]).
    fn start(extra: &[(&str, &str)], wrapper: &[&str]) -> Session {
        let ws = tempfile::tempdir().unwrap();
        write_files(
            ws.path(),
            &[("sources/flood.txt", FLOOD), ("sources/port.txt", PORT)],
        );
        write_files(ws.path(), extra);
        Session::start_in(ws, wrapper)
    }

    fn start_in(ws: tempfile::TempDir, wrapper: &[&str]) -> Session {
        let mut client = if wrapper.is_empty() {
            LspClient::start(ws.path())
        } else {
            LspClient::start_wrapped(ws.path(), wrapper)
        };
        client.initialize(ws.path(), json!({}), json!({"corpus": ["sources"]}));
        let note = file_uri(&ws.path().join("note.md"));
        let mut session = Session {
            ws,
            client,
            note,
            others: 0,
        };
        session.wait_indexed();
        session.open(&session.note.clone(), NOTE);
        session
    }

    fn sources(&self) -> PathBuf {
        self.ws.path().join("sources")
    }

    fn wait_indexed(&mut self) -> String {
        let msg = self.client.wait_for_method("window/logMessage", |p| {
            p["message"]
                .as_str()
                .is_some_and(|m| m.starts_with("indexed "))
        });
        msg["params"]["message"].as_str().unwrap().to_string()
    }

    fn open(&mut self, uri: &str, text: &str) -> Vec<String> {
        self.client.notify(
            "textDocument/didOpen",
            json!({"textDocument": {"uri": uri, "languageId": "markdown", "version": 1, "text": text}}),
        );
        let diags = self
            .client
            .wait_for_method("textDocument/publishDiagnostics", |p| p["uri"] == uri);
        messages(&diags["params"]["diagnostics"])
    }

    /// Tells the server that `changed` changed and collects what it says.
    fn reindex(&mut self, changed: &Path) -> Reindexed {
        self.client.seen.clear();
        self.client.notify(
            "workspace/didChangeWatchedFiles",
            json!({"changes": [{"uri": file_uri(changed), "type": 2}]}),
        );
        let log = self.wait_indexed();
        let note = self.note.clone();
        let diags = self
            .client
            .wait_for_method("textDocument/publishDiagnostics", |p| p["uri"] == note);
        let shown = self
            .client
            .seen
            .iter()
            .filter(|m| m["method"] == "window/showMessage" && m["params"]["type"] == 2)
            .map(|m| m["params"]["message"].as_str().unwrap().to_string())
            .collect();
        let status = self
            .client
            .seen
            .iter()
            .rev()
            .find(|m| m["method"] == "grounded/status")
            .map(|m| m["params"].clone())
            .expect("a status notification");
        Reindexed {
            log,
            diagnostics: messages(&diags["params"]["diagnostics"]),
            shown,
            status,
        }
    }

    /// The hover card's text at a position of NOTE; `None` when there is none.
    fn hover(&mut self, (line, character): (u32, u32)) -> Option<String> {
        let resp = self.client.request(
            "textDocument/hover",
            json!({"textDocument": {"uri": self.note},
                   "position": {"line": line, "character": character}}),
        );
        assert!(resp.get("error").is_none(), "{resp}");
        resp["result"]["contents"]["value"]
            .as_str()
            .map(str::to_string)
    }

    /// NOTE still gets both articles' diagnostics and hover cards.
    fn assert_whole(&mut self, r: &Reindexed) {
        assert!(
            r.diagnostics.iter().any(|d| d == FROM_FLOOD),
            "{:#?}",
            r.diagnostics
        );
        assert!(
            r.diagnostics.iter().any(|d| d == FROM_PORT),
            "{:#?}",
            r.diagnostics
        );
        let varga = self.hover(VARGA).expect("a card for Helena Varga");
        assert!(varga.contains("Helena Varga"), "{varga}");
        let brandt = self.hover(BRANDT).expect("a card for Tomas Brandt");
        assert!(brandt.contains("Brandt"), "{brandt}");
    }

    /// Another note opened now is served against the same index.
    fn assert_serves_other_documents(&mut self) {
        self.others += 1;
        let uri = file_uri(&self.ws.path().join(format!("other-{}.md", self.others)));
        let diags = self.open(
            &uri,
            "Helena Varga said the flood in Riverton killed 90 people.\n",
        );
        assert_eq!(diags, [FROM_FLOOD], "{uri}");
    }

    fn shutdown(self) {
        assert_eq!(self.client.shutdown(), Some(0));
    }
}

fn assert_recovered(r: &Reindexed, new_figure: &str) {
    assert!(
        r.log.contains(" 0 skipped") && !r.log.contains("kept"),
        "{}",
        r.log
    );
    assert_eq!(r.status["state"], "ready", "{}", r.status);
    assert_eq!(r.status["articles"], 2, "{}", r.status);
    let expected = format!("the sources say {new_figure} (flood.txt), not 90");
    assert!(
        r.diagnostics.contains(&expected),
        "new content read: {:#?}",
        r.diagnostics
    );
}

const NEW_FLOOD: &str = "Flood in Riverton\n\nThe flood in Riverton killed 60 people, Mayor Helena Varga said on Tuesday.\n";

#[test]
fn a_file_that_becomes_unreadable_keeps_its_last_good_version() {
    let mut s = Session::start(&[], &without_dac_override());
    let flood = s.sources().join("flood.txt");
    chmod(&flood, 0o000);
    let r = s.reindex(&flood);
    assert!(
        r.log.contains("flood.txt: unreadable: Permission denied")
            && r.log.contains("1 kept from the last good load"),
        "{}",
        r.log
    );
    assert!(
        r.shown.iter().any(|m| m.contains("flood.txt")
            && m.contains("Permission denied")
            && m.contains("last good version")),
        "{:#?}",
        r.shown
    );
    assert_eq!(r.status["state"], "ready", "{}", r.status);
    assert_eq!(r.status["articles"], 2, "{}", r.status);
    s.assert_whole(&r);
    s.assert_serves_other_documents();

    chmod(&flood, 0o644);
    std::fs::write(&flood, NEW_FLOOD).unwrap();
    let r = s.reindex(&flood);
    assert_recovered(&r, "60");
    s.shutdown();
}

#[test]
fn an_unreadable_corpus_folder_keeps_the_last_good_index() {
    let mut s = Session::start(&[], &without_dac_override());
    let sources = s.sources();
    chmod(&sources, 0o000);
    let r = s.reindex(&sources.join("flood.txt"));
    chmod(&sources, 0o755);
    assert!(
        r.log.contains("Permission denied") && r.log.contains("2 kept from the last good load"),
        "{}",
        r.log
    );
    assert_eq!(r.status["state"], "error", "{}", r.status);
    assert_eq!(r.status["articles"], 2, "{}", r.status);
    assert!(
        r.status["message"]
            .as_str()
            .unwrap()
            .contains("cannot read the corpus folder"),
        "{}",
        r.status
    );
    assert!(
        r.shown
            .iter()
            .any(|m| m.contains("sources") && m.contains("Permission denied")),
        "{:#?}",
        r.shown
    );
    s.assert_whole(&r);

    std::fs::write(sources.join("flood.txt"), NEW_FLOOD).unwrap();
    let r = s.reindex(&sources.join("flood.txt"));
    assert_recovered(&r, "60");
    s.shutdown();
}

#[test]
fn a_file_rewritten_as_binary_keeps_its_last_good_version() {
    let mut s = Session::start(&[], &[]);
    let flood = s.sources().join("flood.txt");
    std::fs::write(&flood, b"Flood\0\0\x01 half written").unwrap();
    let r = s.reindex(&flood);
    assert!(r.log.contains("flood.txt: binary file"), "{}", r.log);
    assert!(
        r.shown
            .iter()
            .any(|m| m.contains("flood.txt") && m.contains("binary")),
        "{:#?}",
        r.shown
    );
    s.assert_whole(&r);

    std::fs::write(&flood, NEW_FLOOD).unwrap();
    let r = s.reindex(&flood);
    assert_recovered(&r, "60");
    s.shutdown();
}

#[test]
fn a_deleted_file_leaves_the_index_and_comes_back_with_the_file() {
    let mut s = Session::start(&[], &[]);
    let flood = s.sources().join("flood.txt");
    std::fs::remove_file(&flood).unwrap();
    let r = s.reindex(&flood);
    assert!(r.log.contains("1 article loaded, 0 skipped"), "{}", r.log);
    assert!(r.shown.is_empty(), "{:#?}", r.shown);
    assert_eq!(r.status["articles"], 1, "{}", r.status);
    assert!(
        !r.diagnostics.iter().any(|d| d == FROM_FLOOD),
        "{:#?}",
        r.diagnostics
    );
    assert!(
        r.diagnostics.iter().any(|d| d == FROM_PORT),
        "{:#?}",
        r.diagnostics
    );
    assert_eq!(s.hover(VARGA), None, "the entity left with its article");
    assert!(s.hover(BRANDT).is_some());

    std::fs::write(&flood, NEW_FLOOD).unwrap();
    let r = s.reindex(&flood);
    assert_recovered(&r, "60");
    assert!(s.hover(VARGA).is_some());
    s.shutdown();
}

#[test]
fn a_vanished_corpus_folder_keeps_the_last_good_index_and_recovers() {
    let mut s = Session::start(&[], &[]);
    let sources = s.sources();
    let away = s.ws.path().join("moved-away");
    std::fs::rename(&sources, &away).unwrap();
    let r = s.reindex(&sources.join("flood.txt"));
    assert!(
        r.log.contains("sources: no such file or folder")
            && r.log.contains("2 kept from the last good load"),
        "{}",
        r.log
    );
    assert_eq!(r.status["state"], "error", "{}", r.status);
    assert_eq!(r.status["articles"], 2, "{}", r.status);
    assert!(
        r.shown
            .iter()
            .any(|m| m.contains("sources: no such file or folder")),
        "{:#?}",
        r.shown
    );
    s.assert_whole(&r);
    s.assert_serves_other_documents();

    std::fs::write(away.join("flood.txt"), NEW_FLOOD).unwrap();
    std::fs::rename(&away, &sources).unwrap();
    let r = s.reindex(&sources.join("flood.txt"));
    assert_recovered(&r, "60");
    s.shutdown();
}

#[test]
fn a_symlink_loop_is_reported_and_the_rest_is_indexed() {
    let ws = tempfile::tempdir().unwrap();
    write_files(
        ws.path(),
        &[("sources/flood.txt", FLOOD), ("sources/sub/port.txt", PORT)],
    );
    let sources = ws.path().join("sources");
    std::os::unix::fs::symlink(&sources, sources.join("sub/loop")).unwrap();
    let mut s = Session::start_in(ws, &[]);
    // A loop made while the server runs is walked past too.
    std::os::unix::fs::symlink(sources.join("sub"), sources.join("sub/again")).unwrap();
    let r = s.reindex(&sources.join("sub/again"));
    assert!(
        r.log.contains("2 articles loaded, 2 skipped")
            && r.log.contains("sub/loop: symlink loop")
            && r.log.contains("sub/again: symlink loop"),
        "{}",
        r.log
    );
    assert!(
        r.shown.iter().any(|m| m.contains("symlink loop")),
        "{:#?}",
        r.shown
    );
    assert_eq!(r.status["state"], "ready", "{}", r.status);
    s.assert_whole(&r);
    s.shutdown();
}

#[test]
fn a_200_mib_article_is_skipped_unread_and_the_cap_is_configurable() {
    let ws = tempfile::tempdir().unwrap();
    write_files(
        ws.path(),
        &[("sources/flood.txt", FLOOD), ("sources/port.txt", PORT)],
    );
    // Sparse: 200 MiB that cost nothing to make, and would cost a lot to read.
    let big = std::fs::File::create(ws.path().join("sources/huge.txt")).unwrap();
    big.set_len(200 * 1024 * 1024).unwrap();
    let mut s = Session::start_in(ws, &[]);
    let r = s.reindex(&s.sources().join("huge.txt"));
    assert!(
        r.log.contains("2 articles loaded, 1 skipped")
            && r.log
                .contains("huge.txt: larger than 16 MiB (209715200 bytes)"),
        "{}",
        r.log
    );
    assert!(
        r.shown
            .iter()
            .any(|m| m.contains("huge.txt") && m.contains("larger than 16 MiB")),
        "{:#?}",
        r.shown
    );
    s.assert_whole(&r);

    // A lower cap from grounded.toml: an article over it is skipped and
    // leaves the index (a setting, not a fault to ride out).
    assert!(FLOOD.len() > 140 && PORT.len() <= 140);
    let config = s.ws.path().join("grounded.toml");
    std::fs::write(&config, "max_article_bytes = 140\n").unwrap();
    let r = s.reindex(&config);
    assert!(
        r.log.contains("flood.txt: larger than 140 bytes") && !r.log.contains("kept"),
        "{}",
        r.log
    );
    assert!(
        !r.diagnostics.iter().any(|d| d == FROM_FLOOD),
        "{:#?}",
        r.diagnostics
    );
    assert!(
        r.diagnostics.iter().any(|d| d == FROM_PORT),
        "{:#?}",
        r.diagnostics
    );
    s.shutdown();
}

#[test]
fn fifty_thousand_tiny_files_load_while_the_server_keeps_answering() {
    const FILES: usize = 50_000;
    let ws = tempfile::tempdir().unwrap();
    write_files(
        ws.path(),
        &[("sources/flood.txt", FLOOD), ("sources/port.txt", PORT)],
    );
    for i in 0..FILES {
        let dir = ws.path().join(format!("sources/tiny/{:02}", i / 1000));
        if i % 1000 == 0 {
            std::fs::create_dir_all(&dir).unwrap();
        }
        std::fs::write(dir.join(format!("{i:05}.txt")), format!("n{i}\n")).unwrap();
    }
    let mut client = LspClient::start(ws.path());
    client.initialize(ws.path(), json!({}), json!({"corpus": ["sources"]}));
    client.wait_for_method("grounded/status", |p| p["state"] == "indexing");
    let note = file_uri(&ws.path().join("note.md"));
    client.notify(
        "textDocument/didOpen",
        json!({"textDocument": {"uri": note, "languageId": "markdown", "version": 1, "text": NOTE}}),
    );
    let hover = json!({"textDocument": {"uri": note},
                       "position": {"line": VARGA.0, "character": VARGA.1}});
    // Answered while the corpus loads: no index yet, so no card.
    let early = client.request("textDocument/hover", hover.clone());
    assert!(early.get("error").is_none(), "{early}");
    assert!(
        !client
            .seen
            .iter()
            .any(|m| m["method"] == "grounded/status" && m["params"]["state"] == "ready"),
        "the hover was answered only after indexing: {:#?}",
        client.seen
    );
    let ready = client.wait_for_method("grounded/status", |p| p["state"] == "ready");
    assert_eq!(ready["params"]["articles"], FILES + 2);
    let card = client.request("textDocument/hover", hover);
    assert!(
        card["result"]["contents"]["value"]
            .as_str()
            .is_some_and(|c| c.contains("Helena Varga")),
        "{card}"
    );
    assert_eq!(client.shutdown(), Some(0));
}
