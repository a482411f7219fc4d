//! Group commit: small writes of one kind that many requests make at once, committed together.
//!
//! The embedded SQLite database commits with `synchronous = FULL`: one `fsync` per commit, about
//! 200 commits a second on these disks. A write made on every page view (the served
//! recommendations list, logged for training) would cap that page at that rate. Here each caller
//! hands its rows to one writer task and waits; the writer takes everything queued at that
//! moment, commits it in one transaction and tells every caller the outcome. A caller's rows are
//! on disk when its `write` returns, as before; under load one commit serves many callers.
//!
//! `write_behind` hands rows over without waiting for their commit, for rows no page reads back:
//! the page is not held by an `fsync` (or by a WAL checkpoint, which the committing connection
//! runs). The queue is bounded, so a writer that falls behind slows its callers down instead of
//! growing without limit.

use super::{Db, DbConnection, DbError};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use tokio::sync::{mpsc, oneshot};

/// Most items committed in one transaction.
const MAX_BATCH: usize = 256;
/// Most items waiting for the writer; a caller beyond that waits for room.
const MAX_QUEUED: usize = 8192;

type Pending<T> = (T, oneshot::Sender<Result<(), String>>);

/// A writer of `T`s in shared transactions. One per kind of write and instance.
pub struct GroupCommit<T> {
    lane: Mutex<Option<mpsc::Sender<Pending<T>>>>,
    write: fn(&mut DbConnection, &[T]) -> Result<(), DbError>,
    /// Items handed to the writer, and items it has finished with (committed or failed).
    queued: AtomicU64,
    finished: Arc<AtomicU64>,
}

impl<T: Send + 'static> GroupCommit<T> {
    /// `write` stores a batch inside the transaction it is given.
    pub fn new(write: fn(&mut DbConnection, &[T]) -> Result<(), DbError>) -> Self {
        GroupCommit {
            lane: Mutex::new(None),
            write,
            queued: AtomicU64::new(0),
            finished: Arc::new(AtomicU64::new(0)),
        }
    }

    /// Stores `item` (with whatever else is waiting) and returns once it is committed.
    pub async fn write(&self, db: &Db, item: T) -> Result<(), DbError> {
        self.queue(db, item)
            .await?
            .await
            .map_err(|_| DbError::Pool("the group-commit writer stopped".into()))?
            .map_err(DbError::Pool)
    }

    /// Queues `item` for the next commit and returns without waiting for it (only for room in
    /// the queue). A failed commit is logged by the writer; the caller does not hear of it.
    pub async fn write_behind(&self, db: &Db, item: T) -> Result<(), DbError> {
        self.queue(db, item).await.map(drop)
    }

    /// Returns once every item queued before the call has been committed (or has failed), or
    /// at once when the writer has stopped: for a graceful stop (`ops::shutdown`) and for tests
    /// that read what `write_behind` stored.
    pub async fn flush(&self) {
        let target = self.queued.load(Ordering::SeqCst);
        while self.finished.load(Ordering::SeqCst) < target {
            let stopped = {
                let lane = self.lane.lock().unwrap_or_else(|e| e.into_inner());
                lane.as_ref().is_none_or(|lane| lane.is_closed())
            };
            if stopped {
                return; // the writer has stopped: nothing more will be committed
            }
            tokio::time::sleep(std::time::Duration::from_millis(5)).await;
        }
    }

    /// Hands `item` to the writer. The writer task starts at the first call, on the runtime of
    /// that call, writing to `db`; if that runtime has gone (a worker thread restarted), the
    /// next call starts another.
    async fn queue(
        &self,
        db: &Db,
        item: T,
    ) -> Result<oneshot::Receiver<Result<(), String>>, DbError> {
        let lane = {
            let mut lane = self.lane.lock().unwrap_or_else(|e| e.into_inner());
            match lane.as_ref() {
                Some(open) if !open.is_closed() => open.clone(),
                _ => {
                    let (sender, queue) = mpsc::channel(MAX_QUEUED);
                    tokio::spawn(writer(db.clone(), queue, self.write, self.finished.clone()));
                    *lane = Some(sender.clone());
                    sender
                }
            }
        };
        let (done, outcome) = oneshot::channel();
        lane.send((item, done))
            .await
            .map_err(|_| DbError::Pool("the group-commit writer stopped".into()))?;
        self.queued.fetch_add(1, Ordering::SeqCst);
        Ok(outcome)
    }
}

async fn writer<T: Send + 'static>(
    db: Db,
    mut queue: mpsc::Receiver<Pending<T>>,
    write: fn(&mut DbConnection, &[T]) -> Result<(), DbError>,
    finished: Arc<AtomicU64>,
) {
    while let Some(first) = queue.recv().await {
        let mut batch = vec![first];
        while batch.len() < MAX_BATCH {
            match queue.try_recv() {
                Ok(next) => batch.push(next),
                Err(_) => break,
            }
        }
        let (items, waiting): (Vec<T>, Vec<_>) = batch.into_iter().unzip();
        let outcome = db
            .run(move |conn| super::transaction(conn, |conn| write(conn, &items)))
            .await
            .map_err(|e: DbError| e.to_string());
        if let Err(e) = &outcome {
            tracing::warn!(error = %e, "group commit failed");
        }
        finished.fetch_add(waiting.len() as u64, Ordering::SeqCst);
        for caller in waiting {
            let _ = caller.send(outcome.clone());
        }
    }
}
