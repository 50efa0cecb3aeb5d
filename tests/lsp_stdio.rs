//! End-to-end: the real binary over stdio, driven as an editor drives it.

mod common;

use common::{file_uri, write_files, LspClient};
use serde_json::{json, Value};

const ARTICLE_A: &str =
    "Storm hits coast\n\nThe storm killed 12 people on Monday, officials said.\n";
const ARTICLE_B: &str = "Markets calm\n\n“Prices are stable,” the minister said.\n";

fn workspace() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    write_files(
        dir.path(),
        &[("sources/a.txt", ARTICLE_A), ("sources/b.md", ARTICLE_B)],
    );
    dir
}

fn indexed_articles(msg: &Value) -> Option<u64> {
    // "indexed SOURCE (reason): N articles loaded, M skipped"
    let text = msg["params"]["message"].as_str()?;
    let rest = text.split("): ").nth(1)?;
    rest.split_whitespace().next()?.parse().ok()
}

fn wait_indexed(client: &mut LspClient) -> u64 {
    let msg = client.wait_for("an index log message", |m| {
        m["method"] == "window/logMessage" && indexed_articles(m).is_some()
    });
    indexed_articles(&msg).unwrap()
}

#[test]
fn lifecycle_edits_hover_and_shutdown() {
    let ws = workspace();
    let mut client = LspClient::start(ws.path());
    let init = client.initialize(ws.path(), json!({}), json!({"corpus": ["sources"]}));
    let caps = &init["result"]["capabilities"];
    assert_eq!(caps["positionEncoding"], "utf-16");
    assert_eq!(caps["textDocumentSync"]["change"], 2, "incremental sync");
    assert_eq!(init["result"]["serverInfo"]["name"], "grounded");
    assert_eq!(wait_indexed(&mut client), 2);

    let note = ws.path().join("note.md");
    let uri = file_uri(&note);
    client.notify(
        "textDocument/didOpen",
        json!({"textDocument": {"uri": uri, "languageId": "markdown", "version": 1,
               "text": "# Note\n\nThe storm 😀 killed people.\n"}}),
    );
    let diags = client.wait_for_method("textDocument/publishDiagnostics", |p| p["uri"] == uri);
    assert_eq!(diags["params"]["version"], 1);

    // Incremental edits, including one after an emoji (a UTF-16 surrogate pair).
    for (version, range, text) in [
        (
            2,
            json!({"start": {"line": 2, "character": 13}, "end": {"line": 2, "character": 13}}),
            " 12",
        ),
        (
            3,
            json!({"start": {"line": 3, "character": 0}, "end": {"line": 3, "character": 0}}),
            "More text.\n",
        ),
        (
            4,
            json!({"start": {"line": 0, "character": 2}, "end": {"line": 0, "character": 6}}),
            "Storm notes",
        ),
    ] {
        client.notify(
            "textDocument/didChange",
            json!({"textDocument": {"uri": uri, "version": version},
                   "contentChanges": [{"range": range, "text": text}]}),
        );
    }
    let diags = client.wait_for_method("textDocument/publishDiagnostics", |p| {
        p["uri"] == uri && p["version"] == 4
    });
    assert!(diags["params"]["diagnostics"].is_array());

    let hover = client.request(
        "textDocument/hover",
        json!({"textDocument": {"uri": uri}, "position": {"line": 2, "character": 5}}),
    );
    assert!(hover.get("error").is_none(), "{hover}");

    assert_eq!(client.shutdown(), Some(0));
}

#[test]
fn utf8_is_negotiated_when_offered() {
    let ws = workspace();
    let mut client = LspClient::start(ws.path());
    let init = client.initialize(
        ws.path(),
        json!({"general": {"positionEncodings": ["utf-8", "utf-16"]}}),
        json!({"corpus": "sources"}),
    );
    assert_eq!(init["result"]["capabilities"]["positionEncoding"], "utf-8");
    assert_eq!(client.shutdown(), Some(0));
}

#[test]
fn progress_is_reported_while_indexing() {
    let ws = workspace();
    let mut client = LspClient::start(ws.path());
    client.initialize(
        ws.path(),
        json!({"window": {"workDoneProgress": true}}),
        json!({"corpus": ["sources"]}),
    );
    client.wait_for_method("window/workDoneProgress/create", |_| true);
    client.wait_for_method("$/progress", |p| p["value"]["kind"] == "begin");
    let end = client.wait_for_method("$/progress", |p| p["value"]["kind"] == "end");
    assert_eq!(end["params"]["value"]["message"], "2 articles");
    // The status notification for editors' status bars.
    client.wait_for_method("grounded/status", |p| p["state"] == "indexing");
    let ready = client.wait_for_method("grounded/status", |p| p["state"] == "ready");
    assert_eq!(ready["params"]["articles"], 2);
    assert_eq!(client.shutdown(), Some(0));
}

#[test]
fn corpus_is_reindexed_when_its_files_change() {
    let ws = workspace();
    let mut client = LspClient::start(ws.path());
    client.initialize(
        ws.path(),
        json!({"workspace": {"didChangeWatchedFiles": {"dynamicRegistration": true}}}),
        json!({"corpus": ["sources"]}),
    );
    assert_eq!(wait_indexed(&mut client), 2);
    client.wait_for_method("client/registerCapability", |p| {
        p["registrations"][0]["method"] == "workspace/didChangeWatchedFiles"
    });

    let added = ws.path().join("sources/c.txt");
    std::fs::write(&added, "Third\n\nA third article.\n").unwrap();
    client.notify(
        "workspace/didChangeWatchedFiles",
        json!({"changes": [{"uri": file_uri(&added), "type": 1}]}),
    );
    assert_eq!(wait_indexed(&mut client), 3);

    // A change outside the corpus does not reindex; the server keeps serving.
    let note = ws.path().join("elsewhere.md");
    client.notify(
        "workspace/didChangeWatchedFiles",
        json!({"changes": [{"uri": file_uri(&note), "type": 2}]}),
    );
    assert_eq!(client.shutdown(), Some(0));
}

#[test]
fn a_config_file_gives_the_corpus_and_a_bad_one_is_reported() {
    let ws = workspace();
    write_files(ws.path(), &[("grounded.toml", "corpus = [\"sources\"]\n")]);
    let mut client = LspClient::start(ws.path());
    client.initialize(ws.path(), json!({}), Value::Null);
    assert_eq!(wait_indexed(&mut client), 2);

    write_files(
        ws.path(),
        &[("grounded.toml", "corpus = [\"sources\"]\nbogus = 1\n")],
    );
    client.notify("workspace/didChangeConfiguration", json!({"settings": {}}));
    let shown = client.wait_for_method("window/showMessage", |p| p["type"] == 1);
    let message = shown["params"]["message"].as_str().unwrap();
    assert!(
        message.contains("grounded.toml") && message.contains("bogus"),
        "{message}"
    );
    assert_eq!(client.shutdown(), Some(0));
}
