//! One-at-a-time sensitivity: every input (each actor's position, capability and
//! salience) and every model option set to each end of its range, the others held at
//! the base, and the forecast at both ends — the bars of a tornado chart, ranked by
//! how far the forecast moves.
//!
//! Ranges ([`Ranges`]): an input with stated uncertainty spans it (uniform ± h: the
//! value ± h; normal: ± 1.645 sd, the 90% range the Monte Carlo reports); an input
//! stated exactly spans a default (position ± 10% of the scale, capability × 0.5 to ×
//! 1.5, salience ± 0.2), clamped to the scale, ≥ 0 and 0–1. Options: each
//! alternative rule (probabilities, offer, range), Q and T from 1 down to 0.5, rounds
//! from half to five times the base. Each end is evaluated with the same Monte Carlo
//! draws as the base (common random numbers) and reported as the median of the
//! forecast (weighted mean) over the runs, or the stated run without uncertainty.

use super::compare::Input;
use super::montecarlo::{Spread, UncertainActor, any_uncertain, outcomes};
use super::{OfferRule, Options, RangeRule, Replicate, run_ending};
use crate::agreement::quantile;

/// The z of the two-sided 90% range of a normal distribution.
const Z90: f64 = 1.644_853_626_951_472_2;

/// Default ranges for inputs stated without uncertainty.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Ranges {
    /// Position ± this share of the scale's width.
    pub position_share: f64,
    /// Capability × (1 ± this).
    pub capability_share: f64,
    /// Salience ± this.
    pub salience: f64,
    /// The low end of Q and T (the high end is 1).
    pub q_low: f64,
    pub t_low: f64,
}

impl Default for Ranges {
    fn default() -> Self {
        Ranges {
            position_share: 0.1,
            capability_share: 0.5,
            salience: 0.2,
            q_low: 0.5,
            t_low: 0.5,
        }
    }
}

/// What is varied.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Factor {
    Input { actor: usize, input: Input },
    Replicate,
    Offer,
    Range,
    Q,
    T,
    Rounds,
}

impl Factor {
    /// Whether the factor is a model option (not an actor's input).
    pub fn is_option(self) -> bool {
        !matches!(self, Factor::Input { .. })
    }

    /// The factor's name for tables and charts: "United States: position", "option:
    /// Q (--q)".
    pub fn label<S: AsRef<str>>(self, actor_names: &[S]) -> String {
        match self {
            Factor::Input { actor, input } => format!(
                "{}: {}",
                actor_names.get(actor).map_or("?", |a| a.as_ref()),
                input.name()
            ),
            Factor::Replicate => "option: probabilities (--replicate)".into(),
            Factor::Offer => "option: offer rule (--offer)".into(),
            Factor::Range => "option: distance range (--range)".into(),
            Factor::Q => "option: Q (--q)".into(),
            Factor::T => "option: T (--t)".into(),
            Factor::Rounds => "option: rounds (--rounds)".into(),
        }
    }
}

/// One bar of the tornado: the factor at its two ends.
#[derive(Clone, Debug, PartialEq)]
pub struct Swing {
    pub factor: Factor,
    /// The two ends: values (for rules, 0 and 1) and labels.
    pub low: f64,
    pub high: f64,
    pub low_label: String,
    pub high_label: String,
    /// Whether the range is the input's stated uncertainty (else a default range or an
    /// option's alternatives).
    pub stated_range: bool,
    pub forecast_low: f64,
    pub forecast_high: f64,
    /// Share of runs converged at each end.
    pub converged_low: f64,
    pub converged_high: f64,
}

impl Swing {
    /// Where the range comes from: "stated" (the input's uncertainty), "default" (an
    /// input stated exactly) or "option" (a model option's alternatives).
    pub fn range_kind(&self) -> &'static str {
        if self.stated_range {
            "stated"
        } else if self.factor.is_option() {
            "option"
        } else {
            "default"
        }
    }

    /// How far the forecast moves over the range (scale units, ≥ 0).
    pub fn swing(&self) -> f64 {
        (self.forecast_high - self.forecast_low).abs()
    }
}

/// The sensitivity analysis.
#[derive(Clone, Debug, PartialEq)]
pub struct Sensitivity {
    /// Monte Carlo runs per end (0: the stated runs).
    pub runs: usize,
    pub base: f64,
    pub base_converged: f64,
    /// Ranked by swing, largest first.
    pub swings: Vec<Swing>,
}

