use super::*;
use chrono::NaiveDate;

fn row(id: i64, day: u32, stipend: Option<i32>, deadline: Option<u32>) -> ListedRow {
    let date = |d: u32| NaiveDate::from_ymd_opt(2026, 12, d).unwrap_or_default();
    ListedRow {
        created_at: date(day).and_hms_opt(9, 0, 0).unwrap_or_default(),
        stipend,
        deadline: deadline.map(date),
        ..ListedRow::plain(id)
    }
}

fn ids(listed: &Listed, order: Order) -> Vec<i64> {
    listed
        .in_order(order)
        .iter()
        .map(|&i| listed.postings[i as usize].id)
        .collect()
}

#[test]
fn each_order_ends_on_the_newest_id_and_puts_missing_values_last() {
    let listed = Listed::new(vec![
        row(1, 1, Some(5000), Some(20)),
        row(2, 3, None, None),
        row(3, 3, Some(8000), Some(10)),
        row(4, 2, Some(5000), None),
        row(5, 1, None, Some(10)),
    ]);
    assert_eq!(ids(&listed, Order::Newest), vec![3, 2, 4, 5, 1]);
    assert_eq!(ids(&listed, Order::Stipend), vec![3, 4, 1, 5, 2]);
    assert_eq!(ids(&listed, Order::Deadline), vec![5, 3, 1, 4, 2]);
    for order in [Order::Newest, Order::Stipend, Order::Deadline] {
        for (place, &i) in listed.in_order(order).iter().enumerate() {
            assert_eq!(listed.place_in(order, i) as usize, place);
        }
    }
}

#[test]
fn sets_hold_only_listed_postings() {
    let listed = Listed::new((1..=130).map(|id| row(id, 1, None, None)).collect());
    let set = listed.set_of(&[1, 64, 65, 130, 999]);
    let members: Vec<i64> = set
        .members()
        .map(|i| listed.postings[i as usize].id)
        .collect();
    assert_eq!(members, vec![1, 64, 65, 130]);
    assert!(!set.contains(1000));
    assert_eq!(listed.index_of(999), None);
    assert_eq!(listed.mode_code("onsite"), Some(0));
    assert_eq!(listed.mode_code("remote"), None);
}

#[test]
fn a_generation_is_read_once_and_a_newer_one_replaces_it() {
    let db = format!("listed-test-{}", uuid::Uuid::new_v4());
    let mut reads = 0;
    for _ in 0..3 {
        let g = generation(&db, 4, false, || {
            reads += 1;
            Ok::<_, ()>(vec![row(1, 1, None, None)])
        });
        assert!(matches!(g, Ok(ref g) if g.generation == 4));
    }
    assert_eq!(reads, 1);
    // An older request is served by the newer generation; a newer one reads again.
    let older = generation(&db, 3, false, || Err(()));
    assert!(matches!(older, Ok(ref g) if g.generation == 4));
    let newer = generation(&db, 5, false, || Ok::<_, ()>(vec![]));
    assert!(matches!(newer, Ok(ref g) if g.generation == 5 && g.listed.postings.is_empty()));
}

#[test]
fn full_text_answers_are_remembered_per_generation() {
    let db = format!("listed-test-{}", uuid::Uuid::new_v4());
    let Ok(g) = generation(&db, 1, false, || {
        Ok::<_, ()>(vec![row(1, 1, None, None), row(2, 1, None, None)])
    }) else {
        panic!("generation read");
    };
    let first = g.ranked("python", || Ok::<_, ()>(vec![(1, 1), (0, 2)]));
    assert!(matches!(first.as_deref(), Ok(v) if v == &vec![(1, 1), (0, 2)]));
    let again = g.ranked("python", || Err(()));
    assert!(again.is_ok());
    // A word's matches: listed ones only (9 is not), by index, remembered.
    let word = g.word("term python", || {
        Ok::<_, ()>(vec![(9, -3.0), (2, -2.0), (1, -1.0)])
    });
    assert!(matches!(word.as_deref(), Ok(v) if v == &vec![(0, -1.0), (1, -2.0)]));
    assert!(g.word("term python", || Err(())).is_ok());
    let set = g.set("place pune", || Ok::<_, ()>(vec![2]));
    assert!(matches!(set.as_deref(), Ok(s) if s.contains(1) && !s.contains(0)));
}

#[test]
fn a_word_asked_by_several_searches_at_once_is_read_once() {
    let db = format!("listed-test-{}", uuid::Uuid::new_v4());
    let Ok(g) = generation(&db, 1, false, || Ok::<_, ()>(vec![row(1, 1, None, None)])) else {
        panic!("generation read");
    };
    let reads = std::sync::atomic::AtomicUsize::new(0);
    std::thread::scope(|s| {
        for _ in 0..4 {
            s.spawn(|| {
                let found = g.word("word data", || {
                    reads.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
                    std::thread::sleep(std::time::Duration::from_millis(50));
                    Ok::<_, ()>(vec![(1, -1.0)])
                });
                assert!(matches!(found.as_deref(), Ok(v) if v == &vec![(0, -1.0)]));
            });
        }
    });
    assert_eq!(reads.load(std::sync::atomic::Ordering::SeqCst), 1);
}
