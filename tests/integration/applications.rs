//! Applications end to end: a student applies (answering screening questions) and the employer
//! moves the application on to accepted, every move checked and notified. Who may apply and move,
//! ranking by fit, taken-down postings and the dashboard are in `applications_rules.rs`.

use crate::both_backends;
use crate::helpers::*;
use diesel::prelude::*;
use praktiki::db::schema::{application_events, applications};

/// A verified student with a profile, signed in on a browser of its own.
pub(crate) async fn student(app: &TestApp, skills: &str, interests: &str) -> (TestApp, Account) {
    app.student_with_profile(skills, interests).await
}

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

pub(crate) const QUESTIONS: [(&str, &str); 3] = [
    ("question_1", "Why do you want to work with data?"),
    ("question_2", "Which SQL query are you proudest of?"),
    (
        "model_answer_2",
        "A window function query that ranked customers by monthly revenue in PostgreSQL.",
    ),
];

pub(crate) async fn data_internship(employer: &TestApp) -> i64 {
    let mut fields = vec![
        ("title", "Data Analyst Intern"),
        (
            "description",
            "Clean data with pandas, write SQL and build dashboards.",
        ),
        ("skills", "Python, SQL, pandas"),
    ];
    fields.extend_from_slice(&QUESTIONS);
    employer.post_internship(&fields).await
}

/// The student applies to `data_internship` with short answers; returns the application's id.
pub(crate) async fn apply_briefly(student: &TestApp, internship: i64) -> i64 {
    let apply_page = format!("/internships/{internship}/apply");
    let res = student
        .post_form(
            &apply_page,
            &apply_page,
            &[("answer_1", "Data."), ("answer_2", "A join.")],
        )
        .await;
    application_id(&res)
}

