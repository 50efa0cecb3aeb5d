//! One source article: its text (original and folded), its segmentation, and
//! the metadata its header states.

use std::borrow::Cow;
use std::ops::Range;
use std::path::PathBuf;
use std::sync::LazyLock;

use regex::Regex;

use crate::text::{self, Encoding, Folded, LineBreaks, LineCol, LineIndex, Original, Sentence};

/// A calendar date, as precise as the text states it.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, serde::Serialize, serde::Deserialize,
)]
pub struct Date {
    pub year: i32,
    pub month: Option<u8>,
    pub day: Option<u8>,
}

impl std::fmt::Display for Date {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{:04}", self.year)?;
        if let Some(m) = self.month {
            write!(f, "-{m:02}")?;
            if let Some(d) = self.day {
                write!(f, "-{d:02}")?;
            }
        }
        Ok(())
    }
}

/// A source article of the corpus.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub struct Article {
    /// Its file name: unique within a corpus (see [`super::Corpus`]).
    pub id: String,
    /// Where it lives on disk (for embedded seeds, their cache copy).
    pub path: PathBuf,
    /// Where the header states a byline and a URL, in `folded.text` (read
    /// them with [`Article::byline`] and [`Article::url`]): spans, not
    /// copies, as the text is kept anyway.
    byline: Option<Range<u32>>,
    url: Option<Range<u32>>,
    pub date: Option<Date>,
    /// The file's text as read, kept as what folding changed (read it with
    /// [`Article::raw`]).
    original: Original,
    /// Normalised text and its map back to the file's text.
    pub folded: Folded,
    /// Paragraph spans in `folded.text`; the first is the title. (Boxed
    /// slices here and below: no growth slack, and 8 bytes smaller.)
    pub paragraphs: Box<[Range<usize>]>,
    /// Sentence spans in `folded.text`.
    pub sentences: Box<[Sentence]>,
    /// Line starts of the file's text, for positions.
    pub lines: LineIndex,
}

impl Article {
    /// Builds an article from a file's text.
    pub fn parse(id: String, path: PathBuf, raw: String) -> Article {
        let folded = text::fold(&raw, LineBreaks::Paragraph);
        let paragraphs = text::paragraphs(&folded.text);
        let sentences = text::sentences(&folded.text, &paragraphs);
        let header = &paragraphs[..paragraphs.len().min(HEADER_PARAGRAPHS)];
        let in_text = |r: Range<usize>| r.start as u32..r.end as u32;
        let lines = LineIndex::new(&raw);
        let original = Original::new(&raw, &folded.text, &folded.map);
        debug_assert_eq!(original.text(&folded.text), raw);
        Article {
            byline: find_byline(&folded.text, header).map(in_text),
            date: header
                .iter()
                .skip(1)
                .find_map(|p| parse_date_line(&folded.text[p.clone()])),
            url: find_url(&folded.text, header).map(in_text),
            id,
            path,
            original,
            folded,
            paragraphs: paragraphs.into_boxed_slice(),
            sentences: sentences.into_boxed_slice(),
            lines,
        }
    }

    /// Folded text of a span.
    pub fn text(&self, span: Range<usize>) -> &str {
        &self.folded.text[span]
    }

    /// Its title: the first paragraph (its id when it has none).
    pub fn title(&self) -> &str {
        self.paragraphs
            .first()
            .map_or(self.id.as_str(), |p| self.text(p.clone()))
    }

    /// The byline its header states ("By Jane Doe" gives "Jane Doe").
    pub fn byline(&self) -> Option<&str> {
        let r = self.byline.as_ref()?;
        Some(self.text(r.start as usize..r.end as usize))
    }

    /// The first URL its header states.
    pub fn url(&self) -> Option<&str> {
        let r = self.url.as_ref()?;
        Some(self.text(r.start as usize..r.end as usize))
    }

    /// The original byte span of a folded span.
    pub fn original(&self, span: Range<usize>) -> Range<usize> {
        self.folded.original(span)
    }

