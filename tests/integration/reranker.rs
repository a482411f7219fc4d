//! The live reranker: training on the platform's own outcomes (the command, the nightly job and
//! "Train now"), versions in use and rollback. The settings an admin tunes on `/admin/matching`
//! are in `admin_matching.rs`, the forced re-index in `reindex.rs`.

use crate::both_backends;
use crate::helpers::*;
use crate::recommendations::{titles, wait_embeddings};
use diesel::prelude::*;
use praktiki::db::DbError;
use praktiki::db::schema::{
    applications, employer_profiles, internships, jobs, match_feedback, match_log, reranker_models,
    student_profiles, users,
};

async fn count_models(app: &TestApp) -> i64 {
    app.app_state
        .db
        .run(|conn| {
            reranker_models::table
                .count()
                .get_result::<i64>(conn)
                .map_err(DbError::from)
        })
        .await
        .unwrap()
}

/// (version, is_active) of every stored reranker, oldest first.
async fn models(app: &TestApp) -> Vec<(i64, String, bool)> {
    app.app_state
        .db
        .run(|conn| {
            reranker_models::table
                .order(reranker_models::id.asc())
                .select((
                    reranker_models::id,
                    reranker_models::version,
                    reranker_models::is_active,
                ))
                .load(conn)
                .map_err(DbError::from)
        })
        .await
        .unwrap()
}

/// Jobs of `kind` that finished (done or failed for good).
async fn finished_jobs(app: &TestApp, kind: &'static str) -> i64 {
    app.app_state
        .db
        .run(move |conn| {
            jobs::table
                .filter(jobs::kind.eq(kind))
                .filter(jobs::status.eq_any(["done", "failed"]))
                .count()
                .get_result::<i64>(conn)
                .map_err(DbError::from)
        })
        .await
        .unwrap()
}

/// The model versions logged for a student's served lists, oldest first, deduplicated.
pub(crate) async fn logged_versions(app: &TestApp, student_id: i64) -> Vec<String> {
    // Pages do not wait for their list's commit.
    app.app_state.matching.served_log.flush().await;
    let mut versions: Vec<String> = app
        .app_state
        .db
        .run(move |conn| {
            match_log::table
                .filter(match_log::student_id.eq(student_id))
                .order(match_log::id.asc())
                .select(match_log::model_version)
                .load(conn)
                .map_err(DbError::from)
        })
        .await
        .unwrap();
    versions.dedup();
    versions
}

fn praktiki_cli(app: &TestApp) -> std::process::Command {
    let mut cmd = std::process::Command::new(env!("CARGO_BIN_EXE_praktiki"));
    cmd.env_clear()
        .env("PATH", std::env::var("PATH").unwrap_or_default())
        .env("DATA_DIR", app.settings.data_dir.as_os_str())
        .env("DATABASE_URL", &app.settings.database_url)
        .env("RUST_LOG", "warn");
    cmd
}

both_backends!(
    train_reranker_with_too_few_outcomes_stores_nothing_and_says_why,
    |app: TestApp| async move {
        let out = praktiki_cli(&app)
            .args(["train-reranker", "--epochs", "20"])
            .output()
            .unwrap();
        let stdout = String::from_utf8_lossy(&out.stdout);
        assert!(
            out.status.success(),
            "{stdout}{}",
            String::from_utf8_lossy(&out.stderr)
        );
        assert!(
            stdout.contains("not trained: 0 outcomes (0 good, 0 bad)")
                && stdout.contains("at least 200 outcomes with at least 30 good and 30 bad"),
            "{stdout}"
        );
        assert_eq!(count_models(&app).await, 0);
        let report = praktiki::matching::service::train_reranker(&app.app_state, 20)
            .await
            .unwrap();
        assert!(
            matches!(
                report,
                praktiki::matching::service::TrainReport::TooFew { samples: 0, .. }
            ),
            "{report:?}"
        );
        assert_eq!(count_models(&app).await, 0);
        assert_eq!(app.app_state.matching.reranker().label(), "hybrid-1");
    }
);

