//! Lower-casing a word for a look-up without allocating: short ASCII words
//! (nearly every word of English news) are lower-cased on the stack.

/// Longest word lower-cased on the stack; longer ones are allocated.
const STACK_WORD: usize = 48;

/// Calls `f` with `w.to_lowercase()`, allocating only for long or
/// non-ASCII words.
pub fn with_lowercase<R>(w: &str, f: impl FnOnce(&str) -> R) -> R {
    if !w.is_ascii() || w.len() > STACK_WORD {
        return f(&w.to_lowercase());
    }
    if !w.bytes().any(|b| b.is_ascii_uppercase()) {
        return f(w);
    }
    let mut buf = [0u8; STACK_WORD];
    let lower = &mut buf[..w.len()];
    lower.copy_from_slice(w.as_bytes());
    lower.make_ascii_lowercase();
    // ASCII in, ASCII out.
    f(std::str::from_utf8(lower).unwrap_or_default())
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
            long.as_str(),
        ] {
            assert_eq!(with_lowercase(w, str::to_string), w.to_lowercase(), "{w}");
        }
    }
}
