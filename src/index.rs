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

/// Where a build keeps the indexes it has finished while it builds the
/// others ([`Index::build_setting_aside`]). [`InMemory`] keeps them in the
/// heap; the cache sets them aside in files (see `crate::cache`), so that a
/// large corpus's finished indexes are not in memory beside the peak of the
/// next one's build.
pub trait SetAside: Sync {
    /// The quote index to keep from now on, which must answer as `quotes`
    /// does: the build calls it as soon as the quote index is built, before
    /// the figure index is.
    fn quotes(&self, quotes: QuoteIndex) -> QuoteIndex;

    /// Takes the entity index, once built, until the build is done: the
    /// build then calls what this returns for it.
    fn entities(&self, entities: EntityIndex) -> Aside<'_, EntityIndex>;
}

/// An index set aside: gives it back, or `None` where it cannot be read
/// back (the build then builds it again).
pub type Aside<'a, T> = Box<dyn FnOnce() -> Option<T> + Send + 'a>;

/// Keeps every index in the heap.
pub struct InMemory;

impl SetAside for InMemory {
    fn quotes(&self, quotes: QuoteIndex) -> QuoteIndex {
        quotes
    }

    fn entities(&self, entities: EntityIndex) -> Aside<'_, EntityIndex> {
        Box::new(move || Some(entities))
    }
}

/// How the three analyses share the cores while an index is built. Each
/// spreads its per-article work over every core, but each also has parts
/// that run on one thread (merging the batches, clustering names, writing
/// postings), and while they run the other cores idle.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BuildSchedule {
    /// The three indexes side by side on the pool, so that each one's
    /// single-threaded parts run while the others keep the cores busy.
    /// Freed pages are kept a little while.
    SideBySide,
    /// One analysis after another (but the figure index's word count beside
    /// the entity build); freed pages go back to the system at once.
    OneAfterAnother,
}

impl BuildSchedule {
    /// Side by side pays while the analyses' tables fit in the caches
    /// together: measured on two cores, BBC (3 MiB of text) 0.42 → 0.38 s,
    /// 3× BBC −15%, 10× (29 MiB) 4.2–4.6 → 3.7–3.9 s. Beyond that they evict
    /// each other's tables: 30× (87 MiB) gained nothing, 100× was 4% slower,
    /// and the peak resident set was 8–12% higher at every size (the
    /// allocator holds more partly used pages with more threads at work).
    /// (Those figures are for the quote index first, then the other two
    /// side by side, on threads started for each call. On the pool, with
    /// the quote build's merge on a thread of its own, all three side by
    /// side were faster again: BBC medians 336 → 324 ms, 10× 3.24–3.42 →
    /// 3.03–3.24 s, peak 10× 185–188 → 170–173 MB.)
    pub const SIDE_BY_SIDE_BELOW: usize = 32 << 20;

    /// How long the allocator keeps a freed page during the build
    /// ([`crate::allocator::FreedPagesKept`]). Kept 20 ms, pages the
    /// build soon needs again are reused rather than given back and faulted
    /// in afresh: BBC 388 → 344 ms (medians of 8 fresh runs), peak
    /// 41 → 45 MB. At 100× it bought 8% (42.9 → 39.6 s) for 77 MB more
    /// peak, so a large corpus, where the peak is what hurts, gives them
    /// back at once.
    pub fn freed_pages_kept_ms(self) -> i64 {
        match self {
            BuildSchedule::SideBySide => 20,
            BuildSchedule::OneAfterAnother => 0,
        }
    }

    /// The schedule for a corpus of `text_bytes` bytes of text.
    pub fn for_text_bytes(text_bytes: usize) -> BuildSchedule {
        if text_bytes < BuildSchedule::SIDE_BY_SIDE_BELOW {
            BuildSchedule::SideBySide
        } else {
            BuildSchedule::OneAfterAnother
        }
    }
}

impl Index {
    /// Indexes a loaded corpus, on the schedule its size calls for.
    pub fn build(corpus: Corpus, config: &Config) -> Index {
        Index::build_setting_aside(corpus, config, &InMemory)
    }

    /// [`Index::build`], keeping each index it has finished where `aside`
    /// says while it builds the others.
    pub fn build_setting_aside(corpus: Corpus, config: &Config, aside: &dyn SetAside) -> Index {
        let schedule = BuildSchedule::for_text_bytes(corpus.text_bytes());
        Index::build_on(schedule, corpus, config, aside)
    }

