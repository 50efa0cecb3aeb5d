//! The cache file: a header, then sections of bytes that are decoded side
//! by side.
//!
//! ```text
//! magic "GRNDINDX" | format version u32 | key u64 | sections u32
//! per section: length u64 | CRC-32 u32
//! the sections' bytes, one after another
//! ```
//!
//! Integers are little-endian. The file is written beside its final name and
//! renamed over it, so a reader sees the old file or the new one, never half
//! of one. A file of another format version or key is *stale* (the corpus or
//! grounded changed); a file whose lengths or checksums do not add up is
//! *invalid* (truncated or damaged). Neither is ever decoded.

use std::fs::File;
use std::io::{self, BufWriter, Read, Seek, SeekFrom, Write};
use std::ops::Range;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use super::mapped::FileBytes;
use crate::shared::BufferOwner;

const MAGIC: [u8; 8] = *b"GRNDINDX";
/// Magic, version, key and section count.
const FIXED_LEN: usize = 8 + 4 + 8 + 4;
/// Length and checksum of one section.
const ENTRY_LEN: usize = 8 + 4;
/// More sections than this is not a file this module wrote.
const MAX_SECTIONS: usize = 64;

/// Why a cache file cannot be used.
#[derive(Debug)]
pub enum ReadError {
    /// There is no cache file.
    Missing,
    /// Written for other corpus files, settings or another grounded.
    Stale,
    /// Not a cache file, truncated or damaged (the reason says which).
    Invalid(String),
}

impl std::fmt::Display for ReadError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ReadError::Missing => write!(f, "no cache file"),
            ReadError::Stale => write!(f, "the cache is out of date"),
            ReadError::Invalid(why) => write!(f, "the cache file is unusable: {why}"),
        }
    }
}

/// A cache file mapped (or read) into memory; its sections are checked on
/// access.
#[derive(Debug)]
pub struct Sections {
    /// Shared with the texts decoded from a mapped file (see
    /// [`Sections::shared`]).
    bytes: Arc<FileBytes>,
    sections: Vec<(Range<usize>, u32)>,
}

impl Sections {
    pub fn len(&self) -> usize {
        self.sections.len()
    }

    /// The bytes of section `i`, once their checksum agrees. The pages the
    /// check reads are handed back as it goes (see [`Sections::release`]):
    /// a large section is never resident whole.
    pub fn get(&self, i: usize) -> Result<&[u8], ReadError> {
        let (range, crc) = self
            .sections
            .get(i)
            .ok_or_else(|| ReadError::Invalid(format!("section {i} is missing")))?;
        if !checksum_matches(&self.bytes, range.clone(), *crc) {
            return Err(ReadError::Invalid(format!(
                "section {i} fails its checksum"
            )));
        }
        Ok(&self.bytes[range.clone()])
    }

    /// The mapped file's bytes with their owner, for texts decoded from it
    /// to stay in its pages ([`crate::shared::share_decoded`]); `None` when
    /// the file was read into a vector, which must not outlive the load.
    pub fn shared(&self) -> Option<(BufferOwner, &[u8])> {
        if !self.bytes.is_mapped() {
            return None;
        }
        let owner: BufferOwner = self.bytes.clone();
        Some((owner, &self.bytes[..]))
    }

    /// Hints that the file is read here and there from now on
    /// ([`FileBytes::read_at_random`]).
    pub fn read_at_random(&self) {
        self.bytes.read_at_random();
    }

    /// [`Sections::release`] of the bytes `within` of section `i` (counted
    /// from the section's start).
    pub fn release_within(&self, i: usize, within: Range<usize>) {
        if let Some((range, _)) = self.sections.get(i) {
            let end = (range.start + within.end).min(range.end);
            self.bytes.release(range.start + within.start..end);
        }
    }

    /// Hands back the memory of section `i` once it is decoded (see
    /// [`FileBytes::release`]); reading it again stays possible.
    pub fn release(&self, i: usize) {
        if let Some((range, _)) = self.sections.get(i) {
            self.release_within(i, 0..range.len());
        }
    }
}

