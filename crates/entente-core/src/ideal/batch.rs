//! A group's votes of one category, a batch at a time: the cut point's Newton sums and
//! the E-step's truncated-normal means. Each batch's linear predictors are gathered
//! into a buffer and the normal distribution is evaluated over the whole buffer
//! (four lanes at a time with AVX2, `crate::normal`), with the same values, summed in
//! the same order, as one vote at a time ([`super::latent_mean`], tested).

use super::ItemParams;
use crate::normal::{mills_in_place, pdf_and_tails_each};

/// Votes per batch.
const BATCH: usize = 128;

/// One category's votes in a group: their state-year cells and weights, and the
/// current positions.
#[derive(Clone, Copy)]
pub(super) struct Votes<'a> {
    pub cells: &'a [u32],
    pub weights: &'a [f64],
    pub theta: &'a [f64],
}

/// Buffers for one batch, reused from batch to batch and group to group. A batch of
/// `k` votes fills `..k` rounded up to four lanes (the lanes past `k` hold 0).
pub(super) struct Scratch {
    /// Linear predictors α + β·θ.
    mu: [f64; BATCH],
    /// Arguments of the Mills ratio, then its values.
    mills: [f64; BATCH],
    /// `a = −μ` and `b = τ − μ` of abstentions, with `(φ, Φ, 1 − Φ)` of each.
    a: [f64; BATCH],
    b: [f64; BATCH],
    tails_a: Tails,
    tails_b: Tails,
    /// `Φ(b) − Φ(a)`.
    d: [f64; BATCH],
}

struct Tails {
    pdf: [f64; BATCH],
    lower: [f64; BATCH],
    upper: [f64; BATCH],
}

impl Tails {
    fn of(&mut self, xs: &[f64]) {
        let n = xs.len();
        pdf_and_tails_each(
            xs,
            &mut self.pdf[..n],
            &mut self.lower[..n],
            &mut self.upper[..n],
        );
    }
}

impl Scratch {
    pub fn new() -> Box<Scratch> {
        let tails = || Tails {
            pdf: [0.0; BATCH],
            lower: [0.0; BATCH],
            upper: [0.0; BATCH],
        };
        Box::new(Scratch {
            mu: [0.0; BATCH],
            mills: [0.0; BATCH],
            a: [0.0; BATCH],
            b: [0.0; BATCH],
            tails_a: tails(),
            tails_b: tails(),
            d: [0.0; BATCH],
        })
    }

    /// The linear predictors of a batch of votes (at most `BATCH`) into `mu`; returns
    /// the number of lanes to compute (`k` rounded up to four).
    fn fill(&mut self, cells: &[u32], theta: &[f64], p: ItemParams) -> usize {
        let k = cells.len();
        for (m, &c) in self.mu.iter_mut().zip(cells) {
            *m = p.alpha + p.beta * theta[c as usize];
        }
        let lanes = k.next_multiple_of(4);
        self.mu[k..lanes].fill(0.0);
        lanes
    }

    /// The Mills ratio at `x(μ)` of each lane into `mills`.
    fn mills_of(&mut self, lanes: usize, x: impl Fn(f64) -> f64) {
        for (l, &m) in self.mills[..lanes].iter_mut().zip(&self.mu) {
            *l = x(m);
        }
        mills_in_place(&mut self.mills[..lanes]);
    }

    /// The abstentions' intervals (as `super::interval(−μ, τ − μ)`) of each lane.
    fn intervals(&mut self, lanes: usize, tau: f64) {
        for ((a, b), &m) in self.a.iter_mut().zip(&mut self.b).zip(&self.mu[..lanes]) {
            *a = -m;
            *b = tau - m;
        }
        self.tails_a.of(&self.a[..lanes]);
        self.tails_b.of(&self.b[..lanes]);
        let (ta, tb) = (&self.tails_a, &self.tails_b);
        for j in 0..lanes {
            // Each difference taken in the tail where it is accurate.
            self.d[j] = if self.a[j] > 0.0 {
                ta.upper[j] - tb.upper[j]
            } else {
                tb.lower[j] - ta.lower[j]
            };
        }
    }
}

/// Batches of votes: `(cells, weights, offset)`.
fn batches<'a>(votes: &Votes<'a>) -> impl Iterator<Item = (&'a [u32], &'a [f64], usize)> {
    let (cells, weights) = (votes.cells, votes.weights);
    (cells.chunks(BATCH).zip(weights.chunks(BATCH)))
        .enumerate()
        .map(|(i, (c, w))| (c, w, i * BATCH))
}

/// Adds the no votes' terms of the cut point's log-likelihood gradient and Hessian
/// to `(g1, g2)`.
pub(super) fn newton_no(votes: Votes, p: ItemParams, g: &mut (f64, f64), s: &mut Scratch) {
    for (cells, weights, _) in batches(&votes) {
        let lanes = s.fill(cells, votes.theta, p);
        s.mills_of(lanes, |m| m - p.tau);
        for ((&m, &l), &w) in s.mu.iter().zip(&s.mills).zip(weights) {
            let x = m - p.tau;
            g.0 -= w * l;
            g.1 -= w * (l * (x + l));
        }
    }
}

/// Adds the abstentions' terms of the cut point's log-likelihood gradient and
/// Hessian to `(g1, g2)`.
pub(super) fn newton_abstain(votes: Votes, p: ItemParams, g: &mut (f64, f64), s: &mut Scratch) {
    for (cells, weights, _) in batches(&votes) {
        let lanes = s.fill(cells, votes.theta, p);
        s.intervals(lanes, p.tau);
        for (j, &w) in weights.iter().enumerate() {
            let (b, d, fb) = (s.b[j], s.d[j].max(1e-300), s.tails_b.pdf[j]);
            g.0 += w * (fb / d);
            g.1 -= w * (fb * (b * d + fb) / (d * d));
        }
    }
}

/// The E-step: `z[k]` becomes the mean of the latent utility of vote `k` given its
/// category `cat` (0 yes, 1 abstain, 2 no).
pub(super) fn latent_means(votes: Votes, p: ItemParams, cat: u8, z: &mut [f64], s: &mut Scratch) {
    for (cells, _, offset) in batches(&votes) {
        let out = &mut z[offset..offset + cells.len()];
        let lanes = s.fill(cells, votes.theta, p);
        match cat {
            0 => {
                // The mean of N(μ, 1) truncated to (−∞, 0]: μ − mills(−μ).
                s.mills_of(lanes, |m| -m);
                for ((z, &m), &l) in out.iter_mut().zip(&s.mu).zip(&s.mills) {
                    *z = m - l;
                }
            }
            2 => {
                // Truncated to (τ, ∞): μ + mills(μ − τ).
                s.mills_of(lanes, |m| m - p.tau);
                for ((z, &m), &l) in out.iter_mut().zip(&s.mu).zip(&s.mills) {
                    *z = m + l;
                }
            }
            _ => {
                s.intervals(lanes, p.tau);
                for (j, (z, &m)) in out.iter_mut().zip(&s.mu).enumerate() {
                    let d = s.d[j];
                    *z = if d > 1e-300 {
                        m + (s.tails_a.pdf[j] - s.tails_b.pdf[j]) / d
                    } else if s.b[j] < 0.0 {
                        p.tau // the mean lies far above the interval: its upper end
                    } else {
                        0.0 // far below: its lower end
                    };
                }
            }
        }
    }
}
