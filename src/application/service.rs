//! Rules of the application module: who may apply, what a complete application is, which status
//! moves are allowed and who is told about them.

use super::emails;
use super::model::*;
use super::store;
use crate::db::{DbConnection, DbError};
use crate::internship::model::Internship;
use crate::notify::service::notify_user;
use crate::web::FieldErrors;
use crate::web::i18n::Msg;
use chrono::{NaiveDateTime, Utc};

// Queries other modules need, exposed here so that they never reach into this module's store.
pub use super::store::{by_student, open_applicants, student_user};

/// Longest cover letter and screening answer accepted, in characters.
pub const MAX_COVER_LETTER: usize = 5000;
pub const MAX_ANSWER: usize = 2000;
pub const MAX_REASON: usize = 500;

#[derive(Debug, thiserror::Error)]
pub enum ApplicationError {
    #[error("the form has errors")]
    Invalid(FieldErrors),
    #[error("{0}")]
    NotAllowed(Msg),
    /// The student already applied: the id of that application.
    #[error("already applied")]
    AlreadyApplied(i64),
    #[error("not found")]
    NotFound,
    #[error(transparent)]
    Db(#[from] DbError),
}

impl From<diesel::result::Error> for ApplicationError {
    fn from(e: diesel::result::Error) -> Self {
        ApplicationError::Db(e.into())
    }
}

fn now() -> NaiveDateTime {
    Utc::now().naive_utc()
}

fn not_allowed(message: &'static str) -> ApplicationError {
    ApplicationError::NotAllowed(Msg::new(message))
}

/// The signed-in student's profile id; a student without a profile cannot apply yet.
fn student_id(conn: &mut DbConnection, user_id: i64) -> Result<i64, ApplicationError> {
    crate::profile::service::student_by_user(conn, user_id)?
        .map(|p| p.id)
        .ok_or_else(|| not_allowed("err.apply_no_profile"))
}

/// What the apply page needs: the internship, its company, its questions and the student's
/// existing application, if any.
pub struct ApplyTarget {
    pub internship: Internship,
    pub company: String,
    pub questions: Vec<Question>,
    pub existing: Option<Application>,
}

/// An internship the student may apply to: visible, open, of an approved company.
pub fn apply_target(
    conn: &mut DbConnection,
    user_id: i64,
    internship_id: i64,
) -> Result<ApplyTarget, ApplicationError> {
    let (internship, company, company_status) =
        crate::internship::service::with_company(conn, internship_id)?
            .ok_or(ApplicationError::NotFound)?;
    if company_status != "approved" || matches!(internship.status.as_str(), "taken_down" | "draft")
    {
        return Err(ApplicationError::NotFound);
    }
    let student = student_id(conn, user_id)?;
    let existing = store::of_student_for(conn, student, internship_id)?;
    let questions = store::questions(conn, internship_id)?;
    Ok(ApplyTarget {
        internship,
        company,
        questions,
        existing,
    })
}

/// A checked apply form: the cover letter (if any) and (question id, answer) pairs.
pub type ValidApplication = (Option<String>, Vec<(i64, String)>);

/// Checks the apply form against the internship's questions: every question needs an answer.
/// Returns the cover letter and (question id, answer) pairs.
pub fn validate(form: &ApplyForm, questions: &[Question]) -> Result<ValidApplication, FieldErrors> {
    let mut errors = FieldErrors::default();
    let cover = form.cover_letter.trim();
    if cover.chars().count() > MAX_COVER_LETTER {
        errors.add(
            "cover_letter",
            Msg::new("err.cover_letter_long").with("max", MAX_COVER_LETTER),
        );
    }
    let mut answers = Vec::new();
    for q in questions {
        let answer = form.answer(&q.position).trim();
        let field: &'static str = match q.position {
            1 => "answer_1",
            2 => "answer_2",
            3 => "answer_3",
            4 => "answer_4",
            _ => "answer_5",
        };
        if answer.is_empty() {
            errors.add(field, "err.answer_required");
        } else if answer.chars().count() > MAX_ANSWER {
            errors.add(field, Msg::new("err.answer_long").with("max", MAX_ANSWER));
        } else {
            answers.push((q.id, answer.to_string()));
        }
    }
    if errors.is_empty() {
        Ok(((!cover.is_empty()).then(|| cover.to_string()), answers))
    } else {
        Err(errors)
    }
}

