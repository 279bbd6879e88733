//! `entente profile A B`: alignment and intensity per year with bootstrap intervals,
//! each component's contribution, and the raw dyad-year evidence.

use std::path::PathBuf;

use anyhow::Result;
use entente_analysis::defaults;
use entente_analysis::profile::{
    Profile, ProfileRequest, YearIndex, check_years, missing, profile, year_index,
};
use entente_core::index::profile::ProfileYear;
use entente_core::index::{self, COMPONENTS, GATE, INDICATORS, Kind, Weights};
use entente_sources::nmc;
use entente_sources::ties::dyads::DyadSources;
use entente_sources::ties::{OBLIGATIONS, sanctions};

use crate::context::{Context, user_error};
use crate::output::{Cell, Format, Rows};

/// How close two states are, per year: alignment and intensity, with their evidence.
///
/// alignment −1 … 1: do they stand together or against each other? From signed
/// evidence only: UN voting (κ and ideal points, ranked against the year's dyads),
/// the strongest alliance obligation, the share of arms imports one supplies to the
/// other, sanctions (−1), a central-bank liquidity line (+1) and the tone of events,
/// averaged within and across dimensions into M; hostility h (disputes and armed
/// conflict, fading over 10 years) gates it: alignment = (1 − h)·M − h. 0 means no
/// evidence either way.
///
/// intensity 0 … 1: how much they have to do with each other (trade, dependence,
/// shared IGOs, arms and exercise volume, event volume), each as the standing among
/// the year's dyads that have any. Volume is not closeness: rivals can score high.
///
/// Components outside their dataset's years are missing, never 0, and the other
/// weights are renormalised; `coverage` is the share of the weight present. Alignment
/// needs hostility evidence and UN votes or two dimensions; intensity needs two
/// components. Intervals: a seeded bootstrap of the sampling error (UN roll calls,
/// ideal points, event counts). Where each source ends is printed below the table.
/// Definitions and validation: docs/index.md, docs/validation.md.
///
/// Examples:
///   entente profile China Russia --from 1990 --to 2024
///   entente profile Russia Ukraine --year 2015 --show contributions
///   entente profile China Russia --show indicators --format csv
///   entente profile --all --year 2010 --format csv --out scores2010.csv
#[derive(clap::Args, Debug)]
#[command(verbatim_doc_comment)]
pub struct Args {
    /// The two states (name, code or COW number); leave out with --all.
    #[arg(required_unless_present = "all")]
    pub a: Option<String>,
    /// Second state: a name, ISO3/ISO2 or COW code.
    #[arg(required_unless_present = "all")]
    pub b: Option<String>,
    /// Every dyad of one year (with --year), no intervals.
    #[arg(long, requires = "year", conflicts_with_all = ["a", "b"])]
    pub all: bool,
    #[command(flatten)]
    pub years: super::YearArgs,
    /// scores: alignment and intensity with intervals and alignment's dimensions;
    /// indicators: the raw dyad-year table; contributions: each component's raw value,
    /// score, weight and contribution.
    #[arg(long, value_enum, default_value = "scores")]
    pub show: Show,
    /// Weights in a TOML file ([dimensions], [indicators] with component keys,
    /// min_coverage).
    #[arg(long, value_name = "FILE")]
    pub weights: Option<PathBuf>,
    /// Use only the components present in every year shown, so that years are compared
    /// on the same composition (datasets end in different years).
    #[arg(long)]
    pub common: bool,
    /// Smallest share of a score's weight that must be present (0–1).
    #[arg(long)]
    pub min_coverage: Option<f64>,
    /// Bootstrap replicates for the intervals (0: none).
    #[arg(long, default_value_t = defaults::INDEX_REPS, value_parser = super::reps)]
    pub reps: usize,
    /// Seed of every random draw (bootstrap, Monte Carlo): the same seed gives the same output.
    #[arg(long, default_value_t = defaults::SEED)]
    pub seed: u64,
    /// Output: an aligned table for people, csv or json for machines (notes go to stderr with csv and json).
    #[arg(long, value_enum, default_value = "table")]
    pub format: Format,
    /// Write to this file instead of standard output (atomically; one line on stderr names the file, rows and size).
    #[arg(long, short, value_parser = crate::output::out_path)]
    pub out: Option<PathBuf>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum Show {
    Scores,
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
            let mut rows = match args.show {
                Show::Scores => score_rows(&prof, &ca, &cb),
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
            rows.notes.extend(prof.coverage_notes());
            (rows, prof.weights)
        }
        _ => (all_dyads(&year_index(session, from, &w)?, &code), w),
    };
    rows.notes.push(format!(
        "alignment −1 … 1 (together vs against: signed evidence, gated by hostility); intensity 0 … 1 (how much they have to do with each other). Weights: {}; missing components drop out (never 0); a score needs coverage ≥ {:.2}. Definitions: docs/index.md.",
        match (args.weights.is_some(), args.common) {
            (_, true) => "only components present in every year (--common)",
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

fn score_rows(prof: &Profile, a: &str, b: &str) -> Rows {
    let mut rows = Rows::new([
        "year",
        "a",
        "b",
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
        "missing",
    ]);
    for p in &prof.years {
        let (al, it) = (&p.scores.alignment, &p.scores.intensity);
        let mut row: Vec<Cell> = vec![
            Cell::Int(p.year.into()),
            a.into(),
            b.into(),
            al.value.into(),
            p.intervals[0].map(|i| i.0).into(),
            p.intervals[0].map(|i| i.1).into(),
            it.value.into(),
            p.intervals[1].map(|i| i.0).into(),
            p.intervals[1].map(|i| i.1).into(),
        ];
        row.extend(al.dimensions.iter().map(|d| Cell::Num(*d)));
        row.push(num(p.components[GATE]));
        row.push(Some(al.coverage).into());
        row.push(Some(it.coverage).into());
        row.push(missing(p, &prof.weights).join(" ").into());
        rows.push(row);
    }
    for (kind, changes) in Kind::ALL.iter().zip(&prof.composition_changes) {
        if !changes.is_empty() {
            let years: Vec<String> = changes.iter().map(|y| y.to_string()).collect();
            rows.notes.push(format!(
                "The components of the {kind} change in {}: compare years of equal coverage, or use --common.",
                years.join(", ")
            ));
        }
    }
    rows.notes.push("diplomatic … events: alignment's dimensions before the hostility gate. _lo/_hi: 95% bootstrap interval of sampling error (UN roll calls, ideal points, event counts); alliances, arms, trade, sanctions and conflicts are records and held fixed. missing: components outside their dataset's years or coverage.".into());
    rows
}

fn contribution_rows(prof: &Profile, a: &str, b: &str) -> Rows {
    let mut rows = Rows::new([
        "year",
        "a",
        "b",
        "score",
        "dimension",
        "component",
        "indicator",
        "value",
        "component_score",
        "weight",
        "contribution",
        "dyads",
    ]);
    let nominal = prof.weights.nominal();
    for p in &prof.years {
        for (i, c) in COMPONENTS.iter().enumerate() {
            if prof.weights.component[i] <= 0.0 && i != GATE {
                continue;
            }
            rows.push(vec![
                Cell::Int(p.year.into()),
                a.into(),
                b.into(),
                c.kind.name().into(),
                c.dimension.name().into(),
                c.key.into(),
                INDICATORS[c.raw].key.into(),
                num(p.raw[c.raw]),
                num(p.components[i]),
                Some(nominal[i]).into(),
                p.scores.get(c.kind).contributions[i].into(),
                Cell::Int(p.reference_sizes[c.raw] as i64),
            ]);
        }
    }
    rows.notes.push("value: the raw indicator (units in docs/index.md); component_score: alignment components −1 … 1 on fixed scales (UN voting ranked among the year's dyads), intensity components 0 … 1 (standing among the year's dyads with any); weight: nominal share of the score when every component is present (hostility 0: it gates instead); contribution: sums to the score (hostility's is its pull toward −1); dyads: dyads the raw indicator was known for that year.".into());
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
        "armed_conflict",
        "hostility",
        "alliance_level",
        "arms_share",
        "trade_a_to_b",
        "trade_b_to_a",
        "a_dependence_on_b",
        "b_dependence_on_a",
        "sanctions_a_on_b",
        "sanctions_b_on_a",
        "liquidity_line",
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
            n(t.armed_conflict.map(u32::from)),
            f(t.hostility),
            f(t.alliance_level),
            f(t.arms_share),
            f(t.trade_ab),
            f(t.trade_ba),
            f(t.dependence_a),
            f(t.dependence_b),
            sanction_cell(&t.sanctions_ab, sources),
            sanction_cell(&t.sanctions_ba, sources),
            n(t.liquidity_line.map(u32::from)),
            f(t.chinese_finance),
            n(events.map(|e| e.total())),
            num(p.raw[k("net_cooperation")]),
            f(cinc.by_state_year.get(&(ca, p.year)).copied()),
            f(cinc.by_state_year.get(&(cb, p.year)).copied()),
        ]);
    }
    rows.notes.push("Empty cells: outside the dataset's years or coverage (not zero). Units: TIV millions (arms), US$ millions (trade, Chinese finance at 2021 prices), dependence = dyad trade / the side's total trade; sanctions: cases in force (types); armed_conflict: UCDP code (0 none, 1 troops supporting the other's opponent, 2 warring parties, 3 with 1,000+ deaths); hostility, alliance_level, arms_share: 0–1 as defined in docs/index.md (alliance_level carried after ATOP ends); events: ICEWS events both ways; CINC: share of world capabilities (context, not in the scores).".into());
    rows
}

fn all_dyads(year: &YearIndex, code: &dyn Fn(u16) -> String) -> Rows {
    let mut rows = Rows::new([
        "year",
        "ccode_a",
        "ccode_b",
        "a",
        "b",
        "alignment",
        "intensity",
        "diplomatic",
        "military",
        "economic",
        "events",
        "hostility",
        "coverage_alignment",
        "coverage_intensity",
    ]);
    let h = const { index::at("hostility") };
    for ((&(x, y), s), raw) in year.dyads.iter().zip(&year.scores).zip(&year.raw) {
        let mut row: Vec<Cell> = vec![
            Cell::Int(year.year.into()),
            Cell::Int(x.into()),
            Cell::Int(y.into()),
            code(x).into(),
            code(y).into(),
            s.alignment.value.into(),
            s.intensity.value.into(),
        ];
        row.extend(s.alignment.dimensions.iter().map(|d| Cell::Num(*d)));
        row.push(num(raw[h]));
        row.push(Some(s.alignment.coverage).into());
        row.push(Some(s.intensity.coverage).into());
        rows.push(row);
    }
    rows.notes.push(format!(
        "{} dyads of states in the system in {}; diplomatic … events: alignment's dimensions before the hostility gate.",
        year.dyads.len(),
        year.year,
    ));
    rows
}
