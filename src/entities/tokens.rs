//! Words of one line of folded text, with the punctuation around them, and
//! the generic word lists the entity analyses share.
//!
//! A token is a whitespace-separated word with its surrounding punctuation
//! peeled off: `("Lavrov's,` has the core `Lavrov`, an opening mark, a
//! possessive and a comma after it. Spans are byte offsets in the text the
//! line was cut from.

pub use super::words::*;

use std::ops::Range;

/// One word of a line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Token {
    /// The word without surrounding punctuation or possessive.
    pub span: Range<usize>,
    /// Punctuation stood before it (an opening quote, bracket or dash).
    pub open: Option<char>,
    /// The first punctuation character after it (`,`, `.`, `)`, ...).
    pub close: Option<char>,
    /// It ended in `'s` or `s'`.
    pub possessive: bool,
    /// It contains a `/` (photo credits: `AP Photo/Name`).
    pub slash: bool,
}

impl Token {
    /// Can a name run continue from this token into the next one?
    pub fn joins_next(&self) -> bool {
        self.close.is_none() && !self.possessive && !self.slash
    }
}

fn is_opening(c: char) -> bool {
    matches!(c, '"' | '\'' | '(' | '[' | '{' | '-' | '*' | '_' | '<')
}

/// Splits `text[range]` into tokens.
pub fn tokenize(text: &str, range: Range<usize>) -> Vec<Token> {
    let line = &text[range.clone()];
    // One token a word, nearly always.
    let mut out = Vec::with_capacity(line.bytes().filter(|&b| b == b' ').count() + 1);
    let bytes = line.as_bytes();
    let mut pos = 0;
    // The words between single spaces (as `line.split(' ')` gives them),
    // found by one byte scan that also notes a dash: the words are short,
    // and a search call per word cost more than the scan.
    while pos <= bytes.len() {
        let mut end = pos;
        let mut dash = false;
        while end < bytes.len() && bytes[end] != b' ' {
            dash |= bytes[end] == b'-';
            end += 1;
        }
        let word = &line[pos..end];
        let start = range.start + pos;
        pos = end + 1;
        // "people-Russia's" (a folded dash) and "anti-Taliban": a lower-case
        // word glued to a name by a dash is two words.
        // Only the dashes are tried (most words have none).
        let glued = dash
            .then(|| {
                word.match_indices('-').map(|(i, _)| i).find(|&i| {
                    i > 0
                        && word[..i].chars().all(char::is_lowercase)
                        && !ARABIC_ARTICLES.contains(&&word[..i])
                        && word[i + 1..].starts_with(char::is_uppercase)
                })
            })
            .flatten();
        let end = start + word.len();
        let cut = glued.map_or(end, |i| start + i + 1);
        let pieces = [(start, cut), (cut, end)];
        for (n, &(from, to)) in pieces.iter().enumerate().filter(|(_, p)| p.0 < p.1) {
            let piece = from..to;
            match token(text, piece) {
                Some(mut t) => {
                    if n == 1 {
                        t.open = Some('-');
                    }
                    out.push(t);
                }
                // A word of punctuation only ("Jupiter . Apple") ends the one before.
                None => {
                    if let Some(prev) = out.last_mut() {
                        prev.close = prev.close.or(text[from..to].chars().next());
                    }
                }
            }
        }
    }
    out
}

/// Arabic article prefixes of names ("al-Qaeda").
const ARABIC_ARTICLES: &[&str] = &["al", "el", "ad", "as", "ash", "at", "ar"];

