//! Diesel statements of an account's erasure. Like the export, erasure must reach every table
//! that holds the person's data in one transaction, so the account module writes them here.

use crate::db::schema::{
    application_events, applications, audit_log, email_outbox, email_tokens, embeddings,
    employer_profiles, institute_profiles, internships, interviews, login_attempts, match_feedback,
    match_log, notifications, password_history, refresh_tokens, saved_internships, saved_searches,
    screening_answers, search_alert_days, student_profiles, student_resumes, student_skills,
    uploaded_files, users,
};
use crate::db::{DbConnection, DbError};
use chrono::NaiveDateTime;
use diesel::prelude::*;

/// The words of the history entry an erasure leaves on each application.
pub const ERASED_REASON: &str = "account_deleted";

/// (email, role) of a live account.
pub fn live_user(
    conn: &mut DbConnection,
    user_id: i64,
) -> Result<Option<(String, String)>, DbError> {
    Ok(users::table
        .find(user_id)
        .filter(users::deleted_at.is_null())
        .select((users::email, users::role))
        .first(conn)
        .optional()?)
}

/// Sessions, emailed links, old password hashes, notifications, saved searches, login attempts
/// and queued mail of the user.
pub fn delete_personal_rows(
    conn: &mut DbConnection,
    user_id: i64,
    email: &str,
) -> Result<(), DbError> {
    diesel::delete(refresh_tokens::table.filter(refresh_tokens::user_id.eq(user_id)))
        .execute(conn)?;
    diesel::delete(email_tokens::table.filter(email_tokens::user_id.eq(user_id))).execute(conn)?;
    diesel::delete(password_history::table.filter(password_history::user_id.eq(user_id)))
        .execute(conn)?;
    diesel::delete(notifications::table.filter(notifications::user_id.eq(user_id)))
        .execute(conn)?;
    diesel::delete(saved_searches::table.filter(saved_searches::user_id.eq(user_id)))
        .execute(conn)?;
    diesel::delete(search_alert_days::table.filter(search_alert_days::user_id.eq(user_id)))
        .execute(conn)?;
    diesel::delete(
        login_attempts::table.filter(
            login_attempts::user_id
                .eq(user_id)
                .or(login_attempts::email.eq(email)),
        ),
    )
    .execute(conn)?;
    diesel::delete(email_outbox::table.filter(email_outbox::to_address.eq(email))).execute(conn)?;
    Ok(())
}

/// The user's uploaded files: their rows are deleted, their stored names returned (the bytes go
/// once the transaction commits).
pub fn delete_files(conn: &mut DbConnection, user_id: i64) -> Result<Vec<String>, DbError> {
    let names: Vec<String> = uploaded_files::table
        .filter(uploaded_files::owner_user_id.eq(user_id))
        .select(uploaded_files::stored_name)
        .load(conn)?;
    // Rows that point at the files first (the resume, a company's logo and licence).
    let ids: Vec<i64> = uploaded_files::table
        .filter(uploaded_files::owner_user_id.eq(user_id))
        .select(uploaded_files::id)
        .load(conn)?;
    let ids: Vec<Option<i64>> = ids.into_iter().map(Some).collect();
    diesel::update(student_resumes::table.filter(student_resumes::file_id.eq_any(ids)))
        .set(student_resumes::file_id.eq(None::<i64>))
        .execute(conn)?;
    diesel::update(employer_profiles::table.filter(employer_profiles::user_id.eq(user_id)))
        .set((
            employer_profiles::logo_file_id.eq(None::<i64>),
            employer_profiles::license_file_id.eq(None::<i64>),
        ))
        .execute(conn)?;
    diesel::delete(uploaded_files::table.filter(uploaded_files::owner_user_id.eq(user_id)))
        .execute(conn)?;
    Ok(names)
}

