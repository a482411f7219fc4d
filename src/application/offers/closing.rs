//! What Praktiki closes by itself: offers not answered by their date (a periodic job), and a
//! suspended company's open applications and offers. Both sides are told, in the app and by
//! email.

use super::model::*;
use super::notices::{employer_path, student_path, tell};
use super::store;
use crate::application::model::{Actor, Status};
use crate::application::store as applications;
use crate::db::{DbConnection, DbError};
use crate::web::i18n::Msg;
use chrono::{NaiveDate, NaiveDateTime, Utc};

/// The periodic job that expires offers not answered in time.
pub const EXPIRE_OFFERS: &str = "expire_offers";

fn now() -> NaiveDateTime {
    Utc::now().naive_utc()
}

/// Expires every open offer whose date to answer by is before `today`; both sides are told,
/// and the employer that the place may go to the next candidate. Returns how many expired.
pub fn expire_due(
    conn: &mut DbConnection,
    today: NaiveDate,
    base_url: &str,
) -> Result<usize, DbError> {
    let mut expired = 0;
    for offer in store::due(conn, today)? {
        let done = crate::db::transaction(conn, |conn| {
            let at = now();
            // Answered or expired by another instance meanwhile: nothing to do.
            if !store::answer(conn, offer.id, OfferStatus::Open, OfferStatus::Expired, at)? {
                return Ok::<_, DbError>(false);
            }
            let Some(application) = applications::find(conn, offer.application_id)? else {
                return Ok(false);
            };
            let from = application.status();
            if !from.may_move(Status::Expired, Actor::Platform)
                || !applications::set_status(conn, application.id, from, Status::Expired, at)?
            {
                return Ok(true);
            }
            store::insert_event(conn, application.id, from, Status::Expired, None, None, at)?;
            let Some((title, _, employer_user)) =
                applications::internship_summary(conn, application.internship_id)?
            else {
                return Ok(true);
            };
            if let Some((student_user, name, _)) =
                applications::student_user(conn, application.student_id)?
            {
                let to_student = Msg::new("offers.notice_expired_student").with("title", &title);
                let path = student_path(application.id);
                tell(conn, student_user, &to_student, None, &path, base_url)?;
                let to_employer = Msg::new("offers.notice_expired_employer")
                    .with("name", name)
                    .with("title", &title);
                let path = employer_path(application.id);
                tell(conn, employer_user, &to_employer, None, &path, base_url)?;
            }
            Ok(true)
        })?;
        expired += usize::from(done);
    }
    Ok(expired)
}

/// The `expire_offers` job (every quarter of an hour, on whichever instance claims it).
pub async fn expire_job(
    state: crate::state::AppState,
    _payload: serde_json::Value,
) -> Result<(), String> {
    let base_url = state.settings.base_url.clone();
    let expired = state
        .db
        .run(move |conn| expire_due(conn, today_in_india(), &base_url))
        .await
        .map_err(|e| e.to_string())?;
    if expired > 0 {
        tracing::info!(expired, "offers expired");
    }
    Ok(())
}

/// An administrator suspended the company whose account is `employer_user_id`: each of its
/// open applications (and offers) is closed as not selected, and every student is told why in
/// the app and by email, in the caller's transaction. Returns how many were closed.
pub fn close_for_suspended_company(
    conn: &mut DbConnection,
    employer_user_id: i64,
    admin_id: i64,
    reason: Option<&str>,
    base_url: &str,
) -> Result<usize, DbError> {
    let at = now();
    let why = Msg::new("offers.reason_company_suspended").encode();
    let mut closed = 0;
    for open in store::open_of_company(conn, employer_user_id)? {
        let Some(from) = Status::parse(&open.status) else {
            continue;
        };
        if !from.may_move(Status::NotSelected, Actor::Platform) {
            continue;
        }
        if from == Status::Offered
            && let Some(offer) = store::of_application(conn, open.id)?
        {
            store::answer(conn, offer.id, OfferStatus::Open, OfferStatus::Closed, at)?;
        }
        if !applications::set_status(conn, open.id, from, Status::NotSelected, at)? {
            continue;
        }
        store::insert_event(
            conn,
            open.id,
            from,
            Status::NotSelected,
            Some(admin_id),
            Some(&why),
            at,
        )?;
        let headline = Msg::new("offers.notice_company_suspended").with("title", &open.title);
        let path = student_path(open.id);
        tell(
            conn,
            open.student_user_id,
            &headline,
            reason,
            &path,
            base_url,
        )?;
        closed += 1;
    }
    Ok(closed)
}
