#!/usr/bin/env python3
"""Benchmark and cross-check: `entente forecast` against a plain NumPy transcription of
the same equations (docs/forecast.md), in one run.

1. Cross-check: the EC emissions case, every round's positions, in both probability
   modes (printed, scholz-code) and both offer rules: entente's output must equal the
   NumPy transcription (direct O(n^3) votes, powf utilities) to 1e-9.
2. Speed: the 20-actor Ukraine scenario (examples/forecast/ukraine_settlement.toml,
   capabilities from CINC 2016) with its uncertainty: entente runs 100,000 Monte Carlo
   runs (both cores); NumPy runs --numpy-runs perturbed runs (one core; per-run cost
   extrapolated). Goal: 100,000 runs in under 10 s.

Usage: python3 bench/forecast_vs_numpy.py [--entente target/release/entente] [--numpy-runs 300]

Also times `--sensitivity` on the 20-actor scenario built from the ES-11 votes (goal < 30 s).
Needs: numpy (pip install -r tests/peers/requirements.txt); the data folder for CINC.
"""

import argparse
import json
import subprocess
import time
import tomllib
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent


def probabilities(x, w, scholz_code):
    n = len(x)
    pos = np.zeros((n, n))
    ab = np.zeros((n, n))
    for i in range(n):
        for j in range(n):
            if i == j or x[i] == x[j]:
                continue
            v = w * (np.abs(x - x[j]) - np.abs(x - x[i]))
            pos[i, j] = v[v > 0].sum()
            ab[i, j] = np.abs(v).sum()
    if scholz_code:
        total = ab.sum()
        return pos / total if total > 0 else np.full((n, n), 0.5)
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where(ab > 0, pos / np.where(ab > 0, ab, 1), 0.5)


def median_voter(x, w):
    order = np.argsort(x, kind="stable")
    cum = np.cumsum(w[order])
    k = np.argmax(cum >= cum[-1] / 2 - 1e-12)
    return x[order[k]]


def eu_matrix(x, s, p, mu, d, r, q=1.0, t=1.0):
    n = len(x)
    eu = np.zeros((n, n))
    for i in range(n):
        for j in range(n):
            if i == j:
                continue
            delta = abs(x[i] - x[j]) / d
            beta = (abs(x[i] - mu) + abs(x[i] - x[j])) / d
            u = lambda b: 2 - 4 * max(b, 0.0) ** r[i]
            us, uf, ub, uw, usq = u(0.5 - 0.5 * delta), u(0.5 + 0.5 * delta), u(0.5 - 0.25 * beta), u(0.5 + 0.25 * beta), u(0.5)
            eu[i, j] = s[j] * (p[i, j] * us + (1 - p[i, j]) * uf) + (1 - s[j]) * us - (q * usq + (1 - q) * (t * ub + (1 - t) * uw))
    return eu


def risk(eu):
    n = len(eu)
    sec = np.array([sum(eu[j, k] for j in range(n) if j != k) for k in range(n)])
    mx, mn = sec.max(), sec.min()
    if mx - mn <= 1e-12:
        return np.ones(n)
    big = np.clip((2 * sec - mx - mn) / (mx - mn), -1, 1)
    return (1 - big / 3) / (1 + big / 3)


def run(c, x, s, rounds=10, scholz_code=False, strongest=False, tol=1e-6):
    x = np.array(x, dtype=float)
    c, s = np.array(c, dtype=float), np.array(s, dtype=float)
    w = c * s
    n = len(x)
    r0 = x.max() - x.min()
    history = [x.copy()]
    for _ in range(rounds):
        d = x.max() - x.min()
        if d <= r0 * tol:
            break
        mu = median_voter(x, w)
        p = probabilities(x, w, scholz_code)
        rk = risk(eu_matrix(x, s, p, mu, d, np.ones(n)))
        eu = eu_matrix(x, s, p, mu, d, rk)
        best = [None] * n
        for i in range(n):
            for j in range(n):
                if i == j or x[i] == x[j] or eu[i, j] <= 0:
                    continue
                ei, ej = eu[i, j], eu[j, i]
                if ej > 0:
                    if ei <= ej:
                        continue
                    prop = x[i]
                elif abs(ej) < ei:
                    prop = x[j] + (x[i] - x[j]) * abs(ej) / ei
                else:
                    prop = x[i]
                cand = (abs(prop - x[j]), ei, prop)
                b = best[j]
                if b is None:
                    best[j] = cand
                elif strongest:
                    if ei > b[1] or (ei == b[1] and cand[0] < b[0]):
                        best[j] = cand
                elif cand[0] < b[0] or (cand[0] == b[0] and ei > b[1]):
                    best[j] = cand
        nxt = x.copy()
        for j in range(n):
            if best[j] is not None:
                nxt[j] = best[j][2]
        moved = np.abs(nxt - x).max()
        x = nxt
        history.append(x.copy())
        if moved <= r0 * tol:
            break
    return history


