//! The admin dashboard draws its charts as inline SVG whose bars' heights follow the data: the
//! test makes its own sign-ups (some moved three days back) and reads the bars off the page.

use crate::both_backends;
use crate::helpers::*;

#[derive(Debug)]
struct Bar {
    value: i64,
    height: f64,
}

fn attribute(tag: &str, name: &str) -> String {
    let marker = format!(" {name}=\"");
    let start = tag
        .find(&marker)
        .unwrap_or_else(|| panic!("no {name} in {tag}"))
        + marker.len();
    tag[start..]
        .split('"')
        .next()
        .unwrap_or_default()
        .to_string()
}

/// The bars of the chart whose id is `id`, in order.
fn chart_bars(html: &str, id: &str) -> Vec<Bar> {
    let start = html
        .find(&format!("id=\"{id}-title\""))
        .unwrap_or_else(|| panic!("no chart {id}"));
    let svg = &html[..start]
        .rfind("<svg")
        .map(|s| &html[s..])
        .expect("inside an svg");
    let svg = &svg[..svg.find("</svg>").expect("svg closes")];
    svg.split("<rect class=\"chart-bar\"")
        .skip(1)
        .map(|rest| {
            let tag = &rest[..rest.find('>').expect("tag closes")];
            Bar {
                value: attribute(tag, "data-value").parse().expect("value"),
                height: attribute(tag, "height").parse().expect("height"),
            }
        })
        .collect()
}

fn assert_heights_follow_values(bars: &[Bar]) {
    let max = bars.iter().map(|b| b.value).max().unwrap_or(0);
    let full = bars.iter().map(|b| b.height).fold(0.0, f64::max);
    assert!(max > 0 && full > 0.0, "{bars:?}");
    for bar in bars {
        let expected = bar.value as f64 / max as f64 * full;
        assert!((bar.height - expected).abs() < 0.2, "{bar:?} of {bars:?}");
    }
}

both_backends!(
    dashboard_charts_follow_the_data,
    |app: TestApp| async move {
        let admin = app.admin().await;
        for _ in 0..3 {
            app.new_browser().signup("student").await;
        }
        // Two students signed up three days ago.
        let total = app
            .app_state
            .db
            .run(|conn| {
                use diesel::prelude::*;
                use praktiki::db::schema::users;
                let ids: Vec<i64> = users::table
                    .filter(users::role.eq("student"))
                    .select(users::id)
                    .limit(2)
                    .load(conn)?;
                let earlier = chrono::Utc::now().naive_utc() - chrono::Duration::days(3);
                diesel::update(users::table.filter(users::id.eq_any(&ids)))
                    .set(users::created_at.eq(earlier))
                    .execute(conn)?;
                Ok::<i64, praktiki::db::DbError>(users::table.count().get_result(conn)?)
            })
            .await
            .expect("users moved");

        let html = admin.get_html("/admin").await;
        assert!(html.contains("<svg"), "no inline svg");
        let bars = chart_bars(&html, "signups");
        assert_eq!(bars.len(), 14);
        assert_eq!(bars[13].value, total - 2, "today");
        assert_eq!(bars[10].value, 2, "three days ago");
        assert_eq!(bars.iter().map(|b| b.value).sum::<i64>(), total);
        assert_heights_follow_values(&bars);
        for id in ["applications", "postings", "funnel", "ctr", "jobs"] {
            assert!(!chart_bars(&html, id).is_empty() || id == "ctr", "{id}");
        }
        // Accessible: each chart has a title and a description it is labelled by.
        assert!(html.contains("aria-labelledby=\"signups-title signups-desc\""));

        let long = admin.get_html("/admin?days=90").await;
        let bars = chart_bars(&long, "signups");
        assert_eq!(bars.len(), 90);
        assert_eq!(bars[89].value, total - 2);
        assert_heights_follow_values(&bars);

        // Not for anyone else.
        let (student, _) = app.student_with_profile("SQL", "data").await;
        assert_eq!(student.get("/admin").await.status(), 403);
    }
);
