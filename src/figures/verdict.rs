//! Matching a figure to the source figures that measure the same thing, and
//! the verdict: supported, contradicted, sources differ, or unmatched.
//!
//! Two figures are compared only when they have the same dimension (and
//! currency), the same head noun and casualty class where both state one,
//! share a proper name when the query names anything, and the source
//! sentence covers most of the query sentence's topic words (weighted by
//! rarity). Within one source sentence only the best-aligned figure counts.

use super::index::{FigureIndex, SourceFigure, Stage};
use super::interval::{roundness, Interval};
use super::measure::{name_stem, same_kind, Measure};
use super::parse::{Dim, Figure, Quantity};
use crate::corpus::ArticleId;

/// Share of the query's topic weight a source sentence must cover.
pub const MIN_COVERAGE: f64 = 0.5;
/// Share of the query's names (by rarity) the source sentence, the one
/// before it and the title must state.
pub const MIN_NAME_COVERAGE: f64 = 0.5;
/// Coverage asked of a query that names nothing.
pub const UNNAMED_COVERAGE: f64 = 0.7;
/// How many of the query's rarest words are used to find candidates.
const SEED_WORDS: usize = 8;
/// Sentences whose coverage falls this far below the best-covered one are
/// about something else.
pub const COVERAGE_MARGIN: f64 = 0.3;
/// Seed words on more source figures than this are not used to find
/// candidates (so the index keeps no more of a list than tells it).
pub const MAX_POSTINGS: usize = 400;
/// Sources matching within this score of the best are quoted in messages
/// and offered as fixes.
const PRIMARY_MARGIN: f64 = 0.15;
/// Alignment bonus of a source figure whose value the query's allows.
const SAME_VALUE_BONUS: f64 = 0.2;
/// Figures of one source sentence scoring this close to its best-aligned
/// one are kept too: when two figures of a sentence read alike, either may
/// be the one the note means.
const TIE: f64 = 0.15;
/// How many first figures ahead of the one read a walk of the seed lists
/// asks for (4 and 16 were slower at 100× BBC).
const FIRSTS_AHEAD: usize = 8;

/// A figure to match, with its context as index word ids.
#[derive(Debug, Clone)]
pub struct Query<'a> {
    pub figure: Quantity,
    pub measure: &'a Measure,
    /// Topic words (None: unknown to the corpus) with their weights.
    pub words: Vec<(Option<u32>, f64)>,
    /// Names the query sentence states (None: unknown to the corpus).
    pub names: Vec<Option<u32>>,
    /// Local words with weights.
    pub local: Vec<(Option<u32>, f64)>,
    /// Names near the figure (stem ids).
    pub local_names: Vec<Option<u32>>,
    /// Source sentences not to match (a source figure's own article).
    pub skip_article: Option<usize>,
    pub min_coverage: f64,
    /// The head noun's id: None if the query has none, Some(None) if the
    /// corpus never has it as a head.
    pub head: Option<Option<u32>>,
}

impl Query<'_> {
    /// Builds a query from word keys.
    pub fn new<'a>(
        ix: &FigureIndex,
        figure: Quantity,
        measure: &'a Measure,
        words: &[impl AsRef<str>],
        names: &[impl AsRef<str>],
    ) -> Query<'a> {
        let words = SentenceWords::new(ix, words, names);
        Query::of_sentence(ix, figure, measure, &words)
    }

    /// Builds a query for one figure of a sentence whose words were looked
    /// up once.
    pub fn of_sentence<'a>(
        ix: &FigureIndex,
        figure: Quantity,
        measure: &'a Measure,
        sentence: &SentenceWords,
    ) -> Query<'a> {
        let own = ix.word_id(&measure.value_key);
        let words = sentence
            .words
            .iter()
            .zip(&sentence.keys_are_values)
            .filter(|((id, _), is_value)| !(**is_value && *id == own))
            .map(|(w, _)| *w)
            .collect();
        Query {
            figure,
            measure,
            words,
            names: sentence.names.clone(),
            local: measure
                .local
                .iter()
                .map(|w| {
                    let id = ix.word_id(w);
                    (id, ix.idf(id))
                })
                .collect(),
            local_names: measure.local_names.iter().map(|n| ix.word_id(n)).collect(),
            skip_article: None,
            min_coverage: MIN_COVERAGE,
            head: measure.head.as_ref().map(|h| ix.word_id(h)),
        }
    }
}

