//! Moves a loaded corpus's texts out of the heap into a mapped file for the
//! index build that will save them to the cache: the build reads each text
//! a few times over, then hands its pages back
//! ([`Corpus::release_text_pages`]), so a large corpus's texts do not sit
//! in memory beside the indexes being built. The file is deleted as soon as
//! it is mapped (the mapping keeps it readable, and nothing else can open
//! it); once the index is saved, the texts move to the cache file itself.

use std::fs::OpenOptions;
use std::io::{self, BufWriter, Write};
use std::path::Path;
use std::sync::Arc;

use super::mapped::FileBytes;
use crate::corpus::{Corpus, TextPages};
use crate::shared::{BufferOwner, SharedStr};

/// Writes the articles' folded texts one after another to a new file in
/// `folder`, maps it, deletes it, and points every article at its text
/// there. On any error, or where the file cannot be mapped, the corpus is
/// left as it was.
pub fn move_to_file(corpus: &mut Corpus, folder: &Path) -> io::Result<()> {
    std::fs::create_dir_all(folder)?;
    remove_left_over(folder);
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.subsec_nanos());
    let path = folder.join(format!("{TEMP_PREFIX}{}.{nanos}.tmp", std::process::id()));
    let mut file = OpenOptions::new()
        .read(true)
        .write(true)
        .create_new(true)
        .open(&path)?;
    let written = write_texts(corpus, &mut file);
    // Deleted at once: the mapping, if made, keeps it readable.
    let mapped = written.and_then(|len| {
        let bytes = FileBytes::load(&mut file, len).map_err(io::Error::other)?;
        Ok((bytes, len))
    });
    std::fs::remove_file(&path)?;
    let (bytes, len) = mapped?;
    if len == 0 || !bytes.is_mapped() {
        return Ok(());
    }
    // Each text is checked as it is read back: the file was ours alone
    // only from the moment it was deleted.
    let mut at = 0;
    let mut spans = Vec::with_capacity(corpus.articles.len());
    for a in &corpus.articles {
        let end = at + a.folded.text.len();
        if bytes[at..end] != *a.folded.text.as_bytes() {
            return Err(io::Error::other("the texts read back differ"));
        }
        spans.push(at..end);
        at = end;
    }
    let bytes = Arc::new(bytes);
    let owner: BufferOwner = bytes.clone();
    for (a, span) in corpus.articles.iter_mut().zip(spans) {
        // SAFETY: the bytes equal the texts (checked above), so UTF-8, in a
        // read-only private mapping of a deleted file that `owner` keeps
        // mapped. Only a process that opened the file in the moment before
        // it was deleted could still write to it: the cache folder is
        // trusted as the cache file is (see `mapped`).
        let text = unsafe { std::str::from_utf8_unchecked(&bytes[span]) };
        a.folded.text = unsafe { SharedStr::in_buffer(owner.clone(), text) };
    }
    bytes.release(0..len as usize);
    let base = bytes.as_ptr() as usize;
    corpus.text_pages = TextPages::new(move |addresses: std::ops::Range<usize>| {
        let start = addresses.start.saturating_sub(base);
        let end = addresses.end.saturating_sub(base).min(len as usize);
        bytes.release(start..end);
    });
    Ok(())
}

/// Files of this kind that a run ended before deleting (they are deleted
/// seconds after they are made, so one older than this is no run's).
fn remove_left_over(folder: &Path) {
    const LEFT_OVER_AFTER: std::time::Duration = std::time::Duration::from_secs(600);
    let Ok(entries) = std::fs::read_dir(folder) else {
        return;
    };
    for e in entries.flatten() {
        let name = e.file_name();
        let name = name.to_string_lossy();
        let old = e
            .metadata()
            .and_then(|m| m.modified())
            .ok()
            .and_then(|t| t.elapsed().ok())
            .is_some_and(|age| age > LEFT_OVER_AFTER);
        if name.starts_with(TEMP_PREFIX) && name.ends_with(".tmp") && old {
            let _ = std::fs::remove_file(e.path());
        }
    }
}

/// How the texts' files are named: `.texts.PID.NANOS.tmp`.
const TEMP_PREFIX: &str = ".texts.";

/// Writes every folded text in corpus order; returns the bytes written.
fn write_texts(corpus: &Corpus, file: &mut std::fs::File) -> io::Result<u64> {
    let mut out = BufWriter::with_capacity(1 << 20, &mut *file);
    let mut len = 0u64;
    for a in &corpus.articles {
        out.write_all(a.folded.text.as_bytes())?;
        len += a.folded.text.len() as u64;
    }
    out.flush()?;
    Ok(len)
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;

    #[test]
    fn texts_moved_to_a_file_read_the_same_and_survive_release() {
        let mut corpus = Corpus::from_texts([
            ("a.txt", "Port blast\n\nThe explosion killed 145 people."),
            ("b.txt", "Caf\u{e9} \u{201c}quoted\u{201d}\n\nBody."),
            ("empty.txt", ""),
        ]);
        let before: Vec<String> = corpus
            .articles
            .iter()
            .map(|a| a.folded.text.to_string())
            .collect();
        let dir = tempfile::tempdir().unwrap();
        move_to_file(&mut corpus, dir.path()).unwrap();
        assert!(corpus.text_pages.is_mapped());
        assert!(corpus
            .articles
            .iter()
            .filter(|a| !a.folded.text.is_empty())
            .all(|a| a.folded.text.is_shared()));
        // The file is gone from the folder; the texts are not.
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0);
        corpus.release_text_pages();
        let after: Vec<String> = corpus
            .articles
            .iter()
            .map(|a| a.folded.text.to_string())
            .collect();
        assert_eq!(after, before);
        let one = corpus.articles[1].clone();
        drop(corpus);
        assert_eq!(one.folded.text.as_str(), before[1]);
    }

    #[test]
    fn files_a_run_left_behind_are_removed_and_others_kept() {
        let dir = tempfile::tempdir().unwrap();
        let old = dir.path().join(".texts.1.2.tmp");
        let recent = dir.path().join(".texts.3.4.tmp");
        let other = dir.path().join("corpus.index");
        for p in [&old, &recent, &other] {
            std::fs::write(p, "x").unwrap();
        }
        let long_ago = std::time::SystemTime::now() - std::time::Duration::from_secs(3600);
        std::fs::File::options()
            .write(true)
            .open(&old)
            .unwrap()
            .set_modified(long_ago)
            .unwrap();
        let mut corpus = Corpus::from_texts([("a.txt", "Title\n\nBody.")]);
        move_to_file(&mut corpus, dir.path()).unwrap();
        assert!(!old.exists());
        assert!(recent.exists() && other.exists());
    }

    #[test]
    fn a_folder_that_cannot_be_made_leaves_the_texts_in_the_heap() {
        let mut corpus = Corpus::from_texts([("a.txt", "Title\n\nBody.")]);
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("a file");
        std::fs::write(&file, "").unwrap();
        assert!(move_to_file(&mut corpus, &file.join("below")).is_err());
        assert!(!corpus.articles[0].folded.text.is_shared());
        assert!(!corpus.text_pages.is_mapped());
        assert_eq!(corpus.articles[0].folded.text.as_str(), "Title\nBody.\n");
    }
}
