//! The `grounded` binary as a user runs it: exit codes, messages, reports.

mod common;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use common::write_files;

/// `grounded ARGS` in `cwd`, with a cache of its own there.
fn grounded_command(cwd: &Path, args: &[&str]) -> Command {
    let mut command = Command::new(common::bin());
    command
        .args(args)
        .current_dir(cwd)
        .env("XDG_CACHE_HOME", cwd.join(".cache"));
    command
}

fn grounded(cwd: &Path, args: &[&str]) -> Output {
    grounded_command(cwd, args).output().expect("run grounded")
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

fn checked_count(o: &Output) -> String {
    let err = stderr(o);
    err.lines()
        .find(|l| l.starts_with("grounded: checked"))
        .map(|l| l.split(" against").next().unwrap().to_string())
        .unwrap_or_else(|| panic!("no summary in:\n{err}"))
}

#[test]
fn folders_globs_ignores_excludes_and_stdin() {
    let dir = tempfile::tempdir().unwrap();
    write_files(
        dir.path(),
        &[
            (
                "grounded.toml",
                "corpus = [\"sources\"]\nexclude = [\"notes/drafts/**\"]\n",
            ),
            ("sources/a.txt", "T\n\nBody.\n"),
            ("notes/a.md", "One.\n"),
            ("notes/b.txt", "Two.\n"),
            ("notes/c.rs", "fn main() {}\n"),
            ("notes/.gitignore", "ignored.md\n"),
            ("notes/ignored.md", "Ignored.\n"),
            ("notes/drafts/d.md", "Draft.\n"),
        ],
    );
    let run = |args: &[&str]| grounded(dir.path(), args);
    // A folder: .md and .txt, not .gitignored, not excluded, not the corpus.
    assert_eq!(
        checked_count(&run(&["check", "."])),
        "grounded: checked 2 files"
    );
    assert_eq!(
        checked_count(&run(&["check", "notes"])),
        "grounded: checked 2 files"
    );
    // A glob.
    assert_eq!(
        checked_count(&run(&["check", "notes/*.md"])),
        "grounded: checked 1 file"
    );
    // A file named explicitly is checked even when excluded.
    assert_eq!(
        checked_count(&run(&["check", "notes/drafts/d.md"])),
        "grounded: checked 1 file"
    );
    // A glob matching nothing is an error.
    assert_eq!(run(&["check", "nothing/*.md"]).status.code(), Some(2));
    // Standard input.
    let mut child = Command::new(common::bin())
        .args(["check", "-"])
        .current_dir(dir.path())
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    use std::io::Write;
    child
        .stdin
        .take()
        .unwrap()
        .write_all(b"A note from stdin.\n")
        .unwrap();
    let out = child.wait_with_output().unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(checked_count(&out), "grounded: checked 1 file");
}

#[test]
fn init_writes_a_starter_config_once() {
    let dir = tempfile::tempdir().unwrap();
    assert_eq!(grounded(dir.path(), &["init"]).status.code(), Some(0));
    let text = std::fs::read_to_string(dir.path().join("grounded.toml")).unwrap();
    assert!(text.contains("# corpus = "));
    assert_eq!(grounded(dir.path(), &["init"]).status.code(), Some(2));
    assert_eq!(
        grounded(dir.path(), &["init", "--force"]).status.code(),
        Some(0)
    );
    // The written file is a valid config: check runs with it.
    write_files(dir.path(), &[("n.md", "Text.\n")]);
    assert_eq!(
        grounded(dir.path(), &["check", "n.md"]).status.code(),
        Some(0)
    );
}

#[test]
fn fix_changes_only_the_fixed_spans_and_diff_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let seeds = Path::new(env!("CARGO_MANIFEST_DIR")).join("seeds");
    // A BOM, CRLF line endings and curly quotes that must survive byte for byte.
    let note = "\u{feff}# Briefing\r\n\r\nThe March 22 attack on the concert hall left 250 people dead.\r\n\r\n\
                Bortnikov said: “We can see that the Taliban is willing to fight the most dangerous wing of the Islamic State, ISIS-K.”\r\n";
    write_files(dir.path(), &[("note.md", note)]);
    let corpus = seeds.to_str().unwrap();

    let out = grounded(
        dir.path(),
        &["check", "--corpus", corpus, "--diff", "note.md"],
    );
    assert_eq!(
        std::fs::read_to_string(dir.path().join("note.md")).unwrap(),
        note,
        "--diff wrote"
    );
    let diff = stdout(&out);
    assert!(
        diff.contains("-The March 22") && diff.contains("+The March 22"),
        "{diff}"
    );

    let out = grounded(
        dir.path(),
        &["check", "--corpus", corpus, "--fix", "note.md"],
    );
    let fixed = std::fs::read_to_string(dir.path().join("note.md")).unwrap();
    let expected = note
        .replace("left 250 people", "left 145 people")
        .replace("willing to fight", "ready to fight");
    assert_eq!(fixed, expected, "{}", stderr(&out));
    assert!(stderr(&out).contains("2 fixed"), "{}", stderr(&out));
    // Fixed: nothing left at error severity.
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    // No temporary file is left behind.
    let names: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert!(
        names.iter().all(|n| !n.to_string_lossy().ends_with(".tmp")),
        "{names:?}"
    );
}

