//! Figures: numbers in a note checked against the numbers in its sources.
//!
//! Every source sentence and every note sentence is scanned for figures
//! ([`parse`]), each read as the interval its wording allows ([`interval`]),
//! with a light-weight key of what it measures ([`measure`]). Source figures
//! are indexed once per corpus ([`FigureIndex`]); a note figure is compared
//! only with the source figures that measure the same thing, and judged
//! ([`verdict`]): supported, contradicted, sources differ, or unmatched.
//! [`audit`] lists the places where the sources disagree among themselves.
//!
//! Matching is conservative: a note figure is compared with a source figure
//! only when both have the same dimension (count, money in one currency,
//! share, date, age, duration, unit), the same counted head noun and
//! casualty class where both state one, the source article names what the
//! note sentence names (and the names right by the figure are in the source
//! sentence or its title), and the source sentence covers most of the note
//! sentence's words weighted by rarity. Within one source sentence only the
//! best-aligned figures count. A figure is contradicted only when no such
//! source figure allows its value; a source that states the very same value
//! always supports it.
//!
//! Thresholds are in [`verdict`]; `[figures] show_unmatched = true` in
//! `grounded.toml` reports figures nothing measures as hints. Editors keep a
//! [`FigureCache`] per note so a re-check after an edit only redoes the
//! sentences that changed.

pub mod index;
pub mod interval;
pub mod lexicon;
mod lists;
mod lower;
pub mod measure;
pub mod parse;
pub mod token;
pub mod verdict;

use std::collections::{BTreeMap, HashSet};
use std::ops::Range;
use std::sync::{Arc, OnceLock};

pub use index::FigureIndex;
pub use interval::Interval;
pub use lower::lower_case_words;
pub use parse::{Dim, Figure};
pub use verdict::{Assessment, Verdict};

use crate::cancel::{Cancel, Cancelled};
use crate::corpus::ArticleId;
use crate::fasthash::FastMap;
use crate::finding::{Code, Finding, Fix, Severity, SourceRef};
use crate::index::{Index, IndexId};
use crate::note::Note;
use measure::{analyse, Measure};
use parse::{resolve_years, year_of};
use verdict::{find_matches, values_agree, Query};

/// A figure of a note with its verdict.
#[derive(Debug, Clone)]
pub struct NoteFigure {
    /// Byte range in the note source.
    pub range: Range<usize>,
    /// The figure as written (folded).
    pub text: String,
    pub figure: Figure,
    pub measure: Measure,
    pub assessment: Assessment,
}

/// Hover card of a figure in a note.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FigureHover {
    /// Byte range in the note source.
    pub range: Range<usize>,
    pub markdown: String,
}

/// A place where sources disagree on a figure.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Disagreement {
    /// What the figure measures ("count of people (killed) · names around it").
    pub measure: String,
    /// Each value as written, its article and its original byte range.
    pub values: Vec<(String, ArticleId, Range<usize>)>,
}

/// Every figure of a note with its verdict, in note order.
pub fn assess_note(index: &Index, note_source: &str) -> Vec<NoteFigure> {
    assess_all(index, &Note::parse(note_source), None)
}

/// The figure findings for one note.
pub fn check(index: &Index, note_source: &str) -> Vec<Finding> {
    assess_uncancelled(index, &Note::parse(note_source), None).findings(index)
}

/// Like [`check`], reusing the verdicts of sentences whose text and context
/// are unchanged since the last call with the same cache (an editor
/// re-checking a note after each edit). Results equal [`check`]'s.
pub fn check_cached(index: &Index, note_source: &str, cache: &mut FigureCache) -> Vec<Finding> {
    assess_uncancelled(index, &Note::parse(note_source), Some(cache)).findings(index)
}

/// The figure findings of a parsed note, with an optional cache, given up
/// when `cancel` says so (the cache keeps what was done).
pub fn check_note(
    index: &Index,
    note_source: &str,
    note: &Note,
    mut cache: Option<&mut FigureCache>,
    cancel: Cancel<'_>,
) -> Result<Vec<Finding>, Cancelled> {
    let assessed = assess_placed(index, note, cache.as_deref_mut(), cancel)?;
    let out = assessed.findings(index);
    if let Some(c) = cache {
        c.last_note = Some(LastNote {
            source: note_source.to_string(),
            assessed,
        });
    }
    Ok(out)
}

/// A note's figures, each where it stands now in the note and taken from
/// its sentence's cached analysis, which is shared, not copied: a re-check
/// of an unchanged sentence only places its figures again.
struct Assessed {
    /// The note's folded text.
    text: String,
    figures: Vec<PlacedFigure>,
}

