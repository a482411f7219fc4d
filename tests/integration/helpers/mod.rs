//! Test harness: a fresh database per test, the real app on a random port, a cookie-keeping
//! client. Signing up and the parties of the platform (`accounts`, `parties`), email as its
//! recipient reads it (`email`) and forms with files (`uploads`) are beside it.

use praktiki::Application;
use praktiki::config::Settings;
use praktiki::matching::slot::ModelSlot;
use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::OnceLock;
use std::time::Duration;

mod accounts;
mod email;
mod parties;
mod uploads;
pub use accounts::*;
pub use email::*;
pub use uploads::*;

/// Runs a test body once on SQLite and once on PostgreSQL (when `TEST_POSTGRES_URL` is set), each
/// on an app from `TestApp::spawn`, or from the async function given after `@spawn`.
#[macro_export]
macro_rules! both_backends {
    ($name:ident, $body:expr) => {
        $crate::both_backends!(@spawn $crate::helpers::TestApp::spawn, $name, $body);
    };
    (@spawn $spawn:path, $name:ident, $body:expr) => {
        mod $name {
            #[allow(unused_imports)]
            use super::*;

            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn sqlite() {
                let app = $spawn($crate::helpers::Backend::Sqlite).await;
                // The body may capture only some fields of `app`; the database must outlive it.
                let _database = app.db.clone();
                ($body)(app).await;
            }

            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn postgres() {
                if !$crate::helpers::postgres_enabled() {
                    eprintln!("TEST_POSTGRES_URL is not set: PostgreSQL variant not run");
                    return;
                }
                let app = $spawn($crate::helpers::Backend::Postgres).await;
                let _database = app.db.clone();
                ($body)(app).await;
            }
        }
    };
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

pub fn postgres_enabled() -> bool {
    std::env::var("TEST_POSTGRES_URL").is_ok_and(|v| !v.is_empty())
}

pub fn repo_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

pub fn model_dir() -> PathBuf {
    repo_root().join("models/all-MiniLM-L6-v2")
}

/// A database created for one test and dropped after it.
pub struct TestDatabase {
    pub url: String,
    pg_admin_url: Option<String>,
    pg_name: Option<String>,
    _dir: Option<tempfile::TempDir>,
}

impl TestDatabase {
    pub fn create(backend: Backend, data_dir: &std::path::Path) -> TestDatabase {
        match backend {
            Backend::Sqlite => TestDatabase {
                url: format!("sqlite://{}", data_dir.join("test.db").display()),
                pg_admin_url: None,
                pg_name: None,
                _dir: None,
            },
            Backend::Postgres => {
                use diesel::{Connection, RunQueryDsl};
                let admin = std::env::var("TEST_POSTGRES_URL").expect("TEST_POSTGRES_URL");
                let name = format!("praktiki_test_{}", uuid::Uuid::new_v4().simple());
                let mut conn =
                    diesel::PgConnection::establish(&admin).expect("PostgreSQL reachable");
                diesel::sql_query(format!("CREATE DATABASE {name}"))
                    .execute(&mut conn)
                    .expect("create database");
                let mut url = url::Url::parse(&admin).expect("TEST_POSTGRES_URL is a URL");
                url.set_path(&name);
                TestDatabase {
                    url: url.to_string(),
                    pg_admin_url: Some(admin),
                    pg_name: Some(name),
                    _dir: None,
                }
            }
        }
    }
}

impl Drop for TestDatabase {
    fn drop(&mut self) {
        if let (Some(admin), Some(name)) = (&self.pg_admin_url, &self.pg_name) {
            use diesel::{Connection, RunQueryDsl};
            if let Ok(mut conn) = diesel::PgConnection::establish(admin) {
                let _ = diesel::sql_query(format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
                    .execute(&mut conn);
            }
        }
    }
}

/// The model, loaded once per test process and shared by every app the process starts.
pub fn shared_model() -> ModelSlot {
    static MODEL: OnceLock<ModelSlot> = OnceLock::new();
    MODEL
        .get_or_init(|| {
            let settings = test_settings(&HashMap::new());
            ModelSlot::load_in_background(&settings)
        })
        .clone()
}

/// Settings for tests: defaults, test environment, plus `overrides`.
pub fn test_settings(overrides: &HashMap<String, String>) -> Settings {
    let mut vars: HashMap<String, String> = HashMap::new();
    vars.insert("APP_ENV".into(), "test".into());
    vars.insert("PORT".into(), "0".into());
    vars.insert("MODEL_DIR".into(), model_dir().display().to_string());
    vars.insert("INFERENCE_THREADS".into(), "2".into());
    // One test turns automatic backups on; the others need not write any.
    vars.insert("BACKUP_INTERVAL_HOURS".into(), "0".into());
    // Tests of meaning test what it finds, not how long a search waits for it: the model is
    // shared by every app of the process, and a busy test machine may take longer than the
    // default wait (`search_meaning::*_waits_*` tests the wait itself).
    vars.insert("SEARCH_MEANING_WAIT_MS".into(), "5000".into());
    vars.extend(overrides.clone());
    Settings::load_from(|name| vars.get(name).cloned()).expect("test settings are valid")
}

pub struct TestApp {
    pub address: String,
    pub port: u16,
    pub client: reqwest::Client,
    pub settings: Settings,
    pub backend: Backend,
    /// Holds the app's data directory until the test ends.
    #[allow(dead_code)]
    pub data_dir: tempfile::TempDir,
    pub db: std::sync::Arc<TestDatabase>,
    pub app_state: praktiki::AppState,
}

impl TestApp {
    pub async fn spawn(backend: Backend) -> TestApp {
        Self::spawn_with(backend, HashMap::new(), Some(shared_model())).await
    }

    /// Starts the app with extra settings; `model: None` loads the model as `serve` does.
    pub async fn spawn_with(
        backend: Backend,
        overrides: HashMap<String, String>,
        model: Option<ModelSlot>,
    ) -> TestApp {
        let data_dir = tempfile::tempdir().expect("temp dir");
        let db = TestDatabase::create(backend, data_dir.path());
        let mut vars = HashMap::new();
        vars.insert(
            "DATA_DIR".to_string(),
            data_dir.path().display().to_string(),
        );
        vars.insert("DATABASE_URL".to_string(), db.url.clone());
        vars.extend(overrides);
        let settings = test_settings(&vars);
        let app = match model {
            Some(model) => Application::build_with_model(settings.clone(), model).await,
            None => Application::build(settings.clone()).await,
        }
        .expect("app starts");
        let port = app.port();
        let app_state = app.state().clone();
        tokio::spawn(app.run_until_stopped());
        let client = reqwest::Client::builder()
            .cookie_store(true)
            .redirect(reqwest::redirect::Policy::none())
            .pool_idle_timeout(IDLE_REUSE)
            .timeout(Duration::from_secs(60))
            .build()
            .expect("client");
        TestApp {
            address: format!("http://127.0.0.1:{port}"),
            port,
            client,
            settings,
            backend,
            data_dir,
            db: std::sync::Arc::new(db),
            app_state,
        }
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{}", self.address, path)
    }

    pub async fn get(&self, path: &str) -> reqwest::Response {
        self.client.get(self.url(path)).send().await.expect("GET")
    }

    pub async fn get_html(&self, path: &str) -> String {
        self.get(path).await.text().await.expect("body")
    }

    /// The CSRF token the app put into the forms of `path`.
    pub async fn csrf_token(&self, path: &str) -> String {
        let html = self.get_html(path).await;
        extract_csrf(&html).unwrap_or_else(|| panic!("no csrf_token on {path}"))
    }

    /// Submits a form like a browser: fetches `form_page` for its CSRF token, then POSTs `fields`.
    pub async fn post_form(
        &self,
        form_page: &str,
        action: &str,
        fields: &[(&str, &str)],
    ) -> reqwest::Response {
        let token = self.csrf_token(form_page).await;
        let mut all: Vec<(&str, &str)> = fields.to_vec();
        all.push(("csrf_token", &token));
        self.client
            .post(self.url(action))
            .form(&all)
            .send()
            .await
            .expect("POST")
    }

    /// Waits until `/ready` is 200 (the shared model may still be loading).
    pub async fn wait_ready(&self) {
        for _ in 0..600 {
            if self.get("/ready").await.status() == 200 {
                return;
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        panic!("app never became ready: {}", self.get_html("/ready").await);
    }
}

pub fn extract_csrf(html: &str) -> Option<String> {
    let marker = "name=\"csrf_token\" value=\"";
    let start = html.find(marker)? + marker.len();
    let end = html[start..].find('"')?;
    Some(html[start..start + end].to_string())
}

/// The id of the application an apply form redirected to (`/applications/{id}`).
pub fn application_id(res: &reqwest::Response) -> i64 {
    location(res)
        .trim_start_matches("/applications/")
        .parse()
        .unwrap_or_else(|_| panic!("not an application: {}", location(res)))
}

pub fn location(res: &reqwest::Response) -> String {
    res.headers()
        .get("location")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_string()
}

impl TestApp {
    /// A second browser on the same app (its own cookie jar).
    pub fn new_browser(&self) -> TestApp {
        TestApp {
            address: self.address.clone(),
            port: self.port,
            client: reqwest::Client::builder()
                .cookie_store(true)
                .redirect(reqwest::redirect::Policy::none())
                .pool_idle_timeout(IDLE_REUSE)
                .build()
                .expect("client"),
            settings: self.settings.clone(),
            backend: self.backend,
            data_dir: tempfile::tempdir().expect("temp dir"),
            db: self.db.clone(),
            app_state: self.app_state.clone(),
        }
    }

    /// Starts a second server on the same database and data directory (a restart, or a second
    /// instance behind a load balancer).
    pub async fn restart(&self) -> TestApp {
        let app = Application::build_with_model(self.settings.clone(), shared_model())
            .await
            .expect("app restarts");
        let port = app.port();
        let app_state = app.state().clone();
        tokio::spawn(app.run_until_stopped());
        let mut other = self.new_browser();
        other.address = format!("http://127.0.0.1:{port}");
        other.port = port;
        other.app_state = app_state;
        other
    }
}

/// How long a test client reuses an idle connection: well under the server's keep-alive (actix's
/// 5 s), so a request never goes out on a connection the server is closing at that moment (a
/// browser would retry such a request; reqwest reports `IncompleteMessage`, seen on a loaded
/// machine).
const IDLE_REUSE: Duration = Duration::from_secs(2);

/// A client without a cookie jar, for requests with hand-made cookies.
pub fn bare_client() -> reqwest::Client {
    reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .pool_idle_timeout(IDLE_REUSE)
        .build()
        .expect("client")
}

/// The `name=value` pairs a response sets.
pub fn set_cookies(res: &reqwest::Response) -> HashMap<String, String> {
    res.headers()
        .get_all("set-cookie")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .filter_map(|v| v.split(';').next())
        .filter_map(|pair| pair.split_once('='))
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect()
}

/// Waits (up to a minute) until `check` holds; panics naming `what` otherwise.
pub async fn wait_until<F, Fut>(what: &str, mut check: F)
where
    F: FnMut() -> Fut,
    Fut: std::future::Future<Output = bool>,
{
    for _ in 0..1200 {
        if check().await {
            return;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    panic!("timed out waiting for {what}");
}
