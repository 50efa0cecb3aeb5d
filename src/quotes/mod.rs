//! Quotes: does each quote in a note stand, word for word, in the sources,
//! and do the sources give it to the same speaker?
//!
//! - [`words`]: words as compared, and a quote's pattern (ellipses, brackets)
//! - [`scan`]: quotation marks in folded text, quotations over paragraphs
//! - [`attrib`], [`source`]: speakers of quotations ("X said", "he said", roles),
//!   with the word lists of [`lexicon`]
//! - [`speaker`]: `same_speaker`, the one place speakers are compared
//! - [`note`]: the quotes of a note and their speakers
//! - [`matcher`]: word alignment; [`index`]: `QuoteIndex` and `locate`,
//!   over [`vocab`], [`corpus_words`], [`postings`] (flat arrays of
//!   [`packed`] numbers) and [`quotations`]
//! - [`diff`]: word differences for messages
//!
//! This module: the verdicts (`check`) and what the editor front ends ask
//! (`quote_at`, `lens_label`).

pub mod attrib;
pub mod corpus_words;
pub mod diff;
pub mod index;
pub mod lexicon;
pub mod lookup;
pub mod matcher;
pub mod note;
pub mod packed;
pub mod postings;
pub mod quotations;
pub mod scan;
pub mod source;
pub mod speaker;
pub mod words;

use crate::cancel::{Cancel, Cancelled};
use crate::finding::{Code, Finding, Fix, Severity, SourceRef};
use crate::index::Index;
use crate::note::Note;

pub use index::{Located, MatchKind, QuoteIndex, QuoteMatch, SourceQuote};
pub use lookup::{QuoteCache, QuoteLookup};
pub use note::{note_quotes, quotes_of, NoteQuote, NoteSpeaker};
pub use speaker::same_speaker;

use diff::Shown;
use matcher::Op;
use words::Piece;

/// Quotes of this many written words or fewer are not checked (scare
/// quotes, single terms).
pub const MIN_CHECKED_WORDS: usize = 3;
/// Longer quotes are not checked (an unclosed mark, a pasted article).
pub const MAX_CHECKED_WORDS: usize = index::MAX_QUOTE_WORDS;

/// Is this note quote long enough to check?
pub fn is_checked(q: &NoteQuote) -> bool {
    let p = words::pattern(&q.text);
    let written: usize = p
        .segments
        .iter()
        .map(|s| s.iter().filter(|x| matches!(x, Piece::Word { .. })).count())
        .sum();
    (MIN_CHECKED_WORDS..=MAX_CHECKED_WORDS).contains(&written)
        && words::written_words(&q.text) >= MIN_CHECKED_WORDS
}

/// The article id as a lens shows it: long stems are cut ("000_dd5d….txt").
pub fn short_id(id: &str) -> String {
    let (stem, ext) = match id.rfind('.') {
        Some(i) if i > 0 => (&id[..i], &id[i..]),
        _ => (id, ""),
    };
    if stem.chars().count() <= 12 {
        return id.to_string();
    }
    let head: String = stem.chars().take(8).collect();
    format!("{head}…{ext}")
}

/// Code lens text for a quote's best match.
pub fn lens_label(index: &Index, m: Option<&QuoteMatch>) -> String {
    let Some(m) = m else {
        return "not found in the sources".to_string();
    };
    let id = index
        .corpus
        .get(m.article)
        .map_or_else(|| m.article.to_string(), |a| short_id(&a.id));
    match &m.speaker {
        Some(s) => {
            let who = if speaker::is_role(s) {
                s.as_str()
            } else {
                s.split_whitespace().next_back().unwrap_or(s)
            };
            format!("{id} · {who}")
        }
        None => id,
    }
}

/// How far either side of an offset [`quote_near`] looks.
const NEAR_WINDOW: usize = 4096;

/// Might a quote cover `offset`? A local look at the paragraph around it (a
/// quotation mark, or a Markdown block quote), so that a request away from
/// any quote does not read the whole note. A quote left open at the end of
/// its paragraph is not a note quote, so the paragraph is enough.
fn quote_near(note_source: &str, offset: usize) -> bool {
    let offset = offset.min(note_source.len());
    let block = crate::text::block_around(note_source, offset, NEAR_WINDOW);
    let raw = &note_source[block];
    raw.lines().any(|l| l.trim_start().starts_with('>'))
        || crate::text::fold_note(raw).text.contains('"')
}

