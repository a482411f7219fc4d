//! Offers end to end (issue 15): an offer with terms and a reply-by date, accepted (which ends
//! the student's search in one transaction), declined or expired; the employer's applicant page
//! that marks an application viewed once; a suspended company's applications closed.

use crate::both_backends;
use crate::helpers::*;
use diesel::prelude::*;
use praktiki::db::schema::{
    application_events, applications, email_outbox, employer_profiles, internships, offers, users,
};
use std::collections::HashMap;
use std::time::Duration;

pub(crate) async fn status_of(app: &TestApp, id: i64) -> String {
    app.app_state
        .db
        .run(move |conn| {
            applications::table
                .find(id)
                .select(applications::status)
                .first::<String>(conn)
                .map_err(praktiki::db::DbError::from)
        })
        .await
        .expect("application exists")
}

pub(crate) async fn events_of(app: &TestApp, id: i64) -> Vec<String> {
    app.app_state
        .db
        .run(move |conn| {
            application_events::table
                .filter(application_events::application_id.eq(id))
                .order(application_events::id.asc())
                .select(application_events::to_status)
                .load::<String>(conn)
                .map_err(praktiki::db::DbError::from)
        })
        .await
        .unwrap()
}

pub(crate) async fn offer_status(app: &TestApp, application: i64) -> String {
    app.app_state
        .db
        .run(move |conn| {
            offers::table
                .filter(offers::application_id.eq(application))
                .select(offers::status)
                .first::<String>(conn)
                .map_err(praktiki::db::DbError::from)
        })
        .await
        .expect("an offer exists")
}

/// The user id and email of the company that posted `internship`.
pub(crate) async fn employer_of(app: &TestApp, internship: i64) -> (i64, String) {
    app.app_state
        .db
        .run(move |conn| {
            internships::table
                .inner_join(employer_profiles::table.inner_join(users::table))
                .filter(internships::id.eq(internship))
                .select((users::id, users::email))
                .first::<(i64, String)>(conn)
                .map_err(praktiki::db::DbError::from)
        })
        .await
        .unwrap()
}

pub(crate) async fn posting(employer: &TestApp, title: &str) -> i64 {
    employer
        .post_internship(&[
            ("title", title),
            ("description", "SQL, dashboards and tidy data."),
            ("skills", "SQL, Python"),
        ])
        .await
}

/// Applies to a posting without screening questions; returns the application id.
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

/// The employer moves an application through its own applicant page.
pub(crate) async fn move_to(
    employer: &TestApp,
    id: i64,
    fields: &[(&str, &str)],
) -> reqwest::Response {
    employer
        .post_form(
            &format!("/employer/applications/{id}"),
            &format!("/employer/applications/{id}/status"),
            fields,
        )
        .await
}

/// Shortlists and then offers the place (a week to answer, the posting's terms).
pub(crate) async fn offer(employer: &TestApp, id: i64) {
    assert_eq!(
        move_to(employer, id, &[("status", "shortlisted")])
            .await
            .status(),
        303
    );
    let res = move_to(employer, id, &[("status", "offered")]).await;
    assert_eq!(
        res.status(),
        303,
        "{}",
        res.text().await.unwrap_or_default()
    );
}

pub(crate) async fn answer_offer(student: &TestApp, id: i64, answer: &str) -> reqwest::Response {
    let action = format!("/applications/{id}/offer/{answer}");
    student
        .post_form(&format!("/applications/{id}"), &action, &[])
        .await
}

