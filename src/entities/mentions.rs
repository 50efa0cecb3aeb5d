//! Finding entity mentions in articles: runs of capitalised words, cleaned
//! of sentence-initial common words, titles, adjectives and credit debris.
//!
//! Two passes over the corpus. The first counts, for every word, how often
//! it appears capitalised and lower-case in mid-sentence ([`WordStats`]); the
//! second cuts name runs and uses those counts to decide whether a
//! capitalised first word of a sentence is a name ("Kabulov said") or an
//! ordinary word ("Earlier on Friday").

use std::borrow::Cow;
use std::ops::Range;

use super::describe::{self, Cues, RawDescription};
use super::tokens::{self, is_acronym, is_capitalised, lower_in, Token};
use super::{acronyms, narrow};
use crate::corpus::{Article, ArticleId, Corpus};
use crate::fasthash::FastMap;
use crate::text::with_lowercase;

/// How one word is used across the corpus (outside headlines and debris).
#[derive(Debug, Clone, Copy, Default)]
pub struct Counts {
    /// Lower-case, not at a sentence start.
    pub lower_mid: u32,
    /// Capitalised, not at a sentence start.
    pub cap_mid: u32,
    /// Capitalised mid-sentence and alone (no capitalised neighbour).
    pub solo_mid: u32,
    /// Capitalised mid-sentence, alone, and followed by a lower-case word.
    pub before_lower: u32,
}

/// Corpus-wide word usage, keyed by the lower-cased word.
#[derive(Debug, Clone, Default)]
pub struct WordStats {
    pub words: FastMap<String, Counts>,
}

impl WordStats {
    pub fn get(&self, w: &str) -> Counts {
        with_lowercase(w, |l| self.words.get(l).copied().unwrap_or_default())
    }

    /// Is a capitalised sentence-initial word an ordinary word? Yes when it
    /// is seen lower-case mid-sentence at least as often as capitalised.
    pub fn is_common(&self, w: &str) -> bool {
        let c = self.get(w);
        c.lower_mid > 0 && c.lower_mid >= c.cap_mid
    }

    /// Is `w` a nationality adjective of a name the corpus uses
    /// (`Russian`/`Russia`, `Afghan`/`Afghanistan`, `Chinese`/`China`)?
    pub fn is_demonym(&self, w: &str) -> bool {
        // A nationality adjective is used as one ("Russian soldier"), and its
        // country is a name in its own right. (The cheap tests first: most
        // words fail them, and need no lower-case copy.)
        if !is_capitalised(w) || is_acronym(w) || self.get(w).before_lower == 0 {
            return false;
        }
        let lower = w.to_lowercase();
        if lower.len() < 4 {
            return false;
        }
        // Each candidate country name is written into one buffer in turn.
        let mut base = String::with_capacity(lower.len() + 8);
        let mut is_country = |stem: &str, add: &str| {
            base.clear();
            base.push_str(stem);
            base.push_str(add);
            base.len() >= 3 && base != lower && self.get(&base).cap_mid > 0
        };
        let stripped = |suffix: &str| lower.strip_suffix(suffix);
        stripped("n").is_some_and(|b| is_country(b, ""))
            || is_country(&lower, "y")
            || [
                ("ian", ""),
                ("ian", "a"),
                ("ian", "y"),
                ("i", ""),
                ("ese", ""),
                ("ese", "a"),
                ("ish", "land"),
                ("an", "y"),
                ("an", "o"),
            ]
            .iter()
            .any(|(suffix, add)| stripped(suffix).is_some_and(|b| is_country(b, add)))
            || is_country(&lower, "istan")
    }

    /// Is `w` a common word, written in lower case more often than not
    /// mid-sentence ("Finance" in "Finance Minister")?
    pub fn is_lowercase_word(&self, w: &str) -> bool {
        let c = self.get(w);
        !is_acronym(w) && c.lower_mid > c.cap_mid
    }

    /// Is `w` shaped like an adjective (`-ic`, `-ian`, `-ese`, ...) or a demonym?
    pub fn is_adjective_shaped(&self, w: &str) -> bool {
        let lower = w.to_lowercase();
        self.is_demonym(w)
            || ["ic", "ern", "ist", "ian", "ese", "ish", "ean"]
                .iter()
                .any(|s| lower.ends_with(s))
    }

