//! Scratch files: what a build that will be saved to the cache moves out of
//! the heap while it runs (the articles' texts, [`super::texts`]; the
//! finished entity index, [`super::spilled`]), and the whole index of a
//! large corpus built with no cache, saved only to be served from its file
//! ([`super::built_without_cache`]). A scratch file is written in the cache
//! folder, mapped, and deleted at once: the mapping keeps it readable, and
//! nothing else can open it. A run that ends before deleting one leaves it
//! behind; the next build removes it once it is old enough to be no live
//! run's.

use std::fs::{File, OpenOptions};
use std::io;
use std::path::Path;

use super::mapped::FileBytes;

/// What is in a scratch file; its name starts with `.KIND.`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ScratchKind {
    Texts,
    Quotes,
    Entities,
    Index,
}

impl ScratchKind {
    const ALL: [ScratchKind; 4] = [
        ScratchKind::Texts,
        ScratchKind::Quotes,
        ScratchKind::Entities,
        ScratchKind::Index,
    ];

    fn prefix(self) -> &'static str {
        match self {
            ScratchKind::Texts => ".texts.",
            ScratchKind::Quotes => ".quotes.",
            ScratchKind::Entities => ".entities.",
            ScratchKind::Index => ".index.",
        }
    }
}

/// A new scratch file's name without its `.tmp` ending: the kind's prefix,
/// the process and the time, so no two runs' are the same.
pub fn unique_stem(kind: ScratchKind) -> String {
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.subsec_nanos());
    format!("{}{}.{nanos}", kind.prefix(), std::process::id())
}

/// Writes a new scratch file of `kind` in `folder` with `write` (which
/// returns how many bytes it wrote), maps those bytes and deletes the file.
/// `None` when nothing was written or the file cannot be mapped: the caller
/// keeps what it has in the heap. Scratch files of earlier runs that were
/// left behind are removed first.
pub fn write_mapped(
    folder: &Path,
    kind: ScratchKind,
    write: impl FnOnce(&mut File) -> io::Result<u64>,
) -> io::Result<Option<FileBytes>> {
    std::fs::create_dir_all(folder)?;
    remove_left_over(folder);
    let path = folder.join(format!("{}.tmp", unique_stem(kind)));
    let mut file = OpenOptions::new()
        .read(true)
        .write(true)
        .create_new(true)
        .open(&path)?;
    let mapped = write(&mut file).and_then(|len| {
        let bytes = FileBytes::load(&mut file, len).map_err(io::Error::other)?;
        Ok((bytes, len))
    });
    // Deleted at once: the mapping, if made, keeps it readable.
    std::fs::remove_file(&path)?;
    let (bytes, len) = mapped?;
    Ok((len > 0 && bytes.is_mapped()).then_some(bytes))
}

/// Scratch files that a run ended before deleting (they are deleted
/// moments after they are made, so one older than this is no run's).
fn remove_left_over(folder: &Path) {
    const LEFT_OVER_AFTER: std::time::Duration = std::time::Duration::from_secs(600);
    let Ok(entries) = std::fs::read_dir(folder) else {
        return;
    };
    for e in entries.flatten() {
        let name = e.file_name();
        let name = name.to_string_lossy();
        let scratch = name.ends_with(".tmp")
            && ScratchKind::ALL
                .iter()
                .any(|k| name.starts_with(k.prefix()));
        let old = || {
            e.metadata()
                .and_then(|m| m.modified())
                .ok()
                .and_then(|t| t.elapsed().ok())
                .is_some_and(|age| age > LEFT_OVER_AFTER)
        };
        if scratch && old() {
            let _ = std::fs::remove_file(e.path());
        }
    }
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;
    use std::io::Write;

    #[test]
    fn a_scratch_file_is_read_back_mapped_and_gone_from_the_folder() {
        let dir = tempfile::tempdir().unwrap();
        let bytes = write_mapped(dir.path(), ScratchKind::Quotes, |f| {
            f.write_all(b"scratch")?;
            Ok(7)
        })
        .unwrap()
        .expect("mapped");
        assert_eq!(&bytes[..], b"scratch");
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0);
    }

    #[test]
    fn nothing_written_is_nothing_mapped() {
        let dir = tempfile::tempdir().unwrap();
        let bytes = write_mapped(dir.path(), ScratchKind::Texts, |_| Ok(0)).unwrap();
        assert!(bytes.is_none());
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0);
    }

    #[test]
    fn a_failed_write_deletes_its_file_and_says_why() {
        let dir = tempfile::tempdir().unwrap();
        let e = write_mapped(dir.path(), ScratchKind::Quotes, |_| {
            Err(io::Error::other("disk full"))
        })
        .unwrap_err();
        assert!(e.to_string().contains("disk full"), "{e}");
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0);
    }

    #[test]
    fn files_a_run_left_behind_are_removed_and_others_kept() {
        let dir = tempfile::tempdir().unwrap();
        let old_texts = dir.path().join(".texts.1.2.tmp");
        let old_quotes = dir.path().join(".quotes.1.2.tmp");
        let old_index = dir.path().join(".index.1.2.part.tmp");
        let recent = dir.path().join(".texts.3.4.tmp");
        let other = dir.path().join("corpus.index");
        for p in [&old_texts, &old_quotes, &old_index, &recent, &other] {
            std::fs::write(p, "x").unwrap();
        }
        let long_ago = std::time::SystemTime::now() - std::time::Duration::from_secs(3600);
        for p in [&old_texts, &old_quotes, &old_index] {
            std::fs::File::options()
                .write(true)
                .open(p)
                .unwrap()
                .set_modified(long_ago)
                .unwrap();
        }
        write_mapped(dir.path(), ScratchKind::Texts, |_| Ok(0)).unwrap();
        assert!(!old_texts.exists() && !old_quotes.exists() && !old_index.exists());
        assert!(recent.exists() && other.exists());
    }
}
