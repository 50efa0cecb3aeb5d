//! Words as the quote matcher sees them, and a note quote's pattern.
//!
//! Matching works on words, not characters: a word is a run of letters and
//! digits (keeping an apostrophe between letters, `it's`, and a point or
//! comma between digits, `3.5`, `1,000`), lower-cased. Punctuation, quote
//! marks, dashes and spacing therefore never make two quotes differ.
//!
//! A quote's *pattern* is its words split into segments at ellipses
//! (`...`, `[...]`, `(...)`), with bracketed insertions (`[the group]`) as
//! wildcards that stand for a short run of source words, or none. A bracket
//! inside a word (`[t]he`) is an editorial change of letters: the brackets
//! are dropped and the word kept.

use std::ops::Range;

/// A word of a text: its byte span and its normalised form.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Word {
    pub span: Range<usize>,
    pub norm: String,
}

fn joins(prev: char, c: char, next: Option<char>) -> bool {
    let Some(next) = next else { return false };
    match c {
        '\'' => prev.is_alphabetic() && next.is_alphabetic(),
        '.' | ',' => prev.is_ascii_digit() && next.is_ascii_digit(),
        _ => false,
    }
}

/// The words of `text`, in order.
pub fn words(text: &str) -> Vec<Word> {
    spans(text).map(|span| word(text, span)).collect()
}

/// The byte spans of the words of `text`, in order. Read from the start of
/// any word, a text gives the same words from there on: a word starts at a
/// letter or digit, whatever comes before it.
pub fn spans(text: &str) -> Spans<'_> {
    Spans {
        text,
        at: 0,
        prev: ' ',
    }
}

/// Iterator of [`spans`]: reads the text byte by byte, decoding only the
/// characters outside ASCII, and the rest of a plain ASCII word at once.
pub struct Spans<'a> {
    text: &'a str,
    /// The byte where the next character starts.
    at: usize,
    /// The character before it.
    prev: char,
}

impl Spans<'_> {
    fn char_at(&self, at: usize) -> Option<(char, usize)> {
        char_at(self.text, at)
    }
}

/// The character of `text` at byte `at` (a character boundary) and its
/// length in bytes, decoded only outside ASCII.
#[inline]
pub fn char_at(text: &str, at: usize) -> Option<(char, usize)> {
    match *text.as_bytes().get(at)? {
        b if b.is_ascii() => Some((char::from(b), 1)),
        _ => text[at..].chars().next().map(|c| (c, c.len_utf8())),
    }
}

/// How many ASCII letters and digits follow from byte `at` of `text`: the
/// rest of a plain ASCII word, which can be taken at once.
#[inline]
pub fn ascii_word_run(text: &str, at: usize) -> usize {
    text.as_bytes()[at..]
        .iter()
        .take_while(|b| b.is_ascii_alphanumeric())
        .count()
}

impl Iterator for Spans<'_> {
    type Item = Range<usize>;

    fn next(&mut self) -> Option<Range<usize>> {
        let bytes = self.text.as_bytes();
        let mut start: Option<usize> = None;
        while let Some((c, len)) = self.char_at(self.at) {
            let i = self.at;
            self.at += len;
            let inside = c.is_alphanumeric()
                || (start.is_some()
                    && matches!(c, '\'' | '.' | ',')
                    && joins(self.prev, c, self.char_at(self.at).map(|(n, _)| n)));
            self.prev = c;
            if inside {
                start.get_or_insert(i);
                if c.is_ascii_alphanumeric() {
                    // The rest of a plain ASCII word is inside it.
                    let rest = ascii_word_run(self.text, self.at);
                    if rest > 0 {
                        self.at += rest;
                        self.prev = char::from(bytes[self.at - 1]);
                    }
                }
            } else if let Some(s) = start {
                return Some(s..i);
            }
        }
        start.map(|s| s..self.text.len())
    }
}

/// The normalised form of a word (lower case), written into `out`.
pub fn normalise_into(word: &str, out: &mut String) {
    out.clear();
    push_normalised(word, out);
}

/// The normalised form of a word, appended to `out`.
pub fn push_normalised(word: &str, out: &mut String) {
    if word.is_ascii() {
        let from = out.len();
        out.push_str(word);
        out[from..].make_ascii_lowercase();
    } else {
        out.push_str(&word.to_lowercase());
    }
}

fn word(text: &str, span: Range<usize>) -> Word {
    Word {
        norm: text[span.clone()].to_lowercase(),
        span,
    }
}

