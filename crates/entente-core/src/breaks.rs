//! Turning points of dyad series: PELT change points in the mean (see [`crate::pelt`]),
//! each with the size of the shift and a bootstrap confidence.
//!
//! Confidence of a change point at year τ: the share of bootstrap replicates of the
//! series (roll calls resampled within each year, the same draws for every pair; see
//! [`Block::resample`]) in which PELT, with the same penalty, finds a change point
//! within `tolerance` years of τ. The shift's interval: percentiles of the replicate
//! differences between the two segments' means, with the change points held fixed.

use rayon::prelude::*;

use crate::agreement::{Block, quantile};
use crate::measures::Measure;
use crate::pelt::{noise_sd, pelt, penalty_with_sd, segment_means};

/// Settings of change-point detection.
#[derive(Clone, Copy, Debug)]
pub struct BreakOptions {
    /// Penalty β = factor × σ̂² × ln n (2: BIC; 3: the default, close to MBIC).
    pub penalty_factor: f64,
    /// The shortest segment, in observations (years).
    pub min_size: usize,
    /// Bootstrap replicates (0: no confidence).
    pub reps: usize,
    pub seed: u64,
    /// How far (in years) a replicate's change point may lie and still count.
    pub tolerance: i32,
    /// Years where the pair has fewer joint votes are left out of its series (one
    /// roll call in 1964, the Article 19 crisis, would otherwise look like a swing).
    pub min_votes: u32,
}

impl Default for BreakOptions {
    fn default() -> Self {
        BreakOptions {
            penalty_factor: 3.0,
            min_size: 2,
            reps: 100,
            seed: 42,
            tolerance: 1,
            min_votes: 10,
        }
    }
}

/// One change point.
#[derive(Clone, Debug, PartialEq)]
pub struct Break {
    /// First year of the new level.
    pub year: i32,
    /// Mean of the segment before and after.
    pub before: f64,
    pub after: f64,
    /// Share of replicates with a change point within the tolerance (None: no bootstrap).
    pub confidence: Option<f64>,
    /// 95% percentile interval of `after − before` over replicates.
    pub shift_interval: Option<(f64, f64)>,
}

impl Break {
    pub fn shift(&self) -> f64 {
        self.after - self.before
    }
}

/// A dyad's series and its change points.
#[derive(Clone, Debug)]
pub struct SeriesBreaks {
    pub years: Vec<i32>,
    pub values: Vec<f64>,
    /// σ̂ (robust noise SD) and β used.
    pub noise_sd: f64,
    pub penalty: f64,
    pub breaks: Vec<Break>,
}

/// Per-break accumulators over replicates.
#[derive(Clone, Debug, Default)]
struct Tally {
    hits: Vec<usize>,
    shifts: Vec<Vec<f64>>,
}

impl Tally {
    fn new(breaks: usize) -> Tally {
        Tally {
            hits: vec![0; breaks],
            shifts: vec![Vec::new(); breaks],
        }
    }

    fn merge(mut self, other: Tally) -> Tally {
        for (h, o) in self.hits.iter_mut().zip(other.hits) {
            *h += o;
        }
        for (s, o) in self.shifts.iter_mut().zip(other.shifts) {
            s.extend(o);
        }
        self
    }
}

/// Change points of a series without replicates.
pub fn series_breaks(years: &[i32], values: &[f64], options: &BreakOptions) -> SeriesBreaks {
    let sd = noise_sd(values);
    let penalty = penalty_with_sd(sd, values.len(), options.penalty_factor);
    let points = pelt(values, penalty, options.min_size);
    let means = segment_means(values, &points);
    let breaks = points
        .iter()
        .enumerate()
        .map(|(k, &p)| Break {
            year: years[p],
            before: means[k],
            after: means[k + 1],
            confidence: None,
            shift_interval: None,
        })
        .collect();
    SeriesBreaks {
        years: years.to_vec(),
        values: values.to_vec(),
        noise_sd: sd,
        penalty,
        breaks,
    }
}

