//! Properties of the core that every front end relies on, over arbitrary
//! text: offsets map back onto character boundaries, positions round-trip,
//! incremental edits equal string edits (and `check` of the edited document
//! equals `check` of the string), and `check` never panics and only reports
//! ranges inside the note. `tests/lsp_properties.rs` drives the same edits
//! through the server. `PROPTEST_CASES=N` runs more cases (256
//! by default).

use std::sync::LazyLock;

use grounded::server::{Document, Edit};
use grounded::text::{fold, fold_note, Encoding, LineBreaks, LineIndex};
use grounded::Index;
use proptest::prelude::*;

/// Text with the characters that break naive code: Markdown, entities,
/// quotes of every kind, CRLF and lone CR, emoji, combining marks, NUL.
fn messy_text() -> impl Strategy<Value = String> {
    let pieces = prop::sample::select(vec![
        "a",
        "Z",
        " ",
        "  ",
        "\n",
        "\n\n",
        "\r\n",
        "\r",
        "\t",
        "é",
        "😀",
        "\u{301}",
        "\u{a0}",
        "“",
        "”",
        "’",
        "\"",
        "'",
        "—",
        "…",
        "...",
        "[",
        "]",
        "(",
        ")",
        "*",
        "_",
        "`",
        "```",
        "#",
        ">",
        "-",
        "&#163;",
        "&amp;",
        "&",
        "\\",
        "\\$",
        "$1",
        "145",
        "3.5m",
        "20%",
        "said",
        "Mr Doe",
        "The",
        ".",
        "!",
        "?",
        "<b>",
        "</b>",
        "[x](#)",
        "![i](p.png)",
        "\0",
    ]);
    prop::collection::vec(pieces, 0..60).prop_map(|v| v.concat())
}

static INDEX: LazyLock<Index> = LazyLock::new(|| {
    Index::from_texts([
        ("a.txt", "Storm hits coast\n\n“The storm killed 12 people,” Mr Doe said on Monday.\n\nIt cost $3.5m (£1.8m), or 20% of the budget.\n"),
        ("b.md", "# Markets\n\nBy [Jane Roe](#)\n\nOctober 14, 2024\n\nThe Agency said prices rose 3% in 2003.\n"),
    ])
});

/// The seed articles, for checks that should find something.
static SEEDS: LazyLock<Index> = LazyLock::new(|| {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("seeds");
    let mut files: Vec<(String, String)> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "txt"))
        .map(|p| {
            let name = p.file_name().unwrap().to_string_lossy().into_owned();
            (name, std::fs::read_to_string(&p).unwrap())
        })
        .collect();
    files.sort();
    Index::from_texts(files.iter().map(|(n, t)| (n.as_str(), t.as_str())))
});

/// A real note: a contradicted figure, altered and misattributed quotes.
const BRIEFING: &str = include_str!("fixtures/notes/briefing.md");

/// Pieces edits insert into the briefing: its own words, figures and quote
/// marks, line breaks of every kind, non-ASCII.
fn briefing_piece() -> impl Strategy<Value = String> {
    prop_oneof![
        prop::sample::select(vec![
            "",
            " ",
            "\n",
            "\r\n",
            "\n\n",
            "é",
            "😀",
            "“",
            "”",
            "\"",
            "145",
            "250",
            "120",
            "people",
            "Taliban",
            " said: ",
            "The attack left 300 people dead.",
        ])
        .prop_map(str::to_string),
        (0..BRIEFING.len(), 1..40usize).prop_map(|(a, n)| {
            let a = (0..=a)
                .rev()
                .find(|&i| BRIEFING.is_char_boundary(i))
                .unwrap();
            let b = ((a + n).min(BRIEFING.len())..=BRIEFING.len())
                .find(|&i| BRIEFING.is_char_boundary(i))
                .unwrap();
            BRIEFING[a..b].to_string()
        }),
    ]
}

