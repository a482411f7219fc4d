//! Rules of the public search: what the public sees (open internships of verified, unsuspended
//! companies, through `store`), meaning blended in when the model can answer in time, and
//! students' saved marks on the cards.

use super::behind::{self, Behind};
use super::query::{Groups, Plan, Sort};
use super::rank::{self, Matches};
use super::terms::{self, Scored};
use super::{cache, common, listed, store};
use crate::db::{DbConnection, DbError};
use crate::internship::model::{InternshipCard, SearchFilter};
use crate::internship::saved_store;
use crate::internship::service::{cards, today};
use crate::matching::service as matching;
use crate::profile::service as profiles;
use crate::state::AppState;
use crate::web::pagination::Pagination;
use chrono::NaiveDate;
use std::collections::HashMap;
use std::sync::{Arc, Mutex, OnceLock};

/// The search to run: the filters, the order, and (when `q` has words and the model answers in
/// time) the listed internships closest in meaning to them — in the place, when one is asked
/// for, so a city's postings are compared with the words, not the country's nearest filtered.
pub async fn search_plan(state: &AppState, filter: &SearchFilter, sort: Sort) -> Plan {
    let mut plan = Plan::new(filter, sort, Vec::new());
    let q = match filter.q.as_deref() {
        Some(q) if !plan.words.is_empty() => q,
        _ => return plan,
    };
    // The place's postings as the latest generation in memory holds them. The hits remembered
    // for a place are named by the generation its postings came from, so a posting new to the
    // place is compared with the words once a search has read the generation it is in.
    let kept = match plan.place.is_empty() {
        true => None,
        false => kept_place(state.db.key(), &plan.place),
    };
    let scope = scope_of(&plan.place, kept.as_ref().map(|(g, _)| g.generation));
    if let Some(hits) = matching::remembered_hits(state, q, &scope) {
        plan.semantic = hits;
        return plan;
    }
    let (scope, among) = if plan.place.is_empty() {
        (scope, None)
    } else if let Some((generation, set)) = kept {
        (
            scope,
            Some(generation.ids_in(&place_key(&plan.place), &set)),
        )
    } else {
        let (place, db) = (plan.place.clone(), state.db.key());
        match state.db.run(move |conn| place_ids(conn, db, &place)).await {
            Ok((generation, ids)) => (scope_of(&plan.place, Some(generation)), Some(ids)),
            // Without the place's postings (the database failed), meaning looks everywhere and
            // the ranking keeps the place's hits.
            Err(_) => (scope, None),
        }
    };
    plan.semantic = matching::semantic_hits(state, q, &scope, among).await;
    plan
}

/// The memo key of a place's postings.
fn place_key(place: &Groups) -> String {
    format!("place {:?}", place.0)
}

/// The scope meaning's hits are remembered under: everywhere, or a place's postings as the
/// search generation `generation` had them.
fn scope_of(place: &Groups, generation: Option<i64>) -> String {
    match (place.is_empty(), generation) {
        (true, _) => String::new(),
        (false, Some(g)) => format!("{} @{g}", place_key(place)),
        (false, None) => format!("{} @-", place_key(place)),
    }
}

/// Ids of the listed postings in `place` in the current generation (from its memo when asked
/// before), and that generation.
fn place_ids(
    conn: &mut DbConnection,
    db: u64,
    place: &Groups,
) -> Result<(i64, Arc<Vec<i64>>), DbError> {
    let (generation, database) = store::generation(conn)?;
    database_names().insert(db, database.clone());
    let current = listed_now(conn, &database, generation)?;
    let key = place_key(place);
    let set = current.set(&key, || store::in_place(conn, place))?;
    Ok((current.generation, current.ids_in(&key, &set)))
}

/// The postings of `place` from memory alone, when the latest generation kept of the database
/// of the handle `db` has them: no round trip. It may be a generation old; meaning only narrows
/// its scan with it, and the ranking checks each hit against the current set.
fn kept_place(db: u64, place: &Groups) -> Option<(Arc<listed::Generation>, Arc<listed::Bitmap>)> {
    let database = database_names().get(&db)?.clone();
    listed::kept_set(&database, &place_key(place))
}

/// The database each handle (`Db::key`) reads, as `store::generation` names it.
pub(super) fn database_names() -> std::sync::MutexGuard<'static, HashMap<u64, String>> {
    static NAMES: OnceLock<Mutex<HashMap<u64, String>>> = OnceLock::new();
    NAMES
        .get_or_init(Default::default)
        .lock()
        .unwrap_or_else(|e| e.into_inner())
}

