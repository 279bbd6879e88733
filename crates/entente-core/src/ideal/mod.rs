//! Dynamic ordinal ideal points from roll-call votes.
//!
//! Model (one dimension, three ordered categories yes < abstain < no):
//! a latent `z = α_g + β_g θ_it + ε`, `ε ~ N(0, 1)`, with the vote `yes` when `z ≤ 0`,
//! `abstain` when `0 < z ≤ τ_g`, `no` when `z > τ_g` — the ordered probit
//! `P(y ≤ k) = Φ(γ_gk − β_g θ_it)` with cut points `γ_g1 = −α_g`, `γ_g2 = τ_g − α_g`.
//! Roll calls of one bridging group `g` share `(α_g, β_g, τ_g)`. Each state's
//! positions follow a random walk across the years it votes in:
//! `θ_i,first ~ N(0, 1)`, `θ_it ~ N(θ_i,t−1, σ²)`. Absent and non-member votes are
//! missing. Defaults σ = 3 and a N(0, 16) first-year prior (on the latent scale, before
//! standardising) were chosen by validation against the published estimates.
//!
//! Estimation is expectation–maximisation in the spirit of Imai, Lo & Olmsted
//! (APSR 2016): the E-step takes the truncated-normal mean of every latent `z`;
//! the M-step updates `(α, β)` per group by ridge regression on the current
//! positions (with their posterior variances), `τ` per group by Newton steps on the
//! ordered-probit likelihood, and each state's whole path by the exact Gaussian
//! smoother of its random walk (a tridiagonal solve). States and groups are
//! updated in parallel. At the end positions are scaled to mean 0 and standard
//! deviation 1 over all reported state-years, with the United States positive.

use rayon::prelude::*;

mod batch;
mod bootstrap;
mod points;
mod prepare;

pub use bootstrap::{Resampling, bootstrap};
pub use points::{Distance, IdealRow, IdealTable, distance, position_sd};
pub use prepare::{Prepared, prepare, title_links};

/// Version of the estimator's rules, part of cache keys: bump it when results change.
pub const ESTIMATOR_VERSION: u32 = 3;

/// One observed vote: state, roll call (item) and category 0 yes, 1 abstain, 2 no.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Obs {
    pub state: u32,
    pub item: u32,
    pub cat: u8,
}

/// The input of an estimate.
#[derive(Clone, Debug, Default)]
pub struct IdealData {
    pub n_states: usize,
    pub n_years: usize,
    /// Year index (0-based) of each item.
    pub item_year: Vec<u32>,
    /// Bridging group of each item (items of a group share parameters).
    pub item_group: Vec<u32>,
    pub n_groups: usize,
    pub obs: Vec<Obs>,
    /// How many times each item counts (a bootstrap sample's draws); empty: once each.
    pub item_weight: Vec<u32>,
}

/// Settings of an estimate.
#[derive(Clone, Copy, Debug)]
pub struct IdealOptions {
    /// Standard deviation of the yearly random-walk step.
    pub sigma: f64,
    /// Prior variance of α and β (ridge).
    pub item_prior_var: f64,
    pub max_iter: usize,
    /// Prior variance of a state's position in its first year.
    pub first_prior_var: f64,
    /// Extra prior precision pulling every year's position towards 0 (0 = pure random walk).
    pub shrink: f64,
    /// Stop when the correlation of positions between two iterations exceeds 1 − tol.
    pub tol: f64,
}

impl Default for IdealOptions {
    fn default() -> Self {
        IdealOptions {
            sigma: 3.0,
            item_prior_var: 25.0,
            max_iter: 500,
            tol: 1e-6,
            shrink: 0.0,
            first_prior_var: 16.0,
        }
    }
}

/// Parameters of one bridging group.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct ItemParams {
    pub alpha: f64,
    pub beta: f64,
    pub tau: f64,
}

/// The result: positions by state and year (NaN where a state has no path),
/// their posterior variances, item parameters, and how the iteration went.
#[derive(Clone, Debug)]
pub struct IdealFit {
    pub n_years: usize,
    /// `theta[state * n_years + year]`, on the final (standardised) scale.
    pub theta: Vec<f64>,
    pub var: Vec<f64>,
    pub items: Vec<ItemParams>,
    pub iterations: usize,
    pub converged: bool,
}

impl IdealFit {
    pub fn theta(&self, state: usize, year: usize) -> f64 {
        self.theta[state * self.n_years + year]
    }
}

