//! The composite relationship index (docs/index.md).
//!
//! Each indicator of a dyad-year is standardised against all dyads of the same year
//! for which it is defined: the mid-rank percentile p = (#below + ½·#equal) / n,
//! mapped to s = 2p − 1 ∈ (−1, 1), and negated for indicators of distance or hostility
//! (ideal-point distance, disputes, sanctions). 0 is the typical dyad of that year;
//! +1 closer than every other dyad, −1 further apart than every other.
//!
//! Dimension score: weighted mean of the available indicator scores of the dimension.
//! Index: weighted mean of the available dimension scores. A missing indicator (outside
//! its dataset's years, or a dyad the dataset does not cover) drops out and the
//! remaining weights are renormalised; it is never counted as 0. Coverage is the share
//! of the nominal weight that was available. Each indicator's contribution
//! (its normalised weight times its score) sums to the index exactly.

pub mod profile;

use std::fmt;

/// The four dimensions, in output order.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Dimension {
    Diplomatic,
    Military,
    Economic,
    Events,
}

pub const DIMENSIONS: [Dimension; 4] = [
    Dimension::Diplomatic,
    Dimension::Military,
    Dimension::Economic,
    Dimension::Events,
];

impl Dimension {
    pub fn name(self) -> &'static str {
        match self {
            Dimension::Diplomatic => "diplomatic",
            Dimension::Military => "military",
            Dimension::Economic => "economic",
            Dimension::Events => "events",
        }
    }

    pub fn position(self) -> usize {
        DIMENSIONS.iter().position(|&d| d == self).unwrap_or(0)
    }
}

impl fmt::Display for Dimension {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// Whether a higher raw value means closer or further apart.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Sense {
    Closer,
    Apart,
}

/// One indicator of the index. Every indicator is undirected (a value of the dyad, not
/// of one side), so the index is the same for (a, b) and (b, a).
#[derive(Clone, Copy, Debug)]
pub struct Indicator {
    pub key: &'static str,
    pub dimension: Dimension,
    pub sense: Sense,
    /// Default weight within its dimension (0: shown, not used unless weighted).
    pub weight: f64,
    pub definition: &'static str,
}

/// Number of indicators.
pub const N: usize = 14;

/// The indicators, in output order.
pub const INDICATORS: [Indicator; N] = [
    Indicator {
        key: "un_agree",
        dimension: Dimension::Diplomatic,
        sense: Sense::Closer,
        weight: 1.0,
        definition: "UN General Assembly agreement (yes/no/abstain identical, share of joint votes; ≥ 10 joint votes)",
    },
    Indicator {
        key: "ideal_distance",
        dimension: Dimension::Diplomatic,
        sense: Sense::Apart,
        weight: 1.0,
        definition: "distance between the two UN ideal points |θa − θb|",
    },
    Indicator {
        key: "shared_igos",
        dimension: Dimension::Diplomatic,
        sense: Sense::Closer,
        weight: 1.0,
        definition: "IGOs in which both are full members (COW IGO v3)",
    },
    Indicator {
        key: "alliance_obligations",
        dimension: Dimension::Military,
        sense: Sense::Closer,
        weight: 1.0,
        definition: "ATOP obligation types in force in either direction, 0–5 (defense, offense, neutrality, non-aggression, consultation)",
    },
    Indicator {
        key: "cow_alliance_types",
        dimension: Dimension::Military,
        sense: Sense::Closer,
        weight: 0.0,
        definition: "COW alliance types in force, 0–4 (defense, neutrality, non-aggression, entente); weight 0 by default (ATOP measures the same)",
    },
    Indicator {
        key: "arms_tiv",
        dimension: Dimension::Military,
        sense: Sense::Closer,
        weight: 1.0,
        definition: "major conventional arms delivered in both directions, SIPRI TIV millions",
    },
    Indicator {
        key: "joint_exercises",
        dimension: Dimension::Military,
        sense: Sense::Closer,
        weight: 1.0,
        definition: "multinational military exercises with both (MME v7)",
    },
    Indicator {
        key: "jme_exercises",
        dimension: Dimension::Military,
        sense: Sense::Closer,
        weight: 0.0,
        definition: "joint military exercises with both (JME v3); weight 0 by default (overlaps MME)",
    },
    Indicator {
        key: "dispute_hostility",
        dimension: Dimension::Military,
        sense: Sense::Apart,
        weight: 1.0,
        definition: "highest hostility level of militarized disputes between them, 0 (none) – 5 (war)",
    },
    Indicator {
        key: "trade_volume",
        dimension: Dimension::Economic,
        sense: Sense::Closer,
        weight: 1.0,
        definition: "goods trade in both directions, US$ millions (IMF DOTS, importer's report first)",
    },
    Indicator {
        key: "trade_dependence",
        dimension: Dimension::Economic,
        sense: Sense::Closer,
        weight: 1.0,
        definition: "mean of each side's dependence: dyad trade / the side's total trade",
    },
    Indicator {
        key: "sanctions",
        dimension: Dimension::Economic,
        sense: Sense::Apart,
        weight: 1.0,
        definition: "GSDB sanction cases in force in either direction (groups expanded to member states)",
    },
    Indicator {
        key: "chinese_finance",
        dimension: Dimension::Economic,
        sense: Sense::Closer,
        weight: 1.0,
        definition: "Chinese official finance committed, US$ millions (AidData; dyads of China with recipients AidData covers)",
    },
    Indicator {
        key: "net_cooperation",
        dimension: Dimension::Events,
        sense: Sense::Closer,
        weight: 1.0,
        definition: "ICEWS events in both directions: (cooperative − conflictual) / (events + 20 neutral pseudo-events)",
    },
];