    /// The file's text (as read) of a byte range, like `str::get`: `None`
    /// out of bounds or off character boundaries.
    pub fn raw(&self, span: Range<usize>) -> Option<Cow<'_, str>> {
        self.original.get(&self.folded.text, span)
    }

    /// The file's whole text as read.
    pub fn raw_text(&self) -> Cow<'_, str> {
        self.original.text(&self.folded.text)
    }

    /// The length of the file's text in bytes.
    pub fn raw_len(&self) -> usize {
        self.original.len()
    }

    /// The line of the file holding byte `offset` (the end past the end):
    /// its number, where it starts, and its text with its line break.
    pub fn line_at(&self, offset: usize) -> (usize, usize, Cow<'_, str>) {
        let line = self.lines.line_of(offset);
        let span = self.lines.line_span(line);
        let start = span.start;
        (line, start, self.raw(span).unwrap_or_default())
    }

    /// The line and column (in `enc`) of byte `offset` of the file.
    pub fn position(&self, offset: usize, enc: Encoding) -> LineCol {
        let (line, start, text) = self.line_at(offset);
        LineCol {
            line: line as u32,
            col: text::col_of(&text, offset.min(self.raw_len()) - start, enc),
        }
    }
}

/// How many leading paragraphs count as the header where metadata is stated.
const HEADER_PARAGRAPHS: usize = 10;

static BYLINE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?i:by)\s+(\p{Lu}[\p{L}.'\-]*(?:\s+(?:\p{Lu}[\p{L}.'\-]*|and|de|van|von|al-?\p{L}*)){0,5})\s*$")
        .unwrap()
});
static NAME_LINE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^\p{Lu}[\p{L}'\-]+(?:\s+\p{Lu}[\p{L}.'\-]+){1,3}$").unwrap());
static URL: LazyLock<Regex> = LazyLock::new(|| Regex::new(r#"https?://[^\s<>"')\]]+"#).unwrap());

const MONTHS: [&str; 12] = [
    "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
];

fn month_number(word: &str) -> Option<u8> {
    let w = word.trim_end_matches('.').to_lowercase();
    if w.len() < 3 {
        return None;
    }
    MONTHS
        .iter()
        .position(|m| w.starts_with(m) && (w.len() == 3 || full_month(m).starts_with(&w)))
        .map(|i| i as u8 + 1)
}

fn full_month(abbr: &str) -> &'static str {
    match abbr {
        "jan" => "january",
        "feb" => "february",
        "mar" => "march",
        "apr" => "april",
        "may" => "may",
        "jun" => "june",
        "jul" => "july",
        "aug" => "august",
        "sep" => "september",
        "oct" => "october",
        "nov" => "november",
        _ => "december",
    }
}

static DATE_MDY: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b([a-z]{3,9}\.?)\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})\b").unwrap()
});
static DATE_DMY: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(\d{1,2})(?:st|nd|rd|th)?\s+([a-z]{3,9}\.?),?\s+(\d{4})\b").unwrap()
});
static DATE_ISO: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\b(\d{4})-(\d{2})-(\d{2})\b").unwrap());

/// A date stated by a short header line ("October 14, 2024", "Updated: 14 Oct
/// 2024 10:00", "2024-10-14"). Long lines are prose, not a dateline.
fn parse_date_line(line: &str) -> Option<Date> {
    // A ninth word is enough to tell; the rest of a long line is not counted.
    if line.split_whitespace().nth(8).is_some() {
        return None;
    }
    let valid = |y: i32, m: u8, d: u8| {
        ((1800..=2200).contains(&y) && (1..=12).contains(&m) && (1..=31).contains(&d)).then_some(
            Date {
                year: y,
                month: Some(m),
                day: Some(d),
            },
        )
    };
    if let Some(c) = DATE_MDY.captures(line) {
        if let (Some(m), Ok(d), Ok(y)) = (month_number(&c[1]), c[2].parse(), c[3].parse()) {
            return valid(y, m, d);
        }
    }
    if let Some(c) = DATE_DMY.captures(line) {
        if let (Ok(d), Some(m), Ok(y)) = (c[1].parse(), month_number(&c[2]), c[3].parse()) {
            return valid(y, m, d);
        }
    }
    let c = DATE_ISO.captures(line)?;
    valid(c[1].parse().ok()?, c[2].parse().ok()?, c[3].parse().ok()?)
}

