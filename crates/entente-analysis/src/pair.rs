//! A pair's vote measures per year (or over the whole span) under any roll-call filter,
//! with bootstrap intervals, and the ideal-point distance from the default model over the
//! filter's whole history; where a year stands in each series. `entente align` and
//! `entente since` render these; the brief's and the dashboard's default series is
//! [`crate::dyad::series`].

use entente_core::agreement::{Bootstrap, Grouping, SeriesPoint, blocks, pair_series};
use entente_core::ideal::{Distance, distance};
use entente_core::since::{Observation, Standing, standing};
use entente_core::votes::RollCallFilter;
use entente_core::{Measure, Vote};

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

/// Where `year` stands in the pair's alignment or intensity series (from the first year
/// the scores cover up to `year`), with bootstrap intervals of `reps` replicates.
pub fn score_standings(
    session: &Session,
    a: u16,
    b: u16,
    year: i32,
    kinds: &[entente_core::index::Kind],
    reps: usize,
    seed: u64,
) -> Result<Vec<(String, Standing)>> {
    if kinds.is_empty() {
        return Ok(Vec::new());
    }
    let prof = crate::profile::profile(
        session,
        a,
        b,
        &crate::profile::ProfileRequest {
            from: crate::defaults::INDEX_YEARS.0,
            to: year,
            reps: reps.min(crate::defaults::INDEX_REPS),
            seed,
            ..Default::default()
        },
    )?;
    Ok(kinds
        .iter()
        .filter_map(|&k| {
            let obs: Vec<Observation> = prof
                .years
                .iter()
                .filter_map(|p| {
                    Some(Observation {
                        year: p.year,
                        value: p.scores.get(k).value?,
                        interval: p.intervals[k as usize],
                    })
                })
                .collect();
            Some((k.name().to_string(), standing(&obs, year)?))
        })
        .collect())
}

/// How two states voted on one roll call, with the roll call's tally.
#[derive(Clone, Debug, PartialEq)]
pub struct PairVote {
    pub date: entente_core::Date,
    pub session: u16,
    /// The year under the filter's year convention.
    pub year: i32,
    pub symbol: Option<String>,
    pub title: String,
    /// yes, abstain, no or absent (None: not a member, or no record).
    pub a: Option<Vote>,
    pub b: Option<Vote>,
    /// Yes, no and abstain votes of all states.
    pub tally: [u32; 3],
    /// The source whose votes the merged table uses.
    pub source: entente_core::SourceId,
}

impl PairVote {
    /// Both voted yes, abstain or no, and differently.
    pub fn differ(&self) -> bool {
        let cast = |v: Option<Vote>| v.filter(|v| *v != Vote::Absent);
        matches!((cast(self.a), cast(self.b)), (Some(x), Some(y)) if x != y)
    }
}

/// The roll calls under `filter` with both states' votes, in date order: every roll call
/// on which at least one of them is recorded (with `differ`, only those where both voted
/// yes, abstain or no, and differently).
pub fn pair_votes(
    session: &Session,
    a: u16,
    b: u16,
    filter: &RollCallFilter,
    differ: bool,
) -> Result<Vec<PairVote>> {
    let table = &session.votes()?.table;
    let mut out: Vec<PairVote> = table
        .rollcalls
        .iter()
        .filter(|rc| filter.accepts(rc))
        .filter_map(|rc| {
            let votes = table.votes_of(rc.id);
            let (va, vb) = (table.vote_of(rc.id, a), table.vote_of(rc.id, b));
            if va.is_none() && vb.is_none() {
                return None;
            }
            let count = |v: Vote| votes.iter().filter(|r| r.vote == v).count() as u32;
            Some(PairVote {
                date: rc.date,
                session: rc.session,
                year: rc.year(filter.year_mode),
                symbol: rc.symbol.clone(),
                title: rc.title.clone(),
                a: va,
                b: vb,
                tally: [count(Vote::Yes), count(Vote::No), count(Vote::Abstain)],
                source: rc.source,
            })
        })
        .filter(|v| !differ || v.differ())
        .collect();
    out.sort_by_key(|v| v.date);
    Ok(out)
}
