//! Fast dyadic agreement over many roll calls.
//!
//! For a block of roll calls (one year, or any span) every state gets three bit
//! vectors — the roll calls it voted yes, abstain and no on. A pair's 3×3 table is
//! then nine AND-popcounts, which makes all-pairs matrices over decades take
//! milliseconds. Bootstrap intervals resample roll calls with replacement (seeded).

use std::collections::HashMap;

use rand::rngs::StdRng;
use rand::{RngExt, SeedableRng};
use rayon::prelude::*;

use crate::measures::{Measure, PairTable};
use crate::votes::{RollCallFilter, VoteTable};

/// The votes of one group of roll calls as per-state bit vectors.
#[derive(Clone, Debug)]
pub struct Block {
    /// The group's label: the year, or the first year of a span.
    pub year: i32,
    /// Roll-call ids in this block, in bit order.
    pub rollcalls: Vec<u32>,
    /// States with at least one row in the block, ascending COW code.
    pub states: Vec<u16>,
    words: usize,
    /// `states.len() × 3 × words` bits: state-major, then position (yes/abstain/no).
    bits: Vec<u64>,
}

impl Block {
    /// Index of a state in [`Block::states`].
    pub fn index(&self, ccode: u16) -> Option<usize> {
        self.states.binary_search(&ccode).ok()
    }

    fn row(&self, state: usize, position: usize) -> &[u64] {
        let start = (state * 3 + position) * self.words;
        &self.bits[start..start + self.words]
    }

    /// Calls `f` with every pair of its states with at least one joint vote, in order:
    /// `(i, j, table)` with `i < j` indices into [`Block::states`].
    pub fn for_each_joint_pair(&self, mut f: impl FnMut(usize, usize, PairTable)) {
        let n = self.states.len();
        for i in 0..n {
            for j in i + 1..n {
                let t = self.pair_table(i, j);
                if t.n() > 0 {
                    f(i, j, t);
                }
            }
        }
    }

    /// The 3×3 joint-vote table of two states (indices into [`Block::states`]).
    pub fn pair_table(&self, a: usize, b: usize) -> PairTable {
        self.weighted_table(a, b, None)
    }

    /// The 3×3 table of two states, each roll call counted once, or as often as the
    /// bit planes say (plane `k` holds bit `k` of its multiplicity). With the CPU's
    /// `popcnt` instruction where it has one (detected at run time; the counts are
    /// integers, the same either way).
    fn weighted_table(&self, a: usize, b: usize, planes: Option<&[Vec<u64>]>) -> PairTable {
        #[cfg(target_arch = "x86_64")]
        if std::is_x86_feature_detected!("popcnt") {
            // SAFETY: the CPU has popcnt.
            return unsafe { self.weighted_table_popcnt(a, b, planes) };
        }
        self.weighted_table_portable(a, b, planes)
    }

    #[cfg(target_arch = "x86_64")]
    #[target_feature(enable = "popcnt")]
    fn weighted_table_popcnt(&self, a: usize, b: usize, planes: Option<&[Vec<u64>]>) -> PairTable {
        self.weighted_table_portable(a, b, planes)
    }

    /// Word by word: each of A's three rows masked by a plane once, then counted
    /// against B's three rows.
    #[inline(always)]
    fn weighted_table_portable(
        &self,
        a: usize,
        b: usize,
        planes: Option<&[Vec<u64>]>,
    ) -> PairTable {
        let mut counts = [[0u32; 3]; 3];
        let mut add = |x: [u64; 3], y: [u64; 3], shift: usize| {
            for (row, xa) in counts.iter_mut().zip(x) {
                for (count, yb) in row.iter_mut().zip(y) {
                    *count += (xa & yb).count_ones() << shift;
                }
            }
        };
        let ra = [self.row(a, 0), self.row(a, 1), self.row(a, 2)];
        let rb = [self.row(b, 0), self.row(b, 1), self.row(b, 2)];
        for w in 0..self.words {
            let (x, y) = (ra.map(|r| r[w]), rb.map(|r| r[w]));
            match planes {
                None => add(x, y, 0),
                Some(planes) => {
                    for (k, plane) in planes.iter().enumerate() {
                        add(x.map(|v| v & plane[w]), y, k);
                    }
                }
            }
        }
        PairTable { counts }
    }

    /// A state's position (0 yes, 1 abstain, 2 no) on each roll call of the block, in
    /// bit order; `None` where it did not vote yes, abstain or no.
    pub fn positions(&self, state: usize) -> Vec<Option<u8>> {
        (0..self.rollcalls.len())
            .map(|r| {
                (0..3)
                    .find(|&p| self.row(state, p)[r / 64] & (1u64 << (r % 64)) != 0)
                    .map(|p| p as u8)
            })
            .collect()
    }

