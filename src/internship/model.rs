//! Types of the internship module.

use crate::db::schema::internships;
use crate::web::numbers::group_thousands;
use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;
use serde::Deserialize;

/// A row of `internships`.
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = internships)]
pub struct Internship {
    pub id: i64,
    pub employer_id: i64,
    pub title: String,
    pub description: String,
    pub location: String,
    pub mode: String,
    pub duration_weeks: i32,
    pub stipend_amount: Option<i32>,
    pub openings: i32,
    pub start_date: Option<NaiveDate>,
    pub deadline: Option<NaiveDate>,
    pub qualifications: Option<String>,
    pub benefits: Option<String>,
    pub status: String,
    pub created_at: NaiveDateTime,
}

impl Internship {
    pub fn stipend_text(&self) -> String {
        match self.stipend_amount {
            Some(0) | None => "Unpaid".into(),
            Some(amount) => format!("₹{} / month", group_thousands(amount)),
        }
    }
    pub fn deadline_text(&self) -> String {
        self.deadline
            .map(|d| d.format("%d %b %Y").to_string())
            .unwrap_or_default()
    }
    pub fn is_open(&self, today: NaiveDate) -> bool {
        self.status == "active" && self.deadline.is_none_or(|d| d >= today)
    }
}

impl Internship {
    /// Whether the work mode would only repeat the location ("Remote · Remote").
    pub fn mode_repeats_location(&self) -> bool {
        self.location.trim().eq_ignore_ascii_case(self.mode.trim())
    }
}

/// An internship with its company as its public page reads them (`store::posted`).
#[derive(Debug, Clone)]
pub struct Posted {
    pub internship: Internship,
    pub company_name: String,
    /// `approved`, `pending`, `rejected`, or `suspended` (the account is suspended).
    pub standing: String,
    pub logo_file: Option<i64>,
}

/// What an internship's public page reads of it (`store::page`).
#[derive(Debug, Clone)]
pub struct PostedPage {
    pub posted: Posted,
    /// Its skills' names, in alphabetical order.
    pub skills: Vec<String>,
    pub questions: Vec<ScreeningQuestion>,
}

/// An internship with what list pages show next to it.
#[derive(Debug, Clone)]
pub struct InternshipCard {
    pub internship: Internship,
    pub company_name: String,
    pub skills: Vec<String>,
    /// For a student with a profile: whether they saved it (a list page then offers the
    /// save/unsave button); `None` for anyone else.
    pub saved: Option<bool>,
}

#[derive(Debug, Clone, AsChangeset, Insertable)]
#[diesel(table_name = internships, treat_none_as_null = true)]
pub struct InternshipChanges {
    pub title: String,
    pub description: String,
    pub location: String,
    pub mode: String,
    pub duration_weeks: i32,
    pub stipend_amount: Option<i32>,
    pub openings: i32,
    pub start_date: Option<NaiveDate>,
    pub deadline: Option<NaiveDate>,
    pub qualifications: Option<String>,
    pub benefits: Option<String>,
    pub updated_at: NaiveDateTime,
}

/// The posting form as typed.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct InternshipForm {
    pub title: String,
    pub description: String,
    pub location: String,
    pub mode: String,
    pub duration_weeks: String,
    pub stipend_amount: String,
    pub openings: String,
    pub start_date: String,
    pub deadline: String,
    pub skills: String,
    pub qualifications: String,
    pub benefits: String,
    pub question_1: String,
    pub question_2: String,
    pub question_3: String,
    pub question_4: String,
    pub question_5: String,
    /// Optional model answers, one per question: employers see how close each answer comes.
    pub model_answer_1: String,
    pub model_answer_2: String,
    pub model_answer_3: String,
    pub model_answer_4: String,
    pub model_answer_5: String,
}

/// A screening question of a posting, at its position (1–5).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ScreeningQuestion {
    pub position: i32,
    pub question: String,
    pub model_answer: Option<String>,
}

impl InternshipForm {
    pub fn model_answers(&self) -> [&str; 5] {
        [
            &self.model_answer_1,
            &self.model_answer_2,
            &self.model_answer_3,
            &self.model_answer_4,
            &self.model_answer_5,
        ]
    }

    pub fn questions(&self) -> [&str; 5] {
        [
            &self.question_1,
            &self.question_2,
            &self.question_3,
            &self.question_4,
            &self.question_5,
        ]
    }
}

