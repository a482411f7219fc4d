//! Unit tests of `password.rs`.

use super::*;

fn pepper() -> Pepper {
    Pepper(b"test-pepper".to_vec())
}

#[test]
fn rules() {
    assert!(policy_violation("short", &["a@b.in"]).is_some());
    let weak = policy_violation("password1234", &["a@b.in"]).expect("common");
    assert_eq!(weak.key(), "password_rules.weak");
    assert!(
        policy_violation("Password1234", &["a@b.in"]).is_some(),
        "common, any case"
    );
    assert!(
        policy_violation("priya.sharma2024", &["priya.sharma@x.in"]).is_some(),
        "the user's own address"
    );
    assert!(
        policy_violation("aaaaaaaaaaaaaaaa", &["a@b.in"]).is_some(),
        "repeats"
    );
    assert!(
        policy_violation(&"é".repeat(300), &["a@b.in"]).is_some(),
        "too long"
    );
    assert!(policy_violation("monsoon-teal-harbour-42", &["priya@x.in"]).is_none());
    // 28 Devanagari characters (84 bytes): more than bcrypt reads, accepted.
    assert!(policy_violation("मानसूनकीपहलीबारिशमेंभीगाहुआआंगन", &["priya@x.in"]).is_none());
}

#[test]
fn hash_and_verify_both_schemes() {
    let p = pepper();
    let peppered = format!(
        "{PEPPERED}{}",
        bcrypt::hash(p.prehash("monsoon-teal-harbour-42"), 4).unwrap()
    );
    assert!(verify(&p, "monsoon-teal-harbour-42", &peppered));
    assert!(!verify(&p, "wrong", &peppered));
    assert!(!verify(
        &Pepper(b"other".to_vec()),
        "monsoon-teal-harbour-42",
        &peppered
    ));
    assert!(!needs_upgrade(&peppered));
    let legacy = bcrypt::hash("monsoon-teal-harbour-42", 4).unwrap();
    assert!(verify(&p, "monsoon-teal-harbour-42", &legacy));
    assert!(needs_upgrade(&legacy));
    assert!(!verify(&p, "x", "not a hash"));
    // Long passwords differ past bcrypt's 72 bytes once pre-hashed.
    let long = "क".repeat(30);
    let h = format!("{PEPPERED}{}", bcrypt::hash(p.prehash(&long), 4).unwrap());
    assert!(verify(&p, &long, &h));
    assert!(!verify(&p, &format!("{long}ख"), &h));
}
