//! The code's shape, checked from the source tree (ARCHITECTURE.md): no module reaches into
//! another module's `store`, no `.rs` file (tests and benchmarks included) grows past 400
//! lines, and no new import cycle appears between the top-level folders of `src/`. Each failure
//! names the offending files.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// The longest a source file may be (the generated `src/db/schema.rs` aside).
const MAX_LINES: usize = 400;

/// Imports between product modules that still close a cycle: each is one module's service
/// calling another's (a page of one showing what the other owns, or telling the other of a
/// change). A new edge that closes a cycle fails; an entry that no longer closes one must go.
const KNOWN_CYCLE_EDGES: &[(&str, &str)] = &[
    ("application", "internship"),
    ("application", "matching"),
    ("application", "profile"),
    ("institute", "application"),
    ("institute", "profile"),
    ("internship", "application"),
    ("internship", "matching"),
    ("internship", "profile"),
    ("matching", "internship"),
    ("matching", "profile"),
    ("profile", "application"),
    ("profile", "institute"),
    ("profile", "internship"),
    ("profile", "matching"),
];

/// The shared plumbing and services under the product modules: none of them may import a
/// product module (or the entry files), so they never take part in a cycle.
const PLUMBING: &[&str] = &[
    "audit",
    "config",
    "db",
    "files",
    "jobs",
    "notify",
    "state",
    "taxonomy",
    "telemetry",
    "web",
];

/// The one import plumbing makes upwards, by design (ARCHITECTURE.md): the shared state holds
/// the matching runtime's handles (the model slot, the live catalogue, the runtime settings),
/// built by `app.rs`, so that every handler can reach them. Nothing else in `state.rs`.
const STATE_HOLDS: (&str, &str) = ("state", "matching");

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            if path.file_name().is_some_and(|n| n == "target") {
                continue;
            }
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// Source files as (path relative to the repository, text), sorted.
fn sources(dirs: &[&str]) -> Vec<(String, String)> {
    let root = root();
    let mut paths = Vec::new();
    for dir in dirs {
        rust_files(&root.join(dir), &mut paths);
    }
    paths.sort();
    paths
        .into_iter()
        .map(|p| {
            let text = std::fs::read_to_string(&p).unwrap_or_default();
            let rel = p
                .strip_prefix(&root)
                .unwrap_or(&p)
                .to_string_lossy()
                .replace('\\', "/");
            (rel, text)
        })
        .collect()
}

/// The top-level folder (or file stem) of `src/` a source file belongs to.
fn top_of(rel: &str) -> Option<String> {
    let rest = rel.strip_prefix("src/")?;
    let first = rest.split('/').next()?;
    Some(first.trim_end_matches(".rs").to_string())
}

/// The top-level names of `src/` (module folders and single-file modules).
fn top_names() -> BTreeSet<String> {
    let mut names = BTreeSet::new();
    if let Ok(entries) = std::fs::read_dir(root().join("src")) {
        for entry in entries.flatten() {
            let name = entry.file_name().to_string_lossy().to_string();
            let path = entry.path();
            if path.is_dir() {
                names.insert(name);
            } else if let Some(stem) = name.strip_suffix(".rs") {
                names.insert(stem.to_string());
            }
        }
    }
    names.remove("main");
    names.remove("lib");
    names
}

/// Every `crate::a::b::…` path in `text` (comments included: a doc link to another module's
/// store is a dependency too), as its segments.
fn crate_paths(text: &str) -> Vec<Vec<String>> {
    let mut paths = Vec::new();
    let mut rest = text;
    while let Some(at) = rest.find("crate::") {
        let tail = &rest[at + "crate::".len()..];
        let mut segments = Vec::new();
        if let Some(group) = tail.strip_prefix('{') {
            // `crate::{db, web::forms}`: each item is a path of its own.
            let close = group.find('}').unwrap_or(group.len());
            for item in group[..close].split(',') {
                let path: Vec<String> = item
                    .split("::")
                    .map(|s| s.split_whitespace().next().unwrap_or("").to_string())
                    .filter(|s| !s.is_empty())
                    .collect();
                if !path.is_empty() {
                    paths.push(path);
                }
            }
            rest = tail;
            continue;
        }
        let mut cursor = tail;
        loop {
            let end = cursor
                .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
                .unwrap_or(cursor.len());
            if end == 0 {
                break;
            }
            segments.push(cursor[..end].to_string());
            cursor = &cursor[end..];
            match cursor.strip_prefix("::") {
                Some(next) if next.starts_with('{') => {
                    // `crate::a::{b, c::store}`: each item of the group extends the path.
                    let close = next.find('}').unwrap_or(next.len());
                    for item in next[1..close].split(',') {
                        let mut grouped = segments.clone();
                        grouped.extend(
                            item.split("::")
                                .map(|s| s.split_whitespace().next().unwrap_or("").to_string())
                                .filter(|s| !s.is_empty()),
                        );
                        paths.push(grouped);
                    }
                    segments.clear();
                    break;
                }
                Some(next) => cursor = next,
                None => break,
            }
        }
        if !segments.is_empty() {
            paths.push(segments);
        }
        rest = tail;
    }
    paths
}

