//! Protocol misuse, one case per test, through the real binary over stdio:
//! every case gets the protocol's error or is ignored (and logged), and the
//! server keeps serving the documents that are open.

mod common;

use std::path::{Path, PathBuf};

use common::{file_uri, LspClient};
use serde_json::{json, Value};

/// A note with a figure the seed articles contradict (they say 145).
const NOTE: &str = "# Briefing\n\nThe March 22 attack on the Crocus City Hall concert hall left 250 people dead.\n";

fn seeds() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("seeds")
}

/// A started, initialised server with `NOTE` open as version 1 and its
/// first diagnostics received.
struct Session {
    client: LspClient,
    dir: tempfile::TempDir,
    note: String,
    version: i64,
}

impl Session {
    fn start() -> Session {
        Session::start_with_env(&[])
    }

    fn start_with_env(env: &[(&str, &str)]) -> Session {
        let dir = tempfile::tempdir().unwrap();
        let mut client = LspClient::start_with_env(dir.path(), env);
        client.initialize(
            dir.path(),
            json!({}),
            json!({"corpus": [seeds().to_str().unwrap()]}),
        );
        let note = file_uri(&dir.path().join("briefing.md"));
        open(&mut client, &note, NOTE);
        let codes = codes(&diagnostics(&mut client, &note, 1));
        assert_eq!(codes, ["figure-contradicted"]);
        Session {
            client,
            dir,
            note,
            version: 1,
        }
    }

    fn uri(&self, name: &str) -> String {
        file_uri(&self.dir.path().join(name))
    }

    /// The open note still gets fresh diagnostics after an edit: the
    /// server is serving.
    fn assert_still_serving(&mut self) {
        self.version += 1;
        let (uri, version) = (self.note.clone(), self.version);
        self.client.notify(
            "textDocument/didChange",
            json!({"textDocument": {"uri": uri, "version": version},
                   "contentChanges": [{"range": {"start": {"line": 0, "character": 0},
                                                 "end": {"line": 0, "character": 0}},
                                       "text": ""}]}),
        );
        let codes = codes(&diagnostics(&mut self.client, &uri, version));
        assert_eq!(codes, ["figure-contradicted"]);
    }
}

fn open(client: &mut LspClient, uri: &str, text: &str) {
    client.notify(
        "textDocument/didOpen",
        json!({"textDocument": {"uri": uri, "languageId": "markdown", "version": 1, "text": text}}),
    );
}

/// The diagnostics published for `uri` at `version`.
fn diagnostics(client: &mut LspClient, uri: &str, version: i64) -> Vec<Value> {
    let msg = client.wait_for_method("textDocument/publishDiagnostics", |p| {
        p["uri"] == uri && p["version"] == version
    });
    msg["params"]["diagnostics"].as_array().unwrap().clone()
}

fn codes(diagnostics: &[Value]) -> Vec<String> {
    diagnostics
        .iter()
        .map(|d| d["code"].as_str().unwrap().to_string())
        .collect()
}

fn at(uri: &str, line: u32, character: u32) -> Value {
    json!({"textDocument": {"uri": uri}, "position": {"line": line, "character": character}})
}

/// A message framed with `Content-Length`.
fn frame(body: &[u8]) -> Vec<u8> {
    let mut out = format!("Content-Length: {}\r\n\r\n", body.len()).into_bytes();
    out.extend_from_slice(body);
    out
}

#[test]
fn requests_on_an_unopened_document_answer_null() {
    let mut s = Session::start();
    let uri = s.uri("never-opened.md");
    let range = json!({"start": {"line": 0, "character": 0}, "end": {"line": 0, "character": 5}});
    for (method, params) in [
        ("textDocument/hover", at(&uri, 0, 0)),
        ("textDocument/definition", at(&uri, 0, 0)),
        ("textDocument/completion", at(&uri, 0, 0)),
        (
            "textDocument/references",
            json!({"textDocument": {"uri": uri}, "position": {"line": 0, "character": 0},
                   "context": {"includeDeclaration": true}}),
        ),
        (
            "textDocument/documentSymbol",
            json!({"textDocument": {"uri": uri}}),
        ),
        (
            "textDocument/codeLens",
            json!({"textDocument": {"uri": uri}}),
        ),
        (
            "textDocument/codeAction",
            json!({"textDocument": {"uri": uri}, "range": range, "context": {"diagnostics": []}}),
        ),
    ] {
        let resp = s.client.request(method, params);
        assert!(resp.get("error").is_none(), "{method}: {resp}");
        assert_eq!(resp["result"], Value::Null, "{method}: {resp}");
    }
    s.assert_still_serving();
}

