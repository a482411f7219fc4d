//! Test harness: a fresh database per test, the real app on a random port, a cookie-keeping client.

use praktiki::Application;
use praktiki::config::Settings;
use praktiki::matching::slot::ModelSlot;
use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::OnceLock;
use std::time::Duration;

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

/// A user the test signed up.
#[derive(Debug, Clone)]
pub struct Account {
    pub email: String,
    pub password: String,
}

pub const GOOD_PASSWORD: &str = "monsoon-teal-harbour-42";

impl TestApp {
    /// Signs up a new account of `role` through the form, then logs in with it (sign-up itself
    /// signs no one in: it answers the same whether or not the address had an account).
    pub async fn signup(&self, role: &'static str) -> Account {
        self.signup_as(role, "Asha Verma").await
    }

    /// Signs up a new account of `role` with the full name `full_name`.
    pub async fn signup_as(&self, role: &'static str, full_name: &str) -> Account {
        let email = format!(
            "{}-{}@example.in",
            role,
            &uuid::Uuid::new_v4().simple().to_string()[..8]
        );
        let res = self
            .post_form(
                "/signup",
                "/signup",
                &[
                    ("full_name", full_name),
                    ("email", &email),
                    ("password", GOOD_PASSWORD),
                    ("role", role),
                ],
            )
            .await;
        assert_eq!(
            res.status(),
            303,
            "signup failed: {}",
            res.text().await.unwrap_or_default()
        );
        assert_eq!(location(&res), "/login");
        let res = self.login(&email, GOOD_PASSWORD).await;
        assert_eq!(res.status(), 303, "login after signup failed");
        Account {
            email,
            password: GOOD_PASSWORD.to_string(),
        }
    }

    pub async fn login(&self, email: &str, password: &str) -> reqwest::Response {
        self.post_form("/", "/login", &[("email", email), ("password", password)])
            .await
    }

