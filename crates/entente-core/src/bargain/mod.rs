//! The expected-utility bargaining model of Bueno de Mesquita as reconstructed by
//! Scholz, Calbert & Smith ("Unravelling Bueno de Mesquita's group decision model",
//! J. Theoretical Politics 23(4), 2011). One issue, positions on a scale; actors with
//! capability c, position x and salience s (0–1). Deterministic: no random step.
//!
//! Each round, on the current positions (d = the range of positions, see
//! [`RangeRule`]; w_k = c_k s_k):
//!
//! 1. Votes: k's vote for i over j, v_k(i,j) = w_k (|x_k − x_j| − |x_k − x_i|) / d.
//! 2. Median voter position μ: the actor position that beats every other in pairwise
//!    votes (Σ_k v_k > 0) — on one dimension, the w-weighted median of the positions.
//! 3. Probability that i prevails over j: P_ij = Σ_{k: v_k(i,j) > 0} v_k(i,j) divided by
//!    Σ_k |v_k(i,j)| (the printed equation) or, with [`Replicate::ScholzCode`], by the
//!    absolute votes summed over all pairs (as the authors' code does).
//! 4. Utilities of i towards j with risk exponent r_i (δ = |x_i − x_j|/d,
//!    β = (|x_i − μ| + |x_i − x_j|)/d):
//!    U_s = 2 − 4(½ − ½δ)^r, U_f = 2 − 4(½ + ½δ)^r, U_b = 2 − 4(½ − ¼β)^r,
//!    U_w = 2 − 4(½ + ¼β)^r, U_sq = 2 − 4(½)^r.
//! 5. Expected utility of i challenging j:
//!    E_i(ij) = s_j [P_ij U_s + (1 − P_ij) U_f] + (1 − s_j) U_s − [Q U_sq + (1 − Q)(T U_b + (1 − T) U_w)].
//! 6. Risk: with r = 1, the security of k is S_k = Σ_{j≠k} E_j(jk); R_i = (2 S_i − S_max −
//!    S_min)/(S_max − S_min); r_i = (1 − R_i/3)/(1 + R_i/3) ∈ [½, 2]; steps 4–5 again with r.
//! 7. Offers: for i ≠ j with E_i = E_i(ij) > 0 and E_j = E_j(ji): if E_j > 0 and
//!    E_i > E_j, conflict — i wins, j is to move to x_i; if E_j < 0 and |E_j| < E_i,
//!    compromise — j is to move toward x_i by the share |E_j| / E_i; if E_j < 0 and
//!    |E_j| ≥ E_i, capitulation — j is to move to x_i. Otherwise no offer (status quo).
//! 8. Each actor takes one of the offers it received ([`OfferRule`]) — all at once —
//!    and the next round starts from the new positions.
//!
//! Rounds stop when no position moves by more than `tolerance` × the initial range,
//! or after `max_rounds`. Forecasts: the w-weighted mean and the median voter position.

pub mod compare;
pub mod montecarlo;
pub mod sensitivity;

/// One actor's inputs.
#[derive(Clone, Debug, PartialEq)]
pub struct Actor {
    pub name: String,
    /// Capability (≥ 0; any unit — only ratios matter).
    pub capability: f64,
    /// Position on the issue scale.
    pub position: f64,
    /// Salience, 0–1.
    pub salience: f64,
}

/// The most actors in one scenario (the model's work grows with the cube of their number).
pub const MAX_ACTORS: usize = 500;

/// The largest capability accepted (only ratios matter; larger values overflow the
/// products of the model).
pub const MAX_CAPABILITY: f64 = 1e12;

