//! Strategies compared: the base scenario and variants of it (changed positions,
//! capabilities or saliences) run on the same Monte Carlo draws — common random
//! numbers: run k of every variant perturbs its inputs by the same noise as run k of
//! the base, so the paired difference of the forecasts is the effect of the change,
//! not sampling noise.

use super::montecarlo::{Summary, UncertainActor, any_uncertain, outcomes};
use super::{Ending, Options, run_ending};

/// An input of an actor.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Input {
    Capability,
    Position,
    Salience,
}

impl Input {
    pub const ALL: [Input; 3] = [Input::Position, Input::Capability, Input::Salience];

    pub fn name(self) -> &'static str {
        match self {
            Input::Capability => "capability",
            Input::Position => "position",
            Input::Salience => "salience",
        }
    }

    pub fn from_name(s: &str) -> Option<Input> {
        Input::ALL.into_iter().find(|i| i.name() == s)
    }
}

/// One changed input: `actor` (index into the scenario's actors) gets `value`.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Change {
    pub actor: usize,
    pub input: Input,
    pub value: f64,
}

/// A named strategy: changes to the base scenario.
#[derive(Clone, Debug, PartialEq)]
pub struct Variant {
    pub name: String,
    pub changes: Vec<Change>,
}

/// The inputs with `changes` applied (their uncertainty kept).
pub fn apply(base: &[UncertainActor], changes: &[Change]) -> Vec<UncertainActor> {
    let mut out = base.to_vec();
    for c in changes {
        let a = &mut out[c.actor].actor;
        match c.input {
            Input::Capability => a.capability = c.value,
            Input::Position => a.position = c.value,
            Input::Salience => a.salience = c.value,
        }
    }
    out
}

/// One strategy's forecast.
#[derive(Clone, Debug, PartialEq)]
pub struct Forecasted {
    pub name: String,
    /// The forecast (weighted mean) and median voter position on the stated values.
    pub stated_mean: f64,
    pub stated_median: f64,
    pub stated_converged: bool,
    /// The forecast over the Monte Carlo runs (`None` when no input is uncertain).
    pub mc: Option<Summary>,
    /// Share of the runs whose forecast ends nearer the low end of the scale than the
    /// high end (the stated run alone without a Monte Carlo: 0 or 1).
    pub nearer_low: f64,
    /// The paired difference to the base, run by run (variant − base); `None` for the
    /// base and without a Monte Carlo.
    pub difference: Option<Summary>,
    /// The difference on the stated values.
    pub stated_difference: f64,
    /// Shares of the paired runs in which this forecast is below, equal to (within
    /// 1e-9 of the scale) and above the base's.
    pub lower: f64,
    pub same: f64,
    pub higher: f64,
}

impl Forecasted {
    /// The strategy's forecast: the median over the Monte Carlo runs, or the stated
    /// run's without them.
    pub fn forecast(&self) -> f64 {
        self.mc.as_ref().map_or(self.stated_mean, |m| m.q50)
    }

    /// Its difference to the base: the median paired difference, or the stated runs'
    /// difference without a Monte Carlo.
    pub fn effect(&self) -> f64 {
        self.difference
            .as_ref()
            .map_or(self.stated_difference, |d| d.q50)
    }
}

/// The base case and each variant.
#[derive(Clone, Debug, PartialEq)]
pub struct Comparison {
    pub runs: usize,
    pub base: Forecasted,
    pub variants: Vec<Forecasted>,
}

