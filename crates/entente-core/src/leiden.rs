//! Leiden community detection (Traag, Waltman & van Eck, "From Louvain to Leiden:
//! guaranteeing well-connected communities", Scientific Reports 9, 5233, 2019),
//! maximising modularity with a resolution parameter γ on a weighted undirected graph:
//!
//! Q = Σ_c [ E_c / m − γ (K_c / 2m)² ]
//!
//! where E_c is the weight of the edges inside community c, K_c the summed strength of
//! its nodes and m the total edge weight (Newman–Girvan modularity at γ = 1; the
//! Reichardt–Bornholdt configuration model otherwise). Each pass runs fast local
//! moving, the refinement (random merges, randomness θ = 0.01, within each community
//! and only of well-connected nodes and sub-communities) and aggregation by the refined
//! partition, as in the paper; passes repeat from the last partition until one changes
//! nothing (leidenalg's `n_iterations = -1`). Seeded: the same graph and seed give the
//! same partition.

use std::collections::VecDeque;

use rand::rngs::StdRng;
use rand::seq::SliceRandom;
use rand::{RngExt, SeedableRng};

/// Randomness of the refinement step (θ in the paper; leidenalg's default).
const THETA: f64 = 0.01;
/// Improvements smaller than this are treated as none (floating-point noise).
const EPS: f64 = 1e-12;
/// A bound on full passes; real graphs converge in a handful.
const MAX_PASSES: usize = 100;

/// A weighted undirected graph in compressed adjacency form, with self-loops kept apart
/// (aggregated nodes carry their internal weight as a self-loop).
#[derive(Clone, Debug)]
pub struct Graph {
    offsets: Vec<usize>,
    targets: Vec<usize>,
    weights: Vec<f64>,
    /// Self-loop weight per node (counted once as an edge; twice in the strength).
    self_loops: Vec<f64>,
    /// k_i = Σ_j A_ij with A_ii = 2 × self-loop.
    strength: Vec<f64>,
    /// 2m = Σ_i k_i.
    total: f64,
}

impl Graph {
    /// From a dense symmetric `n × n` weight matrix (row-major). The diagonal, zero and
    /// non-finite weights are ignored; weights must be non-negative.
    pub fn from_dense(n: usize, weights: &[f64]) -> Graph {
        assert_eq!(weights.len(), n * n, "dense matrix must be n × n");
        let mut edges = Vec::new();
        for i in 0..n {
            for j in i + 1..n {
                let w = weights[i * n + j];
                if w.is_finite() && w > 0.0 {
                    edges.push((i, j, w));
                }
            }
        }
        Graph::from_edges(n, &edges)
    }

    /// From an edge list `(i, j, w)`, `i != j`, each undirected edge once.
    pub fn from_edges(n: usize, edges: &[(usize, usize, f64)]) -> Graph {
        Graph::build(n, edges, vec![0.0; n])
    }

    fn build(n: usize, edges: &[(usize, usize, f64)], self_loops: Vec<f64>) -> Graph {
        let mut degree = vec![0usize; n];
        for &(i, j, _) in edges {
            degree[i] += 1;
            degree[j] += 1;
        }
        let mut offsets = vec![0usize; n + 1];
        for i in 0..n {
            offsets[i + 1] = offsets[i] + degree[i];
        }
        let mut fill = offsets.clone();
        let mut targets = vec![0usize; offsets[n]];
        let mut weights = vec![0.0; offsets[n]];
        let mut strength: Vec<f64> = self_loops.iter().map(|s| 2.0 * s).collect();
        for &(i, j, w) in edges {
            targets[fill[i]] = j;
            weights[fill[i]] = w;
            fill[i] += 1;
            targets[fill[j]] = i;
            weights[fill[j]] = w;
            fill[j] += 1;
            strength[i] += w;
            strength[j] += w;
        }
        let total = strength.iter().sum();
        Graph {
            offsets,
            targets,
            weights,
            self_loops,
            strength,
            total,
        }
    }

    pub fn len(&self) -> usize {
        self.strength.len()
    }

    pub fn is_empty(&self) -> bool {
        self.strength.is_empty()
    }