/// Number of written words (white-space separated, with a letter or digit).
/// "full-fledged partnership" is two.
pub fn written_words(text: &str) -> usize {
    text.split_whitespace()
        .filter(|w| w.chars().any(char::is_alphanumeric))
        .count()
}

/// One element of a quote pattern.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Piece {
    /// A word that must be in the source (normalised) and how it was written.
    Word { norm: String, shown: String },
    /// A bracketed insertion: stands for up to `max` source words.
    Wild { max: usize, shown: String },
}

/// A quote split at its ellipses.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Pattern {
    pub segments: Vec<Vec<Piece>>,
}

impl Pattern {
    /// Number of concrete words.
    pub fn word_count(&self) -> usize {
        self.segments
            .iter()
            .flatten()
            .filter(|p| matches!(p, Piece::Word { .. }))
            .count()
    }

    /// Did the writer mark an edit (ellipsis or bracket)?
    pub fn is_edited(&self) -> bool {
        self.segments.len() > 1
            || self
                .segments
                .iter()
                .flatten()
                .any(|p| matches!(p, Piece::Wild { .. }))
    }
}

/// Extra source words a bracketed insertion may stand for, beyond its own.
const WILD_SLACK: usize = 3;
const WILD_MAX: usize = 8;

fn is_ellipsis_text(s: &str) -> bool {
    let t: String = s.chars().filter(|c| !c.is_whitespace()).collect();
    t.is_empty() || (t.len() >= 2 && t.chars().all(|c| c == '.'))
}

