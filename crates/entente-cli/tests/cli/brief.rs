//! The brief.

use super::common::*;

/// The brief's outline: sections, their blocks, tables with their columns.
fn outline(brief: &entente_report::model::Brief) -> String {
    use entente_report::model::Content;
    let mut out = format!("# {}\n", brief.title);
    for s in &brief.sections {
        out.push_str(&format!("## {} ({})\n", s.title, s.id));
        for b in &s.blocks {
            out.push_str(&match b {
                Content::Paragraph { sentences } => {
                    format!("- paragraph: {} sentences\n", sentences.len())
                }
                Content::Chart(c) => format!("- chart {}: {} series\n", c.id, c.series.len()),
                Content::Table(t) => format!("- table {}: {}\n", t.id, t.columns.join(" | ")),
                Content::List { items } => format!("- list: {} items\n", items.len()),
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
        "--at",
        "2014-03-18",
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
    // "What changed" holds `entente shift`'s numbers.
    let shift = csv_rows(&stdout(&entente(&[
        "shift",
        "China",
        "Russia",
        "--at",
        "2014-03-18",
        "--reps",
        "200",
        "--format",
        "csv",
    ])));
    let table = brief.tables().find(|t| t.id == "table-shift").unwrap();
    assert_eq!(table.rows.len(), shift.len());
    for (row, s) in table.rows.iter().zip(&shift) {
        assert_eq!(row[1], s["measure"]);
        assert_eq!(row[3], format!("{:.3}", num(&s["before"]).unwrap()));
        assert_eq!(row[5], format!("{:.3}", num(&s["after"]).unwrap()));
        assert_eq!(row[10], s["verdict"]);
    }
    // Turning points are also sought over the last 20 years alone.
    // (--from 1991 --to 2021: the recent window is 2002–2021, said in a sentence even when
    // it holds no turning point, and its breaks are tagged in the table.)
    let section = brief
        .sections
        .iter()
        .find(|s| s.id == "turning-points")
        .unwrap();
    let said = section.blocks.iter().any(|b| match b {
        entente_report::model::Content::Paragraph { sentences } => sentences
            .iter()
            .any(|s| s.text.starts_with("Over 2002–2021 alone")),
        _ => false,
    });
    assert!(said, "no sentence on the recent window");
    let breaks = brief.tables().find(|t| t.id == "table-breaks").unwrap();
    assert!(
        breaks
            .rows
            .iter()
            .all(|r| r[2] == "1991–2021" || r[2] == "2002–2021"),
        "{:?}",
        breaks.rows
    );
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
    // Strategies compared and the sensitivity: the same tables as `entente forecast`.
    let votes = example("ukraine_un_votes.toml");
    let json: serde_json::Value = serde_json::from_str(&stdout(&entente(&[
        "brief",
        "China",
        "Russia",
        "--scenario",
        &votes,
        "--mc",
        "200",
        "--reps",
        "50",
        "--compare",
        "Settlement: United States.position=50",
        "--sensitivity",
        "--format",
        "json",
    ])))
    .unwrap();
    let text = json.to_string();
    assert!(text.contains("table-compare") && text.contains("table-sensitivity"));
    assert!(text.contains("Under “Settlement”") && text.contains("The forecast moves most with"));
    assert!(
        text.contains("salience is proxied by taking a side"),
        "the scenario's own assumptions"
    );
    let forecast = csv_rows(&stdout(&entente(&[
        "forecast",
        &votes,
        "--mc",
        "200",
        "--compare",
        "Settlement: United States.position=50",
        "--format",
        "csv",
    ])));
    assert!(text.contains(&format!(
        "\"{:.2}\"",
        forecast[1]["median"].parse::<f64>().unwrap()
    )));
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
