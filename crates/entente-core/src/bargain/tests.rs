//! Each equation on hand-computed cases; the round rules on tiny scenarios.

use super::*;

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() < 1e-12
}

#[test]
fn utilities_by_hand() {
    // δ = 0.5, β = (25 + 50) / 100 = 0.75.
    let u = utilities(0.0, 50.0, 25.0, 100.0, 1.0);
    assert!(close(u.success, 1.0), "{u:?}"); // 2 − 4(0.25)
    assert!(close(u.failure, -1.0)); // 2 − 4(0.75)
    assert!(close(u.better, 0.75)); // 2 − 4(0.3125)
    assert!(close(u.worse, -0.75)); // 2 − 4(0.6875)
    assert!(close(u.status_quo, 0.0));
    let u2 = utilities(0.0, 50.0, 25.0, 100.0, 2.0);
    assert!(close(u2.success, 1.75)); // 2 − 4(0.25²)
    assert!(close(u2.status_quo, 1.0)); // 2 − 4(0.5²)
}

#[test]
fn expected_utility_by_hand() {
    let u = utilities(0.0, 50.0, 25.0, 100.0, 1.0);
    // 0.5 (0.6·1 + 0.4·(−1)) + 0.5·1 − 1·0 = 0.6
    assert!(close(expected_utility(&u, 0.6, 0.5, 1.0, 1.0), 0.6));
    // Q = 0.5, T = 1: minus 0.5·0 + 0.5·0.75 → 0.225
    assert!(close(expected_utility(&u, 0.6, 0.5, 0.5, 1.0), 0.225));
    // T = 0: the worse case, U_w = −0.75 → 0.6 + 0.375
    assert!(close(expected_utility(&u, 0.6, 0.5, 0.5, 0.0), 0.975));
}

#[test]
fn probabilities_printed_and_scholz_code() {
    let (x, w) = ([0.0, 50.0, 100.0], [1.0, 1.0, 1.0]);
    let p = probabilities(&x, &w, 100.0, Replicate::Printed);
    // Votes for 0 over 1: +0.5 (actor 0), −0.5 (1), −0.5 (2) → 0.5 / 1.5.
    assert!(close(p[1], 1.0 / 3.0));
    // 1 over 0: −0.5 (actor 0), +0.5 (1), +0.5 (2) → 1 / 1.5; P_01 + P_10 = 1.
    assert!(close(p[3], 2.0 / 3.0));
    // 0 over 2: +1 (actor 0), 0 (actor 1), −1 (actor 2) → 1/2.
    assert!(close(p[2], 0.5));
    // All pairs' absolute votes: 4 × 1.5 + 2 × 2 = 10.
    let q = probabilities(&x, &w, 100.0, Replicate::ScholzCode);
    assert!(close(q[1], 0.05));
    assert!(close(q[2], 0.1));
}

/// The O(n³) definition: Σ_k over every actor's vote.
fn probabilities_direct(x: &[f64], w: &[f64], d: f64, replicate: Replicate) -> Vec<f64> {
    let n = x.len();
    let (mut pos, mut abs) = (vec![0.0; n * n], vec![0.0; n * n]);
    for i in 0..n {
        for j in 0..n {
            if i == j || x[i] == x[j] {
                continue;
            }
            for k in 0..n {
                let v = w[k] * ((x[k] - x[j]).abs() - (x[k] - x[i]).abs()) / d;
                pos[i * n + j] += v.max(0.0);
                abs[i * n + j] += v.abs();
            }
        }
    }
    let total: f64 = abs.iter().sum();
    pos.iter()
        .zip(&abs)
        .map(|(p, a)| match replicate {
            Replicate::Printed if *a > 0.0 => p / a,
            Replicate::ScholzCode if total > 0.0 => p / total,
            _ => 0.5,
        })
        .collect()
}

