//! Searches in a place (issue 12): a word first asked in a place is read in that place alone and
//! for the whole country behind the search (`internship/search/behind.rs`) — on PostgreSQL in
//! any place, on SQLite in a place holding at most an eighth of the postings (the country's at
//! once in a larger one). Whichever lists a search finds, the answer is the same.

use crate::helpers::*;
use crate::search::{cards, total};
use crate::words_only;

// A word first asked in a place is read in that place alone on PostgreSQL, and for the whole
// country behind the search; on SQLite (Pune holds 3 of these 5 postings) the country's at
// once. Whichever lists a search finds, a place's results are the country's results in that
// place, in the same order.
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
            ids.push(post(&employer, title, description, skills, location).await);
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

// A place holding at most an eighth of the postings: SQLite too reads a new word there alone —
// in one step with the place when no posting's location holds the word, through a filter when
// one does ("Kakkanad" in "Kakkanad, Kochi") — and the answer is still the country's there, in
// the country's order, whichever was read first.
words_only!(
    a_small_place_ranks_as_the_country_does_there,
    |app: TestApp| async move {
        let employer = app.approved_employer("Acme Analytics").await;
        let mut kochi = Vec::new();
        for (title, description, skills, location) in [
            (
                "Python Intern",
                "Python services and Python tests.",
                "Python",
                "Kochi",
            ),
            (
                "Data Intern",
                "Python scripts by the Kakkanad office.",
                "Excel",
                "Kakkanad, Kochi",
            ),
            (
                "Backend Intern",
                "Django APIs in python at Kakkanad.",
                "Python, Django",
                "Kochi",
            ),
        ] {
            kochi.push(post(&employer, title, description, skills, location).await);
        }
        // 21 elsewhere: Kochi holds 3 of 24, an eighth.
        for i in 0..21 {
            let title = format!("Python Intern {i}");
            let description = match i % 3 {
                0 => "Python and more python, every day.",
                1 => "Excel sheets, and python on Fridays; we met at Kakkanad.",
                _ => "Call customers.",
            };
            let location = ["Mumbai", "Delhi", "Jaipur"][i % 3];
            post(&employer, &title, description, "Python", location).await;
        }
        let visitor = app.new_browser();
        for q in ["python", "kakkanad+python", "python+intern"] {
            let in_kochi = visitor
                .get_html(&format!("/internships?q={q}&location=Kochi"))
                .await;
            // The country's two pages (20 a page).
            let mut country = visitor.get_html(&format!("/internships?q={q}")).await;
            country.push_str(
                &visitor
                    .get_html(&format!("/internships?q={q}&page=2"))
                    .await,
            );
            let expected: Vec<i64> = cards(&country)
                .into_iter()
                .filter(|id| kochi.contains(id))
                .collect();
            assert!(!expected.is_empty(), "{q}: {country}");
            assert_eq!(cards(&in_kochi), expected, "{q}: {in_kochi}");
            assert_eq!(total(&in_kochi), expected.len() as i64, "{q}");
        }
    }
);

/// Posts an internship with these fields through the employer's form; its id.
async fn post(
    employer: &TestApp,
    title: &str,
    description: &str,
    skills: &str,
    location: &str,
) -> i64 {
    let posting = [
        ("title", title),
        ("description", description),
        ("skills", skills),
        ("location", location),
    ];
    employer.post_internship(&posting).await
}
