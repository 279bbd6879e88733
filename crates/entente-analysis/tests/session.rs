//! The analysis layer on the real data folder: one answer per question, whatever the
//! caller (the brief asks for the whole series, the dashboard for a window), and each
//! dataset loaded once per session.

use std::sync::OnceLock;

use entente_analysis::Session;
use entente_analysis::brief::{BriefRequest, input};
use entente_analysis::defaults;
use entente_analysis::dyad::{DyadRequest, series};
use entente_analysis::profile::{ProfileRequest, profile};

fn session() -> &'static Session {
    static S: OnceLock<Session> = OnceLock::new();
    S.get_or_init(|| Session::new(None, None))
}

#[test]
fn an_interval_does_not_depend_on_the_years_asked_for() {
    let s = session();
    let [chn, rus] = s.resolve_distinct(["China", "Russia"]).unwrap();
    let whole = series(s, chn, rus, &DyadRequest::default()).unwrap();
    let window = series(
        s,
        chn,
        rus,
        &DyadRequest {
            from: 2024,
            to: 2024,
            ..DyadRequest::default()
        },
    )
    .unwrap();
    let y2024 = whole.years.iter().find(|y| y.year == 2024).unwrap();
    assert_eq!(window.years.len(), 1);
    assert_eq!(window.years[0].agree_ci, y2024.agree_ci);
    assert_eq!(window.years[0].kappa_ci, y2024.kappa_ci);
    let (lo, hi) = y2024.agree_ci.unwrap();
    assert!(lo < y2024.agree.unwrap() && y2024.agree.unwrap() < hi);
    assert_eq!(whole.reps, defaults::REPS);
}

#[test]
fn the_brief_shows_the_same_numbers_as_the_dyad_series_and_the_profile() {
    let s = session();
    let [chn, rus] = s.resolve_distinct(["China", "Russia"]).unwrap();
    let req = BriefRequest {
        from: Some(2010),
        to: Some(2020),
        ..BriefRequest::default()
    };
    let brief = input(s, chn, rus, None, &req).unwrap();
    let dyad = series(s, chn, rus, &DyadRequest::default()).unwrap();
    for y in &brief.alignment {
        let d = dyad.years.iter().find(|d| d.year == y.year).unwrap();
        assert_eq!(
            (y.agree, y.agree_ci, y.kappa_ci),
            (d.agree, d.agree_ci, d.kappa_ci)
        );
    }
    let prof = profile(
        s,
        chn.ccode,
        rus.ccode,
        &ProfileRequest {
            from: 2010,
            to: 2020,
            ..ProfileRequest::default()
        },
    )
    .unwrap();
    let index = brief.index.unwrap();
    for (b, p) in index.years.iter().zip(&prof.years) {
        assert_eq!(
            (b.year, b.alignment, b.alignment_interval),
            (p.year, p.scores.alignment.value, p.intervals[0])
        );
        assert_eq!(
            (b.intensity, b.intensity_interval),
            (p.scores.intensity.value, p.intervals[1])
        );
    }
}

#[test]
fn each_dataset_is_loaded_once_and_bad_requests_are_the_users() {
    let s = session();
    assert!(std::ptr::eq(s.ties().unwrap(), s.ties().unwrap()));
    assert!(std::ptr::eq(s.votes().unwrap(), s.votes().unwrap()));
    let e = s.resolve_distinct(["China", "PRC"]).unwrap_err();
    assert!(e.is_user() && e.to_string().contains("same state"), "{e}");
    let e = s.resolve("Rusia").unwrap_err();
    assert!(e.is_user());
    let [chn, rus] = s.resolve_distinct(["CHN", "RUS"]).unwrap();
    let e = profile(
        s,
        chn.ccode,
        rus.ccode,
        &ProfileRequest {
            from: 2030,
            to: 2031,
            ..ProfileRequest::default()
        },
    )
    .unwrap_err();
    assert!(e.is_user() && e.to_string().contains("1946–2024"), "{e}");
    let e = series(
        s,
        chn,
        rus,
        &DyadRequest {
            reps: defaults::MAX_REPS + 1,
            ..DyadRequest::default()
        },
    )
    .unwrap_err();
    assert!(e.is_user());
}

