//! The entity analysis on the seed articles: aliases the text links, the
//! ones only `seeds/grounded.toml` links, descriptions and hover.

use std::path::{Path, PathBuf};

use grounded::config::Config;
use grounded::corpus::{Corpus, CorpusSource};
use grounded::entities::{card, EntityKind};
use grounded::Index;

fn seeds() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("seeds")
}

fn index(config: &Config) -> Index {
    let (corpus, report) = Corpus::load(&CorpusSource::Paths(vec![seeds()]));
    assert!(report.skipped.is_empty(), "{report}");
    Index::build(corpus, config)
}

fn seed_config() -> Config {
    Config::load(&seeds().join("grounded.toml")).unwrap().config
}

/// The entity a name resolves to, by canonical name.
fn resolved<'a>(idx: &'a Index, name: &str) -> &'a grounded::entities::Entity {
    let id = idx
        .entities
        .resolve(name)
        .unwrap_or_else(|| panic!("{name} does not resolve"));
    idx.entities.get(id).unwrap()
}

#[test]
fn the_text_itself_links_the_khorasan_names() {
    // No config: only evidence in the articles.
    let idx = index(&Config::default());
    let e = resolved(&idx, "IS-KP");
    for name in [
        "ISKP",
        "ISIS-K",
        "ISIS-Khorasan",
        "Islamic State of Khorasan Province",
    ] {
        assert_eq!(
            idx.entities.resolve(name),
            Some(e.id),
            "{name} vs {}",
            e.name
        );
    }
    // "the Afghan branch of ISIS, known as Wilayat Khorasan" only describes it.
    assert_ne!(idx.entities.resolve("Wilayat Khorasan"), Some(e.id));
    // "the most dangerous wing of the Islamic State, ISIS-K" must not merge the parent.
    assert_ne!(idx.entities.resolve("Islamic State"), Some(e.id));
    assert_eq!(e.kind, EntityKind::Organisation);
    assert!(
        e.descriptions
            .iter()
            .any(|d| d.text.contains("branch of the Islamic State group")),
        "{:?}",
        e.descriptions
    );
}

#[test]
fn the_seed_config_links_the_rest() {
    let idx = index(&seed_config());
    let e = resolved(&idx, "ISIS-K");
    assert_eq!(e.name, "Islamic State Khorasan Province");
    assert_eq!(idx.entities.resolve("Wilayat Khorasan"), Some(e.id));
    let fsb = resolved(&idx, "the FSB");
    assert_eq!(fsb.name, "Federal Security Service");
    assert_eq!(
        idx.entities.resolve("Russian Federal Security Service"),
        Some(fsb.id)
    );
}

#[test]
fn people_resolve_by_surname_with_their_descriptions() {
    let idx = index(&Config::default());
    let lavrov = resolved(&idx, "Lavrov");
    assert_eq!(lavrov.name, "Sergey Lavrov");
    assert_eq!(lavrov.kind, EntityKind::Person);
    assert_eq!(idx.entities.resolve("Sergei Lavrov"), Some(lavrov.id));
    assert_eq!(idx.entities.resolve("Lavrov\u{2019}s"), Some(lavrov.id));
    assert!(lavrov
        .descriptions
        .iter()
        .any(|d| d.text == "Russian Foreign Minister"));

    let kabulov = resolved(&idx, "Kabulov");
    assert_eq!(kabulov.name, "Zamir Kabulov");
    assert!(kabulov
        .descriptions
        .iter()
        .any(|d| d.text == "Russia's envoy to Afghanistan"));

    let bortnikov = resolved(&idx, "Bortnikov");
    assert_eq!(bortnikov.name, "Alexander Bortnikov");
    assert_eq!(
        bortnikov.descriptions[0].text,
        "director of the Russian Federal Security Service"
    );
    // Descriptions point at their source text.
    let d = &bortnikov.descriptions[0];
    assert_eq!(
        &idx.corpus.articles[d.article].raw_text()[d.range.clone()],
        d.text
    );
}

