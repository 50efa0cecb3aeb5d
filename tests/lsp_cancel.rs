//! End-to-end: a check of a version the writer has already edited is
//! cancelled, and its successor reuses what it had done.

mod common;

use std::time::Duration;

use common::{file_uri, write_files, LspClient};
use serde_json::json;

const ARTICLE: &str = "Storm hits coast\n\nThe storm killed 12 people on Monday, officials said.\n";

/// A long note of distinct sentences with figures.
fn long_note() -> String {
    (0..300)
        .map(|i| {
            format!(
                "The storm killed {} people on Monday, officials said.\n\n",
                12 + i
            )
        })
        .collect()
}

#[test]
fn a_check_of_a_superseded_version_is_cancelled_and_only_the_newest_is_published() {
    let ws = tempfile::tempdir().unwrap();
    write_files(ws.path(), &[("sources/a.txt", ARTICLE)]);
    // Each step of a check sleeps, so the edit below lands mid-check.
    let mut client = LspClient::start_with_env(ws.path(), &[("GROUNDED_FAULT", "slow-check")]);
    client.initialize(ws.path(), json!({}), json!({"corpus": ["sources"]}));
    client.wait_for("the index", |m| {
        m["method"] == "grounded/status" && m["params"]["state"] == "ready"
    });
    let uri = file_uri(&ws.path().join("note.md"));
    client.notify(
        "textDocument/didOpen",
        json!({"textDocument": {"uri": uri, "languageId": "markdown", "version": 1,
               "text": long_note()}}),
    );
    std::thread::sleep(Duration::from_millis(400));
    client.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": uri, "version": 2},
               "contentChanges": [{"range": {"start": {"line": 0, "character": 17},
                                             "end": {"line": 0, "character": 19}},
                                   "text": "13"}]}),
    );
    let cancelled = client.wait_for_method("window/logMessage", |p| {
        p["message"]
            .as_str()
            .is_some_and(|m| m.starts_with("cancelled the check of") && m.contains("version 1"))
    });
    assert_eq!(cancelled["params"]["type"], 4, "a log message: {cancelled}");
    let published = client.wait_for_method("textDocument/publishDiagnostics", |p| p["uri"] == uri);
    assert_eq!(published["params"]["version"], 2, "{published}");
    // Every figure now contradicts the source's 12 (the first says 13).
    let diagnostics = published["params"]["diagnostics"].as_array().unwrap();
    assert_eq!(diagnostics.len(), 300, "{published}");
    assert_eq!(client.shutdown(), Some(0));
}
