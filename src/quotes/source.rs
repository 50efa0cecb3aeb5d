//! Quotations of a folded text with their speakers: the attribution in the
//! quotation's sentence, else the one that introduced it (a paragraph ending
//! in a colon, or the previous quotation nearby); pronouns resolve to the
//! nearest named speaker before them, roles ("the agency chief") to the
//! nearest named person whose description shares a word with the role.
//! Used for source articles and for notes alike.

use std::borrow::Cow;
use std::ops::Range;
use std::sync::{Arc, OnceLock};

use super::attrib::{self, Lex, Speaker};
use super::lexicon;
use super::scan::{self, Quotation};
use super::speaker;
use crate::fasthash::{FastHasher, FastMap};
use crate::text::Sentence;

/// A quotation and who it is attributed to.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub struct Attributed {
    pub quote: Quotation,
    pub speaker: Option<Speaker>,
}

/// A named person the text introduces (as a speaker, or with a description
/// in apposition), at a position.
#[derive(Debug, Clone)]
pub struct Mention {
    pub at: usize,
    pub name: String,
    pub description: String,
}

/// How far back (in paragraphs) a quotation without attribution inherits
/// the previous quotation's speaker.
const INHERIT_PARAGRAPHS: usize = 2;

/// The quotations of a folded text, attributed, and the people it names.
pub fn attributed(
    text: &str,
    paragraphs: &[Range<usize>],
    sentences: &[Sentence],
) -> (Vec<Attributed>, Vec<Mention>) {
    attribute(text, paragraphs, sentences, None, true)
}

/// The quotations of [`attributed`], taking the people named by paragraphs
/// without quotation marks from `cache` when their text is unchanged since
/// the last call (an editor re-checking a note after an edit). Results
/// equal [`attributed`]'s.
pub fn attributed_cached(
    text: &str,
    paragraphs: &[Range<usize>],
    sentences: &[Sentence],
    cache: &mut PeopleCache,
) -> Vec<Attributed> {
    attribute(text, paragraphs, sentences, Some(cache), false).0
}

