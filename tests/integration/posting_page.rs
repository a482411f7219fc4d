//! An internship's public page reads the posting, its company, skills and questions in one
//! statement on PostgreSQL (`internship::store::page`) and in three on SQLite: each shows what
//! the database holds now, questions in their order. Each change here is made in the database
//! alone, as another instance or an administrator's tool would make it.

use crate::helpers::*;
use crate::words_only;
use diesel::prelude::*;
use praktiki::db::{DbConnection, DbError};

/// Runs one write on the app's database.
async fn write(
    app: &TestApp,
    f: impl FnOnce(&mut DbConnection) -> QueryResult<usize> + Send + 'static,
) {
    app.app_state
        .db
        .run(move |conn| f(conn).map_err(DbError::from))
        .await
        .expect("the write");
}

words_only!(
    the_internship_page_follows_every_change_it_shows,
    |app: TestApp| async move {
        use praktiki::db::schema::{employer_profiles, internships, screening_questions, users};
        let employer = app.approved_employer("Page Keepers").await;
        let id = employer
            .post_internship(&[
                ("title", "Field Survey Intern"),
                ("description", "Run household surveys."),
                ("skills", "Excel"),
                ("question_1", "Which district do you know best?"),
                ("question_2", "How many surveys have you run?"),
            ])
            .await;
        let visitor = app.new_browser();
        let path = format!("/internships/{id}");
        let page = visitor.get_html(&path).await;
        let first = page.find("Which district do you know best?");
        let second = page.find("How many surveys have you run?");
        assert!(first.is_some() && first < second, "{page}");
        assert!(
            page.contains("Page Keepers") && page.contains("Excel"),
            "{page}"
        );
        // Its first question alone changes: the page shows the new one.
        write(&app, move |conn| {
            diesel::update(
                screening_questions::table
                    .filter(screening_questions::internship_id.eq(id))
                    .filter(screening_questions::position.eq(1)),
            )
            .set(screening_questions::question.eq("Which block do you know best?"))
            .execute(conn)
        })
        .await;
        let page = visitor.get_html(&path).await;
        assert!(page.contains("Which block do you know best?"), "{page}");
        assert!(!page.contains("Which district"), "{page}");
        // The company's name.
        write(&app, |conn| {
            diesel::update(
                employer_profiles::table.filter(employer_profiles::company_name.eq("Page Keepers")),
            )
            .set(employer_profiles::company_name.eq("Page Keepers Rural"))
            .execute(conn)
        })
        .await;
        assert!(visitor.get_html(&path).await.contains("Page Keepers Rural"));
        // The posting's title.
        write(&app, move |conn| {
            diesel::update(internships::table.find(id))
                .set(internships::title.eq("Household Survey Intern"))
                .execute(conn)
        })
        .await;
        assert!(
            visitor
                .get_html(&path)
                .await
                .contains("Household Survey Intern")
        );
        // The company's account is suspended: the public no longer sees the page.
        let owner: i64 = app
            .app_state
            .db
            .run(|conn| {
                employer_profiles::table
                    .filter(employer_profiles::company_name.eq("Page Keepers Rural"))
                    .select(employer_profiles::user_id)
                    .first(conn)
                    .map_err(DbError::from)
            })
            .await
            .expect("the owner");
        write(&app, move |conn| {
            diesel::update(users::table.find(owner))
                .set(users::is_suspended.eq(true))
                .execute(conn)
        })
        .await;
        assert_eq!(visitor.get(&path).await.status(), 404);
        write(&app, move |conn| {
            diesel::update(users::table.find(owner))
                .set(users::is_suspended.eq(false))
                .execute(conn)
        })
        .await;
        assert_eq!(visitor.get(&path).await.status(), 200);
        // Taken down: gone for the public, still there for its owner (who is told why not).
        write(&app, move |conn| {
            diesel::update(internships::table.find(id))
                .set(internships::status.eq("taken_down"))
                .execute(conn)
        })
        .await;
        assert_eq!(visitor.get(&path).await.status(), 404);
        assert_eq!(employer.get(&path).await.status(), 200);
    }
);
