//! Which notes a `grounded check` run reads: files, folders (recursively,
//! `.md`/`.txt`/`.markdown`, honouring `.gitignore` and the config's
//! `exclude`), glob patterns, and `-` for standard input. Files inside the
//! corpus are never checked as notes when a folder is walked.

use std::io::Read;
use std::path::{Path, PathBuf};

use globset::{Glob, GlobSet, GlobSetBuilder};

/// Extensions of notes found by walking folders.
pub const NOTE_EXTENSIONS: &[&str] = &["md", "markdown", "txt"];

/// One note to check.
#[derive(Debug, Clone)]
pub struct Input {
    /// Where it came from; `None` for standard input.
    pub path: Option<PathBuf>,
    /// As shown in output.
    pub name: String,
    pub text: String,
}

/// What selects and excludes notes.
pub struct Selection {
    exclude: GlobSet,
    /// Folder the exclude patterns are relative to.
    base: PathBuf,
    /// Corpus folders, skipped while walking.
    corpus: Vec<PathBuf>,
}

fn glob_set(patterns: &[String]) -> Result<GlobSet, String> {
    let mut b = GlobSetBuilder::new();
    for p in patterns {
        b.add(Glob::new(p).map_err(|e| format!("bad exclude pattern {p:?}: {e}"))?);
    }
    b.build().map_err(|e| e.to_string())
}

fn is_glob(arg: &str) -> bool {
    arg.contains(['*', '?', '[', '{'])
}

fn canonical(p: &Path) -> PathBuf {
    p.canonicalize().unwrap_or_else(|_| p.to_path_buf())
}

impl Selection {
    pub fn new(exclude: &[String], base: &Path, corpus: &[PathBuf]) -> Result<Selection, String> {
        Ok(Selection {
            exclude: glob_set(exclude)?,
            base: canonical(base),
            corpus: corpus.iter().map(|c| canonical(c)).collect(),
        })
    }

    fn excluded(&self, path: &Path) -> bool {
        let abs = canonical(path);
        let rel = abs.strip_prefix(&self.base).unwrap_or(&abs);
        self.exclude.is_match(rel) || self.corpus.iter().any(|c| abs.starts_with(c))
    }

    fn walk(&self, root: &Path, out: &mut Vec<PathBuf>, errors: &mut Vec<String>) {
        for entry in ignore::WalkBuilder::new(root)
            .require_git(false)
            .sort_by_file_name(Ord::cmp)
            .build()
        {
            match entry {
                Ok(e) => {
                    let p = e.path();
                    let is_note = e.file_type().is_some_and(|t| t.is_file())
                        && p.extension().and_then(|x| x.to_str()).is_some_and(|x| {
                            NOTE_EXTENSIONS.contains(&x.to_ascii_lowercase().as_str())
                        });
                    if is_note && !self.excluded(p) {
                        out.push(p.to_path_buf());
                    }
                }
                Err(e) => errors.push(e.to_string()),
            }
        }
    }

    /// Expands the command-line arguments into note paths (and `-`). Errors
    /// name what could not be found.
    pub fn expand(&self, args: &[PathBuf]) -> (Vec<Option<PathBuf>>, Vec<String>) {
        let mut out: Vec<Option<PathBuf>> = Vec::new();
        let mut errors = Vec::new();
        for arg in args {
            let text = arg.to_string_lossy();
            if text == "-" {
                out.push(None);
            } else if arg.is_dir() {
                let mut found = Vec::new();
                self.walk(arg, &mut found, &mut errors);
                out.extend(found.into_iter().map(Some));
            } else if arg.exists() {
                out.push(Some(arg.clone())); // named explicitly: checked even if excluded
            } else if is_glob(&text) {
                match glob_matches(&text) {
                    Ok(m) if m.is_empty() => errors.push(format!("{text}: no file matches")),
                    Ok(m) => out.extend(m.into_iter().filter(|p| !self.excluded(p)).map(Some)),
                    Err(e) => errors.push(e),
                }
            } else {
                errors.push(format!("{text}: no such file or folder"));
            }
        }
        let mut seen = std::collections::HashSet::new();
        out.retain(|p| seen.insert(p.clone()));
        (out, errors)
    }
}

/// Files matching a glob pattern, walking from its literal prefix.
fn glob_matches(pattern: &str) -> Result<Vec<PathBuf>, String> {
    let matcher = Glob::new(pattern)
        .map_err(|e| format!("bad pattern {pattern:?}: {e}"))?
        .compile_matcher();
    let literal: PathBuf = Path::new(pattern)
        .components()
        .take_while(|c| !is_glob(&c.as_os_str().to_string_lossy()))
        .collect();
    let root = if literal.as_os_str().is_empty() {
        PathBuf::from(".")
    } else {
        literal
    };
    let mut out = Vec::new();
    for e in ignore::WalkBuilder::new(&root)
        .require_git(false)
        .sort_by_file_name(Ord::cmp)
        .build()
        .flatten()
    {
        let p = e.path();
        let rel = p.strip_prefix("./").unwrap_or(p);
        if e.file_type().is_some_and(|t| t.is_file()) && matcher.is_match(rel) {
            out.push(rel.to_path_buf());
        }
    }
    Ok(out)
}

/// Reads the selected notes; unreadable ones are errors.
pub fn read(paths: Vec<Option<PathBuf>>) -> (Vec<Input>, Vec<String>) {
    let mut inputs = Vec::new();
    let mut errors = Vec::new();
    for path in paths {
        match path {
            None => {
                let mut text = String::new();
                match std::io::stdin().read_to_string(&mut text) {
                    Ok(_) => inputs.push(Input {
                        path: None,
                        name: "-".into(),
                        text,
                    }),
                    Err(e) => errors.push(format!("-: cannot read standard input: {e}")),
                }
            }
            Some(p) => match std::fs::read(&p) {
                Ok(bytes) => match String::from_utf8(bytes) {
                    Ok(text) => inputs.push(Input {
                        name: super::setup::display_path(&p),
                        path: Some(p),
                        text,
                    }),
                    Err(e) => errors.push(format!(
                        "{}: not UTF-8 (invalid byte at offset {})",
                        p.display(),
                        e.utf8_error().valid_up_to()
                    )),
                },
                Err(e) => errors.push(format!("{}: {e}", p.display())),
            },
        }
    }
    (inputs, errors)
}
