//! The job runner: a task per instance that enqueues periodic jobs, claims due jobs and runs
//! their handlers. Modules register their own kinds; the runner knows none of them.

use super::store;
use crate::db::{Db, DbConnection, DbError};
use chrono::{NaiveDateTime, Utc};
use futures_util::future::BoxFuture;
use std::collections::HashMap;
use std::sync::Arc;
use std::time::Duration;

// Queries other modules need, exposed here so that they never reach into this module's store.
pub use super::store::{delete_done, recent};

/// What a job handler returns: `Err` is retried with back-off.
pub type JobResult = Result<(), String>;
type Handler<S> = Arc<dyn Fn(S, serde_json::Value) -> BoxFuture<'static, JobResult> + Send + Sync>;

/// What the runner hands every handler: the application's shared state. The runner itself only
/// needs the database from it, so it names this trait rather than the state type, which sits
/// above it (`state` implements it).
pub trait JobContext: Clone + Send + Sync + 'static {
    fn db(&self) -> &Db;
}

/// A job enqueued once per `every` by whichever instance gets there first.
struct Periodic {
    kind: &'static str,
    every: chrono::Duration,
}

/// The job kinds this binary knows, and the periodic ones.
#[derive(Clone)]
pub struct JobRegistry<S> {
    handlers: HashMap<&'static str, Handler<S>>,
    periodic: Vec<Arc<Periodic>>,
}

impl<S> Default for JobRegistry<S> {
    fn default() -> Self {
        JobRegistry {
            handlers: HashMap::new(),
            periodic: Vec::new(),
        }
    }
}

impl<S: JobContext> JobRegistry<S> {
    pub fn handle<F, Fut>(mut self, kind: &'static str, handler: F) -> Self
    where
        F: Fn(S, serde_json::Value) -> Fut + Send + Sync + 'static,
        Fut: std::future::Future<Output = JobResult> + Send + 'static,
    {
        self.handlers.insert(
            kind,
            Arc::new(move |state, payload| Box::pin(handler(state, payload))),
        );
        self
    }

    /// Runs `kind` (already registered with [`JobRegistry::handle`]) every `every`.
    pub fn every(mut self, kind: &'static str, every: chrono::Duration) -> Self {
        self.periodic.push(Arc::new(Periodic { kind, every }));
        self
    }

    pub fn kinds(&self) -> Vec<&'static str> {
        let mut kinds: Vec<_> = self.handlers.keys().copied().collect();
        kinds.sort();
        kinds
    }
}

/// Queues a job inside the caller's connection (and transaction).
pub fn enqueue(
    conn: &mut DbConnection,
    kind: &str,
    payload: serde_json::Value,
    dedupe_key: Option<&str>,
) -> Result<Option<i64>, DbError> {
    store::insert(
        conn,
        kind,
        &payload.to_string(),
        Utc::now().naive_utc(),
        dedupe_key,
    )
}

/// A claim on a job lasts this long unless its runner renews it; the runner renews every
/// `renew` while the job runs. A job whose instance died is claimed again once the lease ends.
#[derive(Debug, Clone, Copy)]
pub struct Lease {
    pub length: Duration,
    pub renew: Duration,
}

/// The job runner of this instance, as started by [`start`].
pub struct Runner {
    worker: String,
    stop: tokio::sync::watch::Sender<bool>,
    task: tokio::task::JoinHandle<()>,
}

/// Starts the runner: it polls every `poll` until [`Runner::hand_back`].
pub fn start<S: JobContext>(
    state: S,
    registry: JobRegistry<S>,
    poll: Duration,
    lease: Lease,
) -> Runner {
    let worker = format!(
        "{}-{}",
        std::process::id(),
        &uuid::Uuid::new_v4().simple().to_string()[..8]
    );
    let (stop, stopped) = tokio::sync::watch::channel(false);
    let task = tokio::spawn(run(state, registry, poll, lease, worker.clone(), stopped));
    Runner { worker, stop, task }
}

impl Runner {
    /// Stops claiming jobs, lets the one running finish within `grace`, and gives back to the
    /// queue whatever this instance still holds, so another instance runs it at once instead
    /// of after the lease.
    pub async fn hand_back<S: JobContext>(self, state: &S, grace: Duration) {
        let _ = self.stop.send(true);
        if tokio::time::timeout(grace, self.task).await.is_err() {
            tracing::warn!(worker = %self.worker, "a job was still running at shutdown");
        }
        let worker = self.worker.clone();
        match state
            .db()
            .run(move |conn| store::release_worker(conn, &worker))
            .await
        {
            Ok(released) => tracing::info!(worker = %self.worker, released, "job runner stopped"),
            Err(e) => tracing::warn!(error = %e, "jobs not handed back; their lease will end"),
        }
    }
}

