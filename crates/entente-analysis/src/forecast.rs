//! The bargaining forecast of a scenario: one run on the stated values and a Monte
//! Carlo over the inputs' uncertainty with the same defaults everywhere (runs, seed,
//! histogram bins), and scenario inputs filled from data.

use entente_core::bargain::compare::{Change, Comparison, Input, Variant, compare};
use entente_core::bargain::montecarlo::{MonteCarlo, UncertainActor, any_uncertain, monte_carlo};
use entente_core::bargain::sensitivity::{Sensitivity, sensitivity};
use entente_core::bargain::{Actor, Options, Run, check_actors, run};
use entente_sources::scenario::Scenario;

use crate::defaults;
use crate::error::{Error, Result};
use crate::session::Session;

/// How to run a forecast.
#[derive(Clone, Debug)]
pub struct ForecastRequest {
    pub options: Options,
    /// Monte Carlo runs (0: none).
    pub mc: usize,
    pub seed: u64,
}

impl Default for ForecastRequest {
    fn default() -> Self {
        ForecastRequest {
            options: Options {
                max_rounds: defaults::ROUNDS,
                ..Options::default()
            },
            mc: defaults::MC_RUNS,
            seed: defaults::SEED,
        }
    }
}

/// A forecast: the run on the stated values and, when asked for and some input is
/// uncertain, the Monte Carlo.
pub struct Forecast {
    pub scale: (f64, f64),
    pub actors: Vec<Actor>,
    pub run: Run,
    pub mc: Option<MonteCarlo>,
    /// Monte Carlo runs asked for but skipped: no input is uncertain.
    pub mc_skipped: bool,
}

/// Runs the model on `inputs` over `scale`.
pub fn forecast(inputs: &[UncertainActor], scale: (f64, f64), req: &ForecastRequest) -> Forecast {
    let actors: Vec<Actor> = inputs.iter().map(|u| u.actor.clone()).collect();
    let single = run(&actors, &req.options);
    let uncertain = any_uncertain(inputs);
    let mc = (req.mc > 0 && uncertain).then(|| {
        monte_carlo(
            inputs,
            scale,
            &req.options,
            req.mc,
            req.seed,
            defaults::HISTOGRAM_BINS,
        )
    });
    Forecast {
        scale,
        actors,
        run: single,
        mc,
        mc_skipped: req.mc > 0 && !uncertain,
    }
}

/// The forecast of a scenario.
pub fn scenario_forecast(scenario: &Scenario, req: &ForecastRequest) -> Forecast {
    forecast(&scenario_inputs(scenario), scenario.scale, req)
}

/// The scenario's inputs.
pub fn scenario_inputs(scenario: &Scenario) -> Vec<UncertainActor> {
    scenario.actors.iter().map(|a| a.input.clone()).collect()
}

/// Parses a strategy, `NAME: Actor.input=VALUE, Actor.input=VALUE` (input: position,
/// capability or salience; the actor by its name in the scenario or its country code,
/// any case), and checks the changed scenario as a scenario file is checked.
pub fn parse_variant(spec: &str, scenario: &Scenario) -> Result<Variant> {
    let bad = |msg: String| Error::invalid(format!("--compare '{spec}': {msg}"));
    let (name, changes) = spec.split_once(':').ok_or_else(|| {
        bad("expected 'NAME: Actor.position=VALUE, …', e.g. 'Settlement: United States.position=50'".into())
    })?;
    let name = name.trim();
    if name.is_empty() || name.chars().count() > 80 {
        return Err(bad(
            "give the strategy a name of 1 to 80 characters before the ':'".into(),
        ));
    }
    let mut out = Vec::new();
    for part in changes.split(',').map(str::trim).filter(|p| !p.is_empty()) {
        let (target, value) = part
            .split_once('=')
            .ok_or_else(|| bad(format!("'{part}': expected Actor.input=VALUE")))?;
        let (actor, input) = target.trim().rsplit_once('.').ok_or_else(|| {
            bad(format!(
                "'{part}': expected Actor.input=VALUE (input: position, capability or salience)"
            ))
        })?;
        let input = Input::from_name(&input.trim().to_lowercase()).ok_or_else(|| {
            bad(format!(
                "'{part}': unknown input '{}': use position, capability or salience",
                input.trim()
            ))
        })?;
        let wanted = actor.trim().to_lowercase();
        let index = scenario
            .actors
            .iter()
            .position(|a| {
                a.input.actor.name.to_lowercase() == wanted
                    || a.country
                        .as_deref()
                        .is_some_and(|c| c.to_lowercase() == wanted)
            })
            .ok_or_else(|| {
                bad(format!(
                    "no actor '{}' in the scenario (actors: {})",
                    actor.trim(),
                    scenario
                        .actors
                        .iter()
                        .map(|a| a.input.actor.name.as_str())
                        .collect::<Vec<_>>()
                        .join(", ")
                ))
            })?;
        let value: f64 = value
            .trim()
            .parse()
            .ok()
            .filter(|v: &f64| v.is_finite())
            .ok_or_else(|| bad(format!("'{part}': the value must be a number")))?;
        out.push(Change {
            actor: index,
            input,
            value,
        });
    }
    if out.is_empty() {
        return Err(bad(
            "name at least one change, e.g. 'Actor.position=50'".into()
        ));
    }
    let changed = entente_core::bargain::compare::apply(&scenario_inputs(scenario), &out);
    let actors: Vec<Actor> = changed.into_iter().map(|u| u.actor).collect();
    check_actors(&actors, scenario.scale).map_err(bad)?;
    Ok(Variant {
        name: name.to_string(),
        changes: out,
    })
}

