//! `Quotations`: the attributed quotations of every article as the quote
//! index keeps them — flat arrays of offsets, and the speakers' words in one
//! string where each distinct name or description is written once — rather
//! than a vector of parts and three strings per quotation.

use std::ops::Range;

use super::attrib::Speaker;
use super::scan::{Part, Quotation};
use super::source::Attributed;
use crate::fasthash::FastMap;

/// A range of `strings`, or of folded text.
type Span = (u32, u32);

/// `speaker_text` of a quotation nobody is given.
const NOBODY: Span = (u32::MAX, u32::MAX);

fn span(r: &Range<usize>) -> Span {
    let at = |n: usize| u32::try_from(n).expect("an article under 4 GiB");
    (at(r.start), at(r.end))
}

fn range(s: Span) -> Range<usize> {
    s.0 as usize..s.1 as usize
}

/// Every article's quotations, in article order, then text order.
#[derive(Clone, Default, Debug, serde::Serialize, serde::Deserialize)]
pub struct Quotations {
    /// Article `a`'s quotations are `first_quote[a]..first_quote[a + 1]`.
    #[serde(with = "crate::cache::raw")]
    first_quote: Vec<u32>,
    /// Quotation `q`'s parts are `first_part[q]..first_part[q + 1]`.
    #[serde(with = "crate::cache::raw")]
    first_part: Vec<u32>,
    /// Each part with its marks, and its words, in the folded text.
    #[serde(with = "crate::cache::raw")]
    outer: Vec<Span>,
    #[serde(with = "crate::cache::raw")]
    inner: Vec<Span>,
    /// The paragraph of each quotation's first part.
    #[serde(with = "crate::cache::raw")]
    paragraph: Vec<u32>,
    /// Each quotation's speaker: the words naming them (in `strings`;
    /// `NOBODY` if it has no speaker), their span in the folded text, the
    /// person's name (in `strings`; `NOBODY` if unknown) and description.
    #[serde(with = "crate::cache::raw")]
    speaker_text: Vec<Span>,
    #[serde(with = "crate::cache::raw")]
    speaker_span: Vec<Span>,
    #[serde(with = "crate::cache::raw")]
    speaker_name: Vec<Span>,
    #[serde(with = "crate::cache::raw")]
    speaker_description: Vec<Span>,
    strings: String,
}

/// [`Quotations`] being built, an article at a time.
#[derive(Default)]
pub struct Builder {
    q: Quotations,
    /// Where each distinct string is in `strings`.
    written: FastMap<String, Span>,
}

impl Builder {
    fn string(&mut self, s: &str) -> Span {
        if let Some(&at) = self.written.get(s) {
            return at;
        }
        let strings = &mut self.q.strings;
        let at = span(&(strings.len()..strings.len() + s.len()));
        strings.push_str(s);
        self.written.insert(s.to_string(), at);
        at
    }

    /// Adds the next article's quotations.
    pub fn push_article(&mut self, quotes: &[Attributed]) {
        self.q.first_quote.push(self.q.first_part.len() as u32);
        for a in quotes {
            self.q.first_part.push(self.q.outer.len() as u32);
            self.q.paragraph.push(a.quote.paragraph as u32);
            for p in &a.quote.parts {
                self.q.outer.push(span(&p.outer));
                self.q.inner.push(span(&p.inner));
            }
            let (text, at, name, description) = match &a.speaker {
                Some(s) => (
                    self.string(&s.text),
                    span(&s.span),
                    s.name.as_deref().map_or(NOBODY, |n| self.string(n)),
                    self.string(&s.description),
                ),
                None => (NOBODY, (0, 0), NOBODY, (0, 0)),
            };
            self.q.speaker_text.push(text);
            self.q.speaker_span.push(at);
            self.q.speaker_name.push(name);
            self.q.speaker_description.push(description);
        }
    }

    pub fn finish(mut self) -> Quotations {
        let q = &mut self.q;
        q.first_quote.push(q.first_part.len() as u32);
        q.first_part.push(q.outer.len() as u32);
        for v in [
            &mut q.outer,
            &mut q.inner,
            &mut q.speaker_text,
            &mut q.speaker_span,
            &mut q.speaker_name,
            &mut q.speaker_description,
        ] {
            v.shrink_to_fit();
        }
        q.first_quote.shrink_to_fit();
        q.first_part.shrink_to_fit();
        q.paragraph.shrink_to_fit();
        q.strings.shrink_to_fit();
        self.q
    }
}

