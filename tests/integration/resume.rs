//! The student's resume: the structured form, and files uploaded (PDF, DOCX, a file without text)
//! with their text extracted. Refusals, who may download, replacing, the embedding and the
//! clean-up are in `resume_files.rs`.

use crate::both_backends;
use crate::helpers::*;
use diesel::prelude::*;
use praktiki::db::schema::{student_profiles, student_resumes, uploaded_files, users};

pub(crate) const PDF: &str = "application/pdf";
pub(crate) const DOCX: &str =
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document";

/// A signed-up student on a browser of its own; `profile` also verifies the email and saves a
/// profile (what applying needs).
pub(crate) async fn new_student(app: &TestApp, profile: bool) -> (TestApp, Account) {
    let browser = app.new_browser();
    let account = browser.signup("student").await;
    if profile {
        browser.verify(&account).await;
        let res = browser
            .post_form(
                "/profile",
                "/profile",
                &[
                    ("skills", "Python"),
                    ("interests", "data analysis"),
                    ("current_city", "Pune"),
                    ("degree", "B.Sc"),
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
    (browser, account)
}

/// (file id, extracted text, headline) of the resume of the student with this email.
pub(crate) async fn resume_row(
    app: &TestApp,
    email: &str,
) -> Option<(Option<i64>, Option<String>, Option<String>)> {
    let email = email.to_string();
    app.app_state
        .db
        .run(move |conn| {
            student_resumes::table
                .inner_join(student_profiles::table.inner_join(users::table))
                .filter(users::email.eq(email))
                .select((
                    student_resumes::file_id,
                    student_resumes::extracted_text,
                    student_resumes::headline,
                ))
                .first(conn)
                .optional()
                .map_err(praktiki::db::DbError::from)
        })
        .await
        .expect("query resume")
}

/// Every `uploaded_files` row: (id, stored name).
pub(crate) async fn file_rows(app: &TestApp) -> Vec<(i64, String)> {
    app.app_state
        .db
        .run(|conn| {
            uploaded_files::table
                .order(uploaded_files::id.asc())
                .select((uploaded_files::id, uploaded_files::stored_name))
                .load(conn)
                .map_err(praktiki::db::DbError::from)
        })
        .await
        .expect("query files")
}

/// Uploads the fixture PDF as the student's resume file under `name`.
pub(crate) async fn upload_fixture_pdf(student: &TestApp, name: &str) -> reqwest::Response {
    student
        .upload_file(
            "/resume",
            "/resume/upload",
            name,
            PDF,
            &fixture("resume.pdf"),
        )
        .await
}

pub(crate) async fn assert_nothing_stored(app: &TestApp, email: &str) {
    assert!(file_rows(app).await.is_empty(), "no file row");
    assert!(files_on_disk(app).is_empty(), "no file on disk");
    let file_id = resume_row(app, email).await.and_then(|r| r.0);
    assert_eq!(file_id, None, "the resume points at no file");
}

/// The download link on the resume page.
pub(crate) fn file_link(html: &str) -> String {
    let start = html.find("/resume/file/").expect("a download link");
    html[start..].chars().take_while(|c| *c != '"').collect()
}

both_backends!(
    a_student_saves_the_structured_resume_and_sees_it_again,
    |app: TestApp| async move {
        let (student, account) = new_student(&app, false).await;
        let dashboard = student.get_html("/dashboard").await;
        assert!(
            dashboard.contains("href=\"/resume\""),
            "dashboard and nav link to it"
        );
        let res = student
            .post_form(
                "/resume",
                "/resume",
                &[
                    ("headline", "Final-year B.Sc student in statistics"),
                    ("career_objective", "Analyse data that helps farmers"),
                    ("education", "B.Sc Statistics, Fergusson College, 2022-2025"),
                    (
                        "work_experience",
                        "Summer intern at Krishi Data: cleaned mandi prices",
                    ),
                    ("projects", "Rainfall forecasting with ARIMA"),
                    ("certifications", "NPTEL Data Science for Engineers"),
                    ("extra_curricular", "College quiz club secretary"),
                    ("linkedin_url", "https://www.linkedin.com/in/meera-iyer"),
                    ("github_url", "https://github.com/meera-iyer"),
                ],
            )
            .await;
        assert_eq!(
            res.status(),
            303,
            "{}",
            res.text().await.unwrap_or_default()
        );
        assert_eq!(location(&res), "/resume");
        let page = student.get_html("/resume").await;
        for value in [
            "Final-year B.Sc student in statistics",
            "Analyse data that helps farmers",
            "Fergusson College",
            "Krishi Data",
            "ARIMA",
            "NPTEL",
            "quiz club",
            "https://www.linkedin.com/in/meera-iyer",
            "https://github.com/meera-iyer",
        ] {
            assert!(page.contains(value), "{value} shown again");
        }
        let row = resume_row(&app, &account.email).await.expect("saved");
        assert_eq!(
            row.2.as_deref(),
            Some("Final-year B.Sc student in statistics")
        );
        // Another role has no resume page.
        let employer = app.new_browser();
        employer.signup("employer").await;
        assert_eq!(employer.get("/resume").await.status(), 403);
    }
);

both_backends!(
    an_invalid_url_re_renders_the_form_with_the_values_kept,
    |app: TestApp| async move {
        let (student, account) = new_student(&app, false).await;
        let res = student
            .post_form(
                "/resume",
                "/resume",
                &[
                    ("headline", "Aspiring Android developer"),
                    ("linkedin_url", "https://linkedin.com.example.net/in/rohan"),
                    ("github_url", "javascript:alert(1)"),
                ],
            )
            .await;
        assert_eq!(res.status(), 422);
        let page = res.text().await.unwrap();
        assert!(
            page.contains("Aspiring Android developer"),
            "typed value kept"
        );
        assert!(page.contains("https://linkedin.com.example.net/in/rohan"));
        assert!(page.contains("id=\"linkedin_url-error\""), "{page}");
        assert!(page.contains("id=\"github_url-error\""), "{page}");
        let long = "x".repeat(200);
        let res = student
            .post_form("/resume", "/resume", &[("headline", &long)])
            .await;
        assert_eq!(res.status(), 422);
        assert!(res.text().await.unwrap().contains("id=\"headline-error\""));
        assert!(
            resume_row(&app, &account.email).await.is_none(),
            "nothing saved"
        );
    }
);

both_backends!(
    a_pdf_upload_is_stored_and_its_text_extracted,
    |app: TestApp| async move {
        let (student, account) = new_student(&app, false).await;
        let pdf = fixture("resume.pdf");
        let res = student
            .upload_file("/resume", "/resume/upload", "Meera CV.pdf", PDF, &pdf)
            .await;
        assert_eq!(
            res.status(),
            303,
            "{}",
            res.text().await.unwrap_or_default()
        );
        let page = student.get_html("/resume").await;
        assert!(page.contains("Meera CV.pdf"), "name shown");
        assert!(page.contains("1 KB"), "size shown");
        assert!(page.contains("/resume/file/delete"), "a remove button");
        let (file_id, text, _) = resume_row(&app, &account.email).await.expect("resume");
        let text = text.expect("text extracted");
        assert!(text.contains("Skills: Python, SQL, Tableau"), "{text}");
        assert!(text.contains("churn dashboard"), "{text}");
        // Stored once, under a random name inside the upload directory, byte for byte.
        let rows = file_rows(&app).await;
        assert_eq!(rows.len(), 1);
        assert_eq!(Some(rows[0].0), file_id);
        assert_eq!(files_on_disk(&app), vec![rows[0].1.clone()]);
        assert!(!rows[0].1.contains("Meera"));
        let on_disk = std::fs::read(app.settings.upload_dir.join(&rows[0].1)).unwrap();
        assert_eq!(on_disk, pdf);
        // The owner downloads it as an attachment of the stored type, never sniffed.
        let res = student.get(&file_link(&page)).await;
        assert_eq!(res.status(), 200);
        let header = |name: &str| {
            res.headers()
                .get(name)
                .and_then(|v| v.to_str().ok())
                .unwrap_or_default()
                .to_string()
        };
        assert_eq!(header("content-type"), PDF);
        assert!(header("content-disposition").starts_with("attachment"));
        assert!(header("content-disposition").contains("Meera CV.pdf"));
        assert_eq!(header("x-content-type-options"), "nosniff");
        assert_eq!(res.bytes().await.unwrap().to_vec(), pdf);
    }
);

both_backends!(
    a_docx_upload_is_stored_and_its_text_extracted,
    |app: TestApp| async move {
        let (student, account) = new_student(&app, false).await;
        let docx = fixture("resume.docx");
        let res = student
            .upload_file("/resume", "/resume/upload", "rohan.docx", DOCX, &docx)
            .await;
        assert_eq!(
            res.status(),
            303,
            "{}",
            res.text().await.unwrap_or_default()
        );
        let (_, text, _) = resume_row(&app, &account.email).await.expect("resume");
        let text = text.expect("text extracted");
        assert!(text.contains("Flutter & Kotlin app developer"), "{text}");
        assert!(
            text.contains("Google Associate Android Developer"),
            "{text}"
        );
        let page = student.get_html("/resume").await;
        assert!(page.contains("rohan.docx"));
        let res = student.get(&file_link(&page)).await;
        assert_eq!(res.status(), 200);
        assert_eq!(res.headers()["content-type"], DOCX);
    }
);

both_backends!(
    a_file_without_text_is_kept_with_a_note,
    |app: TestApp| async move {
        let (student, account) = new_student(&app, false).await;
        let res = student
            .upload_file(
                "/resume",
                "/resume/upload",
                "scan.pdf",
                PDF,
                &fixture("scan.pdf"),
            )
            .await;
        assert_eq!(res.status(), 303);
        let (file_id, text, _) = resume_row(&app, &account.email).await.expect("resume");
        assert!(file_id.is_some(), "the file is kept");
        assert_eq!(text, None);
        let page = student.get_html("/resume").await;
        assert!(page.contains("scan.pdf"));
        assert!(page.contains("could not read any text"), "a note says so");
    }
);