    /// Does the corpus use a nationality adjective of this name (`Russian`
    /// for `Russia`)? Then the name is a place.
    pub fn has_demonym(&self, name: &str) -> bool {
        if name.contains(' ') || is_acronym(name) || name.len() < 4 {
            return false;
        }
        let lower = name.to_lowercase();
        // Each candidate adjective is written into one buffer in turn.
        let mut form = String::with_capacity(lower.len() + 3);
        let mut used = |stem: &str, add: &str| {
            form.clear();
            form.push_str(stem);
            form.push_str(add);
            self.get(&form).before_lower > 0
        };
        ["n", "an", "ian", "i", "ese"]
            .iter()
            .any(|add| used(&lower, add))
            || lower
                .strip_suffix(['a', 'e', 'y', 'o'])
                .is_some_and(|cut| ["ese", "an", "ian"].iter().any(|add| used(cut, add)))
            || lower
                .strip_suffix("istan")
                .is_some_and(|stem| used(stem, ""))
    }

    /// Is a lone capitalised word used as an adjective (`Islamic caliphate`,
    /// `Western countries`, `Russian soldier`)?
    pub fn is_adjective(&self, w: &str) -> bool {
        if self.is_demonym(w) {
            return true;
        }
        let lower = w.to_lowercase();
        let shaped = ["ic", "ern", "ist", "ian", "ese", "ish", "ean"]
            .iter()
            .any(|s| lower.ends_with(s));
        let c = self.get(w);
        shaped && c.solo_mid > 0 && c.before_lower * 2 >= c.solo_mid
    }
}

/// What a paragraph is, for entity finding.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LineKind {
    Prose,
    /// A title or title-case line: every word is capitalised, so capitals
    /// say nothing; only names known from prose are marked there.
    Headline,
    /// Web page debris ("Updated:", "Subscribe to ..."): skipped.
    Debris,
}

pub fn line_kind(text: &str, para: Range<usize>, toks: &[Token], index: usize) -> LineKind {
    let line = text[para].trim_start_matches(|c: char| !c.is_alphanumeric());
    // Each character lower-cases to at least one byte, so the longest
    // debris start is decided by that many characters.
    let longest = tokens::DEBRIS_STARTS
        .iter()
        .map(|d| d.len())
        .max()
        .unwrap_or(0);
    let head_end = line
        .char_indices()
        .nth(longest)
        .map_or(line.len(), |(i, _)| i);
    let head = line[..head_end].to_lowercase();
    if tokens::DEBRIS_STARTS.iter().any(|d| head.starts_with(d)) {
        return LineKind::Debris;
    }
    if index == 0 {
        return LineKind::Headline;
    }
    if line.contains(". ") {
        return LineKind::Prose;
    }
    // Content words: not stop words, with a letter.
    let (mut content, mut caps) = (0, 0);
    for t in toks {
        let w = &text[t.span.clone()];
        if w.chars().any(char::is_alphabetic) && !lower_in(&tokens::STOPWORDS, w) {
            content += 1;
            caps += usize::from(is_capitalised(w));
        }
    }
    if content >= 3 && caps * 4 >= content * 3 {
        return LineKind::Headline;
    }
    LineKind::Prose
}

/// One paragraph cut into tokens, with what the entity passes need to know.
pub struct Para {
    pub span: Range<usize>,
    pub kind: LineKind,
    pub toks: Vec<Token>,
    /// Token starts a sentence (or a quotation).
    pub initial: Vec<bool>,
    /// Token sits inside a bracketed photo credit.
    pub credit: Vec<bool>,
}

/// Cuts one article into paragraphs of tokens.
pub fn paragraphs(article: &Article) -> Vec<Para> {
    let text = &article.folded.text;
    let mut starts: Vec<usize> = article
        .sentences
        .iter()
        .map(|s| {
            let t = &text[s.span()];
            s.span().start + (t.len() - t.trim_start_matches(|c: char| !c.is_alphanumeric()).len())
        })
        .collect();
    starts.sort_unstable();
    article
        .paragraphs
        .iter()
        .enumerate()
        .map(|(index, span)| {
            let toks = tokens::tokenize(text, span.clone());
            let kind = line_kind(text, span.clone(), &toks, index);
            let initial = initial_flags(&toks, |p| starts.binary_search(&p).is_ok());
            let credit = credit_flags(text, span.clone(), &toks);
            Para {
                span: span.clone(),
                kind,
                toks,
                initial,
                credit,
            }
        })
        .collect()
}

/// Which tokens start a sentence or a quotation.
pub fn initial_flags(toks: &[Token], is_start: impl Fn(usize) -> bool) -> Vec<bool> {
    toks.iter()
        .enumerate()
        .map(|(i, t)| {
            i == 0
                || is_start(t.span.start)
                || matches!(t.open, Some('"' | '\''))
                || matches!(toks[i - 1].close, Some(':' | '.' | '?' | '!'))
        })
        .collect()
}

