//! Lower-casing a word for a look-up without allocating: short ASCII words
//! (nearly every word of English news) are lower-cased on the stack; long
//! word lists are hash sets.

use std::sync::OnceLock;

use crate::fasthash::FastSet;

/// Longest word lower-cased on the stack; longer ones are allocated.
const STACK_WORD: usize = 48;

/// Calls `f` with `w.to_lowercase()`, allocating only for long or
/// non-ASCII words.
pub fn with_lowercase<R>(w: &str, f: impl FnOnce(&str) -> R) -> R {
    let bytes = w.as_bytes();
    // Most words are lower-case ASCII already and are passed as they are,
    // without a copy; otherwise the bytes before the first one lower-casing
    // could change are copied as they are, and the rest lower-cased.
    let Some(first) = bytes
        .iter()
        .position(|&b| !b.is_ascii() || b.is_ascii_uppercase())
    else {
        return f(w);
    };
    if bytes.len() > STACK_WORD {
        return f(&w.to_lowercase());
    }
    let mut buf = [0u8; STACK_WORD];
    buf[..first].copy_from_slice(&bytes[..first]);
    let mut ascii = true;
    for (slot, &b) in buf[first..].iter_mut().zip(&bytes[first..]) {
        ascii &= b.is_ascii();
        *slot = b.to_ascii_lowercase();
    }
    if !ascii {
        return f(&w.to_lowercase());
    }
    let lower = &buf[..bytes.len()];
    // SAFETY: every byte of `lower` is ASCII (checked above; lower-casing an
    // ASCII byte gives an ASCII byte), and ASCII bytes are valid UTF-8.
    f(unsafe { std::str::from_utf8_unchecked(lower) })
}

/// A word list looked up through a hash set built on first use (the long
/// lists are read for nearly every word of the corpus).
pub struct WordList {
    words: &'static [&'static str],
    set: OnceLock<FastSet<&'static str>>,
}

impl WordList {
    pub const fn new(words: &'static [&'static str]) -> WordList {
        WordList {
            words,
            set: OnceLock::new(),
        }
    }

    /// Is `w` (exactly as given) in the list?
    pub fn contains(&self, w: &str) -> bool {
        self.set
            .get_or_init(|| self.words.iter().copied().collect())
            .contains(w)
    }
}

/// A list of lower-case words: a [`WordList`] or a short slice or array.
pub trait Words {
    fn has(&self, w: &str) -> bool;
}

impl Words for WordList {
    fn has(&self, w: &str) -> bool {
        self.contains(w)
    }
}

impl Words for [&str] {
    fn has(&self, w: &str) -> bool {
        self.contains(&w)
    }
}

impl<const N: usize> Words for [&str; N] {
    fn has(&self, w: &str) -> bool {
        self.contains(&w)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn equals_to_lowercase() {
        let long = "X".repeat(STACK_WORD + 1);
        for w in [
            "",
            "abc",
            "ABC",
            "McDonald's",
            "İstanbul",
            "ΣΟΦΙΑ",
            "Ünal",
            "caféS",
            "abcD",
            long.as_str(),
        ] {
            assert_eq!(with_lowercase(w, str::to_string), w.to_lowercase(), "{w}");
        }
    }
}