/// A sentence's topic words and names, looked up in the index once for all
/// its figures.
#[derive(Debug, Clone)]
pub struct SentenceWords {
    pub words: Vec<(Option<u32>, f64)>,
    /// Which words are value pseudo-words ("#Count:145").
    pub keys_are_values: Vec<bool>,
    pub names: Vec<Option<u32>>,
}

impl SentenceWords {
    pub fn new(
        ix: &FigureIndex,
        words: &[impl AsRef<str>],
        names: &[impl AsRef<str>],
    ) -> SentenceWords {
        SentenceWords {
            words: words
                .iter()
                .map(|w| {
                    let id = ix.word_id(w.as_ref());
                    (id, ix.idf(id))
                })
                .collect(),
            keys_are_values: words.iter().map(|w| w.as_ref().starts_with('#')).collect(),
            names: names
                .iter()
                .map(|n| ix.word_id(name_stem(n.as_ref())))
                .collect(),
        }
    }
}

/// A source figure matched to a query, with how well.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Match {
    pub figure: u32,
    pub score: f64,
}

/// Does [`compatible`]`(a, b)` read the positions within their years, for
/// `b` of dimension `b_dim` and `b_year_known`?
pub fn reads_in_year(a: &Quantity, b_dim: Dim, b_year_known: bool) -> bool {
    a.dim == b_dim && a.dim == Dim::Date && !(a.year_known && b_year_known)
}

/// Can the two figures be compared, and if so do their intervals meet?
pub fn compatible(a: &Quantity, b: &Quantity) -> Option<bool> {
    if a.dim != b.dim {
        return None;
    }
    if reads_in_year(a, b.dim, b.year_known) {
        return match (a.in_year, b.in_year) {
            (Some(x), Some(y)) => Some(x.overlaps(&y)),
            _ => None,
        };
    }
    Some(a.interval.overlaps(&b.interval))
}

/// The share of `weighted`'s weight that `sorted` holds.
fn covered(weighted: &[(Option<u32>, f64)], sorted: &[u32]) -> f64 {
    share(weighted, |id| sorted.binary_search(&id).is_ok())
}

/// The share of `weighted`'s weight on the ids `held` says are there.
fn share(weighted: &[(Option<u32>, f64)], held: impl Fn(u32) -> bool) -> f64 {
    let total: f64 = weighted.iter().map(|(_, w)| w).sum();
    if total == 0.0 {
        return 0.0;
    }
    let hit: f64 = weighted
        .iter()
        .filter(|(id, _)| id.is_some_and(&held))
        .map(|(_, w)| w)
        .sum();
    hit / total
}

