//! Indian place names as people write them: many cities have an older or English name next to
//! the official one ("Bangalore" and "Bengaluru", "Gurgaon" and "Gurugram"), and a student who
//! types one must match a posting that uses the other. Names are compared after
//! `taxonomy::normalise` (lower case, punctuation gone).

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

/// `normalised` (already through `taxonomy::normalise`) with every other name of a place
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
    let key = canonical(&crate::taxonomy::normalise(name));
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

/// Where a city or town is (degrees north, degrees east), after [`canonical`]: enough to tell
/// whether a student can commute to a posting (a travel radius, `COMMUTE_RADIUS_KM`). Towns
/// next to big cities are listed on their own (Noida, Thane, Tambaram) so the radius, not the
/// name, decides.
const COORDINATES: &[(&str, f32, f32)] = &[
    ("delhi", 28.61, 77.21),
    ("gurugram", 28.46, 77.03),
    ("manesar", 28.36, 76.94),
    ("noida", 28.54, 77.39),
    ("greater noida", 28.47, 77.50),
    ("ghaziabad", 28.67, 77.45),
    ("faridabad", 28.41, 77.32),
    ("sonipat", 28.99, 77.02),
    ("meerut", 28.98, 77.71),
    ("mumbai", 19.08, 72.88),
    ("navi mumbai", 19.03, 73.03),
    ("thane", 19.22, 72.98),
    ("kalyan", 19.24, 73.13),
    ("pune", 18.52, 73.86),
    ("pimpri chinchwad", 18.63, 73.80),
    ("nashik", 20.00, 73.79),
    ("nagpur", 21.15, 79.09),
    ("aurangabad", 19.88, 75.34),
    ("kolhapur", 16.70, 74.24),
    ("solapur", 17.66, 75.91),
    ("bengaluru", 12.97, 77.59),
    ("mysuru", 12.30, 76.64),
    ("mangaluru", 12.91, 74.86),
    ("hubballi", 15.36, 75.12),
    ("belagavi", 15.85, 74.50),
    ("chennai", 13.08, 80.27),
    ("tambaram", 12.92, 80.13),
    ("chengalpattu", 12.69, 79.98),
    ("sriperumbudur", 12.97, 79.95),
    ("vellore", 12.92, 79.13),
    ("coimbatore", 11.02, 76.96),
    ("madurai", 9.93, 78.12),
    ("tiruchirappalli", 10.79, 78.70),
    ("salem", 11.66, 78.15),
    ("puducherry", 11.94, 79.81),
    ("hyderabad", 17.39, 78.49),
    ("secunderabad", 17.44, 78.50),
    ("warangal", 17.97, 79.59),
    ("visakhapatnam", 17.69, 83.22),
    ("vijayawada", 16.51, 80.65),
    ("guntur", 16.31, 80.44),
    ("tirupati", 13.63, 79.42),
    ("kolkata", 22.57, 88.36),
    ("howrah", 22.59, 88.31),
    ("durgapur", 23.52, 87.31),
    ("siliguri", 26.73, 88.40),
    ("ahmedabad", 23.02, 72.57),
    ("gandhinagar", 23.22, 72.65),
    ("surat", 21.17, 72.83),
    ("vadodara", 22.31, 73.18),
    ("rajkot", 22.30, 70.80),
    ("jaipur", 26.91, 75.79),
    ("jodhpur", 26.24, 73.02),
    ("udaipur", 24.59, 73.71),
    ("kota", 25.21, 75.86),
    ("lucknow", 26.85, 80.95),
    ("kanpur", 26.45, 80.33),
    ("varanasi", 25.32, 82.97),
    ("prayagraj", 25.44, 81.85),
    ("agra", 27.18, 78.01),
    ("indore", 22.72, 75.86),
    ("bhopal", 23.26, 77.41),
    ("gwalior", 26.22, 78.18),
    ("jabalpur", 23.18, 79.99),
    ("raipur", 21.25, 81.63),
    ("chandigarh", 30.73, 76.78),
    ("mohali", 30.70, 76.72),
    ("panchkula", 30.69, 76.86),
    ("ludhiana", 30.90, 75.86),
    ("amritsar", 31.63, 74.87),
    ("jalandhar", 31.33, 75.58),
    ("dehradun", 30.32, 78.03),
    ("shimla", 31.10, 77.17),
    ("jammu", 32.73, 74.86),
    ("srinagar", 34.08, 74.80),
    ("kochi", 9.93, 76.27),
    ("thiruvananthapuram", 8.52, 76.94),
    ("kozhikode", 11.26, 75.78),
    ("thrissur", 10.53, 76.21),
    ("bhubaneswar", 20.30, 85.82),
    ("cuttack", 20.46, 85.88),
    ("patna", 25.59, 85.14),
    ("ranchi", 23.34, 85.31),
    ("jamshedpur", 22.80, 86.20),
    ("guwahati", 26.14, 91.74),
    ("shillong", 25.58, 91.89),
    ("panaji", 15.49, 73.83),
];

/// Where the first place of `canonical_text` (through [`canonical`]) that the table knows is;
/// two-word names first.
pub fn coordinates(canonical_text: &str) -> Option<(f32, f32)> {
    let words: Vec<&str> = canonical_text
        .split(' ')
        .filter(|w| !w.is_empty())
        .collect();
    let find = |name: &str| {
        COORDINATES
            .iter()
            .find(|(n, _, _)| *n == name)
            .map(|(_, lat, lon)| (*lat, *lon))
    };
    (0..words.len()).find_map(|i| {
        let pair = (i + 1 < words.len()).then(|| format!("{} {}", words[i], words[i + 1]));
        pair.as_deref().and_then(find).or_else(|| find(words[i]))
    })
}

/// Every place name the tables know (each word of it), for a spelling corrector's vocabulary.
pub fn words() -> impl Iterator<Item = &'static str> {
    ALIASES
        .iter()
        .flat_map(|(from, to)| [*from, *to])
        .chain(COORDINATES.iter().map(|(name, _, _)| *name))
        .flat_map(|name| name.split(' '))
}

/// Great-circle distance in kilometres.
pub fn distance_km(a: (f32, f32), b: (f32, f32)) -> f32 {
    let (lat1, lon1) = (a.0.to_radians(), a.1.to_radians());
    let (lat2, lon2) = (b.0.to_radians(), b.1.to_radians());
    let h = ((lat2 - lat1) / 2.0).sin().powi(2)
        + lat1.cos() * lat2.cos() * ((lon2 - lon1) / 2.0).sin().powi(2);
    2.0 * 6371.0 * h.sqrt().min(1.0).asin()
}

fn lookup(word: &str) -> Option<&'static str> {
    ALIASES
        .iter()
        .find(|(from, _)| *from == word)
        .map(|(_, to)| *to)
}

#[cfg(test)]
#[path = "places_tests.rs"]
mod tests;
