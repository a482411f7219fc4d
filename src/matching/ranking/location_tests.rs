//! Unit tests of `location.rs`.

use super::*;
use crate::matching::model::InternshipInput;
use crate::matching::ranking::score::{MatchWeights, internship_features, student_features};

const RADIUS: f32 = 30.0;

fn student(city: &str, mode: WorkMode) -> StudentFeatures {
    student_features(&StudentInput {
        preferred_location: city.into(),
        work_mode: Some(mode),
        ..StudentInput::default()
    })
}

fn internship(location: &str, mode: WorkMode) -> InternshipFeatures {
    internship_features(
        &InternshipInput {
            title: "Intern".into(),
            location: location.into(),
            mode: Some(mode),
            ..InternshipInput::default()
        },
        &MatchWeights::default(),
    )
}

fn fit(s: &StudentFeatures, i: &InternshipFeatures) -> (f32, &'static str) {
    location_fit(s, i, RADIUS)
}

#[test]
fn location_rules() {
    let remote = internship("Remote", WorkMode::Remote);
    let pune = internship("Pune", WorkMode::Onsite);
    let pune_hybrid = internship("Pune", WorkMode::Hybrid);
    assert_eq!(fit(&student("Delhi", WorkMode::Remote), &remote).0, 1.0);
    assert_eq!(fit(&student("Pune", WorkMode::Remote), &pune).0, 0.0);
    assert_eq!(fit(&student("Pune", WorkMode::Remote), &pune_hybrid).0, 0.0);
    assert_eq!(fit(&student("pune", WorkMode::Onsite), &pune).0, 1.0);
    assert_eq!(fit(&student("Delhi", WorkMode::Any), &pune).0, 0.0);
    assert_eq!(fit(&student("any", WorkMode::Onsite), &pune).0, 1.0);
    assert_eq!(fit(&student("", WorkMode::Any), &pune).0, 1.0);
    let mut relocating = StudentInput {
        preferred_location: "Delhi".into(),
        willing_to_relocate: true,
        ..StudentInput::default()
    };
    assert_eq!(fit(&student_features(&relocating), &pune).0, 1.0);
    relocating.willing_to_relocate = false;
    relocating.current_city = "Pune".into();
    assert_eq!(fit(&student_features(&relocating), &pune).0, 1.0);
}

#[test]
fn district_and_pin_code_count_where_known() {
    let hinjewadi = internship("Hinjewadi Phase 1, 411057", WorkMode::Onsite);
    let thane = internship("Wagle Estate, Thane West", WorkMode::Onsite);
    let mut s = StudentInput {
        preferred_location: "Pune".into(),
        work_mode: Some(WorkMode::Onsite),
        ..StudentInput::default()
    };
    assert_eq!(fit(&student_features(&s), &hinjewadi).0, 0.0);
    s.pincode = "411001".into();
    assert_eq!(
        fit(&student_features(&s), &hinjewadi),
        (1.0, "near you (same PIN code district)")
    );
    s.pincode = "400601".into();
    assert_eq!(fit(&student_features(&s), &hinjewadi).0, 0.0);
    assert_eq!(fit(&student_features(&s), &thane).0, 0.0);
    s.district = "Thane".into();
    assert_eq!(
        fit(&student_features(&s), &thane),
        (1.0, "in your district")
    );
    assert_eq!(
        pin_area("Andheri East, Mumbai - 400069"),
        Some("400".into())
    );
    assert_eq!(pin_area("Call 9876543210"), None);
    assert_eq!(pin_area("012345"), None);
}

#[test]
fn another_name_of_the_same_city_is_the_same_city() {
    let bangalore = student("Bangalore", WorkMode::Any);
    let posting = internship("Bengaluru, Karnataka", WorkMode::Onsite);
    assert_eq!(fit(&bangalore, &posting), (1.0, "in your city"));
    let gurgaon = internship("Gurgaon", WorkMode::Onsite);
    let gurugram = student("Gurugram", WorkMode::Any);
    assert_eq!(fit(&gurugram, &gurgaon).0, 1.0);
    let noida = internship("Noida", WorkMode::Onsite);
    assert_eq!(fit(&gurugram, &noida).0, 0.0, "a neighbour is not the city");
}

#[test]
fn a_student_who_stays_reaches_only_what_she_can_commute_to() {
    // Lives in Chennai, no preferred city written, will not relocate: "near home".
    let chennai = StudentInput {
        current_city: "Chennai".into(),
        work_mode: Some(WorkMode::Onsite),
        ..StudentInput::default()
    };
    let s = student_features(&chennai);
    assert!(s.stays && !s.any_city);
    assert_eq!(fit(&s, &internship("Chennai", WorkMode::Onsite)).0, 1.0);
    assert_eq!(
        fit(&s, &internship("Tambaram, Chennai", WorkMode::Hybrid)),
        (1.0, "in your city")
    );
    assert_eq!(
        fit(&s, &internship("Tambaram", WorkMode::Onsite)),
        (1.0, "within commuting distance of home")
    );
    assert_eq!(
        fit(&s, &internship("Bengaluru", WorkMode::Onsite)),
        (0.0, TOO_FAR)
    );
    assert_eq!(
        fit(&s, &internship("Bengaluru", WorkMode::Hybrid)),
        (0.0, TOO_FAR)
    );
    assert_eq!(fit(&s, &internship("Remote", WorkMode::Remote)).0, 1.0);
    // The radius is a setting.
    assert_eq!(
        location_fit(&s, &internship("Bengaluru", WorkMode::Onsite), 400.0).1,
        "within commuting distance of home"
    );
    // A place we cannot put on the map is out of reach unless it names her city.
    assert_eq!(fit(&s, &internship("Nowhere", WorkMode::Onsite)).1, TOO_FAR);
    // Willing to relocate, or "any" written: every city.
    let mut moving = chennai.clone();
    moving.willing_to_relocate = true;
    let m = student_features(&moving);
    assert!(!m.stays);
    assert_eq!(fit(&m, &internship("Bengaluru", WorkMode::Onsite)).0, 1.0);
    let mut any = chennai;
    any.preferred_location = "any".into();
    assert_eq!(
        fit(
            &student_features(&any),
            &internship("Bengaluru", WorkMode::Onsite)
        )
        .0,
        1.0
    );
    // A student who gave only a preferred city does not "stay": benchmark files and old
    // profiles keep their meaning.
    assert!(!student("Pune", WorkMode::Onsite).stays);
    assert_eq!(commute_penalty(TOO_FAR, 0.3, 0.5), 0.15);
    assert_eq!(
        commute_penalty("outside your preferred city", 0.3, 0.5),
        0.0
    );
}
