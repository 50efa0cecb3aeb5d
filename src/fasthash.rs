//! A small multiplicative hasher (FxHash's) for the indexes' maps and sets:
//! their keys are short words and ids, not attacker-chosen, and SipHash
//! dominated both building and lookups.

use std::collections::{HashMap, HashSet};
use std::hash::{BuildHasherDefault, Hasher};

#[derive(Debug, Default, Clone, Copy)]
pub struct FastHasher(u64);

impl Hasher for FastHasher {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        let mut chunks = bytes.chunks_exact(8);
        for chunk in &mut chunks {
            self.write_u64(u64::from_le_bytes(chunk.try_into().expect("8 bytes")));
        }
        // The tail is read byte by byte into the same little-endian word a
        // zero-padded copy would give (no memcpy call for a few bytes).
        let rest = chunks.remainder();
        if !rest.is_empty() {
            let n = rest
                .iter()
                .enumerate()
                .fold(0u64, |n, (i, &b)| n | u64::from(b) << (8 * i));
            self.write_u64(n);
        }
    }
    fn write_u64(&mut self, n: u64) {
        self.0 = (self.0.rotate_left(5) ^ n).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
    }
    fn write_u32(&mut self, n: u32) {
        self.write_u64(u64::from(n));
    }
    fn write_usize(&mut self, n: usize) {
        self.write_u64(n as u64);
    }
    fn write_u8(&mut self, n: u8) {
        self.write_u64(u64::from(n));
    }
}

pub type FastBuild = BuildHasherDefault<FastHasher>;
pub type FastMap<K, V> = HashMap<K, V, FastBuild>;
pub type FastSet<K> = HashSet<K, FastBuild>;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn equal_keys_hash_alike_and_maps_work() {
        let mut m: FastMap<String, u32> = FastMap::default();
        for (i, w) in ["a", "abcdefgh", "abcdefghi", ""].iter().enumerate() {
            m.insert(w.to_string(), i as u32);
        }
        assert_eq!(m.get("abcdefghi"), Some(&2));
        assert_eq!(m.get(""), Some(&3));
        assert_eq!(m.get("abcdefg"), None);
    }
}
