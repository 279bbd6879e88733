//! Event data ("who did what to whom, when"): one coded event, the statistics of a set
//! of events, and dyad series by day, month or year (docs/events.md). Pure: the
//! readers (GDELT, ICEWS) and the store live elsewhere.
//!
//! Goldstein weights carry one decimal in CAMEO's table, so they are summed exactly as
//! tenths (`goldstein_x10`); counts are integers; only tone sums are floating point.

use std::collections::BTreeMap;

/// One coded event between two states, as the aggregation needs it.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Event {
    /// Date as YYYYMMDD.
    pub day: u32,
    /// Source and target states (COW codes).
    pub a: u16,
    pub b: u16,
    /// CAMEO root code 1–20.
    pub root: u8,
    /// Quad class 1 verbal cooperation, 2 material cooperation, 3 verbal conflict,
    /// 4 material conflict.
    pub quad: u8,
    /// Goldstein weight × 10 (−100 … 100).
    pub goldstein_x10: i16,
    /// GDELT AvgTone (None for ICEWS).
    pub tone: Option<f64>,
    pub mentions: u32,
    pub articles: u32,
}

/// One event between two states as a file holds it: its line, the event, and whether
/// an earlier row of the same file had the same day, actors, event code and source
/// (the event store's de-duplication). A row of the `events` table.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct EventRow {
    pub line: u64,
    pub event: Event,
    pub duplicate: bool,
}

/// The quad class of a CAMEO root code (1–20): 01–05 verbal cooperation, 06–08
/// material cooperation, 09–13 verbal conflict, 14–20 material conflict.
pub fn quad_of_root(root: u8) -> Option<u8> {
    match root {
        1..=5 => Some(1),
        6..=8 => Some(2),
        9..=13 => Some(3),
        14..=20 => Some(4),
        _ => None,
    }
}

/// Statistics of a set of events: counts per quad class and root code, Goldstein and
/// tone sums, and the same weighted by mentions and by articles.
#[derive(Clone, Copy, Debug, Default, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct EventStats {
    pub events: u64,
    pub quad: [u64; 4],
    pub root: [u64; 20],
    pub goldstein_x10: i64,
    pub tone_sum: f64,
    /// Events with a tone.
    pub tone_n: u64,
    pub mentions: u64,
    pub articles: u64,
    pub quad_mentions: [u64; 4],
    pub quad_articles: [u64; 4],
    pub goldstein_x10_mentions: i64,
    pub goldstein_x10_articles: i64,
    pub tone_mentions: f64,
    pub tone_articles: f64,
    /// Mentions and articles of the events with a tone.
    pub tone_mentions_n: u64,
    pub tone_articles_n: u64,
}

impl EventStats {
    pub fn add(&mut self, e: &Event) {
        let (m, r) = (u64::from(e.mentions), u64::from(e.articles));
        let q = usize::from(e.quad.clamp(1, 4) - 1);
        let g = i64::from(e.goldstein_x10);
        self.events += 1;
        self.quad[q] += 1;
        if (1..=20).contains(&e.root) {
            self.root[usize::from(e.root - 1)] += 1;
        }
        self.goldstein_x10 += g;
        self.mentions += m;
        self.articles += r;
        self.quad_mentions[q] += m;
        self.quad_articles[q] += r;
        self.goldstein_x10_mentions += g * m as i64;
        self.goldstein_x10_articles += g * r as i64;
        if let Some(t) = e.tone {
            self.tone_sum += t;
            self.tone_n += 1;
            self.tone_mentions += t * m as f64;
            self.tone_articles += t * r as f64;
            self.tone_mentions_n += m;
            self.tone_articles_n += r;
        }
    }

    pub fn merge(&mut self, o: &EventStats) {
        self.events += o.events;
        for k in 0..4 {
            self.quad[k] += o.quad[k];
            self.quad_mentions[k] += o.quad_mentions[k];
            self.quad_articles[k] += o.quad_articles[k];
        }
        for k in 0..20 {
            self.root[k] += o.root[k];
        }
        self.goldstein_x10 += o.goldstein_x10;
        self.tone_sum += o.tone_sum;
        self.tone_n += o.tone_n;
        self.mentions += o.mentions;
        self.articles += o.articles;
        self.goldstein_x10_mentions += o.goldstein_x10_mentions;
        self.goldstein_x10_articles += o.goldstein_x10_articles;
        self.tone_mentions += o.tone_mentions;
        self.tone_articles += o.tone_articles;
        self.tone_mentions_n += o.tone_mentions_n;
        self.tone_articles_n += o.tone_articles_n;
    }
}

