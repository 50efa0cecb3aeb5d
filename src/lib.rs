//! grounded: checks writing against its sources.
//!
//! The analysis core (`text`, `corpus`, `note`, `index`, `check`) is pure:
//! plain data in, plain data out, byte offsets only. The front ends
//! (`server`, `cli`) translate between it and editors or terminals.

pub mod check;
pub mod cli;
pub mod config;
pub mod corpus;
pub mod entities;
pub mod fasthash;
pub mod figures;
pub mod finding;
pub mod index;
pub mod note;
pub mod parallel;
pub mod quotes;
pub mod server;
pub mod suppress;
pub mod text;

pub use check::{check, check_detailed, CheckOutcome};
pub use finding::{Code, Finding, Fix, Severity, SourceRef};
pub use index::Index;
