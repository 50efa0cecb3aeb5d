//! `check`: the one entry point both front ends call. Pure: an index and a
//! note's text in, findings out, sorted by position. The project's severity
//! settings and the note's own suppression comments are applied here, so the
//! editor and CI always agree.

use crate::finding::Finding;
use crate::index::Index;
use crate::suppress::Suppressions;

/// What checking one note gave.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CheckOutcome {
    pub findings: Vec<Finding>,
    /// Findings silenced by the note's `grounded-ignore` comments.
    pub suppressed: usize,
}

/// Checks a note against the corpus behind `index`.
pub fn check(index: &Index, note: &str) -> Vec<Finding> {
    check_detailed(index, note).findings
}

/// [`check`], also counting what suppressions silenced.
pub fn check_detailed(index: &Index, note: &str) -> CheckOutcome {
    let mut findings = analyse(index, note);
    findings.retain_mut(|f| match index.config.severity.get(&f.code) {
        None => true,
        Some(level) => level.severity().map(|s| f.severity = s).is_some(),
    });
    let suppressions = Suppressions::parse(note);
    let before = findings.len();
    findings.retain(|f| !suppressions.silences(f));
    let suppressed = before - findings.len();
    findings.sort_by(|a, b| {
        (a.range.start, a.range.end, a.code).cmp(&(b.range.start, b.range.end, b.code))
    });
    CheckOutcome {
        findings,
        suppressed,
    }
}

/// Every analysis's findings, unfiltered.
fn analyse(index: &Index, note: &str) -> Vec<Finding> {
    let mut findings: Vec<Finding> = Vec::new();
    findings.extend(crate::quotes::check(index, note));
    findings.extend(crate::figures::check(index, note));
    findings
}
