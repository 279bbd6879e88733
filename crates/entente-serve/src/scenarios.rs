//! The forecast page's API: the built-in scenarios, a scenario file read as the CLI reads
//! it, and `POST /api/forecast` — the model, the Monte Carlo, strategies compared and
//! the sensitivity, computed by the same analysis functions as `entente forecast`.

use std::path::Path;

use axum::Json;
use axum::extract::{Path as UrlPath, State};
use entente_analysis::defaults;
use entente_analysis::examples::EXAMPLES;
use entente_analysis::forecast::{
    ForecastRequest, compare_strategies, parse_variant, scenario_forecast, scenario_sensitivity,
};
use entente_core::bargain::montecarlo::{Spread, UncertainActor};
use entente_core::bargain::{Actor, Options};
use entente_sources::scenario::{Provenance, Scenario, ScenarioActor};
use serde::Deserialize;
use serde_json::{Value, json};

use crate::api::{ApiError, ApiResult, Lane, MAX_ACTORS, MAX_MC, MAX_ROUNDS, Shared, blocking};

/// Monte Carlo runs per end of a factor that one request may ask for.
pub const MAX_SENSITIVITY_RUNS: usize = 2000;

/// A scenario as JSON: the fields of the scenario file, uncertainty as `_pm`/`_sd`.
fn scenario_json(s: &Scenario) -> Value {
    let spread = |sp: Spread| {
        let (pm, sd) = sp.pm_sd();
        (pm.unwrap_or(0.0), sd.unwrap_or(0.0))
    };
    let actors: Vec<Value> = s
        .actors
        .iter()
        .map(|a| {
            let u = &a.input;
            let (cp, cs) = spread(u.capability);
            let (pp, ps) = spread(u.position);
            let (sp, ss) = spread(u.salience);
            json!({
                "name": u.actor.name, "country": a.country,
                "capability": u.actor.capability.is_finite().then_some(u.actor.capability),
                "position": u.actor.position, "salience": u.actor.salience,
                "capability_pm": cp, "capability_sd": cs, "position_pm": pp, "position_sd": ps,
                "salience_pm": sp, "salience_sd": ss,
                "sources": {"capability": a.provenance.capability, "position": a.provenance.position,
                            "salience": a.provenance.salience},
            })
        })
        .collect();
    json!({
        "title": s.title, "issue": s.issue, "source": s.source, "assumptions": s.assumptions,
        "generated_by": s.generated_by, "scale": [s.scale.0, s.scale.1], "actors": actors,
    })
}

/// `GET /api/scenarios`: the built-in scenarios.
pub async fn list(State(_): Shared) -> ApiResult {
    let mut out = Vec::new();
    for e in EXAMPLES.iter().filter(|e| e.scenario) {
        let s = entente_sources::scenario::parse_toml(e.text, Path::new(e.file))
            .map_err(|err| ApiError::bad(err.to_string()))?;
        out.push(
            json!({"name": e.name, "file": e.file, "title": s.title, "actors": s.actors.len()}),
        );
    }
    Ok(Json(json!(out)))
}

/// `GET /api/scenarios/{name}`: one built-in scenario.
pub async fn one(State(_): Shared, UrlPath(name): UrlPath<String>) -> ApiResult {
    let e = EXAMPLES
        .iter()
        .find(|e| e.scenario && e.name == name)
        .ok_or_else(|| {
            ApiError::bad(format!(
                "no built-in scenario '{}' (GET /api/scenarios lists them)",
                name.chars().take(80).collect::<String>()
            ))
        })?;
    let s = entente_sources::scenario::parse_toml(e.text, Path::new(e.file))
        .map_err(|err| ApiError::bad(err.to_string()))?;
    Ok(Json(scenario_json(&s)))
}

/// `POST /api/scenarios/parse` with a scenario file's TOML text (e.g. one written by
/// `entente scenario`): the scenario as JSON, or the parser's error.
pub async fn parse(State(_): Shared, body: String) -> ApiResult {
    let s = entente_sources::scenario::parse_toml(&body, Path::new("scenario file"))
        .map_err(|e| ApiError::bad(e.to_string()))?;
    Ok(Json(scenario_json(&s)))
}

