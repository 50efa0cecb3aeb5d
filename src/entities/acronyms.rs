//! Acronyms and their long forms: Schwartz–Hearst definitions in the text
//! ("Electronic Frontier Foundation (EFF)", "EFF (Electronic Frontier
//! Foundation)") and acronyms spelling the initials of a name used in the
//! same article.

use std::ops::Range;

use super::describe::Cues;
use super::mentions::{word, Found, Link, RawMention};
use super::tokens::{self, is_acronym, is_capitalised, Token};
use crate::corpus::ArticleId;
use crate::fasthash::FastMap;

/// The Schwartz–Hearst long form of `short` at the end of `words`: the
/// index of the word it starts at.
pub fn schwartz_hearst(short: &str, words: &[&str]) -> Option<usize> {
    let s: Vec<char> = short
        .to_lowercase()
        .chars()
        .filter(|c| c.is_alphanumeric())
        .collect();
    if s.len() < 2 || !s[0].is_alphanumeric() {
        return None;
    }
    let long = words.join(" ").to_lowercase();
    let l: Vec<char> = long.chars().collect();
    let mut li = l.len() as isize - 1;
    let mut si = s.len() as isize - 1;
    while si >= 0 {
        let c = s[si as usize];
        while li >= 0
            && (l[li as usize] != c || (si == 0 && li > 0 && l[li as usize - 1].is_alphanumeric()))
        {
            li -= 1;
        }
        if li < 0 {
            return None;
        }
        li -= 1;
        si -= 1;
    }
    let start_char = (li + 1) as usize;
    // Which word holds that character?
    let mut pos = 0;
    for (i, w) in words.iter().enumerate() {
        let n = w.to_lowercase().chars().count();
        if start_char < pos + n {
            return Some(i);
        }
        pos += n + 1;
    }
    None
}

/// `Long Form (LF)` and `LF (Long Form)`: mentions of both and a link.
pub(super) fn acronym_definitions(
    id: ArticleId,
    text: &str,
    toks: &[Token],
    skip: &[bool],
    found: &mut Found,
) {
    for i in 1..toks.len() {
        if skip[i] || toks[i].open != Some('(') {
            continue;
        }
        // The bracket's words.
        let Some(close) = (i..toks.len().min(i + 8)).find(|&k| toks[k].close == Some(')')) else {
            continue;
        };
        let prev = &toks[i - 1];
        if prev.close.is_some() || prev.possessive {
            continue;
        }
        let inner = &toks[i..=close];
        let inner_words: Vec<&str> = inner.iter().map(|t| word(text, t)).collect();
        if inner.len() == 1 && is_acronym(inner_words[0]) {
            // Long Form (LF)
            let from = i.saturating_sub(inner_words[0].len().min(10) + 5).max(
                (0..i)
                    .rev()
                    .find(|&k| toks[k].close.is_some())
                    .map_or(0, |k| k + 1),
            );
            let words: Vec<&str> = toks[from..i].iter().map(|t| word(text, t)).collect();
            if let Some(w) = schwartz_hearst(inner_words[0], &words) {
                let start = from + w;
                if is_capitalised(word(text, &toks[start]))
                    && name_key(text, toks, start..i) != tokens::name_key(inner_words[0])
                {
                    add_defined(id, text, toks, start..i, i..i + 1, found);
                }
            }
        } else if inner.len() >= 2
            && is_acronym(word(text, prev))
            && inner.iter().all(|t| !t.possessive)
        {
            // LF (Long Form)
            if schwartz_hearst(word(text, prev), &inner_words) == Some(0)
                && is_capitalised(inner_words[0])
            {
                add_defined(id, text, toks, i..close + 1, i - 1..i, found);
            }
        }
    }
}

fn name_key(text: &str, toks: &[Token], r: Range<usize>) -> String {
    tokens::name_key(&text[toks[r.start].span.start..toks[r.end - 1].span.end])
}

/// Records a defined long form (replacing shorter runs inside it) and its link to the short form.
fn add_defined(
    id: ArticleId,
    text: &str,
    toks: &[Token],
    long: Range<usize>,
    short: Range<usize>,
    found: &mut Found,
) {
    let span = toks[long.start].span.start..toks[long.end - 1].span.end;
    let short_span = toks[short.start].span.start..toks[short.end - 1].span.end;
    let mut keep_cues = Cues::default();
    let mut replaced: Vec<usize> = Vec::new();
    for (k, m) in found.mentions.iter().enumerate() {
        if m.article() == id && m.span().start < span.end && span.start < m.span().end {
            keep_cues.add(&m.cues);
            replaced.push(k);
        }
    }
    let surface = text[span.clone()].to_string();
    if let Some(&first) = replaced.first() {
        // Reuse the first overlapping slot so descriptions keep their index.
        found.mentions[first] = RawMention::new(id, span, &surface, keep_cues);
        for &k in replaced.iter().skip(1).rev() {
            found.mentions[k].surface = Box::default();
        }
    } else {
        found
            .mentions
            .push(RawMention::new(id, span, &surface, keep_cues));
    }
    if !found.mentions.iter().any(|m| m.span() == short_span) {
        found.mentions.push(RawMention::new(
            id,
            short_span.clone(),
            &text[short_span.clone()],
            Cues::default(),
        ));
    }
    found.links.push(Link {
        a: tokens::name_key(&surface),
        b: tokens::name_key(&text[short_span]),
    });
}

/// Acronyms spelling the initials of a name in the same article ("Child
/// Support Agency" ... "CSA"): candidates, kept where the corpus agrees.
pub(super) fn initials_pairs(found: &Found) -> Vec<Link> {
    let mut by_initials: FastMap<String, Vec<&str>> = FastMap::default();
    for m in found
        .mentions
        .iter()
        .filter(|m| m.surface.contains(' ') && m.cues.person == 0.0)
    {
        let words: Vec<&str> = m
            .surface
            .split(' ')
            .filter(|w| !tokens::JOINERS.contains(w) && *w != "the" && *w != "and")
            .collect();
        if words.len() >= 2 && words.iter().all(|w| is_capitalised(w) && !is_acronym(w)) {
            let initials: String = words.iter().filter_map(|w| w.chars().next()).collect();
            by_initials
                .entry(initials.to_uppercase())
                .or_default()
                .push(&m.surface);
        }
    }
    let mut out: Vec<Link> = Vec::new();
    for m in &found.mentions {
        if is_acronym(&m.surface) && !m.surface.chars().any(|c| c.is_ascii_digit()) {
            let letters: String = m.surface.chars().filter(|c| c.is_alphabetic()).collect();
            for long in by_initials.get(&letters).into_iter().flatten() {
                let link = Link {
                    a: tokens::name_key(&m.surface),
                    b: tokens::name_key(long),
                };
                if !out.contains(&link) {
                    out.push(link);
                }
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn acronym_definitions_both_ways() {
        let words = ["rivalry", "with", "ISIS-Khorasan"];
        assert_eq!(schwartz_hearst("ISIS-K", &words), Some(2));
        let words = ["the", "Islamic", "State", "Khorasan", "province"];
        assert_eq!(schwartz_hearst("ISIS-K", &words), Some(1));
        let words = ["the", "Electronic", "Frontier", "Foundation"];
        assert_eq!(schwartz_hearst("EFF", &words), Some(1));
        // Letters not in the long form: only a config alias can link these.
        assert_eq!(
            schwartz_hearst("FSB", &["the", "Federal", "Security", "Service"]),
            None
        );
        assert_eq!(
            schwartz_hearst("XYZ", &["the", "Federal", "Security", "Service"]),
            None
        );
    }
}
