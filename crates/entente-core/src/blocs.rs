//! Voting blocs: communities of a year's alignment network (Leiden, modularity), their
//! cohesion, their stability under the roll-call bootstrap, and labels that follow a
//! bloc from year to year.

use std::collections::BTreeSet;

use rayon::prelude::*;

use crate::agreement::Block;
use crate::leiden::{Graph, leiden};
use crate::measures::Measure;
use crate::network::YearMatrix;

/// Settings of bloc detection.
#[derive(Clone, Copy, Debug)]
pub struct BlocOptions {
    /// Modularity resolution γ (1 = Newman–Girvan; higher: more, smaller blocs).
    pub resolution: f64,
    /// Bootstrap replicates for stability (0: none).
    pub reps: usize,
    pub seed: u64,
    /// The least Jaccard overlap for a bloc to keep an earlier year's label.
    pub min_overlap: f64,
}

impl Default for BlocOptions {
    fn default() -> Self {
        BlocOptions {
            resolution: 1.0,
            reps: 100,
            seed: 42,
            min_overlap: 0.3,
        }
    }
}

/// One bloc of one year.
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Bloc {
    /// A label kept across years (see [`track_labels`]); 0 until tracked.
    pub label: u32,
    /// Members (COW codes), by strength inside the bloc (most central first).
    pub members: Vec<u16>,
    /// Mean score over pairs of members (NaN for a single state).
    #[serde(with = "nan_as_null")]
    pub cohesion: f64,
    /// Mean score over pairs with one member and one non-member (NaN if none).
    #[serde(with = "nan_as_null")]
    pub between: f64,
    /// Mean of the members' stability (see [`YearBlocs::state_stability`]).
    pub stability: Option<f64>,
}

/// The blocs of one year.
#[derive(Clone, Debug, serde::Serialize, serde::Deserialize)]
pub struct YearBlocs {
    pub year: i32,
    /// States of the network (COW codes, ascending).
    pub states: Vec<u16>,
    /// Bloc index (into `blocs`) of each state.
    pub membership: Vec<usize>,
    pub blocs: Vec<Bloc>,
    pub modularity: f64,
    /// Per state: mean over replicates of the Jaccard overlap between its bloc and its
    /// bloc in the replicate (1: always with exactly the same partners).
    pub state_stability: Option<Vec<f64>>,
}

/// NaN written as JSON null and read back as NaN (JSON has no NaN).
mod nan_as_null {
    use serde::{Deserialize, Deserializer, Serializer};

    pub fn serialize<S: Serializer>(v: &f64, s: S) -> Result<S::Ok, S::Error> {
        if v.is_nan() {
            s.serialize_none()
        } else {
            s.serialize_some(v)
        }
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<f64, D::Error> {
        Ok(Option::<f64>::deserialize(d)?.unwrap_or(f64::NAN))
    }
}

/// A node seed derived from the run seed and the year, so years are independent of
/// each other and of the order they are computed in.
fn year_seed(seed: u64, year: i32, rep: usize) -> u64 {
    seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) ^ ((year as u64) << 20) ^ rep as u64
}

/// Bloc membership of a matrix: (membership, number of blocs, modularity).
pub fn detect(matrix: &YearMatrix, resolution: f64, seed: u64) -> (Vec<usize>, usize, f64) {
    let graph = Graph::from_dense(matrix.len(), &matrix.weights());
    let p = leiden(&graph, resolution, seed);
    (p.membership, p.count, p.modularity)
}

/// The blocs of a year (without stability: see [`add_stability`]).
pub fn year_blocs(matrix: &YearMatrix, options: &BlocOptions) -> YearBlocs {
    let (membership, count, modularity) = detect(
        matrix,
        options.resolution,
        year_seed(options.seed, matrix.year, 0),
    );
    let n = matrix.len();
    let weights = matrix.weights();
    let mut blocs = Vec::with_capacity(count);
    for c in 0..count {
        let idx: Vec<usize> = (0..n).filter(|&i| membership[i] == c).collect();
        let mut strength: Vec<(usize, f64)> = idx
            .iter()
            .map(|&i| (i, idx.iter().map(|&j| weights[i * n + j]).sum::<f64>()))
            .collect();
        strength.sort_by(|x, y| y.1.total_cmp(&x.1).then(x.0.cmp(&y.0)));
        let mean = |pairs: &mut dyn Iterator<Item = (usize, usize)>| {
            let (sum, count) = pairs
                .filter_map(|(i, j)| matrix.get(i, j))
                .fold((0.0, 0usize), |(s, c), v| (s + v, c + 1));
            if count == 0 {
                f64::NAN
            } else {
                sum / count as f64
            }
        };
        let cohesion = mean(
            &mut idx
                .iter()
                .flat_map(|&i| idx.iter().filter(move |&&j| j > i).map(move |&j| (i, j))),
        );
        let between = mean(
            &mut idx
                .iter()
                .flat_map(|&i| (0..n).filter(|&j| membership[j] != c).map(move |j| (i, j))),
        );
        blocs.push(Bloc {
            label: 0,
            members: strength.iter().map(|&(i, _)| matrix.states[i]).collect(),
            cohesion,
            between,
            stability: None,
        });
    }
    YearBlocs {
        year: matrix.year,
        states: matrix.states.clone(),
        membership,
        blocs,
        modularity,
        state_stability: None,
    }
}

