//! The live catalogue: each instance keeps the listed internships' vectors and listings in
//! memory ([`Catalogue`], one contiguous matrix) so a recommendation scans memory instead of
//! loading every internship from the database.
//!
//! It is loaded in full once the model is known, then refreshed incrementally: right after an
//! embedding job on this instance, and every few seconds on every instance (another instance's
//! changes arrive that way). A refresh re-reads only internships changed since the last one
//! (edited, re-embedded, company verification changed, new likes/dismissals); deadlines are
//! checked at query time, so an internship past its deadline disappears at midnight without a
//! refresh.

use super::catalogue::Catalogue;
pub use super::changes::crowd_score;
use super::changes::{Changes, changes_for, every_listed};
use super::demand::FieldDemand;
use crate::db::DbError;
use crate::matching::ranking::score::MatchWeights;
use chrono::{NaiveDate, NaiveDateTime};
use std::collections::HashMap;
use std::sync::{Arc, RwLock, RwLockReadGuard};

/// Re-read rows changed this long before the last refresh too: a transaction may commit after
/// the timestamps it wrote, and hosts' clocks differ a little.
const OVERLAP_SECONDS: i64 = 15;

/// What a live catalogue holds.
pub struct Snapshot {
    pub catalogue: Catalogue<i64>,
    /// Deadlines of the listed internships (`None`: open until closed).
    pub deadlines: HashMap<i64, Option<NaiveDate>>,
    /// The model whose vectors the catalogue holds (empty before the first load).
    pub model: String,
    /// When the last refresh started (`None`: never loaded).
    pub refreshed_at: Option<NaiveDateTime>,
    /// Skills asked for per field across every listed internship (market demand).
    pub demand: FieldDemand,
    /// Counts the changes applied: two rankings made at the same version saw the same listings.
    pub version: u64,
    /// Tells this catalogue from others in the same process (tests run several apps), for
    /// answers remembered per version.
    pub instance: u64,
}

/// Shared by the request handlers (readers) and the refresher (writer). Cheap to clone.
#[derive(Clone)]
pub struct LiveCatalogue {
    inner: Arc<RwLock<Snapshot>>,
    /// Serialises refreshes: two at once would only do the same work twice.
    refreshing: Arc<tokio::sync::Mutex<()>>,
}

impl Default for LiveCatalogue {
    fn default() -> Self {
        LiveCatalogue::new()
    }
}

impl LiveCatalogue {
    pub fn new() -> LiveCatalogue {
        let threads = std::thread::available_parallelism()
            .map(|n| n.get())
            .unwrap_or(1);
        LiveCatalogue {
            inner: Arc::new(RwLock::new(Snapshot {
                catalogue: Catalogue::new(
                    crate::matching::embedding::embedder::EMBEDDING_DIM,
                    threads,
                ),
                deadlines: HashMap::new(),
                model: String::new(),
                refreshed_at: None,
                demand: FieldDemand::default(),
                version: 0,
                instance: {
                    static NEXT: std::sync::atomic::AtomicU64 =
                        std::sync::atomic::AtomicU64::new(1);
                    NEXT.fetch_add(1, std::sync::atomic::Ordering::Relaxed)
                },
            })),
            refreshing: Arc::new(tokio::sync::Mutex::new(())),
        }
    }

