//! `FigureIndex`: every source figure with what it measures, built once per
//! corpus, with postings keyed by (dimension, topic word) so that matching a
//! note figure reads only the source figures that share a rare word with it.

use super::interval::Interval;
use super::lexicon::Casualty;
use super::lists::{IdLists, RunLists, SentenceLists, SentenceRow};
use super::lower::lower_case_words;
use super::measure::{analyse, name_stem, EndPoint, SentenceFigures};
use super::parse::{resolve_years, year_of, Dim, Figure, Quantity};
use super::token::{lowercase, split_after_figures};
use super::verdict::{reads_in_year, MAX_POSTINGS};
use crate::corpus::{Article, ArticleId, Corpus};
use crate::parallel::map_then_merge;
use crate::vocab::Vocab;
use std::borrow::Cow;
use std::cell::Cell;
use std::ops::Range;
use std::sync::OnceLock;

/// A source sentence that holds figures. Its topic words and names are
/// lists of the index ([`FigureIndex::sentence_row`]).
#[derive(Debug, Clone, Copy, serde::Serialize, serde::Deserialize)]
pub struct SourceSentence {
    article: u32,
    /// Span in the article's folded text.
    start: u32,
    end: u32,
}

impl SourceSentence {
    pub fn article(&self) -> ArticleId {
        self.article as ArticleId
    }

    /// Span in the article's folded text.
    pub fn span(&self) -> Range<usize> {
        self.start as usize..self.end as usize
    }
}

/// A figure of a source sentence: what comparisons read of it (the rest of
/// its [`Quantity`] is looked up by [`FigureIndex::quantity`]) and what it
/// measures. Its local words are [`FigureIndex::local`]. 40 bytes: a
/// match reads thousands of them, one cache line each.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub struct SourceFigure {
    pub sentence: u32,
    /// The figure's span in the article's folded text (its text as written).
    start: u32,
    end: u32,
    /// The head noun's word id, or [`NO_WORD`].
    head: u32,
    /// The value's [`Interval`], its fields apart: kept whole, its padding
    /// would make a figure 48 bytes rather than 40.
    lo: f64,
    hi: f64,
    /// Its sentence's context names (the row's `names`), as a
    /// [`NameSignature`]: a match rules most sentences out by their names
    /// without reading their rows.
    names: NameSignature,
    /// Index in [`FigureIndex`]'s `dims`.
    dim: u8,
    /// [`Flag`]s.
    flags: u8,
    pub casualty: Option<Casualty>,
    pub end_point: Option<EndPoint>,
}

const _: () = assert!(std::mem::size_of::<SourceFigure>() == 40);

/// One bit each of [`SourceFigure::flags`].
#[derive(Debug, Clone, Copy)]
enum Flag {
    LoOpen = 1,
    HiOpen = 2,
    Precise = 4,
    YearKnown = 8,
    /// Has a position within its year (in `FigureIndex::in_year`).
    InYear = 16,
}

fn flags(set: [(Flag, bool); 5]) -> u8 {
    set.iter()
        .filter(|(_, on)| *on)
        .fold(0, |all, (flag, _)| all | *flag as u8)
}

/// A set of name ids folded into 32 bits, a bit per id (ids may share a
/// bit): a name whose bit is clear is surely not in the set.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct NameSignature(u32);

impl NameSignature {
    fn bit(id: u32) -> u32 {
        1 << (id.wrapping_mul(0x9E37_79B1) >> 27)
    }

    pub fn of(ids: &[u32]) -> NameSignature {
        NameSignature(ids.iter().fold(0, |all, id| all | NameSignature::bit(*id)))
    }

    /// May the set hold `id`? (If not, it surely does not.)
    pub fn may_hold(self, id: u32) -> bool {
        self.0 & NameSignature::bit(id) != 0
    }
}

