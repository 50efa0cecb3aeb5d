//! Who said it: speech attributions around quotations ("X said", "said X",
//! "X told Y:", "according to X", "X: ...", "he said", "the agency's chief
//! said"), read from general word lists only (speech verbs, pronouns,
//! determiners, title words).
//!
//! Works on folded text of one paragraph at a time, as a list of lexemes
//! (words and punctuation) with byte spans.

use std::ops::Range;

use crate::text::{with_lowercase, WordList};

use super::words::{ascii_word_run, char_at};

use super::lexicon::{
    is_determiner, is_pronoun, is_speech_verb, is_title, AUXILIARIES, NOT_NAMES, PARTICIPLES,
    PREPOSITIONS,
};

/// A speaker as a text names them.
#[derive(Debug, Clone, PartialEq, Eq, Default, serde::Serialize, serde::Deserialize)]
pub struct Speaker {
    /// The words that name the speaker where attributed ("Doe", "he",
    /// "the agency chief").
    pub text: String,
    /// Their span in the folded text.
    pub span: Range<usize>,
    /// The person's name, if known (the text itself, or what a pronoun or
    /// role refers to).
    pub name: Option<String>,
    /// Words describing the speaker: titles, appositive, role text.
    pub description: String,
}

impl Speaker {
    /// The best label: the name if known, else the text.
    pub fn label(&self) -> &str {
        self.name.as_deref().unwrap_or(&self.text)
    }

    pub fn is_pronoun(&self) -> bool {
        is_pronoun(&self.text)
    }
}

/// The subject of the clause a participle hangs on: a pronoun opening it,
/// or its first capitalised run naming someone.
fn clause_subject(text: &str, lex: &[Lex<'_>], lo: usize, k: usize) -> Option<Speaker> {
    // The clause starts after any quotation before the participle.
    let lo = (lo..k)
        .rev()
        .find(|&i| lex[i].text == "\"")
        .map_or(lo, |i| i + 1);
    let first = lex.get(lo).filter(|_| lo < k)?;
    if first.is_word() && is_pronoun(first.text) {
        return Some(Speaker::pronoun(first));
    }
    let mut i = lo;
    while i < k {
        if !(name_word(&lex[i]) && lex[i].is_cap()) {
            i += 1;
            continue;
        }
        let s = i;
        // Connectors inside a run: "Representative for Afghanistan Jane Doe".
        while i < k
            && (name_word(&lex[i])
                || (matches!(lex[i].text, "for" | "of")
                    && lex.get(i + 1).is_some_and(|n| n.is_cap())))
        {
            i += 1;
        }
        let run = &lex[s..i];
        let from = run
            .iter()
            .rposition(|l| matches!(l.text, "for" | "of"))
            .map_or(0, |c| c + 2)
            .min(run.len());
        if let Some(sp) = from_run(text, &run[from..], &join(&run[..from], text).0) {
            if sp.name.is_some() {
                return Some(sp);
            }
        }
    }
    None
}

/// A lexeme: a word or one punctuation character.
#[derive(Debug, Clone)]
pub struct Lex<'a> {
    pub text: &'a str,
    pub span: Range<usize>,
}

impl Lex<'_> {
    fn is_word(&self) -> bool {
        self.text.chars().next().is_some_and(char::is_alphanumeric)
    }
    fn is_cap(&self) -> bool {
        self.text.chars().next().is_some_and(char::is_uppercase)
    }
    /// Is this lexeme, lower-cased, `word` (lower-case)? Without
    /// allocating, for ASCII text.
    #[inline]
    fn is(&self, word: &str) -> bool {
        // An ASCII first letter lower-cases to an ASCII letter.
        let (Some(&first), Some(&want)) = (self.text.as_bytes().first(), word.as_bytes().first())
        else {
            return self.text.to_lowercase() == word;
        };
        if first.is_ascii() && first.to_ascii_lowercase() != want {
            return false;
        }
        if self.text.is_ascii() {
            self.text.eq_ignore_ascii_case(word)
        } else {
            self.text.to_lowercase() == word
        }
    }
    /// Is this lexeme, lower-cased, one of `words`?
    fn is_in(&self, words: &[&str]) -> bool {
        with_lowercase(self.text, |l| words.contains(&l))
    }
    /// Is this lexeme, lower-cased, in `list`?
    fn is_listed(&self, list: &WordList) -> bool {
        with_lowercase(self.text, |l| list.contains(l))
    }
}

