//! A deterministic synthetic corpus N times the size of a real one, for
//! benchmarks at scale. Copy 0 is the source corpus verbatim; every other
//! copy rewrites each article: some sentences are swapped with sentences of
//! other articles of the same category (the folder an article is in) and
//! paragraphs after the lead are shuffled, capitalised names are renamed
//! consistently within the copy, and figures are perturbed (years shifted,
//! amounts scaled up or down), all from a fixed seed.
//!
//! The corpus is written under the target folder, never committed, and
//! regenerated only when it is missing or [`VERSION`], the scale or the
//! source corpus changed.

use std::collections::{HashMap, HashSet};
use std::fs;
use std::io;
use std::path::{Path, PathBuf};

/// Bump when the generated text changes, so stale corpora are rebuilt.
pub const VERSION: u32 = 1;
const SEED: u64 = 0x5EED_2026_0009;
const STAMP: &str = "GENERATED";

/// splitmix64: a small, well-mixed generator (no dependency needed).
pub struct SplitMix(u64);

impl SplitMix {
    pub fn new(seed: u64) -> SplitMix {
        SplitMix(seed)
    }

    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        mix(self.0)
    }

    /// A number in `0..n` (`n > 0`).
    pub fn below(&mut self, n: usize) -> usize {
        (self.next_u64() % n as u64) as usize
    }
}

