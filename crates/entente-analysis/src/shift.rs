//! What changed at one or more dates for a pair: every measure with data on both sides
//! of each date — UN agreement and κ by roll-call date, the ideal-point distance by
//! session year, the alignment and intensity scores, and the yearly indicators of
//! trade, arms, exercises, hostility and events — before vs after, with the difference,
//! its sampling interval where the measure has one, and how it ranks among the pair's
//! changes at other dates (`entente_core::shift`; docs/shift.md). `entente shift` and the
//! brief's "What changed" section render it.

use entente_core::index::{INDICATORS, Kind, at};
use entente_core::shift::{
    Change, Dated, Windows, calendar_midpoint, session_midpoint, vote_change, yearly_change,
};
use entente_core::{Country, Date, Measure};
use serde::Serialize;

use crate::defaults;
use crate::error::{Error, Result};
use crate::profile::{ProfileRequest, profile};
use crate::session::Session;

/// The yearly indicators compared (raw values; positions in
/// `entente_core::index::INDICATORS`, checked when the crate compiles).
pub const SHIFT_INDICATORS: [usize; 9] = [
    at("shared_igos"),
    at("alliance_level"),
    at("arms_tiv"),
    at("joint_exercises"),
    at("hostility"),
    at("trade_volume"),
    at("trade_dependence"),
    at("net_cooperation"),
    at("event_volume"),
];

/// The most dates in one request.
pub const MAX_DATES: usize = 12;

/// What to compare.
#[derive(Clone, Debug)]
pub struct ShiftRequest {
    /// The dates, any order (sorted and deduplicated here).
    pub at: Vec<Date>,
    /// Years on each side, at most (windows also stop at the neighbouring dates).
    pub window_years: u32,
    /// Bootstrap replicates of the vote differences and of the scores' intervals.
    pub reps: usize,
    pub seed: u64,
}

impl Default for ShiftRequest {
    fn default() -> Self {
        ShiftRequest {
            at: Vec::new(),
            window_years: defaults::SHIFT_WINDOW_YEARS,
            reps: defaults::REPS,
            seed: defaults::SEED,
        }
    }
}

/// How a measure's observations are dated.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Dating {
    /// Each roll call by its vote date.
    RollCall,
    /// UN session years at 1 December.
    SessionYear,
    /// Calendar years at 1 July.
    CalendarYear,
}

/// One measure at one date.
#[derive(Clone, Debug, Serialize)]
pub struct ShiftRow {
    pub dimension: &'static str,
    pub measure: &'static str,
    pub definition: &'static str,
    pub dating: Dating,
    pub change: Change,
}

/// Every measure at one date.
#[derive(Clone, Debug, Serialize)]
pub struct DateShift {
    pub windows: Windows,
    pub rows: Vec<ShiftRow>,
    /// Measures left out because a side has no data (e.g. a dataset ends before the
    /// after window).
    pub left_out: Vec<&'static str>,
}

/// A pair's changes at every date asked for.
#[derive(Clone, Debug, Serialize)]
pub struct Shift {
    pub dates: Vec<DateShift>,
    /// Where the yearly sources end (the scores' coverage notes).
    pub notes: Vec<String>,
}

/// A yearly measure's observations, dated.
struct YearlySeries {
    dimension: &'static str,
    measure: &'static str,
    definition: &'static str,
    dating: Dating,
    series: Vec<(Date, Dated)>,
}

/// The definitions of the vote measures compared.
const VOTE_MEASURES: [(Measure, &str, &str); 2] = [
    (
        Measure::Agree,
        "un_agree",
        "share of joint General Assembly roll calls with identical votes",
    ),
    (
        Measure::Kappa,
        "un_kappa",
        "Cohen's κ of the joint General Assembly votes (quadratic weights)",
    ),
];

