//! What a figure measures, as a light-weight key: the counted head noun
//! after it, the casualty predicate nearest to it, the words around it, and
//! the sentence's topic words and proper names.

use std::borrow::Cow;
use std::fmt::Write;
use std::ops::Range;

use super::lexicon::{self, Casualty};
use super::parse::{figures_lowered, lowered, Dim, Figure};
use super::token::{key, key_cow, lowercase, tokenize, Kind, Token};

/// How far (in tokens) the local context of a figure reaches.
const LOCAL_WINDOW: usize = 7;

/// What one figure measures.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Measure {
    /// The counted thing ("people", "member", "fine"); people-like nouns and
    /// casualty nouns fold to `@people`.
    pub head: Option<String>,
    /// The casualty predicate nearest to the figure.
    pub casualty: Option<Casualty>,
    /// Content word keys near the figure.
    pub local: Vec<String>,
    /// Stems of the names near the figure ("trade with China was worth").
    pub local_names: Vec<String>,
    /// A pseudo-word naming the figure's value ("#Count:145").
    pub value_key: String,
    /// Whether the figure is where a change started ("from 70%") or where
    /// it ended ("to 49%").
    pub end_point: Option<EndPoint>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum EndPoint {
    From,
    To,
}

fn end_point(toks: &[Token], f: &Figure) -> Option<EndPoint> {
    let prev = toks.get(f.tokens.start.checked_sub(1)?)?;
    match lowercase(prev.text).as_ref() {
        "from" => Some(EndPoint::From),
        "to" | "reach" | "reached" | "reaching" => Some(EndPoint::To),
        _ => None,
    }
}

/// A sentence's figures and topic. The words and names are borrowed from
/// the text where their keys are spelt as it spells them (most are), so
/// that a sentence's words cost no allocation until someone keeps them.
#[derive(Debug, Clone)]
pub struct SentenceFigures<'a> {
    /// Content word keys (names included), unique.
    pub words: Vec<Cow<'a, str>>,
    /// Proper-name keys, unique.
    pub names: Vec<Cow<'a, str>>,
    pub figures: Vec<(Figure, Measure)>,
}

/// The key a content word is compared by: casualty words fold to their
/// class, so "killed", "dead" and "deaths" agree.
pub fn word_key(word: &str) -> String {
    class_key(&key(word))
}

/// A word's [`key`] with casualty words folded to their class.
fn class_key(k: &str) -> String {
    class_of(k).to_string()
}

/// [`class_key`], borrowed: the class of a casualty word ("@Killed"),
/// else the key itself.
fn class_of(k: &str) -> &str {
    casualty_class(k).unwrap_or(k)
}

/// The class a casualty word folds to ("@Killed"), if `k` is one.
fn casualty_class(k: &str) -> Option<&'static str> {
    lexicon::casualty(k).map(|c| match c {
        Casualty::Killed => "@Killed",
        Casualty::Injured => "@Injured",
        Casualty::Missing => "@Missing",
        Casualty::Arrested => "@Arrested",
    })
}

/// Is token `i` a proper name? Capitalised words are, except at the start
/// of the sentence where only words never seen in lower case are. `low`:
/// the token's text in lower case.
fn is_name(
    toks: &[Token],
    low: &str,
    key: &str,
    i: usize,
    seen_lower: &dyn Fn(&str) -> bool,
) -> bool {
    let t = &toks[i];
    if !t.is_capitalised() || t.text.len() < 2 {
        return false;
    }
    if lexicon::not_a_name(low) {
        return false;
    }
    let first = toks[..i].iter().all(|p| p.kind == Kind::Punct);
    !first || t.text.chars().all(|c| c.is_uppercase() || c == '.') || !seen_lower(key)
}

/// The stem names are matched by, so a people or adjective meets its place:
/// "Ukrainian"/"Ukraine", "Chinese"/"China", "Russian"/"Russia".
pub fn name_stem(key: &str) -> &str {
    for suffix in ["ian", "ese", "es", "ia", "an", "ish", "e", "a", "y"] {
        if let Some(s) = key.strip_suffix(suffix) {
            if s.chars().count() >= 4 {
                return s.strip_suffix('e').unwrap_or(s);
            }
        }
    }
    key
}

/// The value pseudo-word of a figure: `#`, its dimension as `{:?}` writes
/// it, `:` and its value ("#Money(\"GBP\"):1000000").
pub fn value_key(f: &Figure) -> String {
    let mut key = String::with_capacity(32);
    key.push('#');
    push_dim_debug(&mut key, f.dim);
    key.push(':');
    match f.dim {
        Dim::Date => {
            let _ = write!(key, "{}", (f.interval.lo / 372.0).floor());
        }
        _ => key.push_str(&super::interval::format_number(f.value)),
    }
    key
}

