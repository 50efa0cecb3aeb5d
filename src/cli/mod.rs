//! The command-line front end: argument parsing, corpus setup, and printing
//! findings. Exit codes: 0 clean, 1 findings at error severity, 2 usage,
//! configuration or corpus errors.

mod check;
mod fix;
mod format;
mod index;
mod init;
mod inputs;
mod report;
mod setup;
mod tables;

pub use check::{CheckOptions, Color, FailOn};
pub use format::Format;

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Args, Parser, Subcommand};

#[derive(Debug, Parser)]
#[command(
    name = "grounded",
    version,
    about = "Checks notes and reports against their source articles",
    long_about = "Checks notes and reports against their source articles: quotes must match \
                  what the sources say, figures must agree with them.\n\nThe corpus comes from \
                  --corpus, else `corpus = [...]` in the nearest grounded.toml, else a seeds/ \
                  folder in the current directory, else the seed articles built into grounded."
)]
pub struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Args, Clone, Default)]
pub struct CorpusArgs {
    /// A corpus folder or article file (repeatable); overrides grounded.toml.
    #[arg(long = "corpus", value_name = "PATH")]
    pub corpus: Vec<PathBuf>,
    /// Use this config file instead of looking for grounded.toml.
    #[arg(long, value_name = "FILE")]
    pub config: Option<PathBuf>,
    /// Build the index afresh: neither read nor write the index cache (a
    /// corpus of 2,000 files or more is still built through a scratch file
    /// in the cache folder, deleted at once, to hold less memory).
    #[arg(long)]
    pub no_cache: bool,
    /// The index cache folder (default: $GROUNDED_CACHE_DIR, else
    /// $XDG_CACHE_HOME/grounded/index, else ~/.cache/grounded/index).
    #[arg(long, value_name = "DIR")]
    pub cache_dir: Option<PathBuf>,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Check notes against the corpus and print findings.
    ///
    /// Exit status: 0 when no finding reaches --fail-on, 1 when one does, 2 on
    /// usage, configuration or corpus errors.
    Check(CheckOptions),
    /// Write a commented starter grounded.toml in the current folder.
    Init {
        /// Overwrite an existing grounded.toml.
        #[arg(long)]
        force: bool,
    },
    /// Run the language server on standard input and output.
    Server {
        /// Accepted for editors that pass it; stdio is the only transport.
        #[arg(long)]
        stdio: bool,
    },
    /// Print the corpus's entity table: name, kind, aliases, mentions, description.
    Entities {
        #[command(flatten)]
        corpus: CorpusArgs,
        #[arg(long, value_enum, default_value = "text")]
        format: tables::TableFormat,
    },
    /// List the figures the corpus's own sources disagree on (exit 1 if any).
    Audit {
        #[command(flatten)]
        corpus: CorpusArgs,
        #[arg(long, value_enum, default_value = "text")]
        format: tables::TableFormat,
    },
    /// Build the corpus index and save it to the cache, so that later runs
    /// and the server load it instead of rebuilding it.
    ///
    /// With --check, build nothing: exit 0 when the cache is up to date, 1
    /// when it is missing or out of date.
    Index {
        #[command(flatten)]
        corpus: CorpusArgs,
        /// Only say whether the cache is up to date (exit 1 if not).
        #[arg(long)]
        check: bool,
        /// Rebuild it even when it is up to date.
        #[arg(long, conflicts_with = "check")]
        force: bool,
    },
    /// Load the corpus and report what was read and what was skipped.
    Corpus {
        #[command(flatten)]
        corpus: CorpusArgs,
    },
}

/// Exit codes.
pub const EXIT_CLEAN: u8 = 0;
pub const EXIT_FINDINGS: u8 = 1;
pub const EXIT_USAGE: u8 = 2;

/// Lets a closed pipe (`grounded entities | head`) end the process quietly,
/// as command-line tools do, instead of a panic on the next print.
fn restore_sigpipe() {
    #[cfg(unix)]
    // SAFETY: resetting a signal to its default action before any thread runs.
    unsafe {
        libc::signal(libc::SIGPIPE, libc::SIG_DFL);
    }
}

pub fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            let _ = e.print();
            return ExitCode::from(if e.use_stderr() {
                EXIT_USAGE
            } else {
                EXIT_CLEAN
            });
        }
    };
    if !matches!(cli.command, Command::Server { .. }) {
        restore_sigpipe();
    }
    let code = match cli.command {
        Command::Check(options) => check::run(&options),
        Command::Init { force } => match std::env::current_dir() {
            Ok(dir) => init::run(&dir, force),
            Err(e) => {
                eprintln!("grounded: error: {e}");
                EXIT_USAGE
            }
        },
        Command::Corpus { corpus } => setup::report(&corpus),
        Command::Index {
            corpus,
            check,
            force,
        } => index::run(&corpus, check, force),
        Command::Entities { corpus, format } => tables::entities(&corpus, format),
        Command::Audit { corpus, format } => tables::audit(&corpus, format),
        Command::Server { stdio: _ } => match crate::server::run_stdio() {
            Ok(crate::server::Ending::AfterShutdown) => EXIT_CLEAN,
            // LSP: `exit` without `shutdown` ends with code 1.
            Ok(crate::server::Ending::WithoutShutdown) => 1,
            Err(e) => {
                eprintln!("grounded: {e:#}");
                EXIT_USAGE
            }
        },
    };
    ExitCode::from(code)
}
