//! Every word in the user's language (issue 14): the language picked before signing up (or
//! switched to later) is kept on the account, and emails and notifications are written in it.

use crate::both_backends;
use crate::helpers::*;

/// The subject and text of the newest email queued for `to`.
async fn newest_email(app: &TestApp, to: &str) -> (String, String) {
    use diesel::prelude::*;
    use praktiki::db::schema::email_outbox;
    let to = to.to_string();
    app.app_state
        .db
        .run(move |conn| {
            email_outbox::table
                .filter(email_outbox::to_address.eq(to))
                .order(email_outbox::id.desc())
                .select((email_outbox::subject, email_outbox::body_text))
                .first::<(String, String)>(conn)
                .map_err(praktiki::db::DbError::from)
        })
        .await
        .expect("an email was queued")
}

/// Switches the browser's language with the footer's form.
async fn switch_language(browser: &TestApp, lang: &str) {
    let res = browser
        .post_form("/", "/language", &[("lang", lang), ("next", "/")])
        .await;
    assert_eq!(res.status(), 303);
}

/// What a Hindi and an English reader must see in each message.
struct Words {
    lang: &'static str,
    verify_subject: &'static str,
    verify_body: &'static str,
    status_subject: &'static str,
    status_body: &'static str,
    reminder_subject: &'static str,
    reminder_body: &'static str,
    notifications_title: &'static str,
}

const HINDI: Words = Words {
    lang: "hi",
    verify_subject: "अपने ईमेल पते की पुष्टि करें",
    verify_body: "नमस्ते",
    status_subject: "शॉर्टलिस्ट किया गया है",
    status_body: "टिप्पणी: Good sample",
    reminder_subject: "2 दिन में बंद हो रही है",
    reminder_body: "आपकी सहेजी हुई",
    notifications_title: "सूचनाएँ",
};

const ENGLISH: Words = Words {
    lang: "en",
    verify_subject: "Confirm your email address",
    verify_body: "Hello",
    status_subject: "You were shortlisted for Translation Intern",
    status_body: "Note: Good sample",
    reminder_subject: "closes in 2 days",
    reminder_body: "which you saved",
    notifications_title: "Notifications",
};

both_backends!(
    emails_and_notifications_are_in_the_users_language,
    |app: TestApp| async move {
        let employer = app.approved_employer("Lingua Labs").await;
        let soon = (chrono::Utc::now().date_naive() + chrono::Duration::days(2)).to_string();
        let internship = employer
            .post_internship(&[
                ("title", "Translation Intern"),
                ("description", "Translate our product pages."),
                ("skills", "Writing"),
                ("deadline", "2099-12-31"),
            ])
            .await;
        let closing = employer
            .post_internship(&[
                ("title", "Closing Soon Intern"),
                ("description", "Proofread our help pages."),
                ("skills", "Writing"),
                ("deadline", &soon),
            ])
            .await;
        let mut students = Vec::new();
        for words in [HINDI, ENGLISH] {
            let student = app.new_browser();
            if words.lang == "hi" {
                switch_language(&student, "hi").await;
            }
            let account = student.signup("student").await;
            let (subject, body) = newest_email(&app, &account.email).await;
            assert!(subject.contains(words.verify_subject), "{subject}");
            assert!(body.contains(words.verify_body), "{body}");
            student.verify(&account).await;
            let res = student
                .post_form(
                    "/profile",
                    "/profile",
                    &[("skills", "Writing"), ("current_city", "Pune")],
                )
                .await;
            assert_eq!(res.status(), 303);
            let apply = format!("/internships/{internship}/apply");
            let res = student
                .post_form(&apply, &apply, &[("cover_letter", "I write every day.")])
                .await;
            assert_eq!(
                res.status(),
                303,
                "{}",
                res.text().await.unwrap_or_default()
            );
            let id = application_id(&res);
            let res = employer
                .post_form(
                    &format!("/employer/internships/{internship}/applicants"),
                    &format!("/employer/applications/{id}/status"),
                    &[("status", "shortlisted"), ("reason", "Good sample")],
                )
                .await;
            assert_eq!(res.status(), 303);
            let (subject, body) = newest_email(&app, &account.email).await;
            assert!(subject.contains(words.status_subject), "{subject}");
            assert!(body.contains(words.status_body), "{body}");
            let save = format!("/internships/{closing}/save");
            let res = student
                .post_form(&format!("/internships/{closing}"), &save, &[])
                .await;
            assert_eq!(res.status(), 303);
            students.push((student, account, words));
        }

        let db = app.app_state.db.clone();
        let today = chrono::Utc::now().date_naive();
        let reminded = db
            .run(move |conn| {
                praktiki::internship::service::remind_saved_deadlines(
                    conn,
                    today,
                    "http://praktiki.test",
                )
            })
            .await
            .expect("reminders");
        assert_eq!(reminded, 2);
        for (student, account, words) in &students {
            let (subject, body) = newest_email(&app, &account.email).await;
            assert!(subject.contains(words.reminder_subject), "{subject}");
            assert!(body.contains(words.reminder_body), "{body}");
            let page = student.get_html("/notifications").await;
            assert!(page.contains(words.notifications_title), "{page}");
            assert!(page.contains(words.status_subject), "{page}");
        }

        // Switching language rewords the old notifications and the next emails.
        let (english, account, _) = &students[1];
        switch_language(english, "hi").await;
        let page = english.get_html("/notifications").await;
        assert!(page.contains(HINDI.status_subject), "{page}");
        assert!(!page.contains(ENGLISH.status_subject), "{page}");
        let res = english
            .post_form(
                "/account/password",
                "/account/password",
                &[
                    ("current_password", GOOD_PASSWORD),
                    ("new_password", "another-river-stone-77"),
                ],
            )
            .await;
        assert_eq!(res.status(), 303);
        let (subject, _) = newest_email(&app, &account.email).await;
        assert!(subject.contains("पासवर्ड बदल दिया गया"), "{subject}");
    }
);
