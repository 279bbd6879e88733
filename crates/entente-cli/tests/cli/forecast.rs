//! The bargaining forecast.

use super::common::*;

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
        "--show",
        "distribution",
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
        vec!["forecast", ec.as_str(), "--show", "histogram", "--mc", "0"],
        vec!["forecast", ec.as_str(), "--show", "distribution"],
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

#[test]
fn scenarios_from_the_ukraine_votes_place_the_states_where_they_voted() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("ukraine.toml");
    let f = file.display().to_string();
    let out = entente(&[
        "scenario",
        "--votes",
        "A/ES-11/*",
        "--poles",
        "Russia,Ukraine",
        "--actors",
        "Russia,Ukraine,United States,China,Belarus",
        "--top",
        "10",
        "--out",
        &f,
    ]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("9 of 9 matching roll calls used"), "{err}");
    assert!(
        err.contains("CINC 2022 is carried forward to 2025"),
        "{err}"
    );
    let text = std::fs::read_to_string(&file).unwrap();
    assert!(text.contains("A/RES/ES-11/1 ") && text.contains("generated_by"));
    // The table view of the same scenario: the poles at the ends, the others where they voted.
    let rows = csv_rows(&stdout(&entente(&[
        "forecast", &f, "--show", "summary", "--format", "csv",
    ])));
    let pos = |name: &str| -> f64 {
        rows.iter().find(|r| r["actor"] == name).unwrap()["position"]
            .parse()
            .unwrap()
    };
    assert_eq!((pos("Russia"), pos("Ukraine")), (0.0, 100.0));
    assert!(pos("Belarus") < 15.0, "Belarus voted with Russia");
    assert!(pos("Japan") > 90.0, "Japan voted with Ukraine");
    // The United States voted against ES-11/7 (24 February 2025): not at Ukraine's end.
    assert!(pos("United States") > 75.0 && pos("United States") < 100.0);
    assert!(
        pos("China") > 20.0 && pos("China") < 70.0,
        "China abstained"
    );
    assert_eq!(rows.len(), 15, "5 named and the 10 largest others");
    // Provenance of every number, and CINC capabilities (China's 2022 share).
    let json: serde_json::Value = serde_json::from_str(&stdout(&entente(&[
        "scenario",
        "--votes",
        "A/ES-11/*",
        "--poles",
        "Russia,Ukraine",
        "--actors",
        "China,Russia",
        "--format",
        "json",
    ])))
    .unwrap();
    let china = &json["rows"][0];
    assert_eq!(china["actor"], "China");
    assert!(china["capability"].as_f64().unwrap() > 0.2);
    assert!(
        china["position_source"]
            .as_str()
            .unwrap()
            .contains("9 votes on 9 roll calls")
    );
}

#[test]
fn scenario_errors_name_what_is_wrong() {
    for (args, expect) in [
        (
            vec![
                "scenario",
                "--votes",
                "A/ES-99/*",
                "--actors",
                "Russia,Ukraine",
            ],
            "no General Assembly roll call matches",
        ),
        (
            vec![
                "scenario",
                "--votes",
                "A/ES-11/*",
                "--actors",
                "Russia,Ukraine",
                "--capability",
                "cinc:2024",
            ],
            "covers 1816–2022",
        ),
        (
            vec![
                "scenario",
                "--votes",
                "A/ES-11/*",
                "--actors",
                "Russia,Narnia",
            ],
            "Narnia",
        ),
        (
            vec![
                "scenario",
                "--votes",
                "A/ES-11/*",
                "--actors",
                "Russia,German Democratic Republic",
            ],
            "cast no vote",
        ),
        (
            vec![
                "scenario",
                "--votes",
                "A/ES-11/*",
                "--poles",
                "Japan,Germany",
                "--actors",
                "Russia,Ukraine",
            ],
            "voted alike",
        ),
        (
            vec!["scenario", "--actors", "Russia,Ukraine"],
            "choose the roll calls",
        ),
        (vec!["scenario", "--votes", "A/ES-11/*"], "name the actors"),
        (
            vec!["scenario", "--votes", "A/ES-11/*", "--top", "999"],
            "at most 200",
        ),
    ] {
        let out = entente(&args);
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {err}");
        assert!(err.contains(expect), "{args:?}: {err}");
    }
}

