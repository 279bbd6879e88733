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
    // The autumn votes of the 80th session come from the calendar-2025 scrape (SOURCE.md
    // section 5): 157 GA roll calls after 2025-10-29, the last on 2025-12-18.
    let y2025 = report
        .sources
        .iter()
        .find(|s| s.source == "undl_2025")
        .expect("the 2025 scrape is merged");
    assert_eq!(y2025.rollcalls_read, 236);
    let icc = table
        .rollcalls
        .iter()
        .find(|r| r.symbol.as_deref() == Some("A/RES/80/6"))
        .expect("A/RES/80/6 present");
    assert_eq!(
        (icc.date, icc.session, icc.source),
        (
            entente_core::Date::new(2025, 11, 11).unwrap(),
            80,
            entente_core::SourceId::Undl2025
        )
    );
    let votes = table.votes_of(icc.id);
    let of = |cc| votes.iter().find(|r| r.ccode == cc).map(|r| r.vote);
    assert_eq!(
        (of(365), of(710), of(2)),
        (Some(Vote::No), Some(Vote::Abstain), Some(Vote::No))
    );
    let last_ga = table
        .rollcalls
        .iter()
        .filter(|r| r.body == Body::GeneralAssembly)
        .map(|r| r.date)
        .max();
    assert_eq!(last_ga, entente_core::Date::new(2025, 12, 18));
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
    let su35 = to_china
        .iter()
        .find(|d| d.designation == "Su-35S")
        .expect("Su-35 deal");
    assert_eq!(
        (su35.order_year, su35.delivery_years.as_slice()),
        (Some(2015), &[2016, 2017, 2018][..])
    );
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

#[test]
fn alliances_exercises_sanctions_igos_and_events_read_as_documented() {
    use entente_sources::ties::{cow, dyads::DyadSources, events, jme, sanctions};
    let data = data();
    let reg = countries::load(&data).unwrap();
    // ATOP: the Sino-Soviet alliance, a defense obligation 1950–1980 both ways.
    let atop = entente_sources::ties::atop_all(&data).unwrap();
    for y in 1950..=1980 {
        assert!(
            atop.get((710, 365), y).unwrap()[0] && atop.get((365, 710), y).unwrap()[0],
            "{y}"
        );
    }
    assert!(!atop.get((710, 365), 1981).is_some_and(|o| o[0]));
    // COW alliances: defense pact (1950–1980 run: 1955), non-aggression and entente from 2001.
    let c = cow::cow_alliances(&data).unwrap();
    assert_eq!(c.get((365, 710), 1955), Some(&[true, false, false, false]));
    let both = c.get((710, 365), 2005).unwrap();
    assert!(both[2] && both[3] && !both[0]);
    // IGO co-memberships: China–Russia 2014 = 55.
    assert_eq!(cow::igo(&data).unwrap().get((365, 710), 2014), Some(&55));
    // JME v3: 11 rows with both China and Russia, Peace Mission 2005 among them.
    let j = jme::jme(&data, &reg).unwrap();
    let both: Vec<_> = j
        .exercises
        .iter()
        .filter(|e| e.participant_cc.contains(&Some(710)) && e.participant_cc.contains(&Some(365)))
        .collect();
    assert_eq!(both.len(), 11);
    assert!(
        both.iter()
            .any(|e| e.name == "Peace Mission 2005" && e.year == 2005)
    );
    assert!(j.skipped.iter().any(|(_, why)| why.contains("'NATO'")));
    // MME: Peace Mission 2005, 2007, 2009 and 2010 with both.
    let mme = entente_sources::ties::mme(&data, &reg).unwrap();
    for y in [2005, 2007, 2009, 2010] {
        assert!(
            mme.iter().any(|e| e.year == y
                && e.name.to_lowercase().contains("peace mission")
                && e.participant_cc.contains(&Some(710))
                && e.participant_cc.contains(&Some(365))),
            "Peace Mission {y}"
        );
    }
    // GSDB: 1,325 cases; the EU (expanded by year) sanctions Russia from 2014.
    let cases = sanctions::gsdb(&data, &reg).unwrap();
    assert_eq!(cases.len(), 1325);
    let eu_2014 = cases
        .iter()
        .find(|c| c.case_id == 1000)
        .expect("case 1000: EU on Russia 2014–2022");
    for (sender, year) in [(255, 2014), (220, 2020), (344, 2015), (290, 2022)] {
        assert!(eu_2014.between(sender, 365, year), "{sender} {year}");
    }
    assert!(
        !eu_2014.between(200, 365, 2020),
        "the UK left the EU in 2020"
    );
    assert!(eu_2014.between(200, 365, 2019));
    assert!(!eu_2014.between(255, 365, 2013));
    assert!(
        eu_2014
            .type_names()
            .starts_with("trade (exp_part, imp_part), arms")
    );
    // Names with commas are rejoined: North Korea is a target.
    assert!(cases.iter().any(|c| c.targets_in(c.begin).contains(&731)));
    let unresolved = sanctions::unresolved(&cases);
    let names: Vec<&str> = unresolved.iter().map(|u| u.0.as_str()).collect();
    assert!(names.contains(&"UN"), "{names:?}");
    assert!(
        !names.contains(&"North") && !names.contains(&"The"),
        "{names:?}"
    );
    // ICEWS dyad-years: China→Russia 2014 (SOURCE.md).
    let ev = events::icews_dyad_years(&data, &reg).unwrap();
    let q = ev.counts[&(710, 365, 2014)];
    assert_eq!(
        (
            q.verbal_coop,
            q.material_coop,
            q.verbal_conflict,
            q.material_conflict
        ),
        (2182, 22, 15, 9)
    );
    // All together: Western sanctions on Russia from 2014, none before in that form;
    // coverage outside a dataset's years is missing, not zero.
    let all = DyadSources::load(&data, &reg).unwrap();
    let us_ru = |y| all.dyad_year(2, 365, y);
    assert!(us_ru(2014).sanctions_ab.unwrap().len() > us_ru(2012).sanctions_ab.unwrap().len());
    let de_ru = all.dyad_year(255, 365, 2015);
    assert!(!de_ru.sanctions_ab.unwrap().is_empty());
    let cr = all.dyad_year(710, 365, 2021);
    assert_eq!(cr.atop_ab, None, "ATOP ends in 2018");
    assert_eq!(cr.trade_ab, None, "DOTS ends in 2020");
    assert_eq!(cr.dispute_hostility, None, "MIDs end in 2014");
    assert!(cr.chinese_finance.is_some() && cr.arms_ba.unwrap() > 0.0);
    let v = cr.indicator_values();
    let k = |key| entente_core::index::indicator(key).unwrap();
    assert!(v[k("alliance_obligations")].is_nan() && v[k("trade_volume")].is_nan());
    assert!(v[k("arms_tiv")] > 0.0);
    // Russia's share of China's trade, by year (dependence of China on Russia).
    let share = |y| all.dyad_year(710, 365, y).dependence_a.unwrap();
    assert!(share(2020) > 0.02 && share(2020) < 0.04, "{}", share(2020));
    assert!(share(2000) > 0.01);
}

