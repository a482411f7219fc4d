//! Unit tests of `config.rs`.

use super::*;
use std::collections::HashMap;

fn load(vars: &[(&str, &str)]) -> Result<Settings, ConfigError> {
    let map: HashMap<String, String> = vars
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
    Settings::load_from(|name| map.get(name).cloned())
}

#[test]
fn defaults_load_and_point_inside_data_dir() {
    let s = load(&[]).expect("defaults are valid");
    assert_eq!(s.port, 8080);
    assert_eq!(s.database_url, "sqlite://data/praktiki.db");
    assert_eq!(s.outbox_dir, PathBuf::from("data/outbox"));
}

#[test]
fn environment_overrides_with_types() {
    let s = load(&[
        ("PORT", "9000"),
        ("JOBS_ENABLED", "false"),
        ("MATCH_THRESHOLD", "0.5"),
    ])
    .unwrap();
    assert_eq!(s.port, 9000);
    assert!(!s.jobs_enabled);
    assert_eq!(s.match_threshold, 0.5);
}

#[test]
fn bad_value_names_the_variable() {
    let err = load(&[("PORT", "eighty")]).unwrap_err().to_string();
    assert!(err.starts_with("PORT:"), "{err}");
}

#[test]
fn production_refuses_default_and_short_secrets() {
    let err = load(&[("APP_ENV", "production")]).unwrap_err().to_string();
    assert!(err.contains("JWT_SECRET"), "{err}");
    let err = load(&[("APP_ENV", "production"), ("JWT_SECRET", "short")])
        .unwrap_err()
        .to_string();
    assert!(err.contains("JWT_SECRET"), "{err}");
    let ok = load(&[("APP_ENV", "production"), ("JWT_SECRET", &"x".repeat(40))]);
    assert!(ok.is_ok());
}

#[test]
fn secrets_do_not_print() {
    let s = load(&[]).unwrap();
    assert!(!format!("{s:?}").contains(s.jwt_secret.expose()));
}

#[test]
fn env_example_documents_every_variable() {
    let example = include_str!("../.env.example");
    for name in Settings::variable_names() {
        assert!(
            example.contains(&format!("{name}=")),
            ".env.example lacks {name}"
        );
    }
}

#[test]
fn the_pool_is_two_connections_per_core_unless_set() {
    let cores = std::thread::available_parallelism().map_or(1, std::num::NonZero::get) as u32;
    assert_eq!(load(&[]).expect("defaults").db_pool_size, 2 * cores);
    assert_eq!(
        load(&[("DB_POOL_SIZE", "0")]).expect("0").db_pool_size,
        2 * cores
    );
    assert_eq!(
        load(&[("DB_POOL_SIZE", "12")]).expect("12").db_pool_size,
        12
    );
}
