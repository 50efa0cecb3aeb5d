//! Replays every saved fuzz input (`tests/data/fuzz/<target>/`: crashes the
//! fuzzers found, minimised, and a few seeds) through the same invariant
//! checks the fuzz targets run, so CI exercises them on stable Rust without
//! cargo-fuzz. See `fuzz/README.md`.

#[path = "../fuzz/src/checks.rs"]
mod checks;

use std::path::PathBuf;

/// The saved inputs of one target; each target has at least one.
fn inputs(target: &str) -> Vec<(PathBuf, Vec<u8>)> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data/fuzz")
        .join(target);
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|entry| entry.expect("a directory entry").path())
        .collect();
    files.sort();
    assert!(!files.is_empty(), "no saved inputs in {}", dir.display());
    files
        .into_iter()
        .map(|path| {
            let data = std::fs::read(&path).expect("a saved input");
            (path, data)
        })
        .collect()
}

fn replay(target: &str, check: fn(&[u8])) {
    for (path, data) in inputs(target) {
        eprintln!("replaying {}", path.display());
        check(&data);
    }
}

#[test]
fn fold_segment() {
    replay("fold_segment", checks::fold_segment);
}

#[test]
fn figure_parse() {
    replay("figure_parse", checks::figure_parse);
}

#[test]
fn quote_match() {
    replay("quote_match", checks::quote_match);
}

#[test]
fn quote_source() {
    replay("quote_source", checks::quote_source);
}

#[test]
fn edit_sequence() {
    replay("edit_sequence", checks::edit_sequence);
}

#[test]
fn lsp_frames() {
    replay("lsp_frames", checks::lsp_frames);
}
