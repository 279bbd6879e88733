//! What changed at a date: a measure's level in a window before and a window after,
//! the difference with an interval for its sampling error, and how large the difference
//! is among the changes the same series shows at other dates (placebo dates). Pure;
//! `entente shift` and the brief's "What changed" section render it (docs/shift.md).
//!
//! Every observation carries a date: a roll call its vote date, a yearly value the
//! midpoint of its year (1 July for calendar years, 1 December for UN session years, when
//! most of a session's votes are cast), so one rule places votes and yearly series on
//! the two sides of a date.

use rand::rngs::StdRng;
use rand::{RngExt, SeedableRng};
use serde::Serialize;

use crate::date::Date;
use crate::measures::{Measure, PairTable};

/// Fewest observations on a side for a level (joint roll calls; years: 1).
pub const MIN_JOINT_VOTES: usize = 10;
/// Fewest placebo dates for the comparison with other dates to count.
pub const MIN_PLACEBO_DATES: usize = 8;
/// A change is beyond the series' usual variation when it is larger (in absolute value)
/// than this share of the changes at the placebo dates.
pub const PLACEBO_SHARE: f64 = 0.9;
/// z for the 95% normal-approximation interval.
const Z95: f64 = 1.959_963_984_540_054;

/// The two sides of a date, each a half-open span of dates `[from, to)`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct Windows {
    pub at: Date,
    pub before: (Date, Date),
    pub after: (Date, Date),
}

impl Windows {
    /// The windows of `dates[k]` (`dates` sorted, distinct): up to `years` years on each
    /// side, never reaching past the neighbouring dates, so that the after window of one
    /// date is not the before window's mix of two changes.
    pub fn of(dates: &[Date], k: usize, years: u32) -> Windows {
        let at = dates[k];
        let y = years as i32;
        let mut from = add_years(at, -y);
        let mut to = add_years(at, y);
        if k > 0 {
            from = from.max(dates[k - 1]);
        }
        if let Some(&next) = dates.get(k + 1) {
            to = to.min(next);
        }
        Windows {
            at,
            before: (from, at),
            after: (at, to),
        }
    }

    /// The same windows `k` years later (earlier for negative `k`).
    pub fn shifted(&self, k: i32) -> Windows {
        let s = |d: Date| add_years(d, k);
        Windows {
            at: s(self.at),
            before: (s(self.before.0), s(self.before.1)),
            after: (s(self.after.0), s(self.after.1)),
        }
    }

    /// Whether the two spans `before.0 … after.1` share a day.
    fn overlaps(&self, other: &Windows) -> bool {
        self.before.0 < other.after.1 && other.before.0 < self.after.1
    }
}

/// `d` moved by `k` calendar years (29 February becomes 28 February in common years).
pub fn add_years(d: Date, k: i32) -> Date {
    let y = d.year + k;
    Date::new(y, d.month, d.day).unwrap_or(Date {
        year: y,
        month: d.month,
        day: 28,
    })
}

/// The midpoint of a calendar year (1 July): where a yearly value stands in time.
pub fn calendar_midpoint(year: i32) -> Date {
    Date {
        year,
        month: 7,
        day: 1,
    }
}

/// The midpoint of a UN session year (1 December: the regular session's votes fall
/// mostly in its autumn months).
pub fn session_midpoint(year: i32) -> Date {
    Date {
        year,
        month: 12,
        day: 1,
    }
}

/// A measure's level on one side of a date.
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct Level {
    /// Observations (joint roll calls, or years with a value).
    pub n: usize,
    /// Dates of the first and last observation.
    pub first: Date,
    pub last: Date,
    pub value: f64,
}

/// Where the change stands among the changes at other dates.
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct Placebo {
    /// Other dates (the same day, whole years earlier or later, windows not overlapping
    /// the real ones) with enough data on both sides.
    pub dates: usize,
    /// Share of them with a smaller change in absolute value, 0 … 1.
    pub share_smaller: f64,
}

/// Whether a change is beyond noise.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Verdict {
    /// The sampling interval excludes 0 and the change is larger than [`PLACEBO_SHARE`]
    /// of the changes at other dates (each where available, at least one of them).
    BeyondNoise,
    /// The sampling interval of the difference includes 0.
    WithinSamplingNoise,
    /// No larger than the series' usual changes at other dates.
    UsualVariation,
    /// Too few observations on a side, or neither an interval nor enough placebo dates.
    Undetermined,
}

