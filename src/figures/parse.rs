//! Finding figures in a sentence: numerals and number words, scales,
//! currencies, percentages and fractions, ages, durations, units, ordinals,
//! years and dates, each with its qualifier folded into an [`Interval`].

use std::borrow::Cow;
use std::ops::Range;

use super::interval::{last_digit_unit, qualified, qualified_share, Interval};
use super::lexicon::{self, Qualifier};
use super::token::{lowercase, Kind, Token};

mod date;
mod dim_serde;
mod range;

pub use date::{date_day, resolve_years, year_of};
use date::{date_interval, is_year_number};

/// What kind of quantity a figure is; figures of different dimensions are
/// never compared.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize)]
pub enum Dim {
    /// A number of things.
    Count,
    /// An amount of money in one currency (ISO-like code).
    Money(&'static str),
    /// A share of a whole, 0..=1 (percentages and fractions).
    Share,
    /// A change in percentage points.
    Points,
    /// A point in time (see [`date_day`]).
    Date,
    /// A person's age in years.
    Age,
    /// A length of time in seconds.
    Duration,
    /// A physical measure in its base unit ("length", "mass", ...).
    Measure(&'static str),
    /// A rank ("sixth", "11th").
    Ordinal,
}

impl Dim {
    /// One dimension of each kind, for tests that must cover them all.
    #[cfg(test)]
    pub(crate) const ONE_OF_EACH: [Dim; 9] = [
        Dim::Count,
        Dim::Money("GBP"),
        Dim::Share,
        Dim::Points,
        Dim::Date,
        Dim::Age,
        Dim::Duration,
        Dim::Measure("length"),
        Dim::Ordinal,
    ];

    pub fn describe(&self) -> String {
        match self {
            Dim::Count => "count".into(),
            Dim::Money(c) => format!("amount ({c})"),
            Dim::Share => "share".into(),
            Dim::Points => "percentage points".into(),
            Dim::Date => "date".into(),
            Dim::Age => "age".into(),
            Dim::Duration => "duration (s)".into(),
            Dim::Measure(m) => (*m).into(),
            Dim::Ordinal => "rank".into(),
        }
    }
}

/// A figure found in a sentence.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Figure {
    /// Byte span in the folded text, qualifier included.
    pub span: Range<usize>,
    /// Token range in the sentence's tokens (qualifier included).
    pub tokens: Range<usize>,
    pub dim: Dim,
    /// The nominal value in base units (a date as a day number).
    pub value: f64,
    /// The values the figure as written allows.
    pub interval: Interval,
    /// A value rather than a bound ("145", "nearly 24 million", not "more
    /// than 120" or "hundreds").
    pub precise: bool,
    /// The values a writer rounding to this figure may have meant: the
    /// full rounding interval of its last digit ("£4bn" allows £4.3bn),
    /// where `interval` keeps a round figure within 10% ("$1m" is not
    /// $1.5m). Used for the note's side of a comparison.
    pub loose: Interval,
    /// For dates: the year is known (else `interval` is a day-of-year range).
    pub year_known: bool,
    /// For dates: the position within the year, when a month is known.
    pub in_year: Option<Interval>,
}

/// What comparing two figures reads of each: its dimension and the values
/// it allows (a source figure in the index keeps only this of its
/// [`Figure`]).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Quantity {
    pub dim: Dim,
    pub interval: Interval,
    pub precise: bool,
    pub year_known: bool,
    pub in_year: Option<Interval>,
}

impl Figure {
    pub fn quantity(&self) -> Quantity {
        Quantity {
            dim: self.dim,
            interval: self.interval,
            precise: self.precise,
            year_known: self.year_known,
            in_year: self.in_year,
        }
    }
}

fn lower<'a>(t: &Token<'a>) -> Cow<'a, str> {
    lowercase(t.text)
}

/// Parses a numeral token ("1,000", "4.88") into its value and last-digit unit.
fn numeral(t: &Token) -> Option<(f64, f64)> {
    if t.kind != Kind::Number || t.text.contains(':') {
        return None;
    }
    let s = t.text;
    // "1,000,000" groups of three; otherwise a comma is a separator, not a
    // thousands mark (a list "1,2"), so refuse it.
    if s.contains(',') {
        let int = s.split('.').next().unwrap_or("");
        let groups: Vec<&str> = int.split(',').collect();
        if groups.iter().skip(1).any(|g| g.len() != 3) || groups[0].len() > 3 {
            return None;
        }
    }
    if s.matches('.').count() > 1 {
        return None;
    }
    let clean: String = s.chars().filter(|c| *c != ',').collect();
    Some((clean.parse().ok()?, last_digit_unit(&clean)))
}

