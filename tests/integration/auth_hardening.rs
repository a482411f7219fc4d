//! Issue 10, the auth half: refresh races, session-bound CSRF and account existence, on both
//! backends (passwords: auth_passwords.rs; second factor and sessions: auth_second_factor.rs).

use crate::both_backends;
use crate::helpers::*;
use diesel::prelude::*;
use praktiki::db::schema::{audit_log, refresh_tokens, users};
use std::collections::HashMap;

/// Cookies kept by hand, for requests that mix cookies of different sessions.
#[derive(Debug, Clone, Default)]
struct Jar(HashMap<String, String>);

impl Jar {
    fn take(&mut self, res: &reqwest::Response) {
        for (name, value) in set_cookies(res) {
            if value.is_empty() {
                self.0.remove(&name);
            } else {
                self.0.insert(name, value);
            }
        }
    }

    fn header(&self) -> String {
        self.0
            .iter()
            .map(|(k, v)| format!("{k}={v}"))
            .collect::<Vec<_>>()
            .join("; ")
    }

    fn with(&self, name: &str, value: &str) -> Jar {
        let mut other = self.clone();
        other.0.insert(name.into(), value.into());
        other
    }
}

async fn get_with(app: &TestApp, jar: &mut Jar, path: &str) -> String {
    let res = bare_client()
        .get(app.url(path))
        .header("Cookie", jar.header())
        .send()
        .await
        .unwrap();
    jar.take(&res);
    res.text().await.unwrap()
}

async fn post_with(
    app: &TestApp,
    jar: &Jar,
    path: &str,
    fields: &[(&str, &str)],
) -> reqwest::Response {
    bare_client()
        .post(app.url(path))
        .header("Cookie", jar.header())
        .form(fields)
        .send()
        .await
        .unwrap()
}

/// Signs in with a hand-kept jar; returns it holding the session and the renewed CSRF cookie.
async fn manual_login(app: &TestApp, account: &Account) -> Jar {
    let mut jar = Jar::default();
    let token = extract_csrf(&get_with(app, &mut jar, "/login").await).unwrap();
    let res = post_with(
        app,
        &jar,
        "/login",
        &[
            ("email", &account.email),
            ("password", &account.password),
            ("csrf_token", &token),
        ],
    )
    .await;
    assert_eq!(res.status(), 303);
    jar.take(&res);
    jar
}

pub async fn user_id(app: &TestApp, email: &str) -> i64 {
    let email = email.to_string();
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
}

async fn audit_actions(app: &TestApp) -> Vec<String> {
    app.app_state
        .db
        .run(|conn| {
            audit_log::table
                .select(audit_log::action)
                .load::<String>(conn)
                .map_err(praktiki::db::DbError::from)
        })
        .await
        .unwrap()
}

/// Moves every rotation of the user's refresh tokens `seconds` into the past.
async fn age_rotations(app: &TestApp, user: i64, seconds: i64) {
    let past = chrono::Utc::now().naive_utc() - chrono::Duration::seconds(seconds);
    app.app_state
        .db
        .run(move |conn| {
            diesel::update(
                refresh_tokens::table
                    .filter(refresh_tokens::user_id.eq(user))
                    .filter(refresh_tokens::rotated_at.is_not_null()),
            )
            .set(refresh_tokens::rotated_at.eq(Some(past)))
            .execute(conn)
            .map_err(praktiki::db::DbError::from)
        })
        .await
        .unwrap();
}

both_backends!(
    concurrent_refreshes_share_one_successor,
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
        let jar = manual_login(&app, &account).await;
        let refresh = jar.0["refresh"].clone();
        // Eight tabs wake up at once with an expired access token (only the refresh cookie).
        let requests = (0..8).map(|_| {
            let url = app.url("/dashboard");
            let cookie = format!("refresh={refresh}");
            async move {
                bare_client()
                    .get(url)
                    .header("Cookie", cookie)
                    .send()
                    .await
                    .unwrap()
            }
        });
        let responses = futures_util::future::join_all(requests).await;
        let mut successors = std::collections::HashSet::new();
        for res in &responses {
            assert_eq!(res.status(), 200, "no tab is signed out");
            successors.insert(set_cookies(res)["refresh"].clone());
        }
        assert_eq!(successors.len(), 1, "every tab got the same successor");
        let successor = successors.into_iter().next().unwrap();
        assert_ne!(successor, refresh);
        assert_eq!(other_browser.get("/dashboard").await.status(), 200);
        // The successor works on its own.
        let res = bare_client()
            .get(app.url("/dashboard"))
            .header("Cookie", format!("refresh={successor}"))
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 200);
        assert!(
            !audit_actions(&app)
                .await
                .contains(&"refresh_token_reuse".to_string())
        );
        // The old token after the grace window: reuse, every session ends.
        age_rotations(&app, user_id(&app, &account.email).await, 60).await;
        let res = bare_client()
            .get(app.url("/dashboard"))
            .header("Cookie", format!("refresh={refresh}"))
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 303);
        assert_eq!(other_browser.get("/dashboard").await.status(), 303);
        assert!(
            audit_actions(&app)
                .await
                .contains(&"refresh_token_reuse".to_string())
        );
    }
);