/// Submits an application: the answers, the first event, a signal for recommendations, and a
/// notification (in the app and by email) to the employer — all in one transaction.
pub fn apply(
    conn: &mut DbConnection,
    user_id: i64,
    email_verified: bool,
    internship_id: i64,
    form: &ApplyForm,
    base_url: &str,
) -> Result<i64, ApplicationError> {
    if !email_verified {
        return Err(not_allowed("err.apply_verify_email"));
    }
    let target = apply_target(conn, user_id, internship_id)?;
    if let Some(existing) = &target.existing {
        return Err(ApplicationError::AlreadyApplied(existing.id));
    }
    if !target
        .internship
        .is_open(crate::internship::service::today())
    {
        return Err(not_allowed("err.no_longer_open"));
    }
    let (cover, answers) = validate(form, &target.questions).map_err(ApplicationError::Invalid)?;
    let student = student_id(conn, user_id)?;
    let result = crate::db::transaction(conn, |conn| {
        let at = now();
        let id = store::insert(conn, student, internship_id, cover.as_deref(), at)?;
        for (question_id, answer) in &answers {
            store::insert_answer(conn, id, *question_id, answer)?;
        }
        store::insert_event(conn, id, None, Status::Submitted, user_id, None, at)?;
        crate::matching::service::insert_feedback(conn, student, internship_id, "apply")?;
        tell_employer(conn, id, user_id, &target.internship, base_url)?;
        Ok::<_, DbError>(id)
    });
    match result {
        Ok(id) => Ok(id),
        // Two submissions at once: the second finds the first.
        Err(e) if e.is_unique_violation() => {
            let existing = store::of_student_for(conn, student, internship_id)?
                .ok_or(ApplicationError::Db(e))?;
            Err(ApplicationError::AlreadyApplied(existing.id))
        }
        Err(e) => Err(e.into()),
    }
}

fn tell_employer(
    conn: &mut DbConnection,
    application_id: i64,
    student_user_id: i64,
    internship: &Internship,
    base_url: &str,
) -> Result<(), DbError> {
    let Some((_, _, employer_user)) = store::internship_summary(conn, internship.id)? else {
        return Ok(());
    };
    let student_name = store::user_contact(conn, student_user_id)?
        .map(|(name, _)| name)
        .unwrap_or_default();
    let link = format!("/employer/internships/{}/applicants", internship.id);
    let message = format!("{student_name} applied to {}.", internship.title);
    notify_user(conn, employer_user, "application", &message, Some(&link))?;
    if let Some((name, email)) = store::user_contact(conn, employer_user)? {
        let url = format!("{base_url}{link}#application-{application_id}");
        emails::queue(
            conn,
            &email,
            emails::update(
                &name,
                &format!("New application: {}", internship.title),
                &message,
                None,
                &url,
            ),
        )?;
    }
    Ok(())
}

/// The student's own application (anyone else's id is "not found").
pub(super) fn own_application(
    conn: &mut DbConnection,
    user_id: i64,
    application_id: i64,
) -> Result<Application, ApplicationError> {
    let student = crate::profile::service::student_by_user(conn, user_id)?
        .ok_or(ApplicationError::NotFound)?;
    let application = store::find(conn, application_id)?.ok_or(ApplicationError::NotFound)?;
    if application.student_id != student.id {
        return Err(ApplicationError::NotFound);
    }
    Ok(application)
}

/// The signed-in student's applications, newest first.
pub fn mine(conn: &mut DbConnection, user_id: i64) -> Result<Vec<MyApplication>, ApplicationError> {
    match crate::profile::service::student_by_user(conn, user_id)? {
        Some(student) => Ok(store::by_student(conn, student.id)?),
        None => Ok(Vec::new()),
    }
}

/// The student's interviews still to come (proposed or confirmed), soonest first, each with
/// its application's title.
pub fn upcoming_interviews(
    conn: &mut DbConnection,
    applications: &[MyApplication],
) -> Result<Vec<UpcomingInterview>, DbError> {
    let open: Vec<i64> = applications
        .iter()
        .filter(|a| a.status == Status::Interview)
        .map(|a| a.id)
        .collect();
    if open.is_empty() {
        return Ok(Vec::new());
    }
    // Interview times are kept in Indian Standard Time (see `schedule_interview`).
    let now_in_india = now() + chrono::Duration::minutes(330);
    Ok(store::interviews_of(conn, &open)?
        .into_iter()
        .filter(|i| i.scheduled_at > now_in_india)
        .filter(|i| matches!(i.status.as_str(), "proposed" | "confirmed"))
        .filter_map(|interview| {
            let title = applications
                .iter()
                .find(|a| a.id == interview.application_id)?
                .title
                .clone();
            Some(UpcomingInterview { interview, title })
        })
        .collect())
}