    pub async fn logout(&self) -> reqwest::Response {
        self.post_form("/", "/logout", &[]).await
    }

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

/// The text body of the newest email queued for `to`, as its recipient gets it. The outbox
/// keeps a message with a secret link redacted: its deliverable text is read from the sealed
/// copy while it waits, else from the delivered `.eml` file.
pub async fn latest_email(app: &TestApp, to: &str) -> String {
    use diesel::prelude::*;
    use praktiki::db::schema::email_outbox;
    let to = to.to_string();
    for _ in 0..300 {
        let who = to.clone();
        let (text, sealed, eml_path) = app
            .app_state
            .db
            .run(move |conn| {
                email_outbox::table
                    .filter(email_outbox::to_address.eq(who))
                    .order(email_outbox::id.desc())
                    .select((
                        email_outbox::body_text,
                        email_outbox::sealed_body,
                        email_outbox::eml_path,
                    ))
                    .first::<(String, Option<String>, Option<String>)>(conn)
                    .map_err(praktiki::db::DbError::from)
            })
            .await
            .expect("an email was queued");
        if let Some(sealed) = sealed {
            return praktiki::notify::secrets::open(&sealed)
                .expect("sealed with this app's key")
                .text;
        }
        if !text.contains(praktiki::notify::secrets::REDACTED) {
            return text;
        }
        if let Some(path) = eml_path {
            let eml = std::fs::read_to_string(&path).expect("the delivered .eml file");
            return eml_text(&eml);
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    panic!("the email to {to} was neither sealed nor delivered");
}

/// The text/plain part of a delivered message, decoded (7bit, quoted-printable or base64).
pub fn eml_text(eml: &str) -> String {
    let eml = eml.replace("\r\n", "\n");
    let start = eml
        .find("Content-Type: text/plain")
        .expect("a text/plain part");
    let part = &eml[start..];
    let (headers, body) = part.split_once("\n\n").expect("part headers");
    let body = body.split("\n--").next().unwrap_or(body);
    let encoding = headers.to_ascii_lowercase();
    if encoding.contains("content-transfer-encoding: base64") {
        use base64::Engine;
        let joined: String = body.split_whitespace().collect();
        let bytes = base64::engine::general_purpose::STANDARD
            .decode(joined)
            .expect("base64 body");
        String::from_utf8(bytes).expect("utf-8 text")
    } else if encoding.contains("content-transfer-encoding: quoted-printable") {
        let soft_joined = body.replace("=\n", "");
        let mut bytes = Vec::new();
        let raw = soft_joined.as_bytes();
        let mut i = 0;
        while i < raw.len() {
            if raw[i] == b'=' && i + 2 < raw.len() {
                let hex = std::str::from_utf8(&raw[i + 1..i + 3]).unwrap_or("");
                if let Ok(byte) = u8::from_str_radix(hex, 16) {
                    bytes.push(byte);
                    i += 3;
                    continue;
                }
            }
            bytes.push(raw[i]);
            i += 1;
        }
        String::from_utf8(bytes).expect("utf-8 text")
    } else {
        body.to_string()
    }
}

/// The first link in a message that contains `path`, as a path.
pub fn link_in(body: &str, path: &str) -> String {
    let start = body
        .find(path)
        .unwrap_or_else(|| panic!("no {path} link in:\n{body}"));
    body[start..]
        .split_whitespace()
        .next()
        .unwrap_or_default()
        .to_string()
}

impl TestApp {
    /// Follows the verification link emailed to `account`.
    pub async fn verify(&self, account: &Account) {
        let link = link_in(
            &latest_email(self, &account.email).await,
            "/verify-email?token=",
        );
        assert_eq!(self.get(&link).await.status(), 200);
    }

    /// A browser signed in as an administrator: created from the command line's function,
    /// second factor enrolled through the page, then signed in again with password and code.
    pub async fn admin(&self) -> TestApp {
        let email = format!(
            "admin-{}@example.in",
            &uuid::Uuid::new_v4().simple().to_string()[..8]
        );
        let create = email.clone();
        let pepper = praktiki::auth::password::Pepper::from_settings(&self.settings);
        self.app_state
            .db
            .run(move |conn| {
                praktiki::auth::service::create_or_promote_admin(
                    conn,
                    &pepper,
                    &create,
                    GOOD_PASSWORD,
                    "Admin",
                )
            })
            .await
            .expect("admin created");
        let admin = self.new_browser();
        assert_eq!(admin.login(&email, GOOD_PASSWORD).await.status(), 303);
        let secret = admin.enrol_totp().await;
        admin.logout().await;
        let res = admin.login(&email, GOOD_PASSWORD).await;
        assert_eq!(
            location(&res),
            "/login/totp",
            "an enrolled admin is asked for a code"
        );
        let res = admin
            .post_form(
                "/login/totp",
                "/login/totp",
                &[("code", &totp_code(&secret, &email))],
            )
            .await;
        assert_eq!(
            res.status(),
            303,
            "{}",
            res.text().await.unwrap_or_default()
        );
        assert_eq!(location(&res), "/admin");
        admin
    }

    /// Enrols the signed-in administrator's second factor; returns the secret (base32).
    pub async fn enrol_totp(&self) -> String {
        let html = self.get_html("/account/totp").await;
        let marker = "id=\"totp-secret\">";
        let start = html.find(marker).expect("the secret is on the page") + marker.len();
        let secret = html[start..]
            .split('<')
            .next()
            .unwrap_or_default()
            .to_string();
        let res = self
            .post_form(
                "/account/totp",
                "/account/totp",
                &[("code", &totp_code(&secret, ""))],
            )
            .await;
        assert_eq!(res.status(), 200);
        assert!(
            res.text()
                .await
                .unwrap_or_default()
                .contains("recovery-codes")
        );
        secret
    }

    /// A browser signed in as a verified employer whose company an admin approved.
    pub async fn approved_employer(&self, company: &str) -> TestApp {
        let employer = self.new_browser();
        let account = employer.signup("employer").await;
        employer.verify(&account).await;
        let res = employer
            .post_form(
                "/employer/profile",
                "/employer/profile",
                &[
                    ("company_name", company),
                    ("contact_number", "98765 43210"),
                    ("city", "Pune"),
                ],
            )
            .await;
        assert_eq!(
            res.status(),
            303,
            "{}",
            res.text().await.unwrap_or_default()
        );
        let admin = self.admin().await;
        let page = admin.get_html("/admin/employers").await;
        let marker = company.to_string();
        assert!(page.contains(&marker), "{page}");
        let start = page.find(&marker).unwrap();
        let action_start = page[start..].find("/admin/employers/").unwrap() + start;
        let action: String = page[action_start..]
            .chars()
            .take_while(|c| *c != '"')
            .collect();
        assert!(action.ends_with("/approve"), "{action}");
        assert_eq!(
            admin
                .post_form("/admin/employers", &action, &[])
                .await
                .status(),
            303
        );
        // The employer is told, in the app and by email.
        let told = format!("{company} is verified: you can post internships now.");
        assert!(employer.get_html("/notifications").await.contains(&told));
        assert!(latest_email(self, &account.email).await.contains(&told));
        employer
    }

    /// Posts an internship through the form; returns its id.
    pub async fn post_internship(&self, fields: &[(&str, &str)]) -> i64 {
        let mut all: Vec<(&str, &str)> = vec![
            ("location", "Pune"),
            ("mode", "hybrid"),
            ("duration_weeks", "12"),
            ("stipend_amount", "15000"),
            ("openings", "2"),
        ];
        all.retain(|(k, _)| !fields.iter().any(|(f, _)| f == k));
        all.extend_from_slice(fields);
        let res = self
            .post_form(
                "/employer/internships/new",
                "/employer/internships/new",
                &all,
            )
            .await;
        assert_eq!(
            res.status(),
            303,
            "{}",
            res.text().await.unwrap_or_default()
        );
        location(&res)
            .trim_start_matches("/internships/")
            .parse()
            .expect("internship id")
    }

    /// A browser signed in as a verified student with a profile (skills, interests, Pune, B.Tech).
    pub async fn student_with_profile(&self, skills: &str, interests: &str) -> (TestApp, Account) {
        let browser = self.new_browser();
        let account = browser.signup("student").await;
        browser.verify(&account).await;
        let res = browser
            .post_form(
                "/profile",
                "/profile",
                &[
                    ("skills", skills),
                    ("interests", interests),
                    ("current_city", "Pune"),
                    ("degree", "B.Tech"),
                ],
            )
            .await;
        assert_eq!(
            res.status(),
            303,
            "{}",
            res.text().await.unwrap_or_default()
        );
        (browser, account)
    }
}

/// A `multipart/form-data` body as a browser sends a form: `fields` in order, then the `file`
/// part (name, content type, bytes) when given. Returns (content type header, body).
pub fn multipart_body(
    fields: &[(&str, &str)],
    file: Option<(&str, &str, &[u8])>,
) -> (String, Vec<u8>) {
    let boundary = format!("----praktiki{}", uuid::Uuid::new_v4().simple());
    let mut body = Vec::new();
    for (name, value) in fields {
        body.extend_from_slice(
            format!(
                "--{boundary}\r\nContent-Disposition: form-data; name=\"{name}\"\r\n\r\n{value}\r\n"
            )
            .as_bytes(),
        );
    }
    if let Some((file_name, content_type, bytes)) = file {
        body.extend_from_slice(
            format!(
                "--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"{file_name}\"\r\nContent-Type: {content_type}\r\n\r\n"
            )
            .as_bytes(),
        );
        body.extend_from_slice(bytes);
        body.extend_from_slice(b"\r\n");
    }
    body.extend_from_slice(format!("--{boundary}--\r\n").as_bytes());
    (format!("multipart/form-data; boundary={boundary}"), body)
}

impl TestApp {
    /// POSTs a multipart body as is (no token added).
    pub async fn post_multipart(
        &self,
        action: &str,
        fields: &[(&str, &str)],
        file: Option<(&str, &str, &[u8])>,
    ) -> reqwest::Response {
        let (content_type, body) = multipart_body(fields, file);
        self.client
            .post(self.url(action))
            .header("content-type", content_type)
            .body(body)
            .send()
            .await
            .expect("POST multipart")
    }

    /// Uploads a file through the form on `form_page` like a browser: the form's CSRF token
    /// first, then the `file` field.
    pub async fn upload_file(
        &self,
        form_page: &str,
        action: &str,
        file_name: &str,
        content_type: &str,
        bytes: &[u8],
    ) -> reqwest::Response {
        let token = self.csrf_token(form_page).await;
        self.post_multipart(
            action,
            &[("csrf_token", &token)],
            Some((file_name, content_type, bytes)),
        )
        .await
    }
}

/// Names of the files in the app's upload directory, sorted (none when it does not exist yet).
pub fn files_on_disk(app: &TestApp) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(&app.settings.upload_dir)
        .map(|entries| {
            entries
                .flatten()
                .map(|e| e.file_name().to_string_lossy().into_owned())
                .collect()
        })
        .unwrap_or_default();
    names.sort();
    names
}

/// A fixture file under `tests/fixtures/`.
pub fn fixture(name: &str) -> Vec<u8> {
    std::fs::read(repo_root().join("tests/fixtures").join(name))
        .unwrap_or_else(|e| panic!("fixture {name}: {e}"))
}

impl TestApp {
    /// A browser signed in as an institute with a verified email and a saved profile (waiting
    /// for an admin).
    pub async fn signup_verified_institute(&self, name: &str, aishe_code: &str) -> TestApp {
        let institute = self.new_browser();
        let account = institute.signup_as("institute", name).await;
        institute.verify(&account).await;
        let res = institute
            .post_form(
                "/institute/profile",
                "/institute/profile",
                &[
                    ("institute_name", name),
                    ("aishe_code", aishe_code),
                    ("contact_number", "020 2553 1234"),
                    ("city", "Pune"),
                    ("state", "Maharashtra"),
                ],
            )
            .await;
        assert_eq!(
            res.status(),
            303,
            "{}",
            res.text().await.unwrap_or_default()
        );
        institute
    }

    /// A browser signed in as a verified institute whose AISHE code an admin approved.
    pub async fn approved_institute(&self, name: &str, aishe_code: &str) -> TestApp {
        let institute = self.signup_verified_institute(name, aishe_code).await;
        let admin = self.admin().await;
        let action = admin_action(&admin, "/admin/institutes", name, "/approve").await;
        assert_eq!(
            admin
                .post_form("/admin/institutes", &action, &[])
                .await
                .status(),
            303
        );
        institute
    }

    /// A verified student named `full_name` whose profile links to the institute with
    /// `aishe_code`, plus `fields` of the profile form.
    pub async fn linked_student(
        &self,
        full_name: &str,
        aishe_code: &str,
        fields: &[(&str, &str)],
    ) -> (TestApp, Account) {
        let student = self.new_browser();
        let account = student.signup_as("student", full_name).await;
        student.verify(&account).await;
        let mut all: Vec<(&str, &str)> = vec![("aishe_code", aishe_code), ("degree", "B.Tech")];
        all.retain(|(k, _)| !fields.iter().any(|(f, _)| f == k));
        all.extend_from_slice(fields);
        let res = student.post_form("/profile", "/profile", &all).await;
        assert_eq!(
            res.status(),
            303,
            "{}",
            res.text().await.unwrap_or_default()
        );
        (student, account)
    }
}

/// The first form action on `page` after `marker` that ends with `verb` (an admin decision).
pub async fn admin_action(admin: &TestApp, page: &str, marker: &str, verb: &str) -> String {
    let html = admin.get_html(page).await;
    let start = html
        .find(marker)
        .unwrap_or_else(|| panic!("{marker} not on {page}: {html}"));
    html[start..]
        .split("action=\"")
        .skip(1)
        .filter_map(|s| s.split('"').next())
        .find(|a| a.ends_with(verb))
        .unwrap_or_else(|| panic!("no {verb} action after {marker}"))
        .to_string()
}

/// The current TOTP code of a base32 secret, computed as an authenticator app would.
pub fn totp_code(secret: &str, account: &str) -> String {
    let bytes = totp_rs::Secret::Encoded(secret.to_string())
        .to_bytes()
        .expect("a base32 secret");
    totp_rs::TOTP::new(
        totp_rs::Algorithm::SHA1,
        6,
        1,
        30,
        bytes,
        Some("Praktiki".into()),
        account.to_string(),
    )
    .expect("a valid TOTP")
    .generate_current()
    .expect("the clock is after 1970")
}
