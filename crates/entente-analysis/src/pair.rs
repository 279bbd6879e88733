//! A pair's vote measures per year (or over the whole span) under any roll-call filter,
//! with bootstrap intervals, and the ideal-point distance from the default model over the
//! filter's whole history; where a year stands in each series. `entente align` and
//! `entente since` render these; the brief's and the dashboard's default series is
//! [`crate::dyad::series`].

use entente_core::Measure;
use entente_core::agreement::{Bootstrap, Grouping, SeriesPoint, blocks, pair_series};
use entente_core::ideal::{Distance, distance};
use entente_core::since::{Observation, Standing, standing};
use entente_core::votes::RollCallFilter;

use crate::error::Result;
use crate::ideal::{IdealRequest, estimate_cached};
use crate::session::Session;

/// The name of the ideal-point distance among the measures.
pub const IDEAL_DISTANCE: &str = "ideal_distance";

/// What to compute for a pair.
#[derive(Clone, Debug)]
pub struct PairRequest {
    pub filter: RollCallFilter,
    pub grouping: Grouping,
    pub measures: Vec<Measure>,
    /// Bootstrap intervals of the measures (None: none).
    pub boot: Option<Bootstrap>,
    /// Add |θa − θb| of the default ideal-point model over the filter's whole history
    /// (its body and issue; years ignored), with its normal-approximation interval.
    pub ideal_distance: bool,
}

/// One year (or span) of a pair: the joint-vote table with the measures' intervals, and
/// the ideal-point distance when asked for and both have positions.
#[derive(Clone, Debug)]
pub struct PairYear {
    pub point: SeriesPoint,
    pub ideal: Option<Distance>,
}

/// The pair's measures per block of `req.grouping`, in year order (only blocks where
/// both voted).
pub fn pair_measures(
    session: &Session,
    a: u16,
    b: u16,
    req: &PairRequest,
) -> Result<Vec<PairYear>> {
    let votes = session.votes()?;
    let ideal = if req.ideal_distance {
        let whole = estimate_cached(
            session,
            &IdealRequest {
                filter: req.filter.clone(),
                ..IdealRequest::default()
            },
        )?;
        Some(whole.by_state_year())
    } else {
        None
    };
    let blks = blocks(&votes.table, &req.filter, req.grouping);
    Ok(pair_series(&blks, a, b, &req.measures, req.boot.as_ref())
        .into_iter()
        .map(|point| {
            let ideal = ideal
                .as_ref()
                .and_then(|p| Some(distance(p.get(&(a, point.year))?, p.get(&(b, point.year))?)));
            PairYear { point, ideal }
        })
        .collect())
}

/// Where `year` stands in each measure's series of `years` (the measures in `measures`
/// order, then the ideal-point distance when present): the measure's name and its
/// standing; measures without a value in `year` are left out.
pub fn standings(years: &[PairYear], measures: &[Measure], year: i32) -> Vec<(String, Standing)> {
    let mut named: Vec<(String, Vec<Observation>)> = measures
        .iter()
        .enumerate()
        .map(|(k, &m)| {
            let obs = years
                .iter()
                .filter_map(|p| {
                    let value = p.point.table.value(m)?;
                    let interval = (p.point.intervals.as_ref())
                        .and_then(|iv| iv[k])
                        .map(|i| (i.lo, i.hi));
                    Some(Observation {
                        year: p.point.year,
                        value,
                        interval,
                    })
                })
                .collect();
            (m.name().to_string(), obs)
        })
        .collect();
    if years.iter().any(|p| p.ideal.is_some()) {
        let obs = years
            .iter()
            .filter_map(|p| {
                let d = p.ideal?;
                Some(Observation {
                    year: p.point.year,
                    value: d.value,
                    interval: Some((d.lo, d.hi)),
                })
            })
            .collect();
        named.push((IDEAL_DISTANCE.to_string(), obs));
    }
    named
        .into_iter()
        .filter_map(|(name, obs)| Some((name, standing(&obs, year)?)))
        .collect()
}
