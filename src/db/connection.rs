//! One connection type for SQLite and PostgreSQL, and an r2d2 manager that picks the backend from
//! the URL scheme (never by trial: a mistyped URL must fail loudly, not create a SQLite file).

use diesel::connection::SimpleConnection;
use diesel::{Connection, PgConnection, SqliteConnection};
use std::path::PathBuf;

/// A live connection to either backend; queries are written once against this type.
#[derive(diesel::MultiConnection)]
pub enum DbConnection {
    Sqlite(SqliteConnection),
    Postgres(PgConnection),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

/// A parsed `DATABASE_URL`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DatabaseUrl {
    Sqlite(PathBuf),
    Postgres(String),
}

#[derive(Debug, thiserror::Error)]
pub enum DbError {
    #[error("DATABASE_URL: {0}")]
    BadUrl(String),
    #[error("cannot connect to the database: {0}")]
    Connect(String),
    #[error("database pool: {0}")]
    Pool(String),
    #[error("not found")]
    NotFound,
    #[error("{0}")]
    Query(diesel::result::Error),
}

impl From<diesel::result::Error> for DbError {
    fn from(e: diesel::result::Error) -> Self {
        match e {
            diesel::result::Error::NotFound => DbError::NotFound,
            other => DbError::Query(other),
        }
    }
}

impl DbError {
    /// Whether the error is a violated UNIQUE constraint (a duplicate the user can be told about).
    pub fn is_unique_violation(&self) -> bool {
        matches!(
            self,
            DbError::Query(diesel::result::Error::DatabaseError(
                diesel::result::DatabaseErrorKind::UniqueViolation,
                _
            ))
        )
    }
}

impl DbError {
    /// Whether the error is a violated UNIQUE constraint on `column` (of any table): the
    /// constraint that fired, not just any duplicate. PostgreSQL names the constraint
    /// (`student_profiles_apaar_id_key`), SQLite the column (`student_profiles.apaar_id`).
    pub fn is_unique_violation_of(&self, column: &str) -> bool {
        let DbError::Query(diesel::result::Error::DatabaseError(
            diesel::result::DatabaseErrorKind::UniqueViolation,
            info,
        )) = self
        else {
            return false;
        };
        info.constraint_name().is_some_and(|name| {
            name.contains(&format!("_{column}_")) || name.ends_with(&format!("_{column}"))
        }) || info
            .message()
            .split_once("UNIQUE constraint failed:")
            .is_some_and(|(_, columns)| {
                columns
                    .split(',')
                    .any(|c| c.trim().rsplit('.').next() == Some(column))
            })
    }

    /// Whether the database could not be reached or is busy (a 503 to try again), as opposed
    /// to a query that is wrong: no connection, a connection lost mid-query, or SQLite's write
    /// lock still held by someone else after the busy timeout.
    pub fn is_unavailable(&self) -> bool {
        use diesel::result::{DatabaseErrorKind, Error};
        match self {
            DbError::Connect(_) | DbError::Pool(_) => true,
            DbError::Query(Error::DatabaseError(DatabaseErrorKind::ClosedConnection, _)) => true,
            DbError::Query(Error::DatabaseError(DatabaseErrorKind::Unknown, info)) => {
                let message = info.message();
                [
                    "database is locked",
                    "server closed the connection",
                    "terminating connection",
                ]
                .iter()
                .any(|known| message.contains(known))
            }
            _ => false,
        }
    }
}

impl DatabaseUrl {
    pub fn parse(url: &str) -> Result<DatabaseUrl, DbError> {
        let url = url.trim();
        if let Some(rest) = url.strip_prefix("sqlite://") {
            Ok(DatabaseUrl::Sqlite(PathBuf::from(rest)))
        } else if let Some(rest) = url.strip_prefix("sqlite:") {
            Ok(DatabaseUrl::Sqlite(PathBuf::from(rest)))
        } else if url.starts_with("postgres://") || url.starts_with("postgresql://") {
            let tls_chosen = std::env::var_os("PGSSLMODE").is_some();
            Ok(DatabaseUrl::Postgres(loopback_without_tls(url, tls_chosen)))
        } else {
            Err(DbError::BadUrl(
                "must start with sqlite:// (a file path) or postgres:// (a PostgreSQL server)"
                    .into(),
            ))
        }
    }

    pub fn backend(&self) -> Backend {
        match self {
            DatabaseUrl::Sqlite(_) => Backend::Sqlite,
            DatabaseUrl::Postgres(_) => Backend::Postgres,
        }
    }

    /// Opens one connection, with the SQLite pragmas every connection needs (durable commits).
    pub fn connect(&self) -> Result<DbConnection, DbError> {
        self.connect_with(SqliteSync::Full)
    }

    /// Like [`DatabaseUrl::connect`] with SQLite's commit durability chosen.
    pub fn connect_with(&self, sync: SqliteSync) -> Result<DbConnection, DbError> {
        self.connect_tuned(sync, DEFAULT_SQLITE_MMAP_MB)
    }

