//! PostgreSQL's common words in memory (issue 12, `src/internship/search/common.rs`): a word
//! many postings hold is answered from a copy of the search documents made at the start (and
//! again once many postings changed), scored as `ts_rank` scores it. The pages are those
//! PostgreSQL's own ranking gives, in the country and in a place, before and after postings
//! change.

use crate::helpers::*;
use crate::search::cards;
use crate::words_only;
use diesel::{Connection, RunQueryDsl};
use praktiki::internship::service::search_common_words;

/// The listed postings holding `word` (in `place`, unless empty), best first, as PostgreSQL
/// ranks them with ts_rank; equal scores newest first, as the search breaks ties.
fn ranked_by_postgres(url: &str, word: &str, place: &str) -> Vec<i64> {
    #[derive(diesel::QueryableByName)]
    struct Id {
        #[diesel(sql_type = diesel::sql_types::BigInt)]
        internship_id: i64,
    }
    let mut conn = diesel::PgConnection::establish(url).expect("PostgreSQL reachable");
    let found: Vec<Id> = diesel::sql_query(
        "SELECT internship_id FROM internship_search \
         WHERE doc @@ to_tsquery('simple', $1) \
         AND ($2 = '' OR place @@ to_tsquery('simple', $2)) \
         ORDER BY ts_rank(doc, to_tsquery('simple', $1)) DESC, internship_id DESC",
    )
    .bind::<diesel::sql_types::Text, _>(word)
    .bind::<diesel::sql_types::Text, _>(place)
    .load(&mut conn)
    .expect("ranked");
    found.into_iter().map(|r| r.internship_id).collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn common_words_are_answered_from_memory_as_postgres_ranks_them() {
    if !postgres_enabled() {
        eprintln!("TEST_POSTGRES_URL is not set: not run");
        return;
    }
    let app = words_only::spawn_without_model(Backend::Postgres).await;
    let db = app.app_state.db.clone();
    wait_until("the search warmed", || async {
        praktiki::internship::service::search_warmed(&db)
    })
    .await;
    assert_eq!(search_common_words(&db).map(|h| h.documents), Some(0));

    // "python" where it weighs differently: a title, a skill, a place, the description once or
    // three times; postings in two cities; some without it.
    let employer = app.approved_employer("Common Words Co").await;
    let postings: [(&str, &str, &str, &str); 12] = [
        ("Python Intern", "Work with the team.", "Excel", "Pune"),
        ("Data Intern", "Write python scripts.", "Python", "Pune"),
        (
            "Data Intern",
            "Use python, python and python.",
            "SQL",
            "Pune",
        ),
        ("Data Intern", "Use python every day.", "SQL", "Mumbai"),
        (
            "Sales Intern",
            "Call customers every day.",
            "Excel",
            "Mumbai",
        ),
        (
            "Web Intern",
            "Build pages; python on the server.",
            "React",
            "Mumbai",
        ),
        (
            "Python Developer Intern",
            "Python and python tests.",
            "Python",
            "Mumbai",
        ),
        ("Design Intern", "Draw screens every day.", "Figma", "Pune"),
        ("Ops Intern", "Run the office.", "Excel", "Pune"),
        (
            "Research Intern",
            "Read papers, python notebooks.",
            "Statistics",
            "Pune",
        ),
        ("Finance Intern", "Close the books.", "Tally", "Mumbai"),
        ("Data Intern", "Clean data every day.", "Python", "Pune"),
    ];
    let mut ids = Vec::new();
    for (title, description, skills, location) in postings {
        let fields = [
            ("title", title),
            ("description", description),
            ("skills", skills),
            ("location", location),
        ];
        ids.push(employer.post_internship(&fields).await);
    }
    let visitor = app.new_browser();
    let page = |q: String| {
        let visitor = visitor.new_browser();
        async move { cards(&visitor.get_html(&format!("/internships?{q}")).await) }
    };
    // Twelve postings the copy has not read: a search answers from the database and has the
    // copy made again behind it.
    assert_eq!(
        page("q=every".into()).await,
        ranked_by_postgres(&app.db.url, "every", "")
    );
    wait_until("the copy read the twelve postings", || async {
        search_common_words(&db).is_some_and(|h| h.documents == 12)
    })
    .await;
    let answered = |db: &praktiki::db::Db| search_common_words(db).map_or(0, |h| h.answered);
    let before = answered(&db);
    let python = ranked_by_postgres(&app.db.url, "python", "");
    assert_eq!(python.len(), 8);
    assert_eq!(page("q=python".into()).await, python);
    assert_eq!(answered(&db), before + 1, "answered from memory");
    for place in ["Pune", "Mumbai"] {
        let expected = ranked_by_postgres(&app.db.url, "python", &place.to_lowercase());
        assert_eq!(page(format!("q=python&location={place}")).await, expected);
    }
    // Two words, one from memory: every posting holding both (ranked by the sum of the words'
    // scores, which is not ts_rank's score of the two together).
    let both = page("q=python+day".into()).await;
    let expected = ranked_by_postgres(&app.db.url, "python & day", "");
    assert_eq!(sorted(both), sorted(expected));

    // One posting edited to hold the word in its title: the copy answers for the others, the
    // database for it.
    employer
        .edit_internship(
            ids[4],
            &[
                ("title", "Python Sales Intern"),
                ("description", "Call customers every day."),
                ("skills", "Excel"),
                ("location", "Mumbai"),
            ],
        )
        .await;
    let before = answered(&db);
    assert_eq!(
        page("q=intern".into()).await,
        ranked_by_postgres(&app.db.url, "intern", "")
    );
    assert_eq!(
        answered(&db),
        before + 1,
        "answered from memory, one posting patched"
    );
    assert_eq!(
        page("q=python".into()).await,
        ranked_by_postgres(&app.db.url, "python", "")
    );

    // Many new postings: the words are read from the database until the copy is made again.
    for i in 0..4 {
        let title = format!("Python Batch Intern {i}");
        let fields = [
            ("title", title.as_str()),
            ("description", "Write python daily."),
            ("skills", "Python"),
        ];
        employer.post_internship(&fields).await;
    }
    assert_eq!(
        page("q=daily".into()).await,
        ranked_by_postgres(&app.db.url, "daily", "")
    );
    wait_until("the copy read the sixteen postings", || async {
        search_common_words(&db).is_some_and(|h| h.documents == 16)
    })
    .await;
    assert_eq!(
        page("q=python&sort=relevance".into()).await,
        ranked_by_postgres(&app.db.url, "python", "")
    );
}

fn sorted(mut ids: Vec<i64>) -> Vec<i64> {
    ids.sort_unstable();
    ids
}
