//! Migrations: the two backends have the same migrations, and each goes up, down and up again.

use crate::helpers::*;
use praktiki::db::{self, DatabaseUrl};

#[test]
fn both_backends_have_the_same_migrations() {
    let names = |dir: &str| {
        let mut names: Vec<String> = std::fs::read_dir(repo_root().join(dir))
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        names
    };
    let sqlite = names("migrations/sqlite");
    assert!(!sqlite.is_empty());
    assert_eq!(sqlite, names("migrations/postgres"));
}

fn up_down_up(backend: Backend) {
    let dir = tempfile::tempdir().unwrap();
    let test_db = TestDatabase::create(backend, dir.path());
    let mut conn = DatabaseUrl::parse(&test_db.url).unwrap().connect().unwrap();
    let applied = db::run_migrations(&mut conn).unwrap();
    assert!(!applied.is_empty());
    let reverted = db::revert_all_migrations(&mut conn).unwrap();
    assert_eq!(applied.len(), reverted.len());
    let again = db::run_migrations(&mut conn).unwrap();
    assert_eq!(applied, again);
    assert!(
        db::run_migrations(&mut conn).unwrap().is_empty(),
        "second run applies nothing"
    );
}

#[test]
fn sqlite_migrations_go_up_down_up() {
    up_down_up(Backend::Sqlite);
}

#[test]
fn postgres_migrations_go_up_down_up() {
    if !postgres_enabled() {
        eprintln!("TEST_POSTGRES_URL is not set: PostgreSQL variant not run");
        return;
    }
    up_down_up(Backend::Postgres);
}
