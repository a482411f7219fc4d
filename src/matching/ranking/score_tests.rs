//! Tests of the hybrid score: bounds, weights, feedback and the reasons it names.

use super::*;

fn student(skills: &[&str], city: &str, mode: WorkMode) -> StudentFeatures {
    student_features(&StudentInput {
        skills: skills.iter().map(|s| s.to_string()).collect(),
        preferred_location: city.into(),
        work_mode: Some(mode),
        ..StudentInput::default()
    })
}

fn internship(skills: &[&str], location: &str, mode: WorkMode) -> InternshipFeatures {
    internship_features(
        &InternshipInput {
            title: "Intern".into(),
            skills: skills.iter().map(|s| s.to_string()).collect(),
            location: location.into(),
            mode: Some(mode),
            ..InternshipInput::default()
        },
        &MatchWeights::default(),
    )
}

/// A candidate with no crowd, cohort or lexical terms.
fn candidate<'a>(features: &'a InternshipFeatures, vector: &'a [f32]) -> Candidate<'a> {
    Candidate {
        id: "x",
        features,
        vector,
        crowd: 0.0,
        cohort: 0.0,
        terms: None,
    }
}

fn unit(v: &[f32]) -> Vec<f32> {
    let n = v.iter().map(|x| x * x).sum::<f32>().sqrt();
    v.iter().map(|x| x / n).collect()
}

#[test]
fn parts_are_bounded_and_weights_order_the_total() {
    let s = student(&["Python", "pandas"], "any", WorkMode::Any);
    let good = internship(&["Python", "pandas"], "Remote", WorkMode::Remote);
    let poor = internship(&["Tally", "GST"], "Remote", WorkMode::Remote);
    let v = unit(&[1.0, 0.0, 0.0]);
    let query = Query {
        features: &s,
        vector: &v,
        reactions: &[],
    };
    let c = |f| candidate(f, &v);
    let w = MatchWeights::default();
    let (a, _) = score_parts(&query, &c(&good), 0.0, &w);
    let (b, _) = score_parts(&query, &c(&poor), 0.0, &w);
    assert!(a.total > b.total);
    for p in [a, b] {
        for x in [p.semantic, p.skills, p.field, p.location, p.lexical] {
            assert!((0.0..=1.0).contains(&x));
        }
        assert!((-1.0..=1.0).contains(&p.feedback));
    }
    assert_eq!(a.skills, 1.0);
    assert_eq!(b.skills, 0.0);
    // A convenient location lifts a good match more than a poor one (it is gated).
    let far = internship(&["Python", "pandas"], "Delhi", WorkMode::Onsite);
    let far_poor = internship(&["Tally", "GST"], "Delhi", WorkMode::Onsite);
    let s_pune = student(&["Python", "pandas"], "Pune", WorkMode::Any);
    let query = Query {
        features: &s_pune,
        vector: &v,
        reactions: &[],
    };
    let lift_good = score_parts(&query, &c(&good), 0.0, &w).0.total
        - score_parts(&query, &c(&far), 0.0, &w).0.total;
    let lift_poor = score_parts(&query, &c(&poor), 0.0, &w).0.total
        - score_parts(&query, &c(&far_poor), 0.0, &w).0.total;
    assert!(lift_good > lift_poor && lift_poor >= 0.0);
}

#[test]
fn liking_an_internship_raises_similar_ones_and_dismissing_lowers_them() {
    let data_a = unit(&[1.0, 0.1, 0.0]);
    let data_b = unit(&[0.9, 0.2, 0.1]);
    let design = unit(&[0.0, 0.2, 1.0]);
    let no_field: [f32; 0] = [];
    let liked = [(&data_a[..], &no_field[..], FeedbackKind::Like)];
    let dismissed = [(&data_a[..], &no_field[..], FeedbackKind::Dismiss)];
    assert!(own_feedback(&data_b, &no_field, &liked) > 0.3);
    assert_eq!(own_feedback(&design, &no_field, &liked), 0.0);
    assert!(own_feedback(&data_b, &no_field, &dismissed) < -0.3);
    assert_eq!(own_feedback(&data_b, &no_field, &[]), 0.0);
}

