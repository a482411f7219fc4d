//! Typed configuration: `config/default.toml` (compiled into the binary), then an optional file
//! named by `CONFIG_FILE`, then environment variables named after the keys in upper case.
//! Every error names the variable that is wrong.

use serde::Deserialize;
use std::fmt;
use std::path::PathBuf;

/// The defaults shipped with the binary; also the list of every configurable key.
pub const DEFAULTS: &str = include_str!("../config/default.toml");

/// A value that must never be printed (logs, debug output, error pages).
#[derive(Clone, Deserialize, PartialEq, Eq)]
#[serde(transparent)]
pub struct Secret(String);

impl Secret {
    pub fn new(value: impl Into<String>) -> Self {
        Secret(value.into())
    }
    /// The only way to read the secret: the call site says so.
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("[redacted]")
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum AppEnv {
    Development,
    Test,
    Production,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum SmtpTls {
    Starttls,
    None,
}

/// Every setting of the application, after defaults and overrides.
#[derive(Debug, Clone, Deserialize)]
pub struct Settings {
    pub app_env: AppEnv,
    pub host: String,
    pub port: u16,
    pub base_url: String,
    pub data_dir: PathBuf,
    pub database_url: String,
    pub db_pool_size: u32,
    pub run_migrations: bool,
    pub model_dir: PathBuf,
    pub model_from_hub: bool,
    /// A BERT cross-encoder an operator may place here reranks recommendations (empty: none).
    pub cross_encoder_dir: PathBuf,
    pub inference_threads: usize,
    pub outbox_dir: PathBuf,
    pub upload_dir: PathBuf,
    pub max_upload_bytes: usize,
    /// Where the CV's PDF finds Noto Sans and Noto Sans Devanagari.
    pub font_dir: PathBuf,
    /// Hours between automatic backups (0: none).
    pub backup_interval_hours: u64,
    pub backup_dir: PathBuf,
    /// Automatic backups kept (older ones are deleted).
    pub backup_keep: usize,
    pub jwt_secret: Secret,
    pub access_token_minutes: i64,
    pub refresh_token_days: i64,
    pub session_max_days: i64,
    pub password_pepper: Secret,
    pub smtp_host: String,
    pub smtp_port: u16,
    pub smtp_username: String,
    pub smtp_password: Secret,
    pub smtp_tls: SmtpTls,
    pub sender_email: String,
    pub trust_proxy_headers: bool,
    /// When not empty, `/metrics` requires it as a bearer token.
    pub metrics_token: Secret,
    pub cors_origins: String,
    pub jobs_enabled: bool,
    pub job_poll_ms: u64,
    // Job leases, graceful stop, slow clients, SQLite durability: see config/default.toml.
    pub job_lease_seconds: u64,
    pub job_renew_seconds: u64,
    pub shutdown_drain_seconds: u64,
    pub shutdown_timeout_seconds: u64,
    pub client_request_timeout_seconds: u64,
    pub body_read_timeout_seconds: u64,
    pub sqlite_synchronous: String,
    /// MB of the SQLite file each connection reads through a memory map (0: none).
    pub sqlite_mmap_mb: u64,
    /// How often each instance re-reads changed internships into its in-memory catalogue.
    pub catalogue_refresh_seconds: u64,
    /// How long a search with words waits for their meaning (the query embedded, the nearest
    /// postings found) before answering from the words alone.
    pub search_meaning_wait_ms: u64,
    pub max_rerank_candidates: usize,
    pub match_threshold: f64,
    pub weight_semantic: f64,
    pub weight_skills: f64,
    pub weight_location: f64,
    pub weight_feedback: f64,
    /// How far (km) a student who will not relocate can travel to an on-site or hybrid internship.
    pub commute_radius_km: f64,
    /// The grievance officer named on `/privacy` (DPDP Act 2023, section 8(10)).
    pub grievance_officer: String,
    pub grievance_email: String,
    /// The privacy notice's version: users who accepted an older one are asked again at login.
    pub privacy_notice_version: String,
}

#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    #[error("{variable}: {message}")]
    Invalid { variable: String, message: String },
    #[error("configuration file {path}: {message}")]
    File { path: String, message: String },
}

impl ConfigError {
    fn invalid(variable: &str, message: impl Into<String>) -> Self {
        ConfigError::Invalid {
            variable: variable.to_uppercase(),
            message: message.into(),
        }
    }
}

/// The minimum length of a production `JWT_SECRET`.
pub const MIN_SECRET_LEN: usize = 32;

/// The pool's size when none is set: two connections per core. More connections than that let
/// the database's work (PostgreSQL's backends, SQLite's readers) and the app's threads crowd the
/// cores, and the slowest requests wait the longest: on these 2 cores, 4 connections against 8
/// cut the internship page's p99 on PostgreSQL from 9–47 ms to 6 ms (README, "A pool the size of
/// the cores").
fn pool_size_for_cores() -> u32 {
    let cores = std::thread::available_parallelism().map_or(1, std::num::NonZero::get);
    u32::try_from(cores.saturating_mul(2)).unwrap_or(u32::MAX)
}

impl Settings {
    /// Defaults, then `CONFIG_FILE`, then the process environment.
    pub fn load() -> Result<Settings, ConfigError> {
        Self::load_from(|name| std::env::var(name).ok())
    }

