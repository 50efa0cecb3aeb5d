//! `#[serde(with = "crate::cache::raw")]` for the index's long vectors of
//! numbers (word postings, 3-grams): written as chunks of little-endian
//! bytes rather than one varint per number, so that reading tens of
//! millions of them is a copy, not a parse per element.
//!
//! The element count comes first, so a read allocates the vector once at
//! its final size instead of regrowing it chunk by chunk (a regrowth copies
//! and, for a moment, holds twice the vector). Chunks keep the memory a
//! write needs small; a chunk whose length is not a whole number of
//! elements, or chunks that do not add up to the count, are an error (a
//! damaged cache).

use std::fmt;
use std::marker::PhantomData;

use serde::de::{DeserializeSeed, Deserializer, SeqAccess, Visitor};
use serde::ser::{SerializeSeq, SerializeTuple, Serializer};

/// Bytes per chunk when writing.
const CHUNK_BYTES: usize = 1 << 20;

/// A value of a fixed size in bytes, little-endian.
pub trait Fixed: Sized {
    const SIZE: usize;
    fn put(&self, out: &mut Vec<u8>);
    /// Reads one value from exactly `SIZE` bytes.
    fn get(b: &[u8]) -> Self;
}

fn u32_at(b: &[u8], at: usize) -> u32 {
    u32::from_le_bytes([b[at], b[at + 1], b[at + 2], b[at + 3]])
}

impl Fixed for u32 {
    const SIZE: usize = 4;
    fn put(&self, out: &mut Vec<u8>) {
        out.extend_from_slice(&self.to_le_bytes());
    }
    fn get(b: &[u8]) -> u32 {
        u32_at(b, 0)
    }
}

impl Fixed for (u32, u32) {
    const SIZE: usize = 8;
    fn put(&self, out: &mut Vec<u8>) {
        self.0.put(out);
        self.1.put(out);
    }
    fn get(b: &[u8]) -> (u32, u32) {
        (u32_at(b, 0), u32_at(b, 4))
    }
}

impl Fixed for (u64, u32, u32) {
    const SIZE: usize = 16;
    fn put(&self, out: &mut Vec<u8>) {
        out.extend_from_slice(&self.0.to_le_bytes());
        self.1.put(out);
        self.2.put(out);
    }
    fn get(b: &[u8]) -> (u64, u32, u32) {
        let lo = u64::from(u32_at(b, 0));
        let hi = u64::from(u32_at(b, 4));
        (lo | hi << 32, u32_at(b, 8), u32_at(b, 12))
    }
}

struct Bytes<'a>(&'a [u8]);

impl serde::Serialize for Bytes<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_bytes(self.0)
    }
}

/// The values in chunks of bytes, after their count.
struct ChunkBytes<'a, T>(&'a [T]);

impl<T: Fixed> serde::Serialize for ChunkBytes<'_, T> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let values = self.0;
        let per = (CHUNK_BYTES / T::SIZE).max(1);
        let mut seq = s.serialize_seq(Some(values.len().div_ceil(per)))?;
        let mut buf = Vec::with_capacity(per.min(values.len()) * T::SIZE);
        for chunk in values.chunks(per) {
            buf.clear();
            for v in chunk {
                v.put(&mut buf);
            }
            seq.serialize_element(&Bytes(&buf))?;
        }
        seq.end()
    }
}

pub fn serialize<T: Fixed, S: Serializer>(values: &[T], s: S) -> Result<S::Ok, S::Error> {
    let mut pair = s.serialize_tuple(2)?;
    pair.serialize_element(&(values.len() as u64))?;
    pair.serialize_element(&ChunkBytes(values))?;
    pair.end()
}

pub fn deserialize<'de, T: Fixed, D: Deserializer<'de>>(d: D) -> Result<Vec<T>, D::Error> {
    d.deserialize_tuple(2, Counted(PhantomData))
}

/// The count, then the chunks.
struct Counted<T>(PhantomData<T>);

