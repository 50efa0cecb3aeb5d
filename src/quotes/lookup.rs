//! `QuoteLookup`: where the sources hold one quote's words, and
//! `QuoteCache`, the lookups an editor keeps between checks of the same note
//! so that a re-check after an edit only searches for the quotes that
//! changed.

use std::collections::HashMap;

use super::index::Located;
use super::note::NoteQuote;
use super::source::PeopleCache;
use crate::cancel::{Cancel, Cancelled};
use crate::index::{Index, IndexId};

/// What the sources hold for one quote's folded text.
#[derive(Debug, Clone)]
pub struct QuoteLookup {
    /// Passages with the quote's words, best first.
    pub located: Vec<Located>,
    /// When none has them, the closest passage, for the writer to compare.
    pub closest: Option<Located>,
}

impl QuoteLookup {
    /// Searches the corpus for a quote's folded text.
    pub fn of(index: &Index, quote_text: &str) -> QuoteLookup {
        let located = index.quotes.locate_detailed(&index.corpus, quote_text);
        let closest = if located.is_empty() {
            index.quotes.closest(&index.corpus, quote_text)
        } else {
            None
        };
        QuoteLookup { located, closest }
    }
}

/// Quote lookups kept between checks of one note. Tied to one index: it
/// empties itself when used with another. Only the quotes of the last check
/// are kept, so it never outgrows the note.
#[derive(Debug, Default)]
pub struct QuoteCache {
    /// The index the entries were looked up in.
    index: Option<IndexId>,
    entries: HashMap<String, QuoteLookup>,
    /// Whether a quote's folded text is long enough to check.
    checked: HashMap<String, bool>,
    /// The note source of the last complete check and its quotes.
    last_note: Option<(String, Vec<NoteQuote>)>,
    /// The people the note's paragraphs name, for its quotes' speakers.
    pub(crate) people: PeopleCache,
    /// Quotes the last check searched for, and those it took from the cache.
    pub last_searched: usize,
    pub last_reused: usize,
}

impl QuoteCache {
    pub fn new() -> QuoteCache {
        QuoteCache::default()
    }

    pub fn len(&self) -> usize {
        self.entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// The quotes of the last complete check, if it was of this very note
    /// source against this index.
    pub fn last_quotes(&self, index: &Index, note_source: &str) -> Option<&[NoteQuote]> {
        match &self.last_note {
            Some((text, quotes)) if text == note_source && self.index == Some(index.id) => {
                Some(quotes)
            }
            _ => None,
        }
    }

    /// The cached lookup of a quote's folded text.
    pub fn lookup_of(&self, quote_text: &str) -> Option<&QuoteLookup> {
        self.entries.get(quote_text)
    }

    /// The lookups of one check, drawing on `cache` if there is one.
    pub(crate) fn fresh<'c>(mut cache: Option<&'c mut QuoteCache>, index: &Index) -> Lookups<'c> {
        if let Some(c) = cache.as_deref_mut() {
            if c.index != Some(index.id) {
                c.entries.clear();
                c.checked.clear();
                c.last_note = None;
                c.index = Some(index.id);
            }
        }
        Lookups {
            cache,
            entries: HashMap::new(),
            checked: HashMap::new(),
            searched: 0,
            reused: 0,
            finished: None,
        }
    }
}

/// The quote lookups of one check. When dropped, they become the cache's
/// entries; a check given up half-way adds them to what was there.
pub(crate) struct Lookups<'c> {
    cache: Option<&'c mut QuoteCache>,
    entries: HashMap<String, QuoteLookup>,
    checked: HashMap<String, bool>,
    searched: usize,
    reused: usize,
    /// Set when the check completes: the note source and its quotes.
    finished: Option<(String, Vec<NoteQuote>)>,
}

impl Lookups<'_> {
    /// [`super::is_checked`], remembered by the quote's text.
    pub fn is_checked(&mut self, q: &NoteQuote) -> bool {
        if let Some(&known) = self.checked.get(&q.text) {
            return known;
        }
        let known = self
            .cache
            .as_deref_mut()
            .and_then(|c| c.checked.remove(&q.text))
            .unwrap_or_else(|| super::is_checked(q));
        self.checked.insert(q.text.clone(), known);
        known
    }

    /// The lookup of a quote's folded text: from this check, from the
    /// cache, or searched for now unless the check was cancelled.
    pub fn lookup(
        &mut self,
        index: &Index,
        quote_text: &str,
        cancel: Cancel<'_>,
    ) -> Result<&QuoteLookup, Cancelled> {
        if !self.entries.contains_key(quote_text) {
            let cached = self
                .cache
                .as_deref_mut()
                .and_then(|c| c.entries.remove(quote_text));
            let found = match cached {
                Some(found) => {
                    self.reused += 1;
                    found
                }
                None => {
                    cancel.check()?;
                    self.searched += 1;
                    QuoteLookup::of(index, quote_text)
                }
            };
            self.entries.insert(quote_text.to_string(), found);
        }
        Ok(&self.entries[quote_text])
    }

    /// Marks the check of `note_source` complete: its lookups replace the
    /// cache's, and its quotes are kept for lookups by offset.
    pub fn finish(mut self, note_source: &str, quotes: Vec<NoteQuote>) {
        self.finished = Some((note_source.to_string(), quotes));
    }
}

impl Drop for Lookups<'_> {
    fn drop(&mut self) {
        let Some(c) = self.cache.as_deref_mut() else {
            return;
        };
        let entries = std::mem::take(&mut self.entries);
        let checked = std::mem::take(&mut self.checked);
        match self.finished.take() {
            Some(note) => {
                c.entries = entries;
                c.checked = checked;
                c.last_note = Some(note);
                (c.last_searched, c.last_reused) = (self.searched, self.reused);
            }
            None => {
                c.entries.extend(entries);
                c.checked.extend(checked);
            }
        }
    }
}
