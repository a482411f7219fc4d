//! The catalogue rows of a search scope's postings (a place's), kept per state of the catalogue:
//! each new search in a place scans the place's rows, and finding them (a hash lookup per
//! posting and a sort) cost as much as the scan itself.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, OnceLock};

/// Rows of the catalogue kept per scope: (catalogue instance, version), the rows.
type ScopeRows = HashMap<String, ((u64, u64), Arc<Vec<usize>>)>;

/// Scopes whose rows are kept, and their rows in all (8 MB): all forgotten when one more would
/// pass either.
const SCOPES: (usize, usize) = (256, 1_000_000);

/// The catalogue rows of a scope's postings at `at` (catalogue instance and version), from
/// `rows` the first time: each new search in a place scans the place's rows, and finding them
/// (a hash lookup per posting and a sort) cost as much as the scan.
pub fn kept(scope: &str, at: (u64, u64), rows: impl FnOnce() -> Vec<usize>) -> Arc<Vec<usize>> {
    static KEPT: OnceLock<Mutex<ScopeRows>> = OnceLock::new();
    let kept = || {
        KEPT.get_or_init(Default::default)
            .lock()
            .unwrap_or_else(|e| e.into_inner())
    };
    if let Some((when, rows)) = kept().get(scope)
        && *when == at
    {
        return rows.clone();
    }
    let rows = Arc::new(rows());
    let mut kept = kept();
    let held: usize = kept.values().map(|(_, r)| r.len()).sum();
    if kept.len() >= SCOPES.0 || held + rows.len() > SCOPES.1 {
        kept.clear();
    }
    kept.insert(scope.to_string(), (at, rows.clone()));
    rows
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_scopes_rows_are_kept_for_one_state_of_the_catalogue() {
        let scope = "place test @1";
        assert_eq!(*kept(scope, (7, 1), || vec![1, 2]), vec![1, 2]);
        assert_eq!(*kept(scope, (7, 1), || vec![9]), vec![1, 2], "kept");
        assert_eq!(*kept(scope, (7, 2), || vec![3]), vec![3], "a new version");
        assert_eq!(
            *kept(scope, (8, 2), || vec![4]),
            vec![4],
            "another catalogue"
        );
    }
}