/// What a later run reads from the derived cache is what it would compute: the index's
/// yearly references and the bloc history, read by a second session over the same
/// cache, equal those computed from the tables.
#[test]
fn derived_results_read_back_equal_to_computed() {
    let first = session();
    first.index_references().unwrap();
    first.bloc_history().unwrap();
    // Both were kept in the cache, so the second session reads, not recomputes, them.
    for kind in ["index", "blocs"] {
        let kept = std::fs::read_dir(first.cache_root().join("derived").join(kind))
            .unwrap()
            .flatten()
            .any(|e| e.path().extension().is_some_and(|x| x == "bin"));
        assert!(kept, "no derived {kind} in the cache");
    }
    let second = Session::new(None, None);
    let (lo, hi) = defaults::INDEX_YEARS;
    let years: Vec<i32> = (lo..=hi).collect();
    let computed = second.index_inputs().unwrap().references(&years);
    assert_eq!(second.index_references().unwrap(), &computed);
    let history = entente_analysis::blocs::history(
        second.ga_years().unwrap(),
        entente_core::Measure::Agree,
        &entente_analysis::blocs::options(),
    );
    // Debug text: NaN cohesion of a one-state bloc compares equal, floats to the bit.
    assert_eq!(
        format!("{:?}", second.bloc_history().unwrap()),
        format!("{history:?}")
    );
}

/// `entente ties` lists the armed conflicts (UCDP) and swap lines behind a relationship,
/// each row naming its source line.
#[test]
fn evidence_names_the_war_and_the_swap_line() {
    let s = session();
    let [rus, ukr, chn] = ["Russia", "Ukraine", "China"].map(|n| s.resolve(n).unwrap());
    let ev = entente_analysis::evidence::tie_evidence(s, rus, ukr, 2022, 2024).unwrap();
    let wars: Vec<_> = ev
        .rows
        .iter()
        .filter(|r| r.evidence == "armed conflict" && r.item.ends_with("(interstate)"))
        .collect();
    assert_eq!(wars.len(), 3, "{wars:?}");
    assert!(wars.iter().all(|r| {
        r.detail
            .starts_with("opposite sides: RUS warring party, UKR warring party")
            && r.detail.contains("1,000 or more")
            && r.source.contains("UCDP Dyadic v25.1")
    }));
    let ev = entente_analysis::evidence::tie_evidence(s, chn, rus, 2015, 2015).unwrap();
    let swap = ev
        .rows
        .iter()
        .find(|r| {
            r.evidence == "liquidity line"
                && r.direction == "CHN→RUS"
                && r.detail.starts_with("CNY 150 bn")
        })
        .expect("the 2014 PBoC–CBR swap is in force in 2015");
    assert_eq!(swap.year, Some(2014));
    // Arms deliveries after the dyad-year table ends (2021) come from SIPRI's 2025 vintage,
    // each row naming it: Russia → China 371.5 TIV in 2023 (SOURCE.md).
    let ev = entente_analysis::evidence::tie_evidence(s, chn, rus, 2023, 2023).unwrap();
    let delivered: f64 = ev
        .rows
        .iter()
        .filter(|r| r.evidence == "arms delivery" && r.direction == "RUS→CHN")
        .inspect(|r| {
            assert!(
                r.source
                    .starts_with("SIPRI transfers by delivery year, generated 2025-01-03")
            )
        })
        .filter_map(|r| r.value)
        .sum();
    assert!((delivered - 371.5).abs() < 0.051, "{delivered}");
    assert!(
        !ev.rows.iter().any(|r| r.evidence == "arms volume"),
        "the dyad-year table ends in 2021"
    );
    assert!(
        !ev.rows
            .iter()
            .any(|r| r.evidence == "armed conflict" && r.detail.starts_with("opposite"))
    );
}

