#!/usr/bin/env python3
"""Benchmark: `entente ideal` (full history) against R's pscl::ideal on one session.

pscl::ideal (Jackman) is the standard R estimator of static Bayesian ideal points by
MCMC, for binary votes. The script runs, in one go on the same merged votes:
  1. entente's full 1946-2025 dynamic ordinal estimate (cache cleared, best of --runs);
  2. pscl::ideal on one session (default 2019): yes = 1, no = 0, abstain and absent
     missing, default MCMC settings (maxiter 10,000, burnin 1,000, thin 100);
and reports the times, pscl's time extrapolated to every session (static estimates,
no bridging: only a lower bound for a comparable run), and the correlation of the two
sets of positions for that session.

Usage: python3 bench/ideal_vs_pscl.py [--entente target/release/entente] [--year 2019] [--runs 3]
Needs: apt-get install r-cran-pscl; pip install duckdb.
"""

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import duckdb

ROOT = Path(__file__).resolve().parent.parent

R_SCRIPT = r"""
suppressMessages(library(pscl))
m <- as.matrix(read.csv(commandArgs(TRUE)[1], row.names = 1, check.names = FALSE))
rc <- rollcall(m, yea = 1, nay = 0, missing = NA, notInLegis = 9, legis.names = rownames(m))
t0 <- proc.time()[["elapsed"]]
fit <- ideal(rc, d = 1, normalize = TRUE, verbose = FALSE)
t1 <- proc.time()[["elapsed"]]
x <- fit$xbar[, 1]
write.csv(data.frame(ccode = names(x), ideal = x), commandArgs(TRUE)[2], row.names = FALSE)
cat(sprintf("%.3f\n", t1 - t0))
"""


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--entente", default=str(ROOT / "target/release/entente"))
    ap.add_argument("--year", type=int, default=2019)
    ap.add_argument("--runs", type=int, default=3)
    args = ap.parse_args()

    work = Path(tempfile.mkdtemp(prefix="entente-ideal-bench-"))
    env = dict(os.environ)
    env["ENTENTE_CACHE"] = str(work / "cache")
    subprocess.run([args.entente, "sources", "--rebuild"], env=env, check=True, stdout=subprocess.DEVNULL)
    unga = Path(env["ENTENTE_CACHE"]) / "unga"
    gen = unga / (unga / "CURRENT").read_text().strip()

    # entente: full history, cold (the ideal-point cache is removed before each run).
    times = []
    for _ in range(args.runs):
        shutil.rmtree(Path(env["ENTENTE_CACHE"]) / "ideal", ignore_errors=True)
        t0 = time.perf_counter()
        subprocess.run(
            [args.entente, "ideal", "--format", "csv", "--out", str(work / "entente.csv")],
            env=env, check=True, stderr=subprocess.DEVNULL,
        )
        times.append(time.perf_counter() - t0)
    e_best = min(times)

    # One session's roll-call matrix for pscl (same votes, split roll calls only).
    con = duckdb.connect()
    votes = con.execute(
        f"""
        SELECT v.ccode, v.rollcall, CASE v.vote WHEN 1 THEN 1 WHEN 3 THEN 0 END AS y
        FROM read_parquet('{gen / "votes.parquet"}') v JOIN read_parquet('{gen / "rollcalls.parquet"}') r USING (rollcall)
        WHERE r.body = 'ga' AND r.year = {args.year}
        """
    ).fetchall()
    rollcalls = sorted({rc for _, rc, _ in votes})
    states = sorted({cc for cc, _, _ in votes})
    cell = {(cc, rc): y for cc, rc, y in votes}
    matrix = work / "matrix.csv"
    with matrix.open("w") as f:
        f.write("ccode," + ",".join(f"rc{rc}" for rc in rollcalls) + "\n")
        for cc in states:
            row = [cell.get((cc, rc), None) for rc in rollcalls]
            f.write(f"{cc}," + ",".join("NA" if v is None else str(v) for v in row) + "\n")
    (work / "run.R").write_text(R_SCRIPT)
    t0 = time.perf_counter()
    out = subprocess.run(
        ["Rscript", str(work / "run.R"), str(matrix), str(work / "pscl.csv")],
        check=True, capture_output=True, text=True,
    )
    r_wall = time.perf_counter() - t0
    r_fit = float(out.stdout.strip().splitlines()[-1])
    sessions = con.execute(
        f"SELECT count(DISTINCT year) FROM read_parquet('{gen / 'rollcalls.parquet'}') WHERE body = 'ga'"
    ).fetchone()[0]

    corr = con.execute(
        f"""
        SELECT corr(e.ideal, p.ideal) FROM read_csv('{work / "entente.csv"}') e
        JOIN read_csv('{work / "pscl.csv"}') p ON e.ccode = p.ccode WHERE e.year = {args.year}
        """
    ).fetchone()[0]
    result = {
        "entente_full_history_best_s": round(e_best, 2),
        "pscl_session": args.year,
        "pscl_states": len(states),
        "pscl_rollcalls": len(rollcalls),
        "pscl_fit_s": round(r_fit, 2),
        "pscl_wall_s": round(r_wall, 2),
        "ga_sessions": sessions,
        "pscl_all_sessions_extrapolated_s": round(r_fit * sessions, 1),
        "ratio_vs_extrapolated": round(r_fit * sessions / e_best, 1),
        "abs_corr_with_entente_that_year": round(abs(corr), 3) if corr is not None else None,
    }
    print(json.dumps(result, indent=2))
    print(
        f"| ideal points, full history 1946-2025 | {e_best:.2f} s | pscl::ideal, session {args.year} "
        f"({len(states)} states, {len(rollcalls)} roll calls): {r_fit:.1f} s; x{sessions} sessions = "
        f"{r_fit * sessions:.0f} s (extrapolated) | {r_fit * sessions / e_best:.0f}x | |r| = {abs(corr):.3f} that year |"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
