//! Event data: ingest and series.

use std::path::Path;
use std::process::Command;

use super::common::*;

#[test]
fn events_ingest_is_idempotent_and_series_add_up() {
    let cache = event_cache();
    let d = data_root();
    let ev = |args: &[&str]| {
        let mut all = vec!["events"];
        all.extend_from_slice(args);
        all.extend_from_slice(&["--format", "csv"]);
        csv_rows(&stdout(&entente_in(cache.path(), &d, &all)))
    };
    let total = |rows: &[std::collections::HashMap<String, String>]| -> i64 {
        rows.iter()
            .map(|r| r["events"].parse::<i64>().unwrap())
            .sum()
    };
    let before = ev(&["China", "Russia", "--by", "year"]);
    // CHN–RUS: 6 + 8 + 2 GDELT rows (gdelt/SOURCE.md) and 8 ICEWS events.
    assert_eq!(total(&before), 24, "{before:?}");
    // Sample files of a few days do not make a year: the brief leaves its events out
    // and says how much the files cover.
    let brief_events = || {
        let md = stdout(&entente_in(
            cache.path(),
            &d,
            &["brief", "China", "Russia", "--reps", "20", "--format", "md"],
        ));
        md.split("## News events").nth(1).unwrap_or("").to_string()
    };
    let section = brief_events();
    assert!(
        section.contains("Left out: the 6 event files ingested cover"),
        "{section}"
    );
    assert!(!section.contains("table-events"), "{section}");
    // Ingesting again, or the upstream zip of a file already in, adds nothing — not
    // even an unlisted part.
    let parts = || {
        std::fs::read_dir(cache.path().join("events/parts"))
            .unwrap()
            .count()
    };
    let parts_before = parts();
    let zip = d.join("gdelt/v2_15min_original_zip/20190121220000.export.CSV.zip");
    let v2 = d.join("gdelt/v2_15min");
    let again = csv_rows(&stdout(&entente_in(
        cache.path(),
        &d,
        &[
            "ingest",
            "events",
            v2.to_str().unwrap(),
            zip.to_str().unwrap(),
            "--format",
            "csv",
        ],
    )));
    assert!(
        again
            .iter()
            .all(|r| r["status"].starts_with("already ingested")),
        "{again:?}"
    );
    assert!(
        again
            .iter()
            .any(|r| r["status"].contains("same content as"))
    );
    assert_eq!(parts(), parts_before);
    assert_eq!(ev(&["China", "Russia", "--by", "year"]), before);
    // Directed rows sum to the undirected ones; de-duplication never adds.
    let directed = ev(&["Russia", "China", "--by", "month", "--directed"]);
    assert_eq!(total(&directed), 24);
    assert!(
        directed
            .iter()
            .all(|r| (r["a"] == "RUS" && r["b"] == "CHN") || (r["a"] == "CHN" && r["b"] == "RUS"))
    );
    let dedup = ev(&["China", "Russia", "--by", "month", "--dedup"]);
    assert!(total(&dedup) <= 24 && total(&dedup) > 0);
    // Periods covered without events are 0, not missing; quad classes add up.
    let days = ev(&[
        "Russia", "Ukraine", "--by", "day", "--from", "2018-06", "--to", "2018-06",
    ]);
    assert!(!days.is_empty());
    for r in &days {
        let q: i64 = [
            "verbal_coop",
            "material_coop",
            "verbal_conflict",
            "material_conflict",
        ]
        .iter()
        .map(|c| r[*c].parse::<i64>().unwrap())
        .sum();
        assert_eq!(q, r["events"].parse::<i64>().unwrap());
    }
    assert_eq!(total(&days), 35, "RUS–UKR in the ICEWS sample");
    // Normalised by the ingested volume: per million rows of the period.
    let norm = ev(&["China", "Russia", "--by", "year", "--normalize"]);
    let y2018 = norm.iter().find(|r| r["period"] == "2018").unwrap();
    let (e, t, n): (f64, f64, f64) = (
        y2018["events"].parse().unwrap(),
        y2018["total_events"].parse().unwrap(),
        y2018["events_norm"].parse().unwrap(),
    );
    assert!((n - e * 1e6 / t).abs() < 1e-6);
    // Mentions weighting counts mentions.
    let m = ev(&["China", "Russia", "--by", "year", "--weight", "mentions"]);
    assert!(total(&m) >= 16);
    // Bad input: a clear message and exit 2.
    for args in [
        vec!["events", "China", "Rusia"],
        vec!["events", "China", "Russia", "--from", "2014-13"],
        vec!["events", "China"],
    ] {
        assert_eq!(
            entente_in(cache.path(), &d, &args).status.code(),
            Some(2),
            "{args:?}"
        );
    }
    let empty = tempfile::tempdir().unwrap();
    let o = entente_in(empty.path(), &d, &["events", "China", "Russia"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("entente ingest events"));
    // The brief's events are kept in the derived cache, keyed by what the store lists:
    // one more file ingested, a new answer.
    let kept = cache.path().join("derived/events");
    assert!(kept.read_dir().unwrap().count() >= 2, "{}", kept.display());
    let v1 = d.join("gdelt/v1_samples/gdeltv1_daily_20160728_sample509.export.CSV.gz");
    let added = entente_in(
        cache.path(),
        &d,
        &["ingest", "events", v1.to_str().unwrap()],
    );
    assert!(added.status.success());
    let section = brief_events();
    assert!(
        section.contains("Left out: the 7 event files ingested cover"),
        "{section}"
    );
}

#[test]
fn events_equal_an_independent_aggregation() {
    let d = data_root();
    let dir = tempfile::tempdir().unwrap();
    // The state table the peer uses: CAMEO code → COW code, ISO3, from the registry.
    let countries = csv_rows(&stdout(&entente(&["countries", "--format", "csv"])));
    let states = dir.path().join("states.csv");
    let mut text = String::from("cameo,ccode,iso3\n");
    for r in &countries {
        if !r["cameo"].is_empty() {
            text.push_str(&format!("{},{},{}\n", r["cameo"], r["ccode"], r["iso3"]));
        }
    }
    std::fs::write(&states, text).unwrap();
    let mut files: Vec<String> = std::fs::read_dir(d.join("gdelt/v2_15min"))
        .unwrap()
        .map(|e| e.unwrap().path().display().to_string())
        .collect();
    files.sort();
    let peer = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/peers/events_peer.py");
    let out = Command::new("python3")
        .arg(&peer)
        .arg(&states)
        .args(&files)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let want = csv_rows(&String::from_utf8_lossy(&out.stdout));
    // entente's monthly series over GDELT only: a second store without the ICEWS file.
    let g = tempfile::tempdir().unwrap();
    stdout(&entente_in(
        g.path(),
        &d,
        &[
            "ingest",
            "events",
            d.join("gdelt/v2_15min").to_str().unwrap(),
        ],
    ));
    let got = csv_rows(&stdout(&entente_in(
        g.path(),
        &d,
        &["events", "--all", "--by", "month", "--format", "csv"],
    )));
    assert_eq!(got.len(), want.len());
    for (x, y) in got.iter().zip(&want) {
        assert_eq!(
            (&x["period"], &x["a"], &x["b"]),
            (&y["month"], &y["a"], &y["b"])
        );
        for c in [
            "events",
            "verbal_coop",
            "material_coop",
            "verbal_conflict",
            "material_conflict",
        ] {
            assert_eq!(x[c], y[c], "{c} {x:?}");
        }
        let g10: f64 = y["goldstein_x10"].parse().unwrap();
        assert_eq!(x["goldstein_sum"].parse::<f64>().unwrap(), g10 / 10.0);
        let n: f64 = x["events"].parse().unwrap();
        let tone: f64 = y["tone_sum"].parse().unwrap();
        assert!((x["tone_mean"].parse::<f64>().unwrap() - tone / n).abs() < 1e-9);
    }
}

/// A store written before the BLAKE3 content digest lists files by the older line
/// digest: a file ingested then is still recognised under another compression, and a
/// new file is listed with the new digest.
#[test]
fn a_store_with_legacy_content_digests_still_recognises_its_files() {
    use entente_sources::events::{self, Cameo, CountryCodes};
    let d = data_root();
    let cache = tempfile::tempdir().unwrap();
    let gz = d.join("gdelt/v2_15min/20190121220000.export.CSV.gz");
    let zip = d.join("gdelt/v2_15min_original_zip/20190121220000.export.CSV.zip");
    let other = d.join("icews/events.2018.sample.tab.gz");
    let ingest = |paths: &[&Path]| {
        let mut args = vec!["ingest", "events", "--format", "csv"];
        args.extend(paths.iter().map(|p| p.to_str().unwrap()));
        csv_rows(&stdout(&entente_in(cache.path(), &d, &args)))
    };
    let first = ingest(&[&gz]);
    assert_eq!(first[0]["status"], "ingested", "{first:?}");
    // Rewrite the manifest as an older entente wrote it: the line digest as content.
    let data = entente_sources::DataDir::locate(Some(&d)).unwrap();
    let reg = entente_sources::countries::load(&data).unwrap();
    let (fe, _) = events::read_file(
        &gz,
        &CountryCodes::new(&reg),
        &reg,
        &Cameo::load(&data).unwrap(),
        false,
        events::Collect::DyadDays,
        events::Hashing::WithLegacy,
    )
    .unwrap();
    let legacy = format!("{:016x}", fe.legacy_digest.unwrap());
    let manifest = cache.path().join("events/manifest.json");
    let mut m: serde_json::Value =
        serde_json::from_slice(&std::fs::read(&manifest).unwrap()).unwrap();
    let new_content = m["files"][0]["content"].as_str().unwrap().to_string();
    assert_eq!(new_content.len(), 32);
    m["files"][0]["content"] = legacy.clone().into();
    std::fs::write(&manifest, serde_json::to_vec(&m).unwrap()).unwrap();
    let again = ingest(&[&zip, &other]);
    assert!(
        again[0]["status"].starts_with("already ingested (same content as"),
        "{again:?}"
    );
    assert_eq!(again[1]["status"], "ingested", "{again:?}");
    let m: serde_json::Value = serde_json::from_slice(&std::fs::read(&manifest).unwrap()).unwrap();
    let contents: Vec<&str> = m["files"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["content"].as_str().unwrap())
        .collect();
    assert_eq!(contents.len(), 2, "{contents:?}");
    assert_eq!(contents[0], legacy);
    assert_eq!(contents[1].len(), 32);
}
