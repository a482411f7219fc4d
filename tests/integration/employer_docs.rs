//! A company's documents: the logo (checked by content, capped at 1 MB, public only once the
//! company is verified, served with safe headers) and the licence document (for its employer and
//! admins only; a new one takes a declined company back to review), both CSRF-checked.

use crate::both_backends;
use crate::helpers::*;
use diesel::prelude::*;
use praktiki::db::schema::{audit_log, employer_profiles, uploaded_files};

const PDF: &str = "application/pdf";
/// A valid 1×1 transparent PNG.
const PNG: &[u8] = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x01\0\0\0\x01\x08\x06\0\0\0\x1f\x15\xc4\x89\0\0\0\rIDATx\x9cc\0\x01\0\0\x05\0\x01\r\n-\xb4\0\0\0\0IEND\xaeB`\x82";
/// The start of a JPEG (enough for its signature).
const JPEG: &[u8] = b"\xff\xd8\xff\xe0\0\x10JFIF\0\x01\x01\0\0\x01\0\x01\0\0\xff\xd9";

/// A browser signed in as a verified employer whose company profile is saved and waits for an
/// admin.
async fn pending_employer(app: &TestApp, company: &str) -> TestApp {
    let employer = app.new_browser();
    let account = employer.signup("employer").await;
    employer.verify(&account).await;
    let res = employer
        .post_form(
            "/employer/profile",
            "/employer/profile",
            &[
                ("company_name", company),
                ("contact_number", "98765 43210"),
                ("city", "Bengaluru"),
            ],
        )
        .await;
    assert_eq!(res.status(), 303);
    employer
}

/// (id, verification status) of the company named `company`.
async fn company(app: &TestApp, company: &str) -> (i64, String) {
    let name = company.to_string();
    app.app_state
        .db
        .run(move |conn| {
            employer_profiles::table
                .filter(employer_profiles::company_name.eq(name))
                .select((
                    employer_profiles::id,
                    employer_profiles::verification_status,
                ))
                .first(conn)
                .map_err(praktiki::db::DbError::from)
        })
        .await
        .expect("company")
}

/// Every `uploaded_files` row: (purpose, stored name).
async fn file_rows(app: &TestApp) -> Vec<(String, String)> {
    app.app_state
        .db
        .run(|conn| {
            uploaded_files::table
                .order(uploaded_files::id.asc())
                .select((uploaded_files::purpose, uploaded_files::stored_name))
                .load(conn)
                .map_err(praktiki::db::DbError::from)
        })
        .await
        .expect("query files")
}

async fn assert_nothing_stored(app: &TestApp) {
    assert!(file_rows(app).await.is_empty(), "no file row");
    assert!(files_on_disk(app).is_empty(), "no file on disk");
}

fn header(res: &reqwest::Response, name: &str) -> String {
    res.headers()
        .get(name)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_string()
}

async fn upload(browser: &TestApp, what: &str, name: &str, kind: &str, bytes: &[u8]) -> u16 {
    let action = format!("/employer/profile/{what}");
    let res = browser
        .upload_file("/employer/profile", &action, name, kind, bytes)
        .await;
    res.status().as_u16()
}

both_backends!(
    a_logo_shows_on_the_public_internship_page_with_safe_headers,
    |app: TestApp| async move {
        let employer = app.approved_employer("Chai Labs").await;
        let internship = employer
            .post_internship(&[
                ("title", "Data analyst intern"),
                ("description", "Clean and chart tea sales across Assam."),
                ("skills", "SQL, Excel"),
            ])
            .await;
        assert_eq!(
            upload(&employer, "logo", "chai.png", "image/png", PNG).await,
            303
        );
        let (id, _) = company(&app, "Chai Labs").await;
        let logo = format!("/employer/logo/{id}");
        let page = employer.get_html("/employer/profile").await;
        assert!(page.contains(&logo), "shown on the profile page: {page}");
        assert!(
            page.contains("/employer/profile/logo/delete"),
            "a remove button"
        );

        // Anyone sees it next to the company's name, served as what it is.
        let visitor = app.new_browser();
        let show = visitor
            .get_html(&format!("/internships/{internship}"))
            .await;
        let start = show.find(&logo).expect("logo on the internship page");
        let src: String = show[start..].chars().take_while(|c| *c != '"').collect();
        let res = visitor.get(&src).await;
        assert_eq!(res.status(), 200);
        assert_eq!(header(&res, "content-type"), "image/png");
        assert_eq!(header(&res, "x-content-type-options"), "nosniff");
        assert_eq!(header(&res, "cache-control"), "public, max-age=3600");
        assert_eq!(
            header(&res, "content-security-policy"),
            "default-src 'none'"
        );
        assert_eq!(res.bytes().await.unwrap().to_vec(), PNG);

        // A new logo replaces the old one, on disk too; removing it leaves nothing.
        assert_eq!(
            upload(&employer, "logo", "c.jpg", "image/jpeg", JPEG).await,
            303
        );
        let rows = file_rows(&app).await;
        assert_eq!(rows.len(), 1, "{rows:?}");
        assert_eq!(files_on_disk(&app), vec![rows[0].1.clone()]);
        let res = visitor.get(&logo).await;
        assert_eq!(header(&res, "content-type"), "image/jpeg");
        let res = employer
            .post_form("/employer/profile", "/employer/profile/logo/delete", &[])
            .await;
        assert_eq!(res.status(), 303);
        assert_eq!(visitor.get(&logo).await.status(), 404);
        assert_nothing_stored(&app).await;
        let show = visitor
            .get_html(&format!("/internships/{internship}"))
            .await;
        assert!(!show.contains(&logo));
    }
);

both_backends!(
    a_pdf_an_oversized_or_empty_logo_is_refused_and_nothing_stored,
    |app: TestApp| async move {
        let employer = pending_employer(&app, "Kite Works").await;
        let res = employer
            .upload_file(
                "/employer/profile",
                "/employer/profile/logo",
                "logo.png",
                "image/png",
                &fixture("resume.pdf"),
            )
            .await;
        assert_eq!(res.status(), 415);
        let page = res.text().await.unwrap();
        assert!(page.contains("id=\"logo-error\""), "{page}");
        assert!(page.contains("Only PNG, JPEG and WebP"), "{page}");
        assert!(page.contains("Kite Works"), "the company profile page");

        let mut big = PNG.to_vec();
        big.resize(1024 * 1024 + 1, 0);
        let res = employer
            .upload_file(
                "/employer/profile",
                "/employer/profile/logo",
                "big.png",
                "image/png",
                &big,
            )
            .await;
        assert_eq!(res.status(), 413);
        assert!(res.text().await.unwrap().contains("larger than 1 MB"));

        let res = employer
            .upload_file(
                "/employer/profile",
                "/employer/profile/logo",
                "e.png",
                "image/png",
                b"",
            )
            .await;
        assert_eq!(res.status(), 400);
        assert!(res.text().await.unwrap().contains("That file is empty"));

        // A licence must be a PDF or an image, too.
        let res = employer
            .upload_file(
                "/employer/profile",
                "/employer/profile/licence",
                "licence.pdf",
                PDF,
                b"GIF89a not a pdf",
            )
            .await;
        assert_eq!(res.status(), 415);
        assert!(res.text().await.unwrap().contains("id=\"licence-error\""));
        assert_nothing_stored(&app).await;
    }
);

both_backends!(
    uploads_without_the_csrf_token_are_refused_and_nothing_stored,
    |app: TestApp| async move {
        let employer = pending_employer(&app, "Tokenless Pvt Ltd").await;
        for action in ["/employer/profile/logo", "/employer/profile/licence"] {
            let res = employer
                .post_multipart(action, &[], Some(("a.png", "image/png", PNG)))
                .await;
            assert_eq!(res.status(), 403, "{action} without a token");
            let res = employer
                .post_multipart(
                    action,
                    &[("csrf_token", &"0".repeat(64))],
                    Some(("a.png", "image/png", PNG)),
                )
                .await;
            assert_eq!(res.status(), 403, "{action} with a wrong token");
        }
        assert_nothing_stored(&app).await;
    }
);

both_backends!(
    admins_and_the_owner_download_a_licence_and_nobody_else,
    |app: TestApp| async move {
        let employer = pending_employer(&app, "Monsoon Analytics").await;
        let _other = pending_employer(&app, "Paperless Co").await;
        let pdf = fixture("resume.pdf");
        let status = upload(&employer, "licence", "GST certificate.pdf", PDF, &pdf).await;
        assert_eq!(status, 303);
        let (id, status) = company(&app, "Monsoon Analytics").await;
        assert_eq!(status, "pending");
        let link = format!("/employer/licence/{id}");
        assert!(employer.get_html("/employer/profile").await.contains(&link));

        let admin = app.admin().await;
        let list = admin.get_html("/admin/employers?status=pending").await;
        assert!(list.contains(&link), "{list}");
        let paperless = &list[list.find("Paperless Co").expect("listed")..];
        let row_end = paperless.find("</tr>").unwrap_or(paperless.len());
        assert!(paperless[..row_end].contains("none uploaded"));
        for who in [&admin, &employer] {
            let res = who.get(&link).await;
            assert_eq!(res.status(), 200);
            assert_eq!(header(&res, "content-type"), PDF);
            assert!(header(&res, "content-disposition").starts_with("attachment"));
            assert!(header(&res, "content-disposition").contains("GST certificate.pdf"));
            assert_eq!(header(&res, "x-content-type-options"), "nosniff");
            assert_eq!(res.bytes().await.unwrap().to_vec(), pdf);
        }

        let other_employer = app.approved_employer("Curious Corp").await;
        let student = app.new_browser();
        student.signup("student").await;
        for stranger in [&other_employer, &student, &app.new_browser()] {
            assert_eq!(stranger.get(&link).await.status(), 404);
        }
        // A licence is no logo, even for a verified company.
        assert_eq!(
            app.new_browser()
                .get(&format!("/employer/logo/{id}"))
                .await
                .status(),
            404
        );
        let res = employer
            .post_form("/employer/profile", "/employer/profile/licence/delete", &[])
            .await;
        assert_eq!(res.status(), 303);
        assert_eq!(admin.get(&link).await.status(), 404);
        assert_nothing_stored(&app).await;
    }
);

both_backends!(
    a_declined_company_sending_a_new_licence_is_reviewed_again,
    |app: TestApp| async move {
        let employer = pending_employer(&app, "Second Try Pvt Ltd").await;
        let admin = app.admin().await;
        let action = admin_action(&admin, "/admin/employers", "Second Try", "/reject").await;
        let res = admin
            .post_form(
                "/admin/employers",
                &action,
                &[("reason", "No registration document")],
            )
            .await;
        assert_eq!(res.status(), 303);
        let (id, status) = company(&app, "Second Try Pvt Ltd").await;
        assert_eq!(status, "rejected");

        // A logo alone does not reopen the case; a licence does.
        assert_eq!(
            upload(&employer, "logo", "l.png", "image/png", PNG).await,
            303
        );
        assert_eq!(company(&app, "Second Try Pvt Ltd").await.1, "rejected");
        let status = upload(&employer, "licence", "udyam.png", "image/png", PNG).await;
        assert_eq!(status, 303);
        assert_eq!(company(&app, "Second Try Pvt Ltd").await.1, "pending");
        assert!(
            employer
                .get_html("/employer/profile")
                .await
                .contains("waiting for verification")
        );
        let list = admin.get_html("/admin/employers?status=pending").await;
        assert!(list.contains("Second Try Pvt Ltd"));
        assert!(list.contains(&format!("/employer/licence/{id}")));
        let audited: Vec<Option<i64>> = app
            .app_state
            .db
            .run(|conn| {
                audit_log::table
                    .filter(audit_log::action.eq("employer_resubmitted"))
                    .select(audit_log::target_id)
                    .load(conn)
                    .map_err(praktiki::db::DbError::from)
            })
            .await
            .expect("audit");
        assert_eq!(audited, vec![Some(id)]);
    }
);

both_backends!(
    an_unverified_company_logo_is_not_public,
    |app: TestApp| async move {
        let employer = pending_employer(&app, "Not Yet Ltd").await;
        assert_eq!(
            upload(&employer, "logo", "n.png", "image/png", PNG).await,
            303
        );
        let (id, _) = company(&app, "Not Yet Ltd").await;
        let logo = format!("/employer/logo/{id}");
        assert_eq!(app.new_browser().get(&logo).await.status(), 404);
        let other = app.approved_employer("Nosy Ltd").await;
        assert_eq!(other.get(&logo).await.status(), 404);
        assert_eq!(
            app.new_browser()
                .get("/employer/logo/999999")
                .await
                .status(),
            404
        );
        // Its own employer still sees it on the profile page, never cached publicly.
        let res = employer.get(&logo).await;
        assert_eq!(res.status(), 200);
        assert_eq!(header(&res, "cache-control"), "private, no-store");
    }
);
