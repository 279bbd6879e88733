//! Alignment and intensity from the raw indicators (docs/index.md).
//!
//! **Alignment** (−1 … 1) is built from signed evidence only, each component on a
//! fixed scale that means the same in every year: UN voting ranked against the year's
//! dyads (κ and ideal-point distance: both are defined for almost every dyad, so the
//! rank says how close the pair votes compared with other pairs), the strongest
//! alliance obligation (0 … 1), the share of the recipient's arms imports (0 … 1),
//! sanctions (−1 when in force), a liquidity line (1 when in force) and the tone of
//! events (ranked among the dyads with events, shrunk toward 0 when there are few).
//! Components average within their dimension, dimensions average into M; hostility h
//! (0 … 1: disputes and armed conflict, fading over past years) then gates the whole:
//! alignment = (1 − h)·M − h, so that states fighting each other score near −1 whatever
//! else they share, and states at peace score M.
//!
//! **Intensity** (0 … 1) is how much two states have to do with each other: trade,
//! shared IGOs, arms volume, exercises and event volume, each as the dyad's standing
//! among the year's dyads that have any (0 for none), averaged within and across
//! dimensions. It says nothing about whether they are friends.
//!
//! A missing component (outside its dataset's years or coverage) drops out and the
//! weights are renormalised, never counted as 0; each component's contribution sums
//! to the score exactly.

use std::fmt;

use super::{DIMENSIONS, Dimension, N, Reference, Sense, at, str_eq};

/// The two scores.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Kind {
    Alignment,
    Intensity,
}

impl Kind {
    pub const ALL: [Kind; 2] = [Kind::Alignment, Kind::Intensity];

    pub fn name(self) -> &'static str {
        match self {
            Kind::Alignment => "alignment",
            Kind::Intensity => "intensity",
        }
    }

    /// The range of the score.
    pub fn range(self) -> (f64, f64) {
        match self {
            Kind::Alignment => (-1.0, 1.0),
            Kind::Intensity => (0.0, 1.0),
        }
    }

    fn position(self) -> usize {
        self as usize
    }
}

impl fmt::Display for Kind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// How a component's score comes from its raw indicator.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Transform {
    /// 2p − 1, p the mid-rank percentile among the year's dyads (negated for distances).
    Rank(Sense),
    /// The raw value as it is (already on 0 … 1).
    Level,
    /// The raw value as it is (already on −1 … 1).
    Signed,
    /// −1 when the raw count is above 0, else 0.
    Against,
    /// Tone of events: how each state ranks the pair's tone among its partners (−1 … 1),
    /// × n / (n + 20) for n events; 0 without events or without partners to rank
    /// against.
    Tone,
    /// 0 … 1: the standing among the year's dyads that have any; 0 for none.
    Volume,
    /// Hostility h, 0 … 1, gating the alignment: (1 − h)·M − h.
    Gate,
}

/// One component of a score.
#[derive(Clone, Copy, Debug)]
pub struct Component {
    pub key: &'static str,
    pub kind: Kind,
    pub dimension: Dimension,
    /// The raw indicator it is computed from (index into [`super::INDICATORS`]).
    pub raw: usize,
    pub transform: Transform,
    /// Default weight within its dimension (the gate's weight is not used).
    pub weight: f64,
    pub definition: &'static str,
}

/// Number of components.
pub const C: usize = 15;

/// Events added as neutral pseudo-events to the tone of a dyad's events, so that three
/// cooperative reports do not outrank two thousand.
pub const EVENT_PSEUDO_COUNT: f64 = 20.0;

const fn comp(
    key: &'static str,
    kind: Kind,
    dimension: Dimension,
    raw: &str,
    transform: Transform,
    definition: &'static str,
) -> Component {
    Component {
        key,
        kind,
        dimension,
        raw: at(raw),
        transform,
        weight: 1.0,
        definition,
    }
}