def entente(e, args):
    return subprocess.run([e, *args], check=True, capture_output=True, text=True).stdout


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--entente", default=str(ROOT / "target/release/entente"))
    ap.add_argument("--numpy-runs", type=int, default=300)
    a = ap.parse_args()
    ec_file = ROOT / "examples/forecast/ec_emissions_1994.toml"
    ec = tomllib.loads(ec_file.read_text())["actor"]
    names = [x["name"] for x in ec]
    worst = 0.0
    for mode in ["printed", "scholz-code"]:
        for offer in ["closest", "strongest"]:
            out = json.loads(entente(a.entente, ["forecast", str(ec_file), "--replicate", mode, "--offer", offer, "--format", "json"]))
            ours = [np.array([row[nm] for nm in names]) for row in out["rows"]]
            ref = run([x["capability"] for x in ec], [x["position"] for x in ec], [x["salience"] for x in ec],
                      scholz_code=mode == "scholz-code", strongest=offer == "strongest")
            assert len(ours) == len(ref), (mode, offer, len(ours), len(ref))
            diff = max(np.abs(o - r).max() for o, r in zip(ours, ref))
            worst = max(worst, diff)
            print(f"EC case, {mode}, {offer}: {len(ours) - 1} rounds, largest difference {diff:.1e}")
    print(f"cross-check: {'equal' if worst < 1e-9 else 'DIFFERENT'} (largest difference {worst:.1e})")

    uk = ROOT / "examples/forecast/ukraine_settlement.toml"
    t = time.perf_counter()
    entente(a.entente, ["forecast", str(uk), "--capability", "cinc:2016", "--mc", "100000"])
    t_e = time.perf_counter() - t
    scen = tomllib.loads(uk.read_text())
    actors = scen["actor"]
    rng = np.random.default_rng(1)
    t = time.perf_counter()
    for _ in range(a.numpy_runs):
        x = [min(max(z["position"] + z.get("position_pm", 0) * rng.uniform(-1, 1), 0), 100) for z in actors]
        s = [min(max(z["salience"] + z.get("salience_pm", 0) * rng.uniform(-1, 1), 0), 1) for z in actors]
        run([1.0] * len(actors), x, s)
    t_n = (time.perf_counter() - t) / a.numpy_runs * 100000
    print(f"Monte Carlo, 20 actors, 10 rounds: entente 100,000 runs {t_e:.2f} s (goal < 10 s); "
          f"NumPy transcription {t_n:.0f} s extrapolated from {a.numpy_runs} runs -> {t_n / t_e:.0f}x")

    # Sensitivity of the 20-actor scenario built from the ES-11 votes: every input and
    # option at both ends of its range, 1,000 runs each (133 Monte Carlo evaluations,
    # 10 of them at 50 rounds). The peer's time: its per-run time above times the runs.
    votes = ROOT / "examples/forecast/ukraine_un_votes.toml"
    n = len(tomllib.loads(votes.read_text())["actor"])
    t = time.perf_counter()
    entente(a.entente, ["forecast", str(votes), "--sensitivity"])
    t_s = time.perf_counter() - t
    evaluations = 2 * (3 * n + 6) + 1
    t_ns = t_n / 100000 * 1000 * evaluations
    print(f"Sensitivity, {n} actors, {evaluations} evaluations x 1,000 runs: entente {t_s:.2f} s (goal < 30 s); "
          f"NumPy transcription ~{t_ns:.0f} s extrapolated -> {t_ns / t_s:.0f}x")


if __name__ == "__main__":
    main()
