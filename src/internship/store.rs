//! Diesel queries of the internship module.

use super::model::*;
use crate::db::schema::{
    applications, employer_profiles, internships, saved_internships, screening_questions,
    student_profiles, users,
};
use crate::db::{DbConnection, DbError};
use chrono::NaiveDate;
use diesel::prelude::*;

pub fn insert(
    conn: &mut DbConnection,
    employer_id: i64,
    changes: &InternshipChanges,
) -> Result<i64, DbError> {
    Ok(diesel::insert_into(internships::table)
        .values((
            changes,
            internships::employer_id.eq(employer_id),
            internships::created_at.eq(changes.updated_at),
        ))
        .returning(internships::id)
        .get_result(conn)?)
}

pub fn update(
    conn: &mut DbConnection,
    id: i64,
    changes: &InternshipChanges,
) -> Result<(), DbError> {
    diesel::update(internships::table.find(id))
        .set(changes)
        .execute(conn)?;
    Ok(())
}

pub fn set_status(conn: &mut DbConnection, id: i64, status: &str) -> Result<(), DbError> {
    diesel::update(internships::table.find(id))
        .set((
            internships::status.eq(status),
            internships::updated_at.eq(chrono::Utc::now().naive_utc()),
        ))
        .execute(conn)?;
    Ok(())
}

/// Takes a posting down, remembering its status and the reason.
pub fn take_down(conn: &mut DbConnection, id: i64, reason: &str) -> Result<(), DbError> {
    diesel::update(internships::table.find(id))
        .set((
            internships::status_before_takedown.eq(internships::status.nullable()),
            internships::status.eq("taken_down"),
            internships::takedown_reason.eq(Some(reason).filter(|r| !r.is_empty())),
            internships::updated_at.eq(chrono::Utc::now().naive_utc()),
        ))
        .execute(conn)?;
    Ok(())
}

/// Puts a taken-down posting back as it was (active when that is unknown).
pub fn restore(conn: &mut DbConnection, id: i64) -> Result<(), DbError> {
    let before: Option<String> = internships::table
        .find(id)
        .select(internships::status_before_takedown)
        .first(conn)?;
    diesel::update(internships::table.find(id))
        .set((
            internships::status.eq(before.unwrap_or_else(|| "active".into())),
            internships::status_before_takedown.eq(None::<String>),
            internships::takedown_reason.eq(None::<String>),
            internships::updated_at.eq(chrono::Utc::now().naive_utc()),
        ))
        .execute(conn)?;
    Ok(())
}

pub fn find(conn: &mut DbConnection, id: i64) -> Result<Option<Internship>, DbError> {
    Ok(internships::table
        .find(id)
        .select(Internship::as_select())
        .first(conn)
        .optional()?)
}

/// Sets the screening questions (positions 1–5) in place: a kept position keeps its row, so
/// students' answers to it survive an edit; a removed position is deleted with its answers.
pub fn set_questions(
    conn: &mut DbConnection,
    internship_id: i64,
    questions: &[ScreeningQuestion],
) -> Result<(), DbError> {
    let of_internship =
        screening_questions::table.filter(screening_questions::internship_id.eq(internship_id));
    let kept: Vec<i32> = questions.iter().map(|q| q.position).collect();
    diesel::delete(of_internship.filter(diesel::dsl::not(
        screening_questions::position.eq_any(&kept),
    )))
    .execute(conn)?;
    for q in questions {
        let updated =
            diesel::update(of_internship.filter(screening_questions::position.eq(q.position)))
                .set((
                    screening_questions::question.eq(&q.question),
                    screening_questions::model_answer.eq(&q.model_answer),
                ))
                .execute(conn)?;
        if updated == 0 {
            diesel::insert_into(screening_questions::table)
                .values((
                    screening_questions::internship_id.eq(internship_id),
                    screening_questions::position.eq(q.position),
                    screening_questions::question.eq(&q.question),
                    screening_questions::model_answer.eq(&q.model_answer),
                ))
                .execute(conn)?;
        }
    }
    Ok(())
}

/// The screening questions of an internship, in order.
pub fn questions(
    conn: &mut DbConnection,
    internship_id: i64,
) -> Result<Vec<ScreeningQuestion>, DbError> {
    let rows: Vec<(i32, String, Option<String>)> = screening_questions::table
        .filter(screening_questions::internship_id.eq(internship_id))
        .order(screening_questions::position.asc())
        .select((
            screening_questions::position,
            screening_questions::question,
            screening_questions::model_answer,
        ))
        .load(conn)?;
    Ok(rows
        .into_iter()
        .map(|(position, question, model_answer)| ScreeningQuestion {
            position,
            question,
            model_answer,
        })
        .collect())
}

pub fn by_employer(conn: &mut DbConnection, employer_id: i64) -> Result<Vec<Internship>, DbError> {
    Ok(internships::table
        .filter(internships::employer_id.eq(employer_id))
        .order(internships::created_at.desc())
        .select(Internship::as_select())
        .load(conn)?)
}

/// One internship with its company's name and the company's standing: its verification status
/// (`approved`, `pending`, `rejected`), or `suspended` while an administrator has suspended the
/// company's account (its postings are then not public).
pub fn with_company(
    conn: &mut DbConnection,
    id: i64,
) -> Result<Option<(Internship, String, String)>, DbError> {
    let row: Option<(Internship, String, String, bool)> = internships::table
        .inner_join(employer_profiles::table.inner_join(users::table))
        .filter(internships::id.eq(id))
        .select((
            Internship::as_select(),
            employer_profiles::company_name,
            employer_profiles::verification_status,
            users::is_suspended,
        ))
        .first(conn)
        .optional()?;
    Ok(row.map(|(internship, company, status, suspended)| {
        let standing = if suspended {
            "suspended".into()
        } else {
            status
        };
        (internship, company, standing)
    }))
}