/// The components of both scores, alignment first.
pub const COMPONENTS: [Component; C] = [
    comp(
        "un_kappa",
        Kind::Alignment,
        Dimension::Diplomatic,
        "un_kappa",
        Transform::Rank(Sense::Closer),
        "UN voting, chance-corrected: κ ranked against the year's dyads, 2p − 1",
    ),
    comp(
        "un_partners",
        Kind::Alignment,
        Dimension::Diplomatic,
        "un_partner_rank",
        Transform::Signed,
        "UN voting relative to each state's usual partners: how each ranks the other among all its partners by κ, −1 … 1",
    ),
    comp(
        "ideal_closeness",
        Kind::Alignment,
        Dimension::Diplomatic,
        "ideal_distance",
        Transform::Rank(Sense::Apart),
        "UN ideal points: closeness ranked against the year's dyads, 2p − 1",
    ),
    comp(
        "alliance",
        Kind::Alignment,
        Dimension::Military,
        "alliance_level",
        Transform::Level,
        "the strongest alliance obligation in force, 0 … 1 (ATOP)",
    ),
    comp(
        "arms_supply",
        Kind::Alignment,
        Dimension::Military,
        "arms_share",
        Transform::Level,
        "the share of one side's arms imports supplied by the other over 5 years, 0 … 1 (SIPRI)",
    ),
    comp(
        "hostility",
        Kind::Alignment,
        Dimension::Military,
        "hostility",
        Transform::Gate,
        "disputes and armed conflict, fading over past years, 0 … 1 (COW MID to 2014, UCDP to 2024); gates the score: (1 − h)·M − h",
    ),
    comp(
        "sanctions",
        Kind::Alignment,
        Dimension::Economic,
        "sanctions",
        Transform::Against,
        "−1 when a sanction case is in force in either direction, else 0 (GSDB)",
    ),
    comp(
        "liquidity_line",
        Kind::Alignment,
        Dimension::Economic,
        "liquidity_line",
        Transform::Level,
        "1 when a central-bank liquidity line between them is in force, else 0 (Bahaj–Fuchs–Reis)",
    ),
    comp(
        "event_tone",
        Kind::Alignment,
        Dimension::Events,
        "event_partner_rank",
        Transform::Tone,
        "tone of events relative to each state's usual partners (−1 … 1), × n/(n + 20) for n events; 0 without events (ICEWS)",
    ),
    comp(
        "igo_volume",
        Kind::Intensity,
        Dimension::Diplomatic,
        "shared_igos",
        Transform::Volume,
        "shared IGOs: standing among the year's dyads with any, 0 … 1",
    ),
    comp(
        "arms_volume",
        Kind::Intensity,
        Dimension::Military,
        "arms_tiv",
        Transform::Volume,
        "arms delivered (TIV): standing among the year's dyads with any, 0 … 1",
    ),
    comp(
        "exercise_volume",
        Kind::Intensity,
        Dimension::Military,
        "joint_exercises",
        Transform::Volume,
        "joint exercises (MME): standing among the year's dyads with any, 0 … 1",
    ),
    comp(
        "trade_volume",
        Kind::Intensity,
        Dimension::Economic,
        "trade_volume",
        Transform::Volume,
        "goods trade: standing among the year's dyads with any, 0 … 1",
    ),
    comp(
        "trade_dependence",
        Kind::Intensity,
        Dimension::Economic,
        "trade_dependence",
        Transform::Volume,
        "trade dependence: standing among the year's dyads with any, 0 … 1",
    ),
    comp(
        "event_volume",
        Kind::Intensity,
        Dimension::Events,
        "event_volume",
        Transform::Volume,
        "events reported between them: standing among the year's dyads with any, 0 … 1",
    ),
];

/// Position of a component by key.
pub fn component(key: &str) -> Option<usize> {
    COMPONENTS.iter().position(|c| c.key == key)
}

/// The position of a component known at compile time.
pub const fn component_at(key: &str) -> usize {
    let mut i = 0;
    while i < C {
        if str_eq(COMPONENTS[i].key, key) {
            return i;
        }
        i += 1;
    }
    panic!("unknown component key")
}

/// The hostility gate's position.
pub const GATE: usize = component_at("hostility");

