//! Unit tests of `assemble.rs`.

use super::*;
use crate::profile::resume::model::StudentResume;

fn resume() -> StudentResume {
    StudentResume {
        id: 1,
        student_id: 1,
        headline: None,
        career_objective: None,
        education: None,
        work_experience: None,
        projects: None,
        certifications: None,
        extra_curricular: None,
        linkedin_url: None,
        github_url: None,
        file_id: None,
        extracted_text: None,
        updated_at: chrono::NaiveDateTime::default(),
    }
}

fn keys(cv: &Cv) -> Vec<&'static str> {
    cv.sections.iter().map(|s| s.key).collect()
}

#[test]
fn an_empty_profile_makes_an_empty_cv_with_the_name_and_email() {
    let cv = assemble(
        " Asha Verma ",
        "asha@example.in",
        &Sources::default(),
        Lang::En,
    );
    assert_eq!(cv.name, "Asha Verma");
    assert_eq!(cv.contact, vec!["asha@example.in".to_string()]);
    assert!(cv.is_empty());
}

#[test]
fn profile_and_resume_fill_their_sections_in_order() {
    let profile = StudentProfile {
        phone_number: Some("9876543210".into()),
        current_city: Some("Pune".into()),
        state: Some("Maharashtra".into()),
        university_name: Some("Savitribai Phule Pune University".into()),
        degree: Some("B.Tech".into()),
        department: Some("Computer Engineering".into()),
        year: Some(3),
        cgpa: Some(8.4),
        projects: Some("- Built a crop price tracker\n• Built a crop price tracker\n".into()),
        interests: Some("data\nanalysis".into()),
        ..Default::default()
    };
    let resume = StudentResume {
        headline: Some("Data science student".into()),
        career_objective: Some("Learn.\n\nBuild.".into()),
        projects: Some("Deployed a FastAPI service on Kubernetes".into()),
        github_url: Some("https://github.com/asha".into()),
        ..resume()
    };
    let reading = Reading {
        links: vec!["github.com/asha/".into(), "https://asha.dev".into()],
        projects: vec!["ignored: typed projects win".into()],
        ..Default::default()
    };
    let sources = Sources {
        profile: Some(&profile),
        resume: Some(&resume),
        skills: vec!["Python".into(), "SQL".into()],
        reading: Some(&reading),
    };
    let cv = assemble("Asha Verma", "asha@example.in", &sources, Lang::En);
    assert_eq!(
        cv.contact,
        ["asha@example.in", "+91 98765 43210", "Pune, Maharashtra"]
    );
    assert_eq!(cv.links, ["https://github.com/asha", "https://asha.dev"]);
    assert_eq!(cv.headline.as_deref(), Some("Data science student"));
    assert_eq!(
        keys(&cv),
        [
            "cv.objective",
            "cv.education",
            "cv.skills",
            "cv.projects",
            "cv.interests"
        ]
    );
    assert_eq!(cv.sections[0].items, ["Learn.", "Build."]);
    assert_eq!(
        cv.sections[1].items,
        ["B.Tech, Computer Engineering — Savitribai Phule Pune University · Year 3 · CGPA 8.4"]
    );
    assert_eq!(cv.sections[2].joined(), "Python · SQL");
    assert_eq!(
        cv.sections[3].items,
        [
            "Built a crop price tracker",
            "Deployed a FastAPI service on Kubernetes"
        ]
    );
    assert_eq!(cv.sections[4].items, ["data analysis"]);
    let hindi = assemble("आशा वर्मा", "asha@example.in", &sources, Lang::Hi);
    assert!(hindi.sections[1].items[0].ends_with("वर्ष 3 · सीजीपीए 8.4"));
}

#[test]
fn what_was_read_from_the_file_fills_what_was_not_typed() {
    let reading = Reading {
        skills: vec!["Docker".into(), "Kubernetes".into()],
        degree: Some("B.Sc".into()),
        institute: Some("Fergusson College".into()),
        projects: vec!["Built a chat bot".into()],
        ..Default::default()
    };
    let sources = Sources {
        reading: Some(&reading),
        ..Default::default()
    };
    let cv = assemble("Kabir", "k@example.in", &sources, Lang::En);
    assert_eq!(keys(&cv), ["cv.education", "cv.skills", "cv.projects"]);
    assert_eq!(cv.sections[0].items, ["B.Sc — Fergusson College"]);
    assert_eq!(cv.sections[1].items, ["Docker", "Kubernetes"]);
    assert!(!cv.is_empty());
}