/// The token of one whitespace-free word at `text[r]`, if it has letters or digits.
fn token(text: &str, r: Range<usize>) -> Option<Token> {
    let word = &text[r.clone()];
    // Most words start with an ASCII letter or digit: nothing to peel.
    let lead = if word
        .as_bytes()
        .first()
        .is_some_and(u8::is_ascii_alphanumeric)
    {
        0
    } else {
        word.len()
            - word
                .trim_start_matches(|c: char| !c.is_alphanumeric())
                .len()
    };
    let open = word[..lead].chars().rev().find(|&c| is_opening(c));
    let mut core = &word[lead..];
    if core.is_empty() {
        return None;
    }
    let mut close = None;
    let mut possessive = false;
    loop {
        let last = core.chars().last()?;
        if last.is_alphanumeric() {
            break;
        }
        let without = &core[..core.len() - last.len_utf8()];
        if last == '.' && keeps_full_stop(without) {
            // "Dr." and "U.S." keep their stop.
            break;
        }
        if last == '\'' && without.ends_with(['s', 'S']) && !without.is_empty() {
            possessive = true;
        }
        close = Some(last);
        core = without;
    }
    let s_last = core
        .as_bytes()
        .last()
        .is_some_and(|&b| b == b's' || b == b'S');
    let stem = s_last.then(|| core.strip_suffix("'s").or_else(|| core.strip_suffix("'S")));
    if let Some(stem) = stem.flatten() {
        if !stem.is_empty() {
            core = stem;
            possessive = true;
        }
    }
    if possessive && close == Some('\'') {
        close = None;
    }
    let s = r.start + lead;
    Some(Token {
        span: s..s + core.len(),
        open,
        close,
        possessive,
        // A plain scan: `contains` calls a search routine, costly for short words.
        slash: core.bytes().any(|b| b == b'/'),
    })
}

/// Does a word keep the full stop that follows it? Initials (`J.`), dotted
/// acronyms (`U.S.`) and honorific abbreviations (`Dr.`).
fn keeps_full_stop(w: &str) -> bool {
    if w.contains('.') {
        // "U.S" and "e.g" but not "PowerPage.org".
        return w.split('.').all(|part| part.chars().count() <= 2);
    }
    let mut chars = w.chars();
    if let (Some(c), None) = (chars.next(), chars.next()) {
        return c.is_uppercase();
    }
    ABBREVIATED_TITLES.contains(&w)
}

/// A contraction ("I'm", "We've", "I'd") is no name.
pub fn is_contraction(w: &str) -> bool {
    // The endings are ASCII, and no other character lower-cases to their
    // letters, so comparing the last bytes without case is exact.
    let w = w.as_bytes();
    ["'m", "'ve", "'d", "'ll", "'re", "n't"]
        .iter()
        .any(|s| w.len() >= s.len() && w[w.len() - s.len()..].eq_ignore_ascii_case(s.as_bytes()))
}

/// Is this the form of a capitalised word (or an `al-` prefixed name)?
pub fn is_capitalised(w: &str) -> bool {
    // An ASCII capital first, as most capitalised words have, settles it
    // without decoding characters.
    let b = w.as_bytes();
    if b.first().is_some_and(u8::is_ascii_uppercase) {
        return true;
    }
    // Nor does an ASCII lower-case start, as most words have: then only a
    // second capital ("iPod") or an "al-" prefix makes a name's form.
    if b.first().is_some_and(u8::is_ascii_lowercase)
        && b.get(1)
            .is_some_and(|&c| c.is_ascii() && !c.is_ascii_uppercase())
        && b.get(2) != Some(&b'-')
        && b.get(3) != Some(&b'-')
    {
        return false;
    }
    let mut chars = w.chars();
    match chars.next() {
        Some(c) if c.is_uppercase() => true,
        // "iPod", "eBay": a brand's capital comes second.
        Some(c) if c.is_lowercase() && chars.next().is_some_and(char::is_uppercase) => {
            w.chars().filter(|c| c.is_alphabetic()).count() >= 3
        }
        Some(_) => {
            // "al-Qaeda", "el-Sisi": a dash after two or three letters.
            if b.get(2) != Some(&b'-') && b.get(3) != Some(&b'-') {
                return false;
            }
            ARABIC_ARTICLES.iter().any(|p| {
                w.strip_prefix(p)
                    .and_then(|r| r.strip_prefix('-'))
                    .is_some_and(|r| r.starts_with(char::is_uppercase))
            })
        }
        None => false,
    }
}

