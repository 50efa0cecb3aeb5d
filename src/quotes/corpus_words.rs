//! `CorpusWords`: every article's words as vocabulary ids, end to end (a
//! word's *corpus position* is its place in that sequence), packed to the
//! bits the vocabulary needs. Byte spans are not kept per word: every
//! `CHECKPOINT`-th word's offset in its article's folded text is, and a
//! word's span is found again by reading the few words from the checkpoint
//! before it.

use std::ops::Range;
use std::sync::OnceLock;

use super::packed::Packed;
use super::words;

/// Words between two byte-offset checkpoints.
const CHECKPOINT: usize = 16;

/// [`CorpusWords::locate`] looks a position's article up among those of its
/// block of `2^LOCATE_BLOCK_BITS` positions: a handful of articles.
const LOCATE_BLOCK_BITS: u32 = 12;

#[derive(Clone, Default, Debug, serde::Serialize, serde::Deserialize)]
pub struct CorpusWords {
    ids: Packed,
    /// The corpus position of each article's first word, then the total.
    #[serde(with = "crate::cache::raw")]
    starts: Vec<u32>,
    /// For every corpus position `k * CHECKPOINT`: that word's byte offset
    /// in its article's folded text.
    #[serde(with = "crate::cache::raw")]
    checkpoints: Vec<u32>,
    /// By block of `2^LOCATE_BLOCK_BITS` corpus positions: the article of
    /// its first position. Worked out from `starts` when first needed.
    #[serde(skip)]
    blocks: OnceLock<Vec<u32>>,
}

/// [`CorpusWords`] being built, an article at a time, with the ids unpacked.
#[derive(Default)]
pub struct Builder {
    pub ids: Vec<u32>,
    pub starts: Vec<u32>,
    checkpoints: Vec<u32>,
}

/// The corpus position `n` as stored: corpora are limited to 2^32 words.
fn position(n: usize) -> u32 {
    u32::try_from(n).expect("a corpus of fewer than 2^32 words")
}

impl Builder {
    /// Adds an article's words: their ids and their byte offsets in its
    /// folded text.
    pub fn push_article(&mut self, ids: impl Iterator<Item = u32>, offsets: &[u32]) {
        let first = self.ids.len();
        self.starts.push(position(first));
        self.ids.extend(ids);
        debug_assert_eq!(self.ids.len() - first, offsets.len());
        let next = first.div_ceil(CHECKPOINT) * CHECKPOINT;
        self.checkpoints.extend(
            (next..self.ids.len())
                .step_by(CHECKPOINT)
                .map(|at| offsets[at - first]),
        );
    }

    /// The words of article `article`, as corpus positions.
    pub fn article(&self, article: usize) -> Range<usize> {
        let end = self
            .starts
            .get(article + 1)
            .map_or(self.ids.len(), |&s| s as usize);
        self.starts[article] as usize..end
    }

    /// The packed form, for a vocabulary of `vocabulary` words.
    pub fn finish(mut self, vocabulary: usize) -> CorpusWords {
        self.starts.push(position(self.ids.len()));
        let max = vocabulary.saturating_sub(1) as u32;
        let ids = Packed::new(self.ids.iter().copied(), max);
        self.checkpoints.shrink_to_fit();
        CorpusWords {
            ids,
            starts: self.starts,
            checkpoints: self.checkpoints,
            blocks: OnceLock::new(),
        }
    }
}

impl CorpusWords {
    /// Number of words in the corpus.
    pub fn len(&self) -> usize {
        self.ids.len()
    }

    pub fn is_empty(&self) -> bool {
        self.ids.is_empty()
    }

    /// Number of articles.
    pub fn articles(&self) -> usize {
        self.starts.len().saturating_sub(1)
    }

    /// The words of an article, as corpus positions.
    pub fn article(&self, article: usize) -> Range<usize> {
        self.starts[article] as usize..self.starts[article + 1] as usize
    }

    /// The article of a corpus position and the word's place in it.
    pub fn locate(&self, at: usize) -> (usize, usize) {
        // A binary search of every article's start misses the caches at
        // each of its last steps; the block's articles are a few, together.
        let blocks = self.blocks.get_or_init(|| self.article_blocks());
        let block = at >> LOCATE_BLOCK_BITS;
        let first = blocks.get(block).map_or(0, |&a| a as usize);
        let last = blocks
            .get(block + 1)
            .map_or(self.articles(), |&a| a as usize + 1);
        let article = first + self.starts[first..last].partition_point(|&s| s as usize <= at) - 1;
        (article, at - self.starts[article] as usize)
    }

