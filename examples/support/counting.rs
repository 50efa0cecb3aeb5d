//! The programs' allocator (mimalloc), counting live and peak heap bytes:
//! the stage examples declare it as their global allocator and [`measure`]
//! a stage with it.
use std::alloc::{GlobalAlloc, Layout};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use grounded::allocator::Allocator;

pub struct Counting;

/// Heap bytes allocated now.
pub static LIVE: AtomicUsize = AtomicUsize::new(0);
/// The most [`LIVE`] has been since it was last reset.
pub static PEAK: AtomicUsize = AtomicUsize::new(0);

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

pub fn mib(bytes: usize) -> String {
    format!("{:.1} MiB", bytes as f64 / (1024.0 * 1024.0))
}

/// What running a stage cost: its time, the heap it left behind and the
/// most heap it held above what was there before it.
pub struct Cost {
    pub time: Duration,
    /// Processor time of every thread (user and system) over the stage:
    /// `cpu / time` is how many cores it kept busy.
    pub cpu: Duration,
    /// The process's resident-set high-water mark when the stage ended
    /// (`VmHWM`; 0 where /proc is not there).
    pub rss_peak: usize,
    pub kept: usize,
    pub peak: usize,
}

/// Runs `f` and measures it.
pub fn measure<T>(f: impl FnOnce() -> T) -> (T, Cost) {
    let before = LIVE.load(Ordering::Relaxed);
    PEAK.store(before, Ordering::Relaxed);
    let cpu = cpu_time();
    let t = Instant::now();
    let out = f();
    let cost = Cost {
        time: t.elapsed(),
        cpu: cpu_time().saturating_sub(cpu),
        rss_peak: rss_high_water(),
        kept: LIVE.load(Ordering::Relaxed).saturating_sub(before),
        peak: PEAK.load(Ordering::Relaxed).saturating_sub(before),
    };
    (out, cost)
}

/// The process's processor time so far, user and system, every thread.
pub fn cpu_time() -> Duration {
    let mut usage = std::mem::MaybeUninit::<libc::rusage>::zeroed();
    // SAFETY: getrusage writes a whole `rusage` into the pointer it is given.
    let usage = unsafe {
        libc::getrusage(libc::RUSAGE_SELF, usage.as_mut_ptr());
        usage.assume_init()
    };
    let time = |t: libc::timeval| Duration::new(t.tv_sec as u64, t.tv_usec as u32 * 1000);
    time(usage.ru_utime) + time(usage.ru_stime)
}

/// The process's resident-set high-water mark in bytes (`VmHWM` in
/// /proc/self/status), or 0 where there is no such file.
pub fn rss_high_water() -> usize {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    let kib = status
        .lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))
        .and_then(|v| v.split_whitespace().next()?.parse::<usize>().ok());
    kib.unwrap_or(0) * 1024
}
