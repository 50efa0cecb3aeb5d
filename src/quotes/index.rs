//! `QuoteIndex`: every article's words as ids, a word 3-gram inverted index
//! for candidate retrieval (with a rare-word fallback), and the attributed
//! quotations of every article. Built once per corpus.
//!
//! `locate` never scans the corpus: the quote's 3-grams (or, failing those,
//! its rarest words) vote for articles and positions, and only the winners'
//! neighbourhoods are aligned word by word.

use std::collections::HashMap;
use std::ops::Range;

use super::attrib::Speaker;
use super::matcher::{self, Aligned, Elem, NO_WORD};
use super::source::{self, Attributed};
use super::words::{self, Pattern, Piece};
use crate::corpus::{ArticleId, Corpus};
use crate::fasthash::FastMap;

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

#[derive(Debug, Clone, Default, serde::Serialize, serde::Deserialize)]
struct ArticleWords {
    #[serde(with = "crate::cache::raw")]
    ids: Vec<u32>,
    /// Byte spans in the folded text.
    #[serde(with = "crate::cache::raw")]
    spans: Vec<(u32, u32)>,
}

/// The precomputed quote data of a corpus.
#[derive(Clone, Default, serde::Serialize, serde::Deserialize)]
pub struct QuoteIndex {
    vocab: FastMap<String, u32>,
    /// Word id → `(article, position)` postings, as offsets into `word_post`.
    #[serde(with = "crate::cache::raw")]
    word_start: Vec<u32>,
    #[serde(with = "crate::cache::raw")]
    word_post: Vec<(u32, u32)>,
    /// Sorted `(3-gram key, article, position)`.
    #[serde(with = "crate::cache::raw")]
    trigrams: Vec<(u64, u32, u32)>,
    articles: Vec<ArticleWords>,
    /// Attributed quotations of every article.
    pub quotations: Vec<Vec<Attributed>>,
    /// Surname (lower-case) → what the corpus says about people of that name.
    people: HashMap<String, String>,
}

impl std::fmt::Debug for QuoteIndex {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // The postings are large: show their sizes only.
        f.debug_struct("QuoteIndex")
            .field("articles", &self.articles.len())
            .field("vocabulary", &self.vocab.len())
            .field("trigrams", &self.trigrams.len())
            .field(
                "quotations",
                &self.quotations.iter().map(Vec::len).sum::<usize>(),
            )
            .finish()
    }
}

/// Articles read side by side before their words get ids.
const ARTICLES_PER_BATCH: usize = 512;
/// 3-grams with more postings than this carry no signal (stock phrases).
const MAX_POSTINGS: usize = 4000;
/// At most this many articles are aligned per quote.
const MAX_CANDIDATES: usize = 16;
/// Longer quotes are not looked up (an unclosed mark, a pasted article).
pub const MAX_QUOTE_WORDS: usize = 600;
/// Segments of one quote lie at most this many words apart.
const MAX_GAP: usize = 200;

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

/// Word edits a quote of `n` words may have and still count as the passage
/// (altered): none under four words, then about three in ten.
pub fn allowed_edits(n: usize) -> u32 {
    if n < 4 {
        0
    } else {
        (n * 3 / 10).max(1) as u32
    }
}

