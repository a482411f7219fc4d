//! Embedded migrations, one set per backend with the same names.

use super::DbConnection;
use diesel_migrations::{EmbeddedMigrations, MigrationHarness, embed_migrations};

const SQLITE: EmbeddedMigrations = embed_migrations!("migrations/sqlite");
const POSTGRES: EmbeddedMigrations = embed_migrations!("migrations/postgres");

#[derive(Debug, thiserror::Error)]
#[error("migration failed: {0}")]
pub struct MigrationError(String);

/// Applies every pending migration; returns the names applied.
pub fn run_migrations(conn: &mut DbConnection) -> Result<Vec<String>, MigrationError> {
    let applied = match conn {
        DbConnection::Sqlite(c) => c.run_pending_migrations(SQLITE).map(names),
        DbConnection::Postgres(c) => c.run_pending_migrations(POSTGRES).map(names),
    };
    applied.map_err(|e| MigrationError(e.to_string()))
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
