//! One test per rule of the normalisation step.

use super::*;
use crate::matching::model::WorkMode;
use crate::matching::ranking::score::{self, MatchWeights};

fn fix(text: &str) -> String {
    global().text(text)
}

#[test]
fn swapped_neighbours_are_corrected() {
    assert_eq!(fix("pyhton"), "python");
    assert_eq!(fix("Tabelau and Pyhton"), "tableau and python");
}

#[test]
fn the_key_next_door_is_corrected() {
    // o → i and n → m are neighbours on the keyboard.
    assert_eq!(fix("pythin"), "python");
    assert_eq!(fix("fugma"), "figma");
}

#[test]
fn dropped_and_doubled_letters_are_corrected() {
    assert_eq!(fix("temwork"), "teamwork");
    assert_eq!(fix("comunication"), "communication");
    assert_eq!(fix("pythonn"), "python");
    assert_eq!(fix("datframes"), "dataframes");
    assert_eq!(fix("machne lerning"), "machine learning");
}

#[test]
fn short_names_are_never_corrected() {
    for short in ["SQL", "Git", "C", "R", "JS", "AWS", "sqk", "gti"] {
        assert_eq!(fix(short), short);
    }
    // Up to five letters, only a slip corrects: "reach" is not a typo of "react".
    assert_eq!(fix("reach"), "reach");
    // A four-letter slip still is one: b is next to v.
    assert_eq!(fix("jaba"), "java");
}

#[test]
fn real_words_and_their_endings_are_left_alone() {
    for word in [
        "designed",
        "learners",
        "worked",
        "dashboards",
        "convincing",
        "people",
    ] {
        assert_eq!(fix(word), word);
    }
    assert_eq!(fix("Interested in UX."), "Interested in UX.");
}

#[test]
fn words_of_english_are_never_corrected() {
    // Each of these was once "corrected" to a known word one slip away.
    for (word, not) in [
        ("server", "served"),
        ("match", "math"),
        ("store", "storie"),
        ("sold", "solid"),
        ("ship", "shop"),
        ("send", "spend"),
        ("launch", "launche"),
        ("tracker", "tracer"),
        ("produce", "product"),
        ("organise", "organised"),
        ("handle", "handled"),
        ("coordinate", "coordinated"),
    ] {
        assert_eq!(fix(word), word, "{word} became {not}?");
    }
    // Slips of the engine's words are still corrected: "temwork" is no English word.
    assert_eq!(fix("temwork"), "teamwork");
    assert_eq!(fix("Pyhton and Djnago"), "python and django");
}

#[test]
fn abbreviations_are_spelt_out_but_not_inside_names() {
    assert_eq!(fix("ML and mktg"), "machine learning and marketing");
    assert_eq!(fix("3 yrs of dev exp"), "3 years of development experience");
    // Glued to digits or symbols: a name, not an abbreviation.
    assert_eq!(fix("GA4, C++, C#"), "GA4, C++, C#");
}

#[test]
fn devanagari_skill_and_field_words_become_english() {
    assert_eq!(fix("पायथन"), "python");
    assert_eq!(fix("डेटा विश्लेषण"), "data analysis");
    // Nukta spellings fold together: precomposed ज़ and ज + ◌़ alike.
    assert_eq!(fix("डिज़ाइन"), "design");
    assert_eq!(fix("डिज\u{093C}ाइन"), "design");
    assert_eq!(fix("डिजाइन"), "design");
    // Unknown Devanagari stays as written.
    assert_eq!(fix("नमस्ते"), "नमस्ते");
    let t = crate::taxonomy::taxonomy();
    let found = t.extract_text(&fix("मुझे पायथन और एक्सेल आता है"));
    let keys: Vec<&str> = found.iter().map(|id| t.key(*id)).collect();
    assert_eq!(keys, vec!["python", "excel"]);
}

#[test]
fn postings_vocabulary_is_learned_but_a_recurring_typo_is_not() {
    let posting = |d: &str| InternshipInput {
        description: d.into(),
        ..InternshipInput::default()
    };
    let postings = [
        posting("Reconcile vendor ledgers with temwork."),
        posting("Reconcile vendor ledgers, temwork matters."),
        posting("Vendor payments."),
    ];
    let n = Normaliser::for_postings(&postings);
    // "ledgers" recurs in postings: a misspelling of it is corrected towards it.
    assert_eq!(n.text("ledgres"), "ledgers");
    // "temwork" recurs too, but it is a slip of the taxonomy's "teamwork".
    assert_eq!(n.text("temwork"), "teamwork");
    assert_eq!(
        n.internship(&postings[0]).description,
        "Reconcile vendor ledgers with teamwork."
    );
}

#[test]
fn both_sides_match_after_the_step_and_the_original_is_shown() {
    let n = global();
    let student = n.student(&StudentInput {
        skills: vec!["Pyhton".into(), "Temwork".into(), "ML".into()],
        ..StudentInput::default()
    });
    let internship = n.internship(&InternshipInput {
        title: "Data Intern".into(),
        skills: vec![
            "Python".into(),
            "teamwork".into(),
            "Machine Learning".into(),
        ],
        location: "Remote".into(),
        mode: Some(WorkMode::Remote),
        ..InternshipInput::default()
    });
    let s = score::student_features(&student);
    let i = score::internship_features(&internship, &MatchWeights::default());
    assert_eq!(score::coverage(&s, &i), Some(1.0));
    // The student's own spelling where it is theirs; the employer's labels as written.
    assert_eq!(s.skill_labels[0], "Pyhton");
    assert_eq!(
        score::skill_gap(&s, &i).matched,
        vec!["Python", "teamwork", "Machine Learning"]
    );
}

#[test]
fn slip_distance_weighs_slips_below_other_changes() {
    let d = |a: &str, b: &str| slip_distance(a, b, 5.0).unwrap_or(f32::MAX);
    assert_eq!(d("python", "python"), 0.0);
    assert!((d("pyhton", "python") - 0.6).abs() < 1e-6);
    assert!((d("pythin", "python") - 0.7).abs() < 1e-6);
    assert!((d("pythn", "python") - 0.8).abs() < 1e-6);
    assert!((d("comunication", "communication") - 0.5).abs() < 1e-6);
    assert!(d("pythqn", "python") >= 1.0);
    assert_eq!(slip_distance("abcdef", "uvwxyz", 1.0), None);
}
