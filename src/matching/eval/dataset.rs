//! A labelled benchmark file (`praktiki-matching-benchmark/1`, see `bench/README.md`) read
//! into memory and checked: internships, students and graded relevance, with an error that says
//! what is wrong with a malformed file. Apart from `benchmark.rs` (ranking the benchmark) because
//! reading the format is its own job, shared with the honesty check.

use crate::matching::model::*;
use serde::Deserialize;
use std::collections::HashMap;
use std::path::Path;

/// The format tag this module reads.
pub const FORMAT: &str = "praktiki-matching-benchmark/1";

/// Why a benchmark could not be evaluated.
#[derive(Debug, thiserror::Error)]
pub enum EvalError {
    #[error("cannot read {path}: {source}")]
    Read {
        path: String,
        source: std::io::Error,
    },
    #[error("{path} is not a valid benchmark file: {message}")]
    Format { path: String, message: String },
    #[error("embedding failed: {0}")]
    Embedding(String),
}

#[derive(Debug, Deserialize)]
struct RawDataset {
    format: Option<String>,
    #[serde(default)]
    internships: Vec<RawInternship>,
    #[serde(default)]
    students: Vec<RawStudent>,
    #[serde(default)]
    relevance: HashMap<String, HashMap<String, serde_json::Value>>,
}

#[derive(Debug, Deserialize)]
struct RawInternship {
    id: serde_json::Value,
    #[serde(default)]
    title: String,
    #[serde(default)]
    description: String,
    #[serde(default)]
    skills: Vec<serde_json::Value>,
    #[serde(default)]
    location: String,
    #[serde(default)]
    mode: String,
}

#[derive(Debug, Deserialize)]
struct RawStudent {
    id: serde_json::Value,
    #[serde(default)]
    degree: String,
    #[serde(default)]
    department: String,
    #[serde(default)]
    skills: Vec<serde_json::Value>,
    #[serde(default)]
    interests: String,
    #[serde(default)]
    projects: String,
    #[serde(default)]
    resume_text: String,
    #[serde(default)]
    preferred_location: String,
    #[serde(default)]
    work_mode: String,
    #[serde(default)]
    current_city: String,
    #[serde(default)]
    willing_to_relocate: bool,
}

/// A benchmark in memory: inputs and graded relevance (`relevance[s][i]`, indices into the
/// vectors; absent = 0).
#[derive(Debug, Clone)]
pub struct Dataset {
    pub internships: Vec<InternshipInput>,
    pub students: Vec<StudentInput>,
    pub relevance: Vec<HashMap<usize, u8>>,
}

fn id_text(v: &serde_json::Value) -> Option<String> {
    match v {
        serde_json::Value::String(s) if !s.trim().is_empty() => Some(s.trim().to_string()),
        serde_json::Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

fn skill_names(values: &[serde_json::Value]) -> Vec<String> {
    values
        .iter()
        .filter_map(|v| v.as_str())
        .map(|s| s.trim().to_string())
        .filter(|s| !s.is_empty())
        .collect()
}

impl Dataset {
    /// Reads and checks a benchmark file.
    pub fn load(path: &Path) -> Result<Dataset, EvalError> {
        let shown = path.display().to_string();
        let text = std::fs::read_to_string(path).map_err(|source| EvalError::Read {
            path: shown.clone(),
            source,
        })?;
        Dataset::parse(&text).map_err(|message| EvalError::Format {
            path: shown,
            message,
        })
    }

    /// Parses a benchmark from JSON text; the error says what is wrong.
    pub fn parse(text: &str) -> Result<Dataset, String> {
        let raw: RawDataset = serde_json::from_str(text).map_err(|e| e.to_string())?;
        match raw.format.as_deref() {
            Some(FORMAT) | None => {}
            Some(other) => return Err(format!("format is `{other}`, expected `{FORMAT}`")),
        }
        if raw.internships.is_empty() {
            return Err("no internships".into());
        }
        if raw.students.is_empty() {
            return Err("no students".into());
        }
        let mut internship_index = HashMap::new();
        let mut internships = Vec::with_capacity(raw.internships.len());
        for (n, i) in raw.internships.into_iter().enumerate() {
            let id = id_text(&i.id).ok_or_else(|| format!("internship #{} has no id", n + 1))?;
            if internship_index.insert(id.clone(), n).is_some() {
                return Err(format!("internship id `{id}` appears twice"));
            }
            internships.push(InternshipInput {
                id,
                title: i.title,
                description: i.description,
                skills: skill_names(&i.skills),
                location: i.location,
                mode: (!i.mode.trim().is_empty()).then(|| WorkMode::parse(&i.mode)),
                original_skills: Vec::new(),
            });
        }
        let mut student_index = HashMap::new();
        let mut students = Vec::with_capacity(raw.students.len());
        for (n, s) in raw.students.into_iter().enumerate() {
            let id = id_text(&s.id).ok_or_else(|| format!("student #{} has no id", n + 1))?;
            if student_index.insert(id.clone(), n).is_some() {
                return Err(format!("student id `{id}` appears twice"));
            }
            students.push(StudentInput {
                id,
                degree: s.degree,
                department: s.department,
                skills: skill_names(&s.skills),
                interests: s.interests,
                projects: s.projects,
                resume_text: s.resume_text,
                preferred_location: s.preferred_location,
                current_city: s.current_city,
                work_mode: Some(WorkMode::parse(&s.work_mode)),
                willing_to_relocate: s.willing_to_relocate,
                ..StudentInput::default()
            });
        }
        let mut relevance = vec![HashMap::new(); students.len()];
        for (sid, grades) in raw.relevance {
            let s = *student_index
                .get(&sid)
                .ok_or_else(|| format!("relevance names unknown student `{sid}`"))?;
            for (iid, grade) in grades {
                let i = *internship_index.get(&iid).ok_or_else(|| {
                    format!("relevance of `{sid}` names unknown internship `{iid}`")
                })?;
                let g = grade
                    .as_f64()
                    .filter(|g| g.is_finite() && (0.0..=3.0).contains(g))
                    .ok_or_else(|| {
                        format!(
                            "relevance of `{sid}` for `{iid}` must be a number 0–3, got {grade}"
                        )
                    })?;
                relevance[s].insert(i, g.round() as u8);
            }
        }
        Ok(Dataset {
            internships,
            students,
            relevance,
        })
    }
}

#[cfg(test)]
#[path = "dataset_tests.rs"]
mod tests;
