//! Quotes in a note: text between double quote marks (straight or curly,
//! both folded to `"`; single-quoted words inside stay part of the quote),
//! and Markdown block quotes without quote marks. Each comes with the
//! speaker the note gives, read with the same attribution rules as sources.

use std::ops::Range;

use pulldown_cmark::{Event, Options, Parser, Tag};

use super::attrib;
use super::source;
use crate::note::Note;

/// A quote in a note.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NoteQuote {
    /// Note source bytes, including the quote marks (or the whole block quote).
    pub range: Range<usize>,
    /// Note source bytes of the quoted words.
    pub inner: Range<usize>,
    /// The quoted words, folded.
    pub text: String,
    pub speaker: Option<NoteSpeaker>,
}

/// Who the note says spoke.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NoteSpeaker {
    /// The name (or role) the note gives; a pronoun is replaced by the name
    /// it refers to.
    pub name: String,
    /// Note source bytes of the words naming the speaker.
    pub range: Range<usize>,
}

/// The quotes of a note, in order.
pub fn note_quotes(note_source: &str) -> Vec<NoteQuote> {
    quotes_of(note_source, &Note::parse(note_source))
}

/// The quotes of a note already parsed from `note_source`, in order.
pub fn quotes_of(note_source: &str, note: &Note) -> Vec<NoteQuote> {
    quotes_of_cached(note_source, note, None)
}

/// [`quotes_of`], reusing what `cache` holds of the paragraphs unchanged
/// since the last call. Results equal [`quotes_of`]'s.
pub fn quotes_of_cached(
    note_source: &str,
    note: &Note,
    cache: Option<&mut source::PeopleCache>,
) -> Vec<NoteQuote> {
    let text = note.text();
    let quotes = match cache {
        Some(cache) => source::attributed_cached(text, &note.paragraphs, &note.sentences, cache),
        None => source::attributed(text, &note.paragraphs, &note.sentences).0,
    };
    let mut out: Vec<NoteQuote> = quotes
        .into_iter()
        // A note's quote left open at the end of its paragraph is a typo,
        // not the news convention of quotes running over paragraphs.
        .filter(|a| text[a.quote.outer()].ends_with('"'))
        .map(|a| {
            let outer = a.quote.outer();
            let inner = a.quote.parts[0].inner.start..a.quote.parts.last().unwrap().inner.end;
            NoteQuote {
                range: note.original(outer),
                inner: note.original(inner.clone()),
                text: text[inner].trim().to_string(),
                speaker: a.speaker.map(|s| NoteSpeaker {
                    name: s.label().to_string(),
                    range: note.original(s.span.clone()),
                }),
            }
        })
        .collect();
    out.extend(block_quotes(note_source, note));
    out.sort_by_key(|q| q.range.start);
    out
}

/// Markdown block quotes that hold no quote marks of their own.
fn block_quotes(src: &str, note: &Note) -> Vec<NoteQuote> {
    let mut out = Vec::new();
    // Every block quote starts with a `>`: without one, no Markdown parse.
    if !src.contains('>') {
        return out;
    }
    let text = note.text();
    let mut depth = 0usize;
    for (ev, range) in Parser::new_ext(src, Options::empty()).into_offset_iter() {
        let Event::Start(Tag::BlockQuote(_)) = ev else {
            if let Event::End(pulldown_cmark::TagEnd::BlockQuote(_)) = ev {
                depth = depth.saturating_sub(1);
            }
            continue;
        };
        depth += 1;
        if depth > 1 {
            continue;
        }
        let fs = note.folded_offset(range.start);
        let fe = note.folded_offset(range.end).min(text.len());
        let body = &text[fs..fe];
        if body.contains('"') || body.trim().is_empty() {
            continue;
        }
        // A closing line "- Name" names the speaker.
        let lines: Vec<Range<usize>> = crate::text::paragraphs(body)
            .into_iter()
            .map(|r| fs + r.start..fs + r.end)
            .collect();
        let mut words_end = lines.last().map_or(fe, |l| l.end);
        let mut speaker = None;
        if let Some(last) = lines.last() {
            let l = &text[last.clone()];
            if lines.len() > 1 && l.starts_with('-') {
                let name = l.trim_start_matches(['-', ' ']);
                let ns = last.end - name.len();
                speaker = Some(NoteSpeaker {
                    name: name.to_string(),
                    range: note.original(ns..last.end),
                });
                words_end = lines[lines.len() - 2].end;
            }
        }
        if speaker.is_none() {
            speaker = introduced_by(note, fs);
        }
        let words_start = lines.first().map_or(fs, |l| l.start);
        let mut end = range.end;
        while end > range.start && src.as_bytes()[end - 1].is_ascii_whitespace() {
            end -= 1;
        }
        out.push(NoteQuote {
            range: range.start..end,
            inner: note.original(words_start..words_end),
            text: text[words_start..words_end].replace('\n', " "),
            speaker,
        });
    }
    out
}