/// The pair's joint General Assembly roll calls as `(date, 3·a + b)` in date order.
fn joint_cells(session: &Session, a: u16, b: u16) -> Result<Vec<(Date, u8)>> {
    let table = &session.votes()?.table;
    let filter = entente_core::votes::RollCallFilter::default();
    let mut cells: Vec<(Date, u8)> = table
        .rollcalls
        .iter()
        .filter(|rc| filter.accepts(rc))
        .filter_map(|rc| {
            let of = |s: u16| table.vote_of(rc.id, s)?.position();
            Some((rc.date, (3 * of(a)? + of(b)?) as u8))
        })
        .collect();
    cells.sort_by_key(|c| c.0);
    Ok(cells)
}

/// A pair's measures, dated: the joint roll calls and every yearly series.
pub struct PairMeasures {
    cells: Vec<(Date, u8)>,
    yearly: Vec<YearlySeries>,
    /// Where the yearly sources end (the scores' coverage notes).
    pub notes: Vec<String>,
    /// Years in which the scores' components change (alignment, intensity).
    pub composition_changes: [Vec<i32>; 2],
}

/// The names of the measures [`PairMeasures::change`] knows.
pub fn measure_names() -> Vec<&'static str> {
    VOTE_MEASURES
        .iter()
        .map(|m| m.1)
        .chain(["alignment", "intensity", "ideal_distance"])
        .chain(SHIFT_INDICATORS.map(|i| INDICATORS[i].key))
        .collect()
}

impl PairMeasures {
    /// `measure` before vs after by the windows `w` (None: no data on a side; an unknown
    /// measure is an error naming the known ones).
    pub fn change(
        &self,
        measure: &str,
        w: &Windows,
        reps: usize,
        seed: u64,
    ) -> Result<Option<(Dating, Change)>> {
        if let Some((m, _, _)) = VOTE_MEASURES.iter().find(|v| v.1 == measure) {
            return Ok(vote_change(&self.cells, w, *m, reps, seed).map(|c| (Dating::RollCall, c)));
        }
        match self.yearly.iter().find(|y| y.measure == measure) {
            Some(y) => Ok(yearly_change(&y.series, w).map(|c| (y.dating, c))),
            None => Err(Error::invalid(format!(
                "unknown measure '{measure}'; known: {}",
                measure_names().join(", ")
            ))),
        }
    }

    /// The yearly values of `measure` with their intervals (None: a vote measure, or
    /// unknown).
    pub fn yearly(&self, measure: &str) -> Option<(Dating, Vec<(i32, Dated)>)> {
        let y = self.yearly.iter().find(|y| y.measure == measure)?;
        Some((
            y.dating,
            y.series.iter().map(|(d, v)| (d.year, *v)).collect(),
        ))
    }
}