/// The newest listed internships matching `filter`'s words and filters (no meaning blended in):
/// one page and the exact total, for callers other than the search page.
pub fn search(
    conn: &mut DbConnection,
    filter: &SearchFilter,
    page: Pagination,
    student_user: Option<i64>,
) -> Result<(Vec<InternshipCard>, i64), DbError> {
    page_of(
        conn,
        &Plan::new(filter, Sort::Newest, Vec::new()),
        page,
        student_user,
    )
    .map(|(cards, total, _)| (cards, total))
}

/// The listed postings of `database`'s generation `generation`: the one in memory, or read now
/// (keeping what outlives the change from the one before, where the database allows it).
pub(super) fn listed_now(
    conn: &mut DbConnection,
    database: &str,
    generation: i64,
) -> Result<Arc<listed::Generation>, DbError> {
    let carry = store::words_outlive_changes(conn);
    listed::generation(database, generation, carry, || store::listed(conn))
}

/// The search page's results: one page and the exact total (`page_of`); the country's matches
/// of the words it read in its place only are then read behind it (`behind`), and the copy of
/// the common words made again when too many postings changed since it was made (`common`).
pub async fn search_page(
    state: &AppState,
    plan: Plan,
    page: Pagination,
    student_user: Option<i64>,
) -> Result<(Vec<InternshipCard>, i64), DbError> {
    let (cards, total, words) = state
        .db
        .run(move |conn| page_of(conn, &plan, page, student_user))
        .await?;
    if common::is_stale(&words.database) {
        let (db, database) = (state.db.clone(), words.database.clone());
        tokio::spawn(async move {
            if let Err(e) = common::make(&db, database).await {
                tracing::warn!(error = %e, "the common words of the search were not copied again");
            }
        });
    }
    behind::read(&state.db, words);
    Ok((cards, total))
}

/// One page of search results, the exact total, and the words read in the place only; for a
/// student (`student_user`) each card says whether they saved it.
fn page_of(
    conn: &mut DbConnection,
    plan: &Plan,
    page: Pagination,
    student_user: Option<i64>,
) -> Result<(Vec<InternshipCard>, i64, Behind), DbError> {
    let found = find(conn, plan, today(), page)?;
    let read = |conn: &mut DbConnection, ids: &[i64]| {
        let rows = store::in_order(conn, ids)?;
        cards(conn, rows)
    };
    let mut cards = match &found.kept {
        Some(generation) => generation.cards.of(&found.ids, |ids| read(conn, ids))?,
        None => read(conn, &found.ids)?,
    };
    let student = match student_user {
        Some(user_id) => profiles::student_by_user(conn, user_id)?,
        None => None,
    };
    if let Some(student) = student {
        let ids: Vec<i64> = cards.iter().map(|c| c.internship.id).collect();
        let saved = saved_store::saved_among(conn, student.id, &ids)?;
        for card in &mut cards {
            card.saved = Some(saved.contains(&card.internship.id));
        }
    }
    Ok((cards, found.total, found.behind))
}

/// One page of a search: its ids in order, the exact total, and the generation in memory whose
/// cards hold for them (none when only an older one is kept).
struct Found {
    ids: Arc<Vec<i64>>,
    total: i64,
    kept: Option<Arc<listed::Generation>>,
    /// The words read in the search's place only, to read for the country behind it.
    behind: Behind,
}

/// The memo key of a word's matches in the whole country.
pub(super) fn country_key(group: &[String]) -> String {
    format!("word {group:?}")
}

/// One word's scored matches for a search in `place` (none: anywhere), which holds `share` of
/// the listed postings, and whether they are the place's alone. The whole country's are used
/// when this generation has them; where it is cheaper (`store::words_cheaper_in_a_place`: on
/// PostgreSQL, which ranks a word by reading each matching posting's document, any place; on
/// SQLite a place of at most an eighth of the postings), a word not yet read is read in the
/// place alone, and the country's behind the search (`behind`): at 100,000 postings the
/// country's "learning" on PostgreSQL is 64,304 documents, Pune's 1,560 (125 ms against 19).
fn word_matches(
    conn: &mut DbConnection,
    database: &str,
    current: &listed::Generation,
    group: &[String],
    place: &Groups,
    share: f64,
) -> Result<(Arc<Scored>, bool), DbError> {
    let country = country_key(group);
    if place.is_empty()
        || !store::words_cheaper_in_a_place(conn, share)
        || common::holds(database, &current.listed, current.generation, group)
    {
        let found = current.word(&country, || {
            read_word(conn, database, current, &country, group, None)
        })?;
        return Ok((found, false));
    }
    if let Some(found) = current.known_word(&country) {
        return Ok((found, false));
    }
    let key = format!("{country} in {}", place_key(place));
    let found = current.word(&key, || {
        read_word(conn, database, current, &key, group, Some(place))
    })?;
    Ok((found, true))
}

