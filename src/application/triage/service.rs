//! Rules of bulk triage and message templates.

use super::model::*;
use super::store;
use crate::application::model::{Status, StatusForm};
use crate::application::service::{ApplicationError, MAX_REASON, check_move};
use crate::audit::{self, Outcome};
use crate::db::{DbConnection, DbError};
use crate::profile::model::EmployerProfile;
use crate::web::FieldErrors;
use crate::web::i18n::{Lang, Msg};
use chrono::Utc;

/// Longest template title, in characters.
pub const MAX_TITLE: usize = 100;
/// Most applications one bulk form may move.
pub const MAX_BULK: usize = 200;

/// Templates every company starts with: catalogue keys of (title, body).
const DEFAULTS: [(&str, &str); 3] = [
    ("triage.default_filled_title", "triage.default_filled_body"),
    ("triage.default_skills_title", "triage.default_skills_body"),
    ("triage.default_later_title", "triage.default_later_body"),
];

fn not_allowed(key: &'static str) -> ApplicationError {
    ApplicationError::NotAllowed(Msg::new(key))
}

/// The company the employer acts for (owner or member).
fn company(conn: &mut DbConnection, user_id: i64) -> Result<EmployerProfile, ApplicationError> {
    crate::profile::team::service::company_of(conn, user_id)?
        .ok_or_else(|| not_allowed("err.post_no_profile"))
}

/// The company's templates; a company that has none yet gets the defaults first.
pub fn templates(
    conn: &mut DbConnection,
    user_id: i64,
) -> Result<Vec<MessageTemplate>, ApplicationError> {
    let company = company(conn, user_id)?;
    let list = store::templates(conn, company.id)?;
    if !list.is_empty() {
        return Ok(list);
    }
    let now = Utc::now().naive_utc();
    for (title, body) in DEFAULTS {
        let (title, body) = (
            crate::web::i18n::t(Lang::En, title),
            crate::web::i18n::t(Lang::En, body),
        );
        // Two first visits at once: the unique title keeps one copy; the other is no error.
        // (Each insert is its own statement, so a refused one spoils nothing else.)
        match store::insert_template(conn, company.id, &title, &body, now) {
            Ok(_) => {}
            Err(e) if e.is_unique_violation() => {}
            Err(e) => return Err(e.into()),
        }
    }
    Ok(store::templates(conn, company.id)?)
}

/// One of the company's templates (another company's: not found).
pub fn template(
    conn: &mut DbConnection,
    user_id: i64,
    id: i64,
) -> Result<MessageTemplate, ApplicationError> {
    let company = company(conn, user_id)?;
    store::template(conn, company.id, id)?.ok_or(ApplicationError::NotFound)
}

/// Checks the template form: a title and a text the student can read.
pub fn validate_template(form: &TemplateForm) -> Result<(String, String), FieldErrors> {
    let mut errors = FieldErrors::default();
    let title = form.title.trim();
    let body = form.body.trim();
    if title.is_empty() {
        errors.add("title", "hiring_err.template_title_required");
    } else if title.chars().count() > MAX_TITLE {
        errors.add("title", Msg::new("err.max_chars").with("max", MAX_TITLE));
    }
    if body.is_empty() {
        errors.add("body", "hiring_err.template_body_required");
    } else if body.chars().count() > MAX_REASON {
        errors.add("body", Msg::new("err.max_chars").with("max", MAX_REASON));
    }
    if errors.is_empty() {
        Ok((title.to_string(), body.to_string()))
    } else {
        Err(errors)
    }
}

fn title_taken() -> ApplicationError {
    let mut errors = FieldErrors::default();
    errors.add("title", "hiring_err.template_title_taken");
    ApplicationError::Invalid(errors)
}

/// Saves a new template (`id: None`) or changes one of the company's.
pub fn save_template(
    conn: &mut DbConnection,
    user_id: i64,
    id: Option<i64>,
    form: &TemplateForm,
) -> Result<(), ApplicationError> {
    let company = company(conn, user_id)?;
    let (title, body) = validate_template(form).map_err(ApplicationError::Invalid)?;
    let now = Utc::now().naive_utc();
    let saved = match id {
        None => store::insert_template(conn, company.id, &title, &body, now).map(|_| true),
        Some(id) => store::update_template(conn, company.id, id, &title, &body, now),
    };
    match saved {
        Ok(true) => Ok(()),
        Ok(false) => Err(ApplicationError::NotFound),
        Err(e) if e.is_unique_violation() => Err(title_taken()),
        Err(e) => Err(e.into()),
    }
}