/// Which tokens are inside brackets that hold a photo credit.
fn credit_flags(text: &str, para: Range<usize>, toks: &[Token]) -> Vec<bool> {
    let line = &text[para.clone()];
    // Most paragraphs close no bracket: a fast byte search settles them.
    let bytes = line.as_bytes();
    if !bytes.contains(&b')') && !bytes.contains(&b']') {
        return vec![false; toks.len()];
    }
    let mut credits: Vec<Range<usize>> = Vec::new();
    let mut depth_start = None;
    // Brackets are ASCII, so a byte scan finds them at character starts.
    for (i, &b) in line.as_bytes().iter().enumerate() {
        match b {
            b'(' | b'[' => depth_start = Some(i),
            b')' | b']' => {
                if let Some(s) = depth_start.take() {
                    let inner = line[s..i].to_lowercase();
                    if inner.contains('/')
                        || inner
                            .split(|c: char| !c.is_alphanumeric())
                            .any(|w| tokens::CREDIT_WORDS.contains(&w))
                    {
                        credits.push(para.start + s..para.start + i);
                    }
                }
            }
            _ => {}
        }
    }
    if credits.is_empty() {
        return vec![false; toks.len()];
    }
    toks.iter()
        .map(|t| credits.iter().any(|r| r.contains(&t.span.start)))
        .collect()
}

/// Articles counted side by side before their counts are added: each group
/// holds a table of its words until then.
const ARTICLES_PER_COUNT: usize = 256;

/// Articles counted into one table on one core: the words they share are
/// added up there, and the collecting thread has fewer to add. (At 8 a
/// table, the collecting thread took a third of a core and the 100× count
/// 4.9–5.1 s; at 32, 3.8–4.2 s, and larger tables gained no more.)
const ARTICLES_PER_TABLE: usize = 32;

/// Counts word usage over the corpus.
pub fn word_stats(corpus: &Corpus) -> WordStats {
    // Articles are cut into words and counted a group at a time, on every
    // core, a slice of the corpus at a time; the sums of one slice are added
    // on a thread of their own while the next slice is counted, and the
    // words dropped, so at most two slices' tables are held at once.
    // (Groups by reference, so a table may borrow its words.)
    let groups: Vec<&[Article]> = corpus.articles.chunks(ARTICLES_PER_TABLE).collect();
    let mut merged = 0;
    crate::parallel::map_then_merge(
        &groups,
        ARTICLES_PER_COUNT / ARTICLES_PER_TABLE,
        |&group| {
            let mut words = FastMap::default();
            for a in group {
                count_words(a, &paragraphs(a), &mut words);
            }
            words
        },
        WordStats::default(),
        |stats, counted| {
            let groups = counted.len();
            for part in counted {
                stats.add(part);
            }
            // These groups' texts have been read (the words kept are copies).
            let end = (merged + groups * ARTICLES_PER_TABLE).min(corpus.len());
            corpus.release_texts_of(merged..end);
            merged = end;
        },
    )
}

impl WordStats {
    /// Adds one group's word counts.
    fn add(&mut self, counts: FastMap<Cow<'_, str>, Counts>) {
        for (w, c) in counts {
            if let Some(t) = self.words.get_mut(&*w) {
                t.lower_mid += c.lower_mid;
                t.cap_mid += c.cap_mid;
                t.solo_mid += c.solo_mid;
                t.before_lower += c.before_lower;
            } else {
                self.words.insert(w.into_owned(), c);
            }
        }
    }
}

/// Adds an article's word usage to `words`, keyed by the lower-cased word:
/// borrowed from the text when the word is lower case already, as most are.
fn count_words<'a>(
    article: &'a Article,
    paras: &[Para],
    words: &mut FastMap<Cow<'a, str>, Counts>,
) {
    {
        let text = article.folded.text.as_str();
        for p in paras.iter().filter(|p| p.kind == LineKind::Prose) {
            for (i, t) in p.toks.iter().enumerate() {
                if p.initial[i] || p.credit[i] {
                    continue;
                }
                let w = &text[t.span.clone()];
                let c = if w.is_ascii() && !w.bytes().any(|b| b.is_ascii_uppercase()) {
                    words.entry(Cow::Borrowed(w)).or_default()
                } else {
                    if !with_lowercase(w, |l| words.contains_key(l)) {
                        words.insert(Cow::Owned(w.to_lowercase()), Counts::default());
                    }
                    with_lowercase(w, |l| words.get_mut(l)).expect("inserted above")
                };
                if is_capitalised(w) {
                    c.cap_mid += 1;
                    let prev_cap = i > 0
                        && p.toks[i - 1].joins_next()
                        && name_word(text, &p.toks[i - 1])
                        && !lower_in(&tokens::STOPWORDS, &text[p.toks[i - 1].span.clone()]);
                    let next = p.toks.get(i + 1).filter(|_| t.joins_next());
                    let next_cap = next.is_some_and(|n| name_word(text, n));
                    if !prev_cap && !next_cap {
                        c.solo_mid += 1;
                    }
                    if !prev_cap
                        && !next_cap
                        && next.is_some_and(|n| {
                            let nw = &text[n.span.clone()];
                            nw.starts_with(char::is_lowercase) && !lower_in(&tokens::STOPWORDS, nw)
                        })
                    {
                        c.before_lower += 1;
                    }
                } else if w.starts_with(char::is_lowercase) {
                    c.lower_mid += 1;
                }
            }
        }
    }
}

