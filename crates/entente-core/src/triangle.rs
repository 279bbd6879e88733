//! The strategic triangle (Dittmer 1981, with the unit-veto case): three states'
//! configuration from whether each of their three dyads is closer than the year's
//! baseline.

use rand::rngs::StdRng;
use rand::{RngExt, SeedableRng};

use crate::agreement::{Block, quantile};
use crate::measures::{Measure, PairTable};
use crate::network::YearMatrix;

/// A configuration of three states (indices 0, 1, 2 into the trio).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Configuration {
    /// All three dyads positive.
    MenageATrois,
    /// Two positive dyads sharing the pivot; the third dyad negative.
    RomanticTriangle { pivot: usize },
    /// One positive dyad (the couple); the third state is the outsider.
    StableMarriage { couple: (usize, usize) },
    /// No positive dyad.
    UnitVeto,
}

/// The dyads of a trio, in the order used everywhere here.
pub const DYADS: [(usize, usize); 3] = [(0, 1), (0, 2), (1, 2)];

impl Configuration {
    /// Classifies from the signs of the dyads (0,1), (0,2), (1,2).
    pub fn classify(positive: [bool; 3]) -> Configuration {
        match positive {
            [true, true, true] => Configuration::MenageATrois,
            [false, false, false] => Configuration::UnitVeto,
            p if p.iter().filter(|&&x| x).count() == 2 => {
                let negative = DYADS[p.iter().position(|&x| !x).unwrap_or(0)];
                let pivot = (0..3)
                    .find(|s| *s != negative.0 && *s != negative.1)
                    .unwrap_or(0);
                Configuration::RomanticTriangle { pivot }
            }
            p => Configuration::StableMarriage {
                couple: DYADS[p.iter().position(|&x| x).unwrap_or(0)],
            },
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            Configuration::MenageATrois => "ménage à trois",
            Configuration::RomanticTriangle { .. } => "romantic triangle",
            Configuration::StableMarriage { .. } => "stable marriage",
            Configuration::UnitVeto => "unit veto",
        }
    }
}

/// A trio in one block (year): dyad values, the baseline, the configuration and how
/// often the bootstrap reproduces it.
#[derive(Clone, Debug)]
pub struct TrioYear {
    pub year: i32,
    pub values: [f64; 3],
    pub baseline: f64,
    pub configuration: Configuration,
    /// Share of bootstrap replicates with the same configuration (None without bootstrap).
    pub stability: Option<f64>,
}

/// The trio's configuration in a block. `states` are COW codes; the baseline is the
/// median of `measure` over every pair of the block with joint votes. Bootstrap
/// replicates resample the block's roll calls (the same draws for the three dyads) and
/// keep the baseline fixed. `None` when a dyad has no joint votes or no value.
pub fn trio_year(
    block: &Block,
    states: [u16; 3],
    measure: Measure,
    reps: usize,
    seed: u64,
) -> Option<TrioYear> {
    let idx = [
        block.index(states[0])?,
        block.index(states[1])?,
        block.index(states[2])?,
    ];
    let mut all: Vec<f64> = Vec::new();
    for i in 0..block.states.len() {
        for j in i + 1..block.states.len() {
            if let Some(v) = block.pair_table(i, j).value(measure) {
                all.push(v);
            }
        }
    }
    all.sort_by(f64::total_cmp);
    let baseline = quantile(&all, 0.5);
    let mut values = [0.0; 3];
    for (k, (x, y)) in DYADS.iter().enumerate() {
        values[k] = block.pair_table(idx[*x], idx[*y]).value(measure)?;
    }
    let configuration = Configuration::classify(values.map(|v| v > baseline));
    let stability = (reps > 0).then(|| {
        let pos: Vec<Vec<Option<u8>>> = idx.iter().map(|&s| block.positions(s)).collect();
        let n = block.rollcalls.len();
        let key = ((block.year as u64) << 48)
            | (u64::from(states[0]) << 32)
            | (u64::from(states[1]) << 16)
            | u64::from(states[2]);
        let mut rng = StdRng::seed_from_u64(seed ^ key);
        let mut same = 0usize;
        for _ in 0..reps {
            let mut tables = [PairTable::default(); 3];
            for _ in 0..n {
                let r = rng.random_range(0..n);
                for (k, (x, y)) in DYADS.iter().enumerate() {
                    if let (Some(a), Some(b)) = (pos[*x][r], pos[*y][r]) {
                        tables[k].counts[a as usize][b as usize] += 1;
                    }
                }
            }
            let v = tables.map(|t| t.value(measure));
            if let [Some(a), Some(b), Some(c)] = v
                && Configuration::classify([a > baseline, b > baseline, c > baseline])
                    == configuration
            {
                same += 1;
            }
        }
        same as f64 / reps as f64
    });
    Some(TrioYear {
        year: block.year,
        values,
        baseline,
        configuration,
        stability,
    })
}

