//! End-to-end tests of the `entente` binary on the real data folder.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::OnceLock;

fn data_root() -> PathBuf {
    match std::env::var_os("ENTENTE_DATA") {
        Some(p) => PathBuf::from(p),
        None => Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/data"),
    }
}

/// A cache shared by the read-only tests (built once).
fn shared_cache() -> &'static Path {
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

fn entente_in(cache: &Path, data: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_entente"))
        .args(args)
        .env("ENTENTE_CACHE", cache)
        .env("ENTENTE_DATA", data)
        .env("NO_COLOR", "1")
        .output()
        .unwrap()
}

fn entente(args: &[&str]) -> Output {
    entente_in(shared_cache(), &data_root(), args)
}

fn stdout(o: &Output) -> String {
    assert!(
        o.status.success(),
        "failed: {}",
        String::from_utf8_lossy(&o.stderr)
    );
    String::from_utf8(o.stdout.clone()).unwrap()
}

fn csv_rows(text: &str) -> Vec<std::collections::HashMap<String, String>> {
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

#[test]
fn align_china_russia_csv() {
    let out = stdout(&entente(&["align", "China", "Russia", "--format", "csv"]));
    let rows = csv_rows(&out);
    assert_eq!(
        out.lines().next().unwrap(),
        "year,a,b,n_votes,agree,agree_half,s_abs,s_sq,kappa,pi"
    );
    let years: Vec<i32> = rows.iter().map(|r| r["year"].parse().unwrap()).collect();
    assert_eq!(years.first(), Some(&1971), "the PRC votes from 1971");
    assert!(years.contains(&2024));
    // Voeten session 72 (2017): 72 of 90 identical votes.
    let y2017 = rows.iter().find(|r| r["year"] == "2017").unwrap();
    assert_eq!(y2017["a"], "CHN");
    assert_eq!(y2017["b"], "RUS");
    let n: f64 = y2017["n_votes"].parse().unwrap();
    let agree: f64 = y2017["agree"].parse().unwrap();
    assert!((agree * n).round() as i64 > 0);
    for r in &rows {
        for m in ["agree", "agree_half"] {
            let v: f64 = r[m].parse().unwrap();
            assert!((0.0..=1.0).contains(&v));
        }
    }
}

#[test]
fn align_matches_voeten_for_session_40() {
    // Session 40 (1985): China–Russia agreement share published as 0.719178.
    let out = stdout(&entente(&[
        "align", "PRC", "USSR", "--year", "1985", "-m", "agree", "--format", "json",
    ]));
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    let agree = v[0]["agree"].as_f64().unwrap();
    assert!((agree - 0.719178).abs() < 1e-6, "{agree}");
}

#[test]
fn align_with_intervals_and_calendar_years() {
    let out = stdout(&entente(&[
        "align",
        "United States",
        "Russia",
        "--from",
        "2022",
        "--to",
        "2022",
        "--calendar",
        "--ci",
        "-m",
        "agree,kappa",
        "--format",
        "csv",
    ]));
    let rows = csv_rows(&out);
    assert_eq!(rows.len(), 1);
    let r = &rows[0];
    let (lo, est, hi): (f64, f64, f64) = (
        r["agree_lo"].parse().unwrap(),
        r["agree"].parse().unwrap(),
        r["agree_hi"].parse().unwrap(),
    );
    assert!(lo <= est && est <= hi, "{lo} {est} {hi}");
    // Same seed, same interval.
    let again = stdout(&entente(&[
        "align",
        "USA",
        "RUS",
        "--from",
        "2022",
        "--to",
        "2022",
        "--calendar",
        "--ci",
        "-m",
        "agree,kappa",
        "--format",
        "csv",
    ]));
    assert_eq!(out, again);
}

#[test]
fn security_council_is_a_second_body() {
    let out = stdout(&entente(&[
        "align", "China", "Russia", "--body", "sc", "--from", "2022", "--format", "csv",
    ]));
    let rows = csv_rows(&out);
    assert!(!rows.is_empty());
    assert!(
        rows.iter()
            .all(|r| r["n_votes"].parse::<u32>().unwrap() > 0)
    );
}

#[test]
fn table_output_cites_sources() {
    let out = stdout(&entente(&["align", "China", "Russia", "--from", "2020"]));
    assert!(out.contains("Source: UN Digital Library voting records"));
    assert!(out.contains("Year: UN session year"));
}

#[test]
fn unknown_country_exits_2_with_suggestion() {
    let o = entente(&["align", "China", "Rusia"]);
    assert_eq!(o.status.code(), Some(2));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        err.contains("unknown country 'Rusia' — did you mean Russia (RUS, COW 365)?"),
        "{err}"
    );
    let o = entente(&["countries", "Rusia"]);
    assert_eq!(o.status.code(), Some(2));
}

