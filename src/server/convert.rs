//! Translation between the core's plain data (byte offsets, paths, findings)
//! and LSP types (positions in the negotiated encoding, URIs, diagnostics).

use std::ops::Range;
use std::path::{Path, PathBuf};

use tower_lsp_server::ls_types::{
    self as lsp, CodeDescription, Diagnostic, DiagnosticRelatedInformation, DiagnosticSeverity,
    Location, NumberOrString, Position, Uri,
};

use crate::finding::{Finding, Severity};
use crate::index::Index;
use crate::text::{Encoding, LineCol, LineIndex};

/// Diagnostics carry this as their `source`.
pub const SOURCE: &str = "grounded";

pub fn path_to_uri(path: &Path) -> Option<Uri> {
    let abs = if path.is_absolute() {
        path.to_path_buf()
    } else {
        std::env::current_dir().ok()?.join(path)
    };
    Uri::from_file_path(abs)
}

pub fn uri_to_path(uri: &Uri) -> Option<PathBuf> {
    uri.to_file_path().map(|p| p.into_owned())
}

pub fn position(p: LineCol) -> Position {
    Position::new(p.line, p.col)
}

pub fn line_col(p: Position) -> LineCol {
    LineCol {
        line: p.line,
        col: p.character,
    }
}

/// A byte range of `text` as an LSP range.
pub fn range(text: &str, lines: &LineIndex, r: Range<usize>, enc: Encoding) -> lsp::Range {
    lsp::Range::new(
        position(lines.position(text, r.start, enc)),
        position(lines.position(text, r.end, enc)),
    )
}

/// Where a byte range of a corpus article is, as an LSP location.
pub fn article_location(
    index: &Index,
    article: usize,
    r: Range<usize>,
    enc: Encoding,
) -> Option<Location> {
    let a = index.corpus.get(article)?;
    Some(Location::new(
        path_to_uri(&a.path)?,
        lsp::Range::new(
            position(a.position(r.start, enc)),
            position(a.position(r.end, enc)),
        ),
    ))
}

pub fn severity(s: Severity) -> DiagnosticSeverity {
    match s {
        Severity::Error => DiagnosticSeverity::ERROR,
        Severity::Warning => DiagnosticSeverity::WARNING,
        Severity::Info => DiagnosticSeverity::INFORMATION,
        Severity::Hint => DiagnosticSeverity::HINT,
    }
}

/// A finding in a note as an LSP diagnostic, with its source passages as
/// related information.
pub fn diagnostic(
    f: &Finding,
    note: &str,
    lines: &LineIndex,
    index: &Index,
    enc: Encoding,
) -> Diagnostic {
    let related: Vec<_> = f
        .sources
        .iter()
        .filter_map(|s| {
            Some(DiagnosticRelatedInformation {
                location: article_location(index, s.article, s.range.clone(), enc)?,
                message: s.label.clone(),
            })
        })
        .collect();
    Diagnostic {
        range: range(note, lines, f.range.clone(), enc),
        severity: Some(severity(f.severity)),
        code: Some(NumberOrString::String(f.code.as_str().to_string())),
        code_description: None::<CodeDescription>,
        source: Some(SOURCE.to_string()),
        message: f.message.clone(),
        related_information: (!related.is_empty()).then_some(related),
        tags: None,
        data: None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::finding::{Code, SourceRef};

    #[test]
    fn finding_becomes_a_diagnostic_with_related_source() {
        let index = Index::from_texts([("a.txt", "Title\n\nIt killed 145 people.")]);
        let note = "😀 It killed 250 people.";
        let start = note.find("250").unwrap();
        let src = index.corpus.articles[0].raw_text().find("145").unwrap();
        let f = Finding {
            range: start..start + 3,
            code: Code::FigureContradicted,
            severity: Severity::Error,
            message: "the sources say 145".into(),
            sources: vec![SourceRef {
                article: 0,
                range: src..src + 3,
                label: "says 145".into(),
            }],
            fixes: vec![],
        };
        let d = diagnostic(&f, note, &LineIndex::new(note), &index, Encoding::Utf16);
        assert_eq!(d.range.start, Position::new(0, 13));
        assert_eq!(
            d.code,
            Some(NumberOrString::String("figure-contradicted".into()))
        );
        assert_eq!(d.source.as_deref(), Some("grounded"));
        let rel = &d.related_information.unwrap()[0];
        assert!(rel.location.uri.as_str().ends_with("/a.txt"));
        assert_eq!(rel.location.range.start, Position::new(2, 10));
    }
}