proptest! {

    #[test]
    fn folded_ranges_map_onto_char_boundaries(src in messy_text()) {
        for f in [fold(&src, LineBreaks::Paragraph), fold_note(&src)] {
            let n = f.text.len();
            for a in (0..=n).filter(|&i| f.text.is_char_boundary(i)) {
                let r = f.original(a..n);
                prop_assert!(r.start <= r.end && r.end <= src.len());
                prop_assert!(src.is_char_boundary(r.start) && src.is_char_boundary(r.end), "{r:?} in {src:?}");
            }
        }
    }

    #[test]
    fn positions_round_trip(src in messy_text()) {
        let lines = LineIndex::new(&src);
        for enc in [Encoding::Utf8, Encoding::Utf16] {
            for (i, _) in src.char_indices() {
                if src[..i].ends_with('\r') && src[i..].starts_with('\n') {
                    continue; // between \r and \n is inside one line break
                }
                let p = lines.position(&src, i, enc);
                prop_assert_eq!(lines.offset(&src, p, enc), i);
            }
        }
    }

    #[test]
    fn incremental_edits_equal_string_edits(
        src in messy_text(),
        edits in prop::collection::vec((any::<prop::sample::Index>(), any::<prop::sample::Index>(), messy_text()), 0..8),
        utf16 in any::<bool>(),
    ) {
        let enc = if utf16 { Encoding::Utf16 } else { Encoding::Utf8 };
        let mut doc = Document::new(&src, 1);
        let mut text = src.clone();
        for (k, (a, b, insert)) in edits.into_iter().enumerate() {
            let bounds: Vec<usize> = text.char_indices().map(|(i, _)| i).chain([text.len()])
                .filter(|&i| !(text[..i].ends_with('\r') && text[i..].starts_with('\n')))
                .collect();
            let (x, y) = (bounds[a.index(bounds.len())], bounds[b.index(bounds.len())]);
            let (start, end) = (x.min(y), x.max(y));
            let lines = LineIndex::new(&text);
            let range = Some((lines.position(&text, start, enc), lines.position(&text, end, enc)));
            doc.apply(&[Edit { range, text: insert.clone() }], k as i32 + 2, enc);
            text.replace_range(start..end, &insert);
            prop_assert_eq!(doc.text(), text.clone());
        }
    }

    #[test]
    fn check_never_panics_and_stays_inside_the_note(note in messy_text()) {
        for f in grounded::check(&INDEX, &note) {
            prop_assert!(f.range.start <= f.range.end && f.range.end <= note.len());
            prop_assert!(note.is_char_boundary(f.range.start) && note.is_char_boundary(f.range.end));
            for x in &f.fixes {
                prop_assert!(x.range.end <= note.len() && note.is_char_boundary(x.range.start) && note.is_char_boundary(x.range.end));
            }
            for s in &f.sources {
                let raw = &INDEX.corpus.articles[s.article].raw_text();
                prop_assert!(s.range.end <= raw.len() && raw.is_char_boundary(s.range.start));
            }
        }
    }

    #[test]
    fn hover_lookups_never_panic(note in messy_text(), at in any::<prop::sample::Index>()) {
        let offset = at.index(note.len() + 1);
        let _ = INDEX.entities.mention_at(&note, offset);
        let _ = grounded::figures::figure_at(&INDEX, &note, offset);
        let _ = grounded::quotes::quote_at(&INDEX, &note, offset);
    }

}

proptest! {
    // Each case checks the note twice against the seed articles.
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn check_of_an_edited_document_equals_check_of_the_assembled_text(
        edits in prop::collection::vec((any::<prop::sample::Index>(), any::<prop::sample::Index>(), briefing_piece()), 1..20),
        utf16 in any::<bool>(),
    ) {
        let enc = if utf16 { Encoding::Utf16 } else { Encoding::Utf8 };
        let mut doc = Document::new(BRIEFING, 1);
        let mut text = BRIEFING.to_string();
        for (k, (a, b, insert)) in edits.into_iter().enumerate() {
            let bounds: Vec<usize> = text.char_indices().map(|(i, _)| i).chain([text.len()])
                .filter(|&i| !(text[..i].ends_with('\r') && text[i..].starts_with('\n')))
                .collect();
            let (x, y) = (bounds[a.index(bounds.len())], bounds[b.index(bounds.len())]);
            // Spans of up to 60 bytes, so the note keeps most of its findings.
            let start = x.min(y);
            let end = bounds.iter().copied().filter(|&i| i <= x.max(y).min(start + 60)).max().unwrap();
            let lines = LineIndex::new(&text);
            let range = Some((lines.position(&text, start, enc), lines.position(&text, end, enc)));
            doc.apply(&[Edit { range, text: insert.clone() }], k as i32 + 2, enc);
            text.replace_range(start..end, &insert);
        }
        let edited = grounded::check(&SEEDS, &doc.text());
        let assembled = grounded::check(&SEEDS, &text);
        prop_assert_eq!(edited, assembled);
    }
}

/// Pieces that move speakers around: names, pronouns, roles, appositives,
/// colons that introduce a quote, and quote marks.
fn speaker_piece() -> impl Strategy<Value = String> {
    prop_oneof![
        prop::sample::select(vec![
            "",
            "\n\n",
            "\"",
            ":",
            "> ",
            "he said",
            "She said: ",
            "the spokesman said",
            "the FSB director said",
            "Alexander Bortnikov, the director of the FSB, said so.",
            "Zamir Kabulov told reporters:\n\n",
            "\"We will see about that soon,\" he added.",
            "Lavrov",
            "Ms Smith",
        ])
        .prop_map(str::to_string),
        briefing_piece(),
    ]
}

proptest! {
    // Each case checks the note twice per edit against the seed articles.
    #![proptest_config(ProptestConfig::with_cases(32))]

    /// The editor's re-check after each edit (one `NoteCache` kept across
    /// them) equals a check from scratch.
    #[test]
    fn re_checks_after_edits_equal_checks_from_scratch(
        edits in prop::collection::vec((any::<prop::sample::Index>(), 0..40usize, speaker_piece()), 1..8),
    ) {
        let mut cache = grounded::NoteCache::new();
        let mut text = BRIEFING.to_string();
        let first = grounded::check_incremental(&SEEDS, &text, &mut cache, grounded::Cancel::NEVER);
        prop_assert_eq!(first.ok(), Some(grounded::check_detailed(&SEEDS, &text)));
        for (at, len, insert) in edits {
            let start = at.index(text.len() + 1);
            let start = (0..=start).rev().find(|&i| text.is_char_boundary(i)).unwrap();
            let end = (start + len).min(text.len());
            let end = (end..=text.len()).find(|&i| text.is_char_boundary(i)).unwrap();
            text.replace_range(start..end, &insert);
            let again = grounded::check_incremental(&SEEDS, &text, &mut cache, grounded::Cancel::NEVER);
            prop_assert_eq!(again.ok(), Some(grounded::check_detailed(&SEEDS, &text)), "{}", text);
        }
    }
}
