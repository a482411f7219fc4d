//! The student's resume: the structured form, the file upload (checked by content, capped,
//! CSRF-checked), its text in matching, replacing and removing it, and who may download it.

use crate::both_backends;
use crate::helpers::*;
use diesel::prelude::*;
use praktiki::db::schema::{embeddings, student_profiles, student_resumes, uploaded_files, users};
use std::time::Duration;

const PDF: &str = "application/pdf";
const DOCX: &str = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";

/// A signed-up student on a browser of its own; `profile` also verifies the email and saves a
/// profile (what applying needs).
async fn new_student(app: &TestApp, profile: bool) -> (TestApp, Account) {
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
async fn resume_row(
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
async fn file_rows(app: &TestApp) -> Vec<(i64, String)> {
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
async fn upload_fixture_pdf(student: &TestApp, name: &str) -> reqwest::Response {
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

async fn assert_nothing_stored(app: &TestApp, email: &str) {
    assert!(file_rows(app).await.is_empty(), "no file row");
    assert!(files_on_disk(app).is_empty(), "no file on disk");
    let file_id = resume_row(app, email).await.and_then(|r| r.0);
    assert_eq!(file_id, None, "the resume points at no file");
}

/// The download link on the resume page.
fn file_link(html: &str) -> String {
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

both_backends!(
    a_png_named_pdf_an_empty_file_and_no_file_are_refused_and_nothing_stored,
    |app: TestApp| async move {
        let (student, account) = new_student(&app, false).await;
        let png =
            b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x01\0\0\0\x01\x08\x06\0\0\0\x1f\x15\xc4\x89";
        let res = student
            .upload_file("/resume", "/resume/upload", "resume.pdf", PDF, png)
            .await;
        assert_eq!(res.status(), 415);
        let page = res.text().await.unwrap();
        assert!(page.contains("id=\"file-error\""), "{page}");
        assert!(page.contains("Only PDF, Word"), "{page}");
        // A ZIP that is not a Word document is no DOCX either.
        let res = student
            .upload_file(
                "/resume",
                "/resume/upload",
                "cv.docx",
                DOCX,
                b"PK\x03\x04junk",
            )
            .await;
        assert_eq!(res.status(), 415);
        let res = student
            .upload_file("/resume", "/resume/upload", "empty.pdf", PDF, b"")
            .await;
        assert_eq!(res.status(), 400);
        let res = student
            .upload_file(
                "/resume",
                "/resume/upload",
                "",
                "application/octet-stream",
                b"",
            )
            .await;
        assert_eq!(res.status(), 400);
        assert!(res.text().await.unwrap().contains("Choose a PDF"));
        assert_nothing_stored(&app, &account.email).await;
    }
);

both_backends!(
    a_file_over_the_size_cap_is_refused_and_nothing_stored,
    |app: TestApp| async move {
        let (student, account) = new_student(&app, false).await;
        let max = app.settings.max_upload_bytes;
        assert_eq!(max, 5 * 1024 * 1024, "default cap");
        let mut big = fixture("resume.pdf");
        big.resize(max + 1, b' ');
        let res = student
            .upload_file("/resume", "/resume/upload", "big.pdf", PDF, &big)
            .await;
        assert_eq!(res.status(), 413);
        assert!(res.text().await.unwrap().contains("larger than 5 MB"));
        assert_nothing_stored(&app, &account.email).await;
        // Exactly at the cap is fine.
        big.truncate(max);
        let res = student
            .upload_file("/resume", "/resume/upload", "big.pdf", PDF, &big)
            .await;
        assert_eq!(res.status(), 303);
    }
);

both_backends!(
    an_upload_without_a_valid_csrf_token_is_refused_and_nothing_stored,
    |app: TestApp| async move {
        let (student, account) = new_student(&app, false).await;
        let pdf = fixture("resume.pdf");
        let file = Some(("cv.pdf", PDF, pdf.as_slice()));
        let res = student.post_multipart("/resume/upload", &[], file).await;
        assert_eq!(res.status(), 403);
        let res = student
            .post_multipart("/resume/upload", &[("csrf_token", &"0".repeat(64))], file)
            .await;
        assert_eq!(res.status(), 403);
        // Another session's token does not do either.
        let other = app.new_browser();
        let token = other.csrf_token("/").await;
        let res = student
            .post_multipart("/resume/upload", &[("csrf_token", &token)], file)
            .await;
        assert_eq!(res.status(), 403);
        // Removing the file needs the token too.
        let res = student
            .client
            .post(student.url("/resume/file/delete"))
            .form(&[("x", "y")])
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 403);
        assert_nothing_stored(&app, &account.email).await;
    }
);

both_backends!(
    the_file_goes_to_its_owner_the_employer_applied_to_and_admins_only,
    |app: TestApp| async move {
        let employer = app.approved_employer("Ledger Labs").await;
        let internship = employer
            .post_internship(&[
                ("title", "Data Analyst Intern"),
                ("description", "Build dashboards for our clients."),
                ("skills", "Python, SQL, Tableau"),
            ])
            .await;
        let (student, _) = new_student(&app, true).await;
        let res = upload_fixture_pdf(&student, "cv.pdf").await;
        assert_eq!(res.status(), 303);
        let res = student
            .post_form(
                "/resume",
                "/resume",
                &[("headline", "Statistics graduate who loves dashboards")],
            )
            .await;
        assert_eq!(res.status(), 303);
        let link = file_link(&student.get_html("/resume").await);
        let apply = format!("/internships/{internship}/apply");
        let res = student
            .post_form(
                &apply,
                &apply,
                &[("cover_letter", "Dashboards are my thing.")],
            )
            .await;
        assert_eq!(
            res.status(),
            303,
            "{}",
            res.text().await.unwrap_or_default()
        );

        assert_eq!(student.get(&link).await.status(), 200, "owner");
        // The employer sees the structured resume and the link on the applicant list, and the
        // skill mentioned only in the file counts as the applicant's.
        let applicants = employer
            .get_html(&format!("/employer/internships/{internship}/applicants"))
            .await;
        assert!(applicants.contains(&link), "{applicants}");
        assert!(applicants.contains("Statistics graduate who loves dashboards"));
        let has = applicants
            .split("chips matched\">")
            .nth(1)
            .and_then(|rest| rest.split("</ul>").next())
            .unwrap_or_default();
        assert!(has.contains("Tableau"), "resume skills count: {has}");
        let res = employer.get(&link).await;
        assert_eq!(res.status(), 200, "employer applied to");
        assert_eq!(res.bytes().await.unwrap().to_vec(), fixture("resume.pdf"));
        assert_eq!(app.admin().await.get(&link).await.status(), 200, "admin");

        let other_employer = app.approved_employer("Other Co").await;
        assert_eq!(other_employer.get(&link).await.status(), 404);
        let (other_student, _) = new_student(&app, false).await;
        assert_eq!(other_student.get(&link).await.status(), 404);
        assert_eq!(student.get("/resume/file/999999").await.status(), 404);
        let signed_out = app.new_browser();
        assert_eq!(
            signed_out.get(&link).await.status(),
            303,
            "to the login page"
        );
    }
);

both_backends!(
    replacing_the_file_deletes_the_old_one_and_removing_deletes_it,
    |app: TestApp| async move {
        let (student, account) = new_student(&app, false).await;
        let res = upload_fixture_pdf(&student, "a.pdf").await;
        assert_eq!(res.status(), 303);
        let first = file_rows(&app).await;
        assert_eq!(first.len(), 1);
        let res = student
            .upload_file(
                "/resume",
                "/resume/upload",
                "b.docx",
                DOCX,
                &fixture("resume.docx"),
            )
            .await;
        assert_eq!(res.status(), 303);
        let second = file_rows(&app).await;
        assert_eq!(second.len(), 1, "the old row is gone");
        assert_ne!(second[0].1, first[0].1);
        assert_eq!(
            files_on_disk(&app),
            vec![second[0].1.clone()],
            "the old bytes are gone"
        );
        let (file_id, text, _) = resume_row(&app, &account.email).await.unwrap();
        assert_eq!(file_id, Some(second[0].0));
        assert!(text.unwrap().contains("Flutter"), "text of the new file");
        let old_link = format!("/resume/file/{}", first[0].0);
        assert_eq!(student.get(&old_link).await.status(), 404);

        let res = student
            .post_form("/resume", "/resume/file/delete", &[])
            .await;
        assert_eq!(res.status(), 303);
        assert_nothing_stored(&app, &account.email).await;
        let (_, text, _) = resume_row(&app, &account.email).await.unwrap();
        assert_eq!(text, None, "its text goes with it");
        assert!(
            student
                .get_html("/resume")
                .await
                .contains("No file uploaded yet.")
        );
    }
);

/// The content hash of the only student embedding, once there is one.
async fn student_embedding_hash(app: &TestApp) -> Option<String> {
    app.app_state
        .db
        .run(|conn| {
            embeddings::table
                .filter(embeddings::entity_type.eq("student"))
                .select(embeddings::content_hash)
                .first::<String>(conn)
                .optional()
                .map_err(praktiki::db::DbError::from)
        })
        .await
        .expect("query embeddings")
}

/// Waits until the student's embedding exists and differs from `before`.
async fn wait_new_embedding(app: &TestApp, before: Option<&str>) -> String {
    for _ in 0..1200 {
        if let Some(hash) = student_embedding_hash(app).await
            && Some(hash.as_str()) != before
        {
            return hash;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    panic!("the student's embedding was not recomputed");
}

both_backends!(
    a_resume_change_recomputes_the_students_embedding,
    |app: TestApp| async move {
        app.wait_ready().await;
        let (student, _) = new_student(&app, true).await;
        let first = wait_new_embedding(&app, None).await;
        let res = student
            .post_form(
                "/resume",
                "/resume",
                &[("work_experience", "Intern at a fintech start-up")],
            )
            .await;
        assert_eq!(res.status(), 303);
        let second = wait_new_embedding(&app, Some(&first)).await;
        let res = upload_fixture_pdf(&student, "cv.pdf").await;
        assert_eq!(res.status(), 303);
        let third = wait_new_embedding(&app, Some(&second)).await;
        let res = student
            .post_form("/resume", "/resume/file/delete", &[])
            .await;
        assert_eq!(res.status(), 303);
        let fourth = wait_new_embedding(&app, Some(&third)).await;
        assert_eq!(
            fourth, second,
            "without the file the text is the one before it"
        );
    }
);

both_backends!(
    the_clean_up_sweeps_upload_bytes_that_no_row_points_at,
    |app: TestApp| async move {
        let (student, _) = new_student(&app, false).await;
        let res = upload_fixture_pdf(&student, "cv.pdf").await;
        assert_eq!(res.status(), 303);
        let kept = file_rows(&app).await[0].1.clone();
        // Bytes a crash left behind (written, never recorded), and a file that is not ours.
        let dir = app.settings.upload_dir.clone();
        let orphan = "ab12cd34ef56ab12cd34ef56ab12cd34".to_string();
        std::fs::write(dir.join(&orphan), b"half an upload").unwrap();
        std::fs::write(dir.join("NOTES.txt"), b"an operator's note").unwrap();

        let sweep = |grace_secs: u64| {
            let dir = dir.clone();
            app.app_state.db.run(move |conn| {
                praktiki::files::sweep_orphans(
                    conn,
                    &dir,
                    std::time::Duration::from_secs(grace_secs),
                )
            })
        };
        // Within the grace period nothing is touched: its row may still be on its way.
        assert!(sweep(3600).await.unwrap().is_empty());
        assert!(dir.join(&orphan).exists());
        assert_eq!(sweep(0).await.unwrap(), vec![orphan.clone()]);
        assert!(!dir.join(&orphan).exists());
        assert!(dir.join(&kept).exists(), "a recorded file stays");
        assert!(
            dir.join("NOTES.txt").exists(),
            "only names we make are swept"
        );
        let page = student.get_html("/resume").await;
        assert_eq!(student.get(&file_link(&page)).await.status(), 200);
    }
);
