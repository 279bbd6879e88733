//! The JSON API (documented in docs/dashboard.md). Parameters arrive as strings and
//! are checked here; errors are `{"error": "..."}` with status 400.

use std::collections::HashMap;
use std::sync::Arc;

use axum::Json;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use entente_analysis::defaults;
use entente_analysis::dyad::{self, DyadRequest};
use entente_analysis::profile::{
    ProfileRequest, clip_years, missing, partners as partner_scores, profile as index_profile,
};
use entente_analysis::triangle::{TriangleRequest, timeline};
use entente_core::Measure;
use entente_core::index::{GATE, Kind};
use entente_core::network::Score;
use entente_core::network::YearMatrix;
use entente_core::triangle::Configuration;
use entente_core::votes::RollCallFilter;
use serde_json::{Value, json};

use crate::Data;

type Params = Query<HashMap<String, String>>;
pub(crate) type Shared = State<Arc<Data>>;

/// Bounds on what one request may ask for (a shared server's limits; the CLI allows more).
pub const MAX_REPS: usize = 1000;
pub const MAX_MC: usize = 20_000;
pub const MAX_ACTORS: usize = 60;
pub const MAX_ROUNDS: usize = 100;
pub const MAX_EVIDENCE: usize = 1000;
const YEARS: std::ops::RangeInclusive<i32> = defaults::VOTE_YEARS.0..=defaults::VOTE_YEARS.1;

/// Computed answers by request key; bounded (cleared when full). Answers are
/// deterministic (seeded bootstrap), so a cached answer equals a fresh one.
#[derive(Default)]
pub struct Cache(std::sync::Mutex<HashMap<String, Value>>);

/// Entries kept before the cache is cleared.
const CACHE_ENTRIES: usize = 512;

impl Cache {
    fn get(&self, key: &str) -> Option<Value> {
        self.0.lock().ok()?.get(key).cloned()
    }

    fn put(&self, key: String, value: &Value) {
        if let Ok(mut m) = self.0.lock() {
            if m.len() >= CACHE_ENTRIES {
                m.clear();
            }
            m.insert(key, value.clone());
        }
    }
}

/// A client error: 400 with a message.
pub struct ApiError(pub(crate) StatusCode, pub(crate) String);

impl ApiError {
    pub(crate) fn bad(msg: impl Into<String>) -> ApiError {
        ApiError(StatusCode::BAD_REQUEST, msg.into())
    }
}

impl From<entente_analysis::Error> for ApiError {
    fn from(e: entente_analysis::Error) -> Self {
        let mut text = e.to_string();
        let mut source = std::error::Error::source(&e);
        while let Some(s) = source {
            let s = s.to_string();
            if !text.contains(&s) {
                text.push_str(&format!(": {s}"));
            }
            source = source.and_then(std::error::Error::source);
        }
        if e.is_user() {
            return ApiError(StatusCode::BAD_REQUEST, text);
        }
        // The detail (file paths of this machine) goes to the server's log, not the client.
        tracing::error!("{text}");
        ApiError(
            StatusCode::INTERNAL_SERVER_ERROR,
            "the server could not answer: its data or cache could not be read (the server's log says which file; `entente sources` checks the data folder)".into(),
        )
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        (self.0, Json(json!({ "error": self.1 }))).into_response()
    }
}

pub(crate) type ApiResult = Result<Json<Value>, ApiError>;

fn state(
    data: &Data,
    params: &HashMap<String, String>,
    key: &str,
) -> Result<(u16, String, String), ApiError> {
    let q = params
        .get(key)
        .map(|s| s.trim())
        .filter(|s| !s.is_empty())
        .ok_or_else(|| {
            ApiError::bad(format!(
                "missing parameter '{key}' (a country name or code)"
            ))
        })?;
    if q.len() > 80 {
        return Err(ApiError::bad(format!("parameter '{key}' is too long")));
    }
    let c = data.session.resolve(q)?;
    Ok((c.ccode, c.code3().to_string(), c.name.clone()))
}

/// The two distinct states `a` and `b` of a pair request.
type Named = (u16, String, String);

