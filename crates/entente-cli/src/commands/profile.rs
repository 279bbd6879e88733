//! `entente profile A B`: the dyad-year dimension tables and the composite
//! relationship index with its bootstrap interval and per-indicator contributions.

use std::path::PathBuf;

use anyhow::Result;
use entente_analysis::defaults;
use entente_analysis::profile::{
    Profile, ProfileRequest, YearIndex, check_years, missing, profile, year_index,
};
use entente_core::index::profile::ProfileYear;
use entente_core::index::{self, DIMENSIONS, INDICATORS, Weights};
use entente_sources::nmc;
use entente_sources::ties::dyads::DyadSources;
use entente_sources::ties::{OBLIGATIONS, sanctions};

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
    #[command(flatten)]
    pub years: super::YearArgs,
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
    #[arg(long, default_value_t = defaults::INDEX_REPS)]
    pub reps: usize,
    #[arg(long, default_value_t = defaults::SEED)]
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

fn k(key: &str) -> usize {
    index::indicator(key).expect("indicator key")
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
    let session = ctx.session();
    let w = weights(&args)?;
    let (from, to) = args.years.span()?;
    let (from, to) = (
        from.unwrap_or(defaults::INDEX_YEARS.0),
        to.unwrap_or(defaults::INDEX_YEARS.1),
    );
    check_years(from, to)?;
    let reg = ctx.registry()?;
    let code = |c: u16| reg.code3_of(c);
    let (mut rows, w) = match (&args.a, &args.b) {
        (Some(a), Some(b)) if !args.all => {
            let [a, b] = ctx.resolve_distinct([a, b])?;
            let request = ProfileRequest {
                from,
                to,
                weights: w,
                common: args.common,
                reps: args.reps,
                seed: args.seed,
            };
            let prof = profile(session, a.ccode, b.ccode, &request)?;
            let (ca, cb) = (code(a.ccode), code(b.ccode));
            let rows = match args.show {
                Show::Index => index_rows(&prof, &ca, &cb),
                Show::Indicators => indicator_rows(
                    &prof.years,
                    &ca,
                    &cb,
                    session.ties()?,
                    &nmc::cinc_all(ctx.data_dir()?)?,
                    a.ccode,
                    b.ccode,
                ),
                Show::Contributions => contribution_rows(&prof, &ca, &cb),
            };
            (rows, prof.weights)
        }
        _ => (all_dyads(&year_index(session, from, &w)?, &code), w),
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
    rows.notes.push(
        "Source: UN General Assembly roll calls (entente's merged votes) and entente's ideal points."
            .into(),
    );
    for d in entente_analysis::datasets::TIES {
        rows.notes.push(format!("Source: {}.", d.source));
    }
    rows.write(args.format, args.out.as_deref())
}

fn num(v: f64) -> Cell {
    Cell::Num((!v.is_nan()).then_some(v))
}

fn index_rows(prof: &Profile, a: &str, b: &str) -> Rows {
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
    for p in &prof.years {
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
        row.push(missing(p, &prof.weights).join(" ").into());
        rows.push(row);
    }
    let changes: Vec<String> = prof
        .composition_changes
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

fn contribution_rows(prof: &Profile, a: &str, b: &str) -> Rows {
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
    let nominal = prof.weights.nominal();
    for p in &prof.years {
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

fn all_dyads(year: &YearIndex, code: &dyn Fn(u16) -> String) -> Rows {
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
    for (&(x, y), c) in year.dyads.iter().zip(&year.composites) {
        let mut row: Vec<Cell> = vec![
            Cell::Int(year.year.into()),
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
        "{} dyads of states in the system in {}; dimensions: {}.",
        year.dyads.len(),
        year.year,
        dims.join(", ")
    ));
    rows
}