/// Saves an internship for a student; saving it again (even at the same moment, a double
/// click) changes nothing: the key settles it, not a look before the insert.
pub fn save(conn: &mut DbConnection, student_id: i64, internship_id: i64) -> Result<(), DbError> {
    let now = chrono::Utc::now().naive_utc();
    crate::on_backend!(conn, |c| diesel::insert_into(saved_internships::table)
        .values((
            saved_internships::student_id.eq(student_id),
            saved_internships::internship_id.eq(internship_id),
            saved_internships::created_at.eq(now),
        ))
        .on_conflict_do_nothing()
        .execute(c))?;
    Ok(())
}

pub fn unsave(
    conn: &mut DbConnection,
    student_id: i64,
    internship_id: i64,
) -> Result<usize, DbError> {
    Ok(diesel::delete(
        saved_internships::table
            .filter(saved_internships::student_id.eq(student_id))
            .filter(saved_internships::internship_id.eq(internship_id)),
    )
    .execute(conn)?)
}

/// Which of `ids` the student saved.
pub fn saved_among(
    conn: &mut DbConnection,
    student_id: i64,
    ids: &[i64],
) -> Result<Vec<i64>, DbError> {
    Ok(saved_internships::table
        .filter(saved_internships::student_id.eq(student_id))
        .filter(saved_internships::internship_id.eq_any(ids))
        .select(saved_internships::internship_id)
        .load(conn)?)
}

pub fn is_saved(
    conn: &mut DbConnection,
    student_id: i64,
    internship_id: i64,
) -> Result<bool, DbError> {
    Ok(diesel::select(diesel::dsl::exists(
        saved_internships::table
            .filter(saved_internships::student_id.eq(student_id))
            .filter(saved_internships::internship_id.eq(internship_id)),
    ))
    .get_result(conn)?)
}

/// A student's saved internships with their company names, most recently saved first. Taken-down
/// postings drop out; closed ones stay so the student sees what happened to them.
pub fn saved_by_student(
    conn: &mut DbConnection,
    student_id: i64,
) -> Result<Vec<(Internship, String)>, DbError> {
    Ok(saved_internships::table
        .inner_join(internships::table.inner_join(employer_profiles::table))
        .filter(saved_internships::student_id.eq(student_id))
        .filter(internships::status.ne("taken_down"))
        .order(saved_internships::created_at.desc())
        .select((Internship::as_select(), employer_profiles::company_name))
        .load(conn)?)
}

/// Saved, still active internships whose deadline falls in `from..=to` and that the student who
/// saved them has not applied to: (student's user id, internship id, title, deadline).
/// One student's saved internships, still listed and not applied to, whose deadline falls
/// between `from` and `to`: (internship id, title, deadline), soonest first.
pub fn saved_closing_for(
    conn: &mut DbConnection,
    student_id: i64,
    from: NaiveDate,
    to: NaiveDate,
) -> Result<Vec<(i64, String, NaiveDate)>, DbError> {
    let applied = applications::table
        .filter(applications::student_id.eq(saved_internships::student_id))
        .filter(applications::internship_id.eq(saved_internships::internship_id));
    let rows: Vec<(i64, String, Option<NaiveDate>)> = saved_internships::table
        .inner_join(internships::table)
        .filter(saved_internships::student_id.eq(student_id))
        .filter(internships::status.eq("active"))
        .filter(internships::deadline.between(from, to))
        .filter(diesel::dsl::not(diesel::dsl::exists(applied)))
        .order(internships::deadline.asc())
        .select((internships::id, internships::title, internships::deadline))
        .load(conn)?;
    Ok(rows
        .into_iter()
        .filter_map(|(id, title, deadline)| Some((id, title, deadline?)))
        .collect())
}

/// A saved internship about to close, with the student to remind.
#[derive(Debug, Clone)]
pub struct ClosingSave {
    pub user_id: i64,
    pub name: String,
    pub email: String,
    pub internship_id: i64,
    pub title: String,
    pub deadline: NaiveDate,
}

/// Every student's saved internships, still listed and not applied to, whose deadline falls
/// between `from` and `to`, soonest first.
pub fn saved_closing(
    conn: &mut DbConnection,
    from: NaiveDate,
    to: NaiveDate,
) -> Result<Vec<ClosingSave>, DbError> {
    let applied = applications::table
        .filter(applications::student_id.eq(saved_internships::student_id))
        .filter(applications::internship_id.eq(saved_internships::internship_id));
    type Row = (i64, String, String, i64, String, Option<NaiveDate>);
    let rows: Vec<Row> = saved_internships::table
        .inner_join(student_profiles::table.inner_join(users::table))
        .inner_join(internships::table)
        .filter(internships::status.eq("active"))
        .filter(internships::deadline.between(from, to))
        .filter(diesel::dsl::not(diesel::dsl::exists(applied)))
        .order(internships::deadline.asc())
        .select((
            users::id,
            users::full_name,
            users::email,
            internships::id,
            internships::title,
            internships::deadline,
        ))
        .load(conn)?;
    Ok(rows
        .into_iter()
        .filter_map(|(user_id, name, email, internship_id, title, deadline)| {
            Some(ClosingSave {
                user_id,
                name,
                email,
                internship_id,
                title,
                deadline: deadline?,
            })
        })
        .collect())
}
