//! Finding known names in any text (a writer's note, an article headline):
//! a hash table from name key to entity, tried longest name first at each
//! word.
//!
//! Matching is case-insensitive only where that is safe: a name must start
//! with a capital (an acronym must be written in capitals) unless the corpus
//! never uses its words in lower case.

use std::ops::Range;

use super::tokens::{self, is_acronym, tokenize, Token};
use super::EntityId;
use crate::fasthash::{FastMap, FastSet};

/// What a name key stands for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum Target {
    One {
        entity: EntityId,
        /// Must the text be capitalised (or all capitals for an acronym)?
        needs_case: bool,
    },
    /// Several entities share this name: not resolved.
    Ambiguous,
}

/// Name keys of every entity's aliases.
#[derive(Debug, Clone, Default, serde::Serialize, serde::Deserialize)]
pub struct NameTable {
    pub keys: FastMap<String, Target>,
    /// The most words any name has.
    pub max_words: usize,
    /// (lower-case written alias, entity), sorted: for completion and search.
    pub sorted: Vec<(String, EntityId)>,
    /// Keys of the words names start with: most words start none.
    pub first_words: FastSet<String>,
}

/// An alias made ready for [`NameTable::add_row`]: its keys and lower-case
/// form, which take most of the work and can be made on any core.
#[derive(Debug, Clone)]
pub struct NameRow {
    key: String,
    /// Key of the first word with one.
    first: Option<String>,
    words: usize,
    lower: String,
    needs_case: bool,
}

impl NameRow {
    /// The row of an alias; `None` when the alias has no key.
    pub fn new(alias: &str, needs_case: bool) -> Option<NameRow> {
        let key = tokens::name_key(alias);
        if key.is_empty() {
            return None;
        }
        Some(NameRow {
            key,
            first: alias
                .split(' ')
                .map(tokens::name_key)
                .find(|k| !k.is_empty()),
            words: alias.split(' ').count(),
            lower: alias.to_lowercase(),
            needs_case,
        })
    }
}

impl NameTable {
    /// Adds an alias of `entity`.
    pub fn add(&mut self, alias: &str, entity: EntityId, needs_case: bool) {
        if let Some(row) = NameRow::new(alias, needs_case) {
            self.add_row(row, entity);
        }
    }

    /// Adds an alias of `entity`, made ready by [`NameRow::new`].
    pub fn add_row(&mut self, row: NameRow, entity: EntityId) {
        if let Some(first) = row.first {
            self.first_words.insert(first);
        }
        self.max_words = self.max_words.max(row.words);
        match self.keys.get(&row.key) {
            Some(Target::One { entity: e, .. }) if *e != entity => {
                self.keys.insert(row.key, Target::Ambiguous);
            }
            Some(_) => {}
            None => {
                self.keys.insert(
                    row.key,
                    Target::One {
                        entity,
                        needs_case: row.needs_case,
                    },
                );
            }
        }
        self.sorted.push((row.lower, entity));
    }

    pub fn finish(&mut self) {
        self.sorted.sort();
        self.sorted.dedup();
    }

    /// The entity a whole name stands for.
    pub fn get(&self, name: &str) -> Option<EntityId> {
        match self.keys.get(&tokens::name_key(name))? {
            Target::One { entity, .. } => Some(*entity),
            Target::Ambiguous => None,
        }
    }

    /// Known names in `text[range]` (one paragraph): (span, entity).
    pub fn scan(
        &self,
        text: &str,
        range: Range<usize>,
        strict_case: bool,
    ) -> Vec<(Range<usize>, EntityId)> {
        self.scan_near(text, range.clone(), range, strict_case)
    }

