//! Accounts and security, driven like a browser on both backends: sign-up and verification,
//! lock-out, CSRF, roles, cookies, suspension. Sessions, tokens and passwords are in
//! `auth_sessions.rs`.

use crate::both_backends;
use crate::helpers::*;
use diesel::prelude::*;
use praktiki::db::schema::{audit_log, users};
use std::collections::HashMap;

async fn dashboard_status(app: &TestApp, path: &str) -> u16 {
    app.get(path).await.status().as_u16()
}

both_backends!(
    signup_verify_and_login_land_on_the_dashboard,
    |app: TestApp| async move {
        let account = app.signup("student").await;
        // Signed in straight away, but not verified yet.
        let html = app.get_html("/dashboard").await;
        assert!(html.contains("not verified yet"), "{html}");
        let link = link_in(
            &latest_email(&app, &account.email).await,
            "/verify-email?token=",
        );
        let res = app.get(&link).await;
        assert_eq!(res.status(), 200);
        assert!(res.text().await.unwrap().contains("is verified"));
        // The link works once.
        assert_eq!(app.get(&link).await.status(), 400);
        app.logout().await;
        assert_eq!(
            location(&app.get("/dashboard").await),
            "/login?next=%2Fdashboard"
        );
        let res = app.login(&account.email, &account.password).await;
        assert_eq!(res.status(), 303);
        assert_eq!(location(&res), "/dashboard");
        let html = app.get_html("/dashboard").await;
        assert!(
            html.contains("Welcome, Asha Verma") && !html.contains("not verified yet"),
            "{html}"
        );
        for (role, dashboard) in [("employer", "/employer"), ("institute", "/institute")] {
            let browser = app.new_browser();
            let account = browser.signup(role).await;
            browser.logout().await;
            assert_eq!(
                location(&browser.login(&account.email, &account.password).await),
                dashboard
            );
        }
    }
);

both_backends!(signup_errors_keep_the_values, |app: TestApp| async move {
    let res = app
        .post_form(
            "/signup",
            "/signup",
            &[
                ("full_name", "Ravi <b>Kumar</b>"),
                ("email", "not-an-email"),
                ("password", "password123"),
                ("role", "student"),
            ],
        )
        .await;
    assert_eq!(res.status(), 422);
    let html = res.text().await.unwrap();
    assert!(
        html.contains("value=\"Ravi &#60;b&#62;Kumar&#60;/b&#62;\"")
            || html.contains("value=\"Ravi &lt;b&gt;Kumar&lt;/b&gt;\""),
        "escaped value kept: {html}"
    );
    assert!(html.contains("Enter an email address"));
    assert!(html.contains("Use at least 12 characters."));
    let account = app.signup("student").await;
    let res = app
        .new_browser()
        .post_form(
            "/signup",
            "/signup",
            &[
                ("full_name", "X"),
                ("email", &account.email.to_uppercase()),
                ("password", GOOD_PASSWORD),
                ("role", "student"),
            ],
        )
        .await;
    // A registered address gets the answer of a new one (auth_hardening.rs has the details).
    assert_eq!(res.status(), 303);
    assert_eq!(location(&res), "/login");
});

both_backends!(
    five_wrong_passwords_lock_the_account_across_restarts,
    |app: TestApp| async move {
        let account = app.signup("student").await;
        app.logout().await;
        for _ in 0..4 {
            let res = app.login(&account.email, "wrong-password-123").await;
            assert_eq!(res.status(), 401);
            assert!(res.text().await.unwrap().contains("incorrect"));
        }
        let res = app.login(&account.email, "wrong-password-123").await;
        assert_eq!(res.status(), 401);
        // Even the right password is refused while locked, and no session is issued. The
        // answer is the wrong-password one: only the owner learns of the lock.
        let res = app.login(&account.email, &account.password).await;
        assert_eq!(res.status(), 401);
        assert!(!set_cookies(&res).contains_key("access"));
        assert!(res.text().await.unwrap().contains("incorrect"));
        // The owner was told.
        assert!(latest_email(&app, &account.email).await.contains("locked"));
        // A restarted server (or another instance) still refuses.
        let again = app.restart().await;
        let res = again.login(&account.email, &account.password).await;
        assert_eq!(res.status(), 401);
        assert!(!set_cookies(&res).contains_key("access"));
        // Keep trying: the per-account rate limit answers 429 with a retry time, also after a restart.
        let mut limited = None;
        for _ in 0..10 {
            let res = again.login(&account.email, &account.password).await;
            if res.status() == 429 {
                limited = Some(res);
                break;
            }
        }
        let res = limited.expect("rate limit reached");
        assert!(res.headers().get("retry-after").is_some());
        assert!(res.text().await.unwrap().contains("Too many attempts"));
        let third = app.restart().await;
        assert_eq!(
            third
                .login(&account.email, &account.password)
                .await
                .status(),
            429
        );
        let audit: Vec<String> = app
            .app_state
            .db
            .run(|conn| {
                audit_log::table
                    .select(audit_log::action)
                    .load::<String>(conn)
                    .map_err(praktiki::db::DbError::from)
            })
            .await
            .unwrap();
        assert!(audit.iter().any(|a| a == "account_locked"));
    }
);