    fn neighbours(&self, v: usize) -> impl Iterator<Item = (usize, f64)> + '_ {
        let range = self.offsets[v]..self.offsets[v + 1];
        self.targets[range.clone()]
            .iter()
            .copied()
            .zip(self.weights[range].iter().copied())
    }

    /// The graph whose nodes are the groups of `membership` (values `0..k`): edge
    /// weights summed, internal weight as self-loops.
    fn aggregate(&self, membership: &[usize], k: usize) -> Graph {
        let mut self_loops = vec![0.0; k];
        let mut pair_weight: std::collections::HashMap<(usize, usize), f64> = Default::default();
        for v in 0..self.len() {
            let cv = membership[v];
            self_loops[cv] += self.self_loops[v];
            for (u, w) in self.neighbours(v) {
                if u < v {
                    continue;
                }
                let cu = membership[u];
                if cu == cv {
                    self_loops[cv] += w;
                } else {
                    *pair_weight.entry((cv.min(cu), cv.max(cu))).or_default() += w;
                }
            }
        }
        let mut edges: Vec<(usize, usize, f64)> = pair_weight
            .into_iter()
            .map(|((a, b), w)| (a, b, w))
            .collect();
        edges.sort_by_key(|e| (e.0, e.1));
        Graph::build(k, &edges, self_loops)
    }
}

/// Modularity of a partition (values of `membership` are community ids) at resolution γ.
pub fn modularity(graph: &Graph, membership: &[usize], resolution: f64) -> f64 {
    if graph.total <= 0.0 {
        return 0.0;
    }
    let k = membership.iter().copied().max().map_or(0, |m| m + 1);
    let mut internal = vec![0.0; k];
    let mut strength = vec![0.0; k];
    for v in 0..graph.len() {
        let c = membership[v];
        strength[c] += graph.strength[v];
        internal[c] += graph.self_loops[v];
        for (u, w) in graph.neighbours(v) {
            if u > v && membership[u] == c {
                internal[c] += w;
            }
        }
    }
    let m = graph.total / 2.0;
    internal
        .iter()
        .zip(&strength)
        .map(|(e, s)| e / m - resolution * (s / graph.total).powi(2))
        .sum()
}

/// A partition found by [`leiden`]: community ids `0..count`, numbered by size
/// (largest first; ties by smallest node), and its modularity.
#[derive(Clone, Debug, PartialEq)]
pub struct Partition {
    pub membership: Vec<usize>,
    pub count: usize,
    pub modularity: f64,
}

/// Leiden community detection at resolution γ (1 = classic modularity), seeded.
pub fn leiden(graph: &Graph, resolution: f64, seed: u64) -> Partition {
    let n = graph.len();
    let mut rng = StdRng::seed_from_u64(seed);
    let mut membership: Vec<usize> = (0..n).collect();
    let mut quality = modularity(graph, &membership, resolution);
    for _ in 0..MAX_PASSES {
        let next = one_pass(graph, &membership, resolution, &mut rng);
        let q = modularity(graph, &next, resolution);
        if q <= quality + EPS {
            break;
        }
        membership = next;
        quality = q;
    }
    let (membership, count) = renumber_by_size(&membership);
    Partition {
        modularity: modularity(graph, &membership, resolution),
        membership,
        count,
    }
}

/// One Leiden pass from `start` on the original graph: local moving, refinement and
/// aggregation until aggregation no longer shrinks the graph.
fn one_pass(graph: &Graph, start: &[usize], resolution: f64, rng: &mut StdRng) -> Vec<usize> {
    let (start, _) = renumber(start);
    // `node_of[v]`: the aggregate node holding original node v.
    let mut node_of: Vec<usize> = (0..graph.len()).collect();
    let mut current = graph.clone();
    let mut partition = start;
    loop {
        move_nodes_fast(&current, &mut partition, resolution, rng);
        let (p, k) = renumber(&partition);
        partition = p;
        if k == current.len() {
            break;
        }
        let refined = refine(&current, &partition, k, resolution, rng);
        let (refined, kr) = renumber(&refined);
        if kr == current.len() {
            break;
        }
        // The aggregate's initial partition: each refined community's community.
        let mut next_partition = vec![0usize; kr];
        for v in 0..current.len() {
            next_partition[refined[v]] = partition[v];
        }
        current = current.aggregate(&refined, kr);
        for x in node_of.iter_mut() {
            *x = refined[*x];
        }
        partition = next_partition;
    }
    node_of.iter().map(|&x| partition[x]).collect()
}

