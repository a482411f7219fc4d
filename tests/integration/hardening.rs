//! Issue 10, infrastructure half: writes two requests make at once, pages kept out of caches,
//! secret links kept out of the outbox (outages and slow bodies: `hardening_outage.rs`).

use crate::both_backends;
use crate::helpers::*;
use diesel::prelude::*;
use std::time::Duration;

/// Sends the same form `n` times at once from one browser (a user hammering the button).
async fn post_at_once(
    browser: &TestApp,
    form_page: &str,
    action: &str,
    fields: &[(&str, &str)],
    n: usize,
) -> Vec<reqwest::Response> {
    let token = browser.csrf_token(form_page).await;
    let mut all: Vec<(String, String)> = fields
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
    all.push(("csrf_token".into(), token));
    let sends = (0..n).map(|_| browser.client.post(browser.url(action)).form(&all).send());
    futures_util::future::join_all(sends)
        .await
        .into_iter()
        .map(|r| r.expect("a response"))
        .collect()
}

both_backends!(
    saving_one_internship_fifty_times_at_once_keeps_one_row,
    |app: TestApp| async move {
        let employer = app.approved_employer("Race Works").await;
        let id = employer
            .post_internship(&[
                ("title", "Race Intern"),
                ("description", "Concurrency."),
                ("skills", "Rust"),
                ("deadline", "2030-01-01"),
            ])
            .await;
        let (student, _) = app.student_with_profile("Rust", "systems").await;
        let page = format!("/internships/{id}");
        let responses =
            post_at_once(&student, &page, &format!("/internships/{id}/save"), &[], 50).await;
        for res in &responses {
            assert_eq!(res.status(), 303, "a save failed");
        }
        let saved: i64 = app
            .app_state
            .db
            .run(move |conn| {
                use praktiki::db::schema::saved_internships::dsl::*;
                saved_internships
                    .filter(internship_id.eq(id))
                    .count()
                    .get_result(conn)
                    .map_err(praktiki::db::DbError::from)
            })
            .await
            .unwrap();
        assert_eq!(saved, 1);
    }
);

both_backends!(
    a_new_skill_typed_by_many_students_at_once_is_created_once,
    |app: TestApp| async move {
        let skill = format!(
            "Quokkascript {}",
            &uuid::Uuid::new_v4().simple().to_string()[..6]
        );
        let mut students = Vec::new();
        for _ in 0..10 {
            let browser = app.new_browser();
            browser.signup("student").await;
            students.push(browser);
        }
        // 10 students × 5 saves each, all at once: 50 profile saves naming one new skill.
        let fields = [
            ("skills", skill.as_str()),
            ("interests", "languages"),
            ("current_city", "Pune"),
        ];
        let rounds = students
            .iter()
            .map(|s| post_at_once(s, "/profile", "/profile", &fields, 5));
        for responses in futures_util::future::join_all(rounds).await {
            for res in responses {
                let status = res.status();
                let body = res.text().await.unwrap_or_default();
                assert_eq!(status, 303, "profile save lost: {body}");
                assert!(!body.contains("APAAR"), "{body}");
            }
        }
        let name = skill.to_lowercase();
        let rows: i64 = app
            .app_state
            .db
            .run(move |conn| {
                use praktiki::db::schema::skills;
                skills::table
                    .filter(praktiki::db::lower(skills::display_name).eq(name))
                    .count()
                    .get_result(conn)
                    .map_err(praktiki::db::DbError::from)
            })
            .await
            .unwrap();
        assert_eq!(rows, 1);
        for student in &students {
            assert!(student.get_html("/profile").await.contains(&skill));
        }
    }
);

both_backends!(
    a_taken_apaar_id_is_still_named_as_such,
    |app: TestApp| async move {
        let apaar = format!("{:012}", rand_number() % 1_000_000_000_000);
        let first = app.new_browser();
        first.signup("student").await;
        let res = first
            .post_form("/profile", "/profile", &[("apaar_id", &apaar)])
            .await;
        assert_eq!(res.status(), 303);
        let second = app.new_browser();
        second.signup("student").await;
        let res = second
            .post_form("/profile", "/profile", &[("apaar_id", &apaar)])
            .await;
        assert_eq!(res.status(), 422);
        assert!(res.text().await.unwrap().contains("APAAR"));
    }
);