/// [`attributed`], with an optional cache, and the people only if `keep_people`.
fn attribute(
    text: &str,
    paragraphs: &[Range<usize>],
    sentences: &[Sentence],
    mut cache: Option<&mut PeopleCache>,
    keep_people: bool,
) -> (Vec<Attributed>, Vec<Mention>) {
    let quotes = scan::quotations(text, paragraphs);
    // Quotation parts lie in paragraphs with quotation marks; attributions
    // are read there and in the paragraph before (one ending in a colon).
    let marked: Vec<bool> = paragraphs
        .iter()
        .map(|p| text[p.clone()].contains('"'))
        .collect();
    let lexed: Vec<Vec<Lex<'_>>> = paragraphs
        .iter()
        .enumerate()
        .map(|(i, p)| {
            let read = cache.is_none() || marked[i] || marked.get(i + 1) == Some(&true);
            if read {
                attrib::lex(text, p.clone())
            } else {
                Vec::new()
            }
        })
        .collect();
    // Is `pos` inside a quotation? The quoted parts sorted by start, with
    // the furthest end so far: a part starting at or before `pos` contains
    // it exactly when that furthest end lies beyond it.
    let mut parts: Vec<(usize, usize)> = quotes
        .iter()
        .flat_map(|q| q.parts.iter().map(|p| (p.inner.start, p.inner.end)))
        .collect();
    parts.sort_unstable();
    let furthest: Vec<usize> = parts
        .iter()
        .scan(0, |end, p| {
            *end = (*end).max(p.1);
            Some(*end)
        })
        .collect();
    let inside = |pos: usize| {
        let n = parts.partition_point(|p| p.0 <= pos);
        n > 0 && furthest[n - 1] > pos
    };
    // The start of the last sentence starting at or before `pos`
    // (sentences are in text order).
    let sentence_start = |pos: usize| {
        let n = sentences.partition_point(|s| s.span().start <= pos);
        n.checked_sub(1).map_or(0, |i| sentences[i].span().start)
    };
    let context = Context {
        text,
        inside: &inside,
        sentence_start: &sentence_start,
    };

    // People named anywhere: speech acts outside quotations and appositives;
    // and any full name, for pronouns when no speaker was named before.
    let mut by_paragraph: Vec<(usize, Arc<ParagraphPeople>)> = Vec::with_capacity(paragraphs.len());
    if let Some(c) = cache.as_deref_mut() {
        c.checks += 1;
    }
    for (pi, para) in paragraphs.iter().enumerate() {
        match cache.as_deref_mut() {
            // Nothing in such a paragraph is inside a quotation: what it
            // names depends on its text alone.
            Some(c) if !marked[pi] => {
                let people = c.of(&text[para.clone()], || {
                    let own;
                    let lx = if lexed[pi].is_empty() {
                        own = attrib::lex(text, para.clone());
                        &own
                    } else {
                        &lexed[pi]
                    };
                    context.people_in(lx).shifted_back(para.start)
                });
                by_paragraph.push((para.start, people));
            }
            _ => by_paragraph.push((0, Arc::new(context.people_in(&lexed[pi])))),
        }
    }
    if let Some(c) = cache {
        c.forget_unused();
    }
    let mut mentions: Vec<Named<'_>> = Vec::new();
    let mut names: Vec<Named<'_>> = Vec::new();
    for (offset, people) in &by_paragraph {
        let mentioned = people.mentions.iter().zip(&people.contexts);
        mentions.extend(mentioned.map(|(m, c)| Named::placed(*offset, m, Some(c))));
        names.extend(people.names.iter().map(|m| Named::placed(*offset, m, None)));
    }
    mentions.sort_by_key(|m| m.at);

    let mut out: Vec<Attributed> = Vec::new();
    let mut people = People::new(&mentions);
    for q in quotes {
        let pi = q.paragraph;
        let lx = &lexed[pi];
        let start = q.parts[0].outer.start;
        let mut found = None;
        for part in &q.parts {
            // A quote that ends its sentence ("... done.") is not followed by
            // its own attribution: what follows is the next sentence.
            if text[part.inner.clone()].trim_end().ends_with('.') {
                continue;
            }
            // Paragraphs are in text order and do not overlap.
            let para_of_part = paragraphs
                .partition_point(|p| p.start <= part.outer.start)
                .checked_sub(1)
                .filter(|&i| paragraphs[i].contains(&part.outer.start))
                .unwrap_or(pi);
            let plx = &lexed[para_of_part];
            let k = first_at_or_after(plx, part.outer.end);
            if let Some(s) = attrib::after_quote(text, plx, k, plx.len()) {
                found = Some(s);
                break;
            }
        }
        if found.is_none() {
            let to = first_at_or_after(lx, start);
            let lo = first_at_or_after(lx, sentence_start(start));
            found = attrib::before_quote(text, lx, lo.min(to), to);
        }
        if found.is_none() && pi > 0 && text[paragraphs[pi].start..start].trim().is_empty() {
            // Introduced by the previous paragraph: "Jane Doe told reporters:".
            let prev = &lexed[pi - 1];
            if prev.last().is_some_and(|l| l.text == ":") {
                let lo = first_at_or_after(prev, sentence_start(paragraphs[pi - 1].end - 1));
                found = attrib::before_quote(text, prev, lo, prev.len());
            }
        }
        if found.is_none() {
            found = out
                .iter()
                .rev()
                .find(|a| a.quote.paragraph + INHERIT_PARAGRAPHS >= pi)
                .and_then(|a| a.speaker.clone());
        }
        let speaker = found.map(|s| resolve(s, start, people.before(start, &out), &names));
        people.add_quote(start, speaker.as_ref());
        out.push(Attributed { quote: q, speaker });
    }
    let mentions = match keep_people {
        true => mentions.iter().map(Named::owned).collect(),
        false => Vec::new(),
    };
    (out, mentions)
}