/// Fast local moving: visit nodes from a queue (random initial order), move each to the
/// community with the largest positive gain, and requeue neighbours that may now gain.
fn move_nodes_fast(graph: &Graph, membership: &mut [usize], resolution: f64, rng: &mut StdRng) {
    let n = graph.len();
    // Community ids stay below n; a node may open an empty community.
    let mut comm_strength = vec![0.0; n];
    let mut comm_size = vec![0usize; n];
    for v in 0..n {
        comm_strength[membership[v]] += graph.strength[v];
        comm_size[membership[v]] += 1;
    }
    let mut empty: Vec<usize> = (0..n).filter(|&c| comm_size[c] == 0).collect();
    let mut order: Vec<usize> = (0..n).collect();
    order.shuffle(rng);
    let mut queue: VecDeque<usize> = order.into_iter().collect();
    let mut queued = vec![true; n];
    let mut to_comm = vec![0.0; n];
    let mut touched: Vec<usize> = Vec::new();
    let scale = resolution / graph.total;
    while let Some(v) = queue.pop_front() {
        queued[v] = false;
        let kv = graph.strength[v];
        let old = membership[v];
        for (u, w) in graph.neighbours(v) {
            let c = membership[u];
            if to_comm[c] == 0.0 {
                touched.push(c);
            }
            to_comm[c] += w;
        }
        comm_strength[old] -= kv;
        comm_size[old] -= 1;
        if comm_size[old] == 0 {
            empty.push(old);
        }
        // Gain of joining c relative to being alone: w(v, c) − γ k_v K_c / 2m.
        let mut best = old;
        let mut best_gain = to_comm[old] - scale * kv * comm_strength[old];
        for &c in &touched {
            let gain = to_comm[c] - scale * kv * comm_strength[c];
            if gain > best_gain + EPS {
                best = c;
                best_gain = gain;
            }
        }
        if best_gain < -EPS
            && let Some(&e) = empty.last()
        {
            best = e;
        }
        if comm_size[best] == 0 {
            empty.retain(|&c| c != best);
        }
        comm_strength[best] += kv;
        comm_size[best] += 1;
        membership[v] = best;
        for &c in &touched {
            to_comm[c] = 0.0;
        }
        touched.clear();
        if best != old {
            for (u, _) in graph.neighbours(v) {
                if !queued[u] && membership[u] != best {
                    queued[u] = true;
                    queue.push_back(u);
                }
            }
        }
    }
}

