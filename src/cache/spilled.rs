//! Sets a build's finished indexes aside while it builds the rest, for a
//! build that will be saved to the cache ([`crate::index::SetAside`]).
//!
//! At 100× BBC the quote index is about 365 MiB of heap and the entity
//! index 170 MiB, while the quote build's postings and the figure build each
//! peak at 340 MiB or more above what is held: with both set aside, those
//! peaks are not reached beside them.
//!
//! - The quote index is written at once as the first section of the cache
//!   file ([`super::file::Writer`]), and decoded back from there with its
//!   long arrays left in the file's pages, as a start from the cache reads
//!   it: the build reads none of them, and the save goes on from the next
//!   section.
//! - The entity index is encoded to a scratch file ([`super::scratch`]) and
//!   decoded back into the heap when the build is done; the save copies its
//!   encoding.

use std::io::{self, BufWriter, Write};
use std::path::Path;
use std::sync::{Arc, Mutex};

use serde::de::DeserializeOwned;
use serde::Serialize;

use super::file::{checksum_matches, Tally, Writer};
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
            (Ok(Some(bytes)), Some(crc)) => {
                check(&bytes, 0..bytes.len(), crc)?;
                Ok(Spilled {
                    bytes: Arc::new(bytes),
                })
            }
            (Ok(_), _) => Err("the scratch file could not be mapped".into()),
            (Err(e), _) => Err(format!("a scratch file: {e}")),
        }
    }

    /// Decodes the value (see [`decode_mapped`]).
    pub fn decode<T: DeserializeOwned>(&self) -> Result<T, String> {
        decode_mapped(&self.bytes, 0..self.bytes.len())
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

/// Decodes a value from `bytes[range]`, leaving the texts and arrays it
/// holds in the mapped file's pages (which it then keeps mapped) rather
/// than copying them. The bytes must have passed [`check`].
fn decode_mapped<T: DeserializeOwned>(
    bytes: &Arc<FileBytes>,
    range: std::ops::Range<usize>,
) -> Result<T, String> {
    let start = range.start;
    let release =
        |read: std::ops::Range<usize>| bytes.release(start + read.start..start + read.end);
    let owner: BufferOwner = bytes.clone();
    // SAFETY: a read-only private mapping of a file of the cache folder,
    // kept mapped by `owner` and its clones, whose bytes were checked
    // against what was written: a deleted scratch file, or the cache file
    // being written, which is only ever written past these bytes (its table
    // before them), then renamed. The cache folder is trusted as the cache
    // file is (see `mapped`). Pages handed back read the same again.
    let decoded =
        unsafe { releasing::decode_in(Some((owner, &bytes[..])), &bytes[range.clone()], &release) };
    bytes.release(range);
    decoded.map_err(|e| format!("read back: {e}"))
}

/// `Ok` if the checksum of `bytes[range]` is `crc` (see
/// [`checksum_matches`]).
fn check(bytes: &FileBytes, range: std::ops::Range<usize>, crc: u32) -> Result<(), String> {
    if checksum_matches(bytes, range, crc) {
        Ok(())
    } else {
        Err("a file reads back otherwise than it was written".into())
    }
}

/// What a build wrote of the cache already, for the save to go on from.
#[derive(Default)]
pub struct Encoded {
    /// The cache file begun, its first section the quote index.
    pub file: Option<Writer>,
    pub entities: Option<Spilled>,
}

/// Starts the cache file a build will be saved to.
pub type BeginFile<'a> = dyn Fn() -> io::Result<Writer> + Sync + 'a;

/// [`SetAside`] to the cache file being written and scratch files in the
/// cache folder. Where a file cannot be written or read back, the index
/// stays in the heap, and the build is the same.
pub struct ToScratch<'a> {
    folder: &'a Path,
    begin: &'a BeginFile<'a>,
    encoded: Mutex<Encoded>,
}

