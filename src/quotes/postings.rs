//! `Postings`: lists of corpus word positions by key (a word id, a bucket
//! of 3-grams), stored as one packed array of positions and one packed
//! array of where each key's list starts — no vector per key.

use super::packed::{bits_for, Packed};

/// Ascending corpus positions for each key `0..keys`.
#[derive(Clone, Default, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Postings {
    /// Key `k`'s positions are `positions[start[k]..start[k + 1]]`.
    start: Packed,
    positions: Packed,
}

/// Keys sorted together, at most: their counts (and, in a corpus, most of
/// their positions) stay in the processor's caches.
const KEYS_PER_PARTITION: usize = 1 << 14;

impl Postings {
    /// Lists by a partitioned counting sort: `positions()` gives every
    /// position to list, ascending (at most `max_position`), and is called
    /// twice; `key_of` is the key of a position. `prune` may remove
    /// positions from a key's list of more than `long` positions before it
    /// is stored.
    ///
    /// The positions are first cut by key range into partitions (a stream
    /// of writes per partition), then each partition is sorted by key on
    /// its own: a single counting sort over the whole corpus writes at
    /// random over an array too large for any cache, and slows down more
    /// than the corpus grows.
    pub fn build<I>(
        keys: usize,
        max_position: u32,
        positions: impl Fn() -> I,
        key_of: impl Fn(u32) -> u32,
        long: usize,
        mut prune: impl FnMut(usize, &mut Vec<u32>),
    ) -> Postings
    where
        I: Iterator<Item = u32>,
    {
        let partitions = keys.div_ceil(KEYS_PER_PARTITION).max(1);
        let partition = |p: u32| key_of(p) as usize / KEYS_PER_PARTITION;
        // Where each partition's positions start in `by_partition`.
        let mut fill = vec![0usize; partitions + 1];
        for p in positions() {
            fill[partition(p) + 1] += 1;
        }
        for k in 0..partitions {
            fill[k + 1] += fill[k];
        }
        let bounds = fill.clone();
        let mut by_partition = vec![0u32; fill[partitions]];
        for p in positions() {
            let at = &mut fill[partition(p)];
            by_partition[*at] = p;
            *at += 1;
        }
        drop(fill);

        let mut out = Packed::with_max(max_position);
        out.reserve(by_partition.len());
        let mut kept = Vec::with_capacity(keys + 1);
        kept.push(0);
        let mut start = vec![0u32; KEYS_PER_PARTITION + 1];
        let mut sorted = Vec::new();
        let mut list = Vec::new();
        for part in 0..partitions {
            let first = part * KEYS_PER_PARTITION;
            let n = KEYS_PER_PARTITION.min(keys - first);
            let mine = &by_partition[bounds[part]..bounds[part + 1]];
            // A counting sort of the partition's positions by key.
            let start = &mut start[..=n];
            start.fill(0);
            for &p in mine {
                start[key_of(p) as usize - first + 1] += 1;
            }
            for k in 0..n {
                start[k + 1] += start[k];
            }
            sorted.clear();
            sorted.resize(mine.len(), 0);
            for &p in mine {
                let at = &mut start[key_of(p) as usize - first];
                sorted[*at as usize] = p;
                *at += 1;
            }
            // `start[k]` is now where key `k` ends.
            let mut from = 0;
            for (k, &end) in start[..n].iter().enumerate() {
                let to = end as usize;
                if to - from > long {
                    list.clear();
                    list.extend_from_slice(&sorted[from..to]);
                    prune(first + k, &mut list);
                    out.extend(&list);
                } else {
                    out.extend(&sorted[from..to]);
                }
                kept.push(out.len() as u32);
                from = to;
            }
        }
        out.shrink_to_fit();
        let total = out.len() as u32;
        Postings {
            start: Packed::new(kept, total),
            positions: out,
        }
    }

    /// Number of keys.
    pub fn keys(&self) -> usize {
        self.start.len().saturating_sub(1)
    }

    /// The positions of `key`, ascending.
    pub fn list(&self, key: usize) -> impl ExactSizeIterator<Item = u32> + '_ {
        let (from, to) = if key < self.keys() {
            (
                self.start.get(key) as usize,
                self.start.get(key + 1) as usize,
            )
        } else {
            (0, 0)
        };
        (from..to).map(|i| self.positions.get(i))
    }
}

/// Bits a position of a corpus of `n` words needs.
pub fn position_bits(n: usize) -> u32 {
    bits_for(n.saturating_sub(1) as u32)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lists_by_key_in_position_order() {
        let keys = [2u32, 0, 2, 1, 2, 0];
        let key_of = |p: u32| keys[p as usize];
        let p = Postings::build(4, 5, || 0..6, key_of, usize::MAX, |_, _| {});
        let lists: Vec<Vec<u32>> = (0..5).map(|k| p.list(k).collect()).collect();
        assert_eq!(lists, [vec![1, 5], vec![3], vec![0, 2, 4], vec![], vec![]]);
        assert_eq!(p.keys(), 4);
        // `keep` drops a list (or part of one) before it is stored.
        let p = Postings::build(
            4,
            5,
            || 0..6,
            key_of,
            0,
            |k, list| {
                if k == 2 {
                    list.retain(|&x| x != 2);
                }
                if k == 0 {
                    list.clear();
                }
            },
        );
        let lists: Vec<Vec<u32>> = (0..4).map(|k| p.list(k).collect()).collect();
        assert_eq!(lists, [vec![], vec![3], vec![0, 4], vec![]]);
        assert_eq!(p.list(1).len(), 1);
        assert_eq!(position_bits(1 << 19), 19);
    }

    /// Keys over many partitions, some positions left out: the lists of a
    /// plain sort.
    #[test]
    fn partitions_give_the_lists_of_a_plain_sort() {
        let keys = 3 * KEYS_PER_PARTITION + 17;
        let key_of = |p: u32| (p.wrapping_mul(2_654_435_761) >> 7) % keys as u32;
        let listed = |p: &u32| p % 5 != 3;
        let positions = || (0..200_000u32).filter(listed);
        let p = Postings::build(keys, 200_000, positions, key_of, 5, |k, list| {
            if k % 3 == 0 {
                list.retain(|&x| x % 2 == 0);
            }
        });
        let mut plain = vec![Vec::new(); keys];
        for at in positions() {
            plain[key_of(at) as usize].push(at);
        }
        for (k, list) in plain.iter_mut().enumerate() {
            if k % 3 == 0 && list.len() > 5 {
                list.retain(|&x| x % 2 == 0);
            }
        }
        assert_eq!(p.keys(), keys);
        for (k, want) in plain.iter().enumerate() {
            assert_eq!(&p.list(k).collect::<Vec<_>>(), want, "key {k}");
        }
        let empty = Postings::build(0, 0, || 0..0, |_| 0, 0, |_, _| {});
        assert_eq!(empty.keys(), 0);
    }
}