/// The refinement: within each community, start from singletons and merge
/// well-connected nodes into well-connected sub-communities, choosing among the
/// non-negative gains at random with probability ∝ exp(gain / θ).
fn refine(
    graph: &Graph,
    partition: &[usize],
    k: usize,
    resolution: f64,
    rng: &mut StdRng,
) -> Vec<usize> {
    let n = graph.len();
    let scale = resolution / graph.total;
    let mut comm_strength = vec![0.0; k];
    for v in 0..n {
        comm_strength[partition[v]] += graph.strength[v];
    }
    // Refined communities start as singletons: refined id = node id.
    let mut refined: Vec<usize> = (0..n).collect();
    let mut ref_strength = graph.strength.clone();
    let mut ref_size = vec![1usize; n];
    // Weight from each refined community to the rest of its community.
    let mut ref_external = vec![0.0; n];
    for v in 0..n {
        ref_external[v] = graph
            .neighbours(v)
            .filter(|&(u, _)| partition[u] == partition[v])
            .map(|(_, w)| w)
            .sum();
    }
    let node_external = ref_external.clone();
    let mut order: Vec<usize> = (0..n).collect();
    order.shuffle(rng);
    let mut to_comm = vec![0.0; n];
    let mut touched: Vec<usize> = Vec::new();
    let mut candidates: Vec<(usize, f64)> = Vec::new();
    for v in order {
        let s = partition[v];
        let kv = graph.strength[v];
        let well_connected = |external: f64, strength: f64| {
            external >= scale * strength * (comm_strength[s] - strength) - EPS
        };
        if ref_size[refined[v]] != 1 || !well_connected(node_external[v], kv) {
            continue;
        }
        for (u, w) in graph.neighbours(v) {
            if partition[u] != s {
                continue;
            }
            let c = refined[u];
            if to_comm[c] == 0.0 {
                touched.push(c);
            }
            to_comm[c] += w;
        }
        let own = refined[v];
        candidates.clear();
        for &c in &touched {
            if c == own || !well_connected(ref_external[c], ref_strength[c]) {
                continue;
            }
            let gain = to_comm[c] - scale * kv * ref_strength[c];
            if gain >= 0.0 {
                candidates.push((c, gain));
            }
        }
        if !candidates.is_empty() {
            // Staying alone has gain 0 and takes part in the draw.
            let top = candidates.iter().map(|c| c.1).fold(0.0, f64::max);
            let stay = ((0.0 - top) / THETA).exp();
            let probs: Vec<f64> = candidates
                .iter()
                .map(|c| ((c.1 - top) / THETA).exp())
                .collect();
            let total: f64 = stay + probs.iter().sum::<f64>();
            let mut draw = rng.random::<f64>() * total;
            let mut chosen = own;
            for (c, p) in candidates.iter().zip(&probs) {
                if draw < *p {
                    chosen = c.0;
                    break;
                }
                draw -= p;
            }
            if chosen != own {
                ref_strength[chosen] += kv;
                ref_size[chosen] += 1;
                ref_external[chosen] += node_external[v] - 2.0 * to_comm[chosen];
                ref_strength[own] = 0.0;
                ref_size[own] = 0;
                refined[v] = chosen;
            }
        }
        for &c in &touched {
            to_comm[c] = 0.0;
        }
        touched.clear();
    }
    refined
}

/// Relabels ids to `0..k` in order of first appearance; returns the count.
fn renumber(membership: &[usize]) -> (Vec<usize>, usize) {
    let mut map = std::collections::HashMap::new();
    let out = membership
        .iter()
        .map(|&c| {
            let next = map.len();
            *map.entry(c).or_insert(next)
        })
        .collect();
    (out, map.len())
}

/// Relabels ids to `0..k` by community size (largest first), ties by smallest node.
fn renumber_by_size(membership: &[usize]) -> (Vec<usize>, usize) {
    let (m, k) = renumber(membership);
    let mut size = vec![0usize; k];
    for &c in &m {
        size[c] += 1;
    }
    // First appearance order already breaks ties by smallest node.
    let mut order: Vec<usize> = (0..k).collect();
    order.sort_by_key(|&c| std::cmp::Reverse(size[c]));
    let mut rank = vec![0usize; k];
    for (r, &c) in order.iter().enumerate() {
        rank[c] = r;
    }
    (m.iter().map(|&c| rank[c]).collect(), k)
}

/// Whether two memberships describe the same partition (ids may differ).
pub fn same_partition(a: &[usize], b: &[usize]) -> bool {
    a.len() == b.len() && renumber(a).0 == renumber(b).0
}