/// Seeds `students` × `per_student` served recommendations with outcomes: good exactly when
/// the skills part is above 0.5. Outcomes are likes/dismissals and, for every third pair, an
/// employer's decision on an application.
async fn seed_outcomes(app: &TestApp, company: &str, students: usize, per_student: usize) {
    let company = company.to_string();
    app.app_state
        .db
        .run(move |conn| {
            let employer: i64 = employer_profiles::table
                .filter(employer_profiles::company_name.eq(&company))
                .select(employer_profiles::id)
                .first(conn)?;
            let now = chrono::Utc::now().naive_utc();
            let served_at = now - chrono::Duration::hours(2);
            let acted_at = now - chrono::Duration::hours(1);
            let mut internship_ids = Vec::new();
            for i in 0..per_student {
                internship_ids.push(
                    diesel::insert_into(internships::table)
                        .values((
                            internships::employer_id.eq(employer),
                            internships::title.eq(format!("Seeded internship {i}")),
                            internships::description.eq("Seeded for reranker training."),
                            internships::location.eq("Remote"),
                            internships::mode.eq("remote"),
                            internships::duration_weeks.eq(8),
                            internships::status.eq("closed"),
                        ))
                        .returning(internships::id)
                        .get_result::<i64>(conn)?,
                );
            }
            for s in 0..students {
                let user: i64 = diesel::insert_into(users::table)
                    .values((
                        users::email.eq(format!(
                            "seeded-{s}-{}@example.in",
                            uuid::Uuid::new_v4().simple()
                        )),
                        users::password_hash.eq("!"),
                        users::full_name.eq(format!("Seeded Student {s}")),
                        users::role.eq("student"),
                    ))
                    .returning(users::id)
                    .get_result(conn)?;
                let student: i64 = diesel::insert_into(student_profiles::table)
                    .values(student_profiles::user_id.eq(user))
                    .returning(student_profiles::id)
                    .get_result(conn)?;
                let list = uuid::Uuid::new_v4().to_string();
                for (i, internship) in internship_ids.iter().enumerate() {
                    let k = s * per_student + i;
                    let skills = ((k * 37) % 100) as f32 / 100.0;
                    let semantic = ((k * 53) % 100) as f32 / 100.0;
                    let good = skills > 0.5;
                    let parts = serde_json::json!({
                        "semantic": semantic, "skills": skills, "field": 0.5, "location": 1.0,
                        "lexical": 0.2, "feedback": 0.0, "total": semantic
                    });
                    diesel::insert_into(match_log::table)
                        .values((
                            match_log::list_id.eq(&list),
                            match_log::student_id.eq(student),
                            match_log::internship_id.eq(internship),
                            match_log::rank.eq((i % 10) as i32 + 1),
                            match_log::score.eq(semantic as f64),
                            match_log::parts.eq(parts.to_string()),
                            match_log::model_version.eq("hybrid-1"),
                            match_log::served_at.eq(served_at),
                        ))
                        .execute(conn)?;
                    if k.is_multiple_of(3) {
                        diesel::insert_into(applications::table)
                            .values((
                                applications::student_id.eq(student),
                                applications::internship_id.eq(internship),
                                applications::status.eq(if good {
                                    "shortlisted"
                                } else {
                                    "not_selected"
                                }),
                                applications::applied_at.eq(acted_at),
                                applications::updated_at.eq(now),
                            ))
                            .execute(conn)?;
                    } else {
                        diesel::insert_into(match_feedback::table)
                            .values((
                                match_feedback::student_id.eq(student),
                                match_feedback::internship_id.eq(internship),
                                match_feedback::kind.eq(if good { "like" } else { "dismiss" }),
                                match_feedback::created_at.eq(acted_at),
                            ))
                            .execute(conn)?;
                    }
                }
            }
            Ok::<_, DbError>(())
        })
        .await
        .expect("outcomes seeded");
}

/// Clicks "Train now" and waits for the job to store version `version`.
async fn train_now(app: &TestApp, admin: &TestApp, version: usize) {
    let res = admin
        .post_form("/admin/matching", "/admin/matching/train", &[])
        .await;
    assert_eq!(res.status(), 303);
    wait_until("the training job", || async {
        models(app).await.len() >= version
    })
    .await;
    // The job stores the model, then installs it: until then pages still use the one before.
    let installed = format!("learned reranker v{version} trained");
    wait_until("the new model in use", || async {
        admin.get_html("/admin/matching").await.contains(&installed)
    })
    .await;
}