#[cfg(test)]
use crate::normal::{mills, pdf_and_tails};

/// Probability `Φ(b) − Φ(a)` of the interval `(a, b]` (computed in the tail where it is
/// accurate), with the densities `φ(a)` and `φ(b)`: the one-vote reference for
/// [`batch`].
#[cfg(test)]
fn interval(a: f64, b: f64) -> (f64, f64, f64) {
    let (pa, lower_a, upper_a) = pdf_and_tails(a);
    let (pb, lower_b, upper_b) = pdf_and_tails(b);
    let d = if a > 0.0 {
        upper_a - upper_b
    } else {
        lower_b - lower_a
    };
    (d, pa, pb)
}

/// Mean of a N(mu, 1) variable truncated to the interval of category `cat`
/// (yes: (−∞, 0], abstain: (0, τ], no: (τ, ∞)): the one-vote reference for [`batch`].
#[cfg(test)]
fn latent_mean(mu: f64, tau: f64, cat: u8) -> f64 {
    match cat {
        0 => mu - mills(-mu),
        2 => mu + mills(mu - tau),
        _ => {
            let (d, pa, pb) = interval(-mu, tau - mu);
            if d > 1e-300 {
                mu + (pa - pb) / d
            } else if tau - mu < 0.0 {
                tau // the mean lies far above the interval: its upper end
            } else {
                0.0 // far below: its lower end
            }
        }
    }
}

/// Index ranges of observations by a key, as (key → list of observation indices).
fn index_by(n: usize, keys: impl Iterator<Item = usize>) -> Vec<Vec<u32>> {
    let mut out = vec![Vec::new(); n];
    for (i, k) in keys.enumerate() {
        out[k].push(i as u32);
    }
    out
}

/// The observations laid out for the iteration: sorted by group and within a group by
/// category (stably: yes, then abstain, then no votes, each in the input's order), so
/// that each category's work runs in a loop of its own without a branch per vote; each
/// with its state-year cell, category and weight.
struct Layout {
    /// Group `g`'s observations are `group_start[g]..group_start[g + 1]`.
    group_start: Vec<usize>,
    /// State-year cell `state * n_years + year` of each observation.
    cell: Vec<u32>,
    cat: Vec<u8>,
    /// How many times the observation's roll call counts (1 unless resampled).
    weight: Vec<f64>,
}

impl Layout {
    fn new(data: &IdealData) -> Layout {
        let (ny, ng) = (data.n_years, data.n_groups);
        let group_of = |o: &Obs| data.item_group[o.item as usize] as usize;
        // Counting sort by (group, category).
        let slot = |o: &Obs| group_of(o) * 3 + usize::from(o.cat.min(2));
        let mut next = vec![0usize; ng * 3 + 1];
        for o in &data.obs {
            next[slot(o) + 1] += 1;
        }
        for s in 0..ng * 3 {
            next[s + 1] += next[s];
        }
        let group_start: Vec<usize> = (0..=ng).map(|g| next[g * 3]).collect();
        let n = data.obs.len();
        let mut layout = Layout {
            cell: vec![0; n],
            cat: vec![0; n],
            weight: vec![1.0; n],
            group_start,
        };
        for o in &data.obs {
            let k = next[slot(o)];
            next[slot(o)] += 1;
            layout.cell[k] = o.state * ny as u32 + data.item_year[o.item as usize];
            layout.cat[k] = o.cat;
            if let Some(&w) = data.item_weight.get(o.item as usize) {
                layout.weight[k] = f64::from(w);
            }
        }
        layout
    }

    fn group(&self, g: usize) -> std::ops::Range<usize> {
        self.group_start[g]..self.group_start[g + 1]
    }

    /// The observations of a range of groups.
    fn obs_of(&self, groups: &std::ops::Range<usize>) -> std::ops::Range<usize> {
        self.group_start[groups.start]..self.group_start[groups.end]
    }

    /// Consecutive ranges of groups with about `n` equal shares of the observations
    /// (fewer when groups are few or large), covering every group.
    fn chunks(&self, n: usize) -> Vec<std::ops::Range<usize>> {
        let ng = self.group_start.len() - 1;
        let total = self.group_start[ng].max(1);
        let mut out = Vec::with_capacity(n);
        let mut start = 0;
        for g in 0..ng {
            let share = (out.len() + 1) * total / n;
            if self.group_start[g + 1] >= share && out.len() + 1 < n {
                out.push(start..g + 1);
                start = g + 1;
            }
        }
        out.push(start..ng);
        out
    }
}