/// Lexemes of `text[range]`, spans absolute.
pub fn lex(text: &str, range: Range<usize>) -> Vec<Lex<'_>> {
    let s = &text[range.clone()];
    let mut out = Vec::with_capacity(s.len() / 4);
    let mut start: Option<usize> = None;
    // Read byte by byte, decoding only the characters outside ASCII.
    let mut at = 0;
    while let Some((c, len)) = char_at(s, at) {
        let i = at;
        at += len;
        let inner = start.is_some() && matches!(c, '\'' | '-' | '.') && {
            let next = char_at(s, at).map(|(n, _)| n);
            next.is_some_and(char::is_alphanumeric)
                && !(c == '.' && next.is_some_and(char::is_lowercase))
        };
        if c.is_alphanumeric() || inner {
            start.get_or_insert(i);
            if c.is_ascii_alphanumeric() {
                // The rest of a plain ASCII word is inside it.
                at += ascii_word_run(s, at);
            }
            continue;
        }
        if let Some(st) = start.take() {
            // An initial or abbreviation keeps its full stop ("J.", "Dr.").
            let end = if c == '.'
                && i - st <= 2
                && s[st..i].chars().next().is_some_and(char::is_uppercase)
            {
                i + 1
            } else {
                i
            };
            out.push(Lex {
                text: &s[st..end],
                span: range.start + st..range.start + end,
            });
            if end > i {
                continue;
            }
        }
        if !c.is_whitespace() {
            out.push(Lex {
                text: &s[i..i + c.len_utf8()],
                span: range.start + i..range.start + i + c.len_utf8(),
            });
        }
    }
    if let Some(st) = start {
        out.push(Lex {
            text: &s[st..],
            span: range.start + st..range.end,
        });
    }
    out
}

impl Speaker {
    /// A pronoun, resolved later to the nearest named speaker.
    fn pronoun(word: &Lex<'_>) -> Speaker {
        Speaker {
            text: word.text.to_string(),
            span: word.span.clone(),
            name: None,
            description: String::new(),
        }
    }

    /// Words that name a role, not a person ("a spokesman for the agency").
    fn role(words: &[Lex<'_>], text: &str) -> Speaker {
        let (t, span) = join(words, text);
        Speaker {
            text: t.clone(),
            span,
            name: None,
            description: t,
        }
    }
}

fn join(lex: &[Lex<'_>], text: &str) -> (String, Range<usize>) {
    if lex.is_empty() {
        return (String::new(), 0..0);
    }
    let mut span = lex[0].span.start..lex.last().unwrap().span.end;
    if text[span.clone()].ends_with('.') {
        span.end -= 1;
    }
    (text[span.clone()].to_string(), span)
}

/// Splits a capitalised run into (title words, name words).
fn split_titles<'a, 'b>(run: &'b [Lex<'a>]) -> (&'b [Lex<'a>], &'b [Lex<'a>]) {
    // An owner ("Agency's Jane Doe") counts as a title.
    let last_title = run
        .iter()
        .rposition(|l| is_title(l.text.trim_end_matches("'s")) || l.text.ends_with("'s"))
        .filter(|&t| t + 1 < run.len() || !run[t].text.ends_with("'s"));
    match last_title {
        Some(t) => (&run[..=t], &run[t + 1..]),
        None => (&[], run),
    }
}

fn name_word(l: &Lex<'_>) -> bool {
    l.is_word()
        && (l.is_cap()
            || matches!(
                l.text,
                "al" | "bin" | "de" | "van" | "von" | "da" | "le" | "el"
            ))
}