/// [`quote_at`], answered from the cache of the last check when the note
/// has not changed since.
pub fn quote_at_cached(
    index: &Index,
    note_source: &str,
    offset: usize,
    cache: &QuoteCache,
) -> Option<(NoteQuote, Vec<QuoteMatch>)> {
    if !quote_near(note_source, offset) {
        return None;
    }
    let Some(quotes) = cache.last_quotes(index, note_source) else {
        return quote_at(index, note_source, offset);
    };
    let q = quotes
        .iter()
        .find(|q| q.range.start <= offset && offset <= q.range.end)?;
    let matches = match cache.lookup_of(&q.text) {
        Some(found) => found.located.iter().map(|l| l.m.clone()).collect(),
        None => index.quotes.locate(&index.corpus, &q.text),
    };
    Some((q.clone(), matches))
}

/// The quote at a note offset and its source passages (best first).
pub fn quote_at(
    index: &Index,
    note_source: &str,
    offset: usize,
) -> Option<(NoteQuote, Vec<QuoteMatch>)> {
    if !quote_near(note_source, offset) {
        return None;
    }
    let q = note_quotes(note_source)
        .into_iter()
        .find(|q| q.range.start <= offset && offset <= q.range.end)?;
    let matches = index.quotes.locate(&index.corpus, &q.text);
    Some((q, matches))
}

fn article_id(index: &Index, m: &QuoteMatch) -> String {
    index
        .corpus
        .get(m.article)
        .map_or_else(|| m.article.to_string(), |a| a.id.clone())
}

fn source_ref(index: &Index, m: &QuoteMatch) -> SourceRef {
    let who = m
        .speaker
        .as_deref()
        .map_or(String::new(), |s| format!(" ({s})"));
    SourceRef {
        article: m.article,
        range: m.range.clone(),
        label: format!("source passage in {}{who}", article_id(index, m)),
    }
}

fn clip(s: &str, max: usize) -> String {
    if s.chars().count() <= max {
        return s.to_string();
    }
    let cut: String = s.chars().take(max).collect();
    format!("{}…", cut.trim_end())
}

/// The word differences of a located quote, and the source's words for it.
fn differences(index: &Index, q: &NoteQuote, l: &Located) -> (Vec<String>, String) {
    let pattern = words::pattern(&q.text);
    let mut changes = Vec::new();
    let mut replacement = Vec::new();
    for (seg, al) in pattern.segments.iter().zip(&l.segments) {
        let mut src_words = Vec::new();
        let mut note_words = Vec::new();
        let (mut si, mut ni) = (al.start, 0usize);
        let word = |pos: usize| {
            let w = index.quotes.source_word(&index.corpus, l.m.article, pos);
            Shown {
                norm: w.to_lowercase(),
                shown: w.to_string(),
            }
        };
        for op in &al.ops {
            match *op {
                Op::Same | Op::Sub => {
                    src_words.push(word(si));
                    si += 1;
                }
                Op::SourceOnly => {
                    src_words.push(word(si));
                    si += 1;
                    continue;
                }
                Op::NoteOnly => {}
                Op::Wild(k) => {
                    si += k;
                    ni += 1;
                    continue;
                }
            }
            if let Some(Piece::Word { norm, shown }) = seg.get(ni) {
                note_words.push(Shown {
                    norm: norm.clone(),
                    shown: shown.clone(),
                });
            }
            ni += 1;
        }
        changes.extend(diff::changes(&src_words, &note_words));
        replacement.push(
            index
                .quotes
                .source_words(&index.corpus, l.m.article, al.start..al.end)
                .to_string(),
        );
    }
    (changes, replacement.join(" ... "))
}

/// The writer's punctuation at the end of the quote ("...,\" she said")
/// belongs to the note's sentence: keep it on the replacement.
fn keep_edges(written: &str, mut replacement: String) -> String {
    let trimmed = written.trim_end();
    let tail: String = trimmed
        .chars()
        .rev()
        .take_while(|c| matches!(c, '.' | ',' | ';' | ':' | '!' | '?'))
        .collect::<Vec<_>>()
        .into_iter()
        .rev()
        .collect();
    if !tail.is_empty() && !replacement.ends_with(tail.as_str()) {
        replacement = replacement
            .trim_end_matches(['.', ',', ';', ':'])
            .to_string();
        replacement.push_str(&tail);
    }
    replacement
}

