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

impl Postings {
    /// Lists by counting sort: `items()` gives every `(key, position)`,
    /// positions ascending (at most `max_position`), and is called twice.
    /// `keep` may remove positions from a key's list before it is stored.
    pub fn build<I>(
        keys: usize,
        max_position: u32,
        items: impl Fn() -> I,
        mut keep: impl FnMut(usize, &mut Vec<u32>),
    ) -> Postings
    where
        I: Iterator<Item = (u32, u32)>,
    {
        let mut start = vec![0u32; keys + 1];
        for (k, _) in items() {
            start[k as usize + 1] += 1;
        }
        for k in 0..keys {
            start[k + 1] += start[k];
        }
        let mut fill = start.clone();
        let mut all = vec![0u32; start[keys] as usize];
        for (k, p) in items() {
            let at = &mut fill[k as usize];
            all[*at as usize] = p;
            *at += 1;
        }
        drop(fill);
        let mut positions = Packed::with_max(max_position);
        let mut list = Vec::new();
        let mut kept = Vec::with_capacity(keys + 1);
        kept.push(0);
        for k in 0..keys {
            list.clear();
            list.extend_from_slice(&all[start[k] as usize..start[k + 1] as usize]);
            keep(k, &mut list);
            for &p in &list {
                positions.push(p);
            }
            kept.push(positions.len() as u32);
        }
        positions.shrink_to_fit();
        let total = positions.len() as u32;
        Postings {
            start: Packed::new(kept, total),
            positions,
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
        let items = [(2u32, 0u32), (0, 1), (2, 2), (1, 3), (2, 4), (0, 5)];
        let p = Postings::build(4, 5, || items.iter().copied(), |_, _| {});
        let lists: Vec<Vec<u32>> = (0..5).map(|k| p.list(k).collect()).collect();
        assert_eq!(lists, [vec![1, 5], vec![3], vec![0, 2, 4], vec![], vec![]]);
        assert_eq!(p.keys(), 4);
        // `keep` drops a list (or part of one) before it is stored.
        let p = Postings::build(
            4,
            5,
            || items.iter().copied(),
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
}