impl Verdict {
    /// A short phrase for tables and sentences.
    pub fn phrase(self) -> &'static str {
        match self {
            Verdict::BeyondNoise => "beyond noise",
            Verdict::WithinSamplingNoise => "within sampling noise",
            Verdict::UsualVariation => "within usual variation",
            Verdict::Undetermined => "undetermined",
        }
    }
}

/// A measure before and after a date.
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct Change {
    pub before: Level,
    pub after: Level,
    /// after − before.
    pub difference: f64,
    /// 95% interval of the difference from the sampling error (None: the measure has
    /// no sampling model, or too few observations).
    pub interval: Option<(f64, f64)>,
    pub placebo: Option<Placebo>,
    pub verdict: Verdict,
}

impl Change {
    fn judge(&mut self, enough: bool) {
        let placebo = self
            .placebo
            .filter(|p| p.dates >= MIN_PLACEBO_DATES)
            .map(|p| p.share_smaller >= PLACEBO_SHARE);
        let sampled = self.interval.map(|(lo, hi)| lo > 0.0 || hi < 0.0);
        self.verdict = match (enough, sampled, placebo) {
            (false, _, _) | (true, None, None) => Verdict::Undetermined,
            (true, Some(false), _) => Verdict::WithinSamplingNoise,
            (true, _, Some(false)) => Verdict::UsualVariation,
            _ => Verdict::BeyondNoise,
        };
    }
}

/// A side's level from its observations (None: undefined).
type LevelOf<'a, T> = &'a dyn Fn(&[(Date, T)]) -> Option<f64>;

/// The observations dated within `[from, to)` of `obs` (sorted by date).
fn slice<T>(obs: &[(Date, T)], (from, to): (Date, Date)) -> &[(Date, T)] {
    let lo = obs.partition_point(|o| o.0 < from);
    let hi = obs.partition_point(|o| o.0 < to);
    &obs[lo..hi.max(lo)]
}

fn level_of<T>(side: &[(Date, T)], value: f64) -> Level {
    Level {
        n: side.len(),
        first: side[0].0,
        last: side[side.len() - 1].0,
        value,
    }
}

/// The changes at placebo dates: the windows moved by whole years while they stay
/// within the data and do not overlap the real windows.
fn placebo<T>(
    obs: &[(Date, T)],
    w: &Windows,
    min_n: usize,
    difference: f64,
    level: LevelOf<'_, T>,
) -> Option<Placebo> {
    let (first, last) = (obs.first()?.0, obs.last()?.0);
    let span = last.year - first.year + 1;
    let mut diffs = Vec::new();
    for k in -span..=span {
        let s = w.shifted(k);
        if k == 0 || s.overlaps(w) || s.after.0 > last || s.before.1 <= first {
            continue;
        }
        let (b, a) = (slice(obs, s.before), slice(obs, s.after));
        if b.len() < min_n || a.len() < min_n {
            continue;
        }
        if let (Some(x), Some(y)) = (level(b), level(a)) {
            diffs.push((y - x).abs());
        }
    }
    if diffs.is_empty() {
        return None;
    }
    let smaller = diffs.iter().filter(|d| **d < difference.abs()).count();
    Some(Placebo {
        dates: diffs.len(),
        share_smaller: smaller as f64 / diffs.len() as f64,
    })
}

/// A vote measure of a pair before and after a date. `cells` are the pair's joint roll
/// calls (yes/abstain/no on both sides) as `(date, 3·a + b)` in date order; the interval
/// resamples the roll calls of each side independently (`reps` replicates, seeded by
/// `seed`); None when a side has no joint vote.
pub fn vote_change(
    cells: &[(Date, u8)],
    w: &Windows,
    measure: Measure,
    reps: usize,
    seed: u64,
) -> Option<Change> {
    let level =
        |side: &[(Date, u8)]| PairTable::from_cells(side.iter().map(|c| c.1)).value(measure);
    let (b, a) = (slice(cells, w.before), slice(cells, w.after));
    let (x, y) = (level(b)?, level(a)?);
    let enough = b.len() >= MIN_JOINT_VOTES && a.len() >= MIN_JOINT_VOTES;
    let interval = if enough {
        vote_interval(b, a, measure, reps, seed ^ w.at.to_days() as u64)
    } else {
        None
    };
    let mut c = Change {
        before: level_of(b, x),
        after: level_of(a, y),
        difference: y - x,
        interval,
        placebo: placebo(cells, w, MIN_JOINT_VOTES, y - x, &level),
        verdict: Verdict::Undetermined,
    };
    c.judge(enough);
    Some(c)
}

