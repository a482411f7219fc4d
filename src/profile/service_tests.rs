//! Unit tests of `service.rs`.

use super::*;

#[test]
fn phone_numbers() {
    let mut e = FieldErrors::default();
    assert_eq!(
        phone(&mut e, "p", "+91 98765-43210", true).as_deref(),
        Some("9876543210")
    );
    assert_eq!(
        phone(&mut e, "p", "098765 43210", true).as_deref(),
        Some("9876543210")
    );
    assert!(e.is_empty());
    assert_eq!(phone(&mut e, "p", "12345", true), None);
    assert!(e.has("p"));
}

#[test]
fn student_form_rules() {
    let form = StudentProfileForm {
        year: "9".into(),
        cgpa: "11".into(),
        apaar_id: "12ab".into(),
        pincode: "0123".into(),
        ..Default::default()
    };
    let errors = student_changes(&form).unwrap_err();
    for field in ["year", "cgpa", "apaar_id", "pincode"] {
        assert!(errors.has(field), "{field}");
    }
    let ok = StudentProfileForm {
        skills: "Python, SQL, python".into(),
        apaar_id: "1234 5678 9012".into(),
        ..Default::default()
    };
    let (changes, skills) = student_changes(&ok).unwrap();
    assert_eq!(changes.apaar_id.as_deref(), Some("123456789012"));
    assert_eq!(skills, vec!["Python", "SQL"]);
    assert_eq!(changes.work_mode, "any");
}
