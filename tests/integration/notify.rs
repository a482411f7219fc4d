//! Email delivery through a real SMTP conversation, the outbox folder, retries.

use crate::both_backends;
use crate::helpers::*;
use crate::smtp::TestSmtp;
use diesel::prelude::*;
use praktiki::db::schema::{email_outbox, jobs};
use std::collections::HashMap;
use std::time::Duration;

async fn outbox_status(app: &TestApp, to: &str) -> (String, i32, Option<String>, Option<String>) {
    let to = to.to_string();
    app.app_state
        .db
        .run(move |conn| {
            email_outbox::table
                .filter(email_outbox::to_address.eq(to))
                .order(email_outbox::id.desc())
                .select((
                    email_outbox::status,
                    email_outbox::attempts,
                    email_outbox::last_error,
                    email_outbox::eml_path,
                ))
                .first(conn)
                .map_err(praktiki::db::DbError::from)
        })
        .await
        .unwrap()
}

async fn wait_status(
    app: &TestApp,
    to: &str,
    wanted: &str,
) -> (String, i32, Option<String>, Option<String>) {
    for _ in 0..400 {
        let row = outbox_status(app, to).await;
        if row.0 == wanted {
            return row;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    panic!(
        "outbox never reached {wanted}: {:?}",
        outbox_status(app, to).await
    );
}

both_backends!(
    signup_email_arrives_over_smtp_and_its_link_verifies,
    |app: TestApp| async move {
        let smtp = TestSmtp::start().await;
        let app = TestApp::spawn_with(app.backend, smtp.settings(), Some(shared_model())).await;
        let account = app.signup("student").await;
        let mail = smtp.wait_for(&account.email).await;
        let text = mail.text();
        assert!(
            text.contains("Subject: Confirm your email address for Praktiki"),
            "{text}"
        );
        assert!(mail.from.contains("noreply@praktiki.local"));
        wait_status(&app, &account.email, "sent").await;
        let start = text
            .find("/verify-email?token=")
            .expect("link in the email");
        let link: String = text[start..]
            .chars()
            .take_while(|c| !c.is_whitespace() && *c != '"' && *c != '<')
            .collect();
        let res = app.get(&link).await;
        assert_eq!(res.status(), 200);
        assert!(res.text().await.unwrap().contains("is verified"));
        app.logout().await;
        let res = app.login(&account.email, &account.password).await;
        assert_eq!(location(&res), "/dashboard");
        assert!(
            !app.get_html("/dashboard")
                .await
                .contains("not verified yet")
        );
    }
);

both_backends!(
    without_smtp_email_is_written_to_the_outbox_folder,
    |app: TestApp| async move {
        let mut vars = HashMap::new();
        vars.insert("JOB_POLL_MS".to_string(), "50".to_string());
        let app = TestApp::spawn_with(app.backend, vars, Some(shared_model())).await;
        let account = app.signup("employer").await;
        let (_, _, _, path) = wait_status(&app, &account.email, "sent").await;
        let path = path.expect("eml path recorded");
        assert!(path.starts_with(&app.settings.outbox_dir.display().to_string()));
        let eml = std::fs::read_to_string(&path).unwrap();
        assert!(
            eml.contains(&format!("To: {}", account.email)) && eml.contains("verify-email?token")
        );
    }
);

both_backends!(
    refused_delivery_is_retried_then_recorded,
    |app: TestApp| async move {
        let smtp = TestSmtp::start().await;
        *smtp.refuse_data.lock().unwrap() = true;
        let app = TestApp::spawn_with(app.backend, smtp.settings(), Some(shared_model())).await;
        let account = app.signup("student").await;
        // The first attempt fails: the row says so and the job is queued again with back-off.
        let mut row = outbox_status(&app, &account.email).await;
        for _ in 0..200 {
            if row.1 >= 1 {
                break;
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
            row = outbox_status(&app, &account.email).await;
        }
        assert_eq!(row.0, "queued");
        assert!(
            row.2.as_deref().unwrap_or("").contains("451")
                || row.2.as_deref().unwrap_or("").contains("try again"),
            "{row:?}"
        );
        // Let the next attempt succeed without waiting for the back-off.
        *smtp.refuse_data.lock().unwrap() = false;
        app.app_state
            .db
            .run(|conn| {
                diesel::update(jobs::table.filter(jobs::kind.eq("send_email")))
                    .set(jobs::run_at.eq(chrono::Utc::now().naive_utc()))
                    .execute(conn)
                    .map_err(praktiki::db::DbError::from)
            })
            .await
            .unwrap();
        smtp.wait_for(&account.email).await;
        let row = wait_status(&app, &account.email, "sent").await;
        assert_eq!(row.1, 2, "two attempts");
    }
);

both_backends!(
    a_job_is_claimed_by_one_runner_only,
    |app: TestApp| async move {
        use praktiki::jobs::store;
        // This app's own runner stays off so that the test is the only claimant.
        let mut vars = HashMap::new();
        vars.insert("JOBS_ENABLED".to_string(), "false".to_string());
        let app = TestApp::spawn_with(app.backend, vars, Some(shared_model())).await;
        let now = chrono::Utc::now().naive_utc();
        let (first, second, third) = app
            .app_state
            .db
            .run(move |conn| {
                store::insert(
                    conn,
                    "test_kind",
                    "{}",
                    now - chrono::Duration::seconds(1),
                    Some("only-once"),
                )?;
                // Same dedupe key: not inserted twice.
                assert!(store::insert(conn, "test_kind", "{}", now, Some("only-once"))?.is_none());
                let first = store::claim_next(conn, "runner-a", now)?;
                let second = store::claim_next(conn, "runner-b", now)?;
                let third = store::backoff(3);
                Ok::<_, praktiki::db::DbError>((first, second, third))
            })
            .await
            .unwrap();
        assert_eq!(
            first.map(|j| (j.kind, j.attempts)),
            Some(("test_kind".to_string(), 1))
        );
        assert!(second.is_none(), "a claimed job is not claimed again");
        assert_eq!(third, chrono::Duration::seconds(40));
    }
);