/// Fills the stability of a year's blocs from `options.reps` bootstrap replicates of
/// its roll calls (the agreement `measure` recomputed for every pair from the same
/// draws, blocs detected again). `yb` must come from `block`'s matrix of `measure`.
pub fn add_stability(yb: &mut YearBlocs, block: &Block, measure: Measure, options: &BlocOptions) {
    if options.reps == 0 {
        return;
    }
    let shares: Vec<Vec<f64>> = (0..options.reps)
        .into_par_iter()
        .map(|rep| {
            let rs = block.resample(options.seed, rep);
            let replicate = YearMatrix::agreement(block, measure, Some(&rs));
            let (m2, _, _) = detect(
                &replicate,
                options.resolution,
                year_seed(options.seed, yb.year, rep + 1),
            );
            // A state the replicate never drew is a bloc of its own there.
            let mut lone = m2.iter().copied().max().map_or(0, |m| m + 1);
            let aligned: Vec<usize> = yb
                .states
                .iter()
                .map(|&cc| {
                    replicate.index(cc).map_or_else(
                        || {
                            lone += 1;
                            lone
                        },
                        |i| m2[i],
                    )
                })
                .collect();
            jaccard_per_state(&yb.membership, &aligned)
        })
        .collect();
    // Summed in replicate order: the same last digits whatever the threads did (a
    // parallel reduce added them in the order work was stolen).
    let mut total = vec![0.0; yb.states.len()];
    for replicate in shares {
        for (t, s) in total.iter_mut().zip(replicate) {
            *t += s;
        }
    }
    let per_state: Vec<f64> = total.iter().map(|t| t / options.reps as f64).collect();
    for (c, bloc) in yb.blocs.iter_mut().enumerate() {
        let members: Vec<f64> = (0..per_state.len())
            .filter(|&i| yb.membership[i] == c)
            .map(|i| per_state[i])
            .collect();
        bloc.stability = Some(members.iter().sum::<f64>() / members.len() as f64);
    }
    yb.state_stability = Some(per_state);
}

/// For each node, |A ∩ B| / |A ∪ B| of its community in `a` and its community in `b`.
pub fn jaccard_per_state(a: &[usize], b: &[usize]) -> Vec<f64> {
    let ka = a.iter().copied().max().map_or(0, |m| m + 1);
    let kb = b.iter().copied().max().map_or(0, |m| m + 1);
    let mut overlap = vec![0usize; ka * kb];
    let mut size_a = vec![0usize; ka];
    let mut size_b = vec![0usize; kb];
    for (&x, &y) in a.iter().zip(b) {
        overlap[x * kb + y] += 1;
        size_a[x] += 1;
        size_b[y] += 1;
    }
    a.iter()
        .zip(b)
        .map(|(&x, &y)| {
            let inter = overlap[x * kb + y];
            inter as f64 / (size_a[x] + size_b[y] - inter) as f64
        })
        .collect()
}

fn jaccard(a: &BTreeSet<u16>, b: &BTreeSet<u16>) -> f64 {
    let inter = a.intersection(b).count();
    let union = a.len() + b.len() - inter;
    if union == 0 {
        0.0
    } else {
        inter as f64 / union as f64
    }
}

/// How many earlier years a label may skip and still be picked up again.
const LABEL_MEMORY: i32 = 3;