/// Adjacent: no space between two tokens.
fn glued(a: &Token, b: &Token) -> bool {
    a.span.end == b.span.start
}

struct Scanner<'t, 'a> {
    toks: &'t [Token<'a>],
    /// Lower-case text of each token.
    lows: &'t [Cow<'a, str>],
    out: Vec<Figure>,
}

impl<'t, 'a> Scanner<'t, 'a> {
    fn tok(&self, i: usize) -> Option<&'t Token<'a>> {
        self.toks.get(i)
    }

    fn low(&self, i: usize) -> &'t str {
        self.lows.get(i).map_or("", |l| l.as_ref())
    }

    fn is_punct(&self, i: usize, p: &str) -> bool {
        self.tok(i)
            .is_some_and(|t| t.kind == Kind::Punct && t.text == p)
    }

    fn push(
        &mut self,
        tokens: Range<usize>,
        dim: Dim,
        value: f64,
        interval: Interval,
        precise: bool,
    ) {
        let span = self.toks[tokens.start].span.start..self.toks[tokens.end - 1].span.end;
        self.out.push(Figure {
            span,
            tokens,
            dim,
            value,
            interval,
            precise,
            loose: interval,
            year_known: true,
            in_year: None,
        });
    }

    fn push_date(
        &mut self,
        tokens: Range<usize>,
        year: Option<i32>,
        months: (u8, u8),
        days: Option<(u8, u8)>,
    ) {
        let (interval, in_year) = date_interval(year, months, days);
        let value = (interval.lo + interval.hi) / 2.0;
        self.push(tokens, Dim::Date, value, interval, true);
        let f = self.out.last_mut().expect("just pushed");
        f.year_known = year.is_some();
        f.in_year = if months == (1, 12) && days.is_none() {
            None
        } else {
            in_year
        };
    }

    /// A qualifier phrase ending right before token `i`: (qualifier, start).
    fn qualifier_before(&self, i: usize) -> Option<(Qualifier, usize)> {
        for (words, q) in lexicon::QUALIFIERS {
            let n = words.len();
            if i < n {
                continue;
            }
            if words
                .iter()
                .enumerate()
                .all(|(k, w)| self.low(i - n + k) == *w)
            {
                // "rates were pushed up to 2.25%", "rose up to": after a
                // verb of movement "up to" names where it went, not a cap.
                let moved = |b: &str| {
                    b.ends_with("ed")
                        || matches!(
                            b,
                            "rose" | "rise" | "rises" | "went" | "go" | "goes" | "grew"
                        )
                };
                let verb_before = (1..=2).any(|k| i >= n + k && moved(self.low(i - n - k)));
                if *words == ["up", "to"] && verb_before {
                    return None;
                }
                return Some((*q, i - n));
            }
        }
        None
    }

    /// Number words at `i` ("twenty-five", "thirteen", "a hundred"):
    /// (value, tokens used).
    fn number_words(&self, i: usize) -> Option<(f64, usize)> {
        let w = self.low(i);
        let mut v = lexicon::small_number(w)?;
        let mut j = i + 1;
        if (20.0..100.0).contains(&v) && self.is_punct(j, "-") {
            if let Some(u) = lexicon::small_number(self.low(j + 1)).filter(|u| *u < 10.0) {
                v += u;
                j += 2;
            }
        }
        if self.low(j) == "hundred" {
            v *= 100.0;
            j += 1;
        }
        Some((v, j - i))
    }

    fn scan(&mut self) {
        let mut i = 0;
        while i < self.toks.len() {
            i = self.at(i).unwrap_or(i + 1);
        }
    }

    /// Tries to read a figure starting at token `i`; returns the next index.
    fn at(&mut self, i: usize) -> Option<usize> {
        if let Some(n) = self.date_at(i) {
            return Some(n);
        }
        let t = self.tok(i)?.clone();
        let lw = self.low(i);
        // "aged 34"
        if lw == "aged" {
            if let Some((v, unit)) = self.tok(i + 1).and_then(numeral) {
                self.push(i + 1..i + 2, Dim::Age, v, Interval::rounded(v, unit), true);
                return Some(i + 2);
            }
        }
        // Only these can start a figure; skip the qualifier search otherwise.
        let could_start = t.kind == Kind::Number
            || lexicon::currency_symbol(t.text).is_some()
            || lexicon::small_number(lw).is_some()
            || lexicon::ordinal_word(lw).is_some()
            || lexicon::vague_plural(lw).is_some()
            || matches!(lw, "a" | "one" | "half" | "tens")
            || (lexicon::dollar_prefix(t.text).is_some() && self.is_punct(i + 1, "$"));
        if !could_start {
            return None;
        }
        let (qual, qstart) = match self.qualifier_before(i) {
            Some((q, s)) => (Some(q), s),
            None => (None, i),
        };
        // Vague plurals: "hundreds of", "tens of thousands".
        if let Some(base) = lexicon::vague_plural(lw) {
            let mut base = base;
            let mut end = i + 1;
            if self.low(end) == "of" {
                if let Some(b2) = lexicon::vague_plural(self.low(end + 1)) {
                    base *= b2;
                    end += 2;
                }
            }
            let iv = Interval {
                lo: 2.0 * base,
                hi: 10.0 * base,
                lo_open: false,
                hi_open: true,
            };
            self.push(i..end, Dim::Count, 2.0 * base, iv, false);
            return Some(end);
        }
        if lw == "tens" && self.low(i + 1) == "of" {
            if let Some(b) = lexicon::vague_plural(self.low(i + 2)) {
                let iv = Interval {
                    lo: 10.0 * b,
                    hi: 100.0 * b,
                    lo_open: false,
                    hi_open: true,
                };
                self.push(i..i + 3, Dim::Count, 10.0 * b, iv, false);
                return Some(i + 3);
            }
        }
        // Fractions: "half", "a third", "two-thirds", "three quarters".
        if let Some(n) = self.fraction_at(i, qual, qstart) {
            return Some(n);
        }
        // Ordinal words: "the sixth meeting".
        if let Some(v) = lexicon::ordinal_word(lw) {
            if self.low(i + 1) == "half" {
                return Some(i + 2);
            }
            if v >= 2.0 && self.low(i + 1) != "of" && !self.low(i.wrapping_sub(1)).eq("a") {
                self.push(i..i + 1, Dim::Ordinal, v, Interval::point(v), true);
            }
            return Some(i + 1);
        }
        self.amount_at(i, qual, qstart)
    }

    fn fraction_at(&mut self, i: usize, qual: Option<Qualifier>, qstart: usize) -> Option<usize> {
        let lw = self.low(i);
        let hyphenated = self.is_punct(i + 1, "-");
        let (num, den_at) = if lw == "half" {
            (1.0, i)
        } else if let Some(n) = lexicon::small_number(lw).filter(|n| *n < 10.0) {
            let j = if self.is_punct(i + 1, "-") {
                i + 2
            } else {
                i + 1
            };
            (n, j)
        } else if lw == "a" || lw == "one" {
            (1.0, i + 1)
        } else {
            return None;
        };
        let den_word = self.low(den_at);
        let frac = lexicon::fraction_word(den_word)?;
        if den_word == "second" || (den_word == "fourth" && lw != "a") {
            return None;
        }
        // "a third of", "two-thirds of", "half the", "half of".
        let next = self.low(den_at + 1);
        if lw != "half" && next != "of" && !hyphenated {
            return None;
        }
        if lw == "half"
            && !matches!(
                next,
                "of" | "the" | "a" | "its" | "their" | "on" | "to" | "in"
            )
        {
            return None;
        }
        // "the second half of 2004" is a period, not a share.
        if lw == "half" && i > 0 && lexicon::ordinal_word(self.low(i - 1)).is_some() {
            return None;
        }
        let x = if lw == "half" { 0.5 } else { num * frac };
        let start = if qual.is_some() { qstart } else { i };
        let iv = qualified_share(x, qual);
        self.push(start..den_at + 1, Dim::Share, x, iv, is_precise(qual));
        Some(den_at + 1)
    }

    fn amount_at(&mut self, i: usize, qual: Option<Qualifier>, qstart: usize) -> Option<usize> {
        let toks = self.toks;
        // Currency before the number: "$", "£", "US$", "A$".
        let mut cur: Option<&'static str> = None;
        let mut j = i;
        let mut start = i;
        if let Some(c) = lexicon::currency_symbol(toks[j].text) {
            cur = Some(c);
            if c == "USD" && j > 0 && glued(&toks[j - 1], &toks[j]) {
                if let Some(d) = lexicon::dollar_prefix(toks[j - 1].text) {
                    cur = Some(d);
                    start = j - 1;
                }
            }
            j += 1;
        }
        let num_tok = toks.get(j)?;
        // A numeral glued to letters before it is part of a name ("G8", "MP3").
        if j > 0 && cur.is_none() && glued(&toks[j - 1], num_tok) && toks[j - 1].kind == Kind::Word
        {
            return Some(j + 1);
        }
        // A numeral right after another is a model or code ("10 737-800s").
        if cur.is_none()
            && j > 0
            && toks[j - 1].kind == Kind::Number
            && num_tok.kind == Kind::Number
        {
            let mut k = j + 1;
            while self.is_punct(k, "-") && toks.get(k + 1).is_some_and(|t| t.kind == Kind::Number) {
                k += 2;
            }
            return Some(k);
        }
        // A numeral right after a name is part of it ("Half-Life 2", "Radio 4").
        if cur.is_none() && num_tok.kind == Kind::Number && j > 0 {
            let p = &toks[j - 1];
            let sentence_start = toks[..j - 1].iter().all(|t| t.kind == Kind::Punct);
            if p.is_capitalised()
                && !sentence_start
                && lexicon::month(p.text).is_none()
                && !lexicon::YEAR_CUES.contains(&self.low(j - 1))
                && !lexicon::stopword(self.low(j - 1))
            {
                return Some(j + 1);
            }
        }
        let (mut value, mut unit, mut end) = if let Some((v, u)) = numeral(num_tok) {
            (v, u, j + 1)
        } else if num_tok.kind == Kind::Number && num_tok.text.contains(':') {
            return Some(self.clock_at(j, qual, qstart));
        } else if let Some((v, n)) = self.number_words(j) {
            // "one" alone is a pronoun more often than a count.
            if v == 1.0 && lexicon::scale(self.low(j + n)).is_none() {
                return None;
            }
            (v, 1.0, j + n)
        } else {
            return None;
        };
        if num_tok.kind == Kind::Number && cur.is_none() {
            // Years: a bare four-digit number in range with a year cue.
            if let Some(y) = is_year_number(num_tok) {
                let prev = if j > 0 { self.low(j - 1) } else { "" };
                let next = toks.get(end);
                let next_is_noun = next.is_some_and(|n| {
                    n.kind == Kind::Word
                        && !n.is_capitalised()
                        && !matches!(
                            &*lower(n),
                            "and"
                                | "or"
                                | "when"
                                | "to"
                                | "after"
                                | "before"
                                | "as"
                                | "with"
                                | "was"
                                | "is"
                                | "had"
                                | "has"
                                | "the"
                                | "for"
                                | "in"
                                | "on"
                                | "at"
                                | "by"
                                | "but"
                                | "that"
                                | "which"
                                | "season"
                                | "levels"
                                | "level"
                                | "figures"
                                | "results"
                                | "elections"
                                | "election"
                                | "budget"
                                | "deadline"
                        )
                        && lexicon::scale(&lower(n)).is_none()
                        && !glued(num_tok, n)
                });
                let cue = lexicon::YEAR_CUES.contains(&prev) || prev == "-";
                if (cue || !next_is_noun)
                    && !next.is_some_and(|n| glued(num_tok, n) && n.text == "%")
                {
                    // "late 2014", "mid-2014"
                    let part = if prev == "-" && j >= 2 {
                        self.low(j - 2)
                    } else {
                        prev
                    };
                    let (months, pstart) = match part {
                        "early" => ((1, 4), if prev == "-" { j - 2 } else { j - 1 }),
                        "mid" => ((5, 8), if prev == "-" { j - 2 } else { j - 1 }),
                        "late" => ((9, 12), if prev == "-" { j - 2 } else { j - 1 }),
                        _ => ((1, 12), j),
                    };
                    // "1990s" is a decade, not a year.
                    if next.is_some_and(|n| glued(num_tok, n) && n.text == "s") {
                        return Some(end + 1);
                    }
                    self.push_date(pstart..end, Some(y), months, None);
                    return Some(end);
                }
            }
        }
        // "$1.3 to $1.5bn", "between 10 and 25%": the unit of the second
        // figure is the unit of both.
        if num_tok.kind == Kind::Number
            && !toks.get(end).is_some_and(|s| glued(&toks[end - 1], s))
            && matches!(self.low(end), "to" | "and")
            && lexicon::scale(self.low(end + 1)).is_none()
        {
            let k = end + 1;
            let second_num = if toks
                .get(k)
                .is_some_and(|t| lexicon::currency_symbol(t.text) == cur && cur.is_some())
            {
                k + 1
            } else {
                k
            };
            let raw2 = toks.get(second_num).and_then(numeral).map(|(v, _)| v);
            let before = self.out.len();
            if let (Some(raw2), true) = (raw2, cur.is_some() == (second_num == k + 1)) {
                if let Some(next) = self.amount_at(k, None, k) {
                    if self.out.len() == before + 1 {
                        let second = self.out.pop().expect("just pushed");
                        let factor = if raw2 != 0.0 {
                            second.value / raw2
                        } else {
                            1.0
                        };
                        let unitful = second.dim != Dim::Count || (factor - 1.0).abs() > 1e-12;
                        if unitful && second.value > value * factor && second.tokens.end == next {
                            let lo = (value - unit / 2.0) * factor;
                            let iv = Interval::closed(lo, second.interval.hi);
                            let fstart = if qual.is_some() { qstart } else { start };
                            self.push(fstart..next, second.dim, value * factor, iv, true);
                            return Some(next);
                        }
                        self.out.push(second);
                        self.out.truncate(before);
                    }
                }
            }
        }
        // Glued suffixes: "4.88m", "£1.3bn", "11th", "20%", "5km".
        let mut dim = cur.map(Dim::Money).unwrap_or(Dim::Count);
        let mut scale = 1.0;
        let mut ordinal = false;
        let mut share = false;
        if let Some(s) = toks
            .get(end)
            .filter(|s| glued(&toks[end - 1], s) && num_tok.kind == Kind::Number)
        {
            let sl = lower(s);
            if let Some(k) = lexicon::scale(&sl) {
                if sl == "m" && cur.is_none() && unit >= 1.0 && value >= 100.0 {
                    // "10,000m" without a currency is a distance.
                    dim = Dim::Measure("length");
                } else {
                    scale = k;
                }
                end += 1;
            } else if matches!(&*sl, "th" | "st" | "nd" | "rd") {
                ordinal = true;
                end += 1;
            } else if sl == "p" && cur.is_none() {
                // Pence: "548p".
                dim = Dim::Money("GBP");
                scale = 0.01;
                end += 1;
            } else if s.text == "%" {
                share = true;
                end += 1;
            } else if let Some((d, f)) = lexicon::unit(&sl) {
                dim = Dim::Measure(d);
                scale = f;
                end += 1;
            } else if let Some(f) = lexicon::time_unit(&sl).filter(|_| sl.len() <= 3) {
                dim = Dim::Duration;
                scale = f;
                end += 1;
            } else if s.kind == Kind::Word {
                // "3G", "4x4", "1990s": not a figure.
                return Some(end + 1);
            }
        }
        // Spaced scale words: "7 billion", "2.5 million", "two million".
        if scale == 1.0 && !ordinal && !share {
            let sl = self.low(end);
            if let Some(k) = lexicon::scale(sl).filter(|_| sl.len() > 2 || cur.is_some()) {
                scale = k;
                end += 1;
                // "1.5 million tonnes": a unit may still follow.
            }
        }
        // A numeric range "10-15": keep the span of both, interval of both.
        let mut range_hi: Option<(f64, f64)> = None;
        if self.is_punct(end, "-") && !ordinal {
            if let Some(t2) = toks.get(end + 1).filter(|t2| glued(&toks[end], t2)) {
                if let Some((v2, u2)) = numeral(t2).filter(|(v2, _)| *v2 > value) {
                    range_hi = Some((v2, u2));
                    end += 2;
                }
            }
        }
        let after = self.low(end);
        // Units in words.
        if !ordinal && !share {
            if after == "%" || after == "percent" {
                share = true;
                end += 1;
            } else if after == "per" && self.low(end + 1) == "cent" {
                share = true;
                end += 2;
            } else if after == "percentage" && self.low(end + 1).starts_with("point") {
                dim = Dim::Points;
                end += 2;
            } else if let Some(c) = lexicon::currency_word(after).filter(|_| cur.is_none()) {
                dim = Dim::Money(c);
                end += 1;
            } else if let Some((d, f)) =
                lexicon::unit(after).filter(|_| dim == Dim::Count && after.len() > 1)
            {
                dim = Dim::Measure(d);
                scale *= f;
                end += 1;
            } else if after == "-" && self.low(end + 1) == "year" {
                if self.is_punct(end + 2, "-") && self.low(end + 3) == "old" {
                    self.push(
                        start..end + 4,
                        Dim::Age,
                        value,
                        Interval::rounded(value, unit),
                        true,
                    );
                    return Some(end + 4);
                }
                dim = Dim::Duration;
                scale = lexicon::time_unit("year").unwrap_or(1.0);
                end += 2;
            } else if matches!(after, "years" | "year") && self.low(end + 1) == "old" {
                self.push(
                    start..end + 2,
                    Dim::Age,
                    value,
                    Interval::rounded(value, unit),
                    true,
                );
                return Some(end + 2);
            } else if let Some(f) = lexicon::time_unit(after).filter(|_| dim == Dim::Count) {
                dim = Dim::Duration;
                scale = f;
                end += 1;
                // "20 minutes 38 seconds"
                while let (Some((v2, _)), Some(f2)) = (
                    toks.get(end).and_then(numeral),
                    lexicon::time_unit(self.low(end + 1)),
                ) {
                    if f2 >= scale {
                        break;
                    }
                    value = value * scale / f2 + v2;
                    scale = f2;
                    unit = 1.0;
                    end += 2;
                }
            }
        }
        if ordinal {
            self.push(
                start..end,
                Dim::Ordinal,
                value,
                Interval::point(value),
                true,
            );
            return Some(end);
        }
        let fstart = if qual.is_some() { qstart } else { start };
        if share {
            let (x, u) = (value / 100.0, unit / 100.0);
            let iv = match range_hi {
                Some((v2, u2)) => Interval::closed(x - u / 2.0, v2 / 100.0 + u2 / 200.0),
                None => qualified(x, u, qual),
            };
            let d = if dim == Dim::Points {
                Dim::Points
            } else {
                Dim::Share
            };
            self.push(fstart..end, d, x, iv, is_precise(qual));
            if qual.is_none() && range_hi.is_none() {
                if let Some(f) = self.out.last_mut() {
                    f.loose = Interval::rounded(x, u);
                }
            }
            return Some(end);
        }
        let x = value * scale;
        let iv = match range_hi {
            Some((v2, u2)) => {
                Interval::closed(x - unit * scale / 2.0, v2 * scale + u2 * scale / 2.0)
            }
            None => qualified(x, unit * scale, qual),
        };
        self.push(
            fstart..end,
            dim,
            x,
            iv,
            is_precise(qual) && range_hi.is_none(),
        );
        if qual.is_none() && range_hi.is_none() {
            if let Some(f) = self.out.last_mut() {
                f.loose = Interval::rounded(x, unit * scale);
            }
        }
        Some(end)
    }

    /// "3:35.27" (minutes:seconds) or "1:02:03" (hours:minutes:seconds).
    fn clock_at(&mut self, i: usize, qual: Option<Qualifier>, qstart: usize) -> usize {
        let t = &self.toks[i];
        let next = self.low(i + 1);
        if matches!(
            next,
            "am" | "pm" | "a.m." | "p.m." | "gmt" | "bst" | "et" | "local"
        ) {
            return i + 2;
        }
        let parts: Vec<&str> = t.text.split(':').collect();
        let mut secs = 0.0;
        for p in &parts {
            match p.parse::<f64>() {
                Ok(v) => secs = secs * 60.0 + v,
                Err(_) => return i + 1,
            }
        }
        let unit = last_digit_unit(parts.last().copied().unwrap_or(""));
        let start = if qual.is_some() { qstart } else { i };
        self.push(
            start..i + 1,
            Dim::Duration,
            secs,
            qualified(secs, unit, qual),
            is_precise(qual),
        );
        i + 1
    }
}

