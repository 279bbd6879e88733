//! UN votes: align, matrix, since, countries, ideal points, validation, snapshots.

use super::common::*;

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
    let agree = v["rows"][0]["agree"].as_f64().unwrap();
    assert!((agree - 0.719178).abs() < 1e-6, "{agree}");
    // The notes the table prints are a field of the JSON (sources to cite).
    let notes = v["notes"].as_array().unwrap();
    assert!(
        notes
            .iter()
            .any(|n| n.as_str().unwrap().starts_with("Source: Voeten")),
        "{notes:?}"
    );
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
    // A name resolves only when it means that one state.
    for q in [
        "Russia and China",
        "not the USA",
        "Chinaa",
        "ChinaRussia",
        "xxchinaxx",
        "India2",
        "China%00",
        "Korea",
        "Congo",
    ] {
        let o = entente(&["countries", q]);
        let err = String::from_utf8_lossy(&o.stderr);
        assert_eq!(o.status.code(), Some(2), "{q}: {err}");
        assert!(err.starts_with("error: "), "{q}: {err}");
    }
    let err = String::from_utf8_lossy(&entente(&["countries", "Korea"]).stderr).to_string();
    assert!(
        err.contains("North Korea (PRK, COW 731)") && err.contains("South Korea (KOR, COW 732)"),
        "{err}"
    );
    let err =
        String::from_utf8_lossy(&entente(&["align", "Russia and China", "USA"]).stderr).to_string();
    assert!(
        err.contains("could mean") && err.contains("Russia (RUS, COW 365)"),
        "{err}"
    );
    // Common names still resolve.
    let rows = csv_rows(&stdout(&entente(&[
        "countries",
        "South Korea",
        "Democratic Republic of the Congo",
        "Côte d'Ivoire",
        "Soviet Union",
        "Timor-Leste",
        "St. Lucia",
        "--format",
        "csv",
    ])));
    let codes: Vec<&str> = rows.iter().map(|r| r["ccode"].as_str()).collect();
    assert_eq!(codes, ["732", "490", "437", "365", "860", "56"]);
    // A broken pipe ends the output quietly (exit 0, no panic).
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_entente"))
        .args(["countries", "--format", "csv"])
        .env("ENTENTE_CACHE", shared_cache())
        .env("ENTENTE_DATA", data_root())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    drop(child.stdout.take());
    let o = child.wait_with_output().unwrap();
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(!err.contains("panicked"), "{err}");
    assert_eq!(o.status.code(), Some(0), "{err}");
}

