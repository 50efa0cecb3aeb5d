//! `QuoteIndex`: every article's words as ids, a word 3-gram inverted index
//! for candidate retrieval (with a rare-word fallback), and the attributed
//! quotations of every article. Built once per corpus.
//!
//! `locate` never scans the corpus: the quote's 3-grams (or, failing those,
//! its rarest words) vote for articles and positions, and only the winners'
//! neighbourhoods are aligned word by word.
//!
//! The index is a few flat arrays of packed numbers ([`CorpusWords`],
//! [`Postings`]), about the size of the corpus text: a 3-gram's positions
//! are kept in a bucket by the top bits of its hash and told apart from the
//! bucket's other 3-grams by reading the words at each position, and 3-grams
//! and words too frequent to be looked up are not kept at all.

use std::collections::BTreeMap;
use std::ops::Range;

use super::attrib::Speaker;
use super::corpus_words::{self, CorpusWords};
use super::matcher::{self, Aligned, Elem, NO_WORD};
use super::postings::Postings;
use super::quotations::{self, Quotations};
use super::source::{self, Attributed};
use super::words::{self, Pattern, Piece};
use crate::corpus::{ArticleId, Corpus};
use crate::vocab::Vocab;

/// How a quote matched its source passage.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MatchKind {
    /// Word for word.
    Exact,
    /// Word for word, with the writer's ellipses or bracketed insertions.
    Elided,
    /// Close, but some words differ.
    Altered,
}

/// A source passage a quote matches.
#[derive(Debug, Clone, PartialEq)]
pub struct QuoteMatch {
    pub article: ArticleId,
    /// Byte range in `article.raw`.
    pub range: Range<usize>,
    /// Who the source attributes the passage to, if anyone.
    pub speaker: Option<String>,
    /// 1.0 for an exact match, less the share of words that differ.
    pub score: f32,
    pub kind: MatchKind,
}

/// A quotation of a source article.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SourceQuote {
    /// Byte range in `article.raw`, quote marks included.
    pub range: Range<usize>,
    /// Byte ranges of the quoted words, one per part.
    pub parts: Vec<Range<usize>>,
    /// Who said it: the person's name if known, else the role or pronoun.
    pub speaker: Option<String>,
    /// How the article names the speaker there ("he", "the agency chief").
    pub speaker_text: Option<String>,
}

/// A match with what `check` needs beyond the public view.
#[derive(Debug, Clone)]
pub struct Located {
    pub m: QuoteMatch,
    /// Word edits over all segments.
    pub cost: u32,
    /// Each segment's alignment, in order.
    pub segments: Vec<Aligned>,
    /// The source's speaker, as extracted.
    pub speaker: Option<Speaker>,
}

/// An article as read on a worker thread: its words' normalised forms end to
/// end and their byte offsets in the folded text, its attributed quotations,
/// and the people it describes.
struct ArticleRead {
    norms: String,
    ends: Vec<u32>,
    offsets: Vec<u32>,
    quotes: Vec<Attributed>,
    /// (surname in lower case, description) of every person named.
    people: Vec<(String, String)>,
}

impl ArticleRead {
    fn read(a: &crate::corpus::Article) -> ArticleRead {
        let folded = &a.folded.text;
        let mut norms = String::with_capacity(folded.len());
        let mut ends = Vec::new();
        let mut offsets = Vec::new();
        for span in words::spans(folded) {
            words::push_normalised(&folded[span.clone()], &mut norms);
            ends.push(norms.len() as u32);
            offsets.push(span.start as u32);
        }
        let (quotes, mentions) = source::attributed(folded, &a.paragraphs, &a.sentences);
        let named = quotes
            .iter()
            .filter_map(|q| q.speaker.as_ref())
            .filter_map(|s| Some((s.name.as_deref()?, s.description.as_str())));
        let people = mentions
            .iter()
            .map(|m| (m.name.as_str(), m.description.as_str()))
            .chain(named)
            .filter_map(|(name, description)| {
                let sur = name.split_whitespace().next_back()?;
                Some((sur.to_lowercase(), description.to_string()))
            })
            .collect();
        ArticleRead {
            norms,
            ends,
            offsets,
            quotes,
            people,
        }
    }

