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
        // Changes one equal word apart read as one ("less is more" → "more
        // is less").
        let first = k;
        loop {
            while k < ops.len() && !matches!(ops[k], DiffOp::Equal { .. }) {
                k += 1;
            }
            let short_gap = matches!(ops.get(k), Some(DiffOp::Equal { len: 1, .. }))
                && ops.get(k + 1).is_some();
            if !short_gap {
                break;
            }
            k += 1;
        }
        let (s0, n0) = (ops[first].old_range().start, ops[first].new_range().start);
        let (s1, n1) = (ops[k - 1].old_range().end, ops[k - 1].new_range().end);
        // Context: a changed word is shown with the two words after it
        // ("ready to fight"); a dropped or added run with a word each side.
        let one_sided = s0 == s1 || n0 == n1;
        let before = usize::from(one_sided).min(s0).min(n0);
        let after = (if one_sided { 1 } else { 2 })
            .min(a.len() - s1)
            .min(b.len() - n1);
        let before = if after == 0 && !one_sided {
            2.min(s0).min(n0)
        } else {
            before
        };
        let (cs, cn) = (s0 - before, n0 - before);
        let (ce, cne) = (s1 + after, n1 + after);
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
            ["\"ready to fight\" → \"willing to fight\""]
        );
    }

    #[test]
    fn changes_one_word_apart_are_one() {
        assert_eq!(
            changes(
                &shown("i think less is more"),
                &shown("i think more is less")
            ),
            ["\"i think less is more\" → \"i think more is less\""]
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
            ["\"a b c\" → \"x b c\""]
        );
        assert_eq!(
            changes(&shown("a b c"), &shown("a b x")),
            ["\"a b c\" → \"a b x\""]
        );
        assert!(changes(&shown("a b c"), &shown("A b c")).is_empty());
    }
}
