//! `Vocab`: a corpus's distinct words and their ids, in one string (the
//! words end to end) and an open-addressing table of ids, rather than a
//! map of one heap string per word: a few bytes a word besides its
//! letters, and flat arrays in the cache. The quote and figure indexes
//! both number their words with it.

use std::hash::Hasher;

use crate::fasthash::FastHasher;

/// An empty slot of the table.
const EMPTY: u32 = 0;

/// Words numbered in the order they were first added.
#[derive(Clone, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Vocab {
    /// Every word, end to end.
    text: String,
    /// Where word `id` ends in `text` (it starts where `id - 1` ends).
    #[serde(with = "crate::cache::raw")]
    ends: Vec<u32>,
    /// `id + 1` of the word hashed to each slot, or `EMPTY`; the length is
    /// a power of two, at most half full.
    #[serde(with = "crate::cache::raw")]
    slots: Vec<u32>,
}

impl std::fmt::Debug for Vocab {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Vocab({} words)", self.len())
    }
}

/// The hash a word is placed by: computed apart by callers that intern on
/// one thread words found on others ([`Vocab::add_hashed`]).
pub fn hash(word: &str) -> u64 {
    let mut h = FastHasher::default();
    h.write(word.as_bytes());
    h.finish()
}

impl Vocab {
    /// An empty vocabulary with room for `words` words before its table
    /// grows (each growth hashes and places every word again).
    pub fn with_capacity(words: usize) -> Vocab {
        let slots = if words == 0 {
            0
        } else {
            (words * 2).next_power_of_two().max(16)
        };
        Vocab {
            text: String::new(),
            ends: Vec::with_capacity(words),
            slots: vec![EMPTY; slots],
        }
    }

    pub fn len(&self) -> usize {
        self.ends.len()
    }

    pub fn is_empty(&self) -> bool {
        self.ends.is_empty()
    }

    /// The word numbered `id`.
    pub fn word(&self, id: u32) -> &str {
        let id = id as usize;
        let start = if id == 0 {
            0
        } else {
            self.ends[id - 1] as usize
        };
        &self.text[start..self.ends[id] as usize]
    }

    /// The table slot holding `word`, or the empty slot where it would go.
    fn slot(&self, word: &str) -> usize {
        self.slot_hashed(word, hash(word))
    }

    /// [`Vocab::slot`] with `word`'s [`hash`] given.
    fn slot_hashed(&self, word: &str, hash: u64) -> usize {
        let mask = self.slots.len() - 1;
        // The hash's high bits are its best mixed.
        let mut at = (hash >> 32) as usize & mask;
        loop {
            match self.slots[at] {
                EMPTY => return at,
                s if self.word(s - 1) == word => return at,
                _ => at = (at + 1) & mask,
            }
        }
    }

    /// The id of `word`, if it was added.
    pub fn get(&self, word: &str) -> Option<u32> {
        if self.slots.is_empty() {
            return None;
        }
        match self.slots[self.slot(word)] {
            EMPTY => None,
            s => Some(s - 1),
        }
    }

    /// The id of `word`, adding it if it is new.
    pub fn add(&mut self, word: &str) -> u32 {
        self.add_hashed(word, hash(word))
    }

    /// [`Vocab::add`] with `word`'s [`hash`] given (computed where the word
    /// was found).
    pub fn add_hashed(&mut self, word: &str, hash: u64) -> u32 {
        if (self.len() + 1) * 2 > self.slots.len() {
            self.grow();
        }
        let at = self.slot_hashed(word, hash);
        if self.slots[at] != EMPTY {
            return self.slots[at] - 1;
        }
        let id = self.ends.len() as u32;
        self.text.push_str(word);
        let end = u32::try_from(self.text.len()).expect("a vocabulary under 4 GiB");
        self.ends.push(end);
        self.slots[at] = id + 1;
        id
    }

    fn grow(&mut self) {
        let size = (self.slots.len() * 2).max(16);
        self.slots = vec![EMPTY; size];
        for id in 0..self.len() as u32 {
            let at = self.slot(self.word(id));
            self.slots[at] = id + 1;
        }
    }

    /// Releases spare capacity once every word is in.
    pub fn shrink_to_fit(&mut self) {
        self.text.shrink_to_fit();
        self.ends.shrink_to_fit();
    }
}

impl<'a> FromIterator<&'a str> for Vocab {
    fn from_iter<I: IntoIterator<Item = &'a str>>(words: I) -> Vocab {
        let mut out = Vocab::default();
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
    fn ids_in_order_of_first_addition() {
        let mut v = Vocab::default();
        assert_eq!(v.get("the"), None);
        let words: Vec<String> = (0..1000).map(|i| format!("w{i}")).collect();
        for (i, w) in words.iter().enumerate() {
            assert_eq!(v.add(w), i as u32);
        }
        assert_eq!(v.add("w17"), 17);
        assert_eq!(v.add(""), 1000);
        assert_eq!(v.add("é"), 1001);
        assert_eq!(v.len(), 1002);
        for (i, w) in words.iter().enumerate() {
            assert_eq!(v.get(w), Some(i as u32));
            assert_eq!(v.word(i as u32), w);
        }
        assert_eq!(v.get(""), Some(1000));
        assert_eq!(v.get("w1000"), None);
        let bytes = postcard::to_allocvec(&v).unwrap();
        let back: Vocab = postcard::from_bytes(&bytes).unwrap();
        assert_eq!(back, v);
        assert_eq!(back.get("w999"), Some(999));
    }
}
