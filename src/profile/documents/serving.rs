//! Who may see a company's documents, and their bytes for those who may: the logo for everyone
//! once the company is verified, the licence only for its employer and admins. Apart from
//! accepting and replacing them (`service.rs`): these rules answer readers, not the company.

use super::service::{Doc, DocError};
use super::store;
use crate::auth::model::Role;
use crate::db::{DbConnection, DbError};
use crate::files::{self, UploadedFile};
use crate::profile::model::EmployerProfile;
use crate::state::AppState;
use crate::web::SessionUser;

/// A company's logo and whether anyone may see it (and caches keep it): everyone once the
/// company is verified; before that only its employer and admins, privately. `NotFound` else.
pub async fn logo(
    state: &AppState,
    viewer: Option<SessionUser>,
    employer_id: i64,
) -> Result<(UploadedFile, Vec<u8>, bool), DocError> {
    let (file, public) = state
        .db
        .run(move |conn| {
            let Some(profile) = store::employer(conn, employer_id)? else {
                return Ok::<_, DbError>(None);
            };
            let public = profile.is_approved();
            if !public && !owner_or_admin(&profile, viewer.as_ref()) {
                return Ok(None);
            }
            Ok(visible(conn, &profile, Doc::Logo)?.map(|f| (f, public)))
        })
        .await?
        .ok_or(DocError::NotFound)?;
    let bytes = files::bytes_of(&state.settings.upload_dir, &file)
        .await
        .ok_or(DocError::NotFound)?;
    Ok((file, bytes, public))
}

/// A company's licence document, for its employer and admins only; `NotFound` for everyone
/// else, so ids reveal nothing.
pub async fn licence(
    state: &AppState,
    viewer: Option<SessionUser>,
    employer_id: i64,
) -> Result<(UploadedFile, Vec<u8>), DocError> {
    let file = state
        .db
        .run(move |conn| match store::employer(conn, employer_id)? {
            Some(profile) if owner_or_admin(&profile, viewer.as_ref()) => {
                visible(conn, &profile, Doc::Licence)
            }
            _ => Ok(None),
        })
        .await?
        .ok_or(DocError::NotFound)?;
    let bytes = files::bytes_of(&state.settings.upload_dir, &file)
        .await
        .ok_or(DocError::NotFound)?;
    Ok((file, bytes))
}

fn owner_or_admin(profile: &EmployerProfile, viewer: Option<&SessionUser>) -> bool {
    viewer.is_some_and(|v| v.role == Role::Admin || v.id == profile.user_id)
}

/// The document's file, only when it really is one of this kind (a tampered row shows nothing).
fn visible(
    conn: &mut DbConnection,
    profile: &EmployerProfile,
    doc: Doc,
) -> Result<Option<UploadedFile>, DbError> {
    let Some(id) = doc.file_of(profile) else {
        return Ok(None);
    };
    Ok(files::find(conn, id)?.filter(|f| f.purpose == doc.purpose()))
}
