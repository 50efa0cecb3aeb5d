//! End-to-end: the analyses through the real server over stdio, against the
//! seed articles — diagnostics, quick fixes, hover, go-to-source,
//! references, symbols, completion, code lenses, the entity table.

mod common;

use std::path::Path;

use common::{file_uri, write_files, LspClient};
use serde_json::{json, Value};

const NOTE: &str = "# Briefing

The March 22 attack on the concert hall left 250 people dead.

More than 120 people died in that attack.

Lavrov's visit mattered. Bortnikov said: \"We can see that the Taliban is ready to fight the most dangerous wing of the Islamic State, ISIS-K.\"

Officials named IS-KP. Lav
";

struct Session {
    client: LspClient,
    uri: String,
    _dir: tempfile::TempDir,
}

/// A server on the seeds with NOTE open and its first diagnostics in.
fn session() -> (Session, Value) {
    let dir = tempfile::tempdir().unwrap();
    let seeds = Path::new(env!("CARGO_MANIFEST_DIR")).join("seeds");
    write_files(dir.path(), &[("note.md", NOTE)]);
    let mut client = LspClient::start(dir.path());
    client.initialize(
        dir.path(),
        json!({"general": {"positionEncodings": ["utf-16"]}}),
        json!({"corpus": [seeds]}),
    );
    let uri = file_uri(&dir.path().join("note.md"));
    client.notify(
        "textDocument/didOpen",
        json!({"textDocument": {"uri": uri, "languageId": "markdown", "version": 1, "text": NOTE}}),
    );
    let diags = client.wait_for_method("textDocument/publishDiagnostics", |p| {
        p["uri"] == uri && p["diagnostics"].as_array().is_some_and(|d| !d.is_empty())
    });
    (
        Session {
            client,
            uri,
            _dir: dir,
        },
        diags["params"]["diagnostics"].clone(),
    )
}

/// (line, character) of the first occurrence of `needle` in NOTE, plus `shift`.
fn at(needle: &str, shift: usize) -> Value {
    let i = NOTE.find(needle).unwrap() + shift;
    let line = NOTE[..i].matches('\n').count();
    let col = NOTE[..i]
        .rsplit('\n')
        .next()
        .unwrap()
        .encode_utf16()
        .count();
    json!({"line": line, "character": col})
}

impl Session {
    fn request_at(&mut self, method: &str, needle: &str, shift: usize) -> Value {
        let uri = self.uri.clone();
        let mut params = json!({"textDocument": {"uri": uri}, "position": at(needle, shift)});
        if method == "textDocument/references" {
            params["context"] = json!({"includeDeclaration": true});
        }
        let resp = self.client.request(method, params);
        assert!(resp.get("error").is_none(), "{method}: {resp}");
        resp["result"].clone()
    }
}

#[test]
fn contradicted_figure_is_diagnosed_with_its_source_and_fixed() {
    let (mut s, diags) = session();
    let figure = diags
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["code"] == "figure-contradicted")
        .unwrap_or_else(|| panic!("no figure-contradicted in {diags:#}"));
    assert_eq!(figure["source"], "grounded");
    assert_eq!(figure["severity"], 1);
    assert_eq!(figure["range"]["start"], at("250", 0));
    assert!(
        figure["message"].as_str().unwrap().contains("145"),
        "{figure}"
    );
    let related = figure["relatedInformation"].as_array().unwrap();
    assert!(related
        .iter()
        .all(|r| r["location"]["uri"].as_str().unwrap().contains("/seeds/")));
    // "More than 120" is compatible with 145: no diagnostic on that line.
    let line_120 = at("More than 120", 0)["line"].clone();
    assert!(diags
        .as_array()
        .unwrap()
        .iter()
        .all(|d| d["range"]["start"]["line"] != line_120));

    let uri = s.uri.clone();
    let actions = s.client.request(
        "textDocument/codeAction",
        json!({"textDocument": {"uri": uri}, "range": figure["range"],
               "context": {"diagnostics": [figure]}}),
    );
    let actions = actions["result"].as_array().unwrap();
    let edit = &actions[0]["edit"]["changes"][uri.as_str()][0];
    assert_eq!(edit["newText"], "145");
    assert_eq!(edit["range"], figure["range"]);
}

