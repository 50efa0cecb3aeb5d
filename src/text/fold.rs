//! Normalisation of real-world article and note text into a folded form that
//! every analysis reads, with an [`OffsetMap`] back to the original bytes.
//!
//! Markdown is parsed with pulldown-cmark (links keep their text, escapes and
//! HTML entities are decoded, emphasis markers, link targets and inline HTML
//! are dropped); then characters are folded: curly quotes to straight ones,
//! dashes to `-`, exotic spaces to a space, `…` to `...`, invisible
//! characters removed. Every block ends with `\n`, so a *paragraph* of the
//! folded text is always one line.

use std::ops::Range;

use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};

use super::offsets::{OffsetMap, OffsetMapBuilder};
use crate::shared::SharedStr;

/// How a line break inside a Markdown paragraph is folded.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LineBreaks {
    /// Each line is its own paragraph (news articles: one paragraph a line).
    Paragraph,
    /// Lines inside a block are joined with a space (notes: hard-wrapped prose).
    Join,
}

/// Folded text plus the map back to the original.
#[derive(Debug, Clone, Default, serde::Serialize, serde::Deserialize)]
pub struct Folded {
    /// In a mapped cache's pages when read from one (see [`SharedStr`]).
    pub text: SharedStr,
    pub map: OffsetMap,
}

impl Folded {
    /// The original byte span of a range of the folded text.
    pub fn original(&self, r: Range<usize>) -> Range<usize> {
        self.map.range_to_original(r)
    }
}

/// What one character folds to.
enum CharFold {
    Keep,
    Drop,
    To(&'static str),
}

fn fold_char(c: char) -> CharFold {
    match c {
        '\u{2018}' | '\u{2019}' | '\u{201A}' | '\u{201B}' | '\u{2032}' | '`' | '\u{00B4}' => {
            CharFold::To("'")
        }
        '\u{201C}' | '\u{201D}' | '\u{201E}' | '\u{201F}' | '\u{2033}' | '\u{00AB}'
        | '\u{00BB}' => CharFold::To("\""),
        '\u{2010}' | '\u{2011}' | '\u{2012}' | '\u{2013}' | '\u{2014}' | '\u{2015}'
        | '\u{2212}' => CharFold::To("-"),
        '\u{2026}' => CharFold::To("..."),
        '\t' | '\u{00A0}' | '\u{2000}'..='\u{200A}' | '\u{202F}' | '\u{205F}' | '\u{3000}' => {
            CharFold::To(" ")
        }
        '\r' | '\u{00AD}' | '\u{200B}'..='\u{200D}' | '\u{2060}' | '\u{FEFF}' => CharFold::Drop,
        c if c.is_control() && c != '\n' => CharFold::Drop,
        _ => CharFold::Keep,
    }
}

/// An ASCII byte that [`fold_char`] keeps and that is not a backslash
/// (which may be escaping debris).
fn kept_ascii(b: u8) -> bool {
    matches!(b, b'\n' | b' '..=b'~') && b != b'`' && b != b'\\'
}

/// Appends folded text to `out`, recording the map.
struct Writer<'a> {
    src: &'a str,
    out: String,
    map: OffsetMapBuilder,
}

impl Writer<'_> {
    /// Appends `src[range]` (which the parser passed through verbatim), folding
    /// characters one by one. Printable ASCII other than a backtick or a
    /// backslash stays as it is, so those bytes are passed over without
    /// decoding a character.
    fn verbatim(&mut self, range: Range<usize>) {
        let text = &self.src[range.clone()];
        let bytes = text.as_bytes();
        let mut run_start = 0;
        let mut i = 0;
        while i < bytes.len() {
            if kept_ascii(bytes[i]) {
                i += 1;
                continue;
            }
            // `i` is a character boundary: it only moves by whole characters.
            let mut rest = text[i..].chars();
            let Some(c) = rest.next() else { break };
            let len = c.len_utf8();
            // A backslash left before punctuation is escaping debris (`\\$1`).
            let fold = if c == '\\' && rest.next().is_some_and(|n| n.is_ascii_punctuation()) {
                CharFold::Drop
            } else {
                fold_char(c)
            };
            if !matches!(fold, CharFold::Keep) {
                self.copy(range.start + run_start, &text[run_start..i]);
                if let CharFold::To(s) = fold {
                    self.out.push_str(s);
                    let at = range.start + i;
                    self.map.replaced(at..at + len, s.len());
                }
                run_start = i + len;
            }
            i += len;
        }
        self.copy(range.start + run_start, &text[run_start..]);
    }

    fn copy(&mut self, orig: usize, s: &str) {
        self.out.push_str(s);
        self.map.verbatim(orig, s.len());
    }

    /// Appends decoded text that replaces the whole original `range`.
    fn replaced(&mut self, range: Range<usize>, decoded: &str) {
        let mut folded = String::with_capacity(decoded.len());
        for c in decoded.chars() {
            match fold_char(c) {
                CharFold::Keep => folded.push(c),
                CharFold::Drop => {}
                CharFold::To(s) => folded.push_str(s),
            }
        }
        self.out.push_str(&folded);
        self.map.replaced(range, folded.len());
    }

    /// Ends the current line, unless the text is empty or already at a line start.
    fn newline(&mut self, at: usize) {
        if !self.out.is_empty() && !self.out.ends_with('\n') {
            self.out.push('\n');
            self.map.replaced(at..at, 1);
        }
    }

    fn space(&mut self, range: Range<usize>) {
        if !self.out.is_empty() && !self.out.ends_with([' ', '\n']) {
            self.out.push(' ');
            self.map.replaced(range, 1);
        }
    }
}