/// Checks a scenario's actors before a run, the one check for every way in (scenario
/// files, the dashboard's API): 2 to [`MAX_ACTORS`] actors with distinct names;
/// capabilities 0 … [`MAX_CAPABILITY`], not all 0; positions numbers within `scale`;
/// saliences 0 … 1, not all 0. The error names the actor.
pub fn check_actors(actors: &[Actor], (lo, hi): (f64, f64)) -> Result<(), String> {
    if actors.len() < 2 || actors.len() > MAX_ACTORS {
        return Err(format!(
            "a scenario needs 2 to {MAX_ACTORS} actors, not {}",
            actors.len()
        ));
    }
    if !(lo.is_finite() && hi.is_finite() && lo < hi) {
        return Err(format!(
            "scale [{lo}, {hi}]: give [low, high] with low < high"
        ));
    }
    let mut names = std::collections::HashSet::new();
    for a in actors {
        let name: String = a.name.chars().take(80).collect();
        if name.trim().is_empty() {
            return Err("an actor has no name".into());
        }
        if !names.insert(a.name.to_lowercase()) {
            return Err(format!("actor '{name}' appears twice"));
        }
        if !(a.capability.is_finite() && (0.0..=MAX_CAPABILITY).contains(&a.capability)) {
            return Err(format!(
                "actor '{name}': capability must be a number from 0 to {MAX_CAPABILITY:e}, not {:e}",
                a.capability
            ));
        }
        if !(a.position.is_finite() && (lo..=hi).contains(&a.position)) {
            return Err(format!(
                "actor '{name}': position {} is outside the scale [{lo}, {hi}]",
                a.position
            ));
        }
        if !(0.0..=1.0).contains(&a.salience) {
            return Err(format!(
                "actor '{name}': salience must be between 0 and 1, not {}",
                a.salience
            ));
        }
    }
    if actors.iter().all(|a| a.capability == 0.0) {
        return Err("every capability is 0: no actor can move another".into());
    }
    if actors.iter().all(|a| a.salience == 0.0) {
        return Err("every salience is 0: no actor cares about the issue".into());
    }
    Ok(())
}

/// Normalisation of the probability of success (the known difference between the
/// printed equations and the authors' code).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum Replicate {
    /// Σ positive votes / Σ |votes| over the pair at hand (the printed equation).
    #[default]
    Printed,
    /// Σ positive votes / Σ |votes| summed over all pairs (the authors' code).
    ScholzCode,
}

/// Which offer an actor takes when several arrive.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum OfferRule {
    /// The offer that moves it least (ties: the sender with the larger expected
    /// utility, then the earlier actor).
    #[default]
    Closest,
    /// The offer from the sender with the largest expected utility (ties: the
    /// closest, then the earlier actor).
    Strongest,
}

/// The range d that normalises distances.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum RangeRule {
    /// The range of the current positions, recomputed each round.
    #[default]
    Current,
    /// The range of the initial positions, kept for every round.
    Initial,
}

/// Model settings.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Options {
    /// Probability that the status quo persists absent a challenge (Q).
    pub q: f64,
    /// Probability that a change absent a challenge is for the better (T).
    pub t: f64,
    pub replicate: Replicate,
    pub offer: OfferRule,
    pub range: RangeRule,
    pub max_rounds: usize,
    /// Convergence: largest move below this share of the initial range.
    pub tolerance: f64,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            q: 1.0,
            t: 1.0,
            replicate: Replicate::Printed,
            offer: OfferRule::Closest,
            range: RangeRule::Current,
            max_rounds: 10,
            tolerance: 1e-6,
        }
    }
}

/// What happened between two actors in a round.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Outcome {
    Conflict,
    Compromise,
    Capitulation,
}

impl Outcome {
    pub fn name(self) -> &'static str {
        match self {
            Outcome::Conflict => "conflict",
            Outcome::Compromise => "compromise",
            Outcome::Capitulation => "capitulation",
        }
    }
}

/// An offer from `from` to `to`: `to` should move to `proposed`.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Offer {
    pub from: usize,
    pub to: usize,
    pub outcome: Outcome,
    pub proposed: f64,
    /// E_from(from, to) and E_to(to, from).
    pub eu_from: f64,
    pub eu_to: f64,
    /// Whether `to` took this offer.
    pub accepted: bool,
}

/// One round: positions at its start and end, the forecasts on the start positions,
/// risk exponents and the offers.
#[derive(Clone, Debug, PartialEq)]
pub struct Round {
    pub round: usize,
    pub start: Vec<f64>,
    pub end: Vec<f64>,
    pub mean: f64,
    pub median: f64,
    pub risk: Vec<f64>,
    pub offers: Vec<Offer>,
}

/// A run: the rounds and the forecasts on the final positions.
#[derive(Clone, Debug, PartialEq)]
pub struct Run {
    pub rounds: Vec<Round>,
    pub final_positions: Vec<f64>,
    pub mean: f64,
    pub median: f64,
    pub converged: bool,
}

/// Rounds over which a run that did not converge shows its spread ([`Run::tail_spread`]).
pub const TAIL_ROUNDS: usize = 5;

