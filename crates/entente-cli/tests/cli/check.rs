//! `entente check`: claims against the data, and bad claim files.

use super::common::*;

fn verdicts(path: &str) -> Vec<std::collections::HashMap<String, String>> {
    csv_rows(&stdout(&entente(&["check", path, "--format", "csv"])))
}

fn claims_file(dir: &tempfile::TempDir, body: &str) -> String {
    let p = dir.path().join("claims.toml");
    std::fs::write(&p, body).unwrap();
    p.to_str().unwrap().to_string()
}

#[test]
fn the_example_brief_is_checked_claim_by_claim() {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../examples/claims/china_russia_brief.toml")
        .display()
        .to_string();
    let rows = verdicts(&path);
    let of = |id: &str| rows.iter().find(|r| r["id"] == id).unwrap().clone();
    assert_eq!(rows.len(), 10);
    // The S-400: ordered 2015, delivered 2018–2019 (SIPRI register).
    let s400 = of("s-400");
    assert_eq!(s400["verdict"], "supported", "{s400:?}");
    assert!(s400["finding"].contains("S-400 Triumf ordered 2015, delivered 2018–2019"));
    // The swap line of CNY 150 bn, 2014, renewed 2017 and 2020.
    let swap = of("swap-line");
    assert_eq!(swap["verdict"], "supported", "{swap:?}");
    assert!(swap["finding"].contains("2017-11-22") && swap["finding"].contains("2020-11-23"));
    // China is Russia's first trade partner, Russia not China's: partly.
    let trade = of("trade-partners-2020");
    assert_eq!(trade["verdict"], "partly supported", "{trade:?}");
    assert!(trade["finding"].contains("CHN is RUS's trade partner no. 1 "));
    // IMF DOTS ends in 2020: 2024 cannot be checked, and the verdict says why.
    let later = of("trade-partners-2024");
    assert_eq!(later["verdict"], "cannot be checked");
    assert!(later["finding"].contains("2020"));
    // Exercise counts name the definition used and what the others give.
    let ex = of("exercises-since-2012");
    assert!(ex["finding"].contains("by the definition bilateral_no_patrols"));
    assert!(ex["finding"].contains("other definitions: all "));
    // The fall of China–Russia agreement after 2022 is beyond sampling error.
    assert_eq!(of("un-votes-after-2022")["verdict"], "supported");
    // Every verdict is one of the four.
    for r in &rows {
        assert!(
            [
                "supported",
                "partly supported",
                "not supported",
                "cannot be checked"
            ]
            .contains(&r["verdict"].as_str()),
            "{r:?}"
        );
        assert!(!r["sources"].is_empty(), "{r:?}");
    }
    // The brief puts the same verdicts first.
    let json = stdout(&entente(&[
        "brief", "China", "Russia", "--claims", &path, "--reps", "50", "--format", "json",
    ]));
    let brief: entente_report::model::Brief = serde_json::from_str(&json).unwrap();
    assert_eq!(brief.sections[0].id, "claims");
    assert!(
        brief.unmatched_numbers().is_empty(),
        "{:?}",
        brief.unmatched_numbers()
    );
    let table = brief.tables().find(|t| t.id == "table-claims").unwrap();
    assert_eq!(table.rows.len(), rows.len());
    for (t, r) in table.rows.iter().zip(&rows) {
        assert_eq!(
            (&t[0], &t[2], &t[3]),
            (&r["id"], &r["verdict"], &r["finding"])
        );
    }
    // The evidence rows behind the verdicts: the register line of the S-400 deal.
    let ev = csv_rows(&stdout(&entente(&[
        "check",
        &path,
        "--evidence",
        "--format",
        "csv",
    ])));
    assert!(
        ev.iter().any(|r| r["id"] == "s-400"
            && r["evidence"].starts_with("S-400 Triumf")
            && r["source"].starts_with("SIPRI trade register, line")),
        "{ev:?}"
    );
}

