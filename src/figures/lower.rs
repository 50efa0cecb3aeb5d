//! Which words the corpus mostly writes in lower case: a capitalised word
//! at the start of a sentence is a name only when it is not one of them.
//!
//! A word counts as written in lower case where [`LOWER_WORD`] matches it
//! and as capitalised mid-sentence where [`CAPITAL_MID`] does. Both are
//! found by hand on ASCII lines and by the regexes on the others (a match
//! never crosses a line: words hold no space).

use std::sync::LazyLock;

use regex::Regex;

use super::index::ARTICLES_PER_BATCH;
use super::token::key;
use crate::corpus::{Article, Corpus};
use crate::fasthash::FastMap;
use crate::parallel::map_then_merge;
use crate::vocab::Vocab;

/// Articles counted into one map by one worker.
const ARTICLES_PER_COUNT: usize = 32;

/// Distinct words reduced to their keys by one worker at a time.
const WORDS_PER_KEYING: usize = 4096;

/// A lower-case word after the start of the text, a space, a bracket or a
/// quote.
static LOWER_WORD: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?:^|[\s(\x22])(\p{Ll}[\p{L}']*)").unwrap());

/// A capitalised word after a lower-case word, digit, comma or semicolon
/// and one space.
static CAPITAL_MID: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"[\p{Ll}\d,;] (\p{Lu}\p{Ll}[\p{L}']*)").unwrap());

/// The word keys the corpus mostly writes in lower case: seen lower-case
/// (a [`LOWER_WORD`]) more often than capitalised after a lower-case word,
/// digit, comma or semicolon (a [`CAPITAL_MID`]; a word is then not a name).
pub fn lower_case_words(corpus: &Corpus) -> Vocab {
    // Occurrences are counted per word as written, on every core, a slice
    // of the corpus at a time (every article's counts at once are most of
    // the stage's peak at scale), a few articles to a map (the maps are
    // merged on a thread of their own while the next slice is counted, and
    // fewer, larger maps merge faster), and only the distinct words are
    // reduced to their keys, on every core too.
    let parts: Vec<&[Article]> = corpus.articles.chunks(ARTICLES_PER_COUNT).collect();
    let words = map_then_merge(
        &parts,
        ARTICLES_PER_BATCH / ARTICLES_PER_COUNT,
        |part| {
            let mut counts: FastMap<&str, (u32, u32)> = FastMap::default();
            for a in *part {
                for line in a.folded.text.split('\n') {
                    count_line(line, &mut counts);
                }
            }
            counts
        },
        FastMap::default(),
        |words: &mut FastMap<&str, (u32, u32)>, per_part| {
            for counts in per_part {
                for (w, (l, u)) in counts {
                    let e = words.entry(w).or_default();
                    e.0 += l;
                    e.1 += u;
                }
            }
        },
    );
    let words: Vec<(&str, (u32, u32))> = words.into_iter().collect();
    let parts: Vec<&[(&str, (u32, u32))]> = words.chunks(WORDS_PER_KEYING).collect();
    let keyed = crate::parallel::map_ordered(
        &parts,
        |part| {
            part.iter()
                .map(|(w, counts)| (key(w), *counts))
                .collect::<Vec<_>>()
        },
        None,
    );
    // The words counted are read from the texts for the last time.
    drop(words);
    corpus.release_text_pages();
    let mut keys: FastMap<String, (u32, u32)> = FastMap::default();
    for (k, (l, u)) in keyed.into_iter().flatten() {
        let e = keys.entry(k).or_default();
        e.0 += l;
        e.1 += u;
    }
    // Numbered in sorted order, not the map's (which varies from run to
    // run), so the same corpus always gives the same index.
    let mut lower: Vec<&str> = keys
        .iter()
        .filter(|(_, (l, u))| l > u)
        .map(|(w, _)| w.as_str())
        .collect();
    lower.sort_unstable();
    lower.into_iter().collect()
}