/// Gives blocs labels that follow them through time: years in order, each bloc takes
/// the label of the recently seen bloc it overlaps most (Jaccard of members, at least
/// `min_overlap`; pairs matched greedily from the largest overlap; a label seen within
/// the last three years may be picked up again); the others get new labels. Labels
/// are numbered from 1 in order of first appearance.
pub fn track_labels(years: &mut [YearBlocs], min_overlap: f64) {
    years.sort_by_key(|y| y.year);
    // label → (last year seen, members then)
    let mut recent: Vec<(u32, i32, BTreeSet<u16>)> = Vec::new();
    let mut next_label = 1u32;
    for y in years.iter_mut() {
        let sets: Vec<BTreeSet<u16>> = y
            .blocs
            .iter()
            .map(|b| b.members.iter().copied().collect())
            .collect();
        let mut pairs: Vec<(f64, usize, usize)> = Vec::new();
        for (bi, set) in sets.iter().enumerate() {
            for (ri, (_, last, members)) in recent.iter().enumerate() {
                if y.year - last > LABEL_MEMORY {
                    continue;
                }
                let j = jaccard(set, members);
                if j >= min_overlap {
                    pairs.push((j, bi, ri));
                }
            }
        }
        // Largest overlap first; ties: the bigger bloc, then the older label.
        pairs.sort_by(|x, z| {
            z.0.total_cmp(&x.0)
                .then(sets[z.1].len().cmp(&sets[x.1].len()))
                .then(recent[x.2].0.cmp(&recent[z.2].0))
        });
        let mut bloc_done = vec![false; sets.len()];
        let mut label_done = vec![false; recent.len()];
        for (_, bi, ri) in pairs {
            if bloc_done[bi] || label_done[ri] {
                continue;
            }
            bloc_done[bi] = true;
            label_done[ri] = true;
            y.blocs[bi].label = recent[ri].0;
        }
        for (bi, done) in bloc_done.iter().enumerate() {
            if !done {
                y.blocs[bi].label = next_label;
                next_label += 1;
            }
        }
        for (bi, set) in sets.into_iter().enumerate() {
            let label = y.blocs[bi].label;
            match recent.iter_mut().find(|r| r.0 == label) {
                Some(r) => {
                    r.1 = y.year;
                    r.2 = set;
                }
                None => recent.push((label, y.year, set)),
            }
        }
    }
}

