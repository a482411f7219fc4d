//! Unit tests of `status.rs`.

use super::*;

#[test]
fn statuses_round_trip_and_final_ones_do_not_move() {
    for s in Status::ALL {
        assert_eq!(Status::parse(s.as_str()), Some(s));
    }
    assert_eq!(Status::parse("hired"), None);
    for s in Status::ALL.into_iter().filter(|s| s.is_final()) {
        assert!(s.employer_moves().is_empty());
        assert!(!s.may_withdraw());
        for to in Status::ALL {
            for by in [Actor::Employer, Actor::Student, Actor::Platform] {
                assert!(!s.may_move(to, by), "{s:?} -> {to:?} by {by:?}");
            }
        }
    }
    assert!(
        !Status::Submitted
            .employer_moves()
            .contains(&Status::Offered)
    );
    assert!(
        Status::Interview
            .employer_moves()
            .contains(&Status::Offered)
    );
}

#[test]
fn only_the_student_answers_an_offer_and_only_the_platform_marks_viewed() {
    assert!(Status::Offered.may_move(Status::Accepted, Actor::Student));
    assert!(Status::Offered.may_move(Status::Declined, Actor::Student));
    assert!(!Status::Offered.may_move(Status::Accepted, Actor::Employer));
    assert!(!Status::Offered.may_withdraw());
    assert!(Status::Submitted.may_move(Status::Viewed, Actor::Platform));
    assert!(!Status::Shortlisted.may_move(Status::Viewed, Actor::Platform));
    assert!(!Status::Submitted.may_move(Status::Viewed, Actor::Employer));
    assert!(Status::Offered.may_move(Status::Expired, Actor::Platform));
    assert!(!Status::Interview.may_move(Status::Expired, Actor::Platform));
}

#[test]
fn a_taken_down_posting_only_lets_open_applications_be_declined() {
    assert_eq!(
        Status::Shortlisted.employer_moves_on("taken_down"),
        &[Status::NotSelected]
    );
    assert_eq!(
        Status::Submitted.employer_moves_on("active"),
        Status::Submitted.employer_moves()
    );
    assert!(Status::Withdrawn.employer_moves_on("taken_down").is_empty());
}