/// Adds one replicate series (same years; NaN where undefined: the point estimate is
/// used there) to a break's tally.
fn tally_replicate(
    sb: &SeriesBreaks,
    replicate: &[f64],
    options: &BreakOptions,
    tally: &mut Tally,
) {
    let y: Vec<f64> = replicate
        .iter()
        .zip(&sb.values)
        .map(|(&r, &v)| if r.is_finite() { r } else { v })
        .collect();
    let found = pelt(&y, sb.penalty, options.min_size);
    let fixed: Vec<usize> = sb
        .breaks
        .iter()
        .map(|b| sb.years.partition_point(|&yr| yr < b.year))
        .collect();
    let means = segment_means(&y, &fixed);
    for (k, b) in sb.breaks.iter().enumerate() {
        if found
            .iter()
            .any(|&p| (sb.years[p] - b.year).abs() <= options.tolerance)
        {
            tally.hits[k] += 1;
        }
        tally.shifts[k].push(means[k + 1] - means[k]);
    }
}

fn finish(sb: &mut SeriesBreaks, mut tally: Tally, reps: usize) {
    for (k, b) in sb.breaks.iter_mut().enumerate() {
        b.confidence = Some(tally.hits[k] as f64 / reps as f64);
        let mut s = std::mem::take(&mut tally.shifts[k]);
        s.sort_by(f64::total_cmp);
        if !s.is_empty() {
            b.shift_interval = Some((quantile(&s, 0.025), quantile(&s, 0.975)));
        }
    }
}

/// Change points with bootstrap confidence for a series whose replicates are given
/// (`replicates[r][t]`, same years as `values`).
pub fn series_breaks_with(
    years: &[i32],
    values: &[f64],
    replicates: &[Vec<f64>],
    options: &BreakOptions,
) -> SeriesBreaks {
    let mut sb = series_breaks(years, values, options);
    if replicates.is_empty() || sb.breaks.is_empty() {
        return sb;
    }
    let mut tally = Tally::new(sb.breaks.len());
    for r in replicates {
        tally_replicate(&sb, r, options, &mut tally);
    }
    finish(&mut sb, tally, replicates.len());
    sb
}

