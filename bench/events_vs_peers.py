#!/usr/bin/env python3
"""Benchmark: entente's event ingest + dyad-month aggregation against DuckDB and Polars.

Same files, same machine, one run. entente: `entente ingest events DIR` into a fresh
store, then `entente events --all --by month` to CSV. DuckDB: `read_csv` over the same
files + join with the CAMEO->state table + GROUP BY, to CSV. Polars: `scan_csv` (lazy,
streaming) + the same join and group_by, to CSV. Each tool runs as its own process under
/usr/bin/time for wall time and peak memory (max RSS).

Then it checks the results are the same: events and the four quad-class counts per
(month, dyad) exactly, the Goldstein sum exactly (tenths), the tone mean to 1e-9.

The state table (CAMEO actor country code -> COW code, ISO3) comes from
`entente countries`, so all three count the same actors as states.

Usage:
  python3 bench/events_vs_peers.py --rows 10000000 [--dir /tmp/gdelt10m] [--no-polars]
  python3 bench/events_vs_peers.py --real        # the real GDELT 2.0 samples (DuckDB check)
  python3 bench/events_vs_peers.py --rows 50000000 --gz --runs 1

With gzip files the script also times inflating them alone, two files at a time on two
processes with the fastest inflater Python offers (ISA-L's igzip via `pip install isal`
when present, else zlib), output discarded: a floor no tool that reads every byte can go
under on this machine, and the speed-up over DuckDB it allows.
Needs: pip install duckdb polars [isal]; a release build (cargo build --release).
"""

import argparse
import csv
import os
import subprocess
import sys
import tempfile
import textwrap
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA = Path(os.environ.get("ENTENTE_DATA", ROOT.parent / "shared" / "data"))