impl Run {
    /// How far the forecast (weighted mean) still moves at the end: its range (max −
    /// min, in scale units) over the forecasts on the start positions of the last
    /// `rounds` rounds and on the final positions. 0 when the run converged at once.
    pub fn tail_spread(&self, rounds: usize) -> f64 {
        let first = self.rounds.len().saturating_sub(rounds);
        spread(
            self.rounds[first..]
                .iter()
                .map(|r| r.mean)
                .chain([self.mean]),
        )
    }
}

/// Largest minus smallest value (0 for none).
fn spread(values: impl Iterator<Item = f64>) -> f64 {
    let (lo, hi) = values.fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), v| {
        (lo.min(v), hi.max(v))
    });
    if hi >= lo { hi - lo } else { 0.0 }
}

/// The w-weighted mean position (w = c·s); the plain mean when all weights are 0.
pub fn weighted_mean(actors: &[Actor], x: &[f64]) -> f64 {
    let w: f64 = actors.iter().map(|a| a.capability * a.salience).sum();
    if w <= 0.0 {
        return x.iter().sum::<f64>() / x.len().max(1) as f64;
    }
    actors
        .iter()
        .zip(x)
        .map(|(a, xi)| a.capability * a.salience * xi)
        .sum::<f64>()
        / w
}

/// The median voter position: the lowest actor position where the cumulative weight
/// (w = c·s, positions ascending) reaches half the total — the position that beats
/// every other actor position in pairwise votes.
pub fn median_voter(actors: &[Actor], x: &[f64]) -> f64 {
    let mut order: Vec<usize> = (0..x.len()).collect();
    order.sort_by(|&a, &b| x[a].total_cmp(&x[b]));
    let w: Vec<f64> = actors.iter().map(|a| a.capability * a.salience).collect();
    let total: f64 = w.iter().sum();
    let mut cum = 0.0;
    for &i in &order {
        cum += w[i];
        if cum >= total / 2.0 - 1e-12 {
            return x[i];
        }
    }
    order.last().map_or(0.0, |&i| x[i])
}

/// The utilities of one actor towards another.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Utilities {
    pub success: f64,
    pub failure: f64,
    pub better: f64,
    pub worse: f64,
    pub status_quo: f64,
}

/// Step 4: utilities of i towards j (`xi`, `xj`, median `mu`, range `d`, risk `r`).
pub fn utilities(xi: f64, xj: f64, mu: f64, d: f64, r: f64) -> Utilities {
    let delta = (xi - xj).abs() / d;
    let beta = ((xi - mu).abs() + (xi - xj).abs()) / d;
    // r = 1 (the first pass of every round) needs no powf.
    let u = |base: f64| {
        let b = base.max(0.0);
        2.0 - 4.0 * if r == 1.0 { b } else { b.powf(r) }
    };
    Utilities {
        success: u(0.5 - 0.5 * delta),
        failure: u(0.5 + 0.5 * delta),
        better: u(0.5 - 0.25 * beta),
        worse: u(0.5 + 0.25 * beta),
        status_quo: u(0.5),
    }
}

/// Step 5: E_i(ij) from the utilities, P_ij, the target's salience and Q, T.
pub fn expected_utility(u: &Utilities, p: f64, salience_j: f64, q: f64, t: f64) -> f64 {
    salience_j * (p * u.success + (1.0 - p) * u.failure) + (1.0 - salience_j) * u.success
        - (q * u.status_quo + (1.0 - q) * (t * u.better + (1.0 - t) * u.worse))
}

/// Step 6: risk exponents from the expected-utility matrix `eu[i * n + j]` = E_i(ij).
pub fn risk_exponents(eu: &[f64], n: usize) -> Vec<f64> {
    let security: Vec<f64> = (0..n)
        .map(|k| (0..n).filter(|&j| j != k).map(|j| eu[j * n + k]).sum())
        .collect();
    let max = security.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    let min = security.iter().copied().fold(f64::INFINITY, f64::min);
    if (max - min).is_nan() || max - min <= 1e-12 {
        return vec![1.0; n];
    }
    security
        .iter()
        .map(|s| {
            // In −1..1 by construction; clamped against rounding.
            let big_r = ((2.0 * s - max - min) / (max - min)).clamp(-1.0, 1.0);
            (1.0 - big_r / 3.0) / (1.0 + big_r / 3.0)
        })
        .collect()
}