impl<'de, T: Fixed> Visitor<'de> for Counted<T> {
    type Value = Vec<T>;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        write!(f, "a count and chunks of {}-byte values", T::SIZE)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Vec<T>, A::Error> {
        use serde::de::Error;
        let count: u64 = seq
            .next_element()?
            .ok_or_else(|| A::Error::invalid_length(0, &self))?;
        let mut out = Vec::new();
        // A damaged count must not abort the process on allocation: it is an
        // error like any other damage.
        usize::try_from(count)
            .ok()
            .and_then(|n| out.try_reserve_exact(n).ok())
            .ok_or_else(|| A::Error::custom(format!("{count} values do not fit in memory")))?;
        seq.next_element_seed(AllChunks(&mut out))?
            .ok_or_else(|| A::Error::invalid_length(1, &self))?;
        if out.len() as u64 != count {
            return Err(A::Error::custom(format!(
                "{} values where the count says {count}",
                out.len()
            )));
        }
        Ok(out)
    }
}

/// Appends the values of every chunk to a vector.
struct AllChunks<'v, T>(&'v mut Vec<T>);

impl<'de, T: Fixed> DeserializeSeed<'de> for AllChunks<'_, T> {
    type Value = ();

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_seq(self)
    }
}

impl<'de, T: Fixed> Visitor<'de> for AllChunks<'_, T> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        write!(f, "chunks of {}-byte values", T::SIZE)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        while seq.next_element_seed(Append(&mut *self.0))?.is_some() {}
        Ok(())
    }
}

/// Appends the values of one chunk to a vector.
struct Append<'v, T>(&'v mut Vec<T>);

impl<'de, T: Fixed> DeserializeSeed<'de> for Append<'_, T> {
    type Value = ();

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_bytes(self)
    }
}

impl<'de, T: Fixed> Visitor<'de> for Append<'_, T> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        write!(f, "bytes of {}-byte values", T::SIZE)
    }

    fn visit_bytes<E: serde::de::Error>(self, b: &[u8]) -> Result<(), E> {
        if b.len() % T::SIZE != 0 {
            return Err(E::custom(format!(
                "{} bytes are not a whole number of {}-byte values",
                b.len(),
                T::SIZE
            )));
        }
        // Within the count reserved up front, this does not reallocate.
        self.0.extend(b.chunks_exact(T::SIZE).map(T::get));
        Ok(())
    }

    fn visit_borrowed_bytes<E: serde::de::Error>(self, b: &'de [u8]) -> Result<(), E> {
        self.visit_bytes(b)
    }

    fn visit_byte_buf<E: serde::de::Error>(self, b: Vec<u8>) -> Result<(), E> {
        self.visit_bytes(&b)
    }
}

#[cfg(test)]
mod tests {
    #[derive(Debug, PartialEq, serde::Serialize, serde::Deserialize)]
    struct Sample {
        #[serde(with = "super")]
        a: Vec<u32>,
        #[serde(with = "super")]
        b: Vec<(u32, u32)>,
        #[serde(with = "super")]
        c: Vec<(u64, u32, u32)>,
        after: String,
    }

    #[test]
    fn long_vectors_round_trip_across_chunks() {
        let n = super::CHUNK_BYTES / 4 + 17;
        let s = Sample {
            a: (0..n as u32)
                .map(|i| i.wrapping_mul(2_654_435_761))
                .collect(),
            b: vec![(1, u32::MAX), (0, 7)],
            c: vec![(u64::MAX - 5, 3, 4), (1 << 40, 0, u32::MAX)],
            after: "end".into(),
        };
        let bytes = postcard::to_allocvec(&s).unwrap();
        assert_eq!(postcard::from_bytes::<Sample>(&bytes).unwrap(), s);
        let empty = Sample {
            a: vec![],
            b: vec![],
            c: vec![],
            after: String::new(),
        };
        let bytes = postcard::to_allocvec(&empty).unwrap();
        assert_eq!(postcard::from_bytes::<Sample>(&bytes).unwrap(), empty);
    }
}
