//! The recipe of the embedded texts is moved on whenever the texts change: a fingerprint of the
//! texts of profiles and postings of every kind the matcher reads differently is recorded with
//! the recipe it belongs to.

use super::*;
use crate::matching::embedding::documents::{InternshipDoc, StudentDoc};

/// Each recipe with the fingerprint of [`texts`] under it, oldest first.
const RECORDED: &[(&str, &str)] = &[(
    "2026-12-07: a cold start's unread line as written",
    "47b279904952d7cc2747d38e827a74ac437d7887b0f76875a385fbb7c29828a1",
)];

fn student(degree: &str, department: &str, skills: &[&str], interests: &str) -> StudentDoc {
    StudentDoc {
        degree: degree.into(),
        department: department.into(),
        skills: skills.iter().map(|s| s.to_string()).collect(),
        interests: interests.into(),
        ..StudentDoc::default()
    }
}

/// The embedded texts of a full profile, typos and abbreviations, Devanagari, cold starts (a
/// line the cues read, one they do not, one that names no field), a resume, and postings plain
/// and padded with an "about us".
fn texts() -> Vec<String> {
    let mut with_resume = student("B.Tech", "Computer Science", &["Python"], "backend work");
    with_resume.resume_text = "Built a REST API in Django for the college fest.".into();
    let students = [
        student(
            "B.Tech",
            "Computer Science",
            &["Python", "SQL", "pandas"],
            "data analysis",
        ),
        student(
            "BCA",
            "Computer Applications",
            &["pyhton", "JS", "ML"],
            "web dev and ml",
        ),
        student("B.Sc", "Statistics", &["पायथन", "एक्सेल"], "डेटा विश्लेषण"),
        student(
            "BBA",
            "Marketing",
            &[],
            "I like talking to people and convincing them.",
        ),
        student(
            "B.Com",
            "Commerce",
            &[],
            "I enjoy meeting customers and closing deals.",
        ),
        student("B.A.", "English", &[], "I want to work at a startup."),
        with_resume,
    ];
    let postings = [
        InternshipDoc {
            title: "Data Analyst Intern".into(),
            description: "Clean data with pandas and build dashboards in Power BI.".into(),
            skills: vec!["Python".into(), "pandas".into()],
            location: "Pune".into(),
            mode: "onsite".into(),
            ..InternshipDoc::default()
        },
        InternshipDoc {
            title: "Sales Intern".into(),
            description: "We are a fast-growing start-up founded in 2015 with offices in five \
                cities. You will call leads and close deals. We are an equal opportunity employer."
                .into(),
            skills: vec!["negotiation".into()],
            location: "Remote".into(),
            mode: "remote".into(),
            ..InternshipDoc::default()
        },
    ];
    students
        .iter()
        .map(StudentDoc::embedding_text)
        .chain(postings.iter().map(InternshipDoc::embedding_text))
        .collect()
}

#[test]
fn a_change_of_the_embedded_texts_moves_the_recipe_on() {
    let fingerprint = hex::encode(Sha256::digest(texts().join("\n---\n").as_bytes()));
    let (recipe, recorded) = RECORDED[RECORDED.len() - 1];
    assert_eq!(
        (recipe, recorded),
        (TEXT_RECIPE, fingerprint.as_str()),
        "the embedded texts changed: move TEXT_RECIPE on (stored vectors are then checked at the \
         next start) and record the new recipe with this fingerprint as RECORDED's last entry"
    );
    let mut recipes: Vec<&str> = RECORDED.iter().map(|(r, _)| *r).collect();
    recipes.sort();
    recipes.dedup();
    assert_eq!(recipes.len(), RECORDED.len(), "each recipe once");
}
