//! Embedded migrations, one set per backend with the same names.

use super::DbConnection;
use diesel_migrations::{EmbeddedMigrations, MigrationHarness, embed_migrations};

const SQLITE: EmbeddedMigrations = embed_migrations!("migrations/sqlite");
const POSTGRES: EmbeddedMigrations = embed_migrations!("migrations/postgres");

#[derive(Debug, thiserror::Error)]
#[error("migration failed: {0}")]
pub struct MigrationError(String);

/// PostgreSQL migrations that rewrite a table's rows, and the table to vacuum after them: a
/// migration runs in a transaction, where `VACUUM` cannot, and until vacuum the dead versions
/// stay in the table and its indexes (20,000 of them after 000020 at 100,000 postings, below
/// autovacuum's threshold: the p99 of new searches in a place on PostgreSQL halved once they
/// went, README "PostgreSQL's first reads of a word").
const VACUUM_AFTER: &[(&str, &str)] = &[("20261206000020", "internship_search")];

/// Applies every pending migration; returns the names applied.
pub fn run_migrations(conn: &mut DbConnection) -> Result<Vec<String>, MigrationError> {
    let applied = match conn {
        DbConnection::Sqlite(c) => c.run_pending_migrations(SQLITE).map(names),
        DbConnection::Postgres(c) => c.run_pending_migrations(POSTGRES).map(names),
    }
    .map_err(|e| MigrationError(e.to_string()))?;
    if let DbConnection::Postgres(c) = conn {
        use diesel::RunQueryDsl;
        for (version, table) in VACUUM_AFTER {
            if applied.iter().any(|a| a == version) {
                diesel::sql_query(format!("VACUUM (ANALYZE) {table}"))
                    .execute(c)
                    .map_err(|e| MigrationError(e.to_string()))?;
            }
        }
    }
    Ok(applied)
}

/// Reverts every applied migration (tests check that `down.sql` really undoes `up.sql`).
pub fn revert_all_migrations(conn: &mut DbConnection) -> Result<Vec<String>, MigrationError> {
    let reverted = match conn {
        DbConnection::Sqlite(c) => c.revert_all_migrations(SQLITE).map(names),
        DbConnection::Postgres(c) => c.revert_all_migrations(POSTGRES).map(names),
    };
    reverted.map_err(|e| MigrationError(e.to_string()))
}

fn names(versions: Vec<diesel::migration::MigrationVersion<'_>>) -> Vec<String> {
    versions.into_iter().map(|v| v.to_string()).collect()
}
