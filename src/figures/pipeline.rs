//! Batches of items worked on every core while the previous batch's results
//! are merged on a thread of their own: the merging (interning words,
//! summing counts) is serial, and done between batches it would leave the
//! cores idle while it ran.

use crate::parallel::map_ordered;

/// `merge`s into `state` the results of `work` on each item, in item order,
/// a batch of `per_batch` items at a time: batch `k + 1` is worked on every
/// core while batch `k` is merged. At most two batches' results are held at
/// once (the one merged and the one just worked), so `per_batch` still
/// bounds what the stage holds.
pub(super) fn map_then_merge<T, R, S>(
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
