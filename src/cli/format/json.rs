//! `--format json`: a JSON array with one object per finding. The shape is
//! stable and documented in the README.

use serde_json::{json, Value};

use super::super::report::{Report, Span};

fn span(s: &Span) -> Value {
    json!({
        "start": {"line": s.start.line, "column": s.start.column, "byte": s.start.byte},
        "end": {"line": s.end.line, "column": s.end.column, "byte": s.end.byte},
    })
}

pub fn render(report: &Report) -> String {
    let items: Vec<Value> = report
        .files
        .iter()
        .flat_map(|file| {
            file.findings.iter().map(move |l| {
                json!({
                    "path": file.name,
                    "code": l.finding.code.as_str(),
                    "severity": l.finding.severity.as_str(),
                    "message": l.finding.message,
                    "range": span(&l.span),
                    "sources": l.sources.iter().map(|s| json!({
                        "path": s.path,
                        "article": s.article,
                        "range": span(&s.span),
                        "label": s.label,
                        "excerpt": s.excerpt,
                    })).collect::<Vec<_>>(),
                    "fixes": l.fixes.iter().map(|x| json!({
                        "title": x.title,
                        "range": span(&x.span),
                        "replacement": x.replacement,
                    })).collect::<Vec<_>>(),
                })
            })
        })
        .collect();
    let mut out = serde_json::to_string_pretty(&items).unwrap_or_else(|_| "[]".into());
    out.push('\n');
    out
}
