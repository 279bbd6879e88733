//! Who stands between two states (`entente brokers A B`): every other state's score
//! with each side in one year, the weaker of the two and the balance between them —
//! the states close to both are the candidates to mediate, or to be courted by both.
//! On a UN agreement measure (with bootstrap intervals from the year's roll calls,
//! resampled jointly for every pair) or on alignment / intensity (docs/index.md).

use entente_core::Measure;
use entente_core::agreement::{Block, quantile};
use entente_core::index::Kind;
use entente_core::network::Score;
use rayon::prelude::*;

use crate::defaults;
use crate::error::{Error, Result};
use crate::session::Session;

/// What to compute.
#[derive(Clone, Debug)]
pub struct BrokerRequest {
    /// The year (UN session year); None: the last year in which A and B cast at least
    /// [`defaults::FEW_VOTES`] joint votes.
    pub year: Option<i32>,
    pub score: Score,
    /// Bootstrap replicates for the intervals (agreement measures only; 0: none).
    pub reps: usize,
    pub seed: u64,
    /// Fewest joint votes of a candidate with each side (agreement measures).
    pub min_votes: u32,
}

impl Default for BrokerRequest {
    fn default() -> Self {
        BrokerRequest {
            year: None,
            score: Score::Agreement(Measure::Agree),
            reps: defaults::INDEX_REPS,
            seed: defaults::SEED,
            min_votes: defaults::FEW_VOTES,
        }
    }
}

/// One candidate's standing with both sides.
#[derive(Clone, Debug, PartialEq)]
pub struct Broker {
    pub ccode: u16,
    pub with_a: f64,
    pub with_b: f64,
    /// 95% intervals (agreement measures with replicates).
    pub with_a_ci: Option<(f64, f64)>,
    pub with_b_ci: Option<(f64, f64)>,
    /// The weaker of the two (the ranking).
    pub weaker: f64,
    /// with_a − with_b: positive leans to A.
    pub balance: f64,
    /// Joint votes with each side (agreement measures; 0 otherwise).
    pub votes_a: u32,
    pub votes_b: u32,
}

/// The answer: the year, the two sides' own score, and the candidates ranked by the
/// weaker of their two scores (closest to both first).
#[derive(Clone, Debug)]
pub struct Brokers {
    pub year: i32,
    pub score: Score,
    /// A's score with B that year (None: not defined).
    pub between: Option<f64>,
    pub candidates: Vec<Broker>,
}

/// The last year in which `a` and `b` cast at least `min_votes` joint votes.
fn latest_year(blocks: &[Block], a: u16, b: u16, min_votes: u32) -> Option<i32> {
    blocks
        .iter()
        .rev()
        .find(|bk| match (bk.index(a), bk.index(b)) {
            (Some(i), Some(j)) => bk.pair_table(i, j).n() >= min_votes,
            _ => false,
        })
        .map(|bk| bk.year)
}

/// The percentile interval of `values` (None when empty).
fn interval(mut values: Vec<f64>) -> Option<(f64, f64)> {
    values.retain(|v| v.is_finite());
    if values.is_empty() {
        return None;
    }
    values.sort_by(f64::total_cmp);
    Some((quantile(&values, 0.025), quantile(&values, 0.975)))
}

/// Candidates on an agreement measure in one year's block.
fn on_votes(block: &Block, a: u16, b: u16, measure: Measure, req: &BrokerRequest) -> Vec<Broker> {
    let (Some(ia), Some(ib)) = (block.index(a), block.index(b)) else {
        return Vec::new();
    };
    let replicates: Vec<_> = (0..req.reps).map(|r| block.resample(req.seed, r)).collect();
    block
        .states
        .par_iter()
        .enumerate()
        .filter(|&(_, &c)| c != a && c != b)
        .filter_map(|(ic, &c)| {
            let (ta, tb) = (block.pair_table(ic, ia), block.pair_table(ic, ib));
            if ta.n() < req.min_votes || tb.n() < req.min_votes {
                return None;
            }
            let (with_a, with_b) = (ta.value(measure)?, tb.value(measure)?);
            let draws = |other: usize| -> Vec<f64> {
                replicates
                    .iter()
                    .filter_map(|rs| block.pair_table_resampled(ic, other, rs).value(measure))
                    .collect()
            };
            Some(Broker {
                ccode: c,
                with_a,
                with_b,
                with_a_ci: interval(draws(ia)),
                with_b_ci: interval(draws(ib)),
                weaker: with_a.min(with_b),
                balance: with_a - with_b,
                votes_a: ta.n(),
                votes_b: tb.n(),
            })
        })
        .collect()
}