impl<'a> ToScratch<'a> {
    /// Scratch files go in `folder`; `begin` starts the cache file, whose
    /// first section must be the quote index.
    pub fn new(folder: &'a Path, begin: &'a BeginFile<'a>) -> ToScratch<'a> {
        ToScratch {
            folder,
            begin,
            encoded: Mutex::new(Encoded::default()),
        }
    }

    /// What was written of the cache.
    pub fn into_encoded(self) -> Encoded {
        self.encoded.into_inner().unwrap_or_else(|p| p.into_inner())
    }

    fn encoded(&self) -> std::sync::MutexGuard<'_, Encoded> {
        self.encoded.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// The quote index written as the cache file's first section and read
    /// back from there, with the file.
    fn quotes_in_file(&self, quotes: &QuoteIndex) -> Result<(QuoteIndex, Writer), String> {
        let mut file = (self.begin)().map_err(|e| e.to_string())?;
        let put = &mut |out: &mut dyn Write| {
            postcard::to_io(quotes, out)
                .map(|_| ())
                .map_err(|e| io::Error::other(e.to_string()))
        };
        let (range, crc) = file.section(put).map_err(|e| e.to_string())?;
        let bytes = file
            .map_written()
            .map_err(|e| e.to_string())?
            .ok_or("the cache file could not be mapped")?;
        check(&bytes, range.clone(), crc)?;
        let decoded = decode_mapped(&Arc::new(bytes), range)?;
        Ok((decoded, file))
    }
}

impl SetAside for ToScratch<'_> {
    fn quotes(&self, quotes: QuoteIndex) -> QuoteIndex {
        match self.quotes_in_file(&quotes) {
            Ok((decoded, file)) => {
                drop(quotes);
                self.encoded().file = Some(file);
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
        let begin = || Writer::create(&dir.path().join(".c.tmp"), 1, 2, 3);
        let aside = ToScratch::new(dir.path(), &begin);

        let quotes = QuoteIndex::build(&corpus);
        let located = quotes.locate(&corpus, QUOTE);
        assert_eq!(located.len(), 1);
        let quotes = aside.quotes(quotes);
        assert_eq!(quotes.locate(&corpus, QUOTE), located);

        let entities = EntityIndex::build(&corpus, &Config::default());
        let described = format!("{entities:?}");
        let entity_encoding = postcard::to_allocvec(&entities).unwrap();
        let back = aside.entities(entities)().expect("read back");
        assert_eq!(format!("{back:?}"), described);

        // The quote index is the file's first section; the entities'
        // scratch file is gone from the folder, its encoding postcard's.
        let encoded = aside.into_encoded();
        assert_eq!(encoded.file.as_ref().map(|f| f.sections_written()), Some(1));
        let mut written = Vec::new();
        encoded
            .entities
            .as_ref()
            .unwrap()
            .write_to(&mut written)
            .unwrap();
        assert_eq!(written, entity_encoding);
        // Unfinished, the file is removed; the quote index read from it
        // still answers, from the same pages.
        drop(encoded);
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0);
        assert_eq!(quotes.locate(&corpus, QUOTE), located);
    }

    #[test]
    fn where_no_scratch_file_can_be_made_the_indexes_stay_in_the_heap() {
        let corpus = corpus();
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("a file");
        std::fs::write(&file, "").unwrap();
        let below_a_file = file.join("below");
        let begin = || Writer::create(&below_a_file.join(".c.tmp"), 1, 2, 3);
        let aside = ToScratch::new(&below_a_file, &begin);
        let quotes = aside.quotes(QuoteIndex::build(&corpus));
        assert_eq!(quotes.locate(&corpus, QUOTE).len(), 1);
        let entities = EntityIndex::build(&corpus, &Config::default());
        let described = format!("{entities:?}");
        let back = aside.entities(entities)().expect("kept");
        assert_eq!(format!("{back:?}"), described);
        let encoded = aside.into_encoded();
        assert!(encoded.file.is_none() && encoded.entities.is_none());
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
