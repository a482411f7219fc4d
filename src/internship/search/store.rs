//! The public search's reads, on the databases' own full-text engines (migration 000012):
//! SQLite FTS5 (`internship_fts`, BM25) and PostgreSQL `tsvector` + GIN (`internship_search`,
//! ts_rank). Each read is one plain statement with its values bound, never spliced: the
//! generation counter, the listed postings' filter values, the ids matching a word (with their
//! scores) or a place or a skill, and the rows of one page. Filters, sorts and counts run in memory
//! (`listed`, `rank`).

use super::listed::ListedRow;
use super::query::Groups;
use super::sql::{Sql, load};
use crate::db::schema::{employer_profiles, internships};
use crate::db::{DbConnection, DbError};
use crate::internship::model::Internship;
use diesel::prelude::*;
use diesel::sql_types::{BigInt, Date, Double, Integer, Nullable, Text, Timestamp};
use std::collections::HashMap;

#[derive(QueryableByName)]
struct IdRow {
    #[diesel(sql_type = BigInt)]
    id: i64,
}

#[derive(QueryableByName)]
struct ScoreRow {
    #[diesel(sql_type = BigInt)]
    id: i64,
    #[diesel(sql_type = Double)]
    score: f64,
}

#[derive(QueryableByName)]
struct GenerationRow {
    #[diesel(sql_type = BigInt)]
    n: i64,
    #[diesel(sql_type = Text)]
    db: String,
}

#[derive(QueryableByName)]
struct ListedSqlRow {
    #[diesel(sql_type = BigInt)]
    id: i64,
    #[diesel(sql_type = Timestamp)]
    created_at: chrono::NaiveDateTime,
    #[diesel(sql_type = Nullable<Integer>)]
    stipend_amount: Option<i32>,
    #[diesel(sql_type = Nullable<Date>)]
    deadline: Option<chrono::NaiveDate>,
    #[diesel(sql_type = Integer)]
    duration_weeks: i32,
    #[diesel(sql_type = Text)]
    mode: String,
    #[diesel(sql_type = BigInt)]
    version: i64,
}

fn sql(conn: &DbConnection) -> Sql {
    Sql {
        pg: matches!(conn, DbConnection::Postgres(_)),
        text: String::new(),
        binds: Vec::new(),
    }
}

/// The database's search generation (bumped by triggers on every change that can change a
/// result) and a name that tells this database from others the process uses. On PostgreSQL a
/// statement of fixed shape, kept prepared: every list page asks it.
pub fn generation(conn: &mut DbConnection) -> Result<(i64, String), DbError> {
    if let DbConnection::Postgres(pg) = conn {
        use server::*;
        let found: Option<(i64, String, Option<String>, Option<i32>)> = search_generation::table
            .find(1)
            .select((
                search_generation::n,
                current_database(),
                host(inet_server_addr()),
                inet_server_port(),
            ))
            .first(pg)
            .optional()?;
        return Ok(found
            .map(|(n, name, host, port)| {
                let host = host.unwrap_or_else(|| "local".into());
                let port = port.map(|p| p.to_string()).unwrap_or_default();
                (n, format!("{name}@{host}:{port}"))
            })
            .unwrap_or_default());
    }
    let mut q = sql(conn);
    q.push(
        "SELECT n, (SELECT file FROM pragma_database_list WHERE name = 'main') AS db \
         FROM search_generation WHERE id = 1",
    );
    Ok(load::<GenerationRow>(conn, &mut q)?
        .pop()
        .map(|r| (r.n, r.db))
        .unwrap_or_default())
}

/// The generation counter (migration 000012) and the PostgreSQL functions that name the
/// database and its server.
mod server {
    diesel::table! {
        search_generation (id) {
            id -> Integer,
            n -> BigInt,
        }
    }
    diesel::define_sql_function!(fn current_database() -> diesel::sql_types::Text);
    diesel::define_sql_function!(
        fn inet_server_addr() -> diesel::sql_types::Nullable<diesel::pg::sql_types::Inet>
    );
    diesel::define_sql_function!(
        fn host(
            address: diesel::sql_types::Nullable<diesel::pg::sql_types::Inet>,
        ) -> diesel::sql_types::Nullable<diesel::sql_types::Text>
    );
    diesel::define_sql_function!(
        fn inet_server_port() -> diesel::sql_types::Nullable<diesel::sql_types::Integer>
    );
}

