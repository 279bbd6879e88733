//! The composite relationship index of a dyad over years (docs/index.md): the inputs
//! from the session, the years checked against what the index covers, the contributions
//! in the latest year with an index. `entente profile`, the brief and the dashboard
//! render this one result.

use entente_core::index::profile::{Inputs, ProfileYear, common_weights, composition_changes};
use entente_core::index::{INDICATORS, Weights};

use crate::defaults;
use crate::error::{Error, Result};
use crate::session::Session;

/// What to compute.
#[derive(Clone, Debug)]
pub struct ProfileRequest {
    pub from: i32,
    pub to: i32,
    pub weights: Weights,
    /// Use only the indicators present in every year (one composition throughout).
    pub common: bool,
    /// Bootstrap replicates for the interval (0: none).
    pub reps: usize,
    pub seed: u64,
}

impl Default for ProfileRequest {
    fn default() -> Self {
        ProfileRequest {
            from: defaults::INDEX_YEARS.0,
            to: defaults::INDEX_YEARS.1,
            weights: Weights::default(),
            common: false,
            reps: defaults::INDEX_REPS,
            seed: defaults::SEED,
        }
    }
}

/// One indicator's part of the index in a year.
#[derive(Clone, Debug)]
pub struct Contribution {
    pub dimension: &'static str,
    pub indicator: &'static str,
    /// The raw value (None: missing).
    pub value: Option<f64>,
    /// Its score −1 … 1 (None: missing).
    pub score: Option<f64>,
    /// Its nominal weight in the index.
    pub weight: f64,
    pub contribution: Option<f64>,
}

/// A dyad's index over years.
#[derive(Clone, Debug)]
pub struct Profile {
    pub years: Vec<ProfileYear>,
    /// The weights used (with `common`, the indicators absent in some year are 0).
    pub weights: Weights,
    /// The latest year with an index and each indicator's contribution in it (only
    /// indicators with weight).
    pub contributions: Option<(i32, Vec<Contribution>)>,
    /// Years in which the set of indicators used changes.
    pub composition_changes: Vec<i32>,
}

/// `from`–`to` within the index's years, or an invalid request saying which they are.
pub fn check_years(from: i32, to: i32) -> Result<()> {
    let (lo, hi) = defaults::INDEX_YEARS;
    if from > to {
        return Err(Error::invalid(format!("--from {from} is after --to {to}")));
    }
    if from < lo || to > hi {
        return Err(Error::invalid(format!(
            "entente profiles the years {lo}–{hi} (UN votes begin in {lo}; the latest tie data end in {hi})"
        )));
    }
    Ok(())
}

/// `from`–`to` clipped to the index's years (None: no overlap).
pub fn clip_years(from: i32, to: i32) -> Option<(i32, i32)> {
    let (lo, hi) = defaults::INDEX_YEARS;
    let (f, t) = (from.max(lo), to.min(hi));
    (f <= t).then_some((f, t))
}

impl Session {
    /// What the index is computed from (loads votes, ideal points and tie datasets).
    pub fn index_inputs(&self) -> Result<Inputs<'_>> {
        Ok(Inputs {
            registry: self.registry()?,
            blocks: self.ga_years()?.iter().map(|b| (b.year, b)).collect(),
            ideal: self.ideal_map()?,
            ties: self.ties()?,
            references: None,
        })
    }
}

/// The index of `a` and `b` over the request's years.
pub fn profile(session: &Session, a: u16, b: u16, req: &ProfileRequest) -> Result<Profile> {
    check_years(req.from, req.to)?;
    if req.reps > defaults::MAX_REPS {
        return Err(Error::invalid(format!(
            "at most {} bootstrap replicates, not {}",
            defaults::MAX_REPS,
            req.reps
        )));
    }
    let inputs = Inputs {
        references: Some(session.index_references()?),
        ..session.index_inputs()?
    };
    let years: Vec<i32> = (req.from..=req.to).collect();
    let boot = entente_core::agreement::Bootstrap {
        seed: req.seed,
        ..defaults::bootstrap(req.reps)
    };
    let mut weights = req.weights.clone();
    let mut prof = inputs.profile(a, b, &years, &weights, &boot);
    if req.common {
        weights = common_weights(&prof, &weights).ok_or_else(|| {
            Error::invalid("no indicator is present in every year asked for; narrow --from/--to")
        })?;
        prof = inputs.profile(a, b, &years, &weights, &boot);
    }
    let nominal = weights.nominal();
    let contributions = prof
        .iter()
        .rev()
        .find(|p| p.composite.index.is_some())
        .map(|p| {
            let rows = INDICATORS
                .iter()
                .enumerate()
                .filter(|(i, _)| weights.indicator[*i] > 0.0)
                .map(|(i, ind)| Contribution {
                    dimension: ind.dimension.name(),
                    indicator: ind.key,
                    value: Some(p.raw[i]).filter(|v| !v.is_nan()),
                    score: Some(p.scores[i]).filter(|v| !v.is_nan()),
                    weight: nominal[i],
                    contribution: p.composite.contributions[i],
                })
                .collect();
            (p.year, rows)
        });
    Ok(Profile {
        composition_changes: composition_changes(&prof, &weights),
        years: prof,
        weights,
        contributions,
    })
}

/// Indicators with weight that are missing in a year (their keys).
pub fn missing(p: &ProfileYear, w: &Weights) -> Vec<&'static str> {
    INDICATORS
        .iter()
        .enumerate()
        .filter(|(i, _)| w.indicator[*i] > 0.0 && p.scores[*i].is_nan())
        .map(|(_, ind)| ind.key)
        .collect()
}

/// Every dyad of states in the system in one year: raw indicators and the index.
#[derive(Clone, Debug)]
pub struct YearIndex {
    pub year: i32,
    /// (lower COW code, higher COW code).
    pub dyads: Vec<(u16, u16)>,
    pub raw: Vec<[f64; entente_core::index::N]>,
    pub composites: Vec<entente_core::index::Composite>,
}

/// The index of every dyad of `year` (no intervals).
pub fn year_index(session: &Session, year: i32, weights: &Weights) -> Result<YearIndex> {
    use entente_core::index::{combine, scores};
    use rayon::prelude::*;
    check_years(year, year)?;
    let panel = session.index_inputs()?.panel(year);
    let refs = panel.references();
    let composites = panel
        .values
        .par_iter()
        .map(|raw| combine(&scores(raw, &refs), weights))
        .collect();
    Ok(YearIndex {
        year,
        dyads: panel.dyads,
        raw: panel.values,
        composites,
    })
}
