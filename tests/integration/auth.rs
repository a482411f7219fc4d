//! Accounts and security, driven like a browser on both backends.

use crate::both_backends;
use crate::helpers::*;
use diesel::prelude::*;
use praktiki::db::schema::{audit_log, refresh_tokens, users};
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

both_backends!(
    forged_none_expired_and_foreign_tokens_are_signed_out,
    |app: TestApp| async move {
        use jsonwebtoken::{EncodingKey, Header, encode};
        let account = app.signup("student").await;
        let user_id: i64 = {
            let email = account.email.clone();
            app.app_state
                .db
                .run(move |conn| {
                    users::table
                        .filter(users::email.eq(email))
                        .select(users::id)
                        .first(conn)
                        .map_err(praktiki::db::DbError::from)
                })
                .await
                .unwrap()
        };
        let family: String = app
            .app_state
            .db
            .run(move |conn| {
                refresh_tokens::table
                    .filter(refresh_tokens::user_id.eq(user_id))
                    .select(refresh_tokens::family_id)
                    .first(conn)
                    .map_err(praktiki::db::DbError::from)
            })
            .await
            .unwrap();
        let now = chrono::Utc::now().timestamp();
        let claims = |exp: i64| serde_json::json!({ "sub": user_id.to_string(), "role": "student", "sid": family, "iat": now, "exp": exp });
        let own_key = praktiki::config::derive_key(app.settings.jwt_secret.expose(), "jwt");
        let valid = encode(
            &Header::default(),
            &claims(now + 600),
            &EncodingKey::from_secret(&own_key),
        )
        .unwrap();
        let expired = encode(
            &Header::default(),
            &claims(now - 5),
            &EncodingKey::from_secret(&own_key),
        )
        .unwrap();
        let foreign = encode(
            &Header::default(),
            &claims(now + 600),
            &EncodingKey::from_secret(b"someone-else's-secret-0123456789"),
        )
        .unwrap();
        use base64::Engine;
        let b64 = |v: &str| base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(v);
        let none = format!(
            "{}.{}.",
            b64(r#"{"alg":"none","typ":"JWT"}"#),
            b64(&claims(now + 600).to_string())
        );
        let client = bare_client();
        let open = |token: String| {
            let client = client.clone();
            let url = app.url("/dashboard");
            async move {
                client
                    .get(url)
                    .header("Cookie", format!("access={token}"))
                    .send()
                    .await
                    .unwrap()
            }
        };
        assert_eq!(
            open(valid).await.status(),
            200,
            "control: a well-signed token opens the page"
        );
        for token in [expired, foreign, none, "garbage".to_string()] {
            let res = open(token.clone()).await;
            assert_eq!(res.status(), 303, "token {token} must not sign in");
            assert!(location(&res).starts_with("/login"));
        }
    }
);

both_backends!(
    reused_refresh_token_revokes_every_session,
    |app: TestApp| async move {
        let account = app.signup("student").await;
        let other_browser = app.new_browser();
        assert_eq!(
            other_browser
                .login(&account.email, &account.password)
                .await
                .status(),
            303
        );
        let res = app.login(&account.email, &account.password).await;
        let old_refresh = set_cookies(&res)["refresh"].clone();
        let client = bare_client();
        // Only the refresh cookie: the server rotates it and sets new cookies.
        let res = client
            .get(app.url("/dashboard"))
            .header("Cookie", format!("refresh={old_refresh}"))
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 200);
        let renewed = set_cookies(&res);
        assert_ne!(renewed["refresh"], old_refresh);
        let new_cookie = format!(
            "access={}; refresh={}",
            renewed["access"], renewed["refresh"]
        );
        assert_eq!(
            client
                .get(app.url("/dashboard"))
                .header("Cookie", new_cookie.clone())
                .send()
                .await
                .unwrap()
                .status(),
            200
        );
        // The rotated token comes back after the grace window (a stolen copy): every session
        // of the user ends.
        let past = chrono::Utc::now().naive_utc() - chrono::Duration::seconds(60);
        app.app_state
            .db
            .run(move |conn| {
                diesel::update(
                    refresh_tokens::table.filter(refresh_tokens::rotated_at.is_not_null()),
                )
                .set(refresh_tokens::rotated_at.eq(Some(past)))
                .execute(conn)
                .map_err(praktiki::db::DbError::from)
            })
            .await
            .unwrap();
        let res = client
            .get(app.url("/dashboard"))
            .header("Cookie", format!("refresh={old_refresh}"))
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 303);
        assert_eq!(
            client
                .get(app.url("/dashboard"))
                .header("Cookie", new_cookie)
                .send()
                .await
                .unwrap()
                .status(),
            303
        );
        assert_eq!(other_browser.get("/dashboard").await.status(), 303);
    }
);

