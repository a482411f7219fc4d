//! The admin's insight: activity per day (14 or 90 days, in IST), the hiring funnel, how fast
//! employers answer, the quality of matching over time and background work, as bar charts.

use super::store;
use crate::db::{DbConnection, DbError};
use crate::web::chart::BarChart;
use crate::web::i18n::{Lang, Msg, t};
use chrono::{Duration, NaiveDate, NaiveDateTime};
use std::collections::HashSet;

/// Everything the dashboard draws.
#[derive(Debug, Clone)]
pub struct Insight {
    pub days: i64,
    pub activity: Vec<BarChart>,
    pub funnel: BarChart,
    /// Median hours from an application to the employer's first answer (None: no answers yet).
    pub median_answer_hours: Option<f64>,
    pub answered: usize,
    pub click_through: BarChart,
    pub quality: Option<BarChart>,
    pub jobs: BarChart,
}

/// India Standard Time is UTC+5:30 all year: days are counted as Indian users live them.
fn ist_day(t: NaiveDateTime) -> NaiveDate {
    (t + Duration::minutes(330)).date()
}

/// Counts of `times` per IST day over the `days` days ending today (oldest first).
pub fn per_day(times: &[NaiveDateTime], today: NaiveDate, days: i64) -> Vec<(NaiveDate, i64)> {
    let first = today - Duration::days(days - 1);
    let mut counts = vec![0i64; days as usize];
    for t in times {
        let day = ist_day(*t);
        if day >= first && day <= today {
            counts[(day - first).num_days() as usize] += 1;
        }
    }
    counts
        .into_iter()
        .enumerate()
        .map(|(i, n)| (first + Duration::days(i as i64), n))
        .collect()
}

fn day_chart(
    id: &str,
    lang: Lang,
    title_key: &str,
    days: i64,
    data: Vec<(NaiveDate, i64)>,
) -> BarChart {
    let total: i64 = data.iter().map(|d| d.1).sum();
    let title = Msg::new(title_key.to_string())
        .with("days", days)
        .text(lang);
    let desc = Msg::new("insight.desc_per_day")
        .with("total", total)
        .with("days", days)
        .text(lang);
    let bars = data
        .into_iter()
        .map(|(day, n)| (day.format("%d %b").to_string(), n, n.to_string()))
        .collect();
    BarChart::new(id, title, desc, bars)
}

/// The applications' statuses that count as having reached each stage of the funnel.
const STAGES: [(&str, &[&str]); 3] = [
    (
        "status.shortlisted",
        &["shortlisted", "interview", "accepted"],
    ),
    ("status.interview", &["interview", "accepted"]),
    ("status.accepted", &["accepted"]),
];

/// The median of `values` (None when empty).
pub fn median(values: &mut [f64]) -> Option<f64> {
    if values.is_empty() {
        return None;
    }
    values.sort_by(|a, b| a.total_cmp(b));
    let mid = values.len() / 2;
    Some(if values.len().is_multiple_of(2) {
        (values[mid - 1] + values[mid]) / 2.0
    } else {
        values[mid]
    })
}

/// Hours from each application to its first answer.
fn answer_hours(rows: Vec<(i64, NaiveDateTime, NaiveDateTime)>) -> Vec<f64> {
    let mut first: std::collections::HashMap<i64, (NaiveDateTime, NaiveDateTime)> =
        std::collections::HashMap::new();
    for (id, applied, answered) in rows {
        let entry = first.entry(id).or_insert((applied, answered));
        if answered < entry.1 {
            entry.1 = answered;
        }
    }
    first
        .values()
        .map(|(applied, answered)| (*answered - *applied).num_minutes().max(0) as f64 / 60.0)
        .collect()
}

/// Click-through of recommendations per day: of the internships shown that day, the percentage
/// the student then opened, liked or applied to.
fn click_through(
    served: &[(i64, i64, NaiveDateTime)],
    clicks: &[(i64, i64)],
    today: NaiveDate,
    days: i64,
) -> Vec<(NaiveDate, i64, i64)> {
    let clicked: HashSet<(i64, i64)> = clicks.iter().copied().collect();
    let first = today - Duration::days(days - 1);
    let mut shown = vec![(0i64, 0i64); days as usize];
    let mut seen: HashSet<(i64, i64, NaiveDate)> = HashSet::new();
    for (student, internship, at) in served {
        let day = ist_day(*at);
        // A list served twice the same day counts each recommendation once.
        if day < first || day > today || !seen.insert((*student, *internship, day)) {
            continue;
        }
        let slot = &mut shown[(day - first).num_days() as usize];
        slot.0 += 1;
        if clicked.contains(&(*student, *internship)) {
            slot.1 += 1;
        }
    }
    shown
        .into_iter()
        .enumerate()
        .map(|(i, (n, c))| (first + Duration::days(i as i64), n, c))
        .collect()
}

