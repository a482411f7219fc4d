//! The public search on the databases' own full-text engines (migration 000012): SQLite FTS5
//! (`internship_fts`, BM25) and PostgreSQL `tsvector` + GIN (`internship_search`, ts_rank).
//!
//! One statement per backend, built from the filters present (so each filter is a plain
//! indexed condition, not `? IS NULL OR …`), values always bound, never spliced. Words and
//! semantic hits meet in `hits`: reciprocal-rank fusion of the lexical rank and the semantic
//! rank. Every order ends on the id, so pages never overlap or skip.

use super::cache;
use super::query::{Groups, Sort};
use super::sql::{Bind, Sql, load};
use crate::db::schema::{employer_profiles, internships};
use crate::db::{DbConnection, DbError};
use crate::internship::model::{Internship, SearchFilter};
use crate::web::pagination::Pagination;
use chrono::NaiveDate;
use diesel::prelude::*;
use diesel::sql_types::{BigInt, Text};
use std::collections::HashMap;
use std::sync::Arc;

/// Reciprocal-rank fusion's constant (the usual 60): a rank r counts 1 / (60 + r).
const RRF_K: i64 = 60;

/// What one search asks for, prepared.
#[derive(Debug, Clone, Default)]
pub struct Plan {
    pub words: Groups,
    pub place: Groups,
    /// Ids of semantically close listed internships, best first (empty: lexical only).
    pub semantic: Vec<i64>,
    pub mode: Option<String>,
    pub min_stipend: Option<i32>,
    pub max_weeks: Option<i32>,
    pub skill_key: Option<String>,
    pub sort: Sort,
}

impl Plan {
    pub fn new(filter: &SearchFilter, sort: Sort, semantic: Vec<i64>) -> Plan {
        let words = Groups::of_words(filter);
        Plan {
            // Meaning joins words only: without words there is nothing to compare.
            semantic: if words.is_empty() { vec![] } else { semantic },
            words,
            place: filter
                .location
                .as_deref()
                .map(Groups::of_place)
                .unwrap_or_default(),
            mode: filter.mode.clone(),
            min_stipend: filter.min_stipend,
            max_weeks: filter.max_weeks,
            skill_key: filter.skill.as_deref().map(crate::db::skills::key),
            sort,
        }
    }
}

#[derive(QueryableByName)]
struct IdRow {
    #[diesel(sql_type = BigInt)]
    id: i64,
}

#[derive(QueryableByName)]
struct IdTotalRow {
    #[diesel(sql_type = BigInt)]
    id: i64,
    #[diesel(sql_type = BigInt)]
    n: i64,
}

/// What a statement selects.
#[derive(Clone, Copy, PartialEq)]
enum Shape {
    Count,
    Ids,
    /// Each id with the total of the whole search (a window count).
    IdsWithTotal,
}

#[derive(QueryableByName)]
struct GenerationRow {
    #[diesel(sql_type = BigInt)]
    n: i64,
    #[diesel(sql_type = Text)]
    db: String,
}

#[derive(QueryableByName)]
struct CountRow {
    #[diesel(sql_type = BigInt)]
    n: i64,
}

/// One page of the search (rows with their company's name, in order) and the exact total.
pub fn search(
    conn: &mut DbConnection,
    plan: &Plan,
    today: NaiveDate,
    page: Pagination,
) -> Result<(Vec<(Internship, String)>, i64), DbError> {
    // Read before the search: an answer is never kept under a newer generation than its data.
    // The database's own name keeps answers of two databases (tests, instances) apart.
    let pg = matches!(conn, DbConnection::Postgres(_));
    let (generation, database) = load::<GenerationRow>(conn, &mut generation_query(pg))?
        .pop()
        .map(|r| (r.n, r.db))
        .unwrap_or_default();
    let key = format!("{database}|{today}|{page:?}|{plan:?}");
    if let Some(answer) = cache::get(&key, generation) {
        return Ok((in_order(conn, &answer.ids)?, answer.total));
    }
    let page_of = |shape: Shape| {
        let mut sql = statement(plan, today, pg, shape);
        sql.push(" LIMIT ");
        sql.bind(Bind::BigInt(page.limit()));
        sql.push(" OFFSET ");
        sql.bind(Bind::BigInt(page.offset()));
        sql
    };
    let count = |conn: &mut DbConnection| -> Result<i64, DbError> {
        let mut sql = statement(plan, today, pg, Shape::Count);
        Ok(load::<CountRow>(conn, &mut sql)?
            .first()
            .map(|r| r.n)
            .unwrap_or(0))
    };
    let (ids, total) = if plan.words.is_empty() {
        // Without words the page walks an index and stops after it; the count is its own query.
        let ids: Vec<i64> = load::<IdRow>(conn, &mut page_of(Shape::Ids))?
            .into_iter()
            .map(|r| r.id)
            .collect();
        (ids, count(conn)?)
    } else {
        // With words every match is ranked anyway: the page and the total in one pass.
        let rows = load::<IdTotalRow>(conn, &mut page_of(Shape::IdsWithTotal))?;
        let total = match rows.first() {
            Some(r) => r.n,
            None if page.offset() > 0 => count(conn)?,
            None => 0,
        };
        (rows.into_iter().map(|r| r.id).collect(), total)
    };
    let rows = in_order(conn, &ids)?;
    let ids = Arc::new(ids);
    cache::put(key, generation, cache::Answer { total, ids });
    Ok((rows, total))
}

