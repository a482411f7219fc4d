//! Whether a student lets her institute see her applications (a consent, recorded with the
//! others by `auth::service::record_consent`).

use super::store;
use crate::db::{DbConnection, DbError};

pub use crate::auth::service::{PRIVACY_NOTICE, accept_privacy_notice, needs_privacy_consent};

/// The consent to show the student's applications to her institute.
pub const INSTITUTE_SHARING: &str = "institute_sharing";

/// Records the student's choice and applies it to what her institute sees.
pub fn set_institute_sharing(
    conn: &mut DbConnection,
    user_id: i64,
    share: bool,
) -> Result<(), DbError> {
    crate::db::transaction(conn, |conn| {
        store::set_sharing(conn, user_id, share)?;
        crate::auth::service::record_consent(
            conn,
            user_id,
            INSTITUTE_SHARING,
            "1",
            share,
            chrono::Utc::now().naive_utc(),
        )
    })
}

/// Whether the student lets her institute see her applications (`None` without a profile).
pub fn institute_sharing(conn: &mut DbConnection, user_id: i64) -> Result<Option<bool>, DbError> {
    store::sharing_of(conn, user_id)
}
