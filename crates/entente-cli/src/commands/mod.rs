//! One module per command.

pub mod align;
pub mod blocs;
pub mod breaks;
pub mod brief;
pub mod brokers;
pub mod check;
pub mod cluster;
pub mod countries;
pub mod data;
pub mod drift;
pub mod events;
pub mod export;
pub mod forecast;
pub mod generate;
pub mod ideal;
pub mod ingest;
pub mod matrix;
pub mod network;
pub mod profile;
pub mod scenario;
pub mod serve;
pub mod shift;
pub mod since;
pub mod sources;
pub mod sql;
pub mod ties;
pub mod triangle;
pub mod validate;
pub mod votes;

use std::collections::BTreeSet;

use entente_analysis::defaults;
use entente_core::agreement::{Bootstrap, Grouping};
use entente_core::votes::RollCallFilter;
use entente_core::{Body, Date, Issue, Measure, SourceId, VoteTable, YearMode};

use crate::context::user_error;

/// Years a command accepts (the UN's first session to well past today's data).
const YEAR_RANGE: std::ops::RangeInclusive<i64> = 1800..=2100;

/// A `--from`/`--to` value: a year (1800–2100) or a date `YYYY-MM-DD`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Bound {
    Year(i32),
    Date(Date),
}

impl Bound {
    /// The year (of the date).
    pub fn year(self) -> i32 {
        match self {
            Bound::Year(y) => y,
            Bound::Date(d) => d.year,
        }
    }
}

/// A count from 0 to `max`, or an error naming the limit.
fn bounded(s: &str, max: usize, what: &str) -> Result<usize, String> {
    let n: usize = s
        .trim()
        .parse()
        .map_err(|_| format!("'{s}' is not a whole number"))?;
    if n > max {
        return Err(format!("at most {max} {what}, not {n}"));
    }
    Ok(n)
}

/// `--reps`: bootstrap replicates, at most [`defaults::MAX_REPS`].
pub fn reps(s: &str) -> Result<usize, String> {
    bounded(s, defaults::MAX_REPS, "bootstrap replicates")
}

/// `--mc`: Monte Carlo runs, at most [`defaults::MAX_MC`].
pub fn mc_runs(s: &str) -> Result<usize, String> {
    bounded(s, defaults::MAX_MC, "Monte Carlo runs")
}

/// `--rounds`: bargaining rounds, 1 to [`defaults::MAX_ROUNDS`].
pub fn rounds(s: &str) -> Result<usize, String> {
    match bounded(s, defaults::MAX_ROUNDS, "rounds")? {
        0 => Err("at least 1 round".into()),
        n => Ok(n),
    }
}

/// `ideal --boot`: ideal-point bootstrap replicates (each a full estimate), at most
/// [`defaults::MAX_IDEAL_BOOT`].
pub fn ideal_boot(s: &str) -> Result<usize, String> {
    bounded(
        s,
        defaults::MAX_IDEAL_BOOT,
        "ideal-point bootstrap replicates",
    )
}

/// `ideal --max-iter`: EM iterations, 1 to 100,000.
pub fn iterations(s: &str) -> Result<usize, String> {
    match bounded(s, 100_000, "iterations")? {
        0 => Err("at least 1 iteration".into()),
        n => Ok(n),
    }
}

/// Parses a date `YYYY-MM-DD` in 1800–2100 (`--at`).
pub fn parse_date(s: &str) -> Result<Date, String> {
    match parse_bound(s)? {
        Bound::Date(d) => Ok(d),
        Bound::Year(y) => Err(format!(
            "'{y}' is a year; give a date YYYY-MM-DD (e.g. {y}-02-24)"
        )),
    }
}

/// Parses `--from`/`--to`: `2022` or `2022-02-24`.
fn parse_bound(s: &str) -> Result<Bound, String> {
    let s = s.trim();
    if s.contains('-') {
        let d = Date::parse(s)
            .ok_or_else(|| format!("'{s}' is not a date YYYY-MM-DD (e.g. 2022-02-24)"))?;
        if !YEAR_RANGE.contains(&i64::from(d.year)) {
            return Err(format!("{} is not in 1800–2100", d.year));
        }
        return Ok(Bound::Date(d));
    }
    let y: i64 = s
        .parse()
        .map_err(|_| format!("'{s}' is neither a year nor a date YYYY-MM-DD"))?;
    if !YEAR_RANGE.contains(&y) {
        return Err(format!("{y} is not in 1800–2100"));
    }
    Ok(Bound::Year(y as i32))
}