fn is_precise(q: Option<Qualifier>) -> bool {
    matches!(
        q,
        None | Some(Qualifier::About | Qualifier::Nearly | Qualifier::JustOver)
    )
}

/// The figures among a sentence's tokens.
pub fn figures(toks: &[Token]) -> Vec<Figure> {
    figures_lowered(toks, &lowered(toks))
}

/// Each token's text in lower case ([`lowercase`]).
pub fn lowered<'a>(toks: &[Token<'a>]) -> Vec<Cow<'a, str>> {
    toks.iter().map(|t| lowercase(t.text)).collect()
}

/// [`figures`] with the tokens' [`lowered`] texts given (by a caller that
/// reads them too).
pub fn figures_lowered<'t, 'a>(toks: &'t [Token<'a>], lows: &'t [Cow<'a, str>]) -> Vec<Figure> {
    let mut s = Scanner {
        toks,
        lows,
        out: Vec::new(),
    };
    s.scan();
    let out = range::suffix_qualifiers(toks, lows, s.out);
    range::ranges(toks, lows, out)
}

#[cfg(test)]
mod tests {
    use super::super::token::tokenize;
    use super::*;

    /// (text as written, dimension, nominal value, interval) of each figure.
    pub(super) fn parse(s: &str) -> Vec<(String, Dim, f64, String)> {
        let toks = tokenize(s, 0..s.len());
        figures(&toks)
            .into_iter()
            .map(|f| {
                (
                    s[f.span.clone()].to_string(),
                    f.dim,
                    f.value,
                    f.interval.to_string(),
                )
            })
            .collect()
    }