/// The source figures that measure what the query measures.
pub fn find_matches(ix: &FigureIndex, q: &Query) -> Vec<Match> {
    // Seed words: the query's rarest topic words. A candidate must share
    // enough of them that full coverage is still reachable.
    let total: f64 = q.words.iter().map(|(_, w)| w).sum();
    let mut seeds: Vec<(u32, f64)> = q
        .words
        .iter()
        .filter_map(|(id, w)| id.map(|id| (id, *w)))
        .collect();
    seeds.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
    seeds.dedup_by_key(|s| s.0);
    seeds.truncate(SEED_WORDS);
    // Words on too many figures find nothing particular: leave them to the
    // coverage bound. (A list names a figure or more a sentence: one of
    // more sentences than the bound has more figures too.)
    let dim = q.figure.dim;
    let lists: Vec<(&[u32], f64)> = seeds
        .iter()
        .map(|(id, w)| (ix.postings(dim, *id), *w))
        .filter(|(list, _)| list.len() <= MAX_POSTINGS)
        .collect();
    // Each first figure is a miss: the next few are loaded meanwhile, across
    // the ends of the lists (most are short).
    let firsts: Vec<u32> = lists.iter().flat_map(|(l, _)| l.iter().copied()).collect();
    // Sum each candidate's seed weight: every (figure, weight) the seed
    // lists give, sorted by figure (stably, so that a figure's weights add
    // up in list order), summed run by run. A few hundred pairs sort in
    // the cache, where a slot per source figure would miss it on each add.
    let mut hits: Vec<(u32, f64)> = Vec::new();
    let mut seeded: Vec<f64> = Vec::new();
    let mut next = 0;
    for (list, w) in &lists {
        let before = hits.len();
        for first in *list {
            if let Some(ahead) = firsts.get(next + FIRSTS_AHEAD) {
                ix.prefetch(*ahead);
            }
            next += 1;
            hits.extend(ix.figures_from(*first).map(|f| (f, *w)));
        }
        if hits.len() - before > MAX_POSTINGS {
            hits.truncate(before);
            continue;
        }
        seeded.push(*w);
    }
    let unseeded = total - seeded.iter().sum::<f64>();
    hits.sort_by_key(|h| h.0);
    // The tests a figure's own record settles come next, the records just
    // read by the walk: most candidates of a large corpus fail them, and
    // are then never looked for in their sentences' rows.
    let record = RecordTest::new(ix, q);
    let cands: Vec<Candidate> = hits
        .chunk_by(|a, b| a.0 == b.0)
        .filter(|run| {
            let w = run.iter().fold(0.0, |sum, h| sum + h.1);
            total > 0.0 && (w + unseeded) / total >= q.min_coverage
        })
        .filter_map(|run| {
            let f = run[0].0;
            let figure = ix.figure(f);
            record.passes(f, figure).map(|same_value| Candidate {
                figure: f,
                sentence: figure.sentence,
                same_value,
            })
        })
        .collect();
    // The candidates left are tested in two more passes, each loading what
    // it reads a few candidates ahead (most of a large corpus's candidates
    // are cache misses): against their sentence's row, then the survivors
    // against their article's names and the figure's local words. The
    // tests only filter, so their order changes no result.
    let passed = sentence_tests(ix, q, &record.name_weights, &cands);
    let names_known: Vec<u32> = q.names.iter().flatten().copied().collect();
    let mut scored: Vec<(u32, u32, f64, f64)> = Vec::new();
    for (i, c) in passed.iter().enumerate() {
        if let Some(ahead) = passed.get(i + 8) {
            ix.prefetch_context(ahead.figure, ahead.article, Stage::Start);
        }
        if let Some(ahead) = passed.get(i + 4) {
            ix.prefetch_context(ahead.figure, ahead.article, Stage::List);
        }
        // The entity: a name the query states is in the source article
        // (and most of its names around the sentence: the first pass).
        if !names_known.is_empty() {
            let article_names = ix.article_names(c.article);
            if !names_known
                .iter()
                .any(|n| article_names.binary_search(n).is_ok())
            {
                continue;
            }
        }
        let local = if q.local.is_empty() {
            0.0
        } else {
            covered(&q.local, ix.local(c.figure))
        };
        // A year is about what is said right by it.
        if q.figure.dim == Dim::Date && !q.local.is_empty() && local == 0.0 {
            continue;
        }
        // Within a sentence, the figure whose words are around it in both
        // places is the one meant; an equal value is evidence too (a writer
        // copies figures), which keeps look-alike neighbours from raising
        // false alarms.
        let same_value = if c.same_value { SAME_VALUE_BONUS } else { 0.0 };
        scored.push((
            c.sentence,
            c.figure,
            c.coverage,
            c.coverage + 0.5 * local + same_value,
        ));
    }
    let best_coverage = scored.iter().map(|s| s.2).fold(0.0, f64::max);
    let scored: Vec<(u32, u32, f64)> = scored
        .into_iter()
        .filter(|s| s.2 >= best_coverage - COVERAGE_MARGIN)
        .map(|(a, b, _, d)| (a, b, d))
        .collect();
    // Keep each sentence's best-aligned figures.
    let mut scored = scored;
    scored.sort_by(|a, b| a.0.cmp(&b.0).then(b.2.total_cmp(&a.2)));
    let mut out = Vec::new();
    let mut i = 0;
    while i < scored.len() {
        let (sid, _, best) = scored[i];
        while i < scored.len() && scored[i].0 == sid {
            if scored[i].2 >= best - TIE {
                out.push(Match {
                    figure: scored[i].1,
                    score: scored[i].2,
                });
            }
            i += 1;
        }
    }
    out.sort_by(|a, b| b.score.total_cmp(&a.score).then(a.figure.cmp(&b.figure)));
    out
}

