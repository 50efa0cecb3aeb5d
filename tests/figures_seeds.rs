//! The figure checks against the seed articles.

use grounded::config::Config;
use grounded::corpus::{Corpus, CorpusSource};
use grounded::figures::{self, Verdict};
use grounded::{Code, Index, Severity};

fn seeds() -> Index {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("seeds");
    let (corpus, _) = Corpus::load(&CorpusSource::Paths(vec![dir]));
    Index::build(corpus, &Config::default())
}

fn verdicts(ix: &Index, note: &str) -> Vec<(String, Verdict)> {
    figures::assess_note(ix, note)
        .into_iter()
        .map(|f| (f.text, f.assessment.verdict))
        .collect()
}

#[test]
fn wrong_death_toll_is_flagged_citing_the_sources() {
    let ix = seeds();
    let note = "The attack left 250 dead at Crocus City Hall.";
    let f = figures::check(&ix, note);
    assert_eq!(f.len(), 1, "{f:#?}");
    let f = &f[0];
    assert_eq!(f.code, Code::FigureContradicted);
    assert_eq!(f.severity, Severity::Error);
    assert_eq!(&note[f.range.clone()], "250");
    assert!(f.message.contains("145"), "{}", f.message);
    assert!(f.message.ends_with("not 250"), "{}", f.message);
    assert!(
        f.fixes.iter().any(|x| x.replacement == "145"),
        "{:?}",
        f.fixes
    );
    assert!(!f.sources.is_empty());
    for s in &f.sources {
        let raw = &ix.corpus.articles[s.article].raw_text()[s.range.clone()];
        assert!(raw.contains("145"), "{raw}");
    }
}

#[test]
fn qualified_and_rounded_forms_are_supported() {
    let ix = seeds();
    for note in [
        "The Crocus City Hall attack killed more than 120 people.",
        "The attack on Crocus City Hall killed 145 people.",
        "Nearly 24 million people in Afghanistan depend on humanitarian aid.",
        "The United Nations says 23.7 million people depend on humanitarian aid to survive.",
    ] {
        let v = verdicts(&ix, note);
        assert!(
            v.iter().all(|(_, v)| *v != Verdict::Contradicted),
            "{note}: {v:?}"
        );
        assert!(figures::check(&ix, note)
            .iter()
            .all(|f| f.code != Code::FigureContradicted));
    }
}

#[test]
fn wrong_designation_year_is_flagged_citing_2003() {
    let ix = seeds();
    let note = "Russia designated the Taliban as a terrorist organization in 2009.";
    let f = figures::check(&ix, note);
    assert_eq!(f.len(), 1, "{f:#?}");
    assert_eq!(f[0].code, Code::FigureContradicted);
    assert!(f[0].message.contains("2003"), "{}", f[0].message);
    assert_eq!(f[0].fixes[0].replacement, "2003");
    let ok = "Russia designated the Taliban as a terrorist organization in 2003.";
    assert!(figures::check(&ix, ok).is_empty());
}

#[test]
fn the_index_can_be_shared_across_threads() {
    fn shared<T: Send + Sync>() {}
    shared::<Index>();
    shared::<figures::FigureCache>();
}

#[test]
fn check_includes_figure_findings() {
    let ix = seeds();
    let f = grounded::check(&ix, "The attack left 250 dead at Crocus City Hall.");
    assert!(f.iter().any(|f| f.code == Code::FigureContradicted));
}

#[test]
fn hover_shows_interval_verdict_and_sources() {
    let ix = seeds();
    let note = "The attack left 250 dead at Crocus City Hall.";
    let h = figures::figure_at(&ix, note, note.find("250").unwrap() + 1).unwrap();
    assert_eq!(&note[h.range.clone()], "250");
    assert!(h.markdown.contains("contradicted"), "{}", h.markdown);
    assert!(h.markdown.contains("145"), "{}", h.markdown);
    assert!(figures::figure_at(&ix, note, 0).is_none());
    let mut cache = figures::FigureCache::new();
    let cached = figures::figure_at_cached(&ix, note, note.find("250").unwrap(), &mut cache);
    assert_eq!(cached, Some(h));
}

#[test]
fn unmatched_figures_are_hints_only_when_asked() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("seeds");
    let (corpus, _) = Corpus::load(&CorpusSource::Paths(vec![dir]));
    let mut cfg = Config::default();
    cfg.figures.show_unmatched = true;
    let ix = Index::build(corpus, &cfg);
    let note = "The bakery sold 42 loaves of rye bread.";
    let f = figures::check(&ix, note);
    assert_eq!(f.len(), 1, "{f:#?}");
    assert_eq!(f[0].code, Code::FigureUnmatched);
    assert_eq!(f[0].severity, Severity::Hint);
    assert!(figures::check(&seeds(), note).is_empty());
}

#[test]
fn audit_of_the_seeds() {
    let ix = seeds();
    let d = figures::audit(&ix);
    for x in &d {
        eprintln!("{}: {:?}", x.measure, x.values);
    }
    // Rounded and qualified tolls agree with the exact one.
    assert!(
        d.iter()
            .all(|x| !x.values.iter().any(|(v, _, _)| v.contains("145"))),
        "{d:#?}"
    );
}

