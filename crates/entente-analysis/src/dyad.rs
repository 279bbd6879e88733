//! A pair of states in the UN General Assembly: agreement and κ per session year with
//! bootstrap intervals, the ideal-point distance with its interval, turning points,
//! and the roll calls behind a year. The brief, the dashboard and `entente align`'s
//! defaults all come from here.

use std::collections::HashMap;

use entente_core::agreement::{Block, blocks_between, pair_series};
use entente_core::breaks::{BreakOptions, SeriesBreaks, pair_breaks};
use entente_core::ideal::{Distance, IdealRow, distance};
use entente_core::{Country, Measure};
use serde::Serialize;

use crate::defaults;
use crate::error::{Error, Result};
use crate::session::Session;

/// A state as results name it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct StateRef {
    pub ccode: u16,
    pub code: String,
    pub name: String,
}

impl From<&Country> for StateRef {
    fn from(c: &Country) -> Self {
        StateRef {
            ccode: c.ccode,
            code: c.code3().to_string(),
            name: c.name.clone(),
        }
    }
}

/// Years and intervals of a dyad series.
#[derive(Clone, Copy, Debug)]
pub struct DyadRequest {
    pub from: i32,
    pub to: i32,
    /// Bootstrap replicates for the agreement and κ intervals (0: none).
    pub reps: usize,
    pub seed: u64,
}

impl Default for DyadRequest {
    fn default() -> Self {
        DyadRequest {
            from: defaults::VOTE_YEARS.0,
            to: defaults::VOTE_YEARS.1,
            reps: defaults::REPS,
            seed: defaults::SEED,
        }
    }
}

/// Both states' ideal points in a year and their distance.
#[derive(Clone, Copy, Debug, Serialize)]
pub struct IdealPair {
    pub a: IdealRow,
    pub b: IdealRow,
    pub distance: Distance,
}

/// One session year of a dyad.
#[derive(Clone, Debug, Serialize)]
pub struct DyadYear {
    pub year: i32,
    /// Roll calls on which both voted yes, abstain or no.
    pub n_votes: u32,
    pub agree: Option<f64>,
    pub agree_ci: Option<(f64, f64)>,
    pub kappa: Option<f64>,
    pub kappa_ci: Option<(f64, f64)>,
    /// None when either state has no ideal point that year.
    pub ideal: Option<IdealPair>,
}

/// A dyad's yearly series.
#[derive(Clone, Debug, Serialize)]
pub struct DyadSeries {
    pub a: StateRef,
    pub b: StateRef,
    pub reps: usize,
    pub seed: u64,
    /// Years with joint votes, in order.
    pub years: Vec<DyadYear>,
}

/// The measures of a dyad series, in the order of its intervals.
const MEASURES: [Measure; 2] = [Measure::Agree, Measure::Kappa];

/// The pair's series over `req`'s years (both states must differ).
pub fn series(
    session: &Session,
    a: &Country,
    b: &Country,
    req: &DyadRequest,
) -> Result<DyadSeries> {
    if req.reps > defaults::MAX_REPS {
        return Err(Error::invalid(format!(
            "at most {} bootstrap replicates, not {}",
            defaults::MAX_REPS,
            req.reps
        )));
    }
    let blocks = blocks_between(session.ga_years()?, req.from, req.to);
    let points = session.ideal_points()?;
    let ideal: HashMap<(u16, i32), &IdealRow> = points
        .rows
        .iter()
        .filter(|r| {
            (r.ccode == a.ccode || r.ccode == b.ccode) && r.year >= req.from && r.year <= req.to
        })
        .map(|r| ((r.ccode, r.year), r))
        .collect();
    Ok(series_of(blocks, a, b, req, &ideal))
}