/// The base scenario and each strategy on the same Monte Carlo draws.
pub fn compare_strategies(
    scenario: &Scenario,
    variants: &[Variant],
    req: &ForecastRequest,
) -> Result<Comparison> {
    if variants.len() > defaults::MAX_VARIANTS {
        return Err(Error::invalid(format!(
            "at most {} strategies per comparison, not {}",
            defaults::MAX_VARIANTS,
            variants.len()
        )));
    }
    Ok(compare(
        &scenario_inputs(scenario),
        variants,
        scenario.scale,
        &req.options,
        req.mc,
        req.seed,
    ))
}

/// The sensitivity of the scenario's forecast to every input and option, with `runs`
/// Monte Carlo runs per end (default [`defaults::SENSITIVITY_RUNS`]).
pub fn scenario_sensitivity(
    scenario: &Scenario,
    req: &ForecastRequest,
    runs: usize,
    progress: &(dyn Fn() + Sync),
) -> Sensitivity {
    sensitivity(
        &scenario_inputs(scenario),
        scenario.scale,
        &req.options,
        runs,
        req.seed,
        &defaults::sensitivity_ranges(),
        progress,
    )
}

/// Checks a scenario before a run, once data has filled what it can: every actor has a
/// capability, and the actors pass [`entente_core::bargain::check_actors`].
pub fn require_capabilities(scenario: &Scenario) -> Result<()> {
    if let Some(a) = scenario
        .actors
        .iter()
        .find(|a| a.input.actor.capability.is_nan())
    {
        return Err(Error::invalid(format!(
            "actor '{}' has no capability: give one, or use --capability cinc:YEAR",
            a.input.actor.name
        )));
    }
    let actors: Vec<Actor> = scenario
        .actors
        .iter()
        .map(|a| a.input.actor.clone())
        .collect();
    check_actors(&actors, scenario.scale).map_err(Error::invalid)
}

/// Fills capabilities from data (`cinc:YEAR`); returns the note citing the source.
pub fn fill_capabilities(session: &Session, scenario: &mut Scenario, spec: &str) -> Result<String> {
    let year: i32 = match spec.split_once(':') {
        Some(("cinc", y)) => y.trim().parse().map_err(|_| {
            Error::invalid(format!("--capability {spec}: the year must be a number"))
        })?,
        _ => {
            return Err(Error::invalid(format!(
                "--capability {spec}: expected cinc:YEAR (COW NMC), e.g. cinc:2016"
            )));
        }
    };
    let reg = session.registry()?;
    let cinc = entente_sources::nmc::cinc(session.data_dir()?, year)?;
    if cinc.by_ccode.is_empty() {
        return Err(Error::invalid(format!(
            "no CINC scores for {year} in {} (NMC v7 covers 1816–2022)",
            cinc.file.display()
        )));
    }
    let mut missing = Vec::new();
    for a in &mut scenario.actors {
        let query = a
            .country
            .clone()
            .unwrap_or_else(|| a.input.actor.name.clone());
        let Ok(country) = reg.resolve(&query) else {
            // Not a state (e.g. "EU"): keep a stated capability, else report.
            if !a.input.actor.capability.is_finite() {
                missing.push(format!(
                    "{} (not a state the registry knows)",
                    a.input.actor.name
                ));
            }
            continue;
        };
        match cinc.by_ccode.get(&country.ccode) {
            Some(&v) => a.input.actor.capability = v,
            None if a.input.actor.capability.is_finite() => {}
            None => missing.push(format!(
                "{} ({}: no CINC in {year})",
                a.input.actor.name,
                country.code3()
            )),
        }
    }
    if !missing.is_empty() {
        return Err(Error::invalid(format!(
            "--capability {spec}: no capability for {}; give these actors a capability in the scenario",
            missing.join(", ")
        )));
    }
    Ok(format!(
        "Capabilities: CINC {year} from {} ({}) for actors that are states; others as stated.",
        cinc.citation,
        cinc.file.display()
    ))
}

