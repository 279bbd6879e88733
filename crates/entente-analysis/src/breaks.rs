//! Turning points (PELT) of one pair's or every pair's yearly series: `entente breaks`
//! and, for one pair with the defaults, the brief and the dashboard (`dyad::breaks`).

use entente_core::agreement::{Grouping, blocks};
use entente_core::breaks::{BreakOptions, SeriesBreaks, pair_breaks, series_breaks};
use entente_core::network::Score;
use entente_core::votes::RollCallFilter;

use crate::error::Result;
use crate::ideal::{IdealRequest, estimate_cached};
use crate::session::Session;

/// The breaks of every pair (`pair` None) or of one pair ((lower code, higher code)).
pub fn breaks(
    session: &Session,
    filter: &RollCallFilter,
    score: Score,
    pair: Option<(u16, u16)>,
    options: &BreakOptions,
) -> Result<Vec<((u16, u16), SeriesBreaks)>> {
    match score {
        Score::Agreement(measure) => {
            let blks = blocks(&session.votes()?.table, filter, Grouping::Year);
            let only = pair.map(|p| vec![p]);
            let t0 = std::time::Instant::now();
            let r = pair_breaks(&blks, measure, only.as_deref(), options);
            tracing::info!("breaks for {} pairs in {:?}", r.len(), t0.elapsed());
            Ok(r)
        }
        Score::IdealDistance => ideal_breaks(session, filter, pair, options),
        Score::Relationship(kind) => relationship_breaks(session, filter, kind, pair, options),
    }
}

/// Breaks of alignment or intensity series (no bootstrap): one pair's from its profile,
/// every pair's from the year tables.
fn relationship_breaks(
    session: &Session,
    filter: &RollCallFilter,
    kind: entente_core::index::Kind,
    pair: Option<(u16, u16)>,
    options: &BreakOptions,
) -> Result<Vec<((u16, u16), SeriesBreaks)>> {
    use rayon::prelude::*;
    let (lo, hi) = crate::defaults::INDEX_YEARS;
    let years: Vec<i32> = (lo..=hi).filter(|&y| filter.contains_year(y)).collect();
    let mut series: std::collections::BTreeMap<(u16, u16), (Vec<i32>, Vec<f64>)> =
        Default::default();
    if let Some((a, b)) = pair {
        let (Some(&from), Some(&to)) = (years.first(), years.last()) else {
            return Ok(Vec::new());
        };
        let prof = crate::profile::profile(
            session,
            a,
            b,
            &crate::profile::ProfileRequest {
                from,
                to,
                reps: 0,
                ..Default::default()
            },
        )?;
        let s = series.entry((a, b)).or_default();
        for p in prof.years.iter().filter(|p| years.contains(&p.year)) {
            if let Some(v) = p.scores.get(kind).value {
                s.0.push(p.year);
                s.1.push(v);
            }
        }
    } else {
        let weights = entente_core::index::Weights::default();
        let tables: Vec<crate::profile::YearIndex> = years
            .par_iter()
            .map(|&y| crate::profile::year_index(session, y, &weights))
            .collect::<Result<_>>()?;
        for t in &tables {
            for (d, v) in t.dyads.iter().zip(t.values(kind)) {
                if let Some(v) = v {
                    let s = series.entry(*d).or_default();
                    s.0.push(t.year);
                    s.1.push(v);
                }
            }
        }
    }
    Ok(series
        .into_par_iter()
        .map(|(k, (ys, vs))| (k, series_breaks(&ys, &vs, options)))
        .collect())
}

/// Breaks of ideal-point distance series (no bootstrap).
fn ideal_breaks(
    session: &Session,
    filter: &RollCallFilter,
    pair: Option<(u16, u16)>,
    options: &BreakOptions,
) -> Result<Vec<((u16, u16), SeriesBreaks)>> {
    let ideal = estimate_cached(
        session,
        &IdealRequest {
            filter: filter.clone(),
            ..IdealRequest::default()
        },
    )?;
    let mut by_year: std::collections::BTreeMap<i32, Vec<(u16, f64)>> = Default::default();
    for r in ideal.rows.iter().filter(|r| filter.contains_year(r.year)) {
        by_year.entry(r.year).or_default().push((r.ccode, r.ideal));
    }
    let mut series: std::collections::BTreeMap<(u16, u16), (Vec<i32>, Vec<f64>)> =
        Default::default();
    for (year, points) in &by_year {
        for (i, &(a, ta)) in points.iter().enumerate() {
            for &(b, tb) in &points[i + 1..] {
                let key = (a.min(b), a.max(b));
                if pair.is_some_and(|p| p != key) {
                    continue;
                }
                let s = series.entry(key).or_default();
                s.0.push(*year);
                s.1.push((ta - tb).abs());
            }
        }
    }
    Ok(series
        .into_iter()
        .map(|(k, (ys, vs))| (k, series_breaks(&ys, &vs, options)))
        .collect())
}
