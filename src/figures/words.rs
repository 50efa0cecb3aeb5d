//! `Words`: interned words, numbered in the order they were first added,
//! kept as one string with the words end to end and an open-addressed hash
//! table of their numbers (no `String` per word, no copy of it as a key).

use std::hash::Hasher;

use crate::fasthash::FastHasher;

/// A slot of `slots` that holds no word.
const EMPTY: u32 = u32::MAX;

#[derive(Debug, Clone, Default, serde::Serialize, serde::Deserialize)]
pub struct Words {
    /// Every word, end to end.
    text: String,
    /// Where each word ends in `text` (it starts where the one before ends).
    #[serde(with = "crate::cache::raw")]
    ends: Vec<u32>,
    /// Word numbers by hash, linear probing; a power of two long, at most
    /// three quarters full.
    #[serde(with = "crate::cache::raw")]
    slots: Vec<u32>,
}

/// The first slot to probe for `w` in a table of `len` slots (a power of
/// two): the top bits of the word's hash spread once more (the low bits of
/// a multiplicative hash vary too little to index by).
fn home(w: &str, len: usize) -> usize {
    let mut h = FastHasher::default();
    h.write(w.as_bytes());
    let spread = h.finish().wrapping_mul(0x9e37_79b9_7f4a_7c15);
    (spread >> (64 - len.trailing_zeros())) as usize
}

impl Words {
    /// Word number `id`.
    pub fn get(&self, id: u32) -> &str {
        let i = id as usize;
        let start = if i == 0 { 0 } else { self.ends[i - 1] as usize };
        &self.text[start..self.ends[i] as usize]
    }

    pub fn len(&self) -> usize {
        self.ends.len()
    }

    /// The number of `w`, if it was added.
    pub fn id(&self, w: &str) -> Option<u32> {
        match self.slot(w) {
            Some(at) if self.slots[at] != EMPTY => Some(self.slots[at]),
            _ => None,
        }
    }

    /// The number of `w`, adding it if it is new.
    pub fn add(&mut self, w: &str) -> u32 {
        if let Some(at) = self.slot(w) {
            if self.slots[at] != EMPTY {
                return self.slots[at];
            }
        }
        if 4 * (self.len() + 1) > 3 * self.slots.len() {
            self.grow();
        }
        let id = self.len() as u32;
        self.text.push_str(w);
        self.ends.push(self.text.len() as u32);
        let at = self.slot(w).expect("a table with room has a free slot");
        self.slots[at] = id;
        id
    }

    /// The slot holding `w`, or the empty one where it would go; `None`
    /// while the table has no slots.
    fn slot(&self, w: &str) -> Option<usize> {
        if self.slots.is_empty() {
            return None;
        }
        let mask = self.slots.len() - 1;
        let mut at = home(w, self.slots.len());
        loop {
            let id = self.slots[at];
            if id == EMPTY || self.get(id) == w {
                return Some(at);
            }
            at = (at + 1) & mask;
        }
    }

    fn grow(&mut self) {
        let size = (2 * self.slots.len()).max(16);
        self.slots = vec![EMPTY; size];
        let mask = size - 1;
        for id in 0..self.len() as u32 {
            let mut at = home(self.get(id), size);
            while self.slots[at] != EMPTY {
                at = (at + 1) & mask;
            }
            self.slots[at] = id;
        }
    }

    /// Gives back the room no word uses.
    pub fn shrink_to_fit(&mut self) {
        self.text.shrink_to_fit();
        self.ends.shrink_to_fit();
    }

    /// Heap bytes held.
    pub fn heap_bytes(&self) -> usize {
        self.text.capacity() + 4 * (self.ends.capacity() + self.slots.capacity())
    }
}

impl<'a> FromIterator<&'a str> for Words {
    fn from_iter<I: IntoIterator<Item = &'a str>>(words: I) -> Words {
        let mut out = Words::default();
        for w in words {
            out.add(w);
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_are_numbered_in_the_order_first_added() {
        let mut w = Words::default();
        assert_eq!(w.id("a"), None);
        let list: Vec<String> = (0..1000).map(|i| format!("w{i}")).collect();
        for (i, s) in list.iter().enumerate() {
            assert_eq!(w.add(s), i as u32);
        }
        assert_eq!(w.add(""), 1000);
        for (i, s) in list.iter().enumerate() {
            assert_eq!(w.add(s), i as u32);
            assert_eq!(w.id(s), Some(i as u32));
            assert_eq!(w.get(i as u32), s);
        }
        assert_eq!(w.id(""), Some(1000));
        assert_eq!(w.get(1000), "");
        assert_eq!(w.id("w1000"), None);
        assert_eq!(w.len(), 1001);
    }

    #[test]
    fn a_table_read_back_from_the_cache_finds_every_word() {
        let w: Words = ["shell", "#Count:145", "@Killed", "ukrain"]
            .into_iter()
            .collect();
        let back: Words = postcard::from_bytes(&postcard::to_allocvec(&w).unwrap()).unwrap();
        assert_eq!(back.id("@Killed"), Some(2));
        assert_eq!(back.id("russia"), None);
        assert_eq!(back.get(3), "ukrain");
    }
}
