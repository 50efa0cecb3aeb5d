//! The corpus: source articles loaded from folders (or the embedded seeds),
//! normalised and segmented. Plain data; the analyses build on it.

mod article;
mod embedded;
mod keep;
mod load;
mod walk;

use std::ops::Range;
use std::path::PathBuf;
use std::sync::Arc;

pub use article::{Article, Date};
pub use embedded::{cache_folder as seed_cache_folder, seed_files};
pub use load::{
    decode_article, human_bytes, read_article_text, Kept, LoadOptions, LoadReport, SkipReason,
    Skipped, DEFAULT_MAX_ARTICLE_BYTES, LARGEST_MAX_ARTICLE_BYTES,
};
pub use walk::{list as list_article_files, Listing, ARTICLE_EXTENSIONS};

/// Where a corpus is read from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CorpusSource {
    /// Folders or files on disk.
    Paths(Vec<PathBuf>),
    /// The seed articles compiled into the binary.
    Embedded,
}

impl std::fmt::Display for CorpusSource {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            CorpusSource::Embedded => write!(f, "the embedded seed articles"),
            CorpusSource::Paths(p) => {
                let names: Vec<_> = p.iter().map(|p| p.display().to_string()).collect();
                write!(f, "{}", names.join(", "))
            }
        }
    }
}

/// Index of an article in its corpus.
pub type ArticleId = usize;

/// The loaded articles.
#[derive(Debug, Clone, Default, serde::Serialize, serde::Deserialize)]
pub struct Corpus {
    pub articles: Vec<Article>,
    /// Where the articles' texts were moved to a mapped file while the index
    /// is built (see `cache`), what hands their pages back.
    #[serde(skip)]
    pub text_pages: TextPages,
}

/// Hands the pages of a corpus's texts back to the kernel, when the texts
/// lie in a mapped file rather than in the heap: they stay readable (read
/// again, they are paged in again). Nothing, for texts in the heap.
#[derive(Clone, Default)]
pub struct TextPages(Option<Arc<dyn Fn(Range<usize>) + Send + Sync>>);

impl TextPages {
    /// `release(addresses)` hands back the whole pages of the file's bytes
    /// at those memory addresses (clamped to the file).
    pub fn new(release: impl Fn(Range<usize>) + Send + Sync + 'static) -> TextPages {
        TextPages(Some(Arc::new(release)))
    }

    /// Hands back the pages of every text (see
    /// [`Corpus::release_text_pages`]).
    pub fn release_all(&self) {
        if let Some(release) = &self.0 {
            release(0..usize::MAX);
        }
    }

    /// Whether the texts were moved to a mapped file (whose mapping this
    /// keeps alive, as the texts in it do).
    pub fn is_mapped(&self) -> bool {
        self.0.is_some()
    }
}

impl std::fmt::Debug for TextPages {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let mapped = if self.0.is_some() { "mapped" } else { "heap" };
        write!(f, "TextPages({mapped})")
    }
}

impl Corpus {
    /// Loads a corpus with the default limits; never fails as a whole: bad
    /// files are in the report.
    pub fn load(source: &CorpusSource) -> (Corpus, LoadReport) {
        Corpus::load_with(source, &LoadOptions::default(), &mut |_, _| {})
    }

    /// Like [`Corpus::load`], with limits, calling `progress(files done,
    /// files in all)`.
    pub fn load_with(
        source: &CorpusSource,
        options: &LoadOptions,
        progress: &mut dyn FnMut(usize, usize),
    ) -> (Corpus, LoadReport) {
        Corpus::reload(&Corpus::default(), source, options, progress)
    }

    /// Loads a corpus again over `previous`: files that are gone leave it;
    /// files and folders that are there but cannot be read now keep their
    /// previous articles, named in `report.kept` (see the `keep` module).
    pub fn reload(
        previous: &Corpus,
        source: &CorpusSource,
        options: &LoadOptions,
        progress: &mut dyn FnMut(usize, usize),
    ) -> (Corpus, LoadReport) {
        let (articles, report) = match source {
            CorpusSource::Embedded => embedded::load_embedded(),
            CorpusSource::Paths(paths) => {
                load::load_paths(paths, options, &previous.articles, progress)
            }
        };
        (Corpus::from_articles(articles), report)
    }

