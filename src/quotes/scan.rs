//! Finding quoted passages in folded text (where every double quote mark is
//! `"`), for articles and notes alike.
//!
//! Whether a mark opens or closes is read from its neighbours: after a space
//! and before a word it opens, after a word and before a space or
//! punctuation it closes. News style lets a quotation run over several
//! paragraphs, each opening with a mark and only the last one closing; a
//! paragraph that ends inside a quotation therefore closes its part there,
//! and the quotation goes on if the next paragraph opens with a mark. Corpora
//! that lost their paragraph breaks show the same thing inside one line: a
//! mark that opens while a quotation is open starts its next part.

use std::ops::Range;

/// One quoted part: the span with its marks and the span of its words.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Part {
    pub outer: Range<usize>,
    pub inner: Range<usize>,
}

/// A quotation: one or more parts (several when it runs over paragraphs).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Quotation {
    pub parts: Vec<Part>,
    /// Index (into the paragraph list) of the paragraph of its first part.
    pub paragraph: usize,
}

impl Quotation {
    pub fn outer(&self) -> Range<usize> {
        self.parts[0].outer.start..self.parts.last().unwrap().outer.end
    }
}

fn opens(prev: Option<char>, next: Option<char>) -> bool {
    prev.is_none_or(|p| p.is_whitespace() || "([{-/'".contains(p))
        && next.is_some_and(|n| !n.is_whitespace())
}

fn closes(prev: Option<char>, next: Option<char>) -> bool {
    prev.is_some_and(|p| !p.is_whitespace())
        && next.is_none_or(|n| n.is_whitespace() || ".,;:!?)]-'".contains(n))
}

/// The quotations of `text`, given its paragraph spans (one per line).
pub fn quotations(text: &str, paragraphs: &[Range<usize>]) -> Vec<Quotation> {
    let mut out: Vec<Quotation> = Vec::new();
    // A quotation left open at a paragraph's end, waiting for the next one.
    let mut pending: Option<Quotation> = None;
    for (pi, para) in paragraphs.iter().enumerate() {
        let p = &text[para.clone()];
        let continues = p.starts_with('"');
        if let Some(q) = pending.take() {
            if continues {
                pending = Some(q);
            } else {
                out.push(q);
            }
        }
        // The open part: (outer start, inner start).
        let mut open: Option<(usize, usize)> = None;
        let mut current: Option<Quotation> = pending.take();
        let marks: Vec<usize> = p.match_indices('"').map(|(i, _)| i).collect();
        for &i in &marks {
            let prev = p[..i].chars().next_back();
            let next = p[i + 1..].chars().next();
            let at = para.start + i;
            match open {
                None => {
                    if opens(prev, next) || !closes(prev, next) {
                        open = Some((at, at + 1));
                        if current.is_none() {
                            current = Some(Quotation {
                                parts: Vec::new(),
                                paragraph: pi,
                            });
                        }
                    }
                }
                Some((os, is)) => {
                    if closes(prev, next) {
                        let q = current.as_mut().unwrap();
                        q.parts.push(Part {
                            outer: os..at + 1,
                            inner: is..at,
                        });
                        open = None;
                        out.push(current.take().unwrap());
                    } else if opens(prev, next) {
                        // A new part of the same quotation.
                        let end = para.start + p[..i].trim_end().len();
                        current.as_mut().unwrap().parts.push(Part {
                            outer: os..end,
                            inner: is..end,
                        });
                        open = Some((at, at + 1));
                    }
                }
            }
        }
        if let Some((os, is)) = open {
            let mut q = current.take().unwrap();
            q.parts.push(Part {
                outer: os..para.end,
                inner: is..para.end,
            });
            pending = Some(q);
        }
    }
    out.extend(pending);
    for q in &mut out {
        q.parts.retain(|p| !text[p.inner.clone()].trim().is_empty());
    }
    out.retain(|q| !q.parts.is_empty());
    out.sort_by_key(|q| q.parts[0].outer.start);
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::paragraphs;

    fn inner(text: &str) -> Vec<Vec<&str>> {
        quotations(text, &paragraphs(text))
            .into_iter()
            .map(|q| q.parts.iter().map(|p| &text[p.inner.clone()]).collect())
            .collect()
    }

    #[test]
    fn simple_and_partial_quotes() {
        let t = "\"It is done,\" he said, calling it \"a first step\" and \"vital\".\n";
        assert_eq!(
            inner(t),
            [vec!["It is done,"], vec!["a first step"], vec!["vital"]]
        );
    }

    #[test]
    fn quotations_over_paragraphs() {
        let t = "\"First part.\n\"Second part.\n\"Last part,\" she said.\nAfter.\n";
        assert_eq!(
            inner(t),
            [vec!["First part.", "Second part.", "Last part,"]]
        );
    }

    #[test]
    fn open_at_paragraph_end_without_continuation_closes_there() {
        let t = "He said: \"We will go.\nNot a quote.\n";
        assert_eq!(inner(t), [vec!["We will go."]]);
    }

    #[test]
    fn run_on_parts_inside_one_line() {
        let t = "\"No decision yet. \"We want health,\" he said. \"Next one.\"\n";
        assert_eq!(
            inner(t),
            [
                vec!["No decision yet.", "We want health,"],
                vec!["Next one."]
            ]
        );
    }
}
