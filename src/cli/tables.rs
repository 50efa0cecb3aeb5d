//! `grounded entities` and `grounded audit`: what the corpus itself holds —
//! its entities, and the figures its sources disagree on.

use serde_json::{json, Value};

use super::report::article_span;
use super::setup::{self, display_path};
use super::{CorpusArgs, EXIT_CLEAN, EXIT_FINDINGS, EXIT_USAGE};
use crate::index::Index;

/// Output of the corpus tables.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum TableFormat {
    Text,
    Json,
}

fn print_json(items: &[Value]) {
    println!(
        "{}",
        serde_json::to_string_pretty(items).unwrap_or_default()
    );
}

fn load(args: &CorpusArgs) -> Option<&'static Index> {
    match setup::load(args) {
        Ok(l) => {
            setup::warn_skipped(&l.report);
            Some(l.index)
        }
        Err(e) => {
            eprintln!("grounded: error: {e}");
            None
        }
    }
}

/// `grounded entities`: name, kind, aliases, mentions, description.
pub fn entities(args: &CorpusArgs, format: TableFormat) -> u8 {
    let Some(index) = load(args) else {
        return EXIT_USAGE;
    };
    let rows = index.entities.ranked();
    match format {
        TableFormat::Json => {
            let items: Vec<Value> = rows
                .iter()
                .map(|e| {
                    json!({
                        "name": e.name,
                        "kind": e.kind.as_str(),
                        "aliases": e.aliases,
                        "articles": e.article_count,
                        "mentions": e.mentions.len(),
                        "descriptions": e.descriptions.iter().filter_map(|d| {
                            Some(json!({"text": d.text, "article": index.corpus.get(d.article)?.id}))
                        }).collect::<Vec<_>>(),
                    })
                })
                .collect();
            print_json(&items);
        }
        TableFormat::Text => {
            let width = rows
                .iter()
                .map(|e| e.name.chars().count())
                .max()
                .unwrap_or(4)
                .min(40);
            println!(
                "{:width$}  {:12}  {:>8}  {:>8}  aliases / description",
                "name", "kind", "articles", "mentions"
            );
            for e in rows {
                println!(
                    "{:width$}  {:12}  {:>8}  {:>8}  {}",
                    e.name,
                    e.kind.as_str(),
                    e.article_count,
                    e.mentions.len(),
                    e.aliases.join(", ")
                );
                if let Some(d) = e.descriptions.first() {
                    println!(
                        "{:width$}  {:12}  {:>8}  {:>8}  — {}",
                        "", "", "", "", d.text
                    );
                }
            }
        }
    }
    EXIT_CLEAN
}

/// `grounded audit`: where the corpus's sources disagree on a figure. Exits
/// 1 when they do, so a corpus can be audited in CI.
pub fn audit(args: &CorpusArgs, format: TableFormat) -> u8 {
    let Some(index) = load(args) else {
        return EXIT_USAGE;
    };
    let found = crate::figures::audit(index);
    let place = |article: usize, range: std::ops::Range<usize>| {
        let a = index.corpus.get(article)?;
        let s = article_span(a, range);
        Some((display_path(&a.path), s.start.line, s.start.column))
    };
    match format {
        TableFormat::Json => {
            let items: Vec<Value> = found
                .iter()
                .map(|d| {
                    json!({
                        "measure": d.measure,
                        "values": d.values.iter().filter_map(|(value, article, range)| {
                            let (path, line, column) = place(*article, range.clone())?;
                            Some(json!({"value": value, "path": path, "line": line, "column": column}))
                        }).collect::<Vec<_>>(),
                    })
                })
                .collect();
            print_json(&items);
        }
        TableFormat::Text => {
            for d in &found {
                println!("{}", d.measure);
                for (value, article, range) in &d.values {
                    if let Some((path, line, column)) = place(*article, range.clone()) {
                        println!("  {value:>16}  {path}:{line}:{column}");
                    }
                }
            }
        }
    }
    eprintln!(
        "grounded: {} disagreement{} among {} articles",
        found.len(),
        if found.len() == 1 { "" } else { "s" },
        index.corpus.len()
    );
    if found.is_empty() {
        EXIT_CLEAN
    } else {
        EXIT_FINDINGS
    }
}
