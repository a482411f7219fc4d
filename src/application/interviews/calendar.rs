//! Interviews in calendars: every proposed, confirmed, rescheduled or cancelled interview sends
//! an iCalendar invitation with its email, and both sides can download the same `.ics`.

use super::ics::{self, Invitation, Method};
use super::model::InterviewParties;
use super::store;
use crate::application::service::ApplicationError;
use crate::db::{DbConnection, DbError};
use crate::notify::message::{Message, queue, render};
use crate::notify::{notify, recipient};
use crate::web::i18n::{Lang, Msg, t};
use askama::Template;
use chrono::Utc;

#[derive(Template)]
#[template(path = "email/interview.txt")]
struct InviteText<'a> {
    name: &'a str,
    headline: &'a str,
    when_label: String,
    when: String,
    place_label: String,
    place: Option<&'a str>,
    calendar_note: String,
    link_label: String,
    link: &'a str,
}

#[derive(Template)]
#[template(path = "email/interview.html")]
struct InviteHtml<'a> {
    name: &'a str,
    headline: &'a str,
    when_label: String,
    when: String,
    place_label: String,
    place: Option<&'a str>,
    meeting_url: Option<String>,
    calendar_note: String,
    link_label: String,
    link: &'a str,
}

/// Who an invitation email goes to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Recipients {
    Student,
    Employer,
    Both,
}

/// The interview as a calendar entry.
pub fn invitation(parties: &InterviewParties, method: Method, base_url: &str) -> Invitation {
    let i = &parties.interview;
    let place = i.location_or_link.clone();
    Invitation {
        uid: ics::uid(i.id, base_url),
        sequence: i.sequence,
        method,
        start_ist: i.scheduled_at,
        minutes: i.duration_minutes,
        summary: Msg::new("calendar.summary")
            .with("title", &parties.title)
            .with("company", &parties.company)
            .text(Lang::En),
        description: i.notes.clone().unwrap_or_default(),
        url: place.as_deref().and_then(ics::meeting_link),
        location: place,
        organizer: (parties.company.clone(), parties.organizer_email.clone()),
        attendee: (parties.student_name.clone(), parties.student_email.clone()),
        confirmed: i.status == "confirmed",
        stamp_utc: Utc::now().naive_utc(),
    }
}

/// Loads the interview and tells `who` by an email carrying the invitation (`method`) and, when
/// `in_app`, in the app; the headline is a catalogue key with `{title}`, `{when}`, `{name}`.
pub fn send(
    conn: &mut DbConnection,
    interview_id: i64,
    method: Method,
    headline_key: &'static str,
    who: Recipients,
    in_app: bool,
    base_url: &str,
) -> Result<(), DbError> {
    let Some(parties) = store::parties(conn, interview_id)? else {
        return Ok(());
    };
    let calendar = ics::render(&invitation(&parties, method, base_url));
    let headline = Msg::new(headline_key)
        .with("title", &parties.title)
        .with("when", parties.interview.when())
        .with("name", &parties.student_name);
    let student_link = format!("/applications/{}", parties.interview.application_id);
    let employer_link = format!(
        "/employer/internships/{}/applicants#application-{}",
        parties.internship_id, parties.interview.application_id
    );
    let mut targets = Vec::new();
    if who != Recipients::Employer {
        targets.push((parties.student_user_id, student_link));
    }
    if who != Recipients::Student {
        targets.push((parties.owner_user_id, employer_link));
    }
    for (user_id, link) in targets {
        if in_app {
            notify(conn, user_id, "interview", &headline, Some(&link))?;
        }
        // Each side reads the email in its own language; an erased account gets none.
        let Some(to) = recipient(conn, user_id)? else {
            continue;
        };
        let address = if user_id == parties.owner_user_id {
            parties.organizer_email.clone()
        } else {
            to.email.clone()
        };
        let mut message = email_for(
            &parties,
            &to.name,
            &headline.text(to.lang),
            &format!("{base_url}{link}"),
            to.lang,
        );
        message.calendar = Some(calendar.clone());
        queue(conn, &address, message)?;
    }
    Ok(())
}

fn email_for(
    parties: &InterviewParties,
    name: &str,
    headline: &str,
    link: &str,
    lang: Lang,
) -> Message {
    let place = parties.interview.location_or_link.as_deref();
    let when = parties.interview.when();
    render(
        headline,
        InviteText {
            name,
            headline,
            when_label: t(lang, "interview.when"),
            when: when.clone(),
            place_label: t(lang, "interview.place"),
            place,
            calendar_note: t(lang, "calendar.attached"),
            link_label: t(lang, "calendar.see_on_praktiki"),
            link,
        },
        InviteHtml {
            name,
            headline,
            when_label: t(lang, "interview.when"),
            when,
            place_label: t(lang, "interview.place"),
            place,
            meeting_url: place.and_then(ics::meeting_link),
            calendar_note: t(lang, "calendar.attached"),
            link_label: t(lang, "calendar.see_on_praktiki"),
            link,
        },
    )
}

/// The `.ics` of an interview for the student it is for (anyone else: not found).
pub fn ics_for_student(
    conn: &mut DbConnection,
    user_id: i64,
    application_id: i64,
    interview_id: i64,
    base_url: &str,
) -> Result<String, ApplicationError> {
    let parties = store::parties(conn, interview_id)?.ok_or(ApplicationError::NotFound)?;
    if parties.student_user_id != user_id || parties.interview.application_id != application_id {
        return Err(ApplicationError::NotFound);
    }
    Ok(ics::render(&invitation(
        &parties,
        method_of(&parties),
        base_url,
    )))
}

/// The `.ics` of an interview for a member of the company that holds it.
pub fn ics_for_employer(
    conn: &mut DbConnection,
    user_id: i64,
    interview_id: i64,
    base_url: &str,
) -> Result<String, ApplicationError> {
    let parties = employers_interview(conn, user_id, interview_id)?;
    Ok(ics::render(&invitation(
        &parties,
        method_of(&parties),
        base_url,
    )))
}

fn method_of(parties: &InterviewParties) -> Method {
    if parties.interview.status == "cancelled" {
        Method::Cancel
    } else {
        Method::Request
    }
}

/// An interview of the company the employer acts for (anyone else's: not found).
pub fn employers_interview(
    conn: &mut DbConnection,
    user_id: i64,
    interview_id: i64,
) -> Result<InterviewParties, ApplicationError> {
    let parties = store::parties(conn, interview_id)?.ok_or(ApplicationError::NotFound)?;
    let company = crate::profile::team::service::company_of(conn, user_id)?
        .ok_or(ApplicationError::NotFound)?;
    if company.id != parties.employer_id {
        return Err(ApplicationError::NotFound);
    }
    Ok(parties)
}

/// Whether an event was a failed conditional move, in words for the user.
pub(super) fn changed_meanwhile() -> ApplicationError {
    ApplicationError::NotAllowed(Msg::new("hiring_err.interview_changed_meanwhile"))
}
