//! A developer's aid for `praktiki eval`: with `PRAKTIKI_EVAL_RANKINGS=FILE` set, every student's
//! ranking is written to FILE (JSON lines: the student, their NDCG@10, the first 15 internships
//! with grade and score parts, and where each graded internship landed), so systematic faults
//! can be found student by student. Nothing here changes a ranking.

use super::benchmark::Prepared;
use super::metrics::ndcg_at_10;
use crate::matching::ranking::score::MatchWeights;
use std::io::Write;

/// Writes the rankings when `PRAKTIKI_EVAL_RANKINGS` names a file; errors are reported, not
/// fatal (the evaluation itself stands).
pub fn dump_if_asked(prepared: &Prepared, weights: &MatchWeights, kinds: &[Option<String>]) {
    let Ok(path) = std::env::var("PRAKTIKI_EVAL_RANKINGS") else {
        return;
    };
    if let Err(e) = dump(prepared, weights, kinds, &path) {
        eprintln!("PRAKTIKI_EVAL_RANKINGS={path}: {e}");
    }
}

fn dump(
    prepared: &Prepared,
    weights: &MatchWeights,
    kinds: &[Option<String>],
    path: &str,
) -> std::io::Result<()> {
    let rankings = prepared.rankings(weights);
    let mut out = std::io::BufWriter::new(std::fs::File::create(path)?);
    for (s, recs) in rankings.iter().enumerate() {
        let rel = &prepared.dataset.relevance[s];
        let order: Vec<usize> = recs.iter().map(|r| r.index).collect();
        let round = |x: f32| (x * 1000.0).round() / 1000.0;
        let row = |rank: usize, r: &crate::matching::model::Recommendation| {
            let i = &prepared.dataset.internships[r.index];
            let p = &r.explanation.parts;
            serde_json::json!({
                "rank": rank + 1, "id": i.id, "title": i.title,
                "grade": rel.get(&r.index).copied().unwrap_or(0),
                "total": round(p.total), "sem": round(p.semantic), "skills": round(p.skills),
                "field": round(p.field), "lex": round(p.lexical), "loc": round(p.location),
                "where": format!("{} {:?}", i.location, i.mode),
                "fields": top_fields(&prepared.internships[r.index].field),
                "gap": gap_counts(&prepared.students[s], &prepared.internships[r.index]),
                "missing": crate::matching::ranking::explain::skill_gap(
                    &prepared.students[s],
                    &prepared.internships[r.index],
                ).missing,
            })
        };
        let top: Vec<serde_json::Value> = recs
            .iter()
            .take(15)
            .enumerate()
            .map(|(k, r)| row(k, r))
            .collect();
        let graded: Vec<serde_json::Value> = recs
            .iter()
            .enumerate()
            .filter(|(k, r)| *k >= 15 && rel.get(&r.index).copied().unwrap_or(0) >= 1)
            .map(|(k, r)| row(k, r))
            .collect();
        // With `PRAKTIKI_EVAL_RANKINGS_ALL=1`, every internship's parts, compactly:
        // [grade, total, semantic, skills, field, lexical, location, held, related, missing,
        // internship index].
        let all: Vec<serde_json::Value> = if std::env::var("PRAKTIKI_EVAL_RANKINGS_ALL").is_ok() {
            recs.iter()
                .map(|r| {
                    let p = &r.explanation.parts;
                    let g = gap_counts(&prepared.students[s], &prepared.internships[r.index]);
                    serde_json::json!([
                        rel.get(&r.index).copied().unwrap_or(0),
                        round(p.total),
                        round(p.semantic),
                        round(p.skills),
                        round(p.field),
                        round(p.lexical),
                        round(p.location),
                        g[0],
                        g[1],
                        g[2],
                        r.index
                    ])
                })
                .collect()
        } else {
            Vec::new()
        };
        let student = &prepared.dataset.students[s];
        let line = serde_json::json!({
            "student": student.id,
            "kind": kinds.get(s).cloned().flatten(),
            "ndcg@10": ndcg_at_10(&order, rel),
            "studies": format!("{} {}", student.degree, student.department),
            "skills": student.skills, "interests": student.interests,
            "projects": student.projects,
            "where": format!("{} {:?}", student.preferred_location, student.work_mode),
            "fields": top_fields(&prepared.students[s].field),
            "found": prepared.students[s].skill_labels,
            "unknown": prepared.students[s].unknown_skills,
            "cold": prepared.students[s].cold, "ambiguous": prepared.students[s].ambiguous,
            "top": top, "graded_below": graded, "all": all,
        });
        writeln!(out, "{line}")?;
    }
    out.flush()
}

/// The three strongest fields of a field vector, with their weights.
fn top_fields(field: &[f32]) -> Vec<(String, f32)> {
    let names = crate::taxonomy::taxonomy().fields();
    let mut v: Vec<(String, f32)> = field
        .iter()
        .enumerate()
        .filter(|(_, x)| **x > 0.05)
        .map(|(n, x)| (names[n].clone(), (x * 100.0).round() / 100.0))
        .collect();
    v.sort_by(|a, b| b.1.total_cmp(&a.1));
    v.truncate(3);
    v
}

/// How many of an internship's skills the student holds, has a related one for, and lacks.
fn gap_counts(
    s: &crate::matching::model::StudentFeatures,
    i: &crate::matching::model::InternshipFeatures,
) -> [usize; 3] {
    let g = crate::matching::ranking::explain::skill_gap(s, i);
    [g.matched.len(), g.related.len(), g.missing.len()]
}
