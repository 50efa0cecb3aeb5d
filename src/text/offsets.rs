//! `OffsetMap`: maps byte offsets in a normalised text back to the original.
//!
//! Normalisation mostly copies text verbatim, so the map stores *pieces*, not
//! one entry per byte: a run copied verbatim maps offset for offset, a replaced
//! unit (`&#163;` → `£`, `’` → `'`) maps as a whole onto its original span, and
//! original text that was dropped (Markdown link targets, emphasis markers) is a
//! gap between pieces. Memory is proportional to the number of edits, not to
//! the length of the text.

use std::ops::Range;

#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
struct Piece {
    /// Where the piece starts in the normalised text.
    out: u32,
    /// Where its original starts.
    orig: u32,
    /// [`VERBATIM`] for a verbatim run; else the length of the original
    /// bytes a unit replaced. (Not an `Option`: that would make a piece 16
    /// bytes, not 12.)
    replaced: u32,
}

/// [`Piece::replaced`] of a verbatim run: no replaced span is that long, as
/// texts are under 4 GiB.
const VERBATIM: u32 = u32::MAX;

impl Piece {
    /// `None` for a verbatim run; `Some(len)` for a unit that replaced `len`
    /// original bytes.
    fn replaced(&self) -> Option<u32> {
        (self.replaced != VERBATIM).then_some(self.replaced)
    }
}

/// Maps normalised offsets to original offsets. Built by [`OffsetMapBuilder`].
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct OffsetMap {
    /// Boxed, not a `Vec`: every article keeps one, and a box is 8 bytes
    /// smaller.
    pieces: Box<[Piece]>,
    out_len: u32,
    orig_len: u32,
}

impl OffsetMap {
    /// The identity map over a text of `len` bytes.
    pub fn identity(len: usize) -> OffsetMap {
        let mut b = OffsetMapBuilder::default();
        b.verbatim(0, len);
        b.finish(len)
    }

    /// Length of the normalised text this map covers.
    pub fn out_len(&self) -> usize {
        self.out_len as usize
    }

    /// The runs copied verbatim, as `(original start, normalised start,
    /// length)`, in normalised order.
    pub fn verbatim_runs(&self) -> impl Iterator<Item = (usize, usize, usize)> + '_ {
        self.pieces.iter().enumerate().filter_map(|(i, p)| {
            let end = self.pieces.get(i + 1).map_or(self.out_len, |n| n.out);
            p.replaced()
                .is_none()
                .then(|| (p.orig as usize, p.out as usize, (end - p.out) as usize))
        })
    }

    fn piece_before(&self, pos: u32) -> Option<&Piece> {
        // Last piece whose start is <= pos.
        let idx = self.pieces.partition_point(|p| p.out <= pos);
        idx.checked_sub(1).map(|i| &self.pieces[i])
    }

    /// The original offset where the character at normalised `pos` starts.
    pub fn start_to_original(&self, pos: usize) -> usize {
        let pos = pos.min(self.out_len as usize) as u32;
        if pos == self.out_len {
            return self.end_to_original(pos as usize);
        }
        match self.piece_before(pos) {
            None => 0,
            Some(p) => match p.replaced() {
                None => (p.orig + (pos - p.out)) as usize,
                Some(_) => p.orig as usize,
            },
        }
    }

    /// The original offset where a range ending at normalised `pos` ends.
    pub fn end_to_original(&self, pos: usize) -> usize {
        let pos = pos.min(self.out_len as usize) as u32;
        if pos == 0 {
            return self.pieces.first().map_or(0, |p| p.orig as usize);
        }
        match self.piece_before(pos - 1) {
            None => 0,
            Some(p) => match p.replaced() {
                None => (p.orig + (pos - p.out)) as usize,
                Some(len) => (p.orig + len) as usize,
            },
        }
    }

    /// The original span of a normalised range.
    pub fn range_to_original(&self, r: Range<usize>) -> Range<usize> {
        if r.is_empty() {
            let s = self.start_to_original(r.start);
            return s..s;
        }
        self.start_to_original(r.start)..self.end_to_original(r.end)
    }

    /// The normalised offset of an original offset (the first normalised
    /// position whose original start is at or after `orig`).
    pub fn from_original(&self, orig: usize) -> usize {
        let orig = orig.min(self.orig_len as usize) as u32;
        let idx = self.pieces.partition_point(|p| p.orig <= orig);
        let Some(p) = idx.checked_sub(1).map(|i| &self.pieces[i]) else {
            return 0;
        };
        let next_out = self.pieces.get(idx).map_or(self.out_len, |n| n.out);
        match p.replaced() {
            None => (p.out + (orig - p.orig)).min(next_out) as usize,
            Some(len) if orig >= p.orig + len => next_out as usize,
            Some(_) => p.out as usize,
        }
    }
}

