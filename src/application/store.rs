//! Diesel queries of the application module.

use super::model::*;
use crate::db::schema::{
    application_events, applications, employer_profiles, internships, screening_answers,
    screening_questions, student_profiles, users,
};
use crate::db::{DbConnection, DbError};
use chrono::NaiveDateTime;
use diesel::prelude::*;

/// The screening questions of an internship, in order, with their model answers.
pub fn questions(conn: &mut DbConnection, internship_id: i64) -> Result<Vec<Question>, DbError> {
    let rows: Vec<(i64, i32, String, Option<String>)> = screening_questions::table
        .filter(screening_questions::internship_id.eq(internship_id))
        .order(screening_questions::position.asc())
        .select((
            screening_questions::id,
            screening_questions::position,
            screening_questions::question,
            screening_questions::model_answer,
        ))
        .load(conn)?;
    Ok(rows
        .into_iter()
        .map(|(id, position, question, model_answer)| Question {
            id,
            position,
            question,
            model_answer,
        })
        .collect())
}

pub fn insert(
    conn: &mut DbConnection,
    student_id: i64,
    internship_id: i64,
    cover_letter: Option<&str>,
    now: NaiveDateTime,
) -> Result<i64, DbError> {
    Ok(diesel::insert_into(applications::table)
        .values((
            applications::student_id.eq(student_id),
            applications::internship_id.eq(internship_id),
            applications::status.eq(Status::Submitted.as_str()),
            applications::cover_letter.eq(cover_letter),
            applications::applied_at.eq(now),
            applications::updated_at.eq(now),
        ))
        .returning(applications::id)
        .get_result(conn)?)
}

pub fn insert_answer(
    conn: &mut DbConnection,
    application_id: i64,
    question_id: i64,
    answer: &str,
) -> Result<(), DbError> {
    diesel::insert_into(screening_answers::table)
        .values((
            screening_answers::application_id.eq(application_id),
            screening_answers::question_id.eq(question_id),
            screening_answers::answer.eq(answer),
        ))
        .execute(conn)?;
    Ok(())
}

pub fn insert_event(
    conn: &mut DbConnection,
    application_id: i64,
    from: Option<Status>,
    to: Status,
    actor_user_id: i64,
    reason: Option<&str>,
    now: NaiveDateTime,
) -> Result<(), DbError> {
    diesel::insert_into(application_events::table)
        .values((
            application_events::application_id.eq(application_id),
            application_events::from_status.eq(from.map(Status::as_str)),
            application_events::to_status.eq(to.as_str()),
            application_events::actor_user_id.eq(Some(actor_user_id)),
            application_events::reason.eq(reason),
            application_events::created_at.eq(now),
        ))
        .execute(conn)?;
    Ok(())
}

pub fn find(conn: &mut DbConnection, id: i64) -> Result<Option<Application>, DbError> {
    Ok(applications::table
        .find(id)
        .select(Application::as_select())
        .first(conn)
        .optional()?)
}

/// Moves an application from `from` to `to`; `false` when it was no longer in `from` (another
/// request moved it first), so a transition is never applied twice or over a newer one.
pub fn set_status(
    conn: &mut DbConnection,
    id: i64,
    from: Status,
    to: Status,
    now: NaiveDateTime,
) -> Result<bool, DbError> {
    let changed = diesel::update(
        applications::table
            .find(id)
            .filter(applications::status.eq(from.as_str())),
    )
    .set((
        applications::status.eq(to.as_str()),
        applications::updated_at.eq(now),
    ))
    .execute(conn)?;
    Ok(changed == 1)
}

/// The student's application to an internship, if any.
pub fn of_student_for(
    conn: &mut DbConnection,
    student_id: i64,
    internship_id: i64,
) -> Result<Option<Application>, DbError> {
    Ok(applications::table
        .filter(applications::student_id.eq(student_id))
        .filter(applications::internship_id.eq(internship_id))
        .select(Application::as_select())
        .first(conn)
        .optional()?)
}

/// A student's applications, newest first, with the internship's title and company.
pub fn by_student(conn: &mut DbConnection, student_id: i64) -> Result<Vec<MyApplication>, DbError> {
    let rows: Vec<(Application, String, String)> = applications::table
        .inner_join(internships::table.inner_join(employer_profiles::table))
        .filter(applications::student_id.eq(student_id))
        .order((applications::applied_at.desc(), applications::id.desc()))
        .select((
            Application::as_select(),
            internships::title,
            employer_profiles::company_name,
        ))
        .load(conn)?;
    Ok(rows
        .into_iter()
        .map(|(a, title, company)| MyApplication {
            id: a.id,
            internship_id: a.internship_id,
            title,
            company,
            status: a.status(),
            applied_at: a.applied_at,
            updated_at: a.updated_at,
        })
        .collect())
}

/// An internship's title and company, and the user id of the employer who owns it.
pub fn internship_summary(
    conn: &mut DbConnection,
    internship_id: i64,
) -> Result<Option<(String, String, i64)>, DbError> {
    Ok(internships::table
        .inner_join(employer_profiles::table)
        .filter(internships::id.eq(internship_id))
        .select((
            internships::title,
            employer_profiles::company_name,
            employer_profiles::user_id,
        ))
        .first(conn)
        .optional()?)
}

