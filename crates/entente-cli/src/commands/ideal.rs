//! `entente ideal`: dynamic ordinal ideal points from the UN votes.

use std::collections::HashMap;
use std::path::PathBuf;
use std::time::Duration;

use anyhow::Result;
use entente_core::agreement::{Grouping, blocks};
use entente_core::ideal::{IdealFit, IdealOptions, Prepared, estimate, prepare, title_links};
use entente_core::{Measure, Registry, VoteTable};
use entente_sources::reference;
use indicatif::{ProgressBar, ProgressStyle};

use super::FilterArgs;
use crate::context::{Context, user_error};
use crate::output::{Cell, Format, Rows};

/// Ideal points: each state's position per year on the main dimension of UN voting,
/// estimated from the merged votes (yes < abstain < no, ordered probit, random-walk
/// positions, roll calls that repeat a resolution bridge the years).
///
/// Scaled to mean 0 and sd 1 over all state-years, the United States positive, as the
/// published Bailey–Strezhnev–Voeten estimates. See docs/ideal-points.md.
///
/// Examples:
///   entente ideal --year 2024
///   entente ideal China Russia "United States" --from 1971
///   entente ideal --format csv --out ideal.csv
#[derive(clap::Args, Debug)]
#[command(verbatim_doc_comment)]
pub struct Args {
    /// States to show side by side (default: every state, one row per state-year).
    pub states: Vec<String>,
    #[command(flatten)]
    pub filter: FilterArgs,
    #[command(flatten)]
    pub model: ModelArgs,
    #[arg(long, value_enum, default_value = "table")]
    pub format: Format,
    #[arg(long, short)]
    pub out: Option<PathBuf>,
}

/// Model settings (shared by `ideal` and `validate ideal`).
#[derive(clap::Args, Debug, Clone)]
pub struct ModelArgs {
    /// Standard deviation of a state's yearly random-walk step (scale: the first year's N(0, 1) prior).
    #[arg(long, default_value_t = 0.2)]
    pub sigma: f64,
    /// Extra prior precision pulling each year's position towards 0 (0 = the pure random walk).
    #[arg(long, default_value_t = 0.0)]
    pub shrink: f64,
    /// Convergence: stop when positions correlate above 1 − tol between iterations.
    #[arg(long, default_value_t = 1e-6)]
    pub tol: f64,
    /// Iteration limit.
    #[arg(long, default_value_t = 500)]
    pub max_iter: usize,
}

impl ModelArgs {
    pub fn options(&self) -> Result<IdealOptions> {
        if !(self.sigma > 0.0 && self.sigma < 10.0) {
            return Err(user_error(format!(
                "--sigma must be between 0 and 10, got {}",
                self.sigma
            )));
        }
        if !(0.0..=100.0).contains(&self.shrink) {
            return Err(user_error(format!(
                "--shrink must be between 0 and 100, got {}",
                self.shrink
            )));
        }
        if !(self.tol > 0.0 && self.tol < 1.0) || self.max_iter == 0 {
            return Err(user_error(
                "--tol must be in (0, 1) and --max-iter at least 1",
            ));
        }
        Ok(IdealOptions {
            sigma: self.sigma,
            shrink: self.shrink,
            tol: self.tol,
            max_iter: self.max_iter,
            ..IdealOptions::default()
        })
    }
}

/// Everything needed to estimate: the input and its start.
pub struct Estimate {
    pub prepared: Prepared,
    pub fit: IdealFit,
}

/// Starting positions: 4 × (agreement with the United States − ½) per state-year.
fn start(
    table: &VoteTable,
    prepared: &Prepared,
    filter: &entente_core::votes::RollCallFilter,
) -> Vec<f64> {
    let ny = prepared.years.len();
    let year_index: HashMap<i32, usize> = prepared
        .years
        .iter()
        .enumerate()
        .map(|(i, &y)| (y, i))
        .collect();
    let mut init = vec![f64::NAN; prepared.states.len() * ny];
    for block in blocks(table, filter, Grouping::Year) {
        let (Some(&t), Some(us)) = (year_index.get(&block.year), block.index(2)) else {
            continue;
        };
        for (s, &cc) in prepared.states.iter().enumerate() {
            if let Some(i) = block.index(cc) {
                let v = if cc == 2 {
                    Some(1.0)
                } else {
                    block.pair_table(i, us).value(Measure::Agree)
                };
                if let Some(v) = v {
                    init[s * ny + t] = 4.0 * (v - 0.5);
                }
            }
        }
    }
    init
}