/// The range of an input: its stated uncertainty, else the default; clamped.
fn input_range(
    u: &UncertainActor,
    input: Input,
    scale: (f64, f64),
    r: &Ranges,
) -> (f64, f64, bool) {
    let (value, spread) = match input {
        Input::Capability => (u.actor.capability, u.capability),
        Input::Position => (u.actor.position, u.position),
        Input::Salience => (u.actor.salience, u.salience),
    };
    let stated = match spread {
        Spread::Uniform(h) if h > 0.0 => Some(h),
        Spread::Normal(sd) if sd > 0.0 => Some(Z90 * sd),
        _ => None,
    };
    let half = stated.unwrap_or(match input {
        Input::Position => r.position_share * (scale.1 - scale.0),
        Input::Capability => r.capability_share * value,
        Input::Salience => r.salience,
    });
    let (lo, hi) = (value - half, value + half);
    let (lo, hi) = match input {
        Input::Position => (lo.max(scale.0), hi.min(scale.1)),
        Input::Capability => (lo.max(0.0), hi),
        Input::Salience => (lo.max(0.0), hi.min(1.0)),
    };
    (lo, hi, stated.is_some())
}

/// One end of a factor: its value, its label, and the options and inputs it runs with.
type End = (f64, String, Options, Vec<UncertainActor>);

/// Every factor with its two ends: the inputs then the options.
fn factors(
    base: &[UncertainActor],
    scale: (f64, f64),
    options: &Options,
    ranges: &Ranges,
) -> Vec<(Factor, [End; 2], bool)> {
    let mut out = Vec::new();
    for (i, u) in base.iter().enumerate() {
        for input in Input::ALL {
            let (lo, hi, stated) = input_range(u, input, scale, ranges);
            let end = |v: f64| {
                let mut inputs = base.to_vec();
                let a = &mut inputs[i].actor;
                match input {
                    Input::Capability => a.capability = v,
                    Input::Position => a.position = v,
                    Input::Salience => a.salience = v,
                }
                (v, format!("{v:.3}"), *options, inputs)
            };
            out.push((
                Factor::Input { actor: i, input },
                [end(lo), end(hi)],
                stated,
            ));
        }
    }
    let with = |f: &dyn Fn(&mut Options), label: &str, value: f64| {
        let mut o = *options;
        f(&mut o);
        (value, label.to_string(), o, base.to_vec())
    };
    out.push((
        Factor::Replicate,
        [
            with(&|o| o.replicate = Replicate::Printed, "printed", 0.0),
            with(&|o| o.replicate = Replicate::ScholzCode, "scholz-code", 1.0),
        ],
        false,
    ));
    out.push((
        Factor::Offer,
        [
            with(&|o| o.offer = OfferRule::Closest, "closest", 0.0),
            with(&|o| o.offer = OfferRule::Strongest, "strongest", 1.0),
        ],
        false,
    ));
    out.push((
        Factor::Range,
        [
            with(&|o| o.range = RangeRule::Current, "current", 0.0),
            with(&|o| o.range = RangeRule::Initial, "initial", 1.0),
        ],
        false,
    ));
    let q_low = ranges.q_low.min(options.q);
    out.push((
        Factor::Q,
        [
            with(&|o| o.q = q_low, &format!("{q_low}"), q_low),
            with(&|o| o.q = 1.0, "1", 1.0),
        ],
        false,
    ));
    let t_low = ranges.t_low.min(options.t);
    out.push((
        Factor::T,
        [
            with(&|o| o.t = t_low, &format!("{t_low}"), t_low),
            with(&|o| o.t = 1.0, "1", 1.0),
        ],
        false,
    ));
    let (r_lo, r_hi) = ((options.max_rounds / 2).max(1), options.max_rounds * 5);
    out.push((
        Factor::Rounds,
        [
            with(&|o| o.max_rounds = r_lo, &r_lo.to_string(), r_lo as f64),
            with(&|o| o.max_rounds = r_hi, &r_hi.to_string(), r_hi as f64),
        ],
        false,
    ));
    out
}

/// The forecast (median over `runs` draws, or the stated run) and the share converged.
fn evaluate(
    inputs: &[UncertainActor],
    scale: (f64, f64),
    o: &Options,
    runs: usize,
    seed: u64,
) -> (f64, f64) {
    if runs == 0 {
        let r = run_ending(
            &inputs.iter().map(|u| u.actor.clone()).collect::<Vec<_>>(),
            o,
        );
        return (r.mean, if r.converged { 1.0 } else { 0.0 });
    }
    let draws = outcomes(inputs, scale, o, runs, seed);
    let mut means: Vec<f64> = draws.iter().map(|d| d.mean).collect();
    means.sort_by(f64::total_cmp);
    let converged = draws.iter().filter(|d| d.converged).count() as f64 / runs as f64;
    (quantile(&means, 0.5), converged)
}