/// Runs until `stopped` says so (or the runtime shuts down).
async fn run<S: JobContext>(
    state: S,
    registry: JobRegistry<S>,
    poll: Duration,
    lease: Lease,
    worker: String,
    mut stopped: tokio::sync::watch::Receiver<bool>,
) {
    tracing::info!(worker = %worker, kinds = ?registry.kinds(), "job runner started");
    while !*stopped.borrow() {
        if let Err(e) = schedule_periodic(&state, &registry, lease).await {
            tracing::warn!(error = %e, "periodic jobs could not be scheduled");
        }
        // Drain what is due, then sleep.
        while !*stopped.borrow() {
            match run_one(&state, &registry, &worker, lease).await {
                Ok(true) => continue,
                Ok(false) => break,
                Err(e) => {
                    tracing::warn!(error = %e, "job runner could not reach the database");
                    break;
                }
            }
        }
        tokio::select! {
            _ = tokio::time::sleep(poll) => {}
            // A dropped handle (the app is gone) stops the runner too.
            changed = stopped.changed() => if changed.is_err() { return },
        }
    }
}

/// Enqueues each periodic job once per period: the dedupe key names the period.
async fn schedule_periodic<S: JobContext>(
    state: &S,
    registry: &JobRegistry<S>,
    lease: Lease,
) -> Result<(), DbError> {
    let periodic = registry.periodic.clone();
    state
        .db()
        .run(move |conn| {
            let now = Utc::now();
            for p in &periodic {
                let slot = now.timestamp() / p.every.num_seconds().max(1);
                store::insert(
                    conn,
                    p.kind,
                    "{}",
                    now.naive_utc(),
                    Some(&format!("periodic:{}:{slot}", p.kind)),
                )?;
            }
            let lease = chrono::Duration::from_std(lease.length)
                .unwrap_or_else(|_| chrono::Duration::minutes(1));
            store::requeue_stale(conn, now.naive_utc() - lease)?;
            Ok(())
        })
        .await
}

/// Claims and runs one due job; `Ok(false)` when none was due.
async fn run_one<S: JobContext>(
    state: &S,
    registry: &JobRegistry<S>,
    worker: &str,
    lease: Lease,
) -> Result<bool, DbError> {
    let worker_id = worker.to_string();
    let Some(job) = state
        .db()
        .run(move |conn| store::claim_next(conn, &worker_id, now()))
        .await?
    else {
        return Ok(false);
    };
    let payload: serde_json::Value =
        serde_json::from_str(&job.payload).unwrap_or(serde_json::Value::Null);
    let handling = async {
        match registry.handlers.get(job.kind.as_str()) {
            Some(handler) => handler(state.clone(), payload).await,
            None => Err(format!("no handler for job kind `{}`", job.kind)),
        }
    };
    // The claim is renewed while the handler runs, so a long job is not taken for a dead one.
    let renewing = keep_claim(state, job.id, worker.to_string(), lease.renew);
    let outcome = tokio::select! {
        outcome = handling => outcome,
        never = renewing => match never {},
    };
    match outcome {
        Ok(()) => {
            let id = job.id;
            state
                .db()
                .run(move |conn| store::complete(conn, id, now()))
                .await?;
        }
        Err(error) => {
            let failed_job = job.clone();
            let error_text = error.clone();
            let final_failure = state
                .db()
                .run(move |conn| store::fail(conn, &failed_job, &error_text, now()))
                .await?;
            if final_failure {
                tracing::error!(job = job.id, kind = %job.kind, attempt = job.attempts, error = %error, "job failed for good");
            } else {
                tracing::warn!(job = job.id, kind = %job.kind, attempt = job.attempts, error = %error, "job failed; will retry");
            }
        }
    }
    Ok(true)
}

/// Renews the claim on job `id` every `every`, for as long as it is polled.
async fn keep_claim<S: JobContext>(
    state: &S,
    id: i64,
    worker: String,
    every: Duration,
) -> std::convert::Infallible {
    loop {
        tokio::time::sleep(every).await;
        let worker = worker.clone();
        match state
            .db()
            .run(move |conn| store::renew(conn, id, &worker, now()))
            .await
        {
            Ok(true) => {}
            Ok(false) => tracing::warn!(job = id, "job claim lost: another instance may run it"),
            Err(e) => tracing::warn!(job = id, error = %e, "job claim not renewed"),
        }
    }
}

fn now() -> NaiveDateTime {
    Utc::now().naive_utc()
}
