//! Sessions, tokens and passwords, driven like a browser on both backends: forged, expired and
//! foreign tokens, a reused refresh token, logout, password reset and change.

use crate::both_backends;
use crate::helpers::*;
use diesel::prelude::*;
use praktiki::db::schema::{refresh_tokens, users};

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
