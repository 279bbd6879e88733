//! Change points in the mean of a series by PELT (Killick, Fearnhead & Eckley,
//! "Optimal detection of changepoints with a linear computational cost", JASA 107,
//! 2012): the exact minimiser of
//!
//! Σ_segments RSS(segment) + β × (number of change points)
//!
//! over segmentations whose segments have at least `min_size` points, where RSS is the
//! sum of squared deviations from the segment mean (ruptures' `l2` cost). Pruning keeps
//! a candidate while its cost is within β of the best, as ruptures does, so the result
//! equals `ruptures.Pelt(model="l2", min_size, jump=1).predict(pen=β)`.

/// Cumulative sums for O(1) segment costs.
struct Sums {
    s1: Vec<f64>,
    s2: Vec<f64>,
}

impl Sums {
    fn new(y: &[f64]) -> Sums {
        let mut s1 = Vec::with_capacity(y.len() + 1);
        let mut s2 = Vec::with_capacity(y.len() + 1);
        s1.push(0.0);
        s2.push(0.0);
        for &v in y {
            s1.push(s1.last().copied().unwrap_or(0.0) + v);
            s2.push(s2.last().copied().unwrap_or(0.0) + v * v);
        }
        Sums { s1, s2 }
    }

    /// RSS of `y[start..end]`.
    fn cost(&self, start: usize, end: usize) -> f64 {
        let n = (end - start) as f64;
        let a = self.s1[end] - self.s1[start];
        let b = self.s2[end] - self.s2[start];
        (b - a * a / n).max(0.0)
    }

    /// Mean of `y[start..end]`.
    fn mean(&self, start: usize, end: usize) -> f64 {
        (self.s1[end] - self.s1[start]) / (end - start) as f64
    }
}

/// The optimal change points: indices where a new segment starts (ascending, each in
/// `min_size..=n − min_size`). Empty when the series is shorter than `2 × min_size`.
pub fn pelt(y: &[f64], penalty: f64, min_size: usize) -> Vec<usize> {
    let n = y.len();
    let min_size = min_size.max(1);
    if n < 2 * min_size {
        return Vec::new();
    }
    let sums = Sums::new(y);
    // best[t]: optimal cost of y[..t]; last[t]: start of its last segment.
    let mut best = vec![f64::INFINITY; n + 1];
    let mut last = vec![0usize; n + 1];
    best[0] = 0.0;
    let mut admissible: Vec<usize> = Vec::new();
    let mut costs: Vec<f64> = Vec::new();
    for end in min_size..=n {
        admissible.push(end - min_size);
        costs.clear();
        let mut min = f64::INFINITY;
        let mut arg = 0usize;
        for &s in &admissible {
            // Segments must start at 0 or at an end with a feasible optimum.
            let c = if best[s].is_finite() {
                best[s] + sums.cost(s, end) + penalty
            } else {
                f64::INFINITY
            };
            costs.push(c);
            if c < min {
                min = c;
                arg = s;
            }
        }
        best[end] = min;
        last[end] = arg;
        let mut k = 0;
        admissible.retain(|_| {
            let keep = costs[k] <= min + penalty;
            k += 1;
            keep
        });
    }
    let mut points = Vec::new();
    let mut t = n;
    while t > 0 {
        let s = last[t];
        if s > 0 {
            points.push(s);
        }
        t = s;
    }
    points.reverse();
    points
}

/// Segment means of `y` split at `points` (as returned by [`pelt`]).
pub fn segment_means(y: &[f64], points: &[usize]) -> Vec<f64> {
    let sums = Sums::new(y);
    let mut bounds = vec![0];
    bounds.extend_from_slice(points);
    bounds.push(y.len());
    bounds.windows(2).map(|w| sums.mean(w[0], w[1])).collect()
}

/// A robust estimate of the noise standard deviation that ignores mean shifts:
/// MAD(first differences) / (0.6745 × √2) (as R's changepoint and ruptures' examples).
pub fn noise_sd(y: &[f64]) -> f64 {
    if y.len() < 3 {
        return 0.0;
    }
    let mut d: Vec<f64> = y.windows(2).map(|w| w[1] - w[0]).collect();
    let median = |v: &mut Vec<f64>| {
        v.sort_by(f64::total_cmp);
        let m = v.len();
        if m % 2 == 1 {
            v[m / 2]
        } else {
            (v[m / 2 - 1] + v[m / 2]) / 2.0
        }
    };
    let med = median(&mut d);
    let mut dev: Vec<f64> = d.iter().map(|x| (x - med).abs()).collect();
    median(&mut dev) / (0.674_489_75 * std::f64::consts::SQRT_2)
}