#[test]
fn positions_past_the_end_of_a_line_or_the_file_are_answered() {
    let mut s = Session::start();
    let uri = s.note.clone();
    // Line 2 is the sentence; line 3 is the empty last line; 99 is past the file.
    for (line, character) in [(2, 9999), (3, 5), (99, 0), (99, 9999), (u32::MAX, u32::MAX)] {
        for method in [
            "textDocument/hover",
            "textDocument/definition",
            "textDocument/completion",
        ] {
            let resp = s.client.request(method, at(&uri, line, character));
            assert!(
                resp.get("error").is_none(),
                "{method} {line}:{character}: {resp}"
            );
        }
        let mut params = at(&uri, line, character);
        params["context"] = json!({"includeDeclaration": true});
        let resp = s.client.request("textDocument/references", params);
        assert!(
            resp.get("error").is_none(),
            "references {line}:{character}: {resp}"
        );
        let far = json!({"line": line, "character": character});
        let resp = s.client.request(
            "textDocument/codeAction",
            json!({"textDocument": {"uri": uri}, "range": {"start": far, "end": far},
                   "context": {"diagnostics": []}}),
        );
        assert!(
            resp.get("error").is_none(),
            "codeAction {line}:{character}: {resp}"
        );
    }
    // An edit past the end of the file lands at the end.
    s.version += 1;
    let version = s.version;
    s.client.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": uri, "version": version},
               "contentChanges": [{"range": {"start": {"line": 50, "character": 3},
                                             "end": {"line": 60, "character": 0}},
                                   "text": "More than 120 people died.\n"}]}),
    );
    let codes = codes(&diagnostics(&mut s.client, &uri, version));
    assert_eq!(codes, ["figure-contradicted"]);
    s.assert_still_serving();
}

#[test]
fn a_did_change_with_a_stale_version_is_ignored() {
    let mut s = Session::start();
    let uri = s.note.clone();
    // Version 5, then a change at version 3 that would remove the figure.
    s.version = 5;
    s.assert_still_serving(); // version 6
    s.client.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": uri, "version": 3},
               "contentChanges": [{"text": "Nothing here.\n"}]}),
    );
    let log = s.client.wait_for_method("window/logMessage", |p| {
        p["message"].as_str().is_some_and(|m| m.contains("stale"))
    });
    assert_eq!(log["params"]["type"], 2, "a warning: {log}");
    // The same version again is stale too.
    s.client.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": uri, "version": 6},
               "contentChanges": [{"text": "Nothing here.\n"}]}),
    );
    // The figure is still there: neither change was applied.
    s.assert_still_serving();
}

#[test]
fn a_change_to_an_unopened_document_is_ignored() {
    let mut s = Session::start();
    let uri = s.uri("never-opened.md");
    s.client.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": uri, "version": 2},
               "contentChanges": [{"text": NOTE}]}),
    );
    s.client.wait_for_method("window/logMessage", |p| {
        p["message"]
            .as_str()
            .is_some_and(|m| m.contains("not open"))
    });
    // It was not opened by the change.
    let resp = s.client.request("textDocument/hover", at(&uri, 2, 65));
    assert_eq!(resp["result"], Value::Null, "{resp}");
    s.assert_still_serving();
    assert!(
        !s.client.seen.iter().any(|m| m["params"]["uri"] == uri),
        "diagnostics for an unopened document: {:#?}",
        s.client.seen
    );
}

#[test]
fn a_request_after_shutdown_is_an_invalid_request() {
    let mut s = Session::start();
    let resp = s.client.request("shutdown", Value::Null);
    assert!(resp.get("error").is_none(), "{resp}");
    let uri = s.note.clone();
    let resp = s.client.request("textDocument/hover", at(&uri, 2, 65));
    assert_eq!(resp["error"]["code"], -32600, "{resp}");
    let resp = s.client.request("shutdown", Value::Null);
    assert_eq!(resp["error"]["code"], -32600, "a second shutdown: {resp}");
    s.client.notify("exit", Value::Null);
    assert_eq!(s.client.wait_exit(), Some(0));
}

#[test]
fn exit_after_shutdown_exits_with_code_0() {
    let s = Session::start();
    assert_eq!(s.client.shutdown(), Some(0));
}

#[test]
fn exit_without_shutdown_exits_with_code_1() {
    let mut s = Session::start();
    s.client.notify("exit", Value::Null);
    assert_eq!(s.client.wait_exit(), Some(1));
}

#[test]
fn a_request_before_initialize_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let mut client = LspClient::start(dir.path());
    let resp = client.request("textDocument/hover", at("file:///x.md", 0, 0));
    assert_eq!(
        resp["error"]["code"], -32002,
        "ServerNotInitialized: {resp}"
    );
    let init = client.initialize(dir.path(), json!({}), Value::Null);
    assert!(init.get("error").is_none(), "{init}");
    let again = client.request("initialize", json!({"capabilities": {}}));
    assert_eq!(
        again["error"]["code"], -32600,
        "a second initialize: {again}"
    );
    assert_eq!(client.shutdown(), Some(0));
}

