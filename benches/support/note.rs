//! A writer's note built from a corpus, for the check, hover and
//! first-diagnostics benches: a Markdown bullet list of the corpus's
//! sentences (half with figures, every seventh of those changed), a quotation
//! every tenth line (every third of them altered by a word) and a heading
//! every hundred lines.

use grounded::Index;

use super::quote_samples;

pub struct Note {
    pub text: String,
    pub lines: usize,
    pub perturbed: usize,
    pub quotes: usize,
}

pub use super::perturb::perturb;

/// Body sentences of the corpus (folded text, no quotation marks), those
/// with a digit and those without, visiting articles in a scattered order.
fn sentence_pools(index: &Index) -> (Vec<&str>, Vec<&str>) {
    let articles = &index.corpus.articles;
    let (mut figures, mut plain) = (Vec::new(), Vec::new());
    let step = 7919 % articles.len().max(1);
    let mut at = 0;
    for _ in 0..articles.len() {
        let a = &articles[at];
        at = (at + step.max(1)) % articles.len();
        for s in a.sentences.iter().skip(1) {
            let t = a.text(s.span());
            if t.len() < 40 || t.len() > 400 || !t.ends_with('.') || t.contains('"') {
                continue;
            }
            if t.bytes().any(|b| b.is_ascii_digit()) {
                figures.push(t);
            } else {
                plain.push(t);
            }
        }
        if figures.len() >= 1000 && plain.len() >= 1000 {
            break;
        }
    }
    (figures, plain)
}

/// A note of `lines` lines from `index`'s corpus.
pub fn build(index: &Index, lines: usize) -> Note {
    let (figures, plain) = sentence_pools(index);
    let quotes = quote_samples::sample(&index.corpus, lines / 10 + 1);
    let mut note = Note {
        text: String::new(),
        lines,
        perturbed: 0,
        quotes: 0,
    };
    let (mut f, mut p) = (0, 0);
    for k in 0..lines {
        let line = if k % 100 == 0 {
            format!("## Section {}", k / 100 + 1)
        } else if k % 10 == 5 && note.quotes < quotes.len() {
            note.quotes += 1;
            format!(
                "- A spokesman said: \"{}.\"",
                quotes[note.quotes - 1].folded
            )
        } else if (k % 2 == 0 || plain.is_empty()) && !figures.is_empty() {
            f += 1;
            let s = figures[(f - 1) % figures.len()];
            if f % 7 == 3 {
                note.perturbed += 1;
                format!("- {}", perturb(s, k))
            } else {
                format!("- {s}")
            }
        } else if !plain.is_empty() {
            p += 1;
            format!("- {}", plain[(p - 1) % plain.len()])
        } else {
            "-".to_string()
        };
        note.text.push_str(&line);
        note.text.push('\n');
    }
    note
}
