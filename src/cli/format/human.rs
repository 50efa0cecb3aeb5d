//! The default format, in the style of rustc and ruff:
//!
//! ```text
//! error[figure-contradicted]: the sources say 145, not 250
//!  --> notes/a.md:3:19
//!   |
//! 3 | The attack killed 250 people.
//!   |                   ^^^
//!   = source: 000_x.txt:9:41: says 145
//!     "…leaving 145 people dead…"
//!   = fix: Replace with "145"
//! ```

use std::fmt::Write;

use super::super::report::{Located, Report};
use crate::finding::Severity;

struct Paint(bool);

impl Paint {
    fn wrap(&self, code: &str, s: &str) -> String {
        if self.0 {
            format!("\x1b[{code}m{s}\x1b[0m")
        } else {
            s.to_string()
        }
    }
    fn severity(&self, s: Severity, text: &str) -> String {
        let code = match s {
            Severity::Error => "1;31",
            Severity::Warning => "1;33",
            Severity::Info => "1;36",
            Severity::Hint => "1;32",
        };
        self.wrap(code, text)
    }
}

/// Longest excerpt of a source passage shown, in characters.
const EXCERPT_CHARS: usize = 160;

fn excerpt(s: &str) -> String {
    if s.chars().count() <= EXCERPT_CHARS {
        return s.to_string();
    }
    let cut: String = s.chars().take(EXCERPT_CHARS).collect();
    format!("{cut}…")
}

fn finding(out: &mut String, name: &str, text: &str, l: &Located, paint: &Paint) {
    let f = &l.finding;
    let head = format!("{}[{}]", f.severity, f.code);
    let _ = writeln!(
        out,
        "{}: {}",
        paint.severity(f.severity, &head),
        paint.wrap("1", &f.message)
    );
    let (line, col) = (l.span.start.line, l.span.start.column);
    let gutter = line.to_string().len();
    let bar = paint.wrap("1;34", "|");
    let _ = writeln!(
        out,
        "{:gutter$}{} {name}:{line}:{col}",
        "",
        paint.wrap("1;34", "-->")
    );
    let _ = writeln!(out, "{:gutter$} {bar}", "");
    let line_text = text
        .lines()
        .nth(line - 1)
        .unwrap_or("")
        .trim_end_matches('\r');
    let _ = writeln!(
        out,
        "{} {bar} {line_text}",
        paint.wrap("1;34", &line.to_string())
    );
    let width = if l.span.end.line == line {
        l.span.end.column.saturating_sub(col).max(1)
    } else {
        line_text.chars().count().saturating_sub(col - 1).max(1)
    };
    let carets = paint.severity(f.severity, &"^".repeat(width));
    let _ = writeln!(
        out,
        "{:gutter$} {bar} {:pad$}{carets}",
        "",
        "",
        pad = col - 1
    );
    for s in &l.sources {
        let _ = writeln!(
            out,
            "{:gutter$} = source: {}:{}:{}: {}",
            "", s.path, s.span.start.line, s.span.start.column, s.label
        );
        let _ = writeln!(out, "{:gutter$}     \"{}\"", "", excerpt(&s.excerpt));
    }
    for x in &l.fixes {
        let _ = writeln!(out, "{:gutter$} = fix: {}", "", x.title);
    }
    out.push('\n');
}

pub fn render(report: &Report, color: bool) -> String {
    let paint = Paint(color);
    let mut out = String::new();
    for file in &report.files {
        for l in &file.findings {
            finding(&mut out, &file.name, &file.text, l, &paint);
        }
    }
    out
}