/// Percentile interval of after − before, each side's roll calls resampled with
/// replacement; None when fewer than half the replicates define the measure.
fn vote_interval(
    before: &[(Date, u8)],
    after: &[(Date, u8)],
    measure: Measure,
    reps: usize,
    seed: u64,
) -> Option<(f64, f64)> {
    if reps == 0 {
        return None;
    }
    let mut rng = StdRng::seed_from_u64(seed);
    let mut draw = |side: &[(Date, u8)]| {
        let mut t = PairTable::default();
        for _ in 0..side.len() {
            let c = side[rng.random_range(0..side.len())].1;
            t.counts[(c / 3) as usize][(c % 3) as usize] += 1;
        }
        t.value(measure)
    };
    let mut diffs: Vec<f64> = (0..reps)
        .filter_map(|_| {
            let x = draw(before);
            let y = draw(after);
            Some(y? - x?)
        })
        .collect();
    if diffs.len() * 2 < reps {
        return None;
    }
    diffs.sort_by(f64::total_cmp);
    Some((
        crate::agreement::quantile(&diffs, 0.025),
        crate::agreement::quantile(&diffs, 0.975),
    ))
}

/// A yearly value dated at its year's midpoint, with its 95% interval when it has one.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Dated {
    pub value: f64,
    pub interval: Option<(f64, f64)>,
}

