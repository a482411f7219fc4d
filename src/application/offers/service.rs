//! Rules of offers: making one (terms and a date to answer by), the student's answer (accepting
//! one ends her search, in one transaction), extending the date once, expiring unanswered
//! offers, and closing a suspended company's applications.

use super::model::*;
use super::notices::{employer_path, student_path, tell};
use super::store;
use crate::application::model::{Actor, Application, Status, StatusForm};
use crate::application::service::{ApplicationError, MAX_REASON};
use crate::application::store as applications;
use crate::db::{DbConnection, DbError};
use crate::internship::model::Internship;
use crate::web::FieldErrors;
use crate::web::i18n::Msg;
use chrono::{Duration, NaiveDate, NaiveDateTime, Utc};

/// The periodic job that expires offers not answered in time.
pub const EXPIRE_OFFERS: &str = "expire_offers";

fn now() -> NaiveDateTime {
    Utc::now().naive_utc()
}

fn refused(key: &'static str) -> ApplicationError {
    ApplicationError::NotAllowed(Msg::new(key))
}

/// The date to answer by: empty for the default, a number of days, or a `YYYY-MM-DD` date;
/// always `MIN_REPLY_DAYS` to `MAX_REPLY_DAYS` days after `today`.
pub fn parse_reply_by(raw: &str, today: NaiveDate) -> Result<NaiveDate, Msg> {
    let raw = raw.trim();
    let out_of_range = || {
        Msg::new("offers.err_reply_by_range")
            .with("min", MIN_REPLY_DAYS)
            .with("max", MAX_REPLY_DAYS)
    };
    let days = if raw.is_empty() {
        DEFAULT_REPLY_DAYS
    } else if let Ok(days) = raw.parse::<i64>() {
        days
    } else {
        let date = NaiveDate::parse_from_str(raw, "%Y-%m-%d")
            .map_err(|_| Msg::new("offers.err_reply_by_format"))?;
        (date - today).num_days()
    };
    if !(MIN_REPLY_DAYS..=MAX_REPLY_DAYS).contains(&days) {
        return Err(out_of_range());
    }
    Ok(today + Duration::days(days))
}

/// Checks an offer's terms; an empty stipend, start date or place takes the posting's own.
pub fn validate_terms(
    form: &StatusForm,
    internship: &Internship,
    today: NaiveDate,
) -> Result<Terms, FieldErrors> {
    let mut errors = FieldErrors::default();
    let stipend_amount = match form.stipend_amount.trim().replace(',', "").as_str() {
        "" => internship.stipend_amount,
        raw => match raw.parse::<i32>() {
            Ok(amount) if (0..=MAX_STIPEND).contains(&amount) => Some(amount),
            _ => {
                errors.add("stipend_amount", "offers.err_stipend");
                None
            }
        },
    };
    let start_date = match form.start_date.trim() {
        "" => internship.start_date.filter(|d| *d >= today),
        raw => match NaiveDate::parse_from_str(raw, "%Y-%m-%d") {
            Ok(date) if date >= today => Some(date),
            _ => {
                errors.add("start_date", "offers.err_start_date");
                None
            }
        },
    };
    let location = match form.location.trim() {
        "" => Some(internship.location.clone()).filter(|l| !l.is_empty()),
        place if place.chars().count() > MAX_LOCATION => {
            errors.add(
                "location",
                Msg::new("err.max_chars").with("max", MAX_LOCATION),
            );
            None
        }
        place => Some(place.to_string()),
    };
    let note = form.reason.trim();
    if note.chars().count() > MAX_REASON {
        errors.add("reason", Msg::new("err.note_long").with("max", MAX_REASON));
    }
    let reply_by = parse_reply_by(&form.reply_by, today)
        .map_err(|why| errors.add("reply_by", why))
        .ok();
    match reply_by {
        Some(reply_by) if errors.is_empty() => Ok(Terms {
            stipend_amount,
            start_date,
            location,
            note: (!note.is_empty()).then(|| note.to_string()),
            reply_by,
        }),
        _ => Err(errors),
    }
}