/// Neutral pseudo-events added to every dyad's events before taking the net
/// cooperation share, so that a dyad with three cooperative reports does not outrank
/// one with two thousand (and a dyad without events scores 0, not missing).
pub const EVENT_PSEUDO_COUNT: f64 = 20.0;

/// Net cooperation of a dyad-year: (cooperative − conflictual events) / (events + 20),
/// −1 … 1.
pub fn net_cooperation(cooperative: u32, total: u32) -> f64 {
    let conflictual = total.saturating_sub(cooperative);
    (f64::from(cooperative) - f64::from(conflictual)) / (f64::from(total) + EVENT_PSEUDO_COUNT)
}

/// Position of an indicator by key.
pub fn indicator(key: &str) -> Option<usize> {
    INDICATORS.iter().position(|i| i.key == key)
}

/// The position of an indicator known at compile time: `const { at("un_agree") }`
/// costs nothing at run time (an unknown key fails the build).
pub const fn at(key: &str) -> usize {
    let mut i = 0;
    while i < INDICATORS.len() {
        let k = INDICATORS[i].key.as_bytes();
        let q = key.as_bytes();
        if k.len() == q.len() {
            let mut j = 0;
            while j < k.len() && k[j] == q[j] {
                j += 1;
            }
            if j == k.len() {
                return i;
            }
        }
        i += 1;
    }
    panic!("unknown indicator key")
}

/// Dimension and indicator weights (non-negative).
#[derive(Clone, Debug, PartialEq)]
pub struct Weights {
    pub dimension: [f64; 4],
    pub indicator: [f64; N],
    /// Smallest coverage for which the index is reported (0–1).
    pub min_coverage: f64,
}

impl Default for Weights {
    fn default() -> Self {
        Weights {
            dimension: [1.0; 4],
            indicator: INDICATORS.map(|i| i.weight),
            min_coverage: 0.4,
        }
    }
}

