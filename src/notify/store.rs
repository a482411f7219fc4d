//! Diesel queries of the notify module.

use super::model::{Email, Notification, OutboxEmail};
use crate::db::schema::email_outbox;
use crate::db::{DbConnection, DbError};
use chrono::NaiveDateTime;
use diesel::prelude::*;

/// Stores a message as given (redacted by the caller when it holds a secret), with its
/// deliverable bodies sealed when they differ.
pub fn insert(
    conn: &mut DbConnection,
    email: &Email,
    sealed_body: Option<&str>,
    now: NaiveDateTime,
) -> Result<i64, DbError> {
    Ok(diesel::insert_into(email_outbox::table)
        .values((
            email_outbox::to_address.eq(&email.to),
            email_outbox::subject.eq(&email.subject),
            email_outbox::body_text.eq(&email.text),
            email_outbox::body_html.eq(&email.html),
            email_outbox::calendar_ics.eq(&email.calendar),
            email_outbox::list_unsubscribe.eq(&email.list_unsubscribe),
            email_outbox::created_at.eq(now),
            email_outbox::sealed_body.eq(sealed_body),
        ))
        .returning(email_outbox::id)
        .get_result(conn)?)
}

pub fn find(conn: &mut DbConnection, id: i64) -> Result<Option<OutboxEmail>, DbError> {
    Ok(email_outbox::table
        .find(id)
        .select(OutboxEmail::as_select())
        .first(conn)
        .optional()?)
}

pub fn mark_sent(
    conn: &mut DbConnection,
    id: i64,
    eml_path: Option<&str>,
    now: NaiveDateTime,
) -> Result<(), DbError> {
    diesel::update(email_outbox::table.find(id))
        .set((
            email_outbox::status.eq("sent"),
            email_outbox::attempts.eq(email_outbox::attempts + 1),
            email_outbox::eml_path.eq(eml_path),
            email_outbox::last_error.eq(None::<String>),
            email_outbox::sent_at.eq(Some(now)),
            // Delivered: the working link is no longer kept anywhere.
            email_outbox::sealed_body.eq(None::<String>),
        ))
        .execute(conn)?;
    Ok(())
}

pub fn mark_failed_attempt(
    conn: &mut DbConnection,
    id: i64,
    error: &str,
    final_failure: bool,
) -> Result<(), DbError> {
    diesel::update(email_outbox::table.find(id))
        .set((
            email_outbox::status.eq(if final_failure { "failed" } else { "queued" }),
            email_outbox::attempts.eq(email_outbox::attempts + 1),
            email_outbox::last_error.eq(Some(error)),
        ))
        .execute(conn)?;
    if final_failure {
        // Never to be sent: the sealed link goes (the user asks for a new one).
        diesel::update(email_outbox::table.find(id))
            .set(email_outbox::sealed_body.eq(None::<String>))
            .execute(conn)?;
    }
    Ok(())
}

/// Newest messages first, for the admin outbox page.
pub fn recent(
    conn: &mut DbConnection,
    limit: i64,
    offset: i64,
) -> Result<Vec<OutboxEmail>, DbError> {
    Ok(email_outbox::table
        .order(email_outbox::id.desc())
        .limit(limit)
        .offset(offset)
        .select(OutboxEmail::as_select())
        .load(conn)?)
}

/// Deletes sent messages older than `before`.
pub fn delete_sent(conn: &mut DbConnection, before: NaiveDateTime) -> Result<usize, DbError> {
    Ok(diesel::delete(
        email_outbox::table
            .filter(email_outbox::status.eq("sent"))
            .filter(email_outbox::created_at.lt(before)),
    )
    .execute(conn)?)
}

// ---- in-app notifications ----

use crate::db::schema::notifications;

pub fn insert_notification(
    conn: &mut DbConnection,
    user_id: i64,
    kind: &str,
    message: &str,
    link: Option<&str>,
    now: NaiveDateTime,
) -> Result<(), DbError> {
    diesel::insert_into(notifications::table)
        .values((
            notifications::user_id.eq(user_id),
            notifications::kind.eq(kind),
            notifications::message.eq(message),
            notifications::link.eq(link),
            notifications::created_at.eq(now),
        ))
        .execute(conn)?;
    Ok(())
}

/// Whether the user was already told this (same kind and link): periodic reminders say it once.
pub fn has_notification(
    conn: &mut DbConnection,
    user_id: i64,
    kind: &str,
    link: &str,
) -> Result<bool, DbError> {
    Ok(diesel::select(diesel::dsl::exists(
        notifications::table
            .filter(notifications::user_id.eq(user_id))
            .filter(notifications::kind.eq(kind))
            .filter(notifications::link.eq(link)),
    ))
    .get_result(conn)?)
}

/// A user's notifications, newest first: one page and the total count.
pub fn notifications_of(
    conn: &mut DbConnection,
    user_id: i64,
    limit: i64,
    offset: i64,
) -> Result<(Vec<Notification>, i64), DbError> {
    let total = notifications::table
        .filter(notifications::user_id.eq(user_id))
        .count()
        .get_result(conn)?;
    let rows = notifications::table
        .filter(notifications::user_id.eq(user_id))
        .order(notifications::id.desc())
        .limit(limit)
        .offset(offset)
        .select(Notification::as_select())
        .load(conn)?;
    Ok((rows, total))
}

/// Marks every unread notification of a user read; returns how many.
pub fn mark_all_read(
    conn: &mut DbConnection,
    user_id: i64,
    now: NaiveDateTime,
) -> Result<usize, DbError> {
    Ok(diesel::update(
        notifications::table
            .filter(notifications::user_id.eq(user_id))
            .filter(notifications::read_at.is_null()),
    )
    .set(notifications::read_at.eq(now))
    .execute(conn)?)
}

/// A user's address, name and language (`preferred_lang`), unless the account was erased.
pub fn recipient(
    conn: &mut DbConnection,
    user_id: i64,
) -> Result<Option<(String, String, String)>, DbError> {
    use crate::db::schema::users;
    Ok(users::table
        .find(user_id)
        .filter(users::deleted_at.is_null())
        .select((users::email, users::full_name, users::preferred_lang))
        .first(conn)
        .optional()?)
}
