//! Numbers as Indian readers write them.

/// 125000 → "1,25,000" (Indian digit grouping).
pub fn group_thousands(n: i32) -> String {
    let digits = n.abs().to_string();
    let (head, tail) = digits.split_at(digits.len().saturating_sub(3));
    let mut groups: Vec<String> = Vec::new();
    let mut rest = head;
    while rest.len() > 2 {
        let (a, b) = rest.split_at(rest.len() - 2);
        groups.insert(0, b.to_string());
        rest = a;
    }
    if !rest.is_empty() {
        groups.insert(0, rest.to_string());
    }
    groups.push(tail.to_string());
    let text = groups
        .into_iter()
        .filter(|g| !g.is_empty())
        .collect::<Vec<_>>()
        .join(",");
    if n < 0 { format!("-{text}") } else { text }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn indian_grouping() {
        assert_eq!(group_thousands(5000), "5,000");
        assert_eq!(group_thousands(125000), "1,25,000");
        assert_eq!(group_thousands(12345678), "1,23,45,678");
        assert_eq!(group_thousands(999), "999");
    }
}
