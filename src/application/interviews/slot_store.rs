//! Diesel queries over `interview_slots`: the times an employer publishes for a posting, and a
//! student taking one (a conditional update, so two students never get the same slot).

use super::model::Slot;
use crate::db::schema::interview_slots;
use crate::db::{DbConnection, DbError};
use chrono::NaiveDateTime;
use diesel::prelude::*;

/// The slots of a posting, soonest first.
pub fn slots(conn: &mut DbConnection, internship_id: i64) -> Result<Vec<Slot>, DbError> {
    Ok(interview_slots::table
        .filter(interview_slots::internship_id.eq(internship_id))
        .order((interview_slots::starts_at.asc(), interview_slots::id.asc()))
        .select(Slot::as_select())
        .load(conn)?)
}

pub fn slot(conn: &mut DbConnection, slot_id: i64) -> Result<Option<Slot>, DbError> {
    Ok(interview_slots::table
        .find(slot_id)
        .select(Slot::as_select())
        .first(conn)
        .optional()?)
}

pub fn insert_slot(
    conn: &mut DbConnection,
    internship_id: i64,
    starts_at: NaiveDateTime,
    minutes: i32,
    mode: &str,
    place: Option<&str>,
    now: NaiveDateTime,
) -> Result<i64, DbError> {
    Ok(diesel::insert_into(interview_slots::table)
        .values((
            interview_slots::internship_id.eq(internship_id),
            interview_slots::starts_at.eq(starts_at),
            interview_slots::duration_minutes.eq(minutes),
            interview_slots::mode.eq(mode),
            interview_slots::location_or_link.eq(place),
            interview_slots::created_at.eq(now),
        ))
        .returning(interview_slots::id)
        .get_result(conn)?)
}

/// Removes a slot nobody booked; `false` when it is booked (or gone).
pub fn delete_free_slot(
    conn: &mut DbConnection,
    internship_id: i64,
    slot_id: i64,
) -> Result<bool, DbError> {
    let n = diesel::delete(
        interview_slots::table
            .find(slot_id)
            .filter(interview_slots::internship_id.eq(internship_id))
            .filter(interview_slots::application_id.is_null()),
    )
    .execute(conn)?;
    Ok(n == 1)
}

/// Takes a free slot for an application: a conditional update, so of two students clicking at
/// once exactly one changes the row. `false`: someone else has it.
pub fn take_slot(
    conn: &mut DbConnection,
    slot_id: i64,
    application_id: i64,
    now: NaiveDateTime,
) -> Result<bool, DbError> {
    let n = diesel::update(
        interview_slots::table
            .find(slot_id)
            .filter(interview_slots::application_id.is_null()),
    )
    .set((
        interview_slots::application_id.eq(Some(application_id)),
        interview_slots::booked_at.eq(Some(now)),
    ))
    .execute(conn)?;
    Ok(n == 1)
}

pub fn link_slot_interview(
    conn: &mut DbConnection,
    slot_id: i64,
    interview_id: i64,
) -> Result<(), DbError> {
    diesel::update(interview_slots::table.find(slot_id))
        .set(interview_slots::interview_id.eq(Some(interview_id)))
        .execute(conn)?;
    Ok(())
}

/// The slot an application booked, if any.
pub fn slot_of(conn: &mut DbConnection, application_id: i64) -> Result<Option<Slot>, DbError> {
    Ok(interview_slots::table
        .filter(interview_slots::application_id.eq(application_id))
        .select(Slot::as_select())
        .first(conn)
        .optional()?)
}
