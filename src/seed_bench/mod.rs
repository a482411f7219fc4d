//! `praktiki seed-bench --internships N --students M`: a fresh database filled for benchmarks —
//! N open postings of verified companies (Indian cities, stipends, skills across fields,
//! descriptions of 80–300 words) and M students with profiles, with their embeddings.
//!
//! Fast by construction: rows go in by plain inserts in large transactions (the search index
//! follows by its triggers), every account shares one bcrypt hash, and postings are built from a
//! few thousand distinct texts whose vectors are computed once and stored for every posting that
//! uses them, under the content hash the `embed` job would write (so it skips them later).
//! Like `seed-demo`, it is an entry-level command: it writes the tables itself rather than
//! through the modules' per-row services, which validate and queue one job per row.

mod texts;
mod words;

use crate::db::schema::{employer_profiles, internships, student_profiles, users};
use crate::db::{DbConnection, DbError};
use crate::matching::embedding::embedder::Embedder;
use diesel::prelude::*;
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use texts::*;
use words::*;

/// Every bench account is `…@bench.praktiki.invalid` (a reserved domain).
pub const BENCH_DOMAIN: &str = "bench.praktiki.invalid";
/// Postings per company.
const PER_COMPANY: usize = 20;
/// Rows per transaction.
const CHUNK: usize = 2_000;

#[derive(Debug, Clone)]
pub struct Options {
    pub internships: usize,
    pub students: usize,
    /// Distinct posting texts (0: min(N, 3000)).
    pub distinct: usize,
    pub password: String,
    pub seed: u64,
}

#[derive(Debug, Default)]
pub struct Report {
    pub companies: usize,
    pub internships: usize,
    pub students: usize,
    pub embedded: usize,
    pub distinct_texts: usize,
}

#[derive(Debug, thiserror::Error)]
pub enum SeedError {
    #[error("the database already has internships: seed-bench fills a fresh database")]
    NotFresh,
    #[error("password: {0}")]
    Password(String),
    #[error(transparent)]
    Db(#[from] DbError),
    #[error(transparent)]
    Embed(#[from] crate::matching::service::BulkError),
}

impl From<diesel::result::Error> for SeedError {
    fn from(e: diesel::result::Error) -> Self {
        SeedError::Db(e.into())
    }
}

/// One posting text: title, skills, description.
struct Template {
    title: &'static str,
    skills: Vec<String>,
    description: String,
}

fn pick<'a, T>(rng: &mut StdRng, items: &'a [T]) -> &'a T {
    &items[rng.random_range(0..items.len())]
}

/// `n` distinct items of `items` (all of them when there are fewer).
fn some<T: Clone>(rng: &mut StdRng, items: &[T], n: usize) -> Vec<T> {
    let mut idx: Vec<usize> = (0..items.len()).collect();
    for i in 0..idx.len() {
        let j = rng.random_range(i..idx.len());
        idx.swap(i, j);
    }
    idx.into_iter().take(n).map(|i| items[i].clone()).collect()
}

fn template(seed: u64, t: usize) -> Template {
    let mut rng = StdRng::seed_from_u64(seed ^ (t as u64).wrapping_mul(0x9E37_79B9_7F4A_7C15));
    let f = &FIELDS[t % FIELDS.len()];
    let company = format!(
        "{} {}",
        pick(&mut rng, COMPANY_WORDS.0),
        pick(&mut rng, COMPANY_WORDS.1)
    );
    let n_skills = rng.random_range(3..=6);
    let skills = some(&mut rng, f.skills, n_skills)
        .into_iter()
        .map(String::from)
        .collect();
    let mut parts = vec![pick(&mut rng, INTROS).replace("{company}", &company)];
    let n_tasks = rng.random_range(3..=f.tasks.len().min(8));
    parts.extend(
        some(&mut rng, f.tasks, n_tasks)
            .into_iter()
            .map(String::from),
    );
    let n_asks = rng.random_range(2..=4);
    parts.extend(some(&mut rng, ASKS, n_asks).into_iter().map(String::from));
    let n_perks = rng.random_range(1..=3);
    parts.extend(some(&mut rng, PERKS, n_perks).into_iter().map(String::from));
    Template {
        title: pick::<&str>(&mut rng, f.titles),
        skills,
        description: parts.join(" "),
    }
}

