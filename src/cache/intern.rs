//! Static strings read back from a cache. A few index types name a
//! currency or a unit with a `&'static str` taken from the lexicon; loading
//! them gives each distinct string one leaked copy, shared by every value
//! that names it, so memory grows with the number of distinct names (a few
//! dozen), not with the number of figures.

use std::collections::HashSet;
use std::sync::Mutex;

static INTERNED: Mutex<Option<HashSet<&'static str>>> = Mutex::new(None);

/// The one static copy of `s`.
pub fn intern(s: &str) -> &'static str {
    let mut set = INTERNED.lock().unwrap_or_else(|e| e.into_inner());
    let set = set.get_or_insert_with(HashSet::new);
    if let Some(&known) = set.get(s) {
        return known;
    }
    let leaked: &'static str = Box::leak(s.to_owned().into_boxed_str());
    set.insert(leaked);
    leaked
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_copy_per_distinct_string() {
        let a = intern("GBP");
        let b = intern(&String::from("GBP"));
        assert!(std::ptr::eq(a, b));
        assert_eq!(intern("USD"), "USD");
        assert!(!std::ptr::eq(intern("USD"), a));
    }
}