both_backends!(
    a_reranker_trained_on_outcomes_is_stored_shown_used_and_rolled_back,
    |app: TestApp| async move {
        app.wait_ready().await;
        // The nightly job runs once at start-up; on an empty database it stores nothing.
        wait_until("the start-up training run", || async {
            finished_jobs(&app, "train_reranker").await >= 1
        })
        .await;
        assert_eq!(count_models(&app).await, 0);

        let employer = app.approved_employer("Outcome Labs").await;
        seed_outcomes(&app, "Outcome Labs", 6, 40).await;
        let admin = app.admin().await;
        let page = admin.get_html("/admin/matching").await;
        assert!(
            page.contains("no learned reranker is active; 240 outcomes"),
            "{page}"
        );

        train_now(&app, &admin, 1).await;
        assert_eq!(models(&app).await[0].1, "1");
        assert!(models(&app).await[0].2, "v1 is active");
        let page = admin.get_html("/admin/matching").await;
        assert!(
            page.contains("learned reranker v1 trained on 240 outcomes on"),
            "{page}"
        );
        assert!(page.contains("held-out accuracy"), "{page}");
        assert!(page.contains("mlp-v1"));
        let audit = admin.get_html("/admin/audit").await;
        assert!(audit.contains("reranker_training_queued"));

        // A student's next list is ordered by it, and logged so.
        employer
            .post_internship(&[
                ("title", "Data Analyst Intern"),
                ("description", "Analyse sales data with Python and pandas."),
                ("skills", "Python, pandas"),
            ])
            .await;
        employer
            .post_internship(&[
                ("title", "Python Developer Intern"),
                ("description", "Write Python services and their tests."),
                ("skills", "Python"),
            ])
            .await;
        let account = app.signup("student").await;
        let res = app
            .post_form(
                "/profile",
                "/profile",
                &[("skills", "Python, pandas"), ("interests", "data analysis")],
            )
            .await;
        assert_eq!(res.status(), 303);
        let student_id = student_id_of(&app, &account.email).await;
        wait_embeddings(&app, "internship", 2).await;
        let shown = titles(&app.get_html("/recommendations").await);
        assert!(!shown.is_empty());
        assert_eq!(logged_versions(&app, student_id).await, vec!["mlp-v1"]);

        // A second version replaces it; activating v1 again rolls back.
        train_now(&app, &admin, 2).await;
        let stored = models(&app).await;
        assert_eq!(
            stored
                .iter()
                .map(|(_, v, a)| (v.as_str(), *a))
                .collect::<Vec<_>>(),
            vec![("1", false), ("2", true)]
        );
        app.get_html("/recommendations").await;
        assert_eq!(
            logged_versions(&app, student_id).await,
            vec!["mlp-v1", "mlp-v2"]
        );
        let v1 = stored[0].0;
        let res = admin
            .post_form(
                "/admin/matching",
                &format!("/admin/matching/models/{v1}/activate"),
                &[],
            )
            .await;
        assert_eq!(res.status(), 303);
        assert_eq!(
            models(&app).await.iter().map(|m| m.2).collect::<Vec<_>>(),
            vec![true, false]
        );
        assert!(
            admin
                .get_html("/admin/matching")
                .await
                .contains("learned reranker v1 trained on 240 outcomes")
        );
        app.get_html("/recommendations").await;
        assert_eq!(
            logged_versions(&app, student_id).await,
            vec!["mlp-v1", "mlp-v2", "mlp-v1"]
        );
        // Back to the hybrid order; unknown versions are 404.
        let res = admin
            .post_form("/admin/matching", "/admin/matching/hybrid", &[])
            .await;
        assert_eq!(res.status(), 303);
        app.get_html("/recommendations").await;
        assert_eq!(
            logged_versions(&app, student_id)
                .await
                .last()
                .map(String::as_str),
            Some("hybrid-1")
        );
        let res = admin
            .post_form(
                "/admin/matching",
                "/admin/matching/models/999999/activate",
                &[],
            )
            .await;
        assert_eq!(res.status(), 404);
        let audit = admin.get_html("/admin/audit").await;
        assert!(audit.contains("reranker_activated") && audit.contains("reranker_deactivated"));
    }
);
