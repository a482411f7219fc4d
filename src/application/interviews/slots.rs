//! Interview slots: an employer publishes times for a posting; a shortlisted student books one
//! herself. First come, first served: taking a slot is a conditional update of its row, and an
//! application holds at most one slot (a unique key), so two clicks at once never both win.

use super::calendar::{self, Recipients};
use super::ics::Method;
use super::model::Slot;
use super::{slot_store, store};
use crate::application::model::{Application, InterviewForm, Status};
use crate::application::service::{ApplicationError, validate_interview};
use crate::db::{DbConnection, DbError};
use crate::internship::model::Internship;
use crate::web::i18n::Msg;
use chrono::{Duration, NaiveDateTime, Utc};

fn not_allowed(key: &'static str) -> ApplicationError {
    ApplicationError::NotAllowed(Msg::new(key))
}

/// Now in Indian Standard Time, the zone slot times are typed and kept in.
fn now_in_india() -> NaiveDateTime {
    Utc::now().naive_utc() + Duration::minutes(330)
}

/// The posting (of the company the employer acts for) and its slots.
pub fn for_employer(
    conn: &mut DbConnection,
    user_id: i64,
    internship_id: i64,
) -> Result<(Internship, Vec<Slot>), ApplicationError> {
    let internship = crate::internship::service::owned(conn, user_id, internship_id)
        .map_err(|_| ApplicationError::NotFound)?;
    let slots = slot_store::slots(conn, internship_id)?;
    Ok((internship, slots))
}

/// Publishes a slot; the form is the interview form (time, length, mode, place).
pub fn publish(
    conn: &mut DbConnection,
    user_id: i64,
    internship_id: i64,
    form: &InterviewForm,
) -> Result<(), ApplicationError> {
    let internship = crate::internship::service::owned(conn, user_id, internship_id)
        .map_err(|_| ApplicationError::NotFound)?;
    if internship.status == "taken_down" {
        return Err(not_allowed("err.taken_down_no_interviews"));
    }
    let (when, minutes, mode, place, _) =
        validate_interview(form, now_in_india()).map_err(ApplicationError::Invalid)?;
    match slot_store::insert_slot(
        conn,
        internship_id,
        when,
        minutes,
        &mode,
        place.as_deref(),
        Utc::now().naive_utc(),
    ) {
        Ok(_) => Ok(()),
        Err(e) if e.is_unique_violation() => {
            let mut errors = crate::web::FieldErrors::default();
            errors.add("scheduled_at", "hiring_err.slot_exists");
            Err(ApplicationError::Invalid(errors))
        }
        Err(e) => Err(e.into()),
    }
}

/// Removes a slot nobody booked yet.
pub fn remove(
    conn: &mut DbConnection,
    user_id: i64,
    internship_id: i64,
    slot_id: i64,
) -> Result<(), ApplicationError> {
    crate::internship::service::owned(conn, user_id, internship_id)
        .map_err(|_| ApplicationError::NotFound)?;
    if !slot_store::delete_free_slot(conn, internship_id, slot_id)? {
        return Err(not_allowed("hiring_err.slot_booked"));
    }
    Ok(())
}

/// What the student's booking page shows.
pub struct Booking {
    pub application: Application,
    pub title: String,
    pub free: Vec<Slot>,
    pub booked: Option<Slot>,
}

/// The student's own application (anyone else's: not found).
fn own_application(
    conn: &mut DbConnection,
    user_id: i64,
    application_id: i64,
) -> Result<Application, ApplicationError> {
    let application =
        crate::application::store::find(conn, application_id)?.ok_or(ApplicationError::NotFound)?;
    let owner = crate::application::store::student_user(conn, application.student_id)?;
    if owner.map(|(id, _, _)| id) != Some(user_id) {
        return Err(ApplicationError::NotFound);
    }
    Ok(application)
}

/// Whether an application at `status` may book a slot: shortlisted, or already at interview.
pub fn may_book(status: Status) -> bool {
    matches!(status, Status::Shortlisted | Status::Interview)
}

/// The free future slots of the student's posting, and the one she booked.
pub fn for_student(
    conn: &mut DbConnection,
    user_id: i64,
    application_id: i64,
) -> Result<Booking, ApplicationError> {
    let application = own_application(conn, user_id, application_id)?;
    let (title, _, _) =
        crate::application::store::internship_summary(conn, application.internship_id)?
            .ok_or(ApplicationError::NotFound)?;
    let booked = slot_store::slot_of(conn, application.id)?;
    let now = now_in_india();
    let free = if may_book(application.status()) && booked.is_none() {
        slot_store::slots(conn, application.internship_id)?
            .into_iter()
            .filter(|s| s.is_free() && s.starts_at > now)
            .collect()
    } else {
        Vec::new()
    };
    Ok(Booking {
        application,
        title,
        free,
        booked,
    })
}

/// Whether a posting has free slots to come (the student's page shows the booking link then).
pub fn has_free_slots(conn: &mut DbConnection, internship_id: i64) -> Result<bool, DbError> {
    let now = now_in_india();
    Ok(slot_store::slots(conn, internship_id)?
        .iter()
        .any(|s| s.is_free() && s.starts_at > now))
}

/// The student books a slot: the slot is taken, a confirmed interview made, the application
/// moved to interview, and both calendars get the invitation — or nothing at all happens.
pub fn book(
    conn: &mut DbConnection,
    user_id: i64,
    application_id: i64,
    slot_id: i64,
    base_url: &str,
) -> Result<(), ApplicationError> {
    let application = own_application(conn, user_id, application_id)?;
    let from = application.status();
    if !may_book(from) {
        return Err(not_allowed("hiring_err.slot_not_shortlisted"));
    }
    let slot = slot_store::slot(conn, slot_id)?.ok_or(ApplicationError::NotFound)?;
    if slot.internship_id != application.internship_id {
        return Err(ApplicationError::NotFound);
    }
    if slot.starts_at <= now_in_india() {
        return Err(not_allowed("hiring_err.slot_gone"));
    }
    let outcome = crate::db::transaction(conn, |conn| {
        let at = Utc::now().naive_utc();
        if !slot_store::take_slot(conn, slot.id, application.id, at)? {
            return Err(not_allowed("hiring_err.slot_gone"));
        }
        let interview_id = store::insert_interview(
            conn,
            application.id,
            slot.starts_at,
            slot.duration_minutes,
            &slot.mode,
            slot.location_or_link.as_deref(),
            None,
            at,
        )?;
        // The student chose the time herself: the interview is confirmed as booked.
        store::set_state(conn, interview_id, &["proposed"], "confirmed", None, at)?;
        slot_store::link_slot_interview(conn, slot.id, interview_id)?;
        if from == Status::Shortlisted {
            if !crate::application::store::set_status(
                conn,
                application.id,
                from,
                Status::Interview,
                at,
            )? {
                return Err(not_allowed("err.changed_meanwhile"));
            }
            crate::application::store::insert_event(
                conn,
                application.id,
                Some(from),
                Status::Interview,
                user_id,
                None,
                at,
            )?;
        }
        calendar::send(
            conn,
            interview_id,
            Method::Request,
            "calendar.booked",
            Recipients::Both,
            true,
            base_url,
        )?;
        Ok(())
    });
    match outcome {
        // The application already holds a slot (a second booking at the same moment).
        Err(ApplicationError::Db(e)) if e.is_unique_violation() => {
            Err(not_allowed("hiring_err.slot_already_booked"))
        }
        other => other,
    }
}
