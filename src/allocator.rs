//! The memory allocator of grounded's programs: mimalloc, tuned to give
//! memory back. Building an index allocates from every core at once; with
//! the system allocator, its per-thread arenas left the peak resident set
//! far above the live heap (BBC: about 150 MB for a 55 MB heap), and the
//! build spent a quarter of its time allocating. Each program declares
//! the allocator and calls [`tune`] first thing:
//!
//! ```ignore
//! #[global_allocator]
//! static ALLOCATOR: grounded::allocator::Allocator = grounded::allocator::Allocator;
//! ```
//!
//! Transparent huge pages are off (the crate's `no_thp` feature): a 2 MiB
//! page for a few live bytes inflated the resident set by a third.

pub use mimalloc::MiMalloc as Allocator;

/// mimalloc's `mi_option_purge_delay` (the same place in its v2 and v3
/// option lists; the `extended` bindings name only the older options).
const PURGE_DELAY: libmimalloc_sys::mi_option_t = 15;

/// Returns freed pages to the system at once rather than a second later, so
/// the short-lived buffers of an index build do not add up in the peak.
pub fn tune() {
    keep_freed_pages_for(0);
}

/// How long freed pages are kept once the index is ready and notes are
/// checked against it ([`keep_freed_pages_between_checks`]; the front ends
/// call it then). A check allocates and frees a few MB; given back at once,
/// they cost every check a `madvise` per page run (with a TLB shootdown on
/// every core) and a fault to take them again: at 100× BBC, 8% of a
/// 1,000-line note's check, which took 59–60 → 52–53 ms (median of 80) with
/// them kept 100 ms or 1 s. Kept 1 s, an editor's checks a keystroke apart
/// reuse them.
pub const BETWEEN_CHECKS_MS: i64 = 1000;

/// Keeps freed pages [`BETWEEN_CHECKS_MS`]: for a program whose index is
/// ready. An index build sets its own while it runs
/// ([`FreedPagesKept`]), then puts this back.
pub fn keep_freed_pages_between_checks() {
    keep_freed_pages_for(BETWEEN_CHECKS_MS);
}

/// Freed pages kept for a time of its own while it lives, then as long as
/// before (an index build, which may happen between checks).
#[must_use = "the setting lasts only while the guard lives"]
pub struct FreedPagesKept {
    before: i64,
}

impl FreedPagesKept {
    pub fn for_ms(ms: i64) -> FreedPagesKept {
        let before = freed_pages_kept_for();
        keep_freed_pages_for(ms);
        FreedPagesKept { before }
    }
}

impl Drop for FreedPagesKept {
    fn drop(&mut self) {
        keep_freed_pages_for(self.before);
    }
}

/// Keeps a freed page `ms` milliseconds before it goes back to the system.
/// Returned at once, a page that is soon needed again costs a system call
/// to give it back and a fault to take it again; kept, it adds to the
/// resident set. The index build sets this for the size of its corpus
/// ([`crate::index::BuildSchedule`]).
pub fn keep_freed_pages_for(ms: i64) {
    // SAFETY: sets a plain integer option; mimalloc reads options
    // atomically and allows setting them at any time.
    unsafe { libmimalloc_sys::mi_option_set(PURGE_DELAY, ms) };
}

/// How long a freed page is kept now, in milliseconds.
pub fn freed_pages_kept_for() -> i64 {
    // SAFETY: reads an integer option.
    unsafe { libmimalloc_sys::mi_option_get(PURGE_DELAY) as i64 }
}