#[test]
fn the_named_reason_is_the_closest_interest_and_never_a_view() {
    let data_a = unit(&[1.0, 0.1, 0.0]);
    let data_b = unit(&[0.9, 0.2, 0.1]);
    let design = unit(&[0.0, 0.2, 1.0]);
    let f: [f32; 0] = [];
    let reason = |reactions: &[Reaction]| interest_reason(&data_b, &f, reactions);
    // Viewing the internship itself lifts it a little but is no reason to name.
    assert!(own_feedback(&data_b, &f, &[(&data_b[..], &f[..], FeedbackKind::Viewed)]) > 0.0);
    assert_eq!(reason(&[(&data_b, &f, FeedbackKind::Viewed)]), None);
    assert_eq!(reason(&[(&data_a, &f, FeedbackKind::Dismiss)]), None);
    assert_eq!(
        reason(&[(&design, &f, FeedbackKind::Like)]),
        None,
        "too far"
    );
    assert_eq!(
        reason(&[
            (&design, &f, FeedbackKind::Like),
            (&data_a, &f, FeedbackKind::Saved)
        ]),
        Some("match.because_saved")
    );
    assert_eq!(
        reason(&[(&data_a, &f, FeedbackKind::Applied)]),
        Some("match.because_applied")
    );
}

#[test]
fn the_location_part_is_gated_by_field_and_topical_agreement() {
    // In the student's field and topically close: most of the location part.
    assert!((location_gate(0.64, 1.0, true) - 0.8).abs() < 1e-6);
    // Another field altogether: a convenient place lifts nothing.
    assert_eq!(location_gate(0.64, 0.0, true), 0.0);
    // Same topical mean, weaker field agreement: less of it.
    assert!(location_gate(0.5, 0.3, true) < location_gate(0.5, 0.9, true));
    // A side with no field at all (skills the taxonomy does not know): the topical mean alone.
    assert_eq!(location_gate(0.5, 0.0, false), 0.5);
}

#[test]
fn holding_half_of_what_a_posting_asks_ranks_above_the_same_share_from_related_skills() {
    let s = student(&["Python"], "any", WorkMode::Any);
    // Python held, Docker missing: half held.
    let held = internship(&["Python", "Docker"], "Remote", WorkMode::Remote);
    // pandas and scikit-learn build on Python: half credit each, nothing held.
    let related = internship(&["pandas", "scikit-learn"], "Remote", WorkMode::Remote);
    assert_eq!(coverage(&s, &held), Some(0.5));
    assert_eq!(coverage(&s, &related), Some(0.5));
    assert_eq!(super::super::explain::held_share(&s, &held), Some(0.5));
    assert_eq!(super::super::explain::held_share(&s, &related), Some(0.0));
    assert_eq!(half_met_bonus(&s, &held), HALF_MET_BONUS);
    assert_eq!(half_met_bonus(&s, &related), 0.0);
    // A third held is not half.
    let third = internship(
        &["Python", "Docker", "Kubernetes"],
        "Remote",
        WorkMode::Remote,
    );
    assert_eq!(half_met_bonus(&s, &third), 0.0);
    // The part shown as "skills covered" stays the coverage; only the total takes the step.
    let v = unit(&[1.0, 0.0, 0.0]);
    let (with, _) = score_parts(
        &Query {
            features: &s,
            vector: &v,
            reactions: &[],
        },
        &candidate(&held, &v),
        0.0,
        &MatchWeights::default(),
    );
    assert_eq!(with.skills, 0.5);
    // A cold start lists nothing, so nothing is held.
    let cold = student_features(&StudentInput {
        degree: "BBA".into(),
        department: "Marketing".into(),
        interests: "I like talking to people.".into(),
        ..StudentInput::default()
    });
    assert!(cold.cold);
    assert_eq!(half_met_bonus(&cold, &held), 0.0);
}