fn rand_number() -> u64 {
    u64::from_le_bytes(uuid::Uuid::new_v4().as_bytes()[..8].try_into().unwrap())
}

both_backends!(
    pages_that_depend_on_the_user_are_never_cached,
    |app: TestApp| async move {
        let (student, _) = app.student_with_profile("SQL", "data").await;
        for page in [
            "/",
            "/dashboard",
            "/profile",
            "/applications",
            "/internships",
        ] {
            let res = student.get(page).await;
            assert_eq!(res.status(), 200, "{page}");
            let cache = res
                .headers()
                .get("cache-control")
                .map(|v| v.to_str().unwrap());
            assert_eq!(cache, Some("no-store"), "{page}");
        }
        // An error page and a redirect carry the user's session too.
        let missing = student.get("/no-such-page").await;
        assert_eq!(missing.headers()["cache-control"], "no-store");
        // Files the same for everyone keep their caching.
        let css = student.get("/static/style.css").await;
        assert_eq!(css.headers()["cache-control"], "public, max-age=3600");
    }
);

/// (stored text, stored html, sealed) of the newest outbox row for `to`.
async fn stored_email(app: &TestApp, to: &str) -> (String, Option<String>) {
    use praktiki::db::schema::email_outbox;
    let to = to.to_string();
    app.app_state
        .db
        .run(move |conn| {
            email_outbox::table
                .filter(email_outbox::to_address.eq(to))
                .order(email_outbox::id.desc())
                .select((email_outbox::body_text, email_outbox::body_html))
                .first(conn)
                .map_err(praktiki::db::DbError::from)
        })
        .await
        .unwrap()
}

both_backends!(
    secret_links_are_redacted_in_the_outbox_and_work_for_the_recipient,
    |app: TestApp| async move {
        let browser = app.new_browser();
        let account = browser.signup("student").await;
        let delivered = latest_email(&app, &account.email).await;
        let link = link_in(&delivered, "/verify-email?token=");
        let token = link.trim_start_matches("/verify-email?token=").to_string();
        assert!(token.len() >= 20, "{link}");
        let (text, html) = stored_email(&app, &account.email).await;
        assert!(text.contains("/verify-email?token=[hidden]"), "{text}");
        assert!(!text.contains(&token) && !html.unwrap_or_default().contains(&token));
        let admin = app.admin().await;
        let outbox = admin.get_html("/admin/outbox").await;
        assert!(outbox.contains("token=[hidden]"));
        assert!(!outbox.contains(&token));
        // Password reset: the same.
        let res = app
            .new_browser()
            .post_form(
                "/password/forgot",
                "/password/forgot",
                &[("email", &account.email)],
            )
            .await;
        assert_eq!(res.status(), 200);
        let reset = link_in(
            &latest_email(&app, &account.email).await,
            "/password/reset?token=",
        );
        let (text, _) = stored_email(&app, &account.email).await;
        assert!(!text.contains(reset.trim_start_matches("/password/reset?token=")));
        assert!(text.contains("token=[hidden]"), "{text}");
        // The recipient's copy works, once delivered; the sealed copy is gone then.
        for _ in 0..200 {
            if delivered_and_unsealed(&app, &account.email).await {
                break;
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        assert!(delivered_and_unsealed(&app, &account.email).await);
        assert_eq!(browser.get(&link).await.status(), 200);
    }
);

async fn delivered_and_unsealed(app: &TestApp, to: &str) -> bool {
    use praktiki::db::schema::email_outbox;
    let to = to.to_string();
    app.app_state
        .db
        .run(move |conn| {
            email_outbox::table
                .filter(email_outbox::to_address.eq(to))
                .select((email_outbox::status, email_outbox::sealed_body))
                .load::<(String, Option<String>)>(conn)
                .map_err(praktiki::db::DbError::from)
        })
        .await
        .unwrap()
        .iter()
        .all(|(status, sealed)| status == "sent" && sealed.is_none())
}