impl QuoteIndex {
    /// Indexes a corpus.
    pub fn build(corpus: &Corpus) -> QuoteIndex {
        let mut ix = QuoteIndex::default();
        let mut counts: Vec<u32> = Vec::new();
        // Articles are cut into words and their quotations attributed on
        // every core, a slice of the corpus at a time; words get their ids
        // in corpus order.
        for chunk in corpus.articles.chunks(ARTICLES_PER_BATCH) {
            let read = crate::parallel::map_ordered(
                chunk,
                |a| {
                    let words = words::words(&a.folded.text);
                    let attributed =
                        source::attributed(&a.folded.text, &a.paragraphs, &a.sentences);
                    (words, attributed)
                },
                None,
            );
            for (found, (quotes, mentions)) in read {
                let mut aw = ArticleWords {
                    ids: Vec::with_capacity(found.len()),
                    spans: Vec::with_capacity(found.len()),
                };
                for w in found {
                    let id = match ix.vocab.get(&w.norm) {
                        Some(&id) => id,
                        None => {
                            let id = ix.vocab.len() as u32;
                            ix.vocab.insert(w.norm, id);
                            counts.push(0);
                            id
                        }
                    };
                    counts[id as usize] += 1;
                    aw.ids.push(id);
                    aw.spans.push((w.span.start as u32, w.span.end as u32));
                }
                ix.articles.push(aw);
                for m in &mentions {
                    ix.add_person(&m.name, &m.description);
                }
                for q in &quotes {
                    if let Some(s) = &q.speaker {
                        if let Some(n) = &s.name {
                            ix.add_person(n, &s.description);
                        }
                    }
                }
                ix.quotations.push(quotes);
            }
        }
        // Word postings, compressed by word.
        let mut start = vec![0u32; counts.len() + 1];
        for (i, c) in counts.iter().enumerate() {
            start[i + 1] = start[i] + c;
        }
        let mut fill = start.clone();
        ix.word_post = vec![(0, 0); *start.last().unwrap_or(&0) as usize];
        for (ai, aw) in ix.articles.iter().enumerate() {
            for (p, &id) in aw.ids.iter().enumerate() {
                ix.word_post[fill[id as usize] as usize] = (ai as u32, p as u32);
                fill[id as usize] += 1;
            }
        }
        ix.word_start = start;
        for (ai, aw) in ix.articles.iter().enumerate() {
            for (p, t) in aw.ids.windows(3).enumerate() {
                ix.trigrams
                    .push((key(t[0], t[1], t[2]), ai as u32, p as u32));
            }
        }
        ix.trigrams.sort_unstable();
        ix
    }

