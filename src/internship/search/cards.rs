//! The cards of one search generation (a posting, its company's name and its skills) as the
//! list pages show them, kept in memory: every change a card shows (the posting, its skills,
//! a skill's name, the company) bumps the generation, so a card read once in a generation holds
//! for all of it. A page of results whose cards are all kept then costs no database read beyond
//! the generation's counter; on PostgreSQL the two reads of a page's rows and skills were half
//! of a list page's round trips.

use crate::internship::model::InternshipCard;
use std::collections::HashMap;
use std::sync::{Arc, Mutex};

/// Cards kept per generation (each a few kilobytes: the description is part of the row).
const CARDS: usize = 4096;

#[derive(Default)]
pub struct Cards {
    by_id: Mutex<HashMap<i64, Arc<InternshipCard>>>,
}

impl Cards {
    /// The cards of `ids`, in their order: those kept, and the rest from `read` (given the
    /// missing ids, it returns their cards in any order; an id it does not return is left out,
    /// as a posting gone since).
    pub fn of<E>(
        &self,
        ids: &[i64],
        read: impl FnOnce(&[i64]) -> Result<Vec<InternshipCard>, E>,
    ) -> Result<Vec<InternshipCard>, E> {
        let mut found: HashMap<i64, Arc<InternshipCard>> = {
            let kept = self.by_id.lock().unwrap_or_else(|e| e.into_inner());
            ids.iter()
                .filter_map(|id| kept.get(id).map(|card| (*id, card.clone())))
                .collect()
        };
        let missing: Vec<i64> = ids
            .iter()
            .copied()
            .filter(|id| !found.contains_key(id))
            .collect();
        if !missing.is_empty() {
            let read = read(&missing)?;
            let mut kept = self.by_id.lock().unwrap_or_else(|e| e.into_inner());
            // A generation rarely lives to fill it; when one does, it starts again.
            if kept.len() + read.len() > CARDS {
                kept.clear();
            }
            for card in read {
                let card = Arc::new(card);
                kept.insert(card.internship.id, card.clone());
                found.insert(card.internship.id, card);
            }
        }
        Ok(ids
            .iter()
            .filter_map(|id| found.get(id).map(|card| InternshipCard::clone(card)))
            .collect())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::internship::model::Internship;

    fn card(id: i64, title: &str) -> InternshipCard {
        InternshipCard {
            internship: Internship {
                id,
                employer_id: 1,
                title: title.into(),
                description: String::new(),
                location: "Pune".into(),
                mode: "onsite".into(),
                duration_weeks: 8,
                stipend_amount: None,
                openings: 1,
                start_date: None,
                deadline: None,
                qualifications: None,
                benefits: None,
                status: "active".into(),
                created_at: chrono::NaiveDateTime::default(),
            },
            company_name: "Kaveri".into(),
            skills: vec!["SQL".into()],
            saved: None,
        }
    }

    #[test]
    fn kept_cards_are_not_read_again_and_the_order_is_the_asked_one() {
        let cards = Cards::default();
        let mut asked: Vec<Vec<i64>> = Vec::new();
        let mut read = |ids: &[i64]| {
            asked.push(ids.to_vec());
            // In another order, and one posting gone since (3).
            Ok::<_, ()>(
                ids.iter()
                    .rev()
                    .filter(|&&id| id != 3)
                    .map(|&id| card(id, "first"))
                    .collect(),
            )
        };
        let first = cards.of(&[1, 2, 3], &mut read).unwrap();
        assert_eq!(
            first.iter().map(|c| c.internship.id).collect::<Vec<_>>(),
            [1, 2]
        );
        let second = cards.of(&[4, 2, 1], &mut read).unwrap();
        assert_eq!(
            second.iter().map(|c| c.internship.id).collect::<Vec<_>>(),
            [4, 2, 1]
        );
        // Only what was missing was read.
        assert_eq!(asked, vec![vec![1, 2, 3], vec![4]]);
    }
}
