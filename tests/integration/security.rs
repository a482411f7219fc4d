//! Adversarial checks across routes: ids of other people's rows, redirects built from user input
//! and metrics label cardinality. Hostile input is in `security_input.rs`; reactions, a renamed
//! company and addresses behind a proxy in `security_trust.rs`.

use crate::both_backends;
use crate::helpers::*;
use diesel::prelude::*;
use praktiki::db::schema::interviews;

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

/// `student` applies to `internship`; the new application's id.
pub(crate) async fn apply(student: &TestApp, internship: i64) -> i64 {
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
