//! Rules of the data export (DPDP Act 2023, right to information): everything held about a user
//! as `data.json` plus the original uploaded files, in a ZIP prepared by a background job (an
//! account may hold several large files) and downloadable through a link valid for 24 hours.

use super::export_store as collect;
use super::model::*;
use super::store;
use crate::db::{DbConnection, DbError};
use crate::notify::{Letter, Notice};
use crate::state::AppState;
use crate::web::i18n::{Lang, Msg};
use chrono::{Duration, Utc};
use std::io::Write;
use std::path::{Path, PathBuf};

/// The job that prepares an export.
pub const DATA_EXPORT: &str = "data_export";
/// How long a prepared export can be downloaded.
pub const VALID_HOURS: i64 = 24;

#[derive(Debug, thiserror::Error)]
pub enum ExportError {
    #[error("not found")]
    NotFound,
    #[error("file storage: {0}")]
    Storage(String),
    #[error(transparent)]
    Db(#[from] DbError),
}

impl From<std::io::Error> for ExportError {
    fn from(e: std::io::Error) -> Self {
        ExportError::Storage(e.to_string())
    }
}

/// Where prepared exports are kept (outside the upload directory, whose sweeper would take them).
pub fn export_dir(data_dir: &Path) -> PathBuf {
    data_dir.join("exports")
}

/// Records a request and queues its job (in one transaction). A request while one is still being
/// prepared adds nothing (the job's dedupe key).
pub fn request(conn: &mut DbConnection, user_id: i64) -> Result<(), DbError> {
    crate::db::transaction(conn, |conn| {
        if store::pending_export(conn, user_id)?.is_some() {
            return Ok(());
        }
        let token = crate::auth::tokens::random_hex_token();
        let now = Utc::now().naive_utc();
        let id = store::insert_export(
            conn,
            user_id,
            &crate::auth::tokens::hash_token(&token),
            now,
            now + Duration::hours(VALID_HOURS),
        )?;
        crate::jobs::enqueue(
            conn,
            DATA_EXPORT,
            serde_json::json!({ "export_id": id, "token": token }),
            Some(&format!("data_export:{id}")),
        )?;
        Ok(())
    })
}

/// Everything held about the user, read in one transaction.
pub fn collect(conn: &mut DbConnection, user_id: i64) -> Result<Option<DataExport>, DbError> {
    crate::db::transaction(conn, |conn| {
        let Some(account) = collect::account(conn, user_id)? else {
            return Ok(None);
        };
        let lang = Lang::from_code(&account.preferred_lang).unwrap_or(Lang::En);
        let student_profile = collect::student_profile(conn, user_id)?;
        let student = student_profile.as_ref().map(|p| p.id);
        let mut applications = Vec::new();
        let (mut skills, mut resume, mut saved) = (Vec::new(), None, Vec::new());
        if let Some(student) = student {
            skills = collect::skills_of(conn, student)?;
            resume = collect::resume(conn, student)?;
            saved = collect::saved(conn, student)?;
            let rows = collect::applications(conn, student)?;
            let ids: Vec<i64> = rows.iter().map(|(a, _, _)| a.id).collect();
            let mut events = collect::events(conn, &ids)?;
            let mut answers = collect::answers(conn, &ids)?;
            let mut interviews = collect::interviews(conn, &ids)?;
            for (application, internship_title, company) in rows {
                let id = application.id;
                applications.push(ApplicationExport {
                    application,
                    internship_title,
                    company,
                    history: events.extract_if(.., |e| e.application_id == id).collect(),
                    answers: answers.extract_if(.., |a| a.application_id == id).collect(),
                    interviews: interviews
                        .extract_if(.., |i| i.application_id == id)
                        .collect(),
                });
            }
        }
        let notifications = collect::notifications(conn, user_id)?
            .into_iter()
            .map(|n| NotificationExport {
                text: Msg::decode(&n.message).text(lang),
                kind: n.kind,
                link: n.link,
                read_at: n.read_at,
                created_at: n.created_at,
            })
            .collect();
        Ok(Some(DataExport {
            exported_at: Utc::now().naive_utc(),
            student_profile,
            skills,
            resume,
            applications,
            saved_internships: saved,
            saved_searches: collect::saved_searches(conn, user_id)?,
            notifications,
            consents: collect::consents(conn, user_id)?,
            files: collect::files(conn, user_id)?,
            employer_profile: collect::employer_profile(conn, user_id)?,
            institute_profile: collect::institute_profile(conn, user_id)?,
            account,
        }))
    })
}

/// The ZIP: `data.json`, then each uploaded file under `files/<id>-<original name>` (blocking).
pub fn zip(data: &DataExport, upload_dir: &Path) -> Result<Vec<u8>, ExportError> {
    let mut out = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    let zip_error = |e: zip::result::ZipError| ExportError::Storage(e.to_string());
    out.start_file("data.json", options).map_err(zip_error)?;
    let json = serde_json::to_vec_pretty(data).map_err(|e| ExportError::Storage(e.to_string()))?;
    out.write_all(&json)?;
    for file in &data.files {
        // A file missing on disk is listed in data.json all the same; the rest still exports.
        let Ok(bytes) = crate::files::read(upload_dir, &file.stored_name) else {
            tracing::warn!(file_id = file.id, "an exported file is missing on disk");
            continue;
        };
        let name = format!("files/{}-{}", file.id, safe_name(&file.original_name));
        out.start_file(name, options).map_err(zip_error)?;
        out.write_all(&bytes)?;
    }
    Ok(out.finish().map_err(zip_error)?.into_inner())
}

/// A file name that cannot leave the ZIP's folder (no separators, no `..`).
fn safe_name(name: &str) -> String {
    let cleaned: String = name
        .chars()
        .map(|c| {
            if c.is_alphanumeric() || matches!(c, '.' | '-' | '_' | ' ') {
                c
            } else {
                '_'
            }
        })
        .collect();
    let cleaned = cleaned.trim_start_matches('.').trim();
    if cleaned.is_empty() {
        "file".into()
    } else {
        cleaned.to_string()
    }
}

/// The `data_export` job: builds the ZIP, records it and tells the user where to download it.
pub async fn export_job(state: AppState, payload: serde_json::Value) -> Result<(), String> {
    let id = payload["export_id"]
        .as_i64()
        .ok_or("payload lacks export_id")?;
    let token = payload["token"]
        .as_str()
        .ok_or("payload lacks token")?
        .to_string();
    let db = state.db.clone();
    let Some(row) = db
        .run(move |conn| store::find_export(conn, id))
        .await
        .map_err(|e| e.to_string())?
    else {
        return Ok(()); // the account was erased meanwhile
    };
    if row.status != "pending" {
        return Ok(());
    }
    let user_id = row.user_id;
    let data = db
        .run(move |conn| collect(conn, user_id))
        .await
        .map_err(|e| e.to_string())?
        .ok_or("the account is gone")?;
    let (upload_dir, dir) = (
        state.settings.upload_dir.clone(),
        export_dir(&state.settings.data_dir),
    );
    let stored = crate::files::blocking(move || {
        let bytes = zip(&data, &upload_dir)?;
        Ok::<_, ExportError>(crate::files::save(&dir, &bytes)?)
    })
    .await
    .map_err(|e| e.to_string())?;
    let base_url = state.settings.base_url.clone();
    let name = stored.clone();
    let recorded = db
        .run(move |conn| {
            crate::db::transaction(conn, |conn| {
                if !store::mark_ready(conn, id, &name)? {
                    return Ok(false);
                }
                let link = format!("/account/export/{token}");
                let notice =
                    Notice::new("export", Msg::new("account.export_ready")).link(link.clone());
                crate::notify::notify(conn, user_id, notice.kind, &notice.headline, Some(&link))?;
                let letter = Letter::new(Msg::new("account.export_ready_subject"))
                    .line(Msg::new("account.export_ready"))
                    .link(
                        format!("{base_url}{link}"),
                        Msg::new("account.export_download"),
                    )
                    .after(Msg::new("account.export_valid").with("hours", VALID_HOURS));
                crate::notify::email_user(conn, user_id, &letter)?;
                Ok::<_, DbError>(true)
            })
        })
        .await
        .map_err(|e| e.to_string())?;
    if !recorded {
        crate::files::discard(&export_dir(&state.settings.data_dir), stored).await;
    }
    Ok(())
}

/// The prepared ZIP behind a download link, for its owner only, within 24 hours.
pub async fn download(
    state: &AppState,
    user_id: i64,
    token: String,
) -> Result<Vec<u8>, ExportError> {
    let hash = crate::auth::tokens::hash_token(&token);
    let row = state
        .db
        .run(move |conn| store::find_export_by_token(conn, &hash))
        .await?
        .filter(|row| row.user_id == user_id && row.is_ready())
        .filter(|row| row.expires_at > Utc::now().naive_utc())
        .ok_or(ExportError::NotFound)?;
    let name = row.stored_name.ok_or(ExportError::NotFound)?;
    let dir = export_dir(&state.settings.data_dir);
    crate::files::blocking(move || crate::files::read(&dir, &name))
        .await
        .map_err(|_| ExportError::NotFound)
}

/// Deletes expired exports and their files (the clean-up job).
pub async fn purge_expired(state: &AppState) -> Result<usize, DbError> {
    let now = Utc::now().naive_utc();
    let names = state
        .db
        .run(move |conn| store::delete_expired(conn, now))
        .await?;
    let dir = export_dir(&state.settings.data_dir);
    for name in &names {
        crate::files::discard(&dir, name.clone()).await;
    }
    Ok(names.len())
}