/// Waits for an email to `to` whose text holds `words` to be written to the outbox folder;
/// returns the `.eml` file's content.
pub(crate) async fn eml_with(app: &TestApp, to: &str, words: &str) -> String {
    for _ in 0..400 {
        let (to_, words_) = (to.to_string(), format!("%{words}%"));
        let rows: Vec<Option<String>> = app
            .app_state
            .db
            .run(move |conn| {
                email_outbox::table
                    .filter(email_outbox::to_address.eq(to_))
                    .filter(email_outbox::body_text.like(words_))
                    .select(email_outbox::eml_path)
                    .load(conn)
                    .map_err(praktiki::db::DbError::from)
            })
            .await
            .unwrap();
        if let Some(path) = rows.into_iter().flatten().next() {
            return std::fs::read_to_string(path).expect("the .eml file");
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    panic!("no .eml to {to} with {words:?}");
}

pub(crate) async fn fast_jobs(app: &TestApp) -> TestApp {
    let mut vars = HashMap::new();
    vars.insert("JOB_POLL_MS".to_string(), "50".to_string());
    TestApp::spawn_with(app.backend, vars, Some(shared_model())).await
}

both_backends!(
    accepting_an_offer_withdraws_the_other_applications_and_tells_their_employers,
    |app: TestApp| async move {
        let app = fast_jobs(&app).await;
        let ledger = app.approved_employer("Ledger Labs").await;
        let rival = app.approved_employer("Rival Analytics").await;
        let x = posting(&ledger, "Data Analyst Intern").await;
        let y = posting(&rival, "BI Intern").await;
        let z = posting(&rival, "Reporting Intern").await;
        let (student, _) = app.student_with_profile("SQL, Python", "data").await;
        let (a, b, c) = (
            apply(&student, x).await,
            apply(&student, y).await,
            apply(&student, z).await,
        );

        // An offer with terms from the status form; bad terms come back with what was typed.
        assert_eq!(
            move_to(&ledger, a, &[("status", "shortlisted")])
                .await
                .status(),
            303
        );
        let res = move_to(
            &ledger,
            a,
            &[
                ("status", "offered"),
                ("reply_by", "45"),
                ("stipend_amount", "lots"),
                ("reason", "Welcome aboard"),
            ],
        )
        .await;
        assert_eq!(res.status(), 422);
        let html = res.text().await.unwrap();
        assert!(
            html.contains("2 to 30 days") && html.contains("value=\"lots\""),
            "{html}"
        );
        assert!(html.contains("Welcome aboard"), "{html}");
        assert_eq!(status_of(&app, a).await, "shortlisted");
        let res = move_to(
            &ledger,
            a,
            &[
                ("status", "offered"),
                ("reply_by", "5"),
                ("stipend_amount", "20000"),
                ("start_date", "2099-01-04"),
                ("location", "Pune, hybrid"),
                ("reason", "Welcome aboard"),
            ],
        )
        .await;
        assert_eq!(res.status(), 303);
        assert_eq!(status_of(&app, a).await, "offered");
        offer(&rival, b).await;

        // The student sees both offers with their terms, and a confirmation step for each answer.
        let detail = student.get_html(&format!("/applications/{a}")).await;
        assert!(
            detail.contains("₹20,000")
                && detail.contains("04 Jan 2099")
                && detail.contains("Pune, hybrid"),
            "{detail}"
        );
        assert!(
            detail.contains(&format!("/applications/{a}/offer/accept\"")),
            "{detail}"
        );
        let dashboard = student.get_html("/dashboard").await;
        assert!(
            dashboard.contains("Data Analyst Intern") && dashboard.contains("BI Intern"),
            "{dashboard}"
        );
        let confirm = student
            .get_html(&format!("/applications/{a}/offer/accept"))
            .await;
        assert!(
            confirm.contains("Accept this offer?") && confirm.contains("csrf_token"),
            "{confirm}"
        );
        let hindi = student
            .client
            .get(student.url(&format!("/applications/{a}/offer/decline")))
            .header("Accept-Language", "hi")
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        assert!(hindi.contains("यह ऑफ़र अस्वीकार करें?"), "{hindi}");

        let res = answer_offer(&student, a, "accept").await;
        assert_eq!(res.status(), 303);
        assert_eq!(status_of(&app, a).await, "accepted");
        assert_eq!(offer_status(&app, a).await, "accepted");
        // Her other offer is declined and her other application withdrawn, with the reason.
        assert_eq!(status_of(&app, b).await, "declined");
        assert_eq!(offer_status(&app, b).await, "declined");
        assert_eq!(status_of(&app, c).await, "withdrawn");
        assert_eq!(events_of(&app, c).await, ["submitted", "withdrawn"]);
        let history = student.get_html(&format!("/applications/{c}")).await;
        assert!(
            history.contains("The candidate accepted another offer."),
            "{history}"
        );

        // Each employer is told in the app and by email (an .eml in the outbox folder).
        let notices = rival.get_html("/notifications").await;
        assert_eq!(
            notices
                .matches("the candidate accepted another offer")
                .count(),
            2,
            "{notices}"
        );
        let (_, rival_email) = employer_of(&app, y).await;
        let eml = eml_with(&app, &rival_email, "accepted another offer").await;
        assert!(eml.contains(&format!("To: {rival_email}")), "{eml}");
        assert!(
            ledger
                .get_html("/notifications")
                .await
                .contains("accepted your offer for Data Analyst Intern")
        );
        // She leaves the other company's ranking (the withdrawn tab still lists her).
        let ranking = rival
            .get_html(&format!("/employer/internships/{z}/applicants"))
            .await;
        assert!(
            !ranking.contains(&format!("application-{c}\"")),
            "{ranking}"
        );
        let withdrawn = rival
            .get_html(&format!(
                "/employer/internships/{z}/applicants?status=withdrawn"
            ))
            .await;
        assert!(
            withdrawn.contains(&format!("application-{c}\"")),
            "{withdrawn}"
        );
        // An answered offer cannot be answered again.
        answer_offer(&student, b, "accept").await;
        assert_eq!(status_of(&app, b).await, "declined");
    }
);
