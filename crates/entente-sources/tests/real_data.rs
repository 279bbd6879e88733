//! Tests on the real datasets in the data folder (found as the CLI finds it).

use entente_core::{Body, Vote};
use entente_sources::{DataDir, countries, unga};

fn data() -> DataDir {
    let fallback = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/data");
    match std::env::var_os("ENTENTE_DATA") {
        Some(p) => DataDir::locate(Some(std::path::Path::new(&p))).unwrap(),
        None => DataDir::locate(Some(&fallback)).expect("data folder: set ENTENTE_DATA"),
    }
}

#[test]
fn registry_resolves_the_issue_examples() {
    let reg = countries::load(&data()).unwrap();
    for q in [
        "Russia",
        "Russian Federation",
        "USSR",
        "Soviet Union",
        "RUS",
        "365",
    ] {
        assert_eq!(reg.resolve(q).unwrap().ccode, 365, "{q}");
    }
    for q in ["China", "PRC", "CHN", "710"] {
        assert_eq!(reg.resolve(q).unwrap().ccode, 710, "{q}");
    }
    for q in ["Taiwan", "ROC", "TWN"] {
        assert_eq!(reg.resolve(q).unwrap().ccode, 713, "{q}");
    }
    let rus = reg.by_ccode(365).unwrap();
    assert_eq!(rus.iso3.as_deref(), Some("RUS"));
    assert_eq!(rus.iso2.as_deref(), Some("RU"));
    assert_eq!(rus.m49, Some(643));
    assert_eq!(rus.cameo.as_deref(), Some("RUS"));
    assert!(rus.note.unwrap().contains("USSR"));
    assert!(rus.in_system(1950) && rus.in_system(2024));
    let err = reg.resolve("Rusia").unwrap_err().to_string();
    assert!(
        err.starts_with("unknown country 'Rusia' — did you mean Russia (RUS, COW 365)"),
        "{err}"
    );
    assert_eq!(reg.resolve("United States").unwrap().ccode, 2);
    assert_eq!(reg.resolve("AUS").unwrap().ccode, 900);
}

#[test]
fn merged_votes_cover_1946_to_2025_with_the_ukraine_votes() {
    let dir = data();
    let reg = countries::load(&dir).unwrap();
    let (table, report) = unga::load_all(&dir, &reg).unwrap();
    println!("{}", serde_json::to_string_pretty(&report).unwrap());
    for s in &report.sources {
        assert!(
            s.unmapped_names.len() <= 2,
            "{}: unmapped names {:?}",
            s.source,
            s.unmapped_names
        );
    }
    let es11_1 = table
        .rollcalls
        .iter()
        .find(|r| r.symbol.as_deref() == Some("A/RES/ES-11/1"))
        .expect("ES-11/1 present");
    assert_eq!(es11_1.session, 76, "ES-11/1 counts in session 76");
    let votes = table.votes_of(es11_1.id);
    let count = |v| votes.iter().filter(|r| r.vote == v).count();
    assert_eq!(
        (count(Vote::Yes), count(Vote::No), count(Vote::Abstain)),
        (141, 5, 35)
    );
    let of = |cc| votes.iter().find(|r| r.ccode == cc).map(|r| r.vote);
    assert_eq!(of(365), Some(Vote::No));
    assert_eq!(of(710), Some(Vote::Abstain));
    for n in 1..=6 {
        let sym = format!("A/RES/ES-11/{n}");
        assert!(
            table
                .rollcalls
                .iter()
                .any(|r| r.symbol.as_deref() == Some(&sym)),
            "{sym}"
        );
    }
    let years: std::collections::BTreeSet<i32> = table
        .rollcalls
        .iter()
        .filter(|r| r.body == Body::GeneralAssembly)
        .map(|r| r.year(Default::default()))
        .collect();
    assert_eq!(years.first(), Some(&1946));
    assert_eq!(years.last(), Some(&2025));
    let in_1964 = table
        .rollcalls
        .iter()
        .filter(|r| r.body == Body::GeneralAssembly && r.session == 19)
        .count();
    assert_eq!(
        in_1964, 1,
        "session 19 (1964) had one recorded vote, a procedural appeal of 1965-02-06"
    );
    assert!(
        table
            .rollcalls
            .iter()
            .any(|r| r.body == Body::SecurityCouncil)
    );
}

#[test]
fn military_ties_read_as_documented() {
    use entente_sources::ties;
    let data = data();
    let reg = countries::load(&data).unwrap();
    // ATOP: China toward Russia, 2001–2018 non-aggression and consultation (SOURCE.md).
    let (atop, _) = ties::atop(&data, 710, 365).unwrap();
    let y2010 = atop.iter().find(|y| y.0 == 2010).unwrap().1;
    assert_eq!(y2010, [false, false, false, true, true]);
    let y1950 = atop.iter().find(|y| y.0 == 1950).unwrap().1;
    assert!(y1950[0] && y1950[1] && y1950[3]);
    // SIPRI register: 29,515 deals, broken records re-joined; Russia or the Soviet Union
    // to China: 181 deals, 71,136 TIV delivered.
    let deals = ties::sipri_register(&data, &reg).unwrap();
    assert_eq!(deals.len(), 29_515);
    let to_china: Vec<_> = deals
        .iter()
        .filter(|d| d.supplier_cc == Some(365) && d.recipient_cc == Some(710))
        .collect();
    assert_eq!(to_china.len(), 181);
    let tiv: f64 = to_china.iter().filter_map(|d| d.tiv_delivered).sum();
    assert!((tiv - 71_136.0).abs() < 1.0, "{tiv}");
    assert!(to_china.iter().any(|d| d.designation.contains("S-400")));
    // Dyad-year TIV: Russia to China 2005 = 3077.
    let dy = ties::sipri_dyad_year(&data).unwrap();
    assert_eq!(dy.get(&(365, 710, 2005)), Some(&3077.0));
    // MME: 3,707 exercises, 10 with both China and Russia.
    let ex = ties::mme(&data, &reg).unwrap();
    assert_eq!(ex.len(), 3707);
    let both = ex
        .iter()
        .filter(|e| e.participant_cc.contains(&Some(710)) && e.participant_cc.contains(&Some(365)))
        .count();
    assert_eq!(both, 10);
    // IMF DOTS: China→Russia 2020 from Russia's import report (54,908; China reports
    // 50,608 exports); the importer's report comes first.
    let trade = ties::trade(&data, &reg, 710, 365).unwrap();
    let t2020 = trade.iter().find(|t| t.year == 2020).unwrap();
    let (v, importer) = t2020.a_to_b.unwrap();
    assert!(importer && (v - 54_908.0).abs() < 1.0, "{t2020:?}");
    assert!(t2020.b_to_a.is_some() && t2020.a_total.unwrap() > 4_000_000.0);
    assert!(trade.first().unwrap().year <= 1992);
    // AidData: Russia, OOF 2009 ≈ 40.1 bn and 2013 ≈ 43.3 bn US$-2021 (SOURCE.md).
    let fin = ties::chinese_finance(&data, 365).unwrap();
    assert_eq!(fin.len(), 20);
    let oof = |y: i32| fin.iter().find(|f| f.year == y).unwrap().oof;
    assert!((oof(2009) - 40_100.0).abs() < 100.0 && (oof(2013) - 43_300.0).abs() < 100.0);
}
