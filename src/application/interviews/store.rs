//! Diesel queries of interviews: proposing, confirming and listing them, and who takes part
//! (for their calendars). The slots students book are in `slot_store.rs`.

use crate::db::schema::{
    applications, employer_profiles, internships, interviews, student_profiles, users,
};
use crate::db::{DbConnection, DbError};
use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::model::InterviewParties;
use crate::application::model::Interview;

/// One interview with who takes part: the student, the company and its owner, the posting.
pub fn parties(
    conn: &mut DbConnection,
    interview_id: i64,
) -> Result<Option<InterviewParties>, DbError> {
    let row: Option<(Interview, i64, i64, i64, String, String, i64)> = interviews::table
        .inner_join(
            applications::table.inner_join(internships::table.inner_join(employer_profiles::table)),
        )
        .filter(interviews::id.eq(interview_id))
        .select((
            Interview::as_select(),
            applications::student_id,
            applications::internship_id,
            internships::employer_id,
            internships::title,
            employer_profiles::company_name,
            employer_profiles::user_id,
        ))
        .first(conn)
        .optional()?;
    let Some((interview, student_id, internship_id, employer_id, title, company, owner)) = row
    else {
        return Ok(None);
    };
    let student: Option<(i64, String, String)> = student_profiles::table
        .inner_join(users::table)
        .filter(student_profiles::id.eq(student_id))
        .select((users::id, users::full_name, users::email))
        .first(conn)
        .optional()?;
    let organizer: Option<(String, String)> = users::table
        .find(owner)
        .select((users::full_name, users::email))
        .first(conn)
        .optional()?;
    let (Some(student), Some(organizer)) = (student, organizer) else {
        return Ok(None);
    };
    Ok(Some(InterviewParties {
        interview,
        internship_id,
        employer_id,
        title,
        company,
        owner_user_id: owner,
        student_user_id: student.0,
        student_name: student.1,
        student_email: student.2,
        organizer_email: organizer.1,
    }))
}

/// Changes an interview's time and place; its sequence grows and the student's answer resets.
#[allow(clippy::too_many_arguments)]
pub fn reschedule(
    conn: &mut DbConnection,
    interview_id: i64,
    when: NaiveDateTime,
    minutes: i32,
    mode: &str,
    place: Option<&str>,
    notes: Option<&str>,
    now: NaiveDateTime,
) -> Result<bool, DbError> {
    let changed = diesel::update(
        interviews::table
            .find(interview_id)
            .filter(interviews::status.eq_any(["proposed", "confirmed"])),
    )
    .set((
        interviews::scheduled_at.eq(when),
        interviews::duration_minutes.eq(minutes),
        interviews::mode.eq(mode),
        interviews::location_or_link.eq(place),
        interviews::notes.eq(notes),
        interviews::status.eq("proposed"),
        interviews::response.eq(None::<String>),
        interviews::response_note.eq(None::<String>),
        interviews::sequence.eq(interviews::sequence + 1),
        interviews::updated_at.eq(now),
    ))
    .execute(conn)?;
    Ok(changed == 1)
}

/// Moves an interview from one of `from` to `to` with the student's answer, raising its
/// sequence; `false` when it was in none of `from` (answered or cancelled meanwhile).
pub fn set_state(
    conn: &mut DbConnection,
    interview_id: i64,
    from: &[&str],
    to: &str,
    response: Option<(&str, Option<&str>)>,
    now: NaiveDateTime,
) -> Result<bool, DbError> {
    let target = interviews::table
        .find(interview_id)
        .filter(interviews::status.eq_any(from.to_vec()));
    let changed = match response {
        Some((response, note)) => diesel::update(target)
            .set((
                interviews::status.eq(to),
                interviews::response.eq(Some(response)),
                interviews::response_note.eq(note),
                interviews::sequence.eq(interviews::sequence + 1),
                interviews::updated_at.eq(now),
            ))
            .execute(conn)?,
        None => diesel::update(target)
            .set((
                interviews::status.eq(to),
                interviews::sequence.eq(interviews::sequence + 1),
                interviews::updated_at.eq(now),
            ))
            .execute(conn)?,
    };
    Ok(changed == 1)
}

/// The status of one of an application's interviews (`None`: no such interview).
pub fn interview_status(
    conn: &mut DbConnection,
    interview_id: i64,
    application_id: i64,
) -> Result<Option<String>, DbError> {
    Ok(interviews::table
        .find(interview_id)
        .filter(interviews::application_id.eq(application_id))
        .select(interviews::status)
        .first(conn)
        .optional()?)
}

pub fn interviews_of(
    conn: &mut DbConnection,
    application_ids: &[i64],
) -> Result<Vec<Interview>, DbError> {
    Ok(interviews::table
        .filter(interviews::application_id.eq_any(application_ids))
        .order(interviews::scheduled_at.asc())
        .select(Interview::as_select())
        .load(conn)?)
}

#[allow(clippy::too_many_arguments)]
pub fn insert_interview(
    conn: &mut DbConnection,
    application_id: i64,
    scheduled_at: NaiveDateTime,
    duration_minutes: i32,
    mode: &str,
    location_or_link: Option<&str>,
    notes: Option<&str>,
    now: NaiveDateTime,
) -> Result<i64, DbError> {
    Ok(diesel::insert_into(interviews::table)
        .values((
            interviews::application_id.eq(application_id),
            interviews::scheduled_at.eq(scheduled_at),
            interviews::duration_minutes.eq(duration_minutes),
            interviews::mode.eq(mode),
            interviews::location_or_link.eq(location_or_link),
            interviews::notes.eq(notes),
            interviews::status.eq("proposed"),
            interviews::created_at.eq(now),
            interviews::updated_at.eq(now),
        ))
        .returning(interviews::id)
        .get_result(conn)?)
}

/// The student's side of a proposed interview: confirmed (or nothing when it is not theirs).
pub fn confirm_interview(
    conn: &mut DbConnection,
    interview_id: i64,
    application_id: i64,
    now: NaiveDateTime,
) -> Result<bool, DbError> {
    let changed = diesel::update(
        interviews::table
            .find(interview_id)
            .filter(interviews::application_id.eq(application_id))
            .filter(interviews::status.eq("proposed")),
    )
    .set((
        interviews::status.eq("confirmed"),
        interviews::sequence.eq(interviews::sequence + 1),
        interviews::updated_at.eq(now),
    ))
    .execute(conn)?;
    Ok(changed == 1)
}