/// All letters upper case and at least two of them: `NATO`, `IS-K`, `U.S.`.
pub fn is_acronym(w: &str) -> bool {
    acronym_letters(w).is_some_and(|n| n >= 2)
}

/// How many letters an acronym-shaped word has (every letter upper case,
/// nothing but letters, digits, `-`, `.` and `&`); `None` for other words.
/// One pass, for the tests on nearly every capitalised word.
fn acronym_letters(w: &str) -> Option<usize> {
    let mut letters = 0;
    for c in w.chars() {
        if c.is_alphabetic() {
            if !c.is_uppercase() {
                return None;
            }
            letters += 1;
        } else if !(c.is_alphanumeric() || matches!(c, '-' | '.' | '&')) {
            return None;
        }
    }
    Some(letters)
}

/// A model or product code: digits and capitals, no lower case (`7E7`, `A350`, `CS2`).
pub fn is_model_code(w: &str) -> bool {
    // A byte scan finds the digits: no other character's bytes are ASCII.
    w.bytes().any(|b| b.is_ascii_digit())
        && w.chars().any(char::is_uppercase)
        && !w.chars().any(char::is_lowercase)
        && w.chars().all(|c| c.is_alphanumeric() || c == '-')
}

/// A plural acronym used as a common noun: `MPs`, `ISPs`.
pub fn is_plural_acronym(w: &str) -> bool {
    w.strip_suffix('s')
        .is_some_and(|stem| is_acronym(stem) && !stem.contains('.'))
}

/// An all-capitals word too long to be an acronym: shouting or a credit line.
pub fn is_shouting(w: &str) -> bool {
    acronym_letters(w).is_some_and(|n| n >= 7)
}

/// A hyphenated compound ending in a lower-case part (`Moscow-based`).
pub fn is_lowercase_compound(w: &str) -> bool {
    // Most words have no dash: a byte scan settles them first.
    w.as_bytes().contains(&b'-')
        && w.rsplit('-')
            .next()
            .is_some_and(|last| last.chars().next().is_some_and(char::is_lowercase))
        && is_capitalised(w)
        && !w.starts_with(|c: char| c.is_lowercase())
}

/// The comparison key of a name: lower-case letters and digits of its words,
/// without the words `of` and `the`. `IS-KP` and `ISKP`, `U.S.` and `US`,
/// `Bank of England` and `Bank England` share a key.
pub fn name_key(name: &str) -> String {
    if name.is_ascii() {
        return ascii_name_key(name);
    }
    let mut key = String::with_capacity(name.len());
    for word in name.split(|c: char| c.is_whitespace()) {
        if word.is_ascii() {
            let mut ascii = Vec::with_capacity(word.len());
            push_ascii_key(&mut ascii, word.as_bytes());
            key.push_str(std::str::from_utf8(&ascii).expect("ASCII letters and digits"));
            continue;
        }
        let mut lower = word.to_lowercase();
        if matches!(lower.as_str(), "of" | "the") {
            continue;
        }
        // A web site is named by its domain: "PowerPage.org" is "PowerPage".
        for tld in DOMAINS {
            if lower.len() > tld.len() + 2 && lower.ends_with(tld) {
                lower.truncate(lower.len() - tld.len());
                break;
            }
        }
        key.extend(lower.chars().filter(|c| c.is_alphanumeric()));
    }
    key
}

/// Web site suffixes a name key drops ("PowerPage.org" is "PowerPage").
const DOMAINS: [&str; 5] = [".com", ".org", ".net", ".co.uk", ".gov"];

/// [`name_key`] of an ASCII name: the same steps on bytes, into one byte
/// buffer (most names are ASCII, and a key is made for every mention).
fn ascii_name_key(name: &str) -> String {
    let mut key = String::with_capacity(name.len());
    ascii_name_key_into(&mut key, name);
    key
}

/// [`name_key`] of `name` written into `key` (cleared first): a scan looks
/// up a key at every word, and reuses one buffer for them all.
pub fn name_key_into(key: &mut String, name: &str) {
    if name.is_ascii() {
        ascii_name_key_into(key, name);
    } else {
        *key = name_key(name);
    }
}