/// `--from`, `--to` and `--year`, checked once: each a year in 1800–2100 (`--from` and
/// `--to` also a date), `--year` excludes the other two, and `--from` is not after `--to`.
#[derive(clap::Args, Debug, Clone, Default)]
pub struct YearArgs {
    /// First year, or first date YYYY-MM-DD (inclusive; a UN session year for vote-based
    /// answers; a date selects roll calls and events by their date; year-based data use
    /// its year).
    #[arg(long, value_name = "YEAR|DATE", value_parser = parse_bound)]
    pub from: Option<Bound>,
    /// Last year, or last date YYYY-MM-DD (inclusive).
    #[arg(long, value_name = "YEAR|DATE", value_parser = parse_bound)]
    pub to: Option<Bound>,
    /// A single year (same as --from Y --to Y).
    #[arg(long, value_name = "YEAR", conflicts_with_all = ["from", "to"], value_parser = clap::value_parser!(i32).range(YEAR_RANGE))]
    pub year: Option<i32>,
}

impl YearArgs {
    /// The first and last year asked for (None: open); a date counts as its year.
    pub fn span(&self) -> anyhow::Result<(Option<i32>, Option<i32>)> {
        self.check()?;
        Ok(match self.year {
            Some(y) => (Some(y), Some(y)),
            None => (self.from.map(Bound::year), self.to.map(Bound::year)),
        })
    }

    fn check(&self) -> anyhow::Result<()> {
        if let (Some(f), Some(t)) = (self.from, self.to) {
            let after = match (f, t) {
                (Bound::Date(x), Bound::Date(y)) => x > y,
                _ => f.year() > t.year(),
            };
            if after {
                let show = |b: Bound| match b {
                    Bound::Year(y) => y.to_string(),
                    Bound::Date(d) => d.to_string(),
                };
                return Err(user_error(format!(
                    "--from {} is after --to {}",
                    show(f),
                    show(t)
                )));
            }
        }
        Ok(())
    }

    /// The bounds as a roll-call filter reads them: a year bound as a year, a date bound
    /// as a date (and no year bound on that side, so that a session year that began
    /// before the date still contributes its later votes).
    fn filter_bounds(&self) -> anyhow::Result<[(Option<i32>, Option<Date>); 2]> {
        self.check()?;
        if let Some(y) = self.year {
            return Ok([(Some(y), None), (Some(y), None)]);
        }
        let side = |b: Option<Bound>| match b {
            Some(Bound::Year(y)) => (Some(y), None),
            Some(Bound::Date(d)) => (None, Some(d)),
            None => (None, None),
        };
        Ok([side(self.from), side(self.to)])
    }
}

/// A UN body.
#[derive(clap::ValueEnum, Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum BodyArg {
    /// General Assembly.
    #[default]
    Ga,
    /// Security Council.
    Sc,
}

impl From<BodyArg> for Body {
    fn from(b: BodyArg) -> Body {
        match b {
            BodyArg::Ga => Body::GeneralAssembly,
            BodyArg::Sc => Body::SecurityCouncil,
        }
    }
}

/// One of Voeten's issue codes.
#[derive(clap::ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum IssueArg {
    /// The Palestinian conflict.
    Me,
    /// Nuclear weapons and material.
    Nu,
    /// Arms control and disarmament.
    Di,
    /// Human rights.
    Hr,
    /// Colonialism.
    Co,
    /// Economic development.
    Ec,
}

impl From<IssueArg> for Issue {
    fn from(i: IssueArg) -> Issue {
        match i {
            IssueArg::Me => Issue::Me,
            IssueArg::Nu => Issue::Nu,
            IssueArg::Di => Issue::Di,
            IssueArg::Hr => Issue::Hr,
            IssueArg::Co => Issue::Co,
            IssueArg::Ec => Issue::Ec,
        }
    }
}

/// Which roll calls to use (shared by align, matrix, ideal, since, the system commands
/// and validate).
#[derive(clap::Args, Debug, Clone)]
pub struct FilterArgs {
    #[command(flatten)]
    pub years: YearArgs,
    /// Only roll calls on one of Voeten's issues. Issues are coded to 2019 only.
    #[arg(long, value_enum, value_name = "CODE")]
    pub issue: Option<IssueArg>,
    /// Only the US State Department's "important" votes (coded from session 38, 1983, to 2019).
    #[arg(long)]
    pub important: bool,
    /// Count years by the calendar year of the vote date instead of the session year.
    #[arg(long)]
    pub calendar: bool,
    /// UN body.
    #[arg(long, value_enum, default_value = "ga", value_name = "BODY")]
    pub body: BodyArg,
}

impl FilterArgs {
    pub fn filter(&self) -> anyhow::Result<RollCallFilter> {
        let [(from, from_date), (to, to_date)] = self.years.filter_bounds()?;
        Ok(RollCallFilter {
            body: self.body.into(),
            from,
            to,
            from_date,
            to_date,
            year_mode: if self.calendar {
                YearMode::Calendar
            } else {
                YearMode::Session
            },
            issue: self.issue.map(Issue::from),
            important_only: self.important,
        })
    }
}

