//! Builds the application: state, middleware, routes, background work. `serve` and the tests call
//! the same [`Application::build`], so tests drive exactly what production runs.

use crate::auth::jwt::JwtKeys;
use crate::auth::service::AuthConfig;
use crate::config::Settings;
use crate::config::derive_key;
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
use std::net::TcpListener;
use std::sync::Arc;
use tracing_actix_web::TracingLogger;

pub struct Application {
    port: u16,
    server: Server,
    state: AppState,
    draining: crate::ops::shutdown::Draining,
    jobs: Option<crate::jobs::service::Runner>,
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
        crate::notify::secrets::install_key(settings.jwt_secret.expose());
        let url = DatabaseUrl::parse(&settings.database_url)?;
        let sync = db::SqliteSync::from_setting(&settings.sqlite_synchronous);
        let pool = db::build_pool(&url, settings.db_pool_size, sync, settings.sqlite_mmap_mb);
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
        // Vectors stored under an older recipe of the embedded texts are checked once, by jobs.
        tokio::spawn(crate::matching::service::check_text_recipe(state.clone()));
        // The first search would read every listed posting's filter values (and on PostgreSQL
        // the documents of its common words); read them now.
        let db = state.db.clone();
        tokio::spawn(async move {
            let warm = crate::internship::service::warm_search(&db).await;
            if let Err(e) = warm {
                tracing::warn!(error = %e, "search not warmed; the first search reads the postings");
            }
        });
        let jobs = state.settings.jobs_enabled.then(|| {
            let poll = std::time::Duration::from_millis(state.settings.job_poll_ms.max(10));
            let lease = crate::jobs::service::Lease {
                length: std::time::Duration::from_secs(state.settings.job_lease_seconds),
                renew: std::time::Duration::from_secs(state.settings.job_renew_seconds),
            };
            crate::jobs::service::start(state.clone(), job_registry(&state.settings), poll, lease)
        });
        let listener = TcpListener::bind((state.settings.host.as_str(), state.settings.port))?;
        let port = listener.local_addr()?.port();
        let draining = crate::ops::shutdown::Draining::default();
        let server = http_server(state.clone(), listener, draining.clone())?;
        Ok(Application {
            port,
            server,
            state,
            draining,
            jobs,
        })
    }

    pub fn port(&self) -> u16 {
        self.port
    }

    pub fn state(&self) -> &AppState {
        &self.state
    }

    /// Serves until the server is stopped (tests drop it with the runtime).
    pub async fn run_until_stopped(self) -> std::io::Result<()> {
        let _jobs = self.jobs;
        self.server.await
    }

    /// Serves until SIGTERM or SIGINT, then drains and stops gracefully (`ops::shutdown`).
    pub async fn serve_until_signalled(self) -> std::io::Result<()> {
        crate::ops::shutdown::serve_until_signalled(
            self.server,
            self.state,
            self.draining,
            self.jobs,
        )
        .await
    }
}

