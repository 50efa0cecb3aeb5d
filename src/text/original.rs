//! `Original`: an original text kept beside its folded form without a second
//! copy of what folding left unchanged.
//!
//! Folding copies most of a text verbatim (see [`super::offsets`]); only
//! line breaks, markup, entities and folded characters differ. So the
//! original is kept as *stretches* that tile it in order: a stretch copied
//! verbatim is read from the folded text, and only the bytes folding did not
//! copy are stored, in a small residue. For a plain-text article the residue
//! is its blank lines and a few curly quotes — a few percent of the text.

use std::borrow::Cow;
use std::ops::Range;

use super::offsets::OffsetMap;

/// Where a stretch's bytes are: this bit set means the residue, clear the
/// folded text; the other bits are the offset there.
const IN_RESIDUE: u32 = 1 << 31;

#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
struct Stretch {
    /// Where the stretch starts in the original; it ends where the next
    /// one starts.
    orig: u32,
    /// Where its bytes start, in the folded text or the residue.
    at: u32,
}

impl Stretch {
    fn in_residue(self) -> bool {
        self.at & IN_RESIDUE != 0
    }

    fn offset(self) -> usize {
        (self.at & !IN_RESIDUE) as usize
    }
}

/// An original text, read through its folded text. Built by
/// [`Original::new`]; every read takes the folded text it was built with.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Original {
    /// Boxed, not `Vec` and `String`: every article keeps one, and a box is
    /// 8 bytes smaller and has no growth slack.
    stretches: Box<[Stretch]>,
    residue: Box<str>,
    len: u32,
}

impl Original {
    /// Keeps `raw`, which `map` maps `folded` back to, as stretches of
    /// `folded` and a residue. Texts of 2 GiB or more are kept whole (the
    /// offsets are 31-bit).
    pub fn new(raw: &str, folded: &str, map: &OffsetMap) -> Original {
        if raw.len() >= IN_RESIDUE as usize || folded.len() >= IN_RESIDUE as usize {
            return Original::whole(raw);
        }
        let mut runs: Vec<(usize, usize, usize)> = map
            .verbatim_runs()
            .filter(|&(orig, out, len)| {
                len > 0 && raw.get(orig..orig + len) == folded.get(out..out + len)
            })
            .collect();
        runs.sort_unstable_by_key(|&(orig, _, _)| orig);
        let mut stretches = Vec::with_capacity(2 * runs.len() + 1);
        let mut residue = String::new();
        let mut push_residue = |stretches: &mut Vec<Stretch>, bytes: &str, orig: usize| {
            stretches.push(Stretch {
                orig: orig as u32,
                at: residue.len() as u32 | IN_RESIDUE,
            });
            residue.push_str(bytes);
        };
        let mut cursor = 0;
        for (orig, out, len) in runs {
            let end = orig + len;
            if end <= cursor {
                continue;
            }
            if orig > cursor {
                push_residue(&mut stretches, &raw[cursor..orig], cursor);
            }
            let start = orig.max(cursor);
            stretches.push(Stretch {
                orig: start as u32,
                at: (out + start - orig) as u32,
            });
            cursor = end;
        }
        if cursor < raw.len() {
            push_residue(&mut stretches, &raw[cursor..], cursor);
        }
        Original {
            stretches: stretches.into_boxed_slice(),
            residue: residue.into_boxed_str(),
            len: raw.len() as u32,
        }
    }

    /// `raw` kept entirely as residue.
    fn whole(raw: &str) -> Original {
        Original {
            stretches: Box::new([Stretch {
                orig: 0,
                at: IN_RESIDUE,
            }]),
            residue: raw.into(),
            len: raw.len().min(u32::MAX as usize) as u32,
        }
    }