/// Folds `src` (plain text or Markdown).
pub fn fold(src: &str, line_breaks: LineBreaks) -> Folded {
    fold_with(src, line_breaks, true)
}

/// Folds a writer's note: hard-wrapped lines are joined, and code (fenced or
/// indented blocks, inline code) is left out — it is not prose to check.
pub fn fold_note(src: &str) -> Folded {
    fold_with(src, LineBreaks::Join, false)
}

fn fold_with(src: &str, line_breaks: LineBreaks, keep_code: bool) -> Folded {
    let mut w = Writer {
        src,
        out: String::with_capacity(src.len()),
        map: OffsetMapBuilder::default(),
    };
    // Text inside an image is its alt text: a caption, not prose.
    let mut image_depth = 0usize;
    let mut in_code_block = false;
    for (event, range) in Parser::new_ext(src, Options::empty()).into_offset_iter() {
        match event {
            Event::Start(Tag::CodeBlock(_)) => in_code_block = true,
            Event::End(TagEnd::CodeBlock) => {
                in_code_block = false;
                w.newline(range.end);
            }
            Event::Code(_) if !keep_code => w.space(range),
            Event::Text(_) if in_code_block && !keep_code => {}
            Event::Text(t) | Event::Code(t) if image_depth == 0 => {
                if src.get(range.clone()) == Some(&*t) {
                    // Code blocks carry their own newlines; keep lines apart.
                    w.verbatim(range);
                } else {
                    w.replaced(range, &t);
                }
            }
            Event::SoftBreak => match line_breaks {
                LineBreaks::Paragraph => w.newline(range.start),
                LineBreaks::Join => w.space(range),
            },
            Event::HardBreak => w.newline(range.start),
            Event::Start(Tag::Image { .. }) => image_depth += 1,
            Event::End(TagEnd::Image) => image_depth = image_depth.saturating_sub(1),
            Event::End(
                TagEnd::Paragraph
                | TagEnd::Heading(_)
                | TagEnd::Item
                | TagEnd::BlockQuote(_)
                | TagEnd::HtmlBlock,
            ) => w.newline(range.end),
            Event::Rule => w.newline(range.end),
            _ => {}
        }
    }
    let Writer { out, map, .. } = w;
    Folded {
        map: map.finish(src.len()),
        text: out.into(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn folded(src: &str) -> String {
        fold(src, LineBreaks::Paragraph).text.to_string()
    }

    #[test]
    fn the_ascii_fast_path_keeps_only_what_fold_char_keeps() {
        for b in 0..=127u8 {
            if kept_ascii(b) {
                assert!(matches!(fold_char(b as char), CharFold::Keep), "{b:#x}");
            }
        }
        // Every other ASCII byte still goes through `fold_char`.
        assert_eq!(folded("a`b\tc\\*d\\e\u{7f}f"), "a'b c*d\\ef\n");
    }

    #[test]
    fn quotes_dashes_spaces_and_ellipses() {
        assert_eq!(
            folded("“It’s done” – he said\u{a0}…"),
            "\"It's done\" - he said ...\n"
        );
    }

    #[test]
    fn markdown_links_escapes_and_entities() {
        assert_eq!(
            folded("close to [\\\\$1 billion](#) in 2023, &#163;5 &amp; \\$3"),
            "close to $1 billion in 2023, £5 & $3\n"
        );
        assert_eq!(
            folded("# Title\n\nBy [Ruchi Kumar](#)\n\n**Bold** text"),
            "Title\nBy Ruchi Kumar\nBold text\n"
        );
    }

    #[test]
    fn lines_are_paragraphs_or_joined() {
        assert_eq!(folded("one\ntwo\n\nthree"), "one\ntwo\nthree\n");
        assert_eq!(
            fold("one\ntwo\n\nthree", LineBreaks::Join).text,
            "one two\nthree\n"
        );
    }

    #[test]
    fn images_are_dropped_but_bracketed_text_is_kept() {
        assert_eq!(folded("![alt](x.png) end"), " end\n");
        assert_eq!(folded("[Islamabad] Russia"), "[Islamabad] Russia\n");
    }

    #[test]
    fn ranges_map_back_to_the_original() {
        let src = "Close to [\\\\$1 billion](#) &#163;5 “quoted”";
        let f = fold(src, LineBreaks::Paragraph);
        let find = |needle: &str| {
            let s = f.text.find(needle).unwrap();
            &src[f.original(s..s + needle.len())]
        };
        assert_eq!(find("$1 billion"), "$1 billion");
        assert_eq!(find("£5"), "&#163;5");
        assert_eq!(find("\"quoted\""), "“quoted”");
    }

    #[test]
    fn notes_leave_code_out() {
        let src =
            "Prose 250.\n\n```\nkilled 250 people\n```\n\n    indented 99\n\nRun `grep 7` now.\n";
        assert_eq!(fold_note(src).text, "Prose 250.\nRun  now.\n");
        assert!(fold(src, LineBreaks::Join)
            .text
            .contains("killed 250 people"));
    }

    #[test]
    fn crlf_and_bom() {
        assert_eq!(folded("\u{feff}one\r\ntwo\r\n"), "one\ntwo\n");
    }
}