/// Dimension and component weights (non-negative) and the coverage rule.
#[derive(Clone, Debug, PartialEq)]
pub struct Weights {
    /// Relative weights of the four dimensions (both scores).
    pub dimension: [f64; 4],
    /// Relative weights of the components within their dimension.
    pub component: [f64; C],
    /// Smallest share of the nominal weight that must be present for a score (0–1).
    pub min_coverage: f64,
}

impl Default for Weights {
    fn default() -> Self {
        Weights {
            dimension: [1.0; 4],
            component: COMPONENTS.map(|c| c.weight),
            min_coverage: 0.25,
        }
    }
}

impl Weights {
    /// Sets one weight by name: a dimension name or a component key.
    pub fn set(&mut self, key: &str, value: f64) -> Result<(), crate::measures::UnknownName> {
        if !(value.is_finite() && value >= 0.0) {
            return Err(crate::measures::UnknownName(format!(
                "weight of '{key}' must be a non-negative number, found {value}"
            )));
        }
        if let Some(d) = DIMENSIONS.iter().position(|d| d.name() == key) {
            self.dimension[d] = value;
        } else if let Some(i) = component(key) {
            self.component[i] = value;
        } else {
            let known: Vec<&str> = DIMENSIONS
                .iter()
                .map(|d| d.name())
                .chain(COMPONENTS.iter().map(|c| c.key))
                .collect();
            return Err(crate::measures::UnknownName(format!(
                "unknown weight '{key}'; known: {}",
                known.join(", ")
            )));
        }
        Ok(())
    }

    /// Whether component `k` takes part in its score's average.
    fn averaged(&self, k: usize) -> bool {
        k != GATE && self.component[k] > 0.0
    }

    fn within_total(&self, kind: Kind, d: Dimension) -> f64 {
        (0..C)
            .filter(|&k| {
                COMPONENTS[k].kind == kind && COMPONENTS[k].dimension == d && self.averaged(k)
            })
            .map(|k| self.component[k])
            .sum()
    }

    /// The nominal weight of each component in its score when all are present:
    /// dimension share × share within the dimension (sums to 1 per score; the gate 0).
    pub fn nominal(&self) -> [f64; C] {
        let mut out = [0.0; C];
        for kind in Kind::ALL {
            let dim_total: f64 = DIMENSIONS
                .iter()
                .filter(|d| self.within_total(kind, **d) > 0.0)
                .map(|d| self.dimension[d.position()])
                .sum();
            for (k, c) in COMPONENTS.iter().enumerate() {
                let within = self.within_total(kind, c.dimension);
                if c.kind == kind && self.averaged(k) && within > 0.0 && dim_total > 0.0 {
                    out[k] = self.dimension[c.dimension.position()] / dim_total * self.component[k]
                        / within;
                }
            }
        }
        out
    }
}

/// The component scores of one dyad-year from its raw indicators and the year's
/// references (NaN = missing).
pub fn components(raw: &[f64; N], refs: &[Reference]) -> [f64; C] {
    std::array::from_fn(|k| {
        let c = &COMPONENTS[k];
        let v = raw[c.raw];
        let r = &refs[c.raw];
        let s = match c.transform {
            Transform::Rank(sense) => r.score(v, sense),
            Transform::Level | Transform::Gate => (!v.is_nan()).then(|| v.clamp(0.0, 1.0)),
            Transform::Signed => (!v.is_nan()).then(|| v.clamp(-1.0, 1.0)),
            Transform::Against => (!v.is_nan()).then(|| if v > 0.0 { -1.0 } else { 0.0 }),
            Transform::Volume => r.positive_percentile(v),
            Transform::Tone => {
                let n = raw[const { at("event_volume") }];
                if n.is_nan() {
                    None
                } else if n <= 0.0 || v.is_nan() {
                    // No events, or no partner to compare them with: no evidence.
                    Some(0.0)
                } else {
                    Some(v.clamp(-1.0, 1.0) * n / (n + EVENT_PSEUDO_COUNT))
                }
            }
        };
        s.unwrap_or(f64::NAN)
    })
}

