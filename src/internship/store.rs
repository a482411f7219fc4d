//! Diesel queries of the internship module over postings and their screening questions (saved
//! internships are in `saved_store.rs`).

use super::model::*;
use crate::db::schema::{
    employer_profiles, internship_skills, internships, screening_questions, skills, users,
};
use crate::db::{DbConnection, DbError};
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
    Ok(posted(conn, id)?.map(|p| (p.internship, p.company_name, p.standing)))
}

/// [`with_company`] and the company's logo file, in one read (the public page shows both).
pub fn posted(conn: &mut DbConnection, id: i64) -> Result<Option<Posted>, DbError> {
    let row: Option<(Internship, String, String, bool, Option<i64>)> = internships::table
        .inner_join(employer_profiles::table.inner_join(users::table))
        .filter(internships::id.eq(id))
        .select((
            Internship::as_select(),
            employer_profiles::company_name,
            employer_profiles::verification_status,
            users::is_suspended,
            employer_profiles::logo_file_id,
        ))
        .first(conn)
        .optional()?;
    Ok(row.map(
        |(internship, company_name, status, suspended, logo_file)| Posted {
            internship,
            company_name,
            standing: standing(status, suspended),
            logo_file,
        },
    ))
}

/// [`posted`] with its skills (by name) and screening questions: what the public page shows.
/// On PostgreSQL one statement, the skills and questions as arrays: each statement is a round
/// trip there, and the page is the most visited after the search. SQLite reads in process, where
/// three prepared statements cost less than one that builds arrays.
pub fn page(conn: &mut DbConnection, id: i64) -> Result<Option<PostedPage>, DbError> {
    let DbConnection::Postgres(pg) = conn else {
        let Some(posted) = posted(conn, id)? else {
            return Ok(None);
        };
        let skills = crate::db::skills::internship_skill_names(conn, &[id])?
            .into_iter()
            .map(|(_, name)| name)
            .collect();
        let questions = questions(conn, id)?;
        return Ok(Some(PostedPage {
            posted,
            skills,
            questions,
        }));
    };
    use diesel::dsl::array;
    use diesel::sql_types::{Integer, Nullable, Text};
    let questions_of = || {
        screening_questions::table
            .filter(screening_questions::internship_id.eq(id))
            .order(screening_questions::position.asc())
    };
    type Row = (
        Internship,
        String,
        String,
        bool,
        Option<i64>,
        Vec<String>,
        Vec<i32>,
        Vec<String>,
        Vec<Option<String>>,
    );
    let row: Option<Row> = internships::table
        .inner_join(employer_profiles::table.inner_join(users::table))
        .filter(internships::id.eq(id))
        .select((
            Internship::as_select(),
            employer_profiles::company_name,
            employer_profiles::verification_status,
            users::is_suspended,
            employer_profiles::logo_file_id,
            array::<Text, _>(
                internship_skills::table
                    .inner_join(skills::table)
                    .filter(internship_skills::internship_id.eq(id))
                    .order(skills::display_name.asc())
                    .select(skills::display_name),
            ),
            array::<Integer, _>(questions_of().select(screening_questions::position)),
            array::<Text, _>(questions_of().select(screening_questions::question)),
            array::<Nullable<Text>, _>(questions_of().select(screening_questions::model_answer)),
        ))
        .first(pg)
        .optional()?;
    Ok(row.map(
        |(
            internship,
            company_name,
            status,
            suspended,
            logo_file,
            skills,
            positions,
            texts,
            answers,
        )| PostedPage {
            posted: Posted {
                internship,
                company_name,
                standing: standing(status, suspended),
                logo_file,
            },
            skills,
            questions: positions
                .into_iter()
                .zip(texts)
                .zip(answers)
                .map(|((position, question), model_answer)| ScreeningQuestion {
                    position,
                    question,
                    model_answer,
                })
                .collect(),
        },
    ))
}

/// A company's standing from its verification status and whether its account is suspended.
fn standing(status: String, suspended: bool) -> String {
    match suspended {
        true => "suspended".into(),
        false => status,
    }
}
