//! What the server tells the user after a (re)index: the corpus files it
//! skipped and the unreadable ones whose last good version it kept — a few
//! named in a notification, up to [`LOG_LINES`] in the log.

use std::path::PathBuf;

use crate::corpus::{LoadReport, SkipReason};

/// Skipped or kept paths named in the log at most.
pub const LOG_LINES: usize = 200;

/// Paths named in a notification at most.
const NAMED: usize = 3;

fn named(items: impl ExactSizeIterator<Item = String>) -> String {
    let total = items.len();
    let mut names: Vec<String> = items.take(NAMED).collect();
    if total > NAMED {
        names.push(format!("and {} more (see the log)", total - NAMED));
    }
    names.join("; ")
}

/// A warning naming the first few problems of a load; `None` when it read
/// every file.
pub fn warning(report: &LoadReport) -> Option<String> {
    let mut parts = Vec::new();
    if !report.kept.is_empty() {
        let n = report.kept_articles();
        parts.push(format!(
            "kept the last good version{} of {n} article{} that cannot be read now ({})",
            if n == 1 { "" } else { "s" },
            if n == 1 { "" } else { "s" },
            named(
                report
                    .kept
                    .iter()
                    .map(|k| format!("{}: {}", k.path.display(), k.reason))
            ),
        ));
    }
    if !report.skipped.is_empty() {
        parts.push(format!(
            "skipped {}",
            named(report.skipped.iter().map(|s| s.to_string()))
        ));
    }
    (!parts.is_empty()).then(|| format!("grounded: {}", parts.join(". ")))
}

/// A corpus root (folder or file) that could not be read at all, if any.
pub fn unreadable_root<'a>(report: &'a LoadReport, roots: &[PathBuf]) -> Option<&'a PathBuf> {
    let failed = |path: &PathBuf, reason: &SkipReason| {
        roots.contains(path) && matches!(reason, SkipReason::Missing | SkipReason::Unreadable(_))
    };
    report
        .skipped
        .iter()
        .map(|s| (&s.path, &s.reason))
        .chain(report.kept.iter().map(|k| (&k.path, &k.reason)))
        .find(|(path, reason)| failed(path, reason))
        .map(|(path, _)| path)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::corpus::{Kept, Skipped};

    #[test]
    fn a_clean_load_has_no_warning() {
        let report = LoadReport {
            loaded: 3,
            ..LoadReport::default()
        };
        assert_eq!(warning(&report), None);
        assert_eq!(unreadable_root(&report, &["/r".into()]), None);
    }

    #[test]
    fn warnings_name_a_few_paths_and_count_the_rest() {
        let report = LoadReport {
            loaded: 1,
            skipped: (0..5)
                .map(|i| Skipped {
                    path: format!("/r/{i}.txt").into(),
                    reason: SkipReason::Empty,
                })
                .collect(),
            kept: vec![Kept {
                path: "/r".into(),
                reason: SkipReason::Missing,
                articles: 2,
            }],
        };
        let text = warning(&report).unwrap();
        assert!(
            text.contains("kept the last good versions of 2 articles that cannot be read now (/r: no such file or folder)"),
            "{text}"
        );
        assert!(text.contains("/r/2.txt: empty file; and 2 more"), "{text}");
        assert!(!text.contains("/r/3.txt"), "{text}");
        assert_eq!(
            unreadable_root(&report, &["/r".into()]),
            Some(&PathBuf::from("/r"))
        );
        assert_eq!(unreadable_root(&report, &["/other".into()]), None);
    }
}