/// Step 3: the matrix of P_ij (`p[i * n + j]`) on positions `x` with weights `w`.
///
/// Computed in O(n²) from prefix sums over the sorted positions (the direct
/// O(n³) sum is the test reference): for x_i < x_j, with D = x_j − x_i and
/// m = (x_i + x_j)/2, every k at or below x_i votes w_k D for i, every k at or above
/// x_j votes w_k D against, and k in between votes 2 w_k (m − x_k). The range d
/// divides every vote and cancels in both normalisations.
pub fn probabilities(x: &[f64], w: &[f64], _d: f64, replicate: Replicate) -> Vec<f64> {
    let n = x.len();
    let mut order: Vec<usize> = (0..n).collect();
    order.sort_by(|&a, &b| x[a].total_cmp(&x[b]));
    let xs: Vec<f64> = order.iter().map(|&k| x[k]).collect();
    let mut cw = vec![0.0; n + 1];
    let mut cwx = vec![0.0; n + 1];
    for (r, &k) in order.iter().enumerate() {
        cw[r + 1] = cw[r] + w[k];
        cwx[r + 1] = cwx[r] + w[k] * x[k];
    }
    let total_w = cw[n];
    let mut positive = vec![0.0; n * n];
    let mut absolute = vec![0.0; n * n];
    // Over pairs of sorted ranks p < q with xs[p] < xs[q]: `a` counts the positions
    // ≤ lo (the end of p's run of ties), `c` those < hi (the start of q's run), `b` those
    // < the midpoint — which only grows with q, so one pointer serves every q.
    let mut p = 0;
    while p < n {
        let lo = xs[p];
        let a = xs[p..].iter().take_while(|&&v| v == lo).count() + p;
        let mut b = a;
        let mut q = a;
        while q < n {
            let hi = xs[q];
            let run_end = xs[q..].iter().take_while(|&&v| v == hi).count() + q;
            let c = q;
            let (span, mid) = (hi - lo, (lo + hi) / 2.0);
            while b < c && xs[b] < mid {
                b += 1;
            }
            let below = cw[a];
            let above = total_w - cw[c];
            let left = mid * (cw[b] - cw[a]) - (cwx[b] - cwx[a]);
            let right = (cwx[c] - cwx[b]) - mid * (cw[c] - cw[b]);
            let (for_lo, for_hi) = (span * below + 2.0 * left, span * above + 2.0 * right);
            let abs = span * (below + above) + 2.0 * (left + right);
            for &i in &order[p..a] {
                for &j in &order[q..run_end] {
                    positive[i * n + j] = for_lo;
                    positive[j * n + i] = for_hi;
                    absolute[i * n + j] = abs;
                    absolute[j * n + i] = abs;
                }
            }
            q = run_end;
        }
        p = a;
    }
    match replicate {
        Replicate::Printed => positive
            .iter()
            .zip(&absolute)
            .map(|(p, a)| if *a > 0.0 { p / a } else { 0.5 })
            .collect(),
        Replicate::ScholzCode => {
            let total: f64 = absolute.iter().sum();
            positive
                .iter()
                .map(|p| if total > 0.0 { p / total } else { 0.5 })
                .collect()
        }
    }
}

/// What a round's expected utilities are computed on.
#[derive(Clone, Copy)]
struct RoundState<'a> {
    actors: &'a [Actor],
    x: &'a [f64],
    /// P_ij matrix.
    p: &'a [f64],
    /// Median voter position.
    mu: f64,
    /// Range normalising distances.
    d: f64,
}

