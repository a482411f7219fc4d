//! One page of a search and its exact total, from the listed postings in memory: the postings
//! the words matched (ranked by the full-text engine) and the semantic hits fused by reciprocal
//! rank, or every listed posting (of a place) when there are no words; then the filters and
//! the order the user picked. Every order ends on the id, so pages never overlap or skip.

use super::listed::{Bitmap, Listed, Order, days};
use super::query::{Plan, Sort};
use chrono::NaiveDate;
use std::cmp::Ordering;
use std::collections::HashMap;

/// Reciprocal-rank fusion's constant (the usual 60): a rank r counts 1 / (60 + r).
const RRF_K: f64 = 60.0;

/// What the database answered for one search.
pub struct Matches<'a> {
    /// With words: the listed postings holding them (in the place, if any), with their rank
    /// among those (`terms::combine`).
    pub ranked: Option<&'a [(u32, u32)]>,
    /// The listed postings in the place (`location`), if one is asked for.
    pub place: Option<&'a Bitmap>,
    /// The listed postings with the skill asked for, if one is.
    pub skill: Option<&'a Bitmap>,
}

/// The ids of one page (`offset`, `limit`) and the total.
pub fn page(
    listed: &Listed,
    plan: &Plan,
    matches: &Matches,
    today: NaiveDate,
    offset: usize,
    limit: usize,
) -> (Vec<i64>, i64) {
    let filter = Filter::new(listed, plan, matches, today);
    let Some(filter) = filter else {
        return (Vec::new(), 0);
    };
    let order = match plan.sort {
        Sort::Relevance | Sort::Newest => Order::Newest,
        Sort::Stipend => Order::Stipend,
        Sort::Deadline => Order::Deadline,
    };
    let end = offset.saturating_add(limit);
    match matches.ranked {
        Some(ranked) => {
            let mut scored: Vec<(u32, f64)> = fused(listed, plan, ranked, matches.place)
                .into_iter()
                .filter(|(i, _)| filter.keeps(*i))
                .collect();
            let total = scored.len() as i64;
            let ids = if plan.sort == Sort::Relevance {
                let cmp = |a: &(u32, f64), b: &(u32, f64)| {
                    b.1.total_cmp(&a.1).then_with(|| {
                        listed.postings[b.0 as usize]
                            .id
                            .cmp(&listed.postings[a.0 as usize].id)
                    })
                };
                first(&mut scored, end, cmp);
                slice(&scored, offset, end, |(i, _)| {
                    listed.postings[*i as usize].id
                })
            } else {
                let mut keyed: Vec<(u32, u32)> = scored
                    .iter()
                    .map(|(i, _)| (listed.place_in(order, *i), *i))
                    .collect();
                first(&mut keyed, end, |a, b| a.0.cmp(&b.0));
                slice(&keyed, offset, end, |(_, i)| {
                    listed.postings[*i as usize].id
                })
            };
            (ids, total)
        }
        None => match matches.place.or(matches.skill) {
            // A place or a skill holds few of the postings: rank its members only.
            Some(set) => {
                let mut keyed: Vec<(u32, u32)> = set
                    .members()
                    .filter(|i| filter.keeps(*i))
                    .map(|i| (listed.place_in(order, i), i))
                    .collect();
                let total = keyed.len() as i64;
                first(&mut keyed, end, |a, b| a.0.cmp(&b.0));
                let ids = slice(&keyed, offset, end, |(_, i)| {
                    listed.postings[*i as usize].id
                });
                (ids, total)
            }
            None => {
                let mut ids = Vec::new();
                let mut total = 0usize;
                for &i in listed.in_order(order) {
                    if filter.keeps(i) {
                        if total >= offset && total < end {
                            ids.push(listed.postings[i as usize].id);
                        }
                        total += 1;
                    }
                }
                (ids, total as i64)
            }
        },
    }
}

/// The matches of the words and the semantic hits (in the place, if any), each scored by
/// reciprocal-rank fusion of its ranks.
fn fused(
    listed: &Listed,
    plan: &Plan,
    ranked: &[(u32, u32)],
    place: Option<&Bitmap>,
) -> Vec<(u32, f64)> {
    let mut semantic: HashMap<u32, f64> = HashMap::with_capacity(plan.semantic.len());
    for (r, id) in plan.semantic.iter().enumerate() {
        if let Some(i) = listed.index_of(*id)
            && place.is_none_or(|p| p.contains(i))
        {
            semantic.entry(i).or_insert(1.0 / (RRF_K + r as f64 + 1.0));
        }
    }
    let mut scored: Vec<(u32, f64)> = ranked
        .iter()
        .map(|&(i, r)| {
            (
                i,
                1.0 / (RRF_K + r as f64) + semantic.remove(&i).unwrap_or(0.0),
            )
        })
        .collect();
    scored.extend(semantic);
    scored
}

/// Puts the first `end` items of `items` (by `cmp`) in order at its front.
fn first<T>(items: &mut Vec<T>, end: usize, cmp: impl Fn(&T, &T) -> Ordering) {
    if end == 0 {
        return;
    }
    if items.len() > end {
        items.select_nth_unstable_by(end - 1, &cmp);
        items.truncate(end);
    }
    items.sort_unstable_by(cmp);
}

fn slice<T>(items: &[T], offset: usize, end: usize, id: impl Fn(&T) -> i64) -> Vec<i64> {
    items.iter().take(end).skip(offset).map(id).collect()
}

/// The filters of a search, on listed postings.
struct Filter<'a> {
    listed: &'a Listed,
    today: i32,
    mode: Option<u8>,
    min_stipend: Option<i32>,
    max_weeks: Option<i32>,
    /// Without words the place is a filter; with them the full-text query holds it.
    place: Option<&'a Bitmap>,
    skill: Option<&'a Bitmap>,
}

impl<'a> Filter<'a> {
    /// `None` when nothing can pass (a mode no listed posting has).
    fn new(
        listed: &'a Listed,
        plan: &Plan,
        matches: &Matches<'a>,
        today: NaiveDate,
    ) -> Option<Filter<'a>> {
        let mode = match &plan.mode {
            Some(mode) => Some(listed.mode_code(mode)?),
            None => None,
        };
        Some(Filter {
            listed,
            today: days(today),
            mode,
            min_stipend: plan.min_stipend,
            max_weeks: plan.max_weeks,
            place: if matches.ranked.is_none() {
                matches.place
            } else {
                None
            },
            skill: matches.skill,
        })
    }

    fn keeps(&self, i: u32) -> bool {
        let p = &self.listed.postings[i as usize];
        p.deadline.is_none_or(|d| d >= self.today)
            && self.mode.is_none_or(|m| p.mode == m)
            && self
                .min_stipend
                .is_none_or(|min| p.stipend.is_some_and(|s| s >= min))
            && self.max_weeks.is_none_or(|max| p.weeks <= max)
            && self.place.is_none_or(|set| set.contains(i))
            && self.skill.is_none_or(|set| set.contains(i))
    }
}

#[cfg(test)]
#[path = "rank_tests.rs"]
mod tests;
