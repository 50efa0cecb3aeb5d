//! Runs only the entity stage of building an index, for profilers:
//! `valgrind --tool=callgrind --toggle-collect='*EntityIndex::build*'
//! target/release/examples/entity_stage CORPUS`. Prints the entity count.
#[global_allocator]
static ALLOCATOR: grounded::allocator::Allocator = grounded::allocator::Allocator;

use grounded::config::Config;
use grounded::corpus::{Corpus, CorpusSource};

fn main() {
    grounded::allocator::tune();
    let path = std::env::args().nth(1).unwrap_or_else(|| "seeds".into());
    let (corpus, _) = Corpus::load(&CorpusSource::Paths(vec![path.into()]));
    let entities = grounded::entities::EntityIndex::build(&corpus, &Config::default());
    println!("{} entities", entities.entities().len());
}
