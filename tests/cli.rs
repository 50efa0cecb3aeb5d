//! The `grounded` binary as a user runs it: exit codes, messages, reports.

mod common;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use common::write_files;

fn grounded(cwd: &Path, args: &[&str]) -> Output {
    Command::new(common::bin())
        .args(args)
        .current_dir(cwd)
        .env("XDG_CACHE_HOME", cwd.join(".cache"))
        .output()
        .expect("run grounded")
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

#[test]
fn check_works_with_no_setup_on_the_embedded_seeds() {
    let dir = tempfile::tempdir().unwrap();
    write_files(dir.path(), &[("note.md", "# A note\n\nNothing to see.\n")]);
    let out = grounded(dir.path(), &["check", "note.md"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("against 5 articles"),
        "{}",
        stderr(&out)
    );
    // The seeds were written to the cache so editors can open them.
    let cached = std::fs::read_dir(dir.path().join(".cache/grounded"))
        .unwrap()
        .count();
    assert_eq!(cached, 1);
}

#[test]
fn usage_and_configuration_errors_exit_2() {
    let dir = tempfile::tempdir().unwrap();
    write_files(
        dir.path(),
        &[("note.md", "Text.\n"), ("sources/a.txt", "T\n\nBody.\n")],
    );

    let out = grounded(dir.path(), &["check", "missing.md", "--corpus", "sources"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("missing.md"), "{}", stderr(&out));

    let out = grounded(
        dir.path(),
        &["check", "note.md", "--corpus", "no-such-folder"],
    );
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("corpus not found"),
        "{}",
        stderr(&out)
    );
    assert!(stderr(&out).contains("no-such-folder"), "{}", stderr(&out));

    let out = grounded(dir.path(), &["check"]);
    assert_eq!(out.status.code(), Some(2));

    let out = grounded(dir.path(), &["frobnicate"]);
    assert_eq!(out.status.code(), Some(2));

    write_files(
        dir.path(),
        &[("grounded.toml", "corpus = [\"sources\"]\ncorpse = true\n")],
    );
    let out = grounded(dir.path(), &["check", "note.md"]);
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    assert!(
        err.contains("grounded.toml") && err.contains("line 2") && err.contains("corpse"),
        "{err}"
    );
}

#[test]
fn config_file_names_the_corpus() {
    let dir = tempfile::tempdir().unwrap();
    write_files(
        dir.path(),
        &[
            ("grounded.toml", "corpus = [\"sources\"]\n"),
            ("sources/a.txt", "T\n\nBody one.\n"),
            ("sources/b.txt", "T\n\nBody two.\n"),
            ("notes/n.md", "Text.\n"),
        ],
    );
    // Found from a subfolder too.
    let out = grounded(&dir.path().join("notes"), &["check", "n.md"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("against 2 articles"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn bad_files_are_skipped_and_named() {
    let dir = tempfile::tempdir().unwrap();
    write_files(
        dir.path(),
        &[
            ("c/good.txt", "Good\n\nA fine article.\n"),
            ("c/also.md", "# Also\n\nFine.\n"),
            ("c/empty.txt", ""),
        ],
    );
    std::fs::write(dir.path().join("c/binary.txt"), b"PK\x03\x04\x00\x00binary").unwrap();
    std::fs::write(
        dir.path().join("c/latin1.txt"),
        b"Caf\xe9 society\n\nNa\xefve.\n",
    )
    .unwrap();
    let out = grounded(dir.path(), &["corpus", "--corpus", "c"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let report = stdout(&out);
    assert!(report.contains("2 articles"), "{report}");
    for (name, why) in [
        ("binary.txt", "binary"),
        ("empty.txt", "empty"),
        ("latin1.txt", "not UTF-8"),
    ] {
        assert!(
            report.lines().any(|l| l.contains(name) && l.contains(why)),
            "{name} should be reported as {why}:\n{report}"
        );
    }
}

/// The BBC corpus beside the checkout (`../shared/corpora/bbc`), or
/// `$GROUNDED_BBC`. CI has it; elsewhere the test says it skipped.
fn bbc() -> Option<PathBuf> {
    let path = std::env::var_os("GROUNDED_BBC")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpora/bbc"));
    if path.is_dir() {
        return Some(path);
    }
    assert!(
        std::env::var_os("CI").is_none(),
        "CI must have the BBC corpus at {}",
        path.display()
    );
    eprintln!("skipped: no BBC corpus at {}", path.display());
    None
}

#[test]
fn the_bbc_corpus_loads_whole() {
    let Some(bbc) = bbc() else { return };
    let dir = tempfile::tempdir().unwrap();
    let out = grounded(dir.path(), &["corpus", "--corpus", bbc.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let report = stdout(&out);
    assert!(report.contains("\n1230 articles,"), "{report}");
    assert!(!report.contains("skipped"), "{report}");
}