#[test]
fn dyad_indicators_do_not_depend_on_the_order_of_the_pair() {
    use entente_sources::ties::dyads::DyadSources;
    let data = data();
    let reg = countries::load(&data).unwrap();
    let all = DyadSources::load(&data, &reg).unwrap();
    // Every pair of a spread of states, in years across the datasets' coverage.
    let states = [
        2u16, 20, 200, 220, 255, 365, 369, 640, 710, 740, 750, 770, 816,
    ];
    let same = |x: f64, y: f64| (x.is_nan() && y.is_nan()) || x == y;
    for year in [1950, 1975, 1995, 2005, 2013, 2019, 2022] {
        for &a in &states {
            for &b in &states {
                if a == b {
                    continue;
                }
                let (ab, ba) = (all.dyad_year(a, b, year), all.dyad_year(b, a, year));
                let (x, y) = (ab.indicator_values(), ba.indicator_values());
                assert!(
                    x.iter().zip(&y).all(|(p, q)| same(*p, *q)),
                    "{a}-{b} {year}: {x:?} vs {y:?}"
                );
                // Directed parts swap.
                assert_eq!((ab.arms_ab, ab.trade_ab), (ba.arms_ba, ba.trade_ba));
            }
        }
    }
}

#[test]
fn ucdp_dyads_with_the_war_in_ukraine_and_the_multi_line_record() {
    use entente_sources::ties::ucdp::{Role, ucdp_dyadic};
    let data = data();
    let reg = countries::load(&data).unwrap();
    let dyads = ucdp_dyadic(&data, &reg).unwrap();
    // SOURCE.md: 3,432 dyad-years, 684 dyads, 303 conflicts, 1946–2024.
    assert_eq!(dyads.len(), 3432);
    let ids: std::collections::HashSet<u32> = dyads.iter().map(|d| d.dyad_id).collect();
    assert_eq!(ids.len(), 684);
    let years = (
        dyads.iter().map(|d| d.year).min(),
        dyads.iter().map(|d| d.year).max(),
    );
    assert_eq!(years, (Some(1946), Some(2024)));
    // The record with a line break inside a quoted field is one record.
    assert!(
        dyads
            .iter()
            .any(|d| d.conflict_id == 11349 && d.year == 2008)
    );
    // Russia–Ukraine: an interstate war with 1,000+ deaths a year in 2022–2024 ...
    for year in 2022..=2024 {
        let war = dyads
            .iter()
            .filter(|d| d.year == year && d.conflict_type == 2)
            .find_map(|d| Some((d.opposing(365, 369)?, d.intensity)));
        assert_eq!(war, Some(((Role::Primary, Role::Primary), 2)), "{year}");
    }
    // ... and Russia a secondary party against Ukraine's government in Donbas 2014–2021.
    for year in 2014..=2021 {
        let donbas = dyads
            .iter()
            .filter(|d| d.year == year)
            .find_map(|d| d.opposing(369, 365));
        assert_eq!(donbas, Some((Role::Primary, Role::Secondary)), "{year}");
    }
    // China and Russia never on opposite sides after 1969.
    assert!(
        !dyads
            .iter()
            .any(|d| d.year > 1969 && d.opposing(710, 365).is_some())
    );
    // Germany is COW 255 after unification, whatever the GW code.
    assert!(
        dyads
            .iter()
            .filter(|d| d.year > 2000)
            .all(|d| !d.a_secondary.contains(&260))
    );
}

