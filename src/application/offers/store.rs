//! Diesel queries of offers, and of the open applications that accepting an offer or a company's
//! suspension closes.

use super::model::*;
use crate::application::model::Status;
use crate::db::schema::{
    application_events, applications, employer_profiles, internships, offers, student_profiles,
};
use crate::db::{DbConnection, DbError};
use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;

pub fn insert(
    conn: &mut DbConnection,
    application_id: i64,
    terms: &Terms,
    made_by: i64,
    now: NaiveDateTime,
) -> Result<i64, DbError> {
    Ok(diesel::insert_into(offers::table)
        .values((
            offers::application_id.eq(application_id),
            offers::stipend_amount.eq(terms.stipend_amount),
            offers::start_date.eq(terms.start_date),
            offers::location.eq(terms.location.as_deref()),
            offers::note.eq(terms.note.as_deref()),
            offers::reply_by.eq(terms.reply_by),
            offers::extended.eq(false),
            offers::status.eq(OfferStatus::Open.as_str()),
            offers::made_by.eq(Some(made_by)),
            offers::created_at.eq(now),
        ))
        .returning(offers::id)
        .get_result(conn)?)
}

/// The offer made on an application, if any (there is at most one).
pub fn of_application(
    conn: &mut DbConnection,
    application_id: i64,
) -> Result<Option<Offer>, DbError> {
    Ok(offers::table
        .filter(offers::application_id.eq(application_id))
        .select(Offer::as_select())
        .first(conn)
        .optional()?)
}

/// Moves an offer from `from` to `to`; `false` when it was no longer `from` (answered, expired
/// or closed by another request first).
pub fn answer(
    conn: &mut DbConnection,
    offer_id: i64,
    from: OfferStatus,
    to: OfferStatus,
    now: NaiveDateTime,
) -> Result<bool, DbError> {
    let changed = diesel::update(
        offers::table
            .find(offer_id)
            .filter(offers::status.eq(from.as_str())),
    )
    .set((
        offers::status.eq(to.as_str()),
        offers::answered_at.eq(Some(now)),
    ))
    .execute(conn)?;
    Ok(changed == 1)
}

/// Moves the reply-by date of an open offer that was never extended; `false` otherwise.
pub fn extend(
    conn: &mut DbConnection,
    offer_id: i64,
    reply_by: NaiveDate,
) -> Result<bool, DbError> {
    let changed = diesel::update(
        offers::table
            .find(offer_id)
            .filter(offers::status.eq(OfferStatus::Open.as_str()))
            .filter(offers::extended.eq(false)),
    )
    .set((offers::reply_by.eq(reply_by), offers::extended.eq(true)))
    .execute(conn)?;
    Ok(changed == 1)
}

/// Open offers whose reply-by date is before `today`.
pub fn due(conn: &mut DbConnection, today: NaiveDate) -> Result<Vec<Offer>, DbError> {
    Ok(offers::table
        .filter(offers::status.eq(OfferStatus::Open.as_str()))
        .filter(offers::reply_by.lt(today))
        .order(offers::id.asc())
        .select(Offer::as_select())
        .load(conn)?)
}

/// Takes the student's row lock for the rest of the transaction, so that two answers of the
/// same student (two offers accepted at once) run one after the other on PostgreSQL; SQLite's
/// `BEGIN IMMEDIATE` already serialises writers.
pub fn lock_student(conn: &mut DbConnection, student_id: i64) -> Result<(), DbError> {
    diesel::update(student_profiles::table.find(student_id))
        .set(student_profiles::id.eq(student_profiles::id))
        .execute(conn)?;
    Ok(())
}

type OpenRow = (i64, String, i64, String, i64, i64);

fn open_rows(rows: Vec<OpenRow>) -> Vec<OpenApplication> {
    rows.into_iter()
        .map(
            |(id, status, internship_id, title, employer_user_id, student_user_id)| {
                OpenApplication {
                    id,
                    status,
                    internship_id,
                    title,
                    employer_user_id,
                    student_user_id,
                }
            },
        )
        .collect()
}

/// The student's applications still under way, oldest first.
pub fn open_of_student(
    conn: &mut DbConnection,
    student_id: i64,
) -> Result<Vec<OpenApplication>, DbError> {
    let rows: Vec<OpenRow> = applications::table
        .inner_join(internships::table.inner_join(employer_profiles::table))
        .inner_join(student_profiles::table)
        .filter(applications::student_id.eq(student_id))
        .filter(applications::status.eq_any(Status::open_names()))
        .order(applications::id.asc())
        .select((
            applications::id,
            applications::status,
            applications::internship_id,
            internships::title,
            employer_profiles::user_id,
            student_profiles::user_id,
        ))
        .load(conn)?;
    Ok(open_rows(rows))
}

/// The applications still under way to any posting of the company whose account is `user_id`.
pub fn open_of_company(
    conn: &mut DbConnection,
    employer_user_id: i64,
) -> Result<Vec<OpenApplication>, DbError> {
    let rows: Vec<OpenRow> = applications::table
        .inner_join(internships::table.inner_join(employer_profiles::table))
        .inner_join(student_profiles::table)
        .filter(employer_profiles::user_id.eq(employer_user_id))
        .filter(applications::status.eq_any(Status::open_names()))
        .order(applications::id.asc())
        .select((
            applications::id,
            applications::status,
            applications::internship_id,
            internships::title,
            employer_profiles::user_id,
            student_profiles::user_id,
        ))
        .load(conn)?;
    Ok(open_rows(rows))
}

/// The student's open offers, the soonest to answer first.
pub fn open_offers_of_student(
    conn: &mut DbConnection,
    student_id: i64,
) -> Result<Vec<OpenOffer>, DbError> {
    let rows: Vec<(i64, String, String, NaiveDate)> = offers::table
        .inner_join(
            applications::table.inner_join(internships::table.inner_join(employer_profiles::table)),
        )
        .filter(applications::student_id.eq(student_id))
        .filter(offers::status.eq(OfferStatus::Open.as_str()))
        .order((offers::reply_by.asc(), offers::id.asc()))
        .select((
            applications::id,
            internships::title,
            employer_profiles::company_name,
            offers::reply_by,
        ))
        .load(conn)?;
    Ok(rows
        .into_iter()
        .map(|(application_id, title, company, reply_by)| OpenOffer {
            application_id,
            title,
            company,
            reply_by,
        })
        .collect())
}

/// A status change made by Praktiki itself or on someone's behalf (`actor` is `None` for a
/// deadline that passed).
pub fn insert_event(
    conn: &mut DbConnection,
    application_id: i64,
    from: Status,
    to: Status,
    actor_user_id: Option<i64>,
    reason: Option<&str>,
    now: NaiveDateTime,
) -> Result<(), DbError> {
    diesel::insert_into(application_events::table)
        .values((
            application_events::application_id.eq(application_id),
            application_events::from_status.eq(Some(from.as_str())),
            application_events::to_status.eq(to.as_str()),
            application_events::actor_user_id.eq(actor_user_id),
            application_events::reason.eq(reason),
            application_events::created_at.eq(now),
        ))
        .execute(conn)?;
    Ok(())
}
