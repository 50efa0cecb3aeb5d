//! Paragraphs and sentences of folded text, as byte spans.
//!
//! A paragraph is a non-blank line of folded text (see [`super::fold`]).
//! Sentences end at `.`, `!` or `?` (with any closing quotes or brackets)
//! followed by white space and a plausible sentence start, unless the word
//! before the stop is an abbreviation, an initial or a dotted acronym.

use std::ops::Range;

/// A sentence: its span in the folded text and the paragraph it belongs to.
///
/// Kept in 32 bits (12 bytes, not 24): a corpus holds millions of sentences,
/// and every text is under 4 GiB (articles are capped at
/// [`crate::corpus::LARGEST_MAX_ARTICLE_BYTES`]; the offset map of any folded
/// text is 32-bit already).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Sentence {
    start: u32,
    end: u32,
    paragraph: u32,
}

impl Sentence {
    /// The sentence at `span` of the folded text, in paragraph `paragraph`.
    pub fn new(span: Range<usize>, paragraph: usize) -> Sentence {
        debug_assert!(span.end <= u32::MAX as usize && paragraph <= u32::MAX as usize);
        Sentence {
            start: span.start as u32,
            end: span.end as u32,
            paragraph: paragraph as u32,
        }
    }

    /// Its byte span in the folded text.
    pub fn span(&self) -> Range<usize> {
        self.start as usize..self.end as usize
    }

    /// The index of its paragraph.
    pub fn paragraph(&self) -> usize {
        self.paragraph as usize
    }
}

/// Spans of the non-blank lines of `text`, trimmed of surrounding spaces;
/// exactly as long as it needs to be (an article keeps it).
pub fn paragraphs(text: &str) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut start = 0;
    for line in text.split_inclusive('\n') {
        let end = start + line.len();
        let body = line.trim_end_matches('\n');
        let lead = body.len() - body.trim_start().len();
        let trimmed = body.trim();
        if !trimmed.is_empty() {
            out.push(start + lead..start + lead + trimmed.len());
        }
        start = end;
    }
    out.shrink_to_fit();
    out
}

/// Words that end with a full stop without ending a sentence. General
/// English and news-style abbreviations only.
const ABBREVIATIONS: &[&str] = &[
    "mr", "mrs", "ms", "dr", "prof", "sr", "jr", "st", "mt", "gen", "col", "lt", "sgt", "capt",
    "cmdr", "adm", "gov", "sen", "rep", "rev", "hon", "pres", "no", "nos", "co", "corp", "inc",
    "ltd", "bros", "vs", "v", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept",
    "oct", "nov", "dec", "approx", "est", "dept", "fig", "vol", "op", "cf", "al", "ca", "mln",
    "bln",
];

fn is_abbreviation(word: &str) -> bool {
    let w = word.trim_start_matches(|c: char| !c.is_alphanumeric());
    if w.is_empty() {
        return false;
    }
    // Initials ("J.") and dotted acronyms ("U.S.", "a.m.", "e.g.").
    if w.chars().count() == 1 && w.chars().all(|c| c.is_uppercase()) {
        return true;
    }
    // Dotted abbreviations ("U.S", "e.g", "Ph.D"): short letter groups only,
    // so that "$170.8bn." or "v2.0." still ends a sentence.
    if w.contains('.')
        && w.split('.')
            .all(|part| part.chars().count() <= 3 && part.chars().all(char::is_alphabetic))
    {
        return true;
    }
    let lower = w.to_lowercase();
    ABBREVIATIONS.contains(&lower.as_str())
}

fn is_closer(c: char) -> bool {
    matches!(c, '"' | '\'' | ')' | ']')
}

/// Could a sentence start with this character?
fn starts_sentence(c: char) -> bool {
    c.is_uppercase() || c.is_numeric() || matches!(c, '"' | '\'' | '(' | '[' | '-')
}

/// Sentence spans inside one paragraph span of `text`.
pub fn sentences_in(text: &str, para: Range<usize>) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    each_sentence_in(text, para, &mut |span| out.push(span));
    out
}

