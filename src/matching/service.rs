//! Rules of the matching module that touch live data.

use super::store;
use crate::db::{DbConnection, DbError};

/// A student's profile or resume changed: their embedding must be recomputed.
pub fn profile_changed(conn: &mut DbConnection, student_id: i64) -> Result<(), DbError> {
    store::queue_embedding(conn, "student", student_id)
}

/// An internship was created or edited: its embedding must be recomputed.
pub fn internship_changed(conn: &mut DbConnection, internship_id: i64) -> Result<(), DbError> {
    store::queue_embedding(conn, "internship", internship_id)
}
