//! Ties, the relationship index and the dataset catalogue.

use super::common::*;

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

#[test]
fn profile_scores_are_bounded_symmetric_explained_and_honest_about_coverage() {
    let ab = profile(&[
        "China", "Russia", "--from", "2000", "--to", "2024", "--reps", "50",
    ]);
    let ba = profile(&[
        "Russia", "China", "--from", "2000", "--to", "2024", "--reps", "50",
    ]);
    assert_eq!(ab.len(), 25);
    for (x, y) in ab.iter().zip(&ba) {
        for c in [
            "alignment",
            "alignment_lo",
            "alignment_hi",
            "intensity",
            "intensity_lo",
            "intensity_hi",
            "diplomatic",
            "military",
            "economic",
            "events",
            "hostility",
            "coverage_alignment",
            "coverage_intensity",
        ] {
            assert_eq!(
                x[c], y[c],
                "{c} in {}: order of the pair changed it",
                x["year"]
            );
        }
        for (v, lo, hi, range) in [
            ("alignment", "alignment_lo", "alignment_hi", -1.0..=1.0),
            ("intensity", "intensity_lo", "intensity_hi", 0.0..=1.0),
        ] {
            if let (Some(i), Some(lo), Some(hi)) = (num(&x[v]), num(&x[lo]), num(&x[hi])) {
                assert!(
                    range.contains(&i) && lo <= i + 1e-9 && i <= hi + 1e-9,
                    "{x:?}"
                );
            }
        }
    }
    let year = |rows: &[std::collections::HashMap<String, String>], y: &str| {
        rows.iter().find(|r| r["year"] == y).unwrap().clone()
    };
    // Every component present in 2005; after 2020 trade has ended and after 2014 the
    // events: missing, listed, and intensity withheld with one component left.
    assert_eq!(year(&ab, "2005")["coverage_alignment"], "1");
    assert_eq!(year(&ab, "2005")["coverage_intensity"], "1");
    let y2022 = year(&ab, "2022");
    assert!(
        y2022["missing"].contains("trade_volume") && y2022["missing"].contains("event_tone"),
        "{y2022:?}"
    );
    assert_eq!(y2022["intensity"], "");
    assert!(num(&y2022["alignment"]).unwrap() > 0.3, "{y2022:?}");
    // Contributions sum to each score; hostility's is its pull toward −1.
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
    for (kind, col) in [("alignment", "alignment"), ("intensity", "intensity")] {
        let sum: f64 = contrib
            .iter()
            .filter(|r| r["score"] == kind)
            .filter_map(|r| num(&r["contribution"]))
            .sum();
        let v = num(&year(&ab, "2014")[col]).unwrap();
        assert!((sum - v).abs() < 1e-9, "{kind}: {sum} vs {v}");
    }
    let tone = contrib
        .iter()
        .find(|r| r["component"] == "event_tone")
        .unwrap();
    assert!(
        num(&tone["component_score"]).unwrap() > 0.3,
        "China–Russia events are more cooperative than either's usual partners': {tone:?}"
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
    // ATOP ends in 2018: the obligations of 2018 are carried (and said so).
    assert!(num(&year(&raw, "2021")["alliance_level"]).unwrap() > 0.0);
    assert_eq!(year(&raw, "2020")["sanctions_a_on_b"], "none");
    assert_eq!(year(&raw, "2020")["liquidity_line"], "1");
    // --common: the same components every year, full coverage.
    let common = profile(&[
        "China", "Russia", "--from", "2002", "--to", "2014", "--common", "--reps", "0",
    ]);
    assert!(
        common.iter().all(|r| r["coverage_alignment"] == "1"),
        "{common:?}"
    );
    // --all: every dyad of the year; the pair's row equals its profile (the partner
    // ranks from the whole year equal those computed for the pair alone).
    for y in ["2014", "2022"] {
        let all = profile(&["--all", "--year", y]);
        assert!(all.len() > 18_000);
        let cr = all
            .iter()
            .find(|r| r["a"] == "RUS" && r["b"] == "CHN")
            .unwrap();
        assert_eq!(cr["alignment"], year(&ab, y)["alignment"], "{y}");
        assert_eq!(cr["intensity"], year(&ab, y)["intensity"], "{y}");
    }
    // War is the bottom of the scale whatever else the pair shares.
    let war = profile(&[
        "Russia", "Ukraine", "--from", "2022", "--to", "2023", "--reps", "0",
    ]);
    assert!(war.iter().all(|r| r["alignment"] == "-1"), "{war:?}");
}

#[test]
fn profile_weights_file_and_bad_input() {
    let dir = tempfile::tempdir().unwrap();
    let w = dir.path().join("w.toml");
    std::fs::write(
        &w,
        "[dimensions]\nevents = 0\n[indicators]\nideal_closeness = 0\n",
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
    // Events weighted 0: alignment is (1 − h) × the mean of the other three dimensions − h.
    let r = &rows[0];
    let mean = (num(&r["diplomatic"]).unwrap()
        + num(&r["military"]).unwrap()
        + num(&r["economic"]).unwrap())
        / 3.0;
    let h = num(&r["hostility"]).unwrap();
    let want = (1.0 - h) * mean - h;
    assert!((num(&r["alignment"]).unwrap() - want).abs() < 1e-9, "{r:?}");
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
fn validate_scores_and_rivals() {
    let face = csv_rows(&stdout(&entente(&[
        "validate", "scores", "--years", "2020", "--format", "csv",
    ])));
    let pct = |a: &str, b: &str| {
        let r = face.iter().find(|r| r["a"] == a && r["b"] == b).unwrap();
        num(&r["alignment_percentile"]).unwrap()
    };
    assert!(pct("USA", "GBR") > 0.9 && pct("RUS", "UKR") < 0.05);
    let list = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../tests/validation/rivalries.csv");
    let sep = csv_rows(&stdout(&entente(&[
        "validate",
        "rivals",
        "--rivals",
        list.to_str().unwrap(),
        "--years",
        "2010",
        "--format",
        "csv",
    ])));
    assert!(num(&sep[0]["auc"]).unwrap() > 0.85, "{sep:?}");
    // A bad list names its line and field; no list is a usage error.
    let dir = tempfile::tempdir().unwrap();
    let bad = dir.path().join("r.csv");
    std::fs::write(&bad, "a,b,from,to\nIndia,Narnia,1947,2024\n").unwrap();
    let out = entente(&["validate", "rivals", "--rivals", bad.to_str().unwrap()]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("r.csv:2") && err.contains("'Narnia'"), "{err}");
    assert_eq!(entente(&["validate", "rivals"]).status.code(), Some(2));
    assert_eq!(
        entente(&["validate", "scores", "--years", "1900"])
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

/// Machine formats keep their notes (on stderr), and `--out` says what it wrote.
#[test]
fn csv_notes_go_to_stderr_and_out_reports_the_file() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("ties.csv");
    let out = entente(&[
        "ties",
        "China",
        "Russia",
        "--year",
        "2015",
        "--format",
        "csv",
        "--out",
        path.to_str().unwrap(),
    ]);
    assert!(out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("Coverage: COW MID disputes run 1816–2014"),
        "{err}"
    );
    let rows = csv_rows(&std::fs::read_to_string(&path).unwrap());
    let line = format!("wrote {}: {} rows, ", path.display(), rows.len());
    assert!(err.contains(&line), "{err}");
    assert!(out.stdout.is_empty());
}
