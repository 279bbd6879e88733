//! `entente ideal`: dynamic ordinal ideal points from the UN votes.

use std::collections::HashMap;
use std::path::PathBuf;

use anyhow::Result;
use entente_analysis::defaults;
use entente_analysis::ideal::{IdealRequest, estimate_cached};
use entente_core::ideal::{IdealOptions, IdealTable};
use entente_core::stats::pearson;
use entente_core::votes::RollCallFilter;
use entente_sources::reference;

use super::FilterArgs;
use crate::context::{Context, user_error};
use crate::output::{Cell, Format, Rows};

/// Ideal points: each state's position per year on the main dimension of UN voting,
/// estimated from the merged votes (yes < abstain < no, ordered probit, random-walk
/// positions, roll calls that repeat a resolution bridge the years).
///
/// Scaled to mean 0 and sd 1 over all state-years, the United States positive, as the
/// published Bailey–Strezhnev–Voeten estimates. The estimate always uses every year;
/// --from/--to/--year choose the years shown, --issue/--important/--body the votes used. q05/q50/q95 come from a nonparametric
/// bootstrap over roll calls with --boot N (seeded), otherwise from the smoother's
/// posterior variance (approximate, narrower). Results are cached per vote subset and
/// settings. See docs/ideal-points.md.
///
/// Examples:
///   entente ideal --year 2024
///   entente ideal China Russia "United States" --from 1971
///   entente ideal --boot 100 --format csv --out ideal.csv
#[derive(clap::Args, Debug)]
#[command(verbatim_doc_comment)]
pub struct Args {
    /// States to show side by side (default: every state, one row per state-year).
    pub states: Vec<String>,
    #[command(flatten)]
    pub filter: FilterArgs,
    #[command(flatten)]
    pub model: ModelArgs,
    /// Bootstrap replicates for q05/q50/q95 (0: posterior-variance intervals).
    #[arg(long, default_value_t = 0, value_parser = super::ideal_boot)]
    pub boot: usize,
    /// Bootstrap seed.
    #[arg(long, default_value_t = defaults::SEED)]
    pub seed: u64,
    /// Output: an aligned table for people, csv or json for machines (notes go to stderr with csv and json).
    #[arg(long, value_enum, default_value = "table")]
    pub format: Format,
    /// Write to this file instead of standard output (atomically; one line on stderr names the file, rows and size).
    #[arg(long, short, value_parser = crate::output::out_path)]
    pub out: Option<PathBuf>,
}

/// Model settings (shared by `ideal`, `validate ideal` and `align -m ideal_distance`).
#[derive(clap::Args, Debug, Clone)]
pub struct ModelArgs {
    /// Standard deviation of a state's yearly random-walk step, on the latent scale.
    #[arg(long, default_value_t = 3.0)]
    pub sigma: f64,
    /// Prior variance of a state's position in its first year (normal, mean 0).
    #[arg(long, default_value_t = 16.0)]
    pub first_prior_var: f64,
    /// Prior variance of the roll-call parameters α and β (normal, mean 0).
    #[arg(long, default_value_t = 25.0)]
    pub item_prior_var: f64,
    /// Extra prior precision pulling each year's position towards 0 (0 = the pure random walk).
    #[arg(long, default_value_t = 0.0)]
    pub shrink: f64,
    /// Convergence: stop when positions correlate above 1 − tol between iterations.
    #[arg(long, default_value_t = 1e-6)]
    pub tol: f64,
    /// Iteration limit.
    #[arg(long, default_value_t = 500, value_parser = super::iterations)]
    pub max_iter: usize,
}

impl ModelArgs {
    pub fn options(&self) -> Result<IdealOptions> {
        if !(self.sigma > 0.0 && self.sigma <= 100.0) {
            return Err(user_error(format!(
                "--sigma must be in (0, 100], got {}",
                self.sigma
            )));
        }
        for (name, v) in [
            ("--item-prior-var", self.item_prior_var),
            ("--first-prior-var", self.first_prior_var),
        ] {
            if !(v > 0.0 && v.is_finite()) {
                return Err(user_error(format!("{name} must be positive, got {v}")));
            }
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
            item_prior_var: self.item_prior_var,
            first_prior_var: self.first_prior_var,
        })
    }
}

/// The positions other commands use for `ideal_distance`: the default model over the
/// whole history of `filter`'s body and issue (its years ignored), no bootstrap.
pub fn whole_history(ctx: &Context, filter: &RollCallFilter) -> Result<IdealTable> {
    Ok(estimate_cached(
        ctx.session(),
        &IdealRequest {
            filter: filter.clone(),
            ..IdealRequest::default()
        },
    )?)
}