/// What [`FigureIndex::prefetch_row`] and [`FigureIndex::prefetch_context`]
/// start loading, each stage reading what the one before loaded: a loop
/// asks for the stages a few items apart.
#[derive(Debug, Clone, Copy)]
pub enum Stage {
    /// Where the lists start.
    Start,
    /// The lists' first ids.
    List,
}

/// `SourceFigure::head` of a figure counting nothing named.
const NO_WORD: u32 = u32::MAX;

impl SourceFigure {
    fn has(&self, flag: Flag) -> bool {
        self.flags & flag as u8 != 0
    }

    /// Is the value stated exactly (not a bound or an approximation)?
    pub fn precise(&self) -> bool {
        self.has(Flag::Precise)
    }

    /// The context names of the figure's sentence, as a signature.
    pub fn sentence_names(&self) -> NameSignature {
        self.names
    }

    /// The head noun's word id.
    pub fn head(&self) -> Option<u32> {
        (self.head != NO_WORD).then_some(self.head)
    }

    /// The figure's span in its article's folded text.
    pub fn span(&self) -> Range<usize> {
        self.start as usize..self.end as usize
    }

    /// The interval of the figure's value.
    pub fn interval(&self) -> Interval {
        Interval {
            lo: self.lo,
            hi: self.hi,
            lo_open: self.has(Flag::LoOpen),
            hi_open: self.has(Flag::HiOpen),
        }
    }
}

#[derive(Debug, Default, serde::Serialize, serde::Deserialize)]
pub struct FigureIndex {
    words: Vocab,
    /// Number of source sentences holding each word.
    #[serde(with = "crate::cache::raw")]
    df: Vec<u32>,
    /// Vocab the corpus mostly writes in lower case (to tell whether a
    /// sentence-initial capital starts a name).
    lower: Vocab,
    sentences: Vec<SourceSentence>,
    /// By sentence: its article, name-stem ids and topic word ids (the
    /// sentence's words, its figures' values, and the names of the
    /// sentence before it and of the title), each list sorted.
    sentence_lists: SentenceLists,
    figures: Vec<SourceFigure>,
    /// By figure: local context word ids, sorted.
    local: IdLists,
    /// The dimensions the figures have, in the order first seen.
    dims: Vec<Dim>,
    /// Positions within their year of the figures that have one, by figure.
    in_year: Vec<(u32, Interval)>,
    /// By block of `2^IN_YEAR_BLOCK_BITS` figure ids, where its figures
    /// start in `in_year` (with the end after the last block): a figure's
    /// position is searched for among its block's few, not among all of a
    /// large corpus's. Worked out on first use, not saved.
    #[serde(skip)]
    in_year_blocks: OnceLock<Box<[u32]>>,
    /// By article: every name id it states, sorted.
    article_names: IdLists,
    /// By word: for each sentence whose context holds it, the first of its
    /// figures of each dimension it has, in a run per dimension (in order
    /// of dimension), ordered by figure.
    /// One entry per sentence and dimension rather than per figure: a
    /// sentence holds a figure and a half on average, each of which would
    /// repeat all of the sentence's words ([`FigureIndex::figures_from`]
    /// gives back the others). A dimension's list is cut after
    /// [`MAX_POSTINGS`]` + 1` sentences: the search uses no longer one,
    /// and most of a large corpus's postings are in such lists.
    postings: RunLists,
    total_sentences: u32,
}

/// A block of `in_year` covers `2^IN_YEAR_BLOCK_BITS` figure ids.
const IN_YEAR_BLOCK_BITS: u32 = 8;

/// Where each block of figure ids starts in `in_year` (sorted by figure),
/// for `figures` figures, with the end after the last block.
fn in_year_blocks(in_year: &[(u32, Interval)], figures: usize) -> Box<[u32]> {
    let blocks = (figures >> IN_YEAR_BLOCK_BITS) + 1;
    (0..=blocks)
        .map(|b| {
            let start = in_year.partition_point(|(g, _)| ((*g as usize) >> IN_YEAR_BLOCK_BITS) < b);
            u32::try_from(start).expect("fewer than 2^32 figures in a year")
        })
        .collect()
}

