//! The relationship scores of a dyad-year (docs/index.md): **alignment** (−1 … 1, do
//! they stand together or against each other?) and **intensity** (0 … 1, how much do
//! they have to do with each other?), kept apart so that volume is never read as
//! closeness.
//!
//! This module holds the raw indicators (what the datasets say about a dyad-year, in
//! their own units) and the yearly reference distributions the scores rank against;
//! [`score`](mod@score) turns raw indicators into the two scores with contributions and coverage.

pub mod profile;
pub mod score;

use std::fmt;

pub use score::{
    C, COMPONENTS, Component, GATE, Kind, Sampling, Score, Scores, ToneSampling, Transform,
    Weights, component, components, interval, partner_rank, partner_rank_sorted, score, scores,
};

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

/// One raw indicator: a value of the dyad-year in its own units, the same for (a, b)
/// and (b, a). Raw indicators are shown as evidence; [`COMPONENTS`] say how each enters
/// a score.
#[derive(Clone, Copy, Debug)]
pub struct Indicator {
    pub key: &'static str,
    pub dimension: Dimension,
    pub definition: &'static str,
}

/// Number of raw indicators.
pub const N: usize = 23;

const fn ind(key: &'static str, dimension: Dimension, definition: &'static str) -> Indicator {
    Indicator {
        key,
        dimension,
        definition,
    }
}

/// The raw indicators, in output order.
pub const INDICATORS: [Indicator; N] = [
    ind(
        "un_agree",
        Dimension::Diplomatic,
        "UN General Assembly agreement: share of joint roll calls with identical votes (yes/no/abstain; ≥ 10 joint votes)",
    ),
    ind(
        "un_kappa",
        Dimension::Diplomatic,
        "Cohen's κ of the two states' General Assembly votes: agreement corrected for what their own vote shares make expected by chance (≥ 10 joint votes)",
    ),
    ind(
        "un_partner_rank",
        Dimension::Diplomatic,
        "how each ranks the other among its partners by κ: p_a(b) + p_b(a) − 1, −1 … 1 (p: the other's mid-rank percentile among all the state's partners that year; 0 = each is the other's median partner)",
    ),
    ind(
        "ideal_distance",
        Dimension::Diplomatic,
        "distance between the two UN ideal points |θa − θb|",
    ),
    ind(
        "shared_igos",
        Dimension::Diplomatic,
        "IGOs in which both are full members (COW IGO v3)",
    ),
    ind(
        "alliance_obligations",
        Dimension::Military,
        "ATOP obligation types in force in either direction, 0–5 (defense, offense, neutrality, non-aggression, consultation)",
    ),
    ind(
        "alliance_level",
        Dimension::Military,
        "the strongest ATOP obligation in force in either direction: defense or offense 1, neutrality 0.6, non-aggression or consultation 0.4, none 0; after ATOP's last year (2018) the obligations in force then, for up to 6 years",
    ),
    ind(
        "cow_alliance_types",
        Dimension::Military,
        "COW alliance types in force, 0–4 (defense, neutrality, non-aggression, entente)",
    ),
    ind(
        "arms_tiv",
        Dimension::Military,
        "major conventional arms delivered in both directions, SIPRI TIV millions (dyad-year table, 2021 vintage)",
    ),
    ind(
        "arms_share",
        Dimension::Military,
        "the larger of the two shares: arms one side delivered to the other over the last 5 years / all the recipient's arms imports then (SIPRI TIV, 0–1)",
    ),
    ind(
        "joint_exercises",
        Dimension::Military,
        "multinational military exercises with both (MME v7)",
    ),
    ind(
        "jme_exercises",
        Dimension::Military,
        "joint military exercises with both (JME v3)",
    ),
    ind(
        "dispute_hostility",
        Dimension::Military,
        "highest hostility level of militarized disputes between them this year, 0 (none) – 5 (war) (COW MID, to 2014)",
    ),
    ind(
        "armed_conflict",
        Dimension::Military,
        "armed conflict between them this year (UCDP, ≥ 25 battle deaths): 0 none, 1 one side's troops supported the other's opponent, 2 both warring parties (25–999 deaths), 3 both warring parties (1,000 or more)",
    ),
    ind(
        "hostility",
        Dimension::Military,
        "hostility 0–1: the strongest of this and the past 10 years' disputes and armed conflicts, each fading with a half-life of 3 years (MID threat 0.2, display 0.4, use of force 0.6, war 1, a third of that when unreciprocated; UCDP troops supporting the other's opponent 0.6, warring parties 0.8, with 1,000 deaths 1)",
    ),
    ind(
        "trade_volume",
        Dimension::Economic,
        "goods trade in both directions, US$ millions (IMF DOTS, importer's report first)",
    ),
    ind(
        "trade_dependence",
        Dimension::Economic,
        "mean of each side's dependence: dyad trade / the side's total trade",
    ),
    ind(
        "sanctions",
        Dimension::Economic,
        "GSDB sanction cases in force in either direction (groups expanded to member states); after GSDB's last year (2022) the cases ongoing then, for up to 6 years",
    ),
    ind(
        "liquidity_line",
        Dimension::Economic,
        "a central-bank liquidity (swap or repo) line between them in force this year, 1 or 0 (Bahaj–Fuchs–Reis; euro-area lines to every member)",
    ),
    ind(
        "chinese_finance",
        Dimension::Economic,
        "Chinese official finance committed, US$ millions (AidData; dyads of China with recipients AidData covers)",
    ),
    ind(
        "net_cooperation",
        Dimension::Events,
        "ICEWS events in both directions: (cooperative − conflictual) / all events, −1 … 1 (missing without events)",
    ),
    ind(
        "event_partner_rank",
        Dimension::Events,
        "how the tone of their events ranks among each state's partners: p_a(b) + p_b(a) − 1, −1 … 1 (p: mid-rank percentile of the pair's net cooperation among the state's partners with at least 20 events)",
    ),
    ind(
        "event_volume",
        Dimension::Events,
        "ICEWS events in both directions (count)",
    ),
];