#[test]
fn bad_options_exit_2() {
    let o = entente(&["align", "China", "Russia", "--issue", "xx"]);
    assert_eq!(o.status.code(), Some(2));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        err.contains("invalid value 'xx' for '--issue <CODE>'")
            && err.contains("[possible values: me, nu, di, hr, co, ec]"),
        "{err}"
    );
    let o = entente(&["align", "China", "Russia", "--body", "ecosoc"]);
    assert_eq!(o.status.code(), Some(2));
    let o = entente(&["align", "China", "Russia", "--from", "1700"]);
    assert_eq!(o.status.code(), Some(2), "years are bounded");
    let o = entente(&["align", "China", "Russia", "-m", "agre"]);
    assert_eq!(o.status.code(), Some(2));
    let o = entente(&["align", "China", "PRC"]);
    assert_eq!(o.status.code(), Some(2));
    // Every size a user can pass is bounded, and the error names the limit.
    let scenario = example("ukraine_settlement.toml");
    for (args, limit) in [
        (
            vec!["align", "China", "Russia", "--ci", "--reps", "1000000000"],
            "at most 10000",
        ),
        (
            vec!["blocs", "--year", "2020", "--reps", "1000000000"],
            "at most 10000",
        ),
        (
            vec![
                "drift", "China", "--from", "2010", "--to", "2020", "--reps", "1e9",
            ],
            "not a whole number",
        ),
        (vec!["ideal", "--boot", "1000000000"], "at most 1000"),
        (
            vec!["forecast", &scenario, "--mc", "1000000000000"],
            "at most 100000",
        ),
        (
            vec![
                "brief",
                "China",
                "Russia",
                "--scenario",
                &scenario,
                "--mc",
                "1000000000000",
            ],
            "at most 100000",
        ),
        (
            vec!["forecast", &scenario, "--rounds", "100000000"],
            "at most 1000",
        ),
    ] {
        let o = entente(&args);
        let err = String::from_utf8_lossy(&o.stderr);
        assert_eq!(o.status.code(), Some(2), "{args:?}: {err}");
        assert!(err.contains(limit), "{args:?}: {err}");
    }
    // Paths the user names: a missing folder for --out, a folder, a missing file.
    for args in [
        vec![
            "align",
            "China",
            "Russia",
            "--out",
            "/nonexistent-dir/x.csv",
        ],
        vec!["align", "China", "Russia", "--out", "/tmp"],
        vec!["matrix", "--year", "2020", "--format", "parquet"],
        vec![
            "profile",
            "China",
            "Russia",
            "--weights",
            "/nonexistent.toml",
        ],
        vec!["--data", "/nonexistent", "align", "China", "Russia"],
    ] {
        let o = entente(&args);
        let err = String::from_utf8_lossy(&o.stderr);
        assert_eq!(o.status.code(), Some(2), "{args:?}: {err}");
        assert!(
            err.matches("os error").count() <= 1,
            "the cause said once: {err}"
        );
    }
    // --out /dev/stdout writes to the pipe.
    let o = entente(&[
        "align",
        "China",
        "Russia",
        "--year",
        "2020",
        "--format",
        "csv",
        "--out",
        "/dev/stdout",
    ]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    assert!(stdout(&o).starts_with("year,a,b"), "{}", stdout(&o));
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

/// The bulk CSV path (blocks formatted on several threads, written in order, repeated
/// numbers from a cache) gives the rows of the generic table writer: same order, same
/// codes and counts, and numbers that read back to the same f64.
#[test]
fn matrix_csv_of_several_years_matches_the_json_rows_in_order() {
    let args = ["matrix", "--from", "1995", "--to", "2001"];
    let csv = stdout(&entente(&args));
    let json = stdout(&entente(&[&args[..], &["--format", "json"]].concat()));
    let json: serde_json::Value = serde_json::from_str(&json).unwrap();
    let want = json["rows"].as_array().unwrap();
    let got = csv_rows(&csv);
    assert_eq!(got.len(), want.len());
    assert!(got.len() > 7 * 15_000, "{} rows", got.len());
    let years: Vec<i64> = got.iter().map(|r| r["year"].parse().unwrap()).collect();
    assert!(years.is_sorted() && years[0] == 1995 && years[years.len() - 1] == 2001);
    for (g, w) in got.iter().zip(want) {
        for col in ["year", "ccode_a", "ccode_b", "n_votes"] {
            assert_eq!(g[col], w[col].to_string(), "{col}");
        }
        for col in ["a", "b"] {
            assert_eq!(g[col], w[col].as_str().unwrap(), "{col}");
        }
        for col in ["agree", "agree_half", "s_abs", "s_sq", "kappa", "pi"] {
            match w[col].as_f64() {
                Some(v) => assert_eq!(g[col].parse::<f64>().unwrap(), v, "{col} of {g:?}"),
                None => assert_eq!(g[col], "", "{col} of {g:?}"),
            }
        }
    }
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

/// `entente votes`: the roll calls behind the numbers, with both votes and the tally.
#[test]
fn votes_lists_the_roll_calls_behind_a_year() {
    let rows = csv_rows(&stdout(&entente(&[
        "votes", "China", "Russia", "--year", "2021", "--differ", "--format", "csv",
    ])));
    let es11_1 = rows
        .iter()
        .find(|r| r["symbol"] == "A/RES/ES-11/1")
        .expect("ES-11/1 is a vote on which they differ");
    assert_eq!(
        [
            &es11_1["CHN"],
            &es11_1["RUS"],
            &es11_1["yes"],
            &es11_1["no"],
            &es11_1["abstain"],
            &es11_1["date"]
        ],
        ["abstain", "no", "141", "5", "35", "2022-03-02"]
    );
    assert!(
        rows.iter()
            .all(|r| r["CHN"] != r["RUS"] && r["year"] == "2021")
    );
    // Without --differ, the same votes and more; the count agrees with align's n_votes.
    let all = csv_rows(&stdout(&entente(&[
        "votes", "China", "Russia", "--year", "2021", "--format", "csv",
    ])));
    let cast = |v: &str| ["yes", "no", "abstain"].contains(&v);
    let joint = all
        .iter()
        .filter(|r| cast(&r["CHN"]) && cast(&r["RUS"]))
        .count();
    let align = csv_rows(&stdout(&entente(&[
        "align",
        "China",
        "Russia",
        "--year",
        "2021",
        "--measure",
        "agree",
        "--format",
        "csv",
    ])));
    assert_eq!(align[0]["n_votes"], joint.to_string());
    let differ = all
        .iter()
        .filter(|r| cast(&r["CHN"]) && cast(&r["RUS"]) && r["CHN"] != r["RUS"])
        .count();
    assert_eq!(differ, rows.len());
    // Agreement is the share of joint votes that are the same.
    let agree: f64 = align[0]["agree"].parse().unwrap();
    assert!((agree - (joint - differ) as f64 / joint as f64).abs() < 1e-9);
}

/// `--from`/`--to` take dates: the votes after the invasion of 24 February 2022 count in
/// session year 2021 (ES-11 is part of session 76), and a date after the other is refused.
#[test]
fn dates_bound_the_roll_calls() {
    let rows = csv_rows(&stdout(&entente(&[
        "votes",
        "China",
        "Russia",
        "--from",
        "2022-02-24",
        "--to",
        "2022-03-31",
        "--format",
        "csv",
    ])));
    assert!(!rows.is_empty());
    assert!(
        rows.iter()
            .all(|r| r["date"].as_str() >= "2022-02-24" && r["date"].as_str() <= "2022-03-31")
    );
    assert!(
        rows.iter()
            .any(|r| r["symbol"] == "A/RES/ES-11/1" && r["year"] == "2021")
    );
    let align = csv_rows(&stdout(&entente(&[
        "align",
        "China",
        "Russia",
        "--from",
        "2022-02-24",
        "--to",
        "2022-03-31",
        "--measure",
        "agree",
        "--format",
        "csv",
    ])));
    let joint = rows
        .iter()
        .filter(|r| {
            ["yes", "no", "abstain"].contains(&r["CHN"].as_str())
                && ["yes", "no", "abstain"].contains(&r["RUS"].as_str())
        })
        .count();
    assert_eq!((align.len(), align[0]["year"].as_str()), (1, "2021"));
    assert_eq!(align[0]["n_votes"], joint.to_string());
    let bad = entente(&[
        "align",
        "China",
        "Russia",
        "--from",
        "2022-03-01",
        "--to",
        "2022-02-01",
    ]);
    assert_eq!(bad.status.code(), Some(2));
    assert!(
        String::from_utf8_lossy(&bad.stderr).contains("--from 2022-03-01 is after --to 2022-02-01")
    );
    let bad = entente(&["votes", "China", "Russia", "--from", "2022-13-01"]);
    assert_eq!(bad.status.code(), Some(2));
}

/// Year-based answers honour dates too: the triangle of 24 February – 31 March 2022 is
/// computed on those roll calls only (all three pairs apart on ES-11/1 and /2), not on
/// the whole session year 2021.
#[test]
fn the_triangle_honours_dates() {
    let window = csv_rows(&stdout(&entente(&[
        "triangle",
        "China",
        "Russia",
        "United States",
        "--from",
        "2022-02-24",
        "--to",
        "2022-03-31",
        "--format",
        "csv",
    ])));
    let year = csv_rows(&stdout(&entente(&[
        "triangle",
        "China",
        "Russia",
        "United States",
        "--year",
        "2021",
        "--format",
        "csv",
    ])));
    assert_eq!((window.len(), window[0]["year"].as_str()), (1, "2021"));
    assert_eq!(window[0]["chn_rus"], "0");
    assert_ne!(window[0]["chn_rus"], year[0]["chn_rus"]);
}
