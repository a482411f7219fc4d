//! Unit tests of `places.rs`.

use super::*;

#[test]
fn other_names_of_a_city_compare_equal() {
    assert_eq!(canonical("bangalore"), "bengaluru");
    assert_eq!(canonical("bangalore karnataka"), "bengaluru karnataka");
    assert_eq!(canonical("new delhi"), "delhi");
    assert_eq!(canonical("south delhi"), "south delhi");
    assert_eq!(canonical("navi mumbai"), "navi mumbai");
    assert_eq!(
        canonical("gurgaon haryana 122001"),
        "gurugram haryana 122001"
    );
    assert_eq!(canonical(""), "");
}

#[test]
fn distances_between_known_places() {
    let at = |name: &str| coordinates(&canonical(name)).unwrap();
    let km = |a: &str, b: &str| distance_km(at(a), at(b));
    assert!(
        (15.0..25.0).contains(&km("delhi", "noida")),
        "{}",
        km("delhi", "noida")
    );
    assert!((1000.0..1200.0).contains(&km("delhi", "mumbai")));
    assert!((250.0..330.0).contains(&km("chennai", "bangalore")));
    assert!(km("chennai", "tambaram") < 30.0);
    assert!(km("gurgaon", "noida") > 30.0);
    assert_eq!(km("pune", "pune"), 0.0);
    assert_eq!(at("navi mumbai"), (19.03, 73.03));
    assert_eq!(
        coordinates("salt lake kolkata 700091"),
        Some((22.57, 88.36))
    );
    assert_eq!(coordinates("nowhere town"), None);
}

#[test]
fn a_search_for_one_name_looks_for_all_of_them() {
    let found = spellings("Bangalore");
    assert!(found.contains(&"bengaluru".to_string()));
    assert!(found.contains(&"bangalore".to_string()));
    assert!(found.contains(&"blr".to_string()));
    assert_eq!(spellings("Jaipur"), vec!["jaipur".to_string()]);
    assert!(spellings("  ").is_empty());
}
