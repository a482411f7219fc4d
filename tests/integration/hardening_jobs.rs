//! Issue 10: job leases. A job claimed by an instance that died runs again once its lease ends
//! (seconds here, a minute by default), and an email still goes out once.

use crate::both_backends;
use crate::helpers::*;
use diesel::prelude::*;
use praktiki::db::schema::{email_outbox, jobs};
use std::collections::HashMap;
use std::time::{Duration, Instant};

/// Queues an email whose `send_email` job an instance that then died had claimed just now.
async fn email_claimed_by_a_dead_instance(app: &TestApp, to: &str, already_sent: bool) -> i64 {
    let to = to.to_string();
    app.app_state
        .db
        .run(move |conn| {
            let email = praktiki::notify::model::Email {
                to,
                subject: "Lease test".into(),
                text: "Sent once.".into(),
                html: None,
                calendar: None,
                list_unsubscribe: None,
            };
            let id = praktiki::notify::service::queue_email(conn, &email)?;
            let now = chrono::Utc::now().naive_utc();
            diesel::update(jobs::table.filter(jobs::kind.eq("send_email")))
                .set((
                    jobs::status.eq("running"),
                    jobs::locked_by.eq("dead-instance"),
                    jobs::locked_at.eq(Some(now)),
                    jobs::attempts.eq(1),
                ))
                .execute(conn)?;
            if already_sent {
                // It had sent the message and recorded it, but died before closing the job.
                diesel::update(email_outbox::table.find(id))
                    .set((
                        email_outbox::status.eq("sent"),
                        email_outbox::attempts.eq(1),
                    ))
                    .execute(conn)?;
            }
            Ok::<_, praktiki::db::DbError>(id)
        })
        .await
        .unwrap()
}

fn eml_files(app: &TestApp, outbox_id: i64) -> usize {
    let prefix = format!("{outbox_id:06}-");
    std::fs::read_dir(&app.settings.outbox_dir)
        .map(|dir| {
            dir.filter_map(Result::ok)
                .filter(|e| e.file_name().to_string_lossy().starts_with(&prefix))
                .count()
        })
        .unwrap_or(0)
}

async fn job_statuses(app: &TestApp) -> Vec<String> {
    app.app_state
        .db
        .run(|conn| {
            jobs::table
                .filter(jobs::kind.eq("send_email"))
                .select(jobs::status)
                .load::<String>(conn)
                .map_err(praktiki::db::DbError::from)
        })
        .await
        .unwrap()
}

both_backends!(
    a_dead_instances_job_runs_again_after_its_lease_and_mails_once,
    |app: TestApp| async move {
        // The "dead" instance: same database, no job runner of its own.
        let mut quiet = HashMap::new();
        quiet.insert("JOBS_ENABLED".to_string(), "false".to_string());
        let dead = TestApp::spawn_with(app.backend, quiet, Some(shared_model())).await;
        let fresh = email_claimed_by_a_dead_instance(&dead, "lease@example.in", false).await;
        let sent = email_claimed_by_a_dead_instance(&dead, "sent@example.in", true).await;

        // A live instance with a 2-second lease on the same database and outbox.
        let mut settings = dead.settings.clone();
        settings.jobs_enabled = true;
        settings.job_poll_ms = 100;
        settings.job_lease_seconds = 2;
        settings.job_renew_seconds = 1;
        let live = praktiki::Application::build_with_model(settings, shared_model())
            .await
            .unwrap();
        tokio::spawn(live.run_until_stopped());
        let started = Instant::now();
        while job_statuses(&dead).await.iter().any(|s| s != "done") {
            assert!(
                started.elapsed() < Duration::from_secs(30),
                "jobs of the dead instance were not run again: {:?}",
                job_statuses(&dead).await
            );
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        let waited = started.elapsed();
        assert!(
            waited >= Duration::from_millis(1500),
            "lease ignored: {waited:?}"
        );
        assert_eq!(eml_files(&dead, fresh), 1, "the email went out once");
        assert_eq!(
            eml_files(&dead, sent),
            0,
            "an email already sent is not sent again"
        );
    }
);

both_backends!(
    a_renewed_claim_is_not_taken_for_a_dead_one,
    |app: TestApp| async move {
        let store_now = || chrono::Utc::now().naive_utc();
        let mut quiet = HashMap::new();
        quiet.insert("JOBS_ENABLED".to_string(), "false".to_string());
        let app = TestApp::spawn_with(app.backend, quiet, Some(shared_model())).await;
        let claimed = app
            .app_state
            .db
            .run(move |conn| {
                use praktiki::jobs::store;
                store::insert(conn, "nothing", "{}", store_now(), None)?;
                let job = store::claim_next(conn, "runner-a", store_now())?.expect("claimed");
                // Claimed two minutes ago, renewed now: its lease (60 s) has not run out.
                diesel::update(jobs::table.find(job.id))
                    .set(jobs::locked_at.eq(Some(store_now() - chrono::Duration::seconds(120))))
                    .execute(conn)?;
                assert!(store::renew(conn, job.id, "runner-a", store_now())?);
                assert!(!store::renew(conn, job.id, "runner-b", store_now())?);
                let requeued =
                    store::requeue_stale(conn, store_now() - chrono::Duration::seconds(60))?;
                assert_eq!(requeued, 0);
                // Not renewed for longer than the lease: back to the queue.
                diesel::update(jobs::table.find(job.id))
                    .set(jobs::locked_at.eq(Some(store_now() - chrono::Duration::seconds(61))))
                    .execute(conn)?;
                let requeued =
                    store::requeue_stale(conn, store_now() - chrono::Duration::seconds(60))?;
                assert_eq!(requeued, 1);
                // A stopping instance hands back what it holds.
                let again = store::claim_next(conn, "runner-c", store_now())?.expect("claimable");
                assert_eq!(store::release_worker(conn, "runner-c")?, 1);
                Ok::<_, praktiki::db::DbError>(again.id)
            })
            .await
            .unwrap();
        let status: String = app
            .app_state
            .db
            .run(move |conn| {
                jobs::table
                    .find(claimed)
                    .select(jobs::status)
                    .first(conn)
                    .map_err(praktiki::db::DbError::from)
            })
            .await
            .unwrap();
        assert_eq!(status, "queued");
    }
);