    fn norms(&self) -> impl Iterator<Item = &str> {
        let starts = std::iter::once(0).chain(self.ends.iter().copied());
        starts
            .zip(&self.ends)
            .map(|(s, &e)| &self.norms[s as usize..e as usize])
    }
}

/// The precomputed quote data of a corpus.
#[derive(Clone, Default, serde::Serialize, serde::Deserialize)]
pub struct QuoteIndex {
    vocab: Vocab,
    /// Every article's words, as ids.
    words: CorpusWords,
    /// How often each word occurs in the corpus.
    #[serde(with = "crate::cache::raw")]
    word_count: Vec<u32>,
    /// Word id → its corpus positions; none for words more frequent than
    /// `MAX_POSTINGS`, which are never looked up.
    word_postings: Postings,
    /// Bits of a 3-gram key that choose its bucket.
    trigram_bits: u32,
    /// Bucket → the corpus positions where a 3-gram of the bucket starts,
    /// for every 3-gram at most `MAX_POSTINGS` times in the corpus.
    trigrams: Postings,
    /// Attributed quotations of every article (boxed: the index is moved
    /// around whole, and this is most of its inline size).
    quotations: Box<Quotations>,
    /// Surname (lower-case) → what the corpus says about people of that
    /// name (sorted: a cache file is the same bytes each build).
    people: BTreeMap<String, String>,
}

impl std::fmt::Debug for QuoteIndex {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // The postings are large: show their sizes only.
        f.debug_struct("QuoteIndex")
            .field("articles", &self.words.articles())
            .field("words", &self.words.len())
            .field("vocabulary", &self.vocab.len())
            .field("trigram buckets", &self.trigrams.keys())
            .field("quotations", &self.quotations.len())
            .finish()
    }
}

/// Articles read side by side before their words get ids; two such slices
/// are held at a time (one being merged, the next read).
const ARTICLES_PER_BATCH: usize = 256;
/// 3-grams with more postings than this carry no signal (stock phrases), nor
/// do words this frequent.
const MAX_POSTINGS: usize = 4000;
/// 3-grams per bucket, on average at most.
const TRIGRAMS_PER_BUCKET: usize = 4;
/// At most this many articles are aligned per quote.
const MAX_CANDIDATES: usize = 16;
/// Longer quotes are not looked up (an unclosed mark, a pasted article).
pub const MAX_QUOTE_WORDS: usize = 600;
/// Segments of one quote lie at most this many words apart.
const MAX_GAP: usize = 200;

/// An article worth aligning a quote in.
struct Candidate {
    article: u32,
    /// From the first to the last word (within the article) that voted
    /// for it.
    voters: Range<usize>,
}

fn key(a: u32, b: u32, c: u32) -> u64 {
    let h = (a as u64).wrapping_mul(0x9E37_79B9_7F4A_7C15)
        ^ (b as u64)
            .wrapping_mul(0xC2B2_AE3D_27D4_EB4F)
            .rotate_left(21)
        ^ (c as u64)
            .wrapping_mul(0x1656_67B1_9E37_79F9)
            .rotate_left(42);
    h ^ (h >> 29)
}

/// The bucket of a 3-gram key: its top `bits` bits.
fn bucket(key: u64, bits: u32) -> usize {
    key.checked_shr(64 - bits).unwrap_or(0) as usize
}

/// Word edits a quote of `n` words may have and still count as the passage
/// (altered): none under four words, then about three in ten.
pub fn allowed_edits(n: usize) -> u32 {
    if n < 4 {
        0
    } else {
        (n * 3 / 10).max(1) as u32
    }
}