/// The public search (`/internships?q=&location=&mode=&min_stipend=&max_weeks=&skill=&sort=&page=`).
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct SearchQuery {
    pub q: String,
    pub location: String,
    pub mode: String,
    pub min_stipend: String,
    pub max_weeks: String,
    pub skill: String,
    /// `relevance` (the default), `newest`, `stipend` or `deadline`.
    pub sort: String,
    pub page: Option<i64>,
}

/// The search with its numbers parsed (bad numbers are ignored, not errors).
#[derive(Debug, Clone, Default)]
pub struct SearchFilter {
    pub q: Option<String>,
    pub location: Option<String>,
    pub mode: Option<String>,
    pub min_stipend: Option<i32>,
    pub max_weeks: Option<i32>,
    pub skill: Option<String>,
}

/// Words of a search counted at most (the rest of a pasted paragraph is ignored).
const MAX_SEARCH_TERMS: usize = 8;

impl SearchFilter {
    /// The words of `q`, lower-cased, each of which a result must contain somewhere (title,
    /// description, location, company or a skill): "python pune" finds a Python internship in Pune.
    /// Punctuation around a word goes ("python," → "python"); inside it stays ("node.js",
    /// "c++", "c#").
    pub fn terms(&self) -> Vec<String> {
        let mut terms: Vec<String> = Vec::new();
        for word in self.q.as_deref().unwrap_or("").split_whitespace() {
            let word = word
                .trim_matches(|c: char| !c.is_alphanumeric() && !matches!(c, '+' | '#'))
                .to_lowercase();
            if !word.is_empty() && !terms.contains(&word) {
                terms.push(word);
            }
            if terms.len() == MAX_SEARCH_TERMS {
                break;
            }
        }
        terms
    }
}

impl SearchQuery {
    pub fn filter(&self) -> SearchFilter {
        let text = |s: &str| {
            Some(s.trim().to_string()).filter(|s| !s.is_empty() && s.chars().count() <= 100)
        };
        SearchFilter {
            q: text(&self.q),
            location: text(&self.location),
            mode: Some(self.mode.trim().to_string())
                .filter(|m| matches!(m.as_str(), "remote" | "onsite" | "hybrid")),
            min_stipend: self
                .min_stipend
                .trim()
                .replace(',', "")
                .parse()
                .ok()
                .filter(|v: &i32| *v >= 0),
            max_weeks: self.max_weeks.trim().parse().ok().filter(|v: &i32| *v > 0),
            skill: text(&self.skill),
        }
    }

    /// Numbers that are not whole numbers ("abc"): named, so the page says so rather than
    /// quietly searching without them.
    pub fn errors(&self) -> crate::web::FieldErrors {
        let mut errors = crate::web::FieldErrors::default();
        for (field, raw) in [
            ("min_stipend", &self.min_stipend),
            ("max_weeks", &self.max_weeks),
        ] {
            let raw = raw.trim().replace(',', "");
            if !raw.is_empty() && raw.parse::<u32>().is_err() {
                errors.add(field, "ui.err_whole_number");
            }
        }
        errors
    }

    /// Whether any filter besides the words is set (the folded filters then start open).
    pub fn has_filters(&self) -> bool {
        [
            &self.location,
            &self.mode,
            &self.min_stipend,
            &self.max_weeks,
            &self.skill,
        ]
        .iter()
        .any(|v| !v.trim().is_empty())
    }

    /// The query string of this search for page `page` (pagination links keep the filters).
    pub fn with_page(&self, page: i64) -> String {
        let mut out = url::form_urlencoded::Serializer::new(String::new());
        for (k, v) in [
            ("q", &self.q),
            ("location", &self.location),
            ("mode", &self.mode),
            ("min_stipend", &self.min_stipend),
            ("max_weeks", &self.max_weeks),
            ("skill", &self.skill),
            ("sort", &self.sort),
        ] {
            if !v.trim().is_empty() {
                out.append_pair(k, v.trim());
            }
        }
        out.append_pair("page", &page.to_string());
        out.finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn search_words_are_split_trimmed_and_capped() {
        let filter = |q: &str| SearchFilter {
            q: Some(q.into()),
            ..Default::default()
        };
        assert_eq!(
            filter("Python, Pune  (remote) python").terms(),
            vec!["python", "pune", "remote"]
        );
        assert_eq!(
            filter("C++ c# Node.js").terms(),
            vec!["c++", "c#", "node.js"]
        );
        assert_eq!(
            filter("a b c d e f g h i j").terms().len(),
            MAX_SEARCH_TERMS
        );
        assert!(filter(" , ; ").terms().is_empty());
        assert!(SearchFilter::default().terms().is_empty());
    }
}