fn ascii_name_key_into(key: &mut String, name: &str) {
    let mut bytes = std::mem::take(key).into_bytes();
    bytes.clear();
    // The ASCII characters `char::is_whitespace` accepts.
    let words = name
        .as_bytes()
        .split(|b| matches!(b, b'\t' | b'\n' | b'\x0b' | b'\x0c' | b'\r' | b' '));
    for word in words {
        push_ascii_key(&mut bytes, word);
    }
    *key = String::from_utf8(bytes).expect("ASCII letters and digits");
}

/// [`name_key`] of one ASCII word, appended without an allocation: the
/// same steps on bytes.
fn push_ascii_key(key: &mut Vec<u8>, mut word: &[u8]) {
    if word.eq_ignore_ascii_case(b"of") || word.eq_ignore_ascii_case(b"the") {
        return;
    }
    for tld in DOMAINS {
        if word.len() > tld.len() + 2
            && word[word.len() - tld.len()..].eq_ignore_ascii_case(tld.as_bytes())
        {
            word = &word[..word.len() - tld.len()];
            break;
        }
    }
    key.extend(
        word.iter()
            .filter(|b| b.is_ascii_alphanumeric())
            .map(u8::to_ascii_lowercase),
    );
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cores(s: &str) -> Vec<(&str, Option<char>, Option<char>, bool)> {
        tokenize(s, 0..s.len())
            .into_iter()
            .map(|t| (&s[t.span], t.open, t.close, t.possessive))
            .collect()
    }

    #[test]
    fn peels_punctuation_and_possessives() {
        assert_eq!(
            cores("(\"Lavrov's, Dr. U.S. ISIS-K. Talibs' end"),
            [
                ("Lavrov", Some('"'), Some(','), true),
                ("Dr.", None, None, false),
                ("U.S.", None, None, false),
                ("ISIS-K", None, Some('.'), false),
                ("Talibs", None, None, true),
                ("end", None, None, false),
            ]
        );
    }

    #[test]
    fn keys_ignore_case_punctuation_and_of() {
        assert_eq!(name_key("IS-KP"), name_key("ISKP"));
        assert_eq!(name_key("U.S."), "us");
        assert_eq!(
            name_key("Islamic State of Khorasan Province"),
            name_key("Islamic State Khorasan province")
        );
        assert_ne!(name_key("ISIS"), name_key("ISIS-K"));
        assert_eq!(name_key("PowerPage.org"), name_key("PowerPage"));
        assert_eq!(
            name_key("The Bank OF england.CO.UK x.org"),
            "bankenglandxorg"
        );
        assert_eq!(name_key("Ángela Of Río.com"), "ángelarío");
    }

    #[test]
    fn dashes_glue_words_to_names() {
        let s = "people-Russia's al-Qaeda non-Pashtun";
        let got: Vec<_> = tokenize(s, 0..s.len())
            .into_iter()
            .map(|t| &s[t.span])
            .collect();
        assert_eq!(got, ["people", "Russia", "al-Qaeda", "non", "Pashtun"]);
    }

    #[test]
    fn word_shapes() {
        assert!(is_capitalised("al-Qaeda") && is_capitalised("iPod"));
        assert!(!is_capitalised("iI") && !is_capitalised("x-Ray"));
        assert!(!is_capitalised("alone"));
        assert!(is_acronym("ISIS-K") && is_acronym("U.S.") && is_acronym("AT&T"));
        assert!(!is_acronym("Lavrov") && !is_acronym("A"));
        assert!(is_shouting("GRIGOROV") && !is_shouting("BRICS"));
        assert!(is_lowercase_compound("Moscow-based") && !is_lowercase_compound("IS-KP"));
        assert!(is_contraction("I'm") && is_contraction("WE'VE") && is_contraction("Don't"));
        assert!(!is_contraction("Tom") && !is_contraction("Ölm") && !is_contraction("d"));
    }
}