fn two_states(data: &Data, params: &HashMap<String, String>) -> Result<(Named, Named), ApiError> {
    let a = state(data, params, "a")?;
    let b = state(data, params, "b")?;
    if a.0 == b.0 {
        return Err(ApiError::bad("'a' and 'b' are the same state"));
    }
    Ok((a, b))
}

fn year(params: &HashMap<String, String>, key: &str) -> Result<Option<i32>, ApiError> {
    match params.get(key).map(|s| s.trim()).filter(|s| !s.is_empty()) {
        None => Ok(None),
        Some(v) => match v.parse::<i32>() {
            Ok(y) if YEARS.contains(&y) => Ok(Some(y)),
            _ => Err(ApiError::bad(format!(
                "'{key}' must be a year between 1946 and 2100, not '{v}'"
            ))),
        },
    }
}

fn count(
    params: &HashMap<String, String>,
    key: &str,
    default: usize,
    max: usize,
) -> Result<usize, ApiError> {
    match params.get(key).map(|s| s.trim()).filter(|s| !s.is_empty()) {
        None => Ok(default),
        Some(v) => match v.parse::<usize>() {
            Ok(n) if n <= max => Ok(n),
            _ => Err(ApiError::bad(format!(
                "'{key}' must be a whole number from 0 to {max}, not '{v}'"
            ))),
        },
    }
}

fn span(params: &HashMap<String, String>) -> Result<(i32, i32), ApiError> {
    let from = year(params, "from")?.unwrap_or(*YEARS.start());
    let to = year(params, "to")?.unwrap_or(*YEARS.end());
    if from > to {
        return Err(ApiError::bad(format!("'from' {from} is after 'to' {to}")));
    }
    Ok((from, to))
}

fn finite(v: Option<f64>) -> Value {
    v.filter(|x| x.is_finite())
        .map_or(Value::Null, |x| json!(x))
}

/// Which queue a request's work waits in: heavy work (bootstrap panels, Monte Carlo,
/// year-wide scores) has its own, so that one user's twenty profile requests do not keep a
/// pair's agreement series waiting.
#[derive(Clone, Copy)]
pub(crate) enum Lane {
    /// A pair's series, events, evidence: milliseconds to a second.
    Light,
    /// Seconds: profiles with bootstrap intervals, every dyad of a year, forecasts.
    Heavy,
}

/// Runs work on the blocking pool, at most one job per core at a time in each lane: the
/// semaphores are fair (first come, first served), so under load requests queue in order
/// instead of hundreds of threads sharing two cores and some starving. A request whose
/// client goes away while it waits is dropped from the queue (its future is dropped).
pub(crate) async fn blocking<F: FnOnce() -> ApiResult + Send + 'static>(
    lane: Lane,
    f: F,
) -> ApiResult {
    static LIGHT: std::sync::OnceLock<tokio::sync::Semaphore> = std::sync::OnceLock::new();
    static HEAVY: std::sync::OnceLock<tokio::sync::Semaphore> = std::sync::OnceLock::new();
    let cores = std::thread::available_parallelism().map_or(2, |n| n.get());
    let permits = match lane {
        Lane::Light => LIGHT.get_or_init(|| tokio::sync::Semaphore::new(cores)),
        Lane::Heavy => HEAVY.get_or_init(|| tokio::sync::Semaphore::new(cores)),
    };
    let _permit = permits
        .acquire()
        .await
        .map_err(|e| ApiError(StatusCode::INTERNAL_SERVER_ERROR, e.to_string()))?;
    tokio::task::spawn_blocking(f)
        .await
        .map_err(|e| ApiError(StatusCode::INTERNAL_SERVER_ERROR, e.to_string()))?
}