    /// Bootstrap intervals of the measures for two states (indices into
    /// [`Block::states`]), resampling their joint roll calls; keyed by the year and the
    /// two codes, so the same pair gets the same intervals wherever it is asked for.
    pub fn pair_intervals(
        &self,
        boot: &Bootstrap,
        i: usize,
        j: usize,
        measures: &[Measure],
    ) -> Vec<Option<Interval>> {
        let key = pair_key(self.year, self.states[i], self.states[j]);
        boot.intervals(&self.pair_cells(i, j), measures, key)
    }

    /// The joint votes of two states, one cell index `3·a + b` per roll call both voted on.
    pub fn pair_cells(&self, a: usize, b: usize) -> Vec<u8> {
        let mut cells = Vec::new();
        for w in 0..self.words {
            let ya = [self.row(a, 0)[w], self.row(a, 1)[w], self.row(a, 2)[w]];
            let yb = [self.row(b, 0)[w], self.row(b, 1)[w], self.row(b, 2)[w]];
            let both = (ya[0] | ya[1] | ya[2]) & (yb[0] | yb[1] | yb[2]);
            let mut m = both;
            while m != 0 {
                let bit = m & m.wrapping_neg();
                let pa = ya.iter().position(|x| x & bit != 0).unwrap_or(0);
                let pb = yb.iter().position(|x| x & bit != 0).unwrap_or(0);
                cells.push((pa * 3 + pb) as u8);
                m &= m - 1;
            }
        }
        cells
    }

    /// One bootstrap replicate of the block's roll calls: `n` draws with replacement,
    /// the same for every pair (a joint bootstrap). Deterministic in `(seed, year, rep)`,
    /// so every command that resamples a year sees the same replicates.
    pub fn resample(&self, seed: u64, rep: usize) -> Resample {
        let n = self.rollcalls.len();
        let key = splitmix(seed ^ splitmix(((self.year as u64) << 32) ^ rep as u64 ^ 0x5eed));
        let mut rng = StdRng::seed_from_u64(key);
        let mut multiplicity = vec![0u32; n];
        for _ in 0..n {
            multiplicity[rng.random_range(0..n)] += 1;
        }
        let max = multiplicity.iter().copied().max().unwrap_or(0);
        let planes_needed = (u32::BITS - max.leading_zeros()) as usize;
        let mut planes = vec![vec![0u64; self.words]; planes_needed];
        for (r, &m) in multiplicity.iter().enumerate() {
            for (k, plane) in planes.iter_mut().enumerate() {
                if m >> k & 1 == 1 {
                    plane[r / 64] |= 1u64 << (r % 64);
                }
            }
        }
        Resample { planes }
    }

    /// The 3×3 table of two states in a replicate: each roll call counted as often as
    /// it was drawn (popcounts over the multiplicity's bit planes).
    pub fn pair_table_resampled(&self, a: usize, b: usize, resample: &Resample) -> PairTable {
        self.weighted_table(a, b, Some(&resample.planes))
    }
}

/// A bootstrap replicate of a block's roll calls, as bit planes of each roll call's
/// multiplicity (plane `k` holds bit `k` of how often the roll call was drawn).
#[derive(Clone, Debug)]
pub struct Resample {
    planes: Vec<Vec<u64>>,
}

/// How roll calls are grouped into blocks.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Grouping {
    /// One block per year.
    Year,
    /// One block for the whole filtered span, labelled with its first year.
    Span,
}

/// The blocks of years `from..=to`, as a slice of `blocks` (which [`blocks`] returns in
/// year order).
pub fn blocks_between(blocks: &[Block], from: i32, to: i32) -> &[Block] {
    let start = blocks.partition_point(|b| b.year < from);
    let end = blocks.partition_point(|b| b.year <= to);
    &blocks[start..end.max(start)]
}

