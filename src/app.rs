//! Builds the application: state, middleware, routes, background work. `serve` and the tests call
//! the same [`Application::build`], so tests drive exactly what production runs.

use crate::auth::jwt::JwtKeys;
use crate::auth::service::AuthConfig;
use crate::config::Settings;
use crate::db::{self, DatabaseUrl, Db};
use crate::jobs::JobRegistry;
use crate::matching::embedding::slot::ModelSlot;
use crate::matching::index::live::LiveCatalogue;
use crate::matching::runtime::MatchingRuntime;
use crate::notify::mailer::Mailer;
use crate::state::AppState;
use crate::web::{self, csrf::CsrfConfig, metrics::Metrics};
use actix_web::dev::Server;
use actix_web::middleware::{Compress, from_fn};
use actix_web::{App, HttpServer, web as aweb};
use actix_web_flash_messages::{FlashMessagesFramework, storage::CookieMessageStore};
use sha2::{Digest, Sha512};
use std::net::TcpListener;
use std::sync::Arc;
use tracing_actix_web::TracingLogger;

pub struct Application {
    port: u16,
    server: Server,
    state: AppState,
}

impl Application {
    /// Opens the database (migrating it unless disabled), starts loading the model, and binds.
    pub async fn build(settings: Settings) -> anyhow::Result<Application> {
        let model = ModelSlot::load_in_background(&settings);
        Self::build_with_model(settings, model).await
    }

    /// Like [`Application::build`] with a model slot supplied by the caller (tests share one).
    pub async fn build_with_model(
        settings: Settings,
        model: ModelSlot,
    ) -> anyhow::Result<Application> {
        let url = DatabaseUrl::parse(&settings.database_url)?;
        let pool = db::build_pool(&url, settings.db_pool_size);
        let db = Db::new(pool, url.backend());
        if settings.run_migrations {
            let applied = db
                .run(|conn| db::run_migrations(conn).map_err(anyhow::Error::from))
                .await
                .map_err(|e: anyhow::Error| e.context("cannot prepare the database"))?;
            if !applied.is_empty() {
                tracing::info!(migrations = ?applied, "database migrated");
            }
        }
        let mailer = Arc::new(Mailer::from_settings(&settings)?);
        let matching = Arc::new(MatchingRuntime::from_settings(&settings));
        // Admin settings and the active reranker apply from the first request.
        if let Err(e) = matching.refresh(&db).await {
            tracing::warn!(error = %e, "matching settings not loaded; configured defaults apply");
        }
        tokio::spawn(matching.clone().keep_fresh(db.clone()));
        let state = AppState {
            settings: Arc::new(settings),
            db,
            model,
            mailer,
            matching,
            catalogue: LiveCatalogue::new(),
        };
        let every = std::time::Duration::from_secs(state.settings.catalogue_refresh_seconds.max(1));
        tokio::spawn(crate::matching::index::live::keep_fresh(
            state.clone(),
            every,
        ));
        if state.settings.jobs_enabled {
            let poll = std::time::Duration::from_millis(state.settings.job_poll_ms.max(10));
            tokio::spawn(crate::jobs::service::run(
                state.clone(),
                job_registry(&state.settings),
                poll,
            ));
        }
        let listener = TcpListener::bind((state.settings.host.as_str(), state.settings.port))?;
        let port = listener.local_addr()?.port();
        let server = http_server(state.clone(), listener)?;
        Ok(Application {
            port,
            server,
            state,
        })
    }

    pub fn port(&self) -> u16 {
        self.port
    }

    pub fn state(&self) -> &AppState {
        &self.state
    }

    pub async fn run_until_stopped(self) -> std::io::Result<()> {
        self.server.await
    }
}

fn http_server(state: AppState, listener: TcpListener) -> anyhow::Result<Server> {
    let settings = state.settings.clone();
    let metrics = aweb::Data::new(Metrics::new()?);
    let csrf = aweb::Data::new(CsrfConfig {
        key: derive_key(settings.jwt_secret.expose(), "csrf"),
        secure_cookie: settings.is_production(),
        allowed_origins: settings.allowed_origins(),
    });
    let flash_key =
        actix_web::cookie::Key::derive_from(&derive_key(settings.jwt_secret.expose(), "flash"));
    let auth = aweb::Data::new(AuthConfig {
        keys: JwtKeys::new(&derive_key(settings.jwt_secret.expose(), "jwt")),
        access_ttl: chrono::Duration::minutes(settings.access_token_minutes),
        refresh_ttl: chrono::Duration::days(settings.refresh_token_days),
        base_url: settings.base_url.clone(),
        secure_cookies: settings.is_production(),
        trust_proxy: settings.trust_proxy_headers,
    });
    let production = settings.is_production();
    let state = aweb::Data::new(state);
    let server = HttpServer::new(move || {
        let flash_store = CookieMessageStore::builder(flash_key.clone()).build();
        let flashes = FlashMessagesFramework::builder(flash_store).build();
        App::new()
            .app_data(state.clone())
            .app_data(metrics.clone())
            .app_data(csrf.clone())
            .app_data(auth.clone())
            .app_data(forms_config())
            .app_data(query_config())
            .app_data(path_config())
            .configure(routes)
            .default_service(aweb::to(not_found))
            // Innermost first: handlers see CSRF-checked requests without NUL characters; every
            // error becomes a page; headers and metrics see the final response.
            .wrap(from_fn(web::forms::refuse_nul))
            .wrap(from_fn(web::csrf::csrf))
            .wrap(from_fn(crate::auth::middleware::session))
            .wrap(flashes)
            .wrap(from_fn(web::page::error_pages))
            .wrap(from_fn(web::headers::request_id_header))
            .wrap(web::headers::security_headers(production))
            .wrap(Compress::default())
            .wrap(from_fn(web::metrics::track))
            .wrap(TracingLogger::default())
    })
    .listen(listener)?
    .run();
    Ok(server)
}

