//! Institutes end to end, part one: the AISHE profile and its verification by an admin. Students
//! linking and their applications (page and CSV) are in `institutes_links.rs`; who may see what
//! and placement statistics in `institutes_views.rs`.

use crate::both_backends;
use crate::helpers::*;

/// The id in `/institute/students/{id}` on the row of `email` in the institute's list.
pub(crate) async fn student_id_in_list(institute: &TestApp, email: &str) -> i64 {
    let html = institute.get_html("/institute/students").await;
    let row = html
        .split("<tr id=\"student-")
        .find(|row| row.contains(email))
        .unwrap_or_else(|| panic!("{email} not listed: {html}"));
    row.split('"')
        .next()
        .and_then(|id| id.parse().ok())
        .unwrap_or_else(|| panic!("no id in {row}"))
}

/// Applies to an internship without screening questions; returns the application id.
pub(crate) async fn apply(student: &TestApp, internship: i64) -> i64 {
    let page = format!("/internships/{internship}/apply");
    let res = student.post_form(&page, &page, &[]).await;
    assert_eq!(
        res.status(),
        303,
        "{}",
        res.text().await.unwrap_or_default()
    );
    location(&res)
        .trim_start_matches("/applications/")
        .parse()
        .expect("application id")
}

pub(crate) async fn move_application(employer: &TestApp, id: i64, status: &str) {
    let res = employer
        .post_form(
            "/employer",
            &format!("/employer/applications/{id}/status"),
            &[("status", status)],
        )
        .await;
    assert_eq!(res.status(), 303);
}

pub(crate) async fn confirm(institute: &TestApp, student_id: i64) {
    let res = institute
        .post_form(
            "/institute/students",
            &format!("/institute/students/{student_id}/confirm"),
            &[],
        )
        .await;
    assert_eq!(
        res.status(),
        303,
        "{}",
        res.text().await.unwrap_or_default()
    );
}

/// The number shown in the dashboard figure with this element id.
pub(crate) fn figure(html: &str, id: &str) -> String {
    let marker = format!("id=\"{id}\">");
    let start = html
        .find(&marker)
        .unwrap_or_else(|| panic!("no {id} on the dashboard: {html}"))
        + marker.len();
    html[start..]
        .split('<')
        .next()
        .unwrap_or_default()
        .to_string()
}

both_backends!(
    the_institute_profile_is_validated_and_aishe_codes_are_unique,
    |app: TestApp| async move {
        let institute = app.new_browser();
        let account = institute
            .signup_as("institute", "Sunrise College of Arts")
            .await;
        institute.verify(&account).await;
        let dashboard = institute.get_html("/institute").await;
        assert!(dashboard.contains("Complete your institute profile"));

        // A malformed code: the form comes back with the error and everything typed.
        let res = institute
            .post_form(
                "/institute/profile",
                "/institute/profile",
                &[
                    ("institute_name", "Sunrise College of Arts"),
                    ("aishe_code", "X-12"),
                    ("contact_number", "020 2553 1234"),
                    ("city", "Nashik"),
                ],
            )
            .await;
        assert_eq!(res.status(), 422);
        let html = res.text().await.unwrap();
        assert!(html.contains("Sunrise College of Arts") && html.contains("Nashik"));
        assert!(html.contains("value=\"X-12\""), "code kept: {html}");
        assert!(html.contains("id=\"aishe_code-error\""), "{html}");
        assert!(html.contains("C-12345"), "the message shows the format");

        // A good code in lower case is stored in upper case; the dashboard says it waits.
        let res = institute
            .post_form(
                "/institute/profile",
                "/institute/profile",
                &[
                    ("institute_name", "Sunrise College of Arts"),
                    ("aishe_code", " c-40123 "),
                    ("contact_number", "020 2553 1234"),
                    ("city", "Nashik"),
                ],
            )
            .await;
        assert_eq!(res.status(), 303);
        assert!(
            institute
                .get_html("/institute/profile")
                .await
                .contains("value=\"C-40123\"")
        );
        assert!(
            institute
                .get_html("/institute")
                .await
                .contains("waiting for verification")
        );

        // Another institute with the same code: a field error, not a 500.
        let other = app.new_browser();
        let account = other.signup_as("institute", "Moonrise College").await;
        other.verify(&account).await;
        let res = other
            .post_form(
                "/institute/profile",
                "/institute/profile",
                &[
                    ("institute_name", "Moonrise College"),
                    ("aishe_code", "C-40123"),
                    ("contact_number", "98765 43210"),
                ],
            )
            .await;
        assert_eq!(res.status(), 422);
        let html = res.text().await.unwrap();
        assert!(html.contains("already registered"), "{html}");
        assert!(html.contains("Moonrise College") && html.contains("98765 43210"));
    }
);

