//! Rules of erasure (DPDP Act 2023, right to erasure): the account's personal data goes, what
//! others rely on stays without it. A student's applications remain on the employer's list as
//! "withdrawn, candidate deleted their account"; an employer's postings close and their
//! applicants are told; an institute's students are told. The email address can sign up again.

use super::erase_store as erase;
use crate::audit::{self, Event, Outcome};
use crate::db::{DbConnection, DbError};
use crate::web::i18n::Msg;

#[derive(Debug, thiserror::Error)]
pub enum EraseError {
    #[error("wrong password")]
    WrongPassword,
    #[error("not found")]
    NotFound,
    #[error(transparent)]
    Db(#[from] DbError),
}

impl From<diesel::result::Error> for EraseError {
    fn from(e: diesel::result::Error) -> Self {
        EraseError::Db(e.into())
    }
}

/// What is left to delete on disk once the erasure committed.
#[derive(Debug, Default)]
pub struct Leftovers {
    pub uploads: Vec<String>,
    pub exports: Vec<String>,
}

/// Erases the account of `user_id` after checking its password again.
pub fn erase_account(
    conn: &mut DbConnection,
    auth: &crate::auth::service::AuthConfig,
    user_id: i64,
    password: &str,
) -> Result<Leftovers, EraseError> {
    if !crate::auth::service::password_matches(conn, auth, user_id, password)? {
        return Err(EraseError::WrongPassword);
    }
    crate::db::transaction(conn, |conn| {
        let Some((email, role)) = erase::live_user(conn, user_id)? else {
            return Err(EraseError::NotFound);
        };
        let now = chrono::Utc::now().naive_utc();
        match role.as_str() {
            "student" => erase_student(conn, user_id, now)?,
            "employer" => close_company(conn, user_id)?,
            "institute" => leave_institute(conn, user_id)?,
            _ => {}
        }
        erase::erase_organisation_contact(conn, user_id)?;
        let leftovers = Leftovers {
            uploads: erase::delete_files(conn, user_id)?,
            exports: super::store::delete_exports_of(conn, user_id)?,
        };
        erase::delete_personal_rows(conn, user_id, &email)?;
        erase::pseudonymise_audit(conn, user_id, &email)?;
        erase::tombstone_user(conn, user_id, now)?;
        audit::record(
            conn,
            Event::new("account_erased", Outcome::Success)
                .actor(Some(user_id), &format!("user-{user_id}"))
                .target("user", user_id)
                .detail(&role),
        )?;
        Ok(leftovers)
    })
}

fn erase_student(
    conn: &mut DbConnection,
    user_id: i64,
    now: chrono::NaiveDateTime,
) -> Result<(), DbError> {
    let Some(student) = erase::student_of(conn, user_id)? else {
        return Ok(());
    };
    erase::withdraw_all(conn, student, now)?;
    erase::erase_student_profile(conn, student)
}

/// The company's postings close; students whose applications were under way are told.
fn close_company(conn: &mut DbConnection, user_id: i64) -> Result<(), DbError> {
    let closed = erase::close_postings(conn, user_id)?;
    let ids: Vec<i64> = closed.iter().map(|(id, _)| *id).collect();
    for (application_id, student_user) in erase::open_applicants(conn, &ids)? {
        crate::notify::notify(
            conn,
            student_user,
            "internship",
            &Msg::new("notice.employer_left"),
            Some(&format!("/applications/{application_id}")),
        )?;
    }
    for (internship_id, _) in closed {
        crate::matching::service::internship_changed(conn, internship_id)?;
    }
    Ok(())
}

/// The institute's students learn it left; their link to it stays as history.
fn leave_institute(conn: &mut DbConnection, user_id: i64) -> Result<(), DbError> {
    for student_user in erase::institute_students(conn, user_id)? {
        crate::notify::notify(
            conn,
            student_user,
            "institute",
            &Msg::new("notice.institute_left"),
            Some("/profile"),
        )?;
    }
    Ok(())
}
