//! Served recommendations (`match_log`) age out: the hourly clean-up deletes servings older
//! than 90 days of pairs training can never use (no like, dismissal or application), and keeps
//! the rest.

use crate::both_backends;
use crate::helpers::*;
use diesel::prelude::*;
use praktiki::db::schema::match_log;
use std::time::Duration;

/// Two data postings of a new approved company, once the live catalogue lists them.
async fn two_listed_postings(app: &TestApp, company: &str) -> Vec<i64> {
    app.wait_ready().await;
    let employer = app.approved_employer(company).await;
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
    ids
}

both_backends!(
    old_servings_without_outcomes_age_out,
    |app: TestApp| async move {
        let ids = two_listed_postings(&app, "Log Co").await;
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
        // Pages do not wait for their list's commit.
        app.app_state.matching.served_log.flush().await;
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
        app.app_state.matching.served_log.flush().await;
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

both_backends!(
    concurrent_views_of_the_same_list_log_it_once,
    |app: TestApp| async move {
        let employer = app.approved_employer("Busy Co").await;
        two_listed_postings(&app, "Busy Co 2").await;
        let (student, _) = app
            .student_with_profile("Python, SQL", "data analysis")
            .await;
        // Her vector stored: every view ranks from the same inputs.
        crate::explanations::wait_listed(&app, 2).await;
        // Eight views at once (tabs, reloads): the same list, shown eight times, is one
        // impression in the log.
        let views = (0..8).map(|_| student.get("/recommendations"));
        let statuses: Vec<u16> = futures_util::future::join_all(views)
            .await
            .into_iter()
            .map(|r| r.status().as_u16())
            .collect();
        assert!(statuses.iter().all(|s| *s == 200), "{statuses:?}");
        let lists = logged_lists(&app).await;
        assert_eq!(lists.len(), 1, "{lists:?}");
        let first = lists.values().next().cloned().unwrap_or_default();
        assert!(!first.is_empty());
        // A new posting changes her list: the next view is logged.
        employer
            .post_internship(&[
                ("title", "SQL Reporting Intern"),
                ("description", "Python and SQL reports on sales data."),
                ("skills", "Python, SQL"),
            ])
            .await;
        crate::explanations::wait_listed(&app, 3).await;
        assert_eq!(student.get("/recommendations").await.status(), 200);
        let lists = logged_lists(&app).await;
        assert_eq!(lists.len(), 2, "{lists:?}");
        assert!(lists.values().any(|l| l.len() > first.len()), "{lists:?}");
    }
);

/// The logged lists (list id → internships in rank order), once the pending ones are committed.
async fn logged_lists(app: &TestApp) -> std::collections::BTreeMap<String, Vec<i64>> {
    app.app_state.matching.served_log.flush().await;
    let rows: Vec<(String, i64, i32)> = app
        .app_state
        .db
        .run(|conn| {
            match_log::table
                .select((
                    match_log::list_id,
                    match_log::internship_id,
                    match_log::rank,
                ))
                .order((match_log::list_id, match_log::rank))
                .load(conn)
                .map_err(praktiki::db::DbError::from)
        })
        .await
        .unwrap();
    let mut lists: std::collections::BTreeMap<String, Vec<i64>> = Default::default();
    for (list, internship, _) in rows {
        lists.entry(list).or_default().push(internship);
    }
    lists
}
