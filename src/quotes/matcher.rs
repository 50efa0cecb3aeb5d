//! Aligning a quote segment with source words: semi-global word-level edit
//! distance (the quote must be used whole, the source passage may start and
//! end anywhere), where a bracketed insertion matches up to a few source
//! words for free.

/// One element of a segment, as word ids of the index's vocabulary.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Elem {
    /// A word (its id; `NO_WORD` if the corpus never uses it).
    Word(u32),
    /// A bracketed insertion standing for up to this many source words.
    Wild(usize),
}

/// Id for a word the corpus does not have: matches nothing.
pub const NO_WORD: u32 = u32::MAX;

/// One step of an alignment, in order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Op {
    /// Quote word = source word.
    Same,
    /// Quote word in place of a different source word.
    Sub,
    /// Quote word the source does not have.
    NoteOnly,
    /// Source word the quote left out.
    SourceOnly,
    /// A bracketed insertion over this many source words.
    Wild(usize),
}

/// Where a segment aligned: source word positions `start..end`, the number
/// of word edits, and the steps.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Aligned {
    pub start: usize,
    pub end: usize,
    pub cost: u32,
    pub ops: Vec<Op>,
}

/// Equally good ends compared by passage length at most (beyond, the
/// quote matches nowhere in particular and the first will do).
const MAX_TIES: usize = 32;

const FROM_DIAG: u8 = 0;
const FROM_UP: u8 = 1; // NoteOnly
const FROM_LEFT: u8 = 2; // SourceOnly

/// Length in source words of the alignment ending at column `end`, and
/// how many of the quote's words it matches exactly (`same(i, j)`: quote
/// element `i` is source word `j`, both counted from 1).
fn passage_len(
    back: &[u8],
    cols: usize,
    m: usize,
    end: usize,
    same: impl Fn(usize, usize) -> bool,
) -> (usize, usize) {
    let (mut i, mut j) = (m, end);
    let mut matched = 0;
    while i > 0 {
        match back[i * cols + j] {
            FROM_DIAG => {
                matched += usize::from(same(i, j));
                i -= 1;
                j -= 1;
            }
            FROM_UP => i -= 1,
            FROM_LEFT => j -= 1,
            k => {
                i -= 1;
                j -= (k - 3) as usize;
            }
        }
    }
    (end - j, matched)
}

/// The least cost of aligning `seg` anywhere inside `src[lo..hi]`: the same
/// recurrence as [`align`], on two rolling rows and without the traceback,
/// so that a hopeless candidate is rejected cheaply.
pub fn least_cost(seg: &[Elem], src: &[u32], lo: usize, hi: usize) -> Option<u32> {
    let hi = hi.min(src.len());
    if seg.is_empty() || lo >= hi {
        return None;
    }
    let w = hi - lo;
    let mut up = vec![0u32; w + 1];
    let mut row = vec![0u32; w + 1];
    for el in seg {
        match *el {
            Elem::Wild(max) => {
                for j in 0..=w {
                    row[j] = (0..=max.min(j)).map(|k| up[j - k]).min().unwrap_or(up[j]);
                }
            }
            Elem::Word(word) => {
                row[0] = up[0] + 1;
                for j in 1..=w {
                    let same = src[lo + j - 1] == word && word != NO_WORD;
                    let diag = up[j - 1] + u32::from(!same);
                    row[j] = diag.min(up[j] + 1).min(row[j - 1] + 1);
                }
            }
        }
        std::mem::swap(&mut up, &mut row);
    }
    up.into_iter().min()
}

/// Best alignment of `seg` inside `src[lo..hi]` if it costs at most `bound`
/// edits; ties go to the leftmost, then the shortest passage.
pub fn align_within(
    seg: &[Elem],
    src: &[u32],
    lo: usize,
    hi: usize,
    bound: u32,
) -> Option<Aligned> {
    if least_cost(seg, src, lo, hi)? > bound {
        return None;
    }
    align(seg, src, lo, hi)
}