/// Groups the roll calls that pass `filter` into blocks.
pub fn blocks(table: &VoteTable, filter: &RollCallFilter, grouping: Grouping) -> Vec<Block> {
    let mut by_year: std::collections::BTreeMap<i32, Vec<u32>> = Default::default();
    for rc in table.rollcalls.iter().filter(|r| filter.accepts(r)) {
        let y = rc.year(filter.year_mode);
        by_year.entry(y).or_default().push(rc.id);
    }
    if grouping == Grouping::Span && !by_year.is_empty() {
        let first = *by_year.keys().next().unwrap_or(&0);
        let all: Vec<u32> = by_year.into_values().flatten().collect();
        by_year = [(first, all)].into_iter().collect();
    }
    let mut position: HashMap<u32, (usize, usize)> = HashMap::new();
    let mut out: Vec<Block> = Vec::new();
    for (bi, (year, mut ids)) in by_year.into_iter().enumerate() {
        ids.sort_unstable();
        for (pos, id) in ids.iter().enumerate() {
            position.insert(*id, (bi, pos));
        }
        out.push(Block {
            year,
            words: ids.len().div_ceil(64),
            rollcalls: ids,
            states: Vec::new(),
            bits: Vec::new(),
        });
    }
    // Votes are sorted by roll call: look each roll call up once, not each vote.
    let mut located: Vec<Vec<(&[crate::votes::VoteRecord], usize)>> = vec![Vec::new(); out.len()];
    for g in table.votes.chunk_by(|x, y| x.rollcall == y.rollcall) {
        if let Some(&(bi, pos)) = position.get(&g[0].rollcall) {
            located[bi].push((g, pos));
        }
    }
    // Each block's states (every state with a record on one of its roll calls, in
    // code order) and bits, blocks in parallel.
    out.par_iter_mut()
        .zip(located)
        .for_each(|(block, located)| {
            // State index by COW code: u32::MAX for no record in this block; first 0
            // marks the codes seen, then each gets its place in code order.
            let top = located
                .iter()
                .flat_map(|(g, _)| g.iter().map(|v| v.ccode))
                .max()
                .unwrap_or(0);
            let mut slot = vec![u32::MAX; usize::from(top) + 1];
            for (g, _) in &located {
                for v in *g {
                    slot[usize::from(v.ccode)] = 0;
                }
            }
            block.states = (0..=top).filter(|&c| slot[usize::from(c)] == 0).collect();
            for (i, &c) in block.states.iter().enumerate() {
                slot[usize::from(c)] = i as u32;
            }
            block.bits = vec![0; block.states.len() * 3 * block.words];
            for (g, pos) in located {
                for v in g {
                    let Some(p) = v.vote.position() else { continue };
                    let si = slot[usize::from(v.ccode)] as usize;
                    let idx = (si * 3 + p) * block.words + pos / 64;
                    block.bits[idx] |= 1u64 << (pos % 64);
                }
            }
        });
    out
}

/// A percentile bootstrap interval.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Interval {
    pub lo: f64,
    pub hi: f64,
}

/// Bootstrap settings: replicates, seed and coverage (e.g. 0.95).
#[derive(Clone, Copy, Debug)]
pub struct Bootstrap {
    pub reps: usize,
    pub seed: u64,
    pub level: f64,
}

impl Default for Bootstrap {
    fn default() -> Self {
        Bootstrap {
            reps: 1000,
            seed: 42,
            level: 0.95,
        }
    }
}

impl Bootstrap {
    /// Percentile intervals for each measure, resampling the pair's joint roll calls
    /// with replacement. The random stream depends only on the seed and `key`, so
    /// results do not depend on thread scheduling or the order of pairs.
    pub fn intervals(&self, cells: &[u8], measures: &[Measure], key: u64) -> Vec<Option<Interval>> {
        if cells.is_empty() || self.reps == 0 {
            return vec![None; measures.len()];
        }
        let mut rng = StdRng::seed_from_u64(splitmix(self.seed ^ splitmix(key)));
        let mut samples: Vec<Vec<f64>> = vec![Vec::with_capacity(self.reps); measures.len()];
        for _ in 0..self.reps {
            let mut t = PairTable::default();
            for _ in 0..cells.len() {
                let c = cells[rng.random_range(0..cells.len())];
                t.counts[(c / 3) as usize][(c % 3) as usize] += 1;
            }
            for (s, &m) in samples.iter_mut().zip(measures) {
                if let Some(v) = t.value(m) {
                    s.push(v);
                }
            }
        }
        let alpha = (1.0 - self.level) / 2.0;
        samples
            .into_iter()
            .map(|mut s| {
                // An interval needs most replicates defined (κ/π can be undefined).
                if s.len() * 2 < self.reps {
                    return None;
                }
                s.sort_by(f64::total_cmp);
                Some(Interval {
                    lo: quantile(&s, alpha),
                    hi: quantile(&s, 1.0 - alpha),
                })
            })
            .collect()
    }
}