/// The penalty β on the RSS scale: `factor × σ̂² × ln n` (BIC: factor 2 — a new mean
/// and a location per change; MBIC-like: 3), with σ̂ from [`noise_sd`]. A floor of
/// 1e-12 keeps a constant series from splitting.
pub fn penalty(y: &[f64], factor: f64) -> f64 {
    penalty_with_sd(noise_sd(y), y.len(), factor)
}

/// [`penalty`] for a series of `n` points whose noise SD is already known.
pub fn penalty_with_sd(sd: f64, n: usize, factor: f64) -> f64 {
    (factor * sd * sd * (n.max(2) as f64).ln()).max(1e-12)
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::rngs::StdRng;
    use rand::{RngExt, SeedableRng};

    /// Exhaustive optimum by dynamic programming without pruning (the reference).
    fn optimal(y: &[f64], pen: f64, min_size: usize) -> Vec<usize> {
        let n = y.len();
        let sums = Sums::new(y);
        let mut best = vec![f64::INFINITY; n + 1];
        let mut last = vec![0; n + 1];
        best[0] = 0.0;
        for end in min_size..=n {
            for s in 0..=end - min_size {
                if s != 0 && s < min_size {
                    continue;
                }
                let c = best[s] + sums.cost(s, end) + pen;
                if c < best[end] {
                    best[end] = c;
                    last[end] = s;
                }
            }
        }
        let mut pts = vec![];
        let mut t = n;
        while t > 0 {
            if last[t] > 0 {
                pts.push(last[t]);
            }
            t = last[t];
        }
        pts.reverse();
        pts
    }

    fn noisy_steps(levels: &[(usize, f64)], sd: f64, seed: u64) -> Vec<f64> {
        let mut rng = StdRng::seed_from_u64(seed);
        let mut y = Vec::new();
        for &(len, mean) in levels {
            for _ in 0..len {
                // Sum of uniforms: roughly normal, bounded.
                let e: f64 = (0..12).map(|_| rng.random::<f64>()).sum::<f64>() - 6.0;
                y.push(mean + sd * e);
            }
        }
        y
    }

    #[test]
    fn recovers_planted_change_points() {
        for seed in 0..10 {
            let y = noisy_steps(&[(20, 0.5), (15, 0.8), (25, 0.6)], 0.03, seed);
            let pts = pelt(&y, penalty(&y, 3.0), 2);
            assert_eq!(pts, vec![20, 35], "seed {seed}");
            let means = segment_means(&y, &pts);
            assert!((means[1] - means[0] - 0.3).abs() < 0.05, "{means:?}");
        }
    }

    #[test]
    fn no_change_in_pure_noise_usually() {
        let mut false_alarms = 0;
        for seed in 0..50 {
            let y = noisy_steps(&[(60, 0.7)], 0.05, seed);
            false_alarms += pelt(&y, penalty(&y, 3.0), 2).len();
        }
        assert!(
            false_alarms <= 10,
            "{false_alarms} false change points in 50 series"
        );
    }

    #[test]
    fn equals_the_unpruned_optimum() {
        let mut rng = StdRng::seed_from_u64(11);
        for case in 0..200 {
            let n = 2 + case % 40;
            let y: Vec<f64> = (0..n)
                .map(|i| (i / 7) as f64 * 0.3 + rng.random::<f64>())
                .collect();
            let pen = 0.05 + rng.random::<f64>();
            let min_size = 1 + case % 3;
            assert_eq!(
                pelt(&y, pen, min_size),
                optimal(&y, pen, min_size),
                "case {case}"
            );
        }
    }

    #[test]
    fn short_and_constant_series() {
        assert!(pelt(&[1.0], 1.0, 2).is_empty());
        assert!(pelt(&[1.0, 2.0, 3.0], 1.0, 2).is_empty());
        assert!(pelt(&[0.5; 30], penalty(&[0.5; 30], 2.0), 2).is_empty());
    }
}
