//! The live reranker and `/admin/matching`: settings an admin tunes, training on the platform's
//! own outcomes (the command, the nightly job and "Train now"), versions and rollback, and the
//! forced re-index.

use crate::both_backends;
use crate::helpers::*;
use diesel::prelude::*;
use praktiki::db::DbError;
use praktiki::db::schema::{
    app_settings, applications, embeddings, employer_profiles, internships, jobs, match_feedback,
    match_log, reranker_models, student_profiles, users,
};
use std::time::Duration;

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

async fn wait_until<F, Fut>(what: &str, mut check: F)
where
    F: FnMut() -> Fut,
    Fut: std::future::Future<Output = bool>,
{
    for _ in 0..1200 {
        if check().await {
            return;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    panic!("timed out waiting for {what}");
}

/// Waits until `n` internships have an embedding (the live catalogue lists them then).
async fn wait_internship_embeddings(app: &TestApp, n: i64) {
    wait_until("internship embeddings", || async {
        app.app_state
            .db
            .run(|conn| {
                embeddings::table
                    .filter(embeddings::entity_type.eq("internship"))
                    .count()
                    .get_result::<i64>(conn)
                    .map_err(DbError::from)
            })
            .await
            .unwrap()
            >= n
    })
    .await;
}

/// The model versions logged for a student's served lists, oldest first, deduplicated.
async fn logged_versions(app: &TestApp, student_id: i64) -> Vec<String> {
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

async fn student_id_of(app: &TestApp, email: &str) -> i64 {
    let email = email.to_string();
    app.app_state
        .db
        .run(move |conn| {
            student_profiles::table
                .inner_join(users::table)
                .filter(users::email.eq(email))
                .select(student_profiles::id)
                .first(conn)
                .map_err(DbError::from)
        })
        .await
        .unwrap()
}

const SETTINGS: [&str; 8] = [
    "weight_semantic",
    "weight_skills",
    "weight_field",
    "weight_lexical",
    "weight_location",
    "weight_feedback",
    "match_threshold",
    "max_rerank_candidates",
];

/// The matching form with `changes` applied to the values the page shows.
async fn matching_form(admin: &TestApp, changes: &[(&str, &str)]) -> Vec<(String, String)> {
    let page = admin.get_html("/admin/matching").await;
    SETTINGS
        .iter()
        .map(|name| {
            let value = changes
                .iter()
                .find(|(k, _)| k == name)
                .map(|(_, v)| v.to_string())
                .unwrap_or_else(|| input_value(&page, name));
            (name.to_string(), value)
        })
        .collect()
}

fn input_value(html: &str, name: &str) -> String {
    let marker = format!("name=\"{name}\" type=\"text\" value=\"");
    let start = html
        .find(&marker)
        .unwrap_or_else(|| panic!("no input {name}"))
        + marker.len();
    html[start..].chars().take_while(|c| *c != '"').collect()
}

async fn save_matching(admin: &TestApp, changes: &[(&str, &str)]) -> reqwest::Response {
    let fields = matching_form(admin, changes).await;
    let fields: Vec<(&str, &str)> = fields
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect();
    admin
        .post_form("/admin/matching", "/admin/matching", &fields)
        .await
}

/// The settings admins tune (not the recipe of the embedded texts the app records itself).
async fn settings_rows(app: &TestApp) -> Vec<(String, String, Option<i64>)> {
    app.app_state
        .db
        .run(|conn| {
            app_settings::table
                .filter(app_settings::key.ne("embedding_text_recipe"))
                .order(app_settings::key.asc())
                .select((
                    app_settings::key,
                    app_settings::value,
                    app_settings::updated_by,
                ))
                .load(conn)
                .map_err(DbError::from)
        })
        .await
        .unwrap()
}

both_backends!(
    admin_matching_page_tunes_settings_validates_them_and_is_admin_only,
    |app: TestApp| async move {
        let student = app.new_browser();
        student.signup("student").await;
        let admin = app.admin().await;
        assert!(
            admin
                .get_html("/admin")
                .await
                .contains("href=\"/admin/matching\"")
        );
        let page = admin.get_html("/admin/matching").await;
        assert!(
            page.contains("hybrid order: too little data — 0 of 200 outcomes, 0 good / 0 bad"),
            "{page}"
        );
        assert!(page.contains("hybrid-1"));
        assert_eq!(input_value(&page, "weight_semantic"), "0.45");
        assert_eq!(input_value(&page, "max_rerank_candidates"), "50");

        // Students get 403 on the page and on every action.
        assert_eq!(student.get("/admin/matching").await.status(), 403);
        for action in [
            "/admin/matching",
            "/admin/matching/train",
            "/admin/matching/reindex",
            "/admin/matching/hybrid",
            "/admin/matching/models/1/activate",
        ] {
            assert_eq!(
                student
                    .post_form("/", action, &[("weight_semantic", "1")])
                    .await
                    .status(),
                403,
                "{action}"
            );
        }
        // Without the CSRF token an admin's POST is refused too.
        let res = admin
            .client
            .post(admin.url("/admin/matching"))
            .form(&[("weight_semantic", "1")])
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 403);

        // Bad values: the form comes back with the typed values and one message per field.
        let res = save_matching(
            &admin,
            &[
                ("weight_semantic", "lots"),
                ("match_threshold", "1.5"),
                ("max_rerank_candidates", "2.5"),
                ("weight_skills", "-1"),
            ],
        )
        .await;
        assert_eq!(res.status(), 422);
        let html = res.text().await.unwrap();
        assert!(
            html.contains("value=\"lots\"") && html.contains("value=\"1.5\""),
            "{html}"
        );
        assert!(html.contains("Enter a number from 0 to 10."), "{html}");
        assert!(html.contains("Enter a number from 0 to 1."), "{html}");
        assert!(
            html.contains("Enter a whole number from 0 to 500."),
            "{html}"
        );
        let zeros: Vec<(&str, &str)> = SETTINGS[..6].iter().map(|k| (*k, "0")).collect();
        let res = save_matching(&admin, &zeros).await;
        assert_eq!(res.status(), 422);
        assert!(
            res.text()
                .await
                .unwrap()
                .contains("At least one weight must be above 0.")
        );
        assert!(
            settings_rows(&app).await.is_empty(),
            "bad input changes nothing"
        );
        assert_eq!(app.app_state.matching.weights().semantic, 0.45);

        // Good values are saved (with who saved them), audited and used at once.
        let res = save_matching(
            &admin,
            &[
                ("weight_semantic", "0.6"),
                ("match_threshold", "0.25"),
                ("max_rerank_candidates", "30"),
            ],
        )
        .await;
        assert_eq!(
            res.status(),
            303,
            "{}",
            res.text().await.unwrap_or_default()
        );
        let rows = settings_rows(&app).await;
        assert_eq!(rows.len(), 8);
        assert!(rows.contains(&("weight_semantic".into(), "0.6".into(), rows[0].2)));
        assert!(rows.iter().all(|(_, _, by)| by.is_some()), "{rows:?}");
        let w = app.app_state.matching.weights();
        assert_eq!(
            (w.semantic, w.threshold, w.max_rerank_candidates),
            (0.6, 0.25, 30)
        );
        let page = admin.get_html("/admin/matching").await;
        assert_eq!(input_value(&page, "weight_semantic"), "0.6");
        assert_eq!(input_value(&page, "match_threshold"), "0.25");
        let audit = admin.get_html("/admin/audit").await;
        assert!(audit.contains("matching_settings_changed"), "{audit}");
        assert!(audit.contains("weight_semantic 0.45 → 0.6"), "{audit}");

        // A restarted server starts with the saved settings.
        let again = app.restart().await;
        let w = again.app_state.matching.weights();
        assert_eq!((w.semantic, w.max_rerank_candidates), (0.6, 30));
        let admin2 = again.admin().await;
        let page = admin2.get_html("/admin/matching").await;
        assert_eq!(input_value(&page, "weight_semantic"), "0.6");
        assert_eq!(input_value(&page, "max_rerank_candidates"), "30");
    }
);

/// Titles of the recommendations on the page, best first.
fn titles(html: &str) -> Vec<String> {
    html.split("<article class=\"card recommendation\">")
        .skip(1)
        .filter_map(|card| {
            let link = card.find("<a href=\"/internships/")?;
            let start = card[link..].find('>')? + link + 1;
            let end = card[start..].find("</a>")? + start;
            Some(card[start..end].to_string())
        })
        .collect()
}

both_backends!(
    weights_saved_by_an_admin_reorder_the_next_recommendations,
    |app: TestApp| async move {
        app.wait_ready().await;
        let employer = app.approved_employer("Pune Ledger Works").await;
        employer
            .post_internship(&[
                ("title", "Accounts Intern"),
                (
                    "description",
                    "Keep the books in Tally and file GST returns.",
                ),
                ("skills", "Tally, GST"),
                ("location", "Pune"),
                ("mode", "onsite"),
            ])
            .await;
        employer
            .post_internship(&[
                ("title", "Data Analyst Intern"),
                (
                    "description",
                    "Analyse sales data with Python, pandas and SQL.",
                ),
                ("skills", "Python, pandas, SQL"),
                ("location", "Chennai"),
                ("mode", "onsite"),
            ])
            .await;
        let account = app.signup("student").await;
        let res = app
            .post_form(
                "/profile",
                "/profile",
                &[
                    ("skills", "Python, pandas, SQL"),
                    ("interests", "data analysis"),
                    ("current_city", "Pune"),
                    ("preferred_location", "Pune"),
                    ("work_mode", "onsite"),
                ],
            )
            .await;
        assert_eq!(res.status(), 303);
        wait_internship_embeddings(&app, 2).await;
        let before = titles(&app.get_html("/recommendations").await);
        assert_eq!(
            before.first().map(String::as_str),
            Some("Data Analyst Intern"),
            "{before:?}"
        );

        // Only location counts now: the internship in the student's city comes first.
        let admin = app.admin().await;
        let res = save_matching(
            &admin,
            &[
                ("weight_semantic", "0"),
                ("weight_skills", "0"),
                ("weight_field", "0"),
                ("weight_lexical", "0"),
                ("weight_feedback", "0"),
                ("weight_location", "1"),
                ("match_threshold", "0"),
            ],
        )
        .await;
        assert_eq!(res.status(), 303);
        let after = titles(&app.get_html("/recommendations").await);
        assert_eq!(
            after.first().map(String::as_str),
            Some("Accounts Intern"),
            "{after:?}"
        );
        let student_id = student_id_of(&app, &account.email).await;
        assert_eq!(logged_versions(&app, student_id).await, vec!["hybrid-1"]);
    }
);

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
        wait_internship_embeddings(&app, 2).await;
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