#[test]
fn bad_options_exit_2() {
    let o = entente(&["align", "China", "Russia", "--issue", "xx"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("unknown issue 'xx'"));
    let o = entente(&["align", "China", "Russia", "-m", "agre"]);
    assert_eq!(o.status.code(), Some(2));
    let o = entente(&["align", "China", "PRC"]);
    assert_eq!(o.status.code(), Some(2));
}

#[test]
fn countries_resolves_the_examples() {
    let out = stdout(&entente(&[
        "countries",
        "Russia",
        "Russian Federation",
        "USSR",
        "Soviet Union",
        "RUS",
        "365",
        "--format",
        "csv",
    ]));
    let rows = csv_rows(&out);
    assert_eq!(rows.len(), 6);
    assert!(
        rows.iter()
            .all(|r| r["ccode"] == "365" && r["iso3"] == "RUS")
    );
    assert!(rows[0]["note"].contains("USSR"));
    let out = stdout(&entente(&[
        "countries",
        "China",
        "PRC",
        "Taiwan",
        "ROC",
        "--format",
        "csv",
    ]));
    let cc: Vec<String> = csv_rows(&out).iter().map(|r| r["ccode"].clone()).collect();
    assert_eq!(cc, ["710", "710", "713", "713"]);
}

#[test]
fn matrix_writes_all_pairs_and_parquet() {
    let out = stdout(&entente(&[
        "matrix",
        "--year",
        "2021",
        "--measure",
        "kappa",
    ]));
    let rows = csv_rows(&out);
    assert!(rows.len() > 15_000, "{} pairs", rows.len());
    let cr = rows
        .iter()
        .find(|r| r["ccode_a"] == "365" && r["ccode_b"] == "710")
        .unwrap();
    let align = stdout(&entente(&[
        "align", "Russia", "China", "--year", "2021", "-m", "kappa", "--format", "csv",
    ]));
    assert_eq!(
        csv_rows(&align)[0]["kappa"],
        cr["kappa"],
        "matrix and align agree"
    );
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("m.parquet");
    let o = entente(&[
        "matrix",
        "--year",
        "2021",
        "--format",
        "parquet",
        "--out",
        file.to_str().unwrap(),
    ]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    assert!(std::fs::metadata(&file).unwrap().len() > 10_000);
}

#[test]
fn validate_reproduces_published_agreement() {
    let out = stdout(&entente(&["validate", "agreement", "--format", "csv"]));
    let rows = csv_rows(&out);
    let get = |name: &str, span: &str| {
        rows.iter()
            .find(|r| r["reference"] == name && r["sessions"] == span)
            .unwrap()
    };
    let voeten_span: f64 = get("all six", "1-72")["mean_abs_diff"].parse().unwrap();
    assert!(voeten_span < 0.01, "mean absolute difference {voeten_span}");
    let all: f64 = get("all six", "all")["mean_abs_diff"].parse().unwrap();
    assert!(all < 0.01, "mean absolute difference {all}");
    for s in ["40", "50", "70", "71", "72"] {
        let d: f64 = get("RUSSAgree of CHN", s)["max_abs_diff"].parse().unwrap();
        assert!(d < 1e-6, "session {s}: {d}");
    }
}

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

/// A copy of the data folder (symlinks) in which one file can be replaced.
fn data_copy() -> tempfile::TempDir {
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

fn current_generation(cache: &Path) -> String {
    std::fs::read_to_string(cache.join("unga/CURRENT")).unwrap()
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
    let leftovers = std::fs::read_dir(cache.path().join("unga"))
        .unwrap()
        .count();
    assert_eq!(leftovers, 2, "CURRENT and the live generation only");

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

#[test]
fn snapshot_align_csv() {
    let out = stdout(&entente(&[
        "align", "China", "Russia", "--from", "2015", "--to", "2024", "--format", "csv",
    ]));
    insta::assert_snapshot!(out);
}

#[test]
fn snapshot_align_table_with_intervals() {
    let out = stdout(&entente(&[
        "align",
        "USSR",
        "United States",
        "--from",
        "1985",
        "--to",
        "1992",
        "--ci",
        "-m",
        "agree,pi",
    ]));
    insta::assert_snapshot!(out);
}

#[test]
fn snapshot_countries() {
    let out = stdout(&entente(&[
        "countries",
        "USSR",
        "Burma",
        "CHINA",
        "Germany, Federal Republic of",
        "--format",
        "csv",
    ]));
    insta::assert_snapshot!(out);
}

#[test]
fn ideal_points_track_the_published_estimates() {
    let out = stdout(&entente(&["validate", "ideal", "--format", "csv"]));
    let rows = csv_rows(&out);
    let jun = rows
        .iter()
        .find(|r| r["reference"] == "Jun2024 IdealPointAll")
        .unwrap();
    let overall: f64 = jun["pearson_all"].parse().unwrap();
    let min_year: f64 = jun["min_year_pearson"].parse().unwrap();
    // Targets: 0.97 over all state-years, 0.90 in every year with 50+ voting states.
    assert!(overall >= 0.97, "overall {overall}");
    assert!(min_year >= 0.90, "min per-year {min_year}");
    for r in &rows {
        let o: f64 = r["pearson_all"].parse().unwrap();
        let m: f64 = r["min_year_pearson"].parse().unwrap();
        assert!(o >= 0.97 && m >= 0.90, "{r:?}");
    }
    assert!(jun["n"].parse::<u32>().unwrap() > 11_000);
}

#[test]
fn ideal_points_side_by_side() {
    let out = stdout(&entente(&[
        "ideal",
        "China",
        "Russia",
        "United States",
        "--from",
        "2010",
        "--format",
        "csv",
    ]));
    let rows = csv_rows(&out);
    assert_eq!(rows.len(), 16, "2010–2025");
    for r in &rows {
        let (chn, usa): (f64, f64) = (r["CHN"].parse().unwrap(), r["USA"].parse().unwrap());
        assert!(usa > 1.0 && chn < 0.0, "{r:?}");
        let (lo, hi): (f64, f64) = (r["CHN_q05"].parse().unwrap(), r["CHN_q95"].parse().unwrap());
        assert!(lo < chn && chn < hi);
    }
    let o = entente(&["ideal", "--sigma", "-1"]);
    assert_eq!(o.status.code(), Some(2));
}

#[test]
fn ideal_distance_in_align_matches_ideal_points() {
    let ideal = stdout(&entente(&[
        "ideal", "China", "Russia", "--year", "2019", "--format", "csv",
    ]));
    let r = &csv_rows(&ideal)[0];
    let (c, ru): (f64, f64) = (r["CHN"].parse().unwrap(), r["RUS"].parse().unwrap());
    let align = stdout(&entente(&[
        "align",
        "China",
        "Russia",
        "--year",
        "2019",
        "-m",
        "agree,ideal_distance",
        "--ci",
        "--format",
        "csv",
    ]));
    let a = &csv_rows(&align)[0];
    let d: f64 = a["ideal_distance"].parse().unwrap();
    assert!((d - (c - ru).abs()).abs() < 1e-9, "{d} vs |{c} - {ru}|");
    let (lo, hi): (f64, f64) = (
        a["ideal_distance_lo"].parse().unwrap(),
        a["ideal_distance_hi"].parse().unwrap(),
    );
    assert!(lo <= d && d <= hi);
    // The second call read the cache.
    let table = stdout(&entente(&["ideal", "China", "--year", "2019"]));
    assert!(table.contains("from the cache"), "{table}");
    // A per-year measure: no --span.
    let o = entente(&["matrix", "--year", "2019", "-m", "ideal_distance", "--span"]);
    assert_eq!(o.status.code(), Some(2));
}

#[test]
fn since_places_a_year_in_the_series() {
    let out = stdout(&entente(&[
        "since",
        "China",
        "Russia",
        "--year",
        "2019",
        "-m",
        "agree,kappa",
        "--format",
        "csv",
    ]));
    let rows = csv_rows(&out);
    assert_eq!(rows.len(), 2);
    let kappa = rows.iter().find(|r| r["measure"] == "kappa").unwrap();
    // κ 2019 (0.712) is the highest of the series from 1971, but its interval overlaps 2018's.
    assert_eq!(kappa["highest_since"], "");
    assert_eq!(kappa["highest_within_noise"], "2018");
    assert_eq!(kappa["first_year"], "1971");
    let agree = rows.iter().find(|r| r["measure"] == "agree").unwrap();
    assert_eq!(
        agree["highest_since"], "2017",
        "2017 (0.800) is the last year at least as high as 2019 (0.793)"
    );
    let table = stdout(&entente(&[
        "since", "China", "Russia", "--year", "2019", "-m", "kappa",
    ]));
    assert!(
        table.contains(
            "the highest since the series begins (1971); with the intervals, not clearly above 2018"
        ),
        "{table}"
    );
    assert_eq!(
        entente(&["since", "China", "Russia"]).status.code(),
        Some(2)
    );
}

#[test]
fn triangle_timeline() {
    let out = stdout(&entente(&[
        "triangle",
        "United States",
        "China",
        "Russia",
        "--from",
        "2017",
        "--to",
        "2021",
        "--format",
        "csv",
    ]));
    let rows = csv_rows(&out);
    assert_eq!(rows.len(), 5);
    for r in &rows {
        let (ab, bc, base): (f64, f64, f64) = (
            r["usa_chn"].parse().unwrap(),
            r["chn_rus"].parse().unwrap(),
            r["baseline"].parse().unwrap(),
        );
        let expected = match (ab > base, bc > base) {
            (false, true) => "stable marriage",
            (false, false) => "unit veto",
            _ => "other",
        };
        assert_eq!(r["configuration"], expected, "{r:?}");
        if expected == "stable marriage" {
            assert_eq!(r["pivot_or_couple"], "CHN+RUS");
        }
        let s: f64 = r["stability"].parse().unwrap();
        assert!((0.0..=1.0).contains(&s));
    }
    assert_eq!(
        entente(&["triangle", "USA", "China", "PRC"]).status.code(),
        Some(2)
    );
}

/// Blocs of one year as (label → members).
fn bloc_members(args: &[&str]) -> Vec<(String, String, Vec<String>)> {
    let mut full = vec!["blocs", "--format", "csv"];
    full.extend_from_slice(args);
    csv_rows(&stdout(&entente(&full)))
        .into_iter()
        .map(|r| {
            (
                r["year"].clone(),
                r["bloc"].clone(),
                r["members"].split(' ').map(str::to_string).collect(),
            )
        })
        .collect()
}

#[test]
fn blocs_of_2021_and_their_numbers() {
    let out = stdout(&entente(&[
        "blocs", "--year", "2021", "--reps", "20", "--format", "csv",
    ]));
    let rows = csv_rows(&out);
    assert!(rows.len() >= 2, "{out}");
    let bloc_of = |c: &str| {
        rows.iter()
            .find(|r| r["members"].split(' ').any(|m| m == c))
            .map(|r| r["bloc"].clone())
            .unwrap_or_else(|| panic!("{c} in no bloc"))
    };
    assert_eq!(bloc_of("USA"), bloc_of("GBR"));
    assert_eq!(bloc_of("CHN"), bloc_of("RUS"));
    assert_ne!(bloc_of("USA"), bloc_of("CHN"));
    // Every state once; sizes add up.
    let mut all: Vec<&str> = rows.iter().flat_map(|r| r["members"].split(' ')).collect();
    let total: usize = rows
        .iter()
        .map(|r| r["size"].parse::<usize>().unwrap())
        .sum();
    assert_eq!(all.len(), total);
    all.sort_unstable();
    all.dedup();
    assert_eq!(all.len(), total, "a state in two blocs");
    for r in &rows {
        let s: f64 = r["stability"].parse().unwrap();
        assert!((0.0..=1.0).contains(&s), "{r:?}");
    }
    // Cohesion is the mean agreement of the bloc's pairs in `entente matrix`.
    let matrix = csv_rows(&stdout(&entente(&[
        "matrix",
        "--year",
        "2021",
        "--measure",
        "agree",
    ])));
    for r in &rows {
        let members: std::collections::HashSet<&str> = r["members"].split(' ').collect();
        let inside: Vec<f64> = matrix
            .iter()
            .filter(|m| members.contains(m["a"].as_str()) && members.contains(m["b"].as_str()))
            .filter_map(|m| m["agree"].parse().ok())
            .collect();
        let mean = inside.iter().sum::<f64>() / inside.len() as f64;
        let cohesion: f64 = r["cohesion"].parse().unwrap();
        assert!((mean - cohesion).abs() < 1e-9, "{mean} vs {cohesion}");
    }
}

#[test]
fn bloc_labels_do_not_depend_on_the_years_asked_for() {
    let one = bloc_members(&["--year", "2021", "--reps", "0"]);
    let span = bloc_members(&["--from", "2019", "--to", "2021", "--reps", "0"]);
    let in_span: Vec<_> = span.into_iter().filter(|r| r.0 == "2021").collect();
    assert_eq!(one, in_span);
    // By state: one row per state, carrying its bloc's label.
    let states = csv_rows(&stdout(&entente(&[
        "blocs", "--year", "2021", "--reps", "0", "--by", "state", "--format", "csv",
    ])));
    let total: usize = one.iter().map(|r| r.2.len()).sum();
    assert_eq!(states.len(), total);
    let usa = states.iter().find(|r| r["iso3"] == "USA").unwrap();
    let usa_bloc = one.iter().find(|r| r.2.iter().any(|m| m == "USA")).unwrap();
    assert_eq!(usa["bloc"], usa_bloc.1);
}

#[test]
fn breaks_find_the_1991_turn_in_china_russia() {
    let out = stdout(&entente(&[
        "breaks", "China", "Russia", "--reps", "50", "--format", "csv",
    ]));
    let rows = csv_rows(&out);
    let b1991 = rows
        .iter()
        .find(|r| r["year"] == "1991")
        .unwrap_or_else(|| panic!("no 1991 break: {out}"));
    let shift: f64 = b1991["shift"].parse().unwrap();
    let conf: f64 = b1991["confidence"].parse().unwrap();
    assert!(shift < -0.2 && conf >= 0.9, "{b1991:?}");
    let (lo, hi): (f64, f64) = (
        b1991["shift_lo"].parse().unwrap(),
        b1991["shift_hi"].parse().unwrap(),
    );
    assert!(lo <= shift && shift <= hi && hi < 0.0);
    // The series view: segment means change exactly at the breaks and equal them.
    let series = csv_rows(&stdout(&entente(&[
        "breaks", "China", "Russia", "--series", "--reps", "0", "--format", "csv",
    ])));
    let breaks: Vec<&str> = rows.iter().map(|r| r["year"].as_str()).collect();
    for w in series.windows(2) {
        let changed = w[0]["segment_mean"] != w[1]["segment_mean"];
        assert_eq!(changed, breaks.contains(&w[1]["year"].as_str()), "{w:?}");
        assert_eq!(w[1]["break"] == "yes", changed);
    }
    let after_1991: f64 = series.iter().find(|r| r["year"] == "1992").unwrap()["segment_mean"]
        .parse()
        .unwrap();
    assert!((after_1991 - b1991["after"].parse::<f64>().unwrap()).abs() < 1e-9);
    // 1964 (one recorded vote) is left out of series under the default --min-votes 10.
    let usa_rus = csv_rows(&stdout(&entente(&[
        "breaks", "USA", "Russia", "--series", "--reps", "0", "--to", "1970", "--format", "csv",
    ])));
    let years: Vec<&str> = usa_rus.iter().map(|r| r["year"].as_str()).collect();
    assert!(years.contains(&"1963") && !years.contains(&"1964") && years.contains(&"1965"));
}

#[test]
fn breaks_for_all_pairs_equal_the_single_pair_answer() {
    let args = [
        "--from", "1980", "--to", "2005", "--reps", "20", "--format", "csv",
    ];
    let mut all_args = vec!["breaks", "--all"];
    all_args.extend_from_slice(&args);
    let all = csv_rows(&stdout(&entente(&all_args)));
    assert!(all.len() > 1000, "{} breaks", all.len());
    let mut one_args = vec!["breaks", "Russia", "China"];
    one_args.extend_from_slice(&args);
    let one = csv_rows(&stdout(&entente(&one_args)));
    assert!(!one.is_empty());
    let from_all: Vec<_> = all
        .into_iter()
        .filter(|r| r["ccode_a"] == "365" && r["ccode_b"] == "710")
        .collect();
    assert_eq!(one, from_all);
}

#[test]
fn drift_of_russia_2013_to_2021() {
    let rows = csv_rows(&stdout(&entente(&[
        "drift", "Russia", "--from", "2013", "--to", "2021", "--reps", "50", "--format", "csv",
    ])));
    assert!(rows.len() > 150);
    let mut last = f64::INFINITY;
    for r in &rows {
        let (a, b, c): (f64, f64, f64) = (
            r["agree_2013"].parse().unwrap(),
            r["agree_2021"].parse().unwrap(),
            r["change"].parse().unwrap(),
        );
        assert!((b - a - c).abs() < 1e-12);
        assert!(c <= last, "sorted by change");
        last = c;
        let (lo, hi): (f64, f64) = (
            r["change_lo"].parse().unwrap(),
            r["change_hi"].parse().unwrap(),
        );
        let expected = if lo > 0.0 {
            "toward"
        } else if hi < 0.0 {
            "away"
        } else {
            "within noise"
        };
        assert_eq!(r["moved"], expected);
        assert!(r["n_2013"].parse::<u32>().unwrap() >= 20);
    }
    // Ranks are 1..n among partners with enough votes; China is among them.
    let chn = rows.iter().find(|r| r["partner"] == "CHN").expect("CHN");
    assert!(chn["rank_2021"].parse::<usize>().unwrap() <= 10, "{chn:?}");
    // --top keeps the N largest moves each way.
    let top = csv_rows(&stdout(&entente(&[
        "drift", "Russia", "--from", "2013", "--to", "2021", "--top", "3", "--reps", "0",
        "--format", "csv",
    ])));
    assert_eq!(top.len(), 6);
    assert_eq!(top[0]["partner"], rows[0]["partner"]);
    assert_eq!(top[5]["partner"], rows[rows.len() - 1]["partner"]);
}

#[test]
fn system_commands_reject_bad_input() {
    for args in [
        vec!["breaks", "China"],
        vec!["breaks", "China", "Russia", "--all"],
        vec!["breaks", "China", "Russia", "--penalty", "lots"],
        vec!["breaks", "China", "Russia", "--measure", "agree,kappa"],
        vec!["blocs", "--year", "2021", "--resolution", "0"],
        vec!["blocs", "--year", "1900"],
        vec!["drift", "Russia", "--from", "2013"],
        vec!["drift", "Rusia", "--from", "2013", "--to", "2021"],
        vec!["drift", "Kazakhstan", "--from", "1950", "--to", "2021"],
    ] {
        let out = entente(&args);
        assert_eq!(
            out.status.code(),
            Some(2),
            "{args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        assert!(!String::from_utf8_lossy(&out.stderr).contains("panicked"));
    }
}

#[test]
fn ideal_distance_networks_in_matrix_and_triangle() {
    // The matrix's ideal_distance equals align's for the same pair-year.
    let m = csv_rows(&stdout(&entente(&[
        "matrix",
        "--year",
        "2021",
        "--measure",
        "agree,ideal_distance",
    ])));
    let chn_rus = m
        .iter()
        .find(|r| r["a"] == "RUS" && r["b"] == "CHN")
        .expect("RUS–CHN");
    let a = csv_rows(&stdout(&entente(&[
        "align",
        "China",
        "Russia",
        "--year",
        "2021",
        "--measure",
        "agree,ideal_distance",
        "--format",
        "csv",
    ])));
    assert_eq!(chn_rus["ideal_distance"], a[0]["ideal_distance"]);
    assert_eq!(chn_rus["agree"], a[0]["agree"]);
    // Triangle on distances: a dyad is positive when below the year's median distance.
    let t = csv_rows(&stdout(&entente(&[
        "triangle",
        "USA",
        "CHN",
        "RUS",
        "--measure",
        "ideal_distance",
        "--from",
        "2015",
        "--to",
        "2021",
        "--format",
        "csv",
    ])));
    assert_eq!(t.len(), 7);
    for r in &t {
        let base: f64 = r["baseline"].parse().unwrap();
        let closer = |k: &str| r[k].parse::<f64>().unwrap() < base;
        let expected = match (closer("usa_chn"), closer("usa_rus"), closer("chn_rus")) {
            (false, false, true) => "stable marriage",
            (false, false, false) => "unit veto",
            _ => "other",
        };
        assert_eq!(r["configuration"], expected, "{r:?}");
        assert_eq!(r["stability"], "");
    }
}

fn example(name: &str) -> String {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../examples/forecast")
        .join(name)
        .display()
        .to_string()
}

#[test]
fn forecast_the_ec_case_round_by_round() {
    let ec = example("ec_emissions_1994.toml");
    let rows = csv_rows(&stdout(&entente(&["forecast", &ec, "--format", "csv"])));
    // Round 0 is the input; the weighted mean and median voter are computed on it.
    assert_eq!(rows[0]["round"], "0");
    assert_eq!(rows[0]["Germany"], "4");
    let mean0: f64 = rows[0]["mean"].parse().unwrap();
    assert!((mean0 - 5.003 / 0.677).abs() < 1e-9);
    assert_eq!(rows[0]["median"], "7");
    assert!(rows.len() >= 2 && rows.len() <= 11);
    // The offers view: every accepted offer's proposal is the receiver's next position.
    let offers = csv_rows(&stdout(&entente(&[
        "forecast", &ec, "--show", "offers", "--format", "csv",
    ])));
    assert!(!offers.is_empty());
    for o in offers.iter().filter(|o| o["accepted"] == "yes") {
        let round: usize = o["round"].parse().unwrap();
        let next = &rows[round][&o["to"]];
        let (p, n): (f64, f64) = (o["proposed"].parse().unwrap(), next.parse().unwrap());
        assert!((p - n).abs() < 1e-9, "{o:?}");
        assert!(["conflict", "compromise", "capitulation"].contains(&o["outcome"].as_str()));
        assert!(o["eu_from"].parse::<f64>().unwrap() > 0.0);
    }
    // The two probability normalisations give different paths.
    let code = csv_rows(&stdout(&entente(&[
        "forecast",
        &ec,
        "--replicate",
        "scholz-code",
        "--format",
        "csv",
    ])));
    assert_ne!(rows[1], code[1]);
}

#[test]
fn forecast_monte_carlo_and_data_driven_capabilities() {
    let uk = example("ukraine_settlement.toml");
    let args = [
        "forecast",
        &uk,
        "--capability",
        "cinc:2016",
        "--mc",
        "500",
        "--format",
        "csv",
    ];
    let a = stdout(&entente(&args));
    assert_eq!(a, stdout(&entente(&args)), "seeded");
    let rows = csv_rows(&a);
    assert_eq!(rows.len(), 2 + 20);
    for r in &rows {
        let q: Vec<f64> = ["q05", "q25", "q50", "q75", "q95"]
            .iter()
            .map(|k| r[*k].parse().unwrap())
            .collect();
        assert!(q.windows(2).all(|w| w[0] <= w[1]), "{r:?}");
        assert!(q[0] >= 0.0 && q[4] <= 100.0);
    }
    let hist = csv_rows(&stdout(&entente(&[
        "forecast",
        &uk,
        "--capability",
        "cinc:2016",
        "--mc",
        "500",
        "--show",
        "histogram",
        "--format",
        "csv",
    ])));
    assert_eq!(hist.len(), 20);
    assert_eq!(
        hist.iter()
            .map(|h| h["runs"].parse::<usize>().unwrap())
            .sum::<usize>(),
        500
    );
    // CINC 2016 fills the capabilities: the summary shows China's.
    let summary = csv_rows(&stdout(&entente(&[
        "forecast",
        &uk,
        "--capability",
        "cinc:2016",
        "--show",
        "summary",
        "--format",
        "csv",
    ])));
    let chn = summary.iter().find(|r| r["actor"] == "China").unwrap();
    let c: f64 = chn["capability"].parse().unwrap();
    assert!(c > 0.15 && c < 0.3, "CINC China 2016: {c}");
    // Positions from ideal points through the stated linear map.
    let mapped = csv_rows(&stdout(&entente(&[
        "forecast",
        &uk,
        "--capability",
        "cinc:2016",
        "--position",
        "ideal:2021:-4=0,4=100",
        "--show",
        "summary",
        "--format",
        "csv",
    ])));
    let ideal = csv_rows(&stdout(&entente(&[
        "ideal", "China", "--year", "2021", "--format", "csv",
    ])));
    let theta: f64 = ideal[0]["CHN"].parse().unwrap();
    let chn = mapped.iter().find(|r| r["actor"] == "China").unwrap();
    let x: f64 = chn["position"].parse().unwrap();
    assert!((x - (theta + 4.0) * 12.5).abs() < 1e-9, "{x} vs θ {theta}");
    let bad = entente(&[
        "forecast",
        &uk,
        "--capability",
        "cinc:2016",
        "--position",
        "ideal:2021",
    ]);
    assert_eq!(bad.status.code(), Some(2));
}

#[test]
fn forecast_rejects_bad_scenarios_and_options() {
    let dir = tempfile::tempdir().unwrap();
    let bad = dir.path().join("bad.csv");
    std::fs::write(
        &bad,
        "Actor,Capability,Position,Salience\nA,1,10,0.5\nB,1,20,7\n",
    )
    .unwrap();
    let ec = example("ec_emissions_1994.toml");
    let bad = bad.display().to_string();
    for args in [
        vec!["forecast", bad.as_str()],
        vec!["forecast", "/nonexistent/scenario.toml"],
        vec!["forecast", ec.as_str(), "--q", "2"],
        vec!["forecast", ec.as_str(), "--rounds", "0"],
        vec!["forecast", ec.as_str(), "--capability", "gdp:2016"],
        vec!["forecast", ec.as_str(), "--capability", "cinc:1700"],
        vec!["forecast", ec.as_str(), "--show", "histogram"],
    ] {
        let out = entente(&args);
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {err}");
        assert!(!err.contains("panicked"));
    }
    let out = entente(&["forecast", &bad]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("bad.csv") && err.contains("salience"), "{err}");
}

/// The brief's outline: sections, their blocks, tables with their columns.
fn outline(brief: &entente_report::model::Brief) -> String {
    use entente_report::model::Block;
    let mut out = format!("# {}\n", brief.title);
    for s in &brief.sections {
        out.push_str(&format!("## {} ({})\n", s.title, s.id));
        for b in &s.blocks {
            out.push_str(&match b {
                Block::Paragraph { sentences } => {
                    format!("- paragraph: {} sentences\n", sentences.len())
                }
                Block::Chart(c) => format!("- chart {}: {} series\n", c.id, c.series.len()),
                Block::Table(t) => format!("- table {}: {}\n", t.id, t.columns.join(" | ")),
                Block::List { items } => format!("- list: {} items\n", items.len()),
            });
        }
    }
    out
}

#[test]
fn brief_on_the_real_data() {
    let args = [
        "brief",
        "China",
        "Russia",
        "--from",
        "1991",
        "--to",
        "2021",
        "--with",
        "United States",
        "--reps",
        "200",
        "--format",
        "json",
    ];
    let json = stdout(&entente(&args));
    assert_eq!(json, stdout(&entente(&args)), "deterministic");
    let brief: entente_report::model::Brief = serde_json::from_str(&json).unwrap();
    // Every number in the text is in the table the sentence links to.
    assert_eq!(brief.unmatched_numbers(), Vec::<String>::new());
    insta::assert_snapshot!(outline(&brief));
    // The numbers are entente's: the alignment table's 2021 row equals `entente align`.
    let align = csv_rows(&stdout(&entente(&[
        "align",
        "China",
        "Russia",
        "--year",
        "2021",
        "--measure",
        "agree,kappa",
        "--format",
        "csv",
    ])));
    let table = brief.tables().find(|t| t.id == "table-alignment").unwrap();
    let row = table.rows.iter().find(|r| r[0] == "2021").unwrap();
    let agree: f64 = align[0]["agree"].parse().unwrap();
    assert_eq!(row[2], format!("{agree:.3}"));
    assert_eq!(row[1], align[0]["n_votes"]);
    // The HTML needs nothing from the network.
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("brief.html");
    let o = entente(&[
        "brief",
        "China",
        "Russia",
        "--from",
        "1991",
        "--to",
        "2021",
        "--reps",
        "200",
        "--out",
        out.to_str().unwrap(),
    ]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let html = std::fs::read_to_string(&out).unwrap();
    assert!(html.starts_with("<!DOCTYPE html>"));
    assert!(!html.contains("<script") && !html.contains("src=\"http") && !html.contains("<link"));
    assert!(html.contains("<svg") && html.contains("id=\"table-alignment\""));
}

#[test]
fn brief_with_a_forecast_and_bad_input() {
    let uk = example("ukraine_settlement.toml");
    let md = stdout(&entente(&[
        "brief",
        "China",
        "Russia",
        "--scenario",
        &uk,
        "--capability",
        "cinc:2016",
        "--mc",
        "200",
        "--reps",
        "100",
        "--format",
        "md",
    ]));
    assert!(md.contains("## Forecast"), "{md}");
    assert!(md.contains("Monte Carlo (200 runs)"));
    for args in [
        vec!["brief", "China", "China"],
        vec!["brief", "China", "Rusia"],
        vec!["brief", "China", "Russia", "--from", "2030"],
        vec!["brief", "China", "Russia", "--to", "1960"],
        vec![
            "brief",
            "China",
            "Russia",
            "--scenario",
            "/nonexistent.toml",
        ],
    ] {
        let out = entente(&args);
        assert_eq!(
            out.status.code(),
            Some(2),
            "{args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
}

/// A minimal HTTP/1.1 request to the test server: (status, body).
fn http(port: u16, method: &str, path: &str, body: &str) -> (u16, String) {
    use std::io::{Read, Write};
    let mut s = std::net::TcpStream::connect(("127.0.0.1", port)).unwrap();
    s.set_read_timeout(Some(std::time::Duration::from_secs(60)))
        .unwrap();
    write!(
        s,
        "{method} {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\nContent-Type: application/json\r\nContent-Length: {}\r\n\r\n{body}",
        body.len()
    )
    .unwrap();
    let mut out = String::new();
    s.read_to_string(&mut out).unwrap();
    let status = out[9..12].parse().unwrap();
    let body = out.split_once("\r\n\r\n").map_or("", |x| x.1).to_string();
    (status, body)
}

#[test]
fn dashboard_api_validates_and_answers() {
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let mut child = Command::new(env!("CARGO_BIN_EXE_entente"))
        .args(["serve", "--port", &port.to_string()])
        .env("ENTENTE_CACHE", shared_cache())
        .env("ENTENTE_DATA", data_root())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    // Wait for the server (it loads votes and ideal points first).
    let up = (0..600).any(|_| {
        std::thread::sleep(std::time::Duration::from_millis(100));
        std::net::TcpStream::connect(("127.0.0.1", port)).is_ok()
    });
    let result = std::panic::catch_unwind(|| {
        assert!(up, "server did not start");
        let (st, body) = http(
            port,
            "GET",
            "/api/dyad?a=China&b=Russia&from=2019&to=2021&reps=50",
            "",
        );
        assert_eq!(st, 200, "{body}");
        let d: serde_json::Value = serde_json::from_str(&body).unwrap();
        assert_eq!(d["years"].as_array().unwrap().len(), 3);
        assert_eq!(d["a"]["code"], "CHN");
        // The same numbers as `entente align`.
        let align = csv_rows(&stdout(&entente(&[
            "align", "China", "Russia", "--year", "2021", "-m", "agree", "--format", "csv",
        ])));
        let agree: f64 = align[0]["agree"].parse().unwrap();
        assert!((d["years"][2]["agree"].as_f64().unwrap() - agree).abs() < 1e-12);
        // The index: the same numbers as `entente profile` with the same replicates.
        let (st, body) = http(
            port,
            "GET",
            "/api/profile?a=China&b=Russia&from=2013&to=2014&reps=30",
            "",
        );
        assert_eq!(st, 200, "{body}");
        let p: serde_json::Value = serde_json::from_str(&body).unwrap();
        let cli = profile(&[
            "China", "Russia", "--from", "2013", "--to", "2014", "--reps", "30",
        ]);
        for (k, row) in cli.iter().enumerate() {
            for c in ["index", "index_lo", "index_hi", "coverage"] {
                let api = p["years"][k][c].as_f64().unwrap();
                assert!(
                    (api - num(&row[c]).unwrap()).abs() < 1e-12,
                    "{c}: {api} vs {row:?}"
                );
            }
        }
        assert_eq!(p["contributions"]["year"], 2014);
        let (st, body) = http(
            port,
            "GET",
            "/api/events?a=China&b=Russia&weight=mentions&dedup=1",
            "",
        );
        assert_eq!(st, 200, "{body}");
        let e: serde_json::Value = serde_json::from_str(&body).unwrap();
        assert_eq!(e["files"], 0, "the shared cache has no event files");
        for (path, needle) in [
            (
                "/api/events?a=China&b=Russia&weight=tone",
                "'weight' must be",
            ),
            ("/api/events?a=China&b=Russia&by=week", "'by' must be"),
            (
                "/api/profile?a=China&b=Russia&from=2030",
                "covers 1946–2022",
            ),
            ("/api/dyad?a=Rusia&b=China", "did you mean Russia"),
            ("/api/dyad?a=China&b=China", "same state"),
            ("/api/dyad?a=China", "missing parameter 'b'"),
            ("/api/dyad?a=China&b=Russia&reps=100000", "from 0 to 1000"),
            (
                "/api/dyad?a=China&b=Russia&from=1200",
                "between 1946 and 2100",
            ),
            ("/api/dyad?a=China&b=Russia&from=2020&to=2010", "after"),
            ("/api/matrix?year=2021&measure=bogus", "unknown measure"),
            ("/api/evidence?a=CHN&b=RUS", "missing parameter 'year'"),
            ("/api/triangle?a=USA&b=CHN&c=USA", "different"),
        ] {
            let (st, body) = http(port, "GET", path, "");
            assert_eq!(st, 400, "{path}: {body}");
            assert!(body.contains(needle), "{path}: {body}");
        }
        let (st, body) = http(
            port,
            "POST",
            "/api/forecast",
            r#"{"actors":[{"name":"a","capability":1,"position":0,"salience":1}],"mc":10}"#,
        );
        assert_eq!(st, 400, "{body}");
        let (st, body) = http(
            port,
            "POST",
            "/api/forecast",
            r#"{"actors":[{"name":"a","capability":1,"position":0,"salience":1},{"name":"b","capability":1,"position":10,"salience":0.5}],"mc":999999}"#,
        );
        assert!(st == 400 && body.contains("at most"), "{body}");
        let (st, _) = http(port, "POST", "/api/forecast", "not json");
        assert_eq!(st, 400);
        let (st, body) = http(
            port,
            "POST",
            "/api/forecast",
            r#"{"actors":[{"name":"a","capability":1,"position":0,"salience":1},{"name":"b","capability":0.5,"position":10,"salience":0.5}],"mc":100}"#,
        );
        assert_eq!(st, 200, "{body}");
        // No file paths: only the embedded assets are served.
        for path in [
            "/../../etc/passwd",
            "/vendor/../Cargo.toml",
            "/assets/app.js",
        ] {
            assert_eq!(http(port, "GET", path, "").0, 404, "{path}");
        }
        let (st, page) = http(port, "GET", "/dyad", "");
        assert!(st == 200 && page.contains("/vendor/vega-lite.min.js"));
    });
    let _ = child.kill();
    let _ = child.wait();
    if let Err(e) = result {
        std::panic::resume_unwind(e);
    }
}

fn ex_1969() -> Vec<std::collections::HashMap<String, String>> {
    csv_rows(&stdout(&entente(&[
        "ties", "China", "Russia", "--year", "1969", "--format", "csv",
    ])))
}

#[test]
fn ties_show_the_evidence() {
    let rows = csv_rows(&stdout(&entente(&[
        "ties", "China", "Russia", "--year", "2015", "--format", "csv",
    ])));
    let alliance: Vec<_> = rows
        .iter()
        .filter(|r| r["evidence"] == "alliance")
        .collect();
    assert_eq!(alliance.len(), 2);
    assert!(
        alliance
            .iter()
            .all(|r| r["item"] == "non-aggression, consultation")
    );
    let volume = rows
        .iter()
        .find(|r| r["evidence"] == "arms volume" && r["direction"] == "RUS→CHN")
        .unwrap();
    assert_eq!(volume["value"], "755");
    let s400 = rows
        .iter()
        .find(|r| r["item"] == "S-400 Triumf")
        .expect("S-400 deal");
    assert_eq!(
        (
            s400["direction"].as_str(),
            s400["year"].as_str(),
            s400["value"].as_str()
        ),
        ("RUS→CHN", "2015", "520")
    );
    assert!(s400["source"].ends_with("line 4780"), "{s400:?}");
    // Exercises by name, 1980–2010; outside the coverage a note, not zeros.
    let ex = csv_rows(&stdout(&entente(&[
        "ties", "China", "Russia", "--from", "2005", "--to", "2010", "--format", "csv",
    ])));
    assert!(
        ex.iter()
            .any(|r| r["evidence"] == "exercise" && r["item"].contains("Peace Mission"))
    );
    let trade: Vec<_> = rows.iter().filter(|r| r["evidence"] == "trade").collect();
    assert_eq!(trade.len(), 2);
    let finance = rows
        .iter()
        .find(|r| r["evidence"] == "finance")
        .expect("AidData row");
    assert_eq!(finance["direction"], "CHN→RUS");
    // The 1969 border clashes: MID 349, use of force.
    let mid = ex_1969();
    assert!(
        mid.iter().any(|r| r["evidence"] == "dispute"
            && r["item"] == "MID 349"
            && r["detail"].contains("use of force (4)")),
        "{mid:?}"
    );
    let late = stdout(&entente(&["ties", "China", "Russia", "--year", "2020"]));
    assert!(late.contains("ATOP alliances run 1815–2018"), "{late}");
    assert!(late.contains("COW MID disputes run 1816–2014"), "{late}");
    assert!(
        !late.contains("alliance     "),
        "no alliance rows after ATOP's coverage"
    );
    assert_eq!(entente(&["ties", "China", "Russia"]).status.code(), Some(2));
}

#[test]
fn ties_show_sanctions_alliances_and_exercises_by_name() {
    // The EU's sanctions on Russia reach Germany through its membership in 2015.
    let rows = csv_rows(&stdout(&entente(&[
        "ties", "Germany", "Russia", "--year", "2015", "--format", "csv",
    ])));
    let eu = rows
        .iter()
        .find(|r| r["evidence"] == "sanction" && r["detail"].starts_with("case 1000:"))
        .expect("GSDB case 1000");
    assert_eq!(eu["direction"], "DEU→RUS");
    assert!(eu["item"].contains("financial") && eu["source"].starts_with("GSDB v3, line"));
    // Western sanctions on Russia begin in 2014 (none of the 2014 cases before).
    let us = |y: &str| {
        csv_rows(&stdout(&entente(&[
            "ties",
            "United States",
            "Russia",
            "--year",
            y,
            "--format",
            "csv",
        ])))
        .into_iter()
        .filter(|r| r["evidence"] == "sanction" && r["direction"] == "USA→RUS")
        .count()
    };
    assert!(us("2014") > us("2013"), "{} vs {}", us("2014"), us("2013"));
    // COW alliances and IGO co-memberships; JME exercises by name.
    let cr = csv_rows(&stdout(&entente(&[
        "ties", "China", "Russia", "--from", "1955", "--to", "2005", "--format", "csv",
    ])));
    assert!(cr.iter().any(|r| r["source"] == "COW alliances v4.1"
        && r["year"] == "1955"
        && r["item"] == "defense pact"));
    assert!(
        cr.iter()
            .any(|r| r["evidence"] == "igo" && r["year"] == "2005")
    );
    assert!(cr.iter().any(|r| r["evidence"] == "exercise"
        && r["source"].starts_with("JME v3")
        && r["item"] == "Peace Mission 2005"));
}

fn profile(args: &[&str]) -> Vec<std::collections::HashMap<String, String>> {
    let mut all = vec!["profile"];
    all.extend_from_slice(args);
    all.extend_from_slice(&["--format", "csv"]);
    csv_rows(&stdout(&entente(&all)))
}

fn num(s: &str) -> Option<f64> {
    (!s.is_empty()).then(|| s.parse().unwrap())
}

#[test]
fn profile_index_is_bounded_symmetric_explained_and_honest_about_coverage() {
    let ab = profile(&[
        "China", "Russia", "--from", "2000", "--to", "2021", "--reps", "50",
    ]);
    let ba = profile(&[
        "Russia", "China", "--from", "2000", "--to", "2021", "--reps", "50",
    ]);
    assert_eq!(ab.len(), 22);
    for (x, y) in ab.iter().zip(&ba) {
        for c in [
            "index",
            "index_lo",
            "index_hi",
            "diplomatic",
            "military",
            "economic",
            "events",
            "coverage",
        ] {
            assert_eq!(
                x[c], y[c],
                "{c} in {}: order of the pair changed it",
                x["year"]
            );
        }
        if let (Some(i), Some(lo), Some(hi)) =
            (num(&x["index"]), num(&x["index_lo"]), num(&x["index_hi"]))
        {
            assert!(
                (-1.0..=1.0).contains(&i) && lo <= i + 1e-9 && i <= hi + 1e-9,
                "{x:?}"
            );
        }
    }
    let year = |rows: &[std::collections::HashMap<String, String>], y: &str| {
        rows.iter().find(|r| r["year"] == y).unwrap().clone()
    };
    // Every indicator present in 2002–2010; in 2021 ATOP, DOTS, MIDs, IGOs and ICEWS
    // have ended: missing, listed, and the index withheld below the minimum coverage.
    assert_eq!(year(&ab, "2005")["coverage"], "1");
    let y2021 = year(&ab, "2021");
    assert!(
        y2021["missing"].contains("trade_volume")
            && y2021["missing"].contains("alliance_obligations")
    );
    assert_eq!(y2021["index"], "");
    // Contributions sum to the index.
    let contrib = profile(&[
        "China",
        "Russia",
        "--year",
        "2014",
        "--show",
        "contributions",
        "--reps",
        "0",
    ]);
    let sum: f64 = contrib.iter().filter_map(|r| num(&r["contribution"])).sum();
    let index = num(&year(&ab, "2014")["index"]).unwrap();
    assert!((sum - index).abs() < 1e-9, "{sum} vs {index}");
    let events = contrib
        .iter()
        .find(|r| r["indicator"] == "net_cooperation")
        .unwrap();
    assert!(
        num(&events["score"]).unwrap() > 0.9,
        "China–Russia events are among the most cooperative: {events:?}"
    );
    // The raw table: missing is empty, never 0.
    let raw = profile(&[
        "China",
        "Russia",
        "--from",
        "2020",
        "--to",
        "2021",
        "--show",
        "indicators",
    ]);
    assert_eq!(year(&raw, "2021")["trade_a_to_b"], "");
    assert_eq!(year(&raw, "2021")["atop_a_to_b"], "");
    assert!(num(&year(&raw, "2020")["trade_a_to_b"]).unwrap() > 50_000.0);
    assert_eq!(year(&raw, "2020")["atop_a_to_b"], "");
    assert_eq!(year(&raw, "2020")["sanctions_a_on_b"], "none");
    // --common: the same indicators every year, full coverage.
    let common = profile(&[
        "China", "Russia", "--from", "2002", "--to", "2014", "--common", "--reps", "0",
    ]);
    assert!(common.iter().all(|r| r["coverage"] == "1"), "{common:?}");
    // --all: every dyad of the year; the pair's row equals its profile.
    let all = profile(&["--all", "--year", "2014"]);
    assert!(all.len() > 18_000);
    let cr = all
        .iter()
        .find(|r| r["a"] == "RUS" && r["b"] == "CHN")
        .unwrap();
    assert_eq!(cr["index"], year(&ab, "2014")["index"]);
}

#[test]
fn profile_weights_file_and_bad_input() {
    let dir = tempfile::tempdir().unwrap();
    let w = dir.path().join("w.toml");
    std::fs::write(
        &w,
        "[dimensions]\nevents = 0\n[indicators]\njme_exercises = 1\n",
    )
    .unwrap();
    let rows = profile(&[
        "China",
        "Russia",
        "--year",
        "2005",
        "--weights",
        w.to_str().unwrap(),
        "--reps",
        "0",
    ]);
    // Events weighted 0: the index is the mean of the other three dimensions.
    let r = &rows[0];
    let mean = (num(&r["diplomatic"]).unwrap()
        + num(&r["military"]).unwrap()
        + num(&r["economic"]).unwrap())
        / 3.0;
    assert!((num(&r["index"]).unwrap() - mean).abs() < 1e-9, "{r:?}");
    let bad = dir.path().join("bad.toml");
    std::fs::write(&bad, "[indicators]\ntrade = 1\n").unwrap();
    let out = entente(&[
        "profile",
        "China",
        "Russia",
        "--weights",
        bad.to_str().unwrap(),
    ]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        !out.status.success()
            && err.contains("bad.toml:2")
            && err.contains("unknown indicators key 'trade'")
            && err.contains("did you mean trade_volume or trade_dependence?"),
        "{err}"
    );
    assert_eq!(entente(&["profile", "China"]).status.code(), Some(2));
    assert_eq!(
        entente(&["profile", "China", "Rusia"]).status.code(),
        Some(2)
    );
    assert_eq!(
        entente(&["profile", "China", "Russia", "--from", "1900"])
            .status
            .code(),
        Some(2)
    );
}

#[test]
fn sources_list_every_dataset_and_cite_bibtex() {
    let rows = csv_rows(&stdout(&entente(&["sources", "--format", "csv"])));
    for key in [
        "leeds2002atop",
        "felbermayr2020gsdb",
        "sipri2025arms",
        "boschee2015icews",
        "imf2022dots",
    ] {
        let r = rows
            .iter()
            .find(|r| r["key"] == key)
            .unwrap_or_else(|| panic!("{key}"));
        assert_eq!(r["present"], "yes", "{r:?}");
    }
    let bib = stdout(&entente(&[
        "sources", "--cite", "bibtex", "--for", "profile",
    ]));
    assert!(bib.contains("@article{leeds2002atop,") && bib.contains("doi = {10.7910/DVN/28075}"));
    assert!(!bib.contains("robinson2021unvotes") || bib.contains("@manual{robinson2021unvotes"));
    let ties_bib = stdout(&entente(&["sources", "--cite", "bibtex", "--for", "ties"]));
    assert!(
        !ties_bib.contains("boschee2015icews"),
        "ties does not read ICEWS"
    );
    assert_eq!(
        entente(&["sources", "--for", "nothing"]).status.code(),
        Some(2)
    );
}

/// A fresh cache with the real GDELT 2.0 samples (and the ICEWS sample) ingested.
fn event_cache() -> tempfile::TempDir {
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
    // Ingesting again, or the upstream zip of a file already in, adds nothing.
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
    let batches = entente_store::unga::read_batches(&p2014).unwrap();
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
            .column_by_name("index")
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
    let want: f64 = profile[0]["index"].parse().unwrap();
    assert!((found.unwrap() - want).abs() < 1e-12);
    let rc =
        entente_store::unga::read_batches(&dir.path().join("rollcalls/year=1971/part-0.parquet"))
            .unwrap();
    assert!(rc[0].schema().field_with_name("year").is_err());
    assert!(rc[0].column_by_name("date").unwrap().data_type() == &arrow_schema::DataType::Date32);
    let votes =
        entente_store::unga::read_batches(&dir.path().join("votes/year=2021/part-0.parquet"))
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
        entente_store::unga::read_batches(&dir.path().join("votes/year=2021/part-0.parquet"))
            .unwrap()
            .iter()
            .map(|b| b.num_rows())
            .sum::<usize>();
    assert_eq!(n[0]["n"], rows.to_string());
    let idx = q(
        "SELECT year, \"index\" FROM dyad_index WHERE iso3_a = 'RUS' AND iso3_b = 'CHN' AND year = 2014",
    );
    let profile = csv_rows(&stdout(&entente(&[
        "profile", "China", "Russia", "--year", "2014", "--reps", "0", "--format", "csv",
    ])));
    let (x, y): (f64, f64) = (
        idx[0]["index"].parse().unwrap(),
        profile[0]["index"].parse().unwrap(),
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

/// The real GDELT 2.0 samples and the ICEWS sample, as paths.
fn event_sample_paths() -> Vec<String> {
    let d = data_root();
    vec![
        d.join("gdelt/v2_15min").display().to_string(),
        d.join("icews/events.2018.sample.tab.gz")
            .display()
            .to_string(),
    ]
}

/// `entente export DIR --events-from` the event samples, with `cache`; its report.
fn export_event_samples(cache: &Path, dir: &str) -> Vec<std::collections::HashMap<String, String>> {
    let mut args = vec!["export", dir, "--format", "csv", "--events-from"];
    let paths = event_sample_paths();
    args.extend(paths.iter().map(String::as_str));
    csv_rows(&stdout(&entente_in(cache, &data_root(), &args)))
}

/// Sums of a column over all rows of a CSV answer.
fn column_sum(rows: &[std::collections::HashMap<String, String>], col: &str) -> i64 {
    rows.iter().map(|r| r[col].parse::<i64>().unwrap()).sum()
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
            for b in entente_store::unga::read_batches(&f.unwrap().path()).unwrap() {
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
            for b in entente_store::unga::read_batches(&f.unwrap().path()).unwrap() {
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
