//! Rules of the admin area. Every decision is audited.

use crate::audit::{self, Event, Outcome};
use crate::db::{DbConnection, DbError};
use crate::profile::store as profiles;

/// Approves or rejects an employer's company; `false` when no such employer exists.
pub fn decide_employer(
    conn: &mut DbConnection,
    admin_id: i64,
    employer_id: i64,
    approve: bool,
    reason: Option<&str>,
) -> Result<bool, DbError> {
    crate::db::transaction(conn, |conn| {
        let status = if approve { "approved" } else { "rejected" };
        if profiles::set_employer_status(
            conn,
            employer_id,
            status,
            reason.filter(|r| !r.is_empty()),
        )? == 0
        {
            return Ok(false);
        }
        let action = if approve {
            "employer_approved"
        } else {
            "employer_rejected"
        };
        audit::record(
            conn,
            Event::new(action, Outcome::Success)
                .actor(Some(admin_id), "")
                .target("employer", employer_id)
                .detail(reason.unwrap_or("")),
        )?;
        Ok(true)
    })
}

/// Suspends or restores a user (never an admin); ends a suspended user's sessions at once.
pub fn set_suspended(
    conn: &mut DbConnection,
    admin_id: i64,
    user_id: i64,
    suspended: bool,
    reason: &str,
) -> Result<bool, DbError> {
    crate::db::transaction(conn, |conn| {
        let reason = Some(reason).filter(|r| !r.is_empty());
        if super::store::set_suspended(conn, user_id, suspended, reason)? == 0 {
            return Ok(false);
        }
        if suspended {
            crate::auth::store::revoke_all_sessions(
                conn,
                user_id,
                "suspended by an administrator",
                chrono::Utc::now().naive_utc(),
            )?;
        }
        let action = if suspended {
            "user_suspended"
        } else {
            "user_restored"
        };
        audit::record(
            conn,
            Event::new(action, Outcome::Success)
                .actor(Some(admin_id), "")
                .target("user", user_id)
                .detail(reason.unwrap_or("")),
        )?;
        Ok(true)
    })
}
