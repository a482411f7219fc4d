//! Graceful shutdown of `praktiki serve`. On SIGTERM (or SIGINT): `/ready` answers 503 at once
//! so the load balancer stops sending new requests; the server keeps serving for
//! `SHUTDOWN_DRAIN_SECONDS` while it notices; then it stops accepting and lets the requests in
//! flight finish (up to `SHUTDOWN_TIMEOUT_SECONDS`); then the job runner hands its jobs back.

use crate::jobs::service::Runner;
use crate::state::AppState;
use actix_web::body::MessageBody;
use actix_web::dev::Server;
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::middleware::Next;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::time::Duration;

/// Whether shutdown has begun (`/ready` reads it), and the requests being handled.
#[derive(Clone, Default)]
pub struct Draining {
    began: Arc<AtomicBool>,
    in_flight: Arc<AtomicUsize>,
}

impl Draining {
    pub fn begin(&self) {
        self.began.store(true, Ordering::SeqCst);
    }

    pub fn is_draining(&self) -> bool {
        self.began.load(Ordering::SeqCst)
    }

    fn in_flight(&self) -> usize {
        self.in_flight.load(Ordering::SeqCst)
    }
}

/// Counts a request in flight from its head to its response.
struct InFlight(Arc<AtomicUsize>);

impl Drop for InFlight {
    fn drop(&mut self) {
        self.0.fetch_sub(1, Ordering::SeqCst);
    }
}

/// Middleware (outermost): counts the requests in flight. actix's own graceful stop looks at
/// connections (and counted none in tests, stopping workers with requests half-read), so the
/// stop waits on this count instead.
pub async fn count_in_flight(
    req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<impl MessageBody>, actix_web::Error> {
    let guard = req
        .app_data::<actix_web::web::Data<Draining>>()
        .map(|draining| {
            draining.in_flight.fetch_add(1, Ordering::SeqCst);
            InFlight(draining.in_flight.clone())
        });
    let res = next.call(req).await;
    drop(guard);
    res
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
    tracing::info!(
        in_flight = draining.in_flight(),
        "no new connections; finishing the requests in flight"
    );
    handle.pause().await;
    let timeout = Duration::from_secs(state.settings.shutdown_timeout_seconds);
    let finishing = std::time::Instant::now();
    while draining.in_flight() > 0 && finishing.elapsed() < timeout {
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    // The last pages' served lists are written behind them (`db::group_commit`), by a task on
    // a worker's runtime that stops with the server: commit them first.
    let left = timeout.saturating_sub(finishing.elapsed());
    if tokio::time::timeout(left, state.matching.served_log.flush())
        .await
        .is_err()
    {
        tracing::warn!("served lists still queued at the stop were not all written");
    }
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