/// The student's profile row stays (applications hang off it) with nothing personal left in it;
/// her resume, skills, saves, reactions, served lists and embedding are deleted.
pub fn erase_student_profile(conn: &mut DbConnection, student_id: i64) -> Result<(), DbError> {
    diesel::delete(student_resumes::table.filter(student_resumes::student_id.eq(student_id)))
        .execute(conn)?;
    diesel::delete(student_skills::table.filter(student_skills::student_id.eq(student_id)))
        .execute(conn)?;
    diesel::delete(saved_internships::table.filter(saved_internships::student_id.eq(student_id)))
        .execute(conn)?;
    diesel::delete(match_feedback::table.filter(match_feedback::student_id.eq(student_id)))
        .execute(conn)?;
    diesel::delete(match_log::table.filter(match_log::student_id.eq(student_id))).execute(conn)?;
    diesel::delete(
        embeddings::table
            .filter(embeddings::entity_type.eq("student"))
            .filter(embeddings::entity_id.eq(student_id)),
    )
    .execute(conn)?;
    diesel::update(student_profiles::table.find(student_id))
        .set((
            student_profiles::institute_id.eq(None::<i64>),
            student_profiles::institute_confirmed_at.eq(None::<NaiveDateTime>),
            student_profiles::phone_number.eq(None::<String>),
            student_profiles::current_city.eq(None::<String>),
            student_profiles::pincode.eq(None::<String>),
            student_profiles::district.eq(None::<String>),
            student_profiles::state.eq(None::<String>),
            student_profiles::university_name.eq(None::<String>),
            student_profiles::degree.eq(None::<String>),
            student_profiles::department.eq(None::<String>),
            student_profiles::year.eq(None::<i32>),
            student_profiles::cgpa.eq(None::<f64>),
            student_profiles::interests.eq(None::<String>),
            student_profiles::projects.eq(None::<String>),
            student_profiles::preferred_location.eq(None::<String>),
            student_profiles::apaar_id.eq(None::<String>),
            student_profiles::share_with_institute.eq(false),
        ))
        .execute(conn)?;
    Ok(())
}

pub fn student_of(conn: &mut DbConnection, user_id: i64) -> Result<Option<i64>, DbError> {
    Ok(student_profiles::table
        .filter(student_profiles::user_id.eq(user_id))
        .select(student_profiles::id)
        .first(conn)
        .optional()?)
}

/// Every application of the student becomes "withdrawn" with no cover letter, answers or
/// interviews left, and its history says why; returns (application id, status before).
pub fn withdraw_all(
    conn: &mut DbConnection,
    student_id: i64,
    now: NaiveDateTime,
) -> Result<Vec<(i64, String)>, DbError> {
    let rows: Vec<(i64, String)> = applications::table
        .filter(applications::student_id.eq(student_id))
        .select((applications::id, applications::status))
        .load(conn)?;
    let ids: Vec<i64> = rows.iter().map(|(id, _)| *id).collect();
    diesel::delete(screening_answers::table.filter(screening_answers::application_id.eq_any(&ids)))
        .execute(conn)?;
    diesel::delete(interviews::table.filter(interviews::application_id.eq_any(&ids)))
        .execute(conn)?;
    diesel::update(applications::table.filter(applications::id.eq_any(&ids)))
        .set((
            applications::status.eq("withdrawn"),
            applications::cover_letter.eq(None::<String>),
            applications::updated_at.eq(now),
        ))
        .execute(conn)?;
    for (id, status) in &rows {
        diesel::insert_into(application_events::table)
            .values((
                application_events::application_id.eq(id),
                application_events::from_status.eq(Some(status)),
                application_events::to_status.eq("withdrawn"),
                application_events::actor_user_id.eq(None::<i64>),
                application_events::reason.eq(Some(ERASED_REASON)),
                application_events::created_at.eq(now),
            ))
            .execute(conn)?;
    }
    Ok(rows)
}

