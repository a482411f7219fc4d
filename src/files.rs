//! Uploaded files, whatever they are for (resumes, company logos and licences): the bytes on
//! disk under `UPLOAD_DIR` (default `DATA_DIR/uploads`, outside `static/`), each under a random
//! name so nothing a user typed ever becomes part of a path, and their metadata rows in
//! `uploaded_files`. Who may see a file is the owning module's rule, never decided here.

use crate::db::schema::uploaded_files;
use crate::db::{DbConnection, DbError};
use crate::web::uploads::{Kind, Upload, display_name};
use chrono::NaiveDateTime;
use diesel::prelude::*;
use sha2::{Digest, Sha256};
use std::io::Write;
use std::path::{Path, PathBuf};

/// A row of `uploaded_files`.
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = uploaded_files)]
pub struct UploadedFile {
    pub id: i64,
    pub owner_user_id: i64,
    pub purpose: String,
    pub stored_name: String,
    pub original_name: String,
    pub content_type: String,
    pub size_bytes: i64,
    pub sha256: String,
    pub created_at: NaiveDateTime,
}

impl UploadedFile {
    /// The size for people: "820 KB", "1.4 MB".
    pub fn size_label(&self) -> String {
        let bytes = self.size_bytes.max(0) as f64;
        if bytes >= 1024.0 * 1024.0 {
            format!("{:.1} MB", bytes / (1024.0 * 1024.0))
        } else {
            format!("{} KB", (bytes / 1024.0).ceil().max(1.0))
        }
    }

    pub fn uploaded_on(&self) -> String {
        self.created_at.format("%d %b %Y").to_string()
    }
}

/// Metadata of a file about to be recorded.
#[derive(Debug, Clone, Insertable)]
#[diesel(table_name = uploaded_files)]
pub struct NewUploadedFile {
    pub owner_user_id: i64,
    pub purpose: String,
    pub stored_name: String,
    pub original_name: String,
    pub content_type: String,
    pub size_bytes: i64,
    pub sha256: String,
    pub created_at: NaiveDateTime,
}

/// Writes a checked upload under a new random name and describes it for its row (blocking
/// work). `fallback` names the download when the browser sent no usable name.
pub fn write(
    dir: &Path,
    owner_user_id: i64,
    purpose: &str,
    upload: &Upload,
    kind: Kind,
    fallback: &str,
) -> std::io::Result<NewUploadedFile> {
    let stored_name = save(dir, &upload.bytes)?;
    Ok(NewUploadedFile {
        owner_user_id,
        purpose: purpose.into(),
        stored_name,
        original_name: display_name(&upload.original_name, kind, fallback),
        content_type: kind.content_type().into(),
        size_bytes: upload.bytes.len() as i64,
        sha256: hex::encode(Sha256::digest(&upload.bytes)),
        created_at: chrono::Utc::now().naive_utc(),
    })
}

pub fn insert(conn: &mut DbConnection, file: &NewUploadedFile) -> Result<i64, DbError> {
    Ok(diesel::insert_into(uploaded_files::table)
        .values(file)
        .returning(uploaded_files::id)
        .get_result(conn)?)
}

pub fn find(conn: &mut DbConnection, id: i64) -> Result<Option<UploadedFile>, DbError> {
    Ok(uploaded_files::table
        .find(id)
        .select(UploadedFile::as_select())
        .first(conn)
        .optional()?)
}

pub fn delete(conn: &mut DbConnection, id: i64) -> Result<(), DbError> {
    diesel::delete(uploaded_files::table.find(id)).execute(conn)?;
    Ok(())
}