#[test]
fn fast_probabilities_equal_the_definition() {
    use rand::rngs::StdRng;
    use rand::{RngExt, SeedableRng};
    let mut rng = StdRng::seed_from_u64(3);
    for case in 0..200 {
        let n = 2 + case % 25;
        // Ties on purpose: positions on a coarse grid half of the time.
        let x: Vec<f64> = (0..n)
            .map(|_| {
                let v = 100.0 * rng.random::<f64>();
                if case % 2 == 0 {
                    (v / 10.0).round() * 10.0
                } else {
                    v
                }
            })
            .collect();
        let w: Vec<f64> = (0..n).map(|_| rng.random::<f64>()).collect();
        for rep in [Replicate::Printed, Replicate::ScholzCode] {
            let fast = probabilities(&x, &w, 100.0, rep);
            let direct = probabilities_direct(&x, &w, 100.0, rep);
            for (k, (a, b)) in fast.iter().zip(&direct).enumerate() {
                let (i, j) = (k / n, k % n);
                if i == j || x[i] == x[j] {
                    continue;
                }
                assert!(
                    (a - b).abs() < 1e-9,
                    "case {case} {rep:?} ({i},{j}): {a} vs {b}"
                );
            }
        }
    }
}

#[test]
fn risk_exponents_by_hand() {
    // Securities S = (−1, 0, 1) → R = (−1, 0, 1) → r = (2, 1, 0.5).
    let mut eu = vec![0.0; 9];
    eu[3] = -1.0; // E_1(1,0)
    eu[2] = 1.0; // E_0(0,2)
    let r = risk_exponents(&eu, 3);
    assert!(
        close(r[0], 2.0) && close(r[1], 1.0) && close(r[2], 0.5),
        "{r:?}"
    );
    assert_eq!(risk_exponents(&[0.0; 4], 2), vec![1.0, 1.0]);
}

#[test]
fn offer_rules_on_two_actors() {
    let x = [0.0, 10.0];
    let kind = |e01: f64, e10: f64| {
        offers(&x, &[0.0, e01, e10, 0.0])
            .into_iter()
            .map(|o| (o.from, o.outcome, o.proposed))
            .collect::<Vec<_>>()
    };
    // Compromise: 1 moves toward 0 by |−0.2| / 0.5 = 0.4 of the way.
    let c = kind(0.5, -0.2);
    assert_eq!(c.len(), 1);
    assert_eq!((c[0].0, c[0].1), (0, Outcome::Compromise));
    assert!(close(c[0].2, 6.0));
    // Capitulation: the loss outweighs the gain.
    assert_eq!(kind(0.5, -0.8), vec![(0, Outcome::Capitulation, 0.0)]);
    // Conflict: both gain, the larger wins; the loser sends nothing.
    assert_eq!(kind(0.5, 0.3), vec![(0, Outcome::Conflict, 0.0)]);
    assert_eq!(kind(0.3, 0.5), vec![(1, Outcome::Conflict, 10.0)]);
    // Status quo: neither gains.
    assert!(kind(-0.1, -0.2).is_empty());
}

#[test]
fn best_offer_rules() {
    let x = [0.0, 20.0, 5.0];
    let make = |from, proposed, eu_from| Offer {
        from,
        to: 2,
        outcome: Outcome::Compromise,
        proposed,
        eu_from,
        eu_to: -0.1,
        accepted: false,
    };
    let mut offs = vec![make(0, 4.0, 0.1), make(1, 8.0, 0.9)];
    assert_eq!(accept(&x, &mut offs, OfferRule::Closest)[2], 4.0);
    assert!(offs[0].accepted && !offs[1].accepted);
    let mut offs = vec![make(0, 4.0, 0.1), make(1, 8.0, 0.9)];
    assert_eq!(accept(&x, &mut offs, OfferRule::Strongest)[2], 8.0);
    // Ties in distance: the stronger sender.
    let mut offs = vec![make(0, 4.0, 0.1), make(1, 6.0, 0.9)];
    assert_eq!(accept(&x, &mut offs, OfferRule::Closest)[2], 6.0);
}

#[test]
fn median_and_mean_of_the_ec_case() {
    let ec = ec_emissions();
    let x: Vec<f64> = ec.iter().map(|a| a.position).collect();
    // Weights c·s at 4: .248, at 7: .093, at 10: .336 of .677 → median 7.
    assert!(close(median_voter(&ec, &x), 7.0));
    assert!((weighted_mean(&ec, &x) - 5.003 / 0.677).abs() < 1e-9);
}