/// Every background job kind of the binary, and the periodic ones.
pub fn job_registry(settings: &Settings) -> JobRegistry {
    let registry = JobRegistry::default()
        .handle(
            crate::notify::service::SEND_EMAIL,
            crate::notify::service::send_job,
        )
        .handle(
            crate::matching::service::EMBED,
            crate::matching::service::embed_job,
        )
        .handle(
            crate::matching::service::TRAIN_RERANKER,
            crate::matching::service::train_reranker_job,
        )
        .handle(
            crate::internship::service::SAVED_REMINDERS,
            crate::internship::service::saved_reminders_job,
        )
        .handle(CLEANUP, cleanup_job)
        .every(CLEANUP, chrono::Duration::hours(1))
        .every(
            crate::internship::service::SAVED_REMINDERS,
            chrono::Duration::hours(6),
        )
        // Nightly: once per UTC day, by whichever instance polls first after midnight.
        .every(
            crate::matching::service::TRAIN_RERANKER,
            chrono::Duration::days(1),
        )
        .handle(crate::ops::backup::BACKUP, crate::ops::backup::backup_job);
    match settings.backup_interval_hours {
        0 => registry,
        hours => registry.every(
            crate::ops::backup::BACKUP,
            chrono::Duration::hours(hours.min(24 * 365) as i64),
        ),
    }
}

const CLEANUP: &str = "cleanup";

/// Clean-up failures are reported as text to the job system.
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
struct CleanupError(String);

impl From<crate::db::DbError> for CleanupError {
    fn from(e: crate::db::DbError) -> Self {
        CleanupError(e.to_string())
    }
}

/// Uploaded bytes younger than this are never swept: their row may still be on its way.
const ORPHAN_UPLOAD_GRACE: std::time::Duration = std::time::Duration::from_secs(60 * 60);

/// Hourly: expired tokens and old attempts (auth), finished jobs, old sent email, served
/// recommendations training no longer needs, uploaded bytes no row points at.
async fn cleanup_job(state: AppState, _payload: serde_json::Value) -> Result<(), String> {
    let upload_dir = state.settings.upload_dir.clone();
    state
        .db
        .run(move |conn| -> Result<(), CleanupError> {
            let now = chrono::Utc::now().naive_utc();
            let auth =
                crate::auth::service::cleanup(conn).map_err(|e| CleanupError(e.to_string()))?;
            let jobs = crate::jobs::service::delete_done(conn, now - chrono::Duration::days(7))?;
            let mail = crate::notify::service::delete_sent(conn, now - chrono::Duration::days(30))?;
            let served = crate::matching::service::age_out_match_log(conn, now)?;
            let orphans =
                crate::files::sweep_orphans(conn, &upload_dir, ORPHAN_UPLOAD_GRACE)?.len();
            tracing::info!(
                auth,
                jobs,
                mail,
                served,
                orphans,
                "clean-up removed expired rows"
            );
            Ok(())
        })
        .await
        .map_err(|e| e.0)
}

fn routes(cfg: &mut aweb::ServiceConfig) {
    crate::ops::routes::configure(cfg);
    crate::auth::routes::configure(cfg);
    crate::profile::routes::configure(cfg);
    crate::institute::routes::configure(cfg);
    crate::internship::routes::configure(cfg);
    crate::application::routes::configure(cfg);
    crate::matching::routes::configure(cfg);
    crate::notify::routes::configure(cfg);
    crate::admin::routes::configure(cfg);
}

async fn not_found() -> Result<actix_web::HttpResponse, web::AppError> {
    Err(web::AppError::NotFound)
}

/// A key for one purpose, derived from the server secret (so one secret serves several uses
/// without them being interchangeable).
pub fn derive_key(secret: &str, purpose: &str) -> Vec<u8> {
    let mut hasher = Sha512::new();
    hasher.update(purpose.as_bytes());
    hasher.update(b":");
    hasher.update(secret.as_bytes());
    hasher.finalize().to_vec()
}

fn forms_config() -> aweb::FormConfig {
    aweb::FormConfig::default()
        .limit(1024 * 1024)
        .error_handler(|err, _req| {
            web::AppError::bad_request(
                web::i18n::Msg::new("err.form_unreadable").with("detail", err),
            )
            .into()
        })
}

fn query_config() -> aweb::QueryConfig {
    aweb::QueryConfig::default().error_handler(|err, _req| {
        web::AppError::bad_request(web::i18n::Msg::new("err.bad_parameter").with("detail", err))
            .into()
    })
}

fn path_config() -> aweb::PathConfig {
    aweb::PathConfig::default().error_handler(|_err, _req| web::AppError::NotFound.into())
}
