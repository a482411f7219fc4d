//! Dates and times as people in India read them: day month year, 24-hour IST, month names in
//! the page's language ("2 दिसंबर 2026"). Times are stored in UTC; IST is UTC+05:30 all year.

use super::i18n::{Lang, t};
use chrono::{Datelike, Duration, NaiveDate, NaiveDateTime};

/// IST is five and a half hours ahead of UTC (no daylight saving).
pub const IST_OFFSET_MINUTES: i64 = 330;

/// The wall-clock time in India at the UTC instant `utc`.
pub fn ist(utc: NaiveDateTime) -> NaiveDateTime {
    utc + Duration::minutes(IST_OFFSET_MINUTES)
}

/// "2 Dec 2026" / "2 दिसंबर 2026".
pub fn date(lang: Lang, day: NaiveDate) -> String {
    let month = t(lang, &format!("dates.month_{}", day.month()));
    format!("{} {month} {}", day.day(), day.year())
}

/// "2 Dec 2026, 14:05 IST" for a UTC instant.
pub fn datetime(lang: Lang, utc: NaiveDateTime) -> String {
    let local = ist(utc);
    format!(
        "{}, {} {}",
        date(lang, local.date()),
        local.format("%H:%M"),
        t(lang, "dates.ist")
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn times_are_shown_in_ist_with_the_month_in_the_language() {
        let utc = NaiveDate::from_ymd_opt(2026, 12, 2)
            .and_then(|d| d.and_hms_opt(20, 0, 0))
            .expect("valid time");
        assert_eq!(datetime(Lang::En, utc), "3 Dec 2026, 01:30 IST");
        assert!(datetime(Lang::Hi, utc).starts_with("3 दिसंबर 2026, 01:30"));
    }
}
