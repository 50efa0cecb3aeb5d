//! Tokens of a folded sentence with their byte spans, and a light lemma for
//! comparing words ("killed", "killing" → "kill").

use std::borrow::Cow;
use std::ops::Range;
use std::sync::LazyLock;

use regex::Regex;

use crate::text::Sentence;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// Letters (with inner apostrophes) or a dotted acronym ("U.S.").
    Word,
    /// Digits with inner `,` `.` `:` ("1,000", "4.88", "3:35.27").
    Number,
    /// Any other single character.
    Punct,
}

#[derive(Debug, Clone)]
pub struct Token<'a> {
    pub kind: Kind,
    pub text: &'a str,
    /// Byte span in the text tokenised (absolute).
    pub span: Range<usize>,
}

/// `s.to_lowercase()`, borrowed when that changes nothing (ASCII text with
/// no capital, the commonest token).
pub fn lowercase(s: &str) -> Cow<'_, str> {
    if s.bytes().all(|b| b.is_ascii() && !b.is_ascii_uppercase()) {
        Cow::Borrowed(s)
    } else {
        Cow::Owned(s.to_lowercase())
    }
}

impl Token<'_> {
    pub fn lower(&self) -> String {
        self.text.to_lowercase()
    }
    pub fn is(&self, s: &str) -> bool {
        self.text.eq_ignore_ascii_case(s)
    }
    pub fn is_capitalised(&self) -> bool {
        self.kind == Kind::Word && self.text.chars().next().is_some_and(char::is_uppercase)
    }
}

static TOKEN: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?:\p{L}\.){2,}|\p{L}+(?:'\p{L}+)*|\d+(?:[.,:]\d+)*|\S").unwrap()
});

/// Tokens of `text[span]`, with spans absolute in `text`: the matches of
/// [`TOKEN`], found by hand where the text is ASCII and by the regex where
/// a token touches any other character.
pub fn tokenize(text: &str, span: Range<usize>) -> Vec<Token<'_>> {
    let s = &text[span.clone()];
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len() / 4);
    let mut i = 0;
    while i < b.len() {
        if is_ascii_space(b[i]) {
            i += 1;
            continue;
        }
        let (from, to) = match ascii_token_end(b, i) {
            Some(end) => (i, end),
            None => match TOKEN.find_at(s, i) {
                Some(m) => (m.start(), m.end()),
                None => break,
            },
        };
        let t = &s[from..to];
        let c = t.chars().next().unwrap_or(' ');
        let kind = if c.is_ascii_digit() {
            Kind::Number
        } else if c.is_alphabetic() {
            Kind::Word
        } else {
            Kind::Punct
        };
        out.push(Token {
            kind,
            text: &text[span.start + from..span.start + to],
            span: span.start + from..span.start + to,
        });
        i = to;
    }
    out
}

/// ASCII characters of the regex class `\s` (Unicode `White_Space`).
fn is_ascii_space(b: u8) -> bool {
    matches!(b, b'\t' | b'\n' | 0x0B | 0x0C | b'\r' | b' ')
}

