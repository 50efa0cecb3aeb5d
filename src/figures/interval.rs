//! What a written figure allows: an interval with open or closed ends.
//!
//! A bare figure stands for the rounding interval of its last digit ("23.7
//! million" is [23.65m, 23.75m)); a qualifier bends it ("more than 120" is
//! (120, ∞), "nearly 24 million" is below 24 million and close to it, "about
//! 50" allows a tolerance that grows with the roundness of the number).

use std::fmt;

use super::lexicon::Qualifier;

#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Interval {
    pub lo: f64,
    pub hi: f64,
    pub lo_open: bool,
    pub hi_open: bool,
}

impl Interval {
    pub fn closed(lo: f64, hi: f64) -> Interval {
        Interval {
            lo,
            hi,
            lo_open: false,
            hi_open: false,
        }
    }

    pub fn point(x: f64) -> Interval {
        Interval::closed(x, x)
    }

    /// The rounding interval of a value written with last-digit unit `unit`:
    /// [x - unit/2, x + unit/2).
    pub fn rounded(x: f64, unit: f64) -> Interval {
        if unit <= 0.0 {
            return Interval::point(x);
        }
        Interval {
            lo: x - unit / 2.0,
            hi: x + unit / 2.0,
            lo_open: false,
            hi_open: true,
        }
    }

    /// Does `x` lie inside?
    pub fn contains(&self, x: f64) -> bool {
        let lo_ok = if self.lo_open {
            x > self.lo
        } else {
            x >= self.lo
        };
        let hi_ok = if self.hi_open {
            x < self.hi
        } else {
            x <= self.hi
        };
        lo_ok && hi_ok
    }

    /// Do the two intervals share a value?
    pub fn overlaps(&self, o: &Interval) -> bool {
        let finite = |x: f64| if x.is_finite() { x.abs() } else { 0.0 };
        let eps = 1e-12
            * finite(self.hi)
                .max(finite(o.hi))
                .max(finite(self.lo))
                .max(1.0);
        let lo_below_hi = |lo: f64, lo_open: bool, hi: f64, hi_open: bool| {
            if lo_open || hi_open {
                lo < hi - eps
            } else {
                lo <= hi + eps
            }
        };
        lo_below_hi(self.lo, self.lo_open, o.hi, o.hi_open)
            && lo_below_hi(o.lo, o.lo_open, self.hi, self.hi_open)
    }

    pub fn scale(self, k: f64) -> Interval {
        Interval {
            lo: self.lo * k,
            hi: self.hi * k,
            ..self
        }
    }
}

impl fmt::Display for Interval {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let num = |x: f64| {
            if x.is_infinite() {
                "∞".to_string()
            } else {
                format_number(x)
            }
        };
        write!(
            f,
            "{}{}, {}{}",
            if self.lo_open { '(' } else { '[' },
            num(self.lo),
            num(self.hi),
            if self.hi_open { ')' } else { ']' }
        )
    }
}

/// A number printed without float noise ("23650000", "0.5", "1.04").
pub fn format_number(x: f64) -> String {
    let r = (x * 1e6).round() / 1e6;
    if r.fract() == 0.0 && r.abs() < 1e15 {
        format!("{}", r as i64)
    } else {
        let s = format!("{r:.6}");
        s.trim_end_matches('0').trim_end_matches('.').to_string()
    }
}

/// The unit of the last written digit of a numeral as written ("23.7" → 0.1,
/// "145" → 1, "1,000" → 1).
pub fn last_digit_unit(numeral: &str) -> f64 {
    match numeral.rsplit_once('.') {
        Some((_, frac)) if frac.chars().all(|c| c.is_ascii_digit()) => {
            10f64.powi(-(frac.len() as i32))
        }
        _ => 1.0,
    }
}

/// How round a value is: the largest power of ten that divides it (at least
/// `unit`): 50 → 10, 1000 → 1000, 145 → 1.
pub fn roundness(x: f64, unit: f64) -> f64 {
    let mut r = unit.max(f64::MIN_POSITIVE);
    if x == 0.0 {
        return r;
    }
    while r * 10.0 <= x.abs() && ((x / (r * 10.0)).round() - x / (r * 10.0)).abs() < 1e-9 {
        r *= 10.0;
    }
    r
}

/// The tolerance of an approximate figure: 10% of it, widened for round
/// numbers up to half their roundness (but never beyond a quarter of it).
pub fn tolerance(x: f64, unit: f64) -> f64 {
    let r = roundness(x, unit);
    (0.1 * x.abs()).max((r / 2.0).min(0.25 * x.abs()))
}

/// The interval a figure `x` (last-digit unit `unit`) stands for under a
/// qualifier.
pub fn qualified(x: f64, unit: f64, q: Option<Qualifier>) -> Interval {
    let inf = f64::INFINITY;
    match q {
        // A scaled round figure ("$1m") is not a range of half a million.
        None => Interval::rounded(x, unit.min(0.1 * x.abs()).max(unit.min(1.0))),
        Some(Qualifier::Above) => Interval {
            lo: x,
            hi: inf,
            lo_open: true,
            hi_open: true,
        },
        Some(Qualifier::AtLeast) => Interval {
            lo: x,
            hi: inf,
            lo_open: false,
            hi_open: true,
        },
        Some(Qualifier::Below) => Interval {
            lo: 0.0,
            hi: x,
            lo_open: false,
            hi_open: true,
        },
        Some(Qualifier::AtMost) => Interval::closed(0.0, x),
        Some(Qualifier::Nearly) => Interval {
            lo: x - tolerance(x, unit),
            hi: x,
            lo_open: false,
            hi_open: true,
        },
        Some(Qualifier::JustOver) => Interval {
            lo: x,
            hi: x + tolerance(x, unit),
            lo_open: true,
            hi_open: false,
        },
        Some(Qualifier::About) => {
            let t = tolerance(x, unit);
            Interval::closed(x - t, x + t)
        }
    }
}

