//! `FigureIndex`: every source figure with what it measures, built once per
//! corpus, with postings keyed by (dimension, topic word) so that matching a
//! note figure reads only the source figures that share a rare word with it.

use std::collections::{HashMap, HashSet};
use std::ops::Range;
use std::sync::LazyLock;

use regex::Regex;

use super::measure::{analyse, name_stem, Measure};
use super::parse::{resolve_years, year_of, Dim, Figure};
use super::token::{key, split_after_figures};
use crate::corpus::{ArticleId, Corpus};

/// A source sentence that holds figures.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub struct SourceSentence {
    pub article: ArticleId,
    /// Span in the article's folded text.
    pub span: Range<usize>,
    /// Topic word ids: the sentence's words, its figures' values, and the
    /// names of the sentence before it and of the title. Sorted.
    pub words: Vec<u32>,
    /// Name-stem ids of the sentence, the one before it and the title.
    /// Sorted.
    pub names: Vec<u32>,
    /// Name-stem ids of the sentence itself and the title (and of the
    /// sentence before when this one names nothing). Sorted.
    pub own_names: Vec<u32>,
}

/// A figure of a source sentence.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub struct SourceFigure {
    pub sentence: u32,
    pub figure: Figure,
    pub measure: Measure,
    /// The figure as written (folded text).
    pub text: String,
    /// Local context word ids, sorted.
    pub local: Vec<u32>,
    pub head: Option<u32>,
}

/// A small multiplicative hasher (FxHash's): the index's keys are short
/// and not attacker-chosen, and SipHash dominated lookups.
#[derive(Debug, Default, Clone, Copy)]
pub struct FastHasher(u64);

impl std::hash::Hasher for FastHasher {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for chunk in bytes.chunks(8) {
            let mut b = [0u8; 8];
            b[..chunk.len()].copy_from_slice(chunk);
            self.write_u64(u64::from_le_bytes(b));
        }
    }
    fn write_u64(&mut self, n: u64) {
        self.0 = (self.0.rotate_left(5) ^ n).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
    }
    fn write_u32(&mut self, n: u32) {
        self.write_u64(u64::from(n));
    }
    fn write_usize(&mut self, n: usize) {
        self.write_u64(n as u64);
    }
    fn write_u8(&mut self, n: u8) {
        self.write_u64(u64::from(n));
    }
}

type FastMap<K, V> = HashMap<K, V, std::hash::BuildHasherDefault<FastHasher>>;

#[derive(Debug, Default, serde::Serialize, serde::Deserialize)]
pub struct FigureIndex {
    vocab: FastMap<String, u32>,
    words: Vec<String>,
    /// Number of source sentences holding each word.
    df: Vec<u32>,
    /// Words the corpus mostly writes in lower case (to tell whether a
    /// sentence-initial capital starts a name).
    lower: HashSet<String>,
    pub sentences: Vec<SourceSentence>,
    pub figures: Vec<SourceFigure>,
    /// Every name id an article states, by article. Sorted.
    pub article_names: Vec<Vec<u32>>,
    postings: FastMap<(Dim, u32), Vec<u32>>,
    total_sentences: u32,
}

static LOWER_WORD: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?:^|[\s(\x22])(\p{Ll}[\p{L}']*)").unwrap());

static CAPITAL_MID: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"[\p{Ll}\d,;] (\p{Lu}\p{Ll}[\p{L}']*)").unwrap());

