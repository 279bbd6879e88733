//! The whole system: triangle, blocs, breaks, drift, ideal-distance networks.

use super::common::*;

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

#[test]
fn brokers_rank_the_states_between_two_sides() {
    let rows = csv_rows(&stdout(&entente(&[
        "brokers", "Russia", "Ukraine", "--year", "2023", "--reps", "50", "--format", "csv",
    ])));
    assert!(rows.len() > 150, "{}", rows.len());
    let weaker: Vec<f64> = rows.iter().map(|r| num(&r["weaker"]).unwrap()).collect();
    assert!(
        weaker.windows(2).all(|w| w[0] >= w[1]),
        "ranked by the weaker score"
    );
    for r in &rows {
        let (v, lo, hi) = (
            num(&r["with_rus"]).unwrap(),
            num(&r["with_rus_lo"]).unwrap(),
            num(&r["with_rus_hi"]).unwrap(),
        );
        assert!(lo <= v + 1e-9 && v <= hi + 1e-9, "{r:?}");
        let w = num(&r["with_rus"])
            .unwrap()
            .min(num(&r["with_ukr"]).unwrap());
        assert!((w - num(&r["weaker"]).unwrap()).abs() < 1e-12);
    }
    let of = |rows: &[std::collections::HashMap<String, String>], s: &str| {
        rows.iter().find(|r| r["state"] == s).unwrap().clone()
    };
    // China votes with Russia more than with Ukraine; Germany the other way.
    assert!(num(&of(&rows, "CHN")["balance"]).unwrap() > 0.0);
    assert!(num(&of(&rows, "DEU")["balance"]).unwrap() < 0.0);
    // On alignment, India stands closer to both than Germany does.
    let al = csv_rows(&stdout(&entente(&[
        "brokers",
        "Russia",
        "Ukraine",
        "--year",
        "2023",
        "--measure",
        "alignment",
        "--states",
        "India,Germany",
        "--format",
        "csv",
    ])));
    assert_eq!(al.len(), 2);
    let rank = |s: &str| num(&of(&al, s)["rank"]).unwrap();
    assert!(rank("IND") < rank("DEU"), "{al:?}");
    assert_eq!(
        entente(&["brokers", "Russia", "RUS"]).status.code(),
        Some(2)
    );
    assert_eq!(
        entente(&[
            "brokers",
            "Russia",
            "Ukraine",
            "--measure",
            "ideal_distance"
        ])
        .status
        .code(),
        Some(2)
    );
}

#[test]
fn shift_compares_before_and_after_dates() {
    let rows = csv_rows(&stdout(&entente(&[
        "shift",
        "China",
        "Russia",
        "--at",
        "2022-02-24",
        "--reps",
        "200",
        "--format",
        "csv",
    ])));
    let of = |m: &str| rows.iter().find(|r| r["measure"] == m).cloned();
    // Votes by date: the first vote after 24 February 2022 is ES-11/1 of 2 March.
    let agree = of("un_agree").unwrap();
    assert_eq!(agree["after_first"], "2022-03-02");
    assert!(agree["before_last"].as_str() < "2022-02-24", "{agree:?}");
    assert!(agree["before_first"].as_str() >= "2019-02-24", "{agree:?}");
    // China's abstentions where Russia votes no: agreement fell, beyond sampling error.
    assert!(num(&agree["difference"]).unwrap() < 0.0);
    assert!(num(&agree["difference_hi"]).unwrap() < 0.0, "{agree:?}");
    let (lo, hi) = (
        num(&agree["difference_lo"]).unwrap(),
        num(&agree["difference_hi"]).unwrap(),
    );
    assert!(lo <= num(&agree["difference"]).unwrap() && num(&agree["difference"]).unwrap() <= hi);
    // The difference is after − before.
    let d = num(&agree["after"]).unwrap() - num(&agree["before"]).unwrap();
    assert!((d - num(&agree["difference"]).unwrap()).abs() < 1e-3);
    // IMF DOTS ends in 2020: no trade row after 2022, and the note names it.
    assert!(of("trade_volume").is_none());
    let table = stdout(&entente(&[
        "shift",
        "China",
        "Russia",
        "--at",
        "2022-02-24",
        "--reps",
        "50",
    ]));
    assert!(
        table.contains("Left out (no data on a side):") && table.contains("trade_volume"),
        "{table}"
    );

    // The end of the Soviet Union: the United States and Russia voted alike far more
    // often, beyond noise, and their ideal points moved together.
    let rows = csv_rows(&stdout(&entente(&[
        "shift",
        "United States",
        "Russia",
        "--at",
        "1991-12-26",
        "--reps",
        "200",
        "--format",
        "csv",
    ])));
    let of = |m: &str| rows.iter().find(|r| r["measure"] == m).cloned().unwrap();
    assert_eq!(of("un_agree")["verdict"], "beyond noise");
    assert!(num(&of("un_agree")["difference"]).unwrap() > 0.1);
    assert_eq!(of("ideal_distance")["verdict"], "beyond noise");
    assert!(num(&of("ideal_distance")["difference"]).unwrap() < 0.0);

    // Several dates: the windows stop at the neighbouring date.
    let rows = csv_rows(&stdout(&entente(&[
        "shift",
        "China",
        "Russia",
        "--at",
        "2015-03-18,2014-03-18",
        "--reps",
        "50",
        "--format",
        "csv",
    ])));
    let first = rows
        .iter()
        .find(|r| r["at"] == "2014-03-18" && r["measure"] == "un_agree")
        .unwrap();
    assert!(first["after_last"].as_str() < "2015-03-18", "{first:?}");
    assert!(rows.iter().any(|r| r["at"] == "2015-03-18"));

    // Bad input: a year for a date, a window out of range, one state twice.
    for args in [
        &["shift", "China", "Russia", "--at", "2022"][..],
        &["shift", "China", "Russia", "--at", "2022-02-30"],
        &[
            "shift",
            "China",
            "Russia",
            "--at",
            "2022-02-24",
            "--window",
            "0",
        ],
        &["shift", "China", "China", "--at", "2022-02-24"],
        &["shift", "China", "Russia"],
    ] {
        let o = entente(args);
        assert_eq!(o.status.code(), Some(2), "{args:?}");
        assert!(!String::from_utf8_lossy(&o.stderr).contains("panicked"));
    }
}
