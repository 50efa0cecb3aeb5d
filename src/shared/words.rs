//! [`SharedWords`]: 32-bit words owned by the value, or lying in a shared
//! read-only buffer as little-endian bytes (see the [module](super) note).
//! Encoded as one byte string of the words' little-endian bytes, so that a
//! decoder over a mapped file can hand back the slice where they lie.

use std::fmt;

use super::{shared_slice, SharedBytes};

/// Bytes a word takes.
const WORD: usize = 4;

/// An array of `u32`, owned (and growable) or in a shared buffer (read
/// only). Read with [`SharedWords::get`]; changed through
/// [`SharedWords::owned_mut`].
#[derive(Clone)]
pub struct SharedWords(Repr);

#[derive(Clone)]
enum Repr {
    Owned(Vec<u32>),
    /// Little-endian words, not necessarily aligned; invariant: a whole
    /// number of them.
    Shared(SharedBytes),
}

impl SharedWords {
    pub fn len(&self) -> usize {
        match &self.0 {
            Repr::Owned(v) => v.len(),
            Repr::Shared(b) => b.bytes().len() / WORD,
        }
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Whether the words lie in a shared buffer rather than in the heap.
    pub fn is_shared(&self) -> bool {
        matches!(self.0, Repr::Shared(_))
    }

    /// The word at `i`; panics when `i` is out of bounds, as indexing does.
    #[inline]
    pub fn get(&self, i: usize) -> u32 {
        match &self.0 {
            Repr::Owned(v) => v[i],
            Repr::Shared(b) => {
                let bytes = b.bytes();
                let word = bytes
                    .get(i * WORD..(i + 1) * WORD)
                    .unwrap_or_else(|| panic!("index {i} out of {} words", bytes.len() / WORD));
                u32::from_le_bytes([word[0], word[1], word[2], word[3]])
            }
        }
    }

    /// Starts loading the word at `i` into the caches (a hint, see
    /// [`crate::prefetch`]; nothing past the end).
    #[inline]
    pub fn prefetch(&self, i: usize) {
        match &self.0 {
            Repr::Owned(v) => {
                if let Some(word) = v.get(i) {
                    crate::prefetch::prefetch(word);
                }
            }
            Repr::Shared(b) => {
                if let Some(byte) = b.bytes().get(i * WORD) {
                    crate::prefetch::prefetch(byte);
                }
            }
        }
    }

    /// The words to change; shared words are copied to the heap first.
    pub fn owned_mut(&mut self) -> &mut Vec<u32> {
        if let Repr::Shared(_) = self.0 {
            let copy: Vec<u32> = (0..self.len()).map(|i| self.get(i)).collect();
            self.0 = Repr::Owned(copy);
        }
        match &mut self.0 {
            Repr::Owned(v) => v,
            Repr::Shared(_) => unreachable!("copied just above"),
        }
    }

    /// Words decoded from little-endian `bytes`: kept where they are when
    /// they lie in the buffer [`super::share_decoded`] names on this
    /// thread, copied otherwise.
    fn decoded<E: serde::de::Error>(bytes: &[u8], borrowed: bool) -> Result<SharedWords, E> {
        if bytes.len() % WORD != 0 {
            return Err(E::custom(format!(
                "{} bytes are not a whole number of 32-bit words",
                bytes.len()
            )));
        }
        if let Some(shared) = borrowed.then(|| shared_slice(bytes)).flatten() {
            return Ok(SharedWords(Repr::Shared(shared)));
        }
        let words = bytes
            .chunks_exact(WORD)
            .map(|b| u32::from_le_bytes([b[0], b[1], b[2], b[3]]))
            .collect();
        Ok(SharedWords(Repr::Owned(words)))
    }
}

impl Default for SharedWords {
    fn default() -> SharedWords {
        SharedWords(Repr::Owned(Vec::new()))
    }
}

impl From<Vec<u32>> for SharedWords {
    fn from(v: Vec<u32>) -> SharedWords {
        SharedWords(Repr::Owned(v))
    }
}

impl fmt::Debug for SharedWords {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "SharedWords({} words)", self.len())
    }
}

impl PartialEq for SharedWords {
    fn eq(&self, other: &SharedWords) -> bool {
        self.len() == other.len() && (0..self.len()).all(|i| self.get(i) == other.get(i))
    }
}

impl Eq for SharedWords {}

