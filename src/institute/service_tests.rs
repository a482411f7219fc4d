//! Unit tests of `service.rs`.

use super::*;

#[test]
fn aishe_codes() {
    assert_eq!(normalise_aishe(" c-12345 ").as_deref(), Some("C-12345"));
    assert_eq!(normalise_aishe("U-0123").as_deref(), Some("U-0123"));
    assert_eq!(normalise_aishe("s-1234").as_deref(), Some("S-1234"));
    for bad in [
        "",
        "C12345",
        "X-12345",
        "C-12a45",
        "C-12",
        "C-12345678",
        "C--123",
        "CC-123",
    ] {
        assert_eq!(normalise_aishe(bad), None, "{bad}");
    }
}

#[test]
fn profile_form_rules() {
    let errors = profile_changes(&InstituteProfileForm {
        aishe_code: "K-99".into(),
        contact_number: "12".into(),
        website_url: "college.ac.in".into(),
        ..Default::default()
    })
    .unwrap_err();
    for field in [
        "institute_name",
        "aishe_code",
        "contact_number",
        "website_url",
    ] {
        assert!(errors.has(field), "{field}");
    }
    let ok = profile_changes(&InstituteProfileForm {
        institute_name: "Government College, Pune".into(),
        aishe_code: "c-40123".into(),
        contact_number: "020 2553 1234".into(),
        ..Default::default()
    })
    .unwrap();
    assert_eq!(ok.aishe_code, "C-40123");
}

#[test]
fn placement_rate_rounds() {
    let stats = PlacementStats {
        confirmed: 3,
        placed: 2,
        ..Default::default()
    };
    assert_eq!(stats.placement_rate(), 67);
    assert_eq!(PlacementStats::default().placement_rate(), 0);
}