/// "By Jane Doe", or a bare name line followed by a dateline or an
/// "Updated:"/"Published:" line (a common CMS layout): its span in `text`,
/// given the header's paragraph spans.
fn find_byline(text: &str, header: &[Range<usize>]) -> Option<Range<usize>> {
    for (i, span) in header.iter().enumerate().skip(1) {
        let line = &text[span.clone()];
        if let Some(c) = BYLINE.captures(line) {
            let name = c.get(1)?.range();
            return Some(span.start + name.start..span.start + name.end);
        }
        if NAME_LINE.is_match(line) {
            if let Some(next) = header.get(i + 1) {
                let next = &text[next.clone()];
                let lower = next.to_lowercase();
                if lower.starts_with("updated")
                    || lower.starts_with("published")
                    || parse_date_line(next).is_some()
                {
                    return Some(span.clone());
                }
            }
        }
    }
    None
}

/// The first URL in the header: its span in `text`, without a trailing stop.
fn find_url(text: &str, header: &[Range<usize>]) -> Option<Range<usize>> {
    header.iter().find_map(|span| {
        let m = URL.find(&text[span.clone()])?;
        let url = m.as_str().trim_end_matches(['.', ',', ';']);
        let start = span.start + m.start();
        Some(start..start + url.len())
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn article(raw: &str) -> Article {
        Article::parse("a.txt".into(), "a.txt".into(), raw.into())
    }

    #[test]
    fn markdown_header_with_byline_and_date() {
        let a = article(
            "\n\n# Why It Matters\n\nBy [Jane Q. Doe](#)\n\nOctober 14, 2024\n\nBody text. More text.",
        );
        assert_eq!(a.title(), "Why It Matters");
        assert_eq!(a.byline(), Some("Jane Q. Doe"));
        assert_eq!(a.date.map(|d| d.to_string()).as_deref(), Some("2024-10-14"));
        assert_eq!(a.sentences.len(), 5);
    }

    #[test]
    fn bare_name_before_an_updated_line() {
        let a = article("Title here\n\nA caption. Photo\nJohn Smith\nUpdated:\n0:00\n\nBody.");
        assert_eq!(a.byline(), Some("John Smith"));
        assert_eq!(a.date, None);
    }

    #[test]
    fn url_and_day_month_year() {
        let a =
            article("T\n\nSource: https://example.org/news/1.\n\nPublished 3 Mar 2005\n\nBody.");
        assert_eq!(a.url(), Some("https://example.org/news/1"));
        assert_eq!(a.date.map(|d| d.to_string()).as_deref(), Some("2005-03-03"));
    }

    #[test]
    fn prose_dates_are_not_datelines() {
        let a = article(
            "T\n\nOn October 4, 2024 the minister said many things about a great many topics.",
        );
        assert_eq!(a.date, None);
    }

    #[test]
    fn sentences_map_back_to_raw_text() {
        let a = article("T\n\n“Quoted,” she said. It cost &#163;5.");
        let s = &a.sentences[2];
        assert_eq!(a.text(s.span()), "It cost £5.");
        assert_eq!(
            a.raw(a.original(s.span())).as_deref(),
            Some("It cost &#163;5.")
        );
    }

    #[test]
    fn raw_text_lines_and_positions() {
        let raw = "T\r\n\n“Quoted” 😀, she said.\n\nIt cost &#163;5.";
        let a = article(raw);
        assert_eq!(a.raw_text(), raw);
        assert_eq!(a.raw_len(), raw.len());
        let at = raw.find("she").unwrap();
        let (line, start, text) = a.line_at(at);
        assert_eq!((line, start), (2, raw.find('“').unwrap()));
        assert_eq!(text, "“Quoted” 😀, she said.\n");
        let lines = LineIndex::new(raw);
        for offset in 0..=raw.len() + 2 {
            for enc in [Encoding::Utf8, Encoding::Utf16] {
                assert_eq!(a.position(offset, enc), lines.position(raw, offset, enc));
            }
        }
    }
}
