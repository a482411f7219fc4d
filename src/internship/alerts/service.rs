//! Rules of saved searches: saving the search page's query string under a name, and the daily
//! job that emails each student the postings published since her searches were last checked
//! (at most one email a day, none when nothing is new), with a signed one-click unsubscribe link
//! per search (RFC 8058).

use super::model::SavedSearch;
use super::store;
use crate::db::{DbConnection, DbError};
use crate::internship::model::SearchQuery;
use crate::notify::Letter;
use crate::web::FieldErrors;
use crate::web::i18n::Msg;
use crate::web::pagination::Pagination;
use chrono::{NaiveDate, NaiveDateTime};
use hmac::{Hmac, Mac};
use sha2::Sha256;

/// The daily job.
pub const SEARCH_ALERTS: &str = "search_alerts";
/// Saved searches per student.
const MAX_SEARCHES: usize = 20;
/// Postings listed per search in one email.
const MAX_LISTED: i64 = 10;

/// Checks and saves a search; errors name their fields.
pub fn save(
    conn: &mut DbConnection,
    user_id: i64,
    name: &str,
    query: &str,
) -> Result<i64, FieldErrors> {
    let mut errors = FieldErrors::default();
    let name = name.trim();
    let query = query.trim().trim_start_matches('?');
    if name.is_empty() || name.chars().count() > 80 {
        errors.add("name", "alerts.err_name");
    }
    if query.len() > 500 || query.contains(['\0', '\r', '\n']) {
        errors.add("query", "alerts.err_query");
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    let db = |_e: DbError| {
        let mut errors = FieldErrors::default();
        errors.add("query", "alerts.err_not_saved");
        errors
    };
    if store::of_user(conn, user_id).map_err(db)?.len() >= MAX_SEARCHES {
        errors.add(
            "name",
            Msg::new("alerts.err_too_many").with("max", MAX_SEARCHES),
        );
        return Err(errors);
    }
    let now = chrono::Utc::now().naive_utc();
    match store::insert(conn, user_id, name, query, now) {
        Ok(id) => Ok(id),
        // The same search saved twice (or twice at once): one row, by the unique key.
        Err(e) if e.is_unique_violation() => {
            errors.add("query", "alerts.err_exists");
            Err(errors)
        }
        Err(e) => Err(db(e)),
    }
}

pub fn list(conn: &mut DbConnection, user_id: i64) -> Result<Vec<SavedSearch>, DbError> {
    store::of_user(conn, user_id)
}

pub fn delete(conn: &mut DbConnection, user_id: i64, id: i64) -> Result<bool, DbError> {
    store::delete_own(conn, user_id, id)
}

/// The search filters of a saved query string (unknown keys are ignored, like the page does).
pub fn query_of(query: &str) -> SearchQuery {
    let mut q = SearchQuery::default();
    for (key, value) in url::form_urlencoded::parse(query.as_bytes()) {
        let value = value.into_owned();
        match key.as_ref() {
            "q" => q.q = value,
            "location" => q.location = value,
            "mode" => q.mode = value,
            "min_stipend" => q.min_stipend = value,
            "max_weeks" => q.max_weeks = value,
            "skill" => q.skill = value,
            _ => {}
        }
    }
    q
}

/// The signature that lets an unsubscribe link work without a login.
pub fn unsubscribe_token(key: &[u8], search_id: i64) -> String {
    hex::encode(mac(key, search_id).finalize().into_bytes())
}

fn mac(key: &[u8], search_id: i64) -> Hmac<Sha256> {
    // HMAC takes a key of any length; `new_from_slice` cannot fail for it.
    let mut mac = <Hmac<Sha256> as Mac>::new_from_slice(key)
        .unwrap_or_else(|_| <Hmac<Sha256> as Mac>::new_from_slice(b"-").expect("fixed key"));
    mac.update(b"search-unsubscribe:");
    mac.update(search_id.to_string().as_bytes());
    mac
}

/// Deletes the search when `token` is its signature; returns whether one was deleted.
pub fn unsubscribe(
    conn: &mut DbConnection,
    key: &[u8],
    search_id: i64,
    token: &str,
) -> Result<bool, DbError> {
    let Ok(signature) = hex::decode(token.trim()) else {
        return Ok(false);
    };
    if mac(key, search_id).verify_slice(&signature).is_err() {
        return Ok(false);
    }
    store::delete(conn, search_id)
}

/// Sends the day's alerts: for each student, the postings published since her searches were
/// last checked, in one email (none when nothing is new, at most one on `today`). Returns the
/// number of emails queued. `now` and `today` come from the caller so tests control the clock.
pub fn send_alerts(
    conn: &mut DbConnection,
    now: NaiveDateTime,
    today: NaiveDate,
    base_url: &str,
    key: &[u8],
) -> Result<usize, DbError> {
    let searches = store::all(conn)?;
    let mut sent = 0;
    let mut i = 0;
    while i < searches.len() {
        let user_id = searches[i].user_id;
        let mine: Vec<&SavedSearch> = searches[i..]
            .iter()
            .take_while(|s| s.user_id == user_id)
            .collect();
        i += mine.len();
        let mut letter = Letter::new(Msg::new("alerts.subject"));
        let mut found = 0;
        for search in &mine {
            let filter = query_of(&search.query).filter();
            let (cards, _) = crate::internship::service::search(
                conn,
                &filter,
                Pagination::new(Some(1), MAX_LISTED),
                None,
            )?;
            let new: Vec<_> = cards
                .iter()
                .filter(|c| c.internship.created_at > search.checked_at)
                .collect();
            if new.is_empty() {
                continue;
            }
            found += new.len();
            letter = letter.line(Msg::new("alerts.for_search").with("name", &search.name));
            for card in new {
                letter = letter.line(
                    Msg::new("alerts.posting")
                        .with("title", &card.internship.title)
                        .with("company", &card.company_name)
                        .with(
                            "url",
                            format!("{base_url}/internships/{}", card.internship.id),
                        ),
                );
            }
            letter = letter.line(
                Msg::new("alerts.unsubscribe_line")
                    .with("name", &search.name)
                    .with("url", unsubscribe_url(base_url, key, search.id)),
            );
        }
        let ids: Vec<i64> = mine.iter().map(|s| s.id).collect();
        if found == 0 {
            store::mark_checked(conn, &ids, now)?;
            continue;
        }
        letter = letter.link(format!("{base_url}/searches"), Msg::new("alerts.manage"));
        // The day's row is the "at most one a day" rule, kept by the database: a second run (or
        // a second instance) that day fails on the key and sends nothing; the new postings wait
        // for tomorrow's email.
        let header = unsubscribe_url(base_url, key, ids[0]);
        let result = crate::db::transaction(conn, |conn| {
            store::claim_day(conn, user_id, today)?;
            crate::notify::email_user_unsubscribable(conn, user_id, &letter, &header)?;
            store::mark_checked(conn, &ids, now)
        });
        match result {
            Ok(()) => sent += 1,
            Err(e) if e.is_unique_violation() => {}
            Err(e) => return Err(e),
        }
    }
    Ok(sent)
}

fn unsubscribe_url(base_url: &str, key: &[u8], search_id: i64) -> String {
    format!(
        "{base_url}/searches/{search_id}/unsubscribe?token={}",
        unsubscribe_token(key, search_id)
    )
}

/// The key of unsubscribe links, derived from the server secret.
pub fn key_of(settings: &crate::config::Settings) -> Vec<u8> {
    crate::config::derive_key(settings.jwt_secret.expose(), "search-unsubscribe")
}

/// The `search_alerts` job (daily).
pub async fn alerts_job(
    state: crate::state::AppState,
    _payload: serde_json::Value,
) -> Result<(), String> {
    let base_url = state.settings.base_url.clone();
    let key = key_of(&state.settings);
    let now = chrono::Utc::now().naive_utc();
    let today = crate::web::dates::ist(now).date();
    let sent = state
        .db
        .run(move |conn| send_alerts(conn, now, today, &base_url, &key))
        .await
        .map_err(|e| e.to_string())?;
    tracing::info!(sent, "saved-search alerts sent");
    Ok(())
}
