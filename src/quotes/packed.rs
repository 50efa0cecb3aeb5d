//! `Packed`: a read-only array of unsigned numbers stored with just the bits
//! the largest one needs (15 bits for the word ids of a 20,000-word
//! vocabulary, 19 for the positions of a 500,000-word corpus), with
//! constant-time access. The quote index keeps its long number arrays this
//! way; in the cache they are little-endian words, read in place from a
//! mapped cache file ([`SharedWords`]).

use crate::shared::SharedWords;

/// Numbers of a fixed bit width, packed into 32-bit words.
#[derive(Clone, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Packed {
    /// Bits per number, 0 to 32.
    bits: u32,
    len: u64,
    /// The bits, low first; one spare word at the end, so a number can
    /// always be read as two words.
    words: SharedWords,
}

impl std::fmt::Debug for Packed {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Packed({} × {} bits)", self.len, self.bits)
    }
}

/// Bits needed to write `max`.
pub fn bits_for(max: u32) -> u32 {
    32 - max.leading_zeros()
}

impl Packed {
    /// `values`, each at most `max`.
    pub fn new(values: impl IntoIterator<Item = u32>, max: u32) -> Packed {
        /// Numbers gathered before they are packed in one go.
        const BATCH: usize = 1024;
        let mut p = Packed::with_max(max);
        let values = values.into_iter();
        p.reserve(values.size_hint().0);
        let mut batch = Vec::with_capacity(BATCH);
        for v in values {
            batch.push(v);
            if batch.len() == BATCH {
                p.extend(&batch);
                batch.clear();
            }
        }
        p.extend(&batch);
        p.shrink_to_fit();
        p
    }

    /// An empty array for numbers up to `max`, filled with [`Packed::push`].
    pub fn with_max(max: u32) -> Packed {
        Packed {
            bits: bits_for(max),
            len: 0,
            words: vec![0].into(),
        }
    }

    /// Makes room for `additional` more numbers at once, rather than
    /// growing by doubling (which copies the array and may hold twice its
    /// size).
    pub fn reserve(&mut self, additional: usize) {
        let bits = (self.len + additional as u64) * u64::from(self.bits);
        let words = (bits / 32) as usize + 2;
        let v = self.words.owned_mut();
        v.reserve_exact(words.saturating_sub(v.len()));
    }

    /// Releases spare capacity once every number is in.
    pub fn shrink_to_fit(&mut self) {
        self.words.owned_mut().shrink_to_fit();
    }

    /// Appends `v`, which must fit the width.
    pub fn push(&mut self, v: u32) {
        debug_assert!(u64::from(v) < 1u64 << self.bits);
        let bit = self.len * u64::from(self.bits);
        let (w, off) = ((bit / 32) as usize, (bit % 32) as u32);
        // The word after the one being filled is the spare word.
        let words = self.words.owned_mut();
        if words.len() < w + 2 {
            words.resize(w + 2, 0);
        }
        let wide = u64::from(v) << off;
        words[w] |= wide as u32;
        words[w + 1] |= (wide >> 32) as u32;
        self.len += 1;
    }

    /// Appends `values`, each of which must fit the width: the words
    /// [`Packed::push`] would write, each written once from a 64-bit
    /// accumulator rather than read and or-ed twice per number.
    pub fn extend(&mut self, values: &[u32]) {
        let Some(last) = (self.len + values.len() as u64).checked_sub(1) else {
            return;
        };
        // The words `push` would grow to, made once.
        let needed = (last * u64::from(self.bits) / 32) as usize + 2;
        let bits = self.bits;
        let bit = self.len * u64::from(bits);
        let words = self.words.owned_mut();
        if words.len() < needed {
            words.resize(needed, 0);
        }
        let mut w = (bit / 32) as usize;
        // The bits of word `w` not yet written out, `fill` of them; the
        // words after `w` are still zero.
        let mut fill = (bit % 32) as u32;
        let mut acc = u64::from(words[w]);
        for &v in values {
            debug_assert!(u64::from(v) < 1u64 << bits);
            acc |= u64::from(v) << fill;
            fill += bits;
            if fill >= 32 {
                words[w] = acc as u32;
                w += 1;
                acc >>= 32;
                fill -= 32;
            }
        }
        words[w] = acc as u32;
        self.len += values.len() as u64;
    }

    pub fn len(&self) -> usize {
        self.len as usize
    }

    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// The number at `i` (which must be below `len`).
    #[inline]
    pub fn get(&self, i: usize) -> u32 {
        debug_assert!(i < self.len());
        let bit = i as u64 * u64::from(self.bits);
        let (w, off) = ((bit / 32) as usize, bit % 32);
        let two = u64::from(self.words.get(w)) | u64::from(self.words.get(w + 1)) << 32;
        let mask = (1u64 << self.bits) - 1;
        ((two >> off) & mask) as u32
    }

    /// Starts loading the number at `i` into the caches (a hint).
    #[inline]
    pub fn prefetch(&self, i: usize) {
        let bit = i as u64 * u64::from(self.bits);
        self.words.prefetch((bit / 32) as usize);
    }

    /// The numbers at `range`, appended to `out`.
    pub fn extend_into(&self, range: std::ops::Range<usize>, out: &mut Vec<u32>) {
        out.extend(range.map(|i| self.get(i)));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_read_back_at_every_width() {
        for max in [
            0u32,
            1,
            2,
            7,
            255,
            1000,
            65_535,
            1 << 19,
            u32::MAX >> 1,
            u32::MAX,
        ] {
            let values: Vec<u32> = (0..200u32)
                .map(|i| i.wrapping_mul(2_654_435_761) % max.saturating_add(1).max(1))
                .map(|v| if max == u32::MAX { v ^ 0xFFFF_0000 } else { v })
                .chain([max, 0])
                .collect();
            let p = Packed::new(values.iter().copied(), max);
            assert_eq!(p.len(), values.len());
            assert_eq!(p.bits, bits_for(max));
            for (i, &v) in values.iter().enumerate() {
                assert_eq!(p.get(i), v, "max {max}, index {i}");
            }
            let mut out = vec![9];
            p.extend_into(3..7, &mut out);
            let mut q = Packed::with_max(max);
            q.extend(&values[..5]);
            q.extend(&[]);
            q.extend(&values[5..]);
            q.shrink_to_fit();
            assert!(q == p, "max {max}");
            // The same words as a number at a time.
            let mut r = Packed::with_max(max);
            for &v in &values {
                r.push(v);
            }
            r.shrink_to_fit();
            assert!(r == p, "max {max}");
            assert_eq!(out, [9, values[3], values[4], values[5], values[6]]);
        }
    }

    #[test]
    fn words_hold_only_the_bits_needed() {
        let p = Packed::new(0..1000, 999);
        assert_eq!(p.bits, 10);
        assert!(p.words.len() <= 10_000usize.div_ceil(32) + 1);
        let empty = Packed::new([], 0);
        assert!(empty.is_empty());
    }

    #[test]
    fn survives_the_cache_encoding() {
        let p = Packed::new((0..5000).map(|i| i * 7), 5000 * 7);
        let bytes = postcard::to_allocvec(&p).unwrap();
        assert_eq!(postcard::from_bytes::<Packed>(&bytes).unwrap(), p);
    }
}