impl FigureIndex {
    pub fn build(corpus: &Corpus) -> FigureIndex {
        let mut ix = FigureIndex::default();
        // A word is common (not a name) when the corpus writes it in lower
        // case more often than capitalised inside a sentence.
        let mut counts: FastMap<String, (u32, u32)> = FastMap::default();
        for a in &corpus.articles {
            for c in LOWER_WORD.captures_iter(&a.folded.text) {
                counts.entry(key(&c[1])).or_default().0 += 1;
            }
            for c in CAPITAL_MID.captures_iter(&a.folded.text) {
                counts.entry(key(&c[1])).or_default().1 += 1;
            }
        }
        let lower: HashSet<String> = counts
            .into_iter()
            .filter(|(_, (l, u))| l > u)
            .map(|(w, _)| w)
            .collect();
        let seen = |w: &str| lower.contains(w);
        for (aid, a) in corpus.articles.iter().enumerate() {
            let reference = a.date.and_then(|d| Some((d.year, d.month?)));
            let title = a
                .sentences
                .first()
                .map(|s| analyse(&a.folded.text, s.span.clone(), &seen));
            let title_names: Vec<String> = title.map(|t| t.names).unwrap_or_default();
            let mut prev_names: Vec<String> = Vec::new();
            let mut context_year: Option<i32> = None;
            let mut paragraph = usize::MAX;
            let mut all_names: Vec<u32> = Vec::new();
            for s in &split_after_figures(&a.folded.text, &a.sentences) {
                if s.paragraph != paragraph {
                    paragraph = s.paragraph;
                    context_year = None;
                }
                let mut sf = analyse(&a.folded.text, s.span.clone(), &seen);
                ix.total_sentences += 1;
                let mut figs: Vec<Figure> = sf.figures.iter().map(|(f, _)| f.clone()).collect();
                resolve_years(&mut figs, context_year, reference);
                for (k, f) in figs.into_iter().enumerate() {
                    sf.figures[k].0 = f;
                }
                if let Some(y) = sf.figures.iter().rev().find_map(|(f, _)| year_of(f)) {
                    context_year = Some(y);
                }
                let mut words: Vec<u32> = sf.words.iter().map(|w| ix.intern(w)).collect();
                for w in &words {
                    ix.df[*w as usize] += 1;
                }
                let mut stems: Vec<u32> =
                    sf.names.iter().map(|n| ix.intern(&name_stem(n))).collect();
                stems.sort_unstable();
                stems.dedup();
                for st in &stems {
                    // Name stems count their own sentences for their rarity.
                    if !words.contains(st) {
                        ix.df[*st as usize] += 1;
                    }
                }
                all_names.extend(stems);
                if sf.figures.is_empty() {
                    prev_names = sf.names;
                    continue;
                }
                let context_names: Vec<&String> = sf
                    .names
                    .iter()
                    .chain(&prev_names)
                    .chain(&title_names)
                    .collect();
                words.extend(
                    context_names
                        .iter()
                        .map(|w| ix.intern(w))
                        .collect::<Vec<_>>(),
                );
                let mut names: Vec<u32> = context_names
                    .iter()
                    .map(|w| ix.intern(&name_stem(w)))
                    .collect();
                names.sort_unstable();
                names.dedup();
                // A sentence naming nothing, opening with a pronoun ("It
                // employs 77,000 people") or quoting someone speaks of what
                // the one before it names.
                let first = a.folded.text[s.span.clone()]
                    .split_whitespace()
                    .next()
                    .unwrap_or("")
                    .to_lowercase();
                let pronoun = matches!(
                    first.as_str(),
                    "it" | "he"
                        | "she"
                        | "they"
                        | "its"
                        | "his"
                        | "her"
                        | "their"
                        | "this"
                        | "these"
                );
                // Quoted speech is attributed around it, usually before.
                let quoted = a.folded.text[s.span.clone()].starts_with('"');
                let before: &[String] = if sf.names.is_empty() || pronoun || quoted {
                    &prev_names
                } else {
                    &[]
                };
                let mut own_names: Vec<u32> = sf
                    .names
                    .iter()
                    .chain(&title_names)
                    .chain(before)
                    .map(|w| ix.intern(&name_stem(w)))
                    .collect();
                own_names.sort_unstable();
                own_names.dedup();
                for (_, m) in &sf.figures {
                    let v = ix.intern(&m.value_key);
                    if !words.contains(&v) {
                        ix.df[v as usize] += 1;
                        words.push(v);
                    }
                }
                words.sort_unstable();
                words.dedup();
                let sid = ix.sentences.len() as u32;
                for (f, m) in sf.figures.iter() {
                    let fid = ix.figures.len() as u32;
                    for w in &words {
                        ix.postings.entry((f.dim, *w)).or_default().push(fid);
                    }
                    let mut local: Vec<u32> = m.local.iter().map(|w| ix.intern(w)).collect();
                    local.sort_unstable();
                    let head = m.head.as_ref().map(|h| ix.intern(h));
                    ix.figures.push(SourceFigure {
                        sentence: sid,
                        text: a.folded.text[f.span.clone()].to_string(),
                        figure: f.clone(),
                        measure: m.clone(),
                        local,
                        head,
                    });
                }
                ix.sentences.push(SourceSentence {
                    article: aid,
                    span: s.span.clone(),
                    words,
                    names,
                    own_names,
                });
                prev_names = sf.names;
            }
            all_names.sort_unstable();
            all_names.dedup();
            ix.article_names.push(all_names);
        }
        ix.lower = lower;
        ix
    }

    fn intern(&mut self, w: &str) -> u32 {
        if let Some(id) = self.vocab.get(w) {
            return *id;
        }
        let id = self.words.len() as u32;
        self.vocab.insert(w.to_string(), id);
        self.words.push(w.to_string());
        self.df.push(0);
        id
    }

    /// The id of a word, if the corpus has it.
    pub fn word_id(&self, w: &str) -> Option<u32> {
        self.vocab.get(w).copied()
    }

    pub fn word(&self, id: u32) -> &str {
        &self.words[id as usize]
    }

    /// Does the corpus mostly write this word key in lower case?
    pub fn seen_lower(&self, w: &str) -> bool {
        self.lower.contains(w)
    }

    /// Inverse document frequency of a word (unknown words weigh most;
    /// the commonest words next to nothing).
    pub fn idf(&self, id: Option<u32>) -> f64 {
        let n = f64::from(self.total_sentences.max(1));
        let df = id.map_or(0, |i| self.df.get(i as usize).copied().unwrap_or(0));
        (n / f64::from(df.max(1))).ln().max(0.1)
    }

    /// Source figures of dimension `dim` whose sentence context holds `word`.
    pub fn postings(&self, dim: Dim, word: u32) -> &[u32] {
        self.postings.get(&(dim, word)).map_or(&[], Vec::as_slice)
    }

    pub fn len(&self) -> usize {
        self.figures.len()
    }

    pub fn is_empty(&self) -> bool {
        self.figures.is_empty()
    }
}
