//! The strategic triangle of three states per year (Dittmer's configurations with
//! bootstrap stability): `entente triangle`, the brief's triangle and the dashboard's.

use entente_core::agreement::{Block, Grouping, blocks, blocks_between};
use entente_core::network::Score;
use entente_core::triangle::{TrioYear, trio_from_matrix, trio_year};
use entente_core::votes::RollCallFilter;

use crate::blocs::year_networks;
use crate::error::Result;
use crate::session::Session;

/// What to compute.
#[derive(Clone, Debug)]
pub struct TriangleRequest {
    /// The roll calls (body, issue, years).
    pub filter: RollCallFilter,
    pub score: Score,
    /// Joint bootstrap replicates behind the stability (agreement scores only).
    pub reps: usize,
    pub seed: u64,
    /// Fewest joint votes of each pair in a year for it to be shown (agreement scores;
    /// [`crate::defaults::FEW_VOTES`] for yearly views, 0 for a window of dates the user
    /// chose).
    pub min_votes: u32,
}

/// Whether each pair of `trio` cast at least `min` joint votes in `bk`: fewer make a
/// configuration out of a handful of roll calls.
fn enough_joint_votes(bk: &Block, trio: [u16; 3], min: u32) -> bool {
    let idx = trio.map(|s| bk.index(s));
    [(0, 1), (0, 2), (1, 2)]
        .iter()
        .all(|&(i, j)| match (idx[i], idx[j]) {
            (Some(x), Some(y)) => bk.pair_table(x, y).n() >= min.max(1),
            _ => false,
        })
}

/// The three states' configuration in every year where all three dyads have joint votes
/// (on agreement: at least `req.min_votes` each).
pub fn timeline(session: &Session, trio: [u16; 3], req: &TriangleRequest) -> Result<Vec<TrioYear>> {
    match req.score {
        Score::Agreement(measure) => {
            let of = |bks: &[Block]| -> Vec<TrioYear> {
                bks.iter()
                    .filter(|bk| enough_joint_votes(bk, trio, req.min_votes))
                    .filter_map(|bk| trio_year(bk, trio, measure, req.reps, req.seed))
                    .collect()
            };
            // The General Assembly's session years are loaded once per session.
            if req.filter.is_whole_ga_years() {
                let (from, to) = (
                    req.filter.from.unwrap_or(i32::MIN),
                    req.filter.to.unwrap_or(i32::MAX),
                );
                Ok(of(blocks_between(session.ga_years()?, from, to)))
            } else {
                Ok(of(&blocks(
                    &session.votes()?.table,
                    &req.filter,
                    Grouping::Year,
                )))
            }
        }
        Score::IdealDistance | Score::Relationship(_) => {
            Ok(year_networks(session, &req.filter, req.score)?
                .iter()
                .filter_map(|net| trio_from_matrix(&net.matrix, trio))
                .collect())
        }
    }
}