/// Figure `f`'s position within its year in `in_year`, searched for
/// within its block of `blocks` ([`in_year_blocks`]).
fn in_year_at(in_year: &[(u32, Interval)], blocks: &[u32], f: u32) -> Option<Interval> {
    let b = (f >> IN_YEAR_BLOCK_BITS) as usize;
    let (&start, &end) = (blocks.get(b)?, blocks.get(b + 1)?);
    let block = in_year.get(start as usize..end as usize)?;
    let at = block.binary_search_by_key(&f, |(g, _)| *g).ok()?;
    Some(block[at].1)
}

/// Articles analysed side by side before their results are interned (and,
/// in `lower`, counted side by side before their counts are merged): one
/// bound on what the figure build holds at once.
pub(super) const ARTICLES_PER_BATCH: usize = 512;

/// One article's sentences (split after figures) with their analyses, years
/// resolved, and the names of its title.
struct AnalysedArticle<'a> {
    title_names: Vec<Cow<'a, str>>,
    sentences: Vec<(Range<usize>, SentenceFigures<'a>)>,
}

fn analyse_article<'a>(a: &'a Article, seen: &dyn Fn(&str) -> bool) -> AnalysedArticle<'a> {
    let text = &a.folded.text;
    let reference = a.date.and_then(|d| Some((d.year, d.month?)));
    let mut context_year: Option<i32> = None;
    let mut paragraph = usize::MAX;
    let sentences = split_after_figures(text, &a.sentences)
        .into_iter()
        .map(|s| {
            if s.paragraph() != paragraph {
                paragraph = s.paragraph();
                context_year = None;
            }
            let mut sf = analyse(text, s.span(), seen);
            let mut figs: Vec<Figure> = sf.figures.iter().map(|(f, _)| f.clone()).collect();
            resolve_years(&mut figs, context_year, reference);
            for (k, f) in figs.into_iter().enumerate() {
                sf.figures[k].0 = f;
            }
            if let Some(y) = sf.figures.iter().rev().find_map(|(f, _)| year_of(f)) {
                context_year = Some(y);
            }
            (s.span(), sf)
        })
        .collect::<Vec<(Range<usize>, SentenceFigures<'a>)>>();
    // The title's names: those of the first sentence read, unless it was
    // split after a figure (the title is then analysed alone).
    let title_names = match (a.sentences.first(), sentences.first()) {
        (Some(t), Some((span, sf))) if t.span() == *span => sf.names.clone(),
        (Some(t), _) => analyse(text, t.span(), seen).names,
        (None, _) => Vec::new(),
    };
    AnalysedArticle {
        title_names,
        sentences,
    }
}

/// One article's sentences and figures as the index keeps them, its words
/// numbered within the article in the order the index first meets them
/// (so that renumbering them in that order gives the ids adding them one by
/// one would). Lists are free of repeats but not sorted (the index sorts
/// them by its own ids).
struct NumberedArticle {
    words: ArticleWords,
    /// Sentences read, those without figures included.
    sentences_read: u32,
    sentences: Vec<SourceSentence>,
    /// In the article's word numbering.
    sentence_lists: SentenceLists,
    /// Sentence numbers within the article; heads in the article's words;
    /// dimensions apart (`dims`), since the index numbers them.
    figures: Vec<SourceFigure>,
    dims: Vec<Dim>,
    local: IdLists,
    /// Positions within their year, by figure number within the article.
    in_year: Vec<(u32, Interval)>,
    /// Every name stem the article states.
    names: Vec<u32>,
}

/// The words of one article, numbered as first met, with their hashes and
/// how many sentences count each.
#[derive(Default)]
struct ArticleWords {
    words: Vocab,
    /// [`crate::vocab::hash`] of each word.
    hashes: Vec<u64>,
    /// By word: how many of the article's sentences count it for its rarity.
    df: Vec<u32>,
}