/// The alignment score means what its name says (docs/validation.md): states at war
/// at the bottom of the year's dyads, allies near the top, and rival dyads (our own
/// list from the rivalry literature, tests/validation/rivalries.csv) below the other
/// dyads of states that have a rival.
#[test]
fn alignment_ranks_allies_high_and_rivals_low() {
    use entente_analysis::validation::{face_validity, separation};
    use entente_core::index::{Kind, Weights};
    let s = session();
    let code = |q: &str| s.resolve(q).unwrap().ccode;
    let (rus, ukr) = (code("Russia"), code("Ukraine"));
    let allies = [("USA", "GBR"), ("USA", "JPN"), ("FRA", "DEU")];
    let mut pairs = vec![(rus, ukr)];
    pairs.extend(allies.iter().map(|(a, b)| (code(a), code(b))));
    let w = Weights::default();
    let years: Vec<i32> = (2014..=2024).collect();
    let face = face_validity(s, &pairs, &years, &w).unwrap();
    for r in &face {
        let p = r.alignment_percentile.unwrap();
        if (r.a, r.b) == (rus, ukr) {
            assert!(p < 0.05, "Russia–Ukraine {}: percentile {p}", r.year);
        } else {
            assert!(p > 0.9, "{}–{} {}: percentile {p}", r.a, r.b, r.year);
        }
    }
    assert_eq!(face.len(), years.len() * pairs.len());
    let list = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../tests/validation/rivalries.csv");
    let rivals = entente_sources::rivalries::read(&list, s.registry().unwrap()).unwrap();
    let sep = separation(s, &rivals, &[1985, 2000, 2010, 2020], Kind::Alignment, &w).unwrap();
    for r in &sep {
        assert!(r.rivals >= 15, "{}: {} rival dyads", r.year, r.rivals);
        let auc = r.auc.unwrap();
        assert!(auc >= 0.85, "{}: AUC {auc}", r.year);
    }
    // Intensity is not alignment: it does not separate rivals (they often have much to
    // do with each other).
    let int = separation(s, &rivals, &[2010], Kind::Intensity, &w).unwrap();
    assert!(int[0].auc.unwrap() < 0.6, "intensity AUC {:?}", int[0].auc);
}

/// The panels computed pair by pair over several years hold, for every dyad, the raw
/// indicators the dyad's own lookup gives, to the last bit, and one panel per year
/// whatever the years are computed with.
#[test]
fn panels_of_several_years_equal_each_dyads_own_values() {
    let s = session();
    let inputs = s.index_inputs().unwrap();
    let years = [1962, 1991, 1992, 2015];
    let together = inputs.panels(&years);
    assert_eq!(together.len(), years.len());
    for (panel, &year) in together.iter().zip(&years) {
        assert_eq!(panel.year, year);
        let alone = inputs.panel(year);
        assert_eq!(panel.dyads, alone.dyads);
        let n = panel.dyads.len();
        assert!(n > 1000, "{year}: {n} dyads");
        assert!(panel.dyads.windows(2).all(|w| w[0] < w[1]));
        let bits = |v: &[f64]| v.iter().map(|x| x.to_bits()).collect::<Vec<_>>();
        assert_eq!(
            panel.values.iter().map(|v| bits(v)).collect::<Vec<_>>(),
            alone.values.iter().map(|v| bits(v)).collect::<Vec<_>>()
        );
        // Every 13th dyad against its own lookup (each builds both states' partner lists).
        for (d, &(a, b)) in panel.dyads.iter().enumerate().step_by(13) {
            let own = inputs.raw(a, b, year).0;
            assert_eq!(bits(&panel.values[d]), bits(&own), "{year} {a}-{b}");
        }
    }
}
