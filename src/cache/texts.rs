//! Moves a loaded corpus's texts out of the heap into a mapped file for the
//! index build that will save them to the cache: the build reads each text
//! a few times over, then hands its pages back
//! ([`Corpus::release_text_pages`]), so a large corpus's texts do not sit
//! in memory beside the indexes being built. The file is a scratch file
//! ([`super::scratch`]); once the index is saved, the texts move to the
//! cache file itself.

use std::io::{self, BufWriter, Write};
use std::path::Path;
use std::sync::mpsc::{self, RecvTimeoutError};
use std::sync::Arc;
use std::time::Duration;

use super::scratch::{self, ScratchKind};
use crate::corpus::{Corpus, TextPages};
use crate::shared::{BufferOwner, SharedStr};

/// Writes the articles' folded texts one after another to a scratch file in
/// `folder` and points every article at its text there. On any error, or
/// where the file cannot be mapped, the corpus is left as it was.
pub fn move_to_file(corpus: &mut Corpus, folder: &Path) -> io::Result<()> {
    let Some(bytes) =
        scratch::write_mapped(folder, ScratchKind::Texts, |file| write_texts(corpus, file))?
    else {
        return Ok(());
    };
    let len = bytes.len();
    // Each text is checked as it is read back: the file was ours alone
    // only from the moment it was deleted.
    let mut at = 0;
    let mut spans = Vec::with_capacity(corpus.articles.len());
    for a in &corpus.articles {
        let end = at + a.folded.text.len();
        if bytes.get(at..end) != Some(a.folded.text.as_bytes()) {
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
    bytes.release(0..len);
    let base = bytes.as_ptr() as usize;
    corpus.text_pages = TextPages::new(move |addresses: std::ops::Range<usize>| {
        let start = addresses.start.saturating_sub(base);
        let end = addresses.end.saturating_sub(base).min(len);
        bytes.release(start..end);
    });
    Ok(())
}

/// How often [`releasing_while`] hands the texts' pages back. At 100× BBC
/// the build's peak was 803–870 MB with 100 ms, the spread being text
/// pages mapped in between; 821–828 MB with 25 ms, in the same time.
const RELEASE_EVERY: Duration = Duration::from_millis(25);

/// Runs `work` (an index build over texts moved to a file), handing the
/// texts' pages back every [`RELEASE_EVERY`] until it returns. The build
/// hands back what it has read through as it goes, but several of its
/// stages read a little of every text in turn (the names found all over
/// the corpus, each entity's mentions, headlines), and each read maps a
/// whole page, or a larger block of the page cache: without this, those
/// stages hold most of the texts' pages at once. A page handed back that
/// is read again is mapped again from the page cache.
pub fn releasing_while<T>(pages: &TextPages, work: impl FnOnce() -> T) -> T {
    if !pages.is_mapped() {
        return work();
    }
    let (done, stop) = mpsc::channel::<()>();
    std::thread::scope(|s| {
        s.spawn(move || {
            while let Err(RecvTimeoutError::Timeout) = stop.recv_timeout(RELEASE_EVERY) {
                pages.release_all();
            }
        });
        // Dropped on return or unwind: the releasing thread ends.
        let _done = done;
        work()
    })
}

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
    fn texts_read_while_their_pages_are_handed_back_read_the_same() {
        let texts: Vec<String> = (0..64)
            .map(|i| format!("Title {i}\n\n{}", "The port reopened. ".repeat(400)))
            .collect();
        let mut corpus = Corpus::from_texts(
            texts
                .iter()
                .enumerate()
                .map(|(i, t)| (["a", "b", "c", "d"][i % 4], t.as_str())),
        );
        let before: Vec<String> = corpus
            .articles
            .iter()
            .map(|a| a.folded.text.to_string())
            .collect();
        let dir = tempfile::tempdir().unwrap();
        move_to_file(&mut corpus, dir.path()).unwrap();
        let pages = corpus.text_pages.clone();
        // Read over and over across several hand-backs.
        let started = std::time::Instant::now();
        let rounds = releasing_while(&pages, || {
            let mut rounds = 0;
            while started.elapsed() < RELEASE_EVERY * 3 {
                for (a, text) in corpus.articles.iter().zip(&before) {
                    assert_eq!(a.folded.text.as_str(), text);
                }
                rounds += 1;
            }
            rounds
        });
        assert!(rounds > 0);
        // Texts in the heap: the work runs as it is.
        let heap = Corpus::from_texts([("a.txt", "Title\n\nBody.")]);
        assert_eq!(releasing_while(&heap.text_pages, || 7), 7);
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
