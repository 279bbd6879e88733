#!/usr/bin/env python3
"""Reference results from PyPI peers for entente's own algorithms.

Reads one JSON request on stdin, writes one JSON answer on stdout:
  {"kind": "pelt", "cases": [{"y": [...], "pen": 0.1, "min_size": 2}]}
      -> {"breakpoints": [[...], ...]}   ruptures.Pelt(model="l2", jump=1), ends without n
  {"kind": "leiden", "cases": [{"n": 10, "edges": [[i, j, w], ...], "resolution": 1.0,
                                "membership": [...]}]}
      -> {"results": [{"membership": [...], "modularity": q, "ours": q2}]}
         leidenalg RBConfigurationVertexPartition (n_iterations=-1, best of 5 seeds);
         "ours" is igraph's modularity of the membership entente found.
Used by crates/entente-core/tests/peers.rs; install with
`pip install -r tests/peers/requirements.txt`.
"""
import json
import sys


def pelt(cases):
    import numpy as np
    import ruptures as rpt

    out = []
    for c in cases:
        y = np.asarray(c["y"], dtype=float)
        algo = rpt.Pelt(model="l2", min_size=c["min_size"], jump=1).fit(y)
        bkps = algo.predict(pen=c["pen"])
        out.append([b for b in bkps if b < len(y)])
    return {"breakpoints": out}


def leiden(cases):
    import igraph as ig
    import leidenalg as la

    results = []
    for c in cases:
        g = ig.Graph(n=c["n"], edges=[(e[0], e[1]) for e in c["edges"]])
        g.es["weight"] = [e[2] for e in c["edges"]]
        gamma = c["resolution"]
        best = None
        for seed in range(5):
            p = la.find_partition(
                g,
                la.RBConfigurationVertexPartition,
                weights="weight",
                resolution_parameter=gamma,
                n_iterations=-1,
                seed=seed,
            )
            q = g.modularity(p.membership, weights="weight", resolution=gamma)
            if best is None or q > best[1]:
                best = (list(p.membership), q)
        ours = g.modularity(c["membership"], weights="weight", resolution=gamma)
        results.append({"membership": best[0], "modularity": best[1], "ours": ours})
    return {"results": results}


def main():
    req = json.load(sys.stdin)
    kind = req["kind"]
    if kind == "pelt":
        ans = pelt(req["cases"])
    elif kind == "leiden":
        ans = leiden(req["cases"])
    else:
        raise SystemExit(f"unknown kind {kind!r}")
    json.dump(ans, sys.stdout)


if __name__ == "__main__":
    main()
