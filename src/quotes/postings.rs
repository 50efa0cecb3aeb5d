//! `Postings`: lists of corpus word positions by key (a word id, a bucket
//! of 3-grams), stored together as one Elias–Fano sequence — no vector per
//! key, and no array of where each key's list starts.
//!
//! Every (key, position) pair is the number `key * stride + position`
//! (`stride` is one more than the largest position), and the lists, key by
//! key, are these numbers ascending. Each number keeps its low `low_bits`
//! bits in a packed array; its high part is written in unary in a bit
//! vector (`highs`: a one per number, a zero each time the high part goes
//! up). That costs about `low_bits + 2` bits a position, with
//! `low_bits ≈ log2(keys * stride / positions)`: 23 bits for 3-grams in
//! buckets of four where fixed-width positions and bucket starts took 32,
//! 18 for word postings where they took 23. A list is read in order, which
//! is all a lookup does; where key `k`'s list starts is found from the
//! `k`-th high part's zero, by a sample every `ZEROS_PER_SAMPLE` zeros.

use std::ops::Range;

use super::packed::{bits_for, Packed};

/// Ascending corpus positions for each key `0..keys`.
#[derive(Clone, Default, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Postings {
    keys: u64,
    /// One more than the largest position: key `k`'s numbers are
    /// `k * stride..(k + 1) * stride`.
    stride: u64,
    /// Bits of each number kept in `lows`.
    low_bits: u32,
    /// The low bits of each number, in order.
    lows: Packed,
    /// Number `i` with high part `h` is a one at bit `h + i` (low bit
    /// first); every other bit is a zero, and the zeros before number `i`
    /// are its high part. One spare word at the end.
    #[serde(with = "crate::cache::raw")]
    highs: Vec<u32>,
    /// For zero `j * ZEROS_PER_SAMPLE`: the word of `highs` holding it and
    /// the zeros in the words before that one.
    #[serde(with = "crate::cache::raw")]
    samples: Vec<(u32, u32)>,
}

/// Zeros of `highs` between two samples.
const ZEROS_PER_SAMPLE: u64 = 256;

/// [`Postings`] being written, number by number in ascending order.
struct Writer {
    p: Postings,
    /// Numbers written so far.
    len: u64,
    /// Low bits not yet packed (packed a batch at a time).
    batch: Vec<u32>,
}

impl Writer {
    /// For at most `upper` numbers (the bits kept low are chosen for that
    /// many).
    fn new(keys: usize, max_position: u32, upper: usize) -> Writer {
        let stride = u64::from(max_position) + 1;
        let universe = keys as u64 * stride;
        let per = universe / upper.max(1) as u64;
        let low_bits = per.checked_ilog2().unwrap_or(0).min(32);
        let mut lows = Packed::with_max(low_mask(low_bits));
        lows.reserve(upper);
        let bits = upper as u64 + (universe >> low_bits) + 1;
        Writer {
            p: Postings {
                keys: keys as u64,
                stride,
                low_bits,
                lows,
                highs: Vec::with_capacity(words(bits)),
                samples: Vec::new(),
            },
            len: 0,
            batch: Vec::with_capacity(1024),
        }
    }

    /// Appends `key`'s positions (ascending, after every earlier key's).
    fn push_list(&mut self, key: usize, positions: &[u32]) {
        let base = key as u64 * self.p.stride;
        for &at in positions {
            let n = base + u64::from(at);
            let high = n >> self.p.low_bits;
            let bit = high + self.len;
            let w = (bit / 32) as usize;
            if self.p.highs.len() <= w {
                self.p.highs.resize(w + 1, 0);
            }
            self.p.highs[w] |= 1 << (bit % 32);
            self.batch
                .push((n & u64::from(low_mask(self.p.low_bits))) as u32);
            if self.batch.len() == self.batch.capacity() {
                self.p.lows.extend(&self.batch);
                self.batch.clear();
            }
            self.len += 1;
        }
    }