/// `GET /api/countries[?q=text]`: states with UN votes (COW code, ISO3, name); with `q`,
/// the (at most 20) whose name or code contains it.
pub async fn countries(State(data): Shared, Query(params): Params) -> ApiResult {
    let q = params
        .get("q")
        .map(|s| s.trim().to_lowercase())
        .unwrap_or_default();
    if q.len() > 80 {
        return Err(ApiError::bad("parameter 'q' is too long"));
    }
    let registry = data.session.registry()?;
    let mut voting: Vec<u16> = data
        .session
        .ga_years()?
        .iter()
        .flat_map(|b| b.states.iter().copied())
        .collect();
    voting.sort_unstable();
    voting.dedup();
    let list: Vec<Value> = voting
        .iter()
        .filter_map(|&cc| registry.by_ccode(cc))
        .filter(|c| {
            q.is_empty()
                || c.name.to_lowercase().contains(&q)
                || c.code3().to_lowercase().contains(&q)
        })
        .take(if q.is_empty() { usize::MAX } else { 20 })
        .map(|c| json!({"ccode": c.ccode, "code": c.code3(), "name": c.name}))
        .collect();
    Ok(Json(Value::Array(list)))
}

/// `GET /api/dyad?a=&b=[&from=&to=&reps=]`: the pair's yearly agreement and κ with
/// bootstrap intervals (reps ≤ 1000, default as the CLI and the brief), ideal-point
/// distance with its interval, and turning points of agreement (docs/dashboard.md).
pub async fn dyad(State(data): Shared, Query(params): Params) -> ApiResult {
    let ((a, a_code, a_name), (b, b_code, b_name)) = two_states(&data, &params)?;
    let (from, to) = span(&params)?;
    let reps = count(&params, "reps", defaults::REPS, MAX_REPS)?;
    let key = format!("dyad:{a}:{b}:{from}:{to}:{reps}");
    if let Some(v) = data.cache.get(&key) {
        return Ok(Json(v));
    }
    blocking(Lane::Light, move || {
        let session = &data.session;
        let registry = session.registry()?;
        let (Some(ca), Some(cb)) = (registry.by_ccode(a), registry.by_ccode(b)) else {
            return Err(ApiError(StatusCode::INTERNAL_SERVER_ERROR, "a resolved state has no registry entry".into()));
        };
        let req = DyadRequest { from, to, reps, seed: defaults::SEED };
        let series = dyad::series(session, ca, cb, &req)?;
        let years: Vec<Value> = series
            .years
            .iter()
            .map(|p| {
                let d = p.ideal.map(|i| i.distance);
                json!({
                    "year": p.year,
                    "n_votes": p.n_votes,
                    "agree": finite(p.agree),
                    "agree_lo": finite(p.agree_ci.map(|i| i.0)),
                    "agree_hi": finite(p.agree_ci.map(|i| i.1)),
                    "kappa": finite(p.kappa),
                    "kappa_lo": finite(p.kappa_ci.map(|i| i.0)),
                    "kappa_hi": finite(p.kappa_ci.map(|i| i.1)),
                    "ideal_distance": finite(d.map(|d| d.value)),
                    "ideal_distance_lo": finite(d.map(|d| d.lo)),
                    "ideal_distance_hi": finite(d.map(|d| d.hi)),
                })
            })
            .collect();
        let breaks: Vec<Value> = dyad::breaks(session, a, b, from, to, Measure::Agree, defaults::SEED)?
            .map(|sb| sb.breaks)
            .unwrap_or_default()
            .into_iter()
            .map(|b| json!({"year": b.year, "before": b.before, "after": b.after, "shift": b.shift(), "confidence": finite(b.confidence)}))
            .collect();
        let answer = json!({
            "a": {"ccode": a, "code": a_code, "name": a_name},
            "b": {"ccode": b, "code": b_code, "name": b_name},
            "reps": reps,
            "seed": defaults::SEED,
            "years": years,
            "breaks": breaks,
        });
        data.cache.put(key, &answer);
        Ok(Json(answer))
    })
    .await
}

