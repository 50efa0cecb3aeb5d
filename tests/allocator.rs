//! The allocator option grounded tunes, in a process of its own: the option
//! is global, and other tests build indexes, which set it.

use grounded::allocator::{freed_pages_kept_for, tune};
use grounded::index::{BuildSchedule, Index};

#[test]
fn the_purge_delay_is_the_option_set_and_the_build_sets_it_for_its_corpus() {
    if std::env::var_os("MIMALLOC_PURGE_DELAY").is_none() {
        // Names the right option: mimalloc v3's purge delay defaults to 1 s.
        assert_eq!(freed_pages_kept_for(), 1000);
    }
    tune();
    assert_eq!(freed_pages_kept_for(), 0);
    let ix = Index::from_texts([("a.txt", "Title\n\nThe port handled 145 ships.\n")]);
    assert_eq!(ix.corpus.articles.len(), 1);
    assert_eq!(
        freed_pages_kept_for(),
        BuildSchedule::SideBySide.freed_pages_kept_ms()
    );
    assert!(BuildSchedule::SideBySide.freed_pages_kept_ms() > 0);
    assert_eq!(BuildSchedule::OneAfterAnother.freed_pages_kept_ms(), 0);
}