/// Chunks of groups the items and their E-step run in: enough for two cores to share
/// the work evenly, few enough that summing the chunks' information costs little.
const CHUNKS: usize = 16;

/// Splits `all` into consecutive slices of the given ranges (which cover it in order).
fn chunk_slices<T>(
    mut all: &mut [T],
    ranges: impl Iterator<Item = std::ops::Range<usize>>,
) -> Vec<&mut [T]> {
    let mut out = Vec::new();
    for r in ranges {
        let (head, tail) = std::mem::take(&mut all).split_at_mut(r.len());
        out.push(head);
        all = tail;
    }
    out
}

/// Updates one group's parameters from the current positions (ridge regression of the
/// latent means on the positions, or at the start a moment estimate from the votes;
/// then two Newton steps for the cut point), then the E-step for its observations:
/// `z` (the group's latent means, read as the previous iteration's) becomes the
/// truncated-normal means under the new parameters.
#[allow(clippy::too_many_arguments)]
fn update_group(
    p: &mut ItemParams,
    z: &mut [f64],
    cells: &[u32],
    cats: &[u8],
    weights: &[f64],
    theta: &[f64],
    var: &[f64],
    opts: &IdealOptions,
    first: bool,
    scratch: &mut batch::Scratch,
) {
    let pos = |k: usize| theta[cells[k] as usize];
    if !first {
        // Ridge regression of E[z] on (1, θ) using E[θ²] = m² + v.
        let prior = 1.0 / opts.item_prior_var;
        let (mut s1, mut sm, mut smm, mut sz, mut szm) = (prior, 0.0, prior, 0.0, 0.0);
        for k in 0..z.len() {
            let cell = cells[k] as usize;
            let (m, v, w) = (theta[cell], var[cell], weights[k]);
            s1 += w;
            sm += w * m;
            smm += w * (m * m + v);
            sz += w * z[k];
            szm += w * (z[k] * m);
        }
        let det = s1 * smm - sm * sm;
        if det.abs() > 1e-12 {
            p.alpha = (smm * sz - sm * szm) / det;
            p.beta = (s1 * szm - sm * sz) / det;
        }
    } else {
        // Start: β from the correlation of votes with the starting positions.
        let (mut n, mut sm, mut sc, mut smc, mut smm) = (0.0, 0.0, 0.0, 0.0, 0.0);
        for k in 0..z.len() {
            let (m, c, w) = (pos(k), f64::from(cats[k]), weights[k]);
            n += w;
            sm += w * m;
            sc += w * c;
            smc += w * (m * c);
            smm += w * (m * m);
        }
        let cov = smc / n - (sm / n) * (sc / n);
        let vm = (smm / n - (sm / n).powi(2)).max(1e-6);
        p.beta = (cov / vm).clamp(-3.0, 3.0);
        p.alpha = -p.beta * sm / n + (sc / n - 0.5);
        p.tau = 0.5;
    }
    // The group's votes by category: yes `..n0`, abstain `n0..n1`, no `n1..`.
    let n0 = cats.partition_point(|&c| c == 0);
    let n1 = n0 + cats[n0..].partition_point(|&c| c == 1);
    // The group's votes of one category.
    let votes = |r: std::ops::Range<usize>| batch::Votes {
        cells: &cells[r.clone()],
        weights: &weights[r],
        theta,
    };
    let len = z.len();
    // Cut point τ: Newton steps on the ordered-probit log-likelihood (yes votes do not
    // depend on it).
    for _ in 0..2 {
        let mut g = (0.0, 0.0);
        batch::newton_no(votes(n1..len), *p, &mut g, scratch);
        batch::newton_abstain(votes(n0..n1), *p, &mut g, scratch);
        let (g1, g2) = g;
        if g2 < -1e-12 {
            let step = (-g1 / g2).clamp(-0.5, 0.5);
            p.tau = (p.tau + step).clamp(0.05, 10.0);
        }
    }
    // E-step: latent means under the new parameters, category by category.
    let (yes, rest) = z.split_at_mut(n0);
    let (abstain, no) = rest.split_at_mut(n1 - n0);
    batch::latent_means(votes(0..n0), *p, 0, yes, scratch);
    batch::latent_means(votes(n0..n1), *p, 1, abstain, scratch);
    batch::latent_means(votes(n1..len), *p, 2, no, scratch);
}