    /// Same as [`Settings::load`] with an explicit environment (tests use this).
    pub fn load_from(env: impl Fn(&str) -> Option<String>) -> Result<Settings, ConfigError> {
        let mut table: toml::Table =
            DEFAULTS
                .parse()
                .map_err(|e: toml::de::Error| ConfigError::File {
                    path: "config/default.toml".into(),
                    message: e.to_string(),
                })?;
        if let Some(path) = env("CONFIG_FILE") {
            let text = std::fs::read_to_string(&path).map_err(|e| ConfigError::File {
                path: path.clone(),
                message: e.to_string(),
            })?;
            let file: toml::Table =
                text.parse()
                    .map_err(|e: toml::de::Error| ConfigError::File {
                        path: path.clone(),
                        message: e.to_string(),
                    })?;
            for (key, value) in file {
                if !table.contains_key(&key) {
                    return Err(ConfigError::File {
                        path,
                        message: format!("unknown key `{key}`"),
                    });
                }
                table.insert(key, value);
            }
        }
        let keys: Vec<String> = table.keys().cloned().collect();
        for key in keys {
            if let Some(raw) = env(&key.to_uppercase()) {
                let typed = parse_like(&table[&key], &key, &raw)?;
                table.insert(key, typed);
            }
        }
        let mut settings: Settings =
            toml::Value::Table(table)
                .try_into()
                .map_err(|e: toml::de::Error| {
                    ConfigError::invalid("configuration", e.message().to_string())
                })?;
        settings.resolve_paths();
        if settings.db_pool_size == 0 {
            settings.db_pool_size = pool_size_for_cores();
        }
        // Draining only matters behind a load balancer: outside production a stop is quick
        // unless the operator says otherwise.
        if !settings.is_production() && env("SHUTDOWN_DRAIN_SECONDS").is_none() {
            settings.shutdown_drain_seconds = settings.shutdown_drain_seconds.min(1);
        }
        settings.validate()?;
        Ok(settings)
    }

    /// Fills the paths that default to places inside `data_dir`.
    fn resolve_paths(&mut self) {
        if self.outbox_dir.as_os_str().is_empty() {
            self.outbox_dir = self.data_dir.join("outbox");
        }
        if self.upload_dir.as_os_str().is_empty() {
            self.upload_dir = self.data_dir.join("uploads");
        }
        if self.backup_dir.as_os_str().is_empty() {
            self.backup_dir = self.data_dir.join("backups");
        }
        if self.database_url.trim().is_empty() {
            self.database_url = format!("sqlite://{}", self.data_dir.join("praktiki.db").display());
        }
        self.base_url = self.base_url.trim_end_matches('/').to_string();
    }