/// One of the student's applications with its answers, history and interviews.
pub fn detail(
    conn: &mut DbConnection,
    user_id: i64,
    application_id: i64,
) -> Result<ApplicationDetail, ApplicationError> {
    let application = own_application(conn, user_id, application_id)?;
    let (title, company, _) = store::internship_summary(conn, application.internship_id)?
        .ok_or(ApplicationError::NotFound)?;
    let answers = store::answers(conn, &[application.id])?
        .into_iter()
        .map(|a| AnswerView {
            answer_id: a.id,
            question_id: a.question_id,
            question: a.question,
            model_answer: None,
            answer: a.answer,
            closeness: None,
        })
        .collect();
    let events = store::events(conn, application.id)?;
    let interviews = store::interviews_of(conn, &[application.id])?;
    let offer = super::offers::store::of_application(conn, application.id)?;
    Ok(ApplicationDetail {
        application,
        title,
        company,
        answers,
        events,
        interviews,
        offer,
    })
}

/// The student withdraws an open application; the employer is told in the app.
pub fn withdraw(
    conn: &mut DbConnection,
    user_id: i64,
    application_id: i64,
) -> Result<(), ApplicationError> {
    let application = own_application(conn, user_id, application_id)?;
    let from = application.status();
    if !from.may_withdraw() {
        return Err(not_allowed("err.withdraw_closed"));
    }
    crate::db::transaction(conn, |conn| {
        let at = now();
        if !store::set_status(conn, application.id, from, Status::Withdrawn, at)? {
            return Err(not_allowed("err.changed_meanwhile"));
        }
        store::insert_event(
            conn,
            application.id,
            Some(from),
            Status::Withdrawn,
            user_id,
            None,
            at,
        )?;
        if let Some((title, _, employer_user)) =
            store::internship_summary(conn, application.internship_id)?
        {
            notify_user(
                conn,
                employer_user,
                "application",
                &format!("An applicant withdrew from {title}."),
                Some(&format!(
                    "/employer/internships/{}/applicants",
                    application.internship_id
                )),
            )?;
        }
        Ok(())
    })
}

/// The student confirms a proposed interview.
pub fn confirm_interview(
    conn: &mut DbConnection,
    user_id: i64,
    application_id: i64,
    interview_id: i64,
) -> Result<(), ApplicationError> {
    let application = own_application(conn, user_id, application_id)?;
    // Withdrawn, rejected or decided: a slot proposed earlier no longer stands.
    let at_interview = application.status().may_confirm_interview();
    if !at_interview || !store::confirm_interview(conn, interview_id, application.id, now())? {
        // Pressing "confirm" twice (a double click, a resent form) is not an error.
        return match store::interview_status(conn, interview_id, application.id)?.as_deref() {
            Some("confirmed") => Ok(()),
            Some(_) if !at_interview => Err(not_allowed("err.not_at_interview")),
            Some(_) => Err(not_allowed("err.interview_not_confirmable")),
            None => Err(ApplicationError::NotFound),
        };
    }
    if let Some((title, _, employer_user)) =
        store::internship_summary(conn, application.internship_id)?
    {
        notify_user(
            conn,
            employer_user,
            "interview",
            &format!("An applicant confirmed their interview for {title}."),
            Some(&format!(
                "/employer/internships/{}/applicants",
                application.internship_id
            )),
        )?;
    }
    Ok(())
}

// ---- employers ----

/// An application to one of the employer's internships, with that internship.
pub(super) fn employers_application(
    conn: &mut DbConnection,
    user_id: i64,
    application_id: i64,
) -> Result<(Application, Internship), ApplicationError> {
    let application = store::find(conn, application_id)?.ok_or(ApplicationError::NotFound)?;
    let internship = crate::internship::service::owned(conn, user_id, application.internship_id)
        .map_err(|_| ApplicationError::NotFound)?;
    Ok((application, internship))
}

