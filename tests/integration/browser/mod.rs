//! The main journeys in a real browser (headless Chromium): a company signs up and an admin
//! approves it; the employer posts; a student signs up, builds a profile, searches, saves and
//! applies; the employer moves the applicant. Once with JavaScript on (SQLite; every page type
//! passes axe-core and is photographed at 360 and 1280 px in English and Hindi) and once with
//! it off (PostgreSQL): the app must work without its script.

mod axe;
mod driver;

use crate::helpers::{
    Backend, GOOD_PASSWORD, TestApp, latest_email, link_in, postgres_enabled, totp_code,
};
use driver::Browser;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn journeys_with_javascript_on() {
    let app = TestApp::spawn(Backend::Sqlite).await;
    journeys(&app, true).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn journeys_with_javascript_off() {
    if !postgres_enabled() {
        eprintln!("TEST_POSTGRES_URL is not set: the JavaScript-off journeys run on SQLite");
    }
    let backend = match postgres_enabled() {
        true => Backend::Postgres,
        false => Backend::Sqlite,
    };
    let app = TestApp::spawn(backend).await;
    journeys(&app, false).await;
}

/// Looks at the current page: axe-core and screenshots (`shot`), only in the JavaScript run
/// (axe is a script; the pages are the same).
async fn look(browser: &Browser, what: &str, shot: Option<&str>) {
    if !browser.js {
        return;
    }
    browser.assert_accessible(what).await;
    if let Some(name) = shot {
        browser.screenshots(name).await;
    }
}

/// The same page in Hindi: accessible (contrast, `lang`) and photographed, then back to English.
async fn look_in_hindi(browser: &Browser, path: &str, shot: &str) {
    if !browser.js {
        return;
    }
    browser.language("hi").await;
    browser.goto(path).await;
    look(
        browser,
        &format!("{path} in Hindi"),
        Some(&format!("{shot}-hi")),
    )
    .await;
    browser.language("en").await;
}

async fn sign_up(app: &TestApp, browser: &Browser, role: &str, name: &str) -> String {
    let email = format!(
        "{role}-{}@example.in",
        &uuid::Uuid::new_v4().simple().to_string()[..8]
    );
    browser.sign_out().await;
    browser.goto("/signup").await;
    look(browser, "sign-up page", Some("signup")).await;
    let form = "form[action='/signup']";
    browser.choose(form, "role", role).await;
    browser.fill(form, "full_name", name).await;
    browser.fill(form, "email", &email).await;
    browser.fill(form, "password", GOOD_PASSWORD).await;
    browser.submit(form).await;
    let link = link_in(&latest_email(app, &email).await, "/verify-email?token=");
    browser.goto(&link).await;
    // Sign-up answers alike for new and known addresses, so it signs no one in.
    log_in(browser, &email).await;
    email
}

async fn log_in(browser: &Browser, email: &str) {
    browser.sign_out().await;
    browser.goto("/login").await;
    let form = "form[action='/login']";
    browser.fill(form, "email", email).await;
    browser.fill(form, "password", GOOD_PASSWORD).await;
    browser.submit(form).await;
    assert_ne!(browser.path().await, "/login", "{email} could not log in");
}

async fn journeys(app: &TestApp, js: bool) {
    let browser = Browser::start(&app.address, js).await;
    browser.goto("/").await;
    look(&browser, "home page", Some("home")).await;
    look_in_hindi(&browser, "/", "home").await;

    // A company signs up and fills in its profile.
    let company = format!("Kaveri Analytics {}", if js { "JS" } else { "Plain" });
    let employer = sign_up(app, &browser, "employer", "Meera Iyer").await;
    browser.goto("/employer/profile").await;
    look(&browser, "company profile form", Some("employer-profile")).await;
    let form = "form[action='/employer/profile']";
    browser.fill(form, "company_name", &company).await;
    browser.fill(form, "contact_number", "98765 43210").await;
    browser.fill(form, "city", "Pune").await;
    browser.submit(form).await;

    // An admin approves it.
    let admin = admin_account(app).await;
    log_in_admin(&browser, &admin).await;
    browser.goto("/admin").await;
    look(&browser, "admin dashboard", Some("admin")).await;
    look_in_hindi(&browser, "/admin", "admin").await;
    browser.goto("/admin/employers").await;
    look(&browser, "admin employers", None).await;
    assert!(browser.html().await.contains(&company));
    browser
        .submit("form[action^='/admin/employers/'][action$='/approve']")
        .await;
    browser.goto("/admin/employers?status=approved").await;
    assert!(browser.html().await.contains(&company), "not approved");
    browser.goto("/admin/review").await;
    look(&browser, "review queue", Some("admin-review")).await;

    // The employer posts an internship.
    log_in(&browser, &employer).await;
    browser.goto("/employer/internships/new").await;
    look(&browser, "posting form", Some("post-form")).await;
    let title = format!("Data Dashboard Intern {}", if js { "JS" } else { "Plain" });
    let form = "form.card";
    browser.fill(form, "title", &title).await;
    browser
        .fill(
            form,
            "description",
            "Build Power BI dashboards for our Pune clients.",
        )
        .await;
    browser.fill(form, "location", "Pune").await;
    browser.choose(form, "mode", "hybrid").await;
    browser.fill(form, "duration_weeks", "12").await;
    browser.fill(form, "stipend_amount", "15000").await;
    browser.fill(form, "skills", "SQL, Power BI").await;
    browser.submit(form).await;
    let posted = browser.path().await;
    let internship: i64 = posted
        .trim_start_matches("/internships/")
        .parse()
        .unwrap_or_else(|_| panic!("posting did not go through: {posted}"));

    // A student signs up, builds a profile, searches, saves and applies.
    let student = sign_up(app, &browser, "student", "Rohan Patil").await;
    browser.goto("/profile").await;
    look(&browser, "student profile form", Some("profile")).await;
    let form = "form[action='/profile']";
    browser.fill(form, "skills", "SQL, Power BI, Excel").await;
    browser.fill(form, "interests", "data analysis").await;
    browser.fill(form, "current_city", "Pune").await;
    browser.fill(form, "degree", "B.Tech").await;
    browser.submit(form).await;
    browser.goto("/internships?q=dashboard").await;
    look(&browser, "search results", Some("search")).await;
    look_in_hindi(&browser, "/internships?q=dashboard", "search").await;
    assert!(browser.html().await.contains(&title), "search misses it");
    browser
        .submit(&format!("form[action='/internships/{internship}/save']"))
        .await;
    browser.goto("/saved").await;
    assert!(browser.html().await.contains(&title), "not saved");
    browser.goto(&format!("/internships/{internship}")).await;
    look(&browser, "internship page", Some("internship")).await;
    browser
        .goto(&format!("/internships/{internship}/apply"))
        .await;
    look(&browser, "apply form", None).await;
    let form = &format!("form[action='/internships/{internship}/apply']");
    browser
        .fill(
            form,
            "cover_letter",
            "I build Power BI dashboards for my college fest.",
        )
        .await;
    browser.submit(form).await;
    assert!(
        browser.path().await.starts_with("/applications/"),
        "apply did not go through: {}",
        browser.path().await
    );
    browser.goto("/recommendations").await;
    look(&browser, "recommendations", Some("recommendations")).await;
    look_in_hindi(&browser, "/recommendations", "recommendations").await;
    browser.goto("/applications").await;
    look(&browser, "student's applications", None).await;

    // The employer shortlists the applicant.
    log_in(&browser, &employer).await;
    let applicants = format!("/employer/internships/{internship}/applicants");
    browser.goto(&applicants).await;
    look(&browser, "applicants", Some("applicants")).await;
    look_in_hindi(&browser, &applicants, "applicants").await;
    let form = "form[action$='/status']";
    browser.choose(form, "status", "shortlisted").await;
    browser.submit(form).await;
    // The student comes back with the keyboard alone.
    browser.sign_out().await;
    browser.goto("/login").await;
    browser.tab_to_and_type("email", &student).await;
    browser.tab_to_and_type("password", GOOD_PASSWORD).await;
    browser.press_enter().await;
    assert_ne!(browser.path().await, "/login", "keyboard login failed");
    browser.goto("/applications").await;
    assert!(
        browser.html().await.contains("Shortlisted"),
        "the student does not see the move"
    );
    browser.quit().await;
}

/// An administrator account with its second factor enrolled (the test helpers' way of making
/// one): its address and TOTP secret, for the browser to log in.
async fn admin_account(app: &TestApp) -> (String, String) {
    let email = format!(
        "admin-{}@example.in",
        &uuid::Uuid::new_v4().simple().to_string()[..8]
    );
    let create = email.clone();
    let pepper = praktiki::auth::password::Pepper::from_settings(&app.settings);
    app.app_state
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
    let enrolling = app.new_browser();
    assert_eq!(enrolling.login(&email, GOOD_PASSWORD).await.status(), 303);
    let secret = enrolling.enrol_totp().await;
    (email, secret)
}

/// Logs an administrator in: password, then the code of the second factor.
async fn log_in_admin(browser: &Browser, (email, secret): &(String, String)) {
    browser.sign_out().await;
    browser.goto("/login").await;
    let form = "form[action='/login']";
    browser.fill(form, "email", email).await;
    browser.fill(form, "password", GOOD_PASSWORD).await;
    browser.submit(form).await;
    assert_eq!(
        browser.path().await,
        "/login/totp",
        "an admin is asked for a code"
    );
    let code = totp_code(secret, email);
    let form = "form[action='/login/totp']";
    browser.fill(form, "code", &code).await;
    browser.submit(form).await;
    assert_eq!(
        browser.path().await,
        "/admin",
        "{email} could not pass the second factor"
    );
}
