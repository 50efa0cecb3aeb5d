//! Builds only the figure index of a corpus, for profilers:
//! `valgrind --tool=callgrind --toggle-collect='*figure_stage*build_figures*'
//! target/release/examples/figure_stage CORPUS` counts the figure stage
//! alone, without loading and segmenting the corpus. With
//! `FIGURE_STAGE_DUMP=FILE` it also writes the index serialized, so that two
//! builds of the stage can be compared byte for byte.
use grounded::corpus::{Corpus, CorpusSource};

#[global_allocator]
static ALLOCATOR: grounded::allocator::Allocator = grounded::allocator::Allocator;
use grounded::figures::FigureIndex;

/// The stage itself, apart so that a profiler can collect it alone.
#[inline(never)]
fn build_figures(corpus: &Corpus) -> FigureIndex {
    FigureIndex::build(corpus)
}

fn main() {
    grounded::allocator::tune();
    let path = std::env::args().nth(1).unwrap_or_else(|| "seeds".into());
    let (corpus, _) = Corpus::load(&CorpusSource::Paths(vec![path.into()]));
    let index = std::hint::black_box(build_figures(&corpus));
    if let Some(dump) = std::env::var_os("FIGURE_STAGE_DUMP") {
        let bytes = postcard::to_allocvec(&index).expect("the index serializes");
        std::fs::write(dump, bytes).expect("the dump is written");
    }
    println!(
        "{} articles, {} source figures in {} sentences",
        corpus.len(),
        index.len(),
        index.sentence_count()
    );
}