    fn add_person(&mut self, name: &str, description: &str) {
        let Some(sur) = name.split_whitespace().next_back() else {
            return;
        };
        let e = self.people.entry(sur.to_lowercase()).or_default();
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
        self.vocab.get(norm).copied().unwrap_or(NO_WORD)
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

    fn trigram_postings(&self, k: u64) -> &[(u64, u32, u32)] {
        let lo = self.trigrams.partition_point(|t| t.0 < k);
        let hi = self.trigrams.partition_point(|t| t.0 <= k);
        &self.trigrams[lo..hi]
    }

    fn word_postings(&self, id: u32) -> &[(u32, u32)] {
        if id == NO_WORD {
            return &[];
        }
        let (s, e) = (
            self.word_start[id as usize],
            self.word_start[id as usize + 1],
        );
        &self.word_post[s as usize..e as usize]
    }

    /// Candidate articles with the source positions that voted for them.
    fn candidates(&self, segs: &[Vec<Elem>], rare: bool) -> Vec<(u32, Vec<u32>)> {
        let mut votes: HashMap<u32, (u32, Vec<u32>)> = HashMap::new();
        if !rare {
            for seg in segs {
                for t in seg.windows(3) {
                    let (Elem::Word(a), Elem::Word(b), Elem::Word(c)) = (t[0], t[1], t[2]) else {
                        continue;
                    };
                    if [a, b, c].contains(&NO_WORD) {
                        continue;
                    }
                    let post = self.trigram_postings(key(a, b, c));
                    if post.len() > MAX_POSTINGS {
                        continue;
                    }
                    for &(_, art, pos) in post {
                        let v = votes.entry(art).or_default();
                        v.0 += 1;
                        v.1.push(pos);
                    }
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
            ids.sort_by_key(|&id| self.word_postings(id).len());
            for &id in ids.iter().take(3) {
                let post = self.word_postings(id);
                if post.len() > MAX_POSTINGS {
                    continue;
                }
                for &(art, pos) in post {
                    let v = votes.entry(art).or_default();
                    v.0 += 1;
                    v.1.push(pos);
                }
            }
        }
        let mut out: Vec<(u32, u32, Vec<u32>)> =
            votes.into_iter().map(|(a, (v, p))| (a, v, p)).collect();
        out.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
        let best = out.first().map_or(0, |c| c.1);
        out.retain(|c| c.1 * 3 >= best);
        out.truncate(MAX_CANDIDATES);
        out.into_iter().map(|(a, _, p)| (a, p)).collect()
    }

    /// Aligns all segments in order inside one article, near `hits`, if the
    /// whole costs at most `bound` edits.
    fn align_article(
        &self,
        segs: &[Vec<Elem>],
        art: u32,
        hits: &[u32],
        bound: u32,
    ) -> Option<(u32, Vec<Aligned>)> {
        let src = &self.articles[art as usize].ids;
        let total: usize = segs.iter().map(Vec::len).sum();
        let lo_hit = *hits.iter().min()? as usize;
        let hi_hit = *hits.iter().max()? as usize;
        let reach = total + 2 * segs.len() + 8 + if segs.len() > 1 { MAX_GAP } else { 0 };
        let lo = lo_hit.saturating_sub(reach);
        let hi = (hi_hit + reach).min(src.len());
        let mut out = Vec::with_capacity(segs.len());
        let mut from = lo;
        let mut cost = 0;
        for (i, seg) in segs.iter().enumerate() {
            let until = if i == 0 {
                hi
            } else {
                (from + MAX_GAP + seg.len() * 2).min(src.len())
            };
            let a = matcher::align_within(seg, src, from, until, bound - cost)?;
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
        for (art, hits) in self.candidates(segs, rare) {
            let Some((cost, aligned)) = self.align_article(segs, art, &hits, bound) else {
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
            let aw = &self.articles[art as usize];
            let (s, e) = (aligned[0].start, aligned.last().unwrap().end);
            if e <= s {
                continue;
            }
            let folded = aw.spans[s].0 as usize..aw.spans[e - 1].1 as usize;
            let speaker = self.speaker_in(art as usize, folded.clone()).cloned();
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
    pub fn speaker_in(&self, article: ArticleId, span: Range<usize>) -> Option<&Speaker> {
        let quotes = self.quotations.get(article)?;
        quotes
            .iter()
            .find(|q| {
                q.quote
                    .parts
                    .iter()
                    .any(|p| p.inner.start < span.end && span.start < p.inner.end)
            })
            .and_then(|q| q.speaker.as_ref())
    }

    /// The quotations of an article with their speakers, as byte ranges
    /// of `article.raw` (one range per part when a quotation runs over
    /// paragraphs).
    pub fn source_quotes(&self, corpus: &Corpus, article: ArticleId) -> Vec<SourceQuote> {
        let (Some(a), Some(quotes)) = (corpus.get(article), self.quotations.get(article)) else {
            return Vec::new();
        };
        quotes
            .iter()
            .map(|q| SourceQuote {
                range: a.original(q.quote.outer()),
                parts: q
                    .quote
                    .parts
                    .iter()
                    .map(|p| a.original(p.inner.clone()))
                    .collect(),
                speaker: q.speaker.as_ref().map(|s| s.label().to_string()),
                speaker_text: q.speaker.as_ref().map(|s| s.text.clone()),
            })
            .collect()
    }

    /// Folded text of source word positions `start..end` of an article.
    pub fn source_words<'a>(
        &self,
        corpus: &'a Corpus,
        article: ArticleId,
        words: Range<usize>,
    ) -> &'a str {
        let aw = &self.articles[article];
        if words.is_empty() {
            return "";
        }
        let span = aw.spans[words.start].0 as usize..aw.spans[words.end - 1].1 as usize;
        &corpus.articles[article].folded.text[span]
    }

    /// The folded word at a source position.
    pub fn source_word<'a>(&self, corpus: &'a Corpus, article: ArticleId, pos: usize) -> &'a str {
        self.source_words(corpus, article, pos..pos + 1)
    }

    /// Number of distinct words in the corpus.
    pub fn vocabulary(&self) -> usize {
        self.vocab.len()
    }
}
