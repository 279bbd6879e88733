#!/usr/bin/env python3
"""Benchmark: `entente blocs` and `entente breaks` on the real votes, against their
PyPI peers on the same numbers, in one run.

1. The performance goal: blocs for every General Assembly year 1946-2021 (with the
   default 100 bootstrap replicates for stability) plus change points for every dyad
   (with the default 100 replicates for confidence), wall clock, under 30 s.
2. Blocs vs leidenalg 0.12 + igraph: the per-year agreement networks come from
   `entente matrix` (edge weight = agreement); leidenalg's RBConfigurationVertexPartition
   (resolution 1, n_iterations=-1, one seed, like entente) runs on each year. Reports the
   time, the modularity of both partitions (computed by igraph) and their adjusted Rand
   index.
3. Breaks vs ruptures 1.1: every dyad's agreement series from the same matrix, the same
   penalty (3 sigma^2 ln n, sigma = MAD of first differences / (0.6745 sqrt 2)), PELT with
   the l2 cost and min_size 2, years with at least 10 joint votes. Reports the time and the share of dyads whose change
   points are identical.

Usage: python3 bench/system_vs_peers.py [--entente target/release/entente]
Needs: pip install -r tests/peers/requirements.txt; the data folder.
"""

import argparse
import csv
import io
import subprocess
import tempfile
import time
from collections import defaultdict
from pathlib import Path

import igraph as ig
import leidenalg as la
import numpy as np
import ruptures as rpt

ROOT = Path(__file__).resolve().parent.parent


def run(entente, args):
    t = time.perf_counter()
    out = subprocess.run([entente, *args], check=True, capture_output=True, text=True).stdout
    return time.perf_counter() - t, out


def rows(text):
    return list(csv.DictReader(io.StringIO(text)))


def ari(a, b):
    from math import comb

    n = len(a)
    cont = defaultdict(int)
    ca, cb = defaultdict(int), defaultdict(int)
    for x, y in zip(a, b):
        cont[(x, y)] += 1
        ca[x] += 1
        cb[y] += 1
    s = sum(comb(v, 2) for v in cont.values())
    sa = sum(comb(v, 2) for v in ca.values())
    sb = sum(comb(v, 2) for v in cb.values())
    exp = sa * sb / comb(n, 2)
    mx = (sa + sb) / 2
    return 1.0 if mx == exp else (s - exp) / (mx - exp)


def noise_sd(y):
    if len(y) < 3:
        return 0.0
    d = np.diff(y)
    return np.median(np.abs(d - np.median(d))) / (0.67448975 * np.sqrt(2))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--entente", default=str(ROOT / "target/release/entente"))
    a = ap.parse_args()
    e = a.entente
    span = ["--from", "1946", "--to", "2021"]

    with tempfile.TemporaryDirectory() as tmp:
        t_blocs, _ = run(e, ["blocs", *span, "--format", "csv", "--out", f"{tmp}/b.csv"])
        t_breaks, _ = run(e, ["breaks", "--all", *span, "--format", "csv", "--out", f"{tmp}/k.csv"])
    print(f"goal: blocs 1946-2021 (100 reps) {t_blocs:.2f} s + breaks for all dyads (100 reps) "
          f"{t_breaks:.2f} s = {t_blocs + t_breaks:.2f} s (goal < 30 s)")

    _, matrix_csv = run(e, ["matrix", *span, "--measure", "agree", "--format", "csv"])
    matrix = rows(matrix_csv)
    by_year = defaultdict(list)
    for r in matrix:
        if r["agree"]:
            by_year[int(r["year"])].append(
                (int(r["ccode_a"]), int(r["ccode_b"]), float(r["agree"]), int(r["n_votes"])))

    # Blocs: entente without bootstrap (the part leidenalg does), then leidenalg.
    t_ent, states_csv = run(e, ["blocs", *span, "--reps", "0", "--by", "state", "--format", "csv"])
    ours = defaultdict(dict)
    for r in rows(states_csv):
        ours[int(r["year"])][int(r["ccode"])] = int(r["bloc"])
    t = time.perf_counter()
    theirs = {}
    graphs = {}
    for year, edges in sorted(by_year.items()):
        nodes = sorted({c for ed in edges for c in ed[:2]})
        index = {c: i for i, c in enumerate(nodes)}
        g = ig.Graph(n=len(nodes), edges=[(index[x], index[y]) for x, y, _, _ in edges])
        g.es["weight"] = [w for _, _, w, _ in edges]
        p = la.find_partition(g, la.RBConfigurationVertexPartition, weights="weight",
                              resolution_parameter=1.0, n_iterations=-1, seed=0)
        theirs[year] = (nodes, p.membership)
        graphs[year] = g
    t_la = time.perf_counter() - t
    q_ours, q_theirs, aris, ahead, equal = [], [], [], 0, 0
    for year, (nodes, memb) in theirs.items():
        g = graphs[year]
        mine = [ours[year][c] for c in nodes]
        qo = g.modularity(mine, weights="weight")
        qt = g.modularity(memb, weights="weight")
        q_ours.append(qo)
        q_theirs.append(qt)
        aris.append(ari(mine, memb))
        equal += abs(qo - qt) < 1e-9
        ahead += qo > qt + 1e-9
    print(f"blocs, no bootstrap, {len(theirs)} years: entente {t_ent:.2f} s (incl. process start, "
          f"reading votes, CSV), leidenalg {t_la:.2f} s (graphs in memory) -> {t_la / t_ent:.1f}x; "
          f"mean modularity entente {np.mean(q_ours):.5f}, leidenalg {np.mean(q_theirs):.5f}; "
          f"equal in {equal}, entente higher in {ahead}, lower in {len(theirs) - equal - ahead} years; "
          f"mean ARI {np.mean(aris):.3f}, min {np.min(aris):.3f}")

    # Breaks: entente without bootstrap, then ruptures on the same series and penalty.
    t_ent, breaks_csv = run(e, ["breaks", "--all", *span, "--reps", "0", "--format", "csv"])
    mine = defaultdict(list)
    for r in rows(breaks_csv):
        mine[(int(r["ccode_a"]), int(r["ccode_b"]))].append(int(r["year"]))
    series = defaultdict(list)
    for year, edges in sorted(by_year.items()):
        for x, y, w, n in edges:
            if n >= 10:  # entente's --min-votes default
                series[(x, y)].append((year, w))
    t = time.perf_counter()
    same = total = 0
    differ = []
    for key, pts in series.items():
        years = [p[0] for p in pts]
        y = np.array([p[1] for p in pts])
        if len(y) < 4:
            continue
        s = noise_sd(y)
        pen = max(3.0 * s * s * np.log(len(y)), 1e-12)
        bk = rpt.Pelt(model="l2", min_size=2, jump=1).fit(y).predict(pen=pen)
        found = [years[b] for b in bk if b < len(y)]
        total += 1
        if found == sorted(mine.get(key, [])):
            same += 1
        elif len(differ) < 5:
            differ.append((key, found, mine.get(key, [])))
    t_rp = time.perf_counter() - t
    print(f"breaks, no bootstrap, {total} dyads: entente {t_ent:.2f} s, ruptures {t_rp:.2f} s "
          f"-> {t_rp / t_ent:.0f}x; identical change points in {same}/{total} dyads")
    for d in differ:
        print("  differs:", d)


if __name__ == "__main__":
    main()
