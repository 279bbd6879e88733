//! Monte Carlo over uncertain inputs: N runs with capabilities, positions and
//! saliences drawn from their stated uncertainty, in parallel, seeded.

use rand::rngs::StdRng;
use rand::{RngExt, SeedableRng};
use rayon::prelude::*;

use super::{Actor, Ending, Options, run_ending};
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
    /// Uniform ± `h`; exact when `h` is 0 (or less).
    pub fn uniform(h: f64) -> Spread {
        if h > 0.0 {
            Spread::Uniform(h)
        } else {
            Spread::Fixed
        }
    }

    /// As the scenario layout writes it: (`_pm`, `_sd`), each when it applies.
    pub fn pm_sd(self) -> (Option<f64>, Option<f64>) {
        match self {
            Spread::Fixed => (None, None),
            Spread::Uniform(h) => (Some(h), None),
            Spread::Normal(sd) => (None, Some(sd)),
        }
    }

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

impl UncertainActor {
    /// An actor with an exact capability and the stated uncertainty of its position
    /// and salience.
    pub fn new(actor: Actor, position: Spread, salience: Spread) -> UncertainActor {
        UncertainActor {
            actor,
            capability: Spread::Fixed,
            position,
            salience,
        }
    }
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

/// The random generator of run `k`: seeded by `seed` and `k` alone, so results do not
/// depend on the number of threads, and two scenarios run with the same seed draw the
/// same perturbations (common random numbers: the values differ, the noise does not).
pub fn run_rng(seed: u64, k: usize) -> StdRng {
    StdRng::seed_from_u64(seed ^ (k as u64).wrapping_mul(0x9E37_79B9_7F4A_7C15))
}

/// How each of `runs` perturbed runs ended, computed in parallel, in run order.
pub fn outcomes(
    actors: &[UncertainActor],
    scale: (f64, f64),
    options: &Options,
    runs: usize,
    seed: u64,
) -> Vec<Ending> {
    (0..runs)
        .into_par_iter()
        .map(|k| run_ending(&draw(actors, scale, &mut run_rng(seed, k)), options))
        .collect()
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
    /// Over the runs that did not converge: the forecast's range over their last
    /// [`super::TAIL_ROUNDS`] rounds (`None` when every run converged).
    pub tail_spread: Option<Summary>,
}

/// `runs` perturbed runs ([`outcomes`]) summarised. Needs `runs ≥ 1`.
pub fn monte_carlo(
    actors: &[UncertainActor],
    scale: (f64, f64),
    options: &Options,
    runs: usize,
    seed: u64,
    bins: usize,
) -> MonteCarlo {
    summarise(
        &outcomes(actors, scale, options, runs, seed),
        actors.len(),
        scale,
        bins,
    )
}

/// The summary of perturbed runs of `n_actors` actors.
pub fn summarise(
    results: &[Ending],
    n_actors: usize,
    scale: (f64, f64),
    bins: usize,
) -> MonteCarlo {
    let runs = results.len();
    let bins = bins.max(1);
    let mut histogram = vec![0usize; bins];
    let width = (scale.1 - scale.0) / bins as f64;
    for r in results {
        let b = if width > 0.0 {
            (((r.mean - scale.0) / width).max(0.0) as usize).min(bins - 1)
        } else {
            0
        };
        histogram[b] += 1;
    }
    let unsettled: Vec<f64> = results
        .iter()
        .filter(|r| !r.converged)
        .map(|r| r.tail_spread)
        .collect();
    MonteCarlo {
        runs,
        mean: Summary::of(results.iter().map(|r| r.mean).collect()),
        median: Summary::of(results.iter().map(|r| r.median).collect()),
        positions: (0..n_actors)
            .map(|i| Summary::of(results.iter().map(|r| r.final_positions[i]).collect()))
            .collect(),
        histogram,
        converged: results.iter().filter(|r| r.converged).count() as f64 / runs.max(1) as f64,
        tail_spread: (!unsettled.is_empty()).then(|| Summary::of(unsettled)),
    }
}

/// Whether any input of `actors` is uncertain (a Monte Carlo over them would vary).
pub fn any_uncertain(actors: &[UncertainActor]) -> bool {
    actors.iter().any(|u| {
        [u.capability, u.position, u.salience]
            .iter()
            .any(|s| !matches!(s, Spread::Fixed))
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::bargain::{ec_emissions, run};

    fn uncertain(pm: f64) -> Vec<UncertainActor> {
        ec_emissions()
            .into_iter()
            .map(|a| UncertainActor::new(a, Spread::Uniform(pm), Spread::Normal(0.05)))
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