/// The change points of every pair's agreement series (pairs with at least
/// `2 × min_size` years), or of the pairs listed in `only`. Results for a pair do not
/// depend on which other pairs are computed.
pub fn pair_breaks(
    blocks: &[Block],
    measure: Measure,
    only: Option<&[(u16, u16)]>,
    options: &BreakOptions,
) -> Vec<((u16, u16), SeriesBreaks)> {
    // Series layout: pair ids, and per block the (i, j, pair, position) cells to fill.
    let mut pair_ids: std::collections::HashMap<(u16, u16), usize> = Default::default();
    let mut pairs: Vec<(u16, u16)> = Vec::new();
    let mut series: Vec<(Vec<i32>, Vec<f64>)> = Vec::new();
    let mut cells: Vec<Vec<(usize, usize, usize, usize)>> = vec![Vec::new(); blocks.len()];
    let wanted = |a: u16, b: u16| only.is_none_or(|o| o.contains(&(a, b)) || o.contains(&(b, a)));
    for (bi, block) in blocks.iter().enumerate() {
        let n = block.states.len();
        for i in 0..n {
            for j in i + 1..n {
                let (a, b) = (block.states[i], block.states[j]);
                if !wanted(a, b) {
                    continue;
                }
                let table = block.pair_table(i, j);
                if table.n() < options.min_votes {
                    continue;
                }
                let Some(v) = table.value(measure) else {
                    continue;
                };
                let id = *pair_ids.entry((a, b)).or_insert_with(|| {
                    pairs.push((a, b));
                    series.push((Vec::new(), Vec::new()));
                    pairs.len() - 1
                });
                let (ys, vs) = &mut series[id];
                cells[bi].push((i, j, id, vs.len()));
                ys.push(block.year);
                vs.push(v);
            }
        }
    }
    let mut results: Vec<SeriesBreaks> = series
        .par_iter()
        .map(|(ys, vs)| series_breaks(ys, vs, options))
        .collect();
    let eligible: Vec<bool> = series
        .iter()
        .zip(&results)
        .map(|((ys, _), r)| ys.len() >= 2 * options.min_size && !r.breaks.is_empty())
        .collect();
    if options.reps > 0 && eligible.iter().any(|&e| e) {
        let empty = || -> Vec<Option<Tally>> {
            results
                .iter()
                .zip(&eligible)
                .map(|(r, &e)| e.then(|| Tally::new(r.breaks.len())))
                .collect()
        };
        let tallies = (0..options.reps)
            .into_par_iter()
            .fold(empty, |mut acc, rep| {
                let mut values: Vec<Vec<f64>> = series
                    .iter()
                    .zip(&eligible)
                    .map(|((_, vs), &e)| {
                        if e {
                            vec![f64::NAN; vs.len()]
                        } else {
                            Vec::new()
                        }
                    })
                    .collect();
                for (block, cells) in blocks.iter().zip(&cells) {
                    if !cells.iter().any(|c| eligible[c.2]) {
                        continue;
                    }
                    let rs = block.resample(options.seed, rep);
                    for &(i, j, id, pos) in cells {
                        if eligible[id]
                            && let Some(v) = block.pair_table_resampled(i, j, &rs).value(measure)
                        {
                            values[id][pos] = v;
                        }
                    }
                }
                for (id, t) in acc.iter_mut().enumerate() {
                    if let Some(t) = t {
                        tally_replicate(&results[id], &values[id], options, t);
                    }
                }
                acc
            })
            .reduce(empty, |a, b| {
                a.into_iter()
                    .zip(b)
                    .map(|(x, y)| match (x, y) {
                        (Some(x), Some(y)) => Some(x.merge(y)),
                        (x, y) => x.or(y),
                    })
                    .collect()
            });
        for (r, t) in results.iter_mut().zip(tallies) {
            if let Some(t) = t {
                finish(r, t, options.reps);
            }
        }
    }
    pairs.into_iter().zip(results).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::rngs::StdRng;
    use rand::{RngExt, SeedableRng};

    #[test]
    fn planted_break_has_high_confidence_and_the_right_shift() {
        let years: Vec<i32> = (1990..2020).collect();
        let level = |y: i32| if y < 2005 { 0.6 } else { 0.8 };
        let mut rng = StdRng::seed_from_u64(5);
        let mut noisy =
            |y: i32| level(y) + 0.02 * ((0..12).map(|_| rng.random::<f64>()).sum::<f64>() - 6.0);
        let values: Vec<f64> = years.iter().map(|&y| noisy(y)).collect();
        let replicates: Vec<Vec<f64>> = (1..=50)
            .map(|_| years.iter().map(|&y| noisy(y)).collect())
            .collect();
        let sb = series_breaks_with(&years, &values, &replicates, &BreakOptions::default());
        // The planted break is found and sure; anything else the noise produced is not.
        let b = sb
            .breaks
            .iter()
            .find(|b| b.year == 2005)
            .expect("planted break");
        for other in sb.breaks.iter().filter(|b| b.year != 2005) {
            assert!(other.confidence.unwrap() < 0.5, "{other:?}");
            let (lo, hi) = other.shift_interval.unwrap();
            assert!(lo < 0.0 && 0.0 < hi, "{other:?}");
        }
        assert!((b.shift() - 0.2).abs() < 0.03);
        assert!(b.confidence.unwrap() > 0.9);
        let (lo, hi) = b.shift_interval.unwrap();
        assert!(lo < b.shift() && b.shift() < hi && lo > 0.1);
    }
}
