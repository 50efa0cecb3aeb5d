//! `--fix` and `--diff`: applying the unambiguous quick fixes (a finding
//! with exactly one fix) to a note, touching nothing else of it.

use std::path::Path;

use crate::finding::{Finding, Fix};

/// The fixes `--fix` applies: one per finding that has exactly one, never
/// two that overlap (the first by position wins).
pub fn unambiguous(findings: &[Finding]) -> Vec<&Fix> {
    let mut fixes: Vec<&Fix> = findings
        .iter()
        .filter(|f| f.fixes.len() == 1)
        .map(|f| &f.fixes[0])
        .collect();
    fixes.sort_by_key(|x| (x.range.start, x.range.end));
    let mut out: Vec<&Fix> = Vec::new();
    for x in fixes {
        if out
            .last()
            .is_none_or(|prev| prev.range.end <= x.range.start)
        {
            out.push(x);
        }
    }
    out
}

/// `text` with `fixes` (sorted, non-overlapping) applied.
pub fn apply(text: &str, fixes: &[&Fix]) -> String {
    let mut out = String::with_capacity(text.len());
    let mut at = 0;
    for x in fixes {
        if x.range.start < at || x.range.end > text.len() {
            continue;
        }
        out.push_str(&text[at..x.range.start]);
        out.push_str(&x.replacement);
        at = x.range.end;
    }
    out.push_str(&text[at..]);
    out
}

/// A unified diff of a change to a note.
pub fn diff(name: &str, before: &str, after: &str) -> String {
    similar::TextDiff::from_lines(before, after)
        .unified_diff()
        .context_radius(2)
        .header(&format!("a/{name}"), &format!("b/{name}"))
        .to_string()
}

/// Writes a file atomically: a new temporary file beside it (with the
/// file's permissions), flushed to disk, then renamed over it. A reader sees
/// the old bytes or the new ones, never a partial file; on an error the
/// original is untouched and the temporary file removed. A symbolic link is
/// followed, so the link stays a link.
pub fn write_atomic(path: &Path, text: &str) -> std::io::Result<()> {
    use std::io::{Error, Write};

    let target = match std::fs::symlink_metadata(path) {
        Ok(m) if m.file_type().is_symlink() => std::fs::canonicalize(path)?,
        _ => path.to_path_buf(),
    };
    let dir = target
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let name = target
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    // `create_new`: never write through a file or link already there (a
    // leftover of a killed run gets the next name).
    let mut attempt = 0;
    let (tmp, mut file) = loop {
        let tmp = dir.join(format!(
            ".{name}.grounded-{}-{attempt}.tmp",
            std::process::id()
        ));
        match std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&tmp)
        {
            Ok(file) => break (tmp, file),
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists && attempt < 100 => {
                attempt += 1
            }
            Err(e) => {
                return Err(Error::new(
                    e.kind(),
                    format!("cannot create a temporary file in {}: {e}", dir.display()),
                ))
            }
        }
    };
    let written = (|| {
        if let Ok(meta) = std::fs::metadata(&target) {
            file.set_permissions(meta.permissions())?;
        }
        file.write_all(text.as_bytes())?;
        file.sync_all()?;
        drop(file);
        std::fs::rename(&tmp, &target)
    })();
    if written.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    written
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::finding::{Code, Severity};

    fn finding(range: std::ops::Range<usize>, fixes: &[&str]) -> Finding {
        Finding {
            range: range.clone(),
            code: Code::FigureContradicted,
            severity: Severity::Error,
            message: String::new(),
            sources: vec![],
            fixes: fixes
                .iter()
                .map(|r| Fix {
                    title: format!("Replace with {r}"),
                    range: range.clone(),
                    replacement: r.to_string(),
                })
                .collect(),
        }
    }

    #[test]
    fn only_single_non_overlapping_fixes_apply_and_nothing_else_changes() {
        let text = "\u{feff}It killed 250\r\nof “them” in 2009.\r\n";
        let a = text.find("250").unwrap();
        let b = text.find("2009").unwrap();
        let findings = vec![
            finding(a..a + 3, &["145"]),
            finding(a..a + 3, &["146"]), // overlaps the first: skipped
            finding(b..b + 4, &["2003", "2004"]), // ambiguous: skipped
        ];
        let fixes = unambiguous(&findings);
        assert_eq!(fixes.len(), 1);
        assert_eq!(
            apply(text, &fixes),
            "\u{feff}It killed 145\r\nof “them” in 2009.\r\n"
        );
    }

    #[test]
    fn diff_shows_the_change() {
        let d = diff("n.md", "a\nb 250\nc\n", "a\nb 145\nc\n");
        assert!(d.contains("-b 250") && d.contains("+b 145"), "{d}");
    }
}