/// One figure of a note: its sentence's analysis and its place among that
/// sentence's figures.
struct PlacedFigure {
    /// Byte range in the note source.
    range: Range<usize>,
    /// Where its sentence starts in the folded note.
    sentence_start: usize,
    sentence: Arc<CachedSentence>,
    k: usize,
}

impl PlacedFigure {
    /// The figure's span in the folded note.
    fn span(&self) -> Range<usize> {
        let span = &self.sentence.figures[self.k].0.span;
        self.sentence_start + span.start..self.sentence_start + span.end
    }

    /// The figure as written (folded), from the folded note.
    fn text<'a>(&self, note_text: &'a str) -> &'a str {
        &note_text[self.span()]
    }

    fn note_figure(&self, note_text: &str) -> NoteFigure {
        let (f, m, a) = &self.sentence.figures[self.k];
        let mut figure = f.clone();
        figure.span = self.span();
        NoteFigure {
            range: self.range.clone(),
            text: self.text(note_text).to_string(),
            figure,
            measure: m.clone(),
            assessment: a.clone(),
        }
    }
}

impl Assessed {
    fn findings(&self, index: &Index) -> Vec<Finding> {
        let show_unmatched = index.config.figures.show_unmatched;
        // Made on every core: a finding reads the text of each source value
        // it was compared with, scattered through the corpus.
        crate::parallel::map_ordered(
            &self.figures,
            |p| {
                // A finding lists up to [`FINDING_SOURCES`] passages and
                // names values and articles: in a large corpus that is most
                // of a re-check, so an unchanged sentence's are reused.
                let made = p.sentence.findings[p.k].get_or_init(|| {
                    let assessment = &p.sentence.figures[p.k].2;
                    finding(
                        index,
                        &p.range,
                        p.text(&self.text),
                        assessment,
                        show_unmatched,
                    )
                });
                made.as_ref().map(|f| placed(f, &p.range))
            },
            None,
        )
        .into_iter()
        .flatten()
        .collect()
    }

    fn note_figures(&self) -> Vec<NoteFigure> {
        self.figures
            .iter()
            .map(|p| p.note_figure(&self.text))
            .collect()
    }
}

/// The last note a [`FigureCache`] checked, for hovers over the same text.
struct LastNote {
    source: String,
    assessed: Assessed,
}

impl std::fmt::Debug for LastNote {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "LastNote({} figures)", self.assessed.figures.len())
    }
}

/// `f` (a finding of a figure, made where its sentence was before) at the
/// figure's `range` now: the finding and its fixes all cover the figure.
fn placed(f: &Finding, range: &Range<usize>) -> Finding {
    let mut f = f.clone();
    f.range = range.clone();
    for fix in &mut f.fixes {
        fix.range = range.clone();
    }
    f
}

/// What one note sentence's analysis depends on: its text and its context
/// (the names of the sentence before, the year in force).
#[derive(Debug, Clone, PartialEq, Eq)]
struct SentenceKey {
    text: Box<str>,
    prev_names: Vec<String>,
    context_year: Option<i32>,
}

impl SentenceKey {
    /// The key's hash, from borrowed parts: a look-up allocates nothing.
    fn hash_of(text: &str, prev_names: &[String], context_year: Option<i32>) -> u64 {
        use std::hash::{Hash, Hasher};
        let mut h = crate::fasthash::FastHasher::default();
        (text, prev_names, context_year).hash(&mut h);
        h.finish()
    }

    fn is(&self, text: &str, prev_names: &[String], context_year: Option<i32>) -> bool {
        &*self.text == text && self.prev_names == prev_names && self.context_year == context_year
    }
}

/// One analysed note sentence, with spans relative to its start.
#[derive(Debug, Clone)]
struct CachedSentence {
    figures: Vec<(Figure, Measure, Assessment)>,
    /// Each figure's finding (if any), made by the first check that reports
    /// it; its ranges are where the figure was then.
    findings: Vec<OnceLock<Option<Finding>>>,
    names: Vec<String>,
    last_year: Option<i32>,
}

/// A cached sentence under its full key, the check that analysed it and
/// the last check that used it.
#[derive(Debug)]
struct CacheEntry {
    key: SentenceKey,
    done: Arc<CachedSentence>,
    made_by: u64,
    used_by: u64,
}

/// Verdicts of note sentences kept between checks of the same note. Tied to
/// one index: it empties itself when used with another.
#[derive(Debug, Default)]
pub struct FigureCache {
    /// The index the entries were computed against.
    index: Option<IndexId>,
    /// Entries by the hash of their key; the key itself is compared on a
    /// hit, so a hash collision is only a miss.
    entries: FastMap<u64, CacheEntry>,
    /// Counts checks: entries the last complete check did not use go.
    checks: u64,
    /// The note source of the last [`check_note`] and its figures, so a
    /// hover over the same text looks its figure up instead of assessing.
    last_note: Option<LastNote>,
    /// Sentences the last check analysed (or repeated from itself), and
    /// those it took from earlier checks.
    pub last_analysed: usize,
    pub last_reused: usize,
}