pub fn run(ctx: &Context, args: Args) -> Result<()> {
    let model = args.model.options()?;
    let filter = args.filter.filter()?;
    let reg = ctx.registry()?;
    let chosen: Vec<u16> = args
        .states
        .iter()
        .map(|q| Ok(ctx.resolve(reg, q)?.ccode))
        .collect::<Result<_>>()?;
    // Years select the rows shown; the estimate always uses every year, so positions
    // are comparable whatever span is displayed (issue and body filters select votes).
    let whole = filter.whole_history();
    let mut est = estimate_cached(
        ctx.session(),
        &IdealRequest {
            filter: whole,
            model,
            boot: args.boot,
            seed: args.seed,
        },
    )?;
    est.rows.retain(|r| filter.contains_year(r.year));
    let code = |cc: u16| reg.code3_of(cc);
    let mut rows;
    if chosen.is_empty() {
        rows = Rows::new([
            "year", "iso3", "ccode", "ideal", "q05", "q50", "q95", "n_votes",
        ]);
        for r in &est.rows {
            rows.push(vec![
                Cell::Int(r.year.into()),
                code(r.ccode).into(),
                Cell::Int(r.ccode.into()),
                Some(r.ideal).into(),
                Some(r.q05).into(),
                Some(r.q50).into(),
                Some(r.q95).into(),
                Cell::Int(r.n_votes.into()),
            ]);
        }
    } else {
        let mut cols = vec!["year".to_string()];
        for &cc in &chosen {
            let c = code(cc);
            cols.extend([c.clone(), format!("{c}_q05"), format!("{c}_q95")]);
        }
        rows = Rows::new(cols);
        let index = est.by_state_year();
        let years: std::collections::BTreeSet<i32> = est.rows.iter().map(|r| r.year).collect();
        for year in years {
            let mut row = vec![Cell::Int(year.into())];
            let mut any = false;
            for cc in &chosen {
                match index.get(&(*cc, year)) {
                    Some(r) => {
                        any = true;
                        row.extend([Some(r.ideal).into(), Some(r.q05).into(), Some(r.q95).into()]);
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
        "Ideal points: {} EM iterations{}{}; q05/q95 from {}.",
        est.iterations,
        if est.converged { "" } else { " (not converged)" },
        if est.cached { ", from the cache" } else { "" },
        if est.boot > 0 {
            format!("a nonparametric bootstrap over roll calls ({} replicates, seed {})", est.boot, args.seed)
        } else {
            "the posterior variance (±1.645 sd; approximate — use --boot 100 for bootstrap quantiles)".to_string()
        }
    ));
    rows.notes.push(
        "Scale: mean 0, sd 1 over all state-years; United States positive. Year: UN session year."
            .into(),
    );
    if filter.issue.is_some() || filter.important_only {
        rows.notes.push(
            "Issue codes and important-vote flags exist to 2019 only: later years have no votes in this subset."
                .into(),
        );
    }
    rows.notes.push("Model: dynamic ordinal probit after Bailey, Strezhnev & Voeten (2017), estimated by EM (docs/ideal-points.md).".into());
    rows.write(args.format, args.out.as_deref())
}

/// A published position: COW code, year, ideal point.
type Published = (u16, i32, f64);

/// `entente validate ideal`: correlation with the published estimates.
pub fn validate(ctx: &Context, format: Format, model: &ModelArgs) -> Result<()> {
    let est = estimate_cached(
        ctx.session(),
        &IdealRequest {
            model: model.options()?,
            ..IdealRequest::default()
        },
    )?;
    let ours: HashMap<(u16, i32), f64> = est
        .rows
        .iter()
        .map(|r| ((r.ccode, r.year), r.ideal))
        .collect();
    let dir = ctx.data_dir()?;
    let jun = reference::load_ideal_jun2024(dir)?;
    let july = reference::load_ideal_july2025(dir)?;
    let refs: Vec<(&str, Vec<Published>)> = vec![
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
    for (name, data) in refs {
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
        "entente: sigma {}, first-year prior variance {}, shrink {}, {} iterations (converged: {}); per-year correlations over years with at least 50 states.",
        model.sigma, model.first_prior_var, model.shrink, est.iterations, est.converged
    ));
    rows.notes.push("References: Bailey, Strezhnev & Voeten (2017), JCR 61(2); Harvard Dataverse hdl:1902.1/12379 (June 2024 and July 2025 files).".into());
    rows.write(format, None)
}
