//! `check`: the one entry point both front ends call. Pure: an index and a
//! note's text in, findings out, sorted by position.

use crate::finding::Finding;
use crate::index::Index;
use crate::note::Note;

/// Checks a note against the corpus behind `index`.
pub fn check(index: &Index, source: &str) -> Vec<Finding> {
    let note = Note::parse(source);
    let mut findings: Vec<Finding> = Vec::new();
    let _ = (&note, index);
    findings.extend(crate::figures::check(index, source));
    findings.sort_by(|a, b| {
        (a.range.start, a.range.end, a.code).cmp(&(b.range.start, b.range.end, b.code))
    });
    findings
}
