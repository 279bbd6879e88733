//! Shared by the CLI tests: the data folder, a cache built once, running the binary,
//! reading its CSV.

#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::OnceLock;

pub fn data_root() -> PathBuf {
    match std::env::var_os("ENTENTE_DATA") {
        Some(p) => PathBuf::from(p),
        None => Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/data"),
    }
}

/// A cache shared by the read-only tests (built once).
pub fn shared_cache() -> &'static Path {
    static CACHE: OnceLock<tempfile::TempDir> = OnceLock::new();
    CACHE
        .get_or_init(|| {
            let dir = tempfile::tempdir().unwrap();
            let out = entente_in(
                dir.path(),
                &data_root(),
                &["sources", "--votes", "--format", "csv"],
            );
            assert!(
                out.status.success(),
                "{}",
                String::from_utf8_lossy(&out.stderr)
            );
            dir
        })
        .path()
}

pub fn entente_in(cache: &Path, data: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_entente"))
        .args(args)
        .env("ENTENTE_CACHE", cache)
        .env("ENTENTE_DATA", data)
        .env("NO_COLOR", "1")
        .output()
        .unwrap()
}

pub fn entente(args: &[&str]) -> Output {
    entente_in(shared_cache(), &data_root(), args)
}

pub fn stdout(o: &Output) -> String {
    assert!(
        o.status.success(),
        "failed: {}",
        String::from_utf8_lossy(&o.stderr)
    );
    String::from_utf8(o.stdout.clone()).unwrap()
}

pub fn csv_rows(text: &str) -> Vec<std::collections::HashMap<String, String>> {
    let mut r = csv::Reader::from_reader(text.as_bytes());
    let headers = r.headers().unwrap().clone();
    r.records()
        .map(|rec| {
            headers
                .iter()
                .map(String::from)
                .zip(rec.unwrap().iter().map(String::from))
                .collect()
        })
        .collect()
}

/// A copy of the data folder (symlinks) in which one file can be replaced.
pub fn data_copy() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for sub in [
        "country_codes",
        "cow",
        "cameo",
        "unga_votes",
        "ideal_points",
    ] {
        std::fs::create_dir_all(dir.path().join(sub)).unwrap();
        for e in std::fs::read_dir(data_root().join(sub)).unwrap().flatten() {
            std::os::unix::fs::symlink(e.path(), dir.path().join(sub).join(e.file_name())).unwrap();
        }
    }
    dir
}

pub fn current_generation(cache: &Path) -> String {
    std::fs::read_to_string(cache.join("unga/CURRENT")).unwrap()
}

pub fn example(name: &str) -> String {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../examples/forecast")
        .join(name)
        .display()
        .to_string()
}

pub fn profile(args: &[&str]) -> Vec<std::collections::HashMap<String, String>> {
    let mut all = vec!["profile"];
    all.extend_from_slice(args);
    all.extend_from_slice(&["--format", "csv"]);
    csv_rows(&stdout(&entente(&all)))
}

pub fn num(s: &str) -> Option<f64> {
    (!s.is_empty()).then(|| s.parse().unwrap())
}

/// A fresh cache with the real GDELT 2.0 samples (and the ICEWS sample) ingested.
pub fn event_cache() -> tempfile::TempDir {
    let cache = tempfile::tempdir().unwrap();
    let d = data_root();
    let v2 = d.join("gdelt/v2_15min");
    let icews = d.join("icews/events.2018.sample.tab.gz");
    let out = entente_in(
        cache.path(),
        &d,
        &[
            "ingest",
            "events",
            v2.to_str().unwrap(),
            icews.to_str().unwrap(),
            "--format",
            "csv",
        ],
    );
    let rows = csv_rows(&stdout(&out));
    assert_eq!(rows.len(), 6);
    assert!(rows.iter().all(|r| r["status"] == "ingested"), "{rows:?}");
    cache
}

/// The real GDELT 2.0 samples and the ICEWS sample, as paths.
pub fn event_sample_paths() -> Vec<String> {
    let d = data_root();
    vec![
        d.join("gdelt/v2_15min").display().to_string(),
        d.join("icews/events.2018.sample.tab.gz")
            .display()
            .to_string(),
    ]
}

/// `entente export DIR --events-from` the event samples, with `cache`; its report.
pub fn export_event_samples(
    cache: &Path,
    dir: &str,
) -> Vec<std::collections::HashMap<String, String>> {
    let mut args = vec!["export", dir, "--format", "csv", "--events-from"];
    let paths = event_sample_paths();
    args.extend(paths.iter().map(String::as_str));
    csv_rows(&stdout(&entente_in(cache, &data_root(), &args)))
}

/// Sums of a column over all rows of a CSV answer.
pub fn column_sum(rows: &[std::collections::HashMap<String, String>], col: &str) -> i64 {
    rows.iter().map(|r| r[col].parse::<i64>().unwrap()).sum()
}