/// Parses and checks a status change: a known status the current one may move to, on a posting
/// in `posting_status`.
pub fn check_move(
    current: Status,
    posting_status: &str,
    form: &StatusForm,
) -> Result<(Status, Option<String>), ApplicationError> {
    let Some(next) = Status::parse(&form.status) else {
        return Err(not_allowed("err.status_choice"));
    };
    if !current.employer_moves_on(posting_status).contains(&next) {
        // A move the status allows but the taken-down posting does not: say why.
        if current.employer_moves().contains(&next) {
            return Err(not_allowed("err.taken_down_decline_only"));
        }
        return Err(ApplicationError::NotAllowed(
            Msg::new("err.move_not_allowed")
                .with_key("from", format!("status_word.{}", current.as_str()))
                .with_key("to", format!("status_word.{}", next.as_str())),
        ));
    }
    let reason = form.reason.trim();
    if reason.chars().count() > MAX_REASON {
        return Err(ApplicationError::NotAllowed(
            Msg::new("err.note_long").with("max", MAX_REASON),
        ));
    }
    Ok((next, (!reason.is_empty()).then(|| reason.to_string())))
}

/// The employer moves an application on; the student is told in the app and by email. Returns
/// the internship (the page to go back to) and the new status, or why the move was refused.
pub fn change_status(
    conn: &mut DbConnection,
    user_id: i64,
    application_id: i64,
    form: &StatusForm,
    base_url: &str,
) -> Result<(i64, Result<Status, Msg>), ApplicationError> {
    let (application, internship) = employers_application(conn, user_id, application_id)?;
    let internship_id = internship.id;
    match apply_move(conn, user_id, &application, &internship, form, base_url) {
        Ok(status) => Ok((internship_id, Ok(status))),
        Err(ApplicationError::NotAllowed(why)) => Ok((internship_id, Err(why))),
        Err(e) => Err(e),
    }
}

fn apply_move(
    conn: &mut DbConnection,
    user_id: i64,
    application: &Application,
    internship: &Internship,
    form: &StatusForm,
    base_url: &str,
) -> Result<Status, ApplicationError> {
    let from = application.status();
    let (to, reason) = check_move(from, &internship.status, form)?;
    if to == Status::Offered {
        // An offer carries terms and a date to answer by: its own rules.
        super::offers::service::make_offer(conn, user_id, application, internship, form, base_url)?;
        return Ok(to);
    }
    crate::db::transaction(conn, |conn| {
        let at = now();
        if !store::set_status(conn, application.id, from, to, at)? {
            return Err(not_allowed("err.changed_meanwhile_withdrawn"));
        }
        store::insert_event(
            conn,
            application.id,
            Some(from),
            to,
            user_id,
            reason.as_deref(),
            at,
        )?;
        let headline = match to {
            Status::Shortlisted => format!("You were shortlisted for {}.", internship.title),
            Status::Interview => format!("You were invited to interview for {}.", internship.title),
            Status::NotSelected => format!(
                "Your application to {} was not taken further.",
                internship.title
            ),
            _ => format!("Your application to {} was updated.", internship.title),
        };
        tell_student(conn, application, &headline, reason.as_deref(), base_url)?;
        Ok(to)
    })
}

fn tell_student(
    conn: &mut DbConnection,
    application: &Application,
    headline: &str,
    reason: Option<&str>,
    base_url: &str,
) -> Result<(), DbError> {
    let Some((student_user, name, email)) = store::student_user(conn, application.student_id)?
    else {
        return Ok(());
    };
    let link = format!("/applications/{}", application.id);
    notify_user(conn, student_user, "application", headline, Some(&link))?;
    emails::queue(
        conn,
        &email,
        emails::update(
            &name,
            headline,
            headline,
            reason,
            &format!("{base_url}{link}"),
        ),
    )?;
    Ok(())
}

/// A checked interview form: when, minutes, mode, place or link, notes.
pub type ValidInterview = (NaiveDateTime, i32, String, Option<String>, Option<String>);

/// The applicant's name and the internship's title, for the employer's interview page.
pub fn interview_subject(
    conn: &mut DbConnection,
    user_id: i64,
    application_id: i64,
) -> Result<(String, String), ApplicationError> {
    let (application, internship) = employers_application(conn, user_id, application_id)?;
    let name = store::student_user(conn, application.student_id)?
        .map(|(_, name, _)| name)
        .unwrap_or_default();
    Ok((name, internship.title))
}