/// Runs the estimate on the cached votes.
pub fn run_estimate(
    ctx: &Context,
    reg: &Registry,
    filter: &entente_core::votes::RollCallFilter,
    model: &IdealOptions,
) -> Result<Estimate> {
    let votes = ctx.votes(reg, false)?;
    let mut links = reference::load_matches(&ctx.data_dir()?)?;
    links.extend(title_links(&votes.table.rollcalls, 73));
    let prepared = prepare(&votes.table, filter, &links);
    if prepared.data.obs.is_empty() {
        return Err(user_error(
            "no roll calls with split votes match these filters",
        ));
    }
    let init = start(&votes.table, &prepared, filter);
    let us = prepared.states.iter().position(|&c| c == 2);
    let bar = ProgressBar::new_spinner();
    bar.set_style(
        ProgressStyle::with_template("{spinner} {msg} [{elapsed}]")
            .unwrap_or_else(|_| ProgressStyle::default_spinner()),
    );
    bar.enable_steady_tick(Duration::from_millis(120));
    bar.set_message(format!(
        "estimating ideal points: {} states, {} years, {} roll calls in {} groups, {} votes",
        prepared.states.len(),
        prepared.years.len(),
        prepared.rollcalls.len(),
        prepared.data.n_groups,
        prepared.data.obs.len()
    ));
    let t0 = std::time::Instant::now();
    let opts = *model;
    let fit = estimate(&prepared.data, &opts, &init, us);
    bar.finish_and_clear();
    tracing::info!(
        "{} iterations (converged: {}) in {:?}",
        fit.iterations,
        fit.converged,
        t0.elapsed()
    );
    Ok(Estimate { prepared, fit })
}

pub fn run(ctx: &Context, args: Args) -> Result<()> {
    let model = args.model.options()?;
    let filter = args.filter.filter()?;
    let reg = ctx.registry()?;
    let chosen: Vec<u16> = args
        .states
        .iter()
        .map(|q| Ok(ctx.resolve(&reg, q)?.ccode))
        .collect::<Result<_>>()?;
    let est = run_estimate(ctx, &reg, &filter, &model)?;
    let (p, fit) = (&est.prepared, &est.fit);
    let ny = p.years.len();
    let code = |cc: u16| {
        reg.by_ccode(cc)
            .map_or_else(|| cc.to_string(), |c| c.code3().to_string())
    };
    let ci = |s: usize, t: usize| {
        let (m, v) = (fit.theta(s, t), fit.var[s * ny + t]);
        (m - 1.645 * v.sqrt(), m + 1.645 * v.sqrt())
    };
    let mut rows;
    if chosen.is_empty() {
        rows = Rows::new([
            "year", "iso3", "ccode", "ideal", "q05", "q50", "q95", "n_votes",
        ]);
        for (t, &year) in p.years.iter().enumerate() {
            for (s, &cc) in p.states.iter().enumerate() {
                let n = p.n_votes[s * ny + t];
                if n == 0 {
                    continue;
                }
                let (lo, hi) = ci(s, t);
                rows.push(vec![
                    Cell::Int(year.into()),
                    code(cc).into(),
                    Cell::Int(cc.into()),
                    Some(fit.theta(s, t)).into(),
                    Some(lo).into(),
                    Some(fit.theta(s, t)).into(),
                    Some(hi).into(),
                    Cell::Int(n.into()),
                ]);
            }
        }
    } else {
        let mut cols = vec!["year".to_string()];
        for &cc in &chosen {
            let c = code(cc);
            cols.extend([c.clone(), format!("{c}_q05"), format!("{c}_q95")]);
        }
        rows = Rows::new(cols);
        let index: HashMap<u16, usize> =
            p.states.iter().enumerate().map(|(i, &c)| (c, i)).collect();
        for (t, &year) in p.years.iter().enumerate() {
            let mut row = vec![Cell::Int(year.into())];
            let mut any = false;
            for cc in &chosen {
                match index.get(cc).filter(|&&s| p.n_votes[s * ny + t] > 0) {
                    Some(&s) => {
                        any = true;
                        let (lo, hi) = ci(s, t);
                        row.extend([
                            Some(fit.theta(s, t)).into(),
                            Some(lo).into(),
                            Some(hi).into(),
                        ]);
                    }
                    None => row.extend([Cell::Num(None), Cell::Num(None), Cell::Num(None)]),
                }
            }
            if any {
                rows.push(row);
            }
        }
    }
    rows.notes.push(format!(
        "Ideal points: {} iterations{}; q05/q95 from the posterior variance of the random-walk smoother (±1.645 sd).",
        fit.iterations,
        if fit.converged { "" } else { " (not converged)" }
    ));
    rows.notes.push(
        "Scale: mean 0, sd 1 over all state-years; United States positive. Year: UN session year."
            .into(),
    );
    rows.write(args.format, args.out.as_deref())
}