    pub(super) fn one(s: &str) -> (String, Dim, f64, String) {
        let v = parse(s);
        assert_eq!(v.len(), 1, "{s}: {v:?}");
        v.into_iter().next().unwrap()
    }

    #[test]
    fn integers_decimals_and_separators() {
        assert_eq!(one("leaving 145 people dead").2, 145.0);
        assert_eq!(one("some 1,000 jobs").0, "some 1,000");
        assert_eq!(one("it has 10,500 staff").2, 10500.0);
        let f = one("4.88m people");
        assert_eq!((f.1, f.2), (Dim::Count, 4.88e6));
        assert_eq!(f.3, "[4875000, 4885000)");
    }

    #[test]
    fn number_words_and_ordinals() {
        assert_eq!(one("four attackers opened fire").2, 4.0);
        assert_eq!(one("thirteen soldiers").2, 13.0);
        assert_eq!(one("twenty-five people").2, 25.0);
        assert_eq!(one("two million people").2, 2e6);
        let f = one("the sixth meeting");
        assert_eq!((f.1, f.2), (Dim::Ordinal, 6.0));
        let f = one("the 11th round");
        assert_eq!((f.0.as_str(), f.1, f.2), ("11th", Dim::Ordinal, 11.0));
        assert!(parse("one of the most active").is_empty());
    }

