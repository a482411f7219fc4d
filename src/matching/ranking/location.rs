//! Location and work-mode fit, with the reason in words: the student's cities, district and PIN
//! code against the internship's place, and — for a student who will not relocate — whether she
//! can commute there at all (a travel radius around where she lives, `COMMUTE_RADIUS_KM`).

use super::places;
use crate::matching::model::{InternshipFeatures, StudentFeatures, StudentInput, WorkMode};
use crate::taxonomy::normalise;

/// The note of an on-site or hybrid internship a student who will not relocate cannot reach:
/// such internships rank below every equally fit one she can reach (see [`commute_penalty`]).
pub const TOO_FAR: &str = "too far to commute, and you are not relocating";

pub fn is_any_city(text: &str) -> bool {
    matches!(
        normalise(text).as_str(),
        "" | "any"
            | "anywhere"
            | "any city"
            | "all"
            | "all cities"
            | "pan india"
            | "india"
            | "open"
            | "no preference"
            | "flexible"
    )
}

/// Where a student is and may work: (cities, district, PIN area, accepts any city, stays,
/// where she lives and wants to work on a map).
pub struct Whereabouts {
    pub cities: Vec<String>,
    pub district: Option<String>,
    pub pin_area: Option<String>,
    pub any_city: bool,
    pub stays: bool,
    pub home: Vec<(f32, f32)>,
}

/// Reads the student's place in the profile. A student stays (will not relocate) when she did
/// not say she would, told us where she lives (city, district or PIN code) and did not write
/// "any" as her preferred location; an empty preferred location then means "near home", not
/// "anywhere".
pub fn whereabouts(s: &StudentInput) -> Whereabouts {
    let mut cities = Vec::new();
    for c in [&s.preferred_location, &s.current_city] {
        let n = places::canonical(&normalise(c));
        if !n.is_empty() && !is_any_city(c) && !cities.contains(&n) {
            cities.push(n);
        }
    }
    let district = Some(places::canonical(&normalise(&s.district))).filter(|d| !d.is_empty());
    let pin_area = pin_area(&s.pincode);
    let has_home = !is_any_city(&s.current_city) || district.is_some() || pin_area.is_some();
    let blank_preference = s.preferred_location.trim().is_empty();
    let explicit_any = !blank_preference && is_any_city(&s.preferred_location);
    let any_city = s.willing_to_relocate || explicit_any || (blank_preference && !has_home);
    let stays = !s.willing_to_relocate && has_home && !explicit_any;
    let home = cities
        .iter()
        .filter_map(|c| places::coordinates(c))
        .collect();
    Whereabouts {
        cities,
        district,
        pin_area,
        any_city,
        stays,
        home,
    }
}

/// The sorting district of the first Indian PIN code in `text` (six digits, not starting with
/// 0, standing alone): its first three digits. Two PIN codes sharing them are in one district.
pub fn pin_area(text: &str) -> Option<String> {
    let bytes = text.as_bytes();
    let digit = |i: usize| bytes.get(i).is_some_and(u8::is_ascii_digit);
    (0..bytes.len().saturating_sub(5))
        .find(|&at| {
            (at..at + 6).all(digit)
                && bytes[at] != b'0'
                && (at == 0 || !digit(at - 1))
                && !digit(at + 6)
        })
        .map(|at| text[at..at + 3].to_string())
}

/// True when `phrase` occurs in `text` on word boundaries (both normalised).
pub fn contains_phrase(text: &str, phrase: &str) -> bool {
    text.match_indices(phrase).any(|(at, _)| {
        let before = text[..at].chars().next_back();
        let after = text[at + phrase.len()..].chars().next();
        before.is_none_or(|c| c == ' ') && after.is_none_or(|c| c == ' ')
    })
}

/// Location and work-mode fit, with a note in words. A remote internship fits everyone; a
/// student who wants remote work fits nothing else; otherwise the internship must be in one of
/// the student's cities, her district or PIN code district, unless she accepts any city (or will
/// relocate). A student who stays can still reach what lies within `radius_km` of her cities.
pub fn location_fit(
    s: &StudentFeatures,
    i: &InternshipFeatures,
    radius_km: f32,
) -> (f32, &'static str) {
    if i.mode == WorkMode::Remote {
        return (1.0, "remote");
    }
    if s.mode == WorkMode::Remote {
        return (0.0, "not remote, and you asked for remote work");
    }
    let Some(city) = &i.city else {
        return (1.0, "remote");
    };
    if s.cities
        .iter()
        .any(|c| c == city || city.contains(c.as_str()))
    {
        return (1.0, "in your city");
    }
    // Where the profile knows more than a city: the district by name, or the PIN code's
    // sorting district when the internship gives a PIN code.
    if s.district
        .as_deref()
        .is_some_and(|d| contains_phrase(&format!(" {city} "), d))
    {
        return (1.0, "in your district");
    }
    if s.pin_area.is_some() && s.pin_area == i.pin_area {
        return (1.0, "near you (same PIN code district)");
    }
    if s.any_city {
        return (1.0, "you accept any city");
    }
    if s.stays {
        let near = i.coords.is_some_and(|at| {
            s.home
                .iter()
                .any(|home| places::distance_km(*home, at) <= radius_km)
        });
        if near {
            return (1.0, "within commuting distance of home");
        }
        return (0.0, "too far to commute, and you are not relocating");
    }
    (0.0, "outside your preferred city")
}

/// What an internship the student cannot reach loses on top of its location part: as much
/// again, so that it ranks below every equally fit internship she can reach, by twice the
/// location's weight (the location part is gated by the topical fit, and so is this).
pub fn commute_penalty(note: &str, location_weight: f32, gate: f32) -> f32 {
    if note == TOO_FAR {
        location_weight * gate
    } else {
        0.0
    }
}

#[cfg(test)]
#[path = "location_tests.rs"]
mod tests;