/// Whether the CRC-32 of `bytes[range]` is `crc`. The pages the check
/// reads are handed back as it goes ([`FileBytes::release`]): a large
/// section is never resident whole.
pub fn checksum_matches(bytes: &FileBytes, range: Range<usize>, crc: u32) -> bool {
    /// Bytes checked between two hand-backs.
    const CHECKED_AT_ONCE: usize = 4 << 20;
    let start = range.start;
    let mut hasher = crc32fast::Hasher::new();
    for (k, chunk) in bytes[range].chunks(CHECKED_AT_ONCE).enumerate() {
        hasher.update(chunk);
        let at = start + k * CHECKED_AT_ONCE;
        bytes.release(at..at + chunk.len());
    }
    hasher.finalize() == crc
}

fn u32_at(b: &[u8], at: usize) -> u32 {
    u32::from_le_bytes(b[at..at + 4].try_into().expect("4 bytes"))
}

fn u64_at(b: &[u8], at: usize) -> u64 {
    u64::from_le_bytes(b[at..at + 8].try_into().expect("8 bytes"))
}

fn open(path: &Path) -> Result<File, ReadError> {
    File::open(path).map_err(|e| match e.kind() {
        io::ErrorKind::NotFound => ReadError::Missing,
        _ => ReadError::Invalid(format!("cannot open it: {e}")),
    })
}

/// Reads the fixed header: `(format version, key, section count)`.
fn read_fixed(file: &mut File) -> Result<(u32, u64, usize), ReadError> {
    let mut fixed = [0u8; FIXED_LEN];
    file.read_exact(&mut fixed)
        .map_err(|_| ReadError::Invalid("shorter than its header".into()))?;
    if fixed[..8] != MAGIC {
        return Err(ReadError::Invalid("not a grounded index cache".into()));
    }
    Ok((
        u32_at(&fixed, 8),
        u64_at(&fixed, 12),
        u32_at(&fixed, 20) as usize,
    ))
}

/// Whether the file at `path` is a cache of `key` in `version`, reading its
/// header only. Its size in bytes when it is.
pub fn probe(path: &Path, version: u32, key: u64) -> Result<u64, ReadError> {
    let mut file = open(path)?;
    let (v, k, _) = read_fixed(&mut file)?;
    if v != version || k != key {
        return Err(ReadError::Stale);
    }
    file.metadata()
        .map(|m| m.len())
        .map_err(|e| ReadError::Invalid(e.to_string()))
}

/// Reads the cache of `key` in `version` at `path`. A stale file is
/// recognised from its header, without reading the rest.
pub fn read(path: &Path, version: u32, key: u64) -> Result<Sections, ReadError> {
    let mut file = open(path)?;
    let (v, k, count) = read_fixed(&mut file)?;
    if v != version || k != key {
        return Err(ReadError::Stale);
    }
    if count > MAX_SECTIONS {
        return Err(ReadError::Invalid(format!("{count} sections")));
    }
    let file_len = file
        .metadata()
        .map_err(|e| ReadError::Invalid(e.to_string()))?
        .len();
    let mut table = vec![0u8; count * ENTRY_LEN];
    file.read_exact(&mut table)
        .map_err(|_| ReadError::Invalid("truncated in its section table".into()))?;
    let mut at = (FIXED_LEN + table.len()) as u64;
    let mut sections = Vec::with_capacity(count);
    for i in 0..count {
        let len = u64_at(&table, i * ENTRY_LEN);
        let crc = u32_at(&table, i * ENTRY_LEN + 8);
        let end = at
            .checked_add(len)
            .filter(|&end| end <= file_len)
            .ok_or_else(|| {
                ReadError::Invalid(format!(
                    "truncated: {file_len} bytes, its sections need more"
                ))
            })?;
        sections.push((at as usize..end as usize, crc));
        at = end;
    }
    if at != file_len {
        return Err(ReadError::Invalid(format!(
            "{file_len} bytes where its sections make {at}"
        )));
    }
    // The whole file, header included, so the ranges above index it.
    let bytes = FileBytes::load(&mut file, file_len).map_err(ReadError::Invalid)?;
    Ok(Sections {
        bytes: Arc::new(bytes),
        sections,
    })
}

