//! Shared by the system commands (blocs, drift, breaks, triangle): the score named by
//! `--measure` and the note that describes it.

use anyhow::Result;
use entente_core::Measure;
use entente_core::index::Kind;
use entente_core::network::Score;

use super::IDEAL_DISTANCE;
use crate::context::user_error;

/// Parses one score: an agreement measure, `ideal_distance`, `alignment` or
/// `intensity`.
pub fn parse_score(name: &str) -> Result<Score> {
    let name = name.trim();
    if name == IDEAL_DISTANCE {
        return Ok(Score::IdealDistance);
    }
    if let Some(k) = Kind::ALL.into_iter().find(|k| k.name() == name) {
        return Ok(Score::Relationship(k));
    }
    let measure: Measure = name.parse().map_err(|e| {
        user_error(format!(
            "{e} (or ideal_distance, alignment, intensity; one measure here, not a list)"
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
        Score::Relationship(Kind::Alignment) => format!("Score: alignment (−1 … 1, together vs against: signed evidence from votes, alliances, arms, sanctions, liquidity lines and events, gated by hostility; docs/index.md) of every pair of states in the system, 1946–2024; network weights: (1 + score) / 2; no bootstrap. {}", entente_analysis::profile::source_ends_line()),
        Score::Relationship(Kind::Intensity) => format!("Score: intensity (0 … 1, how much two states have to do with each other — not how close they are; docs/index.md); network weights: the score itself; no bootstrap. {}", entente_analysis::profile::source_ends_line()),
    }
}