/// Appends `{:?}` of `dim`, spelt out where that is quicker than the
/// formatter: a variant's name, and a unit or currency of letters and
/// digits (which `{:?}` quotes and does not escape).
fn push_dim_debug(out: &mut String, dim: Dim) {
    let (name, unit) = match dim {
        Dim::Count => ("Count", None),
        Dim::Share => ("Share", None),
        Dim::Points => ("Points", None),
        Dim::Date => ("Date", None),
        Dim::Age => ("Age", None),
        Dim::Duration => ("Duration", None),
        Dim::Ordinal => ("Ordinal", None),
        Dim::Money(c) => ("Money", Some(c)),
        Dim::Measure(u) => ("Measure", Some(u)),
    };
    match unit {
        None => out.push_str(name),
        Some(u) if u.bytes().all(|b| b.is_ascii_alphanumeric()) => {
            out.push_str(name);
            out.push_str("(\"");
            out.push_str(u);
            out.push_str("\")");
        }
        Some(_) => {
            let _ = write!(out, "{dim:?}");
        }
    }
}

/// The head noun after the figure: skip "of"/"in" and determiners, then
/// read a short noun group up to a stop word, punctuation, a participle or
/// a casualty word; its last word is the head.
/// `lows`: each token's text in lower case.
fn head_noun(
    toks: &[Token],
    lows: &[Cow<str>],
    keys: &[Option<Cow<str>>],
    f: &Figure,
) -> Option<String> {
    if matches!(f.dim, Dim::Date | Dim::Duration | Dim::Age) {
        return None;
    }
    let mut i = f.tokens.end;
    let low = |i: usize| lows.get(i).map_or("", |l| l.as_ref());
    // "20% of the population", "£82.7m in fines" (but "13.1% in the
    // sector" says where, not what).
    let money = matches!(f.dim, Dim::Money(_));
    if low(i) == "of" || (money && low(i) == "in") {
        i += 1;
    }
    while matches!(
        low(i),
        "the" | "a" | "an" | "its" | "their" | "his" | "her" | "our" | "more" | "other"
    ) {
        i += 1;
    }
    let mut group: Vec<&str> = Vec::new();
    while let Some(t) = toks.get(i) {
        // "T-Mobile customers": a hyphen inside a name joins (an em dash
        // folded to "-" between common words does not).
        if t.kind == Kind::Punct
            && t.text == "-"
            && i > 0
            && toks
                .get(i + 1)
                .is_some_and(|n| n.kind == Kind::Word && n.span.start == t.span.end)
            && toks[i - 1].span.end == t.span.start
            && toks[i - 1].is_capitalised()
        {
            i += 1;
            continue;
        }
        if t.kind != Kind::Word || group.len() >= 4 {
            break;
        }
        let lower = low(i);
        if lexicon::stopword(lower) {
            break;
        }
        let k = keys[i].as_deref().unwrap_or_default();
        if lexicon::casualty(k).is_some() {
            if group.is_empty() {
                group.push("@people");
            }
            break;
        }
        if !t.is_capitalised()
            && (lower.ends_with("ing") || (lower.ends_with("ed") && lower.len() > 4))
        {
            break;
        }
        let people = lexicon::people_noun(k) || lower == "people";
        group.push(if people { "@people" } else { k });
        i += 1;
        // The first plural noun closes the phrase ("24 million people depend").
        let plural = lower.ends_with('s')
            && !lower.ends_with("ss")
            && !lower.ends_with("'s")
            && !t.is_capitalised();
        if people || plural {
            break;
        }
    }
    group.pop().map(str::to_string)
}

/// The casualty word nearest the figure within the local window.
fn nearest_casualty(toks: &[Token], keys: &[Option<Cow<str>>], f: &Figure) -> Option<Casualty> {
    let lo = f.tokens.start.saturating_sub(LOCAL_WINDOW + 2);
    let hi = (f.tokens.end + LOCAL_WINDOW + 2).min(toks.len());
    (lo..hi)
        .filter(|i| !f.tokens.contains(i))
        .filter_map(|i| {
            keys[i].as_deref().and_then(lexicon::casualty).map(|c| {
                // Ties go to the word after the figure.
                let d = if i < f.tokens.start {
                    2 * (f.tokens.start - i) + 1
                } else {
                    2 * (i + 1 - f.tokens.end)
                };
                (d, c)
            })
        })
        .min_by_key(|(d, _)| *d)
        .map(|(_, c)| c)
}

