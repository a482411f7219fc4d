//! "Re-index all embeddings" on `/admin/matching`: a forced `embed` job per batch of entities,
//! and forced jobs recompute vectors whose text did not change.

use crate::both_backends;
use crate::helpers::*;
use diesel::prelude::*;
use praktiki::db::DbError;
use praktiki::db::schema::{embeddings, jobs};

async fn embedding_updated_at(
    app: &TestApp,
    entity: &'static str,
    id: i64,
) -> Option<chrono::NaiveDateTime> {
    app.app_state
        .db
        .run(move |conn| {
            embeddings::table
                .filter(embeddings::entity_type.eq(entity))
                .filter(embeddings::entity_id.eq(id))
                .select(embeddings::updated_at)
                .first(conn)
                .optional()
                .map_err(DbError::from)
        })
        .await
        .unwrap()
}

/// Payloads of every forced embedding job.
async fn forced_jobs(app: &TestApp) -> Vec<serde_json::Value> {
    let payloads: Vec<String> = app
        .app_state
        .db
        .run(|conn| {
            jobs::table
                .filter(jobs::kind.eq("embed"))
                .select(jobs::payload)
                .load(conn)
                .map_err(DbError::from)
        })
        .await
        .unwrap();
    payloads
        .iter()
        .filter_map(|p| serde_json::from_str::<serde_json::Value>(p).ok())
        .filter(|p| p["force"] == true)
        .collect()
}

both_backends!(
    reindex_queues_a_forced_job_per_entity_and_forced_jobs_recompute,
    |app: TestApp| async move {
        app.wait_ready().await;
        let employer = app.approved_employer("Reindex Co").await;
        let open = employer
            .post_internship(&[
                ("title", "Data Analyst Intern"),
                ("description", "Clean data with pandas."),
                ("skills", "Python, pandas"),
            ])
            .await;
        let closed = employer
            .post_internship(&[
                ("title", "Closed Intern"),
                ("description", "No longer open."),
                ("skills", "Excel"),
            ])
            .await;
        let res = employer
            .post_form(
                "/employer/internships",
                &format!("/employer/internships/{closed}/close"),
                &[],
            )
            .await;
        assert_eq!(res.status(), 303);
        let account = app.signup("student").await;
        app.post_form(
            "/profile",
            "/profile",
            &[("skills", "Python"), ("interests", "data")],
        )
        .await;
        let student = student_id_of(&app, &account.email).await;
        wait_until("embeddings", || async {
            embedding_updated_at(&app, "student", student)
                .await
                .is_some()
                && embedding_updated_at(&app, "internship", open)
                    .await
                    .is_some()
        })
        .await;

        // An unforced job with unchanged text does nothing; a forced one recomputes.
        let first = embedding_updated_at(&app, "student", student).await;
        praktiki::matching::service::embed_job(
            app.app_state.clone(),
            serde_json::json!({ "entity": "student", "id": student }),
        )
        .await
        .unwrap();
        assert_eq!(embedding_updated_at(&app, "student", student).await, first);
        praktiki::matching::service::embed_job(
            app.app_state.clone(),
            serde_json::json!({ "entity": "student", "id": student, "force": true }),
        )
        .await
        .unwrap();
        let forced = embedding_updated_at(&app, "student", student).await;
        assert!(forced > first, "{first:?} -> {forced:?}");

        // The button queues forced jobs covering every student profile and internship.
        let admin = app.admin().await;
        let page = admin.get_html("/admin/matching").await;
        assert!(
            page.contains("Student profiles with an embedding: 1 / 1"),
            "{page}"
        );
        assert!(
            page.contains("Active internships with an embedding: 1 / 1"),
            "{page}"
        );
        let internship_before = embedding_updated_at(&app, "internship", open).await;
        let res = admin
            .post_form("/admin/matching", "/admin/matching/reindex", &[])
            .await;
        assert_eq!(res.status(), 303);
        let mut targets: Vec<(String, i64)> = forced_jobs(&app)
            .await
            .iter()
            .flat_map(|p| {
                let entity = p["entity"].as_str().unwrap_or_default().to_string();
                let ids: Vec<i64> = match p["ids"].as_array() {
                    Some(ids) => ids.iter().filter_map(|v| v.as_i64()).collect(),
                    None => p["id"].as_i64().into_iter().collect(),
                };
                ids.into_iter().map(move |id| (entity.clone(), id))
            })
            .collect();
        targets.sort();
        assert_eq!(
            targets,
            vec![
                ("internship".to_string(), open),
                ("internship".to_string(), closed),
                ("student".to_string(), student)
            ]
        );
        assert!(
            admin
                .get_html("/admin/matching")
                .await
                .contains("Re-index queued: 3 student profiles and internships")
        );
        // The job runner recomputes both although their texts did not change.
        wait_until("the forced jobs", || async {
            embedding_updated_at(&app, "student", student).await > forced
                && embedding_updated_at(&app, "internship", open).await > internship_before
        })
        .await;
        assert!(
            admin
                .get_html("/admin/audit")
                .await
                .contains("embeddings_reindexed")
        );
    }
);
