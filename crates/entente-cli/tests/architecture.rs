//! docs/architecture.md's crate table against `cargo metadata`: every workspace crate
//! has a row, and the entente crates its "depends on" column names are exactly the
//! crate's entente dependencies (normal, not dev). The doc cannot drift from the code.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;
use std::process::Command;

/// Workspace crate → its entente dependencies, from `cargo metadata`.
fn workspace() -> BTreeMap<String, BTreeSet<String>> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let out = Command::new(env!("CARGO"))
        .args([
            "metadata",
            "--format-version",
            "1",
            "--no-deps",
            "--offline",
        ])
        .current_dir(&root)
        .output()
        .expect("cargo metadata runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let meta: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    meta["packages"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| {
            let deps = p["dependencies"]
                .as_array()
                .unwrap()
                .iter()
                .filter(|d| {
                    d["kind"].is_null() && d["name"].as_str().unwrap().starts_with("entente-")
                })
                .map(|d| d["name"].as_str().unwrap().to_string())
                .collect();
            (p["name"].as_str().unwrap().to_string(), deps)
        })
        .collect()
}

/// The crate table of docs/architecture.md: crate → entente crates under "depends on".
fn documented() -> BTreeMap<String, BTreeSet<String>> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../docs/architecture.md");
    let text = std::fs::read_to_string(&path).unwrap();
    text.lines()
        .filter(|l| l.starts_with("| `entente-"))
        .map(|l| {
            let cells: Vec<&str> = l.split(" | ").collect();
            let name = cells[0]
                .trim_start_matches("| ")
                .trim_matches('`')
                .to_string();
            let deps = cells
                .last()
                .unwrap()
                .split(|c: char| !(c.is_ascii_alphanumeric() || c == '-'))
                .filter(|w| w.starts_with("entente-"))
                .map(String::from)
                .collect();
            (name, deps)
        })
        .collect()
}

#[test]
fn the_crate_table_matches_cargo_metadata() {
    let (actual, doc) = (workspace(), documented());
    assert_eq!(
        actual.keys().collect::<Vec<_>>(),
        doc.keys().collect::<Vec<_>>(),
        "docs/architecture.md has a row for each workspace crate"
    );
    for (name, deps) in &actual {
        assert_eq!(
            deps, &doc[name],
            "docs/architecture.md: the entente dependencies of {name}"
        );
    }
}
