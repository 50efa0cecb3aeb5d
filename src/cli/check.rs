//! `grounded check`: select notes, check them in parallel against one index,
//! optionally fix them, and print the findings in the chosen format.

use std::io::IsTerminal;
use std::path::PathBuf;
use std::sync::atomic::{AtomicUsize, Ordering};
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

/// Options of a check run.
#[derive(Debug, Clone)]
pub struct CheckOptions {
    pub corpus: CorpusArgs,
    pub paths: Vec<PathBuf>,
    pub format: Format,
    pub fail_on: FailOn,
    pub fix: bool,
    pub diff: bool,
    pub color: Color,
}

/// Checks every input in parallel, keeping their order.
fn check_all(index: &Index, inputs: &[Input]) -> Vec<CheckOutcome> {
    let threads = std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .min(inputs.len().max(1));
    let next = AtomicUsize::new(0);
    let mut results: Vec<Option<CheckOutcome>> = vec![None; inputs.len()];
    let done: Vec<Vec<(usize, CheckOutcome)>> = std::thread::scope(|s| {
        let workers: Vec<_> = (0..threads)
            .map(|_| {
                s.spawn(|| {
                    let mut mine = Vec::new();
                    loop {
                        let i = next.fetch_add(1, Ordering::Relaxed);
                        let Some(input) = inputs.get(i) else { break };
                        mine.push((i, crate::check_detailed(index, &input.text)));
                    }
                    mine
                })
            })
            .collect();
        workers
            .into_iter()
            .map(|w| w.join().unwrap_or_default())
            .collect()
    });
    for (i, outcome) in done.into_iter().flatten() {
        results[i] = Some(outcome);
    }
    results.into_iter().map(Option::unwrap_or_default).collect()
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

    let outcomes = check_all(&index, &inputs);
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
                                outcome = crate::check_detailed(&index, &after);
                                report.files.push(FileReport {
                                    name: input.name.clone(),
                                    findings: report::locate(&index, &after, outcome.findings),
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
            findings: report::locate(&index, &input.text, outcome.findings),
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