/// A source figure the seed lists give whose record passed
/// [`RecordTest`].
#[derive(Debug, Clone, Copy)]
struct Candidate {
    figure: u32,
    sentence: u32,
    /// The figure's value meets the query's.
    same_value: bool,
}

/// The tests of a source figure that read its record alone: its head noun
/// and kind, a comparable value, and the query's names in its sentence's
/// signature ([`SourceFigure::sentence_names`]): at least as much of them
/// (by rarity) as the row's test asks, or the row surely fails it.
struct RecordTest<'q, 'm> {
    ix: &'q FigureIndex,
    q: &'q Query<'m>,
    name_weights: Vec<(Option<u32>, f64)>,
}

impl<'q, 'm> RecordTest<'q, 'm> {
    fn new(ix: &'q FigureIndex, q: &'q Query<'m>) -> RecordTest<'q, 'm> {
        RecordTest {
            ix,
            q,
            name_weights: weighed(ix, &q.names),
        }
    }

    /// Whether source figure `f` (its record `sf`) may match, and if so
    /// whether its value meets the query's.
    fn passes(&self, f: u32, sf: &SourceFigure) -> Option<bool> {
        let q = self.q;
        if let (Some(qh), Some(sh)) = (q.head, sf.head()) {
            if qh != Some(sh) {
                return None;
            }
        }
        // The heads were compared above, by id.
        if !same_kind(q.measure, sf.head().is_some(), sf.casualty, sf.end_point) {
            return None;
        }
        let quantity = self.ix.quantity_against(f, Some(&q.figure));
        let same_value = compatible(&q.figure, &quantity)?;
        // The same sum as `covered`'s over a superset of its names: never
        // less (rounding is monotone), so a sentence ruled out here fails
        // the row's test too.
        if !q.names.is_empty() {
            let signature = sf.sentence_names();
            let at_most = share(&self.name_weights, |id| signature.may_hold(id));
            if at_most < MIN_NAME_COVERAGE {
                return None;
            }
        }
        Some(same_value)
    }
}

fn weighed(ix: &FigureIndex, ids: &[Option<u32>]) -> Vec<(Option<u32>, f64)> {
    ids.iter().map(|n| (*n, ix.idf(*n))).collect()
}

/// A candidate that passed [`sentence_tests`].
struct Passed {
    figure: u32,
    sentence: u32,
    article: ArticleId,
    /// How much of the query's topic words the sentence has, by rarity.
    coverage: f64,
    /// The candidate's value meets the query's.
    same_value: bool,
}

/// The candidates (in order) whose sentence agrees with the query: the
/// query's names around the sentence (most of them, by rarity; those right
/// by the figure in the sentence itself) and enough of its topic words.
/// `name_weights` are the query's names with their weights.
fn sentence_tests(
    ix: &FigureIndex,
    q: &Query,
    name_weights: &[(Option<u32>, f64)],
    cands: &[Candidate],
) -> Vec<Passed> {
    let local_name_weights = weighed(ix, &q.local_names);
    // A query naming nothing must match more of its words.
    let min_coverage = if q.names.is_empty() {
        q.min_coverage.max(UNNAMED_COVERAGE)
    } else {
        q.min_coverage
    };
    let mut passed = Vec::new();
    for (i, c) in cands.iter().enumerate() {
        if let Some(ahead) = cands.get(i + 8) {
            ix.prefetch_row(ahead.sentence, Stage::Start);
        }
        if let Some(ahead) = cands.get(i + 4) {
            ix.prefetch_row(ahead.sentence, Stage::List);
        }
        let row = ix.sentence_row(c.sentence);
        let article = row.article as ArticleId;
        if q.skip_article == Some(article) {
            continue;
        }
        if !q.names.is_empty() && covered(name_weights, row.names) < MIN_NAME_COVERAGE {
            continue;
        }
        // Names right by the figure belong to what it measures: most of them
        // (by rarity) must be in the source sentence itself or its title.
        if !q.local_names.is_empty()
            && covered(&local_name_weights, row.own_names) < MIN_NAME_COVERAGE
        {
            continue;
        }
        let coverage = covered(&q.words, row.words);
        if coverage < min_coverage {
            continue;
        }
        passed.push(Passed {
            figure: c.figure,
            sentence: c.sentence,
            article,
            coverage,
            same_value: c.same_value,
        });
    }
    passed
}

