//! What the sources say an entity is, and what kind of thing it is.
//!
//! Descriptions come from the words around a name: a title before it
//! ("Russian Foreign Minister X"), a role noun before it ("Taliban
//! spokesman X"), an appositive after it ("X, director of the Y,") or
//! before it ("the top Taliban spokesman, X,"), and "D, known as X". The
//! same context votes on the entity's kind.

use std::ops::Range;

use super::mentions::{Found, Link};
use super::tokens::{self, is_capitalised, lower_in, Token};

/// A description as found, before it is attached to an entity.
#[derive(Debug, Clone, PartialEq)]
pub struct RawDescription {
    pub text: String,
    /// Folded span in the article.
    pub span: Range<usize>,
    /// How much the form says: 3 title or appositive, 2 "known as", 1 a bare role.
    pub weight: u8,
}

/// Votes on an entity's kind, from the context of its mentions.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Cues {
    pub person: f32,
    pub org: f32,
    pub place: f32,
    pub event: f32,
    /// "X said", "said X".
    pub speaker: f32,
    /// "the X".
    pub the_before: f32,
}

impl Cues {
    pub fn add(&mut self, o: &Cues) {
        self.person += o.person;
        self.org += o.org;
        self.place += o.place;
        self.event += o.event;
        self.speaker += o.speaker;
        self.the_before += o.the_before;
    }
}

/// Words that open a descriptive phrase.
pub const MODIFIERS: &[&str] = &[
    "former",
    "acting",
    "deputy",
    "chief",
    "senior",
    "top",
    "then",
    "new",
    "longtime",
    "veteran",
    "prominent",
    "leading",
    "local",
    "regional",
    "national",
    "political",
    "military",
    "chief",
    "head",
    "interim",
    "current",
    "outgoing",
    "incoming",
    "founding",
    "managing",
    "executive",
    "assistant",
    "vice",
    "joint",
    "lead",
    "general",
];

/// Words that show a phrase is a clause, not a description.
const VERBS: &[&str] = &[
    "said",
    "says",
    "say",
    "told",
    "tells",
    "is",
    "was",
    "are",
    "were",
    "has",
    "have",
    "had",
    "will",
    "would",
    "who",
    "which",
    "that",
    "and",
    "but",
    "when",
    "while",
    "if",
    "announced",
    "added",
    "noted",
    "argued",
    "claimed",
    "warned",
    "did",
    "does",
    "could",
    "should",
    "can",
    "may",
    "might",
    "be",
    "been",
    "being",
    "because",
    "where",
    "whose",
    "whom",
    "he",
    "she",
    "they",
    "it",
    "we",
    "i",
    "you",
    "not",
    "also",
    "saw",
    "see",
    "sees",
    "made",
    "took",
];

/// Nouns that make a description an organisation's or a place's.
const ORG_NOUNS: &[&str] = &[
    "group",
    "branch",
    "organisation",
    "organization",
    "company",
    "firm",
    "party",
    "movement",
    "agency",
    "body",
    "network",
    "wing",
    "faction",
    "militia",
    "service",
    "ministry",
    "bank",
    "channel",
    "newspaper",
    "broadcaster",
    "carrier",
    "maker",
    "retailer",
    "giant",
    "operator",
    "manufacturer",
    "regulator",
    "union",
    "association",
    "charity",
    "team",
    "club",
    "band",
    "label",
    "publisher",
    "studio",
    "airline",
    "insurer",
    "lender",
    "chain",
    "website",
    "site",
    "rival",
    "supplier",
    "owner",
    "parent",
    "subsidiary",
    "unit",
    "producer",
];
const PLACE_NOUNS: &[&str] = &[
    "city", "country", "capital", "province", "region", "town", "village", "state", "island",
    "nation", "county", "district", "republic",
];

const PLACE_PREPOSITIONS: &[&str] = &[
    "in",
    "near",
    "from",
    "across",
    "throughout",
    "outside",
    "inside",
    "around",
    "towards",
];
pub const SPEECH: &[&str] = &[
    "said",
    "says",
    "told",
    "added",
    "argued",
    "noted",
    "explained",
    "stated",
    "warned",
    "asserted",
    "claimed",
    "announced",
    "insisted",
    "wrote",
    "tweeted",
];

fn word<'a>(text: &'a str, t: &Token) -> &'a str {
    &text[t.span.clone()]
}

/// The description spanning tokens `r`, without a leading article.
pub fn span_description(text: &str, toks: &[Token], r: Range<usize>, weight: u8) -> RawDescription {
    let mut start = r.start;
    while start + 1 < r.end && lower_in(&["the", "a", "an"], word(text, &toks[start])) {
        start += 1;
    }
    let span = toks[start].span.start..toks[r.end - 1].span.end;
    RawDescription {
        text: text[span.clone()].to_string(),
        span,
        weight,
    }
}

