//! The interview form (time, length, mode, place, notes) as the proposal, the reschedule and
//! the slot forms share it.

use crate::application::model::InterviewForm;
use crate::web::FieldErrors;
use crate::web::i18n::Msg;
use chrono::NaiveDateTime;

/// A checked interview form: when, minutes, mode, place or link, notes.
pub type ValidInterview = (NaiveDateTime, i32, String, Option<String>, Option<String>);

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