/// What the sources say about a figure.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verdict {
    /// A matching source figure allows the value.
    Supported,
    /// Matching source figures exist and none allows the value.
    Contradicted,
    /// The value is allowed by some matching sources, but the sources
    /// disagree among themselves.
    SourcesDiffer,
    /// Nothing to compare with.
    Unmatched,
}

impl Verdict {
    pub fn as_str(self) -> &'static str {
        match self {
            Verdict::Supported => "supported",
            Verdict::Contradicted => "contradicted",
            Verdict::SourcesDiffer => "sources differ",
            Verdict::Unmatched => "unmatched",
        }
    }
}

/// A verdict and the source figures it rests on.
#[derive(Debug, Clone, PartialEq)]
pub struct Assessment {
    pub verdict: Verdict,
    /// The source figures the value was judged against (values where the
    /// sources state values, else their bounds), best matching first.
    pub compared: Vec<u32>,
    /// How many of `compared`, from the first, match about as well as the
    /// best: the ones a message quotes and fixes offer.
    pub primary: usize,
}

/// Do the figures' values all agree: is each compatible with every one
/// before it? (Grouping them into clusters of mutually compatible values,
/// a first cluster that takes them all.) A value met before stands for its
/// repeats, so a hundred copies of two values cost a few comparisons.
pub fn values_agree(ix: &FigureIndex, figs: &[u32]) -> bool {
    let mut seen: Vec<Quantity> = Vec::new();
    for &f in figs {
        let q = ix.quantity(f);
        if seen.iter().any(|s| compatible(&q, s) != Some(true)) {
            return false;
        }
        if !seen.contains(&q) {
            seen.push(q);
        }
    }
    true
}

/// Does a source figure support a note figure? Their intervals must meet;
/// and where both are bounds in the same direction, the note's bound may not
/// claim more than the source's ("at least 40" is not supported by "at least
/// 14", "more than 100" is by "more than 120").
pub fn supports(note: &Figure, src: &Quantity) -> Option<bool> {
    // The note may round: judge its loose interval.
    let loose = Quantity {
        interval: note.loose,
        ..note.quantity()
    };
    let meet = compatible(&loose, src)?;
    let note = &note.quantity();
    let lower_bound = |f: &Quantity| f.interval.hi.is_infinite();
    let upper_bound =
        |f: &Quantity| !f.precise && f.interval.lo <= 0.0 && f.interval.hi.is_finite();
    // A weaker bound is fine when it is a rounder number near the source's
    // ("more than 100" for "more than 120"), not when it is another figure
    // ("more than 36,000" for "more than 63,000").
    let near = |n: f64, s: f64| (n - s).abs() <= roundness(n, 1.0).max(0.25 * s.abs());
    if lower_bound(note) && lower_bound(src) {
        let (n, s) = (note.interval.lo, src.interval.lo);
        return Some(n <= s && near(n, s));
    }
    if upper_bound(note) && upper_bound(src) {
        let (n, s) = (note.interval.hi, src.interval.hi);
        return Some(n >= s && near(n, s));
    }
    Some(meet)
}

