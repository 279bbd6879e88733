//! Shared by the system commands (blocs, drift, breaks, triangle): the score named by
//! `--measure` and the note that describes it.

use anyhow::Result;
use entente_core::Measure;
use entente_core::network::Score;

use super::IDEAL_DISTANCE;
use crate::context::user_error;

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