/// Best alignment of `seg` inside `src[lo..hi]`; ties go to the leftmost,
/// then the shortest passage.
pub fn align(seg: &[Elem], src: &[u32], lo: usize, hi: usize) -> Option<Aligned> {
    let hi = hi.min(src.len());
    if seg.is_empty() || lo >= hi {
        return None;
    }
    let m = seg.len();
    let w = hi - lo;
    let cols = w + 1;
    let mut cost = vec![0u32; (m + 1) * cols];
    let mut back = vec![0u8; (m + 1) * cols];
    for i in 1..=m {
        let row = i * cols;
        let up = (i - 1) * cols;
        match seg[i - 1] {
            Elem::Wild(max) => {
                for j in 0..=w {
                    let mut best = (cost[up + j], 0usize);
                    for k in 1..=max.min(j) {
                        if cost[up + j - k] < best.0 {
                            best = (cost[up + j - k], k);
                        }
                    }
                    cost[row + j] = best.0;
                    back[row + j] = 3 + best.1 as u8;
                }
            }
            Elem::Word(word) => {
                cost[row] = cost[up] + 1;
                back[row] = FROM_UP;
                for j in 1..=w {
                    let same = src[lo + j - 1] == word && word != NO_WORD;
                    let diag = cost[up + j - 1] + u32::from(!same);
                    let upc = cost[up + j] + 1;
                    let left = cost[row + j - 1] + 1;
                    let (c, b) = if diag <= upc && diag <= left {
                        (diag, FROM_DIAG)
                    } else if upc <= left {
                        (upc, FROM_UP)
                    } else {
                        (left, FROM_LEFT)
                    };
                    cost[row + j] = c;
                    back[row + j] = b;
                }
            }
        }
    }
    let last = m * cols;
    let best = (0..=w).map(|j| cost[last + j]).min()?;
    // Among the best ends, the passage matching most of the quote's words
    // ("pursue other opportunities" against "pursue other career
    // opportunities" leaves out a word; it does not replace the last one),
    // then the one closest in length to the quote: "less is more"
    // misquoted "more is less" is two substitutions, not a shorter passage
    // with two words added.
    let ties: Vec<usize> = (0..=w).filter(|&j| cost[last + j] == best).collect();
    let same = |i: usize, j: usize| matches!(seg[i - 1], Elem::Word(wd) if wd == src[lo + j - 1] && wd != NO_WORD);
    let end = if ties.len() > MAX_TIES {
        ties[0]
    } else {
        *ties.iter().min_by_key(|&&j| {
            let (len, matched) = passage_len(&back, cols, m, j, same);
            (std::cmp::Reverse(matched), len.abs_diff(m), j)
        })?
    };
    // Trace back.
    let mut ops = Vec::with_capacity(m + 4);
    let (mut i, mut j) = (m, end);
    while i > 0 {
        let b = back[i * cols + j];
        match b {
            FROM_DIAG => {
                ops.push(if same(i, j) { Op::Same } else { Op::Sub });
                i -= 1;
                j -= 1;
            }
            FROM_UP => {
                ops.push(Op::NoteOnly);
                i -= 1;
            }
            FROM_LEFT => {
                ops.push(Op::SourceOnly);
                j -= 1;
            }
            k => {
                let k = (k - 3) as usize;
                ops.push(Op::Wild(k));
                i -= 1;
                j -= k;
            }
        }
    }
    ops.reverse();
    // Leading/trailing source-only steps are outside the passage.
    let mut start = j;
    let mut end = end;
    while ops.first() == Some(&Op::SourceOnly) {
        ops.remove(0);
        start += 1;
    }
    while ops.last() == Some(&Op::SourceOnly) {
        ops.pop();
        end -= 1;
    }
    Some(Aligned {
        start: lo + start,
        end: lo + end,
        cost: best,
        ops,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn least_cost_agrees_with_align() {
        let src: Vec<u32> = vec![5, 1, 2, 3, 4, 9, 1, 2, 7, 4, 8];
        let segs: [Vec<Elem>; 4] = [
            vec![Elem::Word(1), Elem::Word(2), Elem::Word(3), Elem::Word(4)],
            vec![Elem::Word(1), Elem::Word(2), Elem::Wild(2), Elem::Word(4)],
            vec![Elem::Word(6), Elem::Word(7), Elem::Word(8)],
            vec![Elem::Word(2), Elem::Word(7)],
        ];
        for seg in &segs {
            for (lo, hi) in [(0, src.len()), (3, 9), (6, 11)] {
                let full = align(seg, &src, lo, hi).map(|a| a.cost);
                assert_eq!(least_cost(seg, &src, lo, hi), full, "{seg:?} {lo}..{hi}");
                let c = full.unwrap();
                assert!(align_within(seg, &src, lo, hi, c).is_some());
                assert!(c == 0 || align_within(seg, &src, lo, hi, c - 1).is_none());
            }
        }
    }

    fn w(ids: &[u32]) -> Vec<Elem> {
        ids.iter().map(|&i| Elem::Word(i)).collect()
    }

    #[test]
    fn exact_inside_a_longer_text() {
        let src = [9, 1, 2, 3, 4, 9];
        let a = align(&w(&[1, 2, 3, 4]), &src, 0, src.len()).unwrap();
        assert_eq!((a.start, a.end, a.cost), (1, 5, 0));
    }

    #[test]
    fn substitution_insertion_and_deletion() {
        let src = [9, 1, 2, 3, 4, 5, 9];
        let a = align(&w(&[1, 7, 3, 4, 5]), &src, 0, src.len()).unwrap();
        assert_eq!((a.start, a.end, a.cost), (1, 6, 1));
        assert_eq!(a.ops[1], Op::Sub);
        let a = align(&w(&[1, 2, 4, 5]), &src, 0, src.len()).unwrap();
        assert_eq!(a.cost, 1);
        assert!(a.ops.contains(&Op::SourceOnly));
        let a = align(&w(&[1, 2, 8, 3, 4]), &src, 0, src.len()).unwrap();
        assert_eq!(a.cost, 1);
        assert!(a.ops.contains(&Op::NoteOnly));
    }

    #[test]
    fn a_word_left_out_before_the_last_is_not_a_substitution() {
        // source "to pursue other career opportunities .", quote "to pursue
        // other opportunities": the passage ends at "opportunities".
        let src = [1, 2, 3, 4, 5, 6];
        let a = align(&w(&[1, 2, 3, 5]), &src, 0, src.len()).unwrap();
        assert_eq!((a.start, a.end, a.cost), (0, 5, 1));
        assert_eq!(a.ops[3], Op::SourceOnly);
    }

    #[test]
    fn swapped_words_align_over_the_whole_passage() {
        // source "think less is more", quote "think more is less"
        let src = [9, 1, 2, 3, 4, 9];
        let a = align(&w(&[1, 4, 3, 2]), &src, 0, src.len()).unwrap();
        assert_eq!((a.start, a.end, a.cost), (1, 5, 2));
    }

    #[test]
    fn wildcards_absorb_a_few_source_words() {
        let src = [9, 1, 2, 3, 4, 5, 9];
        let seg = vec![Elem::Word(1), Elem::Wild(3), Elem::Word(4), Elem::Word(5)];
        let a = align(&seg, &src, 0, src.len()).unwrap();
        assert_eq!((a.start, a.end, a.cost), (1, 6, 0));
        assert_eq!(a.ops[1], Op::Wild(2));
        let seg = vec![Elem::Wild(3), Elem::Word(2), Elem::Word(3)];
        let a = align(&seg, &src, 0, src.len()).unwrap();
        assert_eq!(a.cost, 0);
    }
}