    #[test]
    fn fractions_are_shares() {
        let f = one("controls about two-thirds of the border");
        assert_eq!((f.0.as_str(), f.1), ("about two-thirds", Dim::Share));
        assert!((f.2 - 2.0 / 3.0).abs() < 1e-9);
        let f = one("more than half of the country's population");
        assert_eq!((f.0.as_str(), f.3.as_str()), ("more than half", "(0.5, 1]"));
        assert_eq!(one("a third of voters").2, 1.0 / 3.0);
        assert_eq!(one("a one-fifth stake").0, "one-fifth");
        assert_eq!(one("about a quarter of the border").0, "about a quarter");
        assert_eq!(one("three-quarters of staff").2, 0.75);
        assert!(parse("the third round").iter().all(|f| f.1 == Dim::Ordinal));
    }

    #[test]
    fn currencies_scales_and_conversions() {
        let v = parse("Shell is to pay $1m (£522,000) to her");
        assert_eq!(v.len(), 2);
        assert_eq!(
            (v[0].0.as_str(), v[0].1, v[0].2),
            ("$1m", Dim::Money("USD"), 1e6)
        );
        assert_eq!(
            (v[1].0.as_str(), v[1].1, v[1].2),
            ("£522,000", Dim::Money("GBP"), 522_000.0)
        );
        let f = one("it paid £82.7m in fines");
        assert_eq!(
            (f.1, f.3.as_str()),
            (Dim::Money("GBP"), "[82650000, 82750000)")
        );
        assert_eq!(one("revenues of £1.3bn").2, 1.3e9);
        assert_eq!(one("more than $7 billion in funds").3, "(7000000000, ∞)");
        let v = parse("$3.5m (£1.8m)");
        assert_eq!((v[0].2, v[1].2), (3.5e6, 1.8e6));
        assert_eq!(one("trade close to $1 billion").0, "close to $1 billion");
        assert_eq!(one("a US$5m deal").1, Dim::Money("USD"));
        let f = one("the share price rose to 548p.");
        assert_eq!((f.1, f.2), (Dim::Money("GBP"), 5.48));
        assert_eq!(one("5 million euros").1, Dim::Money("EUR"));
    }