/// The ideal-point distance's name in `--measure`.
pub use entente_analysis::pair::IDEAL_DISTANCE;

/// The relationship scores (`alignment`, `intensity`) a `--measure` list names.
pub fn score_kinds(list: &str) -> Vec<entente_core::index::Kind> {
    entente_core::index::Kind::ALL
        .into_iter()
        .filter(|k| list.split(',').any(|m| m.trim() == k.name()))
        .collect()
}

fn is_score_kind(name: &str) -> bool {
    entente_core::index::Kind::ALL
        .iter()
        .any(|k| k.name() == name)
}

/// A `--measure` list split into the agreement measures and whether it names
/// `ideal_distance` (which is not an agreement measure); `alignment` and `intensity`
/// are left to [`score_kinds`].
pub fn split_measures(list: &str) -> anyhow::Result<(Vec<Measure>, bool)> {
    let with_ideal = list.split(',').any(|m| m.trim() == IDEAL_DISTANCE);
    let rest: Vec<&str> = list
        .split(',')
        .map(str::trim)
        .filter(|m| *m != IDEAL_DISTANCE && !is_score_kind(m))
        .collect();
    if (with_ideal || !score_kinds(list).is_empty()) && rest.iter().all(|m| m.is_empty()) {
        return Ok((Vec::new(), with_ideal));
    }
    let measures = Measure::parse_list(&rest.join(",")).map_err(|e| user_error(e.to_string()))?;
    Ok((measures, with_ideal))
}

/// Which measures, over which grouping, with which intervals (shared by align and matrix).
#[derive(clap::Args, Debug, Clone)]
pub struct MeasureArgs {
    /// Measures, comma-separated: agree, agree_half, s (= s_abs,s_sq), s_abs, s_sq, kappa, pi, all;
    /// ideal_distance (|θa − θb| of `entente ideal`, estimated on first use; not with --span);
    /// alignment, intensity (the dyad-year scores of `entente profile`, 1946–2024; matrix).
    #[arg(long, short, default_value = "all")]
    pub measure: String,
    /// Add bootstrap 95% intervals (columns <measure>_lo, <measure>_hi), resampling roll calls.
    #[arg(long)]
    pub ci: bool,
    /// Bootstrap replicates.
    #[arg(long, default_value_t = defaults::REPS, value_parser = reps)]
    pub reps: usize,
    /// Bootstrap seed (results are reproducible for a seed).
    #[arg(long, default_value_t = defaults::SEED)]
    pub seed: u64,
    /// One value for the whole span instead of one per year.
    #[arg(long)]
    pub span: bool,
}

impl MeasureArgs {
    /// The agreement measures asked for (`ideal_distance` is not one: see
    /// [`MeasureArgs::ideal_distance`]).
    pub fn measures(&self) -> anyhow::Result<Vec<Measure>> {
        Ok(split_measures(&self.measure)?.0)
    }

    /// Whether `--measure` names `ideal_distance` (|θa − θb| from `entente ideal`).
    pub fn ideal_distance(&self) -> bool {
        self.measure.split(',').any(|m| m.trim() == IDEAL_DISTANCE)
    }

    pub fn grouping(&self) -> Grouping {
        if self.span {
            Grouping::Span
        } else {
            Grouping::Year
        }
    }

    /// The bootstrap settings when `--ci` is given.
    pub fn bootstrap(&self) -> Option<Bootstrap> {
        self.ci.then_some(Bootstrap {
            reps: self.reps,
            seed: self.seed,
            level: 0.95,
        })
    }

    /// Output columns: `leading`, then each measure (with `_lo`/`_hi` under `--ci`).
    pub fn columns(&self, leading: &[&str], measures: &[Measure]) -> Vec<String> {
        let mut columns: Vec<String> = leading.iter().map(|s| s.to_string()).collect();
        for m in measures {
            columns.push(m.name().to_string());
            if self.ci {
                columns.push(format!("{}_lo", m.name()));
                columns.push(format!("{}_hi", m.name()));
            }
        }
        columns
    }
}

/// The notes printed under a table: year convention and the sources of the roll calls used.
pub fn source_notes(table: &VoteTable, filter: &RollCallFilter) -> Vec<String> {
    let used: BTreeSet<SourceId> = table
        .rollcalls
        .iter()
        .filter(|r| filter.accepts(r))
        .map(|r| r.source)
        .collect();
    let mut notes = vec![match filter.year_mode {
        YearMode::Session => "Year: UN session year (session + 1945); emergency special sessions count in the regular session in progress.".to_string(),
        YearMode::Calendar => "Year: calendar year of the vote date.".to_string(),
    }];
    if filter.issue.is_some() || filter.important_only {
        notes.push(
            "Issue codes and important-vote flags exist to 2019 only (Voeten, unvotes).".into(),
        );
    }
    for s in used {
        notes.push(format!("Source: {}.", s.citation()));
    }
    notes
}
