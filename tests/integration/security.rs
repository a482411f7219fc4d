//! Adversarial checks across routes: ids of other people's rows, redirects built from user input,
//! hostile input that used to end in a 500 or a panic, metrics label cardinality, reactions to
//! postings the student cannot see, a verified company renaming itself, and client addresses
//! behind a proxy.

use crate::both_backends;
use crate::helpers::*;
use diesel::prelude::*;
use praktiki::db::schema::{audit_log, interviews, match_feedback};

/// (browser, method, path, expected status) cases, checked in order with a readable failure.
async fn expect_statuses(cases: &[(&TestApp, &str, String, u16)]) {
    for (browser, method, path, expected) in cases {
        let res = match *method {
            "GET" => browser.get(path).await,
            // A real form post: a valid token for this browser, so only the rules decide.
            _ => browser.post_form("/", path, &[]).await,
        };
        assert_eq!(res.status().as_u16(), *expected, "{method} {path}");
    }
}

async fn interview_status(app: &TestApp, id: i64) -> String {
    app.app_state
        .db
        .run(move |conn| {
            interviews::table
                .find(id)
                .select(interviews::status)
                .first::<String>(conn)
                .map_err(praktiki::db::DbError::from)
        })
        .await
        .expect("interview exists")
}

async fn apply(student: &TestApp, internship: i64) -> i64 {
    let page = format!("/internships/{internship}/apply");
    let res = student.post_form(&page, &page, &[]).await;
    assert_eq!(
        res.status(),
        303,
        "{}",
        res.text().await.unwrap_or_default()
    );
    application_id(&res)
}

/// Shortlists the application and proposes an interview; returns the interview's id.
async fn propose_interview(employer: &TestApp, application: i64) -> i64 {
    let res = employer
        .post_form(
            "/employer",
            &format!("/employer/applications/{application}/status"),
            &[("status", "shortlisted")],
        )
        .await;
    assert_eq!(res.status(), 303);
    let page = format!("/employer/applications/{application}/interview");
    let res = employer
        .post_form(
            &page,
            &page,
            &[("scheduled_at", "2099-03-01T10:30"), ("mode", "online")],
        )
        .await;
    assert_eq!(
        res.status(),
        303,
        "{}",
        res.text().await.unwrap_or_default()
    );
    let db = employer.app_state.db.clone();
    db.run(move |conn| {
        interviews::table
            .filter(interviews::application_id.eq(application))
            .select(interviews::id)
            .order(interviews::id.desc())
            .first::<i64>(conn)
            .map_err(praktiki::db::DbError::from)
    })
    .await
    .expect("an interview")
}

