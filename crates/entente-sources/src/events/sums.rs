//! Dyad-day sums of one file's rows between two states: rows are kept in a batch,
//! sorted by dyad-day and summed run by run, which is cheaper than adding each row
//! into a hash map of large statistics (measured: 13% of a GDELT ingest's CPU for the
//! map, its rehashing and copies).
//!
//! Every dyad-day's statistics are added in file order, as a map fed row by row would
//! add them, so the floating-point sums are the same to the bit.

use entente_core::events::{DyadDay, EventRow, EventStats};

use super::DyadDayMap;

/// Rows kept before a batch is summed into the running maps (56 MB of rows): a
/// file of any size is summed in bounded memory; most files fit one batch and never
/// build a map.
const BATCH: usize = 1 << 20;
const _: () = assert!(
    BATCH <= u32::MAX as usize,
    "rows of a batch are indexed by u32"
);

/// The dyad-day sums being built, of all rows and of the rows not flagged duplicate.
pub(crate) struct DyadDaySums {
    batch: Vec<EventRow>,
    cap: usize,
    all: DyadDayMap,
    dedup: DyadDayMap,
}

impl Default for DyadDaySums {
    fn default() -> Self {
        DyadDaySums::with_batch(BATCH)
    }
}

fn key(r: &EventRow) -> (u32, u16, u16) {
    (r.event.day, r.event.a, r.event.b)
}

impl DyadDaySums {
    fn with_batch(cap: usize) -> DyadDaySums {
        DyadDaySums {
            batch: Vec::new(),
            cap: cap.max(1),
            all: DyadDayMap::default(),
            dedup: DyadDayMap::default(),
        }
    }

    /// Adds a row (rows come in file order).
    pub(crate) fn push(&mut self, row: EventRow) {
        self.batch.push(row);
        if self.batch.len() >= self.cap {
            let mut batch = std::mem::take(&mut self.batch);
            self.add_to_maps(&mut batch);
            batch.clear();
            self.batch = batch;
        }
    }

    /// A batch summed into the running maps.
    fn add_to_maps(&mut self, batch: &mut Vec<EventRow>) {
        for run in sorted_runs(batch) {
            let k = key(&run[0]);
            add(
                self.all.entry(k).or_default(),
                self.dedup.entry(k).or_default(),
                run,
            );
        }
    }

    /// The sums of all rows and of the rows not flagged duplicate, each sorted by
    /// (day, source, target); a dyad-day with only duplicates is left out of the second.
    pub(crate) fn finish(mut self) -> (Vec<DyadDay>, Vec<DyadDay>) {
        let (mut all, mut dedup) = (Vec::new(), Vec::new());
        let mut batch = std::mem::take(&mut self.batch);
        if self.all.is_empty() {
            // One batch: summed straight into the sorted lists.
            for run in sorted_runs(&mut batch) {
                let k = key(&run[0]);
                let (mut a, mut d) = (EventStats::default(), EventStats::default());
                add(&mut a, &mut d, run);
                push(&mut all, k, a);
                push(&mut dedup, k, d);
            }
            return (all, dedup);
        }
        self.add_to_maps(&mut batch);
        let mut keys: Vec<(u32, u16, u16)> = self.all.keys().copied().collect();
        keys.sort_unstable();
        for k in keys {
            if let Some(s) = self.all.remove(&k) {
                push(&mut all, k, s);
            }
            if let Some(s) = self.dedup.remove(&k) {
                push(&mut dedup, k, s);
            }
        }
        (all, dedup)
    }
}

fn push(out: &mut Vec<DyadDay>, (day, a, b): (u32, u16, u16), stats: EventStats) {
    if stats.events > 0 {
        out.push(DyadDay { day, a, b, stats });
    }
}

/// Adds one dyad-day's run of rows (in file order) to its sums of all rows and of the
/// rows not flagged duplicate (a sum left at 0 events is not listed: [`push`]).
fn add(all: &mut EventStats, dedup: &mut EventStats, run: &[EventRow]) {
    for r in run {
        all.add(&r.event);
        if !r.duplicate {
            dedup.add(&r.event);
        }
    }
}

