//! Served recommendations (`match_log`) age out: the hourly clean-up deletes servings older
//! than 90 days of pairs training can never use (no like, dismissal or application), and keeps
//! the rest.

use crate::both_backends;
use crate::helpers::*;
use diesel::prelude::*;
use praktiki::db::schema::match_log;
use std::time::Duration;

both_backends!(
    old_servings_without_outcomes_age_out,
    |app: TestApp| async move {
        app.wait_ready().await;
        let employer = app.approved_employer("Log Co").await;
        let mut ids = Vec::new();
        for title in ["Data Analyst Intern", "Python Developer Intern"] {
            ids.push(
                employer
                    .post_internship(&[
                        ("title", title),
                        ("description", "Python and SQL on sales data."),
                        ("skills", "Python, SQL"),
                    ])
                    .await,
            );
        }
        for _ in 0..600 {
            if app.app_state.catalogue.len() >= 2 {
                break;
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        let (student, _) = app
            .student_with_profile("Python, SQL", "data analysis")
            .await;
        assert_eq!(student.get("/recommendations").await.status(), 200);
        // The student liked the first one: that pair is an outcome training reads.
        let res = student
            .post_form(
                "/recommendations",
                &format!("/recommendations/{}/feedback", ids[0]),
                &[("kind", "like")],
            )
            .await;
        assert!(res.status().is_redirection(), "{}", res.status());
        let db = app.app_state.db.clone();
        let (before, after, kept) = db
            .run(move |conn| {
                let served: i64 = match_log::table.count().get_result(conn)?;
                // Every serving so far becomes 100 days old.
                let old = chrono::Utc::now().naive_utc() - chrono::Duration::days(100);
                diesel::update(match_log::table)
                    .set(match_log::served_at.eq(old))
                    .execute(conn)?;
                let now = chrono::Utc::now().naive_utc();
                praktiki::matching::service::age_out_match_log(conn, now)?;
                let left: Vec<i64> = match_log::table
                    .select(match_log::internship_id)
                    .load(conn)?;
                Ok::<_, praktiki::db::DbError>((served, left.len() as i64, left))
            })
            .await
            .unwrap();
        assert!(before >= 2, "{before} servings");
        assert!(after >= 1 && after < before, "{before} -> {after}");
        assert!(kept.iter().all(|id| *id == ids[0]), "{kept:?}");
        // Recent servings stay whatever happened.
        assert_eq!(student.get("/recommendations").await.status(), 200);
        let db = app.app_state.db.clone();
        let recent = db
            .run(|conn| {
                let now = chrono::Utc::now().naive_utc();
                praktiki::matching::service::age_out_match_log(conn, now)?;
                match_log::table
                    .count()
                    .get_result::<i64>(conn)
                    .map_err(praktiki::db::DbError::from)
            })
            .await
            .unwrap();
        assert!(recent > after, "{after} -> {recent}");
    }
);
