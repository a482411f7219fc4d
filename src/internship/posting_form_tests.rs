//! Unit tests of `posting_form.rs`.

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
