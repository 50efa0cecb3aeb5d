//! Line/column positions in a text, in UTF-8 bytes or UTF-16 code units.
//!
//! Editors count columns in UTF-16 code units unless both sides agree on
//! UTF-8; a character outside the Basic Multilingual Plane (an emoji) is two
//! UTF-16 units and four UTF-8 bytes. Offsets inside a character snap to its
//! start; columns past the end of a line snap to the line's end (before its
//! line break), as the LSP specification asks.

/// Which unit a column counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Encoding {
    Utf8,
    #[default]
    Utf16,
}

/// A zero-based line and column.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Default)]
pub struct LineCol {
    pub line: u32,
    pub col: u32,
}

/// The column of byte offset `byte` within `line` (a line's text, without or
/// with its line break).
pub fn col_of(line: &str, byte: usize, enc: Encoding) -> u32 {
    let mut byte = byte.min(line.len());
    while !line.is_char_boundary(byte) {
        byte -= 1;
    }
    match enc {
        Encoding::Utf8 => byte as u32,
        Encoding::Utf16 => line[..byte].chars().map(|c| c.len_utf16() as u32).sum(),
    }
}

/// The byte offset within `line` of column `col`. Columns past the end of the
/// line's content, or inside a character, snap as the LSP specification asks.
pub fn byte_of(line: &str, col: u32, enc: Encoding) -> usize {
    let content = line.trim_end_matches(['\n', '\r']);
    match enc {
        Encoding::Utf8 => {
            let mut b = (col as usize).min(content.len());
            while !content.is_char_boundary(b) {
                b -= 1;
            }
            b
        }
        Encoding::Utf16 => {
            let mut units = 0u32;
            for (i, c) in content.char_indices() {
                let next = units + c.len_utf16() as u32;
                if next > col {
                    return i;
                }
                units = next;
            }
            content.len()
        }
    }
}

/// Line starts of a text, for converting between offsets and positions.
///
/// Offsets are kept in 32 bits, boxed without growth slack: every article
/// keeps one, and texts are under 4 GiB (see [`crate::text::Sentence`]).
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub struct LineIndex {
    starts: Box<[u32]>,
    len: u32,
}

impl LineIndex {
    pub fn new(text: &str) -> LineIndex {
        // Line breaks as LSP counts them: `\n`, `\r\n` and a lone `\r`.
        let bytes = text.as_bytes();
        debug_assert!(text.len() <= u32::MAX as usize);
        let mut starts = vec![0];
        for (i, &b) in bytes.iter().enumerate() {
            if b == b'\n' || (b == b'\r' && bytes.get(i + 1) != Some(&b'\n')) {
                starts.push(i as u32 + 1);
            }
        }
        LineIndex {
            starts: starts.into_boxed_slice(),
            len: text.len() as u32,
        }
    }

    pub fn line_count(&self) -> usize {
        self.starts.len()
    }

    /// Byte span of line `line` including its line break.
    pub fn line_span(&self, line: usize) -> std::ops::Range<usize> {
        let start = self.starts.get(line).copied().unwrap_or(self.len);
        let end = self.starts.get(line + 1).copied().unwrap_or(self.len);
        start as usize..end as usize
    }

    /// The line holding byte offset `offset` (the last line past the end).
    pub fn line_of(&self, offset: usize) -> usize {
        let offset = offset.min(self.len()) as u32;
        self.starts.partition_point(|&s| s <= offset) - 1
    }

    /// The text's length in bytes.
    fn len(&self) -> usize {
        self.len as usize
    }

    /// The position of byte offset `offset` in `text`.
    pub fn position(&self, text: &str, offset: usize, enc: Encoding) -> LineCol {
        let offset = offset.min(self.len());
        let line = self.line_of(offset);
        let span = self.line_span(line);
        LineCol {
            line: line as u32,
            col: col_of(&text[span.clone()], offset - span.start, enc),
        }
    }

    /// The byte offset of a position in `text`; a line past the end is the end.
    pub fn offset(&self, text: &str, pos: LineCol, enc: Encoding) -> usize {
        let line = pos.line as usize;
        if line >= self.starts.len() {
            return self.len();
        }
        let span = self.line_span(line);
        span.start + byte_of(&text[span], pos.col, enc)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utf16_counts_surrogate_pairs() {
        let text = "a😀b\nsecond é line\n";
        let idx = LineIndex::new(text);
        let b = text.find('b').unwrap();
        assert_eq!(
            idx.position(text, b, Encoding::Utf16),
            LineCol { line: 0, col: 3 }
        );
        assert_eq!(
            idx.position(text, b, Encoding::Utf8),
            LineCol { line: 0, col: 5 }
        );
        assert_eq!(
            idx.offset(text, LineCol { line: 0, col: 3 }, Encoding::Utf16),
            b
        );
        // Inside the surrogate pair snaps to the emoji's start.
        assert_eq!(
            idx.offset(text, LineCol { line: 0, col: 2 }, Encoding::Utf16),
            1
        );
        let l = text.find("line").unwrap();
        assert_eq!(
            idx.position(text, l, Encoding::Utf16),
            LineCol { line: 1, col: 9 }
        );
    }

    #[test]
    fn lone_carriage_returns_break_lines() {
        let text = "a\rb\r\nc";
        let idx = LineIndex::new(text);
        assert_eq!(idx.line_count(), 3);
        assert_eq!(
            idx.position(text, 2, Encoding::Utf8),
            LineCol { line: 1, col: 0 }
        );
        assert_eq!(
            idx.offset(text, LineCol { line: 2, col: 0 }, Encoding::Utf8),
            5
        );
    }

    #[test]
    fn out_of_range_positions_snap() {
        let text = "ab\r\ncd";
        let idx = LineIndex::new(text);
        assert_eq!(
            idx.offset(text, LineCol { line: 0, col: 99 }, Encoding::Utf16),
            2
        );
        assert_eq!(
            idx.offset(text, LineCol { line: 7, col: 0 }, Encoding::Utf16),
            6
        );
        assert_eq!(
            idx.position(text, 99, Encoding::Utf8),
            LineCol { line: 1, col: 2 }
        );
    }

    #[test]
    fn round_trip_every_char_boundary() {
        let text = "x😀y\n\u{10348}é\r\nz";
        let idx = LineIndex::new(text);
        for enc in [Encoding::Utf8, Encoding::Utf16] {
            for (i, _) in text.char_indices() {
                if text[..i].ends_with('\r') {
                    continue; // between \r and \n is past the line's content
                }
                let p = idx.position(text, i, enc);
                assert_eq!(idx.offset(text, p, enc), i, "{enc:?} at {i}");
            }
        }
    }
}
