//! Rules of consent: which version of the privacy notice a user accepted (at sign-up, and again
//! when the notice changes), and whether a student lets her institute see her applications.

use super::store;
use crate::db::{DbConnection, DbError};

/// The consent to the privacy notice.
pub const PRIVACY_NOTICE: &str = "privacy_notice";

/// Records that the user accepted `version` of the privacy notice (sign-up, or the re-ask).
pub fn accept_privacy_notice(
    conn: &mut DbConnection,
    user_id: i64,
    version: &str,
) -> Result<(), DbError> {
    store::record_consent(
        conn,
        user_id,
        PRIVACY_NOTICE,
        version,
        true,
        chrono::Utc::now().naive_utc(),
    )
}

/// Whether the user has yet to accept this `version` of the notice.
pub fn needs_privacy_consent(
    conn: &mut DbConnection,
    user_id: i64,
    version: &str,
) -> Result<bool, DbError> {
    Ok(!matches!(
        store::latest_consent(conn, user_id, PRIVACY_NOTICE)?,
        Some((accepted, true)) if accepted == version
    ))
}

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
        store::record_consent(
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
