//! LSP features over the analyses: each function takes the index and a
//! note's text, calls the pure core, and translates its answer (byte ranges,
//! article ids) into LSP types. No analysis happens here.

use std::ops::Range;
use std::sync::Arc;

use tower_lsp_server::ls_types::*;

use super::convert::{self, article_location};
use crate::entities::{self, EntityId, EntityKind};
use crate::figures::FigureCache;
use crate::index::Index;
use crate::quotes::QuoteCache;
use crate::text::{Encoding, LineIndex};

/// The command a quote's code lens runs: open the source passage.
pub const OPEN_SOURCE: &str = "grounded.openSource";

/// A note's text with its line index, in the negotiated encoding.
pub struct NoteView<'a> {
    pub text: &'a str,
    pub lines: LineIndex,
    pub enc: Encoding,
}

impl<'a> NoteView<'a> {
    pub fn new(text: &'a str, enc: Encoding) -> NoteView<'a> {
        NoteView {
            text,
            lines: LineIndex::new(text),
            enc,
        }
    }

    pub fn range(&self, r: Range<usize>) -> LspRange {
        convert::range(self.text, &self.lines, r, self.enc)
    }

    pub fn offset(&self, p: Position) -> usize {
        self.lines.offset(self.text, convert::line_col(p), self.enc)
    }
}

/// The LSP range type (`Range` here is `std::ops::Range`).
pub type LspRange = tower_lsp_server::ls_types::Range;

fn markdown(value: String) -> HoverContents {
    HoverContents::Markup(MarkupContent {
        kind: MarkupKind::Markdown,
        value,
    })
}

/// Hover: a figure's comparison with the sources, else an entity's card.
/// With the note's figure cache, a figure's verdict is not worked out again.
pub fn hover(
    index: &Index,
    note: &NoteView,
    pos: Position,
    cache: Option<&mut FigureCache>,
) -> Option<Hover> {
    let offset = note.offset(pos);
    let figure = match cache {
        Some(cache) => crate::figures::figure_at_cached(index, note.text, offset, cache),
        None => crate::figures::figure_at(index, note.text, offset),
    };
    if let Some(f) = figure {
        return Some(Hover {
            contents: markdown(f.markdown),
            range: Some(note.range(f.range)),
        });
    }
    let m = index.entities.mention_at(note.text, offset)?;
    Some(Hover {
        contents: markdown(entities::card(index, m.entity)),
        range: Some(note.range(m.range)),
    })
}

/// Definition: a quote's source passages (best first), else an entity's
/// most informative mention.
/// With the note's quote cache, a quote's passages are not searched again.
pub fn definition(
    index: &Index,
    note: &NoteView,
    pos: Position,
    cache: Option<&QuoteCache>,
) -> Option<GotoDefinitionResponse> {
    let offset = note.offset(pos);
    let quote = match cache {
        Some(cache) => crate::quotes::quote_at_cached(index, note.text, offset, cache),
        None => crate::quotes::quote_at(index, note.text, offset),
    };
    if let Some((_, matches)) = quote {
        let locations: Vec<Location> = matches
            .iter()
            .filter_map(|m| article_location(index, m.article, m.range.clone(), note.enc))
            .collect();
        return (!locations.is_empty()).then_some(GotoDefinitionResponse::Array(locations));
    }
    let m = index.entities.mention_at(note.text, offset)?;
    let best = index.entities.best_mention(m.entity)?;
    article_location(index, best.article(), best.range(), note.enc)
        .map(GotoDefinitionResponse::Scalar)
}

/// References: every mention of the entity under the cursor, in the corpus
/// and in the open notes.
pub fn references(
    index: &Index,
    note: &NoteView,
    pos: Position,
    open: &[(Uri, Arc<String>)],
) -> Option<Vec<Location>> {
    let m = index.entities.mention_at(note.text, note.offset(pos))?;
    let entity = index.entities.get(m.entity)?;
    let mut out: Vec<Location> = entity
        .mentions
        .iter()
        .filter_map(|x| article_location(index, x.article(), x.range(), note.enc))
        .collect();
    for (uri, text) in open {
        let view = NoteView::new(text, note.enc);
        for nm in index.entities.mentions_in(text) {
            if nm.entity == m.entity {
                out.push(Location::new(uri.clone(), view.range(nm.range)));
            }
        }
    }
    Some(out)
}

fn symbol_kind(k: EntityKind) -> SymbolKind {
    match k {
        EntityKind::Person => SymbolKind::OBJECT,
        EntityKind::Organisation => SymbolKind::NAMESPACE,
        EntityKind::Place => SymbolKind::PACKAGE,
        EntityKind::Event => SymbolKind::EVENT,
        EntityKind::Other => SymbolKind::KEY,
    }
}

/// The first description of an entity, if any.
fn summary(index: &Index, id: EntityId) -> Option<String> {
    let e = index.entities.get(id)?;
    e.descriptions.first().map(|d| d.text.clone())
}

/// Workspace symbols: entities whose name or an alias matches `query`.
#[allow(deprecated)] // SymbolInformation::deprecated is a required field
pub fn workspace_symbols(index: &Index, query: &str, enc: Encoding) -> Vec<SymbolInformation> {
    index
        .entities
        .search(query, 200)
        .into_iter()
        .filter_map(|id| {
            let e = index.entities.get(id)?;
            let best = index.entities.best_mention(id)?;
            Some(SymbolInformation {
                name: e.name.clone(),
                kind: symbol_kind(e.kind),
                tags: None,
                deprecated: None,
                location: article_location(index, best.article(), best.range(), enc)?,
                container_name: Some(e.kind.as_str().to_string()),
            })
        })
        .collect()
}

/// The capitalised word being typed before `offset`, as a byte range.
fn word_before(text: &str, offset: usize) -> Option<Range<usize>> {
    let head = text.get(..offset)?;
    let start = head
        .char_indices()
        .rev()
        .take_while(|(_, c)| c.is_alphanumeric() || matches!(c, '-' | '\'' | '.'))
        .last()
        .map(|(i, _)| i)?;
    head[start..]
        .chars()
        .next()
        .is_some_and(char::is_uppercase)
        .then_some(start..offset)
}

/// Completion: entity names in their canonical spelling for the capitalised
/// word being typed.
pub fn completion(index: &Index, note: &NoteView, pos: Position) -> Option<CompletionResponse> {
    let offset = note.offset(pos);
    let word = word_before(note.text, offset)?;
    let prefix = &note.text[word.clone()];
    let replace = note.range(word);
    let items: Vec<CompletionItem> = index
        .entities
        .complete(prefix, 20)
        .into_iter()
        .filter_map(|id| {
            let e = index.entities.get(id)?;
            Some(CompletionItem {
                label: e.name.clone(),
                kind: Some(CompletionItemKind::REFERENCE),
                detail: Some(match summary(index, id) {
                    Some(d) => format!("{} · {d}", e.kind),
                    None => e.kind.to_string(),
                }),
                filter_text: Some(prefix.to_string()),
                text_edit: Some(CompletionTextEdit::Edit(TextEdit::new(
                    replace,
                    e.name.clone(),
                ))),
                ..Default::default()
            })
        })
        .collect();
    (!items.is_empty()).then_some(CompletionResponse::Array(items))
}

/// Document symbols: each entity the note mentions, at its first mention.
#[allow(deprecated)] // DocumentSymbol::deprecated is a required field
pub fn document_symbols(index: &Index, note: &NoteView) -> Vec<DocumentSymbol> {
    let mut seen = std::collections::HashSet::new();
    index
        .entities
        .mentions_in(note.text)
        .into_iter()
        .filter(|m| seen.insert(m.entity))
        .filter_map(|m| {
            let e = index.entities.get(m.entity)?;
            let range = note.range(m.range);
            Some(DocumentSymbol {
                name: e.name.clone(),
                detail: Some(e.kind.to_string()),
                kind: symbol_kind(e.kind),
                tags: None,
                deprecated: None,
                range,
                selection_range: range,
                children: None,
            })
        })
        .collect()
}

/// Code lenses: where each checked quote comes from, or that it was not found.
pub fn code_lenses(index: &Index, note: &NoteView) -> Vec<CodeLens> {
    crate::quotes::note_quotes(note.text)
        .into_iter()
        .filter(crate::quotes::is_checked)
        .map(|q| {
            let matches = index.quotes.locate(&index.corpus, &q.text);
            let best = matches.first();
            let target =
                best.and_then(|m| article_location(index, m.article, m.range.clone(), note.enc));
            CodeLens {
                range: note.range(q.range),
                command: Some(Command {
                    title: crate::quotes::lens_label(index, best),
                    command: OPEN_SOURCE.into(),
                    arguments: target
                        .and_then(|t| serde_json::to_value(t).ok())
                        .map(|t| vec![t]),
                }),
                data: None,
            }
        })
        .collect()
}

/// The entity table as Markdown (for the editors' "Show entity table").
pub fn entity_table_markdown(index: &Index) -> String {
    let mut out = format!(
        "# Entities\n\n{} entities in {} articles.\n\n| name | kind | aliases | articles | description |\n|---|---|---|---|---|\n",
        index.entities.entities().len(),
        index.corpus.len()
    );
    let cell = |s: &str| s.replace('|', "\\|").replace('\n', " ");
    for e in index.entities.ranked() {
        out.push_str(&format!(
            "| {} | {} | {} | {} | {} |\n",
            cell(&e.name),
            e.kind,
            cell(&e.aliases.join(", ")),
            e.article_count,
            cell(&summary(index, e.id).unwrap_or_default())
        ));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn word_before_needs_a_capital() {
        let t = "met Lav";
        assert_eq!(word_before(t, t.len()), Some(4..7));
        assert_eq!(word_before("met lav", 7), None);
        assert_eq!(word_before("", 0), None);
    }
}