pub fn delete_template(
    conn: &mut DbConnection,
    user_id: i64,
    id: i64,
) -> Result<(), ApplicationError> {
    let company = company(conn, user_id)?;
    if store::delete_template(conn, company.id, id)? {
        Ok(())
    } else {
        Err(ApplicationError::NotFound)
    }
}

/// The words the students read: the chosen template's text, else the typed message.
fn message_of(
    conn: &mut DbConnection,
    employer_id: i64,
    form: &BulkForm,
) -> Result<Option<String>, ApplicationError> {
    let text = match form.template_id {
        Some(id) => {
            store::template(conn, employer_id, id)?
                .ok_or_else(|| not_allowed("hiring_err.template_missing"))?
                .body
        }
        None => form.message.trim().to_string(),
    };
    if text.chars().count() > MAX_REASON {
        return Err(ApplicationError::NotAllowed(
            Msg::new("err.note_long").with("max", MAX_REASON),
        ));
    }
    Ok((!text.is_empty()).then_some(text))
}

/// Moves every selected application of the internship at once. The whole request is refused if
/// an id is not an application to this posting of the company; an application whose status
/// does not allow the move is left as it is and counted. One audit entry per application moved.
pub fn bulk_move(
    conn: &mut DbConnection,
    user_id: i64,
    actor_email: &str,
    internship_id: i64,
    form: &BulkForm,
    base_url: &str,
) -> Result<BulkOutcome, ApplicationError> {
    let internship = crate::internship::service::owned(conn, user_id, internship_id)
        .map_err(|_| ApplicationError::NotFound)?;
    let action =
        BulkAction::parse(&form.action).ok_or_else(|| not_allowed("hiring_err.bulk_action"))?;
    if form.application_ids.is_empty() {
        return Err(not_allowed("hiring_err.bulk_none_selected"));
    }
    if form.application_ids.len() > MAX_BULK {
        return Err(ApplicationError::NotAllowed(
            Msg::new("hiring_err.bulk_too_many").with("max", MAX_BULK),
        ));
    }
    let message = message_of(conn, internship.employer_id, form)?;
    let to = match action {
        BulkAction::Shortlist => Status::Shortlisted,
        BulkAction::Interview => Status::Interview,
        BulkAction::Reject => Status::NotSelected,
    };
    // A student who is not taken further always reads why.
    if action == BulkAction::Reject && message.is_none() {
        return Err(not_allowed("hiring_err.bulk_reason_required"));
    }
    let applications = store::of_internship(conn, internship.id, &form.application_ids)?;
    if applications.len() != form.application_ids.len() {
        return Err(ApplicationError::NotFound);
    }
    let status_form = StatusForm {
        status: to.as_str().to_string(),
        reason: message.clone().unwrap_or_default(),
        ..StatusForm::default()
    };
    let key = match action {
        BulkAction::Shortlist => "triage.told_shortlisted",
        BulkAction::Interview => "triage.told_interview",
        BulkAction::Reject => "triage.told_not_selected",
    };
    // The employer's words go with the news, in the app as in the email.
    let headline = match &message {
        Some(words) => Msg::new(format!("{key}_note")).with("note", words),
        None => Msg::new(key),
    }
    .with("title", &internship.title);
    crate::db::transaction(conn, |conn| {
        let mut outcome = BulkOutcome::default();
        let at = Utc::now().naive_utc();
        for application in &applications {
            let from = application.status();
            let allowed = check_move(from, &internship.status, &status_form).is_ok();
            if !allowed
                || !crate::application::store::set_status(conn, application.id, from, to, at)?
            {
                outcome.skipped += 1;
                continue;
            }
            crate::application::store::insert_event(
                conn,
                application.id,
                Some(from),
                to,
                user_id,
                message.as_deref(),
                at,
            )?;
            let detail = format!("bulk: {} → {}", from.as_str(), to.as_str());
            audit::record(
                conn,
                audit::Event::new("application.status", Outcome::Success)
                    .actor(Some(user_id), actor_email)
                    .target("application", application.id)
                    .detail(&detail),
            )?;
            tell_student(conn, application, &headline, base_url)?;
            outcome.moved += 1;
        }
        Ok(outcome)
    })
}

fn tell_student(
    conn: &mut DbConnection,
    application: &crate::application::model::Application,
    headline: &Msg,
    base_url: &str,
) -> Result<(), DbError> {
    let Some((user_id, _, _)) =
        crate::application::store::student_user(conn, application.student_id)?
    else {
        return Ok(());
    };
    let notice = crate::notify::Notice::new("application", headline.clone())
        .link(format!("/applications/{}", application.id));
    crate::notify::tell(conn, user_id, &notice, base_url)
}
