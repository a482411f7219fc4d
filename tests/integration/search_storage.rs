//! PostgreSQL's search tables (issue 12): what the storage must hold for reads to stay cheap at
//! 100,000 postings — one version of a posting's row per transaction, documents in their rows,
//! and the places in a narrow table of their own, in step with the postings.

use crate::helpers::*;
use crate::search::cards;
use crate::words_only;

/// On PostgreSQL a posting's search row is written once per transaction (migration 000019):
/// created with three skills, its row is still the table's first tuple. Before, the posting's
/// trigger and then each skill link's rewrote it, leaving a dead 1.7 KB version per rewrite
/// (a 100,000-posting table of 830 MB instead of 153). A long posting's document stays in its
/// row (migration 000020): nothing goes to the TOAST table, which a word's read would visit.
/// The places are kept apart (migration 000021) and follow an edit and a deletion.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_postings_search_row_is_written_once_on_postgres() {
    use diesel::{Connection, RunQueryDsl};
    if !postgres_enabled() {
        eprintln!("TEST_POSTGRES_URL is not set: not run");
        return;
    }
    let app = words_only::spawn_without_model(Backend::Postgres).await;
    let employer = app.approved_employer("Acme Analytics").await;
    let id = employer
        .post_internship(&[
            ("title", "Data Analyst Intern"),
            ("description", "Clean and chart the sales data."),
            ("skills", "Python, SQL, Excel"),
        ])
        .await;
    #[derive(diesel::QueryableByName)]
    struct Tuple {
        #[diesel(sql_type = diesel::sql_types::Text)]
        ctid: String,
    }
    let mut conn = diesel::PgConnection::establish(&app.db.url).expect("PostgreSQL reachable");
    let found: Tuple = diesel::sql_query(
        "SELECT ctid::text AS ctid FROM internship_search WHERE internship_id = $1",
    )
    .bind::<diesel::sql_types::BigInt, _>(id)
    .get_result(&mut conn)
    .expect("the posting's search row");
    assert_eq!(found.ctid, "(0,1)", "written once, never rewritten");
    let long: Vec<String> = (0..300).map(|i| format!("task{i}")).collect();
    let long_id = employer
        .post_internship(&[
            ("title", "Operations Intern"),
            ("description", &long.join(" ")),
            ("skills", "Tally"),
        ])
        .await;
    #[derive(diesel::QueryableByName)]
    struct Sizes {
        #[diesel(sql_type = diesel::sql_types::BigInt)]
        doc: i64,
        #[diesel(sql_type = diesel::sql_types::BigInt)]
        toast: i64,
    }
    let sizes: Sizes = diesel::sql_query(
        "SELECT pg_column_size(s.doc)::int8 AS doc, pg_relation_size(c.reltoastrelid) AS toast \
         FROM internship_search s, pg_class c \
         WHERE s.internship_id = $1 AND c.relname = 'internship_search'",
    )
    .bind::<diesel::sql_types::BigInt, _>(long_id)
    .get_result(&mut conn)
    .expect("the long posting's search row");
    assert!(
        sizes.doc > 2100,
        "a document past the 2 KB threshold: {}",
        sizes.doc
    );
    assert_eq!(sizes.toast, 0, "and kept in its row");
    let html = app.get_html("/internships?q=excel").await;
    assert_eq!(
        cards(&html),
        vec![id],
        "and found by a skill added after the posting"
    );
    // The places are also kept apart from the documents (migration 000021), in step with them.
    let in_places = |conn: &mut diesel::PgConnection, place: &str| -> Vec<i64> {
        #[derive(diesel::QueryableByName)]
        struct Id {
            #[diesel(sql_type = diesel::sql_types::BigInt)]
            internship_id: i64,
        }
        diesel::sql_query(
            "SELECT internship_id FROM internship_places \
             WHERE place @@ internship_search_query($1) ORDER BY internship_id",
        )
        .bind::<diesel::sql_types::Text, _>(place)
        .load::<Id>(conn)
        .expect("the places' table")
        .into_iter()
        .map(|r| r.internship_id)
        .collect()
    };
    assert_eq!(in_places(&mut conn, "pune"), vec![id, long_id]);
    employer
        .edit_internship(
            id,
            &[
                ("title", "Data Analyst Intern"),
                ("description", "Clean and chart the sales data."),
                ("skills", "Python, SQL, Excel"),
                ("location", "Navi Mumbai"),
            ],
        )
        .await;
    assert_eq!(in_places(&mut conn, "pune"), vec![long_id], "moved out");
    assert_eq!(in_places(&mut conn, "mumbai"), vec![id], "and in");
    let html = app.get_html("/internships?location=Bombay").await;
    assert_eq!(
        cards(&html),
        vec![id],
        "found there by the city's other name"
    );
    diesel::sql_query("DELETE FROM internships WHERE id = $1")
        .bind::<diesel::sql_types::BigInt, _>(long_id)
        .execute(&mut conn)
        .expect("a posting deleted");
    assert!(
        in_places(&mut conn, "pune").is_empty(),
        "and its place with it"
    );
}
