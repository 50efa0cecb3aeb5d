//! Random incremental edits through the real server over stdio, in the
//! position encoding negotiated at `initialize` (UTF-8 or UTF-16): the
//! edited document must end with the same diagnostics, code lenses and
//! document symbols as a fresh `didOpen` of the text assembled by applying
//! the same edits to a string. All three carry ranges, and the note has
//! figures, quotes and names on most lines, so text the server got wrong
//! shows. `PROPTEST_CASES=N` runs N cases (24 by default), each with
//! 10 to 30 edits.

mod common;

use std::cell::{Cell, RefCell};
use std::path::Path;

use common::{file_uri, LspClient};
use grounded::text::{Encoding, LineIndex};
use proptest::prelude::*;
use proptest::test_runner::{Config, TestRunner};
use serde_json::{json, Value};

const BRIEFING: &str = include_str!("fixtures/notes/briefing.md");

/// The briefing with characters that are one UTF-16 unit but two or three
/// UTF-8 bytes on every line, so a position in the wrong encoding lands
/// elsewhere.
fn base_note() -> String {
    BRIEFING
        .lines()
        .map(|l| {
            if l.is_empty() {
                String::new()
            } else {
                format!("— {l} é")
            }
        })
        .collect::<Vec<_>>()
        .join("\n")
        .replace("said: \"", "said: “")
}

/// What edits insert: the briefing's own words and figures, quote marks,
/// line breaks of every kind (CRLF and lone CR too), non-ASCII, emoji
/// (a surrogate pair in UTF-16).
fn piece() -> impl Strategy<Value = String> {
    prop_oneof![
        prop::sample::select(vec![
            "", " ", "\n", "\r\n", "\r", "\n\n", "é", "😀", "日本", "“", "”", "\"", "’", "145",
            "250", "120", "people", "Taliban", " said: ", "—",
        ])
        .prop_map(str::to_string),
        (0..BRIEFING.len(), 1..40usize).prop_map(|(a, n)| {
            let a = (0..=a)
                .rev()
                .find(|&i| BRIEFING.is_char_boundary(i))
                .unwrap();
            let b = ((a + n).min(BRIEFING.len())..=BRIEFING.len())
                .find(|&i| BRIEFING.is_char_boundary(i))
                .unwrap();
            BRIEFING[a..b].to_string()
        }),
    ]
}

/// An edit: where it starts and ends (picked among the text's positions at
/// the time), what it inserts, and whether it starts a new `didChange`
/// (otherwise it joins the previous one's content changes).
type EditSpec = (prop::sample::Index, prop::sample::Index, String, bool);

fn edits() -> impl Strategy<Value = Vec<EditSpec>> {
    prop::collection::vec(
        (
            any::<prop::sample::Index>(),
            any::<prop::sample::Index>(),
            piece(),
            prop::bool::weighted(0.7),
        ),
        10..30,
    )
}

fn start(dir: &Path, utf8: bool) -> LspClient {
    let mut client = LspClient::start(dir);
    let encodings = if utf8 {
        json!(["utf-8", "utf-16"])
    } else {
        json!(["utf-16"])
    };
    let seeds = Path::new(env!("CARGO_MANIFEST_DIR")).join("seeds");
    let init = client.initialize(
        dir,
        json!({"general": {"positionEncodings": encodings}}),
        json!({"corpus": [seeds.to_str().unwrap()]}),
    );
    let expected = if utf8 { "utf-8" } else { "utf-16" };
    assert_eq!(init["result"]["capabilities"]["positionEncoding"], expected);
    client
}

fn open(client: &mut LspClient, uri: &str, text: &str) {
    client.notify(
        "textDocument/didOpen",
        json!({"textDocument": {"uri": uri, "languageId": "markdown", "version": 1, "text": text}}),
    );
}

fn diagnostics(client: &mut LspClient, uri: &str, version: i64) -> Value {
    let msg = client.wait_for_method("textDocument/publishDiagnostics", |p| {
        p["uri"] == uri && p["version"] == version
    });
    msg["params"]["diagnostics"].clone()
}

/// A request about a whole document (code lenses, document symbols).
fn ask(client: &mut LspClient, method: &str, uri: &str) -> Value {
    let resp = client.request(method, json!({"textDocument": {"uri": uri}}));
    assert!(resp.get("error").is_none(), "{resp}");
    resp["result"].clone()
}

