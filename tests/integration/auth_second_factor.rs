//! Issue 10, the auth half: administrators' second factor and the sessions page, on both
//! backends.

use crate::both_backends;
use crate::helpers::*;
use diesel::prelude::*;
use praktiki::db::schema::{audit_log, refresh_tokens, users};

async fn new_admin(app: &TestApp) -> (TestApp, String) {
    let email = format!(
        "root-{}@example.in",
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
                "Root",
            )
        })
        .await
        .expect("admin created");
    (app.new_browser(), email)
}

async fn failures(app: &TestApp, action: &str) -> i64 {
    let action = action.to_string();
    app.app_state
        .db
        .run(move |conn| {
            audit_log::table
                .filter(audit_log::action.eq(action))
                .filter(audit_log::outcome.eq("failure"))
                .count()
                .get_result(conn)
                .map_err(praktiki::db::DbError::from)
        })
        .await
        .unwrap()
}

both_backends!(
    admins_enrol_a_second_factor_and_give_a_code_at_sign_in,
    |app: TestApp| async move {
        let (admin, email) = new_admin(&app).await;
        assert_eq!(admin.login(&email, GOOD_PASSWORD).await.status(), 303);
        // The admin area stays shut until a second factor is enrolled.
        let res = admin.get("/admin").await;
        assert_eq!(res.status(), 303);
        assert_eq!(location(&res), "/account/totp");
        let html = admin.get_html("/account/totp").await;
        assert!(html.contains("<svg"), "QR code inline: {html}");
        let res = admin
            .post_form("/account/totp", "/account/totp", &[("code", "000000")])
            .await;
        assert_eq!(res.status(), 422);
        let secret = admin.enrol_totp().await;
        assert_eq!(admin.get("/admin").await.status(), 200);
        assert_eq!(
            failures(&app, "totp_code").await,
            1,
            "the failure is audited"
        );
        // The recovery codes were shown once; take one from a fresh enrolment of another admin
        // below. Sign in again: the password alone is not enough.
        admin.logout().await;
        let res = admin.login(&email, GOOD_PASSWORD).await;
        assert_eq!(location(&res), "/login/totp");
        assert!(!set_cookies(&res).contains_key("access"));
        assert_eq!(location(&admin.get("/admin").await), "/login?next=%2Fadmin");
        let res = admin
            .post_form("/login/totp", "/login/totp", &[("code", "123456")])
            .await;
        assert_eq!(res.status(), 401);
        assert!(res.text().await.unwrap().contains("That code is not right"));
        let code = totp_code(&secret, &email);
        let res = admin
            .post_form("/login/totp", "/login/totp", &[("code", &code)])
            .await;
        assert_eq!(res.status(), 303);
        assert_eq!(admin.get("/admin").await.status(), 200);
        // The same code cannot be used twice.
        admin.logout().await;
        admin.login(&email, GOOD_PASSWORD).await;
        let res = admin
            .post_form("/login/totp", "/login/totp", &[("code", &code)])
            .await;
        assert_eq!(res.status(), 401, "a code is good once");
        // Code attempts are rate-limited per account.
        let mut limited = false;
        for _ in 0..6 {
            let res = admin
                .post_form("/login/totp", "/login/totp", &[("code", "000000")])
                .await;
            if res.status() == 429 {
                limited = true;
                break;
            }
        }
        assert!(limited, "too many codes are refused");
    }
);

