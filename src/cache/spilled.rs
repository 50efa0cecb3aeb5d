//! Sets a build's finished indexes aside in scratch files
//! ([`super::scratch`]) while it builds the rest, for a build that will be
//! saved to the cache ([`crate::index::SetAside`]).
//!
//! At 100× BBC the quote index is about 365 MiB of heap and the entity
//! index 170 MiB, while the quote build's postings and the figure build each
//! peak at 340 MiB or more above what is held: with both set aside, those
//! peaks are not reached beside them. An index is encoded as its cache
//! section holds it, so saving copies the encoding instead of encoding the
//! index again.
//!
//! - The quote index is decoded back at once with its long arrays left in
//!   the file's pages, as a start from the cache reads it: the build reads
//!   none of them.
//! - The entity index is decoded back into the heap when the build is done.

use std::io::{self, BufWriter, Write};
use std::path::Path;
use std::sync::{Arc, Mutex};

use serde::de::DeserializeOwned;
use serde::Serialize;

use super::file::Tally;
use super::mapped::FileBytes;
use super::releasing;
use super::scratch::{self, ScratchKind};
use crate::entities::EntityIndex;
use crate::index::{Aside, SetAside};
use crate::quotes::QuoteIndex;
use crate::shared::BufferOwner;

/// Bytes copied or checked between two hand-backs of their pages.
const AT_ONCE: usize = 4 << 20;

/// A value's encoding in a mapped scratch file, checked against what was
/// written.
#[derive(Debug)]
pub struct Spilled {
    bytes: Arc<FileBytes>,
}

impl Spilled {
    /// Encodes `value` to a new scratch file of `kind` in `folder`.
    pub fn write<T: Serialize>(
        value: &T,
        folder: &Path,
        kind: ScratchKind,
    ) -> Result<Spilled, String> {
        let mut crc = None;
        let mapped = scratch::write_mapped(folder, kind, |file| {
            let mut out = BufWriter::with_capacity(1 << 20, Tally::new(file));
            postcard::to_io(value, &mut out).map_err(|e| io::Error::other(e.to_string()))?;
            let (len, written) = out.into_inner().map_err(|e| e.into_error())?.finish();
            crc = Some(written);
            Ok(len)
        });
        match (mapped, crc) {
            (Ok(Some(bytes)), Some(crc)) => check(bytes, crc).map(|bytes| Spilled {
                bytes: Arc::new(bytes),
            }),
            (Ok(_), _) => Err("the scratch file could not be mapped".into()),
            (Err(e), _) => Err(format!("a scratch file: {e}")),
        }
    }

    /// Decodes the value, leaving the texts and arrays it holds in the
    /// file's pages (which it then keeps mapped) rather than copying them.
    pub fn decode<T: DeserializeOwned>(&self) -> Result<T, String> {
        let bytes = &self.bytes;
        let release = |read: std::ops::Range<usize>| bytes.release(read);
        let owner: BufferOwner = bytes.clone();
        // SAFETY: a read-only private mapping of a deleted file, kept mapped
        // by `owner` and its clones, whose bytes were checked against what
        // was written. Only a process that opened the file in the moment
        // before it was deleted could still write to it: the cache folder is
        // trusted as the cache file is (see `mapped`). Pages handed back
        // read the same again.
        let decoded =
            unsafe { releasing::decode_in(Some((owner, &bytes[..])), &bytes[..], &release) };
        bytes.release(0..bytes.len());
        decoded.map_err(|e| format!("read back from its scratch file: {e}"))
    }

    /// Writes the encoding to `out`, handing back each part's pages once
    /// written.
    pub fn write_to(&self, out: &mut dyn Write) -> io::Result<()> {
        for (k, chunk) in self.bytes.chunks(AT_ONCE).enumerate() {
            out.write_all(chunk)?;
            self.bytes.release(k * AT_ONCE..k * AT_ONCE + chunk.len());
        }
        Ok(())
    }
}

/// `bytes`, if their checksum is `crc`; their pages are handed back as they
/// are checked.
fn check(bytes: FileBytes, crc: u32) -> Result<FileBytes, String> {
    let mut hasher = crc32fast::Hasher::new();
    for (k, chunk) in bytes.chunks(AT_ONCE).enumerate() {
        hasher.update(chunk);
        bytes.release(k * AT_ONCE..k * AT_ONCE + chunk.len());
    }
    if hasher.finalize() == crc {
        Ok(bytes)
    } else {
        Err("a scratch file reads back otherwise than it was written".into())
    }
}

/// The encodings a build set aside, for the cache file's sections.
#[derive(Debug, Default)]
pub struct Encoded {
    pub quotes: Option<Spilled>,
    pub entities: Option<Spilled>,
}

/// [`SetAside`] to scratch files in a cache folder. Where a file cannot be
/// written or read back, the index stays in the heap, and the build is the
/// same.
pub struct ToScratch<'a> {
    folder: &'a Path,
    encoded: Mutex<Encoded>,
}

