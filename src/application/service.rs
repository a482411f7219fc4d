//! Rules of the application module: who may apply, what a complete application is, which status
//! moves are allowed and who is told about them.

use super::interviews::calendar::{Recipients, send as send_invitation};
pub use super::interviews::form::validate_interview;
use super::interviews::ics::Method;
use super::model::*;
use super::store;
use crate::db::{DbConnection, DbError};
use crate::internship::model::Internship;
use crate::notify::{Notice, notify, tell};
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
    let link = format!(
        "/employer/internships/{}/applicants#application-{application_id}",
        internship.id
    );
    let notice = Notice::new(
        "application",
        Msg::new("notice.applied")
            .with("name", student_name)
            .with("title", &internship.title),
    )
    .subject(Msg::new("notice.applied_subject").with("title", &internship.title))
    .link(link);
    tell(conn, employer_user, &notice, base_url)
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
    let answers_within =
        super::insights::service::usual_answer_days_for_posting(conn, application.internship_id)?;
    let offer = super::offers::store::of_application(conn, application.id)?;
    Ok(ApplicationDetail {
        application,
        title,
        company,
        answers,
        events,
        interviews,
        answers_within,
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
            notify(
                conn,
                employer_user,
                "application",
                &Msg::new("notice.withdrew").with("title", title),
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
    base_url: &str,
) -> Result<(), ApplicationError> {
    let application = own_application(conn, user_id, application_id)?;
    // Withdrawn, rejected or decided: a slot proposed earlier no longer stands.
    let at_interview = application.status().may_confirm_interview();
    if !at_interview || !store::confirm_interview(conn, interview_id, application.id, now())? {
        // Pressing "confirm" twice (a double click, a resent form) is not an error.
        return match super::interviews::store::interview_status(conn, interview_id, application.id)?
            .as_deref()
        {
            Some("confirmed") => Ok(()),
            Some(_) if !at_interview => Err(not_allowed("err.not_at_interview")),
            Some(_) => Err(not_allowed("err.interview_not_confirmable")),
            None => Err(ApplicationError::NotFound),
        };
    }
    if let Some((title, _, employer_user)) =
        store::internship_summary(conn, application.internship_id)?
    {
        notify(
            conn,
            employer_user,
            "interview",
            &Msg::new("notice.interview_confirmed").with("title", title),
            Some(&format!(
                "/employer/internships/{}/applicants",
                application.internship_id
            )),
        )?;
    }
    // Both calendars get the confirmed version (a higher SEQUENCE).
    send_invitation(
        conn,
        interview_id,
        Method::Request,
        "calendar.confirmed",
        Recipients::Both,
        false,
        base_url,
    )?;
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
        let key = match to {
            Status::Shortlisted => "notice.shortlisted",
            Status::Interview => "notice.invited",
            Status::NotSelected => "notice.not_taken",
            _ => "notice.application_updated",
        };
        let headline = Msg::new(key).with("title", &internship.title);
        let note = reason
            .as_deref()
            .map(|text| Msg::new("notice.note").with("text", text));
        tell_student(conn, application, headline, note, base_url)?;
        Ok(to)
    })
}

fn tell_student(
    conn: &mut DbConnection,
    application: &Application,
    headline: Msg,
    note: Option<Msg>,
    base_url: &str,
) -> Result<(), DbError> {
    let Some((student_user, _, _)) = store::student_user(conn, application.student_id)? else {
        return Ok(());
    };
    let notice = Notice::new("application", headline)
        .note(note)
        .link(format!("/applications/{}", application.id));
    tell(conn, student_user, &notice, base_url)
}

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
        let interview_id = store::insert_interview(
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
        // The student is told in the app and by email with the calendar invitation.
        send_invitation(
            conn,
            interview_id,
            Method::Request,
            "calendar.proposed",
            Recipients::Student,
            true,
            base_url,
        )?;
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
    for (application, university, degree, city, name, email, deleted_at) in rows {
        // A student who withdrew takes her profile and resume back (the history stays); one who
        // erased her account leaves no name or address either.
        let withdrawn = application.status() == Status::Withdrawn;
        let erased = deleted_at.is_some();
        let (skills, resume) = if withdrawn {
            (Vec::new(), None)
        } else {
            (
                crate::db::skills::student_skill_names(conn, application.student_id)?,
                crate::profile::service::resume_view_of(conn, application.student_id)?,
            )
        };
        let (university, degree, city) = if withdrawn {
            (None, None, None)
        } else {
            (university, degree, city)
        };
        let (name, email) = if erased {
            (String::new(), String::new())
        } else {
            (name, email)
        };
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
            erased,
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
    min_fit: Option<i32>,
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
                if applicant.application.status() != Status::Withdrawn {
                    applicant.fit = fits.get(&applicant.student_id).map(Fit::from);
                }
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
    if let Some(min) = min_fit {
        list.retain(|a| a.fit.as_ref().is_some_and(|f| f.percent >= min));
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