impl ArticleWords {
    fn intern(&mut self, w: &str) -> u32 {
        let hash = crate::vocab::hash(w);
        let id = self.words.add_hashed(w, hash);
        if id as usize == self.df.len() {
            self.df.push(0);
            self.hashes.push(hash);
        }
        id
    }
}

/// Numbers one analysed article's words in the order the index meets them
/// (its words, name stems, context names and their stems, the stems it
/// owns, value keys, then each figure's local words and head noun) and
/// counts each word's sentences as the index counts them.
fn number_article(aid: ArticleId, text: &str, art: AnalysedArticle<'_>) -> NumberedArticle {
    // Room for every word and name the sentences list (repeats across
    // sentences included), so that the table seldom grows.
    let listed: usize = art
        .sentences
        .iter()
        .map(|(_, sf)| sf.words.len() + sf.names.len())
        .sum();
    let mut w = ArticleWords {
        words: Vocab::with_capacity(listed),
        hashes: Vec::with_capacity(listed),
        df: Vec::with_capacity(listed),
    };
    let mut out = NumberedArticle {
        words: ArticleWords::default(),
        sentences_read: 0,
        sentences: Vec::new(),
        sentence_lists: SentenceLists::default(),
        figures: Vec::new(),
        dims: Vec::new(),
        local: IdLists::default(),
        in_year: Vec::new(),
        names: Vec::new(),
    };
    let title_names = art.title_names;
    let mut prev_names: Vec<Cow<str>> = Vec::new();
    // The stems of `prev_names`, numbered already.
    let mut prev_stems: Vec<u32> = Vec::new();
    let mut all_names: Vec<u32> = Vec::new();
    for (span, sf) in art.sentences {
        out.sentences_read += 1;
        let mut words: Vec<u32> = sf.words.iter().map(|x| w.intern(x)).collect();
        for x in &words {
            w.df[*x as usize] += 1;
        }
        // By name, its stem: numbered here once, then read for the
        // sentence's context and own names (and the next sentence's).
        let name_stems: Vec<u32> = sf.names.iter().map(|n| w.intern(name_stem(n))).collect();
        let mut stems = name_stems.clone();
        stems.sort_unstable();
        stems.dedup();
        for st in &stems {
            // Name stems count their own sentences for their rarity.
            if !words.contains(st) {
                w.df[*st as usize] += 1;
            }
        }
        all_names.extend(stems);
        if sf.figures.is_empty() {
            prev_names = sf.names;
            prev_stems = name_stems;
            continue;
        }
        let context_names: Vec<&Cow<str>> = sf
            .names
            .iter()
            .chain(&prev_names)
            .chain(&title_names)
            .collect();
        words.extend(
            context_names
                .iter()
                .map(|x| w.intern(x))
                .collect::<Vec<_>>(),
        );
        // Numbered after the context names, as the title's stems are
        // first met here (the sentence's and the previous one's are
        // numbered already).
        let title_stems: Vec<u32> = title_names.iter().map(|x| w.intern(name_stem(x))).collect();
        let mut names: Vec<u32> = name_stems
            .iter()
            .chain(&prev_stems)
            .chain(&title_stems)
            .copied()
            .collect();
        names.sort_unstable();
        names.dedup();
        // A sentence naming nothing, opening with a pronoun ("It
        // employs 77,000 people") or quoting someone speaks of what
        // the one before it names.
        let first = lowercase(text[span.clone()].split_whitespace().next().unwrap_or(""));
        let pronoun = matches!(
            first.as_ref(),
            "it" | "he" | "she" | "they" | "its" | "his" | "her" | "their" | "this" | "these"
        );
        // Quoted speech is attributed around it, usually before.
        let quoted = text[span.clone()].starts_with('"');
        let before: &[u32] = if sf.names.is_empty() || pronoun || quoted {
            &prev_stems
        } else {
            &[]
        };
        let mut own_names: Vec<u32> = name_stems
            .iter()
            .chain(&title_stems)
            .chain(before)
            .copied()
            .collect();
        own_names.sort_unstable();
        own_names.dedup();
        for (_, m) in &sf.figures {
            let v = w.intern(&m.value_key);
            if !words.contains(&v) {
                w.df[v as usize] += 1;
                words.push(v);
            }
        }
        words.sort_unstable();
        words.dedup();
        let sid = out.sentences.len() as u32;
        for (f, m) in sf.figures {
            let fid = out.figures.len() as u32;
            out.local.push(m.local.iter().map(|x| w.intern(x)));
            let head = m.head.as_ref().map_or(NO_WORD, |h| w.intern(h));
            if let Some(y) = f.in_year {
                out.in_year.push((fid, y));
            }
            out.dims.push(f.dim);
            out.figures.push(SourceFigure {
                sentence: sid,
                start: f.span.start as u32,
                end: f.span.end as u32,
                head,
                lo: f.interval.lo,
                hi: f.interval.hi,
                // Set when the index numbers the article's names.
                names: NameSignature::default(),
                dim: 0,
                flags: flags([
                    (Flag::LoOpen, f.interval.lo_open),
                    (Flag::HiOpen, f.interval.hi_open),
                    (Flag::Precise, f.precise),
                    (Flag::YearKnown, f.year_known),
                    (Flag::InYear, f.in_year.is_some()),
                ]),
                casualty: m.casualty,
                end_point: m.end_point,
            });
        }
        out.sentences.push(SourceSentence {
            article: aid as u32,
            start: span.start as u32,
            end: span.end as u32,
        });
        out.sentence_lists.push(SentenceRow {
            article: aid as u32,
            names: &names,
            own_names: &own_names,
            words: &words,
        });
        prev_names = sf.names;
        prev_stems = name_stems;
    }
    all_names.sort_unstable();
    all_names.dedup();
    out.names = all_names;
    // Held until the batch is merged: the room reserved for repeats goes.
    w.words.shrink_to_fit();
    w.hashes.shrink_to_fit();
    w.df.shrink_to_fit();
    out.words = w;
    out
}

