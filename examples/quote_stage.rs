//! Runs only the quote stage of an index build, for profilers:
//! `cargo run --release --example quote_stage -- CORPUS [REPEAT]`. Under
//! callgrind, `--toggle-collect=quote_stage::build_quotes` counts the stage
//! alone (the corpus load is left out). Prints the heap the stage keeps and
//! its peak, and what each part of the index takes.
use std::alloc::{GlobalAlloc, Layout};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Instant;

use grounded::allocator::Allocator;
use grounded::corpus::{Corpus, CorpusSource};
use grounded::quotes::QuoteIndex;

/// The programs' allocator (mimalloc), counting live and peak bytes.
struct Counting;

static LIVE: AtomicUsize = AtomicUsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let p = unsafe { Allocator.alloc(layout) };
        if !p.is_null() {
            let now = LIVE.fetch_add(layout.size(), Ordering::Relaxed) + layout.size();
            PEAK.fetch_max(now, Ordering::Relaxed);
        }
        p
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        unsafe { Allocator.dealloc(ptr, layout) };
        LIVE.fetch_sub(layout.size(), Ordering::Relaxed);
    }
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        let p = unsafe { Allocator.realloc(ptr, layout, new_size) };
        if !p.is_null() {
            LIVE.fetch_sub(layout.size(), Ordering::Relaxed);
            let now = LIVE.fetch_add(new_size, Ordering::Relaxed) + new_size;
            PEAK.fetch_max(now, Ordering::Relaxed);
        }
        p
    }
}

#[global_allocator]
static ALLOC: Counting = Counting;

fn mib(bytes: usize) -> String {
    format!("{:.1} MiB", bytes as f64 / (1024.0 * 1024.0))
}

/// The stage itself, a function of its own so that profilers can select it.
#[inline(never)]
fn build_quotes(corpus: &Corpus) -> QuoteIndex {
    QuoteIndex::build(corpus)
}

fn main() {
    grounded::allocator::tune();
    let mut args = std::env::args().skip(1);
    let path = args.next().unwrap_or_else(|| "seeds".into());
    let repeat: usize = args.next().and_then(|r| r.parse().ok()).unwrap_or(1);
    let (corpus, _) = Corpus::load(&CorpusSource::Paths(vec![path.into()]));
    for _ in 0..repeat {
        let before = LIVE.load(Ordering::Relaxed);
        PEAK.store(before, Ordering::Relaxed);
        let t = Instant::now();
        let q = build_quotes(&corpus);
        let kept = LIVE.load(Ordering::Relaxed).saturating_sub(before);
        let peak = PEAK.load(Ordering::Relaxed).saturating_sub(before);
        println!(
            "quotes: {:.1?}  keeps {}  peak +{}  {q:?}",
            t.elapsed(),
            mib(kept),
            mib(peak)
        );
        for (part, bytes) in q.part_sizes() {
            println!("  {part:<14} {:>10}", mib(bytes));
        }
    }
}