/// "more than half" of a whole: the qualifier applied to a share, kept inside
/// [0, 1].
pub fn qualified_share(x: f64, q: Option<Qualifier>) -> Interval {
    let mut i = match q {
        // A fraction word is exact: "half" is 0.5, give or take rounding.
        None => Interval::closed(x - 0.005, x + 0.005),
        Some(q) => qualified(x, 0.01, Some(q)),
    };
    if i.hi > 1.0 {
        i.hi = 1.0;
        i.hi_open = false;
    }
    i.lo = i.lo.max(0.0);
    i
}

#[cfg(test)]
mod tests {
    use super::*;
    use Qualifier::*;

    fn q(x: f64, unit: f64, qual: Option<Qualifier>) -> Interval {
        qualified(x, unit, qual)
    }

    #[test]
    fn bare_figures_are_their_rounding_interval() {
        let i = q(23.7e6, 0.1e6, None);
        assert!(i.contains(23.65e6) && i.contains(23.74e6) && !i.contains(23.75e6));
        assert!(!q(1e6, 1e6, None).contains(1.5e6));
        let i = q(145.0, 1.0, None);
        assert!(i.contains(145.0) && !i.contains(146.0) && !i.contains(144.0));
        assert_eq!(last_digit_unit("23.7"), 0.1);
        assert_eq!(last_digit_unit("1,000"), 1.0);
        assert_eq!(last_digit_unit("3.35"), 0.01);
    }

    #[test]
    fn open_and_closed_bounds() {
        assert_eq!(q(120.0, 1.0, Some(Above)).to_string(), "(120, ∞)");
        assert_eq!(q(14.0, 1.0, Some(AtLeast)).to_string(), "[14, ∞)");
        assert_eq!(q(10.0, 1.0, Some(Below)).to_string(), "[0, 10)");
        assert_eq!(q(350.0, 1.0, Some(AtMost)).to_string(), "[0, 350]");
        assert!(q(120.0, 1.0, Some(Above)).contains(145.0));
        assert!(!q(120.0, 1.0, Some(Above)).contains(120.0));
        assert!(q(14.0, 1.0, Some(AtLeast)).contains(14.0));
        assert!(!q(10.0, 1.0, Some(Below)).contains(10.0));
    }

    #[test]
    fn nearly_is_below_and_close() {
        let i = q(24e6, 1e6, Some(Nearly));
        assert!(i.contains(23.7e6));
        assert!(!i.contains(24e6));
        assert!(!i.contains(20e6));
        let src = q(23.7e6, 0.1e6, None);
        assert!(i.overlaps(&src));
    }

    #[test]
    fn about_grows_with_roundness() {
        let fifty = q(50.0, 1.0, Some(About));
        assert!(fifty.contains(45.0) && fifty.contains(55.0) && !fifty.contains(60.0));
        let thousand = q(1000.0, 1.0, Some(About));
        assert!(thousand.contains(800.0) && !thousand.contains(700.0));
        let odd = q(145.0, 1.0, Some(About));
        assert!(odd.contains(135.0) && !odd.contains(170.0));
        assert_eq!(roundness(50.0, 1.0), 10.0);
        assert_eq!(roundness(145.0, 1.0), 1.0);
        assert_eq!(roundness(1e9, 1e9), 1e9);
    }

    #[test]
    fn just_over_is_above_and_close() {
        let i = q(100.0, 1.0, Some(JustOver));
        assert!(i.contains(104.0) && !i.contains(100.0) && !i.contains(130.0));
    }

    #[test]
    fn shares_stay_within_the_whole() {
        let more_than_half = qualified_share(0.5, Some(Above));
        assert_eq!(more_than_half.to_string(), "(0.5, 1]");
        assert!(!more_than_half.overlaps(&qualified_share(1.0 / 3.0, None)));
        assert!(qualified_share(0.5, None).contains(0.5));
    }

    #[test]
    fn overlap_respects_open_ends() {
        let a = Interval {
            lo: 0.0,
            hi: 10.0,
            lo_open: false,
            hi_open: true,
        };
        assert!(!a.overlaps(&Interval::point(10.0)));
        assert!(a.overlaps(&Interval::point(9.99)));
        assert!(Interval::point(3.0).overlaps(&Interval::point(3.0)));
        let above = qualified(120.0, 1.0, Some(Above));
        assert!(above.overlaps(&qualified(145.0, 1.0, None)));
        assert!(!above.overlaps(&qualified(100.0, 1.0, None)));
        let big = qualified(40_052_308_090.0, 1.0, None);
        assert!(big.overlaps(&big));
        assert!(!big.overlaps(&qualified(40_052_308_091.0, 1.0, None)));
    }
}