impl FigureIndex {
    pub fn build(corpus: &Corpus) -> FigureIndex {
        FigureIndex::build_with(corpus, lower_case_words(corpus))
    }

    /// [`FigureIndex::build`], given the corpus's
    /// [`lower_case_words`](super::lower_case_words): its first pass, which
    /// needs nothing but the corpus and so may run beside other work.
    pub fn build_with(corpus: &Corpus, lower: Vocab) -> FigureIndex {
        let seen = |w: &str| lower.get(w).is_some();
        // Sentences are analysed on every core, a slice of the corpus at a
        // time (so that the analyses of a large corpus never sit in memory
        // all at once); ids are then given out in corpus order, on a thread
        // of their own while the cores analyse the next slice.
        // Each worker also numbers its article's words, so that the merging
        // thread only renumbers them.
        let ids: Vec<ArticleId> = (0..corpus.articles.len()).collect();
        let mut merged = 0;
        let mut ix = map_then_merge(
            &ids,
            ARTICLES_PER_BATCH,
            |aid| {
                let a = &corpus.articles[*aid];
                number_article(*aid, &a.folded.text, analyse_article(a, &seen))
            },
            FigureIndex::default(),
            |ix, numbered| {
                // This batch's texts have been read.
                corpus.release_texts_of(merged..merged + numbered.len());
                merged += numbered.len();
                for art in numbered {
                    ix.add_article(art);
                }
            },
        );
        // Every text has been read: the rest works on the index's lists.
        corpus.release_text_pages();
        ix.lower = lower;
        ix.postings = ix.postings_by_word();
        ix.shrink_to_fit();
        ix
    }