/// The expected-utility matrix E_i(ij) for risk exponents `r`. Same values as
/// [`utilities`] + [`expected_utility`] (to ~1e-13: powers as exp(r ln b), the logs
/// shared by (i, j) and (j, i)), but U_b and U_w are only computed when Q < 1 (with
/// the default Q = 1 they carry no weight) and U_sq once per actor: the Monte Carlo
/// spends its time here. With `offers_only`, pairs at the same position (which make
/// no offers) are left at 0.
fn eu_matrix(state: &RoundState<'_>, r: &[f64], o: &Options, offers_only: bool) -> Vec<f64> {
    let RoundState {
        actors,
        x,
        p,
        mu,
        d,
    } = *state;
    let n = x.len();
    // b^r from ln b (b ≥ 0; 0^r = 0 for r > 0).
    let pow_ln = |ln_b: f64, r: f64| {
        if r == 1.0 {
            ln_b.exp()
        } else {
            (r * ln_b).exp()
        }
    };
    let ln = |b: f64| if b > 0.0 { b.ln() } else { f64::NEG_INFINITY };
    let pow = |b: f64, r: f64| {
        let b = b.max(0.0);
        if r == 1.0 { b } else { b.powf(r) }
    };
    let status_quo: Vec<f64> = r.iter().map(|&ri| 2.0 - 4.0 * pow(0.5, ri)).collect();
    let mut eu = vec![0.0; n * n];
    for i in 0..n {
        for j in i + 1..n {
            if offers_only && x[i] == x[j] {
                continue;
            }
            let delta = (x[i] - x[j]).abs() / d;
            // The logarithms only when a power other than 1 needs them.
            let (ln_s, ln_f) = if r[i] != 1.0 || r[j] != 1.0 {
                (ln(0.5 - 0.5 * delta), ln(0.5 + 0.5 * delta))
            } else {
                (0.0, 0.0)
            };
            for (a, b) in [(i, j), (j, i)] {
                let ra = r[a];
                let (success, failure) = if ra == 1.0 {
                    (
                        2.0 - 4.0 * (0.5 - 0.5 * delta).max(0.0),
                        2.0 - 4.0 * (0.5 + 0.5 * delta),
                    )
                } else {
                    (2.0 - 4.0 * pow_ln(ln_s, ra), 2.0 - 4.0 * pow_ln(ln_f, ra))
                };
                let reference = if o.q < 1.0 {
                    let beta = ((x[a] - mu).abs() + (x[a] - x[b]).abs()) / d;
                    let better = 2.0 - 4.0 * pow(0.5 - 0.25 * beta, ra);
                    let worse = if o.t < 1.0 {
                        2.0 - 4.0 * pow(0.5 + 0.25 * beta, ra)
                    } else {
                        0.0
                    };
                    o.q * status_quo[a] + (1.0 - o.q) * (o.t * better + (1.0 - o.t) * worse)
                } else {
                    status_quo[a]
                };
                let (pab, sb) = (p[a * n + b], actors[b].salience);
                eu[a * n + b] =
                    sb * (pab * success + (1.0 - pab) * failure) + (1.0 - sb) * success - reference;
            }
        }
    }
    eu
}

/// Step 7: the offers of a round from the expected utilities (ordered by sender,
/// then receiver).
pub fn offers(x: &[f64], eu: &[f64]) -> Vec<Offer> {
    let mut out = Vec::new();
    offers_into(x, eu, &mut out);
    out
}

/// [`offers`] appended to `out` (a buffer reused across rounds).
fn offers_into(x: &[f64], eu: &[f64], out: &mut Vec<Offer>) {
    let n = x.len();
    for i in 0..n {
        for j in 0..n {
            if i == j || x[i] == x[j] {
                continue;
            }
            let (ei, ej) = (eu[i * n + j], eu[j * n + i]);
            if ei <= 0.0 {
                continue;
            }
            let (outcome, proposed) = if ej > 0.0 {
                if ei > ej {
                    (Outcome::Conflict, x[i])
                } else {
                    continue;
                }
            } else if ej.abs() < ei {
                (Outcome::Compromise, x[j] + (x[i] - x[j]) * (ej.abs() / ei))
            } else {
                (Outcome::Capitulation, x[i])
            };
            out.push(Offer {
                from: i,
                to: j,
                outcome,
                proposed,
                eu_from: ei,
                eu_to: ej,
                accepted: false,
            });
        }
    }
}

/// Step 8: marks the offer each actor takes and returns the new positions.
pub fn accept(x: &[f64], offers: &mut [Offer], rule: OfferRule) -> Vec<f64> {
    let better = |a: &Offer, b: &Offer| -> bool {
        let xj = x[a.to];
        let (da, db) = ((a.proposed - xj).abs(), (b.proposed - xj).abs());
        match rule {
            OfferRule::Closest => da < db || (da == db && a.eu_from > b.eu_from),
            OfferRule::Strongest => a.eu_from > b.eu_from || (a.eu_from == b.eu_from && da < db),
        }
    };
    // One pass: the best offer so far per receiver (earlier offers win ties).
    let mut best: Vec<Option<usize>> = vec![None; x.len()];
    for (k, o) in offers.iter().enumerate() {
        if best[o.to].is_none_or(|b| better(o, &offers[b])) {
            best[o.to] = Some(k);
        }
    }
    let mut next = x.to_vec();
    for (j, b) in best.into_iter().enumerate() {
        if let Some(b) = b {
            offers[b].accepted = true;
            next[j] = offers[b].proposed;
        }
    }
    next
}

