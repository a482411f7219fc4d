//! Rules of a company's documents: what each upload accepts, replacing and removing a file
//! (database first, then disk), a declined company going back to review when it sends a new
//! licence. Who may see each file is in `serving.rs`.

use super::store;
use crate::audit::{self, Event, Outcome};
use crate::db::{DbConnection, DbError};
use crate::files::{self, UploadedFile};
use crate::profile::model::EmployerProfile;
use crate::state::AppState;
use crate::web::SessionUser;
use crate::web::uploads::{Accepts, Kind, Refusal, Upload};

/// Largest logo: it is shown small on public pages, and 1 MB is plenty for that.
pub const MAX_LOGO_BYTES: usize = 1024 * 1024;

#[derive(Debug, thiserror::Error)]
pub enum DocError {
    #[error("upload refused: {0:?}")]
    Refused(Refusal),
    /// Documents hang off the company profile, which must be saved first.
    #[error("no company profile yet")]
    NoProfile,
    #[error("not found")]
    NotFound,
    #[error("file storage: {0}")]
    Storage(String),
    #[error(transparent)]
    Db(#[from] DbError),
}

impl From<diesel::result::Error> for DocError {
    fn from(e: diesel::result::Error) -> Self {
        DocError::Db(e.into())
    }
}

impl From<std::io::Error> for DocError {
    fn from(e: std::io::Error) -> Self {
        DocError::Storage(e.to_string())
    }
}

/// Which of the company's documents.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Doc {
    Logo,
    Licence,
}

impl Doc {
    pub fn accepts(self, max_upload_bytes: usize) -> Accepts {
        match self {
            Doc::Logo => Accepts {
                kinds: &[Kind::Png, Kind::Jpeg, Kind::Webp],
                max_bytes: MAX_LOGO_BYTES.min(max_upload_bytes),
                any_of: "err.kinds_logo_any",
                only: "err.kinds_logo_only",
            },
            Doc::Licence => Accepts {
                kinds: &[Kind::Pdf, Kind::Png, Kind::Jpeg],
                max_bytes: max_upload_bytes,
                any_of: "err.kinds_licence_any",
                only: "err.kinds_licence_only",
            },
        }
    }

    /// The `purpose` of its `uploaded_files` rows (the values the table's check allows).
    pub(super) fn purpose(self) -> &'static str {
        match self {
            Doc::Logo => "logo",
            Doc::Licence => "license",
        }
    }

    /// The upload's field on the company profile page (where its error is shown).
    pub fn field(self) -> &'static str {
        match self {
            Doc::Logo => "logo",
            Doc::Licence => "licence",
        }
    }

    pub(super) fn file_of(self, profile: &EmployerProfile) -> Option<i64> {
        match self {
            Doc::Logo => profile.logo_file_id,
            Doc::Licence => profile.license_file_id,
        }
    }
}

/// The logo and licence files of a company, for its profile page.
pub fn files_of(
    conn: &mut DbConnection,
    profile: &EmployerProfile,
) -> Result<(Option<UploadedFile>, Option<UploadedFile>), DbError> {
    let mut find = |id: Option<i64>| id.map(|id| files::find(conn, id)).transpose();
    Ok((
        find(profile.logo_file_id)?.flatten(),
        find(profile.license_file_id)?.flatten(),
    ))
}

/// Where pages show the logo `file` of company `employer_id`: the file id in the address makes a
/// new logo a new address, so caches never show the old one.
pub fn logo_path(employer_id: i64, file: i64) -> String {
    format!("/employer/logo/{employer_id}?v={file}")
}

