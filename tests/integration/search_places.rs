//! Searches in a place (issue 12): on PostgreSQL a word first asked in a place is read in that
//! place alone and for the whole country behind the search (`internship/search/behind.rs`); on
//! SQLite the country's at once. Whichever lists a search finds, the answer is the same.

use crate::helpers::*;
use crate::search::{cards, total};
use crate::words_only;

// A word first asked in a place is read in that place alone on PostgreSQL, and for the whole
// country behind the search; on SQLite the country's at once. Whichever lists a search finds,
// a place's results are the country's results in that place, in the same order.
words_only!(
    a_place_ranks_as_the_country_does_there,
    |app: TestApp| async move {
        let employer = app.approved_employer("Acme Analytics").await;
        let mut ids = Vec::new();
        for (title, description, skills, location) in [
            (
                "Python Intern",
                "Python services and Python tests for an intern.",
                "Python",
                "Pune",
            ),
            ("Data Intern", "Some python scripts.", "Excel", "Pune"),
            (
                "Backend Intern",
                "Django APIs in python.",
                "Python, Django",
                "Poona",
            ),
            (
                "Python Developer Intern",
                "Python, all day.",
                "Python",
                "Mumbai",
            ),
            ("Sales Intern", "Call customers.", "Sales", "Pune"),
        ] {
            let posting = [
                ("title", title),
                ("description", description),
                ("skills", skills),
                ("location", location),
            ];
            ids.push(employer.post_internship(&posting).await);
        }
        let visitor = app.new_browser();
        let in_pune = visitor
            .get_html("/internships?q=python+intern&location=Pune")
            .await;
        let country = visitor.get_html("/internships?q=python+intern").await;
        let pune = [ids[0], ids[1], ids[2]];
        let expected: Vec<i64> = cards(&country)
            .into_iter()
            .filter(|id| pune.contains(id))
            .collect();
        assert_eq!(expected.len(), 3, "{country}");
        assert_eq!(cards(&in_pune), expected, "{in_pune}");
        assert_eq!(total(&in_pune), 3);
        // The same words in another order, after the country's were read: the same answer.
        let again = visitor
            .get_html("/internships?q=intern+python&location=Poona")
            .await;
        assert_eq!(cards(&again), expected, "{again}");
    }
);