/// Every measure of the pair, dated (`reps` bootstrap replicates of the scores'
/// intervals, at most [`defaults::INDEX_REPS`]).
pub fn measures(
    session: &Session,
    ca: &Country,
    cb: &Country,
    reps: usize,
    seed: u64,
) -> Result<PairMeasures> {
    let (a, b) = (ca.ccode, cb.ccode);
    let cells = joint_cells(session, a, b)?;
    let ideal: Vec<(Date, Dated)> = crate::dyad::series(
        session,
        ca,
        cb,
        &crate::dyad::DyadRequest {
            reps: 0,
            ..Default::default()
        },
    )?
    .years
    .iter()
    .filter_map(|y| {
        let d = y.ideal?.distance;
        Some((
            session_midpoint(y.year),
            Dated {
                value: d.value,
                interval: Some((d.lo, d.hi)),
            },
        ))
    })
    .collect();
    let prof = profile(
        session,
        a,
        b,
        &ProfileRequest {
            reps: reps.min(defaults::INDEX_REPS),
            seed,
            ..Default::default()
        },
    )?;
    let score = |k: Kind| -> Vec<(Date, Dated)> {
        prof.years
            .iter()
            .filter_map(|p| {
                Some((
                    calendar_midpoint(p.year),
                    Dated {
                        value: p.scores.get(k).value?,
                        interval: p.intervals[k as usize],
                    },
                ))
            })
            .collect()
    };
    let raw = |i: usize| -> Vec<(Date, Dated)> {
        prof.years
            .iter()
            .filter(|p| !p.raw[i].is_nan())
            .map(|p| {
                (
                    calendar_midpoint(p.year),
                    Dated {
                        value: p.raw[i],
                        interval: None,
                    },
                )
            })
            .collect()
    };
    let series_of = |dimension, measure, definition, dating, series| YearlySeries {
        dimension,
        measure,
        definition,
        dating,
        series,
    };
    let mut yearly = vec![
        series_of(
            "scores",
            "alignment",
            "the alignment score, −1 … 1 (docs/index.md)",
            Dating::CalendarYear,
            score(Kind::Alignment),
        ),
        series_of(
            "scores",
            "intensity",
            "the intensity score, 0 … 1 (docs/index.md)",
            Dating::CalendarYear,
            score(Kind::Intensity),
        ),
        series_of(
            "diplomatic",
            INDICATORS[at("ideal_distance")].key,
            "distance between the two UN ideal points |θa − θb| (entente's dynamic model)",
            Dating::SessionYear,
            ideal,
        ),
    ];
    for i in SHIFT_INDICATORS {
        let ind = &INDICATORS[i];
        yearly.push(series_of(
            ind.dimension.name(),
            ind.key,
            ind.definition,
            Dating::CalendarYear,
            raw(i),
        ));
    }
    Ok(PairMeasures {
        cells,
        yearly,
        notes: prof.coverage_notes(),
        composition_changes: prof.composition_changes.clone(),
    })
}

/// The pair's changes at each date of `req`.
pub fn shift(session: &Session, ca: &Country, cb: &Country, req: &ShiftRequest) -> Result<Shift> {
    let mut dates = req.at.clone();
    dates.sort_unstable();
    dates.dedup();
    if dates.is_empty() {
        return Err(Error::invalid("give at least one date (--at 2022-02-24)"));
    }
    if dates.len() > MAX_DATES {
        return Err(Error::invalid(format!(
            "at most {MAX_DATES} dates at once, not {}",
            dates.len()
        )));
    }
    if !(1..=defaults::MAX_SHIFT_WINDOW_YEARS).contains(&req.window_years) {
        return Err(Error::invalid(format!(
            "--window is 1 to {} years, not {}",
            defaults::MAX_SHIFT_WINDOW_YEARS,
            req.window_years
        )));
    }
    if req.reps > defaults::MAX_REPS {
        return Err(Error::invalid(format!(
            "at most {} bootstrap replicates, not {}",
            defaults::MAX_REPS,
            req.reps
        )));
    }
    let m = measures(session, ca, cb, req.reps, req.seed)?;
    let out = (0..dates.len())
        .map(|k| {
            let w = Windows::of(&dates, k, req.window_years);
            let mut rows = Vec::new();
            let mut left_out = Vec::new();
            for &(vm, key, definition) in &VOTE_MEASURES {
                match vote_change(&m.cells, &w, vm, req.reps, req.seed) {
                    Some(change) => rows.push(ShiftRow {
                        dimension: "diplomatic",
                        measure: key,
                        definition,
                        dating: Dating::RollCall,
                        change,
                    }),
                    None => left_out.push(key),
                }
            }
            for y in &m.yearly {
                match yearly_change(&y.series, &w) {
                    Some(change) => rows.push(ShiftRow {
                        dimension: y.dimension,
                        measure: y.measure,
                        definition: y.definition,
                        dating: y.dating,
                        change,
                    }),
                    None => left_out.push(y.measure),
                }
            }
            DateShift {
                windows: w,
                rows,
                left_out,
            }
        })
        .collect();
    Ok(Shift {
        dates: out,
        notes: m.notes,
    })
}
