//! `grounded server`: the language server front end over stdio.
//!
//! A thin translator: documents live in ropes (`documents`), positions and
//! findings are converted in `convert`, and handlers (`backend`) call the
//! pure core (`crate::check`, the index) off the async threads.

mod backend;
mod convert;
mod corpus_report;
mod documents;
mod features;
mod state;
pub mod transport;

pub use backend::Backend;
pub use documents::{Document, Edit};

use tower_lsp_server::{ClientSocket, LspService, Server};

/// The language service with grounded's custom methods, ready to be served
/// over any pair of streams (stdio here; in-memory pipes in the fuzz harness).
pub fn service() -> (LspService<Backend>, ClientSocket) {
    LspService::build(Backend::new)
        .custom_method("grounded/entityTable", Backend::entity_table)
        .finish()
}

/// How the server's session ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ending {
    /// `exit` after `shutdown`: the process exits with code 0.
    AfterShutdown,
    /// `exit` without `shutdown`, or input closed: code 1, as LSP asks.
    WithoutShutdown,
}

/// Serves LSP on standard input and output until the client exits.
pub fn run_stdio() -> anyhow::Result<Ending> {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()?;
    let ending = runtime.block_on(async {
        let (service, socket) = service();
        let state = service.inner().state();
        // Frames pass through a guard that drops malformed ones (see `transport`).
        let (guarded_in, server_in) = tokio::io::duplex(1 << 16);
        tokio::spawn(transport::filter(
            tokio::io::BufReader::new(tokio::io::stdin()),
            guarded_in,
        ));
        Server::new(server_in, tokio::io::stdout(), socket)
            .serve(service)
            .await;
        if state.is_shutdown_requested() {
            Ending::AfterShutdown
        } else {
            Ending::WithoutShutdown
        }
    });
    // Background tasks (a debounced check, an index load) must not keep the
    // process alive after `exit`.
    runtime.shutdown_timeout(std::time::Duration::from_millis(100));
    Ok(ending)
}
