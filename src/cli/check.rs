//! `grounded check`: findings as `path:line:col: severity: message [code]`.

use std::path::PathBuf;
use std::time::Instant;

use super::setup::{self, display_path};
use super::{CorpusArgs, EXIT_CLEAN, EXIT_FINDINGS, EXIT_USAGE};
use crate::finding::{Finding, Severity};
use crate::text::LineIndex;

/// One finding as a line; columns are 1-based and count characters.
pub fn format_finding(path: &str, text: &str, lines: &LineIndex, f: &Finding) -> String {
    let pos = lines.position(text, f.range.start, crate::text::Encoding::Utf8);
    let line_start = lines.line_span(pos.line as usize).start;
    let col = text[line_start..line_start + pos.col as usize]
        .chars()
        .count()
        + 1;
    format!(
        "{path}:{}:{col}: {}: {} [{}]",
        pos.line + 1,
        f.severity,
        f.message,
        f.code
    )
}

pub fn run(args: &CorpusArgs, files: &[PathBuf]) -> u8 {
    let started = Instant::now();
    let (index, report, _) = match setup::load(args) {
        Ok(loaded) => loaded,
        Err(e) => {
            eprintln!("grounded: error: {e}");
            return EXIT_USAGE;
        }
    };
    setup::warn_skipped(&report);
    let mut unreadable = false;
    let mut counts = [0usize; 4];
    for path in files {
        let text = match std::fs::read(path) {
            Ok(bytes) => String::from_utf8_lossy(&bytes).into_owned(),
            Err(e) => {
                eprintln!("grounded: error: {}: {e}", path.display());
                unreadable = true;
                continue;
            }
        };
        let lines = LineIndex::new(&text);
        let shown = display_path(path);
        for f in crate::check(&index, &text) {
            counts[f.severity as usize] += 1;
            println!("{}", format_finding(&shown, &text, &lines, &f));
        }
    }
    eprintln!(
        "grounded: checked {} file{} against {} articles: {} error(s), {} warning(s), {} info in {:.2?}",
        files.len(),
        if files.len() == 1 { "" } else { "s" },
        index.corpus.len(),
        counts[Severity::Error as usize],
        counts[Severity::Warning as usize],
        counts[Severity::Info as usize] + counts[Severity::Hint as usize],
        started.elapsed()
    );
    if unreadable {
        EXIT_USAGE
    } else if counts[Severity::Error as usize] > 0 {
        EXIT_FINDINGS
    } else {
        EXIT_CLEAN
    }
}