/// Builds an [`OffsetMap`] while normalised text is appended in order.
#[derive(Debug, Default)]
pub struct OffsetMapBuilder {
    pieces: Vec<Piece>,
    out: u32,
}

impl OffsetMapBuilder {
    /// Normalised bytes written so far.
    pub fn out_len(&self) -> usize {
        self.out as usize
    }

    /// Records `len` bytes copied verbatim from original offset `orig`.
    pub fn verbatim(&mut self, orig: usize, len: usize) {
        if len == 0 {
            return;
        }
        let (orig, len) = (orig as u32, len as u32);
        if let Some(last) = self.pieces.last() {
            // Extend the previous verbatim run when it continues seamlessly.
            if last.replaced == VERBATIM && last.orig + (self.out - last.out) == orig {
                self.out += len;
                return;
            }
        }
        self.pieces.push(Piece {
            out: self.out,
            orig,
            replaced: VERBATIM,
        });
        self.out += len;
    }

    /// Records `out_len` normalised bytes that replace the original span `orig`.
    pub fn replaced(&mut self, orig: Range<usize>, out_len: usize) {
        if out_len == 0 {
            return;
        }
        self.pieces.push(Piece {
            out: self.out,
            orig: orig.start as u32,
            replaced: (orig.end - orig.start) as u32,
        });
        self.out += out_len as u32;
    }

    /// The map, its pieces exactly as many as they need to be (an article
    /// keeps it).
    pub fn finish(self, orig_len: usize) -> OffsetMap {
        OffsetMap {
            pieces: self.pieces.into_boxed_slice(),
            out_len: self.out,
            orig_len: orig_len as u32,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn identity_maps_every_offset_to_itself() {
        let m = OffsetMap::identity(10);
        for i in 0..=10 {
            assert_eq!(m.start_to_original(i), i);
            assert_eq!(m.end_to_original(i), i);
            assert_eq!(m.from_original(i), i);
        }
    }

    #[test]
    fn replaced_units_and_gaps() {
        // original: "a&#163;b[c](#)d"  normalised: "a£bcd"
        let mut b = OffsetMapBuilder::default();
        b.verbatim(0, 1); // a
        b.replaced(1..7, 2); // £ (2 bytes) for &#163;
        b.verbatim(7, 1); // b
        b.verbatim(9, 1); // c (the "[" dropped)
        b.verbatim(14, 1); // d (the "](#)" dropped)
        let m = b.finish(15);
        assert_eq!(m.out_len(), 6);
        assert_eq!(m.range_to_original(1..3), 1..7);
        assert_eq!(m.range_to_original(4..5), 9..10); // "c" exactly, not "c](#)"
        assert_eq!(m.range_to_original(0..6), 0..15);
        assert_eq!(m.start_to_original(2), 1); // inside £
        assert_eq!(m.from_original(7), 3);
        assert_eq!(m.from_original(3), 1); // inside the entity
        assert_eq!(m.from_original(11), 5); // inside dropped "](#)": next kept char
    }
}