impl FigureCache {
    pub fn new() -> FigureCache {
        FigureCache::default()
    }

    pub fn len(&self) -> usize {
        self.entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// The cached analysis of a sentence under this key, marked as used by
    /// the current check, and whether an earlier check made it.
    fn get(
        &mut self,
        hash: u64,
        text: &str,
        names: &[String],
        year: Option<i32>,
    ) -> Option<(Arc<CachedSentence>, bool)> {
        let e = self
            .entries
            .get_mut(&hash)
            .filter(|e| e.key.is(text, names, year))?;
        e.used_by = self.checks;
        Some((Arc::clone(&e.done), e.made_by < self.checks))
    }

    fn put(&mut self, hash: u64, key: SentenceKey, done: Arc<CachedSentence>) {
        let (made_by, used_by) = (self.checks, self.checks);
        let entry = CacheEntry {
            key,
            done,
            made_by,
            used_by,
        };
        self.entries.insert(hash, entry);
    }
}

/// A note sentence read for its figures: what its figures are, what they
/// measure and the words and names around them, looked up in the index.
/// Reading is cheap and goes in note order (a sentence's context is the one
/// before it); judging the figures against the sources is the costly part,
/// and is done for all new sentences at once, on every core
/// ([`judge_sentence`]).
struct ReadSentence {
    span: Range<usize>,
    figures: Vec<(Figure, Measure)>,
    words: verdict::SentenceWords,
    names: Vec<String>,
    last_year: Option<i32>,
}

fn read_sentence(
    index: &Index,
    text: &str,
    span: Range<usize>,
    prev_names: &[String],
    context_year: Option<i32>,
) -> ReadSentence {
    let ix = &index.figures;
    let seen = |w: &str| ix.seen_lower(w);
    let mut sf = analyse(text, span.clone(), &seen);
    let mut figs: Vec<Figure> = sf.figures.iter().map(|(f, _)| f.clone()).collect();
    resolve_years(&mut figs, context_year, None);
    for (k, f) in figs.into_iter().enumerate() {
        sf.figures[k].0 = f;
    }
    let last_year = sf.figures.iter().rev().find_map(|(f, _)| year_of(f));
    let own_names: Vec<String> = sf.names.iter().map(|n| n.to_string()).collect();
    let names = if own_names.is_empty() {
        prev_names
    } else {
        &own_names
    };
    let mut words: Vec<&str> = sf.words.iter().map(|w| w.as_ref()).collect();
    words.extend(sf.figures.iter().map(|(_, m)| m.value_key.as_str()));
    let words = verdict::SentenceWords::new(ix, &words, names);
    ReadSentence {
        span,
        figures: sf.figures,
        words,
        names: own_names,
        last_year,
    }
}

/// Judges a read sentence's figures against the sources.
fn judge_sentence(index: &Index, read: &ReadSentence) -> CachedSentence {
    let ix = &index.figures;
    let start = read.span.start;
    let figures: Vec<_> = read
        .figures
        .iter()
        .map(|(f, m)| {
            let q = Query::of_sentence(ix, f.quantity(), m, &read.words);
            let matches = find_matches(ix, &q);
            let a = verdict::assess(ix, f, &matches);
            let a = verdict::withdraw_if_stated_elsewhere(ix, f, m, a);
            let mut rel = f.clone();
            rel.span = f.span.start - start..f.span.end - start;
            (rel, m.clone(), a)
        })
        .collect();
    CachedSentence {
        findings: figures.iter().map(|_| OnceLock::new()).collect(),
        figures,
        names: read.names.clone(),
        last_year: read.last_year,
    }
}

/// [`assess_placed`] that is never cancelled.
fn assess_uncancelled(index: &Index, note: &Note, cache: Option<&mut FigureCache>) -> Assessed {
    match assess_placed(index, note, cache, Cancel::NEVER) {
        Ok(assessed) => assessed,
        Err(Cancelled) => unreachable!("Cancel::NEVER never cancels"),
    }
}

/// Every figure of a parsed note, never cancelled.
fn assess_all(index: &Index, note: &Note, cache: Option<&mut FigureCache>) -> Vec<NoteFigure> {
    assess_uncancelled(index, note, cache).note_figures()
}

fn assess_placed(
    index: &Index,
    note: &Note,
    mut cache: Option<&mut FigureCache>,
    cancel: Cancel<'_>,
) -> Result<Assessed, Cancelled> {
    if let Some(c) = cache.as_deref_mut() {
        if c.index != Some(index.id) {
            c.entries.clear();
            c.last_note = None;
            c.index = Some(index.id);
        }
        c.checks += 1;
    }
    let text = note.text();
    let sentences = token::split_after_figures(text, &note.sentences);
    // In note order, each sentence's analysis is taken from the cache or
    // read anew: reading is cheap, and a sentence's context is the one
    // before it. A note may repeat a sentence word for word: one reading
    // serves every copy.
    let mut slots: Vec<Slot> = Vec::with_capacity(sentences.len());
    let mut new: Vec<NewSentence> = Vec::new();
    let mut new_by_hash: FastMap<u64, usize> = FastMap::default();
    let (mut analysed, mut reused) = (0, 0);
    let mut prev_names: Vec<String> = Vec::new();
    let mut context_year: Option<i32> = None;
    let mut paragraph = usize::MAX;
    for s in &sentences {
        if s.paragraph() != paragraph {
            paragraph = s.paragraph();
            context_year = None;
        }
        let sentence = &text[s.span()];
        let hash = SentenceKey::hash_of(sentence, &prev_names, context_year);
        let cached = cache
            .as_deref_mut()
            .and_then(|c| c.get(hash, sentence, &prev_names, context_year));
        let repeated = new_by_hash
            .get(&hash)
            .copied()
            .filter(|&k| new[k].key.is(sentence, &prev_names, context_year));
        let (names, last_year) = match (cached, repeated) {
            (Some((done, earlier)), _) => {
                if earlier {
                    reused += 1;
                } else {
                    analysed += 1;
                }
                let context = (done.names.clone(), done.last_year);
                slots.push(Slot::Done(done));
                context
            }
            (None, Some(k)) => {
                analysed += 1;
                slots.push(Slot::New(k));
                (new[k].read.names.clone(), new[k].read.last_year)
            }
            (None, None) => {
                analysed += 1;
                let read = read_sentence(index, text, s.span(), &prev_names, context_year);
                let context = (read.names.clone(), read.last_year);
                new_by_hash.entry(hash).or_insert(new.len());
                slots.push(Slot::New(new.len()));
                let key = SentenceKey {
                    text: sentence.into(),
                    prev_names: std::mem::take(&mut prev_names),
                    context_year,
                };
                new.push(NewSentence { hash, key, read });
                context
            }
        };
        if let Some(y) = last_year {
            context_year = Some(y);
        }
        prev_names = names;
    }
    // Then the new sentences' figures are judged against the sources, the
    // costly part, on every core. Once one worker hears the check is no
    // longer wanted, the others stop without asking again.
    let stopped = std::sync::atomic::AtomicBool::new(false);
    let judged = crate::parallel::map_ordered(
        &new,
        |n| {
            if stopped.load(std::sync::atomic::Ordering::Relaxed) {
                return Err(Cancelled);
            }
            cancel.check().inspect_err(|_| {
                stopped.store(true, std::sync::atomic::Ordering::Relaxed);
            })?;
            Ok(Arc::new(judge_sentence(index, &n.read)))
        },
        None,
    );
    // A cancelled check leaves what it judged in the cache.
    if let Some(c) = cache.as_deref_mut() {
        for (n, done) in new.iter().zip(&judged) {
            if let Ok(done) = done {
                c.put(n.hash, n.key.clone(), Arc::clone(done));
            }
        }
    }
    let judged = judged.into_iter().collect::<Result<Vec<_>, Cancelled>>()?;
    let mut out = Vec::new();
    for (s, slot) in sentences.iter().zip(slots) {
        let done = match slot {
            Slot::Done(done) => done,
            Slot::New(k) => Arc::clone(&judged[k]),
        };
        for (k, (f, _, _)) in done.figures.iter().enumerate() {
            let span = f.span.start + s.span().start..f.span.end + s.span().start;
            out.push(PlacedFigure {
                range: note.original(span),
                sentence_start: s.span().start,
                sentence: Arc::clone(&done),
                k,
            });
        }
    }
    if let Some(c) = cache {
        let this = c.checks;
        c.entries.retain(|_, e| e.used_by == this);
        (c.last_analysed, c.last_reused) = (analysed, reused);
    }
    Ok(Assessed {
        text: text.to_string(),
        figures: out,
    })
}

/// Where a note sentence's analysis comes from in [`assess_placed`].
enum Slot {
    /// The cache.
    Done(Arc<CachedSentence>),
    /// The new sentence at this place in the list, judged in this check.
    New(usize),
}

/// A sentence no earlier check analysed: its cache key and its reading.
struct NewSentence {
    hash: u64,
    key: SentenceKey,
    read: ReadSentence,
}

/// At most this many source passages go with a finding, best-aligned first.
/// In a large corpus a common figure matches hundreds of sentences; a reader
/// follows a handful, and an editor sends every one with each diagnostic.
const FINDING_SOURCES: usize = 10;
/// At most this many values a message names (the rest are counted), and a
/// contradicted figure offers as replacements.
const LISTED_VALUES: usize = 8;
/// At most this many articles a message names for one value.
const LISTED_ARTICLES: usize = 3;

/// Source values grouped by how they are written: (text, figure ids).
fn values_by_text<'a>(index: &'a Index, figs: &[u32]) -> BTreeMap<&'a str, Vec<u32>> {
    let mut by: BTreeMap<&str, Vec<u32>> = BTreeMap::new();
    // A text is four loads apart from its figure's id (the figure, its
    // sentence, the article, the text), each a miss in a large corpus:
    // each is asked for a few figures ahead of the one read.
    let ix = &index.figures;
    for (i, f) in figs.iter().enumerate() {
        if let Some(ahead) = figs.get(i + 12) {
            ix.prefetch(*ahead);
        }
        if let Some(ahead) = figs.get(i + 8) {
            ix.prefetch_sentence(*ahead);
        }
        if let Some(ahead) = figs.get(i + 4) {
            crate::prefetch::prefetch(&index.corpus.articles[ix.article_of(*ahead)]);
        }
        if let Some(ahead) = figs.get(i + 2) {
            let text = &index.corpus.articles[ix.article_of(*ahead)].folded.text;
            if let Some(byte) = text.as_bytes().get(ix.figure(*ahead).span().start) {
                crate::prefetch::prefetch(byte);
            }
        }
        by.entry(source_text(index, *f)).or_default().push(*f);
    }
    by
}