    #[test]
    fn percentages() {
        let f = one("reserves were 20% smaller");
        assert_eq!((f.1, f.3.as_str()), (Dim::Share, "[0.195, 0.205)"));
        assert_eq!(one("margins of 14.1 per cent").2, 0.141);
        assert_eq!(one("rose 2 percentage points").1, Dim::Points);
    }

    #[test]
    fn ages_durations_and_units() {
        let f = one("the 34-year-old striker");
        assert_eq!((f.0.as_str(), f.1, f.2), ("34-year-old", Dim::Age, 34.0));
        assert_eq!(one("she was aged 71").1, Dim::Age);
        let f = one("in 20 minutes 38 seconds");
        assert_eq!((f.1, f.2), (Dim::Duration, 1238.0));
        let f = one("ran 3:35.27 in Glasgow");
        assert_eq!(f.1, Dim::Duration);
        assert!((f.2 - 215.27).abs() < 1e-9);
        assert_eq!(one("the 20-year war").1, Dim::Duration);
        let f = one("a 5km run");
        assert_eq!((f.1, f.2), (Dim::Measure("length"), 5000.0));
        assert_eq!(one("won the 10,000m title").1, Dim::Measure("length"));
        assert_eq!(one("a 3.2GHz chip").1, Dim::Measure("frequency"));
    }