fn generation_query(pg: bool) -> Sql {
    let db = if pg {
        "current_database() || '@' || COALESCE(host(inet_server_addr()), 'local') || ':' \
         || COALESCE(inet_server_port()::text, '')"
    } else {
        "(SELECT file FROM pragma_database_list WHERE name = 'main')"
    };
    Sql {
        pg,
        text: format!("SELECT n, {db} AS db FROM search_generation WHERE id = 1"),
        binds: Vec::new(),
    }
}

/// The rows of `ids` with their companies' names, in the order of `ids`.
fn in_order(conn: &mut DbConnection, ids: &[i64]) -> Result<Vec<(Internship, String)>, DbError> {
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

/// The count or the ordered ids of the search (`shape`), without LIMIT.
fn statement(plan: &Plan, today: NaiveDate, pg: bool, shape: Shape) -> Sql {
    let mut sql = Sql {
        pg,
        text: String::new(),
        binds: Vec::new(),
    };
    let with_words = !plan.words.is_empty();
    if with_words {
        hits(&mut sql, plan);
    }
    sql.push(match shape {
        Shape::Count => "SELECT count(*) AS n",
        Shape::Ids => "SELECT i.id AS id",
        Shape::IdsWithTotal => "SELECT i.id AS id, count(*) OVER () AS n",
    });
    sql.push(if with_words {
        " FROM hits h JOIN internships i ON i.id = h.id"
    } else {
        " FROM internships i"
    });
    sql.push(
        // The listed companies are few next to their postings: one set, looked up per row.
        " WHERE i.status = 'active' AND i.employer_id IN (SELECT e.id FROM employer_profiles e \
         JOIN users u ON u.id = e.user_id WHERE e.verification_status = 'approved'",
    );
    sql.push(if pg {
        " AND NOT u.is_suspended)"
    } else {
        " AND u.is_suspended = 0)"
    });
    sql.push(" AND (i.deadline IS NULL OR i.deadline >= ");
    sql.bind(Bind::Date(today));
    sql.push(")");
    // With words, the place is matched inside the full-text query and checked for each
    // semantic hit (`hits`): only postings in the place are ranked.
    if !plan.place.is_empty() && !with_words {
        if pg {
            sql.push(
                " AND i.id IN (SELECT internship_id FROM internship_search \
                 WHERE place @@ internship_search_query(",
            );
            sql.bind(Bind::Text(plan.place.pg_groups()));
            sql.push("))");
        } else {
            sql.push(" AND i.id IN (SELECT rowid FROM internship_fts WHERE internship_fts MATCH ");
            sql.bind(Bind::Text(plan.place.fts5(Some("location"))));
            sql.push(")");
        }
    }
    if let Some(mode) = &plan.mode {
        sql.push(" AND i.mode = ");
        sql.bind(Bind::Text(mode.clone()));
    }
    if let Some(min) = plan.min_stipend {
        sql.push(" AND i.stipend_amount >= ");
        sql.bind(Bind::Int(min));
    }
    if let Some(max) = plan.max_weeks {
        sql.push(" AND i.duration_weeks <= ");
        sql.bind(Bind::Int(max));
    }
    if let Some(skill) = &plan.skill_key {
        sql.push(
            " AND i.id IN (SELECT s.internship_id FROM internship_skills s \
             JOIN skills k ON k.id = s.skill_id WHERE k.name = ",
        );
        sql.bind(Bind::Text(skill.clone()));
        sql.push(")");
    }
    if shape != Shape::Count {
        sql.push(" ORDER BY ");
        sql.push(match plan.sort {
            Sort::Relevance if with_words => "h.score DESC, i.id DESC",
            Sort::Relevance | Sort::Newest => "i.created_at DESC, i.id DESC",
            Sort::Stipend => "i.stipend_amount DESC NULLS LAST, i.id DESC",
            Sort::Deadline => "i.deadline ASC NULLS LAST, i.id DESC",
        });
    }
    sql
}

/// `WITH … hits(id, score)`: the postings holding every word (lexical rank by BM25 / ts_rank)
/// and the semantic hits (their rank in `plan.semantic`), each scored by reciprocal-rank fusion.
fn hits(sql: &mut Sql, plan: &Plan) {
    if plan.sort != Sort::Relevance {
        // Another order: which postings match is all that counts, not how well.
        if sql.pg {
            sql.push(
                "WITH lex(id, r) AS (SELECT internship_id, 1 FROM internship_search \
                 WHERE doc @@ internship_search_query(",
            );
            sql.bind(Bind::Text(plan.words.pg_groups()));
            sql.push(")");
            pg_place(sql, plan, "place");
            sql.push(")");
        } else {
            sql.push(
                "WITH lex(id, r) AS (SELECT rowid, 1 FROM internship_fts \
                 WHERE internship_fts MATCH ",
            );
            sql.bind(Bind::Text(fts5_match(plan)));
            sql.push(")");
        }
    } else if sql.pg {
        sql.push(
            "WITH lex(id, r) AS (SELECT s.internship_id, row_number() OVER \
             (ORDER BY ts_rank(s.doc, q.query) DESC, s.internship_id DESC) \
             FROM internship_search s, internship_search_query(",
        );
        sql.bind(Bind::Text(plan.words.pg_groups()));
        sql.push(") AS q(query) WHERE s.doc @@ q.query");
        pg_place(sql, plan, "s.place");
        sql.push(")");
    } else {
        // Column weights: title, skills, company, location, description.
        sql.push(
            "WITH lex(id, r) AS (SELECT rowid, row_number() OVER \
             (ORDER BY bm25(internship_fts, 10.0, 5.0, 3.0, 2.0, 1.0), rowid DESC) \
             FROM internship_fts WHERE internship_fts MATCH ",
        );
        sql.bind(Bind::Text(fts5_match(plan)));
        sql.push(")");
    }
    let fused = |table: &str| format!("SELECT id, 1.0 / ({RRF_K} + r) AS s FROM {table}");
    if plan.semantic.is_empty() {
        sql.push(&format!(", hits(id, score) AS ({})", fused("lex")));
        return;
    }
    if sql.pg {
        sql.push(", sem(id, r) AS (SELECT t.id, t.r FROM unnest(");
        sql.bind(Bind::Ids(plan.semantic.clone()));
        sql.push(") WITH ORDINALITY AS t(id, r)");
        if !plan.place.is_empty() {
            // The few semantic hits are checked one by one against the place.
            sql.push(
                " WHERE EXISTS (SELECT 1 FROM internship_search x WHERE x.internship_id = t.id \
                 AND x.place @@ internship_search_query(",
            );
            sql.bind(Bind::Text(plan.place.pg_groups()));
            sql.push("))");
        }
        sql.push(")");
    } else {
        sql.push(", sem(id, r) AS (SELECT CAST(value AS INTEGER), CAST(key AS INTEGER) + 1 FROM json_each(");
        sql.bind(Bind::Ids(plan.semantic.clone()));
        sql.push(")");
        if !plan.place.is_empty() {
            sql.push(" WHERE EXISTS (SELECT 1 FROM internship_fts WHERE internship_fts MATCH ");
            sql.bind(Bind::Text(plan.place.fts5(Some("location"))));
            sql.push(" AND rowid = CAST(value AS INTEGER))");
        }
        sql.push(")");
    }
    sql.push(&format!(
        ", hits(id, score) AS (SELECT id, SUM(s) FROM ({} UNION ALL {}) AS f GROUP BY id)",
        fused("lex"),
        fused("sem")
    ));
}

/// The FTS5 query of the words, and of the place when there is one (so only postings in the
/// place are ranked: a search with a city ranked every posting holding the words, then kept
/// those in the city). The place's own match adds the same to every result's BM25.
fn fts5_match(plan: &Plan) -> String {
    if plan.place.is_empty() {
        plan.words.fts5(None)
    } else {
        format!(
            "{} AND {}",
            plan.words.fts5(None),
            plan.place.fts5(Some("location"))
        )
    }
}

/// `AND <column> @@ …` of the place, when there is one (PostgreSQL).
fn pg_place(sql: &mut Sql, plan: &Plan, column: &str) {
    if !plan.place.is_empty() {
        sql.push(&format!(" AND {column} @@ internship_search_query("));
        sql.bind(Bind::Text(plan.place.pg_groups()));
        sql.push(")");
    }
}