/// Pearson correlation.
pub fn pearson(pairs: &[(f64, f64)]) -> Option<f64> {
    let n = pairs.len() as f64;
    if pairs.len() < 3 {
        return None;
    }
    let (ma, mb) = (
        pairs.iter().map(|p| p.0).sum::<f64>() / n,
        pairs.iter().map(|p| p.1).sum::<f64>() / n,
    );
    let (mut c, mut va, mut vb) = (0.0, 0.0, 0.0);
    for (a, b) in pairs {
        c += (a - ma) * (b - mb);
        va += (a - ma).powi(2);
        vb += (b - mb).powi(2);
    }
    Some(c / (va * vb).sqrt())
}

/// A published position: COW code, year, ideal point.
type Published = (u16, i32, f64);

/// `entente validate ideal`: correlation with the published estimates.
pub fn validate(ctx: &Context, format: Format, model: &ModelArgs) -> Result<()> {
    let reg = ctx.registry()?;
    let filter = entente_core::votes::RollCallFilter::default();
    let est = run_estimate(ctx, &reg, &filter, &model.options()?)?;
    let (p, fit) = (&est.prepared, &est.fit);
    let ny = p.years.len();
    let ours: HashMap<(u16, i32), f64> = p
        .states
        .iter()
        .enumerate()
        .flat_map(|(s, &cc)| {
            p.years
                .iter()
                .enumerate()
                .filter(move |(t, _)| p.n_votes[s * ny + t] > 0)
                .map(move |(t, &y)| ((cc, y), fit.theta(s, t)))
        })
        .collect();
    let dir = ctx.data_dir()?;
    let jun = reference::load_ideal_jun2024(&dir)?;
    let july = reference::load_ideal_july2025(&dir)?;
    let mut refs: Vec<(&str, Vec<Published>)> = vec![
        (
            "Jun2024 IdealPointAll",
            jun.iter()
                .filter_map(|r| Some((r.ccode, i32::from(r.session) + 1945, r.ideal?)))
                .collect(),
        ),
        (
            "July2025 idealpointall",
            july.iter()
                .filter_map(|r| Some((r.ccode, r.year, r.ideal_all?)))
                .collect(),
        ),
        (
            "July2025 idealpointfp",
            july.iter()
                .filter_map(|r| Some((r.ccode, r.year, r.ideal_fp?)))
                .collect(),
        ),
    ];
    let mut rows = Rows::new([
        "reference",
        "n",
        "pearson_all",
        "years_50plus",
        "min_year_pearson",
        "min_year",
    ]);
    for (name, data) in refs.drain(..) {
        let pairs: Vec<(i32, f64, f64)> = data
            .iter()
            .filter_map(|&(cc, y, v)| ours.get(&(cc, y)).map(|&o| (y, o, v)))
            .collect();
        let all: Vec<(f64, f64)> = pairs.iter().map(|&(_, a, b)| (a, b)).collect();
        let mut by_year: std::collections::BTreeMap<i32, Vec<(f64, f64)>> = Default::default();
        for &(y, a, b) in &pairs {
            by_year.entry(y).or_default().push((a, b));
        }
        let per_year: Vec<(i32, f64)> = by_year
            .iter()
            .filter(|(_, v)| v.len() >= 50)
            .filter_map(|(&y, v)| Some((y, pearson(v)?)))
            .collect();
        let min = per_year.iter().copied().min_by(|a, b| a.1.total_cmp(&b.1));
        rows.push(vec![
            name.into(),
            Cell::Int(all.len() as i64),
            pearson(&all).into(),
            Cell::Int(per_year.len() as i64),
            min.map(|m| m.1).into(),
            min.map_or(Cell::Str(String::new()), |m| Cell::Int(m.0.into())),
        ]);
    }
    rows.notes.push(format!(
        "entente: sigma {}, shrink {}, {} iterations (converged: {}); per-year correlations over years with at least 50 states.",
        model.sigma, model.shrink, fit.iterations, fit.converged
    ));
    rows.notes.push("References: Bailey, Strezhnev & Voeten (2017), JCR 61(2); Harvard Dataverse hdl:1902.1/12379 (June 2024 and July 2025 files).".into());
    rows.write(format, None)
}