/// Position of a raw indicator by key.
pub fn indicator(key: &str) -> Option<usize> {
    INDICATORS.iter().position(|i| i.key == key)
}

/// The position of a raw indicator known at compile time: `const { at("un_agree") }`
/// costs nothing at run time (an unknown key fails the build).
pub const fn at(key: &str) -> usize {
    let mut i = 0;
    while i < INDICATORS.len() {
        if str_eq(INDICATORS[i].key, key) {
            return i;
        }
        i += 1;
    }
    panic!("unknown indicator key")
}

/// `a == b` in a const context.
pub(crate) const fn str_eq(a: &str, b: &str) -> bool {
    let (a, b) = (a.as_bytes(), b.as_bytes());
    if a.len() != b.len() {
        return false;
    }
    let mut j = 0;
    while j < a.len() {
        if a[j] != b[j] {
            return false;
        }
        j += 1;
    }
    true
}

/// Net cooperation of events: (cooperative − conflictual) / all, −1 … 1 (None without
/// events).
pub fn net_cooperation(cooperative: u32, total: u32) -> Option<f64> {
    let conflictual = total.saturating_sub(cooperative);
    (total > 0).then(|| (f64::from(cooperative) - f64::from(conflictual)) / f64::from(total))
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
        // Sorted as integers in `f64::total_cmp` order (that order's own key: flip the
        // magnitude bits of negative numbers); equal keys are the same bits.
        let key = |bits: u64| bits ^ ((((bits as i64) >> 63) as u64) >> 1);
        let mut sorted: Vec<i64> = values
            .into_iter()
            .filter(|v| !v.is_nan())
            .map(|v| key(v.to_bits()) as i64)
            .collect();
        sorted.sort_unstable();
        let mut r = Reference::default();
        let mut last = None;
        for (i, &k) in sorted.iter().enumerate() {
            if last == Some(k) {
                *r.ends.last_mut().expect("a value") = i as u32 + 1;
            } else {
                // The key of a key is the number's bits again.
                r.values.push(f64::from_bits(key(k as u64)));
                r.ends.push(i as u32 + 1);
                last = Some(k);
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

    /// Standing of `v` among the reference's positive values, 0 … 1: 0 for `v` ≤ 0
    /// (nothing), else the mid-rank percentile among the values above 0. None when `v`
    /// is missing; 1 when no other value is positive.
    pub fn positive_percentile(&self, v: f64) -> Option<f64> {
        if v.is_nan() {
            return None;
        }
        if v <= 0.0 {
            return Some(0.0);
        }
        let count = |i: usize| if i == 0 { 0 } else { self.ends[i - 1] };
        let nonpositive = count(self.values.partition_point(|&x| x <= 0.0));
        let below = count(self.values.partition_point(|&x| x < v)) - nonpositive;
        let upto = count(self.values.partition_point(|&x| x <= v)) - nonpositive;
        let n = self.len() as u32 - nonpositive;
        if n == 0 {
            return Some(1.0);
        }
        Some(((f64::from(below) + 0.5 * f64::from(upto - below)) / f64::from(n)).min(1.0))
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
    /// `values[d][k]`: indicator k of dyad d (NaN = missing).
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

/// How well a score separates two groups: the probability that a random member of
/// `high` scores above a random member of `low`, ties counting one half (the area under
/// the ROC curve, Mann–Whitney). 0.5 is chance; None when a group is empty.
pub fn auc(low: &[f64], high: &[f64]) -> Option<f64> {
    if low.is_empty() || high.is_empty() {
        return None;
    }
    let mut sorted = low.to_vec();
    sorted.sort_by(f64::total_cmp);
    let mut wins = 0.0;
    for &h in high {
        let below = sorted.partition_point(|&x| x < h);
        let upto = sorted.partition_point(|&x| x <= h);
        wins += below as f64 + 0.5 * (upto - below) as f64;
    }
    Some(wins / (low.len() as f64 * high.len() as f64))
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
    fn auc_counts_pairs_and_ties() {
        assert_eq!(auc(&[0.0, 1.0], &[2.0, 3.0]), Some(1.0));
        assert_eq!(auc(&[2.0, 3.0], &[0.0, 1.0]), Some(0.0));
        assert_eq!(auc(&[1.0], &[1.0]), Some(0.5));
        // 2 of 4 pairs above, 1 tie.
        assert_eq!(auc(&[1.0, 3.0], &[1.0, 4.0]), Some((2.0 + 0.5) / 4.0));
        assert_eq!(auc(&[], &[1.0]), None);
    }

    #[test]
    fn positive_percentile_puts_nothing_at_zero() {
        let r = Reference::new([0.0, 0.0, 0.0, 1.0, 2.0, 2.0, 5.0]);
        assert_eq!(r.positive_percentile(0.0), Some(0.0));
        assert_eq!(r.positive_percentile(f64::NAN), None);
        assert!((r.positive_percentile(1.0).unwrap() - 0.125).abs() < 1e-12);
        assert!((r.positive_percentile(2.0).unwrap() - 0.5).abs() < 1e-12);
        assert!((r.positive_percentile(5.0).unwrap() - 0.875).abs() < 1e-12);
        assert_eq!(r.positive_percentile(9.0), Some(1.0));
        assert_eq!(Reference::new([0.0]).positive_percentile(3.0), Some(1.0));
    }

    proptest! {
        #[test]
        fn scores_are_bounded_and_monotone(vals in proptest::collection::vec(0.0..100.0f64, 1..50), x in 0.0..100.0f64, y in 0.0..100.0f64) {
            let r = Reference::new(vals);
            let (lo, hi) = if x <= y { (x, y) } else { (y, x) };
            let (sl, sh) = (r.score(lo, Sense::Closer).unwrap(), r.score(hi, Sense::Closer).unwrap());
            prop_assert!(sl <= sh);
            prop_assert!((-1.0..=1.0).contains(&sl) && (-1.0..=1.0).contains(&sh));
            prop_assert_eq!(r.score(hi, Sense::Apart).unwrap(), -sh);
        }

        /// The distinct values and their counts are those of the list sorted by
        /// `f64::total_cmp` (any finite or infinite value, both zeros).
        #[test]
        fn distinct_values_follow_total_order(vals in proptest::collection::vec(prop_oneof![
            proptest::num::f64::ANY,
            Just(-0.0f64),
            Just(0.0f64),
            Just(f64::NEG_INFINITY),
            (-3i32..4).prop_map(f64::from),
        ], 0..80)) {
            let r = Reference::new(vals.iter().copied());
            let mut full: Vec<f64> = vals.iter().copied().filter(|v| !v.is_nan()).collect();
            full.sort_by(f64::total_cmp);
            let mut values: Vec<u64> = Vec::new();
            let mut ends = Vec::new();
            for (i, v) in full.iter().enumerate() {
                if values.last() == Some(&v.to_bits()) {
                    *ends.last_mut().unwrap() = i as u32 + 1;
                } else {
                    values.push(v.to_bits());
                    ends.push(i as u32 + 1);
                }
            }
            prop_assert_eq!(r.values.iter().map(|v| v.to_bits()).collect::<Vec<_>>(), values);
            prop_assert_eq!(r.ends, ends);
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