/// Quote findings for one note: altered, unsourced and misattributed quotes.
pub fn check(index: &Index, note_source: &str) -> Vec<Finding> {
    let note = Note::parse(note_source);
    match check_note(index, note_source, &note, None, Cancel::NEVER) {
        Ok(findings) => findings,
        Err(Cancelled) => unreachable!("Cancel::NEVER never cancels"),
    }
}

/// [`check`] of a note already parsed from `note_source`, looking quotes up
/// through `cache` when given, and given up when `cancel` says so (the cache
/// keeps what was looked up).
pub fn check_note(
    index: &Index,
    note_source: &str,
    note: &Note,
    mut cache: Option<&mut QuoteCache>,
    cancel: Cancel<'_>,
) -> Result<Vec<Finding>, Cancelled> {
    let mut out = Vec::new();
    let people = cache.as_deref_mut().map(|c| &mut c.people);
    let quotes = note::quotes_of_cached(note_source, note, people);
    let mut fresh = QuoteCache::fresh(cache, index);
    for q in &quotes {
        if !fresh.is_checked(q) {
            continue;
        }
        let lookup = fresh.lookup(index, &q.text, cancel)?;
        let located = &lookup.located;
        let Some(best) = located.first() else {
            // Show the nearest passage, if any, for the writer to compare.
            let sources = lookup
                .closest
                .as_ref()
                .map(|l| {
                    let mut r = source_ref(index, &l.m);
                    r.label = format!("closest passage, {} words differ: {}", l.cost, r.label);
                    r
                })
                .into_iter()
                .collect();
            out.push(Finding {
                range: q.range.clone(),
                code: Code::QuoteUnsourced,
                severity: Severity::Warning,
                message: format!("quote not found in the sources: \"{}\"", clip(&q.text, 60)),
                sources,
                fixes: Vec::new(),
            });
            continue;
        };
        if best.cost > 0 {
            let (changes, replacement) = differences(index, q, best);
            let shown: Vec<String> = changes.iter().take(3).cloned().collect();
            let more = if changes.len() > 3 { " …" } else { "" };
            out.push(Finding {
                range: q.range.clone(),
                code: Code::QuoteAltered,
                severity: Severity::Warning,
                message: format!(
                    "quote differs from the source: {}{more}",
                    if shown.is_empty() {
                        "some words differ".to_string()
                    } else {
                        shown.join("; ")
                    }
                ),
                sources: vec![source_ref(index, &best.m)],
                fixes: vec![Fix {
                    title: "Use the source's exact words".to_string(),
                    range: q.inner.clone(),
                    replacement: keep_edges(&note_source[q.inner.clone()], replacement),
                }],
            });
        }
        if let Some(f) = misattribution(index, q, located) {
            out.push(f);
        }
    }
    fresh.finish(note_source, quotes);
    Ok(out)
}

/// Do two names resolve to one entity of the corpus (an alias, an acronym, a
/// unique surname, a transliteration)?
fn same_entity(index: &Index, a: &str, b: &str) -> bool {
    index
        .entities
        .resolve(a)
        .is_some_and(|e| index.entities.resolve(b) == Some(e))
}

