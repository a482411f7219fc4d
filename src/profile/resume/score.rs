//! The CV score (0–100, as the UtopiaHire seed had) and the concrete suggestions behind it: each
//! missing point names what to add, in the page's language.

use super::reading::Reading;
use crate::web::i18n::Msg;

/// Words a one- or two-page resume has; shorter says too little, longer is not read.
const FEWEST_WORDS: usize = 150;
const MOST_WORDS: usize = 900;

#[derive(Debug, Clone)]
pub struct CvScore {
    pub score: u32,
    pub suggestions: Vec<Msg>,
}

/// Scores what was read: contact line 15, skills 20, projects 15, a quantified project 15,
/// skills backed by projects 10, degree and institute 10, links 10, length 5.
pub fn score(reading: &Reading) -> CvScore {
    let mut score = 0;
    let mut suggestions = Vec::new();
    if reading.has_email && reading.has_phone {
        score += 15;
    } else {
        suggestions.push(Msg::new("resume_read.tip_contact"));
    }
    match reading.skills.len() {
        0 => suggestions.push(Msg::new("resume_read.tip_skills")),
        n @ 1..=4 => {
            score += 10;
            suggestions.push(Msg::new("resume_read.tip_more_skills").with("count", n));
        }
        _ => score += 20,
    }
    if reading.projects.is_empty() {
        suggestions.push(Msg::new("resume_read.tip_projects"));
    } else {
        score += 15;
        match reading.projects.iter().find(|p| !is_quantified(p)) {
            Some(first) if !reading.projects.iter().any(|p| is_quantified(p)) => {
                suggestions.push(Msg::new("resume_read.tip_quantify").with("project", first));
            }
            _ => score += 15,
        }
    }
    let unbacked: Vec<&str> = reading
        .skills
        .iter()
        .filter(|skill| {
            let skill = skill.to_lowercase();
            !reading
                .projects
                .iter()
                .any(|p| p.to_lowercase().contains(&skill))
        })
        .map(String::as_str)
        .collect();
    if unbacked.is_empty() && !reading.skills.is_empty() {
        score += 10;
    } else if !unbacked.is_empty() {
        suggestions.push(Msg::new("resume_read.tip_unbacked").with("skills", unbacked.join(", ")));
    }
    match (&reading.degree, &reading.institute) {
        (Some(_), Some(_)) => score += 10,
        _ => suggestions.push(Msg::new("resume_read.tip_education")),
    }
    if reading.links.is_empty() {
        suggestions.push(Msg::new("resume_read.tip_links"));
    } else {
        score += 10;
    }
    if reading.words < FEWEST_WORDS {
        suggestions.push(Msg::new("resume_read.tip_short").with("words", reading.words));
    } else if reading.words > MOST_WORDS {
        suggestions.push(Msg::new("resume_read.tip_long").with("words", reading.words));
    } else {
        score += 5;
    }
    CvScore { score, suggestions }
}

/// A figure in a project line ("2,000 users", "40%", "3x faster").
fn is_quantified(line: &str) -> bool {
    line.chars().any(|c| c.is_ascii_digit())
}

#[cfg(test)]
#[path = "score_tests.rs"]
mod tests;