/// "145 (a.txt, b.txt), 150 (c.txt)": each value with the articles that
/// state it, both lists cut short with a count of the rest.
fn value_list(index: &Index, by: &BTreeMap<&str, Vec<u32>>) -> String {
    let mut parts: Vec<String> = by
        .iter()
        .take(LISTED_VALUES)
        .map(|(t, fs)| format!("{t} ({})", article_list(index, fs)))
        .collect();
    if by.len() > LISTED_VALUES {
        parts.push(format!("and {} more values", by.len() - LISTED_VALUES));
    }
    parts.join(", ")
}

/// The articles of `figs` in order of first appearance: the first
/// [`LISTED_ARTICLES`] by name, then how many more.
fn article_list(index: &Index, figs: &[u32]) -> String {
    let mut named: Vec<ArticleId> = Vec::new();
    for f in figs {
        let a = source_article(index, *f);
        if !named.contains(&a) {
            if named.len() == LISTED_ARTICLES {
                break;
            }
            named.push(a);
        }
    }
    let mut list = named
        .iter()
        .map(|a| index.corpus.articles[*a].id.as_str())
        .collect::<Vec<_>>()
        .join(", ");
    if named.len() == LISTED_ARTICLES {
        let mut all: Vec<ArticleId> = figs.iter().map(|f| source_article(index, *f)).collect();
        all.sort_unstable();
        all.dedup();
        if all.len() > named.len() {
            list.push_str(&format!(" and {} more", all.len() - named.len()));
        }
    }
    list
}