both_backends!(
    a_student_applies_and_the_employer_moves_the_application_to_accepted,
    |app: TestApp| async move {
        let employer = app.approved_employer("Ledger Labs").await;
        let internship = data_internship(&employer).await;
        let (student, account) = student(&app, "Python, SQL, pandas", "data analysis").await;
        let apply_page = format!("/internships/{internship}/apply");
        let show = student
            .get_html(&format!("/internships/{internship}"))
            .await;
        assert!(
            show.contains(&apply_page),
            "the internship page offers to apply"
        );
        let form = student.get_html(&apply_page).await;
        assert!(form.contains("Why do you want to work with data?"));
        assert!(
            !form.contains("window function"),
            "model answers stay private"
        );

        // A missing answer: the form comes back with the error and everything typed.
        let res = student
            .post_form(
                &apply_page,
                &apply_page,
                &[
                    ("cover_letter", "I love tidy tables."),
                    ("answer_1", "Because numbers tell stories."),
                ],
            )
            .await;
        assert_eq!(res.status(), 422);
        let html = res.text().await.unwrap();
        assert!(html.contains("I love tidy tables."), "cover letter kept");
        assert!(
            html.contains("Because numbers tell stories."),
            "answer kept"
        );
        assert!(html.contains("Answer this question"), "error shown");
        assert!(
            !student
                .get_html("/applications")
                .await
                .contains("Data Analyst Intern")
        );

        let res = student
            .post_form(
                &apply_page,
                &apply_page,
                &[
                    ("cover_letter", "I love tidy tables."),
                    ("answer_1", "Because numbers tell stories."),
                    (
                        "answer_2",
                        "A PostgreSQL window function ranking customers by revenue each month.",
                    ),
                ],
            )
            .await;
        assert_eq!(
            res.status(),
            303,
            "{}",
            res.text().await.unwrap_or_default()
        );
        let id = application_id(&res);
        assert_eq!(status_of(&app, id).await, "submitted");
        // Applying twice leads to the existing application.
        let again = student
            .post_form(
                &format!("/internships/{internship}"),
                &apply_page,
                &[("answer_1", "x"), ("answer_2", "y")],
            )
            .await;
        assert_eq!(location(&again), format!("/applications/{id}"));
        let list = student.get_html("/applications").await;
        assert!(
            list.contains("Data Analyst Intern") && list.contains("Submitted"),
            "{list}"
        );
        // Applied internships leave the recommendations.
        let recs = student.get_html("/recommendations").await;
        assert!(
            !recs.contains(&format!("/internships/{internship}\"")),
            "{recs}"
        );

        // The employer is told, in the app and by email, and sees the applicant with a fit.
        assert!(
            employer
                .get_html("/notifications")
                .await
                .contains("applied to Data Analyst Intern")
        );
        let employer_email = employer_account_email(&app, internship).await;
        assert!(
            latest_email(&app, &employer_email)
                .await
                .contains("applied to Data Analyst Intern")
        );
        let applicants = employer
            .get_html(&format!("/employer/internships/{internship}/applicants"))
            .await;
        assert!(applicants.contains(&account.email), "{applicants}");
        assert!(applicants.contains("% fit"), "fit shown: {applicants}");
        assert!(
            applicants.contains("close to your model answer"),
            "closeness hint shown"
        );
        assert!(applicants.contains("I love tidy tables."));

        // Not allowed: straight from submitted to an offer. Nothing changes.
        let status_action = format!("/employer/applications/{id}/status");
        let applicants_page = format!("/employer/internships/{internship}/applicants");
        let res = employer
            .post_form(&applicants_page, &status_action, &[("status", "offered")])
            .await;
        assert_eq!(res.status(), 303);
        assert_eq!(status_of(&app, id).await, "submitted");

        let res = employer
            .post_form(
                &applicants_page,
                &status_action,
                &[("status", "shortlisted"), ("reason", "Strong SQL answer")],
            )
            .await;
        assert_eq!(res.status(), 303);
        assert_eq!(status_of(&app, id).await, "shortlisted");
        let mail = latest_email(&app, &account.email).await;
        assert!(
            mail.contains("shortlisted") && mail.contains("Strong SQL answer"),
            "{mail}"
        );
        assert!(
            student
                .get_html("/notifications")
                .await
                .contains("shortlisted")
        );

        // An interview: a past time is refused with the values kept; a future one is proposed.
        let interview_page = format!("/employer/applications/{id}/interview");
        let res = employer
            .post_form(
                &interview_page,
                &interview_page,
                &[
                    ("scheduled_at", "2020-01-01T10:00"),
                    ("mode", "online"),
                    ("location_or_link", "https://meet.example.in/abc"),
                ],
            )
            .await;
        assert_eq!(res.status(), 422);
        let html = res.text().await.unwrap();
        assert!(html.contains("https://meet.example.in/abc") && html.contains("future"));
        let res = employer
            .post_form(
                &interview_page,
                &interview_page,
                &[
                    ("scheduled_at", "2099-03-01T10:30"),
                    ("duration_minutes", "45"),
                    ("mode", "online"),
                    ("location_or_link", "https://meet.example.in/abc"),
                ],
            )
            .await;
        assert_eq!(
            res.status(),
            303,
            "{}",
            res.text().await.unwrap_or_default()
        );
        assert_eq!(status_of(&app, id).await, "interview");
        let detail = student.get_html(&format!("/applications/{id}")).await;
        assert!(detail.contains("01 Mar 2099, 10:30"), "{detail}");
        let confirm = detail
            .split("action=\"")
            .find(|s| s.contains("/confirm\""))
            .and_then(|s| s.split('"').next())
            .expect("a confirm button")
            .to_string();
        let res = student
            .post_form(&format!("/applications/{id}"), &confirm, &[])
            .await;
        assert_eq!(res.status(), 303);
        assert!(
            employer
                .get_html("/notifications")
                .await
                .contains("confirmed their interview")
        );
        // Confirming again (a double click) is harmless and tells the employer only once.
        let res = student
            .post_form(&format!("/applications/{id}"), &confirm, &[])
            .await;
        assert_eq!(res.status(), 303);
        assert_eq!(
            employer
                .get_html("/notifications")
                .await
                .matches("confirmed their interview")
                .count(),
            1
        );

        let res = employer
            .post_form(&applicants_page, &status_action, &[("status", "offered")])
            .await;
        assert_eq!(res.status(), 303);
        assert_eq!(status_of(&app, id).await, "offered");
        let res = student
            .post_form(
                &format!("/applications/{id}/offer/accept"),
                &format!("/applications/{id}/offer/accept"),
                &[],
            )
            .await;
        assert_eq!(res.status(), 303);
        assert_eq!(status_of(&app, id).await, "accepted");
        assert_eq!(
            events_of(&app, id).await,
            [
                "submitted",
                "shortlisted",
                "interview",
                "offered",
                "accepted"
            ]
        );
        // An accepted application can no longer be withdrawn.
        let detail = student.get_html(&format!("/applications/{id}")).await;
        assert!(!detail.contains("/withdraw"));
        let res = student
            .post_form(
                &format!("/applications/{id}"),
                &format!("/applications/{id}/withdraw"),
                &[],
            )
            .await;
        assert_eq!(res.status(), 303);
        assert_eq!(status_of(&app, id).await, "accepted");
    }
);

pub(crate) async fn employer_account_email(app: &TestApp, internship: i64) -> String {
    use praktiki::db::schema::{employer_profiles, internships, users};
    app.app_state
        .db
        .run(move |conn| {
            internships::table
                .inner_join(employer_profiles::table.inner_join(users::table))
                .filter(internships::id.eq(internship))
                .select(users::email)
                .first::<String>(conn)
                .map_err(praktiki::db::DbError::from)
        })
        .await
        .unwrap()
}
