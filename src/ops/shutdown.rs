//! Graceful shutdown of `praktiki serve`. On SIGTERM (or SIGINT): `/ready` answers 503 at once
//! so the load balancer stops sending new requests; the server keeps serving for
//! `SHUTDOWN_DRAIN_SECONDS` while it notices; then it stops accepting and lets the requests in
//! flight finish (up to `SHUTDOWN_TIMEOUT_SECONDS`); then the job runner hands its jobs back.

use crate::app::AppState;
use crate::jobs::service::Runner;
use actix_web::dev::Server;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

/// Set once shutdown has begun; `/ready` reads it.
#[derive(Clone, Default)]
pub struct Draining(Arc<AtomicBool>);

impl Draining {
    pub fn begin(&self) {
        self.0.store(true, Ordering::SeqCst);
    }

    pub fn is_draining(&self) -> bool {
        self.0.load(Ordering::SeqCst)
    }
}

/// Serves until SIGTERM or SIGINT, then shuts down in order (see the module comment).
pub async fn serve_until_signalled(
    server: Server,
    state: AppState,
    draining: Draining,
    jobs: Option<Runner>,
) -> std::io::Result<()> {
    let handle = server.handle();
    let serving = tokio::spawn(server);
    let signal = wait_for_signal().await?;
    draining.begin();
    let drain = Duration::from_secs(state.settings.shutdown_drain_seconds);
    tracing::info!(
        signal,
        drain_seconds = drain.as_secs(),
        "shutting down: not ready any more, serving while the load balancer notices"
    );
    tokio::time::sleep(drain).await;
    tracing::info!("no new connections; finishing the requests in flight");
    // Graceful: waits for in-flight requests up to the server's shutdown timeout.
    handle.stop(true).await;
    let served = serving
        .await
        .map_err(|e| std::io::Error::other(e.to_string()))?;
    if let Some(jobs) = jobs {
        let grace = Duration::from_secs(state.settings.shutdown_timeout_seconds);
        jobs.hand_back(&state, grace).await;
    }
    tracing::info!("stopped");
    served
}

/// The name of the first termination signal received.
async fn wait_for_signal() -> std::io::Result<&'static str> {
    use tokio::signal::unix::{SignalKind, signal};
    let mut term = signal(SignalKind::terminate())?;
    let mut interrupt = signal(SignalKind::interrupt())?;
    Ok(tokio::select! {
        _ = term.recv() => "SIGTERM",
        _ = interrupt.recv() => "SIGINT",
    })
}