fn source_article(index: &Index, f: u32) -> ArticleId {
    index.figures.article_of(f)
}

/// A source figure as written (folded text).
fn source_text(index: &Index, f: u32) -> &str {
    let a = &index.corpus.articles[index.figures.article_of(f)];
    &a.folded.text[index.figures.figure(f).span()]
}

/// The original byte range of a source figure's sentence.
fn source_ref(index: &Index, f: u32) -> SourceRef {
    let sent = index.figures.sentence_of(f);
    let a = &index.corpus.articles[sent.article()];
    SourceRef {
        article: sent.article(),
        range: a.original(sent.span()),
        label: format!("says {}", source_text(index, f)),
    }
}

/// The finding of a note figure at `range`, written `text`, if any.
fn finding(
    index: &Index,
    range: &Range<usize>,
    text: &str,
    assessment: &Assessment,
    show_unmatched: bool,
) -> Option<Finding> {
    let compared = &assessment.compared;
    let sources = || {
        compared
            .iter()
            .take(FINDING_SOURCES)
            .map(|f| source_ref(index, *f))
            .collect()
    };
    match assessment.verdict {
        Verdict::Supported => None,
        Verdict::Contradicted => {
            let by = values_by_text(index, &compared[..assessment.primary.max(1)]);
            let fixes = by
                .keys()
                .take(LISTED_VALUES)
                .map(|t| Fix {
                    title: format!("Replace with {t}"),
                    range: range.clone(),
                    replacement: t.to_string(),
                })
                .collect();
            Some(Finding {
                range: range.clone(),
                code: Code::FigureContradicted,
                severity: Severity::Error,
                message: format!("the sources say {}, not {}", value_list(index, &by), text),
                sources: sources(),
                fixes,
            })
        }
        Verdict::SourcesDiffer => {
            let by = values_by_text(index, compared);
            Some(Finding {
                range: range.clone(),
                code: Code::FigureSourcesDiffer,
                severity: Severity::Info,
                message: format!(
                    "the sources differ on this figure: {}",
                    value_list(index, &by)
                ),
                sources: sources(),
                fixes: Vec::new(),
            })
        }
        Verdict::Unmatched if show_unmatched => Some(Finding {
            range: range.clone(),
            code: Code::FigureUnmatched,
            severity: Severity::Hint,
            message: format!("no source figure measures what {} measures", text),
            sources: Vec::new(),
            fixes: Vec::new(),
        }),
        Verdict::Unmatched => None,
    }
}

