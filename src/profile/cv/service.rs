//! Rules of the CV: reading what goes in it (the student's profile, her structured resume and
//! what was read from her resume file; put together in `assemble.rs`) and making the PDF (on a
//! blocking thread: shaping and font subsetting are CPU work).

use super::assemble::{Sources, assemble};
use super::fonts::{self, FontError};
use super::model::Cv;
use crate::db::{DbConnection, DbError, skills};
use crate::web::i18n::Lang;
use std::path::PathBuf;

#[derive(Debug, thiserror::Error)]
pub enum CvError {
    /// The fonts are not installed where `FONT_DIR` says: the operator must install them.
    #[error(transparent)]
    Fonts(#[from] FontError),
    #[error("making the PDF: {0}")]
    Pdf(String),
}

impl From<std::io::Error> for CvError {
    fn from(e: std::io::Error) -> Self {
        CvError::Pdf(e.to_string())
    }
}

/// Everything the CV of the student `user_id` says; `name` and `email` are her account's.
pub fn cv_of(
    conn: &mut DbConnection,
    user_id: i64,
    name: &str,
    email: &str,
    lang: Lang,
) -> Result<Cv, DbError> {
    let profile = crate::profile::store::student_by_user(conn, user_id)?;
    let (resume, skill_names) = match &profile {
        Some(p) => (
            crate::profile::resume::store::resume_of(conn, p.id)?,
            skills::student_skill_names(conn, p.id)?,
        ),
        None => (None, Vec::new()),
    };
    let reading = crate::profile::resume::findings::findings(conn, user_id)?.map(|f| f.reading);
    let sources = Sources {
        profile: profile.as_ref(),
        resume: resume.as_ref(),
        skills: skill_names,
        reading: reading.as_ref(),
    };
    Ok(assemble(name, email, &sources, lang))
}

/// The PDF of `cv`, with the fonts of `font_dir`.
pub async fn pdf(font_dir: PathBuf, cv: Cv, lang: Lang) -> Result<Vec<u8>, CvError> {
    crate::files::blocking(move || {
        let fonts = fonts::load(&font_dir)?;
        super::pdf::render(&cv, &fonts, lang)
    })
    .await
}
