//! `Index`: everything the analyses precompute over a corpus, built once and
//! shared read-only by every check, hover and definition.

use crate::corpus::{Corpus, CorpusSource, LoadReport};

#[derive(Debug, Default)]
pub struct Index {
    pub corpus: Corpus,
}

impl Index {
    pub fn build(corpus: Corpus) -> Index {
        Index { corpus }
    }

    /// Loads and indexes a corpus; bad files are in the report.
    pub fn load(source: &CorpusSource) -> (Index, LoadReport) {
        let (corpus, report) = Corpus::load(source);
        (Index::build(corpus), report)
    }
}