/// A trio's configuration from a year's score matrix (any score, e.g. ideal-point
/// distance): a dyad is positive when it is closer than the median of all pairs of the
/// matrix. No bootstrap (`stability` is `None`).
pub fn trio_from_matrix(matrix: &YearMatrix, states: [u16; 3]) -> Option<TrioYear> {
    let idx = [
        matrix.index(states[0])?,
        matrix.index(states[1])?,
        matrix.index(states[2])?,
    ];
    let n = matrix.len();
    let mut all: Vec<f64> = (0..n)
        .flat_map(|i| (i + 1..n).filter_map(move |j| matrix.get(i, j)))
        .collect();
    if all.is_empty() {
        return None;
    }
    all.sort_by(f64::total_cmp);
    let baseline = quantile(&all, 0.5);
    let mut values = [0.0; 3];
    for (k, (x, y)) in DYADS.iter().enumerate() {
        values[k] = matrix.get(idx[*x], idx[*y])?;
    }
    let configuration = Configuration::classify(values.map(|v| matrix.score.closer(v, baseline)));
    Some(TrioYear {
        year: matrix.year,
        values,
        baseline,
        configuration,
        stability: None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::agreement::{Grouping, blocks};
    use crate::votes::{Body, RollCall, RollCallFilter, SourceId, Vote, VoteRecord, VoteTable};

    /// Votes of states 1..=4 on 60 roll calls: 1 and 2 always agree, 3 votes the
    /// opposite of 1, 4 agrees with 1 on even roll calls only.
    fn planted() -> VoteTable {
        let mut t = VoteTable::default();
        for id in 0..60u32 {
            t.rollcalls.push(RollCall {
                id,
                body: Body::GeneralAssembly,
                session: 70,
                date: crate::Date::new(2015, 12, 1).unwrap(),
                symbol: None,
                title: String::new(),
                issues: 0,
                issues_coded: false,
                important: None,
                amendment: None,
                paragraph: None,
                source: SourceId::UndlLong,
                source_key: u64::from(id),
                undl_id: None,
            });
            let v1 = if id % 3 == 0 { Vote::No } else { Vote::Yes };
            let opposite = if v1 == Vote::Yes { Vote::No } else { Vote::Yes };
            for (cc, v) in [
                (1, v1),
                (2, v1),
                (3, opposite),
                (4, if id % 2 == 0 { v1 } else { opposite }),
            ] {
                t.votes.push(VoteRecord {
                    rollcall: id,
                    ccode: cc,
                    vote: v,
                    source: SourceId::UndlLong,
                });
            }
        }
        t.sort();
        t
    }

    #[test]
    fn recovers_planted_configurations() {
        let blk = &blocks(&planted(), &RollCallFilter::default(), Grouping::Year)[0];
        // 1–2 identical, 1–3 and 2–3 opposite: a stable marriage of 1 and 2.
        let t = trio_year(blk, [1, 2, 3], Measure::Agree, 200, 1).unwrap();
        assert_eq!(
            t.configuration,
            Configuration::StableMarriage { couple: (0, 1) }
        );
        assert!(t.stability.unwrap() > 0.95);
        assert_eq!(t.values[0], 1.0);
    }

    #[test]
    fn classifies_every_sign_pattern() {
        use Configuration::*;
        assert_eq!(Configuration::classify([true, true, true]), MenageATrois);
        assert_eq!(Configuration::classify([false, false, false]), UnitVeto);
        // (0,1) and (0,2) positive, (1,2) negative: 0 is the pivot.
        assert_eq!(
            Configuration::classify([true, true, false]),
            RomanticTriangle { pivot: 0 }
        );
        assert_eq!(
            Configuration::classify([true, false, true]),
            RomanticTriangle { pivot: 1 }
        );
        assert_eq!(
            Configuration::classify([false, true, true]),
            RomanticTriangle { pivot: 2 }
        );
        assert_eq!(
            Configuration::classify([true, false, false]),
            StableMarriage { couple: (0, 1) }
        );
        assert_eq!(
            Configuration::classify([false, true, false]),
            StableMarriage { couple: (0, 2) }
        );
        assert_eq!(
            Configuration::classify([false, false, true]),
            StableMarriage { couple: (1, 2) }
        );
    }

    #[test]
    fn ideal_distance_trio_counts_closer_as_positive() {
        // 1 and 2 close; 3 far from both; others spread: stable marriage of 1 and 2.
        let m = YearMatrix::ideal_distance(
            2000,
            &[(1, 0.0), (2, 0.1), (3, 3.0), (4, 1.0), (5, 1.5), (6, -1.0)],
        );
        let t = trio_from_matrix(&m, [1, 2, 3]).unwrap();
        assert_eq!(
            t.configuration,
            Configuration::StableMarriage { couple: (0, 1) }
        );
        assert!(t.stability.is_none());
        let t = trio_from_matrix(&m, [1, 2, 4]).unwrap();
        assert_eq!(t.configuration, Configuration::MenageATrois, "{t:?}");
    }
}