/// The rows (id, score) of the word `group` names (in `place`, when given), kept under `key`:
/// on PostgreSQL, when the generation before read it, its rows for the postings unchanged since
/// and the changed ones read again (`carried`); for the country, a common word from the copy
/// in memory the same way (`common`); otherwise read whole.
pub(super) fn read_word(
    conn: &mut DbConnection,
    database: &str,
    current: &listed::Generation,
    key: &str,
    group: &[String],
    place: Option<&Groups>,
) -> Result<Vec<(i64, f64)>, DbError> {
    let kept = current.carried_word(key).or_else(|| match place {
        None => common::word(database, &current.listed, current.generation, group),
        Some(_) => None,
    });
    if store::words_outlive_changes(conn) && common::copy_of(database).is_none() {
        common::want(database);
    }
    let Some(mut kept) = kept else {
        return store::word_scores(conn, group, place);
    };
    if !kept.among.is_empty() {
        let changed = store::word_scores_among(conn, group, place, &kept.among)?;
        kept.rows.extend(changed);
    }
    Ok(kept.rows)
}

/// One page of the search (ids in order) and the exact total.
/// A recent answer is served as it is; otherwise the listed postings of the database's current
/// generation (in memory) are ranked against what the full-text index says of the words, the
/// place and the skill (each asked once per generation), and filtered, sorted and counted.
fn find(
    conn: &mut DbConnection,
    plan: &Plan,
    today: NaiveDate,
    page: Pagination,
) -> Result<Found, DbError> {
    // Read before the search: an answer is never kept under a newer generation than its data.
    let (generation, database) = store::generation(conn)?;
    let key = format!("{database}|{today}|{page:?}|{plan:?}");
    if let Some(answer) = cache::get(&key, generation) {
        return Ok(Found {
            ids: answer.ids,
            total: answer.total,
            kept: listed::kept(&database, generation),
            behind: Behind::default(),
        });
    }
    let current = listed_now(conn, &database, generation)?;
    let mut behind = Behind {
        database,
        generation: current.generation,
        words: Vec::new(),
    };
    let with_words = !plan.words.is_empty();
    // The place's postings, read once per generation: a filter without words; with words the
    // ranking holds the place and the semantic hits are checked against it.
    let place = if plan.place.is_empty() {
        None
    } else {
        Some(current.set(&place_key(&plan.place), || {
            store::in_place(conn, &plan.place)
        })?)
    };
    // Each word is asked of the full-text index once per generation (and place, below); the
    // words' matches in the place, ranked, are remembered under the words and the place (`terms`).
    let ranked = if with_words {
        let key = format!("words {:?} place {:?}", plan.words.0, plan.place.0);
        Some(current.ranked(&key, || {
            let mut words = Vec::with_capacity(plan.words.0.len());
            // The place's share of the listed postings: where a word is cheaper to read.
            let share = place.as_deref().map_or(1.0, |set| {
                set.len() as f64 / current.listed.postings.len().max(1) as f64
            });
            for group in &plan.words.0 {
                let (found, place_only) =
                    word_matches(conn, &behind.database, &current, group, &plan.place, share)?;
                if place_only {
                    behind.words.push(group.clone());
                }
                words.push(found);
            }
            Ok::<_, DbError>(terms::combine(&current.listed, &words, place.as_deref()))
        })?)
    } else {
        None
    };
    let skill = match &plan.skill_key {
        Some(key) => Some(current.set(&format!("skill {key}"), || store::with_skill(conn, key))?),
        None => None,
    };
    let matches = Matches {
        ranked: ranked.as_deref().map(Vec::as_slice),
        place: place.as_deref(),
        skill: skill.as_deref(),
    };
    let offset = usize::try_from(page.offset()).unwrap_or(0);
    let limit = usize::try_from(page.limit()).unwrap_or(0);
    let (ids, total) = rank::page(&current.listed, plan, &matches, today, offset, limit);
    let ids = Arc::new(ids);
    // An answer from the generation before (read while another search reads the new one) is
    // not remembered under the new one, nor are its cards.
    let kept = if current.generation >= generation {
        cache::put(
            key,
            generation,
            cache::Answer {
                total,
                ids: ids.clone(),
            },
        );
        Some(current)
    } else {
        None
    };
    Ok(Found {
        ids,
        total,
        kept,
        behind,
    })
}
