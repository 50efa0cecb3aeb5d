//! `Index`: everything the analyses precompute over a corpus, built once and
//! shared read-only by every check, hover and definition.

use crate::config::Config;
use crate::corpus::{Corpus, CorpusSource, LoadReport};
use crate::figures::FigureIndex;

#[derive(Debug, Default)]
pub struct Index {
    pub corpus: Corpus,
    /// The project settings the index was built with.
    pub config: Config,
    /// Every source figure, with what it measures.
    pub figures: FigureIndex,
}

impl Index {
    /// Indexes a loaded corpus.
    pub fn build(corpus: Corpus, config: &Config) -> Index {
        Index {
            figures: FigureIndex::build(&corpus),
            corpus,
            config: config.clone(),
        }
    }

    /// Loads and indexes a corpus; bad files are in the report.
    pub fn load(source: &CorpusSource, config: &Config) -> (Index, LoadReport) {
        let (corpus, report) = Corpus::load(source);
        (Index::build(corpus, config), report)
    }

    /// An index over in-memory `(file name, text)` articles, for tests.
    pub fn from_texts<'a>(texts: impl IntoIterator<Item = (&'a str, &'a str)>) -> Index {
        Index::build(Corpus::from_texts(texts), &Config::default())
    }
}
