//! Keeping the last good version of what cannot be read now.
//!
//! A reload is judged against the corpus it replaces. What the walk no longer
//! finds is gone and leaves the corpus. What is still there but cannot be
//! read now — permission denied, an I/O error, a file being rewritten
//! (vanished, empty, binary or not UTF-8 for a moment), or a whole root or
//! folder that cannot be opened — keeps its previous article, and the report
//! names it. The next reload that can read it picks up its new content.
//!
//! A file over the size cap is not a fault but a setting at work: it is
//! skipped and leaves the corpus.

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};

use super::article::Article;
use super::load::{file_id, Kept, LoadReport, SkipReason, Skipped};

/// Adds to `articles` the previous versions of `failed` files and of the
/// articles under `unseen` folders, and records them in `report.kept`;
/// failures with nothing to keep go to `report.skipped`. The articles stay
/// in corpus order (root by root, then by path).
pub fn keep_last_good(
    previous: &[Article],
    roots: &[PathBuf],
    articles: &mut Vec<Article>,
    failed: Vec<Skipped>,
    unseen: Vec<Skipped>,
    report: &mut LoadReport,
) {
    let mut present: HashSet<PathBuf> = articles.iter().map(|a| a.path.clone()).collect();
    let by_path: HashMap<&Path, &Article> =
        previous.iter().map(|a| (a.path.as_path(), a)).collect();
    let mut kept_any = false;
    let failed = failed.into_iter().map(|f| {
        let old: Vec<&Article> = match f.reason {
            SkipReason::TooLarge { .. } => Vec::new(),
            _ => by_path.get(f.path.as_path()).copied().into_iter().collect(),
        };
        (f, old)
    });
    // Folders are few: their previous articles are found by a scan.
    let unseen = unseen.into_iter().map(|f| {
        let old: Vec<&Article> = previous
            .iter()
            .filter(|a| a.path.starts_with(&f.path))
            .collect();
        (f, old)
    });
    for (failure, old) in failed.chain(unseen) {
        let old: Vec<&Article> = old
            .into_iter()
            .filter(|a| present.insert(a.path.clone()))
            .collect();
        if old.is_empty() {
            report.skipped.push(failure);
            continue;
        }
        for a in &old {
            let mut article = (*a).clone();
            // Ids are made unique again when the corpus is assembled.
            article.id = file_id(&article.path);
            articles.push(article);
        }
        kept_any = true;
        report.kept.push(Kept {
            path: failure.path,
            reason: failure.reason,
            articles: old.len(),
        });
    }
    if kept_any {
        articles.sort_by(|a, b| corpus_order(roots, &a.path).cmp(&corpus_order(roots, &b.path)));
    }
}

/// Where a path falls in a load's order: by root, then by path (which is the
/// order of a walk sorted by file name).
fn corpus_order<'a>(roots: &[PathBuf], path: &'a Path) -> (usize, &'a Path) {
    let root = roots
        .iter()
        .position(|r| path.starts_with(r))
        .unwrap_or(roots.len());
    (root, path)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn article(path: &str) -> Article {
        let path = PathBuf::from(path);
        Article::parse(file_id(&path), path, "Title\n\nBody.\n".into())
    }

    fn paths(articles: &[Article]) -> Vec<String> {
        articles
            .iter()
            .map(|a| a.path.display().to_string())
            .collect()
    }

    #[test]
    fn failed_files_and_unseen_folders_keep_their_articles_in_order() {
        let previous = [
            article("/r/a.txt"),
            article("/r/b.txt"),
            article("/r/sub/c.txt"),
            article("/r/sub/d.txt"),
            article("/r/z.txt"),
        ];
        // a.txt and z.txt read fine; b.txt fails; sub/ cannot be opened.
        let mut articles = vec![article("/r/a.txt"), article("/r/z.txt")];
        let mut report = LoadReport::default();
        keep_last_good(
            &previous,
            &["/r".into()],
            &mut articles,
            vec![Skipped {
                path: "/r/b.txt".into(),
                reason: SkipReason::Binary,
            }],
            vec![Skipped {
                path: "/r/sub".into(),
                reason: SkipReason::Unreadable("Permission denied".into()),
            }],
            &mut report,
        );
        assert_eq!(
            paths(&articles),
            [
                "/r/a.txt",
                "/r/b.txt",
                "/r/sub/c.txt",
                "/r/sub/d.txt",
                "/r/z.txt"
            ]
        );
        assert!(report.skipped.is_empty());
        assert_eq!(report.kept.len(), 2);
        assert_eq!(report.kept[0].articles, 1);
        assert_eq!(report.kept[1].articles, 2);
        assert_eq!(report.kept_articles(), 3);
        let text = report.to_string();
        assert!(text.contains("3 kept from the last good load"), "{text}");
        assert!(
            text.contains("/r/sub: unreadable: Permission denied; the last good versions of its 2 articles are kept"),
            "{text}"
        );
    }

    #[test]
    fn a_failure_with_no_previous_version_is_skipped() {
        let previous = [article("/r/a.txt")];
        let mut articles = vec![article("/r/a.txt")];
        let mut report = LoadReport::default();
        let new_file = Skipped {
            path: "/r/new.txt".into(),
            reason: SkipReason::Empty,
        };
        keep_last_good(
            &previous,
            &["/r".into()],
            &mut articles,
            vec![new_file.clone()],
            Vec::new(),
            &mut report,
        );
        assert_eq!(paths(&articles), ["/r/a.txt"]);
        assert_eq!(report.skipped, [new_file]);
        assert!(report.kept.is_empty());
    }

    #[test]
    fn a_prefix_of_a_file_name_is_not_its_folder() {
        // /r/sub must not claim /r/sub2/x.txt.
        let previous = [article("/r/sub2/x.txt")];
        let mut articles = Vec::new();
        let mut report = LoadReport::default();
        keep_last_good(
            &previous,
            &["/r".into()],
            &mut articles,
            Vec::new(),
            vec![Skipped {
                path: "/r/sub".into(),
                reason: SkipReason::Missing,
            }],
            &mut report,
        );
        assert!(articles.is_empty());
        assert_eq!(report.skipped.len(), 1);
    }
}