/// Parses the interview form; errors name their fields.
pub fn validate_interview(
    form: &InterviewForm,
    now: NaiveDateTime,
) -> Result<ValidInterview, FieldErrors> {
    let mut errors = FieldErrors::default();
    let when = NaiveDateTime::parse_from_str(form.scheduled_at.trim(), "%Y-%m-%dT%H:%M")
        .or_else(|_| NaiveDateTime::parse_from_str(form.scheduled_at.trim(), "%Y-%m-%d %H:%M"));
    let when = match when {
        Ok(t) if t > now => Some(t),
        Ok(_) => {
            errors.add("scheduled_at", "err.interview_future");
            None
        }
        Err(_) => {
            errors.add("scheduled_at", "err.interview_datetime");
            None
        }
    };
    let minutes = match form.duration_minutes.trim() {
        "" => Some(30),
        raw => match raw.parse::<i32>() {
            Ok(m) if (10..=240).contains(&m) => Some(m),
            _ => {
                errors.add("duration_minutes", "err.interview_length");
                None
            }
        },
    };
    let mode = form.mode.trim().to_string();
    if !matches!(mode.as_str(), "online" | "onsite" | "phone") {
        errors.add("mode", "err.interview_mode");
    }
    let place = form.location_or_link.trim();
    if place.chars().count() > 500 {
        errors.add(
            "location_or_link",
            Msg::new("err.max_chars").with("max", 500),
        );
    }
    let notes = form.notes.trim();
    if notes.chars().count() > 2000 {
        errors.add("notes", "err.notes_long");
    }
    match (when, minutes) {
        (Some(when), Some(minutes)) if errors.is_empty() => Ok((
            when,
            minutes,
            mode,
            (!place.is_empty()).then(|| place.to_string()),
            (!notes.is_empty()).then(|| notes.to_string()),
        )),
        _ => Err(errors),
    }
}

/// The employer proposes an interview: a shortlisted application moves to `interview`; one
/// already there gets another slot. The student is told in the app and by email.
pub fn schedule_interview(
    conn: &mut DbConnection,
    user_id: i64,
    application_id: i64,
    form: &InterviewForm,
    base_url: &str,
) -> Result<i64, ApplicationError> {
    let (application, internship) = employers_application(conn, user_id, application_id)?;
    let from = application.status();
    if internship.status == "taken_down" {
        return Err(not_allowed("err.taken_down_no_interviews"));
    }
    if !matches!(from, Status::Shortlisted | Status::Interview) {
        return Err(not_allowed("err.shortlist_first"));
    }
    let at = now();
    // Interview times are typed and shown in Indian Standard Time (UTC+5:30), the platform's.
    let now_in_india = at + chrono::Duration::minutes(330);
    let (when, minutes, mode, place, notes) =
        validate_interview(form, now_in_india).map_err(ApplicationError::Invalid)?;
    crate::db::transaction(conn, |conn| {
        store::insert_interview(
            conn,
            application.id,
            when,
            minutes,
            &mode,
            place.as_deref(),
            notes.as_deref(),
            at,
        )?;
        if from == Status::Shortlisted {
            if !store::set_status(conn, application.id, from, Status::Interview, at)? {
                return Err(not_allowed("err.changed_meanwhile"));
            }
            store::insert_event(
                conn,
                application.id,
                Some(from),
                Status::Interview,
                user_id,
                None,
                at,
            )?;
        }
        let headline = format!(
            "Interview for {}: {} IST ({} minutes, {}).",
            internship.title,
            when.format("%d %b %Y, %H:%M"),
            minutes,
            mode
        );
        tell_student(conn, &application, &headline, place.as_deref(), base_url)?;
        Ok(internship.id)
    })
}

/// An employer's internship, its applications (of one status, or all) and the counts per status.
pub fn applicants(
    conn: &mut DbConnection,
    user_id: i64,
    internship_id: i64,
    status: Option<Status>,
) -> Result<(Internship, Vec<Applicant>, StatusCounts), ApplicationError> {
    let internship = crate::internship::service::owned(conn, user_id, internship_id)
        .map_err(|_| ApplicationError::NotFound)?;
    let rows = store::applicants(conn, internship_id, status)?;
    let ids: Vec<i64> = rows.iter().map(|r| r.0.id).collect();
    let mut answers = store::answers(conn, &ids)?;
    let mut interviews = store::interviews_of(conn, &ids)?;
    let mut applicants = Vec::with_capacity(rows.len());
    for (application, university, degree, city, name, email) in rows {
        let skills = crate::db::skills::student_skill_names(conn, application.student_id)?;
        let resume = crate::profile::service::resume_view_of(conn, application.student_id)?;
        let mine: Vec<AnswerView> = answers
            .extract_if(.., |a| a.application_id == application.id)
            .map(|a| AnswerView {
                answer_id: a.id,
                question_id: a.question_id,
                question: a.question,
                model_answer: a.model_answer,
                answer: a.answer,
                closeness: None,
            })
            .collect();
        let slots = interviews
            .extract_if(.., |i| i.application_id == application.id)
            .collect();
        applicants.push(Applicant {
            student_id: application.student_id,
            application,
            name,
            email,
            university: university.unwrap_or_default(),
            degree: degree.unwrap_or_default(),
            city: city.unwrap_or_default(),
            skills,
            fit: None,
            answers: mine,
            interviews: slots,
            resume,
        });
    }
    let counts = StatusCounts(
        store::counts(conn, internship_id)?
            .into_iter()
            .filter_map(|(s, n)| Some((Status::parse(&s)?, n)))
            .collect(),
    );
    Ok((internship, applicants, counts))
}