/// Word counts and postings, for a vocabulary of `vocabulary` words.
fn word_postings(words: &corpus_words::Builder, vocabulary: usize) -> (Vec<u32>, Postings) {
    let ids = &words.ids;
    let mut count = vec![0u32; vocabulary];
    for &id in ids {
        count[id as usize] += 1;
    }
    let last = ids.len().saturating_sub(1) as u32;
    // The positions of words too frequent to be looked up are not
    // listed at all (most of the corpus's words).
    let listed = |id: u32| count[id as usize] as usize <= MAX_POSTINGS;
    // The number of positions listed under each word is its count, or none:
    // the postings need not count them again.
    let listed_count = |id: usize| {
        let n = count[id] as usize;
        if n <= MAX_POSTINGS {
            n
        } else {
            0
        }
    };
    let postings = Postings::build_counted(
        count.len(),
        last,
        listed_count,
        || {
            ids.iter()
                .enumerate()
                .filter(|&(_, &id)| listed(id))
                .map(|(at, _)| at as u32)
        },
        |at| ids[at as usize],
    );
    (count, postings)
}

/// 3-gram postings, by bucket, without the 3-grams too frequent to be
/// looked up; and the bits of a key that choose its bucket.
fn trigram_postings(words: &corpus_words::Builder) -> (u32, Postings) {
    let ids = &words.ids;
    let articles = words.starts.len();
    // The articles in a shard a core, of about as many words each.
    let shards = crate::parallel::threads().max(1);
    let shard_starts: Vec<usize> = (0..shards)
        .map(|s| {
            words
                .starts
                .partition_point(|&w| (w as usize) < s * ids.len() / shards)
        })
        .chain([articles])
        .collect();
    let starts = |shard: usize| {
        (shard_starts[shard]..shard_starts[shard + 1]).flat_map(|a| {
            let r = words.article(a);
            r.start..r.end.saturating_sub(2).max(r.start)
        })
    };
    let n: usize = (0..articles)
        .map(|a| words.article(a).len().saturating_sub(2))
        .sum();
    let bits = (n / TRIGRAMS_PER_BUCKET)
        .max(1)
        .next_power_of_two()
        .trailing_zeros();
    let triple = |at: u32| match ids[at as usize..at as usize + 3] {
        [a, b, c] => (a, b, c),
        _ => unreachable!("a 3-gram starts two words before its article's end"),
    };
    let last = ids.len().saturating_sub(1) as u32;
    let postings = Postings::build(
        1 << bits,
        last,
        shards,
        |shard| starts(shard).map(|at| at as u32),
        |at| {
            let (a, b, c) = triple(at);
            bucket(key(a, b, c), bits) as u32
        },
        // Only a bucket this full can hold a 3-gram too frequent.
        MAX_POSTINGS,
        |_, list| {
            let mut all: Vec<_> = list.iter().map(|&at| triple(at)).collect();
            all.sort_unstable();
            let frequent: Vec<_> = all
                .chunk_by(|x, y| x == y)
                .filter(|same| same.len() > MAX_POSTINGS)
                .map(|same| same[0])
                .collect();
            if !frequent.is_empty() {
                list.retain(|&at| !frequent.contains(&triple(at)));
            }
        },
    );
    (bits, postings)
}

impl QuoteIndex {
    /// Indexes a corpus.
    pub fn build(corpus: &Corpus) -> QuoteIndex {
        // Articles are cut into words and their quotations attributed on
        // every core, a slice of the corpus at a time, while a thread of
        // its own gives the words their ids in corpus order: the next slice
        // is read while the one before is merged (and waits for it, which
        // bounds the memory held).
        let (mut ix, words, quoted) = crate::parallel::map_then_merge(
            &corpus.articles,
            ARTICLES_PER_BATCH,
            ArticleRead::read,
            (
                QuoteIndex::default(),
                corpus_words::Builder::default(),
                quotations::Builder::default(),
            ),
            |(ix, words, quoted), read| {
                // This batch's texts have been read.
                let first = words.starts.len();
                corpus.release_texts_of(first..first + read.len());
                for a in read {
                    let vocab = &mut ix.vocab;
                    words.push_article(a.norms().map(|w| vocab.add(w)), &a.offsets);
                    for (surname, description) in a.people {
                        ix.add_person(surname, &description);
                    }
                    quoted.push_article(&a.quotes);
                }
            },
        );
        // Every text has been read: the postings are built from the ids.
        corpus.release_text_pages();
        ix.vocab.shrink_to_fit();
        let vocabulary = ix.vocab.len();
        // The two postings are built side by side.
        let ((word_count, word_postings), (trigram_bits, trigrams)) = crate::parallel::join(
            || word_postings(&words, vocabulary),
            || trigram_postings(&words),
        );
        ix.word_count = word_count;
        ix.word_postings = word_postings;
        ix.trigram_bits = trigram_bits;
        ix.trigrams = trigrams;
        ix.words = words.finish(vocabulary);
        ix.quotations = Box::new(quoted.finish());
        ix
    }