both_backends!(a_recovery_code_signs_in_once, |app: TestApp| async move {
    let (admin, email) = new_admin(&app).await;
    admin.login(&email, GOOD_PASSWORD).await;
    let html = admin.get_html("/account/totp").await;
    let marker = "id=\"totp-secret\">";
    let start = html.find(marker).unwrap() + marker.len();
    let secret = html[start..].split('<').next().unwrap().to_string();
    let res = admin
        .post_form(
            "/account/totp",
            "/account/totp",
            &[("code", &totp_code(&secret, ""))],
        )
        .await;
    let page = res.text().await.unwrap();
    let codes: Vec<String> = page
        .split("<li><code>")
        .skip(1)
        .filter_map(|s| s.split('<').next())
        .map(str::to_string)
        .collect();
    assert_eq!(codes.len(), 10, "{page}");
    // Stored hashed: no code appears in the database.
    let stored: Vec<String> = app
        .app_state
        .db
        .run(|conn| {
            praktiki::db::schema::totp_recovery_codes::table
                .select(praktiki::db::schema::totp_recovery_codes::code_hash)
                .load(conn)
                .map_err(praktiki::db::DbError::from)
        })
        .await
        .unwrap();
    assert!(
        codes
            .iter()
            .all(|c| !stored.iter().any(|s| s.contains(c.as_str())))
    );
    admin.logout().await;
    admin.login(&email, GOOD_PASSWORD).await;
    let res = admin
        .post_form(
            "/login/totp",
            "/login/totp",
            &[("code", &codes[0].to_uppercase())],
        )
        .await;
    assert_eq!(res.status(), 303, "a recovery code works");
    admin.logout().await;
    admin.login(&email, GOOD_PASSWORD).await;
    let res = admin
        .post_form("/login/totp", "/login/totp", &[("code", &codes[0])])
        .await;
    assert_eq!(res.status(), 401, "once");
    // The code step cannot be reached without the password step.
    let stranger = app.new_browser();
    let res = stranger.get("/login/totp").await;
    assert_eq!(location(&res), "/login");
});

const ANDROID_CHROME: &str = "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0 Mobile Safari/537.36";

/// A browser with its own User-Agent, signed in as `account`.
async fn browser_with_agent(app: &TestApp, account: &Account, agent: &str) -> TestApp {
    let mut browser = app.new_browser();
    browser.client = reqwest::Client::builder()
        .cookie_store(true)
        .redirect(reqwest::redirect::Policy::none())
        .user_agent(agent)
        .build()
        .unwrap();
    assert_eq!(
        browser
            .login(&account.email, &account.password)
            .await
            .status(),
        303
    );
    browser
}

/// The form actions on the sessions page that end one session.
async fn end_actions(browser: &TestApp) -> Vec<String> {
    browser
        .get_html("/account/sessions")
        .await
        .split("action=\"")
        .skip(1)
        .filter_map(|s| s.split('"').next())
        .filter(|a| a.ends_with("/end"))
        .map(str::to_string)
        .collect()
}

both_backends!(
    the_sessions_page_lists_and_ends_sessions,
    |app: TestApp| async move {
        let account = app.signup("student").await;
        let phone = browser_with_agent(&app, &account, ANDROID_CHROME).await;
        let html = app.get_html("/account/sessions").await;
        assert!(html.contains("This device"), "{html}");
        assert!(html.contains("Chrome · Android"), "{html}");
        assert!(html.contains("127.0.0.1"));
        assert!(html.contains(" IST"), "times in IST: {html}");
        let actions = end_actions(&app).await;
        assert_eq!(
            actions.len(),
            1,
            "the other session can be ended, not this one"
        );
        // Another user cannot end it by its id.
        let stranger = app.new_browser();
        stranger.signup("student").await;
        let res = stranger
            .post_form("/account/sessions", &actions[0], &[])
            .await;
        assert_eq!(res.status(), 404);
        assert_eq!(phone.get("/dashboard").await.status(), 200);
        // Its owner can.
        let res = app.post_form("/account/sessions", &actions[0], &[]).await;
        assert_eq!(res.status(), 303);
        assert_eq!(phone.get("/dashboard").await.status(), 303);
        assert_eq!(app.get("/dashboard").await.status(), 200);
        // All others at once.
        let laptop = browser_with_agent(
            &app,
            &account,
            "Mozilla/5.0 (Windows NT 10.0) Firefox/128.0",
        )
        .await;
        let tablet = browser_with_agent(&app, &account, "Mozilla/5.0 (iPad) Safari/604.1").await;
        let res = app
            .post_form("/account/sessions", "/account/sessions/end-others", &[])
            .await;
        assert_eq!(res.status(), 303);
        assert_eq!(laptop.get("/dashboard").await.status(), 303);
        assert_eq!(tablet.get("/dashboard").await.status(), 303);
        assert_eq!(app.get("/dashboard").await.status(), 200);
        assert!(end_actions(&app).await.is_empty());
    }
);

