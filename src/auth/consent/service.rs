//! Rules of consent: which version of the privacy notice a user accepted (at sign-up, and again
//! when the notice changes).

use super::store;
use crate::db::{DbConnection, DbError};

pub use super::store::record_consent;

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

/// Where a user who has yet to accept the current notice goes before `next`.
pub fn consent_path(next: &str) -> String {
    let next: String = url::form_urlencoded::byte_serialize(next.as_bytes()).collect();
    format!("/privacy/consent?next={next}")
}