both_backends!(
    logout_revokes_the_session_at_once,
    |app: TestApp| async move {
        let account = app.signup("student").await;
        let res = app.login(&account.email, &account.password).await;
        let cookies = set_cookies(&res);
        let cookie = format!(
            "access={}; refresh={}",
            cookies["access"], cookies["refresh"]
        );
        app.logout().await;
        let res = bare_client()
            .get(app.url("/dashboard"))
            .header("Cookie", cookie)
            .send()
            .await
            .unwrap();
        assert_eq!(
            res.status(),
            303,
            "a copied access token dies with the session"
        );
    }
);

both_backends!(
    password_reset_works_once_and_ends_sessions,
    |app: TestApp| async move {
        let account = app.signup("student").await;
        let other_browser = app.new_browser();
        other_browser.login(&account.email, &account.password).await;
        // Same answer for unknown and known addresses.
        let unknown = app
            .new_browser()
            .post_form(
                "/password/forgot",
                "/password/forgot",
                &[("email", "nobody@example.in")],
            )
            .await;
        let known = app
            .new_browser()
            .post_form(
                "/password/forgot",
                "/password/forgot",
                &[("email", &account.email)],
            )
            .await;
        assert_eq!(unknown.status(), known.status());
        let (unknown, known) = (unknown.text().await.unwrap(), known.text().await.unwrap());
        assert!(known.contains("If an account exists"));
        assert_eq!(
            unknown.replace(char::is_alphanumeric, ""),
            known.replace(char::is_alphanumeric, ""),
            "same page shape"
        );
        let link = link_in(
            &latest_email(&app, &account.email).await,
            "/password/reset?token=",
        );
        let token = link.split("token=").nth(1).unwrap().to_string();
        let browser = app.new_browser();
        assert_eq!(browser.get(&link).await.status(), 200);
        // Policy still applies (and the form keeps the token).
        let res = browser
            .post_form(
                &link,
                "/password/reset",
                &[("token", &token), ("password", "short")],
            )
            .await;
        assert_eq!(res.status(), 422);
        let res = browser
            .post_form(
                &link,
                "/password/reset",
                &[("token", &token), ("password", GOOD_PASSWORD)],
            )
            .await;
        assert_eq!(res.status(), 422, "no reuse of a recent password");
        let res = browser
            .post_form(
                &link,
                "/password/reset",
                &[("token", &token), ("password", "new-saffron-kite-77")],
            )
            .await;
        assert_eq!(res.status(), 303);
        assert_eq!(location(&res), "/login");
        // Used once only.
        let res = browser
            .post_form(
                "/password/forgot",
                "/password/reset",
                &[("token", &token), ("password", "other-saffron-kite-78")],
            )
            .await;
        assert_eq!(res.status(), 400);
        // Existing sessions ended; the new password works, the old one doesn't.
        assert_eq!(other_browser.get("/dashboard").await.status(), 303);
        assert_eq!(app.get("/dashboard").await.status(), 303);
        assert_eq!(
            browser
                .login(&account.email, &account.password)
                .await
                .status(),
            401
        );
        assert_eq!(
            browser
                .login(&account.email, "new-saffron-kite-77")
                .await
                .status(),
            303
        );
    }
);

both_backends!(expired_reset_link_is_refused, |app: TestApp| async move {
    let account = app.signup("student").await;
    app.new_browser()
        .post_form(
            "/password/forgot",
            "/password/forgot",
            &[("email", &account.email)],
        )
        .await;
    let link = link_in(
        &latest_email(&app, &account.email).await,
        "/password/reset?token=",
    );
    app.app_state
        .db
        .run(|conn| {
            use praktiki::db::schema::email_tokens;
            diesel::update(email_tokens::table)
                .set(
                    email_tokens::expires_at
                        .eq(chrono::Utc::now().naive_utc() - chrono::Duration::minutes(1)),
                )
                .execute(conn)
                .map_err(praktiki::db::DbError::from)
        })
        .await
        .unwrap();
    let res = app.get(&link).await;
    assert_eq!(res.status(), 400);
    assert!(res.text().await.unwrap().contains("expired"));
});

both_backends!(
    change_password_checks_and_signs_out_elsewhere,
    |app: TestApp| async move {
        let account = app.signup("student").await;
        let other_browser = app.new_browser();
        other_browser.login(&account.email, &account.password).await;
        let res = app
            .post_form(
                "/account/password",
                "/account/password",
                &[
                    ("current_password", "wrong-one-123"),
                    ("new_password", "new-saffron-kite-77"),
                ],
            )
            .await;
        assert_eq!(res.status(), 422);
        assert!(
            res.text()
                .await
                .unwrap()
                .contains("not your current password")
        );
        let res = app
            .post_form(
                "/account/password",
                "/account/password",
                &[
                    ("current_password", GOOD_PASSWORD),
                    ("new_password", "new-saffron-kite-77"),
                ],
            )
            .await;
        assert_eq!(res.status(), 303);
        assert_eq!(
            app.get("/dashboard").await.status(),
            200,
            "this browser stays signed in"
        );
        assert_eq!(
            other_browser.get("/dashboard").await.status(),
            303,
            "others are signed out"
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