    /// [`FigureIndex::postings`]: read off the sentences' topic words (a figure's
    /// context is its sentence's words) for the first figure of each
    /// dimension of each sentence, in (dimension, figure) order, so that
    /// every list comes out in that order without sorting it.
    fn postings_by_word(&self) -> RunLists {
        // A sentence's figures are contiguous: the first of a dimension is
        // the first of that dimension since the sentence's first figure.
        let mut sentence_start = 0;
        let mut firsts: Vec<(u8, u32)> = Vec::new();
        for (fid, f) in self.figures.iter().enumerate() {
            if fid == 0 || f.sentence != self.figures[fid - 1].sentence {
                sentence_start = fid;
            }
            let seen = self.figures[sentence_start..fid]
                .iter()
                .any(|g| g.dim == f.dim);
            if !seen {
                firsts.push((f.dim, fid as u32));
            }
        }
        firsts.sort_unstable();
        let words = self.words.len();
        // By word: the dimension its list is at, and how many sentences
        // that dimension has so far (set afresh for each of the two reads).
        let at: Vec<Cell<(u8, u32)>> = vec![Cell::new((u8::MAX, 0)); words];
        RunLists::group(words, || {
            at.iter().for_each(|c| c.set((u8::MAX, 0)));
            firsts.iter().flat_map(|(d, fid)| {
                let sentence = self.figures[*fid as usize].sentence;
                self.sentence_lists
                    .row(sentence)
                    .words
                    .iter()
                    .filter(|w| {
                        let cell = &at[**w as usize];
                        let (dim, count) = cell.get();
                        let count = if dim == *d { count + 1 } else { 1 };
                        cell.set((*d, count));
                        count as usize <= MAX_POSTINGS + 1
                    })
                    .map(move |w| (*w, *d, *fid))
            })
        })
    }

    /// Adds one article's sentences and figures, its words renumbered from
    /// the article's own numbering to the index's: one table look-up per
    /// distinct word of the article (hashed by the worker), then the lists
    /// translated and sorted.
    fn add_article(&mut self, art: NumberedArticle) {
        let words = &art.words;
        let ids: Vec<u32> = (0..words.words.len() as u32)
            .zip(&words.hashes)
            .map(|(l, hash)| {
                let id = self.words.add_hashed(words.words.word(l), *hash);
                if id as usize == self.df.len() {
                    self.df.push(0);
                }
                self.df[id as usize] += words.df[l as usize];
                id
            })
            .collect();
        let global = |list: &[u32]| -> Vec<u32> {
            let mut v: Vec<u32> = list.iter().map(|l| ids[*l as usize]).collect();
            v.sort_unstable();
            v
        };
        self.total_sentences += art.sentences_read;
        let first_sentence = self.sentences.len() as u32;
        let first_figure = self.figures.len() as u32;
        let mut signatures = Vec::with_capacity(art.sentences.len());
        for (s, sentence) in art.sentences.into_iter().enumerate() {
            let s = s as u32;
            self.sentences.push(sentence);
            let row = art.sentence_lists.row(s);
            let names = global(row.names);
            signatures.push(NameSignature::of(&names));
            self.sentence_lists.push(SentenceRow {
                article: row.article,
                names: &names,
                own_names: &global(row.own_names),
                words: &global(row.words),
            });
        }
        for (f, (mut figure, dim)) in art.figures.into_iter().zip(art.dims).enumerate() {
            self.local.push(global(art.local.get(f as u32)));
            figure.names = signatures[figure.sentence as usize];
            figure.sentence += first_sentence;
            if figure.head != NO_WORD {
                figure.head = ids[figure.head as usize];
            }
            let d = match self.dims.iter().position(|d| *d == dim) {
                Some(d) => d,
                None => {
                    self.dims.push(dim);
                    self.dims.len() - 1
                }
            };
            figure.dim = u8::try_from(d).expect("fewer than 256 dimensions");
            self.figures.push(figure);
        }
        self.in_year
            .extend(art.in_year.into_iter().map(|(f, y)| (f + first_figure, y)));
        self.in_year_blocks.take();
        self.article_names.push(global(&art.names));
    }