    fn validate(&self) -> Result<(), ConfigError> {
        if self.is_production() {
            let secret = self.jwt_secret.expose();
            if secret.is_empty() {
                return Err(ConfigError::invalid(
                    "jwt_secret",
                    "is required in production",
                ));
            }
            if secret == default_secret() || secret.len() < MIN_SECRET_LEN {
                return Err(ConfigError::invalid(
                    "jwt_secret",
                    format!(
                        "must be a random value of at least {MIN_SECRET_LEN} characters in production (try `openssl rand -hex 32`)"
                    ),
                ));
            }
        }
        if url::Url::parse(&self.base_url).is_err() {
            return Err(ConfigError::invalid(
                "base_url",
                "must be an absolute URL such as https://praktiki.example",
            ));
        }
        let weights = [
            self.weight_semantic,
            self.weight_skills,
            self.weight_location,
            self.weight_feedback,
        ];
        if weights.iter().any(|w| !(0.0..=10.0).contains(w)) {
            return Err(ConfigError::invalid(
                "weight_semantic",
                "matching weights must be between 0 and 10",
            ));
        }
        if !(0.0..=1000.0).contains(&self.commute_radius_km) {
            return Err(ConfigError::invalid(
                "commute_radius_km",
                "must be a distance in km between 0 and 1000",
            ));
        }
        if !(0.0..=1.0).contains(&self.match_threshold) {
            return Err(ConfigError::invalid(
                "match_threshold",
                "must be between 0 and 1",
            ));
        }
        if self.job_renew_seconds == 0 || self.job_renew_seconds * 2 > self.job_lease_seconds {
            return Err(ConfigError::invalid(
                "job_renew_seconds",
                "must be at least 1 and at most half of JOB_LEASE_SECONDS",
            ));
        }
        if !matches!(self.sqlite_synchronous.as_str(), "full" | "normal") {
            return Err(ConfigError::invalid("sqlite_synchronous", "full or normal"));
        }
        if self.access_token_minutes <= 0
            || self.refresh_token_days <= 0
            || self.session_max_days <= 0
        {
            return Err(ConfigError::invalid(
                "access_token_minutes",
                "token lifetimes must be positive",
            ));
        }
        Ok(())
    }

    pub fn is_production(&self) -> bool {
        self.app_env == AppEnv::Production
    }

    /// Whether SMTP delivery is configured (otherwise email goes to the outbox folder).
    pub fn smtp_enabled(&self) -> bool {
        !self.smtp_host.trim().is_empty()
    }

    /// Origins (scheme://host[:port]) that may submit forms.
    pub fn allowed_origins(&self) -> Vec<String> {
        let mut origins: Vec<String> = self
            .cors_origins
            .split(',')
            .map(|o| o.trim().trim_end_matches('/').to_string())
            .filter(|o| !o.is_empty())
            .collect();
        if let Ok(url) = url::Url::parse(&self.base_url) {
            origins.push(url.origin().ascii_serialization());
        }
        origins
    }

    /// Every environment variable the application reads, in file order.
    pub fn variable_names() -> Vec<String> {
        let table: toml::Table = DEFAULTS.parse().unwrap_or_default();
        table.keys().map(|k| k.to_uppercase()).collect()
    }
}

fn default_secret() -> String {
    DEFAULTS
        .parse::<toml::Table>()
        .ok()
        .and_then(|t| {
            t.get("jwt_secret")
                .and_then(|v| v.as_str().map(str::to_string))
        })
        .unwrap_or_default()
}

/// Parses an environment string to the type of the default value it overrides.
fn parse_like(default: &toml::Value, key: &str, raw: &str) -> Result<toml::Value, ConfigError> {
    let raw = raw.trim();
    match default {
        toml::Value::Integer(_) => raw.parse::<i64>().map(toml::Value::Integer).map_err(|_| {
            ConfigError::invalid(key, format!("expected a whole number, got `{raw}`"))
        }),
        toml::Value::Float(_) => raw
            .parse::<f64>()
            .map(toml::Value::Float)
            .map_err(|_| ConfigError::invalid(key, format!("expected a number, got `{raw}`"))),
        toml::Value::Boolean(_) => match raw.to_ascii_lowercase().as_str() {
            "1" | "true" | "yes" | "on" => Ok(toml::Value::Boolean(true)),
            "0" | "false" | "no" | "off" => Ok(toml::Value::Boolean(false)),
            _ => Err(ConfigError::invalid(
                key,
                format!("expected true or false, got `{raw}`"),
            )),
        },
        _ => Ok(toml::Value::String(raw.to_string())),
    }
}

/// A key for one purpose, derived from the server secret (so one secret serves several uses
/// without them being interchangeable).
pub fn derive_key(secret: &str, purpose: &str) -> Vec<u8> {
    use sha2::Digest;
    let mut hasher = sha2::Sha512::new();
    hasher.update(purpose.as_bytes());
    hasher.update(b":");
    hasher.update(secret.as_bytes());
    hasher.finalize().to_vec()
}

#[cfg(test)]
#[path = "config_tests.rs"]
mod tests;
