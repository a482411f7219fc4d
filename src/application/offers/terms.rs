//! An offer's terms as the employer types them: stipend, start date, place, a note and the date
//! to answer by, each checked; an empty field takes the posting's own.

use super::model::*;
use crate::application::model::StatusForm;
use crate::application::service::MAX_REASON;
use crate::internship::model::Internship;
use crate::web::FieldErrors;
use crate::web::i18n::Msg;
use chrono::{Duration, NaiveDate};

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

#[cfg(test)]
#[path = "terms_tests.rs"]
mod tests;