/// Withdraws a contradiction when an article it rests on states a value
/// compatible with the note's, of the same kind and measure (the same
/// casualty predicate and counted thing), beside a content word the note's
/// figure has too ("the estimated 150,000 dead" for "a toll estimated at
/// about 150,000"): then the note was paired with the wrong sentence of that
/// article, and the figure is supported by the other one.
pub fn withdraw_if_stated_elsewhere(
    ix: &FigureIndex,
    figure: &Figure,
    measure: &Measure,
    a: Assessment,
) -> Assessment {
    if a.verdict != Verdict::Contradicted {
        return a;
    }
    let mut articles: Vec<usize> = a.compared.iter().map(|f| ix.article_of(*f)).collect();
    articles.sort_unstable();
    articles.dedup();
    // The note's head and local words as ids: a word the corpus lacks is
    // on no source figure.
    let head = measure.head.as_ref().map(|h| ix.word_id(h));
    let heads_agree = |h: Option<u32>| match (h, head) {
        (Some(x), Some(y)) => y == Some(x),
        _ => true,
    };
    let local: Vec<u32> = measure.local.iter().filter_map(|w| ix.word_id(w)).collect();
    // Only the figures of those articles (ids ascend with articles, so the
    // first found is the lowest id, as a scan of the whole index would give).
    let stated = articles
        .iter()
        .flat_map(|&art| figures_of(ix, art))
        .find(|&g| {
            let sf = ix.figure(g);
            sf.casualty == measure.casualty
                && heads_agree(sf.head())
                && ix.local(g).iter().any(|w| local.contains(w))
                && ix.quantity(g).dim == figure.dim
                && supports(figure, &ix.quantity(g)) == Some(true)
        });
    match stated {
        Some(i) => Assessment {
            verdict: Verdict::Supported,
            compared: vec![i],
            primary: 1,
        },
        None => a,
    }
}

