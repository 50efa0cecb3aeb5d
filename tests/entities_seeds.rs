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

#[test]
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
}
