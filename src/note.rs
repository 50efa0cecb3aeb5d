//! A note under check: the writer's Markdown or plain text, folded and
//! segmented like an article, with a map back to the note's own bytes.

use std::ops::Range;

use crate::text::{self, Folded, Sentence};

#[derive(Debug, Clone)]
pub struct Note {
    pub folded: Folded,
    pub paragraphs: Vec<Range<usize>>,
    pub sentences: Vec<Sentence>,
}

impl Note {
    pub fn parse(source: &str) -> Note {
        // Notes are hard-wrapped Markdown: a paragraph is a block, not a
        // line; code in a note is not prose to check.
        let folded = text::fold_note(source);
        let paragraphs = text::paragraphs(&folded.text);
        let sentences = text::sentences(&folded.text, &paragraphs);
        Note {
            folded,
            paragraphs,
            sentences,
        }
    }

    pub fn text(&self) -> &str {
        &self.folded.text
    }

    /// The byte range in the note's source of a folded span.
    pub fn original(&self, span: Range<usize>) -> Range<usize> {
        self.folded.original(span)
    }

    /// The folded offset of a byte offset in the note's source.
    pub fn folded_offset(&self, source_offset: usize) -> usize {
        self.folded.map.from_original(source_offset)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hard_wrapped_paragraphs_join() {
        let n = Note::parse("# Heading\n\nThe attack\nkilled 145 people. It was\n*terrible*.\n");
        assert_eq!(
            n.text(),
            "Heading\nThe attack killed 145 people. It was terrible.\n"
        );
        assert_eq!(n.sentences.len(), 3);
        let s = &n.sentences[2].span();
        assert_eq!(n.text()[s.clone()].to_string(), "It was terrible.");
    }
}
