//! A cache file's bytes, mapped into memory rather than read into a vector,
//! so that loading does not hold the file and the decoded index at once:
//! the pages of a section are handed back to the kernel once it is decoded
//! ([`FileBytes::release`]). Where mapping fails (or on a platform without
//! `mmap`), the file is read into a vector as before.
//!
//! The articles' texts and the quote index's packed arrays are not copied
//! out: they stay in the mapping ([`crate::shared`]), which lives as long as
//! a value read from it, and their pages are paged in as they are read.
//!
//! A mapping shows the file as it is on disk while mapped. grounded never
//! changes a cache file in place (a new one is written beside it and renamed
//! over it, which leaves the mapped file untouched, and a deleted file stays
//! readable while mapped), but a file truncated in place by someone else
//! while it is mapped would end the process with SIGBUS when the missing
//! pages are touched.

use std::fs::File;
use std::io::{Read, Seek, SeekFrom};
use std::ops::Deref;

/// The bytes of a whole cache file.
#[derive(Debug)]
pub enum FileBytes {
    #[cfg(unix)]
    Mapped(Mapping),
    Read(Vec<u8>),
}

impl FileBytes {
    /// The first `len` bytes of `file` (its length when checked), mapped
    /// when possible, else read.
    pub fn load(file: &mut File, len: u64) -> Result<FileBytes, String> {
        #[cfg(unix)]
        if let Some(m) = Mapping::new(file, len) {
            return Ok(FileBytes::Mapped(m));
        }
        read_all(file, len).map(FileBytes::Read)
    }

    /// Whether the bytes are the file's pages, mapped.
    pub fn is_mapped(&self) -> bool {
        match self {
            #[cfg(unix)]
            FileBytes::Mapped(_) => true,
            FileBytes::Read(_) => false,
        }
    }

    /// Tells the kernel the bytes will be read here and there from now on
    /// (the texts of a loaded index), so that a read pages in its own page
    /// only, not its neighbours too. Does nothing to read bytes.
    pub fn read_at_random(&self) {
        match self {
            #[cfg(unix)]
            // SAFETY: the whole mapping; a hint only.
            FileBytes::Mapped(m) => unsafe {
                libc::madvise(m.ptr, m.len, libc::MADV_RANDOM);
            },
            FileBytes::Read(_) => {}
        }
    }

    /// Tells the kernel the bytes of `range` are no longer needed, so their
    /// pages stop counting against the process. They stay readable (a
    /// mapping of the file pages them back in), so this only costs time if
    /// they are read again. Does nothing to read bytes.
    pub fn release(&self, range: std::ops::Range<usize>) {
        match self {
            #[cfg(unix)]
            FileBytes::Mapped(m) => m.release(range),
            FileBytes::Read(_) => {}
        }
    }
}

impl Deref for FileBytes {
    type Target = [u8];

    fn deref(&self) -> &[u8] {
        match self {
            #[cfg(unix)]
            FileBytes::Mapped(m) => m.bytes(),
            FileBytes::Read(v) => v,
        }
    }
}

fn read_all(file: &mut File, len: u64) -> Result<Vec<u8>, String> {
    let mut bytes = Vec::new();
    bytes
        .try_reserve_exact(len as usize)
        .map_err(|_| format!("{len} bytes do not fit in memory"))?;
    file.seek(SeekFrom::Start(0))
        .and_then(|_| file.read_to_end(&mut bytes))
        .map_err(|e| format!("cannot read it: {e}"))?;
    if bytes.len() as u64 != len {
        return Err("changed while it was read".into());
    }
    Ok(bytes)
}

/// A read-only, private mapping of a whole file.
///
/// Invariants: `ptr` is the start of a live mapping of exactly `len > 0`
/// bytes, made with `PROT_READ` and `MAP_PRIVATE`, and unmapped only in
/// `drop`. Nothing writes to it, so a `&[u8]` over it is sound to share
/// between threads for as long as the `Mapping` lives (but see the module
/// note on files truncated while mapped).
#[cfg(unix)]
#[derive(Debug)]
pub struct Mapping {
    ptr: *mut libc::c_void,
    len: usize,
}