/// A name found in an article, before names are merged into entities.
///
/// Millions are held at once on a large corpus, so the article and span are
/// kept as `u32` (an article's text is far under 4 GiB) and the surface as a
/// boxed `str`: 56 bytes rather than 72.
#[derive(Debug, Clone)]
pub struct RawMention {
    article: u32,
    /// Span of the name in the folded text.
    start: u32,
    end: u32,
    /// The name as written (folded); empty once the mention is dropped.
    pub surface: Box<str>,
    pub cues: Cues,
}

impl RawMention {
    pub fn new(article: ArticleId, span: Range<usize>, surface: &str, cues: Cues) -> RawMention {
        RawMention {
            article: narrow(article),
            start: narrow(span.start),
            end: narrow(span.end),
            surface: surface.into(),
            cues,
        }
    }

    pub fn article(&self) -> ArticleId {
        self.article as ArticleId
    }

    /// Span of the name in the folded text.
    pub fn span(&self) -> Range<usize> {
        self.start as usize..self.end as usize
    }
}

/// A mention once its name is counted ([`super::aliases::Clustering`]):
/// where it is and the index of its name key. Its written form (the
/// surface) is read back from the article's text, so the corpus's millions
/// of mentions hold no strings: 24 bytes each.
#[derive(Debug, Clone, Copy)]
pub struct Placed {
    article: u32,
    /// Where the surface starts: at the name, or before it once an
    /// unfamiliar honorific is cut from the name but kept in the surface.
    surface_start: u32,
    /// Span of the name in the folded text.
    start: u32,
    end: u32,
    /// Index of the name key, [`Placed::NO_KEY`] for a key no counted
    /// mention has.
    pub key: u32,
    /// Dropped (an acronym definition's stray part): no surface, no name.
    dropped: bool,
}

impl Placed {
    pub const NO_KEY: u32 = u32::MAX;

    pub fn new(article: ArticleId, span: Range<usize>, key: u32, dropped: bool) -> Placed {
        Placed {
            article: narrow(article),
            surface_start: narrow(span.start),
            start: narrow(span.start),
            end: narrow(span.end),
            key,
            dropped,
        }
    }

    pub fn article(&self) -> ArticleId {
        self.article as ArticleId
    }

    /// Span of the name in the folded text.
    pub fn span(&self) -> Range<usize> {
        self.start as usize..self.end as usize
    }

    /// The name as written (folded); empty when the mention is dropped.
    pub fn surface<'a>(&self, articles: &'a [Article]) -> &'a str {
        if self.dropped {
            return "";
        }
        &articles[self.article()].folded.text[self.surface_start as usize..self.end as usize]
    }

    pub fn is_dropped(&self) -> bool {
        self.dropped
    }

    /// Drops the first `n` bytes of the name, and of the surface too unless
    /// `keep_surface`.
    pub fn cut_front(&mut self, n: usize, keep_surface: bool) {
        self.start += u32::try_from(n).expect("offsets fit in u32");
        if !keep_surface {
            self.surface_start = self.start;
        }
    }
}

/// Two names the text says are one ("ISIS-Khorasan (ISIS-K)", "X, known as Y").
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Link {
    pub a: String,
    pub b: String,
}

/// What one article yields.
#[derive(Debug, Default)]
pub struct Found {
    pub mentions: Vec<RawMention>,
    pub descriptions: Vec<(usize, RawDescription)>,
    pub links: Vec<Link>,
    /// (acronym key, key of a name with those initials) in one article.
    pub initials: Vec<Link>,
}

