//! Shared by the system commands (blocs, drift, breaks): the score named by
//! `--measure` and the per-year networks it gives.

use anyhow::Result;
use entente_core::Measure;
use entente_core::agreement::{Block, Grouping, blocks};
use entente_core::network::{Score, YearMatrix};
use entente_core::votes::RollCallFilter;

use super::IDEAL_DISTANCE;
use crate::context::{Context, Votes, user_error};

/// Parses one score: an agreement measure or `ideal_distance`.
pub fn parse_score(name: &str) -> Result<Score> {
    let name = name.trim();
    if name == IDEAL_DISTANCE {
        return Ok(Score::IdealDistance);
    }
    let measure: Measure = name.parse().map_err(|e| {
        user_error(format!(
            "{e} (or ideal_distance; one measure here, not a list)"
        ))
    })?;
    Ok(Score::Agreement(measure))
}

/// A year's network with the block of roll calls behind it.
pub struct YearNetwork {
    pub matrix: YearMatrix,
    pub block: Block,
}

/// One network per year under `filter`. For `ideal_distance` the positions come from
/// `entente ideal` over the whole history of the same body and issue (the default
/// model, cached), as in `entente align`.
pub fn year_networks(
    ctx: &Context,
    votes: &Votes,
    filter: &RollCallFilter,
    score: Score,
) -> Result<Vec<YearNetwork>> {
    let blks = blocks(&votes.table, filter, Grouping::Year);
    match score {
        Score::Agreement(measure) => Ok(blks
            .into_iter()
            .map(|block| YearNetwork {
                matrix: YearMatrix::agreement(&block, measure, None),
                block,
            })
            .collect()),
        Score::IdealDistance => {
            let ideal = super::ideal::whole_history(ctx, votes, filter)?;
            Ok(blks
                .into_iter()
                .map(|block| {
                    let points: Vec<(u16, f64)> = ideal
                        .rows
                        .iter()
                        .filter(|r| r.year == block.year && block.index(r.ccode).is_some())
                        .map(|r| (r.ccode, r.ideal))
                        .collect();
                    YearNetwork {
                        matrix: YearMatrix::ideal_distance(block.year, &points),
                        block,
                    }
                })
                .collect())
        }
    }
}

/// The note describing a score's edge weights and direction.
pub fn score_note(score: Score) -> String {
    match score {
        Score::Agreement(Measure::Agree | Measure::AgreeHalf) => format!(
            "Score: {} (0–1, higher = closer); network weights: the score itself.",
            score.name()
        ),
        Score::Agreement(_) => format!(
            "Score: {} (−1–1, higher = closer); network weights: (1 + score) / 2.",
            score.name()
        ),
        Score::IdealDistance => "Score: ideal_distance |θa − θb| (lower = closer; positions of `entente ideal`, default model); network weights: exp(−distance).".to_string(),
    }
}
