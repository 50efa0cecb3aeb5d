//! `grounded check --fix` is safe: it changes no byte outside the fixed
//! spans (BOM, CRLF and lone CR line ends, curly and straight quotes,
//! non-ASCII text), writes through a new file and a rename (new inode,
//! permissions kept, no temporary file left, a symbolic link stays a link),
//! and when it cannot write, says so and leaves the note as it was.

mod common;

use std::os::unix::fs::{MetadataExt, PermissionsExt};
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use serde_json::Value;

/// A BOM, CRLF line ends, a lone CR, no final newline, curly and straight
/// double and single quotes, accents, CJK and an emoji; a contradicted
/// figure, a quote altered inside curly quotes and one inside straight
/// quotes, given to the wrong speaker.
const NOTE: &str = "\u{feff}# Brief — café notes 日本 😀\r\n\r\n\
    The March 22 attack on the Crocus City Hall concert hall left 250 people dead.\r\n\r\n\
    Bortnikov said: “We can see that the Taliban is willing to fight the most dangerous wing of the Islamic State, ISIS-K.”\r\n\r\n\
    Peskov said: \"Hopefully, the final decision will be announced very soon.\"\r\n\
    Lavrov said the West 'must stop funding the insurgency at once'.\r\n\
    In 2009, Russia named the Taliban a terrorist group; Zürich ‘agreed’.\rlast line without newline";

fn seeds() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("seeds")
}

fn grounded(cwd: &Path, args: &[&str]) -> Output {
    grounded_as(cwd, args, None)
}

