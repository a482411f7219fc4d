//! Diesel queries of message templates and of bulk moves.

use super::model::MessageTemplate;
use crate::application::model::Application;
use crate::db::schema::{applications, message_templates};
use crate::db::{DbConnection, DbError};
use chrono::NaiveDateTime;
use diesel::prelude::*;

pub fn templates(
    conn: &mut DbConnection,
    employer_id: i64,
) -> Result<Vec<MessageTemplate>, DbError> {
    Ok(message_templates::table
        .filter(message_templates::employer_id.eq(employer_id))
        .order((message_templates::title.asc(), message_templates::id.asc()))
        .select(MessageTemplate::as_select())
        .load(conn)?)
}

pub fn template(
    conn: &mut DbConnection,
    employer_id: i64,
    id: i64,
) -> Result<Option<MessageTemplate>, DbError> {
    Ok(message_templates::table
        .find(id)
        .filter(message_templates::employer_id.eq(employer_id))
        .select(MessageTemplate::as_select())
        .first(conn)
        .optional()?)
}

pub fn insert_template(
    conn: &mut DbConnection,
    employer_id: i64,
    title: &str,
    body: &str,
    now: NaiveDateTime,
) -> Result<i64, DbError> {
    Ok(diesel::insert_into(message_templates::table)
        .values((
            message_templates::employer_id.eq(employer_id),
            message_templates::title.eq(title),
            message_templates::body.eq(body),
            message_templates::created_at.eq(now),
            message_templates::updated_at.eq(now),
        ))
        .returning(message_templates::id)
        .get_result(conn)?)
}

pub fn update_template(
    conn: &mut DbConnection,
    employer_id: i64,
    id: i64,
    title: &str,
    body: &str,
    now: NaiveDateTime,
) -> Result<bool, DbError> {
    let n = diesel::update(
        message_templates::table
            .find(id)
            .filter(message_templates::employer_id.eq(employer_id)),
    )
    .set((
        message_templates::title.eq(title),
        message_templates::body.eq(body),
        message_templates::updated_at.eq(now),
    ))
    .execute(conn)?;
    Ok(n == 1)
}

pub fn delete_template(
    conn: &mut DbConnection,
    employer_id: i64,
    id: i64,
) -> Result<bool, DbError> {
    let n = diesel::delete(
        message_templates::table
            .find(id)
            .filter(message_templates::employer_id.eq(employer_id)),
    )
    .execute(conn)?;
    Ok(n == 1)
}

/// The applications among `ids` that belong to the internship (others are not this page's).
pub fn of_internship(
    conn: &mut DbConnection,
    internship_id: i64,
    ids: &[i64],
) -> Result<Vec<Application>, DbError> {
    Ok(applications::table
        .filter(applications::internship_id.eq(internship_id))
        .filter(applications::id.eq_any(ids))
        .order(applications::id.asc())
        .select(Application::as_select())
        .load(conn)?)
}