/// Fills the database; refuses one that already has internships.
pub fn seed(
    conn: &mut DbConnection,
    pepper: &crate::auth::password::Pepper,
    embedder: &Embedder,
    options: &Options,
) -> Result<Report, SeedError> {
    let existing: i64 = internships::table.count().get_result(conn)?;
    if existing > 0 {
        return Err(SeedError::NotFresh);
    }
    if let Some(problem) =
        crate::auth::password::policy_violation(&options.password, &[&format!("x@{BENCH_DOMAIN}")])
    {
        return Err(SeedError::Password(problem.to_string()));
    }
    let hash = crate::auth::password::hash(pepper, &options.password)
        .map_err(|e| SeedError::Password(e.to_string()))?;
    let mut rng = StdRng::seed_from_u64(options.seed);
    let mut report = Report::default();
    let distinct = match options.distinct {
        0 => options.internships.clamp(1, 3_000),
        n => n,
    };
    let templates: Vec<Template> = (0..distinct).map(|t| template(options.seed, t)).collect();
    report.distinct_texts = templates.len();
    let now = chrono::Utc::now().naive_utc();
    let today = now.date();

    // Companies, then their postings, in chunks.
    let companies = options.internships.div_ceil(PER_COMPANY);
    let mut employer_ids = Vec::with_capacity(companies);
    for chunk in (0..companies).collect::<Vec<_>>().chunks(CHUNK) {
        crate::db::transaction(conn, |conn| {
            for c in chunk {
                let name = format!(
                    "{} {} {}",
                    COMPANY_WORDS.0[c % COMPANY_WORDS.0.len()],
                    COMPANY_WORDS.1[(c / COMPANY_WORDS.0.len()) % COMPANY_WORDS.1.len()],
                    c + 1
                );
                let user = new_user(
                    conn,
                    &format!("company-{c}@{BENCH_DOMAIN}"),
                    &hash,
                    &name,
                    "employer",
                    now,
                )?;
                let id: i64 = diesel::insert_into(employer_profiles::table)
                    .values((
                        employer_profiles::user_id.eq(user),
                        employer_profiles::company_name.eq(&name),
                        employer_profiles::contact_number.eq("9876543210"),
                        employer_profiles::city.eq(CITIES[c % CITIES.len()]),
                        employer_profiles::verification_status.eq("approved"),
                        employer_profiles::verified_at.eq(Some(now)),
                    ))
                    .returning(employer_profiles::id)
                    .get_result(conn)?;
                employer_ids.push(id);
            }
            Ok::<_, SeedError>(())
        })?;
    }
    report.companies = employer_ids.len();

    let mut internship_ids = Vec::with_capacity(options.internships);
    for chunk in (0..options.internships).collect::<Vec<_>>().chunks(CHUNK) {
        crate::db::transaction(conn, |conn| {
            for &i in chunk {
                let t = &templates[rng.random_range(0..templates.len())];
                let city = *pick(&mut rng, CITIES);
                let mode = *pick(&mut rng, &["onsite", "onsite", "hybrid", "remote"]);
                let location = if mode == "remote" { "Remote" } else { city };
                let stipend = match rng.random_range(0..10) {
                    0 => 0,
                    _ => rng.random_range(4..=80) * 500,
                };
                let deadline = match rng.random_range(0..5) {
                    0 => None,
                    _ => Some(today + chrono::Duration::days(rng.random_range(3..120))),
                };
                let created = now - chrono::Duration::minutes(rng.random_range(0..60 * 24 * 60));
                let id: i64 = diesel::insert_into(internships::table)
                    .values((
                        internships::employer_id.eq(employer_ids[i / PER_COMPANY]),
                        internships::title.eq(t.title),
                        internships::description.eq(&t.description),
                        internships::location.eq(location),
                        internships::mode.eq(mode),
                        internships::duration_weeks.eq(*pick(&mut rng, &[4, 6, 8, 12, 16, 24])),
                        internships::stipend_amount.eq(Some(stipend)),
                        internships::openings.eq(rng.random_range(1..=5)),
                        internships::deadline.eq(deadline),
                        internships::status.eq("active"),
                        internships::created_at.eq(created),
                        internships::updated_at.eq(created),
                    ))
                    .returning(internships::id)
                    .get_result(conn)?;
                crate::db::skills::set_internship_skills(conn, id, &t.skills)?;
                internship_ids.push(id);
            }
            Ok::<_, SeedError>(())
        })?;
        tracing::info!(
            postings = internship_ids.len(),
            "seed-bench: postings inserted"
        );
    }
    report.internships = internship_ids.len();

    let mut student_ids = Vec::with_capacity(options.students);
    for chunk in (0..options.students).collect::<Vec<_>>().chunks(CHUNK) {
        crate::db::transaction(conn, |conn| {
            for &s in chunk {
                let f = &FIELDS[s % FIELDS.len()];
                let name = format!(
                    "{} {}",
                    pick(&mut rng, FIRST_NAMES),
                    pick(&mut rng, LAST_NAMES)
                );
                let user = new_user(
                    conn,
                    &format!("student-{s}@{BENCH_DOMAIN}"),
                    &hash,
                    &name,
                    "student",
                    now,
                )?;
                let city = *pick(&mut rng, CITIES);
                let id: i64 = diesel::insert_into(student_profiles::table)
                    .values((
                        student_profiles::user_id.eq(user),
                        student_profiles::current_city.eq(Some(city)),
                        student_profiles::degree.eq(Some(*pick(&mut rng, DEGREES))),
                        student_profiles::department.eq(Some(*pick(&mut rng, f.departments))),
                        student_profiles::year.eq(Some(rng.random_range(1..=4))),
                        student_profiles::interests.eq(Some(*pick(&mut rng, f.interests))),
                        student_profiles::work_mode
                            .eq(*pick(&mut rng, &["any", "onsite", "remote", "hybrid"])),
                        student_profiles::preferred_location.eq(Some(city)),
                        student_profiles::willing_to_relocate.eq(rng.random_bool(0.5)),
                    ))
                    .returning(student_profiles::id)
                    .get_result(conn)?;
                let n = rng.random_range(3..=5);
                let skills: Vec<String> = some(&mut rng, f.skills, n)
                    .into_iter()
                    .map(String::from)
                    .collect();
                crate::db::skills::set_student_skills(conn, id, &skills)?;
                student_ids.push(id);
            }
            Ok::<_, SeedError>(())
        })?;
    }
    report.students = student_ids.len();

    let posted =
        crate::matching::service::embed_shared(conn, embedder, "internship", &internship_ids)?;
    let studied = crate::matching::service::embed_shared(conn, embedder, "student", &student_ids)?;
    report.embedded = posted.stored + studied.stored;
    report.distinct_texts = posted.computed;
    // Every vector was made from the texts as this build writes them: no check at the next start.
    crate::matching::service::record_text_recipe(conn)?;
    // Fresh statistics for the planner: right after a bulk load PostgreSQL still believes the
    // tables empty (autovacuum analyses later), and plans a word search as a nested loop that
    // took 1.6-3.9 s at 10,000 postings instead of 20-90 ms. SQLite keeps them for its planner too.
    // On PostgreSQL a VACUUM first sets the visibility map, without which an index-only scan
    // still visits the table (the serving benchmark's figures were taken after a VACUUM ANALYZE
    // run by hand; now the seed leaves the database in that state itself).
    let analyse = match conn {
        DbConnection::Postgres(_) => "VACUUM ANALYZE",
        DbConnection::Sqlite(_) => "ANALYZE",
    };
    diesel::sql_query(analyse).execute(conn)?;
    if matches!(conn, DbConnection::Sqlite(_)) {
        // Only the per-index counts (sqlite_stat1): with the bundled SQLite's STAT4 samples
        // present, every statement whose plan a bound value could change is compiled again
        // each time it runs with a new value — 57 % of an internship page's time at 100,000
        // postings went to parsing SQL.
        diesel::sql_query("DELETE FROM sqlite_stat4").execute(conn)?;
    }
    Ok(report)
}

fn new_user(
    conn: &mut DbConnection,
    email: &str,
    hash: &str,
    name: &str,
    role: &str,
    now: chrono::NaiveDateTime,
) -> Result<i64, SeedError> {
    Ok(diesel::insert_into(users::table)
        .values((
            users::email.eq(email),
            users::password_hash.eq(hash),
            users::full_name.eq(name),
            users::role.eq(role),
            users::email_verified_at.eq(Some(now)),
            users::created_at.eq(now),
            users::updated_at.eq(now),
        ))
        .returning(users::id)
        .get_result(conn)?)
}