/// Runs the base and every variant with the same draws (`runs` Monte Carlo runs seeded
/// by `seed`; none when `runs` is 0 or no input is uncertain).
pub fn compare(
    base: &[UncertainActor],
    variants: &[Variant],
    scale: (f64, f64),
    options: &Options,
    runs: usize,
    seed: u64,
) -> Comparison {
    let runs = if any_uncertain(base) { runs } else { 0 };
    let mid = (scale.0 + scale.1) / 2.0;
    let tolerance = 1e-9 * (scale.1 - scale.0).abs();
    let evaluate = |inputs: &[UncertainActor]| {
        let stated = run_ending(
            &inputs.iter().map(|u| u.actor.clone()).collect::<Vec<_>>(),
            options,
        );
        let draws = if runs > 0 {
            outcomes(inputs, scale, options, runs, seed)
        } else {
            Vec::new()
        };
        (stated, draws)
    };
    let (base_run, base_draws) = evaluate(base);
    let forecasted = |name: String, stated: &Ending, draws: &[Ending], paired: bool| {
        let means: Vec<f64> = draws.iter().map(|o| o.mean).collect();
        let diffs: Vec<f64> = draws
            .iter()
            .zip(&base_draws)
            .map(|(v, b)| v.mean - b.mean)
            .collect();
        let share = |f: &dyn Fn(f64) -> bool| {
            if diffs.is_empty() {
                let d = stated.mean - base_run.mean;
                if f(d) { 1.0 } else { 0.0 }
            } else {
                diffs.iter().filter(|&&d| f(d)).count() as f64 / diffs.len() as f64
            }
        };
        Forecasted {
            name,
            stated_mean: stated.mean,
            stated_median: stated.median,
            stated_converged: stated.converged,
            nearer_low: if means.is_empty() {
                if stated.mean < mid { 1.0 } else { 0.0 }
            } else {
                means.iter().filter(|&&m| m < mid).count() as f64 / means.len() as f64
            },
            mc: (!means.is_empty()).then(|| Summary::of(means)),
            difference: (paired && !diffs.is_empty()).then(|| Summary::of(diffs.clone())),
            stated_difference: stated.mean - base_run.mean,
            lower: share(&|d| d < -tolerance),
            same: share(&|d| d.abs() <= tolerance),
            higher: share(&|d| d > tolerance),
        }
    };
    let base_result = forecasted("base".into(), &base_run, &base_draws, false);
    let variants = variants
        .iter()
        .map(|v| {
            let (stated, draws) = evaluate(&apply(base, &v.changes));
            forecasted(v.name.clone(), &stated, &draws, true)
        })
        .collect();
    Comparison {
        runs,
        base: base_result,
        variants,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::bargain::ec_emissions;
    use crate::bargain::montecarlo::Spread;

    fn uncertain() -> Vec<UncertainActor> {
        ec_emissions()
            .into_iter()
            .map(|a| UncertainActor::new(a, Spread::Uniform(1.0), Spread::Normal(0.05)))
            .collect()
    }

    #[test]
    fn an_unchanged_variant_differs_by_exactly_nothing() {
        // Common random numbers: the same inputs give the same draws, run by run.
        let c = compare(
            &uncertain(),
            &[Variant {
                name: "same".into(),
                changes: vec![],
            }],
            (0.0, 12.0),
            &Options::default(),
            300,
            5,
        );
        let v = &c.variants[0];
        let d = v.difference.as_ref().unwrap();
        assert_eq!((d.q05, d.q95, v.same), (0.0, 0.0, 1.0));
        assert_eq!(v.mc, c.base.mc);
    }

    #[test]
    fn a_stronger_low_actor_pulls_the_forecast_down_in_every_paired_run() {
        // Germany (position 4) with ten times its capability and full salience: the
        // weighted mean moves toward 4 in the stated run and in (nearly) every draw.
        let base = uncertain();
        let c = compare(
            &base,
            &[Variant {
                name: "strong Germany".into(),
                changes: vec![
                    Change {
                        actor: 3,
                        input: Input::Capability,
                        value: 1.6,
                    },
                    Change {
                        actor: 3,
                        input: Input::Salience,
                        value: 1.0,
                    },
                ],
            }],
            (0.0, 12.0),
            &Options::default(),
            300,
            5,
        );
        let v = &c.variants[0];
        assert!(v.stated_difference < -0.5, "{v:?}");
        assert!(v.lower > 0.9, "{v:?}");
        let d = v.difference.as_ref().unwrap();
        assert!(d.q95 < 0.0, "{d:?}");
        // The paired interval is narrower than the spread of either forecast.
        let (b, m) = (c.base.mc.as_ref().unwrap(), v.mc.as_ref().unwrap());
        assert!(d.q95 - d.q05 < (b.q95 - b.q05).max(m.q95 - m.q05));
    }

    #[test]
    fn without_uncertainty_the_stated_runs_are_compared() {
        let fixed: Vec<UncertainActor> = ec_emissions()
            .into_iter()
            .map(|a| UncertainActor::new(a, Spread::Fixed, Spread::Fixed))
            .collect();
        let c = compare(
            &fixed,
            &[Variant {
                // The model is not monotone in a single position (moving the UK to 4
                // raises the 10-round forecast), but an overwhelming actor decides.
                name: "Germany dominant".into(),
                changes: vec![Change {
                    actor: 3,
                    input: Input::Capability,
                    value: 100.0,
                }],
            }],
            (0.0, 12.0),
            &Options::default(),
            300,
            5,
        );
        let v = &c.variants[0];
        assert_eq!(c.runs, 0);
        assert!(v.mc.is_none() && v.difference.is_none());
        assert!(v.stated_difference < -2.0 && v.lower == 1.0, "{v:?}");
        assert!(
            (v.stated_mean - 4.0).abs() < 0.5 && v.nearer_low == 1.0,
            "{v:?}"
        );
    }
}
