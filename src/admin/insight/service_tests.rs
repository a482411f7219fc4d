//! Unit tests of `service.rs`.

use super::*;

fn at(d: u32, h: u32, m: u32) -> NaiveDateTime {
    NaiveDate::from_ymd_opt(2026, 12, d)
        .unwrap()
        .and_hms_opt(h, m, 0)
        .unwrap()
}

#[test]
fn days_are_indian_days() {
    let today = NaiveDate::from_ymd_opt(2026, 12, 2).unwrap();
    // 19:00 UTC on the 1st is 00:30 IST on the 2nd.
    let counts = per_day(&[at(1, 19, 0), at(1, 18, 0), at(2, 3, 0)], today, 2);
    assert_eq!(counts.iter().map(|c| c.1).collect::<Vec<_>>(), vec![1, 2]);
}

#[test]
fn median_of_odd_and_even_counts() {
    assert_eq!(median(&mut []), None);
    assert_eq!(median(&mut [5.0, 1.0, 3.0]), Some(3.0));
    assert_eq!(median(&mut [4.0, 1.0, 3.0, 2.0]), Some(2.5));
}

#[test]
fn first_answer_is_the_earliest_move() {
    let hours = answer_hours(vec![
        (1, at(1, 0, 0), at(1, 5, 0)),
        (1, at(1, 0, 0), at(1, 2, 0)),
    ]);
    assert_eq!(hours, vec![2.0]);
}

#[test]
fn click_through_counts_each_shown_internship_once_a_day() {
    let today = NaiveDate::from_ymd_opt(2026, 12, 2).unwrap();
    let served = [
        (1, 10, at(2, 1, 0)),
        (1, 10, at(2, 2, 0)),
        (1, 11, at(2, 1, 0)),
    ];
    let ctr = click_through(&served, &[(1, 10)], today, 1);
    assert_eq!(ctr[0].1, 2);
    assert_eq!(ctr[0].2, 1);
}