#[test]
fn edits_through_the_server_equal_edits_to_a_string() {
    let cases = std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(24);
    let dir = tempfile::tempdir().unwrap();
    // One server per encoding, each document used by one case only.
    let servers = [
        RefCell::new(start(dir.path(), true)),
        RefCell::new(start(dir.path(), false)),
    ];
    let next_doc = Cell::new(0);
    // Diagnostics, lenses and symbols compared: things with ranges.
    let ranged = Cell::new(0);
    let mut runner = TestRunner::new(Config {
        cases,
        // A failure prints its case; the generated edits are not replayable
        // from a file outside the proptest! macro.
        failure_persistence: None,
        ..Config::default()
    });
    let result = runner.run(&(edits(), any::<bool>()), |(edits, utf8)| {
        let enc = if utf8 {
            Encoding::Utf8
        } else {
            Encoding::Utf16
        };
        let mut client = servers[usize::from(!utf8)].borrow_mut();
        let n = next_doc.get();
        next_doc.set(n + 1);
        let edited = file_uri(&dir.path().join(format!("edited-{n}.md")));
        let fresh = file_uri(&dir.path().join(format!("fresh-{n}.md")));

        let mut text = base_note();
        open(&mut client, &edited, &text);
        let mut version = 1;
        let mut changes: Vec<Value> = Vec::new();
        for (a, b, insert, new_change) in &edits {
            if *new_change && !changes.is_empty() {
                version += 1;
                client.notify(
                    "textDocument/didChange",
                    json!({"textDocument": {"uri": edited, "version": version},
                           "contentChanges": std::mem::take(&mut changes)}),
                );
            }
            // Positions between a CR and its LF do not exist in LSP.
            let bounds: Vec<usize> = text
                .char_indices()
                .map(|(i, _)| i)
                .chain([text.len()])
                .filter(|&i| !(text[..i].ends_with('\r') && text[i..].starts_with('\n')))
                .collect();
            let (x, y) = (bounds[a.index(bounds.len())], bounds[b.index(bounds.len())]);
            // Spans of up to 16 bytes, so the note keeps most of its findings.
            let s = x.min(y);
            let e = bounds
                .iter()
                .copied()
                .filter(|&i| i <= x.max(y).min(s + 16))
                .max()
                .unwrap();
            // One edit in ten is sent as a replacement of the whole text.
            if a.index(10) == 0 {
                text.replace_range(s..e, insert);
                changes.push(json!({"text": text}));
                continue;
            }
            let lines = LineIndex::new(&text);
            let (p, q) = (lines.position(&text, s, enc), lines.position(&text, e, enc));
            changes.push(json!({
                "range": {"start": {"line": p.line, "character": p.col},
                          "end": {"line": q.line, "character": q.col}},
                "text": insert,
            }));
            text.replace_range(s..e, insert);
        }
        version += 1;
        client.notify(
            "textDocument/didChange",
            json!({"textDocument": {"uri": edited, "version": version},
                   "contentChanges": changes}),
        );
        open(&mut client, &fresh, &text);

        let got = diagnostics(&mut client, &edited, version);
        let want = diagnostics(&mut client, &fresh, 1);
        prop_assert_eq!(
            &got,
            &want,
            "diagnostics differ; assembled text: {:?}",
            text
        );
        ranged.set(ranged.get() + want.as_array().map_or(0, Vec::len));
        for method in ["textDocument/codeLens", "textDocument/documentSymbol"] {
            let got = ask(&mut client, method, &edited);
            let want = ask(&mut client, method, &fresh);
            ranged.set(ranged.get() + want.as_array().map_or(0, Vec::len));
            prop_assert_eq!(
                &got,
                &want,
                "{} differs; assembled text: {:?}",
                method,
                text
            );
        }
        for uri in [&edited, &fresh] {
            client.notify(
                "textDocument/didClose",
                json!({"textDocument": {"uri": uri}}),
            );
        }
        client.seen.clear();
        Ok(())
    });
    if let Err(e) = result {
        panic!("{e}");
    }
    eprintln!(
        "compared {} diagnostics, lenses and symbols in {} cases",
        ranged.get(),
        next_doc.get()
    );
    // The comparisons had ranges to compare: the briefing starts with 4
    // findings, 4 lenses and 8 symbols.
    assert!(
        ranged.get() >= 4 * next_doc.get(),
        "{} ranges compared in {} cases",
        ranged.get(),
        next_doc.get()
    );
    for server in servers {
        assert_eq!(server.into_inner().shutdown(), Some(0));
    }
}
