//! The seed articles compiled into the binary: the default corpus, so that
//! `grounded check note.md` works with no setup.
//!
//! Editors can only jump to real files, so the seeds are written once to a
//! cache folder (`$XDG_CACHE_HOME/grounded/seeds-VERSION`, else
//! `~/.cache/...`, else the temp folder) and the articles point there.

use std::path::{Path, PathBuf};

use include_dir::{include_dir, Dir};

use super::article::Article;
use super::load::{decode_article, LoadReport, SkipReason, Skipped};

static SEEDS: Dir<'_> = include_dir!("$CARGO_MANIFEST_DIR/seeds");

/// The embedded seed files: (file name, bytes), sorted by name.
pub fn seed_files() -> Vec<(&'static str, &'static [u8])> {
    let mut files: Vec<_> = SEEDS
        .files()
        .filter_map(|f| Some((f.path().file_name()?.to_str()?, f.contents())))
        .filter(|(name, _)| name.ends_with(".txt") || name.ends_with(".md"))
        .collect();
    files.sort();
    files
}

/// The folder the seeds are written to.
pub fn cache_folder() -> PathBuf {
    let base = std::env::var_os("XDG_CACHE_HOME")
        .filter(|v| !v.is_empty())
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".cache")))
        .unwrap_or_else(std::env::temp_dir);
    base.join("grounded")
        .join(format!("seeds-{}", env!("CARGO_PKG_VERSION")))
}

/// Writes the seeds into `dir` unless an identical copy is there already.
fn materialise(dir: &Path) -> std::io::Result<()> {
    std::fs::create_dir_all(dir)?;
    for (name, bytes) in seed_files() {
        let path = dir.join(name);
        if std::fs::read(&path).ok().as_deref() != Some(bytes) {
            // Write beside and rename, so a reader never sees half a file.
            let tmp = dir.join(format!(".{name}.{}.tmp", std::process::id()));
            std::fs::write(&tmp, bytes)?;
            std::fs::rename(&tmp, &path)?;
        }
    }
    Ok(())
}

/// Loads the embedded seeds. Their paths point at the cache copy; when it
/// cannot be written, at `embedded/NAME` and the report says why.
pub fn load_embedded() -> (Vec<Article>, LoadReport) {
    let dir = cache_folder();
    let mut report = LoadReport::default();
    let base = match materialise(&dir) {
        Ok(()) => dir,
        Err(e) => {
            report.skipped.push(Skipped {
                path: dir,
                reason: SkipReason::Unreadable(format!(
                    "cannot write the seed cache ({e}); locations point at embedded/ instead"
                )),
            });
            PathBuf::from("embedded")
        }
    };
    let mut articles = Vec::new();
    for (name, bytes) in seed_files() {
        match decode_article(bytes.to_vec()) {
            Ok(text) => articles.push(Article::parse(name.to_string(), base.join(name), text)),
            Err(reason) => report.skipped.push(Skipped {
                path: base.join(name),
                reason,
            }),
        }
    }
    report.loaded = articles.len();
    (articles, report)
}
