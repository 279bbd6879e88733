//! All-pairs alignment networks of one year: a dense symmetric matrix of a measure
//! over the states voting that year, nearest partners, and the edge weights used for
//! community detection.

use crate::agreement::{Block, Resample};
use crate::measures::Measure;

/// Which alignment score a network holds.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Score {
    /// An agreement measure (higher = closer).
    Agreement(Measure),
    /// |θa − θb| of the ideal points (lower = closer).
    IdealDistance,
    /// A relationship score of the dyad-year (alignment −1 … 1 or intensity 0 … 1;
    /// higher = closer), docs/index.md.
    Relationship(crate::index::Kind),
}

impl Score {
    /// Whether a higher value means two states are closer.
    pub fn higher_is_closer(self) -> bool {
        !matches!(self, Score::IdealDistance)
    }

    pub fn name(self) -> &'static str {
        match self {
            Score::Agreement(m) => m.name(),
            Score::IdealDistance => "ideal_distance",
            Score::Relationship(k) => k.name(),
        }
    }

    /// The non-negative edge weight for community detection, from a value of the score.
    ///
    /// - agree, agree_half (0..1): the value itself;
    /// - s_abs, s_sq, kappa, pi (−1..1): (1 + v) / 2, a linear map onto 0..1;
    /// - ideal_distance (0..∞): exp(−d);
    /// - alignment (−1..1): (1 + v) / 2; intensity (0..1): the value itself.
    pub fn weight(self, value: f64) -> f64 {
        use crate::index::Kind;
        match self {
            Score::Agreement(Measure::Agree | Measure::AgreeHalf)
            | Score::Relationship(Kind::Intensity) => value.clamp(0.0, 1.0),
            Score::Agreement(_) | Score::Relationship(Kind::Alignment) => {
                ((1.0 + value) / 2.0).clamp(0.0, 1.0)
            }
            Score::IdealDistance => (-value).exp(),
        }
    }

    /// True when `x` is closer than `y` on this score.
    pub fn closer(self, x: f64, y: f64) -> bool {
        if self.higher_is_closer() {
            x > y
        } else {
            x < y
        }
    }
}

/// A year's all-pairs matrix: `values[i * n + j]` for states `i`, `j` (NaN where the
/// pair has no joint votes, and on the diagonal).
#[derive(Clone, Debug)]
pub struct YearMatrix {
    pub year: i32,
    pub score: Score,
    /// COW codes, ascending.
    pub states: Vec<u16>,
    pub values: Vec<f64>,
}

impl YearMatrix {
    /// The matrix of an agreement measure over a block, optionally in a bootstrap
    /// replicate of its roll calls.
    pub fn agreement(block: &Block, measure: Measure, resample: Option<&Resample>) -> YearMatrix {
        let n = block.states.len();
        let mut values = vec![f64::NAN; n * n];
        for i in 0..n {
            for j in i + 1..n {
                let t = match resample {
                    Some(r) => block.pair_table_resampled(i, j, r),
                    None => block.pair_table(i, j),
                };
                if let Some(v) = t.value(measure) {
                    values[i * n + j] = v;
                    values[j * n + i] = v;
                }
            }
        }
        YearMatrix {
            year: block.year,
            score: Score::Agreement(measure),
            states: block.states.clone(),
            values,
        }
        .without_isolated()
    }

    /// Drops states with no value to any other state (e.g. present only as absent:
    /// South Africa 1974–1993), which would otherwise form blocs of their own.
    fn without_isolated(self) -> YearMatrix {
        let n = self.len();
        let keep: Vec<usize> = (0..n)
            .filter(|&i| (0..n).any(|j| self.values[i * n + j].is_finite()))
            .collect();
        if keep.len() == n {
            return self;
        }
        let mut values = Vec::with_capacity(keep.len() * keep.len());
        for &i in &keep {
            values.extend(keep.iter().map(|&j| self.values[i * n + j]));
        }
        YearMatrix {
            states: keep.iter().map(|&i| self.states[i]).collect(),
            values,
            ..self
        }
    }

