//! Years and dates: "in 2003", "late 2014", "March 22", "Oct. 4, 2024",
//! "31 December", "4-6 March", "August 2024", as day-number intervals, and
//! the year a date without one takes from its context.

use super::{Dim, Figure, Interval, Kind, Scanner, Token};
use crate::figures::lexicon;

/// Day number of a date: `year * 372 + (month - 1) * 31 + (day - 1)`;
/// monotonic, which is all interval overlap needs.
pub fn date_day(year: i32, month: u8, day: u8) -> f64 {
    (year as f64) * 372.0 + (month as f64 - 1.0) * 31.0 + (day as f64 - 1.0)
}

/// The day-number interval of a year, a month or a day range.
pub(super) fn date_interval(
    year: Option<i32>,
    months: (u8, u8),
    days: Option<(u8, u8)>,
) -> (Interval, Option<Interval>) {
    let (d0, d1) = days.unwrap_or((1, 31));
    let in_year = Interval::closed(date_day(0, months.0, d0), date_day(0, months.1, d1));
    match year {
        Some(y) => (
            Interval::closed(date_day(y, months.0, d0), date_day(y, months.1, d1)),
            Some(in_year),
        ),
        None => (in_year, Some(in_year)),
    }
}

pub(super) fn is_year_number(t: &Token) -> Option<i32> {
    if t.kind == Kind::Number && t.text.len() == 4 && t.text.bytes().all(|b| b.is_ascii_digit()) {
        let y: i32 = t.text.parse().ok()?;
        (1800..=2100).contains(&y).then_some(y)
    } else {
        None
    }
}

fn day_number(t: &Token) -> Option<u8> {
    if t.kind == Kind::Number && t.text.len() <= 2 && t.text.bytes().all(|b| b.is_ascii_digit()) {
        let d: u8 = t.text.parse().ok()?;
        (1..=31).contains(&d).then_some(d)
    } else {
        None
    }
}

impl Scanner<'_, '_> {
    /// Dates: "March 22", "Oct. 4, 2024", "31 December", "4-6 March",
    /// "August 2024". Returns the next index.
    pub(super) fn date_at(&mut self, i: usize) -> Option<usize> {
        let t = self.tok(i)?;
        if t.kind == Kind::Word && t.is_capitalised() {
            let m = lexicon::month(t.text)?;
            if t.text == "May" && self.tok(i + 1).is_some_and(|n| n.kind == Kind::Word) {
                return None;
            }
            let mut j = i + 1;
            if self.is_punct(j, ".") {
                j += 1;
            }
            if let Some(y) = self.tok(j).and_then(is_year_number) {
                self.push_date(i..j + 1, Some(y), (m, m), None);
                return Some(j + 1);
            }
            let d = self.tok(j).and_then(day_number)?;
            let mut end = j + 1;
            if matches!(self.low(end), "st" | "nd" | "rd" | "th") {
                end += 1;
            }
            let mut year = None;
            let comma = usize::from(self.is_punct(end, ","));
            if let Some(y) = self.tok(end + comma).and_then(is_year_number) {
                year = Some(y);
                end += comma + 1;
            }
            self.push_date(i..end, year, (m, m), Some((d, d)));
            return Some(end);
        }
        // "31 December", "4-6 March", "22nd March 2024"
        let d0 = day_number(t)?;
        let mut j = i + 1;
        if matches!(self.low(j), "st" | "nd" | "rd" | "th") {
            j += 1;
        }
        let mut d1 = d0;
        if self.is_punct(j, "-") {
            d1 = self.tok(j + 1).and_then(day_number).filter(|d| *d > d0)?;
            j += 2;
        }
        let mt = self.tok(j).filter(|m| m.is_capitalised())?;
        let m = lexicon::month(mt.text)?;
        let mut end = j + 1;
        let mut year = None;
        let comma = usize::from(self.is_punct(end, ","));
        if let Some(y) = self.tok(end + comma).and_then(is_year_number) {
            year = Some(y);
            end += comma + 1;
        }
        self.push_date(i..end, year, (m, m), Some((d0, d1)));
        Some(end)
    }
}

