//! A postcard input over a section of a mapped cache file that hands the
//! pages it has read back to the kernel as decoding moves on
//! ([`FileBytes::release`](super::mapped::FileBytes::release)), so that
//! the resident set never holds a whole section beside what it decodes to:
//! the quote section of a large corpus is hundreds of megabytes, and the
//! index it decodes to is resident already.

use std::ops::Range;

use postcard::de_flavors::Flavor;

use crate::shared::BufferOwner;

/// Bytes read between two hand-backs.
const RELEASE_EVERY: usize = 4 << 20;

/// The bytes of one section, read front to back.
struct Releasing<'de> {
    bytes: &'de [u8],
    /// Bytes read so far.
    at: usize,
    /// Bytes handed back so far (the pages wholly inside them are).
    released: usize,
    /// Hands back a range of the section's bytes.
    release: &'de dyn Fn(Range<usize>),
}

impl<'de> Releasing<'de> {
    fn new(bytes: &'de [u8], release: &'de dyn Fn(Range<usize>)) -> Releasing<'de> {
        Releasing {
            bytes,
            at: 0,
            released: 0,
            release,
        }
    }

    fn advance(&mut self, n: usize) {
        self.at += n;
        if self.at - self.released >= RELEASE_EVERY {
            (self.release)(self.released..self.at);
            self.released = self.at;
        }
    }
}

impl<'de> Flavor<'de> for Releasing<'de> {
    type Remainder = &'de [u8];
    type Source = &'de [u8];

    fn pop(&mut self) -> postcard::Result<u8> {
        let b = *self
            .bytes
            .get(self.at)
            .ok_or(postcard::Error::DeserializeUnexpectedEnd)?;
        self.advance(1);
        Ok(b)
    }

    fn size_hint(&self) -> Option<usize> {
        Some(self.bytes.len() - self.at)
    }

    fn try_take_n(&mut self, ct: usize) -> postcard::Result<&'de [u8]> {
        let end = self
            .at
            .checked_add(ct)
            .filter(|&end| end <= self.bytes.len())
            .ok_or(postcard::Error::DeserializeUnexpectedEnd)?;
        let taken = &self.bytes[self.at..end];
        self.advance(ct);
        Ok(taken)
    }

    fn finalize(self) -> postcard::Result<&'de [u8]> {
        Ok(&self.bytes[self.at..])
    }
}

/// Decodes a `T` from `bytes` as `postcard::from_bytes` does (bytes after
/// it are ignored), calling `release` on what has been read, front to back,
/// every few megabytes.
pub fn decode<'de, T: serde::de::DeserializeOwned>(
    bytes: &'de [u8],
    release: &'de dyn Fn(Range<usize>),
) -> postcard::Result<T> {
    let mut de = postcard::Deserializer::from_flavor(Releasing::new(bytes, release));
    T::deserialize(&mut de)
}

/// [`decode`], leaving the texts and arrays that `bytes` hold in `buffer`
/// (the mapped file `bytes` lie in, and the file's owner) instead of
/// copying them to the heap, when there is such a buffer
/// ([`crate::shared::share_decoded`]).
///
/// # Safety
/// The buffer must stay at its address, unchanged, for as long as its owner
/// (or any clone of it) lives; pages handed back with `release` must read
/// the same again.
pub unsafe fn decode_in<'de, T: serde::de::DeserializeOwned>(
    buffer: Option<(BufferOwner, &[u8])>,
    bytes: &'de [u8],
    release: &'de dyn Fn(Range<usize>),
) -> postcard::Result<T> {
    match buffer {
        // SAFETY: the caller's promise.
        Some((owner, mapped)) => unsafe {
            crate::shared::share_decoded(owner, mapped, || decode(bytes, release))
        },
        None => decode(bytes, release),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::cell::RefCell;

    #[test]
    fn decodes_as_postcard_does_and_hands_back_what_it_read() {
        #[derive(Debug, PartialEq, serde::Serialize, serde::Deserialize)]
        struct Part {
            name: String,
            #[serde(with = "crate::cache::raw")]
            numbers: Vec<u32>,
            words: Vec<String>,
        }
        let part = Part {
            name: "quotes".into(),
            numbers: (0..3_000_000).collect(),
            words: (0..50_000).map(|i| format!("w{i}")).collect(),
        };
        let bytes = postcard::to_allocvec(&part).unwrap();
        let handed: RefCell<Vec<Range<usize>>> = RefCell::new(Vec::new());
        let release = |r: Range<usize>| handed.borrow_mut().push(r);
        let back: Part = decode(&bytes, &release).unwrap();
        assert_eq!(back, part);
        assert_eq!(back, postcard::from_bytes::<Part>(&bytes).unwrap());
        // Front to back, one range after another, every few megabytes.
        let handed = handed.into_inner();
        assert!(handed.len() >= 2, "{handed:?}");
        assert_eq!(handed[0].start, 0);
        assert!(handed.windows(2).all(|w| w[0].end == w[1].start));
        assert!(handed.iter().all(|r| r.len() >= RELEASE_EVERY));
        assert!(handed.last().unwrap().end <= bytes.len());
        // A section cut short is an error, not a panic.
        let cut = &bytes[..bytes.len() / 2];
        assert!(decode::<Part>(cut, &|_| {}).is_err());
        assert!(decode::<Part>(&[], &|_| {}).is_err());
    }
}