pub fn insight(conn: &mut DbConnection, lang: Lang, days: i64) -> Result<Insight, DbError> {
    let now = chrono::Utc::now().naive_utc();
    let today = ist_day(now);
    // From IST midnight of the first day, in UTC.
    let since = (today - Duration::days(days - 1))
        .and_hms_opt(0, 0, 0)
        .unwrap_or_default()
        - Duration::minutes(330);
    let activity = vec![
        day_chart(
            "signups",
            lang,
            "insight.signups",
            days,
            per_day(&store::signup_times(conn, since)?, today, days),
        ),
        day_chart(
            "applications",
            lang,
            "insight.applications",
            days,
            per_day(&store::application_times(conn, since)?, today, days),
        ),
        day_chart(
            "postings",
            lang,
            "insight.postings",
            days,
            per_day(&store::posting_times(conn, since)?, today, days),
        ),
    ];
    let stages: Vec<&[&str]> = STAGES.iter().map(|s| s.1).collect();
    let (applied, reached) = store::funnel(conn, &stages)?;
    let mut funnel_bars = vec![(
        t(lang, "insight.funnel_applied"),
        applied,
        applied.to_string(),
    )];
    for ((key, _), n) in STAGES.iter().zip(reached) {
        funnel_bars.push((t(lang, key), n, n.to_string()));
    }
    let funnel = BarChart::new(
        "funnel",
        t(lang, "insight.funnel"),
        t(lang, "insight.funnel_desc"),
        funnel_bars,
    );
    let mut hours = answer_hours(store::first_answers(conn, since)?);
    let answered = hours.len();
    let median_answer_hours = median(&mut hours);
    let ctr_days = days.min(30);
    let ctr_since = now - Duration::days(ctr_days);
    let ctr = click_through(
        &store::served(conn, ctr_since)?,
        &store::clicks(conn, ctr_since)?,
        today,
        ctr_days,
    );
    let click_through = BarChart::new(
        "ctr",
        Msg::new("insight.ctr").with("days", ctr_days).text(lang),
        t(lang, "insight.ctr_desc"),
        ctr.into_iter()
            .map(|(day, shown, clicked)| {
                let percent = if shown == 0 { 0 } else { clicked * 100 / shown };
                (
                    day.format("%d %b").to_string(),
                    percent,
                    format!("{percent} % ({clicked}/{shown})"),
                )
            })
            .collect(),
    );
    let rerankers = store::rerankers(conn)?;
    let quality_bars: Vec<(String, i64, String)> = rerankers
        .into_iter()
        .filter_map(|(kind, version, trained_at, metrics)| {
            let accuracy = serde_json::from_str::<serde_json::Value>(&metrics)
                .ok()?
                .pointer("/held_out/accuracy")?
                .as_f64()?;
            let percent = (accuracy * 100.0).round() as i64;
            let label = format!("{kind}-v{version} {}", ist_day(trained_at).format("%d %b"));
            Some((label, percent, format!("{percent} %")))
        })
        .collect();
    let quality = (!quality_bars.is_empty()).then(|| {
        BarChart::new(
            "quality",
            t(lang, "insight.quality"),
            t(lang, "insight.quality_desc"),
            quality_bars,
        )
    });
    let job_counts = store::jobs_by_status(conn)?;
    let jobs = BarChart::new(
        "jobs",
        t(lang, "insight.jobs"),
        t(lang, "insight.jobs_desc"),
        ["queued", "running", "failed", "done"]
            .into_iter()
            .map(|status| {
                let n = job_counts
                    .iter()
                    .find(|(s, _)| s == status)
                    .map_or(0, |c| c.1);
                (t(lang, &format!("insight.job_{status}")), n, n.to_string())
            })
            .collect(),
    );
    Ok(Insight {
        days,
        activity,
        funnel,
        median_answer_hours,
        answered,
        click_through,
        quality,
        jobs,
    })
}

#[cfg(test)]
#[path = "service_tests.rs"]
mod tests;