/// Every listed posting (open, of a verified company whose account is not suspended) with the
/// values the filters and sorts read, and on PostgreSQL its search document's version (0 on
/// SQLite); deadlines are checked at query time.
pub fn listed(conn: &mut DbConnection) -> Result<Vec<ListedRow>, DbError> {
    let mut q = sql(conn);
    q.push(if q.pg {
        "SELECT i.id, i.created_at, i.stipend_amount, i.deadline, i.duration_weeks, i.mode, \
         COALESCE(p.version, 0) AS version FROM internships i \
         LEFT JOIN internship_places p ON p.internship_id = i.id"
    } else {
        "SELECT i.id, i.created_at, i.stipend_amount, i.deadline, i.duration_weeks, i.mode, \
         0 AS version FROM internships i"
    });
    q.push(
        " WHERE i.status = 'active' AND i.employer_id IN (SELECT e.id FROM \
         employer_profiles e JOIN users u ON u.id = e.user_id \
         WHERE e.verification_status = 'approved'",
    );
    q.push(if q.pg {
        " AND NOT u.is_suspended)"
    } else {
        " AND u.is_suspended = 0)"
    });
    Ok(load::<ListedSqlRow>(conn, &mut q)?
        .into_iter()
        .map(|r| ListedRow {
            id: r.id,
            created_at: r.created_at,
            stipend: r.stipend_amount,
            deadline: r.deadline,
            weeks: r.duration_weeks,
            mode: r.mode,
            version: r.version,
        })
        .collect())
}

/// Every posting holding the word `group` names (any of its spellings) and how well it
/// matches there, lower is better: BM25 with column weights (title, skills, company, location,
/// description) / minus ts_rank. Scores of several words add up (`terms`). With `place`, only
/// the postings in that place (as `in_place` reads it), each scored as it would be without it.
pub fn word_scores(
    conn: &mut DbConnection,
    group: &[String],
    place: Option<&Groups>,
) -> Result<Vec<(i64, f64)>, DbError> {
    let word = Groups(vec![group.to_vec()]);
    let mut q = sql(conn);
    if q.pg {
        q.push(
            "SELECT s.internship_id AS id, (-ts_rank(s.doc, q.query))::float8 AS score \
             FROM internship_search s, internship_search_query(",
        );
        q.bind(word.pg_groups());
        q.push(") AS q(query) WHERE s.doc @@ q.query");
        if let Some(place) = place {
            q.push(" AND s.place @@ internship_search_query(");
            q.bind(place.pg_groups());
            q.push(")");
        }
    } else {
        match place {
            Some(place) if !in_a_location(conn, &word)? => {
                // The place as a second phrase of the same MATCH: FTS5 steps through both lists
                // together (~1.5× faster than a subquery's filter at 100,000 postings). Its
                // location column weighs 0, so the place's phrase adds nothing to the score,
                // and the word, found in no location, scores to the last bit as in the country.
                q.push(
                    "SELECT rowid AS id, bm25(internship_fts, 10.0, 5.0, 3.0, 0.0, 1.0) AS score \
                     FROM internship_fts WHERE internship_fts MATCH ",
                );
                q.bind(format!(
                    "({}) AND ({})",
                    word.fts5(None),
                    place.fts5(Some("location"))
                ));
            }
            _ => {
                q.push(
                    "SELECT rowid AS id, bm25(internship_fts, 10.0, 5.0, 3.0, 2.0, 1.0) AS score \
                     FROM internship_fts WHERE internship_fts MATCH ",
                );
                q.bind(word.fts5(None));
                if let Some(place) = place {
                    // `+rowid`: the place filters the word's matches; it must not drive the scan.
                    q.push(
                        " AND +rowid IN (SELECT rowid FROM internship_fts \
                         WHERE internship_fts MATCH ",
                    );
                    q.bind(place.fts5(Some("location")));
                    q.push(")");
                }
            }
        }
    }
    Ok(load::<ScoreRow>(conn, &mut q)?
        .into_iter()
        .map(|r| (r.id, r.score))
        .collect())
}

/// The scored matches of the word `group` names among the postings `ids` (in `place`, when
/// given), scored as `word_scores` scores them: what changed since a word was read
/// (`carried`). PostgreSQL only: its scores depend on the document alone.
pub fn word_scores_among(
    conn: &mut DbConnection,
    group: &[String],
    place: Option<&Groups>,
    ids: &[i64],
) -> Result<Vec<(i64, f64)>, DbError> {
    let word = Groups(vec![group.to_vec()]);
    let mut q = sql(conn);
    q.push(
        "SELECT s.internship_id AS id, (-ts_rank(s.doc, q.query))::float8 AS score \
         FROM internship_search s, internship_search_query(",
    );
    q.bind(word.pg_groups());
    q.push(") AS q(query) WHERE s.internship_id = ANY(CAST(");
    let listed: Vec<String> = ids.iter().map(i64::to_string).collect();
    q.bind(format!("{{{}}}", listed.join(",")));
    q.push(" AS BIGINT[])) AND s.doc @@ q.query");
    if let Some(place) = place {
        q.push(" AND s.place @@ internship_search_query(");
        q.bind(place.pg_groups());
        q.push(")");
    }
    Ok(load::<ScoreRow>(conn, &mut q)?
        .into_iter()
        .map(|r| (r.id, r.score))
        .collect())
}

#[derive(QueryableByName)]
struct DocumentRow {
    #[diesel(sql_type = BigInt)]
    id: i64,
    #[diesel(sql_type = BigInt)]
    version: i64,
    #[diesel(sql_type = Text)]
    doc: String,
}