both_backends!(
    post_without_valid_csrf_changes_nothing,
    |app: TestApp| async move {
        let account = app.signup("student").await;
        app.logout().await;
        app.get("/login").await;
        let res = app
            .client
            .post(app.url("/login"))
            .form(&[
                ("email", account.email.as_str()),
                ("password", GOOD_PASSWORD),
            ])
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 403);
        assert!(!set_cookies(&res).contains_key("access"));
        let res = app
            .client
            .post(app.url("/login"))
            .form(&[
                ("email", account.email.as_str()),
                ("password", GOOD_PASSWORD),
                ("csrf_token", "0".repeat(64).as_str()),
            ])
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 403);
        // A cross-site Origin is refused even with a valid token.
        let token = app.csrf_token("/login").await;
        let res = app
            .client
            .post(app.url("/login"))
            .header("Origin", "https://evil.example")
            .form(&[
                ("email", account.email.as_str()),
                ("password", GOOD_PASSWORD),
                ("csrf_token", token.as_str()),
            ])
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 403);
        assert_eq!(
            location(&app.get("/dashboard").await),
            "/login?next=%2Fdashboard",
            "still signed out"
        );
    }
);

both_backends!(roles_only_open_their_own_pages, |app: TestApp| async move {
    let student = app.new_browser();
    student.signup("student").await;
    assert_eq!(dashboard_status(&student, "/employer").await, 403);
    assert_eq!(dashboard_status(&student, "/admin").await, 403);
    assert_eq!(dashboard_status(&student, "/institute").await, 403);
    let employer = app.new_browser();
    employer.signup("employer").await;
    assert_eq!(dashboard_status(&employer, "/admin").await, 403);
    assert_eq!(dashboard_status(&employer, "/dashboard").await, 403);
    assert_eq!(dashboard_status(&employer, "/employer").await, 200);
    // The admin created from the command line opens the admin area.
    let admin_email = "root@example.in";
    let email = admin_email.to_string();
    let pepper = praktiki::auth::password::Pepper::from_settings(&app.settings);
    app.app_state
        .db
        .run(move |conn| {
            praktiki::auth::service::create_or_promote_admin(
                conn,
                &pepper,
                &email,
                GOOD_PASSWORD,
                "Root",
            )
        })
        .await
        .unwrap();
    let admin = app.new_browser();
    assert_eq!(
        location(&admin.login(admin_email, GOOD_PASSWORD).await),
        "/admin"
    );
    // Open once a second factor is enrolled.
    assert_eq!(location(&admin.get("/admin").await), "/account/totp");
    admin.enrol_totp().await;
    assert_eq!(dashboard_status(&admin, "/admin").await, 200);
});

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn production_cookies_are_secure() {
    let mut vars = HashMap::new();
    vars.insert("APP_ENV".to_string(), "production".to_string());
    vars.insert("JWT_SECRET".to_string(), "a".repeat(16) + &"b".repeat(24));
    let app = TestApp::spawn_with(Backend::Sqlite, vars, Some(shared_model())).await;
    let pepper = praktiki::auth::password::Pepper::from_settings(&app.settings);
    app.app_state
        .db
        .run(move |conn| {
            praktiki::auth::service::create_or_promote_admin(
                conn,
                &pepper,
                "ops@example.in",
                GOOD_PASSWORD,
                "Ops",
            )
        })
        .await
        .unwrap();
    // Secure cookies don't travel over plain HTTP, so this client carries them by hand.
    let client = bare_client();
    let res = client.get(app.url("/login")).send().await.unwrap();
    assert!(res.headers().get("strict-transport-security").is_some());
    let csrf_cookie = set_cookies(&res)["csrf"].clone();
    let csrf_header: String = res
        .headers()
        .get_all("set-cookie")
        .iter()
        .map(|v| v.to_str().unwrap())
        .find(|c| c.starts_with("csrf="))
        .unwrap()
        .into();
    assert!(
        csrf_header.contains("Secure") && csrf_header.contains("HttpOnly"),
        "{csrf_header}"
    );
    let token = extract_csrf(&res.text().await.unwrap()).unwrap();
    let res = client
        .post(app.url("/login"))
        .header("Cookie", format!("csrf={csrf_cookie}"))
        .form(&[
            ("email", "ops@example.in"),
            ("password", GOOD_PASSWORD),
            ("csrf_token", token.as_str()),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 303);
    let cookies: Vec<String> = res
        .headers()
        .get_all("set-cookie")
        .iter()
        .map(|v| v.to_str().unwrap().to_string())
        .collect();
    for name in ["access=", "refresh="] {
        let cookie = cookies
            .iter()
            .find(|c| c.starts_with(name))
            .expect("session cookie");
        assert!(
            cookie.contains("Secure")
                && cookie.contains("HttpOnly")
                && cookie.contains("SameSite=Lax"),
            "{cookie}"
        );
    }
}

both_backends!(
    suspended_users_are_logged_out_on_their_next_request,
    |app: TestApp| async move {
        let account = app.signup("student").await;
        assert_eq!(app.get("/dashboard").await.status(), 200);
        let email = account.email.clone();
        app.app_state
            .db
            .run(move |conn| {
                diesel::update(users::table.filter(users::email.eq(email)))
                    .set(users::is_suspended.eq(true))
                    .execute(conn)
                    .map_err(praktiki::db::DbError::from)
            })
            .await
            .unwrap();
        let res = app.get("/dashboard").await;
        assert_eq!(res.status(), 303);
        // The cookies are cleared and the login is refused with a clear message.
        assert!(
            set_cookies(&res)
                .get("access")
                .is_some_and(|v| v.is_empty())
        );
        let res = app.login(&account.email, &account.password).await;
        assert_eq!(res.status(), 401);
        assert!(res.text().await.unwrap().contains("suspended"));
    }
);

both_backends!(
    resending_verification_is_rate_limited,
    |app: TestApp| async move {
        app.signup("student").await;
        for _ in 0..3 {
            let res = app
                .post_form("/dashboard", "/verify-email/resend", &[])
                .await;
            assert_eq!(res.status(), 303);
        }
        let res = app
            .post_form("/dashboard", "/verify-email/resend", &[])
            .await;
        assert_eq!(res.status(), 429);
        assert!(res.headers().get("retry-after").is_some());
    }
);