both_backends!(
    other_peoples_ids_are_not_found_and_other_roles_are_forbidden,
    |app: TestApp| async move {
        let owner = app.approved_employer("Ledger Labs").await;
        let internship = owner
            .post_internship(&[
                ("title", "Data Analyst Intern"),
                ("description", "SQL and dashboards"),
                ("skills", "SQL"),
            ])
            .await;
        let (student, _) = app.student_with_profile("SQL", "data").await;
        let application = apply(&student, internship).await;
        let interview = propose_interview(&owner, application).await;
        // Another student with an application (and interview) of their own.
        let (other, _) = app.student_with_profile("Excel", "accounts").await;
        let other_application = apply(&other, internship).await;
        let other_interview = propose_interview(&owner, other_application).await;
        let rival = app.approved_employer("Rival Ltd").await;
        let institute = app
            .approved_institute("Government College", "C-40123")
            .await;
        let anonymous = app.new_browser();

        let a = application;
        let cases: Vec<(&TestApp, &str, String, u16)> = vec![
            // A rival company: the application and its posting don't exist for it.
            (
                &rival,
                "GET",
                format!("/employer/applications/{a}/interview"),
                404,
            ),
            (
                &rival,
                "POST",
                format!("/employer/applications/{a}/interview"),
                404,
            ),
            (
                &rival,
                "POST",
                format!("/employer/applications/{a}/status"),
                404,
            ),
            (
                &rival,
                "GET",
                format!("/employer/internships/{internship}/applicants"),
                404,
            ),
            (
                &rival,
                "GET",
                format!("/employer/internships/{internship}/edit"),
                404,
            ),
            (
                &rival,
                "POST",
                format!("/employer/internships/{internship}/edit"),
                404,
            ),
            (
                &rival,
                "POST",
                format!("/employer/internships/{internship}/close"),
                404,
            ),
            // Another student: neither the application nor its interview.
            (&other, "GET", format!("/applications/{a}"), 404),
            (&other, "POST", format!("/applications/{a}/withdraw"), 404),
            (
                &other,
                "POST",
                format!("/applications/{a}/interviews/{interview}/confirm"),
                404,
            ),
            // Their own application with someone else's interview id, and an unknown one.
            (
                &other,
                "POST",
                format!("/applications/{other_application}/interviews/{interview}/confirm"),
                404,
            ),
            (
                &student,
                "POST",
                format!("/applications/{a}/interviews/{other_interview}/confirm"),
                404,
            ),
            (
                &student,
                "POST",
                format!("/applications/{a}/interviews/999999/confirm"),
                404,
            ),
            // Ids that are no ids.
            (&student, "GET", "/applications/-1".to_string(), 404),
            (
                &student,
                "GET",
                "/applications/99999999999999999999".to_string(),
                404,
            ),
            (&student, "POST", "/internships/-5/save".to_string(), 404),
            // Other roles: forbidden, whatever the id.
            (
                &student,
                "GET",
                format!("/employer/internships/{internship}/applicants"),
                403,
            ),
            (
                &student,
                "POST",
                format!("/employer/applications/{a}/status"),
                403,
            ),
            (&owner, "GET", format!("/applications/{a}"), 403),
            (
                &owner,
                "POST",
                format!("/applications/{a}/interviews/{interview}/confirm"),
                403,
            ),
            (
                &owner,
                "POST",
                format!("/recommendations/{internship}/feedback"),
                403,
            ),
            (&institute, "GET", format!("/applications/{a}"), 403),
            (
                &institute,
                "GET",
                format!("/employer/applications/{a}/interview"),
                403,
            ),
            (&rival, "GET", "/institute/students".to_string(), 403),
            (&student, "GET", "/admin/users".to_string(), 403),
            (
                &owner,
                "POST",
                "/admin/internships/1/takedown".to_string(),
                403,
            ),
            // Signed out: sent to the login page.
            (&anonymous, "GET", format!("/applications/{a}"), 303),
            (
                &anonymous,
                "GET",
                format!("/employer/applications/{a}/interview"),
                303,
            ),
        ];
        expect_statuses(&cases).await;
        // Nothing moved.
        assert_eq!(interview_status(&app, interview).await, "proposed");
        assert_eq!(interview_status(&app, other_interview).await, "proposed");
        assert!(
            student
                .get_html("/applications")
                .await
                .contains("Data Analyst Intern")
        );

        // A withdrawn application's interview can no longer be confirmed, and the page stops
        // offering to.
        let res = student
            .post_form(
                &format!("/applications/{a}"),
                &format!("/applications/{a}/withdraw"),
                &[],
            )
            .await;
        assert_eq!(res.status(), 303);
        let detail = student.get_html(&format!("/applications/{a}")).await;
        assert!(!detail.contains("/confirm\""), "{detail}");
        let res = student
            .post_form(
                &format!("/applications/{a}"),
                &format!("/applications/{a}/interviews/{interview}/confirm"),
                &[],
            )
            .await;
        assert_eq!(res.status(), 403);
        assert_eq!(interview_status(&app, interview).await, "proposed");
        assert!(
            !owner
                .get_html("/notifications")
                .await
                .contains("confirmed their interview")
        );
    }
);

both_backends!(
    redirect_targets_with_control_characters_stay_on_the_site,
    |app: TestApp| async move {
        let employer = app.approved_employer("Ledger Labs").await;
        let internship = employer
            .post_internship(&[
                ("title", "Data Analyst Intern"),
                ("description", "SQL and dashboards"),
                ("skills", "SQL"),
            ])
            .await;
        // Browsers drop tabs and line breaks from a Location: "/\t/evil" would be "//evil".
        let hostile = [
            "/\t/evil.example",
            "/\n/evil.example",
            "/\r/evil.example",
            "\t//evil.example",
            "/\\evil.example",
        ];
        let visitor = app.new_browser();
        let (student, account) = app.student_with_profile("SQL", "data").await;
        for next in hostile {
            let res = visitor
                .post_form("/", "/language", &[("lang", "en"), ("next", next)])
                .await;
            assert_eq!(res.status(), 303);
            assert_eq!(location(&res), "/", "language next {next:?}");

            let res = student
                .post_form(
                    "/",
                    &format!("/internships/{internship}/save"),
                    &[("back", next)],
                )
                .await;
            assert_eq!(res.status(), 303);
            assert_eq!(location(&res), "/", "save back {next:?}");

            let fresh = app.new_browser();
            let res = fresh
                .post_form(
                    "/login",
                    "/login",
                    &[
                        ("email", &account.email),
                        ("password", &account.password),
                        ("next", next),
                    ],
                )
                .await;
            assert_eq!(res.status(), 303);
            assert_eq!(location(&res), "/", "login next {next:?}");
        }
        // A local target is kept.
        let res = visitor
            .post_form(
                "/",
                "/language",
                &[("lang", "en"), ("next", "/internships?q=sql")],
            )
            .await;
        assert_eq!(location(&res), "/internships?q=sql");
    }
);