/// `GET /api/profile?a=&b=[&from=&to=&reps=]`: alignment (−1 … 1) and intensity (0 … 1)
/// per year with bootstrap intervals (reps ≤ 1000, default as `entente profile`),
/// alignment's dimensions, hostility, coverage and missing components, the
/// contributions of each component in the latest year with a score, and where each
/// source ends (docs/index.md). Years within the scores'.
pub async fn profile(State(data): Shared, Query(params): Params) -> ApiResult {
    let ((a, a_code, a_name), (b, b_code, b_name)) = two_states(&data, &params)?;
    let (from, to) = span(&params)?;
    let (lo, hi) = defaults::INDEX_YEARS;
    let (from, to) =
        clip_years(from, to).ok_or_else(|| ApiError::bad(format!("the scores cover {lo}–{hi}")))?;
    let reps = count(&params, "reps", defaults::INDEX_REPS, MAX_REPS)?;
    let key = format!("profile:{a}:{b}:{from}:{to}:{reps}");
    if let Some(v) = data.cache.get(&key) {
        return Ok(Json(v));
    }
    blocking(Lane::Heavy, move || {
        let req = ProfileRequest {
            from,
            to,
            reps,
            ..ProfileRequest::default()
        };
        let prof = index_profile(&data.session, a, b, &req)?;
        let rows: Vec<Value> = prof
            .years
            .iter()
            .map(|p| {
                let (al, it) = (&p.scores.alignment, &p.scores.intensity);
                json!({
                    "year": p.year,
                    "alignment": finite(al.value),
                    "alignment_lo": finite(p.intervals[0].map(|i| i.0)),
                    "alignment_hi": finite(p.intervals[0].map(|i| i.1)),
                    "intensity": finite(it.value),
                    "intensity_lo": finite(p.intervals[1].map(|i| i.0)),
                    "intensity_hi": finite(p.intervals[1].map(|i| i.1)),
                    "diplomatic": finite(al.dimensions[0]),
                    "military": finite(al.dimensions[1]),
                    "economic": finite(al.dimensions[2]),
                    "events": finite(al.dimensions[3]),
                    "hostility": finite(Some(p.components[GATE])),
                    "coverage_alignment": al.coverage,
                    "coverage_intensity": it.coverage,
                    "missing": missing(p, &prof.weights),
                })
            })
            .collect();
        let contributions = prof.contributions.as_ref().map(|(year, list)| {
            json!({
                "year": year,
                "components": list.iter().map(|c| json!({
                    "score": c.score.name(),
                    "dimension": c.dimension,
                    "component": c.component,
                    "indicator": c.indicator,
                    "value": finite(c.value),
                    "component_score": finite(c.component_score),
                    "weight": c.weight,
                    "contribution": finite(c.contribution),
                })).collect::<Vec<_>>(),
            })
        });
        let answer = json!({
            "a": {"ccode": a, "code": a_code, "name": a_name},
            "b": {"ccode": b, "code": b_code, "name": b_name},
            "reps": reps,
            "years": rows,
            "contributions": contributions,
            "composition_changes": {
                "alignment": prof.composition_changes[0],
                "intensity": prof.composition_changes[1],
            },
            "source_ends": prof.source_ends.iter().map(|e| json!({
                "source": e.source,
                "last_year": e.last_year,
                "note": e.sentence(),
            })).collect::<Vec<_>>(),
            "absent": prof.absent,
            "coverage_notes": prof.coverage_notes(),
        });
        data.cache.put(key, &answer);
        Ok(Json(answer))
    })
    .await
}

/// `GET /api/events?a=&b=[&by=year|month&from=&to=&weight=events|mentions|articles&dedup=1]`:
/// news events between the two from the event store, both directions, per period
/// (docs/events.md); `files` = 0 when no event files are ingested.
pub async fn events(State(data): Shared, Query(params): Params) -> ApiResult {
    use entente_core::events::{Period, Weight};
    let (a, a_code, _) = state(&data, &params, "a")?;
    let (b, b_code, _) = state(&data, &params, "b")?;
    if a == b {
        return Err(ApiError::bad("'a' and 'b' are the same state"));
    }
    let period = match params.get("by").map_or("year", |s| s.trim()) {
        "year" => Period::Year,
        "month" => Period::Month,
        other => {
            return Err(ApiError::bad(format!(
                "'by' must be year or month, not '{other}'"
            )));
        }
    };
    let weight = match params.get("weight").map_or("events", |s| s.trim()) {
        "events" => Weight::Events,
        "mentions" => Weight::Mentions,
        "articles" => Weight::Articles,
        other => {
            return Err(ApiError::bad(format!(
                "'weight' must be events, mentions or articles, not '{other}'"
            )));
        }
    };
    let dedup = match params.get("dedup").map_or("0", |s| s.trim()) {
        "0" | "false" | "" => false,
        "1" | "true" => true,
        other => {
            return Err(ApiError::bad(format!(
                "'dedup' must be 0 or 1, not '{other}'"
            )));
        }
    };
    let span = span(&params)?;
    blocking(Lane::Light, move || {
        let found =
            entente_analysis::events::pair_events(&data.session, a, b, period, span, dedup)?;
        let (files, rows) = found.as_ref().map_or((0, 0), |f| (f.files, f.rows));
        let out: Vec<Value> = found
            .map(|f| f.periods)
            .unwrap_or_default()
            .iter()
            .map(|(label, s)| {
                let m = s.measures(weight);
                json!({
                    "period": label,
                    "events": m.events,
                    "verbal_coop": m.quad[0],
                    "material_coop": m.quad[1],
                    "verbal_conflict": m.quad[2],
                    "material_conflict": m.quad[3],
                    "goldstein_sum": m.goldstein_sum,
                    "tone_mean": finite(m.tone_mean),
                    "goldstein_mean": finite(m.goldstein_mean),
                    "net_cooperation": finite(m.net_cooperation),
                })
            })
            .collect();
        Ok(Json(
            json!({"a": a_code, "b": b_code, "files": files, "rows": rows, "periods": out}),
        ))
    })
    .await
}