fn series_of(
    blocks: &[Block],
    a: &Country,
    b: &Country,
    req: &DyadRequest,
    ideal: &HashMap<(u16, i32), &IdealRow>,
) -> DyadSeries {
    let boot = entente_core::agreement::Bootstrap {
        seed: req.seed,
        ..defaults::bootstrap(req.reps)
    };
    let years = pair_series(
        blocks,
        a.ccode,
        b.ccode,
        &MEASURES,
        (req.reps > 0).then_some(&boot),
    )
    .into_iter()
    .map(|p| {
        let iv = |k: usize| {
            p.intervals
                .as_ref()
                .and_then(|v| v[k])
                .map(|i| (i.lo, i.hi))
        };
        let pair = ideal
            .get(&(a.ccode, p.year))
            .zip(ideal.get(&(b.ccode, p.year)))
            .map(|(x, z)| IdealPair {
                a: **x,
                b: **z,
                distance: distance(x, z),
            });
        DyadYear {
            year: p.year,
            n_votes: p.table.n(),
            agree: p.table.value(Measure::Agree),
            agree_ci: iv(0),
            kappa: p.table.value(Measure::Kappa),
            kappa_ci: iv(1),
            ideal: pair,
        }
    })
    .collect();
    DyadSeries {
        a: a.into(),
        b: b.into(),
        reps: req.reps,
        seed: req.seed,
        years,
    }
}

/// Break options with the defaults and `seed`.
pub fn break_options(seed: u64) -> BreakOptions {
    BreakOptions {
        reps: defaults::BREAK_REPS,
        seed,
        ..BreakOptions::default()
    }
}

/// Turning points of the pair's `measure` over `from`–`to` (PELT, default options).
pub fn breaks(
    session: &Session,
    a: u16,
    b: u16,
    from: i32,
    to: i32,
    measure: Measure,
    seed: u64,
) -> Result<Option<SeriesBreaks>> {
    let shown = blocks_between(session.ga_years()?, from, to);
    let pair = [(a.min(b), a.max(b))];
    Ok(
        pair_breaks(shown, measure, Some(&pair), &break_options(seed))
            .into_iter()
            .next()
            .map(|r| r.1),
    )
}

/// How two states voted on one roll call.
#[derive(Clone, Debug, Serialize)]
pub struct EvidenceVote {
    pub date: String,
    pub symbol: Option<String>,
    pub title: String,
    /// "yes", "abstain" or "no".
    pub a: &'static str,
    pub b: &'static str,
    pub same: bool,
}

/// Vote names by position code (0 yes, 1 abstain, 2 no).
const VOTE_NAMES: [&str; 3] = ["yes", "abstain", "no"];

/// The roll calls of a session year on which both voted yes, abstain or no, at most
/// `limit` of them, in roll-call order.
pub fn evidence(
    session: &Session,
    a: u16,
    b: u16,
    year: i32,
    limit: usize,
) -> Result<Vec<EvidenceVote>> {
    let Some(block) = session.ga_years()?.iter().find(|bk| bk.year == year) else {
        return Ok(Vec::new());
    };
    let (Some(i), Some(j)) = (block.index(a), block.index(b)) else {
        return Ok(Vec::new());
    };
    let (pa, pb) = (block.positions(i), block.positions(j));
    // One pass over the table for this block's roll calls (block ids are sorted).
    let info: HashMap<u32, &entente_core::RollCall> = session
        .votes()?
        .table
        .rollcalls
        .iter()
        .filter(|r| block.rollcalls.binary_search(&r.id).is_ok())
        .map(|r| (r.id, r))
        .collect();
    Ok(block
        .rollcalls
        .iter()
        .enumerate()
        .filter_map(|(k, id)| {
            let (x, z) = (pa[k]?, pb[k]?);
            let rc = info.get(id)?;
            Some(EvidenceVote {
                date: rc.date.to_string(),
                symbol: rc.symbol.clone(),
                title: rc.title.clone(),
                a: VOTE_NAMES[x as usize],
                b: VOTE_NAMES[z as usize],
                same: x == z,
            })
        })
        .take(limit)
        .collect())
}
