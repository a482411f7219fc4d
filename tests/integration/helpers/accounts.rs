//! Accounts as a test makes them: sign-up, sign-in, email verification, administrators with
//! their second factor.

use super::*;

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

/// The student profile id of the account signed up with `email`.
pub async fn student_id_of(app: &TestApp, email: &str) -> i64 {
    use diesel::prelude::*;
    use praktiki::db::schema::{student_profiles, users};
    let email = email.to_string();
    app.app_state
        .db
        .run(move |conn| {
            student_profiles::table
                .inner_join(users::table)
                .filter(users::email.eq(email))
                .select(student_profiles::id)
                .first(conn)
                .map_err(praktiki::db::DbError::from)
        })
        .await
        .unwrap()
}
