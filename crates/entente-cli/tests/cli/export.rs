//! Export, SQL (DataFusion) and the cluster (Ballista).

use super::common::*;

#[test]
fn export_writes_hive_partitioned_parquet_that_matches_the_commands() {
    use arrow_array::{Array, Float64Array, Int16Array, StringArray};
    let dir = tempfile::tempdir().unwrap();
    let rows = csv_rows(&stdout(&entente(&[
        "export",
        dir.path().to_str().unwrap(),
        "--tables",
        "countries,votes,rollcalls,dyad_index",
        "--format",
        "csv",
    ])));
    assert_eq!(rows.len(), 4);
    // Partitions by year; no data column named like the partition column.
    let p2014 = dir.path().join("dyad_index/year=2014/part-0.parquet");
    let batches = entente_store::parquet::read_batches(&p2014).unwrap();
    let (mut found, mut n) = (None, 0);
    for b in &batches {
        assert!(b.schema().field_with_name("year").is_err());
        n += b.num_rows();
        let a = b
            .column_by_name("iso3_a")
            .unwrap()
            .as_any()
            .downcast_ref::<StringArray>()
            .unwrap();
        let bb = b
            .column_by_name("iso3_b")
            .unwrap()
            .as_any()
            .downcast_ref::<StringArray>()
            .unwrap();
        let ca = b
            .column_by_name("ccode_a")
            .unwrap()
            .as_any()
            .downcast_ref::<Int16Array>()
            .unwrap();
        let idx = b
            .column_by_name("alignment")
            .unwrap()
            .as_any()
            .downcast_ref::<Float64Array>()
            .unwrap();
        for i in 0..b.num_rows() {
            assert!(ca.value(i) > 0);
            if a.value(i) == "RUS" && bb.value(i) == "CHN" {
                found = Some(idx.value(i));
            }
        }
    }
    assert!(n > 18_000);
    let profile = csv_rows(&stdout(&entente(&[
        "profile", "China", "Russia", "--year", "2014", "--reps", "0", "--format", "csv",
    ])));
    let want: f64 = profile[0]["alignment"].parse().unwrap();
    assert!((found.unwrap() - want).abs() < 1e-12);
    let rc = entente_store::parquet::read_batches(
        &dir.path().join("rollcalls/year=1971/part-0.parquet"),
    )
    .unwrap();
    assert!(rc[0].schema().field_with_name("year").is_err());
    assert!(rc[0].column_by_name("date").unwrap().data_type() == &arrow_schema::DataType::Date32);
    let votes =
        entente_store::parquet::read_batches(&dir.path().join("votes/year=2021/part-0.parquet"))
            .unwrap();
    assert!(votes.iter().map(|b| b.num_rows()).sum::<usize>() > 10_000);
    assert!(dir.path().join("countries/part-0.parquet").is_file());
    assert_eq!(
        entente(&["export", dir.path().to_str().unwrap(), "--tables", "bogus"])
            .status
            .code(),
        Some(2)
    );
}

#[cfg(feature = "sql")]
#[test]
fn sql_runs_over_the_exported_tables() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path().to_str().unwrap();
    stdout(&entente(&[
        "export",
        d,
        "--tables",
        "votes,rollcalls,dyad_index,countries",
    ]));
    let q = |sql: &str| {
        csv_rows(&stdout(&entente(&[
            "sql", sql, "--tables", d, "--format", "csv",
        ])))
    };
    // The same numbers as the tables and commands they come from.
    let n = q("SELECT count(*) AS n FROM votes WHERE year = 2021");
    let rows =
        entente_store::parquet::read_batches(&dir.path().join("votes/year=2021/part-0.parquet"))
            .unwrap()
            .iter()
            .map(|b| b.num_rows())
            .sum::<usize>();
    assert_eq!(n[0]["n"], rows.to_string());
    let idx = q(
        "SELECT year, alignment FROM dyad_index WHERE iso3_a = 'RUS' AND iso3_b = 'CHN' AND year = 2014",
    );
    let profile = csv_rows(&stdout(&entente(&[
        "profile", "China", "Russia", "--year", "2014", "--reps", "0", "--format", "csv",
    ])));
    let (x, y): (f64, f64) = (
        idx[0]["alignment"].parse().unwrap(),
        profile[0]["alignment"].parse().unwrap(),
    );
    assert!((x - y).abs() < 1e-12 && idx[0]["year"] == "2014");
    // A join across tables, and a bad query explained.
    let j = q(
        "SELECT c.name, count(*) AS n FROM votes v JOIN countries c ON v.ccode = c.ccode WHERE v.year = 2021 AND c.iso3 = 'CHN' GROUP BY c.name",
    );
    assert_eq!(j[0]["name"], "China");
    let bad = entente(&["sql", "SELECT nope FROM votes", "--tables", d]);
    assert_eq!(bad.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&bad.stderr).contains("nope"));
    // Without --tables the default folder is written on first use; stdout holds the
    // query's answer alone (the export's report is not printed).
    let cache = tempfile::tempdir().unwrap();
    let first = stdout(&entente_in(
        cache.path(),
        &data_root(),
        &[
            "sql",
            "SELECT count(*) AS n FROM votes WHERE year = 2021",
            "--format",
            "csv",
        ],
    ));
    assert_eq!(first, format!("n\n{rows}\n"));
    assert!(cache.path().join("export/dyad_index").is_dir());
}

