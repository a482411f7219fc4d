//! Live data as the engine sees it: database rows turned into the engine's inputs, and stored
//! vectors as bytes.

use super::model::{InternshipInput, StudentInput, WorkMode};

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
    pub fn input(&self) -> StudentInput {
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
        }
    }

    /// The text embedded for a student (the same function `praktiki eval` uses).
    pub fn embedding_text(&self) -> String {
        super::score::student_text(&self.input())
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
    pub fn input(&self) -> InternshipInput {
        InternshipInput {
            id: self.id.to_string(),
            title: self.title.clone(),
            description: self.description.clone(),
            skills: self.skills.clone(),
            location: self.location.clone(),
            mode: Some(WorkMode::parse(&self.mode)),
        }
    }

    /// The text embedded for an internship (the same function `praktiki eval` uses).
    pub fn embedding_text(&self) -> String {
        super::score::internship_text(&self.input())
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