/// A mention where it stands in the text (a cached paragraph's mentions are
/// relative to the paragraph).
#[derive(Debug, Clone, Copy)]
struct Named<'a> {
    at: usize,
    mention: &'a Mention,
    /// Its person's context, for a mention (not for a full name).
    context: Option<&'a OnceLock<speaker::Context>>,
}

impl<'a> Named<'a> {
    /// `mention` of a paragraph whose positions start at `offset`.
    fn placed(
        offset: usize,
        mention: &'a Mention,
        context: Option<&'a OnceLock<speaker::Context>>,
    ) -> Named<'a> {
        Named {
            at: offset + mention.at,
            mention,
            context,
        }
    }

    fn owned(&self) -> Mention {
        Mention {
            at: self.at,
            ..self.mention.clone()
        }
    }
}

/// What the mention finding reads besides a paragraph's lexemes.
struct Context<'t> {
    text: &'t str,
    inside: &'t dyn Fn(usize) -> bool,
    sentence_start: &'t dyn Fn(usize) -> usize,
}

impl Context<'_> {
    /// The people one paragraph (its lexemes `lx`) names.
    fn people_in(&self, lx: &[Lex<'_>]) -> ParagraphPeople {
        let text = self.text;
        let mut mentions = Vec::new();
        for k in attrib::verbs(lx, 0, lx.len()) {
            if (self.inside)(lx[k].span.start) {
                continue;
            }
            let lo = first_at_or_after(lx, (self.sentence_start)(lx[k].span.start));
            let hi = lx.len();
            if let Some(s) = attrib::speaker_at(text, lx, lo, k, hi) {
                if let Some(name) = &s.name {
                    mentions.push(Mention {
                        at: s.span.start,
                        name: name.clone(),
                        description: s.description.clone(),
                    });
                }
            }
        }
        mentions.extend(appositives(text, lx));
        ParagraphPeople {
            contexts: mentions.iter().map(|_| OnceLock::new()).collect(),
            mentions,
            names: full_names(text, lx),
        }
    }
}

/// The people one paragraph names: speakers of its speech acts and its
/// appositives (in the order found), and its full names.
#[derive(Debug, Clone, Default)]
pub struct ParagraphPeople {
    mentions: Vec<Mention>,
    /// What is known of each mentioned person, read when a role is first
    /// fitted against them, and kept with the paragraph.
    contexts: Vec<OnceLock<speaker::Context>>,
    names: Vec<Mention>,
}

impl ParagraphPeople {
    /// With positions relative to a paragraph starting at `start`.
    fn shifted_back(mut self, start: usize) -> ParagraphPeople {
        for m in self.mentions.iter_mut().chain(&mut self.names) {
            m.at -= start;
        }
        self
    }
}

/// The people named by paragraphs without quotation marks, by paragraph
/// text (positions relative to the paragraph), kept between checks of one
/// note. Only the paragraphs of the last check are kept.
#[derive(Debug, Default)]
pub struct PeopleCache {
    /// By the hash of the paragraph's text; the text is compared on a hit.
    entries: FastMap<u64, PeopleEntry>,
    /// Counts calls: entries the last one did not use go.
    checks: u64,
}

#[derive(Debug)]
struct PeopleEntry {
    text: Box<str>,
    people: Arc<ParagraphPeople>,
    used_by: u64,
}