impl<'a> ToScratch<'a> {
    pub fn new(folder: &'a Path) -> ToScratch<'a> {
        ToScratch {
            folder,
            encoded: Mutex::new(Encoded::default()),
        }
    }

    /// The encodings of the indexes set aside.
    pub fn into_encoded(self) -> Encoded {
        self.encoded.into_inner().unwrap_or_else(|p| p.into_inner())
    }

    fn encoded(&self) -> std::sync::MutexGuard<'_, Encoded> {
        self.encoded.lock().unwrap_or_else(|p| p.into_inner())
    }
}

impl SetAside for ToScratch<'_> {
    fn quotes(&self, quotes: QuoteIndex) -> QuoteIndex {
        let Ok(spilled) = Spilled::write(&quotes, self.folder, ScratchKind::Quotes) else {
            return quotes;
        };
        match spilled.decode() {
            Ok(decoded) => {
                drop(quotes);
                self.encoded().quotes = Some(spilled);
                decoded
            }
            Err(_) => quotes,
        }
    }

    fn entities(&self, entities: EntityIndex) -> Aside<'_, EntityIndex> {
        let Ok(spilled) = Spilled::write(&entities, self.folder, ScratchKind::Entities) else {
            return Box::new(move || Some(entities));
        };
        drop(entities);
        self.encoded().entities = Some(spilled);
        Box::new(move || {
            let mut encoded = self.encoded();
            let decoded = encoded.entities.as_ref()?.decode().ok();
            if decoded.is_none() {
                // Built again instead: saved from that one.
                encoded.entities = None;
            }
            decoded
        })
    }
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;
    use crate::config::Config;
    use crate::corpus::Corpus;

    fn corpus() -> Corpus {
        Corpus::from_texts([
            (
                "port.txt",
                "Port blast\n\n\u{201c}We will rebuild every warehouse within two years,\u{201d} \
                 said Ana Ruiz, the port director. The explosion killed 145 people.\n",
            ),
            (
                "storm.txt",
                "Storm\n\nAna Ruiz said the storm killed 12 people in the north.\n",
            ),
        ])
    }

    const QUOTE: &str = "we will rebuild every warehouse within two years";

    #[test]
    fn indexes_set_aside_answer_the_same_and_are_saved_as_encoded() {
        let corpus = corpus();
        let dir = tempfile::tempdir().unwrap();
        let aside = ToScratch::new(dir.path());

        let quotes = QuoteIndex::build(&corpus);
        let located = quotes.locate(&corpus, QUOTE);
        assert_eq!(located.len(), 1);
        let encoding = postcard::to_allocvec(&quotes).unwrap();
        let quotes = aside.quotes(quotes);
        assert_eq!(quotes.locate(&corpus, QUOTE), located);

        let entities = EntityIndex::build(&corpus, &Config::default());
        let described = format!("{entities:?}");
        let entity_encoding = postcard::to_allocvec(&entities).unwrap();
        let back = aside.entities(entities)().expect("read back");
        assert_eq!(format!("{back:?}"), described);

        // Nothing is left in the folder; the encodings are postcard's.
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0);
        let encoded = aside.into_encoded();
        let written = |spilled: &Spilled| {
            let mut out = Vec::new();
            spilled.write_to(&mut out).unwrap();
            out
        };
        assert_eq!(written(encoded.quotes.as_ref().unwrap()), encoding);
        assert_eq!(written(encoded.entities.as_ref().unwrap()), entity_encoding);
        // The quote index outlives the encodings, in the same pages.
        drop(encoded);
        assert_eq!(quotes.locate(&corpus, QUOTE), located);
    }

    #[test]
    fn where_no_scratch_file_can_be_made_the_indexes_stay_in_the_heap() {
        let corpus = corpus();
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("a file");
        std::fs::write(&file, "").unwrap();
        let below_a_file = file.join("below");
        let aside = ToScratch::new(&below_a_file);
        let quotes = aside.quotes(QuoteIndex::build(&corpus));
        assert_eq!(quotes.locate(&corpus, QUOTE).len(), 1);
        let entities = EntityIndex::build(&corpus, &Config::default());
        let described = format!("{entities:?}");
        let back = aside.entities(entities)().expect("kept");
        assert_eq!(format!("{back:?}"), described);
        let encoded = aside.into_encoded();
        assert!(encoded.quotes.is_none() && encoded.entities.is_none());
    }

    #[test]
    fn a_value_reads_back_as_written() {
        let dir = tempfile::tempdir().unwrap();
        let value: Vec<(String, u32)> = (0..5000).map(|i| (format!("w{i}"), i)).collect();
        let spilled = Spilled::write(&value, dir.path(), ScratchKind::Entities).unwrap();
        assert_eq!(spilled.decode::<Vec<(String, u32)>>().unwrap(), value);
        // Read as something else, it is an error, not a panic.
        assert!(spilled.decode::<Vec<(bool, bool)>>().is_err());
    }
}