def timed(cmd, env=None):
    """Runs cmd under /usr/bin/time; returns (seconds, max RSS in MiB)."""
    out = subprocess.run(
        ["/usr/bin/time", "-f", "%e %M"] + cmd,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    if out.returncode != 0:
        sys.exit(f"failed: {' '.join(cmd)}\n{out.stderr}")
    secs, kb = out.stderr.strip().splitlines()[-1].split()
    return float(secs), int(kb) / 1024


def _inflate_file(path):
    """Bytes of text in one gzip file (every member), inflated and thrown away."""
    try:
        from isal import isal_zlib as z
    except ImportError:
        import zlib as z
    n = 0
    d = z.decompressobj(31)
    with open(path, "rb") as f:
        while chunk := f.read(1 << 20):
            while chunk:
                n += len(d.decompress(chunk))
                chunk = d.unused_data
                if chunk:  # the next gzip member
                    d = z.decompressobj(31)
    return n


def inflate_floor(files, workers=2):
    """(seconds, bytes, inflater) to inflate every file, `workers` files at a time."""
    import time
    from multiprocessing import Pool
    try:
        import isal  # noqa: F401
        name = "ISA-L igzip"
    except ImportError:
        name = "zlib"
    t0 = time.perf_counter()
    with Pool(workers) as pool:
        total = sum(pool.imap_unordered(_inflate_file, [str(f) for f in files]))
    return time.perf_counter() - t0, total, name


def states_table(entente, path):
    text = subprocess.run([entente, "countries", "--format", "csv"], capture_output=True, text=True, check=True).stdout
    last = {}
    for r in csv.DictReader(text.splitlines()):
        if r["cameo"]:
            last[r["cameo"]] = (r["ccode"], r["iso3"] or r["cow"])
    with open(path, "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(["cameo", "ccode", "iso3"])
        for k, (cc, iso) in last.items():
            w.writerow([k, cc, iso])


COLS = 61
NAMES = [f"c{i:02d}" for i in range(COLS)]


def duckdb_script(glob, states, out):
    types = {n: "VARCHAR" for n in NAMES}
    types.update({"c01": "INTEGER", "c29": "INTEGER", "c30": "DOUBLE", "c34": "DOUBLE"})
    cols = "{" + ", ".join(f"'{n}': '{t}'" for n, t in types.items()) + "}"
    return textwrap.dedent(f"""
        import duckdb
        con = duckdb.connect()
        con.execute("SET threads = 2")
        con.execute("CREATE TABLE st AS SELECT * FROM read_csv('{states}', header=true, columns={{'cameo': 'VARCHAR', 'ccode': 'INTEGER', 'iso3': 'VARCHAR'}})")
        con.execute('''
        COPY (
          WITH ev AS (
            SELECT c01 // 100 AS month, s1.ccode AS x, s2.ccode AS y, c29 AS quad, c30 AS g, c34 AS tone
            FROM read_csv('{glob}', delim='\\t', header=false, quote='', escape='', columns={cols}, auto_detect=false) e
            JOIN st s1 ON e.c07 = s1.cameo JOIN st s2 ON e.c17 = s2.cameo
            WHERE s1.ccode <> s2.ccode
          )
          SELECT month, least(x, y) AS lo, greatest(x, y) AS hi, count(*) AS events,
                 count(*) FILTER (quad = 1) AS q1, count(*) FILTER (quad = 2) AS q2,
                 count(*) FILTER (quad = 3) AS q3, count(*) FILTER (quad = 4) AS q4,
                 sum(CAST(round(g * 10) AS BIGINT)) AS g10, sum(tone) AS tone_sum
          FROM ev GROUP BY ALL
        ) TO '{out}' (HEADER, DELIMITER ',')''')
    """)


def polars_script(glob, states, out):
    return textwrap.dedent(f"""
        import polars as pl
        st = pl.read_csv('{states}', schema_overrides={{'ccode': pl.Int64}})
        ev = pl.scan_csv('{glob}', separator='\\t', has_header=False, quote_char=None,
                         new_columns={NAMES!r}, infer_schema=False)
        ev = ev.select(pl.col('c01').cast(pl.Int64).alias('d'), pl.col('c07'), pl.col('c17'),
                       pl.col('c29').cast(pl.Int64).alias('quad'), pl.col('c30').cast(pl.Float64).alias('g'),
                       pl.col('c34').cast(pl.Float64).alias('tone'))
        s1 = st.lazy().select(pl.col('cameo').alias('c07'), pl.col('ccode').alias('x'))
        s2 = st.lazy().select(pl.col('cameo').alias('c17'), pl.col('ccode').alias('y'))
        j = ev.join(s1, on='c07').join(s2, on='c17').filter(pl.col('x') != pl.col('y'))
        r = j.group_by((pl.col('d') // 100).alias('month'), pl.min_horizontal('x', 'y').alias('lo'),
                       pl.max_horizontal('x', 'y').alias('hi')).agg(
            pl.len().alias('events'),
            *[(pl.col('quad') == q).sum().alias(f'q{{q}}') for q in (1, 2, 3, 4)],
            (pl.col('g') * 10).round().cast(pl.Int64).sum().alias('g10'),
            pl.col('tone').sum().alias('tone_sum'))
        r.sink_csv('{out}')
    """)


def read_peer(path, iso):
    rows = {}
    with open(path) as f:
        for r in csv.DictReader(f):
            m = int(r["month"])
            key = (f"{m // 100:04d}-{m % 100:02d}", iso[r["lo"]], iso[r["hi"]])
            rows[key] = (int(r["events"]), int(r["q1"]), int(r["q2"]), int(r["q3"]), int(r["q4"]),
                         int(r["g10"]), float(r["tone_sum"]))
    return rows


def read_entente(path):
    rows = {}
    with open(path) as f:
        for r in csv.DictReader(f):
            key = (r["period"], r["a"], r["b"])
            ev = int(r["events"])
            tone = float(r["tone_mean"]) if r["tone_mean"] else 0.0
            rows[key] = (ev, int(r["verbal_coop"]), int(r["material_coop"]), int(r["verbal_conflict"]),
                         int(r["material_conflict"]), round(float(r["goldstein_sum"]) * 10), tone * ev)
    return rows


def compare(name, peer, ent):
    if set(peer) != set(ent):
        only_p, only_e = set(peer) - set(ent), set(ent) - set(peer)
        return f"{name}: different dyad-months ({len(only_p)} only in {name}, {len(only_e)} only in entente; e.g. {sorted(only_p)[:3]} {sorted(only_e)[:3]})"
    bad = 0
    for k, p in peer.items():
        e = ent[k]
        if p[:6] != e[:6] or abs(p[6] - e[6]) > 1e-9 * max(1.0, abs(p[6])):
            bad += 1
            if bad <= 3:
                print(f"  differs {k}: {name} {p} entente {e}", file=sys.stderr)
    return f"{name}: {len(peer)} dyad-months, {'all equal' if bad == 0 else f'{bad} differ'}"


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--rows", type=int, default=10_000_000)
    ap.add_argument("--dir", type=Path)
    ap.add_argument("--entente", default=str(ROOT / "target" / "release" / "entente"))
    ap.add_argument("--no-polars", action="store_true")
    ap.add_argument("--runs", type=int, default=2, help="best of N runs per tool")
    ap.add_argument("--real", action="store_true", help="the real GDELT 2.0 samples instead of generated files")
    ap.add_argument("--gz", action="store_true", help="generated files are gzipped (entente gen gdelt --gzip); no Polars")
    a = ap.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="entente-events-bench-"))
    if a.real:
        src = DATA / "gdelt" / "v2_15min"
        glob = str(src / "*.export.CSV.gz")
        a.no_polars = True  # Polars does not stream gzip files
    else:
        src = a.dir or Path(f"/tmp/gdelt-{a.rows}{'-gz' if a.gz else ''}")
        if not src.exists():
            gen = [a.entente, "gen", "gdelt", "--rows", str(a.rows), "--out", str(src)]
            subprocess.run(gen + (["--gzip", "--rows-per-file", "2000000"] if a.gz else []), check=True)
        glob = str(src / ("*.export.CSV.gz" if a.gz else "*.export.CSV"))
        if a.gz:
            a.no_polars = True  # Polars does not stream gzip files
    files = sorted(Path(glob).parent.glob(Path(glob).name))
    size = sum(f.stat().st_size for f in files)
    rows = 10541 if a.real else a.rows
    # Warm the page cache so that no tool pays for the disk alone.
    for f in files:
        with open(f, "rb") as fh:
            while fh.read(1 << 24):
                pass
    states = tmp / "states.csv"
    states_table(a.entente, states)
    iso = {}
    with open(states) as f:
        for r in csv.DictReader(f):
            iso[r["ccode"]] = r["iso3"]
    # entente: ingest into a fresh store, then aggregate.
    env = dict(os.environ, ENTENTE_CACHE=str(tmp / "cache"))
    ent_out = tmp / "entente.csv"
    def best(run):
        return min((run() for _ in range(a.runs)), key=lambda r: r[0])

    def entente_run():
        subprocess.run(["rm", "-rf", str(tmp / "cache")], check=True)
        t_ing, m_ing = timed([a.entente, "ingest", "events", str(src)], env)
        t_agg, m_agg = timed([a.entente, "events", "--all", "--by", "month", "--format", "csv", "--out", str(ent_out)], env)
        return t_ing + t_agg, max(m_ing, m_agg), t_ing, t_agg

    secs, mem, t_ing, t_agg = best(entente_run)
    results = [("entente (ingest + aggregate)", secs, mem)]
    duck_out = tmp / "duckdb.csv"
    (tmp / "duck.py").write_text(duckdb_script(glob, states, duck_out))
    results.append(("DuckDB " + __import__("duckdb").__version__, *best(lambda: timed([sys.executable, str(tmp / "duck.py")]))))
    if not a.no_polars:
        pol_out = tmp / "polars.csv"
        (tmp / "pol.py").write_text(polars_script(glob, states, pol_out))
        results.append(("Polars " + __import__("polars").__version__, *best(lambda: timed([sys.executable, str(tmp / "pol.py")]))))
    ent = read_entente(ent_out)
    checks = [compare("DuckDB", read_peer(duck_out, iso), ent)]
    if not a.no_polars:
        checks.append(compare("Polars", read_peer(pol_out, iso), ent))
    print(f"\n{len(files)} files, {rows:,} rows, {size / 1e6:,.0f} MB, page cache warm, best of {a.runs} (entente ingest {t_ing:.2f} s + aggregate {t_agg:.2f} s)")
    print("| tool | seconds | rows/s | MB/s | peak memory (MiB) | entente's speed-up |")
    print("|---|---|---|---|---|---|")
    for name, secs, mem in results:
        print(f"| {name} | {secs:.2f} | {rows / secs:,.0f} | {size / 1e6 / secs:,.0f} | {mem:,.0f} | {secs / results[0][1]:.1f}× |")
    for c in checks:
        print(c)
    if a.gz:
        secs, text, name = inflate_floor(files)
        duck = results[1][1]
        print(f"Inflate alone ({name}, 2 processes, {text / 1e9:.1f} GB of text): {secs:.2f} s, "
              f"{text / 1e6 / secs:,.0f} MB/s; the fastest any tool could go allows at most "
              f"{duck / secs:.1f}× DuckDB's time (entente: {duck / results[0][1]:.1f}×)")
    if any("differ" in c for c in checks):
        sys.exit(1)


if __name__ == "__main__":
    main()