/// Parses a quote's folded text into its pattern.
pub fn pattern(text: &str) -> Pattern {
    // First cut the text into plain runs, gaps and bracket insertions.
    enum Chunk {
        Text(String),
        Gap,
        Wild(String),
    }
    let mut chunks: Vec<Chunk> = Vec::new();
    let mut cur = String::new();
    let chars: Vec<char> = text.chars().collect();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        let close = match c {
            '[' => Some(']'),
            '(' => Some(')'),
            _ => None,
        };
        if let Some(close) = close {
            if let Some(len) = chars[i + 1..].iter().position(|&x| x == close) {
                let inner: String = chars[i + 1..i + 1 + len].iter().collect();
                let after = chars.get(i + 2 + len).copied();
                let before = i.checked_sub(1).map(|k| chars[k]);
                if is_ellipsis_text(&inner) && !inner.is_empty() {
                    chunks.push(Chunk::Text(std::mem::take(&mut cur)));
                    chunks.push(Chunk::Gap);
                    i += len + 2;
                    continue;
                }
                let attached = !inner.contains(char::is_whitespace)
                    && (before.is_some_and(char::is_alphanumeric)
                        || after.is_some_and(char::is_alphanumeric));
                if c == '[' && attached {
                    cur.push_str(&inner);
                    i += len + 2;
                    continue;
                }
                if c == '[' {
                    chunks.push(Chunk::Text(std::mem::take(&mut cur)));
                    chunks.push(Chunk::Wild(inner));
                    i += len + 2;
                    continue;
                }
            }
        }
        if c == '.' && chars.get(i + 1) == Some(&'.') {
            // "..", "...", ". . ." : an ellipsis.
            let mut j = i;
            while j < chars.len() && (chars[j] == '.' || chars[j] == ' ') {
                j += 1;
            }
            let dots = chars[i..j].iter().filter(|&&x| x == '.').count();
            if dots >= 2 {
                chunks.push(Chunk::Text(std::mem::take(&mut cur)));
                chunks.push(Chunk::Gap);
                cur.push(' ');
                i = j;
                continue;
            }
        }
        if c == '.' && chars.get(i + 1) == Some(&' ') && chars.get(i + 2) == Some(&'.') {
            let mut j = i;
            let mut dots = 0;
            while j < chars.len() && (chars[j] == '.' || chars[j] == ' ') {
                dots += usize::from(chars[j] == '.');
                j += 1;
            }
            if dots >= 3 {
                chunks.push(Chunk::Text(std::mem::take(&mut cur)));
                chunks.push(Chunk::Gap);
                cur.push(' ');
                i = j;
                continue;
            }
        }
        cur.push(c);
        i += 1;
    }
    chunks.push(Chunk::Text(cur));

    let mut segments: Vec<Vec<Piece>> = vec![Vec::new()];
    for chunk in chunks {
        match chunk {
            Chunk::Gap => {
                if !segments.last().is_some_and(Vec::is_empty) {
                    segments.push(Vec::new());
                }
            }
            Chunk::Wild(inner) => {
                let n = words(&inner).len();
                segments.last_mut().unwrap().push(Piece::Wild {
                    max: (n + WILD_SLACK).min(WILD_MAX),
                    shown: format!("[{inner}]"),
                });
            }
            Chunk::Text(t) => {
                let seg = segments.last_mut().unwrap();
                for w in words(&t) {
                    seg.push(Piece::Word {
                        shown: t[w.span.clone()].to_string(),
                        norm: w.norm,
                    });
                }
            }
        }
    }
    segments.retain(|s| s.iter().any(|p| matches!(p, Piece::Word { .. })));
    Pattern { segments }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn norms(text: &str) -> Vec<String> {
        words(text).into_iter().map(|w| w.norm).collect()
    }

    fn shape(p: &Pattern) -> Vec<String> {
        p.segments
            .iter()
            .map(|s| {
                s.iter()
                    .map(|p| match p {
                        Piece::Word { norm, .. } => norm.clone(),
                        Piece::Wild { max, .. } => format!("*{max}"),
                    })
                    .collect::<Vec<_>>()
                    .join(" ")
            })
            .collect()
    }

    #[test]
    fn words_ignore_punctuation_and_case() {
        assert_eq!(
            norms("\"It's 3.5% of 1,000 post-conflict,\" she said."),
            ["it's", "3.5", "of", "1,000", "post", "conflict", "she", "said"]
        );
        assert_eq!(norms("end. 'quoted'"), ["end", "quoted"]);
        assert_eq!(written_words("full-fledged partnership"), 2);
    }

    #[test]
    fn spans_read_from_any_word_start_agree() {
        let text = "It's 3.5% of 1,000 post-conflict \u{c9}T\u{c9}S, 'quoted'.. x";
        let all: Vec<_> = spans(text).collect();
        for (k, first) in all.iter().enumerate() {
            let from: Vec<_> = spans(&text[first.start..])
                .map(|s| s.start + first.start..s.end + first.start)
                .collect();
            assert_eq!(from, all[k..]);
        }
        let mut out = String::from("x");
        for w in words(text) {
            normalise_into(&text[w.span.clone()], &mut out);
            assert_eq!(out, w.norm);
        }
        normalise_into("ΟΔΟΣ", &mut out);
        assert_eq!(out, "ΟΔΟΣ".to_lowercase());
    }

    /// The spans of the definition, read a character at a time.
    fn plain_spans(text: &str) -> Vec<Range<usize>> {
        let mut out = Vec::new();
        let mut chars = text.char_indices().peekable();
        let (mut prev, mut start) = (' ', None);
        while let Some((i, c)) = chars.next() {
            let next = chars.peek().map(|&(_, n)| n);
            let inside = c.is_alphanumeric() || (start.is_some() && joins(prev, c, next));
            prev = c;
            if inside {
                start.get_or_insert(i);
            } else if let Some(s) = start.take() {
                out.push(s..i);
            }
        }
        out.extend(start.map(|s| s..text.len()));
        out
    }

    #[test]
    fn spans_equal_a_character_at_a_time_reading() {
        for text in [
            "",
            "a",
            "It's 3.5% of 1,000 post-conflict \u{c9}T\u{c9}S, 'quoted'.. x",
            "caf\u{e9}'s na\u{ef}ve 12,5 x'\u{e9}t\u{e9} \u{e9}'x 1.\u{663} \u{663}.1 ab'",
            "word.,'9 9.9.9 a''b d'\u{2019}s \u{1F600}x\u{1F600} end",
            "x1.2y ,1 1, '.'",
        ] {
            assert_eq!(spans(text).collect::<Vec<_>>(), plain_spans(text), "{text}");
        }
    }

    #[test]
    fn ellipses_split_and_brackets_are_wildcards() {
        let p = pattern("We can see ... [the group] is ready [...] to fight (...) now");
        assert_eq!(shape(&p), ["we can see", "*5 is ready", "to fight", "now"]);
        let p = pattern("a . . . b... c");
        assert_eq!(shape(&p), ["a", "b", "c"]);
        assert!(p.is_edited());
    }

    #[test]
    fn attached_brackets_change_letters() {
        let p = pattern("[t]he move would allow[s] it");
        assert_eq!(shape(&p), ["the move would allows it"]);
        assert!(!p.is_edited());
        assert_eq!(p.word_count(), 5);
    }
}
