//! Rules of offers: making one, the student's answer (accepting one ends her search, in one
//! transaction) and extending the date to answer by once. The terms are checked in `terms.rs`;
//! what Praktiki closes by itself (expiry, a suspension) is in `closing.rs`.

use super::model::*;
use super::notices::{employer_path, student_path, tell};
use super::store;
use super::terms::{parse_reply_by, validate_terms};
use crate::application::model::{Actor, Application, Status, StatusForm};
use crate::application::service::{ApplicationError, MAX_REASON};
use crate::application::store as applications;
use crate::db::{DbConnection, DbError};
use crate::internship::model::Internship;
use crate::web::FieldErrors;
use crate::web::i18n::Msg;
use chrono::{NaiveDate, NaiveDateTime, Utc};

fn now() -> NaiveDateTime {
    Utc::now().naive_utc()
}

fn refused(key: &'static str) -> ApplicationError {
    ApplicationError::NotAllowed(Msg::new(key))
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
        if let Some((student_user, _, _)) =
            applications::student_user(conn, application.student_id)?
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
    let application = crate::application::service::own_application(conn, user_id, application_id)?;
    let reason = answer_reason(form)?;
    crate::db::transaction(conn, |conn| {
        let at = now();
        let name = answer_offer(
            conn,
            user_id,
            &application,
            Answer::Accept,
            reason.as_deref(),
            at,
            base_url,
        )?;
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
        tell(
            conn,
            other.employer_user_id,
            &headline,
            None,
            &path,
            base_url,
        )?;
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
    let application = crate::application::service::own_application(conn, user_id, application_id)?;
    let reason = answer_reason(form)?;
    crate::db::transaction(conn, |conn| {
        let at = now();
        answer_offer(
            conn,
            user_id,
            &application,
            Answer::Decline,
            reason.as_deref(),
            at,
            base_url,
        )?;
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
        if let Some((student_user, _, _)) =
            applications::student_user(conn, application.student_id)?
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

/// The student's open offers, for her dashboard.
pub fn open_offers(conn: &mut DbConnection, student_id: i64) -> Result<Vec<OpenOffer>, DbError> {
    store::open_offers_of_student(conn, student_id)
}

/// The student's answer to an offer.
#[derive(Clone, Copy)]
enum Answer {
    Accept,
    Decline,
}

/// Records the student's answer to her open offer (the offer, the application's status and its
/// history) and tells the employer; returns the student's name. Refused when the offer is no
/// longer open (answered in another tab, expired, withdrawn).
#[allow(clippy::too_many_arguments)]
fn answer_offer(
    conn: &mut DbConnection,
    user_id: i64,
    application: &crate::application::model::Application,
    answer: Answer,
    reason: Option<&str>,
    at: chrono::NaiveDateTime,
    base_url: &str,
) -> Result<String, ApplicationError> {
    let (to_offer, to_status, key) = match answer {
        Answer::Accept => (
            OfferStatus::Accepted,
            Status::Accepted,
            "offers.notice_accepted",
        ),
        Answer::Decline => (
            OfferStatus::Declined,
            Status::Declined,
            "offers.notice_declined",
        ),
    };
    let offer = open_offer(conn, application)?;
    if !store::answer(conn, offer.id, OfferStatus::Open, to_offer, at)?
        || !applications::set_status(conn, application.id, Status::Offered, to_status, at)?
    {
        return Err(refused("offers.err_not_open"));
    }
    applications::insert_event(
        conn,
        application.id,
        Some(Status::Offered),
        to_status,
        user_id,
        reason,
        at,
    )?;
    let name = name_of(conn, user_id)?;
    if let Some((title, _, employer_user)) =
        applications::internship_summary(conn, application.internship_id)?
    {
        let headline = Msg::new(key).with("name", &name).with("title", title);
        let path = employer_path(application.id);
        tell(conn, employer_user, &headline, reason, &path, base_url)?;
    }
    Ok(name)
}
