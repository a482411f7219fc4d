//! The bench's postings: an approved employer and `n` internships across eight cities and eight
//! roles, written straight to the tables (their embedding jobs queued as a post would queue them).

const CITIES: [&str; 8] = [
    "Pune",
    "Bengaluru",
    "Mumbai",
    "Delhi",
    "Hyderabad",
    "Chennai",
    "Kolkata",
    "Jaipur",
];
const ROLES: [(&str, &str, &str); 8] = [
    (
        "Data Analyst Intern",
        "Python, SQL, Power BI",
        "clean sales data, write SQL queries and build dashboards for regional managers",
    ),
    (
        "Web Developer Intern",
        "JavaScript, React, HTML, CSS",
        "build responsive pages in React and fix bugs reported by customers",
    ),
    (
        "Marketing Intern",
        "SEO, content writing, social media",
        "plan campaigns, write blog posts and track engagement on social media",
    ),
    (
        "Accounts Intern",
        "Tally, GST, Excel",
        "reconcile ledgers, prepare GST returns and maintain vouchers in Tally",
    ),
    (
        "Machine Learning Intern",
        "Python, scikit-learn, pandas",
        "train and evaluate classification models on customer data with scikit-learn",
    ),
    (
        "UI/UX Design Intern",
        "Figma, wireframing, user research",
        "run user interviews, draw wireframes in Figma and test prototypes",
    ),
    (
        "Mechanical Design Intern",
        "AutoCAD, SolidWorks",
        "draft machine parts in SolidWorks and prepare drawings for the shop floor",
    ),
    (
        "HR Intern",
        "recruitment, communication, Excel",
        "screen candidates, schedule interviews and keep hiring trackers up to date",
    ),
];

/// Inserts an approved employer and `n` internships, queuing their embedding jobs.
pub async fn seed(state: &praktiki::AppState, n: usize) {
    use diesel::prelude::*;
    use praktiki::db::schema::{employer_profiles, users};
    state
        .db
        .run(move |conn| {
            let now = chrono::Utc::now().naive_utc();
            let user: i64 = diesel::insert_into(users::table)
                .values((
                    users::email.eq("load-employer@example.in"),
                    users::password_hash.eq("!"),
                    users::full_name.eq("Load Employer"),
                    users::role.eq("employer"),
                    users::email_verified_at.eq(Some(now)),
                    users::created_at.eq(now),
                    users::updated_at.eq(now),
                ))
                .returning(users::id)
                .get_result(conn)?;
            let employer: i64 = diesel::insert_into(employer_profiles::table)
                .values((
                    employer_profiles::user_id.eq(user),
                    employer_profiles::company_name.eq("Load Test Pvt Ltd"),
                    employer_profiles::contact_number.eq("9876543210"),
                    employer_profiles::verification_status.eq("approved"),
                    employer_profiles::created_at.eq(now),
                    employer_profiles::updated_at.eq(now),
                ))
                .returning(employer_profiles::id)
                .get_result(conn)?;
            for i in 0..n {
                let (title, skills, duty) = ROLES[i % ROLES.len()];
                let city = CITIES[(i / ROLES.len()) % CITIES.len()];
                let changes = praktiki::internship::model::InternshipChanges {
                    title: format!("{title} #{i}"),
                    description: format!(
                        "You will {duty}. The team in {city} works on projects for clients across India; \
                         you will learn from mentors, present your work every week and own a small project \
                         end to end. We value curiosity, clear writing and care for detail."
                    ),
                    location: city.into(),
                    mode: ["onsite", "hybrid", "remote"][i % 3].into(),
                    duration_weeks: 8 + (i % 4) as i32 * 4,
                    stipend_amount: Some(5000 + (i % 10) as i32 * 1000),
                    openings: 2,
                    start_date: None,
                    deadline: None,
                    qualifications: None,
                    benefits: None,
                    updated_at: now,
                };
                let id = praktiki::internship::store::insert(conn, employer, &changes)?;
                let names: Vec<String> = skills.split(", ").map(String::from).collect();
                praktiki::db::skills::set_internship_skills(conn, id, &names)?;
                praktiki::matching::service::internship_changed(conn, id)?;
            }
            Ok::<_, praktiki::db::DbError>(())
        })
        .await
        .expect("seed");
}
