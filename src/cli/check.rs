//! `grounded check`: select notes, check them in parallel against one index,
//! optionally fix them, and print the findings in the chosen format.

use std::io::IsTerminal;
use std::path::PathBuf;
use std::time::Instant;

use super::format::{self, Format};
use super::inputs::{self, Input, Selection};
use super::report::{self, FileReport, Report};
use super::setup;
use super::{fix, CorpusArgs, EXIT_CLEAN, EXIT_FINDINGS, EXIT_USAGE};
use crate::corpus::CorpusSource;
use crate::finding::Severity;
use crate::index::Index;
use crate::CheckOutcome;

/// The lowest severity that fails a run, or never.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum FailOn {
    Error,
    Warning,
    Info,
    Hint,
    Never,
}

impl FailOn {
    fn fails(self, s: Severity) -> bool {
        match self {
            FailOn::Never => false,
            FailOn::Error => s <= Severity::Error,
            FailOn::Warning => s <= Severity::Warning,
            FailOn::Info => s <= Severity::Info,
            FailOn::Hint => true,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Color {
    Auto,
    Always,
    Never,
}

/// Options of a check run (the arguments of `grounded check`).
#[derive(Debug, Clone, clap::Args)]
pub struct CheckOptions {
    #[command(flatten)]
    pub corpus: CorpusArgs,
    /// Notes: files, folders (walked for .md/.txt/.markdown, honouring
    /// .gitignore and `exclude`), glob patterns, or - for standard input.
    #[arg(required = true, value_name = "PATH")]
    pub paths: Vec<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value = "human")]
    pub format: Format,
    /// The lowest severity that makes the run fail (exit 1).
    #[arg(long, value_enum, default_value = "error")]
    pub fail_on: FailOn,
    /// Apply the unambiguous fixes in place.
    #[arg(long)]
    pub fix: bool,
    /// Print the fixes as a unified diff instead of the findings; writes nothing.
    #[arg(long, conflicts_with = "fix")]
    pub diff: bool,
    /// Colour the human format.
    #[arg(long, value_enum, default_value = "auto")]
    pub color: Color,
}

/// Checks every input in parallel, keeping their order.
fn check_all(index: &Index, inputs: &[Input]) -> Vec<CheckOutcome> {
    crate::parallel::map_ordered(
        inputs,
        |input| crate::check_detailed(index, &input.text),
        None,
    )
}

pub fn run(opts: &CheckOptions) -> u8 {
    let started = Instant::now();
    let loaded = match setup::load(&opts.corpus) {
        Ok(loaded) => loaded,
        Err(e) => {
            eprintln!("grounded: error: {e}");
            return EXIT_USAGE;
        }
    };
    setup::warn_skipped(&loaded.report);
    let index = loaded.index;
    let corpus_roots = match &loaded.source {
        CorpusSource::Paths(p) => p.clone(),
        CorpusSource::Embedded => Vec::new(),
    };
    let selection = match Selection::new(&index.config.exclude, &loaded.base, &corpus_roots) {
        Ok(s) => s,
        Err(e) => {
            eprintln!("grounded: error: {e}");
            return EXIT_USAGE;
        }
    };
    let (paths, mut errors) = selection.expand(&opts.paths);
    let (inputs, read_errors) = inputs::read(paths);
    errors.extend(read_errors);

    let outcomes = check_all(index, &inputs);
    let mut report = Report {
        files: Vec::new(),
        articles: index.corpus.len(),
    };
    let mut fixed = 0;
    for (input, mut outcome) in inputs.into_iter().zip(outcomes) {
        if opts.fix || opts.diff {
            let fixes = fix::unambiguous(&outcome.findings);
            if !fixes.is_empty() {
                let after = fix::apply(&input.text, &fixes);
                if opts.diff {
                    print!("{}", fix::diff(&input.name, &input.text, &after));
                }
                if opts.fix {
                    match &input.path {
                        Some(path) => match fix::write_atomic(path, &after) {
                            Ok(()) => {
                                fixed += fixes.len();
                                // Report what remains after the fixes.
                                outcome = crate::check_detailed(index, &after);
                                report.files.push(FileReport {
                                    name: input.name.clone(),
                                    findings: report::locate(index, &after, outcome.findings),
                                    suppressed: outcome.suppressed,
                                    text: after,
                                });
                                continue;
                            }
                            Err(e) => {
                                errors.push(format!("{}: cannot write fixes: {e}", input.name))
                            }
                        },
                        None => print!("{after}"), // stdin: the fixed text goes to stdout
                    }
                }
            }
        }
        report.files.push(FileReport {
            findings: report::locate(index, &input.text, outcome.findings),
            suppressed: outcome.suppressed,
            name: input.name,
            text: input.text,
        });
    }

    if !opts.diff {
        let color = match opts.color {
            Color::Always => true,
            Color::Never => false,
            Color::Auto => {
                std::io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none()
            }
        };
        print!("{}", format::render(opts.format, &report, color));
    }
    for e in &errors {
        eprintln!("grounded: error: {e}");
    }
    let n = report.files.len();
    let mut summary = format!(
        "grounded: checked {n} file{} against {} articles: {} error(s), {} warning(s), {} info, {} hint(s)",
        if n == 1 { "" } else { "s" },
        report.articles,
        report.count(Severity::Error),
        report.count(Severity::Warning),
        report.count(Severity::Info),
        report.count(Severity::Hint),
    );
    if report.suppressed() > 0 {
        summary.push_str(&format!(", {} suppressed", report.suppressed()));
    }
    if fixed > 0 {
        summary.push_str(&format!(", {fixed} fixed"));
    }
    eprintln!("{summary} in {:.2?}", started.elapsed());

    if !errors.is_empty() {
        EXIT_USAGE
    } else if report
        .findings()
        .any(|l| opts.fail_on.fails(l.finding.severity))
    {
        EXIT_FINDINGS
    } else {
        EXIT_CLEAN
    }
}