/// Runs the model from the actors' positions.
pub fn run(actors: &[Actor], options: &Options) -> Run {
    simulate(actors, options, true).0
}

/// What a run without its rounds ended with (the Monte Carlo's unit of work).
#[derive(Clone, Debug, PartialEq)]
pub struct Ending {
    pub mean: f64,
    pub median: f64,
    pub final_positions: Vec<f64>,
    pub converged: bool,
    /// As [`Run::tail_spread`] over [`TAIL_ROUNDS`].
    pub tail_spread: f64,
}

/// Runs the model keeping only how it ended: the same numbers as [`run`] without
/// storing each round's positions and offers.
pub fn run_ending(actors: &[Actor], options: &Options) -> Ending {
    let (r, means) = simulate(actors, options, false);
    let tail = &means[means.len().saturating_sub(TAIL_ROUNDS)..];
    Ending {
        tail_spread: spread(tail.iter().copied().chain([r.mean])),
        mean: r.mean,
        median: r.median,
        final_positions: r.final_positions,
        converged: r.converged,
    }
}

/// The rounds; with `keep` each round is stored in the run, else only the forecast on
/// each round's start positions is returned.
fn simulate(actors: &[Actor], options: &Options, keep: bool) -> (Run, Vec<f64>) {
    let n = actors.len();
    let w: Vec<f64> = actors.iter().map(|a| a.capability * a.salience).collect();
    let mut x: Vec<f64> = actors.iter().map(|a| a.position).collect();
    let range = |x: &[f64]| {
        let max = x.iter().copied().fold(f64::NEG_INFINITY, f64::max);
        let min = x.iter().copied().fold(f64::INFINITY, f64::min);
        max - min
    };
    let initial_range = range(&x);
    let mut rounds = Vec::new();
    let mut means = Vec::new();
    let mut converged = n < 2 || initial_range <= 0.0;
    let ones = vec![1.0; n];
    let mut offs = Vec::new();
    while !converged && means.len() < options.max_rounds {
        let d = match options.range {
            RangeRule::Current => range(&x),
            RangeRule::Initial => initial_range,
        };
        if d <= initial_range * options.tolerance {
            converged = true;
            break;
        }
        let mu = median_voter(actors, &x);
        let p = probabilities(&x, &w, d, options.replicate);
        let state = RoundState {
            actors,
            x: &x,
            p: &p,
            mu,
            d,
        };
        let eu1 = eu_matrix(&state, &ones, options, false);
        let risk = risk_exponents(&eu1, n);
        let eu = eu_matrix(&state, &risk, options, true);
        offs.clear();
        offers_into(&x, &eu, &mut offs);
        let next = accept(&x, &mut offs, options.offer);
        let moved = x
            .iter()
            .zip(&next)
            .map(|(a, b)| (a - b).abs())
            .fold(0.0, f64::max);
        let mean = weighted_mean(actors, &x);
        means.push(mean);
        let start = std::mem::replace(&mut x, next);
        if keep {
            rounds.push(Round {
                round: rounds.len() + 1,
                mean,
                median: mu,
                start,
                end: x.clone(),
                risk,
                offers: std::mem::take(&mut offs),
            });
        }
        converged = moved <= initial_range * options.tolerance;
    }
    (
        Run {
            mean: weighted_mean(actors, &x),
            median: median_voter(actors, &x),
            final_positions: x,
            rounds,
            converged,
        },
        means,
    )
}

/// The EC emissions case of 1994 (Bueno de Mesquita 1994, in Scholz et al. 2011): the
/// date, in years, by which emission standards apply to medium-sized cars.
pub fn ec_emissions() -> Vec<Actor> {
    [
        ("Netherlands", 0.08, 4.0, 0.8),
        ("Belgium", 0.08, 7.0, 0.4),
        ("Luxembourg", 0.03, 4.0, 0.2),
        ("Germany", 0.16, 4.0, 0.8),
        ("France", 0.16, 10.0, 0.6),
        ("Italy", 0.16, 10.0, 0.6),
        ("United Kingdom", 0.16, 10.0, 0.9),
        ("Ireland", 0.05, 7.0, 0.1),
        ("Denmark", 0.05, 4.0, 1.0),
        ("Greece", 0.08, 7.0, 0.7),
    ]
    .into_iter()
    .map(|(name, capability, position, salience)| Actor {
        name: name.to_string(),
        capability,
        position,
        salience,
    })
    .collect()
}

#[cfg(test)]
mod tests;
