//! What the matcher reads of live data: student and internship documents, stored vectors.

use serde::{Deserialize, Serialize};

/// What the matcher knows of a student.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
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
}

impl StudentDoc {
    /// The text embedded for a student: skills, interests, projects, studies, resume.
    pub fn embedding_text(&self) -> String {
        [
            self.skills.join(", "),
            self.interests.clone(),
            self.projects.clone(),
            format!("{} {}", self.degree, self.department),
            self.resume_text.clone(),
        ]
        .iter()
        .map(|s| s.trim())
        .filter(|s| !s.is_empty())
        .collect::<Vec<_>>()
        .join(". ")
    }
}

/// What the matcher knows of an internship.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
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
    /// The text embedded for an internship: title, skills, description.
    pub fn embedding_text(&self) -> String {
        format!(
            "{}. {}. {}",
            self.title.trim(),
            self.skills.join(", "),
            self.description.trim()
        )
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
    fn vectors_round_trip() {
        let v = vec![0.5f32, -1.25, 3.0e-7];
        assert_eq!(vector_from_bytes(&vector_to_bytes(&v)), v);
    }
}
