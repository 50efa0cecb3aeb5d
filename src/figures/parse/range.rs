//! Figures joined or bent after the fact: ranges ("between 3% and 5%",
//! "$1.3bn to $1.5bn", "30 to 40 firms") and qualifiers written after the
//! number ("100 or more", "100,000 or so").

use std::borrow::Cow;

use super::{is_precise, qualified, qualified_share, Dim, Figure, Interval, Qualifier, Token};

/// "100 or more", "50 or fewer", "100,000 or so".
pub(super) fn suffix_qualifiers(
    toks: &[Token],
    lows: &[Cow<str>],
    mut figs: Vec<Figure>,
) -> Vec<Figure> {
    let low = |i: usize| lows.get(i).map_or("", |l| l.as_ref());
    for f in &mut figs {
        if f.dim == Dim::Date || f.interval.hi.is_infinite() || !f.precise {
            continue;
        }
        let e = f.tokens.end;
        if low(e) != "or" {
            continue;
        }
        let q = match low(e + 1) {
            "more" | "above" | "over" | "greater" | "higher" => Qualifier::AtLeast,
            "less" | "fewer" | "under" | "below" | "lower" => Qualifier::AtMost,
            "so" | "thereabouts" => Qualifier::About,
            _ => continue,
        };
        let unit = f.interval.hi - f.interval.lo;
        f.interval = if f.dim == Dim::Share {
            qualified_share(f.value, Some(q))
        } else {
            qualified(f.value, unit.max(f64::MIN_POSITIVE), Some(q))
        };
        f.loose = f.interval;
        f.precise = is_precise(Some(q));
        f.tokens.end = e + 2;
        f.span.end = toks[e + 1].span.end;
    }
    figs
}

/// Two figures of one kind joined as a range: "between 3% and 5%",
/// "$1.3bn to $1.5bn", "30 to 40 firms", "10-15" (but not "from 70% to
/// 49%" or "rose 15% to 20%": a change's start and end).
pub(super) fn ranges(toks: &[Token], lows: &[Cow<str>], figs: Vec<Figure>) -> Vec<Figure> {
    let low = |i: usize| lows.get(i).map_or("", |l| l.as_ref());
    let mut out: Vec<Figure> = Vec::with_capacity(figs.len());
    for f in figs {
        if let Some(prev) = out.last() {
            let gap: Vec<&str> = (prev.tokens.end..f.tokens.start).map(low).collect();
            let before = prev.tokens.start.checked_sub(1).map_or("", low);
            let change = before == "from"
                || before == "by"
                || (before.ends_with("ed") && before.len() > 3)
                || matches!(
                    before,
                    "rose" | "fell" | "grew" | "rise" | "fall" | "up" | "down"
                );
            let joined = match gap.as_slice() {
                ["and"] => before == "between",
                ["to"] | ["-"] => !change,
                _ => false,
            };
            if joined
                && prev.dim == f.dim
                && f.dim != Dim::Date
                && prev.precise
                && f.precise
                && f.value > prev.value
            {
                let prev = out.pop().expect("checked");
                let start = if before == "between" {
                    prev.tokens.start - 1
                } else {
                    prev.tokens.start
                };
                out.push(Figure {
                    span: toks[start].span.start..f.span.end,
                    tokens: start..f.tokens.end,
                    interval: Interval::closed(prev.interval.lo, f.interval.hi),
                    loose: Interval::closed(prev.loose.lo, f.loose.hi),
                    ..prev
                });
                continue;
            }
        }
        out.push(f);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::super::tests::parse;

    /// Number ranges and open-ended quantities in the style of the
    /// Recognizers-Text number-range cases.
    #[test]
    fn number_ranges() {
        let cases: &[(&str, &str, &str)] = &[
            (
                "between 20 and 30 people",
                "between 20 and 30",
                "[19.5, 30.5]",
            ),
            (
                "between 3% and 5% growth",
                "between 3% and 5%",
                "[0.025, 0.055]",
            ),
            ("only 30 to 40 top firms", "30 to 40", "[29.5, 40.5]"),
            ("more than 30 staff", "more than 30", "(30, ∞)"),
            ("less than 30 staff", "less than 30", "[0, 30)"),
            ("no more than 30 staff", "no more than 30", "[0, 30]"),
            ("no fewer than 30 staff", "no fewer than 30", "[30, ∞)"),
            ("no less than 30 staff", "no less than 30", "[30, ∞)"),
            ("at most 30 staff", "at most 30", "[0, 30]"),
            ("as many as 30 staff", "as many as 30", "[0, 30]"),
            ("in excess of 30 staff", "in excess of 30", "(30, ∞)"),
            ("upwards of 30 staff", "upwards of 30", "(30, ∞)"),
            ("100 or more staff", "100 or more", "[100, ∞)"),
            ("50 or fewer staff", "50 or fewer", "[0, 50]"),
            ("30 staff or less", "30", "[29.5, 30.5)"),
            ("above 20 staff", "above 20", "(20, ∞)"),
            ("just over 100 staff", "just over 100", "(100, 125]"),
            ("just under 100 staff", "just under 100", "[75, 100)"),
            ("fewer than ten staff", "fewer than ten", "[0, 10)"),
            ("up to twenty staff", "up to twenty", "[0, 20]"),
        ];
        for (text, fig, iv) in cases {
            let v = parse(text);
            assert_eq!(v.len(), 1, "{text}: {v:?}");
            assert_eq!((v[0].0.as_str(), v[0].3.as_str()), (*fig, *iv), "{text}");
        }
        let v = parse("cut from 70% to 49% and revised from 157,000 to 133,000");
        assert_eq!(v.len(), 4, "{v:?}");
        let v = parse("profits rose 15% to 20%");
        assert_eq!(v.len(), 2, "{v:?}");
    }
}