both_backends!(
    metrics_labels_stay_bounded_under_made_up_methods_and_paths,
    |app: TestApp| async move {
        for i in 0..15 {
            let method = reqwest::Method::from_bytes(format!("PROBE{i}").as_bytes()).unwrap();
            let res = app
                .client
                .request(
                    method,
                    app.url(&format!("/random-{i}/{}", uuid::Uuid::new_v4())),
                )
                .send()
                .await
                .unwrap();
            assert!(res.status().is_client_error(), "{}", res.status());
            let method = reqwest::Method::from_bytes(format!("PROBE{i}").as_bytes()).unwrap();
            app.client
                .request(method, app.url("/internships/1"))
                .send()
                .await
                .unwrap();
        }
        let text = app.get_html("/metrics").await;
        assert!(!text.contains("PROBE"), "made-up methods became labels");
        assert!(!text.contains("random-"), "raw paths became labels");
        assert!(text.contains("method=\"OTHER\""), "{text}");
        let series = text
            .lines()
            .filter(|l| l.starts_with("praktiki_http_requests_total{"))
            .count();
        assert!(series <= 6, "{series} series:\n{text}");
    }
);

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
    nul_characters_in_forms_and_queries_are_refused_with_a_page,
    |app: TestApp| async move {
        let res = app.get("/internships?q=data%00analyst").await;
        assert_eq!(res.status(), 400);
        assert!(res.text().await.unwrap().contains("NUL"));
        let res = app.get("/login?next=%2F%00").await;
        assert_eq!(res.status(), 400);
        let email = format!("nul-{}@example.in", uuid::Uuid::new_v4().simple());
        let res = app
            .post_form(
                "/signup",
                "/signup",
                &[
                    ("full_name", "Asha\0 Verma"),
                    ("email", &email),
                    ("password", GOOD_PASSWORD),
                    ("role", "student"),
                ],
            )
            .await;
        assert_eq!(res.status(), 400);
        let res = app
            .post_form(
                "/login",
                "/login",
                &[("email", "a\0@example.in"), ("password", "x")],
            )
            .await;
        assert_eq!(res.status(), 400);
        let (student, _) = app.student_with_profile("SQL", "data").await;
        let res = student
            .post_form("/profile", "/profile", &[("interests", "data\0science")])
            .await;
        assert_eq!(res.status(), 400);
        assert!(!student.get_html("/profile").await.contains("science"));
        // The same forms without the NUL still work.
        let res = student
            .post_form("/profile", "/profile", &[("interests", "data science")])
            .await;
        assert_eq!(res.status(), 303);
        assert_eq!(app.get("/internships?q=data").await.status(), 200);
    }
);

both_backends!(
    hostile_texts_and_numbers_get_form_errors_not_failures,
    |app: TestApp| async move {
        // Case mapping that shifts byte offsets ("K", the Kelvin sign, shrinks when lowercased
        // while "Ⱥ" grows) in a posting and a profile used to panic the skill extraction behind
        // recommendations and the applicants page.
        let tricky = "Skills \u{212A}: \u{23A}\u{23A}, SQL";
        let employer = app.approved_employer("Ledger Labs").await;
        let internship = employer
            .post_internship(&[
                ("title", "Data Analyst Intern"),
                ("description", tricky),
                ("skills", "SQL"),
            ])
            .await;
        let (student, _) = app.student_with_profile("SQL", tricky).await;
        apply(&student, internship).await;
        let res = employer
            .get(&format!("/employer/internships/{internship}/applicants"))
            .await;
        assert_eq!(res.status(), 200);
        assert_eq!(student.get("/recommendations").await.status(), 200);

        // Dates PostgreSQL cannot store, and numbers that overflow, are form errors.
        for (field, value) in [
            ("start_date", "-5000-01-01"),
            ("start_date", "+200000-01-01"),
            ("deadline", "99999-12-31"),
            ("stipend_amount", "99999999999999999999"),
            ("duration_weeks", "-2147483649"),
            ("openings", "1e9"),
        ] {
            let mut fields = vec![
                ("title", "Odd Intern"),
                ("description", "Odd"),
                ("location", "Pune"),
                ("mode", "remote"),
                ("duration_weeks", "12"),
                ("skills", "SQL"),
            ];
            fields.retain(|(name, _)| *name != field);
            fields.push((field, value));
            let res = employer
                .post_form(
                    "/employer/internships/new",
                    "/employer/internships/new",
                    &fields,
                )
                .await;
            assert_eq!(res.status(), 422, "{field}={value}");
        }
        // Huge page numbers and search numbers are clamped or ignored.
        for path in [
            "/internships?page=9223372036854775807",
            "/internships?min_stipend=99999999999999&max_weeks=-1",
            "/notifications?page=-9223372036854775808",
        ] {
            let res = student.get(path).await;
            assert_eq!(res.status(), 200, "{path}");
        }
        assert_eq!(student.get("/internships?page=1e99").await.status(), 400);

        // A login with an absurdly long address is just a failed login.
        let long: String = (0..150)
            .map(|_| uuid::Uuid::new_v4().simple().to_string())
            .collect();
        let res = app
            .new_browser()
            .login(&format!("{long}@example.in"), GOOD_PASSWORD)
            .await;
        assert_eq!(res.status(), 401);
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