/// `GET /api/evidence?a=&b=&year=`: the roll calls of a year with both states' votes.
pub async fn evidence(State(data): Shared, Query(params): Params) -> ApiResult {
    let (a, a_code, _) = state(&data, &params, "a")?;
    let (b, b_code, _) = state(&data, &params, "b")?;
    let y = year(&params, "year")?.ok_or_else(|| ApiError::bad("missing parameter 'year'"))?;
    let rollcalls: Vec<Value> = dyad::evidence(&data.session, a, b, y, MAX_EVIDENCE)?
        .into_iter()
        .map(|v| {
            json!({
                "date": v.date,
                "symbol": v.symbol,
                "title": v.title,
                a_code.as_str(): v.a,
                b_code.as_str(): v.b,
                "same": v.same,
            })
        })
        .collect();
    Ok(Json(json!({"year": y, "rollcalls": rollcalls})))
}

/// `GET /api/matrix?year=[&measure=agree]`: the year's all-pairs matrix of an
/// agreement measure, or of `alignment` / `intensity` (every pair of states in the
/// system, the years the scores cover).
pub async fn matrix(State(data): Shared, Query(params): Params) -> ApiResult {
    let (y, name) = year_and_measure(&params)?;
    blocking(Lane::Heavy, move || {
        let m = year_matrix(&data, y, &name)?;
        Ok(Json(matrix_json(&data, &m)?))
    })
    .await
}

/// `year` (required) and `measure` (default agree) of a matrix or map request.
fn year_and_measure(params: &HashMap<String, String>) -> Result<(i32, String), ApiError> {
    let y = year(params, "year")?.ok_or_else(|| ApiError::bad("missing parameter 'year'"))?;
    let name = params
        .get("measure")
        .map_or("agree", |s| s.trim())
        .to_string();
    Ok((y, name))
}

/// Every pair's score in year `y` on `name`: an agreement measure of the year's roll calls,
/// or alignment / intensity (1946–2024).
fn year_matrix(data: &Data, y: i32, name: &str) -> Result<YearMatrix, ApiError> {
    if let Some(kind) = Kind::ALL.into_iter().find(|k| k.name() == name) {
        let (lo, hi) = defaults::INDEX_YEARS;
        if !(lo..=hi).contains(&y) {
            return Err(ApiError::bad(format!("the scores cover {lo}–{hi}")));
        }
        let t = entente_analysis::profile::year_index(&data.session, y, &Default::default())?;
        return Ok(YearMatrix::relationship(y, kind, &t.dyads, &t.values(kind)));
    }
    let measure: Measure = name.parse().map_err(|e: entente_core::UnknownName| {
        ApiError::bad(format!("{e} (or alignment, intensity)"))
    })?;
    let Some(block) = data.session.ga_years()?.iter().find(|bk| bk.year == y) else {
        return Err(ApiError::bad(format!("no General Assembly votes in {y}")));
    };
    Ok(YearMatrix::agreement(block, measure, None))
}

