//! `cargo bench --bench check`: `grounded check` end to end, as CI runs it —
//! the real release binary checks 200 notes of 200 lines each against the
//! BBC corpus (index build included). Prints figures; asserts nothing.
//!
//! The notes are built deterministically from BBC sentences, with every
//! seventh number changed so that the figure checks have work to do.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

fn bbc() -> Option<PathBuf> {
    let p = std::env::var_os("GROUNDED_BBC")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpora/bbc"));
    p.is_dir().then_some(p)
}

/// Sentences of the corpus's articles, in file order.
fn sentences(root: &Path) -> Vec<String> {
    let mut files = Vec::new();
    let mut stack = vec![root.to_path_buf()];
    while let Some(dir) = stack.pop() {
        for e in std::fs::read_dir(&dir).unwrap().flatten() {
            let p = e.path();
            if p.is_dir() {
                stack.push(p);
            } else if p.extension().is_some_and(|x| x == "txt") {
                files.push(p);
            }
        }
    }
    files.sort();
    let mut out = Vec::new();
    for f in files {
        let text = std::fs::read_to_string(f).unwrap_or_default();
        for para in text.lines().skip(2) {
            out.extend(
                para.split(". ")
                    .filter(|s| s.len() > 30)
                    .map(|s| s.trim().to_string()),
            );
        }
    }
    out
}

fn perturb(s: &str, n: usize) -> String {
    if n % 7 != 0 {
        return s.to_string();
    }
    // Change the first digit run's leading digit.
    let mut out = String::with_capacity(s.len());
    let mut done = false;
    for c in s.chars() {
        if !done && c.is_ascii_digit() {
            out.push(if c == '9' { '1' } else { (c as u8 + 1) as char });
            done = true;
        } else {
            out.push(c);
        }
    }
    out
}

fn main() {
    let Some(bbc) = bbc() else {
        println!("check bench: skipped (no BBC corpus; set GROUNDED_BBC)");
        return;
    };
    let pool = sentences(&bbc);
    let dir = tempfile::tempdir().unwrap();
    let (notes, lines) = (200, 200);
    let mut k = 0;
    for n in 0..notes {
        let mut text = format!("# Note {n}\n\n");
        for _ in 0..lines {
            text.push_str(&perturb(&pool[(k * 7919) % pool.len()], k));
            text.push_str(".\n");
            k += 1;
        }
        std::fs::write(dir.path().join(format!("note{n:03}.md")), text).unwrap();
    }
    let bin = env!("CARGO_BIN_EXE_grounded");
    let mut times = Vec::new();
    let mut last = None;
    for _ in 0..3 {
        let start = Instant::now();
        let out = Command::new(bin)
            .args([
                "check",
                "--format",
                "json",
                "--fail-on",
                "never",
                "--corpus",
            ])
            .arg(&bbc)
            .arg(dir.path())
            .output()
            .unwrap();
        times.push(start.elapsed().as_secs_f64());
        last = Some(out);
    }
    let out = last.unwrap();
    let findings = serde_json::from_slice::<serde_json::Value>(&out.stdout)
        .ok()
        .and_then(|v| v.as_array().map(|a| a.len()))
        .unwrap_or(0);
    times.sort_by(|a, b| a.total_cmp(b));
    println!(
        "check bench: {notes} notes x {lines} lines against {} ({} sentences in the pool)",
        bbc.display(),
        pool.len()
    );
    println!(
        "  grounded check (index included): best {:.3} s, median {:.3} s of 3 runs; {findings} findings",
        times[0], times[1]
    );
    println!("  {}", String::from_utf8_lossy(&out.stderr).trim());
}
