//! `IdLists`: many short lists of ids kept in one vector, each list a range
//! of it (compressed sparse rows), instead of one heap allocation per list.
//! `RunLists` (postings in a run per dimension) and `SentenceLists` (a
//! sentence's article and lists) are rows of their own shape in one.

use crate::prefetch::prefetch;

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

    /// Starts loading where list `i` starts (a hint: see [`prefetch`]).
    pub fn prefetch_start(&self, i: u32) {
        if let Some(start) = self.starts.get(i as usize) {
            prefetch(start);
        }
    }

    /// Starts loading list `i`'s first ids; its start should be loaded
    /// already ([`IdLists::prefetch_start`]).
    pub fn prefetch_list(&self, i: u32) {
        if let Some(first) = self
            .starts
            .get(i as usize)
            .and_then(|s| self.ids.get(*s as usize))
        {
            prefetch(first);
        }
    }

    /// Lists from their starts (with the end of the last one after them)
    /// and their ids.
    fn from_parts(starts: Vec<u32>, ids: Vec<u32>) -> IdLists {
        debug_assert_eq!(starts.last().map(|s| *s as usize), Some(ids.len()));
        IdLists { starts, ids }
    }

    /// Gives back the room no list uses.
    pub fn shrink_to_fit(&mut self) {
        self.starts.shrink_to_fit();
        self.ids.shrink_to_fit();
    }
}

/// Lists of `u32` ids in runs, each run under a small key (a figure's
/// dimension), each list one row of an [`IdLists`]: `[runs, (key << 24 |
/// length) × runs, ids…]`. A look-up of one key's run reads the row's
/// head instead of searching the ids for the run's ends.
#[derive(Debug, Clone, Default, serde::Serialize, serde::Deserialize)]
pub struct RunLists {
    rows: IdLists,
}

/// A run's length shares a `u32` with its key.
const RUN_LENGTH_BITS: u32 = 24;
/// The length's bits of a run's header.
const RUN_LENGTH: u32 = (1 << RUN_LENGTH_BITS) - 1;

impl RunLists {
    /// `lists` lists from the `(list, key, id)` triples of `items()`, each
    /// list's triples in runs of equal keys, a key in one run only. The
    /// items are read twice (counted, then placed) rather than collected, so
    /// that only the lists themselves are ever held. Panics on a run of `2^24` ids or more.
    pub fn group<I: Iterator<Item = (u32, u8, u32)>>(
        lists: usize,
        items: impl Fn() -> I,
    ) -> RunLists {
        // By list: its last key (`u16::MAX` before any), its runs and ids.
        let mut last = vec![u16::MAX; lists];
        let mut runs = vec![0u32; lists];
        let mut ids = vec![0u32; lists];
        for (list, key, _) in items() {
            let l = list as usize;
            if last[l] != u16::from(key) {
                last[l] = u16::from(key);
                runs[l] += 1;
            }
            ids[l] += 1;
        }
        let mut starts = vec![0u32; lists + 1];
        for l in 0..lists {
            starts[l + 1] = starts[l] + 1 + runs[l] + ids[l];
        }
        let mut row_ids = vec![0u32; starts[lists] as usize];
        // By list: where its next id goes, and its current run's header.
        for l in 0..lists {
            row_ids[starts[l] as usize] = runs[l];
            ids[l] = starts[l] + 1 + runs[l];
            runs[l] = starts[l];
        }
        last.iter_mut().for_each(|k| *k = u16::MAX);
        for (list, key, id) in items() {
            let l = list as usize;
            if last[l] != u16::from(key) {
                last[l] = u16::from(key);
                runs[l] += 1;
                row_ids[runs[l] as usize] = u32::from(key) << RUN_LENGTH_BITS;
            }
            let header = &mut row_ids[runs[l] as usize];
            assert!(
                *header & RUN_LENGTH < RUN_LENGTH,
                "a run of fewer than 2^24 ids"
            );
            *header += 1;
            row_ids[ids[l] as usize] = id;
            ids[l] += 1;
        }
        RunLists {
            rows: IdLists::from_parts(starts, row_ids),
        }
    }

