//! Rules of the admin area. Every decision is audited.

use crate::audit::{self, Event, Outcome};
use crate::db::{DbConnection, DbError};
use crate::profile::service as profiles;
use crate::web::i18n::Msg;

/// Everything the admin dashboard shows, in a handful of grouped counts.
pub fn platform_stats(conn: &mut DbConnection) -> Result<super::model::PlatformStats, DbError> {
    use super::model::PlatformStats;
    use super::store;
    let (unverified, suspended) = store::unverified_and_suspended(conn)?;
    Ok(PlatformStats {
        users: store::count_users(conn)?,
        users_by_role: store::users_by_role(conn)?,
        unverified,
        suspended,
        employers: store::employers_by_verification(conn)?,
        institutes: store::institutes_by_verification(conn)?,
        internships: store::internships_by_status(conn)?,
        applications: store::applications_by_status(conn)?,
        jobs: store::jobs_by_status(conn)?,
        emails: store::emails_by_status(conn)?,
    })
}

/// Approves or rejects an employer's company; `false` when no such employer exists. With
/// `tell_at` (the app's base URL) the employer is told in the app and by email; demo seeding
/// passes `None`.
pub fn decide_employer(
    conn: &mut DbConnection,
    admin_id: i64,
    employer_id: i64,
    approve: bool,
    reason: Option<&str>,
    tell_at: Option<&str>,
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
        if let Some(base_url) = tell_at {
            let reason = reason.filter(|r| !r.is_empty());
            crate::profile::service::tell_employer_decision(
                conn,
                employer_id,
                approve,
                reason,
                base_url,
            )?;
        }
        Ok(true)
    })
}

/// Approves or rejects an institute's AISHE code; the institute is told in the app and by
/// email. `false` when no such institute exists.
pub fn decide_institute(
    conn: &mut DbConnection,
    admin_id: i64,
    institute_id: i64,
    approve: bool,
    reason: Option<&str>,
    base_url: &str,
) -> Result<bool, DbError> {
    crate::db::transaction(conn, |conn| {
        let status = if approve { "approved" } else { "rejected" };
        let reason = reason.filter(|r| !r.is_empty());
        if crate::institute::service::set_status(conn, institute_id, status, reason)? == 0 {
            return Ok(false);
        }
        let action = if approve {
            "institute_approved"
        } else {
            "institute_rejected"
        };
        audit::record(
            conn,
            Event::new(action, Outcome::Success)
                .actor(Some(admin_id), "")
                .target("institute", institute_id)
                .detail(reason.unwrap_or("")),
        )?;
        crate::institute::service::tell_decision(conn, institute_id, approve, reason, base_url)?;
        Ok(true)
    })
}

/// Suspends or restores a user (never an admin); ends a suspended user's sessions at once. A
/// suspended company's open applications and offers are closed and each student told why (as
/// a taken-down posting tells its applicants), in the same transaction.
pub fn set_suspended(
    conn: &mut DbConnection,
    admin_id: i64,
    user_id: i64,
    suspended: bool,
    reason: &str,
    base_url: &str,
) -> Result<bool, DbError> {
    crate::db::transaction(conn, |conn| {
        let reason = Some(reason).filter(|r| !r.is_empty());
        if super::store::set_suspended(conn, user_id, suspended, reason)? == 0 {
            return Ok(false);
        }
        // A suspended company's postings leave search and recommendations (and come back
        // with it).
        crate::profile::service::touch_employer_of(conn, user_id)?;
        if suspended {
            crate::auth::service::revoke_all_sessions(
                conn,
                user_id,
                "suspended by an administrator",
                chrono::Utc::now().naive_utc(),
            )?;
            crate::application::offers::closing::close_for_suspended_company(
                conn, user_id, admin_id, reason, base_url,
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

/// Takes an internship down (it disappears from search, recommendations and its page) or puts
/// it back up; audited, and the employer is told why. `false` when no such internship exists.
pub fn moderate_internship(
    conn: &mut DbConnection,
    admin_id: i64,
    internship_id: i64,
    take_down: bool,
    reason: &str,
) -> Result<bool, DbError> {
    crate::db::transaction(conn, |conn| {
        let Some((title, status, employer_user)) =
            super::store::internship_owner(conn, internship_id)?
        else {
            return Ok(false);
        };
        let action = if take_down {
            "internship_taken_down"
        } else {
            "internship_restored"
        };
        // Nothing to do: taking down what is down, or relisting what was never taken down.
        let unchanged = (status == "taken_down") == take_down;
        if unchanged {
            return Ok(true);
        }
        if take_down {
            crate::internship::service::take_down(conn, internship_id, reason)?;
        } else {
            // Back as it was: a posting its employer had closed stays closed.
            crate::internship::service::restore(conn, internship_id)?;
        }
        crate::matching::service::internship_changed(conn, internship_id)?;
        audit::record(
            conn,
            Event::new(action, Outcome::Success)
                .actor(Some(admin_id), "")
                .target("internship", internship_id)
                .detail(reason),
        )?;
        let message = match (take_down, reason.is_empty()) {
            (true, true) => Msg::new("notice.taken_down").with("title", &title),
            (true, false) => Msg::new("notice.taken_down_reason")
                .with("title", &title)
                .with("reason", reason),
            (false, _) => Msg::new("notice.relisted").with("title", &title),
        };
        crate::notify::notify(
            conn,
            employer_user,
            "internship",
            &message,
            Some("/employer/internships"),
        )?;
        // Students whose applications are under way learn why the posting vanished.
        let to_students = if take_down {
            Msg::new("notice.applied_taken_down").with("title", &title)
        } else {
            Msg::new("notice.applied_relisted").with("title", &title)
        };
        for (application_id, student_user) in
            crate::application::service::open_applicants(conn, internship_id)?
        {
            crate::notify::notify(
                conn,
                student_user,
                "internship",
                &to_students,
                Some(&format!("/applications/{application_id}")),
            )?;
        }
        Ok(true)
    })
}