    /// By block of positions, the article of its first position: the last
    /// article starting at or before it.
    fn article_blocks(&self) -> Vec<u32> {
        let mut blocks = Vec::with_capacity((self.len() >> LOCATE_BLOCK_BITS) + 1);
        let mut article = 0;
        for block in 0..=(self.len() >> LOCATE_BLOCK_BITS) {
            let at = block << LOCATE_BLOCK_BITS;
            while article + 1 < self.articles() && self.starts[article + 1] as usize <= at {
                article += 1;
            }
            blocks.push(article as u32);
        }
        blocks
    }

    /// The id of the word at a corpus position.
    #[inline]
    pub fn id(&self, at: usize) -> u32 {
        self.ids.get(at)
    }

    /// Starts loading the id at a corpus position into the caches (a hint).
    #[inline]
    pub fn prefetch(&self, at: usize) {
        self.ids.prefetch(at);
    }

    /// The ids of an article's words `words`, into `out` (emptied first).
    pub fn article_ids(&self, article: usize, words: Range<usize>, out: &mut Vec<u32>) {
        let first = self.starts[article] as usize;
        out.clear();
        self.ids
            .extend_into(first + words.start..first + words.end, out);
    }

    /// Byte span in `folded` (the article's folded text) of word `word` of
    /// article `article`.
    pub fn span(&self, folded: &str, article: usize, word: usize) -> Range<usize> {
        let first = self.starts[article] as usize;
        let at = first + word;
        let checkpoint = at / CHECKPOINT * CHECKPOINT;
        let (mut from_word, from_byte) = if checkpoint >= first {
            (checkpoint, self.checkpoints[at / CHECKPOINT] as usize)
        } else {
            (first, 0)
        };
        for span in words::spans(&folded[from_byte..]) {
            if from_word == at {
                return from_byte + span.start..from_byte + span.end;
            }
            from_word += 1;
        }
        panic!("word {word} of article {article} is not in its folded text");
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spans_positions_and_ids_of_each_article() {
        let texts = [
            "One two, three. Four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen seventeen eighteen",
            "",
            "  \u{e9}t\u{e9} 3.5 it's a b c d e f g h i j k l m n o p q r s t u v w x y z!",
        ];
        let mut b = Builder::default();
        let mut next = 0u32;
        let mut all_spans = Vec::new();
        for text in texts {
            let spans: Vec<Range<usize>> = words::spans(text).collect();
            let offsets: Vec<u32> = spans.iter().map(|s| s.start as u32).collect();
            let n = spans.len() as u32;
            b.push_article(next..next + n, &offsets);
            next += n;
            all_spans.push(spans);
        }
        assert_eq!(b.article(1), 18..18);
        let w = b.finish(next as usize);
        assert_eq!(w.len(), next as usize);
        let mut ids = Vec::new();
        for (a, text) in texts.iter().enumerate() {
            let r = w.article(a);
            w.article_ids(a, 0..r.len(), &mut ids);
            assert_eq!(ids, (r.start as u32..r.end as u32).collect::<Vec<_>>());
            if r.len() > 3 {
                w.article_ids(a, 2..r.len() - 1, &mut ids);
                assert_eq!(
                    ids,
                    (r.start as u32 + 2..r.end as u32 - 1).collect::<Vec<_>>()
                );
            }
            for (k, span) in all_spans[a].iter().enumerate() {
                assert_eq!(&w.span(text, a, k), span, "article {a} word {k}");
                assert_eq!(w.locate(r.start + k), (a, k));
                assert_eq!(w.id(r.start + k), (r.start + k) as u32);
            }
        }
    }

    #[test]
    fn positions_are_located_across_many_blocks() {
        // Articles of 0 to 2,999 words (empty ones among them), over many
        // blocks of positions; some longer than a block.
        let mut b = Builder::default();
        let lengths: Vec<usize> = (0..400).map(|i| (i * 7_919) % 3_000 * (i % 3)).collect();
        let mut next = 0u32;
        for len in &lengths {
            let offsets: Vec<u32> = (0..*len as u32).collect();
            b.push_article(next..next + *len as u32, &offsets);
            next += *len as u32;
        }
        let w = b.finish(next as usize);
        assert!(w.len() >> LOCATE_BLOCK_BITS > 50);
        for (a, len) in lengths.iter().enumerate() {
            let r = w.article(a);
            assert_eq!(r.len(), *len);
            for k in (0..*len).step_by(97).chain(len.checked_sub(1)) {
                assert_eq!(w.locate(r.start + k), (a, k), "article {a}");
            }
        }
    }
}
