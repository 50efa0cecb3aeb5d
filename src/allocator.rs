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
    // SAFETY: sets a plain integer option; mimalloc reads options
    // atomically and allows setting them at any time.
    unsafe { libmimalloc_sys::mi_option_set(PURGE_DELAY, 0) };
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn purge_delay_is_the_option_tune_sets() {
        // SAFETY: reads an integer option.
        let get = || unsafe { libmimalloc_sys::mi_option_get(PURGE_DELAY) };
        if std::env::var_os("MIMALLOC_PURGE_DELAY").is_none() {
            assert_eq!(get(), 1000, "mimalloc v3's default purge delay is 1 s");
        }
        tune();
        assert_eq!(get(), 0);
    }
}
