//! `Index`: everything the analyses precompute over a corpus, built once and
//! shared read-only by every check, hover and definition.

use crate::config::Config;
use crate::corpus::{Corpus, CorpusSource, LoadReport};
use crate::entities::EntityIndex;
use crate::figures::FigureIndex;
use crate::quotes::QuoteIndex;

/// Tells one built index from every other in this process, so caches of
/// results know when they were computed against another index. Every
/// `IndexId::default()` is new.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct IndexId(u64);

impl Default for IndexId {
    fn default() -> IndexId {
        static NEXT: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(1);
        IndexId(NEXT.fetch_add(1, std::sync::atomic::Ordering::Relaxed))
    }
}

#[derive(Debug, Default)]
pub struct Index {
    /// This index's identity (not its content: two builds of one corpus
    /// have different ids).
    pub id: IndexId,
    pub corpus: Corpus,
    /// The project settings the index was built with.
    pub config: Config,
    /// The people, organisations, places and events the corpus names.
    pub entities: EntityIndex,
    /// Word index and attributed quotations for the quote check.
    pub quotes: QuoteIndex,
    /// Every source figure, with what it measures.
    pub figures: FigureIndex,
}

impl Index {
    /// Indexes a loaded corpus. The analyses are built one after another:
    /// each spreads its per-article work over every core already, so
    /// building them side by side on threads of their own only made them
    /// compete for the cores while their transient peaks added up (on two
    /// cores, BBC 0.80 → 0.64 s and 54 → 45 MB peak RSS, the 100× corpus
    /// 91 → 77 s and 2.4 → 1.7 GB, when they stopped running side by side).
    pub fn build(corpus: Corpus, config: &Config) -> Index {
        let entities = EntityIndex::build(&corpus, config);
        let quotes = QuoteIndex::build(&corpus);
        let figures = FigureIndex::build(&corpus);
        Index {
            id: IndexId::default(),
            quotes,
            figures,
            corpus,
            config: config.clone(),
            entities,
        }
    }

    /// Loads and indexes a corpus; bad files are in the report.
    pub fn load(source: &CorpusSource, config: &Config) -> (Index, LoadReport) {
        Index::load_with_progress(source, config, &mut |_, _| {})
    }

    /// Like [`Index::load`], calling `progress(files done, files in all)`.
    pub fn load_with_progress(
        source: &CorpusSource,
        config: &Config,
        progress: &mut dyn FnMut(usize, usize),
    ) -> (Index, LoadReport) {
        Index::reload(&Index::default(), source, config, progress)
    }

    /// Loads and indexes a corpus again over `previous`, calling
    /// `progress(files done, files in all)`: files that are there but cannot
    /// be read now keep their previous articles (see [`Corpus::reload`]).
    pub fn reload(
        previous: &Index,
        source: &CorpusSource,
        config: &Config,
        progress: &mut dyn FnMut(usize, usize),
    ) -> (Index, LoadReport) {
        let (corpus, report) =
            Corpus::reload(&previous.corpus, source, &config.load_options(), progress);
        (Index::build(corpus, config), report)
    }

    /// An index over in-memory `(file name, text)` articles, for tests.
    pub fn from_texts<'a>(texts: impl IntoIterator<Item = (&'a str, &'a str)>) -> Index {
        Index::build(Corpus::from_texts(texts), &Config::default())
    }
}
