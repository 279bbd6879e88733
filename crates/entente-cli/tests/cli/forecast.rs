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