/// The speaker of a paragraph ending in a colon just before folded `at`
/// ("Jane Doe told reporters:").
fn introduced_by(note: &Note, at: usize) -> Option<NoteSpeaker> {
    let text = note.text();
    let pi = note.paragraphs.iter().rposition(|p| p.end <= at)?;
    let para = note.paragraphs[pi].clone();
    if !text[para.clone()].trim_end().ends_with(':') {
        return None;
    }
    let lx = attrib::lex(text, para.clone());
    let start = note
        .sentences
        .iter()
        .rev()
        .find(|s| s.span().start < para.end && s.span().start >= para.start)
        .map_or(para.start, |s| s.span().start);
    let lo = lx.partition_point(|l| l.span.start < start);
    let s = attrib::before_quote(text, &lx, lo, lx.len())?;
    Some(NoteSpeaker {
        name: s.label().to_string(),
        range: note.original(s.span),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn show(src: &str) -> Vec<(String, String, Option<String>, String)> {
        note_quotes(src)
            .into_iter()
            .map(|q| {
                (
                    src[q.range.clone()].to_string(),
                    q.text,
                    q.speaker.as_ref().map(|s| s.name.clone()),
                    q.speaker
                        .map_or(String::new(), |s| src[s.range].to_string()),
                )
            })
            .collect()
    }

    #[test]
    fn curly_and_straight_quotes_with_speakers() {
        let src = "Doe said the group was “ready to fight the wing”.\n\n\
                   \"We want 'a deal' now,\" said Mr Roe.\n";
        let q = show(src);
        assert_eq!(q.len(), 2);
        assert_eq!(q[0].0, "“ready to fight the wing”");
        assert_eq!(q[0].1, "ready to fight the wing");
        assert_eq!(q[0].2.as_deref(), Some("Doe"));
        assert_eq!(q[1].1, "We want 'a deal' now,");
        assert_eq!(q[1].2.as_deref(), Some("Roe"));
        assert_eq!(q[1].3, "Roe");
    }

    #[test]
    fn hard_wrapped_quotes_and_pronouns() {
        let src = "Jane Doe spoke first. \"We are ready\nto talk,\" she said.\n";
        let q = show(src);
        assert_eq!(q[0].1, "We are ready to talk,");
        assert_eq!(q[0].2.as_deref(), Some("Jane Doe"));
        assert_eq!(q[0].3, "she");
    }

    #[test]
    fn unclosed_quotes_are_not_quotes() {
        assert!(show("He said \"we will see about that and more.\n\nNext.\n").is_empty());
        assert_eq!(show("He is 6'2\" tall and \"ready to go now\".").len(), 1);
    }

    #[test]
    fn block_quotes() {
        let src = "Jane Doe told reporters:\n\n> We are ready to fight\n> the wing.\n\nAfter.\n\n> It is a matter of principle.\n>\n> -- John Roe\n";
        let q = show(src);
        assert_eq!(q.len(), 2);
        assert_eq!(q[0].0, "> We are ready to fight\n> the wing.");
        assert_eq!(q[0].1, "We are ready to fight the wing.");
        assert_eq!(q[0].2.as_deref(), Some("Jane Doe"));
        assert_eq!(q[1].1, "It is a matter of principle.");
        assert_eq!(q[1].2.as_deref(), Some("John Roe"));
    }
}