    /// Adds what the corpus says about a person of this surname.
    fn add_person(&mut self, surname: String, description: &str) {
        let e = self.people.entry(surname).or_default();
        if !description.is_empty() && !e.contains(description) {
            e.push(' ');
            e.push_str(description);
        }
    }

    /// What the corpus says about people of `name`'s surname.
    pub fn described(&self, name: &str) -> &str {
        name.split_whitespace()
            .next_back()
            .and_then(|s| self.people.get(&s.to_lowercase()))
            .map_or("", |s| s.as_str())
    }

    fn id(&self, norm: &str) -> u32 {
        self.vocab.get(norm).unwrap_or(NO_WORD)
    }

    fn elems(&self, p: &Pattern) -> Vec<Vec<Elem>> {
        p.segments
            .iter()
            .map(|s| {
                s.iter()
                    .map(|piece| match piece {
                        Piece::Word { norm, .. } => Elem::Word(self.id(norm)),
                        Piece::Wild { max, .. } => Elem::Wild(*max),
                    })
                    .collect()
            })
            .collect()
    }

    /// The corpus positions where the 3-gram `a b c` starts (as stored:
    /// corpora are limited to 2^32 words); none if it is more frequent than
    /// `MAX_POSTINGS`.
    fn trigram_positions(&self, a: u32, b: u32, c: u32) -> impl Iterator<Item = u32> + '_ {
        let w = &self.words;
        // The bucket holds other 3-grams too: each position is checked
        // against the corpus's words, scattered through it, so the next
        // few positions' words are loaded meanwhile.
        let listed: Vec<u32> = self
            .trigrams
            .list(bucket(key(a, b, c), self.trigram_bits))
            .collect();
        (0..listed.len()).filter_map(move |i| {
            if let Some(ahead) = listed.get(i + 8) {
                w.prefetch(*ahead as usize);
            }
            let at = listed[i];
            let i = at as usize;
            (w.id(i) == a && w.id(i + 1) == b && w.id(i + 2) == c).then_some(at)
        })
    }

    /// The corpus positions of a word (as stored); none if it is more
    /// frequent than `MAX_POSTINGS`.
    fn word_positions(&self, id: u32) -> impl Iterator<Item = u32> + '_ {
        self.word_postings.list(id as usize)
    }

    fn word_count(&self, id: u32) -> usize {
        self.word_count.get(id as usize).map_or(0, |&n| n as usize)
    }

    /// Candidate articles, each with the span of the positions (within the
    /// article) that voted for it: the 3-grams the quote shares with it,
    /// or (`rare`) its rarest words.
    fn candidates(&self, segs: &[Vec<Elem>], rare: bool) -> Vec<Candidate> {
        // Every voting position (a 3-gram the quote has twice votes twice),
        // sorted: an article's votes are then one run, counted in a sweep
        // rather than each looked up in a table.
        let mut votes: Vec<u32> = Vec::new();
        if !rare {
            for seg in segs {
                for t in seg.windows(3) {
                    let (Elem::Word(a), Elem::Word(b), Elem::Word(c)) = (t[0], t[1], t[2]) else {
                        continue;
                    };
                    if [a, b, c].contains(&NO_WORD) {
                        continue;
                    }
                    // A 3-gram more frequent than `MAX_POSTINGS` has no
                    // positions: it votes for nothing.
                    votes.extend(self.trigram_positions(a, b, c));
                }
            }
        } else {
            let mut ids: Vec<u32> = segs
                .iter()
                .flatten()
                .filter_map(|e| match *e {
                    Elem::Word(id) if id != NO_WORD => Some(id),
                    _ => None,
                })
                .collect();
            ids.sort_unstable();
            ids.dedup();
            ids.sort_by_key(|&id| self.word_count(id));
            for &id in ids.iter().take(3) {
                if self.word_count(id) > MAX_POSTINGS {
                    continue;
                }
                votes.extend(self.word_positions(id));
            }
        }
        votes.sort_unstable();
        let mut out: Vec<(u32, Candidate)> = Vec::new();
        let mut rest = &votes[..];
        while let Some(&first) = rest.first() {
            let (art, _) = self.words.locate(first as usize);
            let words = self.words.article(art);
            let n = rest.partition_point(|&at| (at as usize) < words.end);
            let last = rest[n - 1] as usize;
            out.push((
                n as u32,
                Candidate {
                    article: art as u32,
                    voters: first as usize - words.start..last - words.start + 1,
                },
            ));
            rest = &rest[n..];
        }
        out.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.article.cmp(&b.1.article)));
        let best = out.first().map_or(0, |c| c.0);
        out.retain(|c| c.0 * 3 >= best);
        out.truncate(MAX_CANDIDATES);
        out.into_iter().map(|(_, c)| c).collect()
    }

    /// Aligns all segments in order inside one article, near the words that
    /// voted for it (`voters`), if the whole costs at most `bound` edits.
    fn align_article(
        &self,
        segs: &[Vec<Elem>],
        art: u32,
        voters: Range<usize>,
        bound: u32,
    ) -> Option<(u32, Vec<Aligned>)> {
        let len = self.words.article(art as usize).len();
        let total: usize = segs.iter().map(Vec::len).sum();
        let (lo_hit, hi_hit) = (voters.start, voters.end.checked_sub(1)?);
        let reach = total + 2 * segs.len() + 8 + if segs.len() > 1 { MAX_GAP } else { 0 };
        let lo = lo_hit.saturating_sub(reach);
        let hi = (hi_hit + reach).min(len);
        // Only the words any segment may reach are read: each segment
        // after the first ends at most `MAX_GAP` and twice its length
        // beyond where the one before could end.
        let end = (hi + (segs.len() - 1) * MAX_GAP + 2 * total).min(len);
        let mut src = Vec::new();
        self.words.article_ids(art as usize, lo..end, &mut src);
        let mut out = Vec::with_capacity(segs.len());
        let mut from = lo;
        let mut cost = 0;
        for (i, seg) in segs.iter().enumerate() {
            let until = if i == 0 {
                hi
            } else {
                (from + MAX_GAP + seg.len() * 2).min(len)
            };
            let mut a = matcher::align_within(seg, &src, from - lo, until - lo, bound - cost)?;
            (a.start, a.end) = (a.start + lo, a.end + lo);
            cost += a.cost;
            from = a.end;
            out.push(a);
        }
        Some((cost, out))
    }

    /// Source passages matching a quote's folded text, best first: every
    /// article that has the words (exactly, elided or altered within the
    /// allowed edits).
    pub fn locate(&self, corpus: &Corpus, quote_text: &str) -> Vec<QuoteMatch> {
        self.locate_detailed(corpus, quote_text)
            .into_iter()
            .map(|l| l.m)
            .collect()
    }

    /// [`QuoteIndex::locate`] with alignments and speakers.
    pub fn locate_detailed(&self, corpus: &Corpus, quote_text: &str) -> Vec<Located> {
        self.search(corpus, quote_text, allowed_edits)
    }

    /// The passage closest to a quote that [`QuoteIndex::locate`] does not
    /// find (up to half its words different), to show next to an
    /// unsourced quote.
    pub fn closest(&self, corpus: &Corpus, quote_text: &str) -> Option<Located> {
        self.search(corpus, quote_text, |n| (n / 2) as u32)
            .into_iter()
            .next()
    }

    fn search(&self, corpus: &Corpus, quote_text: &str, edits: fn(usize) -> u32) -> Vec<Located> {
        let pattern = words::pattern(quote_text);
        let n = pattern.word_count();
        if n == 0 || n > MAX_QUOTE_WORDS {
            return Vec::new();
        }
        let segs = self.elems(&pattern);
        let allowed = edits(n);
        let mut found = self.try_candidates(corpus, &pattern, &segs, allowed, false);
        if found.is_empty() {
            found = self.try_candidates(corpus, &pattern, &segs, allowed, true);
        }
        found.sort_by(|a, b| {
            b.m.score
                .partial_cmp(&a.m.score)
                .unwrap_or(std::cmp::Ordering::Equal)
                .then(a.m.article.cmp(&b.m.article))
        });
        found
    }

    fn try_candidates(
        &self,
        corpus: &Corpus,
        pattern: &Pattern,
        segs: &[Vec<Elem>],
        allowed: u32,
        rare: bool,
    ) -> Vec<Located> {
        let n = pattern.word_count();
        let mut out = Vec::new();
        // Passages costing more are rejected below whatever they are (a
        // figure changed by one edit is the one exception to `allowed`).
        let bound = allowed.max(1);
        for Candidate {
            article: art,
            voters,
        } in self.candidates(segs, rare)
        {
            let Some((cost, aligned)) = self.align_article(segs, art, voters, bound) else {
                continue;
            };
            // Enough of the quote's own words must be there.
            let same = aligned
                .iter()
                .flat_map(|a| &a.ops)
                .filter(|o| matches!(o, matcher::Op::Same))
                .count();
            let figure = cost == 1 && self.changed_figure(corpus, art as usize, pattern, &aligned);
            if !figure && (cost > allowed || same < n.min(3)) {
                continue;
            }
            let Some(article) = corpus.get(art as usize) else {
                continue;
            };
            let (s, e) = (aligned[0].start, aligned.last().unwrap().end);
            if e <= s {
                continue;
            }
            let folded = self.folded_span(&article.folded.text, art as usize, s..e);
            let speaker = self.speaker_in(art as usize, folded.clone());
            let kind = if cost > 0 {
                MatchKind::Altered
            } else if pattern.is_edited() {
                MatchKind::Elided
            } else {
                MatchKind::Exact
            };
            out.push(Located {
                m: QuoteMatch {
                    article: art as usize,
                    range: article.original(folded),
                    speaker: speaker.as_ref().map(|s| s.label().to_string()),
                    score: (1.0 - cost as f32 / n as f32).max(0.0),
                    kind,
                },
                cost,
                segments: aligned,
                speaker,
            });
        }
        out
    }

    /// Is the only edit of a short quote a changed number ("a 90% effort"
    /// for "a 100% effort")? A figure changed inside a quote is an
    /// alteration however short the quote.
    fn changed_figure(
        &self,
        corpus: &Corpus,
        art: ArticleId,
        pattern: &Pattern,
        aligned: &[Aligned],
    ) -> bool {
        let numeric = |w: &str| w.chars().next().is_some_and(|c| c.is_ascii_digit());
        for (seg, al) in pattern.segments.iter().zip(aligned) {
            let (mut si, mut ni) = (al.start, 0usize);
            for op in &al.ops {
                match *op {
                    matcher::Op::Same => {
                        si += 1;
                        ni += 1;
                    }
                    matcher::Op::Sub => {
                        let note = match seg.get(ni) {
                            Some(Piece::Word { norm, .. }) => norm.as_str(),
                            _ => return false,
                        };
                        return numeric(note) && numeric(self.source_word(corpus, art, si));
                    }
                    matcher::Op::Wild(k) => {
                        si += k;
                        ni += 1;
                    }
                    matcher::Op::NoteOnly | matcher::Op::SourceOnly => return false,
                }
            }
        }
        false
    }

    /// The speaker of the source quotation that holds a folded span.
    pub fn speaker_in(&self, article: ArticleId, span: Range<usize>) -> Option<Speaker> {
        let q = &self.quotations;
        let holds = |p: Range<usize>| p.start < span.end && span.start < p.end;
        let quote = q.of(article).find(|&i| q.inner(i).any(holds))?;
        q.speaker(quote)
    }

    /// The quotations of an article with their speakers, as byte ranges
    /// of `article.raw` (one range per part when a quotation runs over
    /// paragraphs).
    pub fn source_quotes(&self, corpus: &Corpus, article: ArticleId) -> Vec<SourceQuote> {
        let Some(a) = corpus.get(article) else {
            return Vec::new();
        };
        let q = &self.quotations;
        q.of(article)
            .map(|i| {
                let speaker = q.speaker(i);
                SourceQuote {
                    range: a.original(q.outer(i)),
                    parts: q.inner(i).map(|p| a.original(p)).collect(),
                    speaker: speaker.as_ref().map(|s| s.label().to_string()),
                    speaker_text: speaker.map(|s| s.text),
                }
            })
            .collect()
    }

    /// The quotations of an article with their speakers, in folded text.
    pub fn attributed(&self, article: ArticleId) -> Vec<Attributed> {
        let q = &self.quotations;
        q.of(article).map(|i| q.attributed(i)).collect()
    }

    /// Number of attributed quotations in the corpus.
    pub fn quotation_count(&self) -> usize {
        self.quotations.len()
    }

    /// Byte span in an article's folded text of its words `words` (not
    /// empty).
    fn folded_span(&self, folded: &str, article: ArticleId, words: Range<usize>) -> Range<usize> {
        let start = self.words.span(folded, article, words.start).start;
        start..self.words.span(folded, article, words.end - 1).end
    }

    /// Folded text of source word positions `start..end` of an article.
    pub fn source_words<'a>(
        &self,
        corpus: &'a Corpus,
        article: ArticleId,
        words: Range<usize>,
    ) -> &'a str {
        if words.is_empty() {
            return "";
        }
        let folded = &corpus.articles[article].folded.text;
        &folded[self.folded_span(folded, article, words)]
    }

    /// The folded word at a source position.
    pub fn source_word<'a>(&self, corpus: &'a Corpus, article: ArticleId, pos: usize) -> &'a str {
        self.source_words(corpus, article, pos..pos + 1)
    }

    /// Bytes each part takes in the cache encoding (about what it keeps in
    /// memory), for the stage's profiling example.
    pub fn part_sizes(&self) -> Vec<(&'static str, usize)> {
        fn size<T: serde::Serialize>(t: &T) -> usize {
            postcard::to_allocvec(t).map_or(0, |b| b.len())
        }
        vec![
            ("vocab", size(&self.vocab)),
            ("words", size(&self.words)),
            ("word_count", size(&self.word_count)),
            ("word_postings", size(&self.word_postings)),
            ("trigrams", size(&self.trigrams)),
            ("quotations", size(&self.quotations)),
            ("people", size(&self.people)),
        ]
    }

    /// Number of distinct words in the corpus.
    pub fn vocabulary(&self) -> usize {
        self.vocab.len()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn candidates_rank_articles_by_shared_3_grams_and_span_their_voters() {
        let index = crate::index::Index::from_texts([
            (
                "a.txt",
                "A\n\nThe council said the harbour wall would be rebuilt next spring.\n",
            ),
            (
                "b.txt",
                "B\n\nThe harbour wall would be rebuilt, and the harbour wall would be rebuilt again.\n",
            ),
            ("c.txt", "C\n\nSomething else entirely, about farming.\n"),
        ]);
        let q = &index.quotes;
        let segs = q.elems(&words::pattern("the harbour wall would be rebuilt"));
        let found = q.candidates(&segs, false);
        // b has the quote's four 3-grams twice (eight votes), a once.
        let articles: Vec<u32> = found.iter().map(|c| c.article).collect();
        assert_eq!(articles, [1, 0]);
        // a: the four 3-grams start on consecutive words; b: from the
        // first "the harbour" to the second "would be", seven words on.
        assert_eq!(found[1].voters.len(), 4);
        assert_eq!(found[0].voters.len(), 7 + 4);
        let rare = q.candidates(&segs, true);
        assert!(rare.iter().any(|c| c.article == 0) && rare.iter().any(|c| c.article == 1));
        assert!(rare.iter().all(|c| c.article != 2));
    }
}