    /// Like [`DatabaseUrl::connect_with`] with the size of SQLite's memory map of the file
    /// (`SQLITE_MMAP_MB`; 0 reads through each connection's page cache instead).
    pub fn connect_tuned(&self, sync: SqliteSync, mmap_mb: u64) -> Result<DbConnection, DbError> {
        match self {
            DatabaseUrl::Sqlite(path) => {
                if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
                    std::fs::create_dir_all(parent)
                        .map_err(|e| DbError::Connect(format!("{}: {e}", parent.display())))?;
                }
                let mut conn = SqliteConnection::establish(&path.to_string_lossy())
                    .map_err(|e| DbError::Connect(e.to_string()))?;
                // WAL lets readers run beside the writer; busy_timeout makes writers wait instead
                // of failing; foreign keys are off by default in SQLite. With WAL, FULL syncs the
                // log at every commit (an acknowledged write survives a power cut); NORMAL only
                // at checkpoints (it survives a crash of the process, not of the machine). Reads
                // go through a memory map of the file (shared by every connection through the OS
                // page cache) instead of `pread` into each connection's 8 MB cache.
                conn.batch_execute(&format!(
                    "PRAGMA journal_mode = WAL; PRAGMA synchronous = {}; \
                     PRAGMA foreign_keys = ON; PRAGMA busy_timeout = 5000; \
                     PRAGMA mmap_size = {}; PRAGMA cache_size = -8000;",
                    sync.pragma(),
                    mmap_mb.saturating_mul(1 << 20)
                ))
                .map_err(|e| DbError::Connect(e.to_string()))?;
                Ok(DbConnection::Sqlite(conn))
            }
            DatabaseUrl::Postgres(url) => PgConnection::establish(url)
                .map(DbConnection::Postgres)
                .map_err(|e| DbError::Connect(e.to_string())),
        }
    }
}

/// A PostgreSQL URL whose server is on this machine (`127.0.0.1`, `::1`, `localhost`) skips TLS
/// unless TLS was chosen (an `sslmode` in the URL, or `PGSSLMODE`, when `tls_chosen`): libpq's
/// default, `prefer`, encrypts every query to a server that offers TLS — Debian's does — though
/// loopback traffic never leaves the machine; the encryption cost 9–16 % of an internship page's
/// throughput in the serving benchmark. Any other host keeps libpq's default.
fn loopback_without_tls(url: &str, tls_chosen: bool) -> String {
    let after_scheme = url.split_once("://").map_or(url, |(_, rest)| rest);
    let authority = after_scheme.split(['/', '?']).next().unwrap_or_default();
    let hostport = authority.rsplit_once('@').map_or(authority, |(_, h)| h);
    let host = match hostport.strip_prefix('[') {
        Some(bracketed) => bracketed.split(']').next().unwrap_or_default(),
        None => hostport.split(':').next().unwrap_or_default(),
    };
    let loopback = matches!(host, "127.0.0.1" | "::1" | "localhost");
    if !loopback || tls_chosen || url.contains("sslmode=") {
        return url.to_string();
    }
    let joint = if url.contains('?') { '&' } else { '?' };
    format!("{url}{joint}sslmode=disable")
}

/// SQLite's `synchronous` setting (`SQLITE_SYNCHRONOUS`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SqliteSync {
    Full,
    Normal,
}

impl SqliteSync {
    /// `normal` names [`SqliteSync::Normal`]; anything else is the durable default.
    pub fn from_setting(value: &str) -> SqliteSync {
        if value.eq_ignore_ascii_case("normal") {
            SqliteSync::Normal
        } else {
            SqliteSync::Full
        }
    }

    fn pragma(self) -> &'static str {
        match self {
            SqliteSync::Full => "FULL",
            SqliteSync::Normal => "NORMAL",
        }
    }
}

/// SQLite's memory map of the database file unless configured (`SQLITE_MMAP_MB`).
pub const DEFAULT_SQLITE_MMAP_MB: u64 = 256;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn url_scheme_picks_the_backend() {
        assert_eq!(
            DatabaseUrl::parse("sqlite://data/x.db").unwrap().backend(),
            Backend::Sqlite
        );
        assert_eq!(
            DatabaseUrl::parse("postgres://u@h/db").unwrap().backend(),
            Backend::Postgres
        );
        assert!(DatabaseUrl::parse("postgress://u@h/db").is_err());
        assert!(DatabaseUrl::parse("data/x.db").is_err());
    }

    #[test]
    fn loopback_connections_skip_tls_unless_it_was_chosen() {
        let off = |u: &str| loopback_without_tls(u, false);
        assert_eq!(
            off("postgres://postgres@127.0.0.1:5432/app"),
            "postgres://postgres@127.0.0.1:5432/app?sslmode=disable"
        );
        assert_eq!(
            off("postgresql://u:p@localhost/app?connect_timeout=5"),
            "postgresql://u:p@localhost/app?connect_timeout=5&sslmode=disable"
        );
        assert_eq!(
            off("postgres://u@[::1]:5432/app"),
            "postgres://u@[::1]:5432/app?sslmode=disable"
        );
        // Another host keeps libpq's default; a chosen mode is kept.
        for kept in [
            "postgres://u@db.internal:5432/app",
            "postgres://u@10.0.0.7/app",
            "postgres://u@127.0.0.1/app?sslmode=require",
        ] {
            assert_eq!(off(kept), kept);
        }
        assert_eq!(
            loopback_without_tls("postgres://u@127.0.0.1/app", true),
            "postgres://u@127.0.0.1/app"
        );
    }
}
