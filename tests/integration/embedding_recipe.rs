//! Stored vectors follow the recipe of the texts the model embeds: after an upgrade that changes
//! those texts, the next start checks every vector once and embeds again only those whose text
//! changed.

use crate::both_backends;
use crate::helpers::*;
use crate::recommendations::embedded_student_and_posting;
use diesel::prelude::*;
use praktiki::app::Application;
use praktiki::db::DbError;
use praktiki::db::schema::{app_settings, embeddings, jobs};
use praktiki::matching::service::{TEXT_RECIPE, queue_recipe_check};
use praktiki::matching::slot::{ModelSlot, ModelStatus};
use std::time::Duration;

const RECIPE: &str = "embedding_text_recipe";
const STALE: &str = "a hash of the text an older build embedded";

/// Runs `f` on a connection of `app`'s database.
async fn on_db<T: Send + 'static>(
    app: &TestApp,
    f: impl FnOnce(&mut praktiki::db::DbConnection) -> Result<T, diesel::result::Error> + Send + 'static,
) -> T {
    app.app_state
        .db
        .run(move |conn| f(conn).map_err(DbError::from))
        .await
        .expect("query")
}

/// (content hash, when stored) of the only embedding of `entity`.
async fn stored(app: &TestApp, entity: &'static str) -> (String, chrono::NaiveDateTime) {
    on_db(app, move |conn| {
        embeddings::table
            .filter(embeddings::entity_type.eq(entity))
            .select((embeddings::content_hash, embeddings::updated_at))
            .first(conn)
    })
    .await
}

async fn recorded_recipe(app: &TestApp) -> Option<String> {
    on_db(app, |conn| {
        app_settings::table
            .filter(app_settings::key.eq(RECIPE))
            .select(app_settings::value)
            .first(conn)
            .optional()
    })
    .await
}

/// `embed` jobs ever queued.
async fn embed_jobs(app: &TestApp) -> i64 {
    on_db(app, |conn| {
        jobs::table
            .filter(jobs::kind.eq("embed"))
            .count()
            .get_result(conn)
    })
    .await
}

/// As if the vectors had been stored by a build whose student text differed: the student's
/// stored hash no longer matches their text, and the recorded recipe is an older one.
async fn as_before_an_upgrade(app: &TestApp) {
    on_db(app, |conn| {
        diesel::update(embeddings::table.filter(embeddings::entity_type.eq("student")))
            .set(embeddings::content_hash.eq(STALE))
            .execute(conn)?;
        diesel::update(app_settings::table.filter(app_settings::key.eq(RECIPE)))
            .set(app_settings::value.eq("an older recipe"))
            .execute(conn)
    })
    .await;
}

both_backends!(
    a_start_after_the_embedded_texts_changed_embeds_again_only_what_changed,
    |app: TestApp| async move {
        embedded_student_and_posting(&app).await;
        assert_eq!(recorded_recipe(&app).await.as_deref(), Some(TEXT_RECIPE));
        let (student_hash, _) = stored(&app, "student").await;
        let posting = stored(&app, "internship").await;
        as_before_an_upgrade(&app).await;

        let upgraded = app.restart().await;
        wait_until("the student's vector made again", || async {
            stored(&upgraded, "student").await.0 != STALE
        })
        .await;
        assert_eq!(
            stored(&upgraded, "student").await.0,
            student_hash,
            "the student's vector is of their text again"
        );
        assert_eq!(
            recorded_recipe(&upgraded).await.as_deref(),
            Some(TEXT_RECIPE)
        );
        // Let the posting's check run too: its text did not change, so its vector stays.
        let queued = embed_jobs(&upgraded).await;
        wait_until("the checks done", || async {
            let pending: i64 = on_db(&upgraded, |conn| {
                jobs::table
                    .filter(jobs::kind.eq("embed"))
                    .filter(jobs::status.ne("done"))
                    .count()
                    .get_result(conn)
            })
            .await;
            pending == 0
        })
        .await;
        assert_eq!(stored(&upgraded, "internship").await, posting);

        // The recipe is recorded: the next start queues nothing.
        let again = upgraded.restart().await;
        again.wait_ready().await;
        tokio::time::sleep(Duration::from_millis(300)).await;
        assert_eq!(embed_jobs(&again).await, queued);
    }
);

both_backends!(
    instances_starting_together_check_the_vectors_once,
    |app: TestApp| async move {
        embedded_student_and_posting(&app).await;
        as_before_an_upgrade(&app).await;
        let checks = (0..6).map(|_| {
            let db = app.app_state.db.clone();
            tokio::spawn(async move { db.run(queue_recipe_check).await })
        });
        let mut queued = Vec::new();
        for check in checks {
            queued.push(check.await.expect("task").expect("the check answers"));
        }
        queued.sort();
        assert_eq!(
            queued,
            vec![0, 0, 0, 0, 0, 2],
            "one posting and one student, once"
        );
    }
);

both_backends!(
    a_start_without_the_model_leaves_the_check_to_one_with_it,
    |app: TestApp| async move {
        embedded_student_and_posting(&app).await;
        as_before_an_upgrade(&app).await;
        let queued = embed_jobs(&app).await;
        let failed = ModelSlot::new(ModelStatus::Failed("no model in this test".into()));
        let without = Application::build_with_model(app.settings.clone(), failed)
            .await
            .expect("starts without the model");
        tokio::spawn(without.run_until_stopped());
        tokio::time::sleep(Duration::from_millis(1500)).await;
        // Nothing could embed the texts again: no job that would only fail.
        assert_eq!(embed_jobs(&app).await, queued);
        assert_eq!(
            recorded_recipe(&app).await.as_deref(),
            Some("an older recipe")
        );
        let with = app.restart().await;
        wait_until("the recipe recorded", || async {
            recorded_recipe(&with).await.as_deref() == Some(TEXT_RECIPE)
        })
        .await;
        assert_eq!(embed_jobs(&with).await, queued + 2);
    }
);
