//! Unit tests of `service.rs`.

use super::*;

#[test]
fn urls_must_be_on_their_site() {
    let form = |linkedin: &str, github: &str| ResumeForm {
        linkedin_url: linkedin.into(),
        github_url: github.into(),
        ..Default::default()
    };
    assert!(
        changes(&form(
            "https://in.linkedin.com/in/asha",
            "https://github.com/asha"
        ))
        .is_ok()
    );
    assert!(changes(&form("", "")).is_ok());
    for (linkedin, github) in [
        ("linkedin.com/in/asha", ""),
        ("javascript:alert(1)", ""),
        ("https://linkedin.com.evil.io/in/asha", ""),
        ("https://linkedin.com@evil.io/", ""),
        ("", "https://gitlab.com/asha"),
        ("", "ftp://github.com/asha"),
    ] {
        let errors = changes(&form(linkedin, github)).unwrap_err();
        assert!(
            errors.has("linkedin_url") || errors.has("github_url"),
            "{linkedin} {github}"
        );
    }
}

#[test]
fn lengths_are_limited() {
    let form = ResumeForm {
        headline: "x".repeat(151),
        ..Default::default()
    };
    assert!(changes(&form).unwrap_err().has("headline"));
}