/// One stored screening answer with its question.
pub struct AnswerRow {
    pub id: i64,
    pub application_id: i64,
    pub question_id: i64,
    pub question: String,
    pub model_answer: Option<String>,
    pub answer: String,
}

/// Answers of many applications, in question order.
pub fn answers(
    conn: &mut DbConnection,
    application_ids: &[i64],
) -> Result<Vec<AnswerRow>, DbError> {
    let rows: Vec<(i64, i64, i64, String, Option<String>, String)> = screening_answers::table
        .inner_join(screening_questions::table)
        .filter(screening_answers::application_id.eq_any(application_ids))
        .order((
            screening_answers::application_id.asc(),
            screening_questions::position.asc(),
        ))
        .select((
            screening_answers::id,
            screening_answers::application_id,
            screening_answers::question_id,
            screening_questions::question,
            screening_questions::model_answer,
            screening_answers::answer,
        ))
        .load(conn)?;
    Ok(rows
        .into_iter()
        .map(
            |(id, application_id, question_id, question, model_answer, answer)| AnswerRow {
                id,
                application_id,
                question_id,
                question,
                model_answer,
                answer,
            },
        )
        .collect())
}

pub fn events(conn: &mut DbConnection, application_id: i64) -> Result<Vec<Event>, DbError> {
    let rows: Vec<(Option<String>, String, Option<String>, NaiveDateTime)> =
        application_events::table
            .filter(application_events::application_id.eq(application_id))
            .order((
                application_events::created_at.asc(),
                application_events::id.asc(),
            ))
            .select((
                application_events::from_status,
                application_events::to_status,
                application_events::reason,
                application_events::created_at,
            ))
            .load(conn)?;
    Ok(rows
        .into_iter()
        .map(|(from_status, to_status, reason, at)| Event {
            from_status,
            to_status,
            reason,
            at,
        })
        .collect())
}

/// Row of the applicants query: the application, the student's profile fields the list shows,
/// and the student's name and email.
pub type ApplicantRow = (
    Application,
    Option<String>,
    Option<String>,
    Option<String>,
    String,
    String,
    Option<NaiveDateTime>,
);

/// Applications of an internship (one status, or all but the withdrawn), oldest first.
pub fn applicants(
    conn: &mut DbConnection,
    internship_id: i64,
    status: Option<Status>,
) -> Result<Vec<ApplicantRow>, DbError> {
    let mut query = applications::table
        .inner_join(student_profiles::table.inner_join(users::table))
        .filter(applications::internship_id.eq(internship_id))
        .into_boxed();
    query = match status {
        Some(status) => query.filter(applications::status.eq(status.as_str())),
        None => query.filter(applications::status.ne(Status::Withdrawn.as_str())),
    };
    Ok(query
        .order((applications::applied_at.asc(), applications::id.asc()))
        .select((
            Application::as_select(),
            student_profiles::university_name,
            student_profiles::degree,
            student_profiles::current_city,
            users::full_name,
            users::email,
            users::deleted_at,
        ))
        .load(conn)?)
}

/// How many applications an internship has per status.
pub fn counts(conn: &mut DbConnection, internship_id: i64) -> Result<Vec<(String, i64)>, DbError> {
    Ok(applications::table
        .filter(applications::internship_id.eq(internship_id))
        .group_by(applications::status)
        .select((applications::status, diesel::dsl::count_star()))
        .load(conn)?)
}

/// How many applications all internships of an employer have per status.
pub fn counts_for_employer(
    conn: &mut DbConnection,
    employer_id: i64,
) -> Result<Vec<(String, i64)>, DbError> {
    Ok(applications::table
        .inner_join(internships::table)
        .filter(internships::employer_id.eq(employer_id))
        .group_by(applications::status)
        .select((applications::status, diesel::dsl::count_star()))
        .load(conn)?)
}

/// (application id, student's user id) of the internship's applications still under way.
pub fn open_applicants(
    conn: &mut DbConnection,
    internship_id: i64,
) -> Result<Vec<(i64, i64)>, DbError> {
    Ok(applications::table
        .inner_join(student_profiles::table)
        .filter(applications::internship_id.eq(internship_id))
        .filter(applications::status.eq_any(Status::open_names()))
        .select((applications::id, student_profiles::user_id))
        .load(conn)?)
}

/// The user behind a student profile: (user id, full name, email).
pub fn student_user(
    conn: &mut DbConnection,
    student_id: i64,
) -> Result<Option<(i64, String, String)>, DbError> {
    Ok(student_profiles::table
        .inner_join(users::table)
        .filter(student_profiles::id.eq(student_id))
        .select((users::id, users::full_name, users::email))
        .first(conn)
        .optional()?)
}

/// A user's name and email.
pub fn user_contact(
    conn: &mut DbConnection,
    user_id: i64,
) -> Result<Option<(String, String)>, DbError> {
    Ok(users::table
        .find(user_id)
        .select((users::full_name, users::email))
        .first(conn)
        .optional()?)
}