/// One actor of a posted scenario.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PostedActor {
    pub name: String,
    #[serde(default)]
    pub country: Option<String>,
    pub capability: f64,
    pub position: f64,
    pub salience: f64,
    #[serde(default)]
    pub capability_pm: f64,
    #[serde(default)]
    pub position_pm: f64,
    #[serde(default)]
    pub salience_pm: f64,
    #[serde(default)]
    pub capability_sd: f64,
    #[serde(default)]
    pub position_sd: f64,
    #[serde(default)]
    pub salience_sd: f64,
}

/// A posted scenario and what to run on it.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PostedScenario {
    pub actors: Vec<PostedActor>,
    pub scale: Option<[f64; 2]>,
    /// Monte Carlo runs (default: the CLI's and the brief's).
    #[serde(default = "default_mc")]
    pub mc: usize,
    pub rounds: Option<usize>,
    #[serde(default = "default_seed")]
    pub seed: u64,
    /// Strategies as `entente forecast --compare` takes them.
    #[serde(default)]
    pub compare: Vec<String>,
    /// Run the sensitivity analysis.
    #[serde(default)]
    pub sensitivity: bool,
    /// Monte Carlo runs per end of each factor (default: the CLI's).
    pub sensitivity_runs: Option<usize>,
}

fn default_mc() -> usize {
    defaults::MC_RUNS
}

fn default_seed() -> u64 {
    defaults::SEED
}

/// An input's uncertainty: ± uniform or a normal sd (not both).
fn spread(name: &str, pm: f64, sd: f64) -> Result<Spread, ApiError> {
    if !(pm.is_finite() && sd.is_finite() && pm >= 0.0 && sd >= 0.0) || (pm > 0.0 && sd > 0.0) {
        return Err(ApiError::bad(format!(
            "actor '{name}': uncertainties are numbers ≥ 0, and an input has _pm or _sd, not both"
        )));
    }
    Ok(if pm > 0.0 {
        Spread::Uniform(pm)
    } else if sd > 0.0 {
        Spread::Normal(sd)
    } else {
        Spread::Fixed
    })
}

/// The posted scenario as the analysis layer's scenario, checked as a file is.
fn scenario_of(s: &PostedScenario) -> Result<Scenario, ApiError> {
    if s.actors.len() > MAX_ACTORS {
        return Err(ApiError::bad(format!(
            "a scenario needs 2 to {MAX_ACTORS} actors"
        )));
    }
    let mut actors = Vec::new();
    for a in &s.actors {
        let name: String = a.name.chars().take(80).collect();
        if a.name.chars().count() > 80 {
            return Err(ApiError::bad(format!(
                "actor '{name}…': at most 80 characters"
            )));
        }
        actors.push(ScenarioActor {
            input: UncertainActor {
                actor: Actor {
                    name: a.name.clone(),
                    capability: a.capability,
                    position: a.position,
                    salience: a.salience,
                },
                capability: spread(&name, a.capability_pm, a.capability_sd)?,
                position: spread(&name, a.position_pm, a.position_sd)?,
                salience: spread(&name, a.salience_pm, a.salience_sd)?,
            },
            country: a.country.clone(),
            note: None,
            provenance: Provenance::default(),
        });
    }
    let scenario = Scenario::untitled(actors, s.scale.map(|[lo, hi]| (lo, hi)));
    let stated: Vec<Actor> = scenario
        .actors
        .iter()
        .map(|a| a.input.actor.clone())
        .collect();
    entente_core::bargain::check_actors(&stated, scenario.scale).map_err(ApiError::bad)?;
    Ok(scenario)
}

