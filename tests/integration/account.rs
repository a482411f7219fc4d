//! A user's own data (issue 14): the export of everything held about her and the erasure of her
//! account, as an employer and the platform see them afterwards.

use crate::both_backends;
use crate::helpers::*;
use diesel::prelude::*;
use praktiki::db::schema::{audit_log, embeddings, uploaded_files, users};
use std::io::Read;
use std::time::Duration;

/// Polls the outbox of `to` until a message holds `path`; returns that message's text.
async fn email_with(app: &TestApp, to: &str, path: &str) -> String {
    for _ in 0..600 {
        let to = to.to_string();
        let bodies: Vec<String> = app
            .app_state
            .db
            .run(move |conn| {
                use praktiki::db::schema::email_outbox;
                email_outbox::table
                    .filter(email_outbox::to_address.eq(to))
                    .select(email_outbox::body_text)
                    .load::<String>(conn)
                    .map_err(praktiki::db::DbError::from)
            })
            .await
            .expect("outbox");
        if let Some(body) = bodies.into_iter().find(|b| b.contains(path)) {
            return body;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    panic!("no email to {to} with {path}");
}

/// A verified student named Kavya Rao with a profile and the fixture resume.
async fn kavya(app: &TestApp) -> (TestApp, Account) {
    let student = app.new_browser();
    let account = student.signup_as("student", "Kavya Rao").await;
    student.verify(&account).await;
    let res = student
        .post_form(
            "/profile",
            "/profile",
            &[
                ("skills", "Python, SQL"),
                ("current_city", "Pune"),
                ("phone_number", "9876543210"),
            ],
        )
        .await;
    assert_eq!(
        res.status(),
        303,
        "{}",
        res.text().await.unwrap_or_default()
    );
    let res = student
        .upload_file(
            "/resume",
            "/resume/upload",
            "kavya-cv.pdf",
            "application/pdf",
            &fixture("resume.pdf"),
        )
        .await;
    assert_eq!(res.status(), 303);
    (student, account)
}

async fn count_files_of(app: &TestApp, email: &str) -> i64 {
    let email = email.to_string();
    app.app_state
        .db
        .run(move |conn| {
            uploaded_files::table
                .inner_join(users::table)
                .filter(users::email.eq(email))
                .count()
                .get_result(conn)
                .map_err(praktiki::db::DbError::from)
        })
        .await
        .expect("count")
}

both_backends!(
    a_student_exports_her_data_then_erases_her_account,
    |app: TestApp| async move {
        let employer = app.approved_employer("Ledger Labs").await;
        let first = employer
            .post_internship(&[
                ("title", "Data Intern"),
                ("description", "Clean our ledgers."),
                ("skills", "Python"),
                ("question_1", "Why data?"),
            ])
            .await;
        let second = employer
            .post_internship(&[
                ("title", "SQL Intern"),
                ("description", "Write reports."),
                ("skills", "SQL"),
            ])
            .await;
        let (student, account) = kavya(&app).await;
        for (id, fields) in [
            (
                first,
                vec![
                    ("cover_letter", "I like ledgers."),
                    ("answer_1", "Numbers speak."),
                ],
            ),
            (second, vec![("cover_letter", "Reports are fun.")]),
        ] {
            let apply = format!("/internships/{id}/apply");
            let res = student.post_form(&apply, &apply, &fields).await;
            assert_eq!(
                res.status(),
                303,
                "{}",
                res.text().await.unwrap_or_default()
            );
        }

        // Export: requested, prepared by the job, linked by email, downloaded by its owner only.
        let res = student
            .post_form("/account/export", "/account/export", &[])
            .await;
        assert_eq!(res.status(), 303);
        let mail = email_with(&app, &account.email, "/account/export/").await;
        let link = link_in(&mail, "/account/export/");
        let stranger = app.new_browser();
        stranger.signup("student").await;
        assert_eq!(stranger.get(&link).await.status(), 404);
        let res = student.get(&link).await;
        assert_eq!(res.status(), 200);
        assert_eq!(res.headers()["content-type"], "application/zip");
        let bytes = res.bytes().await.expect("zip");
        let mut archive =
            zip::ZipArchive::new(std::io::Cursor::new(bytes.to_vec())).expect("a ZIP");
        let mut json = String::new();
        archive
            .by_name("data.json")
            .expect("data.json")
            .read_to_string(&mut json)
            .expect("utf-8");
        let data: serde_json::Value = serde_json::from_str(&json).expect("JSON");
        assert_eq!(data["account"]["email"], account.email.as_str());
        assert_eq!(data["account"]["full_name"], "Kavya Rao");
        let applications = data["applications"].as_array().expect("applications");
        assert_eq!(applications.len(), 2, "{json}");
        assert!(
            json.contains("Numbers speak.") && json.contains("Why data?"),
            "answers"
        );
        assert!(json.contains("I like ledgers."), "cover letters");
        assert!(
            applications
                .iter()
                .all(|a| !a["history"].as_array().unwrap().is_empty())
        );
        assert!(
            json.contains("Python") && json.contains("9876543210"),
            "profile and skills"
        );
        assert!(!json.contains("password"), "no password hash");
        assert!(
            data["resume"]["extracted_text"]
                .as_str()
                .unwrap_or("")
                .contains("Meera")
        );
        let resume_file = (0..archive.len())
            .filter_map(|i| archive.by_index(i).ok().map(|f| f.name().to_string()))
            .find(|name| name.starts_with("files/") && name.ends_with("kavya-cv.pdf"))
            .expect("the resume file is in the ZIP");
        let mut original = Vec::new();
        archive
            .by_name(&resume_file)
            .unwrap()
            .read_to_end(&mut original)
            .unwrap();
        assert_eq!(original, fixture("resume.pdf"));

        // Erasure asks for the password again; a wrong one changes nothing.
        let page = student.get_html("/account/delete").await;
        assert!(page.contains("name=\"password\""), "{page}");
        let res = student
            .post_form(
                "/account/delete",
                "/account/delete",
                &[("password", "not-my-password-1")],
            )
            .await;
        assert_eq!(res.status(), 422);
        assert_eq!(student.get("/profile").await.status(), 200);
        let res = student
            .post_form(
                "/account/delete",
                "/account/delete",
                &[("password", GOOD_PASSWORD)],
            )
            .await;
        assert_eq!(res.status(), 303);
        let email = account.email.clone();
        let (embedded, audited) = app
            .app_state
            .db
            .run(move |conn| {
                let embedded: i64 = embeddings::table
                    .filter(embeddings::entity_type.eq("student"))
                    .count()
                    .get_result(conn)?;
                let audited: i64 = audit_log::table
                    .filter(
                        audit_log::actor_email
                            .eq(&email)
                            .or(audit_log::detail.eq(&email)),
                    )
                    .count()
                    .get_result(conn)?;
                Ok::<_, praktiki::db::DbError>((embedded, audited))
            })
            .await
            .expect("counts");
        assert_eq!(
            audited, 0,
            "the audit log is pseudonymised (before anyone types the address again)"
        );
        // Kavya's embedding is gone (the stranger has no profile, so none).
        assert_eq!(embedded, 0);

        // Signed out, and the password no longer opens anything.
        assert_ne!(student.get("/profile").await.status(), 200);
        assert_eq!(
            student.login(&account.email, GOOD_PASSWORD).await.status(),
            401
        );
        // The export link died with the account.
        assert_ne!(student.get(&link).await.status(), 200);

        // The employer still sees two applications, withdrawn, without name, address or file.
        let list = employer
            .get_html(&format!(
                "/employer/internships/{first}/applicants?status=withdrawn"
            ))
            .await;
        assert!(
            list.contains("the candidate deleted their account"),
            "{list}"
        );
        assert!(!list.contains("Kavya"), "{list}");
        assert!(!list.contains(&account.email), "{list}");
        assert!(!list.contains("/resume/file/"), "{list}");
        assert!(!list.contains("Numbers speak."), "{list}");
        assert_eq!(count_files_of(&app, &account.email).await, 0);
        assert!(files_on_disk(&app).is_empty(), "{:?}", files_on_disk(&app));
        // The same address can sign up again.
        let again = app.new_browser();
        let res = again
            .post_form(
                "/signup",
                "/signup",
                &[
                    ("full_name", "Kavya Rao"),
                    ("email", &account.email),
                    ("password", GOOD_PASSWORD),
                    ("role", "student"),
                ],
            )
            .await;
        assert_eq!(
            res.status(),
            303,
            "{}",
            res.text().await.unwrap_or_default()
        );
    }
);

both_backends!(
    an_employer_who_leaves_closes_its_postings_and_applicants_are_told,
    |app: TestApp| async move {
        let employer = app.approved_employer("Vanishing Ventures").await;
        let internship = employer
            .post_internship(&[
                ("title", "Short-lived Intern"),
                ("description", "Help us."),
                ("skills", "Excel"),
            ])
            .await;
        let (student, _) = kavya(&app).await;
        let apply = format!("/internships/{internship}/apply");
        let res = student
            .post_form(&apply, &apply, &[("cover_letter", "Hello.")])
            .await;
        assert_eq!(res.status(), 303);
        let res = employer
            .post_form(
                "/account/delete",
                "/account/delete",
                &[("password", GOOD_PASSWORD)],
            )
            .await;
        assert_eq!(res.status(), 303);
        let page = student
            .get_html(&format!("/internships/{internship}"))
            .await;
        assert!(
            !page.contains(&format!("/internships/{internship}/apply\"")),
            "closed: {page}"
        );
        let notes = student.get_html("/notifications").await;
        assert!(notes.contains("closed its Praktiki account"), "{notes}");
        // The privacy page names the grievance officer from the configuration.
        let privacy = app.get_html("/privacy").await;
        assert!(
            privacy.contains(&app.settings.grievance_officer),
            "{privacy}"
        );
        assert!(privacy.contains(&app.settings.grievance_email));
    }
);
