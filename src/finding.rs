//! What `check` reports: plain data with byte ranges into the note and into
//! source articles. Front ends translate these into diagnostics or lines.

use std::fmt;
use std::ops::Range;

use crate::corpus::ArticleId;

/// Stable finding codes (they appear in diagnostics, output and config).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Code {
    FigureContradicted,
    FigureSourcesDiffer,
    FigureUnmatched,
    QuoteAltered,
    QuoteUnsourced,
    QuoteMisattributed,
}

impl Code {
    pub const ALL: [Code; 6] = [
        Code::FigureContradicted,
        Code::FigureSourcesDiffer,
        Code::FigureUnmatched,
        Code::QuoteAltered,
        Code::QuoteUnsourced,
        Code::QuoteMisattributed,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Code::FigureContradicted => "figure-contradicted",
            Code::FigureSourcesDiffer => "figure-sources-differ",
            Code::FigureUnmatched => "figure-unmatched",
            Code::QuoteAltered => "quote-altered",
            Code::QuoteUnsourced => "quote-unsourced",
            Code::QuoteMisattributed => "quote-misattributed",
        }
    }

    /// One sentence on what the code means.
    pub fn description(self) -> &'static str {
        match self {
            Code::FigureContradicted => {
                "A figure in the note contradicts the figures the sources give."
            }
            Code::FigureSourcesDiffer => {
                "The sources disagree among themselves on a figure the note gives."
            }
            Code::FigureUnmatched => "No source figure measures what this figure measures.",
            Code::QuoteAltered => "A quotation differs in its words from the source passage.",
            Code::QuoteUnsourced => "A quotation appears nowhere in the sources.",
            Code::QuoteMisattributed => {
                "A quotation is attributed to someone the sources do not credit with it."
            }
        }
    }

    pub fn parse(s: &str) -> Option<Code> {
        Code::ALL.into_iter().find(|c| c.as_str() == s)
    }
}

impl<'de> serde::Deserialize<'de> for Code {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Code, D::Error> {
        let name = String::deserialize(d)?;
        Code::parse(&name).ok_or_else(|| {
            let known: Vec<_> = Code::ALL.iter().map(|c| c.as_str()).collect();
            serde::de::Error::custom(format!(
                "unknown code `{name}`; the codes are {}",
                known.join(", ")
            ))
        })
    }
}

impl fmt::Display for Code {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// How serious a finding is, most serious first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
    Info,
    Hint,
}

impl Severity {
    pub const ALL: [Severity; 4] = [
        Severity::Error,
        Severity::Warning,
        Severity::Info,
        Severity::Hint,
    ];

    pub fn parse(s: &str) -> Option<Severity> {
        Severity::ALL.into_iter().find(|v| v.as_str() == s)
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Info => "info",
            Severity::Hint => "hint",
        }
    }
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A source passage a finding rests on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SourceRef {
    pub article: ArticleId,
    /// Byte range in the article's original text (`Article::raw`).
    pub range: Range<usize>,
    /// What this passage shows ("says 145").
    pub label: String,
}

/// A suggested edit of the note.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fix {
    pub title: String,
    /// Byte range in the note to replace.
    pub range: Range<usize>,
    pub replacement: String,
}

/// One problem found in a note.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    /// Byte range in the note.
    pub range: Range<usize>,
    pub code: Code,
    pub severity: Severity,
    pub message: String,
    pub sources: Vec<SourceRef>,
    pub fixes: Vec<Fix>,
}
