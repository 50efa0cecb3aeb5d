//! `check`: the one entry point both front ends call. Pure: an index and a
//! note's text in, findings out, sorted by position. The project's severity
//! settings and the note's own suppression comments are applied here, so the
//! editor and CI always agree.

use crate::cancel::{Cancel, Cancelled};
use crate::figures::FigureCache;
use crate::finding::Finding;
use crate::index::Index;
use crate::note::Note;
use crate::quotes::QuoteCache;
use crate::suppress::Suppressions;

/// What checking one note gave.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CheckOutcome {
    pub findings: Vec<Finding>,
    /// Findings silenced by the note's `grounded-ignore` comments.
    pub suppressed: usize,
}

/// Checks a note against the corpus behind `index`.
pub fn check(index: &Index, note: &str) -> Vec<Finding> {
    check_detailed(index, note).findings
}

/// What an editor keeps for each open note between checks, so that a
/// re-check after an edit only analyses the sentences and quotes that
/// changed. Tied to one index: it empties itself when used with another.
#[derive(Debug, Default)]
pub struct NoteCache {
    pub figures: FigureCache,
    pub quotes: QuoteCache,
}

impl NoteCache {
    pub fn new() -> NoteCache {
        NoteCache::default()
    }
}

/// [`check`], also counting what suppressions silenced.
pub fn check_detailed(index: &Index, note: &str) -> CheckOutcome {
    match outcome(index, note, None, Cancel::NEVER) {
        Ok(outcome) => outcome,
        Err(Cancelled) => unreachable!("Cancel::NEVER never cancels"),
    }
}

/// [`check_detailed`] for an editor: reuses what `cache` holds from the
/// last check of the same note, and gives up with [`Cancelled`] when
/// `cancel` says the result is no longer wanted (a newer version of the
/// note is waiting). Its result always equals [`check_detailed`]'s.
pub fn check_incremental(
    index: &Index,
    note: &str,
    cache: &mut NoteCache,
    cancel: Cancel<'_>,
) -> Result<CheckOutcome, Cancelled> {
    outcome(index, note, Some(cache), cancel)
}

fn outcome(
    index: &Index,
    note: &str,
    cache: Option<&mut NoteCache>,
    cancel: Cancel<'_>,
) -> Result<CheckOutcome, Cancelled> {
    let mut findings = analyse(index, note, cache, cancel)?;
    findings.retain_mut(|f| match index.config.severity.get(&f.code) {
        None => true,
        Some(level) => level.severity().map(|s| f.severity = s).is_some(),
    });
    let suppressions = Suppressions::parse(note);
    let before = findings.len();
    findings.retain(|f| !suppressions.silences(f));
    let suppressed = before - findings.len();
    findings.sort_by(|a, b| {
        (a.range.start, a.range.end, a.code).cmp(&(b.range.start, b.range.end, b.code))
    });
    Ok(CheckOutcome {
        findings,
        suppressed,
    })
}

