//! Unit tests of `service.rs`.

use super::*;

fn changes(description: &str, stipend: Option<i32>) -> InternshipChanges {
    InternshipChanges {
        title: "Data intern".into(),
        description: description.into(),
        location: "Pune".into(),
        mode: "remote".into(),
        duration_weeks: 8,
        stipend_amount: stipend,
        openings: 1,
        start_date: None,
        deadline: None,
        qualifications: None,
        benefits: None,
        updated_at: chrono::Utc::now().naive_utc(),
    }
}

#[test]
fn each_rule_holds_back_for_its_own_reason() {
    let none = PostingRules::default();
    let strict = PostingRules {
        min_stipend: 5000,
        first_postings: 2,
    };
    let ok = changes("Build dashboards", Some(10000));
    assert!(reasons_to_hold(&ok, &[], none, Some(0)).is_empty());
    assert!(reasons_to_hold(&ok, &[], strict, Some(2)).is_empty());
    assert_eq!(
        reasons_to_hold(&ok, &[], strict, Some(1)),
        vec![RULE_NEW_COMPANY]
    );
    assert_eq!(
        reasons_to_hold(&changes("x", Some(3000)), &[], strict, None),
        vec![RULE_LOW_STIPEND]
    );
    assert_eq!(
        reasons_to_hold(&changes("x", None), &[], strict, None),
        vec![RULE_LOW_STIPEND]
    );
    assert_eq!(
        reasons_to_hold(&changes("Pay a f.e.e", Some(10000)), &[], none, None),
        vec![RULE_ASKS_MONEY]
    );
    let question = ScreeningQuestion {
        position: 1,
        question: "Can you pay the security deposit?".into(),
        model_answer: None,
    };
    assert_eq!(
        reasons_to_hold(&ok, &[question], none, None),
        vec![RULE_ASKS_MONEY]
    );
}