fn is_role(w: &str) -> bool {
    let lower = w.to_lowercase();
    lower_in(&tokens::ROLE_NOUNS, &lower)
        || lower_in(&tokens::TITLES, &lower) && lower.len() > 3
        || lower
            .split('-')
            .any(|p| p.len() > 3 && tokens::TITLES.contains(p))
}

/// Adds what one phrase says about kind to `cues`.
fn phrase_cues(text: &str, toks: &[Token], r: Range<usize>, cues: &mut Cues) {
    for t in &toks[r] {
        let w = word(text, t);
        if is_role(w) {
            cues.person += 2.0;
        } else if w.starts_with(char::is_lowercase) {
            if lower_in(&tokens::ROLE_NOUNS, w) {
                cues.person += 2.0;
            } else if lower_in(ORG_NOUNS, w) {
                cues.org += 2.0;
            } else if lower_in(PLACE_NOUNS, w) {
                cues.place += 2.0;
            }
        }
    }
}

/// Context of the name at tokens `name`: descriptions and kind votes.
pub fn context(
    text: &str,
    toks: &[Token],
    name: Range<usize>,
    cues: &mut Cues,
    descs: &mut Vec<RawDescription>,
) {
    let before = name.start.checked_sub(1).map(|i| (i, &toks[i]));
    let last = &toks[name.end - 1];
    if let Some((i, t)) = before.filter(|(_, t)| t.joins_next()) {
        let w = word(text, t);
        let after_place_prep = |k: usize| {
            k > 0
                && toks[k - 1].joins_next()
                && PLACE_PREPOSITIONS.contains(&word(text, &toks[k - 1]))
        };
        // "in Microsoft's browser" says nothing about places.
        let possessive = toks[name.end - 1].possessive;
        if w.eq_ignore_ascii_case("the") {
            if after_place_prep(i) && !possessive {
                cues.place += 1.0;
            } else {
                cues.the_before += 1.0;
            }
        } else if PLACE_PREPOSITIONS.contains(&w) && !possessive {
            cues.place += 1.0;
        } else if w.starts_with(char::is_lowercase) && lower_in(ORG_NOUNS, w) {
            // "software giant Microsoft", "US firm Google".
            cues.org += 2.0;
        } else if SPEECH.contains(&w) {
            cues.speaker += 1.0;
        } else if w.starts_with(char::is_lowercase) && lower_in(&tokens::ROLE_NOUNS, w) {
            // "Taliban spokesman Zabihullah Mujahid", "EFF lawyer Kurt Opsahl".
            let mut k = i;
            while k > 0 && i - k < 4 {
                let p = &toks[k - 1];
                let pw = word(text, p);
                let fits = (p.joins_next() || (p.possessive && p.close.is_none()))
                    && ((is_capitalised(pw) && !lower_in(&tokens::STOPWORDS, pw))
                        || lower_in(MODIFIERS, pw));
                if !fits {
                    break;
                }
                k -= 1;
                if p.possessive {
                    break;
                }
            }
            cues.person += 2.0;
            descs.push(span_description(
                text,
                toks,
                k..i + 1,
                if k < i { 2 } else { 1 },
            ));
        }
    }
    if last.joins_next() {
        if let Some(n) = toks.get(name.end) {
            if SPEECH.contains(&word(text, n)) {
                cues.speaker += 1.0;
            }
        }
    }
    if let Some(d) = appositive_after(text, toks, name.clone()) {
        phrase_cues(text, toks, d.clone(), cues);
        descs.push(span_description(text, toks, d, 3));
    }
    if let Some(d) = appositive_before(text, toks, name.clone()) {
        phrase_cues(text, toks, d.clone(), cues);
        descs.push(span_description(text, toks, d, 3));
    }
}