impl PeopleCache {
    /// The people of a paragraph's text, from the cache or made now.
    fn of(&mut self, text: &str, make: impl FnOnce() -> ParagraphPeople) -> Arc<ParagraphPeople> {
        let hash = {
            use std::hash::{BuildHasher, BuildHasherDefault};
            BuildHasherDefault::<FastHasher>::default().hash_one(text)
        };
        let checks = self.checks;
        let fresh = self.entries.get(&hash).is_none_or(|e| &*e.text != text);
        if fresh {
            let entry = PeopleEntry {
                text: text.into(),
                people: Arc::new(make()),
                used_by: checks,
            };
            self.entries.insert(hash, entry);
        }
        let e = self.entries.get_mut(&hash).expect("just made");
        e.used_by = checks;
        Arc::clone(&e.people)
    }

    fn forget_unused(&mut self) {
        let checks = self.checks;
        self.entries.retain(|_, e| e.used_by == checks);
    }
}

fn first_at_or_after(lx: &[Lex<'_>], pos: usize) -> usize {
    lx.partition_point(|l| l.span.start < pos)
}

/// "Jane Doe, a description starting lower-case," names a person.
fn appositives(text: &str, lx: &[Lex<'_>]) -> Vec<Mention> {
    let mut out = Vec::new();
    for (k, l) in lx.iter().enumerate() {
        if l.text != "," || k < 2 {
            continue;
        }
        let mut s = k;
        while s > 0
            && lx[s - 1]
                .text
                .chars()
                .next()
                .is_some_and(char::is_uppercase)
        {
            s -= 1;
        }
        if k - s < 2 {
            continue;
        }
        let Some(first) = lx.get(k + 1) else { continue };
        let describes = lexicon::is_determiner(first.text) || lexicon::is_title(first.text);
        if !first.text.chars().next().is_some_and(char::is_lowercase) || !describes {
            continue;
        }
        let Some(end) =
            (k + 1..lx.len().min(k + 16)).find(|&e| matches!(lx[e].text, "," | "." | ";"))
        else {
            continue;
        };
        let name_span = lx[s].span.start..lx[k - 1].span.end;
        let desc_span = lx[k + 1].span.start..lx[end - 1].span.end;
        let run = &lx[s..k];
        let name_from = run
            .iter()
            .rposition(|w| lexicon::is_title(w.text))
            .map_or(0, |t| t + 1);
        if name_from >= run.len() {
            continue;
        }
        out.push(Mention {
            at: name_span.start,
            name: text[run[name_from].span.start..name_span.end].to_string(),
            description: text[desc_span].to_string(),
        });
    }
    out
}

/// Runs of two to four capitalised words not led by a function word
/// ("Jane Doe"), as possible persons.
fn full_names(text: &str, lx: &[Lex<'_>]) -> Vec<Mention> {
    let cap = |l: &Lex<'_>| l.text.chars().next().is_some_and(char::is_uppercase);
    let mut out = Vec::new();
    let mut k = 0;
    while k < lx.len() {
        if !cap(&lx[k]) {
            k += 1;
            continue;
        }
        let s = k;
        while k < lx.len() && cap(&lx[k]) {
            k += 1;
        }
        let run = &lx[s..k];
        let from = run
            .iter()
            .rposition(|w| lexicon::is_title(w.text) || lexicon::is_determiner(w.text))
            .map_or(0, |t| t + 1);
        let run = &run[from..];
        if (2..=4).contains(&run.len()) && !run.iter().any(|w| lexicon::is_pronoun(w.text)) {
            out.push(Mention {
                at: run[0].span.start,
                name: text[run[0].span.start..run[run.len() - 1].span.end].to_string(),
                description: String::new(),
            });
        }
    }
    out
}

/// A named person a speaker may refer to: a mention, or an earlier
/// quotation's speaker.
struct Person<'m> {
    at: usize,
    /// Orders people at one position: mentions (in their order) before
    /// quotations' speakers.
    tie: (u8, usize),
    name: Cow<'m, str>,
    description: Cow<'m, str>,
    /// What is known of them, read once for the roles fitted against them.
    context: PersonContext<'m>,
}

/// A mention's context lives with its paragraph; a quotation speaker's
/// with the person.
enum PersonContext<'m> {
    Mention(&'m OnceLock<speaker::Context>),
    Speaker(OnceLock<speaker::Context>),
}

impl Person<'_> {
    fn context(&self) -> &speaker::Context {
        let cell = match &self.context {
            PersonContext::Mention(c) => c,
            PersonContext::Speaker(c) => c,
        };
        cell.get_or_init(|| speaker::Context::new(&format!("{} {}", self.name, self.description)))
    }
}

/// The named people before a position, nearest first, kept up to date as
/// the quotations are resolved in text order (one forward pass, instead of
/// collecting and sorting everyone before each quotation).
struct People<'m> {
    mentions: &'m [Named<'m>],
    /// Mentions `list` holds: those before `at`.
    taken: usize,
    at: usize,
    /// Ascending by (position, tie reversed): read backwards, nearest first,
    /// and at one position mentions first.
    list: Vec<Person<'m>>,
}