/// Is token `t` a word that can be part of a name?
pub(super) fn name_word(text: &str, t: &Token) -> bool {
    let w = &text[t.span.clone()];
    // Most words start with a lower-case ASCII letter: never a model code
    // (which has no lower case), so that test is skipped for them.
    let lower_start = w.as_bytes().first().is_some_and(u8::is_ascii_lowercase);
    if !lower_start && tokens::is_model_code(w) && !t.slash {
        return true;
    }
    if !is_capitalised(w)
        || t.slash
        || tokens::is_shouting(w)
        || tokens::is_lowercase_compound(w)
        || tokens::is_plural_acronym(w)
        || tokens::is_contraction(w)
    {
        return false;
    }
    if lower_in(&tokens::CALENDAR, w) {
        return false;
    }
    // A lone capital ("I", "(R)") is not a name; an initial "J." is part of one.
    let two_letters = w.chars().filter(|c| c.is_alphabetic()).nth(1).is_some();
    two_letters || w.ends_with('.')
}

fn is_joiner(text: &str, t: &Token) -> bool {
    let w = &text[t.span.clone()];
    tokens::JOINERS.contains(&w) || w == "the"
}

/// Token ranges of the capitalised runs of a paragraph.
pub fn runs(text: &str, toks: &[Token], skip: &[bool]) -> Vec<Range<usize>> {
    let ok = |i: usize| !skip[i] && name_word(text, &toks[i]);
    // Inside a name, a month is a name ("Theresa May"), and so is a middle
    // initial without its stop ("George W Bush").
    let ok_inside = |i: usize| {
        if ok(i) {
            return true;
        }
        if skip[i] {
            return false;
        }
        let w = &text[toks[i].span.clone()];
        let initial = w.len() == 1
            && w.chars().all(char::is_uppercase)
            && w != "I"
            && toks[i].joins_next()
            && toks
                .get(i + 1)
                .is_some_and(|n| n.open.is_none() && name_word(text, n));
        initial || is_capitalised(w) && lower_in(&tokens::CALENDAR, w)
    };
    let mut out = Vec::new();
    let mut i = 0;
    while i < toks.len() {
        if !ok(i) {
            i += 1;
            continue;
        }
        let start = i;
        let mut end = i + 1;
        loop {
            if !toks[end - 1].joins_next() || end >= toks.len() {
                break;
            }
            if toks[end].open.is_none() && ok_inside(end) {
                end += 1;
                continue;
            }
            // Joiners: "Bank of England", "Osama bin Laden", "Organisation of the ...".
            // "Department for Constitutional Affairs": "for" after an institution.
            let institution = lower_in(&tokens::ORG_WORDS, &text[toks[end - 1].span.clone()]);
            let mut k = end;
            while k < toks.len()
                && toks[k].open.is_none()
                && (is_joiner(text, &toks[k])
                    || (institution && k == end && &text[toks[k].span.clone()] == "for"))
                && toks[k].joins_next()
                && (&text[toks[k].span.clone()] != "the" || k > end)
            {
                k += 1;
            }
            if k > end && k < toks.len() && toks[k].open.is_none() && ok(k) {
                end = k + 1;
                continue;
            }
            break;
        }
        out.push(start..end);
        i = end;
    }
    out
}

/// Finds the names in one article.
pub fn find_in_article(
    id: ArticleId,
    article: &Article,
    paras: &[Para],
    stats: &WordStats,
) -> Found {
    let text = &article.folded.text;
    let mut found = Found::default();
    for p in paras.iter().filter(|p| p.kind == LineKind::Prose) {
        find_in_paragraph(id, text, p, stats, &mut found);
    }
    found.initials = acronyms::initials_pairs(&found);
    found
}

pub(super) fn word<'a>(text: &'a str, t: &Token) -> &'a str {
    &text[t.span.clone()]
}

fn is_title(text: &str, t: &Token) -> bool {
    let w = word(text, t);
    lower_in(&tokens::TITLES, w)
        || lower_in(tokens::HONORIFICS, w)
        || w.split('-')
            .any(|part| lower_in(&tokens::TITLES, part) && part.len() > 3)
}

fn last_word_in(text: &str, toks: &[Token], r: &Range<usize>, list: &tokens::WordList) -> bool {
    lower_in(list, word(text, &toks[r.end - 1]))
}

