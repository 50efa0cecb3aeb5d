//! `grounded index`: builds the corpus index ahead of time and saves it to
//! the cache, so that `grounded check` and the server load it instead.

use std::time::Instant;

use super::setup;
use super::{CorpusArgs, EXIT_CLEAN, EXIT_FINDINGS, EXIT_USAGE};
use crate::cache::{self, CacheUse};

fn megabytes(bytes: u64) -> String {
    format!("{:.1} MB", bytes as f64 / 1e6)
}

/// Builds and saves the index (unless it is up to date and not `force`d);
/// with `check`, only says whether it is up to date (exit 1 if not).
pub fn run(args: &CorpusArgs, check: bool, force: bool) -> u8 {
    let started = Instant::now();
    let fail = |e: String| {
        eprintln!("grounded: error: {e}");
        EXIT_USAGE
    };
    let (config, source, files, settings) = match setup::list_corpus(args) {
        Ok(listed) => listed,
        Err(e) => return fail(e),
    };
    if let Err(e) = setup::no_missing_root(&files.skipped) {
        return fail(e);
    }
    let (path, state) = cache::probe(&files, &config, &settings);
    let Some(path) = path else {
        return fail("no cache folder: give --cache-dir or set GROUNDED_CACHE_DIR".into());
    };
    let n = files.files.len();
    match state {
        Ok(bytes) if !force => {
            println!(
                "index cache up to date: {} ({n} corpus files, {})",
                path.display(),
                megabytes(bytes)
            );
            return EXIT_CLEAN;
        }
        Err(e) if check => {
            println!("{}: {e}", path.display());
            return EXIT_FINDINGS;
        }
        _ => {}
    }
    let loaded = cache::build_and_save(&files, &config, &settings, &mut |_, _| {});
    setup::warn_skipped(&loaded.report);
    if loaded.index.corpus.is_empty() {
        return fail(format!("no article could be read from {source}"));
    }
    match loaded.cache.used {
        CacheUse::Saved { path, bytes, took } => {
            println!(
                "indexed {} articles of {source}; saved {} to {} (writing took {:.2} s, {:.2} s in all)",
                loaded.index.corpus.len(),
                megabytes(bytes),
                path.display(),
                took.as_secs_f64(),
                started.elapsed().as_secs_f64()
            );
            EXIT_CLEAN
        }
        other => fail(other.to_string()),
    }
}
