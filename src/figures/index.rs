//! `FigureIndex`: every source figure with what it measures, built once per
//! corpus, with postings keyed by (dimension, topic word) so that matching a
//! note figure reads only the source figures that share a rare word with it.

use std::collections::HashSet;
use std::ops::Range;
use std::sync::LazyLock;

use regex::Regex;

use super::measure::{analyse, name_stem, Measure, SentenceFigures};
use super::parse::{resolve_years, year_of, Dim, Figure};
use super::token::{key, split_after_figures};
use crate::corpus::{Article, ArticleId, Corpus};
use crate::fasthash::FastMap;

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

/// Articles analysed side by side before their results are interned.
const ARTICLES_PER_BATCH: usize = 512;

/// One article's sentences (split after figures) with their analyses, years
/// resolved, and the names of its title.
struct AnalysedArticle {
    title_names: Vec<String>,
    sentences: Vec<(Range<usize>, SentenceFigures)>,
}

fn analyse_article(a: &Article, seen: &dyn Fn(&str) -> bool) -> AnalysedArticle {
    let text = &a.folded.text;
    let reference = a.date.and_then(|d| Some((d.year, d.month?)));
    let title_names = a
        .sentences
        .first()
        .map(|s| analyse(text, s.span.clone(), seen).names)
        .unwrap_or_default();
    let mut context_year: Option<i32> = None;
    let mut paragraph = usize::MAX;
    let sentences = split_after_figures(text, &a.sentences)
        .into_iter()
        .map(|s| {
            if s.paragraph != paragraph {
                paragraph = s.paragraph;
                context_year = None;
            }
            let mut sf = analyse(text, s.span.clone(), seen);
            let mut figs: Vec<Figure> = sf.figures.iter().map(|(f, _)| f.clone()).collect();
            resolve_years(&mut figs, context_year, reference);
            for (k, f) in figs.into_iter().enumerate() {
                sf.figures[k].0 = f;
            }
            if let Some(y) = sf.figures.iter().rev().find_map(|(f, _)| year_of(f)) {
                context_year = Some(y);
            }
            (s.span, sf)
        })
        .collect();
    AnalysedArticle {
        title_names,
        sentences,
    }
}

/// The word keys the corpus mostly writes in lower case: seen lower-case
/// after a space, bracket or quote more often than capitalised after a
/// lower-case word, digit, comma or semicolon (a word is then not a name).
fn lower_case_words(corpus: &Corpus) -> HashSet<String> {
    // Occurrences are counted per word as written, on every core, and only
    // the distinct words are reduced to their keys.
    let per_article = crate::parallel::map_ordered(
        &corpus.articles,
        |a| {
            let text = &a.folded.text;
            let mut counts: FastMap<&str, (u32, u32)> = FastMap::default();
            for m in LOWER_WORD.find_iter(text) {
                // The match is the word after at most one non-letter.
                let w = m.as_str().trim_start_matches(|c: char| !c.is_alphabetic());
                counts.entry(w).or_default().0 += 1;
            }
            for m in CAPITAL_MID.find_iter(text) {
                // The match is one character, a space, then the word.
                let w = m.as_str().split_once(' ').map_or("", |(_, w)| w);
                counts.entry(w).or_default().1 += 1;
            }
            counts
        },
        None,
    );
    let mut words: FastMap<&str, (u32, u32)> = FastMap::default();
    for counts in per_article {
        for (w, (l, u)) in counts {
            let e = words.entry(w).or_default();
            e.0 += l;
            e.1 += u;
        }
    }
    let mut keys: FastMap<String, (u32, u32)> = FastMap::default();
    for (w, (l, u)) in words {
        let e = keys.entry(key(w)).or_default();
        e.0 += l;
        e.1 += u;
    }
    keys.into_iter()
        .filter(|(_, (l, u))| l > u)
        .map(|(w, _)| w)
        .collect()
}

impl FigureIndex {
    pub fn build(corpus: &Corpus) -> FigureIndex {
        let mut ix = FigureIndex::default();
        let lower = lower_case_words(corpus);
        let seen = |w: &str| lower.contains(w);
        // Sentences are analysed on every core, a slice of the corpus at a
        // time (so that the analyses of a large corpus never sit in memory
        // all at once); ids are then given out in corpus order.
        let mut aid = 0;
        for chunk in corpus.articles.chunks(ARTICLES_PER_BATCH) {
            let analysed = crate::parallel::map_ordered(chunk, |a| analyse_article(a, &seen), None);
            for art in analysed {
                ix.add_article(aid, &corpus.articles[aid].folded.text, art);
                aid += 1;
            }
        }
        ix.lower = lower;
        ix
    }

    /// Interns one analysed article's sentences and figures.
    fn add_article(&mut self, aid: ArticleId, text: &str, art: AnalysedArticle) {
        let title_names = art.title_names;
        let mut prev_names: Vec<String> = Vec::new();
        let mut all_names: Vec<u32> = Vec::new();
        for (span, sf) in art.sentences {
            self.total_sentences += 1;
            let mut words: Vec<u32> = sf.words.iter().map(|w| self.intern(w)).collect();
            for w in &words {
                self.df[*w as usize] += 1;
            }
            let mut stems: Vec<u32> = sf
                .names
                .iter()
                .map(|n| self.intern(&name_stem(n)))
                .collect();
            stems.sort_unstable();
            stems.dedup();
            for st in &stems {
                // Name stems count their own sentences for their rarity.
                if !words.contains(st) {
                    self.df[*st as usize] += 1;
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
                    .map(|w| self.intern(w))
                    .collect::<Vec<_>>(),
            );
            let mut names: Vec<u32> = context_names
                .iter()
                .map(|w| self.intern(&name_stem(w)))
                .collect();
            names.sort_unstable();
            names.dedup();
            // A sentence naming nothing, opening with a pronoun ("It
            // employs 77,000 people") or quoting someone speaks of what
            // the one before it names.
            let first = text[span.clone()]
                .split_whitespace()
                .next()
                .unwrap_or("")
                .to_lowercase();
            let pronoun = matches!(
                first.as_str(),
                "it" | "he" | "she" | "they" | "its" | "his" | "her" | "their" | "this" | "these"
            );
            // Quoted speech is attributed around it, usually before.
            let quoted = text[span.clone()].starts_with('"');
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
                .map(|w| self.intern(&name_stem(w)))
                .collect();
            own_names.sort_unstable();
            own_names.dedup();
            for (_, m) in &sf.figures {
                let v = self.intern(&m.value_key);
                if !words.contains(&v) {
                    self.df[v as usize] += 1;
                    words.push(v);
                }
            }
            words.sort_unstable();
            words.dedup();
            let sid = self.sentences.len() as u32;
            for (f, m) in sf.figures {
                let fid = self.figures.len() as u32;
                for w in &words {
                    self.postings.entry((f.dim, *w)).or_default().push(fid);
                }
                let mut local: Vec<u32> = m.local.iter().map(|w| self.intern(w)).collect();
                local.sort_unstable();
                let head = m.head.as_ref().map(|h| self.intern(h));
                self.figures.push(SourceFigure {
                    sentence: sid,
                    text: text[f.span.clone()].to_string(),
                    figure: f,
                    measure: m,
                    local,
                    head,
                });
            }
            self.sentences.push(SourceSentence {
                article: aid,
                span,
                words,
                names,
                own_names,
            });
            prev_names = sf.names;
        }
        all_names.sort_unstable();
        all_names.dedup();
        self.article_names.push(all_names);
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
