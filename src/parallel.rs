//! Work spread over the machine's cores on one pool of threads that lives as
//! long as the process (rayon's global pool): the results keep the input
//! order, and a panic in a worker goes on unwinding in the caller. A single
//! item (or a single core) is worked on by the caller itself.
//! [`map_then_merge`] works batches so, while the batch before is merged on a
//! thread of its own: the merging (interning words, summing counts) is
//! serial, and done between batches it would leave the cores idle while it
//! ran.
//!
//! Why a pool: an index build maps over the corpus about a hundred times
//! (per batch of articles, per batch of entities). Threads started for each
//! call cost their start and, at their end, the allocator's tear-down of
//! their heap, which gives its pages back to the system at once: on BBC,
//! 192 thread starts and 2,900 `madvise` calls a build. On the pool, the
//! build took ~9% less wall time and less system time (`examples/schedule_ab`).

use rayon::prelude::*;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::OnceLock;
use std::time::Duration;

/// `items.iter().map(f)`, on every core (results may borrow from `items`). With `progress`, the calling thread
/// reports how many items are done while the workers run; it waits by
/// polling, so call it so from outside the pool (the corpus load does).
pub fn map_ordered<'a, T, R, F>(
    items: &'a [T],
    f: F,
    progress: Option<&mut dyn FnMut(usize)>,
) -> Vec<R>
where
    T: Sync,
    R: Send,
    F: Fn(&'a T) -> R + Sync,
{
    if items.len() <= 1 || rayon::current_num_threads() == 1 {
        // One item, one core: the pool would only cost the hand-over.
        let mut progress = progress;
        return items
            .iter()
            .enumerate()
            .map(|(i, item)| {
                let out = f(item);
                if let Some(report) = progress.as_mut() {
                    report(i + 1);
                }
                out
            })
            .collect();
    }
    let f = &f;
    let Some(report) = progress else {
        return items.par_iter().map(f).collect();
    };
    // The calling thread reports while a thread of its own waits for the
    // pool; the pool's threads only work.
    let done = AtomicUsize::new(0);
    std::thread::scope(|s| {
        let work = s.spawn(|| {
            items
                .par_iter()
                .map(|item| {
                    let out = f(item);
                    done.fetch_add(1, Ordering::Relaxed);
                    out
                })
                .collect::<Vec<R>>()
        });
        let mut reported = usize::MAX;
        while !work.is_finished() {
            let now = done.load(Ordering::Relaxed);
            if now != reported {
                report(now);
                reported = now;
            }
            std::thread::sleep(Duration::from_millis(5));
        }
        work.join().unwrap_or_else(|p| std::panic::resume_unwind(p))
    })
}

/// `f()` on the foreground pool: work a user waits for (checking a note in
/// the editor) runs on a pool of its own, so an index build on the main pool
/// (a reindex runs while notes are checked against the index before it)
/// cannot hold it up: the system shares the cores between the two pools'
/// threads as it did between threads started for each call. If the pool
/// cannot be started, `f` runs on the caller's pool.
pub fn in_foreground<R: Send>(f: impl FnOnce() -> R + Send) -> R {
    static FOREGROUND: OnceLock<Option<rayon::ThreadPool>> = OnceLock::new();
    let pool = FOREGROUND.get_or_init(|| {
        rayon::ThreadPoolBuilder::new()
            .thread_name(|i| format!("grounded-foreground-{i}"))
            .build()
            .ok()
    });
    match pool {
        Some(pool) => pool.install(f),
        None => f(),
    }
}

/// `a()` and `b()`, side by side on the pool; a panic in either goes on
/// unwinding in the caller. Work that may itself run on the pool (inside
/// [`map_ordered`]) must wait for other work through this, never by joining
/// a thread of its own: a pool thread blocked on such a join waits for work
/// that needs the pool, and with every pool thread blocked the process hangs
/// (`grounded check` of several notes did, checking each note's figures on a
/// thread of its own).
pub fn join<A, B, RA, RB>(a: A, b: B) -> (RA, RB)
where
    A: FnOnce() -> RA + Send,
    B: FnOnce() -> RB + Send,
    RA: Send,
    RB: Send,
{
    rayon::join(a, b)
}

/// The threads of the pool: how many parts to cut work into so that every
/// core has one.
pub fn threads() -> usize {
    rayon::current_num_threads()
}

/// `f(i, &mut items[i])` for every item, on every core (a single item, or a
/// single core, on the caller's thread): work on buffers each item owns.
pub fn for_each_mut<T: Send>(items: &mut [T], f: impl Fn(usize, &mut T) + Sync) {
    if items.len() <= 1 || rayon::current_num_threads() == 1 {
        items.iter_mut().enumerate().for_each(|(i, t)| f(i, t));
        return;
    }
    items.par_iter_mut().enumerate().for_each(|(i, t)| f(i, t));
}

/// `merge`s into `state` the results of `work` on each item, in item order,
/// a batch of `per_batch` items at a time: batch `k + 1` is worked on every
/// core while batch `k` is merged. At most two batches' results are held at
/// once (the one merged and the one just worked), so `per_batch` still
/// bounds what the stage holds. `merge` must not use the pool: the caller,
/// which may be a pool thread, waits for the merger between batches.
pub fn map_then_merge<T, R, S>(
    items: &[T],
    per_batch: usize,
    work: impl Fn(&T) -> R + Sync,
    state: S,
    mut merge: impl FnMut(&mut S, Vec<R>) + Send,
) -> S
where
    T: Sync,
    R: Send,
    S: Send,
{
    std::thread::scope(|s| {
        // A rendezvous channel: a worked batch waits here until the merger
        // takes it, and no batch is worked ahead of that.
        let (batches, merger_batches) = std::sync::mpsc::sync_channel::<Vec<R>>(0);
        let merger = s.spawn(move || {
            let mut state = state;
            for batch in merger_batches {
                merge(&mut state, batch);
            }
            state
        });
        for chunk in items.chunks(per_batch.max(1)) {
            // A send fails only when the merger has panicked: its panic is
            // resumed below.
            if batches.send(map_ordered(chunk, &work, None)).is_err() {
                break;
            }
        }
        drop(batches);
        merger
            .join()
            .unwrap_or_else(|p| std::panic::resume_unwind(p))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_order_and_reports_progress() {
        let items: Vec<u64> = (0..1000).collect();
        let mut last = 0;
        let out = map_ordered(&items, |x| x * 2, Some(&mut |n| last = n));
        assert_eq!(out, items.iter().map(|x| x * 2).collect::<Vec<_>>());
        assert!(last <= 1000);
        assert!(map_ordered(&[] as &[u64], |x| *x, None).is_empty());
        let mut last = 0;
        assert_eq!(map_ordered(&[7], |x| x + 1, Some(&mut |n| last = n)), [8]);
        assert_eq!(last, 1, "a single item is reported done");
    }

    #[test]
    fn work_on_the_pool_may_wait_for_more_work_on_the_pool() {
        // Every item joins two maps of its own: with each pool thread inside
        // an item, the inner work must still get done.
        let items: Vec<u64> = (0..64).collect();
        let out = map_ordered(
            &items,
            |&i| {
                let (a, b) = join(
                    || map_ordered(&[i, i + 1], |x| x * 2, None),
                    || map_ordered(&[i, i], |x| x + 1, None),
                );
                a.iter().sum::<u64>() + b.iter().sum::<u64>()
            },
            None,
        );
        assert_eq!(out, items.iter().map(|i| 6 * i + 4).collect::<Vec<_>>());
    }

    #[test]
    fn each_item_is_worked_once_with_its_index() {
        let mut items: Vec<Vec<usize>> = vec![Vec::new(); 9];
        for_each_mut(&mut items, |i, v| v.extend(0..i));
        assert!(items
            .iter()
            .enumerate()
            .all(|(i, v)| *v == (0..i).collect::<Vec<_>>()));
        let mut one = [0u8];
        for_each_mut(&mut one, |_, x| *x += 1);
        assert_eq!(one, [1]);
        for_each_mut(&mut [] as &mut [u8], |_, _| unreachable!("no items"));
        assert!(threads() >= 1);
    }

    #[test]
    fn a_panic_in_a_worker_unwinds_in_the_caller() {
        let items: Vec<u32> = (0..100).collect();
        let caught = std::panic::catch_unwind(|| {
            map_ordered(
                &items,
                |&i| {
                    assert_ne!(i, 57, "item 57");
                    i
                },
                None,
            )
        });
        let message = caught.expect_err("the worker's panic");
        let message = message
            .downcast_ref::<String>()
            .expect("a formatted message");
        assert!(message.contains("item 57"), "{message}");
        let caught = std::panic::catch_unwind(|| join(|| 1, || panic!("the second")));
        assert!(caught.is_err());
    }

    #[test]
    fn foreground_work_is_not_held_up_by_a_busy_main_pool() {
        use std::sync::atomic::AtomicBool;
        let (busy, release, done, freed_by_watchdog) = (
            AtomicUsize::new(0),
            AtomicBool::new(false),
            AtomicBool::new(false),
            AtomicBool::new(false),
        );
        let wait = |flag: &AtomicBool| {
            while !flag.load(Ordering::SeqCst) {
                std::thread::sleep(Duration::from_millis(1));
            }
        };
        std::thread::scope(|s| {
            // Every thread of the main pool is taken (an index build).
            s.spawn(|| {
                rayon::broadcast(|_| {
                    busy.fetch_add(1, Ordering::SeqCst);
                    wait(&release);
                })
            });
            while busy.load(Ordering::SeqCst) < rayon::current_num_threads() {
                std::thread::sleep(Duration::from_millis(1));
            }
            // Frees the main pool if the foreground work waits for it.
            s.spawn(|| {
                for _ in 0..3000 {
                    if done.load(Ordering::SeqCst) {
                        return;
                    }
                    std::thread::sleep(Duration::from_millis(10));
                }
                freed_by_watchdog.store(true, Ordering::SeqCst);
                release.store(true, Ordering::SeqCst);
            });
            let items: Vec<u32> = (0..100).collect();
            let out = in_foreground(|| map_ordered(&items, |i| i * 2, None));
            done.store(true, Ordering::SeqCst);
            release.store(true, Ordering::SeqCst);
            assert_eq!(out, items.iter().map(|i| i * 2).collect::<Vec<_>>());
        });
        assert!(
            !freed_by_watchdog.load(Ordering::SeqCst),
            "the foreground work waited for the main pool"
        );
    }

    #[test]
    fn merges_every_result_in_order() {
        let items: Vec<u32> = (0..1000).collect();
        for per_batch in [1, 7, 512, 2000] {
            let out = map_then_merge(
                &items,
                per_batch,
                |i| i * 2,
                Vec::new(),
                |all: &mut Vec<u32>, batch| all.extend(batch),
            );
            assert_eq!(out, items.iter().map(|i| i * 2).collect::<Vec<_>>());
        }
        let none: Vec<u32> =
            map_then_merge(&[] as &[u32], 4, |i| *i, Vec::new(), |a, b| a.extend(b));
        assert!(none.is_empty());
    }
}
