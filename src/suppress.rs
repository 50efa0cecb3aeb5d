//! Inline suppressions: accepted exceptions a writer marks in the note.
//!
//! - `<!-- grounded-ignore figure-contradicted -->` silences the listed codes
//!   (every code when none is listed) on the comment's own line and on the
//!   next non-blank line after it.
//! - `<!-- grounded-ignore-file quote-unsourced -->` silences the listed codes
//!   (or every code) in the whole note.

use std::ops::Range;
use std::sync::LazyLock;

use regex::Regex;

use crate::finding::{Code, Finding};

static COMMENT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"<!--\s*grounded-ignore(-file)?((?:\s+[a-z][a-z-]*)*)\s*-->").unwrap()
});

/// Which codes a suppression covers; `None` means all.
type Codes = Option<Vec<Code>>;

/// The suppressions a note declares.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Suppressions {
    file: Vec<Codes>,
    /// Byte spans of suppressed lines, with their codes.
    lines: Vec<(Range<usize>, Codes)>,
    /// Names in suppression comments that are no code, with where they are.
    pub unknown: Vec<(Range<usize>, String)>,
}

fn covers(codes: &Codes, code: Code) -> bool {
    codes.as_ref().is_none_or(|c| c.contains(&code))
}

/// The byte span of the line containing `at`, without its line break.
fn line_at(text: &str, at: usize) -> Range<usize> {
    let start = text[..at].rfind('\n').map_or(0, |i| i + 1);
    let end = text[at..].find('\n').map_or(text.len(), |i| at + i);
    start..end
}

/// The next non-blank line after the line ending at `end`.
fn next_line(text: &str, end: usize) -> Option<Range<usize>> {
    let mut start = end + 1;
    while start < text.len() {
        let line = line_at(text, start);
        if !text[line.clone()].trim().is_empty() {
            return Some(line);
        }
        start = line.end + 1;
    }
    None
}

impl Suppressions {
    pub fn parse(note: &str) -> Suppressions {
        let mut s = Suppressions::default();
        for caps in COMMENT.captures_iter(note) {
            let whole = caps.get(0).unwrap();
            let mut codes = Vec::new();
            for name in caps[2].split_whitespace() {
                match Code::parse(name) {
                    Some(c) => codes.push(c),
                    None => s.unknown.push((whole.range(), name.to_string())),
                }
            }
            let codes = (!caps[2].trim().is_empty()).then_some(codes);
            if caps.get(1).is_some() {
                s.file.push(codes);
                continue;
            }
            let own = line_at(note, whole.start());
            if let Some(next) = next_line(note, own.end) {
                s.lines.push((next, codes.clone()));
            }
            s.lines.push((own, codes));
        }
        s
    }

    /// Does a suppression silence this finding?
    pub fn silences(&self, f: &Finding) -> bool {
        self.file.iter().any(|c| covers(c, f.code))
            || self
                .lines
                .iter()
                .any(|(line, c)| line.contains(&f.range.start) && covers(c, f.code))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::finding::Severity;

    fn finding(note: &str, at: &str, code: Code) -> Finding {
        let start = note.find(at).unwrap();
        Finding {
            range: start..start + at.len(),
            code,
            severity: Severity::Error,
            message: String::new(),
            sources: vec![],
            fixes: vec![],
        }
    }

    #[test]
    fn line_suppressions_cover_the_next_non_blank_line() {
        let note = "A 1.\n<!-- grounded-ignore figure-contradicted -->\n\nB 2.\nC 3.\n";
        let s = Suppressions::parse(note);
        assert!(!s.silences(&finding(note, "1", Code::FigureContradicted)));
        assert!(s.silences(&finding(note, "2", Code::FigureContradicted)));
        assert!(!s.silences(&finding(note, "2", Code::QuoteUnsourced)));
        assert!(!s.silences(&finding(note, "3", Code::FigureContradicted)));
    }

    #[test]
    fn bare_and_file_suppressions() {
        let note = "x 1 <!-- grounded-ignore -->\ny 2\n";
        let s = Suppressions::parse(note);
        assert!(s.silences(&finding(note, "1", Code::QuoteAltered)));
        let note = "<!-- grounded-ignore-file quote-unsourced -->\n\"a b c\" d\n";
        let s = Suppressions::parse(note);
        assert!(s.silences(&finding(note, "a b c", Code::QuoteUnsourced)));
        assert!(!s.silences(&finding(note, "a b c", Code::QuoteAltered)));
    }

    #[test]
    fn unknown_codes_are_reported() {
        let s = Suppressions::parse("<!-- grounded-ignore figure-wrong -->\nx\n");
        assert_eq!(s.unknown.len(), 1);
        assert_eq!(s.unknown[0].1, "figure-wrong");
    }
}
