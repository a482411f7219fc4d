//! Database plumbing shared by every module: the two-backend connection, the pool, migrations,
//! and `Db::run`, which moves Diesel work off the async workers.

mod connection;
pub mod group_commit;
mod migrate;
mod pool;
pub mod prepared;
pub mod schema;
pub mod skills;

pub use connection::{Backend, DatabaseUrl, DbConnection, DbError, SqliteSync};
pub use migrate::{MigrationError, revert_all_migrations, run_migrations};
pub use pool::{DbPool, build_pool};

use tracing::Instrument;

diesel::define_sql_function!(
    /// SQL `lower()`, the same on both backends.
    fn lower(x: diesel::sql_types::Text) -> diesel::sql_types::Text
);

/// Runs `$body` on the concrete connection of either backend, with `$c` bound to it. Diesel's
/// multi-backend connection cannot express `INSERT … ON CONFLICT`, which both SQLite and
/// PostgreSQL understand the same way; a write that two requests may make at once uses it so
/// the database, not a check before the insert, settles the race.
#[macro_export]
macro_rules! on_backend {
    ($conn:expr, |$c:ident| $body:expr) => {
        match $conn {
            $crate::db::DbConnection::Sqlite($c) => $body,
            $crate::db::DbConnection::Postgres($c) => $body,
        }
    };
}

/// Handle to the pool that runs Diesel closures on the blocking thread pool.
#[derive(Clone)]
pub struct Db {
    pool: DbPool,
    backend: Backend,
    /// One permit per pooled connection: work waits for a connection here, on the async side,
    /// instead of holding a blocking thread while it waits (under load the blocking threads
    /// stay as many as the connections, and nothing times out inside the pool).
    gate: std::sync::Arc<tokio::sync::Semaphore>,
    /// Names this handle within the process, for memos kept per database.
    key: u64,
}

impl Db {
    pub fn new(pool: DbPool, backend: Backend) -> Self {
        static HANDLES: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);
        let permits = pool.max_size().max(1) as usize;
        Db {
            pool,
            backend,
            gate: std::sync::Arc::new(tokio::sync::Semaphore::new(permits)),
            key: HANDLES.fetch_add(1, std::sync::atomic::Ordering::Relaxed),
        }
    }

    pub fn pool(&self) -> &DbPool {
        &self.pool
    }

    pub fn backend(&self) -> Backend {
        self.backend
    }

    /// A number no other handle of this process has (its clones share it): the key of what is
    /// remembered of this database in memory.
    pub fn key(&self) -> u64 {
        self.key
    }

    /// Runs `f` with a pooled connection on the blocking pool, keeping the caller's tracing span.
    pub async fn run<F, T, E>(&self, f: F) -> Result<T, E>
    where
        F: FnOnce(&mut DbConnection) -> Result<T, E> + Send + 'static,
        T: Send + 'static,
        E: From<DbError> + Send + 'static,
    {
        let pool = self.pool.clone();
        let span = tracing::Span::current();
        let permit = self
            .gate
            .clone()
            .acquire_owned()
            .await
            .map_err(|e| E::from(DbError::Pool(e.to_string())))?;
        let task = tokio::task::spawn_blocking(move || {
            let _permit = permit;
            let _entered = span.enter();
            let mut pooled = pool
                .get()
                .map_err(|e| E::from(DbError::Pool(e.to_string())))?;
            let result = f(pooled.conn());
            if result.is_err() {
                pooled.mark_suspect();
            }
            result
        });
        match task.in_current_span().await {
            Ok(result) => result,
            Err(join) => Err(E::from(DbError::Pool(format!(
                "database task failed: {join}"
            )))),
        }
    }

    /// Whether a connection can be checked out and answers a query.
    pub async fn ping(&self) -> Result<(), DbError> {
        self.run(|conn| {
            use diesel::RunQueryDsl;
            diesel::sql_query("SELECT 1")
                .execute(conn)
                .map(|_| ())
                .map_err(DbError::from)
        })
        .await
    }
}

/// Runs `f` in a transaction that may write. On SQLite it starts with `BEGIN IMMEDIATE`, taking
/// the write lock up front: a deferred transaction that reads and then writes while another
/// connection writes fails at once with "database is locked" instead of waiting its turn.
/// Nested calls become savepoints, as with `Connection::transaction`.
pub fn transaction<T, E, F>(conn: &mut DbConnection, f: F) -> Result<T, E>
where
    F: FnOnce(&mut DbConnection) -> Result<T, E>,
    E: From<diesel::result::Error>,
{
    use diesel::connection::{AnsiTransactionManager, TransactionManager};
    let top_level_sqlite = match conn {
        DbConnection::Sqlite(c) => AnsiTransactionManager::transaction_manager_status_mut(c)
            .transaction_depth()
            .map(|depth| depth.is_none())
            .unwrap_or(false),
        DbConnection::Postgres(_) => false,
    };
    if !top_level_sqlite {
        return diesel::Connection::transaction(conn, f);
    }
    if let DbConnection::Sqlite(c) = conn {
        AnsiTransactionManager::begin_transaction_sql(c, "BEGIN IMMEDIATE")?;
    }
    let result = f(conn);
    if let DbConnection::Sqlite(c) = conn {
        match &result {
            Ok(_) => AnsiTransactionManager::commit_transaction(c)?,
            Err(_) => AnsiTransactionManager::rollback_transaction(c)?,
        }
    }
    result
}