/// Up to `limit` search documents after the posting `after`, in id order: (id, document
/// version, the document in its text form). PostgreSQL's only (`common`); none on SQLite.
pub fn documents(
    conn: &mut DbConnection,
    after: i64,
    limit: i64,
) -> Result<Vec<(i64, i64, String)>, DbError> {
    let mut q = sql(conn);
    if !q.pg {
        return Ok(Vec::new());
    }
    q.push(
        "SELECT s.internship_id AS id, COALESCE(p.version, 0) AS version, s.doc::text AS doc \
         FROM internship_search s LEFT JOIN internship_places p \
         ON p.internship_id = s.internship_id WHERE s.internship_id > CAST(",
    );
    q.bind(after.to_string());
    q.push(" AS BIGINT) ORDER BY s.internship_id LIMIT CAST(");
    q.bind(limit.to_string());
    q.push(" AS BIGINT)");
    Ok(load::<DocumentRow>(conn, &mut q)?
        .into_iter()
        .map(|r| (r.id, r.version, r.doc))
        .collect())
}

/// Whether a word's scores outlive a change of the listings: on PostgreSQL ts_rank reads the
/// posting's document alone, so a word read before a change holds for every document that did
/// not change (`carried`); SQLite's BM25 weighs each word by how many postings hold it.
pub fn words_outlive_changes(conn: &DbConnection) -> bool {
    sql(conn).pg
}

/// Whether a word's matches in a place holding `share` of the listed postings are cheaper to
/// read there than in the whole country (and the country's behind the search). PostgreSQL ranks
/// a word by reading each matching posting's document, so a place costs its share of the
/// country. FTS5 steps through the word's whole list either way, but BM25 looks up each match's
/// length, and that is most of a read: at 100,000 postings "excel" takes 23 ms in the country
/// and 2.6–3.5 ms in Pune or Kochi (0.6 % of the postings each), but 15 ms in "Remote" (25 %),
/// where reading the place and then the country behind it costs more than the country at once.
pub fn words_cheaper_in_a_place(conn: &DbConnection, share: f64) -> bool {
    sql(conn).pg || share <= SQLITE_PLACE_SHARE
}

/// The largest share of the listed postings in a place whose words SQLite reads in the place.
const SQLITE_PLACE_SHARE: f64 = 0.125;

/// Whether any posting's location holds the word `word` names (a word of the location column:
/// "Kakkanad" in "Kakkanad, Kochi"). A walk of the word's list in the index without BM25:
/// 0.1–0.6 ms for the commonest words at 100,000 postings, where none is a location's.
fn in_a_location(conn: &mut DbConnection, word: &Groups) -> Result<bool, DbError> {
    let mut q = sql(conn);
    q.push("SELECT rowid AS id FROM internship_fts WHERE internship_fts MATCH ");
    q.bind(word.fts5(Some("location")));
    q.push(" LIMIT 1");
    Ok(!ids(conn, &mut q)?.is_empty())
}

/// Ids of every posting in the place `place` names. On PostgreSQL from the narrow table of
/// places (migration 000021), not the documents' rows: "Remote" 88 → 9 ms at 100,000.
pub fn in_place(conn: &mut DbConnection, place: &Groups) -> Result<Vec<i64>, DbError> {
    let mut q = sql(conn);
    if q.pg {
        q.push(
            "SELECT internship_id AS id FROM internship_places \
             WHERE place @@ internship_search_query(",
        );
        q.bind(place.pg_groups());
        q.push(")");
    } else {
        q.push("SELECT rowid AS id FROM internship_fts WHERE internship_fts MATCH ");
        q.bind(place.fts5(Some("location")));
    }
    ids(conn, &mut q)
}

/// Ids of every posting asking for the skill whose key is `key`.
pub fn with_skill(conn: &mut DbConnection, key: &str) -> Result<Vec<i64>, DbError> {
    let mut q = sql(conn);
    q.push(
        "SELECT s.internship_id AS id FROM internship_skills s \
         JOIN skills k ON k.id = s.skill_id WHERE k.name = ",
    );
    q.bind(key.to_string());
    ids(conn, &mut q)
}

fn ids(conn: &mut DbConnection, q: &mut Sql) -> Result<Vec<i64>, DbError> {
    Ok(load::<IdRow>(conn, q)?.into_iter().map(|r| r.id).collect())
}

/// The rows of `ids` with their companies' names, in the order of `ids`.
pub fn in_order(
    conn: &mut DbConnection,
    ids: &[i64],
) -> Result<Vec<(Internship, String)>, DbError> {
    let mut found: HashMap<i64, (Internship, String)> = internships::table
        .inner_join(employer_profiles::table)
        .filter(internships::id.eq_any(ids))
        .select((Internship::as_select(), employer_profiles::company_name))
        .load::<(Internship, String)>(conn)?
        .into_iter()
        .map(|row| (row.0.id, row))
        .collect();
    Ok(ids.iter().filter_map(|id| found.remove(id)).collect())
}
