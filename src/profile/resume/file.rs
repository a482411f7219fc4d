//! Rules of the resume file: which uploads are accepted, reading its text (bounded in memory and
//! time), replacing and removing it (database first, then disk), and who may download it. Apart
//! from the typed resume form (`service.rs`): bytes on disk, blocking work and access, not fields.

use super::extract;
use super::service::ResumeError;
use super::store;
use crate::auth::model::Role;
use crate::db::{DbConnection, DbError};
use crate::files::{self, NewUploadedFile, UploadedFile};
use crate::state::AppState;
use crate::web::SessionUser;
use crate::web::uploads::{Accepts, Kind, Refusal, Upload};

/// What the resume upload takes: a PDF, a DOCX or plain text, up to `MAX_UPLOAD_BYTES`.
pub fn accepts(max_bytes: usize) -> Accepts {
    Accepts {
        kinds: &[Kind::Pdf, Kind::Docx, Kind::Text],
        max_bytes,
        any_of: "err.kinds_resume_any",
        only: "err.kinds_resume_only",
    }
}

/// A checked upload, written to disk, ready to be recorded.
struct Stored {
    file: NewUploadedFile,
    text: Option<String>,
}

/// Files read for text at once: each may hold up to `extract::MAX_PDF_INFLATED_BYTES` while it
/// is parsed, so many uploads at once must not add up.
static EXTRACTIONS: tokio::sync::Semaphore = tokio::sync::Semaphore::const_new(2);
/// Longest a file's text may take to read; a file that takes longer is refused.
const EXTRACTION_TIME: std::time::Duration = std::time::Duration::from_secs(20);

/// Checks the content and reads its text (blocking work, bounded in memory and time), then
/// writes it under a random name.
async fn check_and_store(
    dir: std::path::PathBuf,
    user_id: i64,
    upload: Upload,
    max_bytes: usize,
) -> Result<Stored, ResumeError> {
    let kind = accepts(max_bytes)
        .check(&upload)
        .map_err(ResumeError::Refused)?;
    let unprocessable = ResumeError::Refused(Refusal::Unprocessable);
    let _permit = EXTRACTIONS
        .acquire()
        .await
        .map_err(|e| ResumeError::Storage(e.to_string()))?;
    let reading = files::blocking(move || {
        let text = extract::text(kind, &upload.bytes);
        Ok::<_, ResumeError>((upload, text))
    });
    // On time-out the reading goes on in its thread (it is bounded) but the upload is refused.
    let (upload, text) = tokio::time::timeout(EXTRACTION_TIME, reading)
        .await
        .map_err(|_| ResumeError::Refused(Refusal::Unprocessable))??;
    let text = text.map_err(|extract::TooInflated| unprocessable)?;
    files::blocking(move || {
        let file = files::write(&dir, user_id, store::PURPOSE, &upload, kind, "resume")?;
        Ok(Stored { file, text })
    })
    .await
}

/// Accepts a resume file: checked by content, stored, its text kept for matching, replacing the
/// previous file (whose bytes are deleted once the database no longer points at them). Returns
/// whether text could be read from it.
pub async fn upload(state: &AppState, user_id: i64, upload: Upload) -> Result<bool, ResumeError> {
    let dir = state.settings.upload_dir.clone();
    let max_bytes = state.settings.max_upload_bytes;
    let stored = check_and_store(dir, user_id, upload, max_bytes).await?;
    let has_text = stored.text.is_some();
    let new_name = stored.file.stored_name.clone();
    let recorded = state
        .db
        .run(move |conn| {
            crate::db::transaction(conn, |conn| {
                let student = store::ensure_student(conn, user_id)?;
                let old = previous_file(conn, student)?;
                let id = files::insert(conn, &stored.file)?;
                store::set_file(conn, student, Some(id), stored.text.as_deref())?;
                if let Some(old) = &old {
                    files::delete(conn, old.id)?;
                }
                crate::matching::service::profile_changed(conn, student)?;
                Ok::<_, ResumeError>(old)
            })
        })
        .await;
    match recorded {
        Ok(old) => {
            if let Some(old) = old {
                files::discard(&state.settings.upload_dir, old.stored_name).await;
            }
            Ok(has_text)
        }
        Err(e) => {
            // Nothing points at the new bytes: do not leave them behind.
            files::discard(&state.settings.upload_dir, new_name).await;
            Err(e)
        }
    }
}

fn previous_file(
    conn: &mut DbConnection,
    student_id: i64,
) -> Result<Option<UploadedFile>, DbError> {
    match store::resume_of(conn, student_id)?.and_then(|r| r.file_id) {
        Some(id) => files::find(conn, id),
        None => Ok(None),
    }
}

/// Removes the student's resume file and its text; `false` when there was none.
pub async fn remove(state: &AppState, user_id: i64) -> Result<bool, ResumeError> {
    let removed = state
        .db
        .run(move |conn| {
            crate::db::transaction(conn, |conn| {
                let Some(student) = crate::profile::store::student_by_user(conn, user_id)? else {
                    return Ok(None);
                };
                let Some(old) = previous_file(conn, student.id)? else {
                    return Ok(None);
                };
                store::set_file(conn, student.id, None, None)?;
                files::delete(conn, old.id)?;
                crate::matching::service::profile_changed(conn, student.id)?;
                Ok::<_, ResumeError>(Some(old))
            })
        })
        .await?;
    match removed {
        Some(old) => {
            files::discard(&state.settings.upload_dir, old.stored_name).await;
            Ok(true)
        }
        None => Ok(false),
    }
}

/// The file and its bytes, for its owner, an employer the student applied to, or an admin;
/// `NotFound` for everyone else, so ids reveal nothing.
pub async fn download(
    state: &AppState,
    user: &SessionUser,
    file_id: i64,
) -> Result<(UploadedFile, Vec<u8>), ResumeError> {
    let (user_id, role) = (user.id, user.role);
    let file = state
        .db
        .run(move |conn| visible_file(conn, user_id, role, file_id))
        .await?
        .ok_or(ResumeError::NotFound)?;
    let bytes = files::bytes_of(&state.settings.upload_dir, &file)
        .await
        .ok_or(ResumeError::NotFound)?;
    Ok((file, bytes))
}

fn visible_file(
    conn: &mut DbConnection,
    user_id: i64,
    role: Role,
    file_id: i64,
) -> Result<Option<UploadedFile>, DbError> {
    let Some(file) = files::find(conn, file_id)?.filter(|f| f.purpose == store::PURPOSE) else {
        return Ok(None);
    };
    let allowed = match role {
        Role::Admin => true,
        Role::Student => file.owner_user_id == user_id,
        Role::Employer => match store::student_of_file(conn, file_id)? {
            Some(student) => store::applied_to_employer(conn, student, user_id)?,
            None => false,
        },
        Role::Institute => false,
    };
    Ok(allowed.then_some(file))
}
