//! Output formats of `grounded check`. Each lays out a resolved [`Report`];
//! none of them computes anything.

mod github;
mod human;
mod json;
mod junit;
mod sarif;

use super::report::Report;

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// Readable, with the offending line, a caret, and the source passage.
    Human,
    /// A JSON array, one object per finding (see README).
    Json,
    /// SARIF 2.1.0, for GitHub code scanning and other viewers.
    Sarif,
    /// GitHub Actions workflow commands (annotations).
    Github,
    /// JUnit XML, one test case per finding and per clean file.
    Junit,
}

/// Renders a report in a format; `color` only affects `human`.
pub fn render(format: Format, report: &Report, color: bool) -> String {
    match format {
        Format::Human => human::render(report, color),
        Format::Json => json::render(report),
        Format::Sarif => sarif::render(report),
        Format::Github => github::render(report),
        Format::Junit => junit::render(report),
    }
}