    fn finish(mut self) -> Postings {
        self.p.lows.extend(&self.batch);
        self.p.lows.shrink_to_fit();
        // Every high part up to that of the last possible number has its
        // zero, so that the start of any key's list is found.
        let top = (self.p.keys * self.p.stride) >> self.p.low_bits;
        let bits = self.len + top + 1;
        self.p.highs.resize(words(bits) + 1, 0);
        self.p.highs.shrink_to_fit();
        let mut zeros = 0u64;
        let mut next = 0u64;
        for (w, &word) in self.p.highs.iter().enumerate() {
            let here = u64::from((!word).count_ones());
            while next * ZEROS_PER_SAMPLE < zeros + here {
                let at = |n: u64| u32::try_from(n).expect("postings under 2^32 words");
                self.p.samples.push((at(w as u64), at(zeros)));
                next += 1;
            }
            zeros += here;
        }
        self.p.samples.shrink_to_fit();
        self.p
    }
}

/// The mask of a number's low `low_bits` bits (at most 32).
fn low_mask(low_bits: u32) -> u32 {
    if low_bits >= 32 {
        u32::MAX
    } else {
        (1 << low_bits) - 1
    }
}

/// 32-bit words holding `bits` bits.
fn words(bits: u64) -> usize {
    bits.div_ceil(32) as usize
}

/// Keys sorted together, at most: their counts (and, in a corpus, most of
/// their positions) stay in the processor's caches.
const KEYS_PER_PARTITION: usize = 1 << 14;
const _: () = assert!(
    KEYS_PER_PARTITION <= 1 << 16,
    "a key within its partition is a u16"
);

/// Positions cut into partitions in one pass over them, at most (unless one
/// partition holds more): 64 MiB with their keys, so that a corpus of some
/// hundreds of millions of words is read a few times over rather than held
/// twice; a corpus of fewer words than this is read once.
const POSITIONS_PER_PASS: usize = (64 << 20) / 6;

/// The number of positions in each partition of `keys` keys.
fn partition_sizes(
    keys: usize,
    positions: impl Iterator<Item = u32>,
    key_of: impl Fn(u32) -> u32,
) -> Vec<usize> {
    let mut sizes = vec![0usize; keys.div_ceil(KEYS_PER_PARTITION).max(1)];
    for p in positions {
        sizes[key_of(p) as usize / KEYS_PER_PARTITION] += 1;
    }
    sizes
}

/// Where each partition's positions start when they are laid out partition
/// after partition (one more than there are partitions: the last is the
/// end).
fn starts_of(sizes: &[usize]) -> Vec<usize> {
    let mut bounds = vec![0usize; sizes.len() + 1];
    for (k, &n) in sizes.iter().enumerate() {
        bounds[k + 1] = bounds[k] + n;
    }
    bounds
}

/// One shard's positions of a run of partitions, cut out of the shard
/// partition by partition, each with its key within its partition.
#[derive(Default)]
struct Cut {
    positions: Vec<u32>,
    /// Each cut position's key within its partition, kept from the pass
    /// that read it: found again from the position, the key would be read
    /// from all over the corpus (a cache miss a position).
    keys: Vec<u16>,
}

impl Cut {
    /// Cuts the positions of partitions `run` out of `positions`, given
    /// where each partition's positions of this shard start (`bounds`).
    fn cut(
        &mut self,
        positions: impl Iterator<Item = u32>,
        key_of: impl Fn(u32) -> u32,
        bounds: &[usize],
        run: Range<usize>,
    ) {
        let base = bounds[run.start];
        let len = bounds[run.end] - base;
        self.positions.clear();
        self.positions.resize(len, 0);
        self.keys.clear();
        self.keys.resize(len, 0);
        if len == 0 {
            // Nothing of this shard in the run: its positions are not read.
            return;
        }
        let mut fill: Vec<usize> = bounds[run.clone()].iter().map(|b| b - base).collect();
        for p in positions {
            let key = key_of(p) as usize;
            let q = key / KEYS_PER_PARTITION;
            if run.contains(&q) {
                let at = &mut fill[q - run.start];
                self.positions[*at] = p;
                self.keys[*at] = (key % KEYS_PER_PARTITION) as u16;
                *at += 1;
            }
        }
    }

    /// Partition `part`'s positions and keys, of the run that starts with
    /// partition `run_start`.
    fn partition(&self, bounds: &[usize], run_start: usize, part: usize) -> (&[u32], &[u16]) {
        let base = bounds[run_start];
        let at = bounds[part] - base..bounds[part + 1] - base;
        (&self.positions[at.clone()], &self.keys[at])
    }
}