/// Accepts a logo or licence: checked by content, stored, replacing the previous file (whose
/// bytes are deleted once the database no longer points at them). A new licence from a declined
/// company puts it back in the admins' queue (audited); returns whether that happened.
pub async fn upload(
    state: &AppState,
    user: &SessionUser,
    doc: Doc,
    upload: Upload,
) -> Result<bool, DocError> {
    let dir = state.settings.upload_dir.clone();
    let accepts = doc.accepts(state.settings.max_upload_bytes);
    let user_id = user.id;
    let new_file = files::blocking(move || {
        let kind = accepts.check(&upload).map_err(DocError::Refused)?;
        let fallback = doc.field();
        Ok::<_, DocError>(files::write(
            &dir,
            user_id,
            doc.purpose(),
            &upload,
            kind,
            fallback,
        )?)
    })
    .await?;
    let new_name = new_file.stored_name.clone();
    let email = user.email.clone();
    let recorded = state
        .db
        .run(move |conn| {
            crate::db::transaction(conn, |conn| {
                let profile = crate::profile::store::employer_by_user(conn, user_id)?
                    .ok_or(DocError::NoProfile)?;
                let old = doc.file_of(&profile).map(|id| files::find(conn, id));
                let old = old.transpose()?.flatten();
                let id = files::insert(conn, &new_file)?;
                store::set_file(conn, profile.id, doc, Some(id))?;
                if let Some(old) = &old {
                    files::delete(conn, old.id)?;
                }
                let reopened = doc == Doc::Licence && profile.verification_status == "rejected";
                if reopened {
                    back_to_review(conn, &profile, user_id, &email)?;
                }
                Ok::<_, DocError>((old, reopened))
            })
        })
        .await;
    match recorded {
        Ok((old, reopened)) => {
            if let Some(old) = old {
                files::discard(&state.settings.upload_dir, old.stored_name).await;
            }
            Ok(reopened)
        }
        Err(e) => {
            // Nothing points at the new bytes: do not leave them behind.
            files::discard(&state.settings.upload_dir, new_name).await;
            Err(e)
        }
    }
}

/// A declined company sent a new licence: admins should look again.
fn back_to_review(
    conn: &mut DbConnection,
    profile: &EmployerProfile,
    user_id: i64,
    email: &str,
) -> Result<(), DbError> {
    crate::profile::store::set_employer_status(conn, profile.id, "pending", None)?;
    audit::record(
        conn,
        Event::new("employer_resubmitted", Outcome::Success)
            .actor(Some(user_id), email)
            .target("employer", profile.id)
            .detail("a new licence document was uploaded after a rejection: pending again"),
    )
}

/// Removes the company's logo or licence; `false` when there was none.
pub async fn remove(state: &AppState, user_id: i64, doc: Doc) -> Result<bool, DocError> {
    let removed = state
        .db
        .run(move |conn| {
            crate::db::transaction(conn, |conn| {
                let Some(profile) = crate::profile::store::employer_by_user(conn, user_id)? else {
                    return Ok(None);
                };
                let Some(old) = doc.file_of(&profile) else {
                    return Ok(None);
                };
                let old = files::find(conn, old)?;
                store::set_file(conn, profile.id, doc, None)?;
                if let Some(old) = &old {
                    files::delete(conn, old.id)?;
                }
                Ok::<_, DocError>(old)
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_document_takes_its_kinds() {
        let png = Upload {
            original_name: "logo.png".into(),
            bytes: b"\x89PNG\r\n\x1a\n....".to_vec(),
        };
        let pdf = Upload {
            original_name: "licence.pdf".into(),
            bytes: b"%PDF-1.7 ...".to_vec(),
        };
        let max = 5 * 1024 * 1024;
        assert_eq!(Doc::Logo.accepts(max).check(&png), Ok(Kind::Png));
        assert_eq!(Doc::Logo.accepts(max).check(&pdf), Err(Refusal::WrongType));
        assert_eq!(Doc::Licence.accepts(max).check(&pdf), Ok(Kind::Pdf));
        assert_eq!(Doc::Licence.accepts(max).check(&png), Ok(Kind::Png));
        assert_eq!(Doc::Logo.accepts(max).max_bytes, MAX_LOGO_BYTES);
        assert_eq!(Doc::Licence.accepts(max).max_bytes, max);
    }
}
