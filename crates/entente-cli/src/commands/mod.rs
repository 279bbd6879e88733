//! One module per command.

pub mod align;
pub mod blocs;
pub mod breaks;
pub mod brief;
pub mod cluster;
pub mod countries;
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
pub mod serve;
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
use entente_core::{Body, Issue, Measure, SourceId, VoteTable, YearMode};

use crate::context::user_error;

/// Years a command accepts (the UN's first session to well past today's data).
const YEAR_RANGE: std::ops::RangeInclusive<i64> = 1800..=2100;

/// `--from`, `--to` and `--year`, checked once: each a year in 1800–2100, `--year`
/// excludes the other two, and `--from` is not after `--to`.
#[derive(clap::Args, Debug, Clone, Default)]
pub struct YearArgs {
    /// First year (inclusive; a UN session year for vote-based answers).
    #[arg(long, value_name = "YEAR", value_parser = clap::value_parser!(i32).range(YEAR_RANGE))]
    pub from: Option<i32>,
    /// Last year (inclusive).
    #[arg(long, value_name = "YEAR", value_parser = clap::value_parser!(i32).range(YEAR_RANGE))]
    pub to: Option<i32>,
    /// A single year (same as --from Y --to Y).
    #[arg(long, value_name = "YEAR", conflicts_with_all = ["from", "to"], value_parser = clap::value_parser!(i32).range(YEAR_RANGE))]
    pub year: Option<i32>,
}

impl YearArgs {
    /// The first and last year asked for (None: open).
    pub fn span(&self) -> anyhow::Result<(Option<i32>, Option<i32>)> {
        let (from, to) = match self.year {
            Some(y) => (Some(y), Some(y)),
            None => (self.from, self.to),
        };
        if let (Some(f), Some(t)) = (from, to)
            && f > t
        {
            return Err(user_error(format!("--from {f} is after --to {t}")));
        }
        Ok((from, to))
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
        let (from, to) = self.years.span()?;
        Ok(RollCallFilter {
            body: self.body.into(),
            from,
            to,
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

/// A `--measure` list split into the agreement measures and whether it names
/// `ideal_distance` (which is not an agreement measure).
pub fn split_measures(list: &str) -> anyhow::Result<(Vec<Measure>, bool)> {
    let with_ideal = list.split(',').any(|m| m.trim() == IDEAL_DISTANCE);
    let rest: Vec<&str> = list
        .split(',')
        .map(str::trim)
        .filter(|m| *m != IDEAL_DISTANCE)
        .collect();
    if with_ideal && rest.iter().all(|m| m.is_empty()) {
        return Ok((Vec::new(), true));
    }
    let measures = Measure::parse_list(&rest.join(",")).map_err(|e| user_error(e.to_string()))?;
    Ok((measures, with_ideal))
}

/// Which measures, over which grouping, with which intervals (shared by align and matrix).
#[derive(clap::Args, Debug, Clone)]
pub struct MeasureArgs {
    /// Measures, comma-separated: agree, agree_half, s (= s_abs,s_sq), s_abs, s_sq, kappa, pi, all;
    /// ideal_distance (|θa − θb| of `entente ideal`, estimated on first use; not with --span).
    #[arg(long, short, default_value = "all")]
    pub measure: String,
    /// Add bootstrap 95% intervals (columns <measure>_lo, <measure>_hi), resampling roll calls.
    #[arg(long)]
    pub ci: bool,
    /// Bootstrap replicates.
    #[arg(long, default_value_t = defaults::REPS)]
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
