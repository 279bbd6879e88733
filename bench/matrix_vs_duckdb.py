#!/usr/bin/env python3
"""Benchmark: `entente matrix` against DuckDB on the same votes, in one run.

Both compute every agreement measure (agree, agree_half, s_abs, s_sq, kappa, pi)
for every pair of states in every General Assembly year 1946-2021 from the same
merged vote table (entente's Parquet store), and both write a CSV. The script
times each (best of --runs, wall clock, including process start and I/O), checks
that the results are identical, and prints a Markdown row for BENCHMARKS.md.

Usage: python3 bench/matrix_vs_duckdb.py [--entente target/release/entente] [--runs 3] [--format csv|parquet]
Needs: pip install duckdb; the data folder ($ENTENTE_DATA or ../shared/data).
"""

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import duckdb

ROOT = Path(__file__).resolve().parent.parent

# Vote position p = vote - 1: yes 0, abstain 1, no 2. All measures from the 3x3 counts.
CELLS = [(i, j) for i in range(3) for j in range(3)]


def measures_sql() -> str:
    c = {ij: f"c{ij[0]}{ij[1]}" for ij in CELLS}
    n = "n"
    sq = lambda i, j: (i - j) ** 2
    obs_sq = " + ".join(f"{sq(i, j)}*{c[(i, j)]}" for i, j in CELLS if sq(i, j))
    obs_abs = " + ".join(f"{abs(i - j)}*{c[(i, j)]}" for i, j in CELLS if abs(i - j))
    pa = {i: "(" + " + ".join(c[(i, j)] for j in range(3)) + f")/{n}" for i in range(3)}
    pb = {j: "(" + " + ".join(c[(i, j)] for i in range(3)) + f")/{n}" for j in range(3)}
    pp = {i: f"(({pa[i]}) + ({pb[i]}))/2" for i in range(3)}
    de_k = " + ".join(f"{sq(i, j)}*({pa[i]})*({pb[j]})" for i, j in CELLS if sq(i, j))
    de_p = " + ".join(f"{sq(i, j)}*({pp[i]})*({pp[j]})" for i, j in CELLS if sq(i, j))
    half = " + ".join(f"{1 - abs(i - j) / 2}*{c[(i, j)]}" for i, j in CELLS)
    return f"""
      (c00 + c11 + c22)/n AS agree,
      ({half})/n AS agree_half,
      1 - 2*({obs_abs})/(n*2.0) AS s_abs,
      1 - 2*({obs_sq})/(n*4.0) AS s_sq,
      CASE WHEN ({de_k}) > 1e-12 THEN 1 - (({obs_sq})/n)/({de_k}) END AS kappa,
      CASE WHEN ({de_p}) > 1e-12 THEN 1 - (({obs_sq})/n)/({de_p}) END AS pi"""


def duckdb_sql(votes: Path, rollcalls: Path, out: Path, fmt: str) -> str:
    options = "HEADER, DELIMITER ','" if fmt == "csv" else "FORMAT parquet, COMPRESSION zstd"
    counts = ",\n      ".join(
        f"sum(CASE WHEN a.p = {i} AND b.p = {j} THEN 1 ELSE 0 END)::DOUBLE AS c{i}{j}" for i, j in CELLS
    )
    return f"""
    COPY (
      WITH v AS (
        SELECT v.rollcall, r.year, v.ccode, v.vote - 1 AS p
        FROM read_parquet('{votes}') v JOIN read_parquet('{rollcalls}') r USING (rollcall)
        WHERE r.body = 'ga' AND r.year BETWEEN 1946 AND 2021 AND v.vote IN (1, 2, 3)
      ),
      t AS (
        SELECT a.year, a.ccode AS ccode_a, b.ccode AS ccode_b, count(*)::DOUBLE AS n,
          {counts}
        FROM v a JOIN v b ON a.rollcall = b.rollcall AND a.ccode < b.ccode
        GROUP BY ALL
      )
      SELECT year, ccode_a, ccode_b, n::BIGINT AS n_votes, {measures_sql()}
      FROM t ORDER BY year, ccode_a, ccode_b
    ) TO '{out}' ({options})
    """