both_backends!(
    an_admin_approves_and_rejects_institutes_and_they_are_told,
    |app: TestApp| async move {
        let sunrise = app
            .signup_verified_institute("Sunrise College", "C-40123")
            .await;
        let admin = app.admin().await;
        let dashboard = admin.get_html("/admin").await;
        assert!(dashboard.contains("/admin/institutes"), "in the admin area");
        assert_eq!(figure(&dashboard, "pending-institutes"), "1");
        let pending = admin.get_html("/admin/institutes").await;
        assert!(pending.contains("Sunrise College") && pending.contains("C-40123"));

        let approve =
            admin_action(&admin, "/admin/institutes", "Sunrise College", "/approve").await;
        let res = admin.post_form("/admin/institutes", &approve, &[]).await;
        assert_eq!(res.status(), 303);
        assert!(
            admin
                .get_html("/admin/institutes?status=approved")
                .await
                .contains("Sunrise College")
        );
        assert!(
            !admin
                .get_html("/admin/institutes")
                .await
                .contains("Sunrise College")
        );
        // Told in the app and by email; the dashboard now shows the figures.
        assert!(
            sunrise
                .get_html("/notifications")
                .await
                .contains("Sunrise College is verified")
        );
        let email = institute_email(&app, "Sunrise College").await;
        let mail = latest_email(&app, &email).await;
        assert!(mail.contains("Sunrise College is verified"), "{mail}");
        assert!(mail.contains("/institute"), "{mail}");
        assert!(
            sunrise
                .get_html("/institute")
                .await
                .contains("Placement statistics")
        );
        assert!(
            admin
                .get_html("/admin/audit")
                .await
                .contains("institute_approved")
        );

        // A rejection carries the reason to the institute.
        let moonrise = app
            .signup_verified_institute("Moonrise College", "U-0123")
            .await;
        let reject = admin_action(&admin, "/admin/institutes", "Moonrise College", "/reject").await;
        let res = admin
            .post_form(
                "/admin/institutes",
                &reject,
                &[("reason", "The AISHE code belongs to another college")],
            )
            .await;
        assert_eq!(res.status(), 303);
        let email = institute_email(&app, "Moonrise College").await;
        let mail = latest_email(&app, &email).await;
        assert!(
            mail.contains("declined") && mail.contains("belongs to another college"),
            "{mail}"
        );
        let dashboard = moonrise.get_html("/institute").await;
        assert!(dashboard.contains("declined") && !dashboard.contains("Placement statistics"));
        assert!(
            admin
                .get_html("/admin/audit")
                .await
                .contains("institute_rejected")
        );

        // Case and spacing are no new name: still verified.
        let res = sunrise
            .post_form(
                "/institute/profile",
                "/institute/profile",
                &[
                    ("institute_name", "SUNRISE   college"),
                    ("aishe_code", "C-40123"),
                    ("contact_number", "020 2553 1234"),
                ],
            )
            .await;
        assert_eq!(res.status(), 303);
        assert_eq!(sunrise.get("/institute/students").await.status(), 200);

        // A verified institute that changes its AISHE code goes back to the queue.
        let res = sunrise
            .post_form(
                "/institute/profile",
                "/institute/profile",
                &[
                    ("institute_name", "Sunrise College"),
                    ("aishe_code", "C-40999"),
                    ("contact_number", "020 2553 1234"),
                ],
            )
            .await;
        assert_eq!(res.status(), 303);
        assert!(
            admin
                .get_html("/admin/institutes")
                .await
                .contains("C-40999")
        );
        assert_eq!(sunrise.get("/institute/students").await.status(), 403);

        // So does one that takes another name once approved again.
        let approve = admin_action(&admin, "/admin/institutes", "C-40999", "/approve").await;
        admin.post_form("/admin/institutes", &approve, &[]).await;
        assert_eq!(sunrise.get("/institute/students").await.status(), 200);
        let res = sunrise
            .post_form(
                "/institute/profile",
                "/institute/profile",
                &[
                    ("institute_name", "Sunset University"),
                    ("aishe_code", "C-40999"),
                    ("contact_number", "020 2553 1234"),
                ],
            )
            .await;
        assert_eq!(res.status(), 303);
        assert_eq!(sunrise.get("/institute/students").await.status(), 403);
        let audit = admin.get_html("/admin/audit").await;
        assert!(audit.contains("institute_identity_changed"), "{audit}");

        // Unknown ids are 404.
        assert_eq!(
            admin
                .post_form("/admin/institutes", "/admin/institutes/999999/approve", &[])
                .await
                .status(),
            404
        );
    }
);

/// The email address of the account behind an institute profile.
pub(crate) async fn institute_email(app: &TestApp, name: &str) -> String {
    use diesel::prelude::*;
    use praktiki::db::schema::{institute_profiles, users};
    let name = name.to_string();
    app.app_state
        .db
        .run(move |conn| {
            institute_profiles::table
                .inner_join(users::table)
                .filter(institute_profiles::institute_name.eq(name))
                .select(users::email)
                .first::<String>(conn)
                .map_err(praktiki::db::DbError::from)
        })
        .await
        .expect("institute exists")
}
