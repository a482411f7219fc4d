//! Resume files: refused uploads store nothing (content checked, size capped, CSRF-checked), the
//! file goes to its owner, employers applied to and admins only, replacing and removing delete
//! it, its text recomputes the student's embedding, and the clean-up sweeps orphaned bytes.

use crate::both_backends;
use crate::helpers::*;
use crate::resume::*;
use diesel::prelude::*;
use praktiki::db::schema::embeddings;
use std::time::Duration;

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
pub(crate) async fn student_embedding_hash(app: &TestApp) -> Option<String> {
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
pub(crate) async fn wait_new_embedding(app: &TestApp, before: Option<&str>) -> String {
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