/// Adjusted Rand index of two partitions of the same nodes (1: identical).
pub fn adjusted_rand(a: &[usize], b: &[usize]) -> f64 {
    let (a, ka) = renumber(a);
    let (b, kb) = renumber(b);
    let n = a.len();
    let mut table = vec![0u64; ka * kb];
    for (x, y) in a.iter().zip(&b) {
        table[x * kb + y] += 1;
    }
    let pairs = |x: u64| (x * x.saturating_sub(1) / 2) as f64;
    let sum_cells: f64 = table.iter().map(|&x| pairs(x)).sum();
    let row: f64 = (0..ka)
        .map(|i| pairs(table[i * kb..(i + 1) * kb].iter().sum()))
        .sum();
    let col: f64 = (0..kb)
        .map(|j| pairs((0..ka).map(|i| table[i * kb + j]).sum()))
        .sum();
    let expected = row * col / pairs(n as u64).max(1.0);
    let max = (row + col) / 2.0;
    if (max - expected).abs() < 1e-12 {
        return 1.0;
    }
    (sum_cells - expected) / (max - expected)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A planted partition: `groups` blocks of `size` nodes, weight `inside` within and
    /// `outside` between, with seeded noise of ±`noise`.
    pub(crate) fn planted(
        groups: usize,
        size: usize,
        inside: f64,
        outside: f64,
        noise: f64,
        seed: u64,
    ) -> (Graph, Vec<usize>) {
        let n = groups * size;
        let mut rng = StdRng::seed_from_u64(seed);
        let mut edges = Vec::new();
        for i in 0..n {
            for j in i + 1..n {
                let base = if i / size == j / size {
                    inside
                } else {
                    outside
                };
                let w = base + noise * (2.0 * rng.random::<f64>() - 1.0);
                if w > 0.0 {
                    edges.push((i, j, w));
                }
            }
        }
        (
            Graph::from_edges(n, &edges),
            (0..n).map(|i| i / size).collect(),
        )
    }

    #[test]
    fn recovers_planted_blocs_in_a_dense_weighted_graph() {
        for seed in 0..5 {
            let (g, truth) = planted(4, 12, 0.9, 0.6, 0.15, seed);
            let p = leiden(&g, 1.0, seed);
            assert!(same_partition(&p.membership, &truth), "seed {seed}: {p:?}");
            assert!((p.modularity - modularity(&g, &truth, 1.0)).abs() < 1e-12);
        }
    }

    #[test]
    fn two_cliques_joined_by_one_edge() {
        let mut edges = Vec::new();
        for base in [0, 5] {
            for i in 0..5 {
                for j in i + 1..5 {
                    edges.push((base + i, base + j, 1.0));
                }
            }
        }
        edges.push((4, 5, 1.0));
        let g = Graph::from_edges(10, &edges);
        let p = leiden(&g, 1.0, 1);
        assert_eq!(p.count, 2);
        assert_eq!(p.membership, vec![0, 0, 0, 0, 0, 1, 1, 1, 1, 1]);
        // Q = 2 × (10/21 − (21/42)²) = 0.4523…
        assert!((p.modularity - (2.0 * (10.0 / 21.0 - 0.25))).abs() < 1e-12);
    }

    #[test]
    fn seeded_and_resolution_controls_granularity() {
        let (g, _) = planted(4, 10, 0.9, 0.6, 0.1, 3);
        assert_eq!(leiden(&g, 1.0, 7), leiden(&g, 1.0, 7));
        assert_eq!(leiden(&g, 0.5, 7).count, 1, "low resolution: one community");
        assert!(leiden(&g, 1.0, 7).count == 4);
    }

    #[test]
    fn communities_are_connected() {
        // The guarantee Louvain lacks: every community is connected inside itself.
        for seed in 0..20 {
            let (g, _) = planted(3, 8, 0.5, 0.05, 0.45, seed);
            let p = leiden(&g, 1.0, seed);
            for c in 0..p.count {
                let members: Vec<usize> = (0..g.len()).filter(|&v| p.membership[v] == c).collect();
                let mut seen = vec![members[0]];
                let mut stack = vec![members[0]];
                while let Some(v) = stack.pop() {
                    for (u, _) in g.neighbours(v) {
                        if p.membership[u] == c && !seen.contains(&u) {
                            seen.push(u);
                            stack.push(u);
                        }
                    }
                }
                assert_eq!(seen.len(), members.len(), "seed {seed}, community {c}");
            }
        }
    }

    #[test]
    fn adjusted_rand_index() {
        assert_eq!(adjusted_rand(&[0, 0, 1, 1], &[5, 5, 2, 2]), 1.0);
        let ari = adjusted_rand(&[0, 0, 0, 1, 1, 1], &[0, 0, 1, 1, 2, 2]);
        // Known value for this pair of partitions (sklearn: 0.2424…).
        assert!((ari - 0.242_424_242_424).abs() < 1e-9, "{ari}");
    }
}