/// Hover card for the figure of a note at byte `offset` of its source.
pub fn figure_at(index: &Index, note_source: &str, offset: usize) -> Option<FigureHover> {
    if !figure_near(note_source, offset) {
        return None;
    }
    hover(
        index,
        &assess_all(index, &Note::parse(note_source), None),
        offset,
    )
}

/// Like [`figure_at`], reusing (and refreshing) the cache of
/// [`check_cached`]: a hover right after a check costs little.
pub fn figure_at_cached(
    index: &Index,
    note_source: &str,
    offset: usize,
    cache: &mut FigureCache,
) -> Option<FigureHover> {
    if !figure_near(note_source, offset) {
        return None;
    }
    if let Some(last) = cache
        .last_note
        .as_ref()
        .filter(|last| last.source == note_source && cache.index == Some(index.id))
    {
        let at = last
            .assessed
            .figures
            .iter()
            .find(|p| covers(&p.range, offset))?;
        return hover(index, &[at.note_figure(&last.assessed.text)], offset);
    }
    hover(
        index,
        &assess_all(index, &Note::parse(note_source), Some(cache)),
        offset,
    )
}

/// Source figures a hover lists (the best-aligned come first); the rest
/// are counted.
const HOVER_COMPARED: usize = 8;

/// How far either side of a hover [`figure_near`] looks.
const HOVER_WINDOW: usize = 2048;

/// Does the paragraph around `offset` have a figure there? A local look, so
/// that a hover away from any figure does not assess the whole note.
fn figure_near(note_source: &str, offset: usize) -> bool {
    let offset = offset.min(note_source.len());
    let block = crate::text::block_around(note_source, offset, HOVER_WINDOW);
    let folded = crate::text::fold_note(&note_source[block.clone()]);
    let toks = token::tokenize(&folded.text, 0..folded.text.len());
    parse::figures(&toks).iter().any(|f| {
        let r = folded.original(f.span.clone());
        let (start, end) = (block.start + r.start, block.start + r.end);
        start <= offset && offset < end.max(start + 1)
    })
}

/// Is `offset` on the figure at `range` (an empty range covers its start)?
fn covers(range: &Range<usize>, offset: usize) -> bool {
    range.start <= offset && offset < range.end.max(range.start + 1)
}

fn hover(index: &Index, figures: &[NoteFigure], offset: usize) -> Option<FigureHover> {
    let nf = figures.iter().find(|nf| covers(&nf.range, offset))?;
    let mut md = format!(
        "**{}** — {} {}\n\n**Verdict:** {}",
        nf.text,
        nf.figure.dim.describe(),
        describe_interval(&nf.figure),
        nf.assessment.verdict.as_str()
    );
    if let Some(h) = &nf.measure.head {
        md.push_str(&format!(" · measures: {}", h.trim_start_matches('@')));
    }
    if !nf.assessment.compared.is_empty() {
        md.push_str("\n\nCompared with:");
        let compared = &nf.assessment.compared;
        for f in compared.iter().take(HOVER_COMPARED) {
            let sent = index.figures.sentence_of(*f);
            let a = &index.corpus.articles[sent.article()];
            let ok = verdict::supports(&nf.figure, &index.figures.quantity(*f)) == Some(true);
            md.push_str(&format!(
                "\n- {} **{}** `{}`: {}",
                if ok { "✓" } else { "✗" },
                source_text(index, *f),
                a.id,
                a.text(sent.span())
            ));
        }
        if compared.len() > HOVER_COMPARED {
            md.push_str(&format!("\n- and {} more", compared.len() - HOVER_COMPARED));
        }
    }
    Some(FigureHover {
        range: nf.range.clone(),
        markdown: md,
    })
}