// SAFETY: the mapping is read-only and owned by this value; sharing or
// moving it between threads is like sharing or moving a `Box<[u8]>`.
#[cfg(unix)]
unsafe impl Send for Mapping {}
#[cfg(unix)]
unsafe impl Sync for Mapping {}

#[cfg(unix)]
impl Mapping {
    /// Maps the first `len` bytes of `file`; `None` if it cannot be mapped
    /// (an empty file, a file system without mmap, no address space).
    fn new(file: &File, len: u64) -> Option<Mapping> {
        use std::os::fd::AsRawFd;
        let len = usize::try_from(len).ok().filter(|&n| n > 0)?;
        // SAFETY: a fresh mapping at an address the kernel picks; the file
        // descriptor is valid for the call (the mapping outlives it, which
        // mmap allows).
        let ptr = unsafe {
            libc::mmap(
                std::ptr::null_mut(),
                len,
                libc::PROT_READ,
                libc::MAP_PRIVATE,
                file.as_raw_fd(),
                0,
            )
        };
        if ptr == libc::MAP_FAILED {
            return None;
        }
        // The file is read once from start to end; a hint only, so its
        // result does not matter.
        // SAFETY: `ptr..ptr + len` is the mapping just made.
        unsafe { libc::madvise(ptr, len, libc::MADV_SEQUENTIAL) };
        Some(Mapping { ptr, len })
    }

    fn bytes(&self) -> &[u8] {
        // SAFETY: per the type's invariants, `len` readable bytes at `ptr`
        // that live as long as `self` and that nothing writes.
        unsafe { std::slice::from_raw_parts(self.ptr as *const u8, self.len) }
    }

    /// `MADV_DONTNEED` on the whole pages inside `range`. On a private
    /// mapping never written to, the pages' contents are the file's, so a
    /// later read sees the same bytes (paged in again): slices over the
    /// range stay valid.
    fn release(&self, range: std::ops::Range<usize>) {
        // SAFETY: sysconf has no preconditions.
        let page = unsafe { libc::sysconf(libc::_SC_PAGESIZE) };
        let page = usize::try_from(page).unwrap_or(4096).max(1);
        let end = range.end.min(self.len);
        let start = range.start.div_ceil(page) * page;
        let end = end / page * page;
        if start >= end {
            return;
        }
        // SAFETY: `start..end` is page-aligned and inside the mapping
        // (`ptr` is page-aligned, as mmap returns it); see above for why
        // dropping the pages of a read-only private file mapping is sound.
        unsafe {
            libc::madvise(
                self.ptr.cast::<u8>().add(start).cast(),
                end - start,
                libc::MADV_DONTNEED,
            )
        };
    }
}

#[cfg(unix)]
impl Drop for Mapping {
    fn drop(&mut self) {
        // SAFETY: per the invariants, a live mapping of `len` bytes that no
        // slice outlives (slices borrow `self`).
        unsafe { libc::munmap(self.ptr, self.len) };
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    #[test]
    fn mapped_bytes_are_the_files_and_survive_release() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("f");
        let data: Vec<u8> = (0..200_000u32).map(|i| (i * 7 % 251) as u8).collect();
        std::fs::File::create(&path)
            .unwrap()
            .write_all(&data)
            .unwrap();
        let mut file = File::open(&path).unwrap();
        let bytes = FileBytes::load(&mut file, data.len() as u64).unwrap();
        assert_eq!(&bytes[..], &data[..]);
        bytes.release(1000..150_000);
        assert_eq!(&bytes[..], &data[..]);
        assert_eq!(read_all(&mut file, data.len() as u64).unwrap(), data);
    }
}