#[test]
fn liquidity_lines_with_the_china_russia_swap() {
    use entente_core::Date;
    use entente_sources::ties::swap_lines::liquidity_lines;
    let data = data();
    let reg = countries::load(&data).unwrap();
    let lines = liquidity_lines(&data, &reg).unwrap();
    // SOURCE.md: 1,640 rows, deal ids 1–1640, 267 without expiry.
    assert_eq!(lines.len(), 1640);
    assert_eq!(lines.iter().filter(|l| l.end.is_none()).count(), 267);
    let chn_rus: Vec<_> = lines
        .iter()
        .filter(|l| l.bilateral() && l.source == Some(710) && l.recipient == Some(365))
        .collect();
    let first = chn_rus.iter().min_by_key(|l| l.start).unwrap();
    assert_eq!(first.start, Date::new(2014, 10, 13).unwrap());
    assert_eq!(
        (first.currency.as_str(), first.amount),
        ("CNY", Some(150.0))
    );
    assert_eq!(first.size(), "CNY 150 bn");
    // In force 2014–2023 (renewed 2017 and 2020, to 2023-11-23), not in 2024.
    for year in 2014..=2023 {
        assert!(chn_rus.iter().any(|l| l.in_force(year)), "{year}");
    }
    assert!(!chn_rus.iter().any(|l| l.in_force(2024)));
    // The euro area is no state.
    assert!(
        lines
            .iter()
            .any(|l| l.source_code == "EA" && l.source.is_none())
    );
}

#[test]
fn sipri_deliveries_by_year_to_2023() {
    use entente_sources::ties::sipri_deliveries::sipri_deliveries;
    let data = data();
    let reg = countries::load(&data).unwrap();
    let rows = sipri_deliveries(&data, &reg).unwrap();
    // SOURCE.md: 20,480 deal-year rows after an 11-line preamble and the header.
    assert_eq!(rows.len(), 20480);
    assert_eq!(rows[0].line, 13);
    assert_eq!(
        (
            rows.iter().map(|r| r.year).min(),
            rows.iter().map(|r| r.year).max()
        ),
        (Some(2000), Some(2023))
    );
    // Russia → China TIV by delivery year (SOURCE.md).
    let tiv = |year: i32| -> f64 {
        rows.iter()
            .filter(|r| r.supplier_cc == Some(365) && r.recipient_cc == Some(710) && r.year == year)
            .map(|r| r.tiv)
            .sum()
    };
    for (year, expected) in [
        (2019, 1095.0),
        (2020, 547.0),
        (2021, 466.8),
        (2022, 579.5),
        (2023, 371.5),
    ] {
        // SOURCE.md rounds to one decimal.
        assert!(
            (tiv(year) - expected).abs() <= 0.051,
            "{year}: {}",
            tiv(year)
        );
    }
    // Non-state recipients resolve to no state.
    assert!(
        rows.iter()
            .filter(|r| r.recipient.ends_with('*'))
            .all(|r| r.recipient_cc.is_none())
    );
}