/// Calls `found` with each sentence span inside one paragraph span of `text`.
fn each_sentence_in(text: &str, para: Range<usize>, found: &mut impl FnMut(Range<usize>)) {
    let p = &text[para.clone()];
    let bytes = p.as_bytes();
    let mut start = 0;
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        if matches!(b, b'.' | b'!' | b'?') {
            // Extend over repeated stops and closing quotes/brackets.
            let mut end = i + 1;
            while end < bytes.len() && (matches!(bytes[end], b'.' | b'!' | b'?')) {
                end += 1;
            }
            while end < bytes.len() && is_closer(bytes[end] as char) {
                end += 1;
            }
            let next_ws = end < bytes.len() && bytes[end] == b' ';
            if next_ws {
                let rest = p[end..].trim_start();
                let next_start = rest.chars().next().is_some_and(starts_sentence);
                let word_start = p[..i].rfind([' ', '(', '"']).map_or(0, |k| k + 1);
                let word = &p[word_start..i];
                let abbrev = b == b'.' && end == i + 1 && is_abbreviation(word);
                if next_start && !abbrev && i > start {
                    found(para.start + start..para.start + end);
                    start = end + (p[end..].len() - rest.len());
                    i = start;
                    continue;
                }
            }
            i = end;
            continue;
        }
        i += 1;
    }
    if start < p.len() {
        let tail = p[start..].trim_end();
        if !tail.is_empty() {
            found(para.start + start..para.start + start + tail.len());
        }
    }
}

/// All sentences of `text`, paragraph by paragraph.
/// Exactly as long as it needs to be: an article keeps it.
pub fn sentences(text: &str, paragraphs: &[Range<usize>]) -> Vec<Sentence> {
    let mut out = Vec::new();
    for (pi, p) in paragraphs.iter().enumerate() {
        each_sentence_in(text, p.clone(), &mut |span| {
            out.push(Sentence::new(span, pi))
        });
    }
    out.shrink_to_fit();
    out
}

/// The blank-line-separated block of `src` around `offset`, at most
/// `window` bytes either side of it: what a hover looks at.
pub fn block_around(src: &str, offset: usize, window: usize) -> Range<usize> {
    let floor = |mut i: usize| {
        while !src.is_char_boundary(i) {
            i -= 1;
        }
        i
    };
    let lo = floor(offset.saturating_sub(window));
    let hi = floor((offset + window).min(src.len()));
    let at = floor(offset);
    let start = src[lo..at].rfind("\n\n").map_or_else(
        || {
            src[lo..at]
                .find('\n')
                .map_or(lo, |n| if lo == 0 { 0 } else { lo + n + 1 })
        },
        |i| lo + i + 2,
    );
    let start = if lo == 0 && src[..at].rfind("\n\n").is_none() {
        0
    } else {
        start
    };
    let end = src[at..hi].find("\n\n").map_or_else(
        || {
            if hi == src.len() {
                hi
            } else {
                src[at..hi].rfind('\n').map_or(hi, |n| at + n)
            }
        },
        |i| at + i,
    );
    start.min(at)..end.max(at)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn split(text: &str) -> Vec<&str> {
        let paras = paragraphs(text);
        sentences(text, &paras)
            .into_iter()
            .map(|s| &text[s.span()])
            .collect()
    }

    #[test]
    fn paragraphs_are_trimmed_lines() {
        let t = "  one \n\n two\nthree\n";
        let p: Vec<_> = paragraphs(t).into_iter().map(|r| &t[r]).collect();
        assert_eq!(p, ["one", "two", "three"]);
    }

    #[test]
    fn splits_on_stops_followed_by_a_sentence_start() {
        assert_eq!(
            split("It rained. Then it stopped! Did it? \"Yes.\" He left."),
            [
                "It rained.",
                "Then it stopped!",
                "Did it?",
                "\"Yes.\"",
                "He left."
            ]
        );
    }

    #[test]
    fn keeps_abbreviations_initials_acronyms_and_decimals() {
        assert_eq!(
            split("Dr. Andrew Smith met Mr. J. K. Rowling on Oct. 4 in the U.S. capital. It cost 3.5 m."),
            [
                "Dr. Andrew Smith met Mr. J. K. Rowling on Oct. 4 in the U.S. capital.",
                "It cost 3.5 m."
            ]
        );
    }

    #[test]
    fn figures_with_decimals_end_sentences() {
        assert_eq!(
            split("Sales rose to $170.8bn. Profits fell. Version 2.0. Done."),
            [
                "Sales rose to $170.8bn.",
                "Profits fell.",
                "Version 2.0.",
                "Done."
            ]
        );
    }

    #[test]
    fn lowercase_continuation_does_not_split() {
        assert_eq!(
            split("He said 5 p.m. was late. ok then."),
            ["He said 5 p.m. was late. ok then."]
        );
    }

    #[test]
    fn sentences_never_cross_paragraphs() {
        assert_eq!(
            split("No stop here\nNext line."),
            ["No stop here", "Next line."]
        );
    }
}
