//! `praktiki backup`: a consistent copy of the database and the uploaded files, taken while the
//! app keeps serving.
//!
//! SQLite is copied with `VACUUM INTO`, which reads one snapshot of the database (WAL mode lets
//! writers go on) and writes a compact file that opens on its own — unlike copying
//! `praktiki.db` by hand, which can catch it between a write and its checkpoint. PostgreSQL is
//! dumped with `pg_dump` (custom format, restored with `pg_restore`).

use crate::config::Settings;
use crate::db::{DatabaseUrl, DbConnection};
use diesel::RunQueryDsl;
use std::path::{Path, PathBuf};

/// What a backup wrote.
#[derive(Debug)]
pub struct BackupReport {
    pub database: PathBuf,
    pub uploads: usize,
}

/// Writes the backup into `dir`, which must not exist yet (a backup never overwrites another).
/// It is written beside it under the same name with `.partial` added and renamed to `dir` once
/// whole: a directory of that name always holds a finished backup, and one cut off (the
/// process stopped, the disk full) is never taken for one.
pub fn backup(settings: &Settings, dir: &Path) -> anyhow::Result<BackupReport> {
    if dir.exists() {
        anyhow::bail!("{} exists already: choose a new directory", dir.display());
    }
    let mut name = dir.file_name().unwrap_or_default().to_os_string();
    name.push(PARTIAL);
    let partial = dir.with_file_name(name);
    if partial.exists() {
        anyhow::bail!(
            "{} exists: another backup is being written there, or one was cut off (remove it)",
            partial.display()
        );
    }
    std::fs::create_dir_all(&partial)?;
    let report = write(settings, &partial)?;
    std::fs::rename(&partial, dir)?;
    Ok(BackupReport {
        database: dir.join(report.database.file_name().unwrap_or_default()),
        uploads: report.uploads,
    })
}

/// What is added to the name of a backup's directory while it is being written.
const PARTIAL: &str = ".partial";

/// Writes the database and the uploaded files into `dir`.
fn write(settings: &Settings, dir: &Path) -> anyhow::Result<BackupReport> {
    let database = match DatabaseUrl::parse(&settings.database_url)? {
        url @ DatabaseUrl::Sqlite(_) => {
            let target = dir.join("praktiki.db");
            let mut conn = url.connect()?;
            vacuum_into(&mut conn, &target)?;
            target
        }
        DatabaseUrl::Postgres(url) => {
            let target = dir.join("praktiki.pgdump");
            let status = std::process::Command::new("pg_dump")
                .args(["--format=custom", "--no-owner", "--file"])
                .arg(&target)
                .arg(format!("--dbname={url}"))
                .status()
                .map_err(|e| {
                    anyhow::anyhow!(
                        "pg_dump could not be started ({e}): install the PostgreSQL client tools"
                    )
                })?;
            if !status.success() {
                anyhow::bail!("pg_dump failed ({status})");
            }
            target
        }
    };
    let uploads = copy_tree(&settings.upload_dir, &dir.join("uploads"))?;
    Ok(BackupReport { database, uploads })
}

/// The automatic backup: a new directory under `BACKUP_DIR` named by the UTC time, then the
/// oldest automatic backups beyond `BACKUP_KEEP` are deleted.
pub fn scheduled(settings: &Settings) -> anyhow::Result<BackupReport> {
    let stamp = chrono::Utc::now().format("%Y%m%d-%H%M%S").to_string();
    let report = backup(settings, &settings.backup_dir.join(stamp))?;
    prune(&settings.backup_dir, settings.backup_keep.max(1))?;
    Ok(report)
}

/// Deletes all but the newest `keep` backups in `dir` (their names sort by time).
fn prune(dir: &Path, keep: usize) -> anyhow::Result<()> {
    let mut backups: Vec<PathBuf> = std::fs::read_dir(dir)?
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_ok_and(|t| t.is_dir()))
        .map(|e| e.path())
        // A backup being written (or cut off) is not one of the backups kept.
        .filter(|p| !p.to_string_lossy().ends_with(PARTIAL))
        .collect();
    backups.sort();
    let excess = backups.len().saturating_sub(keep);
    for old in &backups[..excess] {
        std::fs::remove_dir_all(old)?;
    }
    Ok(())
}

/// The `backup` job (scheduled every `BACKUP_INTERVAL_HOURS`).
pub const BACKUP: &str = "backup";

pub async fn backup_job(
    state: crate::state::AppState,
    _payload: serde_json::Value,
) -> Result<(), String> {
    let settings = state.settings.clone();
    let report = tokio::task::spawn_blocking(move || scheduled(&settings))
        .await
        .map_err(|e| e.to_string())?
        .map_err(|e| format!("{e:#}"))?;
    tracing::info!(database = %report.database.display(), uploads = report.uploads, "backup written");
    Ok(())
}

fn vacuum_into(conn: &mut DbConnection, target: &Path) -> anyhow::Result<()> {
    let path = target.to_string_lossy().replace('\'', "''");
    diesel::sql_query(format!("VACUUM INTO '{path}'")).execute(conn)?;
    Ok(())
}

/// Copies the files under `from` (if it exists) into `to`; returns how many.
fn copy_tree(from: &Path, to: &Path) -> anyhow::Result<usize> {
    if !from.is_dir() {
        return Ok(0);
    }
    std::fs::create_dir_all(to)?;
    let mut copied = 0;
    for entry in std::fs::read_dir(from)? {
        let entry = entry?;
        let target = to.join(entry.file_name());
        if entry.file_type()?.is_dir() {
            copied += copy_tree(&entry.path(), &target)?;
        } else {
            std::fs::copy(entry.path(), target)?;
            copied += 1;
        }
    }
    Ok(copied)
}
