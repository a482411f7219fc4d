//! Diesel queries that gather everything held about one user for the data export. The account
//! module reads the other modules' tables here (read-only) because an export must see all of
//! them at once, in one transaction, whatever module owns the rows.

use super::model::*;
use crate::db::schema::{
    application_events, applications, consents, employer_profiles, institute_profiles, internships,
    interviews, notifications, saved_internships, saved_searches, screening_answers,
    screening_questions, skills, student_profiles, student_resumes, student_skills, uploaded_files,
    users,
};
use crate::db::{DbConnection, DbError};
use diesel::prelude::*;

pub fn account(conn: &mut DbConnection, user_id: i64) -> Result<Option<AccountExport>, DbError> {
    Ok(users::table
        .find(user_id)
        .select(AccountExport::as_select())
        .first(conn)
        .optional()?)
}

pub fn student_profile(
    conn: &mut DbConnection,
    user_id: i64,
) -> Result<Option<StudentProfileExport>, DbError> {
    Ok(student_profiles::table
        .filter(student_profiles::user_id.eq(user_id))
        .select(StudentProfileExport::as_select())
        .first(conn)
        .optional()?)
}

pub fn skills_of(conn: &mut DbConnection, student_id: i64) -> Result<Vec<String>, DbError> {
    Ok(student_skills::table
        .inner_join(skills::table)
        .filter(student_skills::student_id.eq(student_id))
        .order(skills::display_name.asc())
        .select(skills::display_name)
        .load(conn)?)
}

pub fn resume(conn: &mut DbConnection, student_id: i64) -> Result<Option<ResumeExport>, DbError> {
    Ok(student_resumes::table
        .filter(student_resumes::student_id.eq(student_id))
        .select(ResumeExport::as_select())
        .first(conn)
        .optional()?)
}

/// The student's applications with the internship's title and company name.
pub fn applications(
    conn: &mut DbConnection,
    student_id: i64,
) -> Result<Vec<(ApplicationRow, String, String)>, DbError> {
    Ok(applications::table
        .inner_join(internships::table.inner_join(employer_profiles::table))
        .filter(applications::student_id.eq(student_id))
        .order(applications::id.asc())
        .select((
            ApplicationRow::as_select(),
            internships::title,
            employer_profiles::company_name,
        ))
        .load(conn)?)
}

pub fn events(conn: &mut DbConnection, ids: &[i64]) -> Result<Vec<EventExport>, DbError> {
    Ok(application_events::table
        .filter(application_events::application_id.eq_any(ids))
        .order(application_events::id.asc())
        .select(EventExport::as_select())
        .load(conn)?)
}

pub fn answers(conn: &mut DbConnection, ids: &[i64]) -> Result<Vec<AnswerExport>, DbError> {
    let rows: Vec<(i64, String, String)> = screening_answers::table
        .inner_join(screening_questions::table)
        .filter(screening_answers::application_id.eq_any(ids))
        .order((
            screening_answers::application_id.asc(),
            screening_questions::position.asc(),
        ))
        .select((
            screening_answers::application_id,
            screening_questions::question,
            screening_answers::answer,
        ))
        .load(conn)?;
    Ok(rows
        .into_iter()
        .map(|(application_id, question, answer)| AnswerExport {
            application_id,
            question,
            answer,
        })
        .collect())
}

pub fn interviews(conn: &mut DbConnection, ids: &[i64]) -> Result<Vec<InterviewExport>, DbError> {
    Ok(interviews::table
        .filter(interviews::application_id.eq_any(ids))
        .order(interviews::id.asc())
        .select(InterviewExport::as_select())
        .load(conn)?)
}

pub fn saved(conn: &mut DbConnection, student_id: i64) -> Result<Vec<SavedExport>, DbError> {
    let rows: Vec<(i64, String, chrono::NaiveDateTime)> = saved_internships::table
        .inner_join(internships::table)
        .filter(saved_internships::student_id.eq(student_id))
        .order(saved_internships::created_at.asc())
        .select((
            saved_internships::internship_id,
            internships::title,
            saved_internships::created_at,
        ))
        .load(conn)?;
    Ok(rows
        .into_iter()
        .map(|(internship_id, title, saved_at)| SavedExport {
            internship_id,
            title,
            saved_at,
        })
        .collect())
}

pub fn saved_searches(
    conn: &mut DbConnection,
    user_id: i64,
) -> Result<Vec<SavedSearchExport>, DbError> {
    Ok(saved_searches::table
        .filter(saved_searches::user_id.eq(user_id))
        .order(saved_searches::id.asc())
        .select(SavedSearchExport::as_select())
        .load(conn)?)
}

pub fn notifications(
    conn: &mut DbConnection,
    user_id: i64,
) -> Result<Vec<NotificationRow>, DbError> {
    Ok(notifications::table
        .filter(notifications::user_id.eq(user_id))
        .order(notifications::id.asc())
        .select(NotificationRow::as_select())
        .load(conn)?)
}

pub fn consents(conn: &mut DbConnection, user_id: i64) -> Result<Vec<ConsentExport>, DbError> {
    Ok(consents::table
        .filter(consents::user_id.eq(user_id))
        .order(consents::id.asc())
        .select(ConsentExport::as_select())
        .load(conn)?)
}

pub fn files(conn: &mut DbConnection, user_id: i64) -> Result<Vec<FileExport>, DbError> {
    Ok(uploaded_files::table
        .filter(uploaded_files::owner_user_id.eq(user_id))
        .order(uploaded_files::id.asc())
        .select(FileExport::as_select())
        .load(conn)?)
}

pub fn employer_profile(
    conn: &mut DbConnection,
    user_id: i64,
) -> Result<Option<EmployerProfileExport>, DbError> {
    Ok(employer_profiles::table
        .filter(employer_profiles::user_id.eq(user_id))
        .select(EmployerProfileExport::as_select())
        .first(conn)
        .optional()?)
}

pub fn institute_profile(
    conn: &mut DbConnection,
    user_id: i64,
) -> Result<Option<InstituteProfileExport>, DbError> {
    Ok(institute_profiles::table
        .filter(institute_profiles::user_id.eq(user_id))
        .select(InstituteProfileExport::as_select())
        .first(conn)
        .optional()?)
}