/// "X, director of the Y," → the tokens of "director of the Y".
fn appositive_after(text: &str, toks: &[Token], name: Range<usize>) -> Option<Range<usize>> {
    let last = &toks[name.end - 1];
    if last.close != Some(',') || last.possessive {
        return None;
    }
    let j = name.end;
    let mut end = (j..toks.len().min(j + 10)).find(|&k| toks[k].close.is_some())?;
    let mut close = toks[end].close?;
    let mut after = end + 1;
    // "director of the Electronic Frontier Foundation (EFF), said": the
    // bracketed acronym closes the phrase before it.
    if close == ')'
        && end > j
        && toks[end].open == Some('(')
        && text[toks[end].span.end..].starts_with("),")
    {
        after = end + 1;
        end -= 1;
        close = ',';
    }
    let first = toks.get(j)?;
    let fw = word(text, first);
    let opens = lower_in(&["the", "a", "an"], fw) && fw.starts_with(char::is_lowercase)
        || (first.possessive && is_capitalised(fw))
        || (fw.starts_with(char::is_lowercase) && (is_role(fw) || lower_in(MODIFIERS, fw)))
        // "Karen Thomson, Chief Executive of AOL UK, said"
        || (is_capitalised(fw) && lower_in(&tokens::TITLES, fw) && fw.len() > 3);
    if !opens || first.open.is_some() {
        return None;
    }
    // After a leading preposition ("In London, the index closed ...") the
    // comma ends a phrase, not an appositive.
    const PREPOSITIONS: &[&str] = &[
        "in", "on", "at", "from", "for", "with", "by", "to", "after", "before", "since", "during",
    ];
    if name.start > 0 && lower_in(PREPOSITIONS, word(text, &toks[name.start - 1])) {
        return None;
    }
    // An appositive goes on with the sentence ("X, director of Y, said"),
    // or is short and ends it.
    let next_lower = toks
        .get(after)
        .is_some_and(|n| word(text, n).starts_with(char::is_lowercase) || n.open == Some('"'));
    let ends_well = (close == ',' && next_lower) || (close == '.' && end - j < 6);
    if !ends_well || end == j && !is_role(fw) {
        return None;
    }
    let has_digits = toks[j..=end]
        .iter()
        .any(|t| word(text, t).chars().any(|c| c.is_ascii_digit()));
    // A past tense ("closed", "reached") makes it a clause; a participle
    // before a place ("based in Islamabad") does not.
    let has_verb = (j..=end).any(|k| {
        let w = word(text, &toks[k]);
        w.starts_with(char::is_lowercase)
            && w.len() > 4
            && w.ends_with("ed")
            && !toks.get(k + 1).is_some_and(|n| {
                lower_in(&["in", "by", "at", "on", "near", "outside"], word(text, n))
            })
    });
    // "the New York Times reports": a clause.
    let clause_end = end > j && {
        let w = word(text, &toks[end]);
        w.starts_with(char::is_lowercase)
            && w.ends_with('s')
            && is_capitalised(word(text, &toks[end - 1]))
    };
    if has_digits || has_verb || clause_end {
        return None;
    }
    // "the 11 Marines, the sailor, and the soldier": a list, not an appositive.
    if toks
        .get(after)
        .is_some_and(|t| matches!(word(text, t), "and" | "or"))
    {
        return None;
    }
    // "..., former spokesman Bilal Karimi.": another person's title and name.
    let names_someone = (j..end).any(|k| {
        let w = word(text, &toks[k]);
        w.starts_with(char::is_lowercase)
            && lower_in(&tokens::ROLE_NOUNS, w)
            && is_capitalised(word(text, &toks[k + 1]))
    });
    (!names_someone && valid_phrase(text, &toks[j..=end], true)).then_some(j..end + 1)
}

/// "the top Taliban spokesman, X," → the tokens of "the top Taliban spokesman".
fn appositive_before(text: &str, toks: &[Token], name: Range<usize>) -> Option<Range<usize>> {
    if name.start == 0 || toks[name.start - 1].close != Some(',') {
        return None;
    }
    if toks[name.end - 1].close != Some(',') {
        return None;
    }
    let e = name.start;
    let mut k = e - 1;
    while k > 0 && toks[k - 1].close.is_none() && e - k < 10 {
        k -= 1;
    }
    let fw = word(text, &toks[k]);
    let opens = lower_in(&["the", "a", "an"], fw) || toks[k].possessive;
    // The role heads the phrase: after it come only a prepositional
    // object ("for Counterterrorism"), not a clause ("'s enthusiasm remains").
    let role = (k..e).rev().find(|&i| is_role(word(text, &toks[i])))?;
    let headed = !toks[role].possessive
        && toks[role + 1..e].iter().all(|t| {
            let w = word(text, t);
            is_capitalised(w) || lower_in(&["of", "for", "on", "to", "in", "at", "the"], w)
        });
    (opens && headed && valid_phrase(text, &toks[k..e], false)).then_some(k..e)
}

/// A descriptive phrase: no verbs and (if `need_lower`) at least one
/// lower-case content word.
fn valid_phrase(text: &str, toks: &[Token], need_lower: bool) -> bool {
    let words: Vec<&str> = toks.iter().map(|t| word(text, t)).collect();
    !words
        .iter()
        .any(|w| VERBS.contains(&w.to_lowercase().as_str()))
        && (!need_lower
            || words.iter().any(|w| {
                w.starts_with(char::is_lowercase) && !lower_in(&tokens::STOPWORDS, w) && w.len() > 2
            }))
        && toks
            .iter()
            .all(|t| t.open.is_none() || matches!(t.open, Some('-')))
}