#[cfg(not(feature = "sql"))]
#[test]
fn sql_without_the_engine_says_how_to_build_it() {
    let o = entente(&["sql", "SELECT 1"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("--features sql"));
}

#[test]
fn export_events_from_raw_files_keeps_every_row_between_states() {
    use arrow_array::{Array, BooleanArray, Int64Array, StringArray};
    let cache = event_cache();
    let d = data_root();
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().to_str().unwrap();
    let report = export_event_samples(cache.path(), p);
    assert_eq!(report.len(), 2);
    assert_eq!(
        (report[0]["table"].as_str(), report[1]["table"].as_str()),
        ("events", "event_volume")
    );
    // Every row between two states: as many as the event store counts, all and
    // without duplicates.
    let store = |extra: &[&str]| {
        let mut a = vec!["events", "--all", "--by", "year", "--format", "csv"];
        a.extend_from_slice(extra);
        csv_rows(&stdout(&entente_in(cache.path(), &d, &a)))
    };
    let all = column_sum(&store(&[]), "events");
    let dedup = column_sum(&store(&["--dedup"]), "events");
    assert_eq!(report[0]["rows"], all.to_string());
    let (mut rows, mut firsts, mut files) = (0i64, 0i64, 0);
    for y in std::fs::read_dir(dir.path().join("events")).unwrap() {
        let y = y.unwrap().path();
        assert!(
            y.file_name()
                .unwrap()
                .to_string_lossy()
                .starts_with("year=")
        );
        for f in std::fs::read_dir(&y).unwrap() {
            files += 1;
            for b in entente_store::parquet::read_batches(&f.unwrap().path()).unwrap() {
                assert!(b.schema().field_with_name("year").is_err());
                rows += b.num_rows() as i64;
                let dup = b.column_by_name("duplicate").unwrap();
                let dup = dup.as_any().downcast_ref::<BooleanArray>().unwrap();
                firsts += (0..dup.len()).filter(|&i| !dup.value(i)).count() as i64;
                // Provenance: the source file and a line number inside it.
                let file = b.column_by_name("file").unwrap();
                let file = file.as_any().downcast_ref::<StringArray>().unwrap();
                let line = b.column_by_name("line").unwrap();
                let line = line.as_any().downcast_ref::<Int64Array>().unwrap();
                assert!(file.value(0).contains("gdelt") || file.value(0).contains("icews"));
                assert!((0..line.len()).all(|i| line.value(i) >= 1));
            }
        }
    }
    assert_eq!((rows, firsts), (all, dedup));
    assert!(files >= 6, "one file per source file and year: {files}");
    // event_volume: the files' rows per year, any actors, as the store's volume (the
    // total_events of a normalised series).
    let mut volume = std::collections::BTreeMap::<String, i64>::new();
    let mut volume_rows = 0;
    for y in std::fs::read_dir(dir.path().join("event_volume")).unwrap() {
        let y = y.unwrap().path();
        let year = y.file_name().unwrap().to_string_lossy()["year=".len()..].to_string();
        for f in std::fs::read_dir(&y).unwrap() {
            for b in entente_store::parquet::read_batches(&f.unwrap().path()).unwrap() {
                volume_rows += b.num_rows();
                let n = b.column_by_name("rows").unwrap();
                let n = n.as_any().downcast_ref::<Int64Array>().unwrap();
                *volume.entry(year.clone()).or_default() += n.iter().flatten().sum::<i64>();
            }
        }
    }
    assert_eq!(report[1]["rows"], volume_rows.to_string());
    let series = csv_rows(&stdout(&entente_in(
        cache.path(),
        &d,
        &[
            "events",
            "China",
            "Russia",
            "--by",
            "year",
            "--normalize",
            "--format",
            "csv",
        ],
    )));
    let store_volume: std::collections::BTreeMap<String, i64> = series
        .iter()
        .map(|r| (r["period"].clone(), r["total_events"].parse().unwrap()))
        .collect();
    assert!(store_volume.values().sum::<i64>() > all, "{store_volume:?}");
    assert_eq!(volume, store_volume);
    // The events table needs raw files.
    let o = entente_in(cache.path(), &d, &["export", p, "--tables", "events"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("--events-from"));
    // Two source files of one name would write the same table file: refused.
    let other = tempfile::tempdir().unwrap();
    let name = "20150218230000.export.CSV.gz";
    std::fs::copy(d.join("gdelt/v2_15min").join(name), other.path().join(name)).unwrap();
    let v2 = event_sample_paths().remove(0);
    let both = [
        "export",
        p,
        "--events-from",
        v2.as_str(),
        other.path().to_str().unwrap(),
    ];
    let o = entente_in(cache.path(), &d, &both);
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("two event files are named"));
}

#[cfg(feature = "sql")]
#[test]
fn sql_event_aggregation_equals_the_event_store() {
    let cache = event_cache();
    let d = data_root();
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().to_str().unwrap();
    export_event_samples(cache.path(), p);
    for opts in [
        &["--by", "month"][..],
        &["--by", "day", "--directed", "--roots"],
        &["--by", "year", "--dedup", "--weight", "articles"],
        &[
            "--by", "month", "--from", "2018-01", "--to", "2018-12", "--weight", "mentions",
        ],
        &["--by", "month", "--normalize"],
        &[
            "--by",
            "day",
            "--dedup",
            "--normalize",
            "ingested",
            "--roots",
        ],
    ] {
        let run = |sql: bool| {
            let mut a = vec!["events", "--all", "--format", "csv"];
            a.extend_from_slice(opts);
            if sql {
                a.extend_from_slice(&["--tables", p]);
            }
            csv_rows(&stdout(&entente_in(cache.path(), &d, &a)))
        };
        let (kernel, sql) = (run(false), run(true));
        assert!(!kernel.is_empty());
        assert_eq!(kernel.len(), sql.len(), "{opts:?}");
        for (k, s) in kernel.iter().zip(&sql) {
            for (col, x) in k {
                let y = &s[col];
                if x != y && (col.ends_with("_mean") || col == "net_cooperation") {
                    let (x, y): (f64, f64) = (x.parse().unwrap(), y.parse().unwrap());
                    assert!(
                        (x - y).abs() <= 1e-9 * x.abs().max(1e-3),
                        "{col} {opts:?}: {x} vs {y}"
                    );
                } else {
                    assert_eq!(x, y, "{col} {opts:?} {k:?}");
                }
            }
        }
    }
    // A folder without the volume table (converted by an older entente) cannot be
    // normalised by its own rows: refused with a reason.
    std::fs::remove_dir_all(dir.path().join("event_volume")).unwrap();
    let o = entente_in(
        cache.path(),
        &d,
        &["events", "--all", "--tables", p, "--normalize"],
    );
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("no event_volume table"));
    let o = entente_in(
        cache.path(),
        &d,
        &["events", "--all", "--tables", "/nonexistent"],
    );
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("--events-from"));
}

#[cfg(feature = "sql")]
#[test]
fn sql_cluster_url_is_checked() {
    let o = entente(&[
        "sql",
        "SELECT 1",
        "--tables",
        "/tmp",
        "--cluster",
        "http://x:1",
    ]);
    assert_eq!(o.status.code(), Some(2));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        err.contains("df://") || err.contains("--features cluster"),
        "{err}"
    );
}

#[cfg(not(feature = "cluster"))]
#[test]
fn cluster_without_the_feature_says_how_to_build_it() {
    let o = entente(&["cluster", "scheduler"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("--features cluster"));
}