    /// [`NameTable::scan`]'s names in the runs of words of `text[range]`
    /// that touch `near`. A run is words each joined to the next (no
    /// punctuation between them): a name never spans two runs, and the names
    /// in one do not depend on the words around it, so these are exactly the
    /// names `scan` finds there, found without looking up the rest.
    pub fn scan_near(
        &self,
        text: &str,
        range: Range<usize>,
        near: Range<usize>,
        strict_case: bool,
    ) -> Vec<(Range<usize>, EntityId)> {
        let toks = tokenize(text, range);
        let mut out = Vec::new();
        let mut key = String::new();
        let mut run_start = 0;
        while run_start < toks.len() {
            let mut last = run_start;
            while last + 1 < toks.len() && toks[last].joins_next() {
                last += 1;
            }
            if toks[run_start].span.start <= near.end && near.start <= toks[last].span.end {
                let mut i = run_start;
                while i <= last {
                    match self.longest_at(text, &toks, i, strict_case, &mut key) {
                        Some((n, entity)) => {
                            out.push((toks[i].span.start..toks[i + n - 1].span.end, entity));
                            i += n;
                        }
                        None => i += 1,
                    }
                }
            }
            run_start = last + 1;
        }
        out
    }

    /// The longest known name starting at token `i`: (words, entity).
    fn longest_at(
        &self,
        text: &str,
        toks: &[Token],
        i: usize,
        strict_case: bool,
        key: &mut String,
    ) -> Option<(usize, EntityId)> {
        let first = &text[toks[i].span.clone()];
        // (No character but `T`, `H`, `E`, `O` and `F` lower-cases to
        // these ASCII letters.)
        if first.eq_ignore_ascii_case("the")
            || first.eq_ignore_ascii_case("of")
            || !first.starts_with(char::is_alphanumeric)
        {
            return None;
        }
        tokens::name_key_into(key, first);
        if !self.first_words.contains(key.as_str()) {
            return None;
        }
        // How far the words join up without punctuation between them.
        let mut reach = 1;
        while reach < self.max_words
            && i + reach < toks.len()
            && toks[i + reach - 1].joins_next()
            && toks[i + reach].open.is_none()
        {
            reach += 1;
        }
        for n in (1..=reach).rev() {
            let last = &text[toks[i + n - 1].span.clone()];
            if matches!(last, "the" | "of") {
                continue;
            }
            let span = toks[i].span.start..toks[i + n - 1].span.end;
            let written = &text[span];
            tokens::name_key_into(key, written);
            let Some(Target::One { entity, needs_case }) = self.keys.get(key.as_str()) else {
                continue;
            };
            if case_ok(written, *needs_case || strict_case) {
                return Some((n, *entity));
            }
        }
        None
    }
}

/// Does the text's case fit a name that needs capitals?
fn case_ok(written: &str, needs_case: bool) -> bool {
    if !needs_case {
        return true;
    }
    let letters: Vec<char> = written.chars().filter(|c| c.is_alphabetic()).collect();
    if letters.len() >= 2
        && written.split(' ').count() == 1
        && letters.iter().filter(|c| c.is_uppercase()).count() >= 2
    {
        // Written like an acronym: must be one ("US", not "Us").
        return is_acronym(written);
    }
    tokens::is_capitalised(written)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn table() -> NameTable {
        let mut t = NameTable::default();
        t.add("Sergey Lavrov", 0, true);
        t.add("Lavrov", 0, false);
        t.add("US", 1, true);
        t.add("FSB", 2, false);
        t.add("Bank of England", 3, true);
        t.finish();
        t
    }

    fn scan(s: &str) -> Vec<(&str, EntityId)> {
        table()
            .scan(s, 0..s.len(), false)
            .into_iter()
            .map(|(r, e)| (&s[r], e))
            .collect()
    }

    #[test]
    fn longest_match_possessives_and_case() {
        assert_eq!(
            scan("Sergey Lavrov's man, lavrov, met us and the US and the fsb at the Bank of England."),
            [("Sergey Lavrov", 0), ("lavrov", 0), ("US", 1), ("fsb", 2), ("Bank of England", 3)]
        );
        assert_eq!(scan("the bank of england"), []);
    }
}