/// Historical states drawn on their successor's shape (the 110m map has today's borders):
/// (COW code, ISO 3166-1 numeric) — West Germany, Yugoslavia, Czechoslovakia, North Yemen.
const SUCCESSOR_SHAPES: [(u16, u16); 4] = [(260, 276), (345, 688), (315, 203), (678, 887)];

/// `GET /api/map?a=&year=&measure=`: how close every state is to `a` in a year — the
/// row of `a` in the year's matrix, with each state's ISO 3166-1 numeric code (the map's
/// feature ids; historical states on their successor's shape) and the states without a
/// shape listed.
pub async fn map(State(data): Shared, Query(params): Params) -> ApiResult {
    let (a, a_code, a_name) = state(&data, &params, "a")?;
    let (y, name) = year_and_measure(&params)?;
    let key = format!("map:{a}:{y}:{name}");
    if let Some(v) = data.cache.get(&key) {
        return Ok(Json(v));
    }
    blocking(Lane::Heavy, move || {
        let m = year_matrix(&data, y, &name)?;
        let Some(i) = m.states.iter().position(|&s| s == a) else {
            return Err(ApiError::bad(format!(
                "{a_name} has no score in {y} on {name}"
            )));
        };
        let reg = data.session.registry()?;
        let mut rows = Vec::new();
        let mut unmatched = Vec::new();
        for (j, &s) in m.states.iter().enumerate() {
            let Some(c) = reg.by_ccode(s) else { continue };
            let m49 = c
                .m49
                .or_else(|| SUCCESSOR_SHAPES.iter().find(|p| p.0 == s).map(|p| p.1));
            if m49.is_none() {
                unmatched.push(c.code3().to_string());
            }
            rows.push(json!({
                "ccode": s,
                "code": c.code3(),
                "name": c.name,
                "m49": m49.map(|n| format!("{n:03}")),
                "value": if i == j { Value::Null } else { finite(m.get(i, j)) },
            }));
        }
        let answer = json!({
            "a": {"ccode": a, "code": a_code, "name": a_name},
            "year": y,
            "measure": m.score.name(),
            "states": rows,
            "unmatched": unmatched,
        });
        data.cache.put(key, &answer);
        Ok(Json(answer))
    })
    .await
}

/// A year's matrix as the dashboard reads it: ISO3 codes and rows of values, the states
/// ordered by their voting bloc of that year (blocs by label, members most central
/// first; states outside the bloc network last, by COW code), so the structure shows.
fn matrix_json(data: &Data, m: &YearMatrix) -> Result<Value, ApiError> {
    let registry = data.session.registry()?;
    let history = data.session.bloc_history()?;
    let year_blocs = history.iter().find(|b| b.year == m.year);
    // (bloc label, place in the bloc) of each state.
    let place = |cc: u16| -> (u32, usize) {
        year_blocs
            .and_then(|yb| {
                yb.blocs.iter().find_map(|b| {
                    b.members
                        .iter()
                        .position(|&x| x == cc)
                        .map(|k| (b.label, k))
                })
            })
            .unwrap_or((u32::MAX, usize::from(cc)))
    };
    let mut order: Vec<usize> = (0..m.len()).collect();
    order.sort_by_key(|&i| (place(m.states[i]), m.states[i]));
    let codes: Vec<String> = order
        .iter()
        .map(|&i| registry.code3_of(m.states[i]))
        .collect();
    let names: Vec<String> = order
        .iter()
        .map(|&i| {
            registry
                .by_ccode(m.states[i])
                .map_or_else(|| m.states[i].to_string(), |c| c.name.clone())
        })
        .collect();
    let blocs: Vec<Value> = order
        .iter()
        .map(|&i| match place(m.states[i]).0 {
            u32::MAX => Value::Null,
            l => json!(l),
        })
        .collect();
    let values: Vec<Vec<Value>> = order
        .iter()
        .map(|&i| order.iter().map(|&j| finite(m.get(i, j))).collect())
        .collect();
    Ok(
        json!({"year": m.year, "measure": m.score.name(), "states": codes, "names": names, "blocs": blocs, "values": values}),
    )
}