/// The employer offers the place: the application becomes `offered` with its terms, and the
/// student is told in the app and by email. The move itself was checked by `check_move`.
pub fn make_offer(
    conn: &mut DbConnection,
    user_id: i64,
    application: &Application,
    internship: &Internship,
    form: &StatusForm,
    base_url: &str,
) -> Result<NaiveDate, ApplicationError> {
    let from = application.status();
    let terms =
        validate_terms(form, internship, today_in_india()).map_err(ApplicationError::Invalid)?;
    crate::db::transaction(conn, |conn| {
        let at = now();
        if !applications::set_status(conn, application.id, from, Status::Offered, at)? {
            return Err(refused("err.changed_meanwhile_withdrawn"));
        }
        applications::insert_event(
            conn,
            application.id,
            Some(from),
            Status::Offered,
            user_id,
            terms.note.as_deref(),
            at,
        )?;
        store::insert(conn, application.id, &terms, user_id, at)?;
        if let Some((student_user, _, _)) = applications::student_user(conn, application.student_id)?
        {
            let headline = Msg::new("offers.notice_offered")
                .with("title", &internship.title)
                .with("date", terms.reply_by.format("%d %b %Y"));
            tell(
                conn,
                student_user,
                &headline,
                terms.note.as_deref(),
                &student_path(application.id),
                base_url,
            )?;
        }
        Ok(terms.reply_by)
    })
}

fn answer_reason(form: &AnswerForm) -> Result<Option<String>, ApplicationError> {
    let reason = form.reason.trim();
    if reason.chars().count() > MAX_REASON {
        return Err(ApplicationError::NotAllowed(
            Msg::new("err.note_long").with("max", MAX_REASON),
        ));
    }
    Ok((!reason.is_empty()).then(|| reason.to_string()))
}

/// The student's open offer on her application, under her row lock.
fn open_offer(
    conn: &mut DbConnection,
    application: &Application,
) -> Result<Offer, ApplicationError> {
    store::lock_student(conn, application.student_id)?;
    let offer = store::of_application(conn, application.id)?
        .filter(Offer::is_open)
        .ok_or_else(|| refused("offers.err_not_open"))?;
    if offer.reply_by < today_in_india() {
        return Err(refused("offers.err_too_late"));
    }
    Ok(offer)
}

/// The student's name, for the employer's notices.
fn name_of(conn: &mut DbConnection, user_id: i64) -> Result<String, DbError> {
    Ok(applications::user_contact(conn, user_id)?
        .map(|(name, _)| name)
        .unwrap_or_default())
}

/// The student accepts an offer. In the same transaction every other open application of hers
/// is withdrawn and every other open offer declined (each employer told: she accepted another
/// offer), which also takes her out of their applicant rankings. Two offers accepted at once:
/// the student's row lock lets one finish first, and the other finds its offer declined.
pub fn accept(
    conn: &mut DbConnection,
    user_id: i64,
    application_id: i64,
    form: &AnswerForm,
    base_url: &str,
) -> Result<(), ApplicationError> {
    let application =
        crate::application::service::own_application(conn, user_id, application_id)?;
    let reason = answer_reason(form)?;
    crate::db::transaction(conn, |conn| {
        let at = now();
        let offer = open_offer(conn, &application)?;
        if !store::answer(conn, offer.id, OfferStatus::Open, OfferStatus::Accepted, at)?
            || !applications::set_status(
                conn,
                application.id,
                Status::Offered,
                Status::Accepted,
                at,
            )?
        {
            return Err(refused("offers.err_not_open"));
        }
        applications::insert_event(
            conn,
            application.id,
            Some(Status::Offered),
            Status::Accepted,
            user_id,
            reason.as_deref(),
            at,
        )?;
        let name = name_of(conn, user_id)?;
        if let Some((title, _, employer_user)) =
            applications::internship_summary(conn, application.internship_id)?
        {
            let headline = Msg::new("offers.notice_accepted")
                .with("name", &name)
                .with("title", title);
            let path = employer_path(application.id);
            tell(conn, employer_user, &headline, reason.as_deref(), &path, base_url)?;
        }
        end_search(conn, user_id, application.student_id, &name, at, base_url)
    })
}

/// Closes the student's other open applications after she accepted an offer.
fn end_search(
    conn: &mut DbConnection,
    user_id: i64,
    student_id: i64,
    name: &str,
    at: NaiveDateTime,
    base_url: &str,
) -> Result<(), ApplicationError> {
    let why = Msg::new("offers.reason_accepted_elsewhere").encode();
    for other in store::open_of_student(conn, student_id)? {
        let Some(from) = Status::parse(&other.status) else {
            continue;
        };
        let to = if from == Status::Offered {
            Status::Declined
        } else {
            Status::Withdrawn
        };
        if !from.may_move(to, Actor::Platform) {
            continue;
        }
        if from == Status::Offered
            && let Some(offer) = store::of_application(conn, other.id)?
        {
            store::answer(conn, offer.id, OfferStatus::Open, OfferStatus::Declined, at)?;
        }
        if !applications::set_status(conn, other.id, from, to, at)? {
            continue;
        }
        store::insert_event(conn, other.id, from, to, Some(user_id), Some(&why), at)?;
        let headline = Msg::new("offers.notice_taken_elsewhere")
            .with("name", name)
            .with("title", &other.title);
        let path = employer_path(other.id);
        tell(conn, other.employer_user_id, &headline, None, &path, base_url)?;
    }
    Ok(())
}