#[test]
fn a_strong_actor_draws_a_weak_one() {
    let actors = vec![
        Actor {
            name: "strong".into(),
            capability: 1.0,
            position: 0.0,
            salience: 1.0,
        },
        Actor {
            name: "weak".into(),
            capability: 0.1,
            position: 100.0,
            salience: 1.0,
        },
        Actor {
            name: "middle".into(),
            capability: 0.3,
            position: 40.0,
            salience: 0.5,
        },
    ];
    let run = run(&actors, &Options::default());
    let first = &run.rounds[0];
    assert!(
        first.offers.iter().any(|o| o.from == 0 && o.accepted),
        "{first:?}"
    );
    assert!(run.final_positions[1] < 100.0, "the weak actor moves");
    assert!(run.final_positions[0] <= 40.0);
    assert_eq!(
        run,
        super::run(&actors, &Options::default()),
        "deterministic"
    );
    // Identical positions: nothing to bargain over.
    let same: Vec<Actor> = actors
        .iter()
        .map(|a| Actor {
            position: 50.0,
            ..a.clone()
        })
        .collect();
    let r = super::run(&same, &Options::default());
    assert!(r.rounds.is_empty() && r.converged && close(r.mean, 50.0));
}

#[test]
fn ec_case_runs_and_stays_on_the_scale() {
    for replicate in [Replicate::Printed, Replicate::ScholzCode] {
        let o = Options {
            replicate,
            ..Options::default()
        };
        let run = run(&ec_emissions(), &o);
        assert!(!run.rounds.is_empty());
        for r in &run.rounds {
            for &x in &r.end {
                assert!(
                    (4.0..=10.0).contains(&x),
                    "{replicate:?} round {}: {x}",
                    r.round
                );
            }
            for &k in &r.risk {
                assert!((0.5..=2.0).contains(&k));
            }
        }
    }
}

#[test]
fn the_fast_eu_matrix_equals_the_equations() {
    let ec = ec_emissions();
    let x: Vec<f64> = ec.iter().map(|a| a.position).collect();
    let w: Vec<f64> = ec.iter().map(|a| a.capability * a.salience).collect();
    let p = probabilities(&x, &w, 6.0, Replicate::Printed);
    let r: Vec<f64> = (0..10).map(|k| 0.5 + 0.15 * k as f64).collect();
    for (q, t) in [(1.0, 1.0), (0.5, 1.0), (0.3, 0.4)] {
        let o = Options {
            q,
            t,
            ..Options::default()
        };
        let state = RoundState {
            actors: &ec,
            x: &x,
            p: &p,
            mu: 7.0,
            d: 6.0,
        };
        let fast = eu_matrix(&state, &r, &o, false);
        for i in 0..10 {
            for j in 0..10 {
                if i == j {
                    continue;
                }
                let u = utilities(x[i], x[j], 7.0, 6.0, r[i]);
                let e = expected_utility(&u, p[i * 10 + j], ec[j].salience, q, t);
                assert!(
                    (fast[i * 10 + j] - e).abs() < 1e-12,
                    "q {q} t {t} ({i},{j})"
                );
            }
        }
    }
}

#[test]
fn a_run_without_its_rounds_ends_where_the_full_run_ends() {
    let mut actors = ec_emissions();
    for (rounds, q) in [(1, 1.0), (3, 0.5), (10, 1.0), (40, 0.8)] {
        let o = Options {
            max_rounds: rounds,
            q,
            ..Options::default()
        };
        let (full, end) = (run(&actors, &o), run_ending(&actors, &o));
        assert_eq!(full.final_positions, end.final_positions);
        assert_eq!(
            (full.mean, full.median, full.converged),
            (end.mean, end.median, end.converged)
        );
        assert_eq!(full.tail_spread(TAIL_ROUNDS), end.tail_spread);
        actors[1].position += 1.0;
    }
}

#[test]
fn the_tail_spread_is_the_range_of_the_last_forecasts() {
    let r = run(&ec_emissions(), &Options::default());
    let k = r.rounds.len();
    assert!(k >= 2);
    let last: Vec<f64> = r.rounds[k.saturating_sub(2)..]
        .iter()
        .map(|x| x.mean)
        .chain([r.mean])
        .collect();
    let want = last.iter().copied().fold(f64::NEG_INFINITY, f64::max)
        - last.iter().copied().fold(f64::INFINITY, f64::min);
    assert!((r.tail_spread(2) - want).abs() < 1e-12);
}