#[test]
fn the_sourced_china_russia_exercise_list() {
    use entente_sources::ties::sourced_exercises::china_russia_exercises;
    let rows = china_russia_exercises(&data()).unwrap();
    // SOURCE.md: 62 rows 2003–2025; 8 in 2024; naval 18, air patrols 10.
    assert_eq!(rows.len(), 62);
    assert_eq!(rows.iter().filter(|r| r.year == 2024).count(), 8);
    assert_eq!(rows.iter().filter(|r| r.kind == "naval").count(), 18);
    assert_eq!(rows.iter().filter(|r| r.kind == "air_patrol").count(), 10);
    assert!(
        rows.iter().all(|r| (2003..=2025).contains(&r.year)
            && !r.source.is_empty()
            && !r.quote.is_empty())
    );
    let bilateral = rows.iter().filter(|r| r.format == "bilateral");
    assert!(bilateral.clone().all(|r| r.others.is_empty()));
    let first = &rows[0];
    assert_eq!(
        (first.line, first.others.join(";").as_str()),
        (2, "KAZ;KGZ;TJK")
    );
}

#[test]
fn rivalry_lists_read_and_refuse_bad_rows() {
    use entente_sources::rivalries::{Rivalry, read};
    let reg = countries::load(&data()).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("r.csv");
    std::fs::write(&p, "a,b,from,to,source\nIndia,PAK,1947,2024,x\n").unwrap();
    let r = read(&p, &reg).unwrap();
    assert_eq!(
        r,
        vec![Rivalry {
            line: 2,
            a: 750,
            b: 770,
            from: 1947,
            to: 2024
        }]
    );
    assert!(r[0].active(2000) && !r[0].active(1946));
    std::fs::write(&p, "a,b,from,to\nIndia,Pakistn,1947,2024\n").unwrap();
    let e = read(&p, &reg).unwrap_err().to_string();
    assert!(e.contains(":2:") && e.contains("Pakistan"), "{e}");
    std::fs::write(&p, "a,b,from,to\nIndia,Pakistan,2024,1947\n").unwrap();
    assert!(read(&p, &reg).unwrap_err().to_string().contains("before"));
    std::fs::write(&p, "a,b,start\nIndia,Pakistan,1947\n").unwrap();
    assert!(read(&p, &reg).unwrap_err().to_string().contains("from"));
}

#[test]
fn dots_text_parses_the_same_in_any_number_of_parts() {
    use entente_sources::ties::TradeReports;
    let reg = countries::load(&data()).unwrap();
    let path = std::path::Path::new("dots.csv");
    let header = "reporter,partner,flow,year,value_usd_millions,estimated,source_file_no\n";
    let mut text = header.to_string();
    // Reporters and partners as the file spells them (quoted, unknown, World), and
    // keys repeated far apart (summed in file order, whatever the parts).
    for y in 1990..2000 {
        for (r, p) in [
            ("\"China, P.R.: Mainland\"", "Russian Federation"),
            ("Russian Federation", "\"China, P.R.: Mainland\""),
            ("Russian Federation", "World"),
            ("Advanced Economies", "World"),
            ("Russian Federation", "Atlantis"),
        ] {
            for flow in ["exports_fob", "imports_cif"] {
                text += &format!("{r},{p},{flow},{y},{}.{y},0,1\n", y - 1900);
            }
        }
    }
    text += "Russian Federation,\"China, P.R.: Mainland\",exports_fob,1995,0.1,0,2\n";
    text += "Russian Federation,\"China, P.R.: Mainland\",exports_fob,1995,0.2,0,3\n";
    let all = |_: u16| true;
    let one = TradeReports::parse(path, &text, &reg, &all, 1).unwrap();
    assert_eq!(
        one.get((365, 710), (true, 1995)),
        Some(&(95.1995 + 0.1 + 0.2))
    );
    assert_eq!(one.get((365, 0), (false, 1993)), Some(&93.1993));
    assert!(one.iter().all(|(p, _, _)| p.0 != 0 && p.1 != 9999));
    for parts in [2, 3, 7, 16, 500] {
        assert_eq!(
            TradeReports::parse(path, &text, &reg, &all, parts).unwrap(),
            one
        );
    }
    // Only kept states (World totals of kept reporters always).
    let russia = TradeReports::parse(path, &text, &reg, &|s| s == 365, 4).unwrap();
    assert!(russia.iter().all(|(p, _, _)| p == (365, 0)));
    // The first bad line is reported by its line in the file, whatever the parts.
    let bad = text.replacen("1997,97.1997", "1997,lots", 1);
    let line = bad.lines().position(|l| l.contains("lots")).unwrap() + 1;
    for parts in [1, 3, 16] {
        let err = TradeReports::parse(path, &bad, &reg, &all, parts)
            .unwrap_err()
            .to_string();
        assert!(
            err.contains(&format!("dots.csv:{line}:")) && err.contains("value_usd_millions"),
            "{parts} parts: {err}"
        );
    }
}
