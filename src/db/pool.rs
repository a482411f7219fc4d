//! The r2d2 pool of [`DbConnection`]s and its liveness check.
//!
//! A connection taken from the pool is checked with `SELECT 1` only when it has been idle for a
//! while or its last use failed (HikariCP's "alive bypass window"): under load every request
//! would otherwise pay one more round trip to PostgreSQL before its own statements, while a
//! connection that was fine a moment ago almost always still is. One that died in between fails
//! its query, which is answered like any outage (a 503), and is checked before its next use.

use super::connection::{DatabaseUrl, DbConnection, DbError, SqliteSync};
use diesel::connection::SimpleConnection;
use std::time::{Duration, Instant};

pub type DbPool = r2d2::Pool<ConnectionManager>;

/// How long after its last use a connection is taken without a check.
const ALIVE_BYPASS: Duration = Duration::from_millis(500);

/// A pooled connection and what the pool knows of its health.
pub struct PooledConn {
    conn: DbConnection,
    /// When it last went back to the pool (or was opened).
    returned: Instant,
    /// Its last use ended in an error: check it before the next one.
    suspect: bool,
}

impl PooledConn {
    pub fn conn(&mut self) -> &mut DbConnection {
        &mut self.conn
    }

    /// Marks the connection to be checked before its next use (its last use failed; the
    /// error may have been the connection's).
    pub fn mark_suspect(&mut self) {
        self.suspect = true;
    }

    fn needs_check(&self) -> bool {
        self.suspect || self.returned.elapsed() >= ALIVE_BYPASS
    }
}

/// r2d2 manager over [`DatabaseUrl`].
pub struct ConnectionManager {
    url: DatabaseUrl,
    sync: SqliteSync,
    mmap_mb: u64,
}

impl r2d2::ManageConnection for ConnectionManager {
    type Connection = PooledConn;
    type Error = DbError;

    fn connect(&self) -> Result<PooledConn, DbError> {
        Ok(PooledConn {
            conn: self.url.connect_tuned(self.sync, self.mmap_mb)?,
            returned: Instant::now(),
            suspect: false,
        })
    }

    fn is_valid(&self, pooled: &mut PooledConn) -> Result<(), DbError> {
        if !pooled.needs_check() {
            return Ok(());
        }
        pooled
            .conn
            .batch_execute("SELECT 1")
            .map_err(DbError::from)?;
        pooled.suspect = false;
        Ok(())
    }

    /// Called as a connection goes back to the pool: notes the time.
    fn has_broken(&self, pooled: &mut PooledConn) -> bool {
        pooled.returned = Instant::now();
        false
    }
}

/// Builds the pool without waiting for the database: the app starts and `/ready` says why it is
/// not ready while the database is unreachable.
pub fn build_pool(url: &DatabaseUrl, size: u32, sync: SqliteSync, mmap_mb: u64) -> DbPool {
    r2d2::Pool::builder()
        .max_size(size)
        .min_idle(Some(0))
        .connection_timeout(Duration::from_secs(5))
        .test_on_check_out(true)
        .build_unchecked(ConnectionManager {
            url: url.clone(),
            sync,
            mmap_mb,
        })
}
