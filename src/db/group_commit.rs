//! Group commit: small writes of one kind that many requests make at once, committed together.
//!
//! The embedded SQLite database commits with `synchronous = FULL`: one `fsync` per commit, about
//! 200 commits a second on these disks. A write made on every page view (the served
//! recommendations list, logged for training) would cap that page at that rate. Here each caller
//! hands its rows to one writer task and waits; the writer takes everything queued at that
//! moment, commits it in one transaction and tells every caller the outcome. A caller's rows are
//! on disk when its `write` returns, as before; under load one commit serves many callers.

use super::{Db, DbConnection, DbError};
use std::sync::Mutex;
use tokio::sync::{mpsc, oneshot};

/// Most items committed in one transaction.
const MAX_BATCH: usize = 256;

type Pending<T> = (T, oneshot::Sender<Result<(), String>>);

/// A writer of `T`s in shared transactions. One per kind of write and instance.
pub struct GroupCommit<T> {
    lane: Mutex<Option<mpsc::UnboundedSender<Pending<T>>>>,
    write: fn(&mut DbConnection, &[T]) -> Result<(), DbError>,
}

impl<T: Send + 'static> GroupCommit<T> {
    /// `write` stores a batch inside the transaction it is given.
    pub const fn new(write: fn(&mut DbConnection, &[T]) -> Result<(), DbError>) -> Self {
        GroupCommit {
            lane: Mutex::new(None),
            write,
        }
    }

    /// Stores `item` (with whatever else is waiting) and returns once it is committed. The
    /// writer task starts at the first call, on the runtime of that call, writing to `db`; if
    /// that runtime has gone (a worker thread restarted), the next call starts another.
    pub async fn write(&self, db: &Db, item: T) -> Result<(), DbError> {
        let lane = {
            let mut lane = self.lane.lock().unwrap_or_else(|e| e.into_inner());
            match lane.as_ref() {
                Some(open) if !open.is_closed() => open.clone(),
                _ => {
                    let (sender, queue) = mpsc::unbounded_channel();
                    tokio::spawn(writer(db.clone(), queue, self.write));
                    *lane = Some(sender.clone());
                    sender
                }
            }
        };
        let (done, outcome) = oneshot::channel();
        lane.send((item, done))
            .map_err(|_| DbError::Pool("the group-commit writer stopped".into()))?;
        outcome
            .await
            .map_err(|_| DbError::Pool("the group-commit writer stopped".into()))?
            .map_err(DbError::Pool)
    }
}

async fn writer<T: Send + 'static>(
    db: Db,
    mut queue: mpsc::UnboundedReceiver<Pending<T>>,
    write: fn(&mut DbConnection, &[T]) -> Result<(), DbError>,
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
        for caller in waiting {
            let _ = caller.send(outcome.clone());
        }
    }
}
