//! `--format sarif`: SARIF 2.1.0, read by GitHub code scanning and other
//! viewers. Validated against the SARIF 2.1.0 schema in the tests.

use serde_json::{json, Value};

use super::super::report::{Report, Span};
use crate::finding::{Code, Severity};

fn level(s: Severity) -> &'static str {
    match s {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info | Severity::Hint => "note",
    }
}

fn region(s: &Span) -> Value {
    json!({
        "startLine": s.start.line,
        "startColumn": s.start.column,
        "endLine": s.end.line,
        "endColumn": s.end.column,
    })
}

/// A path as a relative URI reference (forward slashes, spaces escaped).
fn uri(path: &str) -> String {
    path.replace('\\', "/")
        .replace('%', "%25")
        .replace(' ', "%20")
}

pub fn render(report: &Report) -> String {
    let rules: Vec<Value> = Code::ALL
        .iter()
        .map(|c| {
            json!({
                "id": c.as_str(),
                "shortDescription": {"text": c.description()},
            })
        })
        .collect();
    let results: Vec<Value> = report
        .files
        .iter()
        .flat_map(|file| {
            file.findings.iter().map(move |l| {
                let f = &l.finding;
                let related: Vec<Value> = l
                    .sources
                    .iter()
                    .enumerate()
                    .map(|(i, s)| {
                        json!({
                            "id": i,
                            "message": {"text": format!("{}: {}", s.article, s.label)},
                            "physicalLocation": {
                                "artifactLocation": {"uri": uri(&s.path)},
                                "region": region(&s.span),
                            },
                        })
                    })
                    .collect();
                let fixes: Vec<Value> = l
                    .fixes
                    .iter()
                    .map(|x| {
                        json!({
                            "description": {"text": x.title},
                            "artifactChanges": [{
                                "artifactLocation": {"uri": uri(&file.name)},
                                "replacements": [{
                                    "deletedRegion": region(&x.span),
                                    "insertedContent": {"text": x.replacement},
                                }],
                            }],
                        })
                    })
                    .collect();
                json!({
                    "ruleId": f.code.as_str(),
                    "ruleIndex": Code::ALL.iter().position(|c| *c == f.code).unwrap_or(0),
                    "level": level(f.severity),
                    "message": {"text": f.message},
                    "locations": [{
                        "physicalLocation": {
                            "artifactLocation": {"uri": uri(&file.name)},
                            "region": region(&l.span),
                        },
                    }],
                    "relatedLocations": related,
                    "fixes": fixes,
                })
            })
        })
        .collect();
    let log = json!({
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {
                "name": "grounded",
                "version": env!("CARGO_PKG_VERSION"),
                "informationUri": "https://github.com/grounded-dev/grounded",
                "rules": rules,
            }},
            "columnKind": "unicodeCodePoints",
            "results": results,
        }],
    });
    let mut out = serde_json::to_string_pretty(&log).unwrap_or_default();
    out.push('\n');
    out
}
