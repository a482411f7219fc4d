//! Pages that explain themselves: fresh internships on the home page, no repeated words, a
//! visible error for a bad number in the search, and an edit form of a taken-down posting that
//! says so before the employer types (and keeps their text if they submit anyway).

use crate::both_backends;
use crate::helpers::*;

both_backends!(pages_explain_themselves, |app: TestApp| async move {
    let employer = app.approved_employer("Tapti Tech").await;
    let id = employer
        .post_internship(&[
            ("title", "Remote Survey Intern"),
            ("description", "Survey work across districts."),
            ("skills", "Survey"),
            ("location", "Remote"),
            ("mode", "remote"),
        ])
        .await;
    let visitor = app.new_browser();
    let home = visitor.get_html("/").await;
    assert!(
        home.contains("Remote Survey Intern"),
        "fresh internships on the home page"
    );
    assert!(!home.contains("Remote · Remote"), "{home}");
    assert!(
        !visitor
            .get_html("/internships")
            .await
            .contains("Remote · Remote")
    );

    let search = visitor.get_html("/internships?min_stipend=abc").await;
    assert!(search.contains("Enter a whole number"), "{search}");
    assert!(search.contains("value=\"abc\""));
    assert!(search.contains("<details class=\"filters-fold\" open>"));

    let admin = app.admin().await;
    let takedown = admin_action(
        &admin,
        "/admin/internships",
        "Remote Survey Intern",
        "/takedown",
    )
    .await;
    let res = admin
        .post_form("/admin/internships", &takedown, &[("reason", "Duplicate")])
        .await;
    assert_eq!(res.status(), 303);
    let edit = format!("/employer/internships/{id}/edit");
    let form = employer.get_html(&edit).await;
    assert!(
        form.contains("took this posting down"),
        "explained before typing: {form}"
    );
    let res = employer
        .post_form(
            &edit,
            &edit,
            &[
                ("title", "Remote Survey Intern, revised"),
                ("description", "Survey work."),
                ("location", "Remote"),
                ("mode", "remote"),
                ("duration_weeks", "8"),
                ("skills", "Survey"),
            ],
        )
        .await;
    assert_eq!(res.status(), 409);
    let body = res.text().await.unwrap_or_default();
    assert!(
        body.contains("Remote Survey Intern, revised"),
        "the typed text is kept"
    );
});