impl Weights {
    /// Sets one weight by name: a dimension name or an indicator key.
    pub fn set(&mut self, key: &str, value: f64) -> Result<(), crate::measures::UnknownName> {
        if !(value.is_finite() && value >= 0.0) {
            return Err(crate::measures::UnknownName(format!(
                "weight of '{key}' must be a non-negative number, found {value}"
            )));
        }
        if let Some(d) = DIMENSIONS.iter().position(|d| d.name() == key) {
            self.dimension[d] = value;
        } else if let Some(i) = indicator(key) {
            self.indicator[i] = value;
        } else {
            let known: Vec<&str> = DIMENSIONS
                .iter()
                .map(|d| d.name())
                .chain(INDICATORS.iter().map(|i| i.key))
                .collect();
            return Err(crate::measures::UnknownName(format!(
                "unknown weight '{key}'; known: {}",
                known.join(", ")
            )));
        }
        Ok(())
    }

    /// The nominal weight of each indicator in the index when all are present: dimension
    /// share × share within the dimension (sums to 1 over used indicators).
    pub fn nominal(&self) -> [f64; N] {
        let dim_total: f64 = DIMENSIONS
            .iter()
            .filter(|d| self.within_total(**d) > 0.0)
            .map(|d| self.dimension[d.position()])
            .sum();
        let mut out = [0.0; N];
        for (k, ind) in INDICATORS.iter().enumerate() {
            let within = self.within_total(ind.dimension);
            if within > 0.0 && dim_total > 0.0 {
                out[k] = self.dimension[ind.dimension.position()] / dim_total * self.indicator[k]
                    / within;
            }
        }
        out
    }

    fn within_total(&self, d: Dimension) -> f64 {
        INDICATORS
            .iter()
            .enumerate()
            .filter(|(_, i)| i.dimension == d)
            .map(|(k, _)| self.indicator[k])
            .sum()
    }
}

/// The distribution of one indicator over all dyads of a year, for ranking values:
/// the distinct values in order, each with the number of values up to it.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Reference {
    /// Distinct values, ascending (`f64::total_cmp`).
    values: Vec<f64>,
    /// ends[i]: how many of the year's values are ≤ values[i] (in sort order).
    ends: Vec<u32>,
}

impl Reference {
    /// From the year's values (NaN = missing, left out).
    pub fn new(values: impl IntoIterator<Item = f64>) -> Reference {
        let mut sorted: Vec<f64> = values.into_iter().filter(|v| !v.is_nan()).collect();
        // Equal under total_cmp means the same bits: an unstable sort gives the same order.
        sorted.sort_unstable_by(f64::total_cmp);
        let mut r = Reference::default();
        for (i, v) in sorted.iter().enumerate() {
            if r.values
                .last()
                .is_some_and(|last| last.total_cmp(v).is_eq())
            {
                *r.ends.last_mut().expect("a value") = i as u32 + 1;
            } else {
                r.values.push(*v);
                r.ends.push(i as u32 + 1);
            }
        }
        r
    }

    /// Values in the reference (dyads with the indicator).
    pub fn len(&self) -> usize {
        self.ends.last().map_or(0, |&n| n as usize)
    }

    pub fn is_empty(&self) -> bool {
        self.values.is_empty()
    }

    /// Mid-rank percentile of `v` in (0, 1): (#below + ½·#equal) / n; None when the
    /// reference is empty or `v` is missing.
    pub fn percentile(&self, v: f64) -> Option<f64> {
        if self.values.is_empty() || v.is_nan() {
            return None;
        }
        let count = |i: usize| if i == 0 { 0 } else { self.ends[i - 1] };
        let below = count(self.values.partition_point(|&x| x < v));
        let upto = count(self.values.partition_point(|&x| x <= v));
        let n = self.len() as f64;
        Some((f64::from(below) + 0.5 * f64::from(upto - below)) / n)
    }

    /// Appends the reference to `out`: the number of distinct values (u32 LE), then each
    /// value (f64 LE) and its count up to it (u32 LE).
    pub fn encode(&self, out: &mut Vec<u8>) {
        out.extend_from_slice(&(self.values.len() as u32).to_le_bytes());
        for (v, e) in self.values.iter().zip(&self.ends) {
            out.extend_from_slice(&v.to_le_bytes());
            out.extend_from_slice(&e.to_le_bytes());
        }
    }

