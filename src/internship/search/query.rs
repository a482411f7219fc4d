//! What a search asks the index for, in plain values: the words of `q` (each with the other
//! names of a city it may be), the place of `location`, and the order the user picked. Both
//! backends' query texts are built here, from words that can never be read as search syntax.

use crate::internship::model::SearchFilter;
use crate::matching::service::place_spellings;

/// The order of the results (`sort=` in the query string).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Sort {
    /// Best match first (BM25 / ts_rank blended with meaning); without words, the newest.
    #[default]
    Relevance,
    Newest,
    /// Highest stipend first (unpaid last).
    Stipend,
    /// Closing soonest first (no deadline last).
    Deadline,
}

impl Sort {
    pub const ALL: [Sort; 4] = [Sort::Relevance, Sort::Newest, Sort::Stipend, Sort::Deadline];

    /// The sort a query string names; anything else is the default (ignored, not an error).
    pub fn parse(s: &str) -> Sort {
        match s.trim() {
            "newest" => Sort::Newest,
            "stipend" => Sort::Stipend,
            "deadline" => Sort::Deadline,
            _ => Sort::Relevance,
        }
    }

    pub fn key(self) -> &'static str {
        match self {
            Sort::Relevance => "relevance",
            Sort::Newest => "newest",
            Sort::Stipend => "stipend",
            Sort::Deadline => "deadline",
        }
    }
}

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

/// Groups of spellings: every group must match, any spelling of a group may.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Groups(pub Vec<Vec<String>>);

impl Groups {
    /// One group per word of `q`: the word, and, for a city, its other names ("bangalore" also
    /// looks for "bengaluru"). Words without a letter or digit are left out (they match nothing
    /// on either backend).
    pub fn of_words(filter: &SearchFilter) -> Groups {
        Groups(
            filter
                .terms()
                .iter()
                .map(|term| spellings_of(term))
                .filter(|g| !g.is_empty())
                .collect(),
        )
    }

    /// One group: every way of writing the place `location` names.
    pub fn of_place(location: &str) -> Groups {
        let group = spellings_of(location);
        Groups(if group.is_empty() {
            vec![]
        } else {
            vec![group]
        })
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// The FTS5 query: each spelling a quoted phrase (a `"` doubled), so no input is operator
    /// syntax; `column` restricts every phrase to that column.
    pub fn fts5(&self, column: Option<&str>) -> String {
        let groups: Vec<String> = self
            .0
            .iter()
            .map(|group| {
                let phrases: Vec<String> = group
                    .iter()
                    .map(|s| format!("\"{}\"", s.replace('"', "\"\"")))
                    .collect();
                let body = if phrases.len() == 1 {
                    phrases[0].clone()
                } else {
                    format!("({})", phrases.join(" OR "))
                };
                match column {
                    Some(c) => format!("{c} : {body}"),
                    None => body,
                }
            })
            .collect();
        groups.join(" AND ")
    }

    /// The argument of PostgreSQL's `internship_search_query(text)` (migration 000012): groups
    /// on lines, spellings separated by tabs (neither can occur inside a spelling).
    pub fn pg_groups(&self) -> String {
        self.0
            .iter()
            .map(|g| g.join("\t"))
            .collect::<Vec<_>>()
            .join("\n")
    }
}

/// `text` and its other names as a place, each with runs of white space made one space; those
/// without a letter or digit dropped.
fn spellings_of(text: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for s in place_spellings(text) {
        let s = s.split_whitespace().collect::<Vec<_>>().join(" ");
        if s.chars().any(char::is_alphanumeric) && !out.contains(&s) {
            out.push(s);
        }
    }
    out
}

#[cfg(test)]
#[path = "query_tests.rs"]
mod tests;