fn http_server(
    state: AppState,
    listener: TcpListener,
    draining: crate::ops::shutdown::Draining,
) -> anyhow::Result<Server> {
    let settings = state.settings.clone();
    let metrics = Metrics::new()?;
    // Process-wide counts kept by the modules, shown with each server's own.
    metrics.registry().register(Box::new(
        crate::matching::service::meaning_counter().clone(),
    ))?;
    let metrics = aweb::Data::new(metrics);
    let csrf = aweb::Data::new(CsrfConfig {
        key: derive_key(settings.jwt_secret.expose(), "csrf"),
        secure_cookie: settings.is_production(),
        allowed_origins: settings.allowed_origins(),
    });
    let flash_key =
        actix_web::cookie::Key::derive_from(&derive_key(settings.jwt_secret.expose(), "flash"));
    let auth = aweb::Data::new(AuthConfig {
        keys: JwtKeys::new(&derive_key(settings.jwt_secret.expose(), "jwt")),
        successor_key: derive_key(settings.jwt_secret.expose(), "refresh-successor"),
        access_ttl: chrono::Duration::minutes(settings.access_token_minutes),
        refresh_ttl: chrono::Duration::days(settings.refresh_token_days),
        session_max_age: chrono::Duration::days(settings.session_max_days),
        pepper: crate::auth::password::Pepper::from_settings(&settings),
        base_url: settings.base_url.clone(),
        secure_cookies: settings.is_production(),
        trust_proxy: settings.trust_proxy_headers,
        privacy_notice_version: settings.privacy_notice_version.clone(),
    });
    let production = settings.is_production();
    let timeouts = crate::web::timeouts::Timeouts::from_settings(&settings);
    let draining = aweb::Data::new(draining);
    let db = aweb::Data::new(state.db.clone());
    let state = aweb::Data::new(state);
    let server = HttpServer::new(move || {
        let flash_store = CookieMessageStore::builder(flash_key.clone()).build();
        let flashes = FlashMessagesFramework::builder(flash_store).build();
        App::new()
            .app_data(state.clone())
            .app_data(db.clone())
            .app_data(draining.clone())
            .app_data(timeouts)
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
            .wrap(from_fn(web::timeouts::body_deadline))
            .wrap(from_fn(crate::auth::middleware::session))
            .wrap(flashes)
            .wrap(from_fn(web::error_page::error_pages))
            .wrap(from_fn(web::headers::request_id_header))
            .wrap(web::headers::security_headers(production))
            .wrap(Compress::default())
            .wrap(from_fn(web::metrics::track))
            .wrap(TracingLogger::default())
            .wrap(from_fn(crate::ops::shutdown::count_in_flight))
    })
    // Signals are handled by `serve_until_signalled`, which drains before stopping.
    .disable_signals()
    .shutdown_timeout(settings.shutdown_timeout_seconds)
    .client_request_timeout(timeouts.request_head)
    .client_disconnect_timeout(timeouts.disconnect)
    .listen(listener)?
    .run();
    Ok(server)
}

/// Every background job kind of the binary, and the periodic ones.
pub fn job_registry(settings: &Settings) -> JobRegistry<AppState> {
    let registry = JobRegistry::default()
        .handle(
            crate::notify::service::SEND_EMAIL,
            |state: AppState, payload| async move {
                crate::notify::service::send_job(&state.db, &state.mailer, payload).await
            },
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
        .handle(
            crate::application::offers::closing::EXPIRE_OFFERS,
            crate::application::offers::closing::expire_job,
        )
        .every(
            crate::application::offers::closing::EXPIRE_OFFERS,
            chrono::Duration::minutes(15),
        )
        .handle(
            crate::account::export::DATA_EXPORT,
            crate::account::export::export_job,
        )
        .handle(
            crate::internship::alerts::service::SEARCH_ALERTS,
            crate::internship::alerts::service::alerts_job,
        )
        .every(
            crate::internship::alerts::service::SEARCH_ALERTS,
            chrono::Duration::days(1),
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

/// Sent email is kept this long for admins to check delivery, then deleted (bodies included).
const SENT_EMAIL_KEPT: chrono::Duration = chrono::Duration::days(7);

/// Uploaded bytes younger than this are never swept: their row may still be on its way.
const ORPHAN_UPLOAD_GRACE: std::time::Duration = std::time::Duration::from_secs(60 * 60);

/// Hourly: expired tokens and old attempts (auth), finished jobs, old sent email, served
/// recommendations training no longer needs, uploaded bytes no row points at.
async fn cleanup_job(state: AppState, _payload: serde_json::Value) -> Result<(), String> {
    let exports = crate::account::export::purge_expired(&state)
        .await
        .map_err(|e| e.to_string())?;
    tracing::info!(exports, "expired data exports removed");
    let upload_dir = state.settings.upload_dir.clone();
    state
        .db
        .run(move |conn| -> Result<(), CleanupError> {
            let now = chrono::Utc::now().naive_utc();
            let auth =
                crate::auth::service::cleanup(conn).map_err(|e| CleanupError(e.to_string()))?;
            let jobs = crate::jobs::service::delete_done(conn, now - chrono::Duration::days(7))?;
            let mail = crate::notify::service::delete_sent(conn, now - SENT_EMAIL_KEPT)?;
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
    crate::internship::review::routes::configure(cfg);
    crate::internship::routes::configure(cfg);
    crate::application::routes::configure(cfg);
    crate::matching::routes::configure(cfg);
    crate::notify::routes::configure(cfg);
    crate::admin::routes::configure(cfg);
    crate::account::routes::configure(cfg);
    crate::internship::alerts::routes::configure(cfg);
}

async fn not_found() -> Result<actix_web::HttpResponse, web::AppError> {
    Err(web::AppError::NotFound)
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