impl<'m> People<'m> {
    fn new(mentions: &'m [Named<'m>]) -> People<'m> {
        People {
            mentions,
            taken: 0,
            at: 0,
            list: Vec::new(),
        }
    }

    fn insert(&mut self, p: Person<'m>) {
        let key = |p: &Person| (p.at, std::cmp::Reverse(p.tie));
        let k = key(&p);
        let i = self.list.partition_point(|q| key(q) < k);
        self.list.insert(i, p);
    }

    /// Adds a quotation's named speaker.
    fn add_quote(&mut self, at: usize, s: Option<&Speaker>) {
        let Some(s) = s else { return };
        let Some(name) = &s.name else { return };
        let seq = self.list.len();
        self.insert(Person {
            at,
            tie: (1, seq),
            name: Cow::Owned(name.clone()),
            description: Cow::Owned(s.description.clone()),
            context: PersonContext::Speaker(OnceLock::new()),
        });
    }

    /// Named people mentioned before `at` and the speakers of `earlier`
    /// quotations, nearest first.
    fn before(&mut self, at: usize, earlier: &[Attributed]) -> impl Iterator<Item = &Person<'m>> {
        if at < self.at {
            // Quotations come in text order; should one not, start over.
            *self = People::new(self.mentions);
            for a in earlier {
                self.add_quote(a.quote.parts[0].outer.start, a.speaker.as_ref());
            }
        }
        self.at = at;
        while let Some(m) = self.mentions.get(self.taken).filter(|m| m.at < at) {
            self.insert(Person {
                at: m.at,
                tie: (0, self.taken),
                name: Cow::Borrowed(&m.mention.name),
                description: Cow::Borrowed(&m.mention.description),
                context: match m.context {
                    Some(c) => PersonContext::Mention(c),
                    None => PersonContext::Speaker(OnceLock::new()),
                },
            });
            self.taken += 1;
        }
        self.list.iter().rev()
    }
}