    /// The ideal-point distance matrix from `(ccode, θ)` of one year.
    pub fn ideal_distance(year: i32, points: &[(u16, f64)]) -> YearMatrix {
        let mut points = points.to_vec();
        points.sort_by_key(|p| p.0);
        points.dedup_by_key(|p| p.0);
        let n = points.len();
        let mut values = vec![f64::NAN; n * n];
        for i in 0..n {
            for j in i + 1..n {
                let d = (points[i].1 - points[j].1).abs();
                values[i * n + j] = d;
                values[j * n + i] = d;
            }
        }
        YearMatrix {
            year,
            score: Score::IdealDistance,
            states: points.iter().map(|p| p.0).collect(),
            values,
        }
    }

    /// The matrix of a relationship score from a year's dyads (lower code, higher code)
    /// and their values (None: missing); states without any value are left out.
    pub fn relationship(
        year: i32,
        kind: crate::index::Kind,
        dyads: &[(u16, u16)],
        values: &[Option<f64>],
    ) -> YearMatrix {
        let mut states: Vec<u16> = dyads.iter().flat_map(|d| [d.0, d.1]).collect();
        states.sort_unstable();
        states.dedup();
        let n = states.len();
        let at = |c: u16| states.binary_search(&c).ok();
        let mut m = vec![f64::NAN; n * n];
        for (d, v) in dyads.iter().zip(values) {
            if let (Some(i), Some(j), Some(v)) = (at(d.0), at(d.1), v) {
                m[i * n + j] = *v;
                m[j * n + i] = *v;
            }
        }
        YearMatrix {
            year,
            score: Score::Relationship(kind),
            states,
            values: m,
        }
        .without_isolated()
    }

    pub fn len(&self) -> usize {
        self.states.len()
    }

    pub fn is_empty(&self) -> bool {
        self.states.is_empty()
    }

    pub fn index(&self, ccode: u16) -> Option<usize> {
        self.states.binary_search(&ccode).ok()
    }

    /// The value for states `i`, `j` (indices), `None` when missing.
    pub fn get(&self, i: usize, j: usize) -> Option<f64> {
        let v = self.values[i * self.len() + j];
        v.is_finite().then_some(v)
    }

    /// The non-negative edge weights (see [`Score::weight`]); 0 where a value is missing.
    pub fn weights(&self) -> Vec<f64> {
        self.values
            .iter()
            .map(|&v| {
                if v.is_finite() {
                    self.score.weight(v)
                } else {
                    0.0
                }
            })
            .collect()
    }

    /// A state's partners from closest to farthest: `(index, value)`; ties by COW code.
    pub fn ranked_partners(&self, i: usize) -> Vec<(usize, f64)> {
        let mut partners: Vec<(usize, f64)> = (0..self.len())
            .filter(|&j| j != i)
            .filter_map(|j| self.get(i, j).map(|v| (j, v)))
            .collect();
        let sign = if self.score.higher_is_closer() {
            -1.0
        } else {
            1.0
        };
        partners.sort_by(|x, y| (sign * x.1).total_cmp(&(sign * y.1)).then(x.0.cmp(&y.0)));
        partners
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ranked_partners_follow_the_score_direction() {
        let m = YearMatrix::ideal_distance(2000, &[(2, 1.0), (365, -1.0), (710, -0.8), (20, 0.9)]);
        assert_eq!(m.states, vec![2, 20, 365, 710]);
        let r = m.ranked_partners(m.index(365).unwrap());
        let order: Vec<u16> = r.iter().map(|p| m.states[p.0]).collect();
        assert_eq!(order, vec![710, 20, 2]);
        assert!((r[0].1 - 0.2).abs() < 1e-12);
        assert!((Score::IdealDistance.weight(0.0) - 1.0).abs() < 1e-12);
        assert_eq!(Score::Agreement(Measure::Kappa).weight(-1.0), 0.0);
        assert_eq!(Score::Agreement(Measure::Agree).weight(0.7), 0.7);
    }
}