/// The batch sorted by dyad-day (file order within one), in runs of one dyad-day.
/// Sorted as 16-byte (key, index) pairs and then gathered, rather than moving the
/// 56-byte rows at every step of the sort.
fn sorted_runs(batch: &mut Vec<EventRow>) -> impl Iterator<Item = &[EventRow]> {
    let packed = |r: &EventRow| {
        (u64::from(r.event.day) << 32) | (u64::from(r.event.a) << 16) | u64::from(r.event.b)
    };
    let mut order: Vec<(u64, u32)> = batch
        .iter()
        .enumerate()
        .map(|(i, r)| (packed(r), i as u32))
        .collect();
    order.sort_unstable();
    *batch = order.iter().map(|&(_, i)| batch[i as usize]).collect();
    batch.chunk_by(|x, y| key(x) == key(y))
}

#[cfg(test)]
mod tests {
    use super::*;
    use entente_core::events::Event;

    fn rows(n: u64) -> Vec<EventRow> {
        let mut state = 0x9e37_79b9_7f4a_7c15u64;
        (0..n)
            .map(|line| {
                state = state
                    .wrapping_mul(6364136223846793005)
                    .wrapping_add(1442695040888963407);
                let r = state >> 20;
                EventRow {
                    line,
                    event: Event {
                        day: 20200101 + (r % 3) as u32,
                        a: 2 + (r >> 3) as u16 % 3,
                        b: 365 + (r >> 6) as u16 % 2,
                        root: 1 + (r >> 9) as u8 % 20,
                        quad: 1 + (r >> 14) as u8 % 4,
                        goldstein_x10: (r >> 17) as i16 % 100,
                        tone: (!r.is_multiple_of(5))
                            .then(|| ((r >> 25) % 20_000) as f64 / 997.0 - 10.0),
                        mentions: 1 + (r >> 40) as u32 % 9,
                        articles: 1 + (r >> 44) as u32 % 5,
                    },
                    duplicate: r.is_multiple_of(7),
                }
            })
            .collect()
    }

    /// Summed by a map row by row, in file order: what the store kept before.
    fn by_map(rows: &[EventRow]) -> (Vec<DyadDay>, Vec<DyadDay>) {
        let (mut all, mut dedup) = (DyadDayMap::default(), DyadDayMap::default());
        for r in rows {
            let k = key(r);
            all.entry(k).or_default().add(&r.event);
            if !r.duplicate {
                dedup.entry(k).or_default().add(&r.event);
            }
        }
        let list = |m: DyadDayMap| {
            let mut v: Vec<DyadDay> = m
                .into_iter()
                .map(|((day, a, b), stats)| DyadDay { day, a, b, stats })
                .collect();
            v.sort_unstable_by_key(|d| (d.day, d.a, d.b));
            v
        };
        (list(all), list(dedup))
    }

    /// In one batch or many, the sums equal a row-by-row map's to the bit (the tone
    /// sums are added in the same order).
    #[test]
    fn batched_sums_equal_the_row_by_row_sums_exactly() {
        let mut rows = rows(5000);
        // A dyad-day of duplicates only: in the sums of all rows, not in the others.
        for line in [40, 41] {
            rows[line].event.day = 20200110;
            (rows[line].event.a, rows[line].event.b) = (2, 365);
            rows[line].duplicate = true;
        }
        let want = by_map(&rows);
        assert_eq!(want.1.len() + 1, want.0.len());
        for cap in [1, 7, 1000, 4999, 5000, 1 << 20] {
            let mut sums = DyadDaySums::with_batch(cap);
            for r in &rows {
                sums.push(*r);
            }
            let got = sums.finish();
            assert_eq!(got, want, "batch of {cap}");
        }
        assert_eq!(DyadDaySums::default().finish(), (Vec::new(), Vec::new()));
    }
}