    #[test]
    fn qualifiers() {
        assert_eq!(one("killed more than 120 people").3, "(120, ∞)");
        assert_eq!(one("killed at least 14 Shiite Muslims").3, "[14, ∞)");
        assert_eq!(one("fewer than 10 firms").3, "[0, 10)");
        assert_eq!(one("could sell for up to £350m").3, "[0, 350000000]");
        assert_eq!(one("pushed rates up to 2.25%").0, "2.25%");
        assert_eq!(one("over 300 staff").3, "(300, ∞)");
        assert_eq!(one("under 50 staff").3, "[0, 50)");
        let f = one("nearly 24 million people");
        assert_eq!(f.0, "nearly 24 million");
        assert_eq!(f.3, "[21600000, 24000000)");
        assert_eq!(one("roughly 50 staff").3, "[45, 55]");
        assert_eq!(one("almost 10 years").1, Dim::Duration);
        let f = one("hundreds more injured");
        assert_eq!((f.1, f.3.as_str()), (Dim::Count, "[200, 1000)"));
        assert_eq!(
            one("hundreds of thousands of citizens").3,
            "[20000000, 100000000)"
                .replace("20000000", "200000")
                .replace("100000000", "1000000")
        );
        assert_eq!(one("between 10-15 people").3, "[9.5, 15.5]");
        let f = one("put the damage at $1.3 to $1.5bn, but");
        assert_eq!(
            (f.0.as_str(), f.3.as_str()),
            ("$1.3 to $1.5bn", "[1250000000, 1550000000]")
        );
        let f = one("fell by between 10 and 25% after");
        assert_eq!((f.0.as_str(), f.1), ("10 and 25%", Dim::Share));
        assert_eq!(parse("sold 10 and bought 12 cars").len(), 2);
    }
}