/// Every analysis's findings, unfiltered.
fn analyse(
    index: &Index,
    source: &str,
    cache: Option<&mut NoteCache>,
    cancel: Cancel<'_>,
) -> Result<Vec<Finding>, Cancelled> {
    let note = Note::parse(source);
    let (quotes, figures) = match cache {
        Some(c) => (Some(&mut c.quotes), Some(&mut c.figures)),
        None => (None, None),
    };
    // The two analyses share nothing but the index and the note: figures
    // are checked side by side with quotes (the figures of new sentences
    // are judged on every core: they are most of a first check's work).
    // A check is work a user waits for: it runs on the foreground pool.
    let (quoted, figured) = crate::parallel::in_foreground(|| {
        crate::parallel::join(
            || crate::quotes::check_note(index, source, &note, quotes, cancel),
            || crate::figures::check_note(index, source, &note, figures, cancel),
        )
    });
    let mut findings = quoted?;
    findings.extend(figured?);
    Ok(findings)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::finding::Code;
    use std::sync::atomic::{AtomicUsize, Ordering};

    const ARTICLE: &str = "Port blast\n\n\
        The explosion at the port killed 145 people on Tuesday, officials said.\n\n\
        \u{201c}We will rebuild every warehouse within two years,\u{201d} said Ana Ruiz, the port director.\n\n\
        The government pledged $300m for the reconstruction of the harbour.\n";

    fn index() -> Index {
        Index::from_texts([("port.txt", ARTICLE)])
    }

    /// A note of `n` paragraphs, each with a figure and a quote.
    fn note(n: usize) -> String {
        (0..n)
            .map(|i| {
                format!(
                    "The explosion at the port killed {} people on Tuesday, officials said. \
                     Ruiz said \"we will rebuild every warehouse within two years\".\n\n",
                    if i % 3 == 0 { 250 + i } else { 145 }
                )
            })
            .collect()
    }

    fn codes(findings: &[Finding]) -> Vec<Code> {
        findings.iter().map(|f| f.code).collect()
    }

    #[test]
    fn incremental_checks_equal_full_checks_after_each_edit() {
        let idx = index();
        let mut cache = NoteCache::new();
        let mut text = note(6);
        let edits = [
            ("killed 145", "killed 400"),
            ("every warehouse", "each warehouse"),
            ("on Tuesday", "on Monday"),
            ("Ruiz said", "The director said"),
        ];
        for (from, to) in edits {
            let incremental = check_incremental(&idx, &text, &mut cache, Cancel::NEVER).unwrap();
            assert_eq!(incremental, check_detailed(&idx, &text), "{text}");
            text = text.replacen(from, to, 1);
        }
        let last = check_incremental(&idx, &text, &mut cache, Cancel::NEVER).unwrap();
        assert_eq!(last, check_detailed(&idx, &text));
        assert!(codes(&last.findings).contains(&Code::QuoteAltered));
        assert!(codes(&last.findings).contains(&Code::FigureContradicted));
    }

    #[test]
    fn a_one_line_edit_re_analyses_only_the_sentences_it_touches() {
        let idx = index();
        let mut cache = NoteCache::new();
        let text = note(20);
        check_incremental(&idx, &text, &mut cache, Cancel::NEVER).unwrap();
        assert!(cache.figures.last_analysed >= 20);
        assert_eq!(cache.quotes.last_searched, 1, "one distinct quote text");

        // Change one paragraph's figure: one sentence is analysed again.
        let edited = text.replacen("killed 145", "killed 146", 1);
        check_incremental(&idx, &edited, &mut cache, Cancel::NEVER).unwrap();
        assert_eq!(cache.figures.last_analysed, 1);
        assert!(cache.figures.last_reused >= 19);
        assert_eq!(cache.quotes.last_searched, 0);

        // Change one quote: only it is searched for.
        let edited = edited.replacen("every warehouse within", "every depot within", 1);
        let outcome = check_incremental(&idx, &edited, &mut cache, Cancel::NEVER).unwrap();
        assert_eq!(cache.quotes.last_searched, 1);
        assert_eq!(cache.quotes.last_reused, 1);
        assert_eq!(outcome, check_detailed(&idx, &edited));
    }

    #[test]
    fn a_cancelled_check_stops_and_leaves_the_cache_usable() {
        let idx = index();
        let mut cache = NoteCache::new();
        let text = note(10);
        // Cancelled after a few units of work.
        let asked = AtomicUsize::new(0);
        let soon = || asked.fetch_add(1, Ordering::SeqCst) >= 3;
        let given_up = check_incremental(&idx, &text, &mut cache, Cancel::when(&soon));
        assert_eq!(given_up, Err(Cancelled));
        // Quotes and figures are checked side by side, the figures on every
        // core: each worker stops at its first ask after the cancel (or at
        // once, when another figure worker heard it first).
        let asked = asked.load(Ordering::SeqCst);
        let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
        assert!((4..=4 + cores).contains(&asked), "asked {asked} times");
        // What the cancelled check did is reused; the result is complete.
        let outcome = check_incremental(&idx, &text, &mut cache, Cancel::NEVER).unwrap();
        assert_eq!(outcome, check_detailed(&idx, &text));
        assert!(cache.figures.last_reused + cache.quotes.last_reused > 0);
    }

    #[test]
    fn a_cache_filled_from_another_index_is_not_reused() {
        let mut cache = NoteCache::new();
        let text = note(3);
        check_incremental(&index(), &text, &mut cache, Cancel::NEVER).unwrap();
        let other = Index::from_texts([("port.txt", &ARTICLE.replace("145", "146") as &str)]);
        let outcome = check_incremental(&other, &text, &mut cache, Cancel::NEVER).unwrap();
        assert_eq!(outcome, check_detailed(&other, &text));
        assert_eq!(cache.figures.last_reused, 0);
    }

    #[test]
    fn lookups_by_offset_from_the_cache_equal_fresh_ones_everywhere() {
        let idx = index();
        let mut cache = NoteCache::new();
        let text = format!(
            "{}> \u{201c}We will rebuild every warehouse within two years\u{201d}\n\n\
             Officials said the port lost \"every warehouse it had\".\n",
            note(3)
        );
        check_incremental(&idx, &text, &mut cache, Cancel::NEVER).unwrap();
        let (mut figures, mut quotes) = (0, 0);
        for offset in (0..=text.len()).filter(|o| text.is_char_boundary(*o)) {
            let fresh = crate::figures::figure_at(&idx, &text, offset);
            figures += usize::from(fresh.is_some());
            assert_eq!(
                crate::figures::figure_at_cached(&idx, &text, offset, &mut cache.figures),
                fresh,
                "figure at {offset}"
            );
            let fresh = crate::quotes::quote_at(&idx, &text, offset);
            quotes += usize::from(fresh.is_some());
            let whole_note = crate::quotes::note_quotes(&text)
                .into_iter()
                .find(|q| q.range.start <= offset && offset <= q.range.end);
            assert_eq!(
                fresh.as_ref().map(|(q, _)| q),
                whole_note.as_ref(),
                "at {offset}"
            );
            let cached = crate::quotes::quote_at_cached(&idx, &text, offset, &cache.quotes);
            assert_eq!(
                cached.map(|(q, m)| (q, m.len())),
                fresh.map(|(q, m)| (q, m.len())),
                "quote at {offset}"
            );
        }
        assert!(figures > 0 && quotes > 0, "{figures} {quotes}");
    }
}