#[test]
fn strategies_compared_on_the_same_draws() {
    let uk = example("ukraine_un_votes.toml");
    let rows = csv_rows(&stdout(&entente(&[
        "forecast",
        &uk,
        "--mc",
        "300",
        "--compare",
        "Same: United States.position=88.89",
        "--compare",
        "Dominant Russia: Russia.capability=2, Russia.salience=1",
        "--format",
        "csv",
    ])));
    assert_eq!(rows.len(), 3);
    assert_eq!(rows[0]["strategy"], "base");
    // A strategy that changes nothing differs by exactly nothing, run by run.
    assert_eq!(rows[1]["median"], rows[0]["median"]);
    assert_eq!(
        (
            rows[1]["difference_q05"].as_str(),
            rows[1]["difference_q95"].as_str()
        ),
        ("0", "0")
    );
    // A Russia with most of the world's capability pulls the forecast to its end in every run.
    let d: f64 = rows[2]["difference_q95"].parse().unwrap();
    assert!(d < 0.0, "{:?}", rows[2]);
    assert_eq!(rows[2]["runs_below_base"], "1");
    // The chart is written as SVG.
    let dir = tempfile::tempdir().unwrap();
    let svg = dir.path().join("c.svg").display().to_string();
    let out = entente(&[
        "forecast",
        &uk,
        "--mc",
        "50",
        "--compare",
        "X: USA.salience=1",
        "--chart",
        &svg,
    ]);
    assert_eq!(out.status.code(), Some(0));
    let text = std::fs::read_to_string(&svg).unwrap();
    assert!(text.starts_with("<svg") && text.contains("<style>") && text.contains(">X<"));
    for (spec, expect) in [
        ("X: Narnia.position=10", "no actor 'Narnia'"),
        ("X: Russia.power=10", "unknown input 'power'"),
        ("X: Russia.position=500", "outside the scale"),
        ("no colon", "expected 'NAME:"),
        ("X: Russia.position=ten", "must be a number"),
    ] {
        let out = entente(&["forecast", &uk, "--compare", spec]);
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{spec}: {err}");
        assert!(err.contains(expect), "{spec}: {err}");
    }
}

#[test]
fn sensitivity_ranks_every_input_and_option() {
    let ec = example("ec_emissions_1994.toml");
    let rows = csv_rows(&stdout(&entente(&[
        "forecast",
        &ec,
        "--sensitivity",
        "--format",
        "csv",
    ])));
    assert_eq!(rows.len(), 3 * 10 + 6);
    let swing = |r: &std::collections::HashMap<String, String>| r["swing"].parse::<f64>().unwrap();
    assert!(rows.windows(2).all(|w| swing(&w[0]) >= swing(&w[1])));
    // No input of the EC case is uncertain: the stated runs, and each end is the run
    // with that one input changed — the UK's position at 10 − 0.6 (10% of the scale 4–10, clamped).
    let uk = rows
        .iter()
        .find(|r| r["factor"] == "United Kingdom: position")
        .unwrap();
    assert_eq!(
        (
            uk["low"].as_str(),
            uk["high"].as_str(),
            uk["range"].as_str()
        ),
        ("9.400", "10.000", "default")
    );
    // Its high end is the UK's stated position: the forecast there is the stated run's
    // (the weighted mean after the last round).
    let rounds = csv_rows(&stdout(&entente(&["forecast", &ec, "--format", "csv"])));
    let stated: f64 = rounds.last().unwrap()["mean"].parse().unwrap();
    let high: f64 = uk["forecast_high"].parse().unwrap();
    assert!((high - stated).abs() < 1e-9, "{high} vs {stated}");
    let dir = tempfile::tempdir().unwrap();
    let svg = dir.path().join("t.svg").display().to_string();
    let out = entente(&["forecast", &ec, "--sensitivity", "--chart", &svg]);
    assert_eq!(out.status.code(), Some(0));
    assert!(
        std::fs::read_to_string(&svg)
            .unwrap()
            .contains("What moves the forecast")
    );
    let out = entente(&["forecast", &ec, "--chart", &svg]);
    assert_eq!(out.status.code(), Some(2));
}
