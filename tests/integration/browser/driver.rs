//! A real browser for the tests: headless Chromium driven over WebDriver (chromedriver and
//! fantoccini), with JavaScript on or off. `scripts/setup.sh` installs Chromium, its driver and
//! axe-core; a missing piece fails the test with what to run.

use fantoccini::{Client, ClientBuilder, Locator};
use serde_json::json;
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::Duration;

/// Widths every screenshot is taken at: a small phone and a laptop.
pub const WIDTHS: [u32; 2] = [360, 1280];

pub struct Browser {
    pub client: Client,
    pub base: String,
    /// Whether pages run their JavaScript (the app must work either way).
    pub js: bool,
    driver: Child,
    _profile: tempfile::TempDir,
}

fn executable(env: &str, candidates: &[&str]) -> String {
    if let Ok(path) = std::env::var(env) {
        return path;
    }
    candidates
        .iter()
        .find(|c| std::path::Path::new(c).exists())
        .map(|c| c.to_string())
        .unwrap_or_else(|| {
            panic!("{env}: none of {candidates:?} exists; run scripts/setup.sh (Debian packages chromium and chromium-driver)")
        })
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("a free port")
}

impl Browser {
    /// Starts chromedriver and a fresh headless Chromium (its own profile directory; the
    /// machine's network is closed, so everything that would call out is off).
    pub async fn start(base: &str, js: bool) -> Browser {
        let driver_path = executable(
            "CHROMEDRIVER",
            &["/usr/bin/chromedriver", "/usr/lib/chromium/chromedriver"],
        );
        let chromium = executable(
            "CHROMIUM",
            &["/usr/bin/chromium", "/usr/bin/chromium-browser"],
        );
        let port = free_port();
        let driver = Command::new(driver_path)
            .arg(format!("--port={port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("chromedriver starts");
        let profile = tempfile::tempdir().expect("profile dir");
        let mut prefs = serde_json::Map::new();
        if !js {
            prefs.insert(
                "profile.managed_default_content_settings.javascript".into(),
                json!(2),
            );
        }
        let options = json!({
            "binary": chromium,
            "args": [
                "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-dev-shm-usage", "--hide-scrollbars", "--window-size=1280,900",
                format!("--user-data-dir={}", profile.path().display()),
            ],
            "prefs": prefs,
        });
        let mut caps = serde_json::Map::new();
        caps.insert("goog:chromeOptions".into(), options);
        let url = format!("http://127.0.0.1:{port}");
        let mut last_error = String::new();
        // chromedriver needs a moment to listen; poll rather than sleep a fixed time.
        for _ in 0..100 {
            let connector = hyper_util::client::legacy::connect::HttpConnector::new();
            match ClientBuilder::new(connector)
                .capabilities(caps.clone())
                .connect(&url)
                .await
            {
                Ok(client) => {
                    return Browser {
                        client,
                        base: base.to_string(),
                        js,
                        driver,
                        _profile: profile,
                    };
                }
                Err(e) => last_error = e.to_string(),
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        panic!("no WebDriver session: {last_error}");
    }

    pub async fn goto(&self, path: &str) {
        let url = format!("{}{}", self.base, path);
        self.client.goto(&url).await.expect("page loads");
    }

    /// The current path (and query) of the page.
    pub async fn path(&self) -> String {
        let url = self.client.current_url().await.expect("current url");
        match url.query() {
            Some(q) => format!("{}?{q}", url.path()),
            None => url.path().to_string(),
        }
    }

    /// The page's HTML as the browser holds it.
    pub async fn html(&self) -> String {
        self.client.source().await.expect("page source")
    }

    /// Types `value` into the field named `name` (inside `scope`, a CSS selector of a form),
    /// replacing what was there.
    pub async fn fill(&self, scope: &str, name: &str, value: &str) {
        let field = self
            .client
            .find(Locator::Css(&format!("{scope} [name='{name}']")))
            .await
            .unwrap_or_else(|e| panic!("no field {name} in {scope}: {e}"));
        field.clear().await.ok();
        field.send_keys(value).await.expect("typing");
    }

    /// Chooses `value` in a select or radio group named `name`.
    pub async fn choose(&self, scope: &str, name: &str, value: &str) {
        let selector = format!(
            "{scope} select[name='{name}'] option[value='{value}'], {scope} input[name='{name}'][value='{value}']"
        );
        self.client
            .find(Locator::Css(&selector))
            .await
            .unwrap_or_else(|e| panic!("no choice {name}={value}: {e}"))
            .click()
            .await
            .expect("choosing");
    }

    /// Presses the submit button of the form `scope` and waits for the next page; with
    /// JavaScript on, accepts a confirmation the form asks for.
    pub async fn submit(&self, scope: &str) {
        let before = self.document().await;
        let button = self
            .client
            .find(Locator::Css(&format!("{scope} button[type='submit']")))
            .await
            .unwrap_or_else(|e| panic!("no submit button in {scope}: {e}"));
        button.click().await.expect("submit");
        if self.js {
            // A data-confirm form asks first; no dialog is fine too.
            let _ = self.client.accept_alert().await;
        }
        self.wait_loaded(before).await;
    }

    /// The current document's root element, to tell when a navigation has replaced it.
    async fn document(&self) -> Option<fantoccini::elements::Element> {
        self.client.find(Locator::Css("html")).await.ok()
    }

    /// Waits until the navigation a click or a key started has replaced the document `before`
    /// (its root goes stale; the address alone cannot tell, a form may come back to its own
    /// page) and the new document is complete. Reading the page sooner reads the old one.
    async fn wait_loaded(&self, before: Option<fantoccini::elements::Element>) {
        for _ in 0..200 {
            let replaced = match &before {
                Some(root) => root.tag_name().await.is_err(),
                None => true,
            };
            if replaced {
                let state = self
                    .client
                    .execute("return document.readyState", vec![])
                    .await;
                match state {
                    Ok(v) if v == "complete" => return,
                    // With JavaScript off the WebDriver may not evaluate scripts; the new
                    // document is there.
                    Err(_) if !self.js => return,
                    _ => {}
                }
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }

    /// Presses Tab until the focused element is the field named `name` (a keyboard user's way
    /// there), then types `text` into it.
    pub async fn tab_to_and_type(&self, name: &str, text: &str) {
        let tab = char::from(fantoccini::key::Key::Tab).to_string();
        for _ in 0..40 {
            let focused = self.client.active_element().await.expect("focused element");
            if focused.attr("name").await.ok().flatten().as_deref() == Some(name) {
                focused.send_keys(text).await.expect("typing");
                return;
            }
            focused.send_keys(&tab).await.expect("tab");
        }
        panic!(
            "Tab never reached the field {name} on {}",
            self.path().await
        );
    }

    /// Presses Enter in the focused element and waits for the next page.
    pub async fn press_enter(&self) {
        let enter = char::from(fantoccini::key::Key::Enter).to_string();
        let before = self.document().await;
        let focused = self.client.active_element().await.expect("focused element");
        focused.send_keys(&enter).await.expect("enter");
        self.wait_loaded(before).await;
    }

    /// Forgets the signed-in user (a new visitor on the same browser).
    pub async fn sign_out(&self) {
        self.client
            .delete_all_cookies()
            .await
            .expect("cookies cleared");
    }

    /// Shows pages in `lang` (the cookie the footer's switch sets; WebDriver's add-cookie
    /// refuses a host that is an IP address, so the page sets it).
    pub async fn language(&self, lang: &'static str) {
        self.client
            .execute(&format!("document.cookie = 'lang={lang}; path=/'"), vec![])
            .await
            .expect("lang cookie");
    }

    /// Screenshots of the current page at every width, as `target/screenshots/<name>-<width>.png`.
    pub async fn screenshots(&self, name: &str) {
        let dir = screenshot_dir();
        std::fs::create_dir_all(&dir).expect("screenshot dir");
        for width in WIDTHS {
            self.client
                .set_window_size(width, 900)
                .await
                .expect("window size");
            // The whole page, not only the first screen: as tall as the document (capped).
            let height = self
                .client
                .execute("return document.documentElement.scrollHeight", vec![])
                .await
                .ok()
                .and_then(|h| h.as_u64())
                .unwrap_or(900)
                .clamp(600, 6000) as u32;
            self.client
                .set_window_size(width, height + 150)
                .await
                .expect("window size");
            let png = self.client.screenshot().await.expect("screenshot");
            std::fs::write(dir.join(format!("{name}-{width}.png")), png).expect("png written");
        }
        self.client.set_window_size(1280, 900).await.ok();
    }
}

impl Browser {
    /// Ends the session (Chromium quits), then the driver.
    pub async fn quit(self) {
        let _ = self.client.clone().close().await;
    }
}

impl Drop for Browser {
    fn drop(&mut self) {
        // chromedriver takes its Chromium with it.
        let _ = self.driver.kill();
        let _ = self.driver.wait();
    }
}

/// `target/screenshots` (of `CARGO_TARGET_DIR` when set).
pub fn screenshot_dir() -> PathBuf {
    std::env::var("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|_| crate::helpers::repo_root().join("target"))
        .join("screenshots")
}