#[test]
fn hover_cards_on_a_note() {
    let idx = index(&seed_config());
    let note = "# Draft\n\nAs **Lavrov\u{2019}s** deputy said, [Kabulov](x) met the *FSB* chief\nBortnikov about IS-KP.\n";
    let at = |needle: &str| note.find(needle).unwrap() + 1;
    let m = idx
        .entities
        .mention_at(note, at("Lavrov"))
        .expect("hover on Lavrov");
    assert_eq!(&note[m.range.clone()], "Lavrov");
    let c = card(&idx, m.entity);
    assert!(c.contains("Sergey Lavrov"), "{c}");
    assert!(c.contains("Russian Foreign Minister"), "{c}");
    assert!(c.contains("person"), "{c}");

    let m = idx.entities.mention_at(note, at("Kabulov")).unwrap();
    assert_eq!(&note[m.range.clone()], "Kabulov");
    let c = card(&idx, m.entity);
    assert!(
        c.contains("Zamir Kabulov") && c.contains("Russia's envoy to Afghanistan"),
        "{c}"
    );

    let m = idx.entities.mention_at(note, at("Bortnikov")).unwrap();
    let c = card(&idx, m.entity);
    assert!(
        c.contains("director of the Russian Federal Security Service"),
        "{c}"
    );

    let m = idx.entities.mention_at(note, at("FSB")).unwrap();
    assert_eq!(&note[m.range.clone()], "FSB");
    let m = idx.entities.mention_at(note, at("IS-KP")).unwrap();
    assert_eq!(
        idx.entities.get(m.entity).unwrap().name,
        "Islamic State Khorasan Province"
    );

    // Not entities: ordinary words, the heading, Markdown.
    for word in ["deputy", "said", "met", "chief", "Draft", "about"] {
        assert_eq!(idx.entities.mention_at(note, at(word)), None, "{word}");
    }
    let all: Vec<&str> = idx
        .entities
        .mentions_in(note)
        .iter()
        .map(|m| &note[m.range.clone()])
        .collect();
    assert_eq!(all, ["Lavrov", "Kabulov", "FSB", "Bortnikov", "IS-KP"]);
}

#[test]
fn search_complete_and_definition_targets() {
    let idx = index(&seed_config());
    let ents = &idx.entities;
    let lavrov = ents.resolve("Lavrov").unwrap();
    assert_eq!(ents.search("lavrov", 5).first(), Some(&lavrov));
    assert_eq!(ents.search("Lavrof", 5).first(), Some(&lavrov), "fuzzy");
    assert!(ents.complete("Lav", 5).contains(&lavrov));
    let kab = ents.complete("Kab", 5);
    assert!(
        kab.contains(&ents.resolve("Kabulov").unwrap())
            && kab.contains(&ents.resolve("Kabul").unwrap())
    );
    // Definition goes where the best description is stated.
    let bort = ents.resolve("Bortnikov").unwrap();
    let m = ents.best_mention(bort).unwrap();
    let raw = &idx.corpus.articles[m.article()].raw_text();
    assert_eq!(&raw[m.range()], "Alexander Bortnikov");
    assert!(raw[m.range().end..].starts_with(", director of the Russian Federal Security Service"));
}

#[test]
fn debris_and_credits_are_not_entities() {
    let idx = index(&seed_config());
    for junk in [
        "AP Photo",
        "Ebrahim Noroozi",
        "Siddiqullah Alizai",
        "GRIGOROV",
        "Getty Images",
        "Updated",
        "Rahmat Gul",
        "DILKOFF",
        "ALI KHARA",
    ] {
        assert_eq!(idx.entities.resolve(junk), None, "{junk}");
    }
}

#[test]
#[ignore = "prints every entity: cargo test --test entities_seeds dump -- --ignored --nocapture"]
fn dump() {
    let idx = index(&seed_config());
    for e in idx.entities.entities() {
        eprintln!(
            "{} [{}] {} m={} a={} aliases={:?} descs={:?}",
            e.id,
            e.kind.as_str(),
            e.name,
            e.mentions.len(),
            e.article_count,
            e.aliases,
            e.descriptions.iter().map(|d| &d.text).collect::<Vec<_>>()
        );
    }
    for name in ["Lavrov", "ISIS-K", "Kabulov"] {
        eprintln!("----\n{}", card(&idx, idx.entities.resolve(name).unwrap()));
    }
}

/// Hover looks up only the words near the offset: at every offset of every
/// fixture note (and of one full of Markdown, entities and odd quotes) it
/// finds the mention that scanning the whole note finds there.
#[test]
fn hover_finds_what_scanning_the_whole_note_finds() {
    let idx = index(&seed_config());
    let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/notes");
    let mut notes: Vec<String> = std::fs::read_dir(fixtures)
        .unwrap()
        .map(|e| std::fs::read_to_string(e.unwrap().path()).unwrap())
        .collect();
    notes.push(
        "# [Sergey Lavrov](https://example.org/lavrov)'s talks\n\n\
         The **Taliban**&#8217;s envoy met ISIS-K's rivals; \u{201c}Zamir Kabulov\u{201d} \
         said Russia\u{2019}s  Foreign Ministry\nand the *Islamic State Khorasan Province* \
         (IS-KP) \\[disagreed\\].\n\n> Kabulov, Lavrov.Kabulov — Moscow/Kabul\n\n\
         ```\nLavrov\n```\n"
            .to_string(),
    );
    let mut found = 0;
    for note in &notes {
        let all = idx.entities.mentions_in(note);
        for off in (0..=note.len()).filter(|&o| note.is_char_boundary(o)) {
            let want = all
                .iter()
                .find(|m| m.range.contains(&off))
                .or_else(|| all.iter().find(|m| m.range.end == off))
                .cloned();
            found += usize::from(want.is_some());
            assert_eq!(
                idx.entities.mention_at(note, off),
                want,
                "offset {off} of {note}"
            );
        }
    }
    assert!(found > 100, "{found} offsets on a name");
}
