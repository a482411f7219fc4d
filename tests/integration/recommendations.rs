//! Live data for matching: embeddings follow profile and internship changes.

use crate::both_backends;
use crate::helpers::*;
use diesel::prelude::*;
use praktiki::db::schema::embeddings;
use std::time::Duration;

async fn embedding_count(app: &TestApp, entity: &'static str) -> i64 {
    app.app_state
        .db
        .run(move |conn| {
            embeddings::table
                .filter(embeddings::entity_type.eq(entity))
                .count()
                .get_result(conn)
                .map_err(praktiki::db::DbError::from)
        })
        .await
        .unwrap()
}

async fn wait_embeddings(app: &TestApp, entity: &'static str, n: i64) {
    for _ in 0..600 {
        if embedding_count(app, entity).await >= n {
            return;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    panic!("{entity} embeddings never reached {n}");
}

both_backends!(
    profiles_and_internships_get_embeddings_that_survive_a_restart,
    |app: TestApp| async move {
        app.wait_ready().await;
        app.signup("student").await;
        app.post_form(
            "/profile",
            "/profile",
            &[("skills", "Python, pandas"), ("interests", "data analysis")],
        )
        .await;
        let employer = app.approved_employer("Data Co").await;
        employer
            .post_internship(&[
                ("title", "Data Analyst Intern"),
                ("description", "Clean data with pandas"),
                ("skills", "Python, pandas"),
            ])
            .await;
        wait_embeddings(&app, "student", 1).await;
        wait_embeddings(&app, "internship", 1).await;
        // Stored in the database: a restarted server has them without recomputing.
        let again = app.restart().await;
        assert_eq!(embedding_count(&again, "internship").await, 1);
        assert_eq!(embedding_count(&again, "student").await, 1);
    }
);