fn mix(mut z: u64) -> u64 {
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

/// A stable hash of a copy number and a string (FNV-1a, then mixed).
fn hash(copy: u32, s: &str) -> u64 {
    let mut h = 0xCBF2_9CE4_8422_2325u64 ^ SEED ^ u64::from(copy);
    for b in s.bytes() {
        h = (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01B3);
    }
    mix(h)
}

/// One source article, split into paragraphs of sentences.
struct Source {
    path: PathBuf,
    /// The folder under the corpus root ("" at the top level).
    category: String,
    stem: String,
    title: String,
    paragraphs: Vec<Vec<String>>,
}

/// Text files of a corpus folder, in a stable order (hidden files skipped).
pub fn corpus_files(root: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![root.to_path_buf()];
    while let Some(dir) = stack.pop() {
        let Ok(entries) = fs::read_dir(&dir) else {
            continue;
        };
        for e in entries.flatten() {
            let p = e.path();
            if e.file_name().to_string_lossy().starts_with('.') {
                continue;
            }
            if p.is_dir() {
                stack.push(p);
            } else if p
                .extension()
                .is_some_and(|x| x == "txt" || x == "md" || x == "markdown")
            {
                out.push(p);
            }
        }
    }
    out.sort();
    out
}

/// Total size in bytes of a corpus folder's text files.
pub fn disk_bytes(root: &Path) -> u64 {
    corpus_files(root)
        .iter()
        .filter_map(|p| p.metadata().ok())
        .map(|m| m.len())
        .sum()
}

/// Splits a paragraph into sentences: after `.`, `!` or `?` (and a closing
/// quote) followed by a space and a capital, digit or opening quote.
pub fn sentences(paragraph: &str) -> Vec<String> {
    let b = paragraph.as_bytes();
    let mut out = Vec::new();
    let mut start = 0;
    let mut i = 0;
    while i < b.len() {
        if matches!(b[i], b'.' | b'!' | b'?') {
            let mut end = i + 1;
            while end < b.len() && matches!(b[end], b'"' | b'\'') {
                end += 1;
            }
            let next = b.get(end + 1).copied().unwrap_or(b'A');
            if (end == b.len() || b[end] == b' ')
                && (next.is_ascii_uppercase() || next.is_ascii_digit() || next == b'"')
            {
                let s = paragraph[start..end].trim();
                if !s.is_empty() {
                    out.push(s.to_string());
                }
                start = end;
                i = end;
                continue;
            }
        }
        i += 1;
    }
    let rest = paragraph[start..].trim();
    if !rest.is_empty() {
        out.push(rest.to_string());
    }
    out
}

fn read_sources(root: &Path) -> Vec<Source> {
    let mut out = Vec::new();
    for path in corpus_files(root) {
        let Ok(text) = fs::read_to_string(&path) else {
            continue;
        };
        let mut lines = text.lines();
        let title = lines.next().unwrap_or_default().trim().to_string();
        let paragraphs: Vec<Vec<String>> = lines
            .map(str::trim)
            .filter(|l| !l.is_empty())
            .map(sentences)
            .collect();
        let category = path
            .parent()
            .and_then(|p| p.strip_prefix(root).ok())
            .map(|p| p.to_string_lossy().into_owned())
            .unwrap_or_default();
        let stem = path
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default();
        out.push(Source {
            path,
            category,
            stem,
            title,
            paragraphs,
        });
    }
    out
}

/// Alphabetic words of a text with their byte offsets.
fn words(text: &str) -> impl Iterator<Item = (usize, &str)> {
    text.split(|c: char| !c.is_ascii_alphabetic())
        .filter(|w| !w.is_empty())
        .map(move |w| (w.as_ptr() as usize - text.as_ptr() as usize, w))
}

/// The names to rename: capitalised words (3+ letters) seen at least once
/// inside a sentence, never in lower case anywhere, and in at most one
/// article in 40 (the most frequent names, months and days stay, so dates
/// and well-known names remain readable).
fn names(sources: &[Source]) -> HashSet<String> {
    let mut lower = HashSet::new();
    let mut inside = HashSet::new();
    let mut articles: HashMap<String, usize> = HashMap::new();
    for s in sources {
        let mut seen = HashSet::new();
        for sentence in s.paragraphs.iter().flatten() {
            for (k, (_, w)) in words(sentence).enumerate() {
                if w.as_bytes()[0].is_ascii_lowercase() {
                    lower.insert(w.to_string());
                } else if w.len() >= 3 {
                    if k > 0 {
                        inside.insert(w.to_string());
                    }
                    seen.insert(w.to_string());
                }
            }
        }
        for w in seen {
            *articles.entry(w).or_default() += 1;
        }
    }
    let common = sources.len() / 40;
    inside
        .into_iter()
        .filter(|w| !lower.contains(&w.to_lowercase()))
        .filter(|w| articles.get(w).copied().unwrap_or(0) <= common.max(1))
        .collect()
}

/// A pronounceable stand-in for `word`, the same throughout one copy, with
/// the word's capitalisation (acronyms stay in capitals).
fn pseudonym(copy: u32, word: &str) -> String {
    const CONSONANTS: &[u8] = b"bcdfghklmnprstvz";
    const VOWELS: &[u8] = b"aeiou";
    let mut h = hash(copy, word);
    let acronym = word.bytes().all(|b| b.is_ascii_uppercase());
    let mut out = String::new();
    if acronym {
        for _ in 0..word.len() {
            out.push((b'A' + (h % 26) as u8) as char);
            h = mix(h);
        }
        return out;
    }
    let syllables = (word.len() / 3).clamp(2, 4);
    for _ in 0..syllables {
        out.push(CONSONANTS[(h % 16) as usize] as char);
        out.push(VOWELS[((h >> 8) % 5) as usize] as char);
        h = mix(h);
    }
    if h % 3 == 0 {
        out.push(CONSONANTS[((h >> 16) % 16) as usize] as char);
    }
    let mut c = out.chars();
    let first = c.next().unwrap_or('x').to_ascii_uppercase();
    std::iter::once(first).chain(c).collect()
}

/// A perturbed figure, the same for the same figure throughout one copy:
/// years move by up to three, other numbers are kept, scaled by up to ±20 %
/// or halved/doubled, with their decimals and thousands separators.
fn perturb(copy: u32, figure: &str) -> String {
    let h = hash(copy, figure);
    let plain = figure.bytes().all(|b| b.is_ascii_digit());
    if plain && figure.len() == 4 && (figure.starts_with("19") || figure.starts_with("20")) {
        let year: i64 = figure.parse().unwrap_or(2000);
        return (year + (h % 7) as i64 - 3).to_string();
    }
    let decimals = figure.rfind('.').map_or(0, |d| figure.len() - d - 1);
    let Ok(value) = figure.replace(',', "").parse::<f64>() else {
        return figure.to_string();
    };
    let step = ((h >> 8) % 20 + 1) as f64 / 100.0;
    let scaled = match h % 5 {
        0 => value,
        1 => value * (1.0 + step),
        2 => value * (1.0 - step),
        3 => value * 2.0,
        _ => value / 2.0,
    };
    let mut text = format!("{scaled:.decimals$}");
    if decimals == 0 && value >= 1.0 && scaled < 1.0 {
        text = "1".into();
    }
    if figure.contains(',') {
        text = thousands(&text);
    }
    text
}

fn thousands(number: &str) -> String {
    let (int, frac) = number.split_at(number.find('.').unwrap_or(number.len()));
    let mut out = String::new();
    for (k, c) in int.chars().enumerate() {
        if k > 0 && (int.len() - k) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    out + frac
}

/// Renames the names and perturbs the figures of one text for one copy.
fn rewrite(copy: u32, text: &str, names: &HashSet<String>) -> String {
    let b = text.as_bytes();
    let mut out = String::with_capacity(text.len() + 16);
    let mut i = 0;
    while i < b.len() {
        let start = i;
        if b[i].is_ascii_alphabetic() {
            while i < b.len() && b[i].is_ascii_alphabetic() {
                i += 1;
            }
            let w = &text[start..i];
            if names.contains(w) {
                out.push_str(&pseudonym(copy, w));
            } else {
                out.push_str(w);
            }
        } else if b[i].is_ascii_digit() && (start == 0 || !b[start - 1].is_ascii_alphabetic()) {
            while i < b.len()
                && (b[i].is_ascii_digit()
                    || (matches!(b[i], b'.' | b',')
                        && b.get(i + 1).is_some_and(u8::is_ascii_digit)))
            {
                i += 1;
            }
            out.push_str(&perturb(copy, &text[start..i]));
        } else {
            let ch = text[i..].chars().next().map_or(1, char::len_utf8);
            out.push_str(&text[i..i + ch]);
            i += ch;
        }
    }
    out
}

/// One rewritten article of copy `copy`.
fn article(
    copy: u32,
    source: &Source,
    pool: &[&str],
    names: &HashSet<String>,
    rng: &mut SplitMix,
) -> String {
    let mut paragraphs: Vec<Vec<&str>> = source
        .paragraphs
        .iter()
        .map(|p| p.iter().map(String::as_str).collect())
        .collect();
    // Sentences without quotation marks may be swapped with another
    // article's, so that quotations stay whole.
    for p in &mut paragraphs {
        for s in p.iter_mut() {
            if !pool.is_empty() && !s.contains('"') && rng.below(3) == 0 {
                *s = pool[rng.below(pool.len())];
            }
        }
    }
    // Paragraphs after the lead in a shuffled order (Fisher–Yates).
    for k in (2..paragraphs.len()).rev() {
        let j = 1 + rng.below(k);
        paragraphs.swap(k, j);
    }
    let mut text = format!("{}\n\n", source.title);
    for p in &paragraphs {
        text.push_str(&p.join(" "));
        text.push_str("\n\n");
    }
    rewrite(copy, &text, names)
}

/// Where generated corpora go: `$GROUNDED_BENCH_DIR`, else
/// `<target>/bench-corpus` (this binary is `<target>/release/deps/suite-*`).
pub fn generated_root() -> PathBuf {
    if let Some(d) = std::env::var_os("GROUNDED_BENCH_DIR") {
        return PathBuf::from(d);
    }
    std::env::current_exe()
        .ok()
        .and_then(|e| e.ancestors().nth(3).map(Path::to_path_buf))
        .unwrap_or_else(std::env::temp_dir)
        .join("bench-corpus")
}

/// What a generated folder was made from; a different stamp means rebuild.
fn stamp(sources: &[Source], copies: u32) -> String {
    let bytes: u64 = sources
        .iter()
        .filter_map(|s| s.path.metadata().ok())
        .map(|m| m.len())
        .sum();
    format!(
        "generator {VERSION}, {copies} copies of {} articles ({bytes} bytes)\n",
        sources.len()
    )
}

/// Makes (or reuses) `out`: `copies` copies of the corpus at `source`.
/// Returns whether it was generated now.
pub fn ensure(source: &Path, out: &Path, copies: u32) -> io::Result<bool> {
    let sources = read_sources(source);
    let want = stamp(&sources, copies);
    if fs::read_to_string(out.join(STAMP)).is_ok_and(|s| s == want) {
        return Ok(false);
    }
    if out.exists() {
        fs::remove_dir_all(out)?;
    }
    let tmp = out.with_extension("partial");
    if tmp.exists() {
        fs::remove_dir_all(&tmp)?;
    }
    let names = names(&sources);
    let mut pools: HashMap<&str, Vec<&str>> = HashMap::new();
    for s in &sources {
        let pool = pools.entry(s.category.as_str()).or_default();
        for sentence in s.paragraphs.iter().skip(1).flatten() {
            if !sentence.contains('"') {
                pool.push(sentence);
            }
        }
    }
    let mut rng = SplitMix::new(SEED);
    for copy in 0..copies {
        let dir = tmp.join(format!("x{copy:03}"));
        for s in &sources {
            let folder = dir.join(&s.category);
            fs::create_dir_all(&folder)?;
            if copy == 0 {
                fs::copy(&s.path, folder.join(format!("{}.txt", s.stem)))?;
            } else {
                let pool = &pools[s.category.as_str()];
                let file = folder.join(format!("{}-v{copy:03}.txt", s.stem));
                fs::write(file, article(copy, s, pool, &names, &mut rng))?;
            }
        }
    }
    fs::write(tmp.join(STAMP), want)?;
    fs::rename(&tmp, out)?;
    Ok(true)
}