#[test]
fn counts_highest_since_and_definitions() {
    let dir = tempfile::tempdir().unwrap();
    let path = claims_file(
        &dir,
        r#"
[[claim]]
id = "all-exercises"
text = "x"
kind = "count"
a = "Russia"
b = "China"
what = "exercises"
from = 2012
to = 2025
count = 55

[[claim]]
id = "patrols-make-the-number"
text = "x"
kind = "count"
a = "China"
b = "Russia"
what = "exercises"
from = 2012
to = 2025
count = 55
definition = "no_patrols"

[[claim]]
id = "es11"
text = "they parted on the Ukraine votes of March 2022"
kind = "count"
a = "China"
b = "Russia"
what = "votes"
from = 2021
to = 2021
count = 1
comparison = "at_least"
definition = "differ"

[[claim]]
id = "usa-rus-lowest"
text = "US–Russia agreement is the lowest since the Cold War"
kind = "lowest_since"
a = "United States"
b = "Russia"
measure = "un_agree"
year = 2023
since = 1992

[[claim]]
id = "usa-rus-1990s"
text = "US–Russia agreement peaked after the Cold War"
kind = "highest_since"
a = "United States"
b = "Russia"
measure = "un_agree"
year = 1993
since = 1975

[[claim]]
id = "mid-2025"
text = "x"
kind = "count"
a = "China"
b = "Russia"
what = "disputes"
from = 2010
to = 2020
count = 0
"#,
    );
    let rows = verdicts(&path);
    let of = |id: &str| rows.iter().find(|r| r["id"] == id).unwrap().clone();
    assert_eq!(of("all-exercises")["verdict"], "supported");
    let p = of("patrols-make-the-number");
    assert_eq!(p["verdict"], "partly supported", "{p:?}");
    assert!(p["finding"].contains("only by the definition all"));
    assert_eq!(of("es11")["verdict"], "supported");
    // 2020 was lower than 2023: the verdict names the year that refutes the claim.
    let low = of("usa-rus-lowest");
    assert_eq!(low["verdict"], "not supported", "{low:?}");
    assert!(low["finding"].contains("was at least as low"), "{low:?}");
    // `entente since` puts 1993 as the highest since 1974 (détente): since 1975 holds.
    let since = csv_rows(&stdout(&entente(&[
        "since",
        "United States",
        "Russia",
        "--year",
        "1993",
        "--format",
        "csv",
    ])));
    assert_eq!(since[0]["highest_since"], "1974");
    let high = of("usa-rus-1990s");
    assert!(
        high["finding"].contains("the highest since 1975"),
        "{high:?}"
    );
    assert!(
        ["supported", "partly supported"].contains(&high["verdict"].as_str()),
        "{high:?}"
    );
    // COW MID ends in 2014: a period to 2020 cannot be checked, and says so.
    let mid = of("mid-2025");
    assert_eq!(mid["verdict"], "cannot be checked");
    assert!(mid["finding"].contains("2014"), "{mid:?}");
}

#[test]
fn bad_claim_files_are_errors_naming_the_line() {
    let dir = tempfile::tempdir().unwrap();
    let head = "title = \"t\"\n\n[[claim]]\nid = \"a\"\ntext = \"x\"\n";
    // Parse errors name the file and the line (of the claim's header for a field
    // missing or unknown); errors of meaning name the claim.
    for (body, place, word) in [
        (format!("{head}kind = \"rumour\"\n"), ":6:", "rumour"),
        (
            format!(
                "{head}kind = \"top_partner\"\na = \"China\"\nb = \"Russia\"\nyear = 2020\ncolour = 3\n"
            ),
            ":3:",
            "colour",
        ),
        (
            format!(
                "{head}kind = \"count\"\na = \"China\"\nb = \"Russia\"\nwhat = \"exercises\"\nfrom = 2012\n"
            ),
            ":3:",
            "count",
        ),
        (
            format!(
                "{head}kind = \"count\"\na = \"China\"\nb = \"Russia\"\nwhat = \"exercises\"\nfrom = 2012\ncount = 3\ndefinition = \"naval\"\n"
            ),
            "claim 'a'",
            "naval",
        ),
        (
            format!("{head}kind = \"top_partner\"\na = \"Chna\"\nb = \"Russia\"\nyear = 2020\n"),
            "claim 'a'",
            "Chna",
        ),
        (
            format!(
                "{head}kind = \"change\"\na = \"China\"\nb = \"Russia\"\nmeasure = \"vibes\"\nbefore = [2000, 2001]\nafter = [2002, 2003]\ndirection = \"rise\"\n"
            ),
            "claim 'a'",
            "vibes",
        ),
    ] {
        let path = claims_file(&dir, &body);
        let o = entente(&["check", &path]);
        let err = String::from_utf8_lossy(&o.stderr);
        assert_eq!(o.status.code(), Some(2), "{body}\n{err}");
        assert!(err.contains(word), "{word}: {err}");
        assert!(err.contains(place), "{place}: {err}");
        assert!(!err.contains("panicked"));
    }
}