/// Counts and checksums what goes through it.
/// A writer that counts and checksums the bytes that go through it.
pub struct Tally<W> {
    inner: W,
    len: u64,
    crc: crc32fast::Hasher,
}

impl<W> Tally<W> {
    pub fn new(inner: W) -> Tally<W> {
        Tally {
            inner,
            len: 0,
            crc: crc32fast::Hasher::new(),
        }
    }

    /// How many bytes went through, and their CRC-32.
    pub fn finish(self) -> (u64, u32) {
        (self.len, self.crc.finalize())
    }
}

impl<W: Write> Write for Tally<W> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        let n = self.inner.write(buf)?;
        self.len += n as u64;
        self.crc.update(&buf[..n]);
        Ok(n)
    }

    fn flush(&mut self) -> io::Result<()> {
        self.inner.flush()
    }
}

/// Writes a cache file of `count` sections at `path`; `section(i, out)`
/// writes the bytes of section `i`. The file appears at `path` only once it
/// is complete; `temp` is where it is written first (same folder). Returns
/// the file's size. (The cache writes with a [`Writer`]; tests write files
/// of their own with this.)
#[cfg(test)]
pub fn write(
    path: &Path,
    temp: &Path,
    version: u32,
    key: u64,
    count: usize,
    section: &mut dyn FnMut(usize, &mut dyn Write) -> io::Result<()>,
) -> io::Result<u64> {
    let mut writer = Writer::create(temp, version, key, count)?;
    for i in 0..count {
        writer.section(&mut |out| section(i, out))?;
    }
    writer.finish(path)
}

/// A cache file being written beside its final name, a section at a time
/// in order: it appears at its name only once [`Writer::finish`] has
/// written its table. Dropped before, the file is removed. What is written
/// can be read back meanwhile ([`Writer::map_written`]): a build writes its
/// quote index as the first section as soon as it is built, and reads it
/// from there.
pub struct Writer {
    file: BufWriter<File>,
    temp: PathBuf,
    header: Vec<u8>,
    count: usize,
    written: usize,
    total: u64,
    finished: bool,
}

impl Writer {
    /// Starts the file of `count` sections at `temp`, replacing any file
    /// there.
    pub fn create(temp: &Path, version: u32, key: u64, count: usize) -> io::Result<Writer> {
        assert!(count <= MAX_SECTIONS, "too many sections");
        let file = std::fs::OpenOptions::new()
            .read(true)
            .write(true)
            .create(true)
            .truncate(true)
            .open(temp)?;
        let mut header = Vec::with_capacity(FIXED_LEN + count * ENTRY_LEN);
        header.extend_from_slice(&MAGIC);
        header.extend_from_slice(&version.to_le_bytes());
        header.extend_from_slice(&key.to_le_bytes());
        header.extend_from_slice(&(count as u32).to_le_bytes());
        // The table is filled in once the sections are written.
        header.resize(FIXED_LEN + count * ENTRY_LEN, 0);
        let mut writer = Writer {
            file: BufWriter::with_capacity(1 << 20, file),
            temp: temp.to_path_buf(),
            total: header.len() as u64,
            header,
            count,
            written: 0,
            finished: false,
        };
        writer.file.write_all(&writer.header)?;
        Ok(writer)
    }

    /// How many sections are written.
    pub fn sections_written(&self) -> usize {
        self.written
    }

    /// Writes the next section with `section(out)`. Returns where its bytes
    /// are in the file, and their CRC-32.
    pub fn section(
        &mut self,
        section: &mut dyn FnMut(&mut dyn Write) -> io::Result<()>,
    ) -> io::Result<(Range<usize>, u32)> {
        assert!(
            self.written < self.count,
            "more sections than the table has"
        );
        // Encoders write a few bytes at a time: buffer them before they are
        // counted and checksummed.
        let mut out = BufWriter::with_capacity(1 << 20, Tally::new(&mut self.file));
        section(&mut out)?;
        let (len, crc) = out.into_inner().map_err(|e| e.into_error())?.finish();
        let entry = FIXED_LEN + self.written * ENTRY_LEN;
        self.header[entry..entry + 8].copy_from_slice(&len.to_le_bytes());
        self.header[entry + 8..entry + 12].copy_from_slice(&crc.to_le_bytes());
        let start = self.total as usize;
        self.total += len;
        self.written += 1;
        Ok((start..self.total as usize, crc))
    }