fn find_in_paragraph(id: ArticleId, text: &str, p: &Para, stats: &WordStats, found: &mut Found) {
    let toks = &p.toks;
    // Runs touching a slash token are credits ("Ebrahim Noroozi/AP Photo").
    let all_runs = runs(text, toks, &p.credit);
    // "Special Representative for Afghanistan Thomas West", "acting governor
    // of Kaliningrad Region Alexei Besprozvannykh": a run after a title and
    // a preposition begins with the title's object. `objects` holds where
    // that title phrase starts.
    let mut objects: Vec<Option<usize>> = vec![None; all_runs.len()];
    for (ri, r1) in all_runs.iter().enumerate() {
        let Some(prep) = r1.start.checked_sub(1) else {
            continue;
        };
        let Some(role) = prep.checked_sub(1) else {
            continue;
        };
        let linked = toks[role].joins_next()
            && toks[prep].joins_next()
            && matches!(word(text, &toks[prep]), "for" | "on" | "to" | "of" | "in");
        if !linked {
            continue;
        }
        let rw = word(text, &toks[role]);
        if is_title(text, &toks[role]) && is_capitalised(rw) {
            if let Some(r0) = all_runs[..ri].iter().rev().find(|r0| r0.end == role + 1) {
                objects[ri] = Some(r0.start);
            }
        } else if rw.starts_with(char::is_lowercase)
            && lower_in(&tokens::ROLE_NOUNS, rw)
            && r1.len() >= 3
        {
            let mut k = role;
            while k > 0
                && role - k < 2
                && toks[k - 1].joins_next()
                && lower_in(describe::MODIFIERS, word(text, &toks[k - 1]))
            {
                k -= 1;
            }
            objects[ri] = Some(k);
        }
    }
    for (ri, run) in all_runs.iter().enumerate() {
        let touches_slash =
            (run.start > 0 && toks[run.start - 1].slash && toks[run.start - 1].close.is_none())
                || (run.end < toks.len() && toks[run.end].slash && toks[run.end - 1].joins_next());
        if touches_slash {
            continue;
        }
        let mut a = run.start;
        let b = run.end;
        let mut cues = Cues::default();
        let mut descs: Vec<RawDescription> = Vec::new();
        let mut title_from: Option<usize> = None;
        // Sentence-initial common words and function words.
        while a < b {
            let w = word(text, &toks[a]);
            // Mid-sentence, only an article is not part of a name ("All Nippon").
            let stop = if p.initial[a] {
                lower_in(&tokens::STOPWORDS, w)
            } else {
                lower_in(&["the", "a", "an"], w)
            } || lower_in(&tokens::CALENDAR, w);
            let common = p.initial[a] && !is_acronym(w) && stats.is_common(w);
            // A capitalised word seen nowhere else, alone at a sentence start,
            // is a name only if the sentence says who it is ("Michelle, a
            // mother of twins," / "Michelle said").
            let introduced = toks[a].close == Some(',')
                && toks
                    .get(a + 1)
                    .is_some_and(|n| lower_in(&["a", "an", "the"], word(text, n)))
                || toks[a].joins_next()
                    && toks
                        .get(a + 1)
                        .is_some_and(|n| describe::SPEECH.contains(&word(text, n)));
            let unseen_alone = p.initial[a]
                && b - a == 1
                && !is_acronym(w)
                && !tokens::is_model_code(w)
                && stats.get(w).cap_mid == 0
                && !introduced;
            // Mid-sentence, a lone word mostly written in lower case ("Work").
            let lower_word = !p.initial[a]
                && b - a == 1
                && !is_acronym(w)
                && stats.get(w).lower_mid > 2 * stats.get(w).cap_mid;
            // "Writer Neil Coppendale": a role noun capitalised by the sentence.
            let role =
                p.initial[a] && b - a >= 3 && lower_in(&tokens::ROLE_NOUNS, w) && !is_acronym(w);
            if !(stop || common || unseen_alone || role || lower_word) {
                break;
            }
            if (common || role) && lower_in(&tokens::ROLE_NOUNS, w) && !stop {
                title_from.get_or_insert(a);
            }
            a += 1;
        }
        // Drop joiners left at the start.
        while a < b && is_joiner(text, &toks[a]) {
            a += 1;
        }
        if a >= b {
            continue;
        }
        let mut name = a..b;
        // Names inside a title phrase: "UN Undersecretary-General", "Minister of Afghanistan".
        let mut inner: Vec<Range<usize>> = Vec::new();
        // Title words: the entity is what follows the last one.
        let title_at = (a..b).rev().find(|&i| is_title(text, &toks[i]));
        // "Office of the Deputy Prime Minister": a title owned by an
        // institution ends the institution's name.
        let institution = title_at.is_some_and(|t| {
            t + 1 >= b && {
                let first_title = (a..=t).find(|&i| is_title(text, &toks[i])).unwrap_or(t);
                first_title > a && (a..first_title).any(|i| is_joiner(text, &toks[i]))
            }
        });
        if let Some(t) = title_at.filter(|_| !institution) {
            let honorific_only =
                (a..=t).all(|i| lower_in(tokens::HONORIFICS, word(text, &toks[i])));
            let first_title = (a..=t).find(|&i| is_title(text, &toks[i])).unwrap_or(t);
            let mut prefix_end = first_title;
            // "South Africa Finance Minister": "Finance" belongs to the title.
            while prefix_end > a
                && (is_joiner(text, &toks[prefix_end - 1])
                    || stats.is_lowercase_word(word(text, &toks[prefix_end - 1])))
            {
                prefix_end -= 1;
            }
            if prefix_end > a && is_name_prefix(text, toks, a..prefix_end, stats) {
                inner.push(a..prefix_end);
            }
            if t + 1 >= b {
                // Only a title ("Foreign Minister"): a role, not an entity.
                emit(id, text, toks, &inner, found);
                continue;
            }
            let mut rest = t + 1;
            let mut object_end = None;
            if is_joiner(text, &toks[rest]) {
                while rest < b && is_joiner(text, &toks[rest]) {
                    rest += 1;
                }
                // "Chief Executive of AOL UK": no person's name follows, the
                // title's object is the only name.
                let personal = (rest..b).any(|i| !is_acronym(word(text, &toks[i])));
                if !personal {
                    if rest < b {
                        inner.push(rest..b);
                    }
                    emit(id, text, toks, &inner, found);
                    continue;
                }
                let (obj, n) = split_object(text, toks, rest..b, stats);
                if n > rest {
                    inner.push(rest..n);
                }
                object_end = Some(obj);
                rest = n;
            }
            if rest < b && !last_word_in(text, toks, &(rest..b), &tokens::ORG_WORDS) {
                cues.person += 3.0;
                if !honorific_only {
                    let end = object_end.unwrap_or(t);
                    let from = title_from.unwrap_or(a);
                    descs.push(describe::span_description(text, toks, from..end + 1, 3));
                }
                name = rest..b;
            } else {
                inner.clear();
            }
        } else if let Some(obj) = objects[ri] {
            // The object of a title before: "for Afghanistan Thomas West".
            let (oe, n) = split_object(text, toks, a..b, stats);
            if n >= b {
                // All object ("for Counterterrorism"): part of the title,
                // a name of its own only if the corpus uses it alone.
                if stats.get(word(text, &toks[a])).solo_mid >= 2 || is_acronym(word(text, &toks[a]))
                {
                    emit(id, text, toks, std::slice::from_ref(&(a..b)), found);
                }
                continue;
            }
            if !last_word_in(text, toks, &(n..b), &tokens::ORG_WORDS) {
                descs.push(describe::span_description(text, toks, obj..oe + 1, 3));
                cues.person += 3.0;
                inner.push(a..oe + 1);
                name = n..b;
            }
        } else if let Some(from) = title_from {
            descs.push(describe::span_description(text, toks, from..a, 1));
        }
        // "Professor X of the Swiss research group": the joiner leads to an adjective.
        if let Some(j) = (name.start + 1..name.end)
            .rev()
            .find(|&i| is_joiner(text, &toks[i]))
        {
            let after = name.end - 1;
            let tail_adjective = stats.is_adjective_shaped(word(text, &toks[after]))
                && toks[after].joins_next()
                && toks
                    .get(after + 1)
                    .is_some_and(|n| word(text, n).starts_with(char::is_lowercase));
            if tail_adjective {
                let mut e = j;
                while e > name.start && is_joiner(text, &toks[e - 1]) {
                    e -= 1;
                }
                name = name.start..e;
            }
        }
        let first = word(text, &toks[name.start]);
        let last = word(text, &toks[name.end - 1]);
        let next_lower = toks[name.end - 1].joins_next()
            && toks
                .get(name.end)
                .is_some_and(|n| word(text, n).starts_with(char::is_lowercase));
        if name.len() > 1 && next_lower && stats.is_adjective_shaped(last) {
            // "South-Central Asian branch": an adjective phrase.
            continue;
        }
        if name.len() == 1 && !is_acronym(first) {
            // A lone adjective before a noun ("Russian soldier") is no entity.
            if stats.is_demonym(first) || (next_lower && stats.is_adjective(first)) {
                continue;
            }
            if lower_in(&tokens::TITLES, first) || lower_in(&tokens::ROLE_NOUNS, first) {
                continue;
            }
        }
        describe::context(text, toks, name.clone(), &mut cues, &mut descs);
        let span = toks[name.start].span.start..toks[name.end - 1].span.end;
        let idx = found.mentions.len();
        found
            .mentions
            .push(RawMention::new(id, span.clone(), &text[span], cues));
        found
            .descriptions
            .extend(descs.into_iter().map(|d| (idx, d)));
        emit(id, text, toks, &inner, found);
    }
    acronyms::acronym_definitions(id, text, toks, &p.credit, found);
    describe::known_as(text, toks, found);
}