/// Names of the integer fields of [`EventStats`], in the order of
/// [`EventStats::ints`] (stored tables use them as column names).
pub const INT_FIELDS: [&str; 41] = [
    "events",
    "verbal_coop",
    "material_coop",
    "verbal_conflict",
    "material_conflict",
    "root01",
    "root02",
    "root03",
    "root04",
    "root05",
    "root06",
    "root07",
    "root08",
    "root09",
    "root10",
    "root11",
    "root12",
    "root13",
    "root14",
    "root15",
    "root16",
    "root17",
    "root18",
    "root19",
    "root20",
    "goldstein_x10",
    "tone_n",
    "mentions",
    "articles",
    "verbal_coop_mentions",
    "material_coop_mentions",
    "verbal_conflict_mentions",
    "material_conflict_mentions",
    "verbal_coop_articles",
    "material_coop_articles",
    "verbal_conflict_articles",
    "material_conflict_articles",
    "goldstein_x10_mentions",
    "goldstein_x10_articles",
    "tone_mentions_n",
    "tone_articles_n",
];

/// Names of the floating-point fields, in the order of [`EventStats::floats`].
pub const FLOAT_FIELDS: [&str; 3] = ["tone_sum", "tone_mentions", "tone_articles"];

impl EventStats {
    /// The integer fields, in the order of [`INT_FIELDS`].
    pub fn ints(&self) -> [i64; 41] {
        let mut v = [0i64; 41];
        v[0] = self.events as i64;
        for k in 0..4 {
            v[1 + k] = self.quad[k] as i64;
            v[29 + k] = self.quad_mentions[k] as i64;
            v[33 + k] = self.quad_articles[k] as i64;
        }
        for k in 0..20 {
            v[5 + k] = self.root[k] as i64;
        }
        v[25] = self.goldstein_x10;
        v[26] = self.tone_n as i64;
        v[27] = self.mentions as i64;
        v[28] = self.articles as i64;
        v[37] = self.goldstein_x10_mentions;
        v[38] = self.goldstein_x10_articles;
        v[39] = self.tone_mentions_n as i64;
        v[40] = self.tone_articles_n as i64;
        v
    }

    /// The floating-point fields, in the order of [`FLOAT_FIELDS`].
    pub fn floats(&self) -> [f64; 3] {
        [self.tone_sum, self.tone_mentions, self.tone_articles]
    }

    /// Rebuilds statistics from [`EventStats::ints`] and [`EventStats::floats`].
    pub fn from_fields(v: &[i64; 41], f: &[f64; 3]) -> EventStats {
        let u = |x: i64| x.max(0) as u64;
        EventStats {
            events: u(v[0]),
            quad: std::array::from_fn(|k| u(v[1 + k])),
            root: std::array::from_fn(|k| u(v[5 + k])),
            goldstein_x10: v[25],
            tone_sum: f[0],
            tone_n: u(v[26]),
            mentions: u(v[27]),
            articles: u(v[28]),
            quad_mentions: std::array::from_fn(|k| u(v[29 + k])),
            quad_articles: std::array::from_fn(|k| u(v[33 + k])),
            goldstein_x10_mentions: v[37],
            goldstein_x10_articles: v[38],
            tone_mentions: f[1],
            tone_articles: f[2],
            tone_mentions_n: u(v[39]),
            tone_articles_n: u(v[40]),
        }
    }
}

/// How events are counted.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Weight {
    /// Each event once.
    Events,
    /// Each event by its number of mentions.
    Mentions,
    /// Each event by its number of source articles.
    Articles,
}

/// The measures of a set of events under a weighting (docs/events.md).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Measures {
    pub events: f64,
    /// verbal cooperation, material cooperation, verbal conflict, material conflict.
    pub quad: [f64; 4],
    pub goldstein_sum: f64,
    pub goldstein_mean: Option<f64>,
    pub tone_mean: Option<f64>,
    /// Cooperative share minus conflictual share, −1 … 1.
    pub net_cooperation: Option<f64>,
}

impl EventStats {
    pub fn measures(&self, w: Weight) -> Measures {
        let (events, quad, g10, tone, tone_w) = match w {
            Weight::Events => (
                self.events,
                self.quad,
                self.goldstein_x10,
                self.tone_sum,
                self.tone_n,
            ),
            Weight::Mentions => (
                self.mentions,
                self.quad_mentions,
                self.goldstein_x10_mentions,
                self.tone_mentions,
                self.tone_mentions_n,
            ),
            Weight::Articles => (
                self.articles,
                self.quad_articles,
                self.goldstein_x10_articles,
                self.tone_articles,
                self.tone_articles_n,
            ),
        };
        let n = events as f64;
        let goldstein_sum = g10 as f64 / 10.0;
        Measures {
            events: n,
            quad: quad.map(|q| q as f64),
            goldstein_sum,
            goldstein_mean: (events > 0).then(|| goldstein_sum / n),
            tone_mean: (tone_w > 0).then(|| tone / tone_w as f64),
            net_cooperation: (events > 0)
                .then(|| ((quad[0] + quad[1]) as f64 - (quad[2] + quad[3]) as f64) / n),
        }
    }
}

/// Series resolution.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Period {
    Day,
    Month,
    Year,
}

