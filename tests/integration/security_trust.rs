//! Trust that must hold across routes: reactions only to postings a student can see (each student
//! counted once), a verified company that takes another name is verified again, and a client
//! behind a proxy cannot choose the address the audit log records.

use crate::both_backends;
use crate::helpers::*;
use diesel::prelude::*;
use praktiki::db::schema::{audit_log, match_feedback};

async fn reactions(app: &TestApp, internship: i64, kind: &'static str) -> i64 {
    app.app_state
        .db
        .run(move |conn| {
            match_feedback::table
                .filter(match_feedback::internship_id.eq(internship))
                .filter(match_feedback::kind.eq(kind))
                .count()
                .get_result::<i64>(conn)
                .map_err(praktiki::db::DbError::from)
        })
        .await
        .unwrap()
}

both_backends!(
    reactions_only_to_listed_postings_and_each_student_counts_once,
    |app: TestApp| async move {
        let employer = app.approved_employer("Ledger Labs").await;
        let post = |title: &'static str| {
            let employer = &employer;
            async move {
                employer
                    .post_internship(&[
                        ("title", title),
                        ("description", "SQL and dashboards"),
                        ("skills", "SQL"),
                    ])
                    .await
            }
        };
        let listed = post("Data Analyst Intern").await;
        let taken_down = post("Taken Down Intern").await;
        let admin = app.admin().await;
        let res = admin
            .post_form(
                "/admin/internships",
                &format!("/admin/internships/{taken_down}/takedown"),
                &[("reason", "spam")],
            )
            .await;
        assert_eq!(res.status(), 303);
        // A company declined after posting: its postings are hidden from everyone.
        let declined = app.approved_employer("Declined Co").await;
        let hidden = declined
            .post_internship(&[
                ("title", "Hidden Intern"),
                ("description", "SQL"),
                ("skills", "SQL"),
            ])
            .await;
        let reject = admin_action(
            &admin,
            "/admin/employers?status=approved",
            "Declined Co",
            "/reject",
        )
        .await;
        assert_eq!(
            admin
                .post_form("/admin/employers", &reject, &[])
                .await
                .status(),
            303
        );
        assert_eq!(
            app.new_browser()
                .get(&format!("/internships/{hidden}"))
                .await
                .status(),
            404
        );

        let (student, _) = app.student_with_profile("SQL", "data").await;
        for id in [taken_down, hidden, 999_999] {
            for kind in ["like", "dismiss"] {
                let res = student
                    .post_form(
                        "/recommendations",
                        &format!("/recommendations/{id}/feedback"),
                        &[("kind", kind)],
                    )
                    .await;
                assert_eq!(res.status(), 404, "{kind} on {id}");
            }
        }
        assert_eq!(reactions(&app, taken_down, "like").await, 0);
        assert_eq!(reactions(&app, hidden, "like").await, 0);
        assert_eq!(reactions(&app, hidden, "dismiss").await, 0);

        // Liking the same posting again and again records one like: one student can't pump the
        // crowd signal every other student's ranking uses.
        for _ in 0..5 {
            let res = student
                .post_form(
                    "/recommendations",
                    &format!("/recommendations/{listed}/feedback"),
                    &[("kind", "like")],
                )
                .await;
            assert_eq!(res.status(), 303);
        }
        assert_eq!(reactions(&app, listed, "like").await, 1);
        let crowd = app
            .app_state
            .db
            .run(move |conn| praktiki::matching::store::crowd_all(conn, &[listed]))
            .await
            .unwrap();
        assert_eq!(crowd, vec![(listed, "like".to_string(), 1)]);
        // Changing one's mind is still recorded.
        student
            .post_form(
                "/recommendations",
                &format!("/recommendations/{listed}/feedback"),
                &[("kind", "dismiss")],
            )
            .await;
        assert_eq!(reactions(&app, listed, "dismiss").await, 1);
    }
);