/// The ids of an article's figures: figure ids ascend with the articles
/// they come from, so the article's are one run, found by binary search.
fn figures_of(ix: &FigureIndex, article: usize) -> std::ops::Range<u32> {
    let first_at_or_after = |article: usize| {
        let (mut lo, mut hi) = (0u32, ix.len() as u32);
        while lo < hi {
            let mid = lo + (hi - lo) / 2;
            if ix.article_of(mid) < article {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        lo
    };
    first_at_or_after(article)..first_at_or_after(article + 1)
}

/// Judges a figure against its matches.
pub fn assess(ix: &FigureIndex, figure: &Figure, matches: &[Match]) -> Assessment {
    let all: Vec<u32> = matches.iter().map(|m| m.figure).collect();
    if all.is_empty() {
        return Assessment {
            verdict: Verdict::Unmatched,
            compared: all,
            primary: 0,
        };
    }
    let precise: Vec<u32> = all
        .iter()
        .copied()
        .filter(|f| ix.figure(*f).precise())
        .collect();
    // Judge by values, not bounds; and by values at least as fine as the
    // note's ("March 22" is judged by days, not by "March 2024").
    let width = |f: &Interval| f.hi - f.lo;
    let fine: Vec<u32> = precise
        .iter()
        .copied()
        .filter(|f| width(&ix.figure(*f).interval()) <= width(&figure.interval) + 1e-9)
        .collect();
    let compared = if !fine.is_empty() {
        fine
    } else if !precise.is_empty() {
        precise
    } else {
        all.clone()
    };
    let ok = |f: &u32| supports(figure, &ix.quantity(*f)) == Some(true);
    // A matching source that states the very same value or bound ("above
    // $50" for "above $50") supports the note whatever the others say.
    let same = |f: &u32| {
        let g = ix.quantity(*f);
        g.dim == figure.dim && g.interval == figure.interval
    };
    let compared = match all.iter().find(|f| same(f)) {
        Some(f) if !compared.contains(f) => {
            let mut c = compared;
            c.push(*f);
            c
        }
        _ => compared,
    };
    let verdict = if !compared.iter().any(ok) {
        Verdict::Contradicted
    } else if !values_agree(ix, &compared) {
        Verdict::SourcesDiffer
    } else {
        Verdict::Supported
    };
    // Each figure's score is its first match's.
    let mut first_match: Vec<(u32, usize)> = matches
        .iter()
        .enumerate()
        .map(|(i, m)| (m.figure, i))
        .collect();
    first_match.sort_unstable();
    let score = |f: u32| {
        let at = first_match.partition_point(|(g, _)| *g < f);
        match first_match.get(at) {
            Some(&(g, i)) if g == f => matches[i].score,
            _ => 0.0,
        }
    };
    let mut scored: Vec<(f64, u32)> = compared.iter().map(|f| (score(*f), *f)).collect();
    scored.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
    let best = scored.first().map_or(0.0, |s| s.0);
    let primary = scored
        .iter()
        .filter(|s| s.0 >= best - PRIMARY_MARGIN)
        .count();
    let compared = scored.into_iter().map(|s| s.1).collect();
    Assessment {
        verdict,
        compared,
        primary,
    }
}

#[cfg(test)]
mod tests {
    use super::super::index::NameSignature;
    use super::super::parse::figures;
    use super::super::token::tokenize;
    use super::*;

    fn fig(s: &str) -> Figure {
        let toks = tokenize(s, 0..s.len());
        figures(&toks).remove(0)
    }

    fn q(s: &str) -> Quantity {
        fig(s).quantity()
    }

    #[test]
    fn a_writer_may_round_a_source_figure_but_not_the_other_way() {
        assert_eq!(supports(&fig("£4bn"), &q("£4.3bn")), Some(true));
        assert_eq!(supports(&fig("£5bn"), &q("£4.3bn")), Some(false));
        assert_eq!(supports(&fig("$1.5m"), &q("$1m")), Some(false));
        assert_eq!(supports(&fig("24 million"), &q("23.7 million")), Some(true));
        assert_eq!(supports(&fig("250"), &q("145")), Some(false));
    }

    #[test]
    fn bounds_against_bounds() {
        assert_eq!(
            supports(&fig("more than 100"), &q("more than 120")),
            Some(true)
        );
        assert_eq!(
            supports(&fig("more than 200"), &q("more than 120")),
            Some(false)
        );
        assert_eq!(
            supports(&fig("more than 36,000"), &q("more than 63,000")),
            Some(false)
        );
        assert_eq!(supports(&fig("up to £400m"), &q("up to £350m")), Some(true));
        assert_eq!(supports(&fig("more than 120"), &q("145")), Some(true));
    }

    #[test]
    fn units_and_currencies_never_meet() {
        assert_eq!(compatible(&q("$5m"), &q("£5m")), None);
        assert_eq!(compatible(&q("5 people"), &q("$5")), None);
        assert_eq!(compatible(&q("in 2003"), &q("2003 people")), None);
        assert_eq!(compatible(&q("5km"), &q("5,000 metres")), Some(true));
        assert_eq!(
            compatible(&q("March 22"), &q("on 22 March 2024")),
            Some(true)
        );
        assert_eq!(
            compatible(&q("March 25"), &q("on 22 March 2024")),
            Some(false)
        );
    }

    #[test]
    fn an_articles_figures_are_one_run_of_ids() {
        let index = crate::index::Index::from_texts([
            (
                "a.txt",
                "A\n\nThe firm made £4m in 2003. It hired 200 staff.\n",
            ),
            ("b.txt", "B\n\nNothing counted here.\n"),
            (
                "c.txt",
                "C\n\nSales rose 12% to $3bn, and 45 shops opened.\n",
            ),
        ]);
        let ix = &index.figures;
        let runs: Vec<std::ops::Range<u32>> = (0..3).map(|a| figures_of(ix, a)).collect();
        assert!(!runs[0].is_empty() && runs[1].is_empty() && !runs[2].is_empty());
        assert_eq!(runs[0].start, 0);
        assert_eq!(runs[2].end as usize, ix.len());
        for (a, run) in runs.iter().enumerate() {
            assert!(run.clone().all(|g| ix.article_of(g) == a));
        }
        assert!(figures_of(ix, 3).is_empty());
    }

    #[test]
    fn a_comparison_reads_the_same_with_or_without_positions_in_years() {
        let index = crate::index::Index::from_texts([(
            "a.txt",
            "A\n\nThe plant opened in March 2004 and closed on 3 May. \
             It hired 200 staff in 2003, and 40 more in June.\n",
        )]);
        let ix = &index.figures;
        let queries: Vec<Quantity> = [
            "in March",
            "in March 2004",
            "on 3 May",
            "on 3 May 2004",
            "in 2003",
            "200 staff",
            "in June 2003",
        ]
        .iter()
        .filter_map(|s| {
            figures(&tokenize(s, 0..s.len()))
                .first()
                .map(Figure::quantity)
        })
        .collect();
        let dates = queries.iter().filter(|q| q.dim == Dim::Date);
        assert!(dates.clone().any(|q| q.year_known) && dates.clone().any(|q| !q.year_known));
        assert!(ix.len() >= 5);
        for query in queries {
            for f in 0..ix.len() as u32 {
                assert_eq!(
                    compatible(&query, &ix.quantity_against(f, Some(&query))),
                    compatible(&query, &ix.quantity(f)),
                    "{query:?} against figure {f}"
                );
            }
        }
    }

    #[test]
    fn a_words_postings_are_found_by_dimension() {
        let index = crate::index::Index::from_texts([(
            "a.txt",
            "A\n\nThe harbour lost $40m in 2003. The harbour hired 200 staff. \
             The harbour grew 12% in 2004.\n",
        )]);
        let ix = &index.figures;
        let harbour = ix.word_id("harbour").expect("a topic word");
        let dims: Vec<Dim> = (0..ix.len() as u32).map(|f| ix.quantity(f).dim).collect();
        let mut distinct: Vec<Dim> = Vec::new();
        for d in &dims {
            if !distinct.contains(d) {
                distinct.push(*d);
            }
        }
        let mut seen = 0;
        for dim in distinct {
            let list = ix.postings(dim, harbour);
            assert!(!list.is_empty(), "{dim:?}");
            assert!(list.iter().all(|f| dims[*f as usize] == dim), "{dim:?}");
            assert!(list.windows(2).all(|w| w[0] < w[1]));
            seen += list.iter().flat_map(|f| ix.figures_from(*f)).count();
        }
        assert_eq!(seen, ix.len(), "every figure's sentence has the word");
        assert!(ix.postings(Dim::Date, u32::MAX).is_empty());
    }

    /// Grouping into clusters of mutually compatible values, each figure
    /// into the first cluster whose values all meet its own.
    fn clusters(ix: &FigureIndex, figs: &[u32]) -> Vec<Vec<u32>> {
        let mut out: Vec<Vec<u32>> = Vec::new();
        for &f in figs {
            let q = ix.quantity(f);
            match out.iter_mut().find(|c| {
                c.iter()
                    .all(|g| compatible(&q, &ix.quantity(*g)) == Some(true))
            }) {
                Some(c) => c.push(f),
                None => out.push(vec![f]),
            }
        }
        out
    }

    #[test]
    fn values_agree_when_they_make_one_cluster() {
        let index = crate::index::Index::from_texts([
            (
                "a.txt",
                "A\n\nThe blast killed 145 people. Later 145 people were named. \
                 About 150 people died, and more than 120 people were hurt. \
                 At least 200 people fled, and 90 people stayed. \
                 In 2003 and in March 2004 it rained; on 22 March it snowed.\n",
            ),
            (
                "b.txt",
                "B\n\nThe blast killed 145 people, or 145 people.\n",
            ),
        ]);
        let ix = &index.figures;
        let all: Vec<u32> = (0..ix.len() as u32).collect();
        assert!(all.len() >= 10);
        // Every run of figures, those repeating a value included.
        for start in 0..all.len() {
            for end in start..=all.len() {
                let figs = &all[start..end];
                assert_eq!(
                    values_agree(ix, figs),
                    clusters(ix, figs).len() < 2,
                    "{figs:?}"
                );
            }
        }
        assert!(!values_agree(ix, &all), "145 and 150 people");
        let b = figures_of(ix, 1);
        assert!(values_agree(ix, &b.collect::<Vec<_>>()), "145 twice");
    }

    proptest::proptest! {
        /// The record's test rules out only sentences the row's would:
        /// the share of the names the signature may hold is never less
        /// than the share the row holds.
        #[test]
        fn a_name_signature_bounds_the_names_a_row_covers(
            row in proptest::collection::vec(0u32..200, 0..12),
            query in proptest::collection::vec(
                (proptest::option::of(0u32..200), 0.1f64..12.0),
                0..8,
            ),
        ) {
            let mut row = row;
            row.sort_unstable();
            row.dedup();
            let signature = NameSignature::of(&row);
            proptest::prop_assert!(row.iter().all(|id| signature.may_hold(*id)));
            let at_most = share(&query, |id| signature.may_hold(id));
            proptest::prop_assert!(at_most >= covered(&query, &row));
        }
    }
}
