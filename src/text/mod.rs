//! Text primitives every analysis shares: folding with an offset map,
//! paragraph and sentence segmentation, and line/column positions.

mod fold;
mod lines;
mod lower;
mod offsets;
mod original;
mod segment;

pub use fold::{fold, fold_note, Folded, LineBreaks};
pub use lines::{byte_of, col_of, Encoding, LineCol, LineIndex};
pub use lower::{with_lowercase, WordList, Words};
pub use offsets::{OffsetMap, OffsetMapBuilder};
pub use original::Original;
pub use segment::{block_around, paragraphs, sentences, sentences_in, Sentence};