    /// List `list`'s run of `key` (empty without one).
    pub fn run(&self, list: u32, key: u8) -> &[u32] {
        if list as usize >= self.rows.len() {
            return &[];
        }
        let row = self.rows.get(list);
        let runs = row[0] as usize;
        let mut at = 1 + runs;
        for header in &row[1..1 + runs] {
            let len = (header & RUN_LENGTH) as usize;
            if header >> RUN_LENGTH_BITS == u32::from(key) {
                return &row[at..at + len];
            }
            at += len;
        }
        &[]
    }

    /// Gives back the room no list uses.
    pub fn shrink_to_fit(&mut self) {
        self.rows.shrink_to_fit();
    }
}

/// By sentence: its article and three sorted lists of ids (its names, its
/// own names, its topic words), together in one row of an [`IdLists`],
/// `[article, names, own names, names…, own names…, words…]`. Matching
/// tests a candidate sentence on all of them: one row is read where the
/// sentence's record and three lists were four places apart in memory.
#[derive(Debug, Clone, Default, serde::Serialize, serde::Deserialize)]
pub struct SentenceLists {
    rows: IdLists,
}

/// One sentence's row of [`SentenceLists`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SentenceRow<'a> {
    pub article: u32,
    /// Name-stem ids of the sentence, the one before it and the title.
    pub names: &'a [u32],
    /// Name-stem ids of the sentence itself and the title (and of the
    /// sentence before when this one names nothing).
    pub own_names: &'a [u32],
    /// Topic word ids.
    pub words: &'a [u32],
}

/// Ids before a row's lists: the article and two list lengths.
const ROW_HEADER: usize = 3;

impl SentenceLists {
    /// Appends a sentence's row; returns its number.
    pub fn push(&mut self, row: SentenceRow<'_>) -> u32 {
        let len = |l: &[u32]| u32::try_from(l.len()).expect("a list of fewer than 2^32 ids");
        let header = [row.article, len(row.names), len(row.own_names)];
        self.rows.push(
            header
                .into_iter()
                .chain(row.names.iter().copied())
                .chain(row.own_names.iter().copied())
                .chain(row.words.iter().copied()),
        )
    }

    /// Sentence `s`'s row.
    pub fn row(&self, s: u32) -> SentenceRow<'_> {
        let r = self.rows.get(s);
        let names = ROW_HEADER + r[1] as usize;
        let own = names + r[2] as usize;
        SentenceRow {
            article: r[0],
            names: &r[ROW_HEADER..names],
            own_names: &r[names..own],
            words: &r[own..],
        }
    }

    /// Starts loading where row `s` starts.
    pub fn prefetch_start(&self, s: u32) {
        self.rows.prefetch_start(s);
    }

    /// Starts loading row `s`'s header and first ids.
    pub fn prefetch_row(&self, s: u32) {
        self.rows.prefetch_list(s);
    }

    /// Gives back the room no row uses.
    pub fn shrink_to_fit(&mut self) {
        self.rows.shrink_to_fit();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn runs_read_back_by_key() {
        let items = [
            (2, 1, 10),
            (0, 4, 11),
            (2, 1, 12),
            (2, 3, 13),
            (3, 0, 14),
            (2, 3, 15),
        ];
        let l = RunLists::group(5, || items.iter().copied());
        assert_eq!(l.run(2, 1), [10, 12]);
        assert_eq!(l.run(2, 3), [13, 15]);
        assert_eq!(l.run(2, 0), [] as [u32; 0]);
        assert_eq!(l.run(0, 4), [11]);
        assert_eq!(l.run(3, 0), [14]);
        assert_eq!(l.run(1, 0), [] as [u32; 0]);
        assert_eq!(l.run(4, 4), [] as [u32; 0]);
        assert_eq!(l.run(9, 1), [] as [u32; 0], "no such list");
    }

    #[test]
    fn sentence_rows_read_back_as_pushed() {
        let mut l = SentenceLists::default();
        let a = SentenceRow {
            article: 7,
            names: &[1, 4],
            own_names: &[4],
            words: &[2, 3, 9],
        };
        let b = SentenceRow {
            article: 8,
            names: &[],
            own_names: &[],
            words: &[],
        };
        let c = SentenceRow {
            article: 8,
            names: &[],
            own_names: &[5],
            words: &[6],
        };
        assert_eq!((l.push(a), l.push(b), l.push(c)), (0, 1, 2));
        assert_eq!((l.row(0), l.row(1), l.row(2)), (a, b, c));
    }

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
}
