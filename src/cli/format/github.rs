//! `--format github`: GitHub Actions workflow commands, which the Actions UI
//! shows as annotations on the changed lines.

use std::fmt::Write;

use super::super::report::Report;
use crate::finding::Severity;

/// Escapes a command's message (data).
fn data(s: &str) -> String {
    s.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// Escapes a command's property value.
fn property(s: &str) -> String {
    data(s).replace(':', "%3A").replace(',', "%2C")
}

pub fn render(report: &Report) -> String {
    let mut out = String::new();
    for file in &report.files {
        for l in &file.findings {
            let level = match l.finding.severity {
                Severity::Error => "error",
                Severity::Warning => "warning",
                Severity::Info | Severity::Hint => "notice",
            };
            let message = format!("{}{}", l.finding.message, l.source_lines());
            let _ = writeln!(
                out,
                "::{level} file={},line={},col={},endLine={},endColumn={},title={}::{}",
                property(&file.name),
                l.span.start.line,
                l.span.start.column,
                l.span.end.line,
                l.span.end.column,
                property(&format!("grounded {}", l.finding.code)),
                data(&message)
            );
        }
    }
    out
}