#[test]
fn unknown_methods_and_bad_params_get_their_errors() {
    let mut s = Session::start();
    let resp = s.client.request("grounded/noSuchMethod", json!({}));
    assert_eq!(resp["error"]["code"], -32601, "{resp}");
    let resp = s
        .client
        .request("textDocument/hover", json!({"textDocument": 7}));
    assert_eq!(resp["error"]["code"], -32602, "{resp}");
    let resp = s.client.request(
        "workspace/executeCommand",
        json!({"command": "no.such.command", "arguments": []}),
    );
    assert_eq!(resp["error"]["code"], -32602, "{resp}");
    // An unknown notification and one with bad params are ignored.
    s.client.notify("grounded/noSuchNotification", json!({}));
    s.client
        .notify("textDocument/didChange", json!({"textDocument": "x"}));
    s.assert_still_serving();
}

#[test]
fn a_frame_with_invalid_json_is_logged_and_skipped() {
    let mut s = Session::start();
    s.client
        .send_raw(&frame(b"{\"jsonrpc\": \"2.0\", \"id\": 99, "));
    s.client.send_raw(&frame(b"{not json"));
    s.client.send_raw(&frame(&[0xff, 0xfe, b'{', b'}']));
    // The last frame is logged last.
    let log = s.client.wait_for_log("not UTF-8");
    assert_eq!(log.matches("not JSON").count(), 2, "{log}");
    assert_eq!(log.matches("not UTF-8").count(), 1, "{log}");
    s.assert_still_serving();
}

#[test]
fn a_frame_that_is_json_but_no_message_is_logged_and_skipped() {
    let mut s = Session::start();
    for body in [
        &b"{}"[..],
        b"[]",
        b"42",
        b"null",
        b"{\"jsonrpc\": \"1.0\", \"id\": 1, \"method\": \"shutdown\"}",
        b"[{\"jsonrpc\": \"2.0\", \"id\": 1, \"method\": \"shutdown\"}]",
    ] {
        s.client.send_raw(&frame(body));
    }
    s.client.wait_for_log("not a JSON-RPC message");
    s.assert_still_serving();
    let log = s.client.stderr_log();
    assert_eq!(log.matches("not a JSON-RPC message").count(), 6, "{log}");
}

#[test]
fn frames_with_a_bad_header_are_skipped_and_the_stream_resynchronises() {
    let mut s = Session::start();
    // No Content-Length, with a body; a length that is not a number; a
    // header cut by garbage; then a good request.
    s.client
        .send_raw(b"Content-Type: application/json\r\n\r\n{\"orphan\": true}");
    s.client
        .send_raw(b"Content-Length: lots\r\n\r\n{\"jsonrpc\": \"2.0\"}");
    s.client.send_raw(b"garbage\r\n\r\n");
    let resp = s
        .client
        .request("workspace/symbol", json!({"query": "Taliban"}));
    assert!(
        resp["result"].as_array().is_some_and(|a| !a.is_empty()),
        "{resp}"
    );
    // The log is written beside the responses, not before them: wait for it.
    s.client.wait_for_log("without Content-Length");
    s.client.wait_for_log("bad Content-Length");
    s.assert_still_serving();
}

#[test]
fn a_200_mb_frame_is_dropped_with_a_log_and_never_buffered() {
    let mut s = Session::start();
    let before = s.client.rss_kib().expect("VmRSS");
    const SIZE: usize = 200 * 1024 * 1024;
    s.client
        .send_raw(format!("Content-Length: {SIZE}\r\n\r\n").as_bytes());
    let chunk = vec![b' '; 1 << 20];
    for _ in 0..SIZE / chunk.len() {
        s.client.send_raw(&chunk);
    }
    let log = s.client.wait_for_log("limit");
    assert!(log.contains(&format!("a frame of {SIZE} bytes")), "{log}");
    s.assert_still_serving();
    let after = s.client.rss_kib().expect("VmRSS");
    eprintln!("server RSS before the 200 MB frame: {before} KiB, after: {after} KiB");
    // Discarded as it streams: far less growth than the frame (a buffered
    // frame alone would add 200 MiB).
    assert!(after < before + 32 * 1024, "{before} KiB -> {after} KiB");
}

#[test]
fn a_panicking_handler_answers_with_an_internal_error() {
    let mut s = Session::start_with_env(&[("GROUNDED_FAULT", "hover")]);
    let uri = s.note.clone();
    for _ in 0..2 {
        let hover = s.client.request("textDocument/hover", at(&uri, 2, 65));
        assert_eq!(hover["error"]["code"], -32603, "{hover}");
        assert!(
            hover["error"]["message"]
                .as_str()
                .is_some_and(|m| m.contains("hover")),
            "{hover}"
        );
    }
    s.assert_still_serving();
}

#[test]
fn input_closing_without_exit_ends_with_code_1() {
    let dir = tempfile::tempdir().unwrap();
    let status = std::process::Command::new(common::bin())
        .arg("server")
        .current_dir(dir.path())
        .env("XDG_CACHE_HOME", dir.path().join(".cache"))
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .status()
        .unwrap();
    assert_eq!(status.code(), Some(1));
}
