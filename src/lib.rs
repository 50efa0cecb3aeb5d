//! grounded: checks writing against its sources.
//!
//! The analysis core (`text`, `corpus`, `note`, `index`, `check`) is pure:
//! plain data in, plain data out, byte offsets only. The front ends
//! (`server`, `cli`) translate between it and editors or terminals.

pub mod allocator;
pub mod cache;
pub mod cancel;
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
pub mod prefetch;
pub mod quotes;
pub mod server;
pub mod shared;
pub mod suppress;
pub mod text;
pub mod vocab;

pub use cancel::{Cancel, Cancelled};
pub use check::{check, check_detailed, check_incremental, CheckOutcome, NoteCache};
pub use finding::{Code, Finding, Fix, Severity, SourceRef};
pub use index::Index;
