//! A dyad's scores over years: the raw indicators of every dyad of each year (UN votes
//! and ideal points here, the tie datasets through [`Ties`]), scored against the year's
//! references and bootstrapped. Shared by `entente profile`, the brief and the dashboard.

use std::collections::HashMap;

use rayon::prelude::*;

use super::score::EVENT_PSEUDO_COUNT;
use super::{
    C, Kind, N, Sampling, Scores, ToneSampling, Weights, YearPanel, YearReferences, at, components,
    interval, partner_rank, partner_rank_sorted, score,
};
use crate::Registry;
use crate::agreement::{Block, Bootstrap};
use crate::measures::Measure;

/// Years whose panels [`Inputs::references`] computes together.
const PANEL_YEARS: usize = 8;

/// Fewest joint roll calls for UN agreement to count.
pub const MIN_JOINT_VOTES: u32 = 10;

/// The tie datasets per dyad-year (implemented over the readers in entente-sources).
pub trait Ties: Sync {
    /// Raw indicator values from the tie datasets (NaN = missing; the UN indicators are
    /// filled in here and ignored there).
    fn values(&self, a: u16, b: u16, year: i32) -> [f64; N];
    /// Cooperative and all events of the dyad-year, both directions (None: not covered).
    fn events(&self, a: u16, b: u16, year: i32) -> Option<(u32, u32)>;
}

/// Everything a profile is computed from.
pub struct Inputs<'a> {
    pub registry: &'a Registry,
    /// General Assembly roll calls per session year.
    pub blocks: HashMap<i32, &'a Block>,
    /// Ideal point (θ, 5%, 95%) by (COW code, year).
    pub ideal: &'a HashMap<(u16, i32), (f64, f64, f64)>,
    pub ties: &'a dyn Ties,
    /// The yearly references computed before (from the derived cache); years not held
    /// are computed from their panel.
    pub references: Option<&'a YearReferences>,
}

/// A state's values with all its partners that the partner ranks compare against.
struct PartnerLists {
    /// κ with every partner with enough joint votes.
    kappa: Vec<f64>,
    /// Net cooperation with every partner with at least `EVENT_PSEUDO_COUNT` events.
    tone: Vec<f64>,
}

/// A pair's place in a year's block of roll calls.
struct Un<'b> {
    block: Option<&'b Block>,
    i: Option<usize>,
    j: Option<usize>,
}

/// One year of a dyad's profile.
#[derive(Clone, Debug)]
pub struct ProfileYear {
    pub year: i32,
    pub raw: [f64; N],
    pub joint_votes: u32,
    /// Component scores (NaN = missing).
    pub components: [f64; C],
    pub scores: Scores,
    /// Bootstrap intervals of alignment and intensity.
    pub intervals: [Option<(f64, f64)>; 2],
    /// Dyads each indicator was ranked against.
    pub reference_sizes: [usize; N],
}