    /// Indexes a loaded corpus on the given schedule. Both schedules build
    /// the same index. Call it from outside the pool (the server's indexing
    /// thread, the command line's main thread): one after another, it waits
    /// for a thread of its own whose work needs the pool.
    pub fn build_on(
        schedule: BuildSchedule,
        corpus: Corpus,
        config: &Config,
        aside: &dyn SetAside,
    ) -> Index {
        let _kept = crate::allocator::FreedPagesKept::for_ms(schedule.freed_pages_kept_ms());
        let (entities, quotes, figures) = match schedule {
            BuildSchedule::SideBySide => {
                let (quotes, (entities, figures)) = crate::parallel::join(
                    || aside.quotes(QuoteIndex::build(&corpus)),
                    || {
                        crate::parallel::join(
                            || aside.entities(EntityIndex::build(&corpus, config)),
                            || FigureIndex::build(&corpus),
                        )
                    },
                );
                (entities, quotes, figures)
            }
            BuildSchedule::OneAfterAnother => {
                // The figure index's first pass (a word count over the
                // corpus, with a small table) runs beside the entity build,
                // and the quote index starts reading articles once every
                // article has been searched for names: both keep the cores
                // busy while the entity build merges names on one thread,
                // and add little to a stage far below the peak (the quote
                // index's own peak comes later, building its postings).
                // The quote build waits on a thread of its own, outside the
                // pool, so that no pool thread is held waiting.
                let (searched, wait) = std::sync::mpsc::channel::<()>();
                let corpus = &corpus;
                let (entities, lower, quotes) = std::thread::scope(|s| {
                    let quotes = s.spawn(move || {
                        // Sent, or the entity build ended (or panicked)
                        // without sending: either way the quotes start.
                        let _ = wait.recv();
                        aside.quotes(QuoteIndex::build(corpus))
                    });
                    let (entities, lower) = crate::parallel::join(
                        || {
                            let built = EntityIndex::build_then(corpus, config, move || {
                                let _ = searched.send(());
                            });
                            aside.entities(built)
                        },
                        || crate::figures::lower_case_words(corpus),
                    );
                    let quotes = quotes
                        .join()
                        .unwrap_or_else(|p| std::panic::resume_unwind(p));
                    (entities, lower, quotes)
                });
                let figures = FigureIndex::build_with(corpus, lower);
                (entities, quotes, figures)
            }
        };
        let entities = entities().unwrap_or_else(|| EntityIndex::build(&corpus, config));
        corpus.release_text_pages();
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn both_schedules_build_the_same_index() {
        let (corpus, _) = Corpus::load(&CorpusSource::Embedded);
        let config = Config::default();
        let side = Index::build_on(
            BuildSchedule::SideBySide,
            corpus.clone(),
            &config,
            &InMemory,
        );
        let after = Index::build_on(BuildSchedule::OneAfterAnother, corpus, &config, &InMemory);
        assert_eq!(
            format!("{:?}", side.entities),
            format!("{:?}", after.entities)
        );
        assert_eq!(format!("{:?}", side.quotes), format!("{:?}", after.quotes));
        assert_eq!(
            format!("{:?}", side.figures),
            format!("{:?}", after.figures)
        );
        assert!(!side.entities.entities().is_empty());
    }

    /// Keeps the quote index (counting the calls) and loses the entity
    /// index.
    struct Forgetful(std::sync::atomic::AtomicUsize);

    impl SetAside for Forgetful {
        fn quotes(&self, quotes: QuoteIndex) -> QuoteIndex {
            self.0.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
            quotes
        }

        fn entities(&self, _: EntityIndex) -> Aside<'_, EntityIndex> {
            Box::new(|| None)
        }
    }

    #[test]
    fn an_entity_index_set_aside_and_lost_is_built_again() {
        let (corpus, _) = Corpus::load(&CorpusSource::Embedded);
        let config = Config::default();
        let kept = Index::build_on(
            BuildSchedule::SideBySide,
            corpus.clone(),
            &config,
            &InMemory,
        );
        for schedule in [BuildSchedule::SideBySide, BuildSchedule::OneAfterAnother] {
            let aside = Forgetful(Default::default());
            let lost = Index::build_on(schedule, corpus.clone(), &config, &aside);
            assert_eq!(aside.0.into_inner(), 1);
            assert_eq!(
                format!("{:?}", lost.entities),
                format!("{:?}", kept.entities)
            );
        }
        assert!(!kept.entities.entities().is_empty());
    }

    #[test]
    fn small_corpora_are_built_side_by_side() {
        assert_eq!(
            BuildSchedule::for_text_bytes(3 << 20),
            BuildSchedule::SideBySide
        );
        assert_eq!(
            BuildSchedule::for_text_bytes(BuildSchedule::SIDE_BY_SIDE_BELOW),
            BuildSchedule::OneAfterAnother
        );
    }
}