    /// The original's length in bytes.
    pub fn len(&self) -> usize {
        self.len as usize
    }

    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// The bytes of stretch `i` that fall in `r`, as text.
    fn stretch_text<'a>(&'a self, folded: &'a str, i: usize, r: &Range<usize>) -> &'a str {
        let s = self.stretches[i];
        let start = s.orig as usize;
        let end = self
            .stretches
            .get(i + 1)
            .map_or(self.len as usize, |n| n.orig as usize);
        let (lo, hi) = (r.start.max(start), r.end.min(end));
        let source = if s.in_residue() {
            &*self.residue
        } else {
            folded
        };
        let at = s.offset() + lo - start;
        &source[at..at + hi - lo]
    }

    /// The original text of `r`, like `str::get`: `None` when `r` is out of
    /// bounds or not on character boundaries. Borrowed when `r` lies in one
    /// stretch.
    pub fn get<'a>(&'a self, folded: &'a str, r: Range<usize>) -> Option<Cow<'a, str>> {
        if r.start > r.end || r.end > self.len() {
            return None;
        }
        if !self.is_char_boundary(folded, r.start) || !self.is_char_boundary(folded, r.end) {
            return None;
        }
        if r.is_empty() {
            return Some(Cow::Borrowed(""));
        }
        let first = self.stretch_of(r.start);
        let last = self.stretch_of(r.end - 1);
        if first == last {
            return Some(Cow::Borrowed(self.stretch_text(folded, first, &r)));
        }
        let mut out = String::with_capacity(r.len());
        for i in first..=last {
            out.push_str(self.stretch_text(folded, i, &r));
        }
        Some(Cow::Owned(out))
    }

    /// The whole original text.
    pub fn text<'a>(&'a self, folded: &'a str) -> Cow<'a, str> {
        self.get(folded, 0..self.len()).unwrap_or_default()
    }

    /// Does a character start at original offset `at` (or is it the end)?
    pub fn is_char_boundary(&self, folded: &str, at: usize) -> bool {
        if at == 0 || at == self.len() {
            return true;
        }
        if at > self.len() {
            return false;
        }
        let s = self.stretches[self.stretch_of(at)];
        let source = if s.in_residue() {
            self.residue.as_bytes()
        } else {
            folded.as_bytes()
        };
        let byte = source[s.offset() + at - s.orig as usize];
        // A UTF-8 continuation byte is 0b10xx_xxxx.
        (byte as i8) >= -0x40
    }

    /// The index of the stretch holding original offset `at` (< len).
    fn stretch_of(&self, at: usize) -> usize {
        self.stretches.partition_point(|s| s.orig as usize <= at) - 1
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::{fold, LineBreaks};

    fn kept(raw: &str) -> (crate::text::Folded, Original) {
        let f = fold(raw, LineBreaks::Paragraph);
        let o = Original::new(raw, &f.text, &f.map);
        (f, o)
    }

    #[test]
    fn every_range_reads_as_the_original() {
        let raw = "# T\u{2019}itle\n\nBy [Jane](#x) &amp; “co” — 5\u{a0}m…\r\n\nLast é line";
        let (f, o) = kept(raw);
        assert_eq!(o.len(), raw.len());
        assert_eq!(o.text(&f.text), raw);
        for a in 0..=raw.len() {
            for b in a..=raw.len() {
                assert_eq!(o.get(&f.text, a..b).as_deref(), raw.get(a..b), "{a}..{b}");
            }
            assert_eq!(o.is_char_boundary(&f.text, a), raw.is_char_boundary(a));
        }
        assert_eq!(o.get(&f.text, 3..raw.len() + 1), None);
    }

    #[test]
    fn plain_text_keeps_only_what_folding_changed() {
        let raw = "Title\n\nFirst paragraph, long enough.\n\nSecond one, “quoted”.\n";
        let (f, o) = kept(raw);
        assert_eq!(o.text(&f.text), raw);
        // The blank lines and the curly quotes.
        assert_eq!(&*o.residue, "\n\n\n\n“”\n");
        assert!(matches!(
            o.get(&f.text, 7..12),
            Some(Cow::Borrowed("First"))
        ));
    }

    #[test]
    fn empty_text() {
        let (f, o) = kept("");
        assert!(o.is_empty());
        assert_eq!(o.text(&f.text), "");
        assert_eq!(o.get(&f.text, 0..0).as_deref(), Some(""));
    }
}
