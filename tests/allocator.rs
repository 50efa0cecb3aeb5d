//! The allocator option grounded tunes, in a process of its own: the option
//! is global, and other tests build indexes, which set it.

use grounded::allocator::{
    freed_pages_kept_for, keep_freed_pages_between_checks, tune, BETWEEN_CHECKS_MS,
};
use grounded::index::{BuildSchedule, Index};

#[test]
fn the_purge_delay_is_the_option_set_and_the_build_sets_it_for_its_corpus() {
    if std::env::var_os("MIMALLOC_PURGE_DELAY").is_none() {
        // Names the right option: mimalloc v3's purge delay defaults to 1 s.
        assert_eq!(freed_pages_kept_for(), 1000);
    }
    tune();
    assert_eq!(freed_pages_kept_for(), 0);
    // The build keeps its own while it runs, then puts back what was set.
    let during = std::sync::atomic::AtomicI64::new(-1);
    let ix = Index::from_texts([("a.txt", "Title\n\nThe port handled 145 ships.\n")]);
    assert_eq!(ix.corpus.articles.len(), 1);
    assert_eq!(freed_pages_kept_for(), 0);
    keep_freed_pages_between_checks();
    let built = grounded::index::Index::build_on(
        BuildSchedule::SideBySide,
        ix.corpus.clone(),
        &grounded::config::Config::default(),
        &Watching(&during),
    );
    assert_eq!(built.corpus.articles.len(), 1);
    assert_eq!(
        during.load(std::sync::atomic::Ordering::Relaxed),
        BuildSchedule::SideBySide.freed_pages_kept_ms()
    );
    assert_eq!(freed_pages_kept_for(), BETWEEN_CHECKS_MS);
    assert!(BuildSchedule::SideBySide.freed_pages_kept_ms() > 0);
    assert_eq!(BuildSchedule::OneAfterAnother.freed_pages_kept_ms(), 0);
}

/// Keeps the indexes in the heap, noting how long freed pages are kept
/// while the build runs.
struct Watching<'a>(&'a std::sync::atomic::AtomicI64);

impl grounded::index::SetAside for Watching<'_> {
    fn quotes(&self, quotes: grounded::quotes::QuoteIndex) -> grounded::quotes::QuoteIndex {
        self.0
            .store(freed_pages_kept_for(), std::sync::atomic::Ordering::Relaxed);
        quotes
    }

    fn entities(
        &self,
        entities: grounded::entities::EntityIndex,
    ) -> grounded::index::Aside<'_, grounded::entities::EntityIndex> {
        Box::new(move || Some(entities))
    }
}