#[test]
fn no_module_reaches_into_another_modules_store() {
    let mut offences = Vec::new();
    for (rel, text) in sources(&["src"]) {
        let own = top_of(&rel).unwrap_or_default();
        for path in crate_paths(&text) {
            let Some(owner) = path.first() else { continue };
            let names_a_store = path.iter().skip(1).any(|s| s == "store");
            if names_a_store && *owner != own {
                offences.push(format!("{rel}: crate::{}", path.join("::")));
            }
        }
    }
    offences.sort();
    offences.dedup();
    assert!(
        offences.is_empty(),
        "these files use another module's store; call that module's service instead \
         (ARCHITECTURE.md):\n  {}",
        offences.join("\n  ")
    );
}

#[test]
fn no_source_file_is_over_400_lines() {
    let mut too_long = Vec::new();
    let mut lengths = Vec::new();
    // The tests and benchmarks too: a reader finds a test by what it tests, not by scrolling.
    for (rel, text) in sources(&["src", "crates", "tests", "benches"]) {
        if rel == "src/db/schema.rs" {
            continue;
        }
        let lines = text.lines().count();
        lengths.push(lines);
        if lines > MAX_LINES {
            too_long.push(format!("{rel}: {lines} lines"));
        }
    }
    lengths.sort_unstable();
    let median = lengths.get(lengths.len() / 2).copied().unwrap_or(0);
    println!("{} source files, median {median} lines", lengths.len());
    assert!(
        too_long.is_empty(),
        "source files over {MAX_LINES} lines; split them by responsibility (ARCHITECTURE.md):\n  {}",
        too_long.join("\n  ")
    );
}

/// The import graph between top-level folders of `src/`, with one file per edge as evidence.
fn folder_graph() -> BTreeMap<(String, String), String> {
    let tops = top_names();
    let mut edges = BTreeMap::new();
    for (rel, text) in sources(&["src"]) {
        let Some(from) = top_of(&rel) else { continue };
        if from == "main" || from == "lib" {
            continue;
        }
        for path in crate_paths(&text) {
            let Some(to) = path.first() else { continue };
            if *to != from && tops.contains(to) {
                edges
                    .entry((from.clone(), to.clone()))
                    .or_insert_with(|| rel.clone());
            }
        }
    }
    edges
}

/// Folders reachable from `start` along `edges`.
fn reachable(start: &str, edges: &BTreeMap<(String, String), String>) -> BTreeSet<String> {
    let mut seen = BTreeSet::new();
    let mut todo = vec![start.to_string()];
    while let Some(node) = todo.pop() {
        for (from, to) in edges.keys() {
            if *from == node && seen.insert(to.clone()) {
                todo.push(to.clone());
            }
        }
    }
    seen
}

#[test]
fn plumbing_never_imports_a_product_module() {
    let offences: Vec<String> = folder_graph()
        .into_iter()
        .filter(|((from, to), _)| {
            PLUMBING.contains(&from.as_str())
                && !PLUMBING.contains(&to.as_str())
                && (from.as_str(), to.as_str()) != STATE_HOLDS
        })
        .map(|((from, to), file)| format!("{from} -> {to} (e.g. {file})"))
        .collect();
    assert!(
        offences.is_empty(),
        "plumbing must not import product modules (ARCHITECTURE.md):\n  {}",
        offences.join("\n  ")
    );
}

#[test]
fn no_new_import_cycle_between_folders() {
    let mut edges = folder_graph();
    edges.remove(&(STATE_HOLDS.0.to_string(), STATE_HOLDS.1.to_string()));
    // An edge a → b closes a cycle when a is reachable from b.
    let mut closing = BTreeMap::new();
    for ((from, to), file) in &edges {
        if reachable(to, &edges).contains(from) {
            closing.insert((from.as_str(), to.as_str()), file.as_str());
        }
    }
    let known: BTreeSet<(&str, &str)> = KNOWN_CYCLE_EDGES.iter().copied().collect();
    let new: Vec<String> = closing
        .iter()
        .filter(|(edge, _)| !known.contains(edge))
        .map(|((from, to), file)| format!("{from} -> {to} (e.g. {file})"))
        .collect();
    let stale: Vec<String> = known
        .iter()
        .filter(|edge| !closing.contains_key(edge))
        .map(|(from, to)| format!("(\"{from}\", \"{to}\")"))
        .collect();
    println!(
        "{} folder imports, {} of them in a cycle",
        edges.len(),
        closing.len()
    );
    assert!(
        new.is_empty(),
        "these imports close a cycle between top-level folders of src/ (ARCHITECTURE.md says \
         which module may use which):\n  {}",
        new.join("\n  ")
    );
    assert!(
        stale.is_empty(),
        "these no longer close a cycle; remove them from KNOWN_CYCLE_EDGES in {}:\n  {}",
        file!(),
        stale.join("\n  ")
    );
}