/// The end of the [`TOKEN`] match starting at `b[i]`, when it and every
/// byte the match depends on are ASCII; `None` sends the token to the regex.
fn ascii_token_end(b: &[u8], i: usize) -> Option<usize> {
    let c = b[i];
    if !c.is_ascii() {
        return None;
    }
    // A run of ASCII `class` bytes from `j`; `None` if a non-ASCII byte
    // (which the class might include) follows.
    let run = |mut j: usize, class: fn(&u8) -> bool| -> Option<usize> {
        while j < b.len() && class(&b[j]) {
            j += 1;
        }
        (j >= b.len() || b[j].is_ascii()).then_some(j)
    };
    // `x` followed by `class`: continues the match?
    let then = |j: usize, x: &[u8], class: fn(&u8) -> bool| -> Option<bool> {
        if j + 1 >= b.len() || !x.contains(&b[j]) {
            return Some(false);
        }
        b[j + 1].is_ascii().then(|| class(&b[j + 1]))
    };
    if c.is_ascii_alphabetic() {
        // `(?:\p{L}\.){2,}`
        let mut j = i;
        let mut pairs = 0;
        while j + 1 < b.len() && b[j + 1] == b'.' {
            if !b[j].is_ascii() {
                return None;
            }
            if !b[j].is_ascii_alphabetic() {
                break;
            }
            j += 2;
            pairs += 1;
        }
        if j < b.len() && !b[j].is_ascii() && pairs >= 1 {
            // A non-ASCII letter might make one more pair.
            return None;
        }
        if pairs >= 2 {
            return Some(j);
        }
        // `\p{L}+(?:'\p{L}+)*`
        let mut j = run(i, u8::is_ascii_alphabetic)?;
        while then(j, b"'", u8::is_ascii_alphabetic)? {
            j = run(j + 1, u8::is_ascii_alphabetic)?;
        }
        return Some(j);
    }
    if c.is_ascii_digit() {
        // `\d+(?:[.,:]\d+)*`
        let mut j = run(i, u8::is_ascii_digit)?;
        while then(j, b".,:", u8::is_ascii_digit)? {
            j = run(j + 1, u8::is_ascii_digit)?;
        }
        return Some(j);
    }
    // `\S`: one character.
    Some(i + 1)
}

/// Sentences split again where a figure ends one: the shared segmenter
/// keeps "$170.8bn. In the fourth quarter" together (a word with a dot
/// reads as an abbreviation there), which would mix two statements.
pub fn split_after_figures(text: &str, sentences: &[Sentence]) -> Vec<Sentence> {
    let mut out = Vec::with_capacity(sentences.len());
    for s in sentences {
        let mut start = s.span().start;
        let body = &text[s.span()];
        let bytes = body.as_bytes();
        // Each ". " (a dot found by `memchr`, then its space: quicker than
        // searching for the pair).
        let stops = body
            .match_indices('.')
            .map(|(i, _)| i)
            .filter(|&i| bytes.get(i + 1) == Some(&b' '));
        for i in stops {
            let next = body[i + 2..].chars().next();
            let word_start = body[..i].rfind(' ').map_or(0, |k| k + 1);
            let word = &body[word_start..i];
            let abs = s.span().start + i + 1;
            if next.is_some_and(char::is_uppercase)
                && word.bytes().any(|b| b.is_ascii_digit())
                && i > 0
                && bytes[i - 1] != b'.'
                && abs > start
            {
                out.push(Sentence::new(start..abs, s.paragraph()));
                start = abs + 1;
            }
        }
        out.push(Sentence::new(start..s.span().end, s.paragraph()));
    }
    out
}

/// A crude English lemma: lower case, possessive and common inflections off.
pub fn lemma(word: &str) -> String {
    lemma_cow(word).into_owned()
}

/// [`lemma`], borrowed from `word` when it is in lower case already and its
/// lemma is a prefix of it (most words: "profits" → "profit"), so that the
/// commonest word costs no allocation.
fn lemma_cow(word: &str) -> Cow<'_, str> {
    // One pass over an ASCII word (nearly every word) tells what the
    // general case finds in three: its case, its dots, its length in
    // characters.
    let (mut ascii, mut upper, mut dot) = (true, false, false);
    for b in word.bytes() {
        ascii &= b.is_ascii();
        upper |= b.is_ascii_uppercase();
        dot |= b == b'.';
    }
    let (low, lemma) = if ascii {
        let low = if upper {
            Cow::Owned(word.to_ascii_lowercase())
        } else {
            Cow::Borrowed(word)
        };
        let lemma = lemma_of(&low, dot, str::len);
        (low, lemma)
    } else {
        let low = Cow::Owned(word.to_lowercase());
        let lemma = lemma_of(&low, low.contains('.'), |s: &str| s.chars().count());
        (low, lemma)
    };
    match lemma {
        Lemma::Prefix(n) => match low {
            Cow::Borrowed(w) => Cow::Borrowed(&w[..n]),
            Cow::Owned(mut w) => {
                w.truncate(n);
                Cow::Owned(w)
            }
        },
        Lemma::PrefixAndY(n) => Cow::Owned(low[..n].to_string() + "y"),
        Lemma::PrefixWithoutDots(n) => Cow::Owned(low[..n].replace('.', "")),
        Lemma::Irregular(s) => Cow::Borrowed(s),
    }
}