both_backends!(
    sessions_end_after_30_days_and_after_the_idle_time,
    |app: TestApp| async move {
        let account = app.signup("student").await;
        let email = account.email.clone();
        let user: i64 = app
            .app_state
            .db
            .run(move |conn| {
                users::table
                    .filter(users::email.eq(email))
                    .select(users::id)
                    .first(conn)
                    .map_err(praktiki::db::DbError::from)
            })
            .await
            .unwrap();
        let busy = app.new_browser();
        let res = busy.login(&account.email, &account.password).await;
        let busy_refresh = set_cookies(&res)["refresh"].clone();
        let idle = app.new_browser();
        let res = idle.login(&account.email, &account.password).await;
        let idle_refresh = set_cookies(&res)["refresh"].clone();
        let open = |refresh: String| {
            let url = app.url("/dashboard");
            async move {
                bare_client()
                    .get(url)
                    .header("Cookie", format!("refresh={refresh}"))
                    .send()
                    .await
                    .unwrap()
                    .status()
            }
        };
        let age = |refresh: String, started_days: i64, expired: bool| {
            let db = app.app_state.db.clone();
            async move {
                let now = chrono::Utc::now().naive_utc();
                let hash = praktiki::auth::tokens::hash_token(&refresh);
                db.run(move |conn| {
                    let row = || {
                        refresh_tokens::table.filter(refresh_tokens::token_hash.eq(hash.clone()))
                    };
                    let started = now - chrono::Duration::days(started_days);
                    diesel::update(row())
                        .set(refresh_tokens::session_started_at.eq(Some(started)))
                        .execute(conn)?;
                    if expired {
                        diesel::update(row())
                            .set(refresh_tokens::expires_at.eq(now - chrono::Duration::seconds(1)))
                            .execute(conn)?;
                    }
                    Ok::<_, praktiki::db::DbError>(())
                })
                .await
                .unwrap();
            }
        };
        // Used every day, but signed in 30 days ago: over.
        age(busy_refresh.clone(), 30, false).await;
        assert_eq!(open(busy_refresh).await, 303);
        // Signed in yesterday, unused for the refresh idle time (its token expired): over.
        age(idle_refresh.clone(), 1, true).await;
        assert_eq!(open(idle_refresh).await, 303);
        // A fresh session renews, and its successor keeps the sign-in time and its limit.
        let res = app.login(&account.email, &account.password).await;
        let fresh = set_cookies(&res)["refresh"].clone();
        age(fresh.clone(), 29, false).await;
        let res = bare_client()
            .get(app.url("/dashboard"))
            .header("Cookie", format!("refresh={fresh}"))
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 200);
        let successor = praktiki::auth::tokens::hash_token(&set_cookies(&res)["refresh"]);
        let (started, expires): (Option<chrono::NaiveDateTime>, chrono::NaiveDateTime) = app
            .app_state
            .db
            .run(move |conn| {
                refresh_tokens::table
                    .filter(refresh_tokens::token_hash.eq(successor))
                    .filter(refresh_tokens::user_id.eq(user))
                    .select((
                        refresh_tokens::session_started_at,
                        refresh_tokens::expires_at,
                    ))
                    .first(conn)
                    .map_err(praktiki::db::DbError::from)
            })
            .await
            .unwrap();
        let started = started.expect("the successor carries the sign-in time");
        assert!(expires <= started + chrono::Duration::days(30));
        assert!(expires < chrono::Utc::now().naive_utc() + chrono::Duration::days(2));
    }
);
