//! Unit tests of `terms.rs`.

use super::*;

#[test]
fn reply_by_defaults_to_a_week_and_stays_within_two_to_thirty_days() {
    let today = NaiveDate::from_ymd_opt(2026, 12, 2).unwrap();
    assert_eq!(parse_reply_by("", today), Ok(today + Duration::days(7)));
    assert_eq!(parse_reply_by("2", today), Ok(today + Duration::days(2)));
    assert_eq!(
        parse_reply_by("2027-01-01", today),
        Ok(NaiveDate::from_ymd_opt(2027, 1, 1).unwrap())
    );
    for bad in [
        "1",
        "31",
        "2026-12-03",
        "2027-01-02",
        "-5",
        "99999999999999",
    ] {
        assert_eq!(
            parse_reply_by(bad, today).map_err(|m| m.key().to_string()),
            Err("offers.err_reply_by_range".to_string()),
            "{bad}"
        );
    }
    assert!(parse_reply_by("next week", today).is_err());
}