/// What the lemma of a lower-case word is, in terms of the word.
enum Lemma {
    /// Its first `n` bytes.
    Prefix(usize),
    /// Its first `n` bytes and a "y" ("countries" → "country").
    PrefixAndY(usize),
    /// Its first `n` bytes without their dots ("u.s." → "us").
    PrefixWithoutDots(usize),
    /// Another word ("children" → "child").
    Irregular(&'static str),
}

/// The lemma of `w`, a word in lower case: possessive and common
/// inflections off. `dot`: whether `w` holds a dot; `chars`: the length of
/// a piece of `w` in characters.
fn lemma_of(w: &str, dot: bool, chars: impl Fn(&str) -> usize) -> Lemma {
    let mut w = w;
    for suffix in ["'s", "'"] {
        if let Some(s) = w.strip_suffix(suffix) {
            w = s;
        }
    }
    // The suffixes stripped hold no dot.
    if dot {
        return Lemma::PrefixWithoutDots(w.len());
    }
    let n = chars(w);
    if n <= 3 {
        return Lemma::Prefix(w.len());
    }
    let irregular = match w {
        "people" | "news" | "series" | "species" => return Lemma::Prefix(w.len()),
        "dies" | "died" | "dying" => "die",
        "children" => "child",
        "men" => "man",
        "women" => "woman",
        "paid" => "pay",
        "sold" => "sell",
        "bought" => "buy",
        "rose" | "risen" => "rise",
        "fell" | "fallen" => "fall",
        "grew" | "grown" => "grow",
        "deaths" => "death",
        "lives" => "life",
        _ => "",
    };
    if !irregular.is_empty() {
        return Lemma::Irregular(irregular);
    }
    // The length of `w` without `suf`, if what is left has `min` letters.
    let strip = |suf: &str, min: usize| -> Option<usize> {
        w.strip_suffix(suf)
            .filter(|s| chars(s) >= min)
            .map(str::len)
    };
    if let Some(n) = strip("ies", 3) {
        return Lemma::PrefixAndY(n);
    }
    if let Some(n) = strip("ing", 3).or_else(|| strip("ed", 3)) {
        return Lemma::Prefix(undouble(&w[..n]));
    }
    if w.ends_with("ss") || w.ends_with("us") || w.ends_with("is") {
        return Lemma::Prefix(w.len());
    }
    let es = strip("es", 3).filter(|n| {
        let s = &w[..*n];
        s.ends_with("sh") || s.ends_with("ch") || s.ends_with('x')
    });
    Lemma::Prefix(es.or_else(|| strip("s", 3)).unwrap_or(w.len()))
}

/// The length of `s` with a doubled last letter once: "stopp" → "stop"
/// (a trailing "e" stays so "injure"/"injured" agree).
fn undouble(s: &str) -> usize {
    let b = s.as_bytes();
    if b.len() >= 2
        && b[b.len() - 1] == b[b.len() - 2]
        && !matches!(b[b.len() - 1], b'l' | b's' | b'e')
    {
        s.char_indices().next_back().map_or(0, |(i, _)| i)
    } else {
        s.len()
    }
}

/// Lemma used for matching: like [`lemma`] with a final "e" dropped so that
/// "injure", "injured" and "injuring" agree.
pub fn key(word: &str) -> String {
    key_cow(word).into_owned()
}

/// [`key`], borrowed from `word` where [`lemma`] would be.
pub fn key_cow(word: &str) -> Cow<'_, str> {
    let l = lemma_cow(word);
    if l.len() > 4 && l.ends_with('e') {
        let n = l.len() - 1;
        return match l {
            Cow::Borrowed(s) => Cow::Borrowed(&s[..n]),
            Cow::Owned(mut s) => {
                s.truncate(n);
                Cow::Owned(s)
            }
        };
    }
    l
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_keep_numbers_acronyms_and_spans() {
        let t = "Shell paid $1m (£522,000) to the U.S. firm's 3:35.27 run.";
        let toks: Vec<_> = tokenize(t, 0..t.len())
            .into_iter()
            .map(|t| t.text)
            .collect();
        assert_eq!(
            toks,
            [
                "Shell", "paid", "$", "1", "m", "(", "£", "522,000", ")", "to", "the", "U.S.",
                "firm's", "3:35.27", "run", "."
            ]
        );
    }