/// A yearly series before and after a date: the mean of the years whose midpoints fall
/// in each window. The interval is the normal approximation from the years' own 95%
/// intervals (standard error (hi − lo) / 3.92 each, independent across years), when
/// every year on both sides has one. None when a side has no year.
pub fn yearly_change(series: &[(Date, Dated)], w: &Windows) -> Option<Change> {
    let mean = |side: &[(Date, Dated)]| -> Option<f64> {
        (!side.is_empty()).then(|| side.iter().map(|o| o.1.value).sum::<f64>() / side.len() as f64)
    };
    let (b, a) = (slice(series, w.before), slice(series, w.after));
    let (x, y) = (mean(b)?, mean(a)?);
    let se = |side: &[(Date, Dated)]| -> Option<f64> {
        let sum: f64 = side
            .iter()
            .map(|o| {
                o.1.interval
                    .map(|(lo, hi)| ((hi - lo) / (2.0 * Z95)).powi(2))
            })
            .sum::<Option<f64>>()?;
        Some(sum.sqrt() / side.len() as f64)
    };
    let interval = match (se(b), se(a)) {
        (Some(sb), Some(sa)) => {
            let s = (sb * sb + sa * sa).sqrt();
            Some((y - x - Z95 * s, y - x + Z95 * s))
        }
        _ => None,
    };
    let mut c = Change {
        before: level_of(b, x),
        after: level_of(a, y),
        difference: y - x,
        interval,
        placebo: placebo(series, w, 1, y - x, &mean),
        verdict: Verdict::Undetermined,
    };
    c.judge(true);
    Some(c)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Date {
        Date::parse(s).unwrap()
    }

    #[test]
    fn windows_stop_at_neighbouring_dates() {
        let dates = [d("2014-03-18"), d("2016-01-01"), d("2022-02-24")];
        let w = Windows::of(&dates, 1, 3);
        assert_eq!(w.before, (d("2014-03-18"), d("2016-01-01")));
        assert_eq!(w.after, (d("2016-01-01"), d("2019-01-01")));
        let w = Windows::of(&dates, 0, 3);
        assert_eq!(w.before, (d("2011-03-18"), d("2014-03-18")));
        assert_eq!(w.after.1, d("2016-01-01"));
        assert_eq!(add_years(d("2024-02-29"), 1), d("2025-02-28"));
    }

    /// A pair that always votes alike until the date and half alike after it: the
    /// change is the full drop, its interval excludes 0, and no other date (the pair is
    /// constant there) shows a change as large.
    #[test]
    fn a_real_break_is_beyond_noise() {
        let mut cells = Vec::new();
        for days in (0..20 * 365).step_by(9) {
            let date = Date::from_days(d("2000-01-01").to_days() + days);
            let after = date >= d("2015-06-01");
            let cell = if after && days % 2 == 0 { 2 } else { 0 };
            cells.push((date, cell));
        }
        let w = Windows::of(&[d("2015-06-01")], 0, 3);
        let c = vote_change(&cells, &w, Measure::Agree, 500, 7).unwrap();
        assert_eq!(c.before.value, 1.0);
        assert!((c.after.value - 0.5).abs() < 0.05, "{c:?}");
        let (lo, hi) = c.interval.unwrap();
        assert!(lo < c.difference && c.difference < hi && hi < 0.0);
        let p = c.placebo.unwrap();
        assert!(p.dates >= MIN_PLACEBO_DATES, "{p:?}");
        assert!(p.share_smaller >= PLACEBO_SHARE, "{p:?}");
        assert_eq!(c.verdict, Verdict::BeyondNoise);
        // The windows hold three years of roll calls each.
        assert!(c.before.first >= d("2012-06-01") && c.after.last < d("2018-06-01"));
    }

    /// Votes drawn alike with the same probability throughout: no change beyond noise.
    #[test]
    fn no_break_is_within_noise() {
        let mut rng = StdRng::seed_from_u64(3);
        let cells: Vec<(Date, u8)> = (0..20 * 365)
            .step_by(5)
            .map(|days| {
                let date = Date::from_days(d("2000-01-01").to_days() + days);
                (date, if rng.random_range(0..4) == 0 { 2 } else { 0 })
            })
            .collect();
        let w = Windows::of(&[d("2010-06-01")], 0, 2);
        let c = vote_change(&cells, &w, Measure::Agree, 500, 7).unwrap();
        assert_ne!(c.verdict, Verdict::BeyondNoise, "{c:?}");
        let (lo, hi) = c.interval.unwrap();
        assert!(lo < 0.0 && hi > 0.0);
    }

    /// A yearly series that trends steadily: the change at any date is as large as at
    /// every other, so it is usual variation; a step in a flat series is beyond noise.
    #[test]
    fn yearly_trend_is_usual_and_a_step_is_not() {
        let trend: Vec<(Date, Dated)> = (1990..=2020)
            .map(|y| {
                (
                    calendar_midpoint(y),
                    Dated {
                        value: f64::from(y - 1990),
                        interval: None,
                    },
                )
            })
            .collect();
        let w = Windows::of(&[d("2005-02-01")], 0, 3);
        let c = yearly_change(&trend, &w).unwrap();
        assert_eq!((c.before.n, c.after.n), (3, 3));
        assert_eq!(c.before.first.year, 2002);
        assert_eq!(c.after.last.year, 2007);
        assert!((c.difference - 3.0).abs() < 1e-12);
        assert_eq!(c.verdict, Verdict::UsualVariation, "{c:?}");

        let step: Vec<(Date, Dated)> = (1990..=2020)
            .map(|y| {
                let v = if y >= 2005 { 1.0 } else { 0.0 } + 0.01 * f64::from(y % 2);
                (
                    calendar_midpoint(y),
                    Dated {
                        value: v,
                        interval: Some((v - 0.1, v + 0.1)),
                    },
                )
            })
            .collect();
        let c = yearly_change(&step, &w).unwrap();
        let (lo, hi) = c.interval.unwrap();
        // se per year 0.1/1.96, mean of 3: /√3, difference of two: ×√2.
        let se = 0.1 / Z95 / 3f64.sqrt() * 2f64.sqrt();
        assert!((hi - lo - 2.0 * Z95 * se).abs() < 1e-9);
        assert_eq!(c.verdict, Verdict::BeyondNoise, "{c:?}");
    }

    /// A side without observations gives no change; a side below the vote minimum is
    /// undetermined.
    #[test]
    fn thin_sides() {
        let cells = vec![(d("2001-01-01"), 0u8), (d("2003-01-01"), 0u8)];
        let w = Windows::of(&[d("2002-01-01")], 0, 3);
        let c = vote_change(&cells, &w, Measure::Agree, 100, 1).unwrap();
        assert_eq!(c.verdict, Verdict::Undetermined);
        assert!(c.interval.is_none());
        let w = Windows::of(&[d("2010-01-01")], 0, 3);
        assert!(vote_change(&cells, &w, Measure::Agree, 100, 1).is_none());
    }
}
