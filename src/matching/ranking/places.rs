//! Indian place names as people write them: many cities have an older or English name next to
//! the official one ("Bangalore" and "Bengaluru", "Gurgaon" and "Gurugram"), and a student who
//! types one must match a posting that uses the other. Names are compared after
//! `skills::normalise` (lower case, punctuation gone).

/// (another way to write it, the name used for comparison). Only names that mean the same
/// place: neighbouring cities (Noida, Navi Mumbai, Secunderabad) stay themselves.
const ALIASES: &[(&str, &str)] = &[
    ("bangalore", "bengaluru"),
    ("bengalooru", "bengaluru"),
    ("blr", "bengaluru"),
    ("bombay", "mumbai"),
    ("madras", "chennai"),
    ("calcutta", "kolkata"),
    ("gurgaon", "gurugram"),
    ("poona", "pune"),
    ("mysore", "mysuru"),
    ("trivandrum", "thiruvananthapuram"),
    ("cochin", "kochi"),
    ("baroda", "vadodara"),
    ("new delhi", "delhi"),
    ("allahabad", "prayagraj"),
    ("pondicherry", "puducherry"),
    ("pondy", "puducherry"),
    ("mangalore", "mangaluru"),
    ("belgaum", "belagavi"),
    ("hubli", "hubballi"),
    ("vizag", "visakhapatnam"),
    ("vishakhapatnam", "visakhapatnam"),
    ("banaras", "varanasi"),
    ("benares", "varanasi"),
    ("calicut", "kozhikode"),
    ("trichur", "thrissur"),
    ("trichy", "tiruchirappalli"),
    ("tiruchirapalli", "tiruchirappalli"),
    ("gulbarga", "kalaburagi"),
    ("shimoga", "shivamogga"),
    ("bellary", "ballari"),
    ("bijapur", "vijayapura"),
    ("bhubaneshwar", "bhubaneswar"),
    ("amdavad", "ahmedabad"),
    ("gauhati", "guwahati"),
    ("panjim", "panaji"),
    ("kovai", "coimbatore"),
];

/// `normalised` (already through `skills::normalise`) with every other name of a place
/// replaced by the one used for comparison, word for word: "bangalore karnataka" becomes
/// "bengaluru karnataka".
pub fn canonical(normalised: &str) -> String {
    let words: Vec<&str> = normalised.split(' ').filter(|w| !w.is_empty()).collect();
    let mut out: Vec<&str> = Vec::with_capacity(words.len());
    let mut i = 0;
    while i < words.len() {
        // Two-word names first ("new delhi"), then one word.
        let pair = (i + 1 < words.len()).then(|| format!("{} {}", words[i], words[i + 1]));
        if let Some(name) = pair.as_deref().and_then(lookup) {
            out.push(name);
            i += 2;
        } else {
            out.push(lookup(words[i]).unwrap_or(words[i]));
            i += 1;
        }
    }
    out.join(" ")
}

/// Every way of writing the place `name` names (itself included, lower case), for searches
/// that must find "Bengaluru" when "Bangalore" is asked for. A name we know no other spelling
/// of is only itself.
pub fn spellings(name: &str) -> Vec<String> {
    let key = canonical(&super::skills::normalise(name));
    let mut out = vec![name.trim().to_lowercase(), key.clone()];
    out.extend(
        ALIASES
            .iter()
            .filter(|(_, to)| *to == key)
            .map(|(from, _)| from.to_string()),
    );
    out.retain(|s| !s.is_empty());
    out.sort();
    out.dedup();
    out
}

fn lookup(word: &str) -> Option<&'static str> {
    ALIASES
        .iter()
        .find(|(from, _)| *from == word)
        .map(|(_, to)| *to)
}

#[cfg(test)]
mod tests {
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
    fn a_search_for_one_name_looks_for_all_of_them() {
        let found = spellings("Bangalore");
        assert!(found.contains(&"bengaluru".to_string()));
        assert!(found.contains(&"bangalore".to_string()));
        assert!(found.contains(&"blr".to_string()));
        assert_eq!(spellings("Jaipur"), vec!["jaipur".to_string()]);
        assert!(spellings("  ").is_empty());
    }
}