/// Linear-interpolation quantile (type 7) of sorted data.
pub fn quantile(sorted: &[f64], p: f64) -> f64 {
    let h = (sorted.len() - 1) as f64 * p;
    let lo = h.floor() as usize;
    let hi = h.ceil() as usize;
    sorted[lo] + (h - lo as f64) * (sorted[hi] - sorted[lo])
}

/// SplitMix64's finaliser: a seed and a key mixed into unrelated random streams.
pub(crate) fn splitmix(mut x: u64) -> u64 {
    x = x.wrapping_add(0x9E37_79B9_7F4A_7C15);
    let mut z = x;
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

/// A bootstrap key identifying a pair in a block, so intervals are reproducible.
pub fn pair_key(year: i32, a: u16, b: u16) -> u64 {
    ((year as u64 & 0xFFFF) << 32) | (u64::from(a) << 16) | u64::from(b)
}

/// The output values of one pair in column order: for each measure its value, then
/// (when `intervals` are given) the interval's low and high ends.
pub fn row_values(
    table: &PairTable,
    measures: &[Measure],
    intervals: Option<&[Option<Interval>]>,
) -> Vec<Option<f64>> {
    let mut out = Vec::with_capacity(measures.len() * 3);
    each_row_value(table, measures, intervals, |v| out.push(v));
    out
}

/// The values of [`row_values`], handed to `f` one by one (no vector: for the bulk
/// writers, a call per pair).
pub fn each_row_value(
    table: &PairTable,
    measures: &[Measure],
    intervals: Option<&[Option<Interval>]>,
    mut f: impl FnMut(Option<f64>),
) {
    let all = table.values();
    for (k, &m) in measures.iter().enumerate() {
        f(all[m as usize]);
        if let Some(iv) = intervals {
            f(iv[k].map(|x| x.lo));
            f(iv[k].map(|x| x.hi));
        }
    }
}

/// One year (or span) of a pair's series.
#[derive(Clone, Debug)]
pub struct SeriesPoint {
    pub year: i32,
    pub table: PairTable,
    /// Bootstrap intervals per measure, when asked for.
    pub intervals: Option<Vec<Option<Interval>>>,
}

/// The series of one pair over the blocks where both states voted together.
pub fn pair_series(
    blocks: &[Block],
    a: u16,
    b: u16,
    measures: &[Measure],
    boot: Option<&Bootstrap>,
) -> Vec<SeriesPoint> {
    blocks
        .iter()
        .filter_map(|block| {
            let (i, j) = (block.index(a)?, block.index(b)?);
            let table = block.pair_table(i, j);
            if table.n() == 0 {
                return None;
            }
            let intervals = boot.map(|bs| block.pair_intervals(bs, i, j, measures));
            Some(SeriesPoint {
                year: block.year,
                table,
                intervals,
            })
        })
        .collect()
}

/// One row of an all-pairs matrix.
#[derive(Clone, Debug)]
pub struct PairRow {
    pub year: i32,
    pub a: u16,
    pub b: u16,
    pub table: PairTable,
    pub intervals: Option<Vec<Option<Interval>>>,
}

/// All pairs (a < b) with at least one joint vote, for every block, in parallel.
pub fn all_pairs(blocks: &[Block], measures: &[Measure], boot: Option<&Bootstrap>) -> Vec<PairRow> {
    blocks
        .par_iter()
        .flat_map_iter(|block| {
            let mut rows = Vec::new();
            block.for_each_joint_pair(|i, j, table| {
                rows.push(PairRow {
                    year: block.year,
                    a: block.states[i],
                    b: block.states[j],
                    table,
                    intervals: boot.map(|bs| block.pair_intervals(bs, i, j, measures)),
                });
            });
            rows
        })
        .collect()
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::date::Date;
    use crate::votes::{Body, RollCall, SourceId, Vote, VoteRecord};

    pub(crate) fn rollcall(id: u32, session: u16) -> RollCall {
        RollCall {
            id,
            body: Body::GeneralAssembly,
            session,
            date: Date::new(1945 + i32::from(session), 12, 1).unwrap(),
            symbol: None,
            title: String::new(),
            issues: 0,
            issues_coded: true,
            important: None,
            amendment: None,
            paragraph: None,
            source: SourceId::Voeten,
            source_key: u64::from(id),
            undl_id: None,
        }
    }

    /// Builds a table from per-state vote strings ("YAN-.", '-' absent, '.' no row).
    pub(crate) fn table(session: u16, states: &[(u16, &str)]) -> VoteTable {
        let n = states[0].1.len();
        let mut t = VoteTable {
            rollcalls: (0..n as u32).map(|i| rollcall(i, session)).collect(),
            votes: vec![],
        };
        for &(cc, s) in states {
            for (i, ch) in s.chars().enumerate() {
                let vote = match ch {
                    'Y' => Vote::Yes,
                    'A' => Vote::Abstain,
                    'N' => Vote::No,
                    '-' => Vote::Absent,
                    _ => continue,
                };
                t.votes.push(VoteRecord {
                    rollcall: i as u32,
                    ccode: cc,
                    vote,
                    source: SourceId::Voeten,
                });
            }
        }
        t.sort();
        t
    }

    #[test]
    fn bitset_tables_match_a_direct_count() {
        // 70 roll calls so the bit vectors span two words.
        let a: String = (0..70).map(|i| ['Y', 'A', 'N', '-', '.'][i % 5]).collect();
        let b: String = (0..70)
            .map(|i| ['Y', 'Y', 'N', 'A', 'Y', 'N', '.'][i % 7])
            .collect();
        let t = table(50, &[(2, &a), (365, &b)]);
        let blocks = blocks(&t, &RollCallFilter::default(), Grouping::Year);
        assert_eq!(blocks.len(), 1);
        let blk = &blocks[0];
        assert_eq!(blk.year, 1995);
        let direct = PairTable::from_cells(a.chars().zip(b.chars()).filter_map(|(x, y)| {
            let p = |c| "YAN".find(c);
            Some((p(x)? * 3 + p(y)?) as u8)
        }));
        let (i, j) = (blk.index(2).unwrap(), blk.index(365).unwrap());
        assert_eq!(blk.pair_table(i, j), direct);
        assert_eq!(PairTable::from_cells(blk.pair_cells(i, j)), direct);
        assert_eq!(blk.pair_table(j, i), direct.transpose());
    }

    #[test]
    fn resampled_tables_count_each_draw() {
        let a: String = (0..130).map(|i| ['Y', 'A', 'N', '-'][i % 4]).collect();
        let b: String = (0..130).map(|i| ['Y', 'N', 'N', 'A', 'Y'][i % 5]).collect();
        let t = table(50, &[(2, &a), (365, &b)]);
        let blk = &blocks(&t, &RollCallFilter::default(), Grouping::Year)[0];
        let rs = blk.resample(9, 3);
        // Rebuild the multiplicities from the planes and count directly.
        let weight = |r: usize| -> u32 {
            rs.planes
                .iter()
                .enumerate()
                .map(|(k, p)| ((p[r / 64] >> (r % 64)) & 1) as u32 * (1 << k))
                .sum()
        };
        assert_eq!((0..130).map(weight).sum::<u32>(), 130, "n draws");
        let (pa, pb) = (blk.positions(0), blk.positions(1));
        let mut direct = PairTable::default();
        for r in 0..130 {
            if let (Some(x), Some(y)) = (pa[r], pb[r]) {
                direct.counts[x as usize][y as usize] += weight(r);
            }
        }
        assert_eq!(blk.pair_table_resampled(0, 1, &rs), direct);
        assert_eq!(blk.resample(9, 3).planes, rs.planes, "deterministic");
        assert_ne!(blk.resample(9, 4).planes, rs.planes, "reps differ");
    }

    #[test]
    fn bootstrap_is_seeded_and_brackets_the_estimate() {
        let cells: Vec<u8> = (0..80).map(|i| [0, 0, 0, 4, 8, 2, 6][i % 7]).collect();
        let bs = Bootstrap {
            reps: 500,
            seed: 7,
            level: 0.95,
        };
        let ms = [Measure::Agree, Measure::Kappa];
        let first = bs.intervals(&cells, &ms, 99);
        assert_eq!(
            first,
            bs.intervals(&cells, &ms, 99),
            "same seed, same interval"
        );
        let est = PairTable::from_cells(cells.iter().copied())
            .value(Measure::Agree)
            .unwrap();
        let iv = first[0].unwrap();
        assert!(iv.lo < est && est < iv.hi, "{iv:?} around {est}");
        assert!(iv.hi - iv.lo > 0.05 && iv.hi - iv.lo < 0.4);
    }

    #[test]
    fn all_pairs_skips_pairs_without_joint_votes() {
        let t = table(60, &[(2, "YYN.."), (20, "YNN.."), (31, "...YY")]);
        let rows = all_pairs(
            &blocks(&t, &RollCallFilter::default(), Grouping::Year),
            &[Measure::Agree],
            None,
        );
        assert_eq!(rows.len(), 1);
        assert_eq!((rows[0].a, rows[0].b), (2, 20));
        assert_eq!(rows[0].table.value(Measure::Agree), Some(2.0 / 3.0));
    }
}