impl Inputs<'_> {
    /// The raw indicators of one dyad-year and the joint UN votes; the same for (a, b)
    /// and (b, a) to the last bit (pair tables are taken lower code first, as the
    /// panel takes them).
    pub fn raw(&self, a: u16, b: u16, year: i32) -> ([f64; N], u32) {
        let states = self.states(year);
        let lists = |x: u16| self.partner_lists(x, year, &states);
        self.raw_from(a, b, year, &lists(a), &lists(b))
    }

    /// [`Inputs::raw`] with both states' partner lists already at hand (`la` of `a`,
    /// `lb` of `b`, as [`Inputs::partner_lists`] gives them).
    fn raw_from(
        &self,
        a: u16,
        b: u16,
        year: i32,
        la: &PartnerLists,
        lb: &PartnerLists,
    ) -> ([f64; N], u32) {
        let ((a, la), (b, lb)) = if a <= b {
            ((a, la), (b, lb))
        } else {
            ((b, lb), (a, la))
        };
        let block = self.blocks.get(&year).copied();
        let at_ = |s: u16| block.and_then(|bk| bk.index(s));
        let theta = |s: u16| self.ideal.get(&(s, year)).map(|p| p.0);
        let un = Un {
            block,
            i: at_(a),
            j: at_(b),
        };
        let (mut v, joint) = self.raw_with(a, b, year, &un, theta(a).zip(theta(b)));
        let kappa = v[const { at("un_kappa") }];
        if !kappa.is_nan() {
            v[const { at("un_partner_rank") }] = partner_rank(&la.kappa, &lb.kappa, kappa);
        }
        let tone = v[const { at("net_cooperation") }];
        if !tone.is_nan() {
            v[const { at("event_partner_rank") }] = partner_rank(&la.tone, &lb.tone, tone);
        }
        (v, joint)
    }

    /// A state's κ with every other state in `states` (pair tables lower code first, as
    /// the panel takes them) and its tone with every partner of enough events.
    fn partner_lists(&self, x: u16, year: i32, states: &[u16]) -> PartnerLists {
        let block = self.blocks.get(&year).copied();
        let kappa = match block.zip(block.and_then(|bk| bk.index(x))) {
            Some((block, i)) => states
                .iter()
                .filter(|&&y| y != x)
                .filter_map(|&y| {
                    let j = block.index(y)?;
                    let t = if x < y {
                        block.pair_table(i, j)
                    } else {
                        block.pair_table(j, i)
                    };
                    (t.n() >= MIN_JOINT_VOTES)
                        .then(|| t.value(Measure::Kappa))
                        .flatten()
                })
                .collect(),
            None => Vec::new(),
        };
        PartnerLists {
            kappa,
            tone: self.tone_partners(x, states, year),
        }
    }

    /// Net cooperation of `x` with each partner in `states` that has at least
    /// [`EVENT_PSEUDO_COUNT`] events with it (as the panel ranks them).
    fn tone_partners(&self, x: u16, states: &[u16], year: i32) -> Vec<f64> {
        states
            .iter()
            .filter(|&&y| y != x)
            .filter_map(|&y| {
                let (coop, total) = self.ties.events(x, y, year)?;
                (f64::from(total) >= EVENT_PSEUDO_COUNT)
                    .then(|| super::net_cooperation(coop, total))
                    .flatten()
            })
            .collect()
    }

    /// States in the system in `year` (COW membership), in code order.
    fn states(&self, year: i32) -> Vec<u16> {
        let mut states: Vec<u16> = self
            .registry
            .countries()
            .iter()
            .filter(|c| c.in_system(year))
            .map(|c| c.ccode)
            .collect();
        states.sort_unstable();
        states.dedup();
        states
    }

    /// The raw indicators from the ties, the pair's UN votes and both positions.
    fn raw_with(
        &self,
        a: u16,
        b: u16,
        year: i32,
        un: &Un,
        theta: Option<(f64, f64)>,
    ) -> ([f64; N], u32) {
        let mut v = self.ties.values(a, b, year);
        let mut joint = 0;
        if let (Some(block), Some(i), Some(j)) = (un.block, un.i, un.j) {
            let t = block.pair_table(i, j);
            joint = t.n();
            if joint >= MIN_JOINT_VOTES {
                if let Some(x) = t.value(Measure::Agree) {
                    v[const { at("un_agree") }] = x;
                }
                if let Some(x) = t.value(Measure::Kappa) {
                    v[const { at("un_kappa") }] = x;
                }
            }
        }
        if let Some((x, y)) = theta {
            v[const { at("ideal_distance") }] = (x - y).abs();
        }
        (v, joint)
    }

    /// All dyads of states in the system in `year` (COW membership), with their raw
    /// indicators. The year's block, each state's place in it and its position are
    /// looked up once per state, not per dyad.
    pub fn panel(&self, year: i32) -> YearPanel {
        self.panels(&[year]).pop().expect("one panel per year")
    }

    /// The panels of `years` ([`Inputs::panel`] of each), computed pair by pair: a
    /// pair's rows of consecutive years sit side by side in the tie tables, so a pair
    /// is looked up for all of `years` while its rows are in cache (a few years at a
    /// time keeps the panels' memory small).
    pub fn panels(&self, years: &[i32]) -> Vec<YearPanel> {
        /// A year's states and, by code, their place among them.
        struct Year<'b> {
            year: i32,
            states: Vec<u16>,
            rank: Vec<Option<u32>>,
            block: Option<&'b Block>,
            place: Vec<Option<usize>>,
            theta: Vec<Option<f64>>,
        }
        let frames: Vec<Year> = years
            .iter()
            .map(|&year| {
                let states = self.states(year);
                let block = self.blocks.get(&year).copied();
                let mut rank = vec![None; states.last().map_or(0, |&s| usize::from(s) + 1)];
                for (i, &s) in states.iter().enumerate() {
                    rank[usize::from(s)] = Some(i as u32);
                }
                Year {
                    year,
                    place: states
                        .iter()
                        .map(|&s| block.and_then(|bk| bk.index(s)))
                        .collect(),
                    theta: states
                        .iter()
                        .map(|&s| self.ideal.get(&(s, year)).map(|p| p.0))
                        .collect(),
                    rank,
                    states,
                    block,
                }
            })
            .collect();
        let mut values: Vec<Vec<[f64; N]>> = frames
            .iter()
            .map(|f| {
                let n = f.states.len();
                vec![[f64::NAN; N]; n * n.saturating_sub(1) / 2]
            })
            .collect();
        let mut all: Vec<u16> = frames.iter().flat_map(|f| f.states.clone()).collect();
        all.sort_unstable();
        all.dedup();
        let rank = |f: &Year, s: u16| f.rank.get(usize::from(s)).copied().flatten();
        for (k, &x) in all.iter().enumerate() {
            for &y in &all[k + 1..] {
                for (f, out) in frames.iter().zip(values.iter_mut()) {
                    let (Some(i), Some(j)) = (rank(f, x), rank(f, y)) else {
                        continue;
                    };
                    let (i, j, n) = (i as usize, j as usize, f.states.len());
                    let un = Un {
                        block: f.block,
                        i: f.place[i],
                        j: f.place[j],
                    };
                    // Dyads in panel order: (0,1), (0,2), … (1,2) ….
                    let at = i * n - i * (i + 1) / 2 + (j - i - 1);
                    out[at] = self
                        .raw_with(x, y, f.year, &un, f.theta[i].zip(f.theta[j]))
                        .0;
                }
            }
        }
        frames
            .into_iter()
            .zip(values)
            .map(|(f, mut values)| {
                let n = f.states.len();
                // How each dyad ranks among both states' partners: κ, and the tone of
                // events (partners with at least EVENT_PSEUDO_COUNT events).
                let volume = const { at("event_volume") };
                rank_among_partners(
                    &mut values,
                    n,
                    const { at("un_kappa") },
                    const { at("un_partner_rank") },
                    |_| true,
                );
                rank_among_partners(
                    &mut values,
                    n,
                    const { at("net_cooperation") },
                    const { at("event_partner_rank") },
                    |v| v[volume] >= EVENT_PSEUDO_COUNT,
                );
                let mut dyads = Vec::with_capacity(values.len());
                for (i, &x) in f.states.iter().enumerate() {
                    dyads.extend(f.states[i + 1..].iter().map(|&y| (x, y)));
                }
                YearPanel {
                    year: f.year,
                    dyads,
                    values,
                }
            })
            .collect()
    }

    /// The references of every year of `years`, from their panels (a few years at a
    /// time, in parallel).
    pub fn references(&self, years: &[i32]) -> YearReferences {
        YearReferences(
            years
                .par_chunks(PANEL_YEARS)
                .flat_map_iter(|ys| {
                    self.panels(ys)
                        .into_iter()
                        .map(|p| (p.year, p.references()))
                })
                .collect(),
        )
    }

    /// The sampling uncertainty of a dyad-year (see [`Sampling`]); the same for (a, b)
    /// and (b, a).
    fn sampling(&self, a: u16, b: u16, year: i32, raw: &[f64; N], boot: &Bootstrap) -> Sampling {
        let (a, b) = (a.min(b), a.max(b));
        let mut s = Sampling::default();
        if !raw[const { at("un_kappa") }].is_nan()
            && let Some(block) = self.blocks.get(&year)
            && let (Some(i), Some(j)) = (block.index(a), block.index(b))
        {
            s.un_kappa = (0..boot.reps)
                .map(|r| {
                    let t = block.pair_table_resampled(i, j, &block.resample(boot.seed, r));
                    t.value(Measure::Kappa).unwrap_or(f64::NAN)
                })
                .collect();
        }
        let (lo, hi) = (a.min(b), a.max(b));
        if let (Some(x), Some(y)) = (self.ideal.get(&(lo, year)), self.ideal.get(&(hi, year))) {
            let sd = |p: &(f64, f64, f64)| crate::ideal::position_sd(p.1, p.2);
            s.ideal = Some([(x.0, sd(x)), (y.0, sd(y))]);
        }
        if !raw[const { at("event_partner_rank") }].is_nan()
            && let Some((cooperative, total)) = self.ties.events(a, b, year)
        {
            let states = self.states(year);
            s.tone = Some(ToneSampling {
                cooperative,
                total,
                of_a: self.tone_partners(a, &states, year),
                of_b: self.tone_partners(b, &states, year),
            });
        }
        s
    }

    /// The references of `year`: held, or computed from its panel.
    pub fn year_references(&self, year: i32) -> std::borrow::Cow<'_, [super::Reference]> {
        match self.references.and_then(|r| r.get(year)) {
            Some(r) => std::borrow::Cow::Borrowed(r),
            None => std::borrow::Cow::Owned(self.panel(year).references()),
        }
    }

    /// Both scores of `a` with every other state in the system in `year` (partners in
    /// parallel), in COW-code order.
    pub fn partners(&self, a: u16, year: i32, w: &Weights) -> Vec<(u16, Scores)> {
        let refs = self.year_references(year);
        let states = self.states(year);
        let la = self.partner_lists(a, year, &states);
        states
            .par_iter()
            .filter(|&&x| x != a)
            .map(|&x| {
                let lx = self.partner_lists(x, year, &states);
                let raw = self.raw_from(a, x, year, &la, &lx).0;
                (x, super::scores(&raw, &refs, w))
            })
            .collect()
    }

    /// The profile of `a` and `b` over `years` (years in parallel).
    pub fn profile(
        &self,
        a: u16,
        b: u16,
        years: &[i32],
        w: &Weights,
        boot: &Bootstrap,
    ) -> Vec<ProfileYear> {
        years
            .par_iter()
            .map(|&year| {
                let refs = self.year_references(year);
                let (raw, joint_votes) = self.raw(a, b, year);
                let comps = components(&raw, &refs);
                let scores = Scores {
                    alignment: score(&comps, Kind::Alignment, w),
                    intensity: score(&comps, Kind::Intensity, w),
                };
                let any = scores.alignment.value.is_some() || scores.intensity.value.is_some();
                let intervals = if boot.reps > 0 && any {
                    let s = self.sampling(a, b, year, &raw, boot);
                    interval(&raw, &s, &refs, w, boot, year)
                } else {
                    [None, None]
                };
                ProfileYear {
                    year,
                    raw,
                    joint_votes,
                    components: comps,
                    scores,
                    intervals,
                    reference_sizes: std::array::from_fn(|i| refs[i].len()),
                }
            })
            .collect()
    }
}