/// Runs `grounded` like [`grounded`], but gives up after `limit`: a hang
/// fails the test instead of blocking the run.
fn grounded_within(cwd: &Path, args: &[&str], limit: std::time::Duration) -> Output {
    let mut child = grounded_command(cwd, args)
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("run grounded");
    // Read both pipes as the child writes, or a full pipe would hang it.
    let out = drain(child.stdout.take());
    let err = drain(child.stderr.take());
    let started = std::time::Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().expect("wait for grounded") {
            break status;
        }
        if started.elapsed() > limit {
            child.kill().ok();
            panic!("grounded {args:?} still running after {limit:?}");
        }
        std::thread::sleep(std::time::Duration::from_millis(20));
    };
    Output {
        status,
        stdout: out.join().expect("stdout"),
        stderr: err.join().expect("stderr"),
    }
}

/// Reads `pipe` to its end on a thread of its own.
fn drain<R: std::io::Read + Send + 'static>(pipe: Option<R>) -> std::thread::JoinHandle<Vec<u8>> {
    std::thread::spawn(move || {
        let mut bytes = Vec::new();
        if let Some(mut pipe) = pipe {
            pipe.read_to_end(&mut bytes).ok();
        }
        bytes
    })
}

#[test]
fn several_notes_with_many_figures_are_checked_side_by_side() {
    // Each note is checked on the thread pool, and each note's figures are
    // judged on the pool too: a check that waited for its figures on a
    // thread of its own once hung here, with every pool thread waiting.
    let dir = tempfile::tempdir().unwrap();
    let article = "Port blast\n\n\
        The explosion at the port killed 145 people on Tuesday.\n\n\
        The government pledged $300m for the harbour, and 2,000 workers were hired.\n";
    let mut files = vec![("sources/port.txt".to_string(), article.to_string())];
    for n in 0..6 {
        let note: String = (0..12)
            .map(|i| {
                format!(
                    "The explosion at the port killed {} people on Tuesday.\n\n\
                     The government pledged ${}m for the harbour, and {} workers were hired.\n\n",
                    250 + n * 12 + i,
                    900 + i,
                    7_000 + i
                )
            })
            .collect();
        files.push((format!("notes/n{n}.md"), note));
    }
    let files: Vec<(&str, &str)> = files
        .iter()
        .map(|(p, t)| (p.as_str(), t.as_str()))
        .collect();
    write_files(dir.path(), &files);
    let out = grounded_within(
        dir.path(),
        &["check", "notes", "--corpus", "sources"],
        std::time::Duration::from_secs(60),
    );
    let report = stdout(&out);
    assert_eq!(out.status.code(), Some(1), "{}{report}", stderr(&out));
    for n in 0..6 {
        assert!(report.contains(&format!("n{n}.md")), "{report}");
    }
}
