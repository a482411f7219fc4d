//! Uploaded files on disk: under `UPLOAD_DIR` (default `DATA_DIR/uploads`, outside `static/`),
//! each under a random name, so nothing a user typed ever becomes part of a path.

use std::io::Write;
use std::path::{Path, PathBuf};

/// Writes `bytes` under a new random name in `dir` (created if missing); returns the name.
pub fn save(dir: &Path, bytes: &[u8]) -> std::io::Result<String> {
    std::fs::create_dir_all(dir)?;
    let name = crate::auth::tokens::random_hex_token();
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
