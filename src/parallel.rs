//! Work spread over the machine's cores with scoped threads: each worker takes
//! the next item, and the results keep the input order. A panic in a worker
//! goes on unwinding in the caller. A single item (or a single core) is
//! worked on by the caller itself. [`map_then_merge`] works batches so,
//! while the batch before is merged on a thread of its own: the merging
//! (interning words, summing counts) is serial, and done between batches
//! it would leave the cores idle while it ran.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

/// `items.iter().map(f)`, on every core (results may borrow from `items`). With `progress`, the calling thread
/// reports how many items are done while the workers run.
pub fn map_ordered<'a, T, R, F>(
    items: &'a [T],
    f: F,
    mut progress: Option<&mut dyn FnMut(usize)>,
) -> Vec<R>
where
    T: Sync,
    R: Send,
    F: Fn(&'a T) -> R + Sync,
{
    let threads = std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .min(items.len().max(1));
    if threads == 1 {
        // One item, one core: a thread of its own would only cost its start.
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
    let next = AtomicUsize::new(0);
    let done = AtomicUsize::new(0);
    let mut results: Vec<(usize, R)> = std::thread::scope(|s| {
        let workers: Vec<_> = (0..threads)
            .map(|_| {
                s.spawn(|| {
                    let mut mine = Vec::new();
                    loop {
                        let i = next.fetch_add(1, Ordering::Relaxed);
                        let Some(item) = items.get(i) else { break };
                        mine.push((i, f(item)));
                        done.fetch_add(1, Ordering::Relaxed);
                    }
                    mine
                })
            })
            .collect();
        if let Some(report) = progress.as_mut() {
            let mut reported = usize::MAX;
            while workers.iter().any(|w| !w.is_finished()) {
                let now = done.load(Ordering::Relaxed);
                if now != reported {
                    report(now);
                    reported = now;
                }
                std::thread::sleep(Duration::from_millis(5));
            }
        }
        workers
            .into_iter()
            .flat_map(|w| w.join().unwrap_or_else(|p| std::panic::resume_unwind(p)))
            .collect()
    });
    results.sort_by_key(|(i, _)| *i);
    results.into_iter().map(|(_, r)| r).collect()
}

/// `merge`s into `state` the results of `work` on each item, in item order,
/// a batch of `per_batch` items at a time: batch `k + 1` is worked on every
/// core while batch `k` is merged. At most two batches' results are held at
/// once (the one merged and the one just worked), so `per_batch` still
/// bounds what the stage holds.
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