/// A speaker from a capitalised run `run` (titles first, then the name) and
/// description words around it.
fn from_run(text: &str, run: &[Lex<'_>], extra_desc: &str) -> Option<Speaker> {
    let mut run = run;
    while run.first().is_some_and(|l| l.is_listed(&NOT_NAMES)) {
        run = &run[1..];
    }
    while run
        .last()
        .is_some_and(|l| !l.is_cap() || l.is_listed(&NOT_NAMES))
    {
        run = &run[..run.len() - 1];
    }
    if run.is_empty() {
        return None;
    }
    let (titles, name) = split_titles(run);
    let (all, span) = join(run, text);
    let desc = {
        let (t, _) = join(titles, text);
        [extra_desc.trim(), t.as_str()]
            .iter()
            .filter(|s| !s.is_empty())
            .copied()
            .collect::<Vec<_>>()
            .join(" ")
    };
    if name.is_empty() || name.iter().all(|l| !l.is_cap()) {
        // Only titles: "the Prime Minister".
        return Some(Speaker {
            text: all.clone(),
            span,
            name: None,
            description: format!("{desc} {all}").trim().to_string(),
        });
    }
    let (n, nspan) = join(name, text);
    let n = n.trim_end_matches('.').trim_end_matches("'s").to_string();
    Some(Speaker {
        text: n.clone(),
        span: nspan,
        name: Some(n),
        description: desc,
    })
}

/// The speaker named right before `lex[verb]` (in `lex[lo..verb]`).
pub fn subject_before(text: &str, lex: &[Lex<'_>], lo: usize, verb: usize) -> Option<Speaker> {
    let mut end = verb;
    while end > lo
        && (lex[end - 1].is_in(AUXILIARIES)
            || (lex[end - 1].text.ends_with("ly") && !lex[end - 1].is_cap()))
    {
        end -= 1;
    }
    if end == lo {
        return None;
    }
    let last = &lex[end - 1];
    if last.is_word() && is_pronoun(last.text) {
        return Some(Speaker::pronoun(last));
    }
    if last.text == "," || last.text == "-" {
        // "Name, a description, said", "Name - a description - said"
        let open = (lo..end - 1)
            .rev()
            .take(25)
            .find(|&k| lex[k].text == last.text)?;
        let inside = &lex[open + 1..end - 1];
        let desc = join(inside, text).0;
        let mut s = open;
        while s > lo && name_word(&lex[s - 1]) {
            s -= 1;
        }
        let before_is_name =
            s < open && lex[s..open].iter().any(|l| l.is_cap() && !is_title(l.text));
        if !before_is_name && !inside.is_empty() && inside.iter().all(name_word) {
            // "The agency's chief, Jane Doe, said"
            let mut d = open;
            while d > lo && d + 8 > open && lex[d - 1].is_word() {
                d -= 1;
            }
            let role = join(&lex[d..open], text).0;
            return from_run(text, inside, &role);
        }
        return from_run(text, &lex[s..open], &desc);
    }
    if name_word(last) && last.is_cap() {
        let mut s = end - 1;
        while s > lo && name_word(&lex[s - 1]) {
            s -= 1;
        }
        // "Jane Doe of the Agency said": the person, not the organisation.
        let mut p = s;
        if p > lo && lex[p - 1].is("the") {
            p -= 1;
        }
        if p > lo + 1
            && lex[p - 1].is_in(&["of", "at", "from"])
            && lex[p - 2].is_cap()
            && !is_title(lex[p - 2].text)
        {
            if let Some(mut sp) = subject_before(text, lex, lo, p - 1) {
                let org = join(&lex[p - 1..end], text).0;
                sp.description = format!("{} {org}", sp.description).trim().to_string();
                return Some(sp);
            }
        }
        // "A spokesman for Mr Roe said": the role, not the name, speaks.
        if p > lo && lex[p - 1].is_in(PREPOSITIONS) {
            if let Some(d) = (lo..p - 1)
                .rev()
                .take(6)
                .find(|&k| is_determiner(lex[k].text))
            {
                return Some(Speaker::role(&lex[d..end], text));
            }
        }
        // Words before the run in the same clause describe the person
        // ("the agency's chief economist Jane Doe").
        let mut d = s;
        while d > lo && d + 6 > s && lex[d - 1].is_word() && !is_speech_verb(lex[d - 1].text) {
            d -= 1;
        }
        let desc = join(&lex[d..s], text).0;
        return from_run(text, &lex[s..end], &desc);
    }
    if last.is_word() {
        // A role: "the top agency spokesman said".
        let d = (lo..end)
            .rev()
            .take(7)
            .take_while(|&k| lex[k].is_word())
            .find(|&k| is_determiner(lex[k].text))?;
        return Some(Speaker::role(&lex[d..end], text));
    }
    None
}

/// The speaker named right after position `from` ("said Jane Doe, the
/// minister", "according to the agency").
pub fn subject_after(text: &str, lex: &[Lex<'_>], from: usize, hi: usize) -> Option<Speaker> {
    let first = lex.get(from).filter(|_| from < hi)?;
    if !first.is_word() {
        return None;
    }
    if is_pronoun(first.text) {
        return Some(Speaker::pronoun(first));
    }
    if !first.is_cap() && !is_determiner(first.text) {
        return None;
    }
    if is_determiner(first.text) {
        let mut e = from;
        while e < hi && e < from + 8 && lex[e].is_word() {
            e += 1;
        }
        if e - from < 2 || (e < hi && lex[e].is_word()) {
            return None;
        }
        return Some(Speaker::role(&lex[from..e], text));
    }
    let mut e = from;
    while e < hi && name_word(&lex[e]) {
        e += 1;
    }
    // "said Agency lawyer Jane Doe", "said Agency chief economist, Jane Doe"
    let mut f = e;
    while f < hi
        && f < e + 4
        && lex[f].is_word()
        && !lex[f].is_cap()
        && !lex[f].is_listed(&NOT_NAMES)
        && !is_speech_verb(lex[f].text)
    {
        f += 1;
    }
    if f > e && f < hi && lex[f].text == "," {
        f += 1;
    }
    if f > e && f < hi && lex[f].is_cap() && lex[f].is_word() {
        let mut g = f;
        while g < hi && name_word(&lex[g]) {
            g += 1;
        }
        let lead = join(&lex[from..f], text).0;
        let lead = lead.trim_end_matches(',').trim();
        return subject_after(text, lex, f, g.min(hi)).map(|mut s| {
            s.description = format!("{lead} {}", s.description).trim().to_string();
            s
        });
    }
    let mut desc = String::new();
    if e < hi && lex[e].text == "," {
        let mut f = e + 1;
        while f < hi && f < e + 15 && !matches!(lex[f].text, "," | "." | ";" | ":" | "\"") {
            f += 1;
        }
        desc = join(&lex[e + 1..f], text).0;
    }
    from_run(text, &lex[from..e], &desc)
}

/// Where a speech verb or "according to" is, in `lex[lo..hi]`.
pub fn verbs(lex: &[Lex<'_>], lo: usize, hi: usize) -> Vec<usize> {
    (lo..hi)
        .filter(|&k| {
            is_speech_verb(lex[k].text)
                || (lex[k].is("according") && lex.get(k + 1).is_some_and(|n| n.is("to")))
        })
        .collect()
}

/// The speaker of a speech act at `lex[k]` (a verb, or "according").
pub fn speaker_at(text: &str, lex: &[Lex<'_>], lo: usize, k: usize, hi: usize) -> Option<Speaker> {
    if lex[k].is("according") {
        return subject_after(text, lex, k + 2, hi);
    }
    if lex[k].is_in(PARTICIPLES) {
        return clause_subject(text, lex, lo, k);
    }
    subject_before(text, lex, lo, k).or_else(|| subject_after(text, lex, k + 1, hi))
}

/// The speaker attributed after a quotation that ends at lexeme `from`
/// ("," said X / X said / according to X), if the attribution follows at
/// once.
pub fn after_quote(text: &str, lex: &[Lex<'_>], from: usize, hi: usize) -> Option<Speaker> {
    let mut k = from;
    while k < hi && matches!(lex[k].text, "," | "-") {
        k += 1;
    }
    let lo = k;
    // The verb must come within a few words, before any other punctuation.
    let mut v = k;
    while v < hi && v < lo + 20 {
        let l = &lex[v];
        if is_speech_verb(l.text)
            || (l.is("according") && lex.get(v + 1).is_some_and(|n| n.is("to")))
        {
            return speaker_at(text, lex, lo, v, hi);
        }
        if !l.is_word() && l.text != "," && l.text != "'" {
            return None;
        }
        v += 1;
    }
    None
}

/// The speaker attributed before a quotation that starts at lexeme `to`, in
/// the same sentence from `lo` ("X said:", "X told Y that", "X: ").
pub fn before_quote(text: &str, lex: &[Lex<'_>], lo: usize, to: usize) -> Option<Speaker> {
    if to > lo && lex[to - 1].text == ":" {
        // "Jane Doe: ..." (a name, not a sentence, before the colon)
        let mut s = to - 1;
        while s > lo && name_word(&lex[s - 1]) {
            s -= 1;
        }
        if s < to - 1 && (s == lo || !lex[s - 1].is_word()) {
            return from_run(text, &lex[s..to - 1], "");
        }
    }
    verbs(lex, lo, to).into_iter().rev().find_map(|k| {
        if lex[k].is("according") {
            return subject_after(text, lex, k + 2, to);
        }
        if lex[k].is_in(PARTICIPLES) {
            return clause_subject(text, lex, lo, k);
        }
        subject_before(text, lex, lo, k).or_else(|| {
            // "said Jane Doe: ..." but not "said the plan was ..."
            let s = subject_after(text, lex, k + 1, to)?;
            let next = lex.iter().find(|l| l.span.start >= s.span.end);
            next.is_some_and(|l| matches!(l.text, ":" | ","))
                .then_some(s)
        })
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The lexemes of the definition, read a character at a time.
    fn plain_lex(s: &str) -> Vec<(String, Range<usize>)> {
        let mut out = Vec::new();
        let mut start: Option<usize> = None;
        let chars: Vec<(usize, char)> = s.char_indices().collect();
        for (k, &(i, c)) in chars.iter().enumerate() {
            let next = chars.get(k + 1).map(|&(_, n)| n);
            let inner = start.is_some()
                && matches!(c, '\'' | '-' | '.')
                && next.is_some_and(char::is_alphanumeric)
                && !(c == '.' && next.is_some_and(char::is_lowercase));
            if c.is_alphanumeric() || inner {
                start.get_or_insert(i);
                continue;
            }
            if let Some(st) = start.take() {
                let end = if c == '.'
                    && i - st <= 2
                    && s[st..i].chars().next().is_some_and(char::is_uppercase)
                {
                    i + 1
                } else {
                    i
                };
                out.push((s[st..end].to_string(), st..end));
                if end > i {
                    continue;
                }
            }
            if !c.is_whitespace() {
                out.push((s[i..i + c.len_utf8()].to_string(), i..i + c.len_utf8()));
            }
        }
        if let Some(st) = start {
            out.push((s[st..].to_string(), st..s.len()));
        }
        out
    }

    #[test]
    fn lexemes_equal_a_character_at_a_time_reading() {
        for text in [
            "",
            "x",
            "\"We're done,\" said Dr. J. Smith-Jones of the U.N. on Friday.",
            "caf\u{e9}'s \u{c9}.T. na\u{ef}ve x-\u{e9} \u{e9}.a \u{c9}. 3.5 e.g. a.b.c 'x' -y- ..",
            "\u{1F600}a\u{2019}b \u{212a}elvin A.\u{c9} end.",
        ] {
            let got: Vec<_> = lex(text, 0..text.len())
                .into_iter()
                .map(|l| (l.text.to_string(), l.span))
                .collect();
            assert_eq!(got, plain_lex(text), "{text}");
        }
        let l = |t: &'static str| Lex {
            text: t,
            span: 0..0,
        };
        assert!(l("According").is("according") && l("TO").is("to") && !l("tO").is("the"));
        assert!(l("\u{212a}").is("k") && !l("").is("k") && l("").is(""));
    }

    fn after(text: &str) -> Option<(String, Option<String>, String)> {
        let lx = lex(text, 0..text.len());
        after_quote(text, &lx, 0, lx.len()).map(|s| (s.text, s.name, s.description))
    }

    fn before(text: &str) -> Option<(String, Option<String>, String)> {
        let lx = lex(text, 0..text.len());
        before_quote(text, &lx, 0, lx.len()).map(|s| (s.text, s.name, s.description))
    }

    fn s(t: &str, n: Option<&str>, d: &str) -> Option<(String, Option<String>, String)> {
        Some((t.into(), n.map(Into::into), d.into()))
    }

    #[test]
    fn attributions_after_a_quote() {
        assert_eq!(
            after(", Jane Doe said."),
            s("Jane Doe", Some("Jane Doe"), "")
        );
        assert_eq!(after(" he said."), s("he", None, ""));
        assert_eq!(
            after(", said David Frost, director general of the chamber."),
            s(
                "David Frost",
                Some("David Frost"),
                "director general of the chamber"
            )
        );
        assert_eq!(
            after(", the agency chief told reporters."),
            s("the agency chief", None, "the agency chief")
        );
        assert_eq!(
            after(", according to Mr Smith."),
            s("Smith", Some("Smith"), "Mr")
        );
        assert_eq!(after(". The market fell."), None);
        assert_eq!(
            after(", said Agency lawyer Kurt Roe."),
            s("Kurt Roe", Some("Kurt Roe"), "Agency lawyer")
        );
        assert_eq!(
            after(", said Kurt Roe on Monday."),
            s("Kurt Roe", Some("Kurt Roe"), "")
        );
    }

    #[test]
    fn attributions_before_a_quote() {
        assert_eq!(
            before("Foreign Minister Jane Doe said: "),
            s("Jane Doe", Some("Jane Doe"), "Foreign Minister")
        );
        assert_eq!(
            before("Jane Doe, director of the agency, told The Paper: "),
            s("Jane Doe", Some("Jane Doe"), "director of the agency")
        );
        assert_eq!(
            before("She said this strategy helped the rise of "),
            s("She", None, "")
        );
        assert_eq!(before("John Roe: "), s("John Roe", Some("John Roe"), ""));
        assert_eq!(
            before("Special Envoy for Peru Jane Doe stepped down, saying "),
            s("Jane Doe", Some("Jane Doe"), "Special Envoy for Peru")
        );
        assert_eq!(before("He left, warning that "), s("He", None, ""));
        assert_eq!(before("said the new plan was the firm's "), None);
        assert_eq!(
            before("Mr Roe - himself a former boss - said it was "),
            s("Roe", Some("Roe"), "himself a former boss Mr")
        );
        assert_eq!(
            before("A spokesman for the Home Office said it was "),
            s(
                "A spokesman for the Home Office",
                None,
                "A spokesman for the Home Office"
            )
        );
        assert_eq!(
            before("David Roe of the BCC said: "),
            s("David Roe", Some("David Roe"), "of the BCC")
        );
        assert_eq!(
            before("A spokesman for Mr Roe said the premier wanted "),
            s("A spokesman for Mr Roe", None, "A spokesman for Mr Roe")
        );
        assert_eq!(
            before("Agency chief economist Ian Roe said it had "),
            s("Ian Roe", Some("Ian Roe"), "Agency chief economist")
        );
    }
}