    fn shrink_to_fit(&mut self) {
        self.words.shrink_to_fit();
        self.df.shrink_to_fit();
        self.lower.shrink_to_fit();
        self.sentences.shrink_to_fit();
        self.sentence_lists.shrink_to_fit();
        self.figures.shrink_to_fit();
        self.local.shrink_to_fit();
        self.in_year.shrink_to_fit();
        self.article_names.shrink_to_fit();
        self.postings.shrink_to_fit();
    }

    /// The id of a word, if the corpus has it.
    pub fn word_id(&self, w: &str) -> Option<u32> {
        self.words.get(w)
    }

    pub fn word(&self, id: u32) -> &str {
        self.words.word(id)
    }

    /// Does the corpus mostly write this word key in lower case?
    pub fn seen_lower(&self, w: &str) -> bool {
        self.lower.get(w).is_some()
    }

    /// Inverse document frequency of a word (unknown words weigh most;
    /// the commonest words next to nothing).
    pub fn idf(&self, id: Option<u32>) -> f64 {
        let n = f64::from(self.total_sentences.max(1));
        let df = id.map_or(0, |i| self.df.get(i as usize).copied().unwrap_or(0));
        (n / f64::from(df.max(1))).ln().max(0.1)
    }

    /// The first figure of dimension `dim` of each sentence whose context
    /// holds `word`, in order ([`FigureIndex::figures_from`] gives all of
    /// them).
    pub fn postings(&self, dim: Dim, word: u32) -> &[u32] {
        let Some(d) = self.dims.iter().position(|x| *x == dim) else {
            return &[];
        };
        // Fewer than 256 dimensions: see `add_article`.
        self.postings.run(word, d as u8)
    }