/// Blocs for many years in parallel (without stability), labelled across years.
pub fn all_years(matrices: &[YearMatrix], options: &BlocOptions) -> Vec<YearBlocs> {
    let mut years: Vec<YearBlocs> = matrices
        .par_iter()
        .map(|m| year_blocs(m, options))
        .collect();
    track_labels(&mut years, options.min_overlap);
    years
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::network::Score;
    use rand::rngs::StdRng;
    use rand::{RngExt, SeedableRng};

    /// A matrix with planted groups: `inside` agreement within, `outside` between.
    fn planted(year: i32, groups: &[&[u16]], inside: f64, outside: f64, seed: u64) -> YearMatrix {
        let mut states: Vec<u16> = groups.iter().flat_map(|g| g.iter().copied()).collect();
        states.sort_unstable();
        let group_of = |c: u16| groups.iter().position(|g| g.contains(&c));
        let n = states.len();
        let mut rng = StdRng::seed_from_u64(seed);
        let mut values = vec![f64::NAN; n * n];
        for i in 0..n {
            for j in i + 1..n {
                let base = if group_of(states[i]) == group_of(states[j]) {
                    inside
                } else {
                    outside
                };
                let v = base + 0.08 * (rng.random::<f64>() - 0.5);
                values[i * n + j] = v;
                values[j * n + i] = v;
            }
        }
        YearMatrix {
            year,
            score: Score::Agreement(Measure::Agree),
            states,
            values,
        }
    }

    const WEST: &[u16] = &[2, 20, 200, 210, 211, 220, 230, 255, 325, 380, 385, 390];
    const EAST: &[u16] = &[290, 310, 315, 345, 355, 360, 365, 370, 371, 372, 373];
    const SOUTH: &[u16] = &[
        40, 41, 42, 70, 100, 130, 135, 140, 145, 150, 155, 160, 165, 432, 433, 434,
    ];

    #[test]
    fn recovers_planted_blocs_and_measures_cohesion() {
        let m = planted(1985, &[WEST, EAST, SOUTH], 0.9, 0.55, 1);
        let yb = year_blocs(&m, &BlocOptions::default());
        assert_eq!(yb.blocs.len(), 3);
        let mut found: Vec<BTreeSet<u16>> = yb
            .blocs
            .iter()
            .map(|b| b.members.iter().copied().collect())
            .collect();
        found.sort();
        let mut truth: Vec<BTreeSet<u16>> = [WEST, EAST, SOUTH]
            .iter()
            .map(|g| g.iter().copied().collect())
            .collect();
        truth.sort();
        assert_eq!(found, truth);
        for b in &yb.blocs {
            assert!((b.cohesion - 0.9).abs() < 0.02, "{b:?}");
            assert!((b.between - 0.55).abs() < 0.02, "{b:?}");
        }
        assert!(yb.modularity > 0.05);
    }

    #[test]
    fn labels_follow_blocs_through_time() {
        // Year 1: West, East, South. Year 2: the East joins the West; year 3: it leaves.
        let merged: Vec<u16> = WEST.iter().chain(EAST).copied().collect();
        let mut years = vec![
            year_blocs(
                &planted(1990, &[WEST, EAST, SOUTH], 0.9, 0.5, 1),
                &BlocOptions::default(),
            ),
            year_blocs(
                &planted(1991, &[&merged, SOUTH], 0.9, 0.5, 2),
                &BlocOptions::default(),
            ),
            year_blocs(
                &planted(1992, &[SOUTH, EAST, WEST], 0.9, 0.5, 3),
                &BlocOptions::default(),
            ),
        ];
        track_labels(&mut years, 0.3);
        let label_of = |y: &YearBlocs, c: u16| {
            y.blocs
                .iter()
                .find(|b| b.members.contains(&c))
                .map(|b| b.label)
                .unwrap()
        };
        let (west, east, south) = (
            label_of(&years[0], 2),
            label_of(&years[0], 365),
            label_of(&years[0], 40),
        );
        assert_eq!([west, east, south].iter().collect::<BTreeSet<_>>().len(), 3);
        // The merged bloc keeps the West's label (larger overlap); the South keeps its own.
        assert_eq!(label_of(&years[1], 2), west);
        assert_eq!(label_of(&years[1], 365), west);
        assert_eq!(label_of(&years[1], 40), south);
        // The East re-emerges within the label memory and gets its old label back.
        assert_eq!(label_of(&years[2], 365), east);
        assert_eq!(label_of(&years[2], 2), west);
        assert_eq!(label_of(&years[2], 40), south);
    }

    /// Votes of `groups` of states on `n` roll calls: each group has a line per roll
    /// call (yes, abstain or no) that members follow with probability `loyalty`.
    fn planted_votes(groups: &[&[u16]], n: usize, loyalty: f64, seed: u64) -> crate::VoteTable {
        let mut rng = StdRng::seed_from_u64(seed);
        let lines: Vec<Vec<char>> = groups
            .iter()
            .map(|_| {
                (0..n)
                    .map(|_| ['Y', 'A', 'N'][rng.random_range(0..3)])
                    .collect()
            })
            .collect();
        let mut rows: Vec<(u16, String)> = Vec::new();
        for (g, members) in groups.iter().enumerate() {
            for &cc in members.iter() {
                let s: String = (0..n)
                    .map(|r| {
                        if rng.random::<f64>() < loyalty {
                            lines[g][r]
                        } else {
                            ['Y', 'A', 'N'][rng.random_range(0..3)]
                        }
                    })
                    .collect();
                rows.push((cc, s));
            }
        }
        let refs: Vec<(u16, &str)> = rows.iter().map(|(c, s)| (*c, s.as_str())).collect();
        crate::agreement::tests::table(60, &refs)
    }

    #[test]
    fn planted_blocs_in_votes_are_found_and_stable() {
        let t = planted_votes(&[WEST, EAST, SOUTH], 80, 0.85, 4);
        let blk = &crate::agreement::blocks(
            &t,
            &crate::votes::RollCallFilter::default(),
            crate::agreement::Grouping::Year,
        )[0];
        let m = YearMatrix::agreement(blk, Measure::Agree, None);
        let options = BlocOptions {
            reps: 50,
            ..BlocOptions::default()
        };
        let mut yb = year_blocs(&m, &options);
        assert_eq!(yb.blocs.len(), 3);
        add_stability(&mut yb, blk, Measure::Agree, &options);
        for b in &yb.blocs {
            assert!(b.stability.unwrap() > 0.95, "{b:?}");
        }
        // Without structure, the partition is noise and the bootstrap says so.
        let all: Vec<u16> = WEST.iter().chain(EAST).chain(SOUTH).copied().collect();
        let t = planted_votes(&[&all], 80, 0.0, 5);
        let blk = &crate::agreement::blocks(
            &t,
            &crate::votes::RollCallFilter::default(),
            crate::agreement::Grouping::Year,
        )[0];
        let m = YearMatrix::agreement(blk, Measure::Agree, None);
        let mut yb = year_blocs(&m, &options);
        add_stability(&mut yb, blk, Measure::Agree, &options);
        let mean: f64 = yb.state_stability.as_ref().unwrap().iter().sum::<f64>() / all.len() as f64;
        assert!(mean < 0.6, "noise blocs look stable: {mean}");
    }

    #[test]
    fn jaccard_per_state_of_identical_and_split_partitions() {
        assert_eq!(
            jaccard_per_state(&[0, 0, 1], &[1, 1, 0]),
            vec![1.0, 1.0, 1.0]
        );
        let j = jaccard_per_state(&[0, 0, 0, 0], &[0, 0, 1, 1]);
        assert_eq!(j, vec![0.5; 4]);
    }
}