impl serde::Serialize for SharedWords {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match &self.0 {
            // Little-endian words are their own bytes.
            #[cfg(target_endian = "little")]
            Repr::Owned(v) => {
                // SAFETY: the vector's initialised words, read as bytes (a
                // `u32` has no padding, and bytes no alignment).
                let bytes =
                    unsafe { std::slice::from_raw_parts(v.as_ptr().cast::<u8>(), v.len() * WORD) };
                s.serialize_bytes(bytes)
            }
            #[cfg(not(target_endian = "little"))]
            Repr::Owned(v) => {
                let bytes: Vec<u8> = v.iter().flat_map(|w| w.to_le_bytes()).collect();
                s.serialize_bytes(&bytes)
            }
            Repr::Shared(b) => s.serialize_bytes(b.bytes()),
        }
    }
}

impl<'de> serde::Deserialize<'de> for SharedWords {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<SharedWords, D::Error> {
        struct Visitor;
        impl<'de> serde::de::Visitor<'de> for Visitor {
            type Value = SharedWords;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("the little-endian bytes of 32-bit words")
            }

            fn visit_borrowed_bytes<E: serde::de::Error>(
                self,
                b: &'de [u8],
            ) -> Result<SharedWords, E> {
                SharedWords::decoded(b, true)
            }

            fn visit_bytes<E: serde::de::Error>(self, b: &[u8]) -> Result<SharedWords, E> {
                SharedWords::decoded(b, false)
            }
        }
        d.deserialize_bytes(Visitor)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::shared::{share_decoded, BufferOwner};
    use std::sync::Arc;

    fn words() -> Vec<u32> {
        (0..1000u32)
            .map(|i| i.wrapping_mul(2_654_435_761))
            .collect()
    }

    fn read(w: &SharedWords) -> Vec<u32> {
        (0..w.len()).map(|i| w.get(i)).collect()
    }

    #[test]
    fn words_round_trip_as_their_little_endian_bytes() {
        let w = SharedWords::from(words());
        let bytes = postcard::to_allocvec(&w).unwrap();
        // A length, then the bytes.
        assert_eq!(
            &bytes[bytes.len() - 4000..bytes.len() - 3996],
            &words()[0].to_le_bytes()
        );
        let back: SharedWords = postcard::from_bytes(&bytes).unwrap();
        assert!(!back.is_shared());
        assert_eq!(read(&back), words());
        assert_eq!(back, w);
    }

    #[test]
    fn words_decoded_inside_a_shared_buffer_stay_there_unaligned() {
        // One byte in front, so the words are not 4-byte aligned.
        let mut encoded = vec![7u8];
        encoded.extend(postcard::to_allocvec(&SharedWords::from(words())).unwrap());
        let buffer: Arc<Vec<u8>> = Arc::new(encoded);
        let owner: BufferOwner = buffer.clone();
        // SAFETY: the vector is never changed, and lives while `owner` does.
        let mut w: SharedWords = unsafe {
            share_decoded(owner, &buffer, || {
                postcard::from_bytes(&buffer[1..]).unwrap()
            })
        };
        assert!(w.is_shared());
        drop(buffer);
        assert_eq!(read(&w), words());
        assert_eq!(
            postcard::to_allocvec(&w).unwrap()[..],
            postcard::to_allocvec(&SharedWords::from(words())).unwrap()[..]
        );
        // Changing shared words copies them first.
        w.owned_mut()[0] = 1;
        assert!(!w.is_shared());
        assert_eq!(w.get(0), 1);
        assert_eq!(read(&w)[1..], words()[1..]);
    }

    #[test]
    fn a_byte_string_of_broken_words_is_an_error() {
        let bytes = postcard::to_allocvec(&serde_bytes_of(&[1, 2, 3, 4, 5])).unwrap();
        assert!(postcard::from_bytes::<SharedWords>(&bytes).is_err());
    }

    #[test]
    #[should_panic(expected = "out of")]
    fn reading_past_shared_words_panics() {
        let buffer: Arc<Vec<u8>> =
            Arc::new(postcard::to_allocvec(&SharedWords::from(vec![1, 2])).unwrap());
        // SAFETY: as above.
        let w: SharedWords = unsafe {
            share_decoded(buffer.clone(), &buffer, || {
                postcard::from_bytes(&buffer).unwrap()
            })
        };
        w.get(2);
    }

    /// A byte string of `b`, as postcard writes one.
    fn serde_bytes_of(b: &[u8]) -> impl serde::Serialize + '_ {
        struct Bytes<'a>(&'a [u8]);
        impl serde::Serialize for Bytes<'_> {
            fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.serialize_bytes(self.0)
            }
        }
        Bytes(b)
    }
}