both_backends!(
    csrf_is_renewed_at_sign_in_and_bound_to_the_session,
    |app: TestApp| async move {
        let asha = app.signup("student").await;
        let ravi = app.new_browser().signup("student").await;
        // A value planted before sign-in (by a sibling subdomain, say) does not survive it.
        let planted = "ab".repeat(32);
        let mut jar = Jar::default().with("csrf", &planted);
        let token = extract_csrf(&get_with(&app, &mut jar, "/login").await).unwrap();
        let res = post_with(
            &app,
            &jar,
            "/login",
            &[
                ("email", &asha.email),
                ("password", &asha.password),
                ("csrf_token", &token),
            ],
        )
        .await;
        assert_eq!(
            res.status(),
            303,
            "the planted pair still works before sign-in"
        );
        let renewed = set_cookies(&res);
        assert!(
            renewed.contains_key("csrf"),
            "sign-in sets a new CSRF cookie"
        );
        assert_ne!(renewed["csrf"], planted);
        jar.take(&res);
        // Asha's cookie and token, presented with Ravi's session, are refused.
        let asha_token = extract_csrf(&get_with(&app, &mut jar, "/dashboard").await).unwrap();
        let mut ravi_jar = manual_login(&app, &ravi).await;
        let ravi_token = extract_csrf(&get_with(&app, &mut ravi_jar, "/dashboard").await).unwrap();
        let mixed = ravi_jar.with("csrf", &jar.0["csrf"]);
        let res = post_with(&app, &mixed, "/logout", &[("csrf_token", &asha_token)]).await;
        assert_eq!(res.status(), 403, "a token of another session is refused");
        // Not in the address either.
        let res = bare_client()
            .post(app.url(&format!("/logout?csrf_token={ravi_token}")))
            .header("Cookie", ravi_jar.header())
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 403, "a token in the query string is refused");
        // Control: Ravi's own pair works, and logging out renews the cookie again.
        let res = post_with(&app, &ravi_jar, "/logout", &[("csrf_token", &ravi_token)]).await;
        assert_eq!(res.status(), 303);
        assert_ne!(set_cookies(&res)["csrf"], ravi_jar.0["csrf"]);
    }
);

/// The status, cookies set and where a sign-up answer leads.
async fn signup_answer(app: &TestApp, email: &str) -> (u16, Vec<String>, String, String) {
    let browser = app.new_browser();
    let res = browser
        .post_form(
            "/signup",
            "/signup",
            &[
                ("full_name", "Meera Iyer"),
                ("email", email),
                ("password", GOOD_PASSWORD),
                ("role", "student"),
            ],
        )
        .await;
    let mut cookies: Vec<String> = set_cookies(&res).into_keys().collect();
    cookies.sort();
    let status = res.status().as_u16();
    let target = location(&res);
    let page = browser
        .get_html(&target)
        .await
        .replace(&email.to_lowercase(), "EMAIL");
    let notice = page
        .split("role=\"status\">")
        .nth(1)
        .and_then(|s| s.split("</").next())
        .unwrap_or_default()
        .to_string();
    (status, cookies, target, notice)
}

both_backends!(
    signup_does_not_reveal_registered_addresses,
    |app: TestApp| async move {
        let owner = app.signup("student").await;
        let new_address = format!(
            "new-{}@example.in",
            &uuid::Uuid::new_v4().simple().to_string()[..8]
        );
        let fresh = signup_answer(&app, &new_address).await;
        let taken = signup_answer(&app, &owner.email.to_uppercase()).await;
        assert_eq!(fresh.0, 303);
        assert_eq!(
            fresh, taken,
            "the same answer for a new and a registered address"
        );
        assert!(
            !fresh.1.contains(&"access".to_string()),
            "sign-up signs no one in"
        );
        assert!(fresh.3.contains("We have sent a message"), "{}", fresh.3);
        // The owner hears of it; the account is unchanged.
        let mail = latest_email(&app, &owner.email).await;
        assert!(mail.contains("already has an account"), "{mail}");
        let res = app.login(&owner.email, &owner.password).await;
        assert_eq!(res.status(), 303);
    }
);

/// The error line of a login answer.
fn login_error(html: &str) -> String {
    html.split("role=\"alert\">")
        .nth(1)
        .and_then(|s| s.split('<').next())
        .unwrap_or_default()
        .to_string()
}

both_backends!(
    a_locked_account_answers_like_a_wrong_password,
    |app: TestApp| async move {
        let account = app.signup("student").await;
        app.logout().await;
        let control = app.signup_as("student", "Kabir Das").await;
        app.logout().await;
        let res = app.login(&control.email, "wrong-password-123").await;
        let (wrong_status, wrong_text) = (res.status(), login_error(&res.text().await.unwrap()));
        for _ in 0..5 {
            app.login(&account.email, "wrong-password-123").await;
        }
        assert!(latest_email(&app, &account.email).await.contains("locked"));
        // Locked: even the right password gets the wrong-password answer, and no session.
        let res = app.login(&account.email, &account.password).await;
        assert_eq!(res.status(), wrong_status);
        assert!(!set_cookies(&res).contains_key("access"));
        assert_eq!(login_error(&res.text().await.unwrap()), wrong_text);
        let res = app.login(&account.email, "wrong-password-123").await;
        assert_eq!(res.status(), wrong_status);
        assert_eq!(login_error(&res.text().await.unwrap()), wrong_text);
        // An unknown address answers the same too.
        let res = app.login("nobody@example.in", "wrong-password-123").await;
        assert_eq!(res.status(), wrong_status);
        assert_eq!(login_error(&res.text().await.unwrap()), wrong_text);
        assert!(
            audit_actions(&app)
                .await
                .contains(&"account_locked".to_string())
        );
    }
);