/// Resolves pronouns and roles to named people (`people`: those before the
/// quotation, nearest first), and surnames to full names stated earlier.
fn resolve<'p, 'm: 'p>(
    mut s: Speaker,
    at: usize,
    mut people: impl Iterator<Item = &'p Person<'m>>,
    names: &[Named<'_>],
) -> Speaker {
    match &s.name {
        Some(name) => {
            // A surname alone: the full name given earlier, with its description.
            if !name.contains(' ') {
                if let Some(p) = people.find(|p| {
                    p.name.contains(' ') && p.name.split(' ').next_back() == Some(name.as_str())
                }) {
                    s.name = Some(p.name.to_string());
                    if s.description.is_empty() {
                        s.description = p.description.to_string();
                    }
                } else if let Some(n) = names.iter().rev().find(|n| {
                    n.at < at && n.mention.name.split(' ').next_back() == Some(name.as_str())
                }) {
                    s.name = Some(n.mention.name.clone());
                }
            }
        }
        None if s.is_pronoun() => {
            if let Some(p) = people.next() {
                s.name = Some(p.name.to_string());
                s.description = p.description.to_string();
            } else if let Some(n) = names.iter().rev().find(|n| n.at < at) {
                s.name = Some(n.mention.name.clone());
            }
        }
        None => {
            let role = speaker::Role::new(&s.text);
            if let Some(p) = people.find(|p| role.fits(p.context())) {
                s.name = Some(p.name.to_string());
                s.description = format!("{} {}", s.text, p.description);
            }
        }
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::{fold, paragraphs, sentences, LineBreaks};

    fn speakers(src: &str) -> Vec<(String, Option<String>)> {
        let f = fold(src, LineBreaks::Paragraph);
        let p = paragraphs(&f.text);
        let s = sentences(&f.text, &p);
        let (a, _) = attributed(&f.text, &p, &s);
        a.into_iter()
            .map(|a| {
                let inner = a.quote.parts[0].inner.clone();
                (f.text[inner].to_string(), a.speaker.and_then(|s| s.name))
            })
            .collect()
    }

    #[test]
    fn speakers_across_a_story() {
        let src = "Title\n\n\
            Jane Doe, director of the National Agency, spoke on Friday.\n\n\
            “We are ready,” Doe said. “It is time.”\n\n\
            “More to come.”\n\n\
            John Roe, a local analyst, told the paper: “It will fail.”\n\n\
            “Nobody wants it,” he said.\n\n\
            “Trust us,” the agency chief added.\n";
        assert_eq!(
            speakers(src),
            [
                ("We are ready,".to_string(), Some("Jane Doe".to_string())),
                ("It is time.".to_string(), Some("Jane Doe".to_string())),
                ("More to come.".to_string(), Some("Jane Doe".to_string())),
                ("It will fail.".to_string(), Some("John Roe".to_string())),
                ("Nobody wants it,".to_string(), Some("John Roe".to_string())),
                ("Trust us,".to_string(), Some("Jane Doe".to_string())),
            ]
        );
    }

    #[test]
    fn cached_paragraphs_give_the_same_speakers_as_a_fresh_reading() {
        let story = "Title\n\n\
            Jane Doe, director of the National Agency, spoke on Friday.\n\n\
            \u{201c}We are ready,\u{201d} she said.\n\n\
            John Roe, a local analyst, spoke next.\n\n\
            \u{201c}It will fail,\u{201d} he said.\n\n\
            Mary Major, the agency chief, said little.\n\n\
            \u{201c}Trust us,\u{201d} the agency chief added.\n\n\
            Peter Poe told reporters:\n\n\
            \u{201c}Nobody wants it.\u{201d}\n";
        let paras: Vec<&str> = story.split("\n\n").collect();
        // The story, then with each paragraph dropped, then moved to the end:
        // the same paragraph texts at new positions and in new contexts.
        let mut texts = vec![story.to_string()];
        for k in 1..paras.len() {
            let mut p = paras.clone();
            let moved = p.remove(k);
            texts.push(p.join("\n\n"));
            p.push(moved);
            texts.push(p.join("\n\n"));
        }
        let mut cache = PeopleCache::default();
        for src in texts.iter().chain(texts.iter().rev()) {
            let f = fold(src, LineBreaks::Paragraph);
            let p = paragraphs(&f.text);
            let s = sentences(&f.text, &p);
            let fresh = attributed(&f.text, &p, &s).0;
            let cached = attributed_cached(&f.text, &p, &s, &mut cache);
            assert_eq!(format!("{cached:?}"), format!("{fresh:?}"), "{src}");
        }
        assert!(!cache.entries.is_empty());
    }

    #[test]
    fn colon_paragraph_introduces_the_quote() {
        let src = "T\n\nJohn Roe told reporters:\n\n\"The plan works and will go on.\"\n";
        assert_eq!(
            speakers(src),
            [(
                "The plan works and will go on.".to_string(),
                Some("John Roe".to_string())
            )]
        );
    }
}
