//! "Skills: a, b, c." lines inside free text: resumes and descriptions list skills so, and the
//! taxonomy reads their items as list items (short aliases count there).

/// Items of "Skills: a, b, c." segments of a text (resumes and descriptions list skills so).
pub fn listed_items(text: &str) -> Vec<&str> {
    let mut items = Vec::new();
    // Only ASCII letters change case here, so every byte offset in `lower` is one in `text` (a
    // full `to_lowercase` can shift offsets even when the total length stays the same: "K", the
    // Kelvin sign, shrinks while "Ⱥ" grows, and slicing `text` there would panic).
    let lower = text.to_ascii_lowercase();
    let mut from = 0;
    while let Some(pos) = lower[from..].find("skills") {
        let start = from + pos;
        let Some(colon) = lower[start..].find(':').map(|c| start + c) else {
            break;
        };
        // The colon must follow within a few words ("Skills we look for:").
        if colon - start > 30 {
            from = start + 6;
            continue;
        }
        let rest = &text[colon + 1..];
        let end = rest
            .find(". ")
            .or_else(|| rest.find('\n'))
            .or_else(|| rest.strip_suffix('.').map(str::len))
            .unwrap_or(rest.len());
        items.extend(
            rest[..end]
                .split([',', ';', '|'])
                .map(str::trim)
                .filter(|s| !s.is_empty()),
        );
        from = colon + 1 + end;
    }
    items
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::taxonomy::taxonomy;

    #[test]
    fn case_mapping_that_shifts_offsets_does_not_panic() {
        // "K" (Kelvin sign, 3 bytes) lowercases to 1 byte and each "Ⱥ" (2 bytes) to 3: the
        // lengths agree, the offsets do not.
        assert_eq!(
            listed_items("skills \u{212A}: \u{23A}\u{23A}"),
            vec!["\u{23A}\u{23A}"]
        );
        assert_eq!(
            listed_items("Ünïcode résumé. SKILLS: Python, Figma. Done"),
            vec!["Python", "Figma"]
        );
        let t = taxonomy();
        let _ = t.extract_text("\u{212A}\u{23A}\u{23A} Skills: Python, Ⱥ. skills \u{212A}: x");
    }
}