    #[test]
    fn hand_tokens_equal_the_regex_matches() {
        let samples = [
            "Shell paid $1m (£522,000) to the U.S. firm's 3:35.27 run.",
            "U.S.A. u.s a.b c.d. e.f.g 1.2.3 4,5:6 7. 8.. don't 'quoted' o'brien's x'",
            "café naïve É.U. a.é. é.a. Zoë's l'été 2024年 ١٢٣ 12٣ ab'é e'ab xyz'",
            "Δ.Ω. a\u{0085}b \u{2028}c \u{a0}d\te\u{0b}f\u{1c}g  ...;;--!!",
            "q.",
            "q.r",
            "1,",
            "1,a",
            "a'",
            "a''b",
            "",
            "  ",
            "\u{a0}",
        ];
        for s in samples {
            let hand: Vec<_> = tokenize(s, 0..s.len())
                .into_iter()
                .map(|t| t.span)
                .collect();
            let regex: Vec<_> = TOKEN.find_iter(s).map(|m| m.range()).collect();
            assert_eq!(hand, regex, "{s:?}");
        }
    }

    proptest::proptest! {
        #[test]
        fn hand_tokens_equal_the_regex_matches_on_any_text(
            s in "[a-zA-Z0-9.,:' \t\n!\u{e9}\u{394}\u{661}\u{a0}\u{85}\u{2163}\u{301}-]{0,40}"
        ) {
            let hand: Vec<_> = tokenize(&s, 0..s.len()).into_iter().map(|t| t.span).collect();
            let regex: Vec<_> = TOKEN.find_iter(&s).map(|m| m.range()).collect();
            proptest::prop_assert_eq!(hand, regex);
        }
    }

    #[test]
    fn sentences_split_after_a_figure_with_a_stop() {
        let t = "Turnover rose to $170.8bn. In the fourth quarter it fell. The U.S. firm.";
        let s = vec![Sentence::new(0..t.len(), 0)];
        let parts: Vec<&str> = split_after_figures(t, &s)
            .into_iter()
            .map(|s| &t[s.span()])
            .collect();
        assert_eq!(
            parts,
            [
                "Turnover rose to $170.8bn.",
                "In the fourth quarter it fell. The U.S. firm."
            ]
        );
    }

    #[test]
    fn lemmas_agree_across_inflections() {
        assert_eq!(key("killed"), key("killing"));
        assert_eq!(key("kills"), "kill");
        assert_eq!(key("injured"), key("injure"));
        assert_eq!(key("injuring"), key("injured"));
        assert_eq!(key("deaths"), "death");
        assert_eq!(key("members"), "member");
        assert_eq!(key("countries"), "country");
        assert_eq!(key("stopped"), "stop");
        assert_eq!(key("Taliban's"), "taliban");
        assert_eq!(key("U.S."), "us");
        assert_eq!(key("died"), "die");
        assert_eq!(key("profits"), "profit");
    }
}