/// Runs file work on the blocking pool (never on an actix worker); a task that died is a
/// storage error like any other.
pub async fn blocking<T, E>(f: impl FnOnce() -> Result<T, E> + Send + 'static) -> Result<T, E>
where
    T: Send + 'static,
    E: From<std::io::Error> + Send + 'static,
{
    tokio::task::spawn_blocking(f)
        .await
        .map_err(|e| E::from(std::io::Error::other(format!("file task failed: {e}"))))?
}

/// The bytes of a recorded file; `None` (logged) when they are missing on disk, which callers
/// answer like a file that does not exist.
pub async fn bytes_of(dir: &Path, file: &UploadedFile) -> Option<Vec<u8>> {
    let (dir, name) = (dir.to_path_buf(), file.stored_name.clone());
    match blocking(move || read(&dir, &name)).await {
        Ok(bytes) => Some(bytes),
        Err(e) => {
            tracing::error!(file_id = file.id, purpose = %file.purpose, error = %e,
                "a recorded file is missing on disk");
            None
        }
    }
}

/// Deletes bytes nothing points at any more; a failure leaves an orphan file, logged, never an
/// error for the user (the database is already right).
pub async fn discard(dir: &Path, stored_name: String) {
    let dir = dir.to_path_buf();
    if let Err(e) = blocking(move || remove(&dir, &stored_name)).await {
        tracing::warn!(error = %e, "an old uploaded file could not be deleted");
    }
}

/// Stored files in `dir` older than `grace` that no row of `uploaded_files` names: bytes left
/// behind when the process died between writing a file and committing its row (or between
/// committing a replacement and deleting the old bytes). The grace period keeps uploads whose
/// row is still being written. Blocking work; returns the names removed.
pub fn sweep_orphans(
    conn: &mut DbConnection,
    dir: &Path,
    grace: std::time::Duration,
) -> Result<Vec<String>, DbError> {
    let entries = match std::fs::read_dir(dir) {
        Ok(entries) => entries,
        // No upload yet: nothing to sweep.
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(e) => {
            tracing::warn!(error = %e, "the upload directory could not be listed");
            return Ok(Vec::new());
        }
    };
    let now = std::time::SystemTime::now();
    let old_enough = |entry: &std::fs::DirEntry| {
        entry
            .metadata()
            .ok()
            .filter(|m| m.is_file())
            .and_then(|m| m.modified().ok())
            .and_then(|modified| now.duration_since(modified).ok())
            .is_some_and(|age| age >= grace)
    };
    let candidates: Vec<String> = entries
        .filter_map(Result::ok)
        .filter(|entry| old_enough(entry))
        .filter_map(|entry| entry.file_name().into_string().ok())
        .filter(|name| path(dir, name).is_ok())
        .collect();
    let mut removed = Vec::new();
    for chunk in candidates.chunks(500) {
        let known: std::collections::HashSet<String> = uploaded_files::table
            .filter(uploaded_files::stored_name.eq_any(chunk))
            .select(uploaded_files::stored_name)
            .load::<String>(conn)?
            .into_iter()
            .collect();
        for name in chunk.iter().filter(|n| !known.contains(*n)) {
            match remove(dir, name) {
                Ok(()) => removed.push(name.clone()),
                Err(e) => tracing::warn!(error = %e, "an orphan upload could not be deleted"),
            }
        }
    }
    Ok(removed)
}

/// Writes `bytes` under a new random name in `dir` (created if missing); returns the name.
pub fn save(dir: &Path, bytes: &[u8]) -> std::io::Result<String> {
    std::fs::create_dir_all(dir)?;
    let name = crate::web::tokens::random_hex_token();
    let mut file = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(dir.join(&name))?;
    file.write_all(bytes)?;
    // Metadata is committed to the database next: the bytes must be on disk before it says so.
    file.sync_all()?;
    Ok(name)
}

pub fn read(dir: &Path, stored_name: &str) -> std::io::Result<Vec<u8>> {
    std::fs::read(path(dir, stored_name)?)
}

/// Removes a stored file; one already gone is not an error.
pub fn remove(dir: &Path, stored_name: &str) -> std::io::Result<()> {
    match std::fs::remove_file(path(dir, stored_name)?) {
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(()),
        other => other,
    }
}

/// The path of a stored name; only names [`save`] could have made are accepted, so a tampered
/// row cannot point outside `dir`.
fn path(dir: &Path, stored_name: &str) -> std::io::Result<PathBuf> {
    if stored_name.is_empty() || !stored_name.chars().all(|c| c.is_ascii_hexdigit()) {
        return Err(std::io::Error::new(
            std::io::ErrorKind::InvalidInput,
            "not a stored file name",
        ));
    }
    Ok(dir.join(stored_name))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn saves_reads_and_removes_under_random_names() {
        let dir = tempfile::tempdir().unwrap();
        let uploads = dir.path().join("uploads");
        let a = save(&uploads, b"one").unwrap();
        let b = save(&uploads, b"two").unwrap();
        assert_ne!(a, b);
        assert_eq!(read(&uploads, &a).unwrap(), b"one");
        remove(&uploads, &a).unwrap();
        remove(&uploads, &a).unwrap();
        assert!(read(&uploads, &a).is_err());
        assert!(read(&uploads, "../../etc/passwd").is_err());
    }
}