def best_of(runs: int, fn) -> tuple[float, float]:
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    times.sort()
    return times[0], times[len(times) // 2]


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--entente", default=str(ROOT / "target/release/entente"))
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--format", choices=["csv", "parquet"], default="csv", help="output both tools write")
    args = ap.parse_args()

    work = Path(tempfile.mkdtemp(prefix="entente-bench-"))
    env = dict(os.environ)
    env.setdefault("ENTENTE_CACHE", str(work / "cache"))
    # Build (or reuse) the store; both tools read its Parquet votes.
    subprocess.run([args.entente, "sources", "--rebuild"], env=env, check=True, stdout=subprocess.DEVNULL)
    gen = Path(env["ENTENTE_CACHE"]) / "unga" / (Path(env["ENTENTE_CACHE"]) / "unga" / "CURRENT").read_text().strip()
    votes, rollcalls = gen / "votes.parquet", gen / "rollcalls.parquet"

    ext = args.format
    e_out, d_out = work / f"entente.{ext}", work / f"duckdb.{ext}"
    cmd = [args.entente, "matrix", "--from", "1946", "--to", "2021", "--format", ext, "--out", str(e_out)]
    e_best, e_med = best_of(args.runs, lambda: subprocess.run(cmd, env=env, check=True))

    con = duckdb.connect()
    con.execute("SET threads TO 2")
    sql = duckdb_sql(votes, rollcalls, d_out, ext)
    d_best, d_med = best_of(args.runs, lambda: con.execute(sql))

    measures = ["agree", "agree_half", "s_abs", "s_sq", "kappa", "pi"]
    diffs = ", ".join(f"max(abs(e.{m} - d.{m})) AS {m}" for m in measures)
    null_mismatch = " + ".join(f"sum(CASE WHEN (e.{m} IS NULL) <> (d.{m} IS NULL) THEN 1 ELSE 0 END)" for m in measures)
    check = con.execute(
        f"""
        SELECT count(*) AS rows,
               sum(CASE WHEN e.year IS NULL OR d.year IS NULL THEN 1 ELSE 0 END) AS unmatched,
               sum(CASE WHEN e.n_votes <> d.n_votes THEN 1 ELSE 0 END) AS n_differs,
               {null_mismatch} AS null_mismatch, {diffs}
        FROM read_{'csv' if ext == 'csv' else 'parquet'}('{e_out}') e
        FULL JOIN read_{'csv' if ext == 'csv' else 'parquet'}('{d_out}') d USING (year, ccode_a, ccode_b)
        """
    ).fetchone()
    names = ["rows", "unmatched", "n_differs", "null_mismatch"] + [f"max_diff_{m}" for m in measures]
    result = dict(zip(names, check))
    identical = result["unmatched"] == 0 and result["n_differs"] == 0 and result["null_mismatch"] == 0 and all(
        (result[f"max_diff_{m}"] or 0) < 1e-9 for m in measures
    )
    result.update(
        entente_best_s=round(e_best, 3),
        entente_median_s=round(e_med, 3),
        duckdb_best_s=round(d_best, 3),
        duckdb_median_s=round(d_med, 3),
        duckdb_version=duckdb.__version__,
        ratio=round(d_best / e_best, 1),
        identical=identical,
    )
    print(json.dumps(result, indent=2, default=str))
    print(
        f"| matrix 1946-2021, 6 measures, {result['rows']:,} pair-years -> {ext} | {e_best:.2f} s | "
        f"DuckDB {duckdb.__version__}: {d_best:.2f} s | {d_best / e_best:.1f}x | {'identical' if identical else 'DIFFERENT'} |"
    )
    return 0 if identical else 1


if __name__ == "__main__":
    sys.exit(main())
