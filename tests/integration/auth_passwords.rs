//! Issue 10, the auth half: long (non-Latin) passwords, zxcvbn's refusals and the upgrade of
//! password hashes made before the pepper, on both backends.

use crate::auth_hardening::user_id;
use crate::both_backends;
use crate::helpers::*;
use diesel::prelude::*;
use praktiki::db::schema::users;

both_backends!(
    long_hindi_passwords_work_and_weak_ones_get_a_hint,
    |app: TestApp| async move {
        // 28 characters, 84 bytes: more than bcrypt reads.
        let hindi: String = "बरसातकीशामचायऔरपुरानीकिताबें".chars().take(28).collect();
        assert_eq!(hindi.chars().count(), 28);
        assert!(hindi.len() > 72);
        let email = format!(
            "hindi-{}@example.in",
            &uuid::Uuid::new_v4().simple().to_string()[..8]
        );
        let res = app
            .post_form(
                "/signup",
                "/signup",
                &[
                    ("full_name", "Meera Iyer"),
                    ("email", &email),
                    ("password", &hindi),
                    ("role", "student"),
                ],
            )
            .await;
        assert_eq!(
            res.status(),
            303,
            "{}",
            res.text().await.unwrap_or_default()
        );
        assert_eq!(app.login(&email, &hindi).await.status(), 303);
        app.logout().await;
        // A prefix that fills bcrypt's 72 bytes is not the password.
        let prefix: String = hindi.chars().take(24).collect();
        assert_eq!(app.login(&email, &prefix).await.status(), 401);
        // Weak: refused with zxcvbn's hint, in the page's language.
        let res = app
            .post_form(
                "/signup",
                "/signup",
                &[
                    ("full_name", "Meera Iyer"),
                    ("email", "weak@example.in"),
                    ("password", "password1234"),
                    ("role", "student"),
                ],
            )
            .await;
        assert_eq!(res.status(), 422);
        let html = res.text().await.unwrap();
        let error = html
            .split("id=\"password-error\">")
            .nth(1)
            .and_then(|s| s.split("</p>").next())
            .unwrap_or_default();
        let hint = error
            .strip_prefix("This password is too easy to guess. ")
            .unwrap_or_else(|| panic!("not the weak-password answer: {error}"));
        assert!(hint.len() > 10, "zxcvbn's own hint follows: {error}");
        let res = app
            .post_form(
                "/signup",
                "/signup",
                &[("email", "short@example.in"), ("password", "kite-harbou")],
            )
            .await;
        assert!(res.text().await.unwrap().contains("at least 12 characters"));
    }
);

both_backends!(
    old_password_hashes_verify_and_are_upgraded,
    |app: TestApp| async move {
        let account = app.signup("student").await;
        app.logout().await;
        let id = user_id(&app, &account.email).await;
        let legacy = bcrypt::hash(&account.password, 4).unwrap();
        app.app_state
            .db
            .run(move |conn| {
                diesel::update(users::table.find(id))
                    .set(users::password_hash.eq(legacy))
                    .execute(conn)
                    .map_err(praktiki::db::DbError::from)
            })
            .await
            .unwrap();
        assert_eq!(
            app.login(&account.email, &account.password).await.status(),
            303
        );
        let stored: String = app
            .app_state
            .db
            .run(move |conn| {
                users::table
                    .find(id)
                    .select(users::password_hash)
                    .first(conn)
                    .map_err(praktiki::db::DbError::from)
            })
            .await
            .unwrap();
        assert!(
            stored.starts_with(praktiki::auth::password::PEPPERED),
            "{stored}"
        );
        app.logout().await;
        assert_eq!(
            app.login(&account.email, &account.password).await.status(),
            303
        );
    }
);