#[test]
fn hover_cards_for_entities_and_figures() {
    let (mut s, _) = session();
    let card = s.request_at("textDocument/hover", "Lavrov's", 2);
    let text = card["contents"]["value"].as_str().unwrap();
    assert!(text.contains("Sergey Lavrov"), "{text}");
    assert!(text.to_lowercase().contains("foreign minister"), "{text}");
    // The hover range covers the name, not the possessive.
    assert_eq!(card["range"]["start"], at("Lavrov's", 0));

    let acronym = s.request_at("textDocument/hover", "IS-KP", 1);
    assert!(
        acronym["contents"]["value"]
            .as_str()
            .unwrap()
            .contains("ISIS-K"),
        "{acronym}"
    );

    let figure = s.request_at("textDocument/hover", "250", 1);
    assert!(
        figure["contents"]["value"]
            .as_str()
            .unwrap()
            .contains("145"),
        "{figure}"
    );

    // A word that is no entity: null, never an empty card.
    assert_eq!(
        s.request_at("textDocument/hover", "mattered", 2),
        Value::Null
    );
}

#[test]
fn quotes_go_to_their_source_passage() {
    let (mut s, _) = session();
    let def = s.request_at("textDocument/definition", "ready to fight", 3);
    let locations = def.as_array().unwrap_or_else(|| panic!("{def}"));
    let first = &locations[0];
    assert!(
        first["uri"]
            .as_str()
            .unwrap()
            .ends_with("000_dd5d9324bc52c63a.txt"),
        "{def}"
    );
    let seed = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("seeds/000_dd5d9324bc52c63a.txt"),
    )
    .unwrap();
    let line = seed
        .lines()
        .position(|l| l.contains("ready to fight"))
        .unwrap();
    assert_eq!(first["range"]["start"]["line"], line);

    let lenses = s.client.request(
        "textDocument/codeLens",
        json!({"textDocument": {"uri": s.uri.clone()}}),
    );
    let lens = &lenses["result"][0];
    assert!(
        lens["command"]["title"]
            .as_str()
            .unwrap()
            .contains("000_dd5d"),
        "{lenses}"
    );
    assert_eq!(lens["command"]["command"], "grounded.openSource");
}

#[test]
fn references_symbols_completion_and_the_entity_table() {
    let (mut s, _) = session();
    let refs = s.request_at("textDocument/references", "Bortnikov", 1);
    let refs = refs.as_array().unwrap();
    assert!(refs.len() >= 3, "{refs:?}");
    assert!(refs
        .iter()
        .any(|r| r["uri"].as_str().unwrap().ends_with("note.md")));

    let symbols = s
        .client
        .request("workspace/symbol", json!({"query": "ISKP"}));
    let names: Vec<&str> = symbols["result"]
        .as_array()
        .unwrap()
        .iter()
        .map(|x| x["name"].as_str().unwrap())
        .collect();
    assert!(!names.is_empty(), "{symbols}");

    let uri = s.uri.clone();
    let doc = s.client.request(
        "textDocument/documentSymbol",
        json!({"textDocument": {"uri": uri}}),
    );
    let doc_names: Vec<&str> = doc["result"]
        .as_array()
        .unwrap()
        .iter()
        .map(|x| x["name"].as_str().unwrap())
        .collect();
    assert!(doc_names.contains(&"Sergey Lavrov"), "{doc_names:?}");

    let completion = s.request_at("textDocument/completion", "Lav\n", 3);
    let labels: Vec<&str> = completion
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["label"].as_str().unwrap())
        .collect();
    assert!(labels.contains(&"Sergey Lavrov"), "{labels:?}");

    let table = s.client.request("grounded/entityTable", json!({}));
    let md = table["result"]["markdown"].as_str().unwrap();
    assert!(md.contains("| Sergey Lavrov |"), "{md}");
}

#[test]
fn edits_move_diagnostics_and_a_fixed_figure_clears() {
    let (mut s, _) = session();
    let uri = s.uri.clone();
    let start = at("250", 0);
    let end = json!({"line": start["line"], "character": start["character"].as_u64().unwrap() + 3});
    s.client.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": uri, "version": 2},
               "contentChanges": [{"range": {"start": start, "end": end}, "text": "145"}]}),
    );
    let diags = s
        .client
        .wait_for_method("textDocument/publishDiagnostics", |p| {
            p["uri"] == uri && p["version"] == 2
        });
    let codes: Vec<&str> = diags["params"]["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["code"].as_str().unwrap())
        .collect();
    assert!(!codes.contains(&"figure-contradicted"), "{codes:?}");
}
