//! News events between two states from the event store (`entente ingest events`), both
//! directions summed, per year or month: the brief's and the dashboard's event series.

use std::collections::BTreeMap;

use entente_core::events::{EventStats, Period, series};

use crate::derived::Json;
use crate::error::Result;
use crate::session::Session;

/// A pair's events per period.
#[derive(Clone, Debug, serde::Serialize, serde::Deserialize)]
pub struct PairEvents {
    /// Files and rows in the store.
    pub files: usize,
    pub rows: u64,
    /// (period label, statistics), in period order; periods without events left out.
    pub periods: Vec<(String, EventStats)>,
}

/// The pair's events in `from`–`to` (years), or None when no event files are ingested.
/// Kept in the derived cache, keyed by the store's manifest: a query reads every
/// file's part (seconds for a year of 15-minute files), the next one reads the result.
pub fn pair_events(
    session: &Session,
    a: u16,
    b: u16,
    period: Period,
    (from, to): (i32, i32),
    dedup: bool,
) -> Result<Option<PairEvents>> {
    let Some(store_digest) = session.event_store().manifest_digest()? else {
        return Ok(None);
    };
    let (pair, span) = (format!("{a}-{b}"), format!("{from}-{to}"));
    let period_name = format!("{period:?}");
    session.derived(
        "events",
        &[
            "pair events",
            &store_digest,
            &pair,
            &period_name,
            &span,
            if dedup { "dedup" } else { "all" },
        ],
        Json,
        || {
            let store = session.event_store();
            let files = store.files()?;
            if files.is_empty() {
                return Ok(None);
            }
            let days = store.dyad_days(dedup, &|x, y| (x, y) == (a, b) || (x, y) == (b, a))?;
            let (from, to) = (from.max(0) as u32, to.max(0) as u32);
            let (lo, hi) = match period {
                Period::Year => (from, to),
                Period::Month => (from * 100 + 1, to * 100 + 12),
                Period::Day => (from * 10_000 + 101, to * 10_000 + 1231),
            };
            let periods = series(days, a, b, period, false, lo, hi)
                .into_iter()
                .map(|((p, _, _), s)| (period.label(p), s))
                .collect();
            Ok(Some(PairEvents {
                files: files.len(),
                rows: files.iter().map(|f| f.rows).sum(),
                periods,
            }))
        },
    )
}

/// Rows per day over the ingested files (YYYYMMDD → rows), kept in the derived cache
/// like [`pair_events`]; empty when no event files are ingested.
pub fn event_volume(session: &Session) -> Result<BTreeMap<u32, u64>> {
    let store = session.event_store();
    let Some(store_digest) = store.manifest_digest()? else {
        return Ok(BTreeMap::new());
    };
    session.derived("events", &["volume", &store_digest], Json, || {
        Ok(store.volume()?)
    })
}
