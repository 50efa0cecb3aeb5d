//! Fuzz harness for grounded. The invariants live in [`checks`], a file the
//! main crate's `tests/fuzz_regressions.rs` also includes, so every saved
//! input is replayed by `cargo test` on stable without cargo-fuzz.

pub mod checks;