/// Runs grounded, as user `uid` if given.
fn grounded_as(cwd: &Path, args: &[&str], uid: Option<u32>) -> Output {
    let mut cmd = Command::new(common::bin());
    cmd.args(["check", "--corpus"])
        .arg(seeds())
        .args(args)
        .current_dir(cwd)
        .env("XDG_CACHE_HOME", cwd.join(".cache"));
    if let Some(uid) = uid {
        use std::os::unix::process::CommandExt;
        cmd.uid(uid).gid(uid);
    }
    cmd.output().expect("run grounded")
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// (start, end, replacement) of every fix `--fix` should apply, from
/// `--format json`: findings with exactly one fix, the first of any that
/// overlap.
fn expected_fixes(dir: &Path) -> Vec<(usize, usize, String)> {
    let out = grounded(dir, &["--format", "json", "--fail-on", "never", "note.md"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let findings: Vec<Value> = serde_json::from_slice(&out.stdout).unwrap();
    let mut fixes: Vec<(usize, usize, String)> = findings
        .iter()
        .filter(|f| f["fixes"].as_array().unwrap().len() == 1)
        .map(|f| {
            let x = &f["fixes"][0];
            let byte = |end: &str| x["range"][end]["byte"].as_u64().unwrap() as usize;
            (
                byte("start"),
                byte("end"),
                x["replacement"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    fixes.sort();
    let mut kept: Vec<(usize, usize, String)> = Vec::new();
    for f in fixes {
        if kept.last().is_none_or(|k| k.1 <= f.0) {
            kept.push(f);
        }
    }
    kept
}

fn note_dir() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("note.md"), NOTE).unwrap();
    dir
}

fn leftovers(dir: &Path) -> Vec<String> {
    std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains(".grounded-") || n.ends_with(".tmp"))
        .collect()
}

#[test]
fn fixes_change_no_byte_outside_the_fixed_spans() {
    let dir = note_dir();
    let fixes = expected_fixes(dir.path());
    assert!(fixes.len() >= 3, "a figure and quotes to fix: {fixes:?}");
    let out = grounded(dir.path(), &["--fix", "note.md"]);
    assert!(
        stderr(&out).contains(&format!("{} fixed", fixes.len())),
        "{}",
        stderr(&out)
    );
    let after = std::fs::read(dir.path().join("note.md")).unwrap();

    // Walk the fixes: every byte between them is the original byte.
    let before = NOTE.as_bytes();
    let (mut b, mut a) = (0, 0);
    for (start, end, replacement) in &fixes {
        assert_eq!(
            &after[a..a + (start - b)],
            &before[b..*start],
            "bytes {b}..{start} changed"
        );
        a += start - b;
        assert_eq!(&after[a..a + replacement.len()], replacement.as_bytes());
        a += replacement.len();
        b = *end;
    }
    assert_eq!(&after[a..], &before[b..], "bytes after {b} changed");

    // The fixes themselves: the source's figure, words and speaker.
    let after = String::from_utf8(after).unwrap();
    assert!(after.starts_with('\u{feff}'));
    assert!(after.contains("left 145 people"), "{after}");
    assert!(after.contains("ready to fight"), "{after}");
    assert!(after.contains("Kabulov said: \"Hopefully"), "{after}");
    assert_eq!(after.matches("\r\n").count(), NOTE.matches("\r\n").count());
    assert!(after.ends_with("’.\rlast line without newline"));
    assert!(
        leftovers(dir.path()).is_empty(),
        "{:?}",
        leftovers(dir.path())
    );
}

#[test]
fn fixes_are_written_through_a_new_file_and_a_rename() {
    let dir = note_dir();
    let path = dir.path().join("note.md");
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o640)).unwrap();
    let inode = std::fs::metadata(&path).unwrap().ino();
    // A reader holding the old file keeps reading the old, whole text.
    let held = std::fs::File::open(&path).unwrap();

    let out = grounded(dir.path(), &["--fix", "note.md"]);
    assert!(stderr(&out).contains("fixed"), "{}", stderr(&out));
    let meta = std::fs::metadata(&path).unwrap();
    assert_ne!(meta.ino(), inode, "written in place, not renamed over");
    assert_eq!(
        meta.permissions().mode() & 0o7777,
        0o640,
        "permissions lost"
    );
    let mut old = String::new();
    std::io::Read::read_to_string(&mut &held, &mut old).unwrap();
    assert_eq!(old, NOTE);
    assert!(
        leftovers(dir.path()).is_empty(),
        "{:?}",
        leftovers(dir.path())
    );
}

#[test]
fn a_symbolic_link_to_a_note_stays_a_link() {
    let dir = note_dir();
    std::fs::create_dir(dir.path().join("notes")).unwrap();
    std::os::unix::fs::symlink("../note.md", dir.path().join("notes/link.md")).unwrap();

    let out = grounded(dir.path(), &["--fix", "notes/link.md"]);
    assert!(stderr(&out).contains("fixed"), "{}", stderr(&out));
    let link = std::fs::symlink_metadata(dir.path().join("notes/link.md")).unwrap();
    assert!(
        link.file_type().is_symlink(),
        "the link was replaced by a file"
    );
    let fixed = std::fs::read_to_string(dir.path().join("note.md")).unwrap();
    assert!(fixed.contains("left 145 people"), "{fixed}");
    assert!(leftovers(&dir.path().join("notes")).is_empty());
    assert!(leftovers(dir.path()).is_empty());
}

#[test]
fn a_note_in_a_read_only_folder_is_left_untouched_with_a_clear_error() {
    let dir = note_dir();
    // As root, permissions do not stop writes: run grounded as `nobody`.
    // SAFETY: geteuid has no preconditions.
    let uid = (unsafe { libc::geteuid() } == 0).then_some(65534);
    std::fs::set_permissions(dir.path(), std::fs::Permissions::from_mode(0o555)).unwrap();
    let out = grounded_as(dir.path(), &["--fix", "note.md"], uid);
    std::fs::set_permissions(dir.path(), std::fs::Permissions::from_mode(0o755)).unwrap();

    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    let err = stderr(&out);
    assert!(
        err.contains("note.md: cannot write fixes: cannot create a temporary file in")
            && err.contains("ermission denied"),
        "{err}"
    );
    assert!(!err.contains("fixed"), "{err}");
    assert_eq!(
        std::fs::read_to_string(dir.path().join("note.md")).unwrap(),
        NOTE
    );
    assert!(
        leftovers(dir.path()).is_empty(),
        "{:?}",
        leftovers(dir.path())
    );
}
