//! Who moved toward or away from a state between two years (`entente drift`): every
//! partner's score in both years, the change with a bootstrap interval over roll calls,
//! and ranks among partners.

use entente_core::Country;
use entente_core::agreement::{Block, quantile};
use entente_core::network::Score;
use entente_core::votes::RollCallFilter;
use serde::Serialize;

use crate::blocs::{YearNetwork, year_networks};
use crate::error::{Error, Result};
use crate::session::Session;

/// One partner's move.
#[derive(Clone, Debug, Serialize)]
pub struct Move {
    pub partner: u16,
    pub from: f64,
    pub to: f64,
    pub n_from: u32,
    pub n_to: u32,
    pub rank_from: usize,
    pub rank_to: usize,
    /// 95% bootstrap interval of `to − from` (agreement scores with replicates).
    pub interval: Option<(f64, f64)>,
}

impl Move {
    /// The change oriented so that positive = closer.
    pub fn toward(&self, score: Score) -> f64 {
        if score.higher_is_closer() {
            self.to - self.from
        } else {
            self.from - self.to
        }
    }
}

/// What to compare.
#[derive(Clone, Debug)]
pub struct DriftRequest {
    /// The votes used (years ignored: `from` and `to` name them).
    pub filter: RollCallFilter,
    pub score: Score,
    pub from: i32,
    pub to: i32,
    /// Partners with fewer joint votes in either year are left out.
    pub min_votes: u32,
    pub reps: usize,
    pub seed: u64,
}

/// Every partner's move, and each year's partners from closest to farthest
/// ((COW code, score, joint votes)).
#[derive(Clone, Debug, Serialize)]
pub struct Drift {
    pub moves: Vec<Move>,
    pub nearest_from: Vec<(u16, f64, u32)>,
    pub nearest_to: Vec<(u16, f64, u32)>,
}

/// The moves of `state`'s partners between the request's two years.
pub fn drift(session: &Session, state: &Country, req: &DriftRequest) -> Result<Drift> {
    if req.from == req.to {
        return Err(Error::invalid("--from and --to must be different years"));
    }
    let filter = RollCallFilter {
        from: Some(req.from.min(req.to)),
        to: Some(req.from.max(req.to)),
        ..req.filter.clone()
    };
    let networks = year_networks(session, &filter, req.score)?;
    let find = |y: i32| -> Result<&YearNetwork> {
        let net = networks
            .iter()
            .find(|n| n.matrix.year == y)
            .ok_or_else(|| Error::invalid(format!("no roll calls in {y} under these filters")))?;
        if net.matrix.index(state.ccode).is_none() {
            return Err(Error::invalid(format!(
                "{} ({}) has no votes in {y}",
                state.name,
                state.code3()
            )));
        }
        Ok(net)
    };
    let (first, last) = (find(req.from)?, find(req.to)?);
    Ok(Drift {
        moves: moves(
            first,
            last,
            state.ccode,
            req.score,
            req.min_votes,
            req.reps,
            req.seed,
        ),
        nearest_from: ranked(first, state.ccode, req.min_votes),
        nearest_to: ranked(last, state.ccode, req.min_votes),
    })
}

/// A state's partners in a year from closest to farthest: (COW code, score, joint
/// votes), leaving out partners with fewer than `min_votes` joint votes.
fn ranked(net: &YearNetwork, state: u16, min_votes: u32) -> Vec<(u16, f64, u32)> {
    let m = &net.matrix;
    let Some(i) = m.index(state) else {
        return Vec::new();
    };
    let s = net.block.index(state);
    m.ranked_partners(i)
        .into_iter()
        .filter_map(|(j, v)| {
            let p = m.states[j];
            let n = match (s, net.block.index(p)) {
                (Some(s), Some(q)) => net.block.pair_table(s, q).n(),
                _ => 0,
            };
            (n >= min_votes).then_some((p, v, n))
        })
        .collect()
}

/// Partners present in both years, with ranks and (for agreement scores) bootstrap
/// intervals of the change.
fn moves(
    first: &YearNetwork,
    last: &YearNetwork,
    state: u16,
    score: Score,
    min_votes: u32,
    reps: usize,
    seed: u64,
) -> Vec<Move> {
    let rank_of = |net: &YearNetwork| -> std::collections::HashMap<u16, (usize, f64, u32)> {
        ranked(net, state, min_votes)
            .into_iter()
            .enumerate()
            .map(|(r, (p, v, n))| (p, (r + 1, v, n)))
            .collect()
    };
    let (r1, r2) = (rank_of(first), rank_of(last));
    let mut out: Vec<Move> = r1
        .iter()
        .filter_map(|(&p, &(rank_from, from, n_from))| {
            let &(rank_to, to, n_to) = r2.get(&p)?;
            Some(Move {
                partner: p,
                from,
                to,
                n_from,
                n_to,
                rank_from,
                rank_to,
                interval: None,
            })
        })
        .collect();
    if let Score::Agreement(measure) = score
        && reps > 0
    {
        let draws = |block: &Block| -> Vec<Vec<Option<f64>>> {
            let s = block.index(state).unwrap_or(0);
            (0..reps)
                .map(|rep| {
                    let rs = block.resample(seed, rep);
                    out.iter()
                        .map(|m| {
                            let p = block.index(m.partner)?;
                            block.pair_table_resampled(s, p, &rs).value(measure)
                        })
                        .collect()
                })
                .collect()
        };
        let (d1, d2) = (draws(&first.block), draws(&last.block));
        for (k, m) in out.iter_mut().enumerate() {
            let mut diffs: Vec<f64> = d1
                .iter()
                .zip(&d2)
                .filter_map(|(a, b)| Some(b[k]? - a[k]?))
                .collect();
            if diffs.len() * 2 < reps {
                continue;
            }
            diffs.sort_by(f64::total_cmp);
            m.interval = Some((quantile(&diffs, 0.025), quantile(&diffs, 0.975)));
        }
    }
    out
}