    /// Figure `first` and the figures of its dimension after it in its
    /// sentence, in order.
    pub fn figures_from(&self, first: u32) -> impl Iterator<Item = u32> + '_ {
        let f = &self.figures[first as usize];
        let rest = self.figures[first as usize..]
            .iter()
            .take_while(move |g| g.sentence == f.sentence);
        (first..)
            .zip(rest)
            .filter(move |(_, g)| g.dim == f.dim)
            .map(|(id, _)| id)
    }

    /// Every source figure; a figure's id is its place here.
    pub fn figures(&self) -> &[SourceFigure] {
        &self.figures
    }

    pub fn figure(&self, f: u32) -> &SourceFigure {
        &self.figures[f as usize]
    }

    /// What comparisons read of source figure `f`.
    pub fn quantity(&self, f: u32) -> Quantity {
        self.quantity_against(f, None)
    }

    /// What a comparison with `query` reads of source figure `f` (with
    /// `None`, any comparison): its position within its year, a search of
    /// its own, only when [`compatible`](super::verdict::compatible) reads it.
    pub fn quantity_against(&self, f: u32, query: Option<&Quantity>) -> Quantity {
        let sf = &self.figures[f as usize];
        let dim = self.dims[usize::from(sf.dim)];
        let year_known = sf.has(Flag::YearKnown);
        let read = query.is_none_or(|q| reads_in_year(q, dim, year_known));
        let in_year = if sf.has(Flag::InYear) && read {
            self.in_year_of(f)
        } else {
            None
        };
        Quantity {
            dim,
            interval: sf.interval(),
            precise: sf.has(Flag::Precise),
            year_known,
            in_year,
        }
    }

    /// Source figure `f`'s position within its year, if it has one.
    fn in_year_of(&self, f: u32) -> Option<Interval> {
        let blocks = self
            .in_year_blocks
            .get_or_init(|| in_year_blocks(&self.in_year, self.figures.len()));
        in_year_at(&self.in_year, blocks, f)
    }

    /// Local context word ids of source figure `f`, sorted.
    pub fn local(&self, f: u32) -> &[u32] {
        self.local.get(f)
    }

    /// The sentence of source figure `f`.
    pub fn sentence_of(&self, f: u32) -> &SourceSentence {
        &self.sentences[self.figures[f as usize].sentence as usize]
    }

    /// The article of source figure `f`.
    pub fn article_of(&self, f: u32) -> ArticleId {
        self.sentence_of(f).article()
    }

    pub fn sentence(&self, s: u32) -> &SourceSentence {
        &self.sentences[s as usize]
    }

    /// How many source sentences hold figures.
    pub fn sentence_count(&self) -> usize {
        self.sentences.len()
    }

    /// Starts loading source figure `f`'s record (a hint).
    pub fn prefetch(&self, f: u32) {
        if let Some(figure) = self.figures.get(f as usize) {
            crate::prefetch::prefetch(figure);
        }
    }

    /// Starts loading the record of source figure `f`'s sentence (its
    /// article and span); the figure should be loaded already.
    pub fn prefetch_sentence(&self, f: u32) {
        if let Some(s) = self
            .figures
            .get(f as usize)
            .and_then(|figure| self.sentences.get(figure.sentence as usize))
        {
            crate::prefetch::prefetch(s);
        }
    }

    /// Starts loading what matching reads last of source figure `f` in
    /// `article` (a hint): where its local words and the article's names
    /// start at [`Stage::Start`], the lists at [`Stage::List`].
    pub fn prefetch_context(&self, f: u32, article: ArticleId, stage: Stage) {
        let article = article as u32;
        match stage {
            Stage::Start => {
                self.local.prefetch_start(f);
                self.article_names.prefetch_start(article);
            }
            Stage::List => {
                self.local.prefetch_list(f);
                self.article_names.prefetch_list(article);
            }
        }
    }

    /// Starts loading sentence `s`'s row (a hint): where it starts at
    /// [`Stage::Start`], its first ids at [`Stage::List`].
    pub fn prefetch_row(&self, s: u32, stage: Stage) {
        match stage {
            Stage::Start => self.sentence_lists.prefetch_start(s),
            Stage::List => self.sentence_lists.prefetch_row(s),
        }
    }

    /// Sentence `s`'s article, names and topic words.
    pub fn sentence_row(&self, s: u32) -> SentenceRow<'_> {
        self.sentence_lists.row(s)
    }

    /// Name-stem ids of sentence `s`, the one before it and the title,
    /// sorted.
    pub fn sentence_names(&self, s: u32) -> &[u32] {
        self.sentence_row(s).names
    }

    /// Every name id article `a` states, sorted.
    pub fn article_names(&self, a: ArticleId) -> &[u32] {
        self.article_names.get(a as u32)
    }

    pub fn len(&self) -> usize {
        self.figures.len()
    }

    pub fn is_empty(&self) -> bool {
        self.figures.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_position_in_its_year_is_found_within_its_block_as_in_the_whole_list() {
        let at = |lo: f64| Interval {
            lo,
            hi: lo + 1.0,
            lo_open: false,
            hi_open: true,
        };
        let figures = 5 << IN_YEAR_BLOCK_BITS;
        let last = figures as u32 - 1;
        // Empty, in the first block only, across blocks with empty ones
        // between, and at both ends of the ids.
        let layouts: [Vec<u32>; 4] = [
            vec![],
            vec![0, 1, 7, 255],
            vec![3, 256, 257, 600, 1100, 1101, last],
            (0..figures as u32).step_by(3).collect(),
        ];
        for ids in layouts {
            let in_year: Vec<(u32, Interval)> =
                ids.iter().map(|&f| (f, at(f64::from(f)))).collect();
            let blocks = in_year_blocks(&in_year, figures);
            for f in 0..figures as u32 + 300 {
                let whole = in_year
                    .binary_search_by_key(&f, |(g, _)| *g)
                    .ok()
                    .map(|i| in_year[i].1);
                assert_eq!(
                    in_year_at(&in_year, &blocks, f),
                    whole,
                    "figure {f} of {ids:?}"
                );
            }
        }
    }
}