/// The id of the student's application to an internship, if they applied.
pub fn application_of(
    conn: &mut DbConnection,
    user_id: i64,
    internship_id: i64,
) -> Result<Option<i64>, DbError> {
    let Some(student) = crate::profile::service::student_by_user(conn, user_id)? else {
        return Ok(None);
    };
    Ok(store::of_student_for(conn, student.id, internship_id)?.map(|a| a.id))
}

/// Applications to all of an employer's internships, per status (the employer's dashboard).
pub fn counts_for_employer(
    conn: &mut DbConnection,
    employer_id: i64,
) -> Result<StatusCounts, DbError> {
    Ok(StatusCounts(
        store::counts_for_employer(conn, employer_id)?
            .into_iter()
            .filter_map(|(s, n)| Some((Status::parse(&s)?, n)))
            .collect(),
    ))
}

/// An employer's applicants with their fit (the matching engine's score and explanations) and
/// how close each screening answer comes to the model answer; best fit first unless `by_date`.
pub async fn ranked_applicants(
    state: &crate::state::AppState,
    user_id: i64,
    internship_id: i64,
    status: Option<Status>,
    by_date: bool,
    page: crate::web::pagination::Pagination,
) -> Result<(Internship, Vec<Applicant>, StatusCounts, i64), ApplicationError> {
    let model = state
        .model
        .embedder()
        .map(|e| e.model_id().to_string())
        .unwrap_or_else(|| "all-MiniLM-L6-v2".into());
    let weights = state.matching.weights();
    let (internship, mut list, counts) = state
        .db
        .run(move |conn| {
            let (internship, mut list, counts) = applicants(conn, user_id, internship_id, status)?;
            let students: Vec<i64> = list.iter().map(|a| a.student_id).collect();
            let fits = crate::matching::service::applicant_fits(
                conn,
                internship_id,
                &students,
                &model,
                &weights,
            )?;
            for applicant in &mut list {
                applicant.fit = fits.get(&applicant.student_id).map(Fit::from);
            }
            Ok::<_, ApplicationError>((internship, list, counts))
        })
        .await?;
    if !by_date {
        // Best fit first; equal fits keep the order of application.
        list.sort_by(|a, b| {
            let fit = |x: &Applicant| x.fit.as_ref().map(|f| f.percent).unwrap_or(-1);
            fit(b).cmp(&fit(a))
        });
    }
    // Ranking needs every applicant; the rest of the work is for the page shown.
    let total = list.len() as i64;
    let mut list: Vec<Applicant> = list
        .into_iter()
        .skip(usize::try_from(page.offset()).unwrap_or(0))
        .take(usize::try_from(page.limit()).unwrap_or(0))
        .collect();
    // Closeness of answers to model answers: a hint; without the model the page still works.
    let pairs: Vec<(i64, String, i64, String)> = list
        .iter()
        .flat_map(|a| &a.answers)
        .filter_map(|ans| {
            let model = ans.model_answer.as_ref()?;
            Some((
                ans.answer_id,
                ans.answer.clone(),
                ans.question_id,
                model.clone(),
            ))
        })
        .collect();
    match crate::matching::service::answer_closeness(state, pairs).await {
        Ok(closeness) => {
            for answer in list.iter_mut().flat_map(|a| a.answers.iter_mut()) {
                answer.closeness = closeness
                    .get(&answer.answer_id)
                    .map(|c| (c.clamp(0.0, 1.0) * 100.0).round() as i32);
            }
        }
        Err(e) => tracing::warn!(error = %e, "answer closeness unavailable"),
    }
    Ok((internship, list, counts, total))
}