/// Candidates on alignment or intensity in one year.
fn on_scores(session: &Session, a: u16, b: u16, year: i32, kind: Kind) -> Result<Vec<Broker>> {
    let w = entente_core::index::Weights::default();
    let with = |x: u16| -> Result<std::collections::HashMap<u16, f64>> {
        Ok(crate::profile::partners(session, x, year, &w)?
            .into_iter()
            .filter_map(|p| {
                let v = match kind {
                    Kind::Alignment => p.alignment,
                    Kind::Intensity => p.intensity,
                };
                Some((p.ccode, v?))
            })
            .collect())
    };
    let (of_a, of_b) = (with(a)?, with(b)?);
    Ok(of_a
        .iter()
        .filter(|(c, _)| **c != b)
        .filter_map(|(&c, &with_a)| {
            let with_b = *of_b.get(&c)?;
            Some(Broker {
                ccode: c,
                with_a,
                with_b,
                with_a_ci: None,
                with_b_ci: None,
                weaker: with_a.min(with_b),
                balance: with_a - with_b,
                votes_a: 0,
                votes_b: 0,
            })
        })
        .collect())
}

/// Every other state's standing with `a` and with `b`, closest to both first.
pub fn brokers(session: &Session, a: u16, b: u16, req: &BrokerRequest) -> Result<Brokers> {
    if req.reps > defaults::MAX_REPS {
        return Err(Error::invalid(format!(
            "at most {} bootstrap replicates, not {}",
            defaults::MAX_REPS,
            req.reps
        )));
    }
    let blocks = session.ga_years()?;
    let year = match req.year {
        Some(y) => y,
        None => latest_year(blocks, a, b, req.min_votes).ok_or_else(|| {
            Error::invalid(
                "the two never cast enough joint votes in the General Assembly; give --year",
            )
        })?,
    };
    let (mut candidates, between) = match req.score {
        Score::Agreement(measure) => {
            let block = blocks
                .iter()
                .find(|bk| bk.year == year)
                .ok_or_else(|| Error::invalid(format!("no General Assembly votes in {year}")))?;
            let between = match (block.index(a), block.index(b)) {
                (Some(i), Some(j)) => block.pair_table(i, j).value(measure),
                _ => None,
            };
            (on_votes(block, a, b, measure, req), between)
        }
        Score::Relationship(kind) => {
            crate::profile::check_years(year, year)?;
            let between = crate::profile::partners(session, a, year, &Default::default())?
                .into_iter()
                .find(|p| p.ccode == b)
                .and_then(|p| match kind {
                    Kind::Alignment => p.alignment,
                    Kind::Intensity => p.intensity,
                });
            (on_scores(session, a, b, year, kind)?, between)
        }
        Score::IdealDistance => {
            return Err(Error::invalid(
                "brokers ranks by a score where higher is closer: use an agreement measure (agree, kappa, …), alignment or intensity",
            ));
        }
    };
    candidates.sort_by(|x, y| {
        y.weaker
            .total_cmp(&x.weaker)
            .then(x.balance.abs().total_cmp(&y.balance.abs()))
            .then(x.ccode.cmp(&y.ccode))
    });
    Ok(Brokers {
        year,
        score: req.score,
        between,
        candidates,
    })
}
