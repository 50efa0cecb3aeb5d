//! The results of a `grounded check` run, with every byte range resolved to
//! lines and columns once, so that each output format only lays them out.

use std::ops::Range;

use crate::corpus::Article;
use crate::finding::{Finding, Severity};
use crate::index::Index;
use crate::text::{col_of, Encoding, LineIndex};

/// A 1-based line and column (columns count characters), with the byte offset.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Pos {
    pub line: usize,
    pub column: usize,
    pub byte: usize,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Span {
    pub start: Pos,
    pub end: Pos,
}

fn pos(text: &str, lines: &LineIndex, byte: usize) -> Pos {
    let line = lines.line_of(byte);
    let start = lines.line_span(line).start;
    line_pos(line, start, &text[lines.line_span(line)], byte)
}

/// The position of `byte` on line `line`, which starts at byte `start` and
/// reads `text`.
fn line_pos(line: usize, start: usize, text: &str, byte: usize) -> Pos {
    let col = col_of(text, byte.saturating_sub(start), Encoding::Utf8) as usize;
    Pos {
        line: line + 1,
        column: text[..col].chars().count() + 1,
        byte: start + col,
    }
}

fn article_pos(a: &Article, byte: usize) -> Pos {
    let (line, start, text) = a.line_at(byte);
    line_pos(line, start, &text, byte.min(a.raw_len()))
}

/// A byte range of a corpus article, located.
pub fn article_span(a: &Article, r: Range<usize>) -> Span {
    Span {
        start: article_pos(a, r.start),
        end: article_pos(a, r.end),
    }
}

pub fn span(text: &str, lines: &LineIndex, r: Range<usize>) -> Span {
    Span {
        start: pos(text, lines, r.start),
        end: pos(text, lines, r.end),
    }
}

/// A source passage a finding rests on, located in its article file.
#[derive(Debug, Clone)]
pub struct SourceLocation {
    pub path: String,
    pub article: String,
    pub span: Span,
    pub label: String,
    /// The passage's text, on one line.
    pub excerpt: String,
}

/// A suggested fix, located.
#[derive(Debug, Clone)]
pub struct FixLocation {
    pub title: String,
    pub span: Span,
    pub replacement: String,
}

/// A finding with everything located.
#[derive(Debug, Clone)]
pub struct Located {
    pub finding: Finding,
    pub span: Span,
    pub sources: Vec<SourceLocation>,
    pub fixes: Vec<FixLocation>,
}

impl Located {
    /// The source passages as text lines, each after a line break:
    /// `\nsource: PATH:LINE: LABEL`.
    pub fn source_lines(&self) -> String {
        self.sources
            .iter()
            .map(|s| format!("\nsource: {}:{}: {}", s.path, s.span.start.line, s.label))
            .collect()
    }
}

/// One checked note.
#[derive(Debug, Clone)]
pub struct FileReport {
    /// As shown: relative to the current folder when inside it, `-` for stdin.
    pub name: String,
    pub text: String,
    pub findings: Vec<Located>,
    pub suppressed: usize,
}

/// A whole run.
#[derive(Debug, Clone, Default)]
pub struct Report {
    pub files: Vec<FileReport>,
    pub articles: usize,
}

impl Report {
    pub fn count(&self, severity: Severity) -> usize {
        self.findings()
            .filter(|l| l.finding.severity == severity)
            .count()
    }

    pub fn findings(&self) -> impl Iterator<Item = &Located> {
        self.files.iter().flat_map(|f| f.findings.iter())
    }

    pub fn suppressed(&self) -> usize {
        self.files.iter().map(|f| f.suppressed).sum()
    }
}

/// Locates a note's findings and their sources.
pub fn locate(index: &Index, text: &str, findings: Vec<Finding>) -> Vec<Located> {
    let lines = LineIndex::new(text);
    findings
        .into_iter()
        .map(|f| {
            let sources = f
                .sources
                .iter()
                .filter_map(|s| {
                    let a = index.corpus.get(s.article)?;
                    let raw = a.raw(s.range.clone())?;
                    Some(SourceLocation {
                        path: super::setup::display_path(&a.path),
                        article: a.id.clone(),
                        span: article_span(a, s.range.clone()),
                        label: s.label.clone(),
                        excerpt: raw.split_whitespace().collect::<Vec<_>>().join(" "),
                    })
                })
                .collect();
            let fixes = f
                .fixes
                .iter()
                .map(|x| FixLocation {
                    title: x.title.clone(),
                    span: span(text, &lines, x.range.clone()),
                    replacement: x.replacement.clone(),
                })
                .collect();
            Located {
                span: span(text, &lines, f.range.clone()),
                sources,
                fixes,
                finding: f,
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_count_characters_from_one() {
        let text = "ab\né😀x\n";
        let lines = LineIndex::new(text);
        let x = text.find('x').unwrap();
        let s = span(text, &lines, x..x + 1);
        assert_eq!((s.start.line, s.start.column), (2, 3));
        assert_eq!((s.end.line, s.end.column), (2, 4));
        assert_eq!(s.start.byte, x);
    }
}
