//! The posting form read into a posting's changes, skill names and screening questions: pure
//! checks of what an employer typed, apart from the rules of who may post (`service.rs`), so they
//! are tested without a database.

use super::model::*;
use crate::db::skills;
use crate::web::FieldErrors;
use crate::web::i18n::Msg;
use chrono::{NaiveDate, Utc};

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

#[cfg(test)]
#[path = "posting_form_tests.rs"]
mod tests;