/// `GET /api/blocs[?from=&to=]`: blocs per year (labels followed through time).
pub async fn blocs(State(data): Shared, Query(params): Params) -> ApiResult {
    let (from, to) = span(&params)?;
    let registry = data.session.registry()?;
    let code = |cc: u16| registry.code3_of(cc);
    let years: Vec<Value> = data
        .session
        .bloc_history()?
        .iter()
        .filter(|y| y.year >= from && y.year <= to)
        .map(|y| {
            json!({
                "year": y.year,
                "modularity": y.modularity,
                "blocs": y.blocs.iter().map(|b| json!({
                    "label": b.label,
                    "size": b.members.len(),
                    "cohesion": finite(Some(b.cohesion)),
                    "members": b.members.iter().map(|&c| code(c)).collect::<Vec<_>>(),
                })).collect::<Vec<_>>(),
            })
        })
        .collect();
    Ok(Json(Value::Array(years)))
}

/// `GET /api/triangle?a=&b=&c=[&from=&to=&reps=]`: the strategic triangle per year
/// (stability from reps ≤ 500 joint replicates, default as the brief's).
pub async fn triangle(State(data): Shared, Query(params): Params) -> ApiResult {
    let s = [
        state(&data, &params, "a")?,
        state(&data, &params, "b")?,
        state(&data, &params, "c")?,
    ];
    if s[0].0 == s[1].0 || s[0].0 == s[2].0 || s[1].0 == s[2].0 {
        return Err(ApiError::bad("the three states must be different"));
    }
    let (from, to) = span(&params)?;
    let reps = count(&params, "reps", defaults::TRIANGLE_REPS, 500)?;
    blocking(Lane::Heavy, move || {
        let codes = [s[0].1.clone(), s[1].1.clone(), s[2].1.clone()];
        let req = TriangleRequest {
            filter: RollCallFilter { from: Some(from), to: Some(to), ..RollCallFilter::default() },
            score: Score::Agreement(Measure::Agree),
            reps,
            seed: defaults::SEED,
            min_votes: defaults::FEW_VOTES,
        };
        let rows: Vec<Value> = timeline(&data.session, [s[0].0, s[1].0, s[2].0], &req)?
            .into_iter()
            .map(|t| {
                let who = match t.configuration {
                    Configuration::RomanticTriangle { pivot } => codes[pivot].clone(),
                    Configuration::StableMarriage { couple } => format!("{}+{}", codes[couple.0], codes[couple.1]),
                    _ => String::new(),
                };
                json!({"year": t.year, "values": t.values, "baseline": t.baseline,
                       "configuration": t.configuration.name(), "who": who, "stability": finite(t.stability)})
            })
            .collect();
        Ok(Json(json!({"states": codes, "years": rows})))
    })
    .await
}

/// `GET /api/sources`: the datasets behind the numbers.
pub async fn sources(State(data): Shared) -> ApiResult {
    Ok(Json(json!(data.sources)))
}

/// `GET /api/partners?a=[&year=]`: alignment and intensity of `a` with every other
/// state in the system in `year` (default: the scores' last year), for the scatter of
/// alignment × intensity.
pub async fn partners(State(data): Shared, Query(params): Params) -> ApiResult {
    let (a, a_code, a_name) = state(&data, &params, "a")?;
    let (lo, hi) = defaults::INDEX_YEARS;
    let y = year(&params, "year")?.unwrap_or(hi);
    if !(lo..=hi).contains(&y) {
        return Err(ApiError::bad(format!("the scores cover {lo}–{hi}")));
    }
    let key = format!("partners:{a}:{y}");
    if let Some(v) = data.cache.get(&key) {
        return Ok(Json(v));
    }
    blocking(Lane::Heavy, move || {
        let reg = data.session.registry()?;
        let rows: Vec<Value> = partner_scores(&data.session, a, y, &Default::default())?
            .into_iter()
            .filter_map(|p| {
                let c = reg.by_ccode(p.ccode)?;
                Some(json!({
                    "ccode": p.ccode,
                    "code": c.code3(),
                    "name": c.name,
                    "alignment": finite(p.alignment),
                    "intensity": finite(p.intensity),
                }))
            })
            .collect();
        let answer = json!({
            "a": {"ccode": a, "code": a_code, "name": a_name},
            "year": y,
            "partners": rows,
        });
        data.cache.put(key, &answer);
        Ok(Json(answer))
    })
    .await
}