    /// Reads a reference written by [`Reference::encode`] from the front of `bytes`,
    /// returning it and the bytes after it; None when the bytes are not one (short,
    /// values out of order, counts not increasing).
    pub fn decode(bytes: &[u8]) -> Option<(Reference, &[u8])> {
        let n = u32::from_le_bytes(bytes.get(..4)?.try_into().ok()?) as usize;
        let body = bytes.get(4..4 + n.checked_mul(12)?)?;
        let mut r = Reference {
            values: Vec::with_capacity(n),
            ends: Vec::with_capacity(n),
        };
        for row in body.chunks_exact(12) {
            let v = f64::from_le_bytes(row[..8].try_into().ok()?);
            let e = u32::from_le_bytes(row[8..].try_into().ok()?);
            let ordered = match (r.values.last(), r.ends.last()) {
                (Some(pv), Some(&pe)) => pv.total_cmp(&v).is_lt() && pe < e,
                _ => e > 0,
            };
            if v.is_nan() || !ordered {
                return None;
            }
            r.values.push(v);
            r.ends.push(e);
        }
        Some((r, &bytes[4 + n * 12..]))
    }

    /// The standardised score of `v` for an indicator of the given sense, −1 … 1.
    pub fn score(&self, v: f64, sense: Sense) -> Option<f64> {
        let s = 2.0 * self.percentile(v)? - 1.0;
        Some(match sense {
            Sense::Closer => s,
            Sense::Apart => -s,
        })
    }
}

/// One year's raw indicator values over its dyads.
#[derive(Clone, Debug)]
pub struct YearPanel {
    pub year: i32,
    /// Dyads as (lower code, higher code).
    pub dyads: Vec<(u16, u16)>,
    /// values[d][k]: indicator k of dyad d (NaN = missing).
    pub values: Vec<[f64; N]>,
}

impl YearPanel {
    /// The reference distribution of every indicator in this year.
    pub fn references(&self) -> Vec<Reference> {
        (0..N)
            .map(|k| Reference::new(self.values.iter().map(|v| v[k])))
            .collect()
    }
}

/// Every year's references (the index's ranking distributions), by year.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct YearReferences(pub std::collections::BTreeMap<i32, Vec<Reference>>);

impl YearReferences {
    /// The references of `year` (one per indicator), if held.
    pub fn get(&self, year: i32) -> Option<&[Reference]> {
        self.0.get(&year).map(Vec::as_slice)
    }

    /// Bytes: the number of years (u32 LE), then per year the year (i32 LE) and its
    /// [`N`] references ([`Reference::encode`]).
    pub fn encode(&self) -> Vec<u8> {
        let mut out = Vec::new();
        out.extend_from_slice(&(self.0.len() as u32).to_le_bytes());
        for (year, refs) in &self.0 {
            out.extend_from_slice(&year.to_le_bytes());
            for r in refs {
                r.encode(&mut out);
            }
        }
        out
    }

    /// Reads [`YearReferences::encode`]'s bytes; None unless they are exactly that.
    pub fn decode(bytes: &[u8]) -> Option<YearReferences> {
        let years = u32::from_le_bytes(bytes.get(..4)?.try_into().ok()?);
        let mut rest = &bytes[4..];
        let mut out = std::collections::BTreeMap::new();
        for _ in 0..years {
            let year = i32::from_le_bytes(rest.get(..4)?.try_into().ok()?);
            rest = &rest[4..];
            let mut refs = Vec::with_capacity(N);
            for _ in 0..N {
                let (r, after) = Reference::decode(rest)?;
                refs.push(r);
                rest = after;
            }
            out.insert(year, refs);
        }
        rest.is_empty().then_some(YearReferences(out))
    }
}

/// Standardised scores of one dyad-year's raw values against the year's references.
pub fn scores(raw: &[f64; N], refs: &[Reference]) -> [f64; N] {
    let mut out = [f64::NAN; N];
    for k in 0..N {
        if let Some(s) = refs[k].score(raw[k], INDICATORS[k].sense) {
            out[k] = s;
        }
    }
    out
}

