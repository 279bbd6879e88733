//! Estimated positions as reported: one row per state-year, and the distance between
//! two positions with its interval.

use std::collections::HashMap;

use serde::Serialize;

/// One state-year of an estimate (θ on the standardised scale).
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct IdealRow {
    pub year: i32,
    pub ccode: u16,
    pub ideal: f64,
    pub q05: f64,
    pub q50: f64,
    pub q95: f64,
    /// Votes the state cast that year in the estimate.
    pub n_votes: u32,
}

/// An estimate as reported: rows ordered by year, then COW code.
#[derive(Clone, Debug, Serialize)]
pub struct IdealTable {
    pub rows: Vec<IdealRow>,
    pub iterations: usize,
    pub converged: bool,
    /// Bootstrap replicates behind q05/q50/q95 (0: posterior variance).
    pub boot: usize,
    /// Read from the cache instead of estimated.
    pub cached: bool,
}

impl IdealTable {
    /// The rows by (COW code, year).
    pub fn by_state_year(&self) -> HashMap<(u16, i32), IdealRow> {
        self.rows.iter().map(|r| ((r.ccode, r.year), *r)).collect()
    }
}

/// The standard deviation of a position from its 90% interval (normal approximation).
pub fn position_sd(q05: f64, q95: f64) -> f64 {
    (q95 - q05) / 3.29
}

/// |θa − θb| of two state-years with a 95% interval from a normal approximation (each
/// position's SD from its 90% interval, the two independent), clipped at 0.
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct Distance {
    pub value: f64,
    pub lo: f64,
    pub hi: f64,
}

/// The distance between two state-years.
pub fn distance(x: &IdealRow, y: &IdealRow) -> Distance {
    let value = (x.ideal - y.ideal).abs();
    let s = (position_sd(x.q05, x.q95).powi(2) + position_sd(y.q05, y.q95).powi(2)).sqrt();
    Distance {
        value,
        lo: (value - 1.96 * s).max(0.0),
        hi: value + 1.96 * s,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(ideal: f64, half: f64) -> IdealRow {
        IdealRow {
            year: 2000,
            ccode: 2,
            ideal,
            q05: ideal - half,
            q50: ideal,
            q95: ideal + half,
            n_votes: 10,
        }
    }

    #[test]
    fn distance_is_symmetric_and_its_interval_holds_it() {
        let (x, y) = (row(1.0, 0.329), row(-0.5, 0.329));
        let d = distance(&x, &y);
        assert_eq!(d, distance(&y, &x));
        assert!((d.value - 1.5).abs() < 1e-12);
        // Each SD 0.2: the distance's SD is 0.2·√2.
        let half = 1.96 * 0.2 * 2f64.sqrt();
        assert!((d.hi - d.value - half).abs() < 1e-9);
        assert!(d.lo <= d.value && d.value <= d.hi);
        assert_eq!(distance(&x, &x).lo, 0.0);
    }
}
