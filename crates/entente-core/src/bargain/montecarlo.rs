//! Monte Carlo over uncertain inputs: N runs with capabilities, positions and
//! saliences drawn from their stated uncertainty, in parallel, seeded.

use rand::rngs::StdRng;
use rand::{RngExt, SeedableRng};
use rayon::prelude::*;

use super::{Actor, Options, run};
use crate::agreement::quantile;

/// The uncertainty of one input.
#[derive(Clone, Copy, Debug, PartialEq, Default)]
pub enum Spread {
    /// Known exactly.
    #[default]
    Fixed,
    /// Uniform on value ± half-width.
    Uniform(f64),
    /// Normal with this standard deviation.
    Normal(f64),
}

impl Spread {
    fn draw(self, value: f64, rng: &mut StdRng) -> f64 {
        match self {
            Spread::Fixed => value,
            Spread::Uniform(h) => value + h * (2.0 * rng.random::<f64>() - 1.0),
            Spread::Normal(sd) => {
                // Box–Muller.
                let u1: f64 = rng.random::<f64>().max(f64::MIN_POSITIVE);
                let u2: f64 = rng.random();
                value + sd * (-2.0 * u1.ln()).sqrt() * (std::f64::consts::TAU * u2).cos()
            }
        }
    }
}

/// An actor's inputs with their uncertainty.
#[derive(Clone, Debug, PartialEq)]
pub struct UncertainActor {
    pub actor: Actor,
    pub capability: Spread,
    pub position: Spread,
    pub salience: Spread,
}

/// A draw of every actor's inputs; positions clamped to `scale`, capabilities to
/// ≥ 0, saliences to 0–1.
pub fn draw(actors: &[UncertainActor], scale: (f64, f64), rng: &mut StdRng) -> Vec<Actor> {
    actors
        .iter()
        .map(|u| Actor {
            name: u.actor.name.clone(),
            capability: u.capability.draw(u.actor.capability, rng).max(0.0),
            position: u
                .position
                .draw(u.actor.position, rng)
                .clamp(scale.0, scale.1),
            salience: u.salience.draw(u.actor.salience, rng).clamp(0.0, 1.0),
        })
        .collect()
}

/// Quantiles of a distribution.
#[derive(Clone, Debug, PartialEq)]
pub struct Summary {
    pub mean: f64,
    pub q05: f64,
    pub q25: f64,
    pub q50: f64,
    pub q75: f64,
    pub q95: f64,
}

impl Summary {
    pub fn of(mut values: Vec<f64>) -> Summary {
        values.sort_by(f64::total_cmp);
        let q = |p| quantile(&values, p);
        Summary {
            mean: values.iter().sum::<f64>() / values.len().max(1) as f64,
            q05: q(0.05),
            q25: q(0.25),
            q50: q(0.5),
            q75: q(0.75),
            q95: q(0.95),
        }
    }
}

/// The Monte Carlo result.
#[derive(Clone, Debug, PartialEq)]
pub struct MonteCarlo {
    pub runs: usize,
    /// Forecast as the weighted mean, and as the median voter position.
    pub mean: Summary,
    pub median: Summary,
    /// Per actor: its final position.
    pub positions: Vec<Summary>,
    /// Histogram of the mean forecast: `bins` equal bins over the scale.
    pub histogram: Vec<usize>,
    /// Share of runs that converged within the round limit.
    pub converged: f64,
}

/// `runs` perturbed runs (run `k` seeded by `seed` and `k`: results do not depend on
/// the number of threads). Needs `runs ≥ 1`.
pub fn monte_carlo(
    actors: &[UncertainActor],
    scale: (f64, f64),
    options: &Options,
    runs: usize,
    seed: u64,
    bins: usize,
) -> MonteCarlo {
    let results: Vec<(f64, f64, Vec<f64>, bool)> = (0..runs)
        .into_par_iter()
        .map(|k| {
            let mut rng =
                StdRng::seed_from_u64(seed ^ (k as u64).wrapping_mul(0x9E37_79B9_7F4A_7C15));
            let drawn = draw(actors, scale, &mut rng);
            let r = run(&drawn, options);
            (r.mean, r.median, r.final_positions, r.converged)
        })
        .collect();
    let bins = bins.max(1);
    let mut histogram = vec![0usize; bins];
    let width = (scale.1 - scale.0) / bins as f64;
    for r in &results {
        let b = if width > 0.0 {
            (((r.0 - scale.0) / width) as usize).min(bins - 1)
        } else {
            0
        };
        histogram[b] += 1;
    }
    MonteCarlo {
        runs,
        mean: Summary::of(results.iter().map(|r| r.0).collect()),
        median: Summary::of(results.iter().map(|r| r.1).collect()),
        positions: (0..actors.len())
            .map(|i| Summary::of(results.iter().map(|r| r.2[i]).collect()))
            .collect(),
        histogram,
        converged: results.iter().filter(|r| r.3).count() as f64 / runs.max(1) as f64,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::bargain::ec_emissions;

    fn uncertain(pm: f64) -> Vec<UncertainActor> {
        ec_emissions()
            .into_iter()
            .map(|actor| UncertainActor {
                actor,
                capability: Spread::Fixed,
                position: Spread::Uniform(pm),
                salience: Spread::Normal(0.05),
            })
            .collect()
    }

    #[test]
    fn fixed_inputs_give_the_single_run() {
        let mc = monte_carlo(
            &uncertain(0.0)
                .iter()
                .map(|u| UncertainActor {
                    salience: Spread::Fixed,
                    ..u.clone()
                })
                .collect::<Vec<_>>(),
            (0.0, 12.0),
            &Options::default(),
            50,
            1,
            12,
        );
        let one = run(&ec_emissions(), &Options::default());
        assert!((mc.mean.q05 - one.mean).abs() < 1e-12 && (mc.mean.q95 - one.mean).abs() < 1e-12);
        assert_eq!(mc.histogram.iter().sum::<usize>(), 50);
    }

    #[test]
    fn seeded_and_spread_by_the_inputs() {
        let a = monte_carlo(
            &uncertain(1.0),
            (0.0, 12.0),
            &Options::default(),
            400,
            7,
            12,
        );
        let b = monte_carlo(
            &uncertain(1.0),
            (0.0, 12.0),
            &Options::default(),
            400,
            7,
            12,
        );
        assert_eq!(a, b);
        assert!(a.mean.q95 > a.mean.q05);
        assert!(a.mean.q05 >= 0.0 && a.mean.q95 <= 12.0);
        let wide = monte_carlo(
            &uncertain(3.0),
            (0.0, 12.0),
            &Options::default(),
            400,
            7,
            12,
        );
        assert!(wide.mean.q95 - wide.mean.q05 > a.mean.q95 - a.mean.q05);
    }
}