/// A dyad-year's composite.
#[derive(Clone, Debug, PartialEq)]
pub struct Composite {
    /// Overall index −1 … 1 (None below the minimum coverage or without any dimension).
    pub index: Option<f64>,
    pub dimensions: [Option<f64>; 4],
    /// Each indicator's contribution to the index (None: missing or weight 0).
    pub contributions: [Option<f64>; N],
    /// Share of the nominal weight available, 0–1.
    pub coverage: f64,
}

/// Combines standardised scores (NaN = missing) with the weights.
pub fn combine(scores: &[f64; N], w: &Weights) -> Composite {
    let mut dims = [None; 4];
    let mut within = [0.0; 4];
    for d in DIMENSIONS {
        let (mut num, mut den) = (0.0, 0.0);
        for (k, ind) in INDICATORS.iter().enumerate() {
            if ind.dimension == d && w.indicator[k] > 0.0 && !scores[k].is_nan() {
                num += w.indicator[k] * scores[k];
                den += w.indicator[k];
            }
        }
        if den > 0.0 {
            dims[d.position()] = Some(num / den);
            within[d.position()] = den;
        }
    }
    let dim_den: f64 = DIMENSIONS
        .iter()
        .filter(|d| dims[d.position()].is_some())
        .map(|d| w.dimension[d.position()])
        .sum();
    let nominal = w.nominal();
    let coverage: f64 = (0..N)
        .filter(|&k| !scores[k].is_nan())
        .map(|k| nominal[k])
        .sum::<f64>()
        .min(1.0);
    let mut contributions = [None; N];
    let mut index = None;
    if dim_den > 0.0 {
        let mut total = 0.0;
        for (k, ind) in INDICATORS.iter().enumerate() {
            let p = ind.dimension.position();
            if dims[p].is_some() && w.indicator[k] > 0.0 && !scores[k].is_nan() {
                let c = w.dimension[p] / dim_den * w.indicator[k] / within[p] * scores[k];
                contributions[k] = Some(c);
                total += c;
            }
        }
        if coverage + 1e-12 >= w.min_coverage {
            index = Some(total);
        }
    }
    Composite {
        index,
        dimensions: dims,
        contributions,
        coverage,
    }
}

/// The sampling uncertainty of one dyad-year's raw indicators (docs/index.md): UN
/// agreement from a roll-call bootstrap, ideal-point distance from normal draws of the
/// two positions, net cooperation from the binomial sampling error of the cooperative
/// share. Record-based indicators (alliances, arms, trade, sanctions …) are held fixed.
#[derive(Clone, Debug, Default)]
pub struct Sampling {
    /// UN agreement in each roll-call bootstrap replicate (empty: held fixed).
    pub un_agree: Vec<f64>,
    /// The two ideal points and their standard deviations.
    pub ideal: Option<[(f64, f64); 2]>,
    /// Cooperative events and all events (cooperative + conflictual).
    pub events: Option<(u32, u32)>,
}

fn mix(mut z: u64) -> u64 {
    z = z.wrapping_add(0x9e37_79b9_7f4a_7c15);
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}

/// A standard normal draw (Box–Muller).
fn normal(rng: &mut impl rand::RngExt) -> f64 {
    let u1: f64 = 1.0 - rng.random::<f64>();
    let u2: f64 = rng.random::<f64>();
    (-2.0 * u1.ln()).sqrt() * (std::f64::consts::TAU * u2).cos()
}