    /// The bytes written so far, mapped; `None` where the file cannot be
    /// mapped. The mapping outlives the writer and the file's renaming.
    pub fn map_written(&mut self) -> io::Result<Option<FileBytes>> {
        self.file.flush()?;
        let bytes = FileBytes::load(self.file.get_mut(), self.total).map_err(io::Error::other)?;
        Ok(bytes.is_mapped().then_some(bytes))
    }

    /// Writes the table and renames the file to `path`, once every section
    /// is written. Returns the file's size.
    pub fn finish(mut self, path: &Path) -> io::Result<u64> {
        if self.written != self.count {
            return Err(io::Error::other(format!(
                "{} of {} sections written",
                self.written, self.count
            )));
        }
        self.file.flush()?;
        let file = self.file.get_mut();
        file.seek(SeekFrom::Start(0))?;
        file.write_all(&self.header)?;
        std::fs::rename(&self.temp, path)?;
        self.finished = true;
        Ok(self.total)
    }
}

impl Drop for Writer {
    fn drop(&mut self) {
        if !self.finished {
            let _ = std::fs::remove_file(&self.temp);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample(dir: &Path) -> std::path::PathBuf {
        let path = dir.join("c.index");
        let parts: [&[u8]; 2] = [b"first section", b"second"];
        let len = write(&path, &dir.join(".c.tmp"), 3, 42, 2, &mut |i, w| {
            w.write_all(parts[i])
        })
        .unwrap();
        assert_eq!(len, std::fs::metadata(&path).unwrap().len());
        assert!(!dir.join(".c.tmp").exists());
        path
    }

    #[test]
    fn sections_round_trip() {
        let dir = tempfile::tempdir().unwrap();
        let path = sample(dir.path());
        let s = read(&path, 3, 42).unwrap();
        assert_eq!(s.len(), 2);
        assert_eq!(s.get(0).unwrap(), b"first section");
        assert_eq!(s.get(1).unwrap(), b"second");
        assert!(probe(&path, 3, 42).is_ok());
    }

    #[test]
    fn other_key_or_version_is_stale() {
        let dir = tempfile::tempdir().unwrap();
        let path = sample(dir.path());
        assert!(matches!(read(&path, 3, 43), Err(ReadError::Stale)));
        assert!(matches!(read(&path, 4, 42), Err(ReadError::Stale)));
        assert!(matches!(
            read(&dir.path().join("none"), 3, 42),
            Err(ReadError::Missing)
        ));
    }

    #[test]
    fn truncated_damaged_or_foreign_files_are_invalid() {
        let dir = tempfile::tempdir().unwrap();
        let path = sample(dir.path());
        let good = std::fs::read(&path).unwrap();
        for cut in [0, 5, FIXED_LEN + 3, good.len() - 1] {
            std::fs::write(&path, &good[..cut]).unwrap();
            assert!(
                matches!(read(&path, 3, 42), Err(ReadError::Invalid(_))),
                "cut at {cut}"
            );
        }
        let mut longer = good.clone();
        longer.push(0);
        std::fs::write(&path, &longer).unwrap();
        assert!(matches!(read(&path, 3, 42), Err(ReadError::Invalid(_))));
        let mut flipped = good.clone();
        *flipped.last_mut().unwrap() ^= 1;
        std::fs::write(&path, &flipped).unwrap();
        let s = read(&path, 3, 42).unwrap();
        assert!(s.get(0).is_ok());
        assert!(matches!(s.get(1), Err(ReadError::Invalid(_))));
        std::fs::write(&path, b"some other file that is long enough").unwrap();
        assert!(matches!(read(&path, 3, 42), Err(ReadError::Invalid(_))));
    }
}
