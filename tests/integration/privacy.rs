//! Consent and the smaller things students met (issue 14): the privacy notice accepted at
//! sign-up and again when it changes, the institute seeing applications only with the student's
//! consent and her APAAR ID typed with spaces, and an employer losing a withdrawn applicant's
//! resume and profile.

use crate::both_backends;
use crate::helpers::*;
use diesel::prelude::*;
use praktiki::db::schema::{consents, users};

/// A second server on the same database whose privacy notice has a new version.
async fn with_new_notice(app: &TestApp, version: &str) -> TestApp {
    let mut settings = app.settings.clone();
    settings.privacy_notice_version = version.to_string();
    let server = praktiki::Application::build_with_model(settings.clone(), shared_model())
        .await
        .expect("app starts");
    let port = server.port();
    let state = server.state().clone();
    tokio::spawn(server.run_until_stopped());
    let mut other = app.new_browser();
    other.address = format!("http://127.0.0.1:{port}");
    other.port = port;
    other.settings = settings;
    other.app_state = state;
    other
}

both_backends!(
    sign_up_accepts_the_notice_and_a_new_version_asks_again_at_login,
    |app: TestApp| async move {
        let account = app.signup("student").await;
        let email = account.email.clone();
        let recorded: Vec<(String, bool)> = app
            .app_state
            .db
            .run(move |conn| {
                consents::table
                    .inner_join(users::table)
                    .filter(users::email.eq(email))
                    .filter(consents::purpose.eq("privacy_notice"))
                    .select((consents::version, consents::granted))
                    .load(conn)
                    .map_err(praktiki::db::DbError::from)
            })
            .await
            .expect("consents");
        assert_eq!(
            recorded,
            vec![(app.settings.privacy_notice_version.clone(), true)]
        );
        // Same notice: straight to the dashboard.
        app.logout().await;
        assert_eq!(
            location(&app.login(&account.email, GOOD_PASSWORD).await),
            "/dashboard"
        );

        let changed = with_new_notice(&app, "2099-01-01").await;
        let res = changed.login(&account.email, GOOD_PASSWORD).await;
        let asked = location(&res);
        assert!(asked.starts_with("/privacy/consent?next="), "{asked}");
        let page = changed.get_html(&asked).await;
        assert!(page.contains("2099-01-01"), "{page}");
        let res = changed
            .post_form(&asked, "/privacy/consent", &[("next", "/dashboard")])
            .await;
        assert_eq!(location(&res), "/dashboard");
        changed.logout().await;
        assert_eq!(
            location(&changed.login(&account.email, GOOD_PASSWORD).await),
            "/dashboard",
            "asked once"
        );
    }
);

both_backends!(
    the_institute_sees_apaar_ids_and_applications_only_with_consent,
    |app: TestApp| async move {
        let institute = app.approved_institute("Consent College", "C-0777").await;
        let (student, account) = app
            .linked_student(
                "Nisha Rao",
                "C-0777",
                &[("apaar_id", "1234 5678 9012"), ("skills", "Excel")],
            )
            .await;
        let list = institute.get_html("/institute/students").await;
        let id: i64 = list
            .split("<tr id=\"student-")
            .find(|row| row.contains(&account.email))
            .and_then(|row| row.split('"').next())
            .and_then(|id| id.parse().ok())
            .expect("listed");
        let res = institute
            .post_form(
                "/institute/students",
                &format!("/institute/students/{id}/confirm"),
                &[],
            )
            .await;
        assert_eq!(res.status(), 303);
        let employer = app.approved_employer("Sharing Co").await;
        let internship = employer
            .post_internship(&[
                ("title", "Spreadsheet Intern"),
                ("description", "Tidy sheets."),
                ("skills", "Excel"),
            ])
            .await;
        let apply = format!("/internships/{internship}/apply");
        assert_eq!(student.post_form(&apply, &apply, &[]).await.status(), 303);

        let page = institute
            .get_html(&format!("/institute/students/{id}"))
            .await;
        assert!(page.contains("123456789012"), "APAAR ID shown: {page}");
        assert!(page.contains("Spreadsheet Intern"), "{page}");
        let csv = institute
            .get("/institute/students.csv")
            .await
            .text()
            .await
            .expect("csv");
        assert!(csv.contains("123456789012"), "{csv}");

        // She withdraws her consent: the institute no longer sees her applications.
        let res = student
            .post_form("/account/export", "/account/sharing", &[])
            .await;
        assert_eq!(res.status(), 303);
        let page = institute
            .get_html(&format!("/institute/students/{id}"))
            .await;
        assert!(!page.contains("Spreadsheet Intern"), "{page}");
        let res = student
            .post_form("/account/export", "/account/sharing", &[("share", "yes")])
            .await;
        assert_eq!(res.status(), 303);
        let page = institute
            .get_html(&format!("/institute/students/{id}"))
            .await;
        assert!(page.contains("Spreadsheet Intern"), "{page}");
    }
);

both_backends!(
    an_employer_loses_a_withdrawn_applicants_resume_and_profile,
    |app: TestApp| async move {
        let employer = app.approved_employer("Careful Corp").await;
        let internship = employer
            .post_internship(&[
                ("title", "Careful Intern"),
                ("description", "Be careful."),
                ("skills", "Python"),
            ])
            .await;
        let (student, _) = app.student_with_profile("Python", "data").await;
        let res = student
            .upload_file(
                "/resume",
                "/resume/upload",
                "cv.pdf",
                "application/pdf",
                &fixture("resume.pdf"),
            )
            .await;
        assert_eq!(res.status(), 303);
        let apply = format!("/internships/{internship}/apply");
        let res = student.post_form(&apply, &apply, &[]).await;
        let id = application_id(&res);
        let applicants = format!("/employer/internships/{internship}/applicants");
        let list = employer.get_html(&applicants).await;
        let file_link = list
            .split("href=\"")
            .filter_map(|s| s.split('"').next())
            .find(|href| href.starts_with("/resume/file/"))
            .expect("the resume is offered")
            .to_string();
        assert_eq!(employer.get(&file_link).await.status(), 200);

        // The detail page asks before withdrawing.
        let detail = student.get_html(&format!("/applications/{id}")).await;
        assert!(detail.contains("cannot be undone"), "{detail}");
        let res = student
            .post_form(
                &format!("/applications/{id}"),
                &format!("/applications/{id}/withdraw"),
                &[],
            )
            .await;
        assert_eq!(res.status(), 303);
        let list = employer.get_html(&applicants).await;
        assert!(!list.contains("/resume/file/"), "{list}");
        assert!(!list.contains("B.Tech"), "profile details hidden: {list}");
        assert_eq!(employer.get(&file_link).await.status(), 404);
        assert!(list.contains("Withdrawn"), "the history stays: {list}");
    }
);
