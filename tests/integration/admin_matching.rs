//! `/admin/matching`'s settings: the form an admin tunes (checked, audited, admin-only, CSRF)
//! and the weights it saves ordering the next recommendations.

use crate::both_backends;
use crate::helpers::*;
use crate::recommendations::{titles, wait_embeddings};
use crate::reranker::logged_versions;
use diesel::prelude::*;
use praktiki::db::DbError;
use praktiki::db::schema::app_settings;

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
        wait_embeddings(&app, "internship", 2).await;
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
