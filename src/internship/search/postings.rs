//! The listed postings of one search generation: for each open posting of a verified,
//! unsuspended company the few values the filters and sorts read (stipend, deadline, duration,
//! mode, age) and the version of its search document, each sort's order computed once.

use super::bitmap::Bitmap;
use chrono::NaiveDate;
use std::collections::HashMap;

/// One listed posting, as read from the database.
#[derive(Debug, Clone)]
pub struct ListedRow {
    pub id: i64,
    pub created_at: chrono::NaiveDateTime,
    pub stipend: Option<i32>,
    pub deadline: Option<NaiveDate>,
    pub weeks: i32,
    pub mode: String,
    /// The version of its search document (PostgreSQL: `internship_places.version`, migration
    /// 000022; 0 on SQLite): a word's score in it holds while this does (`carried`).
    pub version: i64,
}

#[cfg(test)]
impl ListedRow {
    /// A listed posting for unit tests: created at the epoch, unpaid, no deadline, 8 weeks on
    /// site, version 0; tests set what they vary with `..ListedRow::plain(id)`.
    pub fn plain(id: i64) -> ListedRow {
        ListedRow {
            id,
            created_at: chrono::NaiveDateTime::default(),
            stipend: None,
            deadline: None,
            weeks: 8,
            mode: "onsite".into(),
            version: 0,
        }
    }
}

/// A listed posting in memory (`deadline` as days since the common era).
#[derive(Debug, Clone, Copy)]
pub struct Posting {
    pub id: i64,
    pub stipend: Option<i32>,
    pub deadline: Option<i32>,
    pub weeks: i32,
    pub mode: u8,
}

/// The orders a list can be sorted in (besides relevance), each ending on the id, newest first.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Order {
    Newest,
    Stipend,
    Deadline,
}

/// The listed postings of one generation.
#[derive(Debug, Default)]
pub struct Listed {
    pub postings: Vec<Posting>,
    /// Each posting's document version, by index.
    pub versions: Vec<i64>,
    position: HashMap<i64, u32>,
    modes: Vec<String>,
    /// For each order, the postings' indexes in that order, and each posting's place in it.
    orders: [Vec<u32>; 3],
    places: [Vec<u32>; 3],
}

impl Listed {
    pub fn new(rows: Vec<ListedRow>) -> Listed {
        let mut modes: Vec<String> = Vec::new();
        let mut created = Vec::with_capacity(rows.len());
        let mut postings = Vec::with_capacity(rows.len());
        let mut versions = Vec::with_capacity(rows.len());
        for row in rows {
            versions.push(row.version);
            let mode = match modes.iter().position(|m| *m == row.mode) {
                Some(i) => i,
                None => {
                    modes.push(row.mode);
                    modes.len() - 1
                }
            };
            created.push(row.created_at);
            postings.push(Posting {
                id: row.id,
                stipend: row.stipend,
                deadline: row.deadline.map(days),
                weeks: row.weeks,
                mode: u8::try_from(mode).unwrap_or(u8::MAX),
            });
        }
        let position = postings
            .iter()
            .enumerate()
            .map(|(i, p)| (p.id, i as u32))
            .collect();
        let sorted = |cmp: &dyn Fn(usize, usize) -> std::cmp::Ordering| {
            let mut order: Vec<u32> = (0..postings.len() as u32).collect();
            order.sort_unstable_by(|&a, &b| {
                cmp(a as usize, b as usize)
                    .then(postings[b as usize].id.cmp(&postings[a as usize].id))
            });
            order
        };
        // Newest first; highest stipend first (unpaid last); closing soonest first (none last).
        let orders = [
            sorted(&|a, b| created[b].cmp(&created[a])),
            sorted(&|a, b| nulls_last(postings[a].stipend, postings[b].stipend, |a, b| b.cmp(&a))),
            sorted(&|a, b| {
                nulls_last(postings[a].deadline, postings[b].deadline, |a, b| a.cmp(&b))
            }),
        ];
        let places = orders.clone().map(|order| {
            let mut place = vec![0u32; order.len()];
            for (rank, &i) in order.iter().enumerate() {
                place[i as usize] = rank as u32;
            }
            place
        });
        Listed {
            postings,
            versions,
            position,
            modes,
            orders,
            places,
        }
    }

    /// The index of listed posting `id`, if it is listed.
    pub fn index_of(&self, id: i64) -> Option<u32> {
        self.position.get(&id).copied()
    }

    /// The code of `mode`, if any listed posting has it.
    pub fn mode_code(&self, mode: &str) -> Option<u8> {
        self.modes
            .iter()
            .position(|m| m == mode)
            .and_then(|i| u8::try_from(i).ok())
    }

    /// The postings' indexes in `order`.
    pub fn in_order(&self, order: Order) -> &[u32] {
        &self.orders[order as usize]
    }

    /// Where posting `index` stands in `order` (smaller comes first).
    pub fn place_in(&self, order: Order, index: u32) -> u32 {
        self.places[order as usize][index as usize]
    }

    /// The listed postings among `ids` as a set of indexes.
    pub fn set_of(&self, ids: &[i64]) -> Bitmap {
        let mut set = Bitmap::new(self.postings.len());
        for id in ids {
            if let Some(i) = self.index_of(*id) {
                set.insert(i);
            }
        }
        set
    }
}

pub fn days(date: NaiveDate) -> i32 {
    chrono::Datelike::num_days_from_ce(&date)
}

/// `order` of two values, a missing value after every present one.
fn nulls_last(
    a: Option<i32>,
    b: Option<i32>,
    order: impl Fn(i32, i32) -> std::cmp::Ordering,
) -> std::cmp::Ordering {
    match (a, b) {
        (Some(a), Some(b)) => order(a, b),
        _ => a.is_none().cmp(&b.is_none()),
    }
}
