//! Saved searches with daily alerts (issue 14): one email the day after a matching posting, none
//! the next day, and a one-click unsubscribe (RFC 8058) that works without a login.

use crate::both_backends;
use crate::helpers::*;
use diesel::prelude::*;
use praktiki::db::schema::email_outbox;
use std::time::Duration;

/// Runs the daily job as if it were `days` days from now.
async fn run_alerts(app: &TestApp, days: i64) -> usize {
    let now = chrono::Utc::now().naive_utc() + chrono::Duration::days(days);
    let key = praktiki::internship::alerts::service::key_of(&app.settings);
    app.app_state
        .db
        .run(move |conn| {
            praktiki::internship::alerts::service::send_alerts(
                conn,
                now,
                now.date(),
                "http://praktiki.test",
                &key,
            )
        })
        .await
        .expect("alerts")
}

/// (text, List-Unsubscribe address, id) of the alert emails queued for `to`, oldest first.
async fn alerts_to(app: &TestApp, to: &str) -> Vec<(String, Option<String>, i64)> {
    let to = to.to_string();
    app.app_state
        .db
        .run(move |conn| {
            email_outbox::table
                .filter(email_outbox::to_address.eq(to))
                .filter(email_outbox::list_unsubscribe.is_not_null())
                .order(email_outbox::id.asc())
                .select((
                    email_outbox::body_text,
                    email_outbox::list_unsubscribe,
                    email_outbox::id,
                ))
                .load(conn)
                .map_err(praktiki::db::DbError::from)
        })
        .await
        .expect("outbox")
}

both_backends!(
    a_saved_search_alerts_once_and_unsubscribes_in_one_click,
    |app: TestApp| async move {
        let employer = app.approved_employer("Mobile Works").await;
        let student = app.new_browser();
        let account = student.signup("student").await;
        let search = "/internships?q=kotlin";
        let res = student
            .post_form(
                search,
                "/searches",
                &[("query", "q=kotlin"), ("name", "Kotlin jobs")],
            )
            .await;
        assert_eq!(res.status(), 303);
        assert!(student.get_html("/searches").await.contains("Kotlin jobs"));
        // The same search again is refused with a message; an employer cannot save one.
        let res = student
            .post_form(
                search,
                "/searches",
                &[("query", "q=kotlin"), ("name", "Again")],
            )
            .await;
        assert_eq!(res.status(), 422);
        assert!(res.text().await.unwrap().contains("already saved"));
        assert_eq!(
            employer
                .post_form("/employer", "/searches", &[("query", "q=x"), ("name", "x")])
                .await
                .status(),
            403
        );
        assert_eq!(run_alerts(&app, 0).await, 0, "nothing new, no email");

        employer
            .post_internship(&[
                ("title", "Kotlin Android Intern"),
                ("description", "Build our Android app in Kotlin."),
                ("skills", "Kotlin"),
            ])
            .await;
        employer
            .post_internship(&[
                ("title", "Accounts Intern"),
                ("description", "Ledgers."),
                ("skills", "Tally"),
            ])
            .await;
        assert_eq!(run_alerts(&app, 1).await, 1);
        assert_eq!(run_alerts(&app, 1).await, 0, "at most one a day");
        assert_eq!(run_alerts(&app, 2).await, 0, "nothing new the next day");
        let alerts = alerts_to(&app, &account.email).await;
        assert_eq!(alerts.len(), 1);
        let (text, unsubscribe, outbox_id) = alerts[0].clone();
        assert!(text.contains("Kotlin Android Intern"), "{text}");
        assert!(!text.contains("Accounts Intern"), "{text}");
        let unsubscribe = unsubscribe.expect("List-Unsubscribe");
        // The outbox keeps the body with its secret link redacted (the hardening of issue 10);
        // the delivered message links it in full (checked below).
        let unsubscribe_path = unsubscribe
            .split("?token=")
            .next()
            .unwrap_or_default()
            .to_string();
        assert!(
            text.contains(&unsubscribe_path),
            "the body links it too: {text}"
        );

        // The delivered message carries the RFC 8058 headers.
        let mut eml = None;
        for _ in 0..600 {
            let path: Option<String> = app
                .app_state
                .db
                .run(move |conn| {
                    email_outbox::table
                        .find(outbox_id)
                        .select(email_outbox::eml_path)
                        .first::<Option<String>>(conn)
                        .map_err(praktiki::db::DbError::from)
                })
                .await
                .expect("outbox row");
            if let Some(path) = path {
                eml = Some(std::fs::read_to_string(path).expect("eml"));
                break;
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        let eml = eml.expect("the alert was delivered");
        assert!(
            eml.contains("List-Unsubscribe: <http://praktiki.test/searches/"),
            "{eml}"
        );
        assert!(
            eml.contains("List-Unsubscribe-Post: List-Unsubscribe=One-Click"),
            "{eml}"
        );

        // One click from the mail provider: no session, no CSRF token, only the signed link.
        let path = unsubscribe.trim_start_matches("http://praktiki.test");
        let forged = format!(
            "{}0",
            path.trim_end_matches(|c: char| c.is_ascii_hexdigit())
        );
        let res = bare_client()
            .post(app.url(&forged))
            .header("content-type", "application/x-www-form-urlencoded")
            .body("List-Unsubscribe=One-Click")
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 404, "a wrong signature does nothing");
        let res = bare_client()
            .post(app.url(path))
            .header("content-type", "application/x-www-form-urlencoded")
            .body("List-Unsubscribe=One-Click")
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 200);
        assert!(!student.get_html("/searches").await.contains("Kotlin jobs"));
        employer
            .post_internship(&[
                ("title", "Kotlin Backend Intern"),
                ("description", "Ktor services."),
                ("skills", "Kotlin"),
            ])
            .await;
        assert_eq!(run_alerts(&app, 3).await, 0, "unsubscribed: no more emails");
    }
);