#[test]
fn cached_checks_equal_fresh_ones() {
    let ix = seeds();
    let note = "# Notes\n\nThe attack left 250 dead at Crocus City Hall.\nIt was on March 22.\n\n\
                Russia designated the Taliban as a terrorist organization in 2009.\n";
    let mut cache = figures::FigureCache::new();
    assert_eq!(
        figures::check_cached(&ix, note, &mut cache),
        figures::check(&ix, note)
    );
    assert!(!cache.is_empty());
    let edited = note
        .replace("2009", "2003")
        .replace("# Notes", "# Notes on the attack");
    assert_eq!(
        figures::check_cached(&ix, &edited, &mut cache),
        figures::check(&ix, &edited)
    );
    assert_eq!(figures::check(&ix, &edited).len(), 1);
}

#[test]
#[ignore]
fn debug_print() {
    let dir = std::env::var("CORPUS").map_or_else(
        |_| std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/corpus"),
        std::path::PathBuf::from,
    );
    let (corpus, _) = Corpus::load(&CorpusSource::Paths(vec![dir]));
    let ix = Index::build(corpus, &Config::default());
    let note = std::env::var("NOTE").unwrap_or_default();
    for nf in figures::assess_note(&ix, &note) {
        if let Some(h) = figures::figure_at(&ix, &note, nf.range.start) {
            eprintln!("{}\n{:?}\n", h.markdown, nf.measure);
        }
    }
    for f in figures::check(&ix, &note) {
        eprintln!("{:?} {}", f.code, f.message);
    }
}

#[test]
#[ignore]
fn debug_audit() {
    let dir = std::env::var("CORPUS").map_or_else(
        |_| std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("seeds"),
        std::path::PathBuf::from,
    );
    let (corpus, _) = Corpus::load(&CorpusSource::Paths(vec![dir]));
    let ix = Index::build(corpus, &Config::default());
    for d in figures::audit(&ix) {
        let vals: Vec<String> = d
            .values
            .iter()
            .map(|(v, a, r)| {
                let art = &ix.corpus.articles[*a];
                let raw = art.raw_text();
                let s = r.start.saturating_sub(60);
                let e = (r.end + 40).min(raw.len());
                let s = (0..=s)
                    .rev()
                    .find(|i| raw.is_char_boundary(*i))
                    .unwrap_or(0);
                let e = (e..=raw.len()).find(|i| raw.is_char_boundary(*i)).unwrap();
                format!("{v} [{}] …{}…", art.id, raw[s..e].replace('\n', " "))
            })
            .collect();
        eprintln!("{}\n  {}", d.measure, vals.join("\n  "));
    }
}

/// Every corpus article checked as a note against the corpus: no panics,
/// and an article never contradicts itself.
#[test]
fn articles_checked_as_notes_do_not_contradict_themselves() {
    // CORPUS=/path/to/bbc runs it over a whole corpus.
    let dir = std::env::var("CORPUS").map_or_else(
        |_| std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/corpus"),
        std::path::PathBuf::from,
    );
    let (corpus, _) = Corpus::load(&CorpusSource::Paths(vec![dir]));
    let ix = Index::build(corpus, &Config::default());
    let mut total = 0;
    let mut contradicted = 0;
    for a in &ix.corpus.articles {
        let raw = a.raw_text();
        let findings = figures::check(&ix, &raw);
        total += figures::assess_note(&ix, &raw).len();
        for f in findings
            .iter()
            .filter(|f| f.code == Code::FigureContradicted)
        {
            // A figure may only be contradicted by other articles.
            eprintln!("{}: {} at {:?}", a.id, f.message, &raw[f.range.clone()]);
            assert!(
                f.sources.iter().all(|s| s.article
                    != ix
                        .corpus
                        .articles
                        .iter()
                        .position(|x| x.id == a.id)
                        .unwrap()),
                "{}: {} at {:?}",
                a.id,
                f.message,
                &raw[f.range.clone()]
            );
        }
        contradicted += findings
            .iter()
            .filter(|f| f.code == Code::FigureContradicted)
            .count();
        for h in (0..raw.len()).step_by(397) {
            let _ = figures::figure_at(&ix, &raw, h);
        }
    }
    assert!(total > 200, "{total}");
    assert_eq!(contradicted, 0, "articles contradicted by others");
}

/// A figure the matched article states in another sentence, with the same
/// words around it, is supported; a casualty figure is never excused by the
/// same number counting something else.
#[test]
fn a_value_the_article_states_elsewhere_is_not_contradicted() {
    let ix = Index::from_texts([(
        "floods.txt",
        "Floods sweep the region\n\n\
         Officials said 12 Britons died in the floods and 40 others were missing. \
         Relief agencies say the disaster left an estimated 9,000 dead across the region.\n\n\
         A separate blast at a depot left 145 people dead and 250 injured, police said.\n",
    )]);
    let codes = |note: &str| -> Vec<&'static str> {
        figures::check(&ix, note)
            .iter()
            .map(|f| f.code.as_str())
            .collect()
    };
    assert_eq!(
        codes("Officials said 12 Britons died in the floods and 40 were missing; the toll was estimated at about 9,000."),
        Vec::<&str>::new()
    );
    assert_eq!(
        codes("Officials said 15 Britons died in the floods."),
        vec!["figure-contradicted"]
    );
    assert_eq!(
        codes("The blast at the depot left 250 people dead, police said."),
        vec!["figure-contradicted"]
    );
}