impl Quotations {
    /// Number of quotations in the corpus.
    pub fn len(&self) -> usize {
        self.first_part.len().saturating_sub(1)
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The quotations of an article (none if there is no such article).
    pub fn of(&self, article: usize) -> Range<usize> {
        match (
            self.first_quote.get(article),
            self.first_quote.get(article + 1),
        ) {
            (Some(&s), Some(&e)) => s as usize..e as usize,
            _ => 0..0,
        }
    }

    fn part_range(&self, quote: usize) -> Range<usize> {
        self.first_part[quote] as usize..self.first_part[quote + 1] as usize
    }

    /// The span of a quotation's words in each part, in the folded text.
    pub fn inner(&self, quote: usize) -> impl Iterator<Item = Range<usize>> + '_ {
        self.inner[self.part_range(quote)].iter().map(|&s| range(s))
    }

    /// The span of a quotation with its marks, first part to last.
    pub fn outer(&self, quote: usize) -> Range<usize> {
        let parts = &self.outer[self.part_range(quote)];
        parts[0].0 as usize..parts[parts.len() - 1].1 as usize
    }

    /// A quotation and its speaker, as they were added.
    pub fn attributed(&self, quote: usize) -> Attributed {
        let parts = self.part_range(quote);
        Attributed {
            quote: Quotation {
                parts: parts
                    .map(|p| Part {
                        outer: range(self.outer[p]),
                        inner: range(self.inner[p]),
                    })
                    .collect(),
                paragraph: self.paragraph[quote] as usize,
            },
            speaker: self.speaker(quote),
        }
    }

    /// Who the article gives a quotation to.
    pub fn speaker(&self, quote: usize) -> Option<Speaker> {
        let text = self.speaker_text[quote];
        if text == NOBODY {
            return None;
        }
        let string = |s: Span| self.strings[range(s)].to_string();
        let name = self.speaker_name[quote];
        Some(Speaker {
            text: string(text),
            span: range(self.speaker_span[quote]),
            name: (name != NOBODY).then(|| string(name)),
            description: string(self.speaker_description[quote]),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn attributed(parts: &[(usize, usize)], speaker: Option<Speaker>) -> Attributed {
        Attributed {
            quote: Quotation {
                parts: parts
                    .iter()
                    .map(|&(s, e)| Part {
                        outer: s..e,
                        inner: s + 1..e - 1,
                    })
                    .collect(),
                paragraph: parts.len(),
            },
            speaker,
        }
    }

    #[test]
    fn quotations_and_speakers_read_back() {
        let doe = Speaker {
            text: "Doe".into(),
            span: (40..43),
            name: Some("Jane Doe".into()),
            description: "director".into(),
        };
        let he = Speaker {
            text: "he".into(),
            span: (90..92),
            name: None,
            description: String::new(),
        };
        let articles = vec![
            vec![
                attributed(&[(0, 30)], Some(doe.clone())),
                attributed(&[(50, 60), (70, 80)], None),
            ],
            vec![],
            vec![attributed(&[(5, 9)], Some(he.clone()))],
        ];
        let mut b = Builder::default();
        for a in &articles {
            b.push_article(a);
        }
        let q = b.finish();
        assert_eq!(q.len(), 3);
        assert_eq!(
            (q.of(0), q.of(1), q.of(2), q.of(3)),
            (0..2, 2..2, 2..3, 0..0)
        );
        assert_eq!(q.outer(1), 50..80);
        assert_eq!(q.inner(1).collect::<Vec<_>>(), [51..59, 71..79]);
        assert_eq!(q.speaker(0), Some(doe));
        assert_eq!(q.speaker(1), None);
        assert_eq!(q.speaker(2), Some(he));
        let flat: Vec<&Attributed> = articles.iter().flatten().collect();
        for (i, a) in flat.iter().enumerate() {
            let back = q.attributed(i);
            assert_eq!((&back.quote, &back.speaker), (&a.quote, &a.speaker));
        }
        let bytes = postcard::to_allocvec(&q).unwrap();
        let back: Quotations = postcard::from_bytes(&bytes).unwrap();
        assert_eq!(back.speaker(0), q.speaker(0));
        assert_eq!(back.outer(0), 0..30);
    }
}