fn local_words(content: &[Option<&str>], f: &Figure) -> Vec<String> {
    let lo = f.tokens.start.saturating_sub(LOCAL_WINDOW);
    let hi = (f.tokens.end + LOCAL_WINDOW).min(content.len());
    let mut v: Vec<&str> = Vec::with_capacity(hi.saturating_sub(lo));
    v.extend(
        (lo..hi)
            .filter(|i| !f.tokens.contains(i))
            .filter_map(|i| content[i]),
    );
    v.sort_unstable();
    v.dedup();
    v.into_iter().map(str::to_string).collect()
}

/// Figures of one sentence (`span` of `text`) with what each measures.
pub fn analyse<'a>(
    text: &'a str,
    span: Range<usize>,
    seen_lower: &dyn Fn(&str) -> bool,
) -> SentenceFigures<'a> {
    let toks = tokenize(text, span);
    // Each token in lower case: read by the figure parser, the stop-word
    // test and the name test alike.
    let lows = lowered(&toks);
    let figs = figures_lowered(&toks, &lows);
    // Each word's key (stop words have none: nothing reads it, and none is
    // a casualty word), each token's content key (content words only) and
    // whether it is a name: computed once, read by every figure.
    let keys: Vec<Option<Cow<'a, str>>> = toks
        .iter()
        .zip(&lows)
        .map(|(t, low)| (t.kind == Kind::Word && !lexicon::stopword(low)).then(|| key_cow(t.text)))
        .collect();
    // A content word: a word of two letters or more that is no stop word.
    let content: Vec<Option<&str>> = toks
        .iter()
        .zip(&keys)
        .map(|(t, k)| k.as_deref().filter(|_| t.text.len() > 1).map(class_of))
        .collect();
    let name_at: Vec<bool> = (0..toks.len())
        .map(|i| {
            content[i].is_some()
                && is_name(
                    &toks,
                    &lows[i],
                    keys[i].as_deref().unwrap_or(""),
                    i,
                    seen_lower,
                )
        })
        .collect();
    let figures = figs
        .into_iter()
        .map(|f| {
            let lo = f.tokens.start.saturating_sub(LOCAL_WINDOW);
            let hi = (f.tokens.end + LOCAL_WINDOW).min(toks.len());
            // Sorted and deduplicated borrowed, then copied once each.
            let mut stems: Vec<&str> = (lo..hi)
                .filter(|i| name_at[*i] && !f.tokens.contains(i))
                .filter_map(|i| keys[i].as_deref().map(name_stem))
                .collect();
            stems.sort_unstable();
            stems.dedup();
            let local_names: Vec<String> = stems.into_iter().map(str::to_string).collect();
            let m = Measure {
                head: head_noun(&toks, &lows, &keys, &f),
                casualty: nearest_casualty(&toks, &keys, &f),
                local: local_words(&content, &f),
                local_names,
                value_key: value_key(&f),
                end_point: end_point(&toks, &f),
            };
            (f, m)
        })
        .collect();
    // Sorted and deduplicated as borrowed keys, then borrowed from the
    // text where they are part of it (copied only where a key is not the
    // text's own spelling).
    let unique = |mut v: Vec<&str>| -> Vec<Cow<'a, str>> {
        v.sort_unstable();
        v.dedup();
        v.into_iter().map(|w| within(text, w)).collect()
    };
    let mut words: Vec<&str> = Vec::with_capacity(toks.len());
    words.extend(content.iter().flatten().copied());
    let words = unique(words);
    let mut names: Vec<&str> = Vec::with_capacity(toks.len());
    names.extend(
        (0..toks.len())
            .filter(|i| name_at[*i])
            .filter_map(|i| keys[i].as_deref()),
    );
    let names = unique(names);
    SentenceFigures {
        words,
        names,
        figures,
    }
}

/// `word` borrowed from `text` if it is a part of it (compared by address,
/// as a key borrowed from a token is), else a copy of it.
fn within<'a>(text: &'a str, word: &str) -> Cow<'a, str> {
    let start = (word.as_ptr() as usize).wrapping_sub(text.as_ptr() as usize);
    match text.get(start..start.wrapping_add(word.len())) {
        Some(part) if std::ptr::eq(part.as_ptr(), word.as_ptr()) => Cow::Borrowed(part),
        _ => Cow::Owned(word.to_string()),
    }
}

/// Two measures may be compared: same head noun and casualty class where
/// both state one; shares only with shares of the same kind.
pub fn same_thing(a: &Measure, b: &Measure) -> bool {
    let heads = match (&a.head, &b.head) {
        (Some(x), Some(y)) => x == y,
        _ => true,
    };
    heads && same_kind(a, b.head.is_some(), b.casualty, b.end_point)
}

