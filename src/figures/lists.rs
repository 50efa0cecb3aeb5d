//! `IdLists`: many short lists of ids kept in one vector, each list a range
//! of it (compressed sparse rows), instead of one heap allocation per list.

/// Lists of `u32` ids, numbered from 0 in the order they were pushed.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub struct IdLists {
    /// Where each list starts in `ids`, and after the last one its end.
    #[serde(with = "crate::cache::raw")]
    starts: Vec<u32>,
    #[serde(with = "crate::cache::raw")]
    ids: Vec<u32>,
}

impl Default for IdLists {
    fn default() -> IdLists {
        IdLists {
            starts: vec![0],
            ids: Vec::new(),
        }
    }
}

impl IdLists {
    /// Appends a list; returns its number.
    pub fn push(&mut self, list: impl IntoIterator<Item = u32>) -> u32 {
        self.ids.extend(list);
        self.starts.push(self.ids.len() as u32);
        (self.starts.len() - 2) as u32
    }

    /// List `i`.
    pub fn get(&self, i: u32) -> &[u32] {
        let i = i as usize;
        &self.ids[self.starts[i] as usize..self.starts[i + 1] as usize]
    }

    /// How many lists there are.
    pub fn len(&self) -> usize {
        self.starts.len() - 1
    }

    /// Lists `list` for every `(list, item)` pair of `pairs()`, each holding
    /// the items of its pairs in their order, for `lists` lists. The pairs
    /// are read twice (counted, then placed) rather than collected, so that
    /// only the lists themselves are ever held.
    pub fn group<I: Iterator<Item = (u32, u32)>>(lists: usize, pairs: impl Fn() -> I) -> IdLists {
        let mut starts = vec![0u32; lists + 1];
        for (list, _) in pairs() {
            starts[list as usize + 1] += 1;
        }
        for i in 0..lists {
            starts[i + 1] += starts[i];
        }
        let mut next = starts.clone();
        let mut ids = vec![0u32; starts[lists] as usize];
        for (list, item) in pairs() {
            let at = &mut next[list as usize];
            ids[*at as usize] = item;
            *at += 1;
        }
        IdLists { starts, ids }
    }

    /// Gives back the room no list uses.
    pub fn shrink_to_fit(&mut self) {
        self.starts.shrink_to_fit();
        self.ids.shrink_to_fit();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lists_read_back_as_pushed() {
        let mut l = IdLists::default();
        assert_eq!(l.push([3, 1, 2]), 0);
        assert_eq!(l.push([]), 1);
        assert_eq!(l.push([7]), 2);
        assert_eq!(l.len(), 3);
        assert_eq!(l.get(0), [3, 1, 2]);
        assert_eq!(l.get(1), [] as [u32; 0]);
        assert_eq!(l.get(2), [7]);
    }

    #[test]
    fn grouping_keeps_each_lists_items_in_order() {
        let pairs = [(2, 10), (0, 11), (2, 12), (3, 13), (2, 14)];
        let l = IdLists::group(4, || pairs.iter().copied());
        assert_eq!(l.len(), 4);
        assert_eq!(l.get(0), [11]);
        assert_eq!(l.get(1), [] as [u32; 0]);
        assert_eq!(l.get(2), [10, 12, 14]);
        assert_eq!(l.get(3), [13]);
    }
}
