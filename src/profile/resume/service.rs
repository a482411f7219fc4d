//! Rules of the resume form: what a valid one is, and saving it. The resume file (which uploads
//! are accepted, replacing and removing it, who may download it) is in `file.rs`.

use super::model::*;
use super::store;
use crate::db::{DbConnection, DbError};
use crate::profile::service::text;
use crate::web::FieldErrors;
use crate::web::i18n::Msg;
use crate::web::uploads::Refusal;

#[derive(Debug, thiserror::Error)]
pub enum ResumeError {
    #[error("the form has errors")]
    Invalid(FieldErrors),
    #[error("upload refused: {0:?}")]
    Refused(Refusal),
    #[error("not found")]
    NotFound,
    #[error("file storage: {0}")]
    Storage(String),
    #[error(transparent)]
    Db(#[from] DbError),
}

impl From<diesel::result::Error> for ResumeError {
    fn from(e: diesel::result::Error) -> Self {
        ResumeError::Db(e.into())
    }
}

impl From<std::io::Error> for ResumeError {
    fn from(e: std::io::Error) -> Self {
        ResumeError::Storage(e.to_string())
    }
}

/// The resume form and file of a student (empty when they have none yet).
pub fn page(
    conn: &mut DbConnection,
    user_id: i64,
) -> Result<(ResumeForm, Option<ResumeView>), DbError> {
    let Some(student) = crate::profile::store::student_by_user(conn, user_id)? else {
        return Ok((ResumeForm::default(), None));
    };
    let view = store::view_of(conn, student.id)?;
    let form = view
        .as_ref()
        .map(|v| ResumeForm::from_resume(&v.resume))
        .unwrap_or_default();
    Ok((form, view))
}

/// An `http(s)` address on `domain` or one of its subdomains (in.linkedin.com), nothing else.
fn profile_url(
    errors: &mut FieldErrors,
    field: &'static str,
    value: &str,
    domain: &str,
    example: &str,
) -> Option<String> {
    let value = text(errors, field, value, 200)?;
    let on_domain = url::Url::parse(&value).ok().is_some_and(|u| {
        let host = u.host_str().unwrap_or("").to_ascii_lowercase();
        matches!(u.scheme(), "http" | "https")
            && (host == domain || host.ends_with(&format!(".{domain}")))
    });
    if !on_domain {
        errors.add(field, Msg::new("err.profile_url").with("example", example));
    }
    Some(value)
}

pub fn changes(form: &ResumeForm) -> Result<ResumeChanges, FieldErrors> {
    let mut e = FieldErrors::default();
    let changes = ResumeChanges {
        headline: text(&mut e, "headline", &form.headline, 150),
        career_objective: text(&mut e, "career_objective", &form.career_objective, 1000),
        education: text(&mut e, "education", &form.education, 2000),
        work_experience: text(&mut e, "work_experience", &form.work_experience, 4000),
        projects: text(&mut e, "projects", &form.projects, 4000),
        certifications: text(&mut e, "certifications", &form.certifications, 2000),
        extra_curricular: text(&mut e, "extra_curricular", &form.extra_curricular, 2000),
        linkedin_url: profile_url(
            &mut e,
            "linkedin_url",
            &form.linkedin_url,
            "linkedin.com",
            "https://www.linkedin.com/in/your-name",
        ),
        github_url: profile_url(
            &mut e,
            "github_url",
            &form.github_url,
            "github.com",
            "https://github.com/your-name",
        ),
        updated_at: chrono::Utc::now().naive_utc(),
    };
    if e.is_empty() { Ok(changes) } else { Err(e) }
}

/// Saves the structured resume; the student's embedding is recomputed (it reads the resume).
pub fn save(conn: &mut DbConnection, user_id: i64, form: &ResumeForm) -> Result<(), ResumeError> {
    let changes = changes(form).map_err(ResumeError::Invalid)?;
    crate::db::transaction(conn, |conn| {
        let student = store::ensure_student(conn, user_id)?;
        store::save_fields(conn, student, &changes)?;
        crate::matching::service::profile_changed(conn, student)?;
        Ok(())
    })
}

#[cfg(test)]
#[path = "service_tests.rs"]
mod tests;