/// `ideal:YEAR:T1=P1,T2=P2`: the year and two (θ, position) points of a linear map.
struct PositionMap {
    year: i32,
    first: (f64, f64),
    second: (f64, f64),
}

/// Parses `ideal:YEAR:T1=P1,T2=P2`.
fn parse_position_map(spec: &str) -> Option<PositionMap> {
    let rest = spec.strip_prefix("ideal:")?;
    let (year, map) = rest.split_once(':')?;
    let (a, b) = map.split_once(',')?;
    let pair = |s: &str| -> Option<(f64, f64)> {
        let (t, p) = s.split_once('=')?;
        Some((t.trim().parse().ok()?, p.trim().parse().ok()?))
    };
    let (a, b) = (pair(a)?, pair(b)?);
    (a.0 != b.0 && a.0.is_finite() && b.0.is_finite()).then_some(())?;
    Some(PositionMap {
        year: year.trim().parse().ok()?,
        first: a,
        second: b,
    })
}

/// Fills positions from ideal points (`ideal:YEAR:T1=P1,T2=P2`); returns the note.
pub fn fill_positions(session: &Session, scenario: &mut Scenario, spec: &str) -> Result<String> {
    let PositionMap {
        year,
        first: (t1, p1),
        second: (t2, p2),
    } = parse_position_map(spec).ok_or_else(|| {
        Error::invalid(format!(
            "--position {spec}: expected ideal:YEAR:T1=P1,T2=P2, e.g. ideal:2021:-1.5=0,1.5=100"
        ))
    })?;
    let reg = session.registry()?;
    let points = session.ideal_map()?;
    let (lo, hi) = scenario.scale;
    let mut kept = Vec::new();
    let mut filled = 0;
    for a in &mut scenario.actors {
        let query = a
            .country
            .clone()
            .unwrap_or_else(|| a.input.actor.name.clone());
        let theta = reg
            .resolve(&query)
            .ok()
            .and_then(|c| points.get(&(c.ccode, year)))
            .map(|r| r.0);
        match theta {
            Some(t) => {
                a.input.actor.position = (p1 + (t - t1) * (p2 - p1) / (t2 - t1)).clamp(lo, hi);
                filled += 1;
            }
            None => kept.push(a.input.actor.name.clone()),
        }
    }
    if filled == 0 {
        return Err(Error::invalid(format!(
            "--position {spec}: no actor has an ideal point in {year}"
        )));
    }
    Ok(format!(
        "Positions: UN ideal points of {year} (`entente ideal`, default model) mapped linearly, θ {t1} → {p1}, θ {t2} → {p2}, clamped to the scale{}.",
        if kept.is_empty() {
            String::new()
        } else {
            format!("; stated positions kept for {}", kept.join(", "))
        }
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use entente_core::bargain::montecarlo::Spread;

    fn actor(name: &str, c: f64, x: f64, s: f64, pm: f64) -> UncertainActor {
        let actor = Actor {
            name: name.into(),
            capability: c,
            position: x,
            salience: s,
        };
        UncertainActor::new(actor, Spread::uniform(pm), Spread::Fixed)
    }

    #[test]
    fn the_monte_carlo_runs_only_over_uncertain_inputs_and_is_seeded() {
        let certain = [
            actor("A", 1.0, 0.0, 0.5, 0.0),
            actor("B", 2.0, 10.0, 0.8, 0.0),
        ];
        let f = forecast(&certain, (0.0, 10.0), &ForecastRequest::default());
        assert!(f.mc.is_none() && f.mc_skipped);
        let uncertain = [
            actor("A", 1.0, 0.0, 0.5, 2.0),
            actor("B", 2.0, 10.0, 0.8, 0.0),
        ];
        let req = ForecastRequest::default();
        let (x, y) = (
            forecast(&uncertain, (0.0, 10.0), &req),
            forecast(&uncertain, (0.0, 10.0), &req),
        );
        let (mx, my) = (x.mc.unwrap(), y.mc.unwrap());
        assert_eq!(mx.runs, defaults::MC_RUNS);
        assert_eq!(mx.histogram.len(), defaults::HISTOGRAM_BINS);
        assert_eq!(mx.histogram.iter().sum::<usize>(), defaults::MC_RUNS);
        assert_eq!(mx.mean.q50, my.mean.q50);
    }

    #[test]
    fn position_maps_parse_or_are_refused() {
        let m = parse_position_map("ideal:2021:-1.5=0,1.5=100").unwrap();
        assert_eq!(
            (m.year, m.first, m.second),
            (2021, (-1.5, 0.0), (1.5, 100.0))
        );
        for bad in [
            "ideal:2021",
            "ideal:x:-1=0,1=1",
            "ideal:2021:1=0,1=5",
            "cinc:2016",
        ] {
            assert!(parse_position_map(bad).is_none(), "{bad}");
        }
    }
}
