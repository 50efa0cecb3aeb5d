//! `grounded init`: writes a commented starter `grounded.toml`.

use std::path::Path;

use super::{EXIT_CLEAN, EXIT_USAGE};
use crate::config::CONFIG_FILE;

pub const STARTER: &str = r#"# grounded.toml — settings for grounded (https://github.com/grounded-dev/grounded)

# The source articles notes are checked against: folders or files of .txt/.md
# articles, relative to this file. Without this, grounded uses a seeds/ folder
# beside this file, else the seed articles built into grounded.
# corpus = ["sources"]

# Corpus files larger than this many bytes are skipped unread (default 16 MiB).
# max_article_bytes = 16777216

# Notes `grounded check` skips when it walks folders (glob patterns relative
# to this file). Files named on the command line are always checked.
# exclude = ["drafts/**", "archive/**"]

# The corpus index is saved to a cache and loaded from it while no corpus file
# changes: "auto" (corpora of 2,000 files or more), "always" or "never".
# cache = "auto"

# Severity per finding code: "error", "warning", "info", "hint", or "off".
# [severity]
# figure-contradicted = "error"
# quote-altered = "warning"
# quote-unsourced = "warning"
# quote-misattributed = "warning"
"#;

pub fn run(dir: &Path, force: bool) -> u8 {
    let path = dir.join(CONFIG_FILE);
    if path.exists() && !force {
        eprintln!(
            "grounded: error: {} exists; use --force to overwrite it",
            path.display()
        );
        return EXIT_USAGE;
    }
    match std::fs::write(&path, STARTER) {
        Ok(()) => {
            eprintln!("grounded: wrote {}", path.display());
            EXIT_CLEAN
        }
        Err(e) => {
            eprintln!("grounded: error: cannot write {}: {e}", path.display());
            EXIT_USAGE
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_starter_file_parses_as_a_config() {
        crate::config::Config::parse(STARTER, Path::new(CONFIG_FILE)).unwrap();
        let uncommented: String = STARTER
            .lines()
            .map(|l| {
                l.strip_prefix("# ")
                    .filter(|r| r.contains(" = ") || r.starts_with('['))
                    .unwrap_or(l)
            })
            .map(|l| format!("{l}\n"))
            .collect();
        let c = crate::config::Config::parse(&uncommented, Path::new(CONFIG_FILE)).unwrap();
        assert_eq!(c.corpus.len(), 1);
        assert_eq!(c.max_article_bytes, Some(16 * 1024 * 1024));
        assert_eq!(c.severity.len(), 4);
    }
}