/// Closes an employer's open postings; returns (internship id, title).
pub fn close_postings(
    conn: &mut DbConnection,
    user_id: i64,
) -> Result<Vec<(i64, String)>, DbError> {
    let employer = employer_profiles::table
        .filter(employer_profiles::user_id.eq(user_id))
        .select(employer_profiles::id);
    let open: Vec<(i64, String)> = internships::table
        .filter(internships::employer_id.eq_any(employer))
        .filter(internships::status.eq_any(["active", "draft"]))
        .select((internships::id, internships::title))
        .load(conn)?;
    let ids: Vec<i64> = open.iter().map(|(id, _)| *id).collect();
    diesel::update(internships::table.filter(internships::id.eq_any(&ids)))
        .set((
            internships::status.eq("closed"),
            // Every instance's catalogue refresh looks for changed rows by `updated_at`.
            internships::updated_at.eq(chrono::Utc::now().naive_utc()),
        ))
        .execute(conn)?;
    Ok(open)
}

/// Students (user ids) with an application under way to one of these internships.
pub fn open_applicants(
    conn: &mut DbConnection,
    internship_ids: &[i64],
) -> Result<Vec<(i64, i64)>, DbError> {
    Ok(applications::table
        .inner_join(student_profiles::table)
        .filter(applications::internship_id.eq_any(internship_ids))
        .filter(applications::status.eq_any(crate::application::model::Status::open_names()))
        .select((applications::id, student_profiles::user_id))
        .load(conn)?)
}

/// The company or institute stays (students' histories name it) without its contact person.
pub fn erase_organisation_contact(conn: &mut DbConnection, user_id: i64) -> Result<(), DbError> {
    diesel::update(employer_profiles::table.filter(employer_profiles::user_id.eq(user_id)))
        .set((
            employer_profiles::contact_number.eq(""),
            employer_profiles::designation.eq(None::<String>),
        ))
        .execute(conn)?;
    diesel::update(institute_profiles::table.filter(institute_profiles::user_id.eq(user_id)))
        .set(institute_profiles::contact_number.eq(""))
        .execute(conn)?;
    Ok(())
}

/// Students confirmed by (or linked to) the institute of this user.
pub fn institute_students(conn: &mut DbConnection, user_id: i64) -> Result<Vec<i64>, DbError> {
    let Some(institute) = institute_profiles::table
        .filter(institute_profiles::user_id.eq(user_id))
        .select(institute_profiles::id)
        .first::<i64>(conn)
        .optional()?
    else {
        return Ok(Vec::new());
    };
    Ok(student_profiles::table
        .filter(student_profiles::institute_id.eq(institute))
        .select(student_profiles::user_id)
        .load(conn)?)
}

/// The account row stays as a tombstone: no name, an address no one can own, no usable password.
pub fn tombstone_user(
    conn: &mut DbConnection,
    user_id: i64,
    now: NaiveDateTime,
) -> Result<(), DbError> {
    diesel::update(users::table.find(user_id))
        .set((
            users::email.eq(tombstone_email(user_id)),
            users::full_name.eq(""),
            // Not a bcrypt hash: no password can ever match it.
            users::password_hash.eq("!erased"),
            users::suspended_reason.eq(None::<String>),
            users::locked_until.eq(None::<NaiveDateTime>),
            users::deleted_at.eq(Some(now)),
            users::updated_at.eq(now),
        ))
        .execute(conn)?;
    Ok(())
}

/// The address of an erased account (under `.invalid`, which no one can register).
pub fn tombstone_email(user_id: i64) -> String {
    format!("erased-{user_id}@erased.invalid")
}

/// The audit log keeps what happened, not who: the actor's address becomes a pseudonym.
pub fn pseudonymise_audit(
    conn: &mut DbConnection,
    user_id: i64,
    email: &str,
) -> Result<(), DbError> {
    let pseudonym = format!("user-{user_id}");
    diesel::update(
        audit_log::table.filter(
            audit_log::actor_user_id
                .eq(user_id)
                .or(audit_log::actor_email.eq(email)),
        ),
    )
    .set((
        audit_log::actor_email.eq(Some(&pseudonym)),
        audit_log::ip.eq(None::<String>),
    ))
    .execute(conn)?;
    // Details that quote the address (a failed login names what was typed).
    diesel::update(audit_log::table.filter(audit_log::detail.eq(email)))
        .set(audit_log::detail.eq(Some(&pseudonym)))
        .execute(conn)?;
    Ok(())
}
