//! The word-level difference between a source passage and the note's quote,
//! shown as `"ready to fight" → "willing to fight"` (source words first),
//! with one word of context around each change. The diff itself is
//! `similar`'s Myers diff over normalised words.

use similar::{capture_diff_slices, Algorithm, DiffOp};

/// A word as compared (`norm`) and as shown.
#[derive(Debug, Clone)]
pub struct Shown {
    pub norm: String,
    pub shown: String,
}

/// Changes between `source` and `note` words, one `"a" → "b"` per change;
/// empty when they agree.
pub fn changes(source: &[Shown], note: &[Shown]) -> Vec<String> {
    let a: Vec<&str> = source.iter().map(|w| w.norm.as_str()).collect();
    let b: Vec<&str> = note.iter().map(|w| w.norm.as_str()).collect();
    let ops = capture_diff_slices(Algorithm::Myers, &a, &b);
    let mut out = Vec::new();
    let mut k = 0;
    while k < ops.len() {
        if matches!(ops[k], DiffOp::Equal { .. }) {
            k += 1;
            continue;
        }
        // A run of adjacent changes forms one hunk.
        let first = k;
        while k < ops.len() && !matches!(ops[k], DiffOp::Equal { .. }) {
            k += 1;
        }
        let (s0, n0) = (ops[first].old_range().start, ops[first].new_range().start);
        let (s1, n1) = (ops[k - 1].old_range().end, ops[k - 1].new_range().end);
        // One word of context on each side, when there is one.
        let (cs, cn) = if s0 > 0 && n0 > 0 {
            (s0 - 1, n0 - 1)
        } else {
            (s0, n0)
        };
        let (ce, cne) = if s1 < a.len() && n1 < b.len() {
            (s1 + 1, n1 + 1)
        } else {
            (s1, n1)
        };
        let show = |ws: &[Shown]| {
            ws.iter()
                .map(|w| w.shown.as_str())
                .collect::<Vec<_>>()
                .join(" ")
        };
        out.push(format!(
            "\"{}\" → \"{}\"",
            show(&source[cs..ce]),
            show(&note[cn..cne])
        ));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn shown(s: &str) -> Vec<Shown> {
        s.split(' ')
            .map(|w| Shown {
                norm: w.to_lowercase(),
                shown: w.to_string(),
            })
            .collect()
    }

    #[test]
    fn one_word_changed() {
        assert_eq!(
            changes(
                &shown("the group is ready to fight the wing"),
                &shown("the group is willing to fight the wing")
            ),
            ["\"is ready to\" → \"is willing to\""]
        );
    }

    #[test]
    fn dropped_and_added_words_at_the_edges() {
        assert_eq!(
            changes(
                &shown("lift sanctions restrictions and return"),
                &shown("lift sanctions and return")
            ),
            ["\"sanctions restrictions and\" → \"sanctions and\""]
        );
        assert_eq!(
            changes(&shown("a b c"), &shown("x b c")),
            ["\"a b\" → \"x b\""]
        );
        assert!(changes(&shown("a b c"), &shown("A b c")).is_empty());
    }
}