/// Estimates positions. `init` gives starting positions `theta[state * n_years + year]`
/// (NaN or anything where a state has no votes that year).
pub fn estimate(
    data: &IdealData,
    opts: &IdealOptions,
    init: &[f64],
    us_state: Option<usize>,
) -> IdealFit {
    let (ns, ny, ng) = (data.n_states, data.n_years, data.n_groups);
    let layout = Layout::new(data);
    // Active span of each state: first..=last year with a vote.
    let mut span = vec![(usize::MAX, 0usize); ns];
    let mut voted = vec![false; ns * ny];
    for &cell in &layout.cell {
        let (state, y) = (cell as usize / ny, cell as usize % ny);
        let s = &mut span[state];
        s.0 = s.0.min(y);
        s.1 = s.1.max(y);
        voted[cell as usize] = true;
    }
    let mut theta: Vec<f64> = (0..ns * ny)
        .map(|k| if init[k].is_finite() { init[k] } else { 0.0 })
        .collect();
    let mut var = vec![1.0; ns * ny];
    let mut items = vec![
        ItemParams {
            alpha: 0.0,
            beta: 0.0,
            tau: 0.5
        };
        ng
    ];
    let mut z = vec![0.0f64; data.obs.len()];
    // Groups in chunks of about equal numbers of votes, each with its own sums of the
    // positions' information (precision, then information, by state-year cell).
    let chunks = layout.chunks(CHUNKS);
    let mut sums = vec![vec![0.0f64; 2 * ns * ny]; chunks.len()];

    let mut iterations = 0;
    let mut converged = false;
    let mut previous = theta.clone();
    for iter in 0..opts.max_iter {
        iterations = iter + 1;
        // Items first (from the current positions) with the E-step, each chunk of
        // groups adding its votes' information about the positions into its own sums;
        // then the chunks' sums in chunk order (the same totals whatever the threads do).
        let ncells = ns * ny;
        let z_chunks = chunk_slices(&mut z, chunks.iter().map(|r| layout.obs_of(r)));
        let item_chunks = chunk_slices(&mut items, chunks.iter().map(Clone::clone));
        sums.par_iter_mut()
            .zip(item_chunks)
            .zip(z_chunks)
            .zip(&chunks)
            .for_each(|(((acc, params), zc), groups)| {
                acc.fill(0.0);
                let (prec, info) = acc.split_at_mut(ncells);
                let base = layout.group_start[groups.start];
                let mut scratch = batch::Scratch::new();
                for (p, g) in params.iter_mut().zip(groups.clone()) {
                    let r = layout.group(g);
                    if r.is_empty() {
                        continue;
                    }
                    let zg = &mut zc[r.start - base..r.end - base];
                    let (cells, cats, weights) = (
                        &layout.cell[r.clone()],
                        &layout.cat[r.clone()],
                        &layout.weight[r],
                    );
                    update_group(
                        p,
                        zg,
                        cells,
                        cats,
                        weights,
                        &theta,
                        &var,
                        opts,
                        iter == 0,
                        &mut scratch,
                    );
                    // Each vote's information about its state-year's position.
                    let bb = p.beta * p.beta;
                    for ((&cell, &w), &zk) in cells.iter().zip(weights).zip(zg.iter()) {
                        prec[cell as usize] += w * bb;
                        info[cell as usize] += w * (p.beta * (zk - p.alpha));
                    }
                }
            });
        let totals: Vec<f64> = (0..2 * ncells)
            .into_par_iter()
            .with_min_len(4096)
            .map(|c| sums.iter().map(|s| s[c]).sum())
            .collect();
        let (prec_all, info_all) = totals.split_at(ncells);

        // Positions: each state's random-walk smoother.
        let inv_s2 = 1.0 / (opts.sigma * opts.sigma);
        let paths: Vec<(Vec<f64>, Vec<f64>)> = (0..ns)
            .into_par_iter()
            .map(|s| {
                let (first, last) = span[s];
                if first > last {
                    return (Vec::new(), Vec::new());
                }
                let len = last - first + 1;
                let cells = s * ny + first..s * ny + last + 1;
                let (prec, info) = (&prec_all[cells.clone()], &info_all[cells]);
                // Tridiagonal precision: prior N(0,1) on the first year, RW steps after.
                let mut d: Vec<f64> = prec.iter().map(|p| p + opts.shrink).collect();
                d[0] += 1.0 / opts.first_prior_var;
                for t in 1..len {
                    d[t] += inv_s2;
                    d[t - 1] += inv_s2;
                }
                let e = -inv_s2; // off-diagonal
                solve_tridiagonal(&d, e, info)
            })
            .collect();
        for (s, (mean, v)) in paths.into_iter().enumerate() {
            let first = span[s].0;
            for (t, (m, vv)) in mean.into_iter().zip(v).enumerate() {
                theta[s * ny + first + t] = m;
                var[s * ny + first + t] = vv;
            }
        }
        // Convergence as in emIRT: positions barely change their correlation
        // between iterations (1 − r < tol over state-years with votes).
        let r = correlation(&previous, &theta, &voted);
        if iter > 0 && 1.0 - r < opts.tol {
            converged = true;
            break;
        }
        previous.copy_from_slice(&theta);
    }

    // Report only state-years with votes; standardise over them; United States positive.
    let reported: Vec<f64> = (0..ns * ny)
        .filter(|&k| voted[k])
        .map(|k| theta[k])
        .collect();
    let n = reported.len().max(1) as f64;
    let mean = reported.iter().sum::<f64>() / n;
    let sd = (reported.iter().map(|x| (x - mean).powi(2)).sum::<f64>() / n)
        .sqrt()
        .max(1e-12);
    let us_mean = us_state.map(|u| {
        let xs: Vec<f64> = (0..ny)
            .filter(|&t| voted[u * ny + t])
            .map(|t| theta[u * ny + t])
            .collect();
        xs.iter().sum::<f64>() / xs.len().max(1) as f64
    });
    let sign = if us_mean.is_some_and(|m| m < mean) {
        -1.0
    } else {
        1.0
    };
    for k in 0..ns * ny {
        if voted[k] {
            theta[k] = sign * (theta[k] - mean) / sd;
            var[k] /= sd * sd;
        } else {
            theta[k] = f64::NAN;
            var[k] = f64::NAN;
        }
    }
    for p in &mut items {
        // z = α + β θ_raw = (α + β mean) + (β sd sign) θ_std
        p.alpha += p.beta * mean;
        p.beta *= sd * sign;
    }
    IdealFit {
        n_years: ny,
        theta,
        var,
        items,
        iterations,
        converged,
    }
}