impl Period {
    /// The period of a YYYYMMDD day, as a sortable number (YYYYMMDD, YYYYMM or YYYY).
    pub fn of(self, day: u32) -> u32 {
        match self {
            Period::Day => day,
            Period::Month => day / 100,
            Period::Year => day / 10_000,
        }
    }

    /// The label of a period number: YYYY-MM-DD, YYYY-MM or YYYY.
    pub fn label(self, p: u32) -> String {
        match self {
            Period::Day => format!("{:04}-{:02}-{:02}", p / 10_000, p / 100 % 100, p % 100),
            Period::Month => format!("{:04}-{:02}", p / 100, p % 100),
            Period::Year => format!("{p:04}"),
        }
    }
}

/// Whether a YYYYMMDD number is a calendar date.
pub fn valid_day(day: u32) -> bool {
    let y = (day / 10_000) as i32;
    (1800..=2200).contains(&y)
        && crate::Date::new(y, (day / 100 % 100) as u8, (day % 100) as u8).is_some()
}

/// One directed dyad-day of stored statistics.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct DyadDay {
    pub day: u32,
    pub a: u16,
    pub b: u16,
    pub stats: EventStats,
}

/// Sums dyad-days into periods for one pair: directed keeps a→b apart from b→a;
/// undirected sums both into (a, b). Result ordered by period, then direction.
pub fn series(
    rows: impl IntoIterator<Item = DyadDay>,
    a: u16,
    b: u16,
    period: Period,
    directed: bool,
    from: u32,
    to: u32,
) -> BTreeMap<(u32, u16, u16), EventStats> {
    let mut out: BTreeMap<(u32, u16, u16), EventStats> = BTreeMap::new();
    for r in rows {
        let forward = (r.a, r.b) == (a, b);
        if !(forward || (r.a, r.b) == (b, a)) {
            continue;
        }
        let p = period.of(r.day);
        if p < from || p > to {
            continue;
        }
        let key = if directed || forward {
            (p, r.a, r.b)
        } else {
            (p, a, b)
        };
        out.entry(key).or_default().merge(&r.stats);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ev(day: u32, a: u16, b: u16, root: u8, g: i16, m: u32) -> Event {
        Event {
            day,
            a,
            b,
            root,
            quad: quad_of_root(root).unwrap(),
            goldstein_x10: g,
            tone: Some(-1.5),
            mentions: m,
            articles: 1,
        }
    }

    #[test]
    fn measures_follow_their_definitions() {
        let mut s = EventStats::default();
        for e in [
            ev(20140301, 710, 365, 4, 10, 2),
            ev(20140302, 710, 365, 19, -100, 8),
        ] {
            s.add(&e);
        }
        let m = s.measures(Weight::Events);
        assert_eq!((m.events, m.quad), (2.0, [1.0, 0.0, 0.0, 1.0]));
        assert_eq!(m.goldstein_sum, -9.0);
        assert_eq!(m.goldstein_mean, Some(-4.5));
        assert_eq!(m.net_cooperation, Some(0.0));
        assert_eq!(m.tone_mean, Some(-1.5));
        let w = s.measures(Weight::Mentions);
        assert_eq!(w.events, 10.0);
        assert_eq!(w.goldstein_sum, (1.0 * 2.0 - 10.0 * 8.0));
        assert_eq!(w.goldstein_mean, Some(-7.8));
        assert_eq!(
            EventStats::default()
                .measures(Weight::Events)
                .goldstein_mean,
            None
        );
    }

    #[test]
    fn series_sum_directions_when_undirected() {
        let day = |d, a, b| {
            let mut stats = EventStats::default();
            stats.add(&ev(d, a, b, 4, 10, 1));
            DyadDay {
                day: d,
                a,
                b,
                stats,
            }
        };
        let rows = vec![
            day(20140301, 710, 365),
            day(20140315, 365, 710),
            day(20140401, 710, 365),
            day(20140401, 710, 2),
        ];
        let u = series(rows.clone(), 365, 710, Period::Month, false, 0, u32::MAX);
        assert_eq!(u.len(), 2);
        assert_eq!(u[&(201403, 365, 710)].events, 2);
        let d = series(rows, 710, 365, Period::Month, true, 0, u32::MAX);
        assert_eq!(d.len(), 3);
        assert_eq!(d[&(201403, 365, 710)].events, 1);
        assert_eq!(Period::Month.label(201403), "2014-03");
        assert_eq!(Period::Day.label(20140301), "2014-03-01");
    }

    #[test]
    fn stats_round_trip_through_fields() {
        let mut s = EventStats::default();
        s.add(&ev(20140301, 710, 365, 19, -100, 8));
        s.add(&ev(20140301, 710, 365, 4, 10, 2));
        assert_eq!(EventStats::from_fields(&s.ints(), &s.floats()), s);
    }

    #[test]
    fn days_are_checked() {
        assert!(
            valid_day(20200229)
                && !valid_day(20190229)
                && !valid_day(20141301)
                && !valid_day(20140100)
        );
        assert_eq!(quad_of_root(14), Some(4));
        assert_eq!(quad_of_root(0), None);
    }
}