fn describe_interval(f: &Figure) -> String {
    if f.dim == Dim::Date {
        let day = |d: f64| {
            let y = (d / 372.0).floor();
            let r = d - y * 372.0;
            let m = (r / 31.0).floor() as u32 + 1;
            let dd = (r - (m as f64 - 1.0) * 31.0) as u32 + 1;
            // Day numbers give every month 31 days; show real ones.
            let leap = |y: i64| (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
            let last = match m {
                4 | 6 | 9 | 11 => 30,
                2 if f.year_known && leap(y as i64) => 29,
                2 => 28,
                _ => 31,
            };
            let dd = dd.min(last);
            if f.year_known {
                format!("{}-{m:02}-{dd:02}", y as i64)
            } else {
                format!("--{m:02}-{dd:02}")
            }
        };
        return format!("{} to {}", day(f.interval.lo), day(f.interval.hi));
    }
    f.interval.to_string()
}

/// Coverage the audit asks of two source sentences before comparing them.
const AUDIT_COVERAGE: f64 = 0.7;

/// Places where the corpus's sources disagree on a figure: the same measure
/// with incompatible values in different articles.
pub fn audit(index: &Index) -> Vec<Disagreement> {
    let ix = &index.figures;
    let mut seen: HashSet<Vec<u32>> = HashSet::new();
    let mut out = Vec::new();
    for (fid, sf) in ix.figures().iter().enumerate() {
        let fid = fid as u32;
        if !sf.precise() {
            continue;
        }
        let sent = ix.sentence(sf.sentence);
        let a = &index.corpus.articles[sent.article()];
        let own = analyse(&a.folded.text, sent.span(), &|w| ix.seen_lower(w));
        // Only figures tied to a named entity or event are audited.
        let own_names: Vec<u32> = own
            .names
            .iter()
            .filter_map(|n| ix.word_id(measure::name_stem(n)))
            .collect();
        if own_names.is_empty() {
            continue;
        }
        // The index keeps what a figure measures as ids; the sentence's
        // analysis, the same as when the index was built, has it in words.
        let first = (0..fid)
            .rev()
            .take_while(|g| ix.figure(*g).sentence == sf.sentence)
            .last()
            .unwrap_or(fid);
        let measure = &own.figures[(fid - first) as usize].1;
        let mut words: Vec<&str> = own.words.iter().map(|w| w.as_ref()).collect();
        words.extend(own.figures.iter().map(|(_, m)| m.value_key.as_str()));
        let q = Query {
            skip_article: Some(sent.article()),
            min_coverage: AUDIT_COVERAGE,
            ..Query::new(ix, ix.quantity(fid), measure, &words, &own.names)
        };
        let matches = find_matches(ix, &q);
        // The other figure's own sentence (or the one before it, or its
        // title) names the same entity, and both count the same thing.
        let mut group: Vec<u32> = matches
            .iter()
            .map(|m| m.figure)
            .filter(|f| {
                let g = ix.figure(*f);
                let names = ix.sentence_names(g.sentence);
                g.precise()
                    && g.head() == sf.head()
                    && own_names.iter().any(|n| names.binary_search(n).is_ok())
            })
            .collect();
        let quantity = ix.quantity(fid);
        let disagrees = group
            .iter()
            .any(|g| verdict::compatible(&quantity, &ix.quantity(*g)) == Some(false));
        if !disagrees {
            continue;
        }
        group.push(fid);
        group.sort_unstable();
        group.dedup();
        if values_agree(ix, &group) || !seen.insert(group.clone()) {
            continue;
        }
        out.push(Disagreement {
            measure: describe_measure(index, fid, measure),
            values: group
                .iter()
                .map(|f| {
                    let article = ix.article_of(*f);
                    let a = &index.corpus.articles[article];
                    (
                        source_text(index, *f).to_string(),
                        article,
                        a.original(ix.figure(*f).span()),
                    )
                })
                .collect(),
        });
    }
    out
}

/// "count of people (killed) · names" for a source figure and its measure.
fn describe_measure(index: &Index, f: u32, measure: &Measure) -> String {
    let ix = &index.figures;
    let mut s = ix.quantity(f).dim.describe();
    if let Some(h) = &measure.head {
        s.push_str(&format!(" of {}", h.trim_start_matches('@')));
    }
    if let Some(c) = measure.casualty {
        s.push_str(&format!(" ({})", format!("{c:?}").to_lowercase()));
    }
    let sentence = ix.figure(f).sentence;
    let names: Vec<&str> = ix
        .sentence_names(sentence)
        .iter()
        .take(3)
        .map(|n| ix.word(*n))
        .collect();
    if !names.is_empty() {
        s.push_str(&format!(" · {}", names.join(", ")));
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_hover_finds_the_same_figure_as_a_whole_note_assessment_everywhere() {
        let index = Index::from_texts([(
            "a.txt",
            "Storm\n\nThe storm killed 145 people on 3 March 2024 and cost \u{a3}1.5bn, officials said.\n",
        )]);
        let note = "# Storm\n\nThe storm killed\n250 people on 3 March\n2024.\n\n\
            - It cost **\u{a3}1.5\nbillion**, about a third of the [\\$4.5bn](#) budget.\n\n\
            ```\nkilled 999 people\n```\n\nNo figure in this paragraph at all.\n";
        let everything = assess_note(&index, note);
        assert!(everything.len() >= 4, "{everything:?}");
        for offset in 0..=note.len() {
            if !note.is_char_boundary(offset) {
                continue;
            }
            assert_eq!(
                figure_at(&index, note, offset),
                hover(&index, &everything, offset),
                "at {offset}: {:?}",
                &note[offset..]
            );
        }
    }

    #[test]
    fn a_hover_lists_the_first_source_figures_and_counts_the_rest() {
        let texts: Vec<(String, String)> = (0..12)
            .map(|i| {
                (
                    format!("a{i}.txt"),
                    format!(
                        "Storm {i}\n\nThe storm killed 145 people on the coast, officials said.\n"
                    ),
                )
            })
            .collect();
        let index = Index::from_texts(texts.iter().map(|(n, t)| (n.as_str(), t.as_str())));
        let note = "The storm killed 145 people on the coast.";
        let card = figure_at(&index, note, note.find("145").unwrap()).expect("a figure");
        assert_eq!(
            card.markdown.matches("\n- \u{2713}").count(),
            HOVER_COMPARED,
            "{}",
            card.markdown
        );
        assert!(
            card.markdown.ends_with("\n- and 4 more"),
            "{}",
            card.markdown
        );
    }

    /// `n` articles, each stating that the storm killed `killed(i)` people.
    fn storms(n: usize, killed: impl Fn(usize) -> usize) -> Index {
        let texts: Vec<(String, String)> = (0..n)
            .map(|i| {
                let k = killed(i);
                (
                    format!("a{i:02}.txt"),
                    format!(
                        "Storm {i}\n\nThe storm killed {k} people on the coast, officials said.\n"
                    ),
                )
            })
            .collect();
        Index::from_texts(texts.iter().map(|(n, t)| (n.as_str(), t.as_str())))
    }

    #[test]
    fn a_finding_names_a_few_articles_and_passages_and_counts_the_rest() {
        let index = storms(14, |_| 145);
        let found = check(&index, "The storm killed 250 people on the coast.");
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!(
            found[0].message,
            "the sources say 145 (a00.txt, a01.txt, a02.txt and 11 more), not 250"
        );
        assert_eq!(found[0].sources.len(), FINDING_SOURCES);
        assert_eq!(found[0].fixes.len(), 1);
    }

    #[test]
    fn a_finding_names_a_few_values_and_counts_the_rest() {
        let index = storms(12, |i| 100 + 10 * i);
        let found = check(&index, "The storm killed 145 people on the coast.");
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!(
            found[0].message,
            "the sources say 100 (a00.txt), 110 (a01.txt), 120 (a02.txt), 130 (a03.txt), \
             140 (a04.txt), 150 (a05.txt), 160 (a06.txt), 170 (a07.txt), and 4 more values, not 145"
        );
        assert_eq!(found[0].fixes.len(), LISTED_VALUES);
        assert_eq!(found[0].sources.len(), FINDING_SOURCES);
    }

    #[test]
    fn a_reused_finding_moves_with_its_sentence() {
        let index = storms(3, |_| 145);
        let note = "The storm killed 250 people on the coast.\n";
        let mut cache = FigureCache::new();
        let first = check_cached(&index, note, &mut cache);
        assert_eq!(first.len(), 1);
        let moved = format!("A line before.\n\n{note}");
        let again = check_cached(&index, &moved, &mut cache);
        assert_eq!(cache.last_reused, 1, "the sentence came from the cache");
        assert_eq!(again, check(&index, &moved));
        let at = moved.find("250").unwrap();
        assert_eq!(again[0].range, at..at + 3);
        assert_eq!(again[0].fixes[0].range, at..at + 3);
    }
}