/// Gives dates without a year the year of the sentence or the context:
/// a year stated in the same sentence, else `context_year` (the last year
/// stated earlier in the paragraph), else the reference date (an article's
/// own date: a month after it is taken to be in the year before).
pub fn resolve_years(figs: &mut [Figure], context_year: Option<i32>, reference: Option<(i32, u8)>) {
    let own = figs
        .iter()
        .find(|f| f.dim == Dim::Date && f.year_known)
        .map(|f| (f.interval.lo / 372.0).floor() as i32);
    for f in figs
        .iter_mut()
        .filter(|f| f.dim == Dim::Date && !f.year_known)
    {
        let Some(in_year) = f.in_year else { continue };
        let month = (in_year.lo / 31.0).floor() as u8 + 1;
        let year = own
            .or(context_year)
            .or_else(|| reference.map(|(y, m)| if month <= m { y } else { y - 1 }));
        if let Some(y) = year {
            let base = date_day(y, 1, 1);
            f.interval = Interval::closed(base + in_year.lo, base + in_year.hi);
            f.loose = f.interval;
            f.value = (f.interval.lo + f.interval.hi) / 2.0;
            f.year_known = true;
        }
    }
}

/// The year a date figure states, if it states one.
pub fn year_of(f: &Figure) -> Option<i32> {
    (f.dim == Dim::Date && f.year_known).then(|| (f.interval.lo / 372.0).floor() as i32)
}

#[cfg(test)]
mod tests {
    use super::super::figures;
    use super::super::tests::{one, parse};
    use super::*;
    use crate::figures::token::tokenize;

    #[test]
    fn years_and_dates() {
        let f = one("designated in 2003.");
        assert_eq!((f.0.as_str(), f.1), ("2003", Dim::Date));
        assert_eq!(
            f.3,
            format!("[{}, {}]", date_day(2003, 1, 1), date_day(2003, 12, 31))
        );
        let f = one("announced on Oct. 4 during a meeting");
        assert_eq!(f.0, "Oct. 4");
        let f = one("an attack on March 22 at a hall");
        assert_eq!(f.0, "March 22");
        let f = one("In August 2024, the UN");
        assert_eq!(f.0, "August 2024");
        let f = one("emerged in late 2014 and");
        assert_eq!(f.0, "late 2014");
        assert_eq!(
            f.3,
            format!("[{}, {}]", date_day(2014, 9, 1), date_day(2014, 12, 31))
        );
        let f = one("held on 4-6 March 2005");
        assert_eq!(f.0, "4-6 March 2005");
        assert_eq!(one("on Aug. 15, 2021, the day").0, "Aug. 15, 2021");
        assert_eq!(one("left on 31 December").0, "31 December");
        assert_eq!(one("employs 2000 people").1, Dim::Count);
        assert!(parse("in the 1990s").is_empty());
        assert!(parse("May be").is_empty());
        assert!(parse("the G8 summit and MP3 players").is_empty());
        assert!(parse("On Tuesday Half-Life 2 dominated, Radio 4 said").is_empty());
        assert_eq!(parse("sold 10 737-800 planes").len(), 1);
        assert!(parse("in the second half of the year").is_empty());
    }

    #[test]
    fn years_resolve_from_context() {
        let s = "attack on March 22 at a hall";
        let toks = tokenize(s, 0..s.len());
        let mut f = figures(&toks);
        assert!(!f[0].year_known);
        resolve_years(&mut f, None, Some((2024, 10)));
        assert_eq!(year_of(&f[0]), Some(2024));
        let mut g = figures(&toks);
        resolve_years(&mut g, None, Some((2024, 2)));
        assert_eq!(year_of(&g[0]), Some(2023));
        let s = "On March 22, 2024 and on March 25 too";
        let toks = tokenize(s, 0..s.len());
        let mut f = figures(&toks);
        resolve_years(&mut f, None, None);
        assert_eq!(year_of(&f[1]), Some(2024));
    }
}