both_backends!(
    a_verified_company_that_takes_another_name_is_verified_again,
    |app: TestApp| async move {
        let employer = app.approved_employer("Tiny Startup").await;
        let internship = employer
            .post_internship(&[
                ("title", "Data Analyst Intern"),
                ("description", "SQL and dashboards"),
                ("skills", "SQL"),
            ])
            .await;
        let profile = |name: &'static str, city: &'static str| {
            let employer = &employer;
            async move {
                employer
                    .post_form(
                        "/employer/profile",
                        "/employer/profile",
                        &[
                            ("company_name", name),
                            ("contact_number", "98765 43210"),
                            ("city", city),
                        ],
                    )
                    .await
            }
        };
        // Other details, or the same name spelt differently, keep the verification.
        assert_eq!(profile("TINY  startup", "Mumbai").await.status(), 303);
        assert_eq!(
            app.get(&format!("/internships/{internship}"))
                .await
                .status(),
            200
        );
        // Another name: back to the admins, and hidden meanwhile.
        assert_eq!(profile("Infosys Limited", "Mumbai").await.status(), 303);
        assert!(
            employer
                .get_html("/employer/profile")
                .await
                .contains("verifies it again")
        );
        assert_eq!(
            app.get(&format!("/internships/{internship}"))
                .await
                .status(),
            404
        );
        let page = employer.get_html("/employer/internships/new").await;
        assert!(page.contains("verified by an administrator"), "{page}");
        let admin = app.admin().await;
        let approve = admin_action(
            &admin,
            "/admin/employers?status=pending",
            "Infosys Limited",
            "/approve",
        )
        .await;
        let renamed = app
            .app_state
            .db
            .run(|conn| {
                audit_log::table
                    .filter(audit_log::action.eq("employer_renamed"))
                    .select(audit_log::detail)
                    .load::<Option<String>>(conn)
                    .map_err(praktiki::db::DbError::from)
            })
            .await
            .unwrap();
        assert_eq!(renamed.len(), 1);
        assert!(
            renamed[0]
                .as_deref()
                .unwrap_or("")
                .contains("Infosys Limited")
        );
        assert_eq!(
            admin
                .post_form("/admin/employers", &approve, &[])
                .await
                .status(),
            303
        );
        assert_eq!(
            app.get(&format!("/internships/{internship}"))
                .await
                .status(),
            200
        );
    }
);

/// The address the audit log recorded for the latest failed login of `email`.
async fn audited_ip(app: &TestApp, email: &str) -> Option<String> {
    let email = email.to_string();
    app.app_state
        .db
        .run(move |conn| {
            audit_log::table
                .filter(audit_log::action.eq("login"))
                .filter(audit_log::actor_email.eq(email))
                .order(audit_log::id.desc())
                .select(audit_log::ip)
                .first::<Option<String>>(conn)
                .map_err(praktiki::db::DbError::from)
        })
        .await
        .unwrap()
}

/// Behind a trusted proxy the client address is the one the proxy added last: what the client
/// wrote itself (`Forwarded`, earlier `X-Forwarded-For` entries) would let it choose a new
/// address per request and get past every per-address rate limit.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn behind_a_proxy_the_client_cannot_choose_its_address() {
    let mut vars = std::collections::HashMap::new();
    vars.insert("TRUST_PROXY_HEADERS".to_string(), "true".to_string());
    let app = TestApp::spawn_with(Backend::Sqlite, vars, Some(shared_model())).await;
    let _database = app.db.clone();
    let token = app.csrf_token("/login").await;
    let attempt = |email: &'static str, headers: &'static [(&'static str, &'static str)]| {
        let app = &app;
        let token = token.clone();
        async move {
            let mut req = app.client.post(app.url("/login")).form(&[
                ("email", email),
                ("password", "not-the-password-1"),
                ("csrf_token", &token),
            ]);
            for (name, value) in headers {
                req = req.header(*name, *value);
            }
            let res = req.send().await.unwrap();
            assert_eq!(res.status(), 401);
            audited_ip(app, email).await
        }
    };
    let spoofed = attempt(
        "spoof-a@example.in",
        &[
            ("Forwarded", "for=6.6.6.6"),
            ("X-Forwarded-For", "7.7.7.7, 10.1.2.3"),
        ],
    )
    .await;
    assert_eq!(spoofed.as_deref(), Some("10.1.2.3"));
    let garbage = attempt(
        "spoof-b@example.in",
        &[("X-Forwarded-For", "7.7.7.7, not-an-ip")],
    )
    .await;
    assert_eq!(garbage.as_deref(), Some("127.0.0.1"));
    let direct = attempt("spoof-c@example.in", &[("Forwarded", "for=6.6.6.6")]).await;
    assert_eq!(direct.as_deref(), Some("127.0.0.1"));
}
