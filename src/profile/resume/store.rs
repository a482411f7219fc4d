//! Diesel queries of the resume: its row, the uploaded file's metadata, and who may see a file.

use super::model::*;
use crate::db::schema::{
    applications, employer_profiles, internships, student_profiles, student_resumes,
};
use crate::db::{DbConnection, DbError};
use diesel::prelude::*;

pub const PURPOSE: &str = "resume";

pub fn resume_of(
    conn: &mut DbConnection,
    student_id: i64,
) -> Result<Option<StudentResume>, DbError> {
    Ok(student_resumes::table
        .filter(student_resumes::student_id.eq(student_id))
        .select(StudentResume::as_select())
        .first(conn)
        .optional()?)
}

/// The resume and its file, if the student has a resume.
pub fn view_of(conn: &mut DbConnection, student_id: i64) -> Result<Option<ResumeView>, DbError> {
    let Some(resume) = resume_of(conn, student_id)? else {
        return Ok(None);
    };
    let file = match resume.file_id {
        Some(id) => crate::files::find(conn, id)?,
        None => None,
    };
    Ok(Some(ResumeView { resume, file }))
}

/// Saves the structured fields, creating the row when the student has none yet.
pub fn save_fields(
    conn: &mut DbConnection,
    student_id: i64,
    changes: &ResumeChanges,
) -> Result<(), DbError> {
    let updated =
        diesel::update(student_resumes::table.filter(student_resumes::student_id.eq(student_id)))
            .set(changes)
            .execute(conn)?;
    if updated == 0 {
        // Another request may insert the row between our update and this insert.
        crate::on_backend!(conn, |c| diesel::insert_into(student_resumes::table)
            .values((changes, student_resumes::student_id.eq(student_id)))
            .on_conflict(student_resumes::student_id)
            .do_update()
            .set(changes)
            .execute(c))?;
    }
    Ok(())
}

/// Points the resume at a file (or none) with the text read from it, creating the row if needed.
pub fn set_file(
    conn: &mut DbConnection,
    student_id: i64,
    file_id: Option<i64>,
    extracted_text: Option<&str>,
) -> Result<(), DbError> {
    let now = chrono::Utc::now().naive_utc();
    let updated =
        diesel::update(student_resumes::table.filter(student_resumes::student_id.eq(student_id)))
            .set((
                student_resumes::file_id.eq(file_id),
                student_resumes::extracted_text.eq(extracted_text),
                student_resumes::updated_at.eq(now),
            ))
            .execute(conn)?;
    if updated == 0 {
        crate::on_backend!(conn, |c| diesel::insert_into(student_resumes::table)
            .values((
                student_resumes::student_id.eq(student_id),
                student_resumes::file_id.eq(file_id),
                student_resumes::extracted_text.eq(extracted_text),
                student_resumes::updated_at.eq(now),
            ))
            .on_conflict(student_resumes::student_id)
            .do_update()
            .set((
                student_resumes::file_id.eq(file_id),
                student_resumes::extracted_text.eq(extracted_text),
                student_resumes::updated_at.eq(now),
            ))
            .execute(c))?;
    }
    Ok(())
}

/// The student profile whose resume uses a file.
pub fn student_of_file(conn: &mut DbConnection, file_id: i64) -> Result<Option<i64>, DbError> {
    Ok(student_resumes::table
        .filter(student_resumes::file_id.eq(file_id))
        .select(student_resumes::student_id)
        .first(conn)
        .optional()?)
}

/// Whether the student applied to an internship of the employer signed in as `user_id`.
pub fn applied_to_employer(
    conn: &mut DbConnection,
    student_id: i64,
    user_id: i64,
) -> Result<bool, DbError> {
    let n: i64 = applications::table
        .inner_join(internships::table.inner_join(employer_profiles::table))
        .filter(applications::student_id.eq(student_id))
        // A withdrawn application no longer opens the student's resume to the employer.
        .filter(applications::status.ne("withdrawn"))
        .filter(employer_profiles::user_id.eq(user_id))
        .count()
        .get_result(conn)?;
    Ok(n > 0)
}

/// The student profile of a user, created empty (work mode "any") when missing: a student may
/// start with the resume, and the resume row hangs off the profile.
pub fn ensure_student(conn: &mut DbConnection, user_id: i64) -> Result<i64, DbError> {
    if let Some(id) = student_profiles::table
        .filter(student_profiles::user_id.eq(user_id))
        .select(student_profiles::id)
        .first::<i64>(conn)
        .optional()?
    {
        return Ok(id);
    }
    let now = chrono::Utc::now().naive_utc();
    // Two requests may both find no profile: the second insert does nothing, and both read
    // the one row.
    crate::on_backend!(conn, |c| diesel::insert_into(student_profiles::table)
        .values((
            student_profiles::user_id.eq(user_id),
            student_profiles::work_mode.eq("any"),
            student_profiles::willing_to_relocate.eq(false),
            student_profiles::created_at.eq(now),
            student_profiles::updated_at.eq(now),
        ))
        .on_conflict(student_profiles::user_id)
        .do_nothing()
        .execute(c))?;
    Ok(student_profiles::table
        .filter(student_profiles::user_id.eq(user_id))
        .select(student_profiles::id)
        .first(conn)?)
}
