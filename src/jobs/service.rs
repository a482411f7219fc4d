//! The job runner: a task per instance that enqueues periodic jobs, claims due jobs and runs
//! their handlers. Modules register their own kinds; the runner knows none of them.

use super::store;
use crate::db::{DbConnection, DbError};
use crate::state::AppState;
use chrono::{NaiveDateTime, Utc};
use futures_util::future::BoxFuture;
use std::collections::HashMap;
use std::sync::Arc;
use std::time::Duration;

// Queries other modules need, exposed here so that they never reach into this module's store.
pub use super::store::{delete_done, recent};

/// What a job handler returns: `Err` is retried with back-off.
pub type JobResult = Result<(), String>;
type Handler =
    Arc<dyn Fn(AppState, serde_json::Value) -> BoxFuture<'static, JobResult> + Send + Sync>;

/// A job enqueued once per `every` by whichever instance gets there first.
struct Periodic {
    kind: &'static str,
    every: chrono::Duration,
}

/// The job kinds this binary knows, and the periodic ones.
#[derive(Default, Clone)]
pub struct JobRegistry {
    handlers: HashMap<&'static str, Handler>,
    periodic: Vec<Arc<Periodic>>,
}

impl JobRegistry {
    pub fn handle<F, Fut>(mut self, kind: &'static str, handler: F) -> Self
    where
        F: Fn(AppState, serde_json::Value) -> Fut + Send + Sync + 'static,
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

/// How long a job may run before another instance assumes its runner died.
const STALE_AFTER_MINUTES: i64 = 15;

/// Runs until the runtime shuts down.
pub async fn run(state: AppState, registry: JobRegistry, poll: Duration) {
    let worker = format!(
        "{}-{}",
        std::process::id(),
        &uuid::Uuid::new_v4().simple().to_string()[..8]
    );
    tracing::info!(worker = %worker, kinds = ?registry.kinds(), "job runner started");
    loop {
        if let Err(e) = schedule_periodic(&state, &registry).await {
            tracing::warn!(error = %e, "periodic jobs could not be scheduled");
        }
        // Drain what is due, then sleep.
        loop {
            match run_one(&state, &registry, &worker).await {
                Ok(true) => continue,
                Ok(false) => break,
                Err(e) => {
                    tracing::warn!(error = %e, "job runner could not reach the database");
                    break;
                }
            }
        }
        tokio::time::sleep(poll).await;
    }
}

/// Enqueues each periodic job once per period: the dedupe key names the period.
async fn schedule_periodic(state: &AppState, registry: &JobRegistry) -> Result<(), DbError> {
    let periodic = registry.periodic.clone();
    state
        .db
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
            store::requeue_stale(
                conn,
                now.naive_utc() - chrono::Duration::minutes(STALE_AFTER_MINUTES),
            )?;
            Ok(())
        })
        .await
}

/// Claims and runs one due job; `Ok(false)` when none was due.
async fn run_one(state: &AppState, registry: &JobRegistry, worker: &str) -> Result<bool, DbError> {
    let worker_id = worker.to_string();
    let Some(job) = state
        .db
        .run(move |conn| store::claim_next(conn, &worker_id, now()))
        .await?
    else {
        return Ok(false);
    };
    let payload: serde_json::Value =
        serde_json::from_str(&job.payload).unwrap_or(serde_json::Value::Null);
    let outcome = match registry.handlers.get(job.kind.as_str()) {
        Some(handler) => handler(state.clone(), payload).await,
        None => Err(format!("no handler for job kind `{}`", job.kind)),
    };
    match outcome {
        Ok(()) => {
            let id = job.id;
            state
                .db
                .run(move |conn| store::complete(conn, id, now()))
                .await?;
        }
        Err(error) => {
            let failed_job = job.clone();
            let error_text = error.clone();
            let final_failure = state
                .db
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

fn now() -> NaiveDateTime {
    Utc::now().naive_utc()
}
