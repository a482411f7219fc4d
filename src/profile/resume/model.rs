//! Types of the resume: its row, the form as typed, and the resume with its file.

use crate::db::schema::student_resumes;
use crate::files::UploadedFile;
use chrono::NaiveDateTime;
use diesel::prelude::*;
use serde::Deserialize;

/// A row of `student_resumes`.
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = student_resumes)]
pub struct StudentResume {
    pub id: i64,
    pub student_id: i64,
    pub headline: Option<String>,
    pub career_objective: Option<String>,
    pub education: Option<String>,
    pub work_experience: Option<String>,
    pub projects: Option<String>,
    pub certifications: Option<String>,
    pub extra_curricular: Option<String>,
    pub linkedin_url: Option<String>,
    pub github_url: Option<String>,
    pub file_id: Option<i64>,
    pub extracted_text: Option<String>,
    pub updated_at: NaiveDateTime,
}

/// The structured part of a resume as saved (already validated); the file columns are left alone.
#[derive(Debug, Clone, AsChangeset, Insertable)]
#[diesel(table_name = student_resumes, treat_none_as_null = true)]
pub struct ResumeChanges {
    pub headline: Option<String>,
    pub career_objective: Option<String>,
    pub education: Option<String>,
    pub work_experience: Option<String>,
    pub projects: Option<String>,
    pub certifications: Option<String>,
    pub extra_curricular: Option<String>,
    pub linkedin_url: Option<String>,
    pub github_url: Option<String>,
    pub updated_at: NaiveDateTime,
}

/// The resume form as typed (every field a string, so it can be re-rendered as is).
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct ResumeForm {
    pub headline: String,
    pub career_objective: String,
    pub education: String,
    pub work_experience: String,
    pub projects: String,
    pub certifications: String,
    pub extra_curricular: String,
    pub linkedin_url: String,
    pub github_url: String,
}

impl ResumeForm {
    pub fn from_resume(r: &StudentResume) -> Self {
        let s = |v: &Option<String>| v.clone().unwrap_or_default();
        ResumeForm {
            headline: s(&r.headline),
            career_objective: s(&r.career_objective),
            education: s(&r.education),
            work_experience: s(&r.work_experience),
            projects: s(&r.projects),
            certifications: s(&r.certifications),
            extra_curricular: s(&r.extra_curricular),
            linkedin_url: s(&r.linkedin_url),
            github_url: s(&r.github_url),
        }
    }
}

/// A resume as the resume page and the employer's applicant list show it.
#[derive(Debug, Clone)]
pub struct ResumeView {
    pub resume: StudentResume,
    pub file: Option<UploadedFile>,
}

impl ResumeView {
    /// A file is there but no text could be read from it (a scan, a protected PDF).
    pub fn file_without_text(&self) -> bool {
        self.file.is_some() && self.resume.extracted_text.is_none()
    }

    /// Whether any structured field is filled (the applicant list hides an empty resume).
    pub fn has_fields(&self) -> bool {
        let r = &self.resume;
        [
            &r.headline,
            &r.career_objective,
            &r.education,
            &r.work_experience,
            &r.projects,
            &r.certifications,
            &r.extra_curricular,
            &r.linkedin_url,
            &r.github_url,
        ]
        .iter()
        .any(|f| f.is_some())
    }
}
