//! Listing a corpus root's article files. The walk never hangs and never
//! aborts: a symlink loop, a broken link or a folder it cannot open is
//! named, and the walk goes on with the rest.

use std::io::ErrorKind;
use std::path::{Path, PathBuf};

use super::load::{SkipReason, Skipped};

/// Extensions read as articles.
pub const ARTICLE_EXTENSIONS: &[&str] = &["txt", "md", "markdown"];

/// What a walk of the corpus roots found.
#[derive(Debug, Default)]
pub struct Listing {
    /// Article files, sorted within each root.
    pub files: Vec<PathBuf>,
    /// Roots and folders the walk could not look into (missing or
    /// unreadable): files under them may still exist, so a reload keeps
    /// their last good articles.
    pub unseen: Vec<Skipped>,
    /// Entries that are not articles: symlink loops, broken links.
    pub skipped: Vec<Skipped>,
}

fn is_article_file(path: &Path) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| ARTICLE_EXTENSIONS.contains(&e.to_ascii_lowercase().as_str()))
}

fn is_hidden(entry: &walkdir::DirEntry) -> bool {
    entry.depth() > 0 && entry.file_name().to_string_lossy().starts_with('.')
}

/// Why an I/O error keeps a path from being read.
pub fn io_reason(e: &std::io::Error) -> SkipReason {
    match e.kind() {
        ErrorKind::NotFound => SkipReason::Missing,
        _ => SkipReason::Unreadable(e.to_string()),
    }
}

/// Lists the article files under every root (a folder, walked recursively
/// without hidden entries and following symlinks, or a single file).
pub fn list(roots: &[PathBuf]) -> Listing {
    let mut listing = Listing::default();
    for root in roots {
        list_root(root, &mut listing);
    }
    listing
}

fn list_root(root: &Path, listing: &mut Listing) {
    match std::fs::metadata(root) {
        Err(e) => {
            listing.unseen.push(Skipped {
                path: root.to_path_buf(),
                reason: io_reason(&e),
            });
            return;
        }
        Ok(meta) if meta.is_file() => {
            listing.files.push(root.to_path_buf());
            return;
        }
        Ok(_) => {}
    }
    let walker = walkdir::WalkDir::new(root)
        .follow_links(true)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| !is_hidden(e));
    for entry in walker {
        match entry {
            Ok(e) if e.file_type().is_file() && is_article_file(e.path()) => {
                listing.files.push(e.into_path())
            }
            Ok(_) => {}
            Err(e) => {
                let path = e.path().unwrap_or(root).to_path_buf();
                if let Some(ancestor) = e.loop_ancestor() {
                    listing.skipped.push(Skipped {
                        path,
                        reason: SkipReason::SymlinkLoop {
                            target: ancestor.to_path_buf(),
                        },
                    });
                    continue;
                }
                let reason = e
                    .io_error()
                    .map_or_else(|| SkipReason::Unreadable(e.to_string()), io_reason);
                if reason == SkipReason::Missing && e.depth() > 0 {
                    // A broken link, or an entry removed during the walk: gone.
                    listing.skipped.push(Skipped {
                        path,
                        reason: SkipReason::Gone,
                    });
                } else {
                    listing.unseen.push(Skipped { path, reason });
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn write(dir: &Path, name: &str) {
        let path = dir.join(name);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, "Title\n\nBody.\n").unwrap();
    }

    #[test]
    fn lists_articles_sorted_without_hidden_or_other_files() {
        let dir = tempfile::tempdir().unwrap();
        for name in ["b.md", "a.txt", "sub/c.markdown", ".hidden/d.txt", "e.pdf"] {
            write(dir.path(), name);
        }
        let listing = list(&[dir.path().to_path_buf()]);
        let names: Vec<_> = listing
            .files
            .iter()
            .map(|p| p.strip_prefix(dir.path()).unwrap().display().to_string())
            .collect();
        assert_eq!(names, ["a.txt", "b.md", "sub/c.markdown"]);
        assert!(listing.unseen.is_empty() && listing.skipped.is_empty());
    }

    #[test]
    fn a_missing_root_is_unseen() {
        let dir = tempfile::tempdir().unwrap();
        let gone = dir.path().join("gone");
        let listing = list(std::slice::from_ref(&gone));
        assert!(listing.files.is_empty());
        assert_eq!(listing.unseen.len(), 1);
        assert_eq!(listing.unseen[0].path, gone);
        assert_eq!(listing.unseen[0].reason, SkipReason::Missing);
    }

    #[cfg(unix)]
    #[test]
    fn symlink_loops_and_broken_links_are_skipped_and_the_walk_goes_on() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        write(root, "a.txt");
        write(root, "sub/b.txt");
        std::os::unix::fs::symlink(root, root.join("sub/loop")).unwrap();
        std::os::unix::fs::symlink(root.join("sub"), root.join("sub/self")).unwrap();
        std::os::unix::fs::symlink(root.join("nowhere.txt"), root.join("broken.txt")).unwrap();
        let listing = list(&[root.to_path_buf()]);
        assert_eq!(listing.files, [root.join("a.txt"), root.join("sub/b.txt")]);
        let loops: Vec<_> = listing
            .skipped
            .iter()
            .filter(|s| matches!(s.reason, SkipReason::SymlinkLoop { .. }))
            .map(|s| s.path.clone())
            .collect();
        assert_eq!(loops, [root.join("sub/loop"), root.join("sub/self")]);
        assert!(listing
            .skipped
            .iter()
            .any(|s| s.path == root.join("broken.txt") && s.reason == SkipReason::Gone));
        assert!(listing.unseen.is_empty(), "{:?}", listing.unseen);
    }

    #[cfg(unix)]
    #[test]
    fn a_root_that_is_its_own_symlink_loop_is_reported() {
        let dir = tempfile::tempdir().unwrap();
        let a = dir.path().join("a");
        let b = dir.path().join("b");
        std::os::unix::fs::symlink(&b, &a).unwrap();
        std::os::unix::fs::symlink(&a, &b).unwrap();
        let listing = list(std::slice::from_ref(&a));
        assert!(listing.files.is_empty());
        assert_eq!(listing.unseen.len(), 1, "{listing:?}");
        assert_eq!(listing.unseen[0].path, a);
        assert!(
            matches!(&listing.unseen[0].reason, SkipReason::Unreadable(e) if e.contains("symbolic links")),
            "{:?}",
            listing.unseen[0].reason
        );
    }
}