/// A misattribution finding when every equally good source passage with a
/// known speaker gives the quote to someone else.
fn misattribution(index: &Index, q: &NoteQuote, located: &[Located]) -> Option<Finding> {
    let ns = q.speaker.as_ref()?;
    let best = located.first()?.cost;
    let attributed: Vec<&Located> = located
        .iter()
        .filter(|l| l.cost == best && l.speaker.is_some())
        .collect();
    if attributed.is_empty() {
        return None;
    }
    let agrees = attributed.iter().any(|l| {
        let s = l.speaker.as_ref().unwrap();
        let context = format!(
            "{} {} {}",
            s.text,
            s.description,
            index.quotes.described(s.label())
        );
        same_entity(index, &ns.name, s.label()) || same_speaker(&ns.name, s.label(), &context)
    });
    if agrees {
        return None;
    }
    let l = attributed[0];
    let s = l.speaker.as_ref().unwrap();
    let who = s.label().to_string();
    // A writer who named a surname gets a surname back.
    let replacement = if !ns.name.contains(' ') && !speaker::is_role(&who) {
        who.split_whitespace()
            .next_back()
            .unwrap_or(&who)
            .to_string()
    } else {
        who.clone()
    };
    Some(Finding {
        range: q.range.clone(),
        code: Code::QuoteMisattributed,
        severity: Severity::Warning,
        message: format!(
            "quote attributed to {}, but the source gives it to {who}",
            ns.name
        ),
        sources: attributed.iter().map(|l| source_ref(index, &l.m)).collect(),
        fixes: vec![Fix {
            title: format!("Attribute the quote to {replacement}"),
            range: ns.range.clone(),
            replacement,
        }],
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const ARTICLE: &str = "Agency talks\n\n\
        Jane Doe, director of the National Agency, spoke on Friday.\n\n\
        \u{201c}We can see that the group is ready to fight the most dangerous wing of the movement,\u{201d} Doe said.\n\n\
        \u{201c}We again urge other countries to lift sanctions and return the assets,\u{201d} said John Roe, the foreign minister.\n";

    fn index() -> Index {
        Index::from_texts([
            ("agency.txt", ARTICLE),
            ("other.txt", "Other\n\nNothing to see here at all.\n"),
        ])
    }

    fn codes(note: &str) -> Vec<(Code, String)> {
        check(&index(), note)
            .into_iter()
            .map(|f| (f.code, f.message))
            .collect()
    }

    #[test]
    fn exact_elided_and_bracketed_quotes_pass() {
        assert!(
            codes("Doe said \"the group is ready to fight the most dangerous wing\".").is_empty()
        );
        assert!(codes("Doe said: \u{201c}We can see that [the group] is ready to fight\u{2026} the movement.\u{201d}").is_empty());
        assert!(codes("The agency chief said the group was \"ready to fight the most dangerous wing of the movement\".").is_empty());
        assert!(codes("Roe urged them to \"lift sanctions and return the assets\".").is_empty());
    }

    #[test]
    fn altered_quote_shows_the_difference_and_fixes_it() {
        let idx = index();
        let note = "Doe said the group is \"willing to fight the most dangerous wing\".";
        let f = check(&idx, note);
        assert_eq!(f.len(), 1, "{f:?}");
        assert_eq!(f[0].code, Code::QuoteAltered);
        assert_eq!(
            f[0].message,
            "quote differs from the source: \"ready to fight\" → \"willing to fight\""
        );
        let fix = &f[0].fixes[0];
        assert_eq!(
            &note[fix.range.clone()],
            "willing to fight the most dangerous wing"
        );
        assert_eq!(fix.replacement, "ready to fight the most dangerous wing");
        let a = &idx.corpus.articles[f[0].sources[0].article];
        assert!(a
            .raw(f[0].sources[0].range.clone())
            .unwrap()
            .starts_with("ready to fight"));
    }

    #[test]
    fn a_speaker_named_by_an_alias_is_not_misattributed() {
        let mut config = crate::config::Config::default();
        config
            .aliases
            .insert("Northern Rail Authority".into(), vec!["NRA".into()]);
        let corpus = crate::corpus::Corpus::from_texts([(
            "rail.txt",
            "Rail plans\n\n\"Every line will reopen by the spring,\" the Northern Rail Authority said on Monday.\n",
        )]);
        let idx = Index::build(corpus, &config);
        let note = "The NRA said \"every line will reopen by the spring\".";
        assert_eq!(
            check(&idx, note),
            vec![],
            "an alias of the source's speaker"
        );
        let note = "Ms Smith said \"every line will reopen by the spring\".";
        assert_eq!(check(&idx, note)[0].code, Code::QuoteMisattributed);
    }

    #[test]
    fn a_company_is_the_firm_that_said_it() {
        let corpus = crate::corpus::Corpus::from_texts([(
            "payoff.txt",
            "Payoff\n\nMs Roe left the firm on Friday. She was leaving \"by mutual agreement to \
             pursue other career opportunities\", the firm said in a statement. \"We will not \
             comment on the case today,\" the minister said.\n",
        )]);
        let idx = Index::build(corpus, &crate::config::Config::default());
        let note = "According to the company, she left \"by mutual agreement to pursue other \
                    career opportunities\".";
        assert_eq!(check(&idx, note), vec![], "two generic names of one firm");
        let note = "According to the company, \"we will not comment on the case today\".";
        assert_eq!(check(&idx, note)[0].code, Code::QuoteMisattributed);
    }

    #[test]
    fn unsourced_and_misattributed() {
        let c = codes("Doe said \"we will never talk to anyone about this\".");
        assert_eq!(c[0].0, Code::QuoteUnsourced);
        // Too far from the source to be the passage, but shown as the closest.
        let f = check(
            &index(),
            "Doe said \"the group is quite willing to battle the most dangerous arm\".",
        );
        assert_eq!(f[0].code, Code::QuoteUnsourced);
        assert!(
            f[0].sources[0]
                .label
                .starts_with("closest passage, 4 words differ"),
            "{f:?}"
        );
        let idx = index();
        let note = "\"We again urge other countries to lift sanctions,\" Doe said.";
        let f = check(&idx, note);
        assert_eq!(f.len(), 1, "{f:?}");
        assert_eq!(f[0].code, Code::QuoteMisattributed);
        assert_eq!(&note[f[0].fixes[0].range.clone()], "Doe");
        assert_eq!(f[0].fixes[0].replacement, "Roe");
    }

    #[test]
    fn source_quotes_map_to_raw_bytes() {
        let idx = index();
        let q = idx.quotes.source_quotes(&idx.corpus, 0);
        assert_eq!(q.len(), 2);
        let raw = &idx.corpus.articles[0].raw_text();
        assert!(raw[q[0].range.clone()].starts_with('\u{201c}'));
        assert!(raw[q[0].parts[0].clone()].starts_with("We can see"));
        assert_eq!(q[0].speaker.as_deref(), Some("Jane Doe"));
        assert_eq!(q[0].speaker_text.as_deref(), Some("Doe"));
        assert_eq!(q[1].speaker.as_deref(), Some("John Roe"));
    }

    #[test]
    fn short_and_scare_quotes_are_skipped() {
        assert!(codes("It was a \"full-fledged partnership\" and \"nonsense\".").is_empty());
    }

    #[test]
    fn definition_and_lens() {
        let idx = index();
        let note = "Doe said \"the group is ready to fight\".";
        let (q, m) = quote_at(&idx, note, 15).unwrap();
        assert_eq!(q.text, "the group is ready to fight");
        assert_eq!(m[0].kind, MatchKind::Exact);
        assert_eq!(lens_label(&idx, m.first()), "agency.txt · Doe");
        assert_eq!(lens_label(&idx, None), "not found in the sources");
        assert_eq!(short_id("000_dd5d9324bc52c63a.txt"), "000_dd5d….txt");
        assert!(quote_at(&idx, note, 2).is_none());
    }
}

#[cfg(test)]
mod markdown_tests {
    use super::*;

    #[test]
    fn ranges_point_into_the_markdown_source() {
        let idx = Index::from_texts([(
            "a.txt",
            "T\n\n\u{201c}We again urge other countries to lift sanctions and return the assets,\u{201d} said John Roe, the foreign minister.\n",
        )]);
        let note = "# Notes\n\n- Roe: \u{201c}We again urge *other* countries to [lift sanctions](https://x.y) and give back the assets.\u{201d}\n- Nothing here.\n";
        let f = check(&idx, note);
        assert_eq!(f.len(), 1, "{f:?}");
        assert_eq!(f[0].code, Code::QuoteAltered);
        assert!(note[f[0].range.clone()].starts_with('\u{201c}'));
        assert!(note[f[0].range.clone()].ends_with('\u{201d}'));
        let fix = &f[0].fixes[0];
        assert!(note[fix.range.clone()].starts_with("We again urge *other*"));
        assert!(note[fix.range.clone()].ends_with("the assets."));
        assert_eq!(
            fix.replacement,
            "We again urge other countries to lift sanctions and return the assets."
        );
        let a = &idx.corpus.articles[0];
        assert!(a
            .raw(f[0].sources[0].range.clone())
            .unwrap()
            .starts_with("We again urge"));
    }
}