/// `/api/shift?a=&b=&at=2014-03-18,2022-02-24&window=3`: every measure before vs after
/// each date (`entente shift`).
pub async fn shift(State(data): Shared, Query(params): Params) -> ApiResult {
    let ((a, a_code, a_name), (b, b_code, b_name)) = two_states(&data, &params)?;
    let at: Vec<entente_core::Date> = params
        .get("at")
        .map(|s| s.trim())
        .filter(|s| !s.is_empty())
        .ok_or_else(|| ApiError::bad("missing parameter 'at' (dates YYYY-MM-DD, comma-separated)"))?
        .split(',')
        .map(|s| {
            entente_core::Date::parse(s)
                .filter(|d| YEARS.contains(&d.year))
                .ok_or_else(|| {
                    ApiError::bad(format!(
                        "'at' holds '{}', not a date YYYY-MM-DD in 1946–2100",
                        s.trim()
                    ))
                })
        })
        .collect::<Result<_, _>>()?;
    let window = count(
        &params,
        "window",
        defaults::SHIFT_WINDOW_YEARS as usize,
        defaults::MAX_SHIFT_WINDOW_YEARS as usize,
    )? as u32;
    let key = format!("shift:{a}:{b}:{at:?}:{window}");
    if let Some(v) = data.cache.get(&key) {
        return Ok(Json(v));
    }
    blocking(Lane::Heavy, move || {
        let reg = data.session.registry()?;
        let (Some(ca), Some(cb)) = (reg.by_ccode(a), reg.by_ccode(b)) else {
            return Err(ApiError::bad("unknown state"));
        };
        let found = entente_analysis::shift::shift(
            &data.session,
            ca,
            cb,
            &entente_analysis::shift::ShiftRequest {
                at,
                window_years: window,
                ..Default::default()
            },
        )?;
        let answer = json!({
            "a": {"ccode": a, "code": a_code, "name": a_name},
            "b": {"ccode": b, "code": b_code, "name": b_name},
            "window": window,
            "dates": serde_json::to_value(&found.dates).map_err(|e| ApiError(StatusCode::INTERNAL_SERVER_ERROR, e.to_string()))?,
            "notes": found.notes,
        });
        data.cache.put(key, &answer);
        Ok(Json(answer))
    })
    .await
}

/// `/api/ties?a=&b=&from=&to=`: the evidence of military and economic ties between two
/// states, record by record with its source (`entente ties`), and the coverage notes.
pub async fn ties(State(data): Shared, Query(params): Params) -> ApiResult {
    let ((a, a_code, a_name), (b, b_code, b_name)) = two_states(&data, &params)?;
    let (from, to) = span(&params)?;
    let (from, to) = (from.max(defaults::INDEX_YEARS.0), to.min(2025));
    if to - from > entente_analysis::evidence::MAX_YEARS {
        return Err(ApiError::bad(format!(
            "ask for at most {} years at a time",
            entente_analysis::evidence::MAX_YEARS
        )));
    }
    let key = format!("ties:{a}:{b}:{from}:{to}");
    if let Some(v) = data.cache.get(&key) {
        return Ok(Json(v));
    }
    blocking(Lane::Light, move || {
        let reg = data.session.registry()?;
        let (Some(ca), Some(cb)) = (reg.by_ccode(a), reg.by_ccode(b)) else {
            return Err(ApiError::bad("unknown state"));
        };
        let found = entente_analysis::evidence::tie_evidence(&data.session, ca, cb, from, to)?;
        let answer = json!({
            "a": {"ccode": a, "code": a_code, "name": a_name},
            "b": {"ccode": b, "code": b_code, "name": b_name},
            "from": from,
            "to": to,
            "rows": serde_json::to_value(&found.rows).map_err(|e| ApiError(StatusCode::INTERNAL_SERVER_ERROR, e.to_string()))?,
            "coverage": found.coverage,
        });
        data.cache.put(key, &answer);
        Ok(Json(answer))
    })
    .await
}