/// Pearson correlation of two position vectors over the state-years with votes.
fn correlation(a: &[f64], b: &[f64], voted: &[bool]) -> f64 {
    let (mut n, mut sa, mut sb) = (0.0f64, 0.0f64, 0.0f64);
    for k in 0..a.len() {
        if voted[k] {
            n += 1.0;
            sa += a[k];
            sb += b[k];
        }
    }
    let (ma, mb) = (sa / n.max(1.0), sb / n.max(1.0));
    let (mut c, mut va, mut vb) = (0.0, 0.0, 0.0);
    for k in 0..a.len() {
        if voted[k] {
            c += (a[k] - ma) * (b[k] - mb);
            va += (a[k] - ma).powi(2);
            vb += (b[k] - mb).powi(2);
        }
    }
    if va <= 0.0 || vb <= 0.0 {
        0.0
    } else {
        c / (va * vb).sqrt()
    }
}

/// Solves `A x = b` for a symmetric tridiagonal `A` (diagonal `d`, constant
/// off-diagonal `e`) and returns `x` and the diagonal of `A⁻¹`.
fn solve_tridiagonal(d: &[f64], e: f64, b: &[f64]) -> (Vec<f64>, Vec<f64>) {
    let n = d.len();
    // Forward pivots and elimination.
    let mut fwd = vec![0.0; n];
    let mut y = vec![0.0; n];
    fwd[0] = d[0];
    y[0] = b[0];
    for i in 1..n {
        let m = e / fwd[i - 1];
        fwd[i] = d[i] - m * e;
        y[i] = b[i] - m * y[i - 1];
    }
    let mut x = vec![0.0; n];
    x[n - 1] = y[n - 1] / fwd[n - 1];
    for i in (0..n - 1).rev() {
        x[i] = (y[i] - e * x[i + 1]) / fwd[i];
    }
    // Backward pivots; diag(A⁻¹)_i = 1 / (fwd_i + bwd_i − d_i).
    let mut bwd = vec![0.0; n];
    bwd[n - 1] = d[n - 1];
    for i in (0..n - 1).rev() {
        bwd[i] = d[i] - e * e / bwd[i + 1];
    }
    let v = (0..n).map(|i| 1.0 / (fwd[i] + bwd[i] - d[i])).collect();
    (x, v)
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::rngs::StdRng;
    use rand::{RngExt, SeedableRng};

    fn normal(rng: &mut StdRng) -> f64 {
        // Box–Muller
        let u1: f64 = rng.random_range(1e-12..1.0);
        let u2: f64 = rng.random_range(0.0..1.0);
        (-2.0 * u1.ln()).sqrt() * (2.0 * std::f64::consts::PI * u2).cos()
    }

    fn corr(a: &[f64], b: &[f64]) -> f64 {
        let n = a.len() as f64;
        let (ma, mb) = (a.iter().sum::<f64>() / n, b.iter().sum::<f64>() / n);
        let cov: f64 = a.iter().zip(b).map(|(x, y)| (x - ma) * (y - mb)).sum();
        let va: f64 = a.iter().map(|x| (x - ma).powi(2)).sum();
        let vb: f64 = b.iter().map(|y| (y - mb).powi(2)).sum();
        cov / (va * vb).sqrt()
    }

    #[test]
    fn recovers_simulated_positions() {
        let mut rng = StdRng::seed_from_u64(11);
        let (ns, ny, per_year) = (80usize, 12usize, 40usize);
        // True paths: random walks with σ = 0.1 around spread starting points.
        let mut truth = vec![0.0; ns * ny];
        for s in 0..ns {
            let mut x = normal(&mut rng);
            for t in 0..ny {
                x += 0.1 * normal(&mut rng);
                truth[s * ny + t] = x;
            }
        }
        let mut data = IdealData {
            n_states: ns,
            n_years: ny,
            ..Default::default()
        };
        // Bridge: the first 5 items of each year repeat last year's.
        let mut group_params: Vec<ItemParams> = Vec::new();
        for t in 0..ny {
            for j in 0..per_year {
                let g = if t > 0 && j < 5 {
                    data.item_group[(t - 1) * per_year + j] as usize
                } else {
                    group_params.push(ItemParams {
                        alpha: normal(&mut rng),
                        beta: 1.5 * normal(&mut rng),
                        tau: rng.random_range(0.2..1.0),
                    });
                    group_params.len() - 1
                };
                data.item_year.push(t as u32);
                data.item_group.push(g as u32);
            }
        }
        data.n_groups = group_params.len();
        for (item, (&t, &g)) in data.item_year.iter().zip(&data.item_group).enumerate() {
            let p = group_params[g as usize];
            for s in 0..ns {
                let zz = p.alpha + p.beta * truth[s * ny + t as usize] + normal(&mut rng);
                let cat = if zz <= 0.0 {
                    0
                } else if zz <= p.tau {
                    1
                } else {
                    2
                };
                data.obs.push(Obs {
                    state: s as u32,
                    item: item as u32,
                    cat,
                });
            }
        }
        let init: Vec<f64> = truth.iter().map(|x| x + normal(&mut rng)).collect();
        // The generating model: σ = 0.1, first-year positions N(0, 1).
        let opts = IdealOptions {
            sigma: 0.1,
            first_prior_var: 1.0,
            ..IdealOptions::default()
        };
        let fit = estimate(&data, &opts, &init, Some(0));
        let est: Vec<f64> = fit.theta.clone();
        let r = corr(&est, &truth).abs();
        assert!(
            r >= 0.98,
            "correlation with the truth {r} after {} iterations",
            fit.iterations
        );
        let mean = est.iter().sum::<f64>() / est.len() as f64;
        assert!(mean.abs() < 1e-9);
    }

    /// Roll calls of `per_year` items a year, one group each, every state voting:
    /// yes below 0, abstain up to `tau`, no above, around `position(state, year)`.
    fn simulated(
        rng: &mut StdRng,
        (ns, ny, per_year): (usize, usize, usize),
        position: &dyn Fn(usize, usize) -> f64,
        tau: f64,
    ) -> IdealData {
        let mut data = IdealData {
            n_states: ns,
            n_years: ny,
            ..Default::default()
        };
        for t in 0..ny {
            for _ in 0..per_year {
                let (a, b) = (normal(rng), 1.0 + normal(rng).abs());
                let item = data.item_year.len() as u32;
                data.item_year.push(t as u32);
                data.item_group.push(item);
                for s in 0..ns {
                    let z = a + b * position(s, t) + normal(rng);
                    let cat = if z <= 0.0 {
                        0
                    } else if z <= tau {
                        1
                    } else {
                        2
                    };
                    data.obs.push(Obs {
                        state: s as u32,
                        item,
                        cat,
                    });
                }
            }
        }
        data.n_groups = data.item_year.len();
        data
    }

    #[test]
    fn chunks_cover_the_groups_in_order_with_even_shares() {
        let mut rng = StdRng::seed_from_u64(3);
        let data = simulated(&mut rng, (20, 5, 30), &|s, _| s as f64 / 10.0, 0.5);
        let layout = Layout::new(&data);
        for n in [1, 2, 7, 16, 1000] {
            let chunks = layout.chunks(n);
            assert!(chunks.len() <= n.max(1));
            assert_eq!(chunks[0].start, 0);
            assert_eq!(chunks.last().map(|r| r.end), Some(data.n_groups));
            assert!(chunks.windows(2).all(|w| w[0].end == w[1].start));
            // 150 groups of 20 votes: shares within one group of equal.
            let even = data.obs.len() / chunks.len();
            if n <= 16 {
                assert!(
                    chunks
                        .iter()
                        .all(|r| layout.obs_of(r).len().abs_diff(even) <= 20)
                );
            }
        }
        // Within a group, yes then abstain then no votes.
        assert!((0..data.n_groups).all(|g| layout.cat[layout.group(g)].is_sorted()));
    }

    #[test]
    fn bootstrap_quantiles_bracket_the_estimate_and_repeat() {
        let mut rng = StdRng::seed_from_u64(5);
        let (ns, ny, per_year) = (30usize, 4usize, 25usize);
        let truth: Vec<f64> = (0..ns * ny).map(|k| (k / ny) as f64 / 10.0 - 1.5).collect();
        let data = simulated(&mut rng, (ns, ny, per_year), &|s, t| truth[s * ny + t], 0.5);
        let opts = IdealOptions::default();
        let fit = estimate(&data, &opts, &truth, Some(ns - 1));
        let run = |reps: usize, progress: &(dyn Fn() + Sync)| {
            let resampling = Resampling { reps, seed: 9 };
            bootstrap(
                &data,
                &opts,
                &truth,
                &fit.theta,
                Some(ns - 1),
                resampling,
                progress,
            )
        };
        let q = run(40, &|| {});
        assert_eq!(q, run(40, &|| {}), "seeded");
        let inside = (0..ns * ny)
            .filter(|&k| q[k][0] <= fit.theta[k] && fit.theta[k] <= q[k][2])
            .count();
        assert!(
            inside as f64 >= 0.8 * (ns * ny) as f64,
            "{inside} of {}",
            ns * ny
        );
        assert!((0..ns * ny).all(|k| q[k][0] <= q[k][1] && q[k][1] <= q[k][2]));
        // Replicates run two at a time: an odd number runs each once, and one replicate
        // is its own quantiles.
        let calls = std::sync::atomic::AtomicUsize::new(0);
        let count = || {
            calls.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
        };
        for reps in [1, 3] {
            calls.store(0, std::sync::atomic::Ordering::SeqCst);
            let q = run(reps, &count);
            assert_eq!(calls.load(std::sync::atomic::Ordering::SeqCst), reps);
            if reps == 1 {
                assert!(q.iter().all(|c| c[0] == c[1] && c[1] == c[2]));
            }
        }
    }

    #[test]
    fn a_weighted_roll_call_counts_as_its_copies() {
        let mut rng = StdRng::seed_from_u64(3);
        let (ns, ny, per_year) = (25usize, 3usize, 20usize);
        let data = simulated(
            &mut rng,
            (ns, ny, per_year),
            &|s, _| s as f64 / 8.0 - 1.5,
            0.6,
        );
        let weights: Vec<u32> = (0..data.item_year.len() as u32)
            .map(|i| 1 + i % 3)
            .collect();
        // The same sample with every roll call repeated `weight` times.
        let mut copies = IdealData {
            item_year: Vec::new(),
            item_group: Vec::new(),
            obs: Vec::new(),
            ..data.clone()
        };
        for (item, &w) in weights.iter().enumerate() {
            for _ in 0..w {
                let new = copies.item_year.len() as u32;
                copies.item_year.push(data.item_year[item]);
                copies.item_group.push(data.item_group[item]);
                copies.obs.extend(
                    data.obs
                        .iter()
                        .filter(|o| o.item as usize == item)
                        .map(|o| Obs { item: new, ..*o }),
                );
            }
        }
        let weighted = IdealData {
            item_weight: weights,
            ..data
        };
        let init: Vec<f64> = (0..ns * ny).map(|k| (k / ny) as f64 / 10.0 - 1.0).collect();
        let opts = IdealOptions::default();
        let (a, b) = (
            estimate(&weighted, &opts, &init, Some(0)),
            estimate(&copies, &opts, &init, Some(0)),
        );
        assert_eq!(a.iterations, b.iterations);
        for k in 0..ns * ny {
            assert!(
                (a.theta[k] - b.theta[k]).abs() < 1e-9,
                "{k}: {} {}",
                a.theta[k],
                b.theta[k]
            );
            assert!((a.var[k] - b.var[k]).abs() < 1e-9);
        }
        // Weights matter: the same roll calls counted once give other positions.
        let once = estimate(
            &IdealData {
                item_weight: Vec::new(),
                ..weighted.clone()
            },
            &opts,
            &init,
            Some(0),
        );
        assert!((0..ns * ny).any(|k| (once.theta[k] - a.theta[k]).abs() > 1e-4));
    }

    #[test]
    fn tridiagonal_solver_matches_dense_inverse() {
        let d = [3.0, 4.0, 5.0, 2.5];
        let e = -1.0;
        let b = [1.0, 2.0, -1.0, 0.5];
        let (x, v) = solve_tridiagonal(&d, e, &b);
        // Check A x = b.
        for i in 0..4 {
            let mut s = d[i] * x[i];
            if i > 0 {
                s += e * x[i - 1];
            }
            if i < 3 {
                s += e * x[i + 1];
            }
            assert!((s - b[i]).abs() < 1e-12);
        }
        // diag of the inverse: solve A c_i = e_i for each i.
        for i in 0..4 {
            let mut unit = [0.0; 4];
            unit[i] = 1.0;
            let (col, _) = solve_tridiagonal(&d, e, &unit);
            assert!((col[i] - v[i]).abs() < 1e-12);
        }
    }

    #[test]
    fn truncated_means_lie_in_their_intervals() {
        for &mu in &[-40.0, -5.0, -0.3, 0.0, 0.4, 3.0, 40.0] {
            for &tau in &[0.05, 0.5, 2.0] {
                assert!(latent_mean(mu, tau, 0) <= 1e-9, "{mu} {tau}");
                assert!(latent_mean(mu, tau, 2) >= tau - 1e-9, "{mu} {tau}");
                let m = latent_mean(mu, tau, 1);
                assert!((-1e-9..=tau + 1e-9).contains(&m), "{mu} {tau}: {m}");
            }
        }
    }

    #[test]
    fn batches_give_the_one_vote_values_in_the_same_order() {
        // Linear predictors across the normal's tables and beyond, weights, a τ.
        let n = 1000;
        let theta: Vec<f64> = (0..n).map(|k| (k as f64 - 500.0) / 37.0).collect();
        let cells: Vec<u32> = (0..n as u32).rev().collect();
        let weights: Vec<f64> = (0..n).map(|k| 1.0 + (k % 3) as f64).collect();
        let p = ItemParams {
            alpha: 0.3,
            beta: -1.7,
            tau: 0.8,
        };
        let votes = batch::Votes {
            cells: &cells,
            weights: &weights,
            theta: &theta,
        };
        let mu: Vec<f64> = cells
            .iter()
            .map(|&c| p.alpha + p.beta * theta[c as usize])
            .collect();
        let mut scratch = batch::Scratch::new();
        for cat in 0..3u8 {
            let mut z = vec![0.0; n];
            batch::latent_means(votes, p, cat, &mut z, &mut scratch);
            for (k, &m) in mu.iter().enumerate() {
                assert_eq!(
                    z[k].to_bits(),
                    latent_mean(m, p.tau, cat).to_bits(),
                    "{cat} {m}"
                );
            }
        }
        let mut g = (0.25, -0.5);
        batch::newton_no(votes, p, &mut g, &mut scratch);
        batch::newton_abstain(votes, p, &mut g, &mut scratch);
        let mut want = (0.25, -0.5);
        for (&m, &w) in mu.iter().zip(&weights) {
            let x = m - p.tau;
            let l = mills(x);
            want.0 -= w * l;
            want.1 -= w * (l * (x + l));
        }
        for (&m, &w) in mu.iter().zip(&weights) {
            let b = p.tau - m;
            let (d, _, fb) = interval(-m, b);
            let d = d.max(1e-300);
            want.0 += w * (fb / d);
            want.1 -= w * (fb * (b * d + fb) / (d * d));
        }
        assert_eq!(g.0.to_bits(), want.0.to_bits());
        assert_eq!(g.1.to_bits(), want.1.to_bits());
    }
}