/// "D, known as X": D describes X, or, when D is itself a name, D and X are one.
pub fn known_as(text: &str, toks: &[Token], found: &mut Found) {
    for i in 1..toks.len().saturating_sub(2) {
        if word(text, &toks[i]) != "known" || word(text, &toks[i + 1]) != "as" {
            continue;
        }
        if !toks[i].joins_next() || !toks[i + 1].joins_next() {
            continue;
        }
        let mut t = i + 2;
        if lower_in(&["the", "a", "an"], word(text, &toks[t])) && t + 1 < toks.len() {
            t += 1;
        }
        let target_start = toks[t].span.start;
        let Some(target) = found
            .mentions
            .iter()
            .rposition(|m| m.span().start == target_start)
        else {
            continue;
        };
        let mut k = i;
        if lower_in(
            &["also", "simply", "commonly", "formerly", "better", "widely"],
            word(text, &toks[k - 1]),
        ) {
            k -= 1;
        }
        if k == 0 || toks[k - 1].close != Some(',') {
            continue;
        }
        let prev_end = toks[k - 1].span.end;
        let left = found.mentions.iter().rposition(|m| {
            m.span().end == prev_end && m.article() == found.mentions[target].article()
        });
        if let Some(l) = left {
            let ls = found.mentions[l].span().start;
            let first = toks.iter().position(|t| t.span.start == ls).unwrap_or(0);
            let governed = first > 0
                && lower_in(
                    &["of", "for", "in", "to", "from", "by", "with", "against"],
                    word(text, &toks[first - 1]),
                );
            if !governed {
                found.links.push(Link {
                    a: tokens::name_key(&found.mentions[l].surface),
                    b: tokens::name_key(&found.mentions[target].surface),
                });
                continue;
            }
        }
        // A description: the longest determiner phrase with few content words.
        let lo = k.saturating_sub(14);
        let mut best = None;
        for d in (lo..k).rev() {
            if d < k - 1 && toks[d].close.is_some() {
                break;
            }
            if lower_in(&["the", "a", "an"], word(text, &toks[d])) {
                let content = toks[d..k]
                    .iter()
                    .filter(|t| {
                        let w = word(text, t);
                        w.starts_with(char::is_lowercase)
                            && !lower_in(
                                &["of", "the", "a", "an", "in", "for", "and", "on", "to"],
                                w,
                            )
                    })
                    .count();
                if content <= 3 && valid_phrase(text, &toks[d..k], true) {
                    best = Some(d);
                }
            }
        }
        if let Some(d) = best {
            let desc = span_description(text, toks, d..k, 2);
            let mut cues = Cues::default();
            phrase_cues(text, toks, d..k, &mut cues);
            found.mentions[target].cues.add(&cues);
            found.descriptions.push((target, desc));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::entities::tokens::tokenize;

    fn apposition(s: &str, name: &str) -> (Vec<String>, Cues) {
        let toks = tokenize(s, 0..s.len());
        let start = toks
            .iter()
            .position(|t| s[t.span.clone()] == *name.split(' ').next().unwrap())
            .unwrap();
        let n = name.split(' ').count();
        let mut cues = Cues::default();
        let mut descs = Vec::new();
        context(s, &toks, start..start + n, &mut cues, &mut descs);
        (descs.into_iter().map(|d| d.text).collect(), cues)
    }

    #[test]
    fn appositives_after_and_before() {
        let (d, c) = apposition(
            "Zamir Kabulov, Russia's envoy to Afghanistan, discussed the decision.",
            "Zamir Kabulov",
        );
        assert_eq!(d, ["Russia's envoy to Afghanistan"]);
        assert!(c.person > 0.0);
        let (d, _) = apposition(
            "The top Taliban spokesman, Zabihullah Mujahid, claimed it.",
            "Zabihullah Mujahid",
        );
        assert_eq!(d, ["top Taliban spokesman"]);
        let (d, _) = apposition("Peace in Kabul, Afghanistan, on Friday.", "Kabul");
        assert!(d.is_empty(), "{d:?}");
        let (d, _) = apposition(
            "Vladimir Voronkov, briefed the council.",
            "Vladimir Voronkov",
        );
        assert!(d.is_empty(), "{d:?}");
    }

    #[test]
    fn role_nouns_before_a_name() {
        let (d, c) = apposition(
            "Later Taliban spokesman Zabihullah Mujahid spoke.",
            "Zabihullah Mujahid",
        );
        assert_eq!(d, ["Taliban spokesman"]);
        assert!(c.person >= 2.0);
        let (_, c) = apposition("Voters in Moscow said so.", "Moscow");
        assert_eq!(c.place, 1.0);
    }
}