/// The sensitivity of the forecast to every input and option, with `runs` Monte Carlo
/// runs per end (none when no input is uncertain) seeded by `seed`. `progress` is
/// called after each factor.
pub fn sensitivity(
    base: &[UncertainActor],
    scale: (f64, f64),
    options: &Options,
    runs: usize,
    seed: u64,
    ranges: &Ranges,
    progress: &(dyn Fn() + Sync),
) -> Sensitivity {
    let runs = if any_uncertain(base) { runs } else { 0 };
    let (base_forecast, base_converged) = evaluate(base, scale, options, runs, seed);
    let mut swings: Vec<Swing> = factors(base, scale, options, ranges)
        .into_iter()
        .map(|(factor, [lo, hi], stated_range)| {
            let (f_lo, c_lo) = evaluate(&lo.3, scale, &lo.2, runs, seed);
            let (f_hi, c_hi) = evaluate(&hi.3, scale, &hi.2, runs, seed);
            progress();
            Swing {
                factor,
                low: lo.0,
                high: hi.0,
                low_label: lo.1,
                high_label: hi.1,
                stated_range,
                forecast_low: f_lo,
                forecast_high: f_hi,
                converged_low: c_lo,
                converged_high: c_hi,
            }
        })
        .collect();
    swings.sort_by(|a, b| b.swing().total_cmp(&a.swing()));
    Sensitivity {
        runs,
        base: base_forecast,
        base_converged,
        swings,
    }
}

/// How many factors [`sensitivity`] evaluates for `n_actors` actors (3 inputs each and
/// 6 options), for progress bars.
pub fn factor_count(n_actors: usize) -> usize {
    3 * n_actors + 6
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::bargain::{ec_emissions, run};

    fn inputs(pm: f64) -> Vec<UncertainActor> {
        ec_emissions()
            .into_iter()
            .map(|a| UncertainActor::new(a, Spread::uniform(pm), Spread::Fixed))
            .collect()
    }

    #[test]
    fn every_factor_at_both_ends_ranked_by_swing() {
        let s = sensitivity(
            &inputs(0.0),
            (0.0, 12.0),
            &Options::default(),
            100,
            1,
            &Ranges::default(),
            &|| {},
        );
        assert_eq!(s.runs, 0, "no uncertainty: the stated runs");
        assert_eq!(s.swings.len(), factor_count(10));
        assert!(s.swings.windows(2).all(|w| w[0].swing() >= w[1].swing()));
        // The base forecast is the stated run's.
        assert_eq!(s.base, run(&ec_emissions(), &Options::default()).mean);
        // Position ranges are ± 10% of the scale (1.2), clamped.
        let uk = s
            .swings
            .iter()
            .find(|w| {
                w.factor
                    == Factor::Input {
                        actor: 6,
                        input: Input::Position,
                    }
            })
            .unwrap();
        assert_eq!((uk.low, uk.high), (8.8, 11.2));
        let lux = s
            .swings
            .iter()
            .find(|w| {
                w.factor
                    == Factor::Input {
                        actor: 2,
                        input: Input::Salience,
                    }
            })
            .unwrap();
        assert_eq!((lux.low, lux.high), (0.0, 0.4));
        // Each end is the stated run with that one value changed.
        let mut moved = ec_emissions();
        moved[6].position = 11.2;
        assert_eq!(uk.forecast_high, run(&moved, &Options::default()).mean);
        // An option at its base value reproduces the base.
        let q = s.swings.iter().find(|w| w.factor == Factor::Q).unwrap();
        assert_eq!((q.low, q.high, q.forecast_high), (0.5, 1.0, s.base));
    }

    #[test]
    fn stated_uncertainty_sets_the_range_and_the_draws_are_shared() {
        let s = sensitivity(
            &inputs(2.0),
            (0.0, 12.0),
            &Options::default(),
            200,
            3,
            &Ranges::default(),
            &|| {},
        );
        assert_eq!(s.runs, 200);
        let nl = s
            .swings
            .iter()
            .find(|w| {
                w.factor
                    == Factor::Input {
                        actor: 0,
                        input: Input::Position,
                    }
            })
            .unwrap();
        assert!(nl.stated_range && nl.low == 2.0 && nl.high == 6.0, "{nl:?}");
        // An option at its base value reproduces the base exactly (same draws).
        let q = s.swings.iter().find(|w| w.factor == Factor::Q).unwrap();
        assert_eq!(q.forecast_high, s.base);
    }
}
