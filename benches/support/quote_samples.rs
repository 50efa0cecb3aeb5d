//! Quotes sampled from a corpus for the quote benches: runs of 6–12 words
//! from articles' paragraphs, every third altered by one word, each with
//! the folded text `locate` is given and the article's own bytes an exact
//! search (`rg -F`) looks for.

use grounded::corpus::Corpus;

/// A small deterministic generator (LCG; no dependency needed).
struct Lcg(u64);

impl Lcg {
    fn next(&mut self, n: usize) -> usize {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        ((self.0 >> 33) % n as u64) as usize
    }
}

pub struct Sample {
    pub article: usize,
    /// Folded words, what a note's quote would give `locate`.
    pub folded: String,
    /// The article's own bytes, for `rg -F` (the suite's comparison).
    #[allow(dead_code)]
    pub raw: String,
    pub altered: bool,
}

fn words_of(text: &str) -> Vec<(usize, usize)> {
    grounded::quotes::words::words(text)
        .into_iter()
        .map(|w| (w.span.start, w.span.end))
        .collect()
}

/// `count` samples from `corpus`, the same for the same corpus.
pub fn sample(corpus: &Corpus, count: usize) -> Vec<Sample> {
    let mut rng = Lcg(20_241_014);
    let mut out = Vec::new();
    if corpus.articles.iter().all(|a| a.paragraphs.len() < 2) {
        return out;
    }
    while out.len() < count {
        let ai = rng.next(corpus.len());
        let a = &corpus.articles[ai];
        if a.paragraphs.len() < 2 {
            continue;
        }
        let p = a.paragraphs[1 + rng.next(a.paragraphs.len() - 1)].clone();
        let text = &a.folded.text[p.clone()];
        let ws = words_of(text);
        let len = 6 + rng.next(7);
        if ws.len() < len + 2 {
            continue;
        }
        let s = rng.next(ws.len() - len);
        let span = p.start + ws[s].0..p.start + ws[s + len - 1].1;
        let mut folded = a.folded.text[span.clone()].to_string();
        let mut raw = a.raw(a.original(span)).unwrap_or_default().into_owned();
        let altered = out.len() % 3 == 2;
        if altered {
            // Replace a middle word by another word.
            let (ws0, ws1) = ws[s + len / 2];
            let (from, to) = (ws0 - ws[s].0, ws1 - ws[s].0);
            let word = folded[from..to].to_string();
            folded.replace_range(from..to, "somewhat");
            raw = raw.replacen(&word, "somewhat", 1);
        }
        out.push(Sample {
            article: ai,
            folded,
            raw,
            altered,
        });
    }
    out
}