/// Counts the lower-case (`.0`) and capitalised mid-sentence (`.1`) words
/// of one line.
fn count_line<'a>(line: &'a str, counts: &mut FastMap<&'a str, (u32, u32)>) {
    if !line.is_ascii() {
        for m in LOWER_WORD.find_iter(line) {
            // The match is the word after at most one non-letter.
            let w = m.as_str().trim_start_matches(|c: char| !c.is_alphabetic());
            counts.entry(w).or_default().0 += 1;
        }
        for m in CAPITAL_MID.find_iter(line) {
            // The match is one character, a space, then the word.
            let w = m.as_str().split_once(' ').map_or("", |(_, w)| w);
            counts.entry(w).or_default().1 += 1;
        }
        return;
    }
    for w in ascii_lower_words(line) {
        counts.entry(w).or_default().0 += 1;
    }
    for w in ascii_capitals_mid(line) {
        counts.entry(w).or_default().1 += 1;
    }
}

/// `[\p{L}']*` on ASCII: the end of the run of letters and apostrophes
/// from `i`.
fn word_end(b: &[u8], mut i: usize) -> usize {
    while i < b.len() && (b[i].is_ascii_alphabetic() || b[i] == b'\'') {
        i += 1;
    }
    i
}

/// The words of [`LOWER_WORD`]'s matches in an ASCII line.
fn ascii_lower_words(line: &str) -> Vec<&str> {
    let b = line.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < b.len() {
        let after_delimiter = i == 0
            || matches!(
                b[i - 1],
                b'\t' | b'\n' | 0x0B | 0x0C | b'\r' | b' ' | b'(' | b'"'
            );
        if after_delimiter && b[i].is_ascii_lowercase() {
            let end = word_end(b, i + 1);
            out.push(&line[i..end]);
            i = end;
        } else {
            i += 1;
        }
    }
    out
}

/// The words of [`CAPITAL_MID`]'s matches in an ASCII line: matches do not
/// overlap, so a word whose last letter precedes the next space starts no
/// match there.
fn ascii_capitals_mid(line: &str) -> Vec<&str> {
    let b = line.as_bytes();
    let mut out = Vec::new();
    let mut free_from = 0;
    for space in 1..b.len() {
        if b[space] != b' ' || space - 1 < free_from {
            continue;
        }
        let before = b[space - 1];
        let opens = before.is_ascii_lowercase()
            || before.is_ascii_digit()
            || before == b','
            || before == b';';
        let word = space + 1;
        if opens
            && word + 1 < b.len()
            && b[word].is_ascii_uppercase()
            && b[word + 1].is_ascii_lowercase()
        {
            let end = word_end(b, word + 2);
            out.push(&line[word..end]);
            free_from = end;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn by_regex<'a>(re: &Regex, line: &'a str, word: fn(&'a str) -> &'a str) -> Vec<&'a str> {
        re.find_iter(line).map(|m| word(m.as_str())).collect()
    }

    fn check(line: &str) {
        assert!(line.is_ascii());
        let lower = by_regex(&LOWER_WORD, line, |m| {
            m.trim_start_matches(|c: char| !c.is_alphabetic())
        });
        assert_eq!(ascii_lower_words(line), lower, "{line:?}");
        let capitals = by_regex(&CAPITAL_MID, line, |m| {
            m.split_once(' ').map_or("", |(_, w)| w)
        });
        assert_eq!(ascii_capitals_mid(line), capitals, "{line:?}");
    }

    #[test]
    fn hand_matches_equal_the_regex_matches() {
        for line in [
            "the Bank of England said; Rates rose 2 Percent, then Fell",
            "a Bc Dd ee Ff",
            "x Ab Cd, Ef (gh \"ij\" kl's 'mn' o'p Q",
            " ab\tcd\x0bef Gh  Ij 9 Kl;Mn; Op",
            "",
            "a",
            "a B",
            "a Bc",
        ] {
            check(line);
        }
    }

    proptest::proptest! {
        #[test]
        fn hand_matches_equal_the_regex_matches_on_any_ascii_line(
            s in "[aBcDe'(\x22,;9 \t\x0b.-]{0,40}"
        ) {
            check(&s);
        }
    }
}
