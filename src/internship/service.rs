//! Rules of the internship module: who may post, what a valid posting is, what the public sees.

use super::model::*;
use super::store;
use crate::db::{DbConnection, DbError, skills};
use crate::web::FieldErrors;
use crate::web::i18n::Msg;
use chrono::{NaiveDate, Utc};

// Queries other modules need, exposed here so that they never reach into this module's store.
pub use super::saved::*;
pub use super::store::{restore, take_down, with_company};
// The public search, in `search/` (its own statements over the full-text index).
pub use super::search::service::{search, search_plan, search_planned};

#[derive(Debug, thiserror::Error)]
pub enum InternshipError {
    #[error("the form has errors")]
    Invalid(FieldErrors),
    #[error("{0}")]
    NotAllowed(&'static str),
    #[error("not found")]
    NotFound,
    #[error(transparent)]
    Db(#[from] DbError),
}

impl From<diesel::result::Error> for InternshipError {
    fn from(e: diesel::result::Error) -> Self {
        InternshipError::Db(e.into())
    }
}

pub fn today() -> NaiveDate {
    Utc::now().date_naive()
}

fn number(
    e: &mut FieldErrors,
    field: &'static str,
    raw: &str,
    range: std::ops::RangeInclusive<i32>,
    message: &'static str,
) -> Option<i32> {
    match raw.trim().parse::<i32>() {
        Ok(v) if range.contains(&v) => Some(v),
        _ => {
            e.add(field, message);
            None
        }
    }
}

/// Years a posting's dates may fall in. chrono reads years from −262144 to 262143, PostgreSQL's
/// `date` starts at 4713 BC: without a range, a typed "-5000-01-01" would fail in the database.
const YEARS: std::ops::RangeInclusive<i32> = 2000..=2100;

fn date(e: &mut FieldErrors, field: &'static str, raw: &str) -> Option<NaiveDate> {
    use chrono::Datelike;
    let raw = raw.trim();
    if raw.is_empty() {
        return None;
    }
    match NaiveDate::parse_from_str(raw, "%Y-%m-%d") {
        Ok(d) if YEARS.contains(&d.year()) => Some(d),
        Ok(_) => {
            e.add(
                field,
                Msg::new("err.date_range")
                    .with("from", YEARS.start())
                    .with("to", YEARS.end()),
            );
            None
        }
        Err(_) => {
            e.add(field, "err.date_format");
            None
        }
    }
}

const QUESTION_FIELDS: [&str; 5] = [
    "question_1",
    "question_2",
    "question_3",
    "question_4",
    "question_5",
];
const MODEL_ANSWER_FIELDS: [&str; 5] = [
    "model_answer_1",
    "model_answer_2",
    "model_answer_3",
    "model_answer_4",
    "model_answer_5",
];

/// Validates the posting form: the changes, the skill names and the screening questions.
pub fn validate(
    form: &InternshipForm,
    today: NaiveDate,
) -> Result<(InternshipChanges, Vec<String>, Vec<ScreeningQuestion>), FieldErrors> {
    let mut e = FieldErrors::default();
    let required =
        |e: &mut FieldErrors, field: &'static str, value: &str, max: usize, what: &'static str| {
            let v = value.trim();
            if v.is_empty() {
                e.add(field, what);
            } else if v.chars().count() > max {
                e.add(field, Msg::new("err.max_chars").with("max", max));
            }
            v.to_string()
        };
    let optional = |e: &mut FieldErrors, field: &'static str, value: &str, max: usize| {
        let v = value.trim();
        if v.chars().count() > max {
            e.add(field, Msg::new("err.max_chars").with("max", max));
        }
        (!v.is_empty()).then(|| v.to_string())
    };
    let title = required(&mut e, "title", &form.title, 120, "err.enter_title");
    let description = required(
        &mut e,
        "description",
        &form.description,
        8000,
        "err.enter_description",
    );
    let location = required(&mut e, "location", &form.location, 80, "err.enter_location");
    let mode = match form.mode.trim() {
        m @ ("remote" | "onsite" | "hybrid") => m.to_string(),
        _ => {
            e.add("mode", "err.internship_mode");
            String::new()
        }
    };
    let duration_weeks = number(
        &mut e,
        "duration_weeks",
        &form.duration_weeks,
        1..=104,
        "err.duration_weeks",
    );
    let stipend_amount = match form.stipend_amount.trim() {
        "" => None,
        raw => number(
            &mut e,
            "stipend_amount",
            &raw.replace(',', ""),
            0..=1_000_000,
            "err.stipend",
        ),
    };
    let openings = match form.openings.trim() {
        "" => Some(1),
        raw => number(&mut e, "openings", raw, 1..=1000, "err.openings"),
    };
    let start_date = date(&mut e, "start_date", &form.start_date);
    let deadline = date(&mut e, "deadline", &form.deadline);
    if let Some(d) = deadline {
        if d < today {
            e.add("deadline", "err.deadline_past");
        }
        if start_date.is_some_and(|s| s < d) {
            e.add("start_date", "err.start_before_deadline");
        }
    }
    let skill_names = skills::parse_list(&form.skills);
    if skill_names.is_empty() {
        e.add("skills", "err.skills_required");
    }
    let mut questions = Vec::new();
    for (i, (q, model_answer)) in form
        .questions()
        .iter()
        .zip(form.model_answers())
        .enumerate()
    {
        let (q, model_answer) = (q.trim(), model_answer.trim());
        if q.chars().count() > 500 {
            e.add(QUESTION_FIELDS[i], "err.question_long");
        } else if model_answer.chars().count() > 2000 {
            e.add(MODEL_ANSWER_FIELDS[i], "err.model_answer_long");
        } else if q.is_empty() && !model_answer.is_empty() {
            e.add(QUESTION_FIELDS[i], "err.question_missing");
        } else if !q.is_empty() {
            let model_answer = (!model_answer.is_empty()).then(|| model_answer.to_string());
            questions.push(ScreeningQuestion {
                position: i as i32 + 1,
                question: q.to_string(),
                model_answer,
            });
        }
    }
    let changes = InternshipChanges {
        title,
        description,
        location,
        mode,
        duration_weeks: duration_weeks.unwrap_or(1),
        stipend_amount,
        openings: openings.unwrap_or(1),
        start_date,
        deadline,
        qualifications: optional(&mut e, "qualifications", &form.qualifications, 2000),
        benefits: optional(&mut e, "benefits", &form.benefits, 2000),
        updated_at: Utc::now().naive_utc(),
    };
    if e.is_empty() {
        Ok((changes, skill_names, questions))
    } else {
        Err(e)
    }
}

/// The employer profile id of a user who may post: verified email, approved company.
pub fn poster(
    conn: &mut DbConnection,
    user_id: i64,
    email_verified: bool,
) -> Result<i64, InternshipError> {
    if !email_verified {
        return Err(InternshipError::NotAllowed("err.post_verify_email"));
    }
    let profile = crate::profile::team::service::company_of(conn, user_id)?
        .ok_or(InternshipError::NotAllowed("err.post_no_profile"))?;
    if !profile.is_approved() {
        return Err(InternshipError::NotAllowed("err.post_not_approved"));
    }
    Ok(profile.id)
}

/// An internship the employer owns (anyone else's id is "not found", never "forbidden").
pub fn owned(
    conn: &mut DbConnection,
    user_id: i64,
    internship_id: i64,
) -> Result<Internship, InternshipError> {
    let profile = crate::profile::team::service::company_of(conn, user_id)?
        .ok_or(InternshipError::NotFound)?;
    let internship = store::find(conn, internship_id)?.ok_or(InternshipError::NotFound)?;
    if internship.employer_id != profile.id {
        return Err(InternshipError::NotFound);
    }
    Ok(internship)
}

pub fn create(
    conn: &mut DbConnection,
    user_id: i64,
    verified: bool,
    form: &InternshipForm,
) -> Result<i64, InternshipError> {
    let employer_id = poster(conn, user_id, verified)?;
    let (changes, skill_names, questions) =
        validate(form, today()).map_err(InternshipError::Invalid)?;
    crate::db::transaction(conn, |conn| {
        let id = store::insert(conn, employer_id, &changes)?;
        skills::set_internship_skills(conn, id, &skill_names)?;
        store::set_questions(conn, id, &questions)?;
        super::review::service::screen(conn, id, employer_id, &changes, &questions, true)?;
        crate::matching::service::internship_changed(conn, id)?;
        Ok(id)
    })
}

pub fn edit(
    conn: &mut DbConnection,
    user_id: i64,
    verified: bool,
    id: i64,
    form: &InternshipForm,
) -> Result<(), InternshipError> {
    let employer_id = poster(conn, user_id, verified)?;
    let existing = owned(conn, user_id, id)?;
    if existing.status == "taken_down" {
        return Err(InternshipError::NotAllowed("err.taken_down_no_edit"));
    }
    let (changes, skill_names, questions) =
        validate(form, today()).map_err(InternshipError::Invalid)?;
    crate::db::transaction(conn, |conn| {
        store::update(conn, id, &changes)?;
        skills::set_internship_skills(conn, id, &skill_names)?;
        store::set_questions(conn, id, &questions)?;
        super::review::service::screen(conn, id, employer_id, &changes, &questions, false)?;
        crate::matching::service::internship_changed(conn, id)?;
        Ok(())
    })
}

pub fn close(conn: &mut DbConnection, user_id: i64, id: i64) -> Result<(), InternshipError> {
    let existing = owned(conn, user_id, id)?;
    if existing.status == "active" {
        store::set_status(conn, id, "closed")?;
        crate::matching::service::internship_changed(conn, id)?;
    }
    Ok(())
}

/// The form pre-filled from an existing internship.
pub fn form_of(
    conn: &mut DbConnection,
    internship: &Internship,
) -> Result<InternshipForm, InternshipError> {
    let skill_names: Vec<String> = skills::internship_skill_names(conn, &[internship.id])?
        .into_iter()
        .map(|(_, n)| n)
        .collect();
    let questions = store::questions(conn, internship.id)?;
    let at = |pos: i32| questions.iter().find(|q| q.position == pos);
    let next_q = |pos: i32| at(pos).map(|q| q.question.clone()).unwrap_or_default();
    let model = |pos: i32| {
        at(pos)
            .and_then(|q| q.model_answer.clone())
            .unwrap_or_default()
    };
    let form = InternshipForm {
        title: internship.title.clone(),
        description: internship.description.clone(),
        location: internship.location.clone(),
        mode: internship.mode.clone(),
        duration_weeks: internship.duration_weeks.to_string(),
        stipend_amount: internship
            .stipend_amount
            .map(|s| s.to_string())
            .unwrap_or_default(),
        openings: internship.openings.to_string(),
        start_date: internship
            .start_date
            .map(|d| d.to_string())
            .unwrap_or_default(),
        deadline: internship
            .deadline
            .map(|d| d.to_string())
            .unwrap_or_default(),
        skills: skill_names.join(", "),
        qualifications: internship.qualifications.clone().unwrap_or_default(),
        benefits: internship.benefits.clone().unwrap_or_default(),
        question_1: next_q(1),
        question_2: next_q(2),
        question_3: next_q(3),
        question_4: next_q(4),
        question_5: next_q(5),
        model_answer_1: model(1),
        model_answer_2: model(2),
        model_answer_3: model(3),
        model_answer_4: model(4),
        model_answer_5: model(5),
    };
    Ok(form)
}

/// Attaches company names and skills to internships for list pages.
pub fn cards(
    conn: &mut DbConnection,
    rows: Vec<(Internship, String)>,
) -> Result<Vec<InternshipCard>, DbError> {
    let ids: Vec<i64> = rows.iter().map(|(i, _)| i.id).collect();
    let all_skills = skills::internship_skill_names(conn, &ids)?;
    Ok(rows
        .into_iter()
        .map(|(internship, company_name)| {
            let skills = all_skills
                .iter()
                .filter(|(id, _)| *id == internship.id)
                .map(|(_, n)| n.clone())
                .collect();
            InternshipCard {
                internship,
                company_name,
                skills,
                saved: None,
            }
        })
        .collect())
}

/// Who is looking at an internship's page.
#[derive(Debug, Clone, Copy)]
pub enum Viewer {
    Anonymous,
    /// A signed-in user who is not an administrator.
    User(i64),
    /// Administrators see taken-down postings too (they moderate them).
    Admin,
}

/// A public internship page: visible when listed and its company verified; its owner and
/// administrators always see it.
pub fn public_view(
    conn: &mut DbConnection,
    id: i64,
    viewer: Viewer,
) -> Result<(InternshipCard, Vec<ScreeningQuestion>), InternshipError> {
    let (internship, company, status) =
        store::with_company(conn, id)?.ok_or(InternshipError::NotFound)?;
    let privileged = match viewer {
        Viewer::User(uid) => crate::profile::team::service::company_of(conn, uid)?
            .is_some_and(|p| p.id == internship.employer_id),
        Viewer::Admin => true,
        Viewer::Anonymous => false,
    };
    if !privileged && !is_listed(&internship, &status) {
        return Err(InternshipError::NotFound);
    }
    let questions = store::questions(conn, id)?;
    let card = cards(conn, vec![(internship, company)])?
        .into_iter()
        .next()
        .ok_or(InternshipError::NotFound)?;
    Ok((card, questions))
}

/// Whether the public sees a posting: its company is verified and it is neither a draft nor
/// taken down (a closed posting stays visible, it just takes no applications).
fn is_listed(internship: &Internship, company_status: &str) -> bool {
    company_status == "approved" && !matches!(internship.status.as_str(), "taken_down" | "draft")
}

/// Whether the posting `id` exists and the public sees it (what students may react to).
pub fn listed(conn: &mut DbConnection, id: i64) -> Result<bool, DbError> {
    Ok(store::with_company(conn, id)?
        .is_some_and(|(internship, _, company_status)| is_listed(&internship, &company_status)))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn form() -> InternshipForm {
        InternshipForm {
            title: "Data Analyst Intern".into(),
            description: "Build dashboards".into(),
            location: "Pune".into(),
            mode: "hybrid".into(),
            duration_weeks: "12".into(),
            stipend_amount: "15,000".into(),
            skills: "SQL, Power BI".into(),
            deadline: "2030-01-01".into(),
            question_2: "Why data?".into(),
            ..Default::default()
        }
    }

    #[test]
    fn valid_form() {
        let today = NaiveDate::from_ymd_opt(2026, 11, 23).unwrap();
        let (changes, skills, questions) = validate(&form(), today).unwrap();
        assert_eq!(changes.stipend_amount, Some(15000));
        assert_eq!(changes.openings, 1);
        assert_eq!(skills, vec!["SQL", "Power BI"]);
        assert_eq!(
            questions,
            vec![ScreeningQuestion {
                position: 2,
                question: "Why data?".into(),
                model_answer: None
            }]
        );
    }

    #[test]
    fn dates_outside_the_range_are_form_errors() {
        let today = NaiveDate::from_ymd_opt(2026, 11, 23).unwrap();
        for (start, deadline) in [
            ("-5000-01-01", ""),
            ("+262000-01-01", ""),
            ("", "99999-01-01"),
        ] {
            let f = InternshipForm {
                start_date: start.into(),
                deadline: deadline.into(),
                ..form()
            };
            let e = validate(&f, today).unwrap_err();
            assert!(
                e.has("start_date") || e.has("deadline"),
                "{start} {deadline}"
            );
        }
    }

    #[test]
    fn invalid_form_names_each_field() {
        let today = NaiveDate::from_ymd_opt(2026, 11, 23).unwrap();
        let bad = InternshipForm {
            mode: "moon".into(),
            duration_weeks: "0".into(),
            deadline: "2020-01-01".into(),
            start_date: "soon".into(),
            ..Default::default()
        };
        let e = validate(&bad, today).unwrap_err();
        for f in [
            "title",
            "description",
            "location",
            "mode",
            "duration_weeks",
            "deadline",
            "start_date",
            "skills",
        ] {
            assert!(e.has(f), "{f}");
        }
    }
}
