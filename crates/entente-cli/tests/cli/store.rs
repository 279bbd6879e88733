//! The vote-table cache: coverage, conflicts, bad sources, kill -9 mid-build.

use std::process::Command;

use super::common::*;

#[test]
fn sources_reports_coverage_and_conflicts() {
    let out = stdout(&entente(&["sources", "--votes", "--format", "csv"]));
    let rows = csv_rows(&out);
    let y = |y: &str| rows.iter().find(|r| r["year"] == y).unwrap().clone();
    assert_eq!(y("1964")["ga_rollcalls"], "1");
    assert!(y("2023")["undl_long"].parse::<u32>().unwrap() > 50);
    assert!(y("2010")["voeten"].parse::<u32>().unwrap() > 50);
    let conflicts = stdout(&entente(&[
        "sources",
        "--votes",
        "--conflicts",
        "--format",
        "csv",
    ]));
    assert!(csv_rows(&conflicts).len() > 100);
    let summary = stdout(&entente(&["sources", "--votes", "--summary"]));
    assert!(summary.contains("undl_long vs voeten"));
}

#[test]
fn a_bad_source_file_fails_cleanly_and_keeps_the_cache() {
    let data = data_copy();
    let cache = tempfile::tempdir().unwrap();
    let ok = entente_in(
        cache.path(),
        data.path(),
        &["align", "China", "Russia", "--format", "csv"],
    );
    let before = stdout(&ok);
    let generation = current_generation(cache.path());

    // Truncate the gzip of Voeten's votes.
    let rel = "unga_votes/voeten_UNVotes1-72_votes.csv.gz";
    let gz = std::fs::read(data_root().join(rel)).unwrap();
    std::fs::remove_file(data.path().join(rel)).unwrap();
    std::fs::write(data.path().join(rel), &gz[..gz.len() / 3]).unwrap();
    let o = entente_in(cache.path(), data.path(), &["align", "China", "Russia"]);
    assert_eq!(o.status.code(), Some(1));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        err.contains("voeten_UNVotes1-72_votes.csv.gz") && err.contains("truncated"),
        "{err}"
    );
    assert_eq!(
        current_generation(cache.path()),
        generation,
        "the previous cache stays live"
    );
    let mut leftovers: Vec<String> = std::fs::read_dir(cache.path().join("unga"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n != ".build.lock")
        .collect();
    leftovers.sort();
    assert_eq!(
        leftovers,
        ["CURRENT".to_string(), generation.trim().to_string()],
        "CURRENT and the live generation only"
    );

    // Restoring the file makes the old cache fresh again (same hash): same output.
    std::fs::remove_file(data.path().join(rel)).unwrap();
    std::os::unix::fs::symlink(data_root().join(rel), data.path().join(rel)).unwrap();
    let again = entente_in(
        cache.path(),
        data.path(),
        &["align", "China", "Russia", "--format", "csv"],
    );
    assert_eq!(stdout(&again), before);
}

#[test]
fn killing_a_cache_build_midway_leaves_the_previous_cache_usable() {
    let cache = tempfile::tempdir().unwrap();
    let args = ["align", "China", "Russia", "--format", "csv"];
    let reference = stdout(&entente_in(cache.path(), &data_root(), &args));
    let started = std::time::Instant::now();
    let o = entente_in(cache.path(), &data_root(), &["sources", "--rebuild"]);
    assert!(o.status.success());
    let build = started.elapsed();
    for k in 1..=6u32 {
        let mut child = Command::new(env!("CARGO_BIN_EXE_entente"))
            .args(["sources", "--rebuild"])
            .env("ENTENTE_CACHE", cache.path())
            .env("ENTENTE_DATA", data_root())
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .unwrap();
        std::thread::sleep(build * k / 7);
        child.kill().unwrap();
        child.wait().unwrap();
        let after = entente_in(cache.path(), &data_root(), &args);
        assert_eq!(
            stdout(&after),
            reference,
            "after a kill at {k}/7 of a build"
        );
    }
}

/// A cached table damaged by a single flipped bit is seen, rebuilt by itself (with a
/// warning), and the answer is the one from the intact cache.
#[test]
fn a_damaged_cache_is_rebuilt_by_itself() {
    let data = data_copy();
    let cache = tempfile::tempdir().unwrap();
    let args = ["align", "China", "Russia", "--format", "csv"];
    let reference = stdout(&entente_in(cache.path(), data.path(), &args));
    let generation = current_generation(cache.path());
    let votes = cache
        .path()
        .join("unga")
        .join(generation.trim())
        .join("votes.parquet");
    let mut bytes = std::fs::read(&votes).unwrap();
    let k = bytes.len() / 2;
    bytes[k] ^= 0x10;
    std::fs::write(&votes, &bytes).unwrap();
    let o = entente_in(cache.path(), data.path(), &args);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    assert_eq!(stdout(&o), reference);
    assert_ne!(current_generation(cache.path()), generation, "rebuilt");
}
