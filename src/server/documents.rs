//! Open documents: text in a rope, edited incrementally by LSP positions in
//! the negotiated encoding.

use ropey::Rope;

use crate::text::{byte_of, col_of, Encoding, LineCol};

/// One open document.
#[derive(Debug, Clone)]
pub struct Document {
    pub rope: Rope,
    pub version: i32,
}

/// An edit as the client sends it: a range (or the whole text) and new text.
#[derive(Debug, Clone)]
pub struct Edit {
    pub range: Option<(LineCol, LineCol)>,
    pub text: String,
}

impl Document {
    pub fn new(text: &str, version: i32) -> Document {
        Document {
            rope: Rope::from_str(text),
            version,
        }
    }

    pub fn text(&self) -> String {
        self.rope.to_string()
    }

    /// Byte offset of a position; past the end of a line or of the text, it
    /// snaps to the end.
    pub fn offset(&self, pos: LineCol, enc: Encoding) -> usize {
        let line = pos.line as usize;
        if line >= self.rope.len_lines() {
            return self.rope.len_bytes();
        }
        let start = self.rope.line_to_byte(line);
        let text = self.rope.line(line).to_string();
        start + byte_of(&text, pos.col, enc)
    }

    /// Position of a byte offset.
    pub fn position(&self, offset: usize, enc: Encoding) -> LineCol {
        let offset = offset.min(self.rope.len_bytes());
        let line = self.rope.byte_to_line(offset);
        let start = self.rope.line_to_byte(line);
        let text = self.rope.line(line).to_string();
        LineCol {
            line: line as u32,
            col: col_of(&text, offset - start, enc),
        }
    }

    /// Applies edits in order and takes the new version.
    pub fn apply(&mut self, edits: &[Edit], version: i32, enc: Encoding) {
        for edit in edits {
            match edit.range {
                None => self.rope = Rope::from_str(&edit.text),
                Some((start, end)) => {
                    let a = self.offset(start, enc);
                    let b = self.offset(end, enc).max(a);
                    let (ca, cb) = (self.rope.byte_to_char(a), self.rope.byte_to_char(b));
                    self.rope.remove(ca..cb);
                    self.rope.insert(ca, &edit.text);
                }
            }
        }
        self.version = version;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn edit(l1: u32, c1: u32, l2: u32, c2: u32, text: &str) -> Edit {
        Edit {
            range: Some((LineCol { line: l1, col: c1 }, LineCol { line: l2, col: c2 })),
            text: text.into(),
        }
    }

    #[test]
    fn incremental_edits_in_utf16_around_emoji() {
        let mut d = Document::new("a😀b\nsecond\n", 1);
        // Replace "b" (UTF-16 col 3..4) with "c".
        d.apply(&[edit(0, 3, 0, 4, "c")], 2, Encoding::Utf16);
        assert_eq!(d.text(), "a😀c\nsecond\n");
        // Same edit in UTF-8 columns: "c" is at byte 5.
        d.apply(&[edit(0, 5, 0, 6, "d")], 3, Encoding::Utf8);
        assert_eq!(d.text(), "a😀d\nsecond\n");
        // Insert a line and delete across lines.
        d.apply(
            &[edit(1, 0, 1, 0, "new\n"), edit(0, 6, 2, 0, "")],
            4,
            Encoding::Utf8,
        );
        assert_eq!(d.text(), "a😀dsecond\n");
        assert_eq!(d.version, 4);
    }

    #[test]
    fn out_of_range_edits_clamp() {
        let mut d = Document::new("ab\ncd", 1);
        d.apply(&[edit(0, 99, 9, 0, "!")], 2, Encoding::Utf16);
        assert_eq!(d.text(), "ab!");
    }

    #[test]
    fn positions_round_trip() {
        let d = Document::new("x😀y\r\nzé\rw", 1);
        for enc in [Encoding::Utf8, Encoding::Utf16] {
            for off in [0, 1, 5, 6, 8, 9, 11, 12] {
                let p = d.position(off, enc);
                assert_eq!(d.offset(p, enc), off, "{enc:?} {off}");
            }
        }
    }
}
