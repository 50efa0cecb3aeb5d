//! The hover card: an entity's name, kind, what the sources say it is, its
//! other names, how widely it is mentioned and a few source snippets.

use std::fmt::Write;

use super::{EntityId, Mention};
use crate::index::Index;

/// How many description lines and snippets a card shows.
const MAX_DESCRIPTIONS: usize = 4;
const MAX_SNIPPETS: usize = 3;
const MAX_ALIASES: usize = 8;
/// Articles named after a description; the rest are counted.
const MAX_DESCRIPTION_ARTICLES: usize = 3;
/// Characters of context either side of a mention in a snippet.
const SNIPPET_CONTEXT: usize = 80;

/// The Markdown hover card of entity `id` (empty for an unknown id).
pub fn card(index: &Index, id: EntityId) -> String {
    let Some(e) = index.entities.get(id) else {
        return String::new();
    };
    let corpus = &index.corpus;
    let article_name = |a: usize| corpus.get(a).map_or("?", |a| a.id.as_str());
    let mut out = String::new();
    let _ = writeln!(out, "**{}** · {}\n", e.name, e.kind.as_str());

    // Descriptions, each with every article that states it.
    // Each line: its text, the first articles stating it, how many in all.
    let mut lines: Vec<(String, Vec<&str>, usize)> = Vec::new();
    for d in &e.descriptions {
        let full = lines.len() >= MAX_DESCRIPTIONS;
        match lines
            .iter_mut()
            .find(|(t, _, _)| t.eq_ignore_ascii_case(&d.text))
        {
            Some((_, arts, count)) => {
                *count += 1;
                if arts.len() < MAX_DESCRIPTION_ARTICLES {
                    arts.push(article_name(d.article));
                }
            }
            None if !full => lines.push((d.text.clone(), vec![article_name(d.article)], 1)),
            None => {}
        }
    }
    for (text, arts, count) in &lines {
        let more = match count - arts.len() {
            0 => String::new(),
            n => format!(" and {n} more"),
        };
        let _ = writeln!(out, "- {text} — _{}_{more}", arts.join(", "));
    }
    if !lines.is_empty() {
        out.push('\n');
    }
    if !e.aliases.is_empty() {
        let shown: Vec<&str> = e
            .aliases
            .iter()
            .take(MAX_ALIASES)
            .map(String::as_str)
            .collect();
        let more = e.aliases.len().saturating_sub(MAX_ALIASES);
        let _ = write!(out, "Also: {}", shown.join(", "));
        if more > 0 {
            let _ = write!(out, " (+{more})");
        }
        out.push_str("\n\n");
    }
    let _ = writeln!(
        out,
        "Mentioned in {} article{} ({} mention{}).",
        e.article_count,
        if e.article_count == 1 { "" } else { "s" },
        e.mentions.len(),
        if e.mentions.len() == 1 { "" } else { "s" },
    );

    // Snippets: the best mention first, then one per other article.
    let mut picked: Vec<&Mention> = Vec::new();
    if let Some(b) = index.entities.best_mention(id) {
        picked.push(b);
    }
    for m in &e.mentions {
        if picked.len() >= MAX_SNIPPETS {
            break;
        }
        if !picked.iter().any(|p| p.article() == m.article()) {
            picked.push(m);
        }
    }
    for m in picked {
        if let Some(s) = snippet(index, m) {
            let _ = write!(out, "\n> {s} — _{}_\n", article_name(m.article()));
        }
    }
    out
}

/// The sentence around a mention, cut to a window, with the name in bold.
fn snippet(index: &Index, m: &Mention) -> Option<String> {
    let article = index.corpus.get(m.article())?;
    let map = &article.folded.map;
    let start = map.from_original(m.range().start);
    let end = map.from_original(m.range().end).max(start);
    let text = &article.folded.text;
    let sentence = article
        .sentences
        .iter()
        .find(|s| s.span().start <= start && end <= s.span().end)
        .map_or(start..end, |s| s.span());
    let floor = |mut i: usize| {
        while !text.is_char_boundary(i) {
            i -= 1;
        }
        i
    };
    let lo = floor(sentence.start.max(start.saturating_sub(SNIPPET_CONTEXT)));
    let hi = floor(sentence.end.min(end + SNIPPET_CONTEXT).max(end));
    let clean = |s: &str| s.replace(['*', '_', '`', '[', ']'], "").replace('\n', " ");
    Some(format!(
        "{}{}**{}**{}{}",
        if lo > sentence.start { "…" } else { "" },
        clean(&text[lo..start]),
        clean(&text[start..end]),
        clean(&text[end..hi]),
        if hi < sentence.end { "…" } else { "" },
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_description_names_its_first_articles_and_counts_the_rest() {
        let texts: Vec<(String, String)> = (0..6)
            .map(|i| {
                (
                    format!("a{i}.txt"),
                    format!("Port news {i}\n\nAna Ruiz, the port director, said the cranes were ready on day {i}.\n"),
                )
            })
            .collect();
        let index = Index::from_texts(texts.iter().map(|(n, t)| (n.as_str(), t.as_str())));
        let id = index.entities.resolve("Ana Ruiz").expect("an entity");
        let card = card(&index, id);
        assert!(
            card.contains("- port director — _a0.txt, a1.txt, a2.txt_ and 3 more"),
            "{card}"
        );
    }
}