/// `POST /api/forecast` with a scenario: the model on the stated inputs, the Monte Carlo
/// (mc ≤ 20,000; default and seed as the CLI's) over the stated uncertainty, and, when
/// asked, strategies compared on the same draws and the sensitivity of the forecast.
pub async fn forecast(
    State(_): Shared,
    body: Result<Json<PostedScenario>, axum::extract::rejection::JsonRejection>,
) -> ApiResult {
    let Json(s) = body.map_err(|e| ApiError::bad(format!("scenario: {e}")))?;
    if s.mc > MAX_MC {
        return Err(ApiError::bad(format!("'mc' must be at most {MAX_MC}")));
    }
    let rounds = s.rounds.unwrap_or(defaults::ROUNDS);
    if rounds == 0 || rounds > MAX_ROUNDS {
        return Err(ApiError::bad(format!("'rounds' must be 1 to {MAX_ROUNDS}")));
    }
    let sens_runs = s.sensitivity_runs.unwrap_or(defaults::SENSITIVITY_RUNS);
    if sens_runs > MAX_SENSITIVITY_RUNS {
        return Err(ApiError::bad(format!(
            "'sensitivity_runs' must be at most {MAX_SENSITIVITY_RUNS}"
        )));
    }
    let scenario = scenario_of(&s)?;
    let variants = s
        .compare
        .iter()
        .map(|spec| parse_variant(spec, &scenario))
        .collect::<Result<Vec<_>, _>>()?;
    blocking(Lane::Heavy, move || {
        let req = ForecastRequest {
            options: Options {
                max_rounds: rounds,
                ..Options::default()
            },
            mc: s.mc,
            seed: s.seed,
        };
        let f = scenario_forecast(&scenario, &req);
        let mc = f.mc.map(|m| {
            json!({"runs": m.runs, "mean": [m.mean.q05, m.mean.q50, m.mean.q95],
                   "median": [m.median.q05, m.median.q50, m.median.q95], "histogram": m.histogram,
                   "converged": m.converged,
                   "tail_spread": m.tail_spread.map(|t| [t.q50, t.q95]), "seed": s.seed})
        });
        let comparison = if variants.is_empty() {
            None
        } else {
            let c = compare_strategies(&scenario, &variants, &req)?;
            let rows: Vec<Value> = std::iter::once(&c.base)
                .chain(&c.variants)
                .map(|v| {
                    json!({"name": v.name, "stated": v.stated_mean, "forecast": v.forecast(),
                           "median": v.mc.as_ref().map(|m| m.q50), "q05": v.mc.as_ref().map(|m| m.q05),
                           "q95": v.mc.as_ref().map(|m| m.q95),
                           "difference": v.effect(),
                           "difference_q05": v.difference.as_ref().map(|d| d.q05),
                           "difference_q95": v.difference.as_ref().map(|d| d.q95),
                           "below_base": v.lower, "above_base": v.higher, "nearer_low_end": v.nearer_low})
                })
                .collect();
            Some(json!({"runs": c.runs, "strategies": rows}))
        };
        let sensitivity = s.sensitivity.then(|| {
            let sens = scenario_sensitivity(&scenario, &req, sens_runs, &|| {});
            let names: Vec<&str> = scenario.actors.iter().map(|a| a.input.actor.name.as_str()).collect();
            let bars: Vec<Value> = sens
                .swings
                .iter()
                .map(|w| {
                    json!({"factor": w.factor.label(&names), "low": w.low_label, "high": w.high_label,
                           "range": w.range_kind(),
                           "forecast_low": w.forecast_low, "forecast_high": w.forecast_high,
                           "swing": w.swing()})
                })
                .collect();
            json!({"runs": sens.runs, "base": sens.base, "factors": bars,
                   "chart_factors": defaults::TORNADO_BARS})
        });
        Ok(Json(json!({
            "scale": [scenario.scale.0, scenario.scale.1],
            "rounds": f.run.rounds.len(),
            "converged": f.run.converged,
            "tail_spread": (!f.run.converged).then(|| f.run.tail_spread(entente_core::bargain::TAIL_ROUNDS)),
            "mean": f.run.mean,
            "median": f.run.median,
            "final_positions": f.actors.iter().zip(&f.run.final_positions).map(|(a, x)| json!({"name": a.name, "position": a.position, "final": x})).collect::<Vec<_>>(),
            "mc": mc,
            "comparison": comparison,
            "sensitivity": sensitivity,
        })))
    })
    .await
}