    /// Read access for a ranking (a poisoned lock, a refresh panicked, is still usable).
    pub fn read(&self) -> RwLockReadGuard<'_, Snapshot> {
        self.inner.read().unwrap_or_else(|e| e.into_inner())
    }

    /// Whether the catalogue has been loaded for `model`.
    pub fn is_loaded_for(&self, model: &str) -> bool {
        let s = self.read();
        s.refreshed_at.is_some() && s.model == model
    }

    pub fn len(&self) -> usize {
        self.read().catalogue.len()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Brings the catalogue up to date with the database: in full the first time (or when the
    /// model changed), incrementally afterwards. Runs on the blocking pool; readers keep
    /// reading while changes are gathered and are held up only while they are applied.
    pub async fn refresh(
        &self,
        db: &crate::db::Db,
        model: &str,
        weights: MatchWeights,
    ) -> Result<usize, DbError> {
        let _one_at_a_time = self.refreshing.lock().await;
        let since = {
            let s = self.read();
            match s.refreshed_at {
                Some(at) if s.model == model => {
                    Some(at - chrono::Duration::seconds(OVERLAP_SECONDS))
                }
                _ => None,
            }
        };
        let started = chrono::Utc::now().naive_utc();
        if let Some(since) = since {
            return self.refresh_since(db, model, weights, since, started).await;
        }
        if self.read().refreshed_at.is_none() {
            return self.first_load(db, model, weights, started).await;
        }
        // The model changed: every listed internship again, replacing the whole catalogue.
        let model_name = model.to_string();
        let changes = db
            .run(move |conn| every_listed(conn, &model_name, &weights))
            .await?;
        let n = changes.upserts.len() + changes.removals.len();
        let live = self.clone();
        let model = model.to_string();
        // Building rows is done; applying them is quick, but keep it off the async workers.
        tokio::task::spawn_blocking(move || live.apply(changes, true, model, started))
            .await
            .map_err(|e| DbError::Pool(format!("catalogue refresh stopped: {e}")))?;
        Ok(n)
    }

    /// The internships changed since `since`, read and applied a chunk at a time: a bulk change
    /// (an import, every posting re-embedded, the first start right after `seed-bench`) once
    /// read 100,000 vectors as f32 in one go — 180 MB more for as long as they were changed
    /// within the overlap, every refresh.
    async fn refresh_since(
        &self,
        db: &crate::db::Db,
        model: &str,
        weights: MatchWeights,
        since: NaiveDateTime,
        started: NaiveDateTime,
    ) -> Result<usize, DbError> {
        let candidates = db
            .run(move |conn| crate::matching::store::changed_internships(conn, since))
            .await?;
        let (mut n, relisted) = self.apply_chunks(db, model, weights, &candidates).await?;
        let crowd = db
            .run(move |conn| super::changes::crowd_since(conn, since, &relisted))
            .await?;
        n += crowd.len();
        let live = self.clone();
        let model = model.to_string();
        let changes = Changes {
            upserts: Vec::new(),
            removals: Vec::new(),
            crowd,
        };
        tokio::task::spawn_blocking(move || live.apply(changes, false, model, started))
            .await
            .map_err(|e| DbError::Pool(format!("catalogue refresh stopped: {e}")))?;
        Ok(n)
    }

    /// Reads the listings of `ids` and applies them, a chunk at a time (off the async workers):
    /// how many were listed or removed, and the ids listed.
    async fn apply_chunks(
        &self,
        db: &crate::db::Db,
        model: &str,
        weights: MatchWeights,
        ids: &[i64],
    ) -> Result<(usize, std::collections::HashSet<i64>), DbError> {
        let mut listed = std::collections::HashSet::new();
        let mut n = 0;
        for chunk in ids.chunks(crate::matching::store::CHUNK) {
            let (ids, model_name) = (chunk.to_vec(), model.to_string());
            let changes = db
                .run(move |conn| changes_for(conn, &ids, &model_name, &weights))
                .await?;
            n += changes.upserts.len() + changes.removals.len();
            listed.extend(changes.upserts.iter().map(|(id, _, _, _)| *id));
            let live = self.clone();
            tokio::task::spawn_blocking(move || {
                apply_changes(
                    &mut live.inner.write().unwrap_or_else(|e| e.into_inner()),
                    changes,
                )
            })
            .await
            .map_err(|e| DbError::Pool(format!("catalogue load stopped: {e}")))?;
        }
        Ok((n, listed))
    }

    /// The first load after a start, in chunks that answer as they arrive: 100,000 postings
    /// take a few seconds to read and list, and recommendations need not wait for the last.
    async fn first_load(
        &self,
        db: &crate::db::Db,
        model: &str,
        weights: MatchWeights,
        started: NaiveDateTime,
    ) -> Result<usize, DbError> {
        let listed = db.run(crate::matching::store::listed_internships).await?;
        self.inner.write().unwrap_or_else(|e| e.into_inner()).model = model.to_string();
        let (n, _) = self.apply_chunks(db, model, weights, &listed).await?;
        self.inner
            .write()
            .unwrap_or_else(|e| e.into_inner())
            .refreshed_at = Some(started);
        Ok(n)
    }

    /// Whether recommendations can be made for `model` now: the catalogue is loaded, or its
    /// first load has put rows in already (they answer until the rest arrive).
    pub fn can_answer_for(&self, model: &str) -> bool {
        let s = self.read();
        s.model == model && (s.refreshed_at.is_some() || !s.catalogue.is_empty())
    }

    /// Waits until [`can_answer_for`](Self::can_answer_for): loads the catalogue itself when no
    /// refresh is running (a request may come before the refresher's first tick), otherwise
    /// waits for the first rows of the load under way.
    pub async fn wait_until_answerable(
        &self,
        db: &crate::db::Db,
        model: &str,
        weights: MatchWeights,
    ) -> Result<(), DbError> {
        let give_up = std::time::Instant::now() + std::time::Duration::from_secs(60);
        while !self.can_answer_for(model) {
            if self.refreshing.try_lock().is_ok() {
                self.refresh(db, model, weights).await?;
                continue;
            }
            if std::time::Instant::now() > give_up {
                return Err(DbError::Pool("the catalogue is still loading".into()));
            }
            tokio::time::sleep(std::time::Duration::from_millis(20)).await;
        }
        Ok(())
    }

    /// Re-reads the given internships only (after this instance changed or re-embedded them):
    /// cheap, so an embedding job can call it for its one internship. Before the first full
    /// load it makes that load happen now.
    pub async fn refresh_ids(
        &self,
        db: &crate::db::Db,
        model: &str,
        weights: MatchWeights,
        ids: Vec<i64>,
    ) -> Result<(), DbError> {
        if !self.is_loaded_for(model) {
            return self.refresh(db, model, weights).await.map(|_| ());
        }
        let model_name = model.to_string();
        let changes = db
            .run(move |conn| changes_for(conn, &ids, &model_name, &weights))
            .await?;
        let mut s = self.inner.write().unwrap_or_else(|e| e.into_inner());
        apply_changes(&mut s, changes);
        Ok(())
    }

    fn apply(&self, changes: Changes, full: bool, model: String, started: NaiveDateTime) {
        let mut s = self.inner.write().unwrap_or_else(|e| e.into_inner());
        if full {
            let threads = std::thread::available_parallelism()
                .map(|n| n.get())
                .unwrap_or(1);
            s.catalogue =
                Catalogue::new(crate::matching::embedding::embedder::EMBEDDING_DIM, threads);
            s.deadlines.clear();
            s.demand = FieldDemand::default();
            s.version += 1;
        }
        apply_changes(&mut s, changes);
        s.model = model;
        s.refreshed_at = Some(started);
    }
}

fn apply_changes(s: &mut Snapshot, changes: Changes) {
    if !(changes.removals.is_empty() && changes.upserts.is_empty() && changes.crowd.is_empty()) {
        s.version += 1;
    }
    for id in &changes.removals {
        if let Some(old) = s.catalogue.remove(id) {
            s.demand.remove(&old.features);
        }
        s.deadlines.remove(id);
    }
    for (id, vector, listing, deadline) in changes.upserts {
        let features = listing.features.clone();
        let old = s
            .catalogue
            .index
            .payload_of(&id)
            .map(|l| l.features.clone());
        // A vector of the wrong size (another model's) is skipped, not fatal.
        if s.catalogue.upsert(id, &vector, listing).is_ok() {
            if let Some(old) = old {
                s.demand.remove(&old);
            }
            s.demand.add(&features);
            s.deadlines.insert(id, deadline);
        }
    }
    for (id, crowd) in changes.crowd {
        if let Some(listing) = s.catalogue.index.payload_mut(&id) {
            listing.crowd = crowd;
        }
    }
}

/// Refreshes the catalogue every `every` (every 100 ms until the first load, which `/ready`
/// waits for) once the model is known. Errors are logged and retried at the next tick.
pub async fn keep_fresh(state: crate::state::AppState, every: std::time::Duration) {
    let first_poll = std::time::Duration::from_millis(100);
    loop {
        let loaded = state.catalogue.read().refreshed_at.is_some();
        tokio::time::sleep(if loaded { every } else { first_poll }).await;
        let Some(embedder) = state.model.embedder() else {
            continue;
        };
        let weights = state.matching.weights();
        if let Err(e) = state
            .catalogue
            .refresh(&state.db, embedder.model_id(), weights)
            .await
        {
            tracing::warn!(error = %e, "catalogue refresh failed");
        }
    }
}
