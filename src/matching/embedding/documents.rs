//! Live data as the engine sees it: database rows turned into the engine's inputs, and stored
//! vectors as bytes.

use crate::matching::model::{InternshipInput, StudentInput, WorkMode};

/// Characters of the resume added to a student's embedded text: past what 256 tokens can hold,
/// more would only change the text's hash, not its vector.
const EMBEDDED_RESUME_CHARS: usize = 2_000;

/// A student profile as loaded from the database.
#[derive(Debug, Clone, Default)]
pub struct StudentDoc {
    pub id: i64,
    pub degree: String,
    pub department: String,
    pub skills: Vec<String>,
    pub interests: String,
    pub projects: String,
    pub resume_text: String,
    pub preferred_location: String,
    pub current_city: String,
    pub work_mode: String,
    pub willing_to_relocate: bool,
    pub pincode: String,
    pub district: String,
}

impl StudentDoc {
    /// The profile as the engine reads it: through the normalisation step (spelling,
    /// abbreviations, Devanagari), the listed skills as written kept for explanations.
    pub fn input(&self) -> StudentInput {
        crate::matching::ranking::normalise::global().student(&self.raw_input())
    }

    /// The profile as written.
    pub fn raw_input(&self) -> StudentInput {
        StudentInput {
            id: self.id.to_string(),
            degree: self.degree.clone(),
            department: self.department.clone(),
            skills: self.skills.clone(),
            interests: self.interests.clone(),
            projects: self.projects.clone(),
            resume_text: self.resume_text.clone(),
            preferred_location: self.preferred_location.clone(),
            current_city: self.current_city.clone(),
            work_mode: Some(WorkMode::parse(&self.work_mode)),
            willing_to_relocate: self.willing_to_relocate,
            pincode: self.pincode.clone(),
            district: self.district.clone(),
            original_skills: Vec::new(),
        }
    }

    /// The text embedded for a student: the profile as `praktiki eval` embeds it, then the
    /// resume. `student_text` reads a resume only when the profile is nearly empty (the
    /// benchmark's resume texts restate their profiles); a student's own resume says more
    /// (experience, certifications, the file's text), so here it follows the profile, whose words
    /// keep the first of the encoder's 256 tokens.
    pub fn embedding_text(&self) -> String {
        let text = crate::matching::ranking::score::student_text(&self.input());
        let resume: String = self
            .resume_text
            .chars()
            .take(EMBEDDED_RESUME_CHARS)
            .collect();
        let resume = resume.trim();
        if resume.is_empty() || text.contains(resume) {
            text
        } else if text.trim().is_empty() {
            resume.to_string()
        } else {
            format!("{text}. {resume}")
        }
    }
}

/// An internship as loaded from the database.
#[derive(Debug, Clone, Default)]
pub struct InternshipDoc {
    pub id: i64,
    pub title: String,
    pub description: String,
    pub skills: Vec<String>,
    pub location: String,
    pub mode: String,
    pub stipend: Option<i32>,
    pub duration_weeks: i32,
}

impl InternshipDoc {
    /// The posting as the engine reads it: through the normalisation step (spelling,
    /// abbreviations, Devanagari; requirement sentences over boilerplate), the listed skills as
    /// written kept for explanations.
    pub fn input(&self) -> InternshipInput {
        crate::matching::ranking::normalise::global().internship(&self.raw_input())
    }

    /// The posting as written.
    pub fn raw_input(&self) -> InternshipInput {
        InternshipInput {
            id: self.id.to_string(),
            title: self.title.clone(),
            description: self.description.clone(),
            skills: self.skills.clone(),
            location: self.location.clone(),
            mode: Some(WorkMode::parse(&self.mode)),
            original_skills: Vec::new(),
        }
    }

    /// The text embedded for an internship (the same function `praktiki eval` uses).
    pub fn embedding_text(&self) -> String {
        crate::matching::ranking::score::internship_text(&self.input())
    }
}

/// Little-endian f32 bytes, as stored in `embeddings.vector`.
pub fn vector_to_bytes(v: &[f32]) -> Vec<u8> {
    v.iter().flat_map(|x| x.to_le_bytes()).collect()
}

pub fn vector_from_bytes(bytes: &[u8]) -> Vec<f32> {
    bytes
        .chunks_exact(4)
        .map(|c| f32::from_le_bytes([c[0], c[1], c[2], c[3]]))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_resume_follows_the_profile_in_the_embedded_text_once() {
        let full = StudentDoc {
            skills: vec!["Python".into()],
            interests: "data".into(),
            resume_text: "Intern at a fintech start-up".into(),
            ..StudentDoc::default()
        };
        assert_eq!(
            full.embedding_text(),
            "Python. data. Intern at a fintech start-up"
        );
        // A thin profile already falls back to the resume: it is not repeated.
        let thin = StudentDoc {
            resume_text: "Intern at a fintech start-up".into(),
            ..StudentDoc::default()
        };
        assert_eq!(thin.embedding_text(), "Intern at a fintech start-up");
        assert_eq!(StudentDoc::default().embedding_text(), "");
    }

    #[test]
    fn vectors_round_trip() {
        let v = vec![0.5f32, -1.25, 3.0e-7];
        assert_eq!(vector_from_bytes(&vector_to_bytes(&v)), v);
    }
}