impl Postings {
    /// Lists by a partitioned counting sort. The positions to list come in
    /// `shards` parts: `positions(s)` gives shard `s`'s, ascending, each
    /// shard's after every earlier shard's (at most `max_position`); it is
    /// called once a shard to count, then once a shard a pass (see below),
    /// the shards side by side. `key_of` is the key of a position. `prune`
    /// may remove positions from a key's list of more than `long` positions
    /// before it is stored.
    ///
    /// The positions are first cut by key range into partitions (a stream
    /// of writes per partition), then each partition is sorted by key on
    /// its own: a single counting sort over the whole corpus writes at
    /// random over an array too large for any cache, and slows down more
    /// than the corpus grows. The partitions are cut a run of them at a
    /// time, at most `POSITIONS_PER_PASS` positions, so a large corpus pays
    /// a pass over its positions per run rather than holding them all twice
    /// (once cut, once stored). Those passes (finding each position's key)
    /// are most of the work, and the shards share them out over the cores.
    #[allow(clippy::too_many_arguments)]
    pub fn build<I>(
        keys: usize,
        max_position: u32,
        shards: usize,
        positions: impl Fn(usize) -> I + Sync,
        key_of: impl Fn(u32) -> u32 + Sync,
        long: usize,
        prune: impl FnMut(usize, &mut Vec<u32>),
    ) -> Postings
    where
        I: Iterator<Item = u32>,
    {
        let mut sizes = vec![Vec::new(); shards.max(1)];
        crate::parallel::for_each_mut(&mut sizes, |s, sizes| {
            *sizes = partition_sizes(keys, positions(s), &key_of);
        });
        Postings::build_in_passes(
            keys,
            max_position,
            &sizes,
            positions,
            key_of,
            long,
            prune,
            POSITIONS_PER_PASS,
        )
    }

    /// [`Postings::build`] for positions, in one shard, whose number under
    /// each key is known already (`count_of(key)`, of the positions
    /// `positions()` gives): the pass that counts them is saved.
    pub fn build_counted<I>(
        keys: usize,
        max_position: u32,
        count_of: impl Fn(usize) -> usize,
        positions: impl Fn() -> I + Sync,
        key_of: impl Fn(u32) -> u32 + Sync,
    ) -> Postings
    where
        I: Iterator<Item = u32>,
    {
        let partitions = keys.div_ceil(KEYS_PER_PARTITION).max(1);
        let sizes: Vec<usize> = (0..partitions)
            .map(|p| {
                let first = p * KEYS_PER_PARTITION;
                (first..keys.min(first + KEYS_PER_PARTITION))
                    .map(&count_of)
                    .sum()
            })
            .collect();
        Postings::build_in_passes(
            keys,
            max_position,
            &[sizes],
            |_| positions(),
            key_of,
            usize::MAX,
            |_, _| {},
            POSITIONS_PER_PASS,
        )
    }

