use super::*;
use crate::internship::search::listed::ListedRow;

fn listed() -> Listed {
    // Ids 1..=6, created on days 1..=6 (6 newest), stipends 1000·id except 3 (unpaid), mode
    // remote for even ids, deadline the 10th except id 5 (the 1st: passed on the 5th).
    Listed::new(
        (1..=6)
            .map(|id| ListedRow {
                created_at: NaiveDate::from_ymd_opt(2026, 12, id as u32)
                    .and_then(|d| d.and_hms_opt(9, 0, 0))
                    .unwrap_or_default(),
                stipend: (id != 3).then_some(1000 * id as i32),
                deadline: NaiveDate::from_ymd_opt(2026, 12, if id == 5 { 1 } else { 10 }),
                weeks: 4 * id as i32,
                mode: if id % 2 == 0 { "remote" } else { "onsite" }.into(),
                ..ListedRow::plain(id)
            })
            .collect(),
    )
}

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 12, 5).unwrap_or_default()
}

fn run(
    listed: &Listed,
    plan: &Plan,
    matches: &Matches,
    offset: usize,
    limit: usize,
) -> (Vec<i64>, i64) {
    page(listed, plan, matches, today(), offset, limit)
}

const NONE: Matches<'static> = Matches {
    ranked: None,
    place: None,
    skill: None,
};

#[test]
fn without_words_the_newest_come_first_and_passed_deadlines_are_left_out() {
    let l = listed();
    let plan = Plan::default();
    assert_eq!(run(&l, &plan, &NONE, 0, 20), (vec![6, 4, 3, 2, 1], 5));
    // Pages at the edges: exact totals, no overlap, nothing past the end.
    assert_eq!(run(&l, &plan, &NONE, 0, 2), (vec![6, 4], 5));
    assert_eq!(run(&l, &plan, &NONE, 4, 2), (vec![1], 5));
    assert_eq!(run(&l, &plan, &NONE, 6, 2), (vec![], 5));
    assert_eq!(run(&l, &plan, &NONE, 0, 0), (vec![], 5));
}

#[test]
fn filters_and_sorts_combine() {
    let l = listed();
    let plan = Plan {
        mode: Some("remote".into()),
        min_stipend: Some(3000),
        sort: Sort::Stipend,
        ..Plan::default()
    };
    assert_eq!(run(&l, &plan, &NONE, 0, 20), (vec![6, 4], 2));
    let plan = Plan {
        max_weeks: Some(12),
        sort: Sort::Stipend,
        ..Plan::default()
    };
    // Unpaid last.
    assert_eq!(run(&l, &plan, &NONE, 0, 20), (vec![2, 1, 3], 3));
    let unknown_mode = Plan {
        mode: Some("moon".into()),
        ..Plan::default()
    };
    assert_eq!(run(&l, &unknown_mode, &NONE, 0, 20), (vec![], 0));
}

#[test]
fn a_place_or_a_skill_ranks_its_members_only() {
    let l = listed();
    let place = l.set_of(&[1, 2, 5, 6]);
    let skill = l.set_of(&[2, 3, 6]);
    let plan = Plan {
        sort: Sort::Deadline,
        ..Plan::default()
    };
    let only_place = Matches {
        place: Some(&place),
        ..NONE
    };
    assert_eq!(run(&l, &plan, &only_place, 0, 20), (vec![6, 2, 1], 3));
    let both = Matches {
        place: Some(&place),
        skill: Some(&skill),
        ranked: None,
    };
    assert_eq!(run(&l, &plan, &both, 0, 20), (vec![6, 2], 2));
    let only_skill = Matches {
        skill: Some(&skill),
        ..NONE
    };
    assert_eq!(run(&l, &plan, &only_skill, 1, 1), (vec![3], 3));
}

#[test]
fn words_and_meaning_are_fused_by_reciprocal_rank() {
    let l = listed();
    let index = |id: i64| l.index_of(id).unwrap_or(u32::MAX);
    // The words matched 1 (rank 1), 2 (rank 2) and 4 (rank 5: ranks 3 and 4 are not listed).
    let ranked = vec![(index(1), 1), (index(2), 2), (index(4), 5)];
    let plan = Plan {
        semantic: vec![4, 6, 5],
        ..Plan::default()
    };
    let words = Matches {
        ranked: Some(&ranked),
        ..NONE
    };
    // 4: 1/65 + 1/61 beats 1: 1/61; 6 (meaning only, 1/62) beats 2 (1/62, older id... equal
    // score: the newer id first); 5 passed its deadline.
    assert_eq!(run(&l, &plan, &words, 0, 20), (vec![4, 1, 6, 2], 4));
    assert_eq!(run(&l, &plan, &words, 2, 1), (vec![6], 4));
    let newest = Plan {
        sort: Sort::Newest,
        ..plan.clone()
    };
    assert_eq!(run(&l, &newest, &words, 0, 20), (vec![6, 4, 2, 1], 4));
    // With a place the meaning-only hits must be in it too.
    let place = l.set_of(&[1, 2, 4]);
    let in_place = Matches {
        ranked: Some(&ranked),
        place: Some(&place),
        skill: None,
    };
    assert_eq!(run(&l, &plan, &in_place, 0, 20), (vec![4, 1, 2], 3));
}