/// Bootstrap interval of the index at `boot.level` (e.g. 0.95) from `boot.reps` replicates of the
/// raw values, each standardised against the year's references. Seeded by
/// (boot.seed, year); None when fewer than half the replicates give an index.
pub fn interval(
    raw: &[f64; N],
    sampling: &Sampling,
    refs: &[Reference],
    w: &Weights,
    boot: &crate::agreement::Bootstrap,
    year: i32,
) -> Option<(f64, f64)> {
    use rand::SeedableRng;
    let (reps, seed, level) = (boot.reps, boot.seed, boot.level);
    let mut rng = rand::rngs::StdRng::seed_from_u64(mix(seed ^ mix(year as u64 ^ 0x1dec)));
    let (ua, ideal_k, events_k) = (
        indicator("un_agree").unwrap_or(0),
        indicator("ideal_distance").unwrap_or(0),
        indicator("net_cooperation").unwrap_or(0),
    );
    let mut values = Vec::with_capacity(reps);
    for r in 0..reps {
        let mut x = *raw;
        if let Some(v) = sampling.un_agree.get(r) {
            x[ua] = *v;
        }
        if let Some([(xa, sa), (xb, sb)]) = sampling.ideal {
            x[ideal_k] = ((xa + sa * normal(&mut rng)) - (xb + sb * normal(&mut rng))).abs();
        }
        if let Some((coop, n)) = sampling.events.filter(|e| e.1 > 0) {
            let p = f64::from(coop) / f64::from(n);
            let draw =
                (p + (p * (1.0 - p) / f64::from(n)).sqrt() * normal(&mut rng)).clamp(0.0, 1.0);
            x[events_k] = (2.0 * draw - 1.0) * f64::from(n) / (f64::from(n) + EVENT_PSEUDO_COUNT);
        }
        if let Some(i) = combine(&scores(&x, refs), w).index {
            values.push(i);
        }
    }
    if values.len() * 2 < reps.max(1) {
        return None;
    }
    values.sort_by(f64::total_cmp);
    let tail = (1.0 - level) / 2.0;
    Some((
        crate::agreement::quantile(&values, tail),
        crate::agreement::quantile(&values, 1.0 - tail),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn references_round_trip_and_refuse_damage() {
        let mut refs = YearReferences::default();
        for year in [1990, 2000] {
            let v: Vec<Reference> = (0..N)
                .map(|k| Reference::new((0..50).map(|i| ((i * (k + 3)) % 17) as f64 * 0.5)))
                .collect();
            refs.0.insert(year, v);
        }
        let bytes = refs.encode();
        assert_eq!(YearReferences::decode(&bytes), Some(refs));
        assert_eq!(YearReferences::decode(&bytes[..bytes.len() - 1]), None);
        let mut longer = bytes.clone();
        longer.push(0);
        assert_eq!(YearReferences::decode(&longer), None);
    }

    #[test]
    fn percentile_is_mid_rank() {
        let r = Reference::new([0.0, 0.0, 0.0, 1.0, 2.0, f64::NAN]);
        assert_eq!(r.len(), 5);
        assert!((r.percentile(0.0).unwrap() - 0.3).abs() < 1e-12);
        assert!((r.percentile(2.0).unwrap() - 0.9).abs() < 1e-12);
        assert!((r.percentile(5.0).unwrap() - 1.0).abs() < 1e-12);
        assert_eq!(r.percentile(f64::NAN), None);
        assert!((r.score(2.0, Sense::Apart).unwrap() + 0.8).abs() < 1e-12);
        assert_eq!(Reference::new([]).score(1.0, Sense::Closer), None);
    }

    #[test]
    fn missing_indicators_drop_out_and_weights_renormalise() {
        let w = Weights::default();
        let mut s = [f64::NAN; N];
        s[indicator("un_agree").unwrap()] = 0.5;
        s[indicator("ideal_distance").unwrap()] = 0.1;
        s[indicator("trade_volume").unwrap()] = -0.2;
        let c = combine(&s, &w);
        assert!((c.dimensions[0].unwrap() - 0.3).abs() < 1e-12);
        assert!((c.dimensions[2].unwrap() + 0.2).abs() < 1e-12);
        assert_eq!(c.dimensions[1], None);
        // Coverage: 2 of 3 diplomatic, 1 of 4 economic, of four equal dimensions.
        assert!((c.coverage - (0.25 * 2.0 / 3.0 + 0.25 * 0.25)).abs() < 1e-12);
        // Below the default minimum coverage (0.4): no index, contributions still shown.
        assert_eq!(c.index, None);
        let low = Weights {
            min_coverage: 0.0,
            ..Weights::default()
        };
        let c = combine(&s, &low);
        assert!((c.index.unwrap() - 0.05).abs() < 1e-12);
        let sum: f64 = c.contributions.iter().flatten().sum();
        assert!((sum - c.index.unwrap()).abs() < 1e-12);
    }

    #[test]
    fn weights_by_name() {
        let mut w = Weights::default();
        w.set("economic", 2.0).unwrap();
        w.set("jme_exercises", 1.0).unwrap();
        assert_eq!(w.dimension[2], 2.0);
        assert!(
            w.set("trade", 1.0)
                .unwrap_err()
                .0
                .contains("unknown weight 'trade'")
        );
        assert!(w.set("un_agree", -1.0).is_err());
        let nominal: f64 = w.nominal().iter().sum();
        assert!((nominal - 1.0).abs() < 1e-12);
    }

    fn arb_scores() -> impl Strategy<Value = [f64; N]> {
        proptest::collection::vec(prop_oneof![Just(f64::NAN), -1.0..=1.0f64], N)
            .prop_map(|v| std::array::from_fn(|k| v[k]))
    }

    proptest! {
        #[test]
        fn index_is_bounded_and_explained(s in arb_scores(), dw in proptest::collection::vec(0.0..3.0f64, 4)) {
            let mut w = Weights { min_coverage: 0.0, ..Weights::default() };
            for (d, v) in DIMENSIONS.iter().zip(&dw) {
                w.set(d.name(), *v).unwrap();
            }
            let c = combine(&s, &w);
            if let Some(i) = c.index {
                prop_assert!((-1.0 - 1e-12..=1.0 + 1e-12).contains(&i));
                let sum: f64 = c.contributions.iter().flatten().sum();
                prop_assert!((sum - i).abs() < 1e-9);
            }
            for d in c.dimensions.iter().flatten() {
                prop_assert!((-1.0 - 1e-12..=1.0 + 1e-12).contains(d));
            }
            prop_assert!((0.0..=1.0).contains(&c.coverage));
        }

        #[test]
        fn scores_are_bounded_and_monotone(vals in proptest::collection::vec(0.0..100.0f64, 1..50), x in 0.0..100.0f64, y in 0.0..100.0f64) {
            let r = Reference::new(vals);
            let (lo, hi) = if x <= y { (x, y) } else { (y, x) };
            let (sl, sh) = (r.score(lo, Sense::Closer).unwrap(), r.score(hi, Sense::Closer).unwrap());
            prop_assert!(sl <= sh);
            prop_assert!((-1.0..=1.0).contains(&sl) && (-1.0..=1.0).contains(&sh));
            prop_assert_eq!(r.score(hi, Sense::Apart).unwrap(), -sh);
        }

        /// The distinct values with counts rank exactly as the full sorted list does
        /// (many ties, signed zeros, missing values).
        #[test]
        fn percentile_equals_the_full_list(vals in proptest::collection::vec(prop_oneof![
            (-3i32..4).prop_map(|i| f64::from(i) * 0.5),
            Just(-0.0f64),
            Just(f64::NAN),
        ], 0..60), q in prop_oneof![(-4i32..5).prop_map(|i| f64::from(i) * 0.25), Just(-0.0f64), Just(f64::NAN)]) {
            let r = Reference::new(vals.iter().copied());
            let mut full: Vec<f64> = vals.iter().copied().filter(|v| !v.is_nan()).collect();
            full.sort_by(f64::total_cmp);
            let expected = (!full.is_empty() && !q.is_nan()).then(|| {
                let below = full.partition_point(|&x| x < q);
                let upto = full.partition_point(|&x| x <= q);
                (below as f64 + 0.5 * (upto - below) as f64) / full.len() as f64
            });
            prop_assert_eq!(r.len(), full.len());
            prop_assert_eq!(r.percentile(q), expected);
            let mut bytes = Vec::new();
            r.encode(&mut bytes);
            let (back, rest) = Reference::decode(&bytes).unwrap();
            prop_assert!(rest.is_empty());
            prop_assert_eq!(back, r);
        }
    }
}