/// The student declines an offer; the employer is told in the app and by email.
pub fn decline(
    conn: &mut DbConnection,
    user_id: i64,
    application_id: i64,
    form: &AnswerForm,
    base_url: &str,
) -> Result<(), ApplicationError> {
    let application =
        crate::application::service::own_application(conn, user_id, application_id)?;
    let reason = answer_reason(form)?;
    crate::db::transaction(conn, |conn| {
        let at = now();
        let offer = open_offer(conn, &application)?;
        if !store::answer(conn, offer.id, OfferStatus::Open, OfferStatus::Declined, at)?
            || !applications::set_status(
                conn,
                application.id,
                Status::Offered,
                Status::Declined,
                at,
            )?
        {
            return Err(refused("offers.err_not_open"));
        }
        applications::insert_event(
            conn,
            application.id,
            Some(Status::Offered),
            Status::Declined,
            user_id,
            reason.as_deref(),
            at,
        )?;
        let name = name_of(conn, user_id)?;
        if let Some((title, _, employer_user)) =
            applications::internship_summary(conn, application.internship_id)?
        {
            let headline = Msg::new("offers.notice_declined")
                .with("name", &name)
                .with("title", title);
            let path = employer_path(application.id);
            tell(conn, employer_user, &headline, reason.as_deref(), &path, base_url)?;
        }
        Ok(())
    })
}

/// The employer moves the date to answer by, once, to a later day; the student is told.
pub fn extend(
    conn: &mut DbConnection,
    user_id: i64,
    application_id: i64,
    form: &ExtendForm,
    base_url: &str,
) -> Result<NaiveDate, ApplicationError> {
    let (application, internship) =
        crate::application::service::employers_application(conn, user_id, application_id)?;
    let offer = store::of_application(conn, application.id)?
        .filter(Offer::is_open)
        .ok_or_else(|| refused("offers.err_not_open"))?;
    if offer.extended {
        return Err(refused("offers.err_extended_once"));
    }
    let invalid = |why: Msg| {
        let mut errors = FieldErrors::default();
        errors.add("reply_by", why);
        ApplicationError::Invalid(errors)
    };
    let reply_by = parse_reply_by(&form.reply_by, today_in_india()).map_err(invalid)?;
    if reply_by <= offer.reply_by {
        return Err(invalid(Msg::new("offers.err_extend_later")));
    }
    crate::db::transaction(conn, |conn| {
        if !store::extend(conn, offer.id, reply_by)? {
            return Err(refused("offers.err_extended_once"));
        }
        if let Some((student_user, _, _)) = applications::student_user(conn, application.student_id)?
        {
            let headline = Msg::new("offers.notice_extended")
                .with("title", &internship.title)
                .with("date", reply_by.format("%d %b %Y"));
            let path = student_path(application.id);
            tell(conn, student_user, &headline, None, &path, base_url)?;
        }
        Ok(reply_by)
    })
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
pub async fn expire_job(state: crate::state::AppState, _payload: serde_json::Value) -> Result<(), String> {
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
        tell(conn, open.student_user_id, &headline, reason, &path, base_url)?;
        closed += 1;
    }
    Ok(closed)
}

/// The student's open offers, for her dashboard.
pub fn open_offers(conn: &mut DbConnection, student_id: i64) -> Result<Vec<OpenOffer>, DbError> {
    store::open_offers_of_student(conn, student_id)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reply_by_defaults_to_a_week_and_stays_within_two_to_thirty_days() {
        let today = NaiveDate::from_ymd_opt(2026, 12, 2).unwrap();
        assert_eq!(parse_reply_by("", today), Ok(today + Duration::days(7)));
        assert_eq!(parse_reply_by("2", today), Ok(today + Duration::days(2)));
        assert_eq!(
            parse_reply_by("2027-01-01", today),
            Ok(NaiveDate::from_ymd_opt(2027, 1, 1).unwrap())
        );
        for bad in ["1", "31", "2026-12-03", "2027-01-02", "-5", "99999999999999"] {
            assert_eq!(
                parse_reply_by(bad, today).map_err(|m| m.key().to_string()),
                Err("offers.err_reply_by_range".to_string()),
                "{bad}"
            );
        }
        assert!(parse_reply_by("next week", today).is_err());
    }
}