/// Could tokens `r` before a title be a name ("UN", "Taliban") rather than
/// an adjective or a common word ("Russian", "Acting")?
fn is_name_prefix(text: &str, toks: &[Token], r: Range<usize>, stats: &WordStats) -> bool {
    let first = word(text, &toks[r.start]);
    let last = word(text, &toks[r.end - 1]);
    if is_acronym(first) && r.len() == 1 {
        return true;
    }
    !stats.is_demonym(first)
        && !stats.is_adjective_shaped(last)
        && !stats.is_common(first)
        && !lower_in(&tokens::STOPWORDS, first)
        && r.clone()
            .all(|i| !lower_in(tokens::HONORIFICS, word(text, &toks[i])))
}

/// Records plain mentions at token ranges (names found inside title phrases).
fn emit(id: ArticleId, text: &str, toks: &[Token], ranges: &[Range<usize>], found: &mut Found) {
    for r in ranges {
        let span = toks[r.start].span.start..toks[r.end - 1].span.end;
        found.mentions.push(RawMention::new(
            id,
            span.clone(),
            &text[span],
            Cues::default(),
        ));
    }
}

/// Splits "Afghanistan Amir Khan Muttaqi" into the object of a title and a
/// name: the object is the first word when the corpus uses it alone;
/// otherwise the name is the last two words. Returns (last object token, first name token).
fn split_object(text: &str, toks: &[Token], r: Range<usize>, stats: &WordStats) -> (usize, usize) {
    if r.len() < 2 {
        return (r.end.saturating_sub(1), r.end);
    }
    if stats.get(word(text, &toks[r.start])).solo_mid >= 2 || is_acronym(word(text, &toks[r.start]))
    {
        return (r.start, r.start + 1);
    }
    let n = r.end.saturating_sub(2).max(r.start + 1);
    (n - 1, n)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::corpus::Corpus;

    fn names(texts: &[&str]) -> Vec<String> {
        let corpus = Corpus::from_texts(texts.iter().enumerate().map(|(i, t)| {
            let name: &'static str = Box::leak(format!("a{i}.txt").into_boxed_str());
            (name, *t)
        }));
        let arts: Vec<_> = corpus
            .articles
            .iter()
            .enumerate()
            .map(|(i, a)| (i, a, paragraphs(a)))
            .collect();
        let stats = word_stats(&corpus);
        let mut out = Vec::new();
        for (i, a, p) in &arts {
            let f = find_in_article(*i, a, p, &stats);
            out.extend(
                f.mentions
                    .into_iter()
                    .filter(|m| !m.surface.is_empty())
                    .map(|m| m.surface.to_string()),
            );
        }
        out
    }

    #[test]
    fn titles_stopwords_and_adjectives() {
        let got = names(&[
            "Title\n\nThe Russian soldier met Russian Foreign Minister Sergey Lavrov in Moscow and Russia. \
             Earlier on Friday, Dr. Andrew Korybko spoke. Russia is big. Earlier, it rained.",
        ]);
        assert_eq!(
            got,
            [
                "Sergey Lavrov",
                "Moscow",
                "Russia",
                "Andrew Korybko",
                "Russia"
            ]
        );
    }

    #[test]
    fn joiners_acronyms_and_credits() {
        let got = names(&[
            "Title\n\nThe Bank of England and ISIS-K met (AP Photo/Jane Doe). \
             Ebrahim Noroozi/AP Photo\nKabul International Airport (credit: REUTERS/ALI KHARA) shut.",
        ]);
        assert_eq!(
            got,
            ["Bank of England", "ISIS-K", "Kabul International Airport"]
        );
    }

    #[test]
    fn title_objects_split_from_names() {
        let got = names(&[
            "T\n\nHe met Afghanistan. Afghanistan is far. We like Afghanistan a lot. \
             US Special Representative for Afghanistan Thomas West quit. \
             Acting Foreign Minister of Afghanistan Amir Khan Muttaqi came.",
        ]);
        assert!(got.contains(&"Thomas West".to_string()), "{got:?}");
        assert!(got.contains(&"Amir Khan Muttaqi".to_string()), "{got:?}");
    }
}
