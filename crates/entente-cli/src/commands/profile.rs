//! `entente profile A B`: the dyad-year dimension tables and the composite
//! relationship index with its bootstrap interval and per-indicator contributions.

use std::collections::HashMap;
use std::path::PathBuf;

use anyhow::Result;
use entente_core::agreement::{Bootstrap, Grouping, blocks};
use entente_core::index::profile::{Inputs, ProfileYear, common_weights, composition_changes};
use entente_core::index::{self, Composite, DIMENSIONS, INDICATORS, Reference, Weights};
use entente_core::votes::RollCallFilter;
use entente_sources::nmc;
use entente_sources::ties::dyads::DyadSources;
use entente_sources::ties::{self, OBLIGATIONS, cow, events, jme, sanctions};
use rayon::prelude::*;

use super::ideal::IdealRow;
use crate::context::{Context, user_error};
use crate::output::{Cell, Format, Rows};

/// The composite relationship index of two states per year, with its evidence.
///
/// Dimension scores and an index from −1 to 1 (0 = the typical dyad of that year), from
/// UN votes, ideal points, IGOs, alliances, arms transfers, exercises, disputes, trade,
/// sanctions, Chinese finance and events.
///
/// Each indicator is ranked against all dyads of the same year (mid-rank percentile,
/// mapped to −1 … 1, negated for distance, disputes and sanctions), averaged within
/// dimensions and across dimensions with the weights (default: equal; --weights FILE).
/// Indicators outside their dataset's years are missing, never 0, and the other
/// weights are renormalised; `coverage` is the share of the weight present, and the
/// index is left empty below --min-coverage. The interval is a seeded bootstrap of
/// the sampling error (UN roll calls, ideal points, event counts). Definitions:
/// docs/index.md.
///
/// Examples:
///   entente profile China Russia --from 1990 --to 2021
///   entente profile China Russia --year 2014 --show contributions
///   entente profile China Russia --show indicators --format csv
///   entente profile --all --year 2010 --format csv --out index2010.csv
#[derive(clap::Args, Debug)]
#[command(verbatim_doc_comment)]
pub struct Args {
    /// The two states (name, code or COW number); leave out with --all.
    #[arg(required_unless_present = "all")]
    pub a: Option<String>,
    #[arg(required_unless_present = "all")]
    pub b: Option<String>,
    /// Every dyad of one year (with --year), no intervals.
    #[arg(long, requires = "year", conflicts_with_all = ["a", "b"])]
    pub all: bool,
    #[arg(long, conflicts_with = "year")]
    pub from: Option<i32>,
    #[arg(long, conflicts_with = "year")]
    pub to: Option<i32>,
    #[arg(long)]
    pub year: Option<i32>,
    /// index: dimension scores and the index; indicators: the raw dyad-year table;
    /// contributions: each indicator's value, score, weight and contribution.
    #[arg(long, value_enum, default_value = "index")]
    pub show: Show,
    /// Weights in a TOML file ([dimensions], [indicators], min_coverage).
    #[arg(long, value_name = "FILE")]
    pub weights: Option<PathBuf>,
    /// Use only the indicators present in every year shown, so that years are compared
    /// on the same composition (datasets end in different years).
    #[arg(long)]
    pub common: bool,
    /// Smallest share of the weight that must be present for an index (0–1).
    #[arg(long)]
    pub min_coverage: Option<f64>,
    /// Bootstrap replicates for the interval (0: none).
    #[arg(long, default_value_t = 200)]
    pub reps: usize,
    #[arg(long, default_value_t = 42)]
    pub seed: u64,
    #[arg(long, value_enum, default_value = "table")]
    pub format: Format,
    #[arg(long, short)]
    pub out: Option<PathBuf>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum Show {
    Index,
    Indicators,
    Contributions,
}

/// Years entente can profile.
const YEARS: (i32, i32) = (1946, 2022);

fn k(key: &str) -> usize {
    index::indicator(key).expect("indicator key")
}

/// Ideal points as the index wants them: (θ, 5%, 95%) by (COW code, year).
pub fn ideal_map(rows: &HashMap<(u16, i32), IdealRow>) -> HashMap<(u16, i32), (f64, f64, f64)> {
    rows.iter()
        .map(|(k, r)| (*k, (r.ideal, r.q05, r.q95)))
        .collect()
}

fn weights(args: &Args) -> Result<Weights> {
    let mut w = match &args.weights {
        Some(p) => entente_sources::index_weights::read(p)?,
        None => Weights::default(),
    };
    if let Some(m) = args.min_coverage {
        if !(0.0..=1.0).contains(&m) {
            return Err(user_error(format!("--min-coverage must be 0–1, found {m}")));
        }
        w.min_coverage = m;
    }
    Ok(w)
}

pub fn run(ctx: &Context, args: Args) -> Result<()> {
    let mut w = weights(&args)?;
    let (from, to) = match (args.year, args.from, args.to) {
        (Some(y), _, _) => (y, y),
        (None, f, t) => (f.unwrap_or(YEARS.0), t.unwrap_or(YEARS.1)),
    };
    if from > to {
        return Err(user_error(format!("--from {from} is after --to {to}")));
    }
    if from < YEARS.0 || to > YEARS.1 {
        return Err(user_error(format!(
            "entente profiles the years {}–{} (UN votes begin in 1946; the latest tie data end in 2022)",
            YEARS.0, YEARS.1
        )));
    }
    let reg = ctx.registry()?;
    let pair = match (&args.a, &args.b) {
        (Some(a), Some(b)) if !args.all => {
            let [a, b] = ctx.resolve_distinct(&reg, [a, b])?;
            Some((a.ccode, b.ccode))
        }
        _ => None,
    };
    let data = ctx.data_dir()?;
    let votes = ctx.votes(&reg, false)?;
    let filter = RollCallFilter::default();
    let blks = blocks(&votes.table, &filter, Grouping::Year);
    let ideal = ideal_map(&super::ideal::whole_history(ctx, &votes, &filter)?.by_state_year());
    let sources = DyadSources::load(&data, &reg)?;
    let inputs = Inputs {
        registry: &reg,
        blocks: blks.iter().map(|b| (b.year, b)).collect(),
        ideal: &ideal,
        ties: &sources,
    };
    let code = |c: u16| reg.code3_of(c);
    let mut rows = match pair {
        None => all_dyads(&inputs, from, &w, &code),
        Some((a, b)) => {
            let years: Vec<i32> = (from..=to).collect();
            let boot = Bootstrap {
                reps: args.reps,
                seed: args.seed,
                level: 0.95,
            };
            let mut prof = inputs.profile(a, b, &years, &w, &boot);
            if args.common {
                w = common_weights(&prof, &w).ok_or_else(|| {
                    user_error(
                        "no indicator is present in every year asked for; narrow --from/--to",
                    )
                })?;
                prof = inputs.profile(a, b, &years, &w, &boot);
            }
            let (ca, cb) = (code(a), code(b));
            match args.show {
                Show::Index => index_rows(&prof, &ca, &cb, &w),
                Show::Indicators => {
                    indicator_rows(&prof, &ca, &cb, &sources, &nmc::cinc_all(&data)?, a, b)
                }
                Show::Contributions => contribution_rows(&prof, &ca, &cb, &w),
            }
        }
    };
    rows.notes.push(format!(
        "Index −1 … 1: each indicator ranked against all dyads of its year (0 = typical dyad), averaged within and across dimensions (weights: {}); missing indicators drop out (never 0); index shown when coverage ≥ {:.2}. Definitions: docs/index.md.",
        match (args.weights.is_some(), args.common) {
            (_, true) => "only indicators present in every year (--common)",
            (true, false) => "from --weights",
            (false, false) => "equal",
        },
        w.min_coverage
    ));
    for c in [
        "UN General Assembly roll calls (entente's merged votes) and entente's ideal points",
        ties::ATOP_CITATION,
        cow::COW_ALLIANCES_CITATION,
        cow::IGO_CITATION,
        ties::SIPRI_CITATION,
        ties::MME_CITATION,
        jme::JME_CITATION,
        ties::MIDS_CITATION,
        ties::TRADE_CITATION,
        sanctions::GSDB_CITATION,
        ties::AIDDATA_CITATION,
        events::ICEWS_DYAD_YEAR_CITATION,
    ] {
        rows.notes.push(format!("Source: {c}."));
    }
    rows.write(args.format, args.out.as_deref())
}

fn missing_list(p: &ProfileYear, w: &Weights) -> String {
    let missing: Vec<&str> = INDICATORS
        .iter()
        .enumerate()
        .filter(|(i, _)| w.indicator[*i] > 0.0 && p.scores[*i].is_nan())
        .map(|(_, ind)| ind.key)
        .collect();
    missing.join(" ")
}

fn num(v: f64) -> Cell {
    Cell::Num((!v.is_nan()).then_some(v))
}

fn index_rows(prof: &[ProfileYear], a: &str, b: &str, w: &Weights) -> Rows {
    let mut rows = Rows::new([
        "year",
        "a",
        "b",
        "index",
        "index_lo",
        "index_hi",
        "diplomatic",
        "military",
        "economic",
        "events",
        "coverage",
        "missing",
    ]);
    for p in prof {
        let c = &p.composite;
        let mut row: Vec<Cell> = vec![
            Cell::Int(p.year.into()),
            a.into(),
            b.into(),
            c.index.into(),
            p.interval.map(|i| i.0).into(),
            p.interval.map(|i| i.1).into(),
        ];
        row.extend(c.dimensions.iter().map(|d| Cell::Num(*d)));
        row.push(Some(c.coverage).into());
        row.push(missing_list(p, w).into());
        rows.push(row);
    }
    let changes: Vec<String> = composition_changes(prof, w)
        .iter()
        .map(|y| y.to_string())
        .collect();
    if !changes.is_empty() {
        rows.notes.push(format!(
            "The indicators present change in {}: compare years of equal coverage, or use --common.",
            changes.join(", ")
        ));
    }
    rows.notes.push("index_lo/index_hi: 95% bootstrap interval of sampling error (UN roll calls, ideal points, event counts); alliances, arms, trade and sanctions are records and held fixed. missing: indicators outside their dataset's years or coverage.".into());
    rows
}

fn contribution_rows(prof: &[ProfileYear], a: &str, b: &str, w: &Weights) -> Rows {
    let mut rows = Rows::new([
        "year",
        "a",
        "b",
        "dimension",
        "indicator",
        "value",
        "score",
        "weight",
        "contribution",
        "dyads",
    ]);
    let nominal = w.nominal();
    for p in prof {
        for (i, ind) in INDICATORS.iter().enumerate() {
            rows.push(vec![
                Cell::Int(p.year.into()),
                a.into(),
                b.into(),
                ind.dimension.name().into(),
                ind.key.into(),
                num(p.raw[i]),
                num(p.scores[i]),
                Some(nominal[i]).into(),
                p.composite.contributions[i].into(),
                Cell::Int(p.reference_sizes[i] as i64),
            ]);
        }
    }
    rows.notes.push("value: the raw indicator (units in docs/index.md); score: its standing among all dyads of the year, −1 … 1 (negated for ideal_distance, dispute_hostility, sanctions); weight: nominal share when every indicator is present; contribution: the share actually used × score (contributions sum to the index); dyads: dyads the indicator was ranked against.".into());
    rows
}

fn obligations(o: Option<[bool; 5]>) -> Cell {
    match o {
        None => Cell::Str(String::new()),
        Some(o) if !o.contains(&true) => "none".into(),
        Some(o) => OBLIGATIONS
            .iter()
            .zip(o)
            .filter(|(_, on)| *on)
            .map(|(n, _)| *n)
            .collect::<Vec<_>>()
            .join("+")
            .into(),
    }
}

fn sanction_cell(cases: &Option<Vec<usize>>, sources: &DyadSources) -> Cell {
    match cases {
        None => Cell::Str(String::new()),
        Some(v) if v.is_empty() => "none".into(),
        Some(v) => {
            let mut types = [false; 6];
            for &c in v {
                for (t, on) in sources.sanctions[c].types.iter().enumerate() {
                    types[t] |= on;
                }
            }
            let names: Vec<&str> = sanctions::SANCTION_TYPES
                .iter()
                .zip(types)
                .filter(|(_, on)| *on)
                .map(|(n, _)| *n)
                .collect();
            format!("{} ({})", v.len(), names.join("+")).into()
        }
    }
}

fn indicator_rows(
    prof: &[ProfileYear],
    a: &str,
    b: &str,
    sources: &DyadSources,
    cinc: &nmc::CincAll,
    ca: u16,
    cb: u16,
) -> Rows {
    let mut rows = Rows::new([
        "year",
        "a",
        "b",
        "un_agree",
        "joint_votes",
        "ideal_distance",
        "shared_igos",
        "atop_a_to_b",
        "atop_b_to_a",
        "cow_alliance_types",
        "arms_tiv_a_to_b",
        "arms_tiv_b_to_a",
        "mme_exercises",
        "jme_exercises",
        "dispute_hostility",
        "trade_a_to_b",
        "trade_b_to_a",
        "a_dependence_on_b",
        "b_dependence_on_a",
        "sanctions_a_on_b",
        "sanctions_b_on_a",
        "chinese_finance",
        "events",
        "net_cooperation",
        "cinc_a",
        "cinc_b",
    ]);
    for p in prof {
        let t = &sources.dyad_year(ca, cb, p.year);
        let f = |x: Option<f64>| Cell::Num(x);
        let n = |x: Option<u32>| Cell::Num(x.map(f64::from));
        let events = t.events_ab.zip(t.events_ba).map(|(x, y)| x.add(&y));
        rows.push(vec![
            Cell::Int(p.year.into()),
            a.into(),
            b.into(),
            num(p.raw[k("un_agree")]),
            Cell::Int(p.joint_votes.into()),
            num(p.raw[k("ideal_distance")]),
            n(t.shared_igos.map(u32::from)),
            obligations(t.atop_ab),
            obligations(t.atop_ba),
            num(p.raw[k("cow_alliance_types")]),
            f(t.arms_ab),
            f(t.arms_ba),
            n(t.mme_exercises),
            n(t.jme_exercises),
            n(t.dispute_hostility.map(u32::from)),
            f(t.trade_ab),
            f(t.trade_ba),
            f(t.dependence_a),
            f(t.dependence_b),
            sanction_cell(&t.sanctions_ab, sources),
            sanction_cell(&t.sanctions_ba, sources),
            f(t.chinese_finance),
            n(events.map(|e| e.total())),
            num(p.raw[k("net_cooperation")]),
            f(cinc.by_state_year.get(&(ca, p.year)).copied()),
            f(cinc.by_state_year.get(&(cb, p.year)).copied()),
        ]);
    }
    rows.notes.push("Empty cells: outside the dataset's years or coverage (not zero). Units: TIV millions (arms), US$ millions (trade, Chinese finance at 2021 prices), dependence = dyad trade / the side's total trade; sanctions: cases in force (types); events: ICEWS events both ways; CINC: share of world capabilities (context, not in the index).".into());
    rows
}

fn all_dyads(inputs: &Inputs<'_>, year: i32, w: &Weights, code: &dyn Fn(u16) -> String) -> Rows {
    let panel = inputs.panel(year);
    let refs: Vec<Reference> = panel.references();
    let mut rows = Rows::new([
        "year",
        "ccode_a",
        "ccode_b",
        "a",
        "b",
        "index",
        "diplomatic",
        "military",
        "economic",
        "events",
        "coverage",
    ]);
    let composites: Vec<Composite> = panel
        .values
        .par_iter()
        .map(|raw| index::combine(&index::scores(raw, &refs), w))
        .collect();
    for (&(x, y), c) in panel.dyads.iter().zip(composites) {
        let mut row: Vec<Cell> = vec![
            Cell::Int(year.into()),
            Cell::Int(x.into()),
            Cell::Int(y.into()),
            code(x).into(),
            code(y).into(),
            c.index.into(),
        ];
        row.extend(c.dimensions.iter().map(|d| Cell::Num(*d)));
        row.push(Some(c.coverage).into());
        rows.push(row);
    }
    let dims: Vec<&str> = DIMENSIONS.iter().map(|d| d.name()).collect();
    rows.notes.push(format!(
        "{} dyads of states in the system in {year}; dimensions: {}.",
        panel.dyads.len(),
        dims.join(", ")
    ));
    rows
}