    /// Loads the listed article files (see [`list_article_files`]) afresh;
    /// `skipped` holds what listing them could not read.
    pub fn load_files(
        files: Vec<PathBuf>,
        skipped: Vec<Skipped>,
        options: &LoadOptions,
        progress: &mut dyn FnMut(usize, usize),
    ) -> (Corpus, LoadReport) {
        let (articles, report) = load::load_files(files, skipped, options, progress);
        (Corpus::from_articles(articles), report)
    }

    /// A corpus of articles built in memory (tests, fixtures). Ids that
    /// collide are made unique by their parent folder, then by their path.
    pub fn from_articles(mut articles: Vec<Article>) -> Corpus {
        let mut seen = std::collections::HashSet::new();
        for a in &mut articles {
            if !seen.insert(a.id.clone()) {
                let parent = a
                    .path
                    .parent()
                    .and_then(|p| p.file_name())
                    .map(|p| p.to_string_lossy().into_owned());
                a.id = match parent {
                    Some(p) if !seen.contains(&format!("{p}/{}", a.id)) => format!("{p}/{}", a.id),
                    _ => a.path.display().to_string(),
                };
                seen.insert(a.id.clone());
            }
        }
        Corpus {
            articles,
            text_pages: TextPages::default(),
        }
    }

    /// Tells the corpus its texts have been read through for now: the
    /// pages of texts in a mapped file are handed back to the kernel, so a
    /// build that reads every text holds them only while it reads. Texts
    /// in the heap stay as they are.
    pub fn release_text_pages(&self) {
        self.text_pages.release_all();
    }

    /// [`Corpus::release_text_pages`] for the texts of `articles` only
    /// (a build's workers are done with them; the others are being read).
    pub fn release_texts_of(&self, articles: Range<ArticleId>) {
        let Some(release) = &self.text_pages.0 else {
            return;
        };
        let texts = &self.articles[articles];
        if let (Some(first), Some(last)) = (texts.first(), texts.last()) {
            let start = first.folded.text.as_ptr() as usize;
            let end = last.folded.text.as_ptr() as usize + last.folded.text.len();
            release(start..end);
        }
    }

    /// A corpus from `(file name, text)` pairs, for tests and examples.
    pub fn from_texts<'a>(texts: impl IntoIterator<Item = (&'a str, &'a str)>) -> Corpus {
        Corpus::from_articles(
            texts
                .into_iter()
                .map(|(id, text)| {
                    Article::parse(id.to_string(), PathBuf::from(id), text.to_string())
                })
                .collect(),
        )
    }

    pub fn len(&self) -> usize {
        self.articles.len()
    }

    pub fn is_empty(&self) -> bool {
        self.articles.is_empty()
    }

    pub fn get(&self, id: ArticleId) -> Option<&Article> {
        self.articles.get(id)
    }

    /// Total bytes of article text.
    pub fn text_bytes(&self) -> usize {
        self.articles.iter().map(|a| a.raw_len()).sum()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn colliding_file_names_get_unique_ids() {
        let mk = |p: &str| Article::parse("a.txt".into(), PathBuf::from(p), "T\n\nBody.".into());
        let c = Corpus::from_articles(vec![mk("x/a.txt"), mk("y/a.txt")]);
        assert_eq!(c.articles[0].id, "a.txt");
        assert_eq!(c.articles[1].id, "y/a.txt");
    }

    #[test]
    fn embedded_seeds_load() {
        let (c, report) = Corpus::load(&CorpusSource::Embedded);
        assert_eq!(c.len(), seed_files().len());
        assert!(c.len() >= 5, "{report}");
        assert!(c.articles.iter().all(|a| !a.sentences.is_empty()));
    }
}