/// One score of a dyad-year.
#[derive(Clone, Debug, PartialEq)]
pub struct Score {
    /// The score (None: the coverage rule is not met).
    pub value: Option<f64>,
    /// Each dimension's average of its components (alignment: before the gate).
    pub dimensions: [Option<f64>; 4],
    /// Each component's contribution (None: missing, weight 0 or the other score's);
    /// they sum to `value` exactly.
    pub contributions: [Option<f64>; C],
    /// Share of the nominal weight present, 0–1.
    pub coverage: f64,
    /// Why there is no value (None when there is one).
    pub missing: Option<&'static str>,
}

/// Both scores of a dyad-year.
#[derive(Clone, Debug, PartialEq)]
pub struct Scores {
    pub alignment: Score,
    pub intensity: Score,
}

impl Scores {
    pub fn get(&self, kind: Kind) -> &Score {
        match kind {
            Kind::Alignment => &self.alignment,
            Kind::Intensity => &self.intensity,
        }
    }
}

/// Combines component scores (NaN = missing) into one score.
pub fn score(s: &[f64; C], kind: Kind, w: &Weights) -> Score {
    let mut dims = [None; 4];
    let mut within = [0.0; 4];
    let mine = |k: usize| COMPONENTS[k].kind == kind && w.averaged(k) && !s[k].is_nan();
    for d in DIMENSIONS {
        let (mut num, mut den) = (0.0, 0.0);
        for k in (0..C).filter(|&k| mine(k) && COMPONENTS[k].dimension == d) {
            num += w.component[k] * s[k];
            den += w.component[k];
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
    // 0.0 + …: an empty sum is −0.0, which would print as "-0.000".
    let coverage = (0.0 + (0..C).filter(|&k| mine(k)).map(|k| nominal[k]).sum::<f64>()).min(1.0);
    let present = (0..C).filter(|&k| mine(k)).count();
    let dims_present = dims.iter().filter(|d| d.is_some()).count();
    let mut contributions = [None; C];
    let mut total = 0.0;
    if dim_den > 0.0 {
        for k in (0..C).filter(|&k| mine(k)) {
            let p = COMPONENTS[k].dimension.position();
            let c = w.dimension[p] / dim_den * w.component[k] / within[p] * s[k];
            contributions[k] = Some(c);
            total += c;
        }
    }
    let gate = s[GATE];
    let missing = match kind {
        _ if dim_den == 0.0 => Some("no component present"),
        Kind::Alignment if gate.is_nan() => {
            Some("no hostility evidence (disputes or armed conflict) in force")
        }
        Kind::Alignment if dims[Dimension::Diplomatic.position()].is_none() && dims_present < 2 => {
            Some("needs UN voting or two dimensions of evidence")
        }
        Kind::Intensity if present < 2 => Some("needs at least two components"),
        _ if coverage + 1e-12 < w.min_coverage => Some("coverage below the minimum"),
        _ => None,
    };
    let mut value = None;
    if missing.is_none() {
        if kind == Kind::Alignment {
            let h = gate.clamp(0.0, 1.0);
            for c in contributions.iter_mut().flatten() {
                *c *= 1.0 - h;
            }
            contributions[GATE] = Some(-h);
            total = (1.0 - h) * total - h;
        }
        value = Some(total);
    }
    Score {
        value,
        dimensions: dims,
        contributions,
        coverage,
        missing,
    }
}

/// Both scores of one dyad-year from its raw indicators.
pub fn scores(raw: &[f64; N], refs: &[Reference], w: &Weights) -> Scores {
    let s = components(raw, refs);
    Scores {
        alignment: score(&s, Kind::Alignment, w),
        intensity: score(&s, Kind::Intensity, w),
    }
}

/// The sampling uncertainty of one dyad-year's raw indicators (docs/index.md): UN κ
/// from a roll-call bootstrap, ideal-point distance from normal draws of the two
/// positions, the tone of events from the binomial sampling error of the cooperative
/// share (ranked against both states' other partners as they are). Record-based indicators (alliances, arms, trade, sanctions …) are held fixed.
#[derive(Clone, Debug, Default)]
pub struct Sampling {
    /// UN κ in each roll-call bootstrap replicate (empty: held fixed).
    pub un_kappa: Vec<f64>,
    /// The two ideal points and their standard deviations.
    pub ideal: Option<[(f64, f64); 2]>,
    /// The pair's events and both states' tone with their other partners.
    pub tone: Option<ToneSampling>,
}

/// What the tone of a pair's events is ranked against, for resampling it.
#[derive(Clone, Debug)]
pub struct ToneSampling {
    /// Cooperative events and all events (cooperative + conflictual) of the pair.
    pub cooperative: u32,
    pub total: u32,
    /// Net cooperation of each state with its partners (this pair included).
    pub of_a: Vec<f64>,
    pub of_b: Vec<f64>,
}

impl ToneSampling {
    /// The partner rank of one draw of the pair's cooperative share (binomial sampling
    /// error, normal approximation).
    fn draw(&self, rng: &mut impl rand::RngExt) -> Option<f64> {
        if self.total == 0 {
            return None;
        }
        let n = f64::from(self.total);
        let p = f64::from(self.cooperative) / n;
        let d = (p + (p * (1.0 - p) / n).sqrt() * normal(rng)).clamp(0.0, 1.0);
        let rank = partner_rank(&self.of_a, &self.of_b, 2.0 * d - 1.0);
        (!rank.is_nan()).then_some(rank)
    }
}

/// How two states rank a value of their pair among their partners: p_a + p_b − 1,
/// with p the mid-rank percentile of `value` among each state's values with all its
/// partners. −1 … 1; NaN when a list is empty.
pub fn partner_rank(of_a: &[f64], of_b: &[f64], value: f64) -> f64 {
    rank_of_pair(of_a, of_b, |list| {
        let below = list.iter().filter(|&&x| x < value).count();
        (below, below + list.iter().filter(|&&x| x == value).count())
    })
}

/// [`partner_rank`] over lists sorted ascending (no NaN), by binary search: the same
/// value for many dyads of one year in log time.
pub fn partner_rank_sorted(of_a: &[f64], of_b: &[f64], value: f64) -> f64 {
    rank_of_pair(of_a, of_b, |list| {
        (
            list.partition_point(|&x| x < value),
            list.partition_point(|&x| x <= value),
        )
    })
}

/// p_a + p_b − 1 from each list's count of values below and up to the pair's value.
fn rank_of_pair(of_a: &[f64], of_b: &[f64], counts: impl Fn(&[f64]) -> (usize, usize)) -> f64 {
    if of_a.is_empty() || of_b.is_empty() {
        return f64::NAN;
    }
    let p = |list: &[f64]| {
        let (below, upto) = counts(list);
        (below as f64 + 0.5 * (upto - below) as f64) / list.len() as f64
    };
    p(of_a) + p(of_b) - 1.0
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

/// Bootstrap intervals of both scores at `boot.level` from `boot.reps` replicates of
/// the raw values, each scored against the year's references. Seeded by
/// (boot.seed, year); a score's interval is None when fewer than half the replicates
/// give it.
pub fn interval(
    raw: &[f64; N],
    sampling: &Sampling,
    refs: &[Reference],
    w: &Weights,
    boot: &crate::agreement::Bootstrap,
    year: i32,
) -> [Option<(f64, f64)>; 2] {
    use rand::SeedableRng;
    let (reps, seed, level) = (boot.reps, boot.seed, boot.level);
    let mut rng = rand::rngs::StdRng::seed_from_u64(mix(seed ^ mix(year as u64 ^ 0x1dec)));
    let (kappa, ideal_k) = (const { at("un_kappa") }, const { at("ideal_distance") });
    let mut values = [Vec::with_capacity(reps), Vec::with_capacity(reps)];
    for r in 0..reps {
        let mut x = *raw;
        if let Some(v) = sampling.un_kappa.get(r) {
            x[kappa] = *v;
        }
        if let Some([(xa, sa), (xb, sb)]) = sampling.ideal {
            x[ideal_k] = ((xa + sa * normal(&mut rng)) - (xb + sb * normal(&mut rng))).abs();
        }
        if let Some(tone) = &sampling.tone
            && let Some(v) = tone.draw(&mut rng)
        {
            x[const { at("event_partner_rank") }] = v;
        }
        let s = components(&x, refs);
        for kind in Kind::ALL {
            if let Some(v) = score(&s, kind, w).value {
                values[kind.position()].push(v);
            }
        }
    }
    let tail = (1.0 - level) / 2.0;
    values.map(|mut v| {
        if v.len() * 2 < reps.max(1) {
            return None;
        }
        v.sort_by(f64::total_cmp);
        Some((
            crate::agreement::quantile(&v, tail),
            crate::agreement::quantile(&v, 1.0 - tail),
        ))
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::index::INDICATORS;
    use proptest::prelude::*;

    fn k(key: &str) -> usize {
        component(key).unwrap()
    }

    #[test]
    fn components_read_their_raw_indicator() {
        for c in &COMPONENTS {
            assert!(c.raw < N, "{}", c.key);
        }
        assert_eq!(INDICATORS[COMPONENTS[GATE].raw].key, "hostility");
        let keys: std::collections::HashSet<&str> = COMPONENTS.iter().map(|c| c.key).collect();
        assert_eq!(keys.len(), C, "component keys are unique");
    }

    #[test]
    fn hostility_gates_the_alignment() {
        let w = Weights::default();
        let mut s = [f64::NAN; C];
        s[k("un_kappa")] = 0.8;
        s[k("ideal_closeness")] = 0.6;
        s[k("alliance")] = 1.0;
        s[k("sanctions")] = 0.0;
        s[GATE] = 0.0;
        let peace = score(&s, Kind::Alignment, &w);
        // Diplomatic 0.7, military 1.0, economic 0.0: M = 1.7 / 3.
        let m = 1.7 / 3.0;
        assert!((peace.value.unwrap() - m).abs() < 1e-12);
        s[GATE] = 1.0;
        let war = score(&s, Kind::Alignment, &w);
        assert!((war.value.unwrap() + 1.0).abs() < 1e-12);
        s[GATE] = 0.5;
        let half = score(&s, Kind::Alignment, &w);
        assert!((half.value.unwrap() - (0.5 * m - 0.5)).abs() < 1e-12);
        let sum: f64 = half.contributions.iter().flatten().sum();
        assert!((sum - half.value.unwrap()).abs() < 1e-12);
        // Without hostility evidence there is no alignment.
        s[GATE] = f64::NAN;
        let none = score(&s, Kind::Alignment, &w);
        assert_eq!(none.value, None);
        assert!(none.missing.unwrap().contains("hostility"));
    }

    #[test]
    fn intensity_needs_two_components() {
        let w = Weights::default();
        let mut s = [f64::NAN; C];
        s[k("arms_volume")] = 0.9;
        let one = score(&s, Kind::Intensity, &w);
        assert_eq!(one.value, None);
        assert_eq!(one.missing, Some("needs at least two components"));
        s[k("trade_volume")] = 0.5;
        s[k("trade_dependence")] = 0.3;
        let two = score(&s, Kind::Intensity, &w);
        // Military 0.9, economic 0.4.
        assert!((two.value.unwrap() - 0.65).abs() < 1e-12);
        // Arms 1/4 × 1/2, trade 1/4 of the nominal weight.
        assert!((two.coverage - 0.375).abs() < 1e-12);
    }

    #[test]
    fn components_on_fixed_scales() {
        let refs: Vec<Reference> = (0..N)
            .map(|_| Reference::new([0.0, 0.0, 1.0, 2.0, 3.0]))
            .collect();
        let mut raw = [f64::NAN; N];
        raw[at("sanctions")] = 2.0;
        raw[at("liquidity_line")] = 1.0;
        raw[at("trade_volume")] = 0.0;
        raw[at("event_volume")] = 0.0;
        let s = components(&raw, &refs);
        assert_eq!(s[k("sanctions")], -1.0);
        assert_eq!(s[k("liquidity_line")], 1.0);
        assert_eq!(s[k("trade_volume")], 0.0);
        assert_eq!(
            s[k("event_tone")],
            0.0,
            "no events: a neutral tone, not missing"
        );
        assert!(s[k("alliance")].is_nan());
        raw[at("event_volume")] = 20.0;
        raw[at("event_partner_rank")] = 0.8;
        let s = components(&raw, &refs);
        // Halved by 20 / (20 + 20).
        assert!((s[k("event_tone")] - 0.4).abs() < 1e-12);
    }

    #[test]
    fn weights_by_name() {
        let mut w = Weights::default();
        w.set("economic", 2.0).unwrap();
        w.set("ideal_closeness", 0.0).unwrap();
        assert_eq!(w.dimension[2], 2.0);
        assert!(
            w.set("trade", 1.0)
                .unwrap_err()
                .0
                .contains("unknown weight 'trade'")
        );
        assert!(w.set("un_kappa", -1.0).is_err());
        let nominal = w.nominal();
        for kind in Kind::ALL {
            let sum: f64 = (0..C)
                .filter(|&i| COMPONENTS[i].kind == kind)
                .map(|i| nominal[i])
                .sum();
            assert!((sum - 1.0).abs() < 1e-12, "{kind}");
        }
        assert_eq!(nominal[GATE], 0.0);
    }

    fn arb_components() -> impl Strategy<Value = [f64; C]> {
        proptest::collection::vec(prop_oneof![Just(f64::NAN), -1.0..=1.0f64], C).prop_map(|v| {
            std::array::from_fn(|i| {
                let x = v[i];
                match COMPONENTS[i].transform {
                    Transform::Gate | Transform::Volume | Transform::Level => x.abs(),
                    _ => x,
                }
            })
        })
    }

    proptest! {
        /// Sorted lists and binary search rank a value exactly as the counts do (ties,
        /// both zeros, empty lists).
        #[test]
        fn partner_rank_sorted_equals_the_counts(
            a in proptest::collection::vec(prop_oneof![(-4i32..5).prop_map(|i| f64::from(i) * 0.25), Just(-0.0f64)], 0..30),
            b in proptest::collection::vec(prop_oneof![(-4i32..5).prop_map(|i| f64::from(i) * 0.25), Just(-0.0f64)], 0..30),
            v in prop_oneof![(-5i32..6).prop_map(|i| f64::from(i) * 0.25), Just(-0.0f64)],
        ) {
            let (mut sa, mut sb) = (a.clone(), b.clone());
            sa.sort_unstable_by(f64::total_cmp);
            sb.sort_unstable_by(f64::total_cmp);
            prop_assert_eq!(
                partner_rank_sorted(&sa, &sb, v).to_bits(),
                partner_rank(&a, &b, v).to_bits()
            );
        }

        #[test]
        fn scores_are_bounded_and_explained(s in arb_components(), dw in proptest::collection::vec(0.0..3.0f64, 4)) {
            let mut w = Weights { min_coverage: 0.0, ..Weights::default() };
            for (d, v) in DIMENSIONS.iter().zip(&dw) {
                w.set(d.name(), *v).unwrap();
            }
            for kind in Kind::ALL {
                let sc = score(&s, kind, &w);
                let (lo, hi) = kind.range();
                if let Some(v) = sc.value {
                    prop_assert!((lo - 1e-12..=hi + 1e-12).contains(&v));
                    let sum: f64 = sc.contributions.iter().flatten().sum();
                    prop_assert!((sum - v).abs() < 1e-9);
                    prop_assert!(sc.missing.is_none());
                } else {
                    prop_assert!(sc.missing.is_some());
                }
                prop_assert!((0.0..=1.0).contains(&sc.coverage));
            }
        }

        /// More hostility never raises the alignment.
        #[test]
        fn hostility_only_lowers(s in arb_components(), h1 in 0.0..=1.0f64, h2 in 0.0..=1.0f64) {
            let w = Weights { min_coverage: 0.0, ..Weights::default() };
            let (lo, hi) = if h1 <= h2 { (h1, h2) } else { (h2, h1) };
            let (mut a, mut b) = (s, s);
            a[GATE] = lo;
            b[GATE] = hi;
            if let (Some(x), Some(y)) = (score(&a, Kind::Alignment, &w).value, score(&b, Kind::Alignment, &w).value) {
                prop_assert!(y <= x + 1e-12);
            }
        }
    }
}
