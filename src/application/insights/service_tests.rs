//! Unit tests of `service.rs`.

use super::*;

fn at(day: i64, hour: i64) -> NaiveDateTime {
    chrono::DateTime::from_timestamp(1_800_000_000, 0)
        .unwrap()
        .naive_utc()
        + Duration::days(day)
        + Duration::hours(hour)
}

fn row(id: i64, status: &str, applied: NaiveDateTime) -> AnswerRow {
    AnswerRow {
        application_id: id,
        internship_id: 1,
        status: status.into(),
        applied_at: applied,
        student_user_id: 100 + id,
    }
}

fn event(id: i64, to: &str, actor: i64, when: NaiveDateTime) -> EventRow {
    EventRow {
        application_id: id,
        to_status: to.into(),
        actor_user_id: Some(actor),
        at: when,
    }
}

#[test]
fn the_funnel_counts_every_stage_reached_and_the_median_the_first_answers() {
    let rows = vec![
        row(1, "interview", at(0, 0)),
        row(2, "not_selected", at(0, 0)),
        row(3, "submitted", at(0, 0)),
        row(4, "withdrawn", at(0, 0)),
    ];
    let events = vec![
        event(1, "submitted", 101, at(0, 0)),
        event(1, "shortlisted", 9, at(1, 0)),
        event(1, "interview", 9, at(2, 0)),
        event(2, "not_selected", 9, at(3, 0)),
        // The student's own withdrawal is no answer.
        event(4, "withdrawn", 104, at(0, 1)),
    ];
    let f = &compute(&rows, &events, &[(1, "Intern".into())], at(30, 0))[0];
    assert_eq!(f.counts, [4, 1, 1, 1, 0, 0]);
    assert_eq!(f.median_days, Some(2.0));
    assert_eq!(f.waiting, 1);
    assert_eq!(median(vec![3.0, 1.0, 2.0, 10.0]), Some(2.5));
    assert_eq!(median(vec![]), None);
}

#[test]
fn the_answer_figure_is_read_again_after_five_minutes_and_per_company() {
    let memo = AnswerDaysMemo::default();
    let mut reads = 0;
    let mut read = |days: Option<i64>| {
        reads += 1;
        Ok::<_, ()>(days)
    };
    let t0 = at(0, 0);
    assert_eq!(memo.get_or_read((1, 7), t0, || read(Some(3))), Ok(Some(3)));
    // Within five minutes the figure read is served (a new one is not read).
    let later = t0 + Duration::minutes(4);
    assert_eq!(
        memo.get_or_read((1, 7), later, || read(Some(9))),
        Ok(Some(3))
    );
    // Another company, or the same company on another database, is read.
    assert_eq!(memo.get_or_read((1, 8), later, || read(None)), Ok(None));
    assert_eq!(
        memo.get_or_read((2, 7), later, || read(Some(5))),
        Ok(Some(5))
    );
    // After five minutes it is read again.
    let after = t0 + Duration::minutes(5);
    assert_eq!(
        memo.get_or_read((1, 7), after, || read(Some(4))),
        Ok(Some(4))
    );
    // A failed read keeps nothing.
    assert_eq!(
        memo.get_or_read((3, 7), after, || Err::<Option<i64>, ()>(())),
        Err(())
    );
    assert_eq!(
        memo.get_or_read((3, 7), after, || read(Some(6))),
        Ok(Some(6))
    );
    assert_eq!(reads, 5);
}