    /// [`Postings::build`], given the number of positions of each shard in
    /// each partition (`sizes[shard][partition]`), cutting at most
    /// `per_pass` positions (unless one partition holds more) in a pass.
    #[allow(clippy::too_many_arguments)]
    fn build_in_passes<I>(
        keys: usize,
        max_position: u32,
        sizes: &[Vec<usize>],
        positions: impl Fn(usize) -> I + Sync,
        key_of: impl Fn(u32) -> u32 + Sync,
        long: usize,
        mut prune: impl FnMut(usize, &mut Vec<u32>),
        per_pass: usize,
    ) -> Postings
    where
        I: Iterator<Item = u32>,
    {
        let partitions = keys.div_ceil(KEYS_PER_PARTITION).max(1);
        debug_assert!(sizes.iter().all(|s| s.len() == partitions));
        // Where each partition's positions start, in each shard's cut and
        // in all shards together.
        let shard_bounds: Vec<Vec<usize>> = sizes.iter().map(|s| starts_of(s)).collect();
        let bounds: Vec<usize> = (0..=partitions)
            .map(|p| shard_bounds.iter().map(|b| b[p]).sum())
            .collect();
        let total = bounds[partitions];

        let mut out = Writer::new(keys, max_position, total);
        let mut cuts: Vec<Cut> = sizes.iter().map(|_| Cut::default()).collect();
        let mut start = vec![0u32; KEYS_PER_PARTITION + 1];
        let mut sorted = Vec::new();
        let mut list = Vec::new();
        let mut run = 0..0;
        for part in 0..partitions {
            if part == run.end {
                // Cut the next run of partitions: as many as fit in one pass
                // (always at least one), every shard on a core.
                let mut end = part + 1;
                while end < partitions && bounds[end + 1] - bounds[part] <= per_pass {
                    end += 1;
                }
                run = part..end;
                let (run, shard_bounds, positions, key_of) =
                    (&run, &shard_bounds, &positions, &key_of);
                crate::parallel::for_each_mut(&mut cuts, |s, cut| {
                    cut.cut(positions(s), key_of, &shard_bounds[s], run.clone());
                });
            }
            let first = part * KEYS_PER_PARTITION;
            let n = KEYS_PER_PARTITION.min(keys - first);
            let mine: Vec<(&[u32], &[u16])> = cuts
                .iter()
                .zip(&shard_bounds)
                .map(|(cut, b)| cut.partition(b, run.start, part))
                .collect();
            // A counting sort of the partition's positions by key, shard by
            // shard (so each key's positions stay ascending).
            let start = &mut start[..=n];
            start.fill(0);
            for &(_, keys) in &mine {
                for &k in keys {
                    start[usize::from(k) + 1] += 1;
                }
            }
            for k in 0..n {
                start[k + 1] += start[k];
            }
            sorted.clear();
            sorted.resize(bounds[part + 1] - bounds[part], 0);
            for &(positions, keys) in &mine {
                for (&p, &k) in positions.iter().zip(keys) {
                    let at = &mut start[usize::from(k)];
                    sorted[*at as usize] = p;
                    *at += 1;
                }
            }
            // `start[k]` is now where key `k` ends.
            let mut from = 0;
            for (k, &end) in start[..n].iter().enumerate() {
                let to = end as usize;
                if to - from > long {
                    list.clear();
                    list.extend_from_slice(&sorted[from..to]);
                    prune(first + k, &mut list);
                    out.push_list(first + k, &list);
                } else {
                    out.push_list(first + k, &sorted[from..to]);
                }
                from = to;
            }
        }
        out.finish()
    }

    /// Number of keys.
    pub fn keys(&self) -> usize {
        self.keys as usize
    }

    /// The bit of `highs` just after zero number `z`.
    fn after_zero(&self, z: u64) -> u64 {
        let (mut w, before) = self.samples[(z / ZEROS_PER_SAMPLE) as usize];
        let mut left = z - u64::from(before);
        loop {
            let mut zeros = !self.highs[w as usize];
            let here = u64::from(zeros.count_ones());
            if left < here {
                for _ in 0..left {
                    zeros &= zeros - 1;
                }
                return u64::from(w) * 32 + u64::from(zeros.trailing_zeros()) + 1;
            }
            left -= here;
            w += 1;
        }
    }

    /// The positions of `key`, ascending.
    pub fn list(&self, key: usize) -> List<'_> {
        let mut list = List {
            p: self,
            word: 0,
            bits: 0,
            left: 0,
            high: 0,
            index: 0,
            from: 0,
            to: 0,
        };
        if key as u64 >= self.keys {
            return list;
        }
        let from = key as u64 * self.stride;
        let high = from >> self.low_bits;
        // Numbers of this high part or more start after its zero.
        let bit = if high == 0 {
            0
        } else {
            self.after_zero(high - 1)
        };
        let word = (bit / 32) as usize;
        let off = (bit % 32) as u32;
        list.word = word;
        list.bits = self.highs[word] >> off;
        list.left = 32 - off;
        list.high = high;
        list.index = bit - high;
        list.from = from;
        list.to = from + self.stride;
        list
    }
}

/// The positions of one key, read from its [`Postings`] in order.
pub struct List<'a> {
    p: &'a Postings,
    /// The word of `highs` being read, its bits not yet read (low first)
    /// and how many those are.
    word: usize,
    bits: u32,
    left: u32,
    /// The high part reached, and the index of the next number.
    high: u64,
    index: u64,
    /// The key's numbers.
    from: u64,
    to: u64,
}