/// [`same_thing`] but for the head nouns' words, with `b` given by its
/// parts (a source figure of the index, whose head the caller compares by
/// word id).
pub fn same_kind(
    a: &Measure,
    b_has_head: bool,
    b_casualty: Option<Casualty>,
    b_end_point: Option<EndPoint>,
) -> bool {
    // A share of something ("half the surplus") and a bare percentage (a
    // change: "grew 17.9%") are different quantities.
    let shares = !a.value_key.starts_with("#Share") || a.head.is_some() == b_has_head;
    let casualty = match (a.casualty, b_casualty) {
        (Some(x), Some(y)) => x == y,
        _ => true,
    };
    let ends = match (a.end_point, b_end_point) {
        (Some(x), Some(y)) => x == y,
        _ => true,
    };
    casualty && shares && ends
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sentence(s: &str) -> SentenceFigures<'_> {
        analyse(s, 0..s.len(), &|w| matches!(w, "revenu" | "the"))
    }

    fn heads(s: &str) -> Vec<Option<String>> {
        sentence(s)
            .figures
            .into_iter()
            .map(|(_, m)| m.head)
            .collect()
    }

    #[test]
    fn head_nouns() {
        assert_eq!(
            heads("killing 13 U.S. service members and more than 150 Afghans seeking to flee"),
            [Some("member".to_string()), Some("afghan".to_string())]
        );
        assert_eq!(
            heads("leaving 145 people dead"),
            [Some("@people".to_string())]
        );
        assert_eq!(
            heads("resulted in 145 civilian deaths"),
            [Some("@people".to_string())]
        );
        assert_eq!(
            heads("paid £82.7m in fines to regulators"),
            [Some("fine".to_string())]
        );
        assert_eq!(
            heads("23.7 million people - more than half of the country's population - depend"),
            [Some("@people".to_string()), Some("population".to_string())]
        );
        assert_eq!(heads("designated in 2003."), [None]);
        assert_eq!(
            heads("numbers of 4,000 T-Mobile customers"),
            [Some("customer".to_string())]
        );
        assert_eq!(
            heads("growth of 13.1% in the key manufacturing sector"),
            [None]
        );
    }

    #[test]
    fn casualty_predicates() {
        let s = sentence("leaving 145 people dead and hundreds more injured");
        let c: Vec<_> = s.figures.iter().map(|(_, m)| m.casualty).collect();
        assert_eq!(c, [Some(Casualty::Killed), Some(Casualty::Injured)]);
        let s = sentence("The attack killed 250 people");
        assert_eq!(s.figures[0].1.casualty, Some(Casualty::Killed));
    }

    #[test]
    fn start_and_end_of_a_change_differ() {
        let s = sentence("the stake should be cut from 70% to 49%.");
        let (a, b) = (&s.figures[0].1, &s.figures[1].1);
        assert!(!same_thing(a, b));
        assert!(same_thing(a, a));
    }

    #[test]
    fn peoples_meet_their_places() {
        for (a, b) in [
            ("ukrainian", "ukraine"),
            ("chines", "china"),
            ("russian", "russia"),
            ("indian", "india"),
            ("japanes", "japan"),
        ] {
            assert_eq!(name_stem(a), name_stem(b), "{a} {b}");
        }
        assert_ne!(name_stem("shell"), name_stem("sun"));
    }

    #[test]
    fn dimensions_are_written_as_debug_writes_them() {
        // A unit name with quotes in it is escaped as Debug escapes it.
        for dim in Dim::ONE_OF_EACH
            .into_iter()
            .chain([Dim::Measure("a \"b\"")])
        {
            let mut s = String::new();
            push_dim_debug(&mut s, dim);
            assert_eq!(s, format!("{dim:?}"));
        }
    }

    #[test]
    fn words_of_the_text_are_borrowed_from_it() {
        let text = "Shell paid";
        assert!(matches!(within(text, &text[6..]), Cow::Borrowed("paid")));
        assert!(matches!(within(text, "shell"), Cow::Owned(w) if w == "shell"));
        assert!(matches!(within(&text[6..], &text[..5]), Cow::Owned(_)));
    }

    #[test]
    fn names_and_words() {
        let s = sentence("Revenues at Shell were £4.3bn, the firm said.");
        assert_eq!(s.names, ["shell"]);
        assert!(s.words.contains(&Cow::Borrowed("revenu")));
        let s = sentence("Shell paid $1m.");
        assert_eq!(s.names, ["shell"]);
        assert_eq!(word_key("killed"), word_key("dead"));
    }
}