/// For the dyads of `n` states in panel order ((0,1), (0,2), … (1,2) …): each state's
/// list of raw indicator `from` with its partners (the dyads `listed` accepts), then
/// [`partner_rank`] of every dyad with a value into indicator `to`.
fn rank_among_partners(
    values: &mut [[f64; N]],
    n: usize,
    from: usize,
    to: usize,
    listed: impl Fn(&[f64; N]) -> bool,
) {
    let mut lists: Vec<Vec<f64>> = vec![Vec::new(); n];
    let mut pos = 0;
    for i in 0..n {
        for j in i + 1..n {
            let v = &values[pos];
            if !v[from].is_nan() && listed(v) {
                lists[i].push(v[from]);
                lists[j].push(v[from]);
            }
            pos += 1;
        }
    }
    for list in &mut lists {
        list.sort_unstable_by(f64::total_cmp);
    }
    let mut pos = 0;
    for i in 0..n {
        for j in i + 1..n {
            let x = values[pos][from];
            if !x.is_nan() {
                values[pos][to] = partner_rank_sorted(&lists[i], &lists[j], x);
            }
            pos += 1;
        }
    }
}

/// Years in which the set of components a score uses (weight > 0 and present) changes.
pub fn composition_changes(profile: &[ProfileYear], w: &Weights, kind: Kind) -> Vec<i32> {
    let present = |p: &ProfileYear| -> Vec<bool> {
        (0..C)
            .filter(|&k| super::COMPONENTS[k].kind == kind)
            .map(|k| w.component[k] > 0.0 && !p.components[k].is_nan())
            .collect()
    };
    let with_value: Vec<&ProfileYear> = profile
        .iter()
        .filter(|p| p.scores.get(kind).value.is_some())
        .collect();
    with_value
        .windows(2)
        .filter(|p| present(p[0]) != present(p[1]))
        .map(|p| p[1].year)
        .collect()
}

/// The weights restricted to the components present in every year of `profile`
/// (None when no component of either score is).
pub fn common_weights(profile: &[ProfileYear], w: &Weights) -> Option<Weights> {
    let mut common = w.clone();
    for k in 0..C {
        if k != super::GATE && profile.iter().any(|p| p.components[k].is_nan()) {
            common.component[k] = 0.0;
        }
    }
    (0..C)
        .any(|k| k != super::GATE && common.component[k] > 0.0)
        .then_some(common)
}