impl Iterator for List<'_> {
    type Item = u32;

    fn next(&mut self) -> Option<u32> {
        let p = self.p;
        loop {
            if self.high << p.low_bits >= self.to {
                return None;
            }
            if self.bits == 0 {
                // The rest of the word is zeros: the high part goes up.
                self.high += u64::from(self.left);
                self.word += 1;
                self.bits = *p.highs.get(self.word)?;
                self.left = 32;
                continue;
            }
            let zeros = self.bits.trailing_zeros();
            self.high += u64::from(zeros);
            // The one after them is a number.
            self.bits = (self.bits >> zeros) >> 1;
            self.left -= zeros + 1;
            let low = u64::from(p.lows.get(self.index as usize));
            self.index += 1;
            let n = self.high << p.low_bits | low;
            if n >= self.to {
                return None;
            }
            if n >= self.from {
                return Some((n - self.from) as u32);
            }
        }
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
        let p = Postings::build(4, 5, 1, |_| 0..6, key_of, usize::MAX, |_, _| {});
        let lists: Vec<Vec<u32>> = (0..5).map(|k| p.list(k).collect()).collect();
        assert_eq!(lists, [vec![1, 5], vec![3], vec![0, 2, 4], vec![], vec![]]);
        assert_eq!(p.keys(), 4);
        // `keep` drops a list (or part of one) before it is stored.
        let p = Postings::build(
            4,
            5,
            1,
            |_| 0..6,
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
        assert_eq!(p.list(1).count(), 1);
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
        let prune = |k: usize, list: &mut Vec<u32>| {
            if k % 3 == 0 {
                list.retain(|&x| x % 2 == 0);
            }
        };
        let p = Postings::build(keys, 200_000, 1, |_| positions(), key_of, 5, prune);
        // Cut in one pass, in a pass per partition, and in runs of a few;
        // in one shard, and in shards of unequal sizes, one of them empty.
        let shard_ends = [0u32, 10_000, 10_000, 150_000, 200_000];
        let shard = |s: usize| {
            positions().filter(move |&p| (shard_ends[s]..shard_ends[s + 1]).contains(&p))
        };
        for per_pass in [0, 70_000] {
            let sizes = [partition_sizes(keys, positions(), key_of)];
            let q = Postings::build_in_passes(
                keys,
                200_000,
                &sizes,
                |_| positions(),
                key_of,
                5,
                prune,
                per_pass,
            );
            assert!(
                (0..keys).all(|k| p.list(k).eq(q.list(k))),
                "{per_pass} a pass"
            );
            let sizes: Vec<_> = (0..4)
                .map(|s| partition_sizes(keys, shard(s), key_of))
                .collect();
            let q =
                Postings::build_in_passes(keys, 200_000, &sizes, shard, key_of, 5, prune, per_pass);
            assert!(
                (0..keys).all(|k| p.list(k).eq(q.list(k))),
                "{per_pass} a pass, in shards"
            );
        }
        let q = Postings::build(keys, 200_000, 4, shard, key_of, 5, prune);
        assert!((0..keys).all(|k| p.list(k).eq(q.list(k))), "in shards");
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
        let empty = Postings::build(0, 0, 2, |_| 0..0, |_| 0, 0, |_, _| {});
        assert_eq!(empty.keys(), 0);
        // Counted beforehand, the same lists as counted in a pass.
        let whole = Postings::build(
            keys,
            200_000,
            1,
            |_| positions(),
            key_of,
            usize::MAX,
            |_, _| {},
        );
        let mut counts = vec![0u32; keys];
        for at in positions() {
            counts[key_of(at) as usize] += 1;
        }
        let count_of = |k: usize| counts[k] as usize;
        let counted = Postings::build_counted(keys, 200_000, count_of, positions, key_of);
        assert!((0..keys).all(|k| whole.list(k).eq(counted.list(k))));
        assert_eq!(
            Postings::build_counted(0, 0, |_| 0, || 0..0, |_| 0).keys(),
            0
        );
    }
}
