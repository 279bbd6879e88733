#!/usr/bin/env python3
"""Benchmark (issue 9): the dyad-month event aggregation three ways, at three sizes.

1. kernel      — `entente ingest events FILES` into a fresh store, then
                 `entente events --all --by month` (entente's own parser and fold).
2. sql         — `entente events --all --by month --tables P`: the same aggregation as
                 SQL over the Parquet events table, DataFusion in this process.
3. cluster     — the same with `--cluster df://…`: a Ballista scheduler and two
                 executors (1 task slot each, the machine's 2 cores), separate processes
                 on 127.0.0.1, started fresh for each size.
The Parquet table the SQL modes read is written once per size by
`entente export P --events-from FILES` (reported as "convert").

Wall time and peak memory per mode: the client under /usr/bin/time (max RSS); for the
cluster also the scheduler's and each executor's peak (VmHWM), summed. Results are
checked: cluster = in-process SQL byte for byte, kernel = SQL (counts exactly, means to
1e-9) via tests/cluster/compare.py.

Usage:
  python3 bench/cluster_vs_inprocess.py --files /tmp/gdelt50m-gz --sizes 5,10,25
  (sizes in files of the folder, taken in name order; `entente gen gdelt --rows 50000000
   --out /tmp/gdelt50m-gz --gzip` writes 25 files of 2 M rows)
Needs: cargo build --profile bench-cluster -p entente-cli --features cluster
"""

import argparse
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = ROOT / "target" / "bench-cluster" / "entente"


def timed(cmd, out=None, env=None):
    """Runs cmd under /usr/bin/time; returns (seconds, max RSS in MiB)."""
    with open(out or os.devnull, "w") as f:
        p = subprocess.run(["/usr/bin/time", "-f", "%e %M"] + cmd, env=env, stdout=f, stderr=subprocess.PIPE, text=True)
    if p.returncode != 0:
        sys.exit(f"failed: {' '.join(map(str, cmd))}\n{p.stderr}")
    secs, kb = p.stderr.strip().splitlines()[-1].split()
    return float(secs), int(kb) / 1024


def free_ports(n):
    socks = [socket.socket() for _ in range(n)]
    for s in socks:
        s.bind(("127.0.0.1", 0))
    ports = [s.getsockname()[1] for s in socks]
    for s in socks:
        s.close()
    return ports


def wait_port(port, secs=60):
    end = time.time() + secs
    while time.time() < end:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            return
        except OSError:
            time.sleep(0.1)
    sys.exit(f"port {port} did not open")


def hwm_mib(pid):
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return 0.0


class Cluster:
    def __init__(self, binary, work, env):
        sp, f1, g1, f2, g2 = free_ports(5)
        self.url = f"df://127.0.0.1:{sp}"
        self.procs = []
        log = open(work / "cluster.log", "w")
        self.procs.append(subprocess.Popen([binary, "cluster", "scheduler", "--port", str(sp)], stdout=log, stderr=log, env=env))
        wait_port(sp)
        for i, (f, g) in enumerate([(f1, g1), (f2, g2)]):
            self.procs.append(
                subprocess.Popen(
                    [binary, "cluster", "executor", "--scheduler", f"127.0.0.1:{sp}", "--port", str(f), "--grpc-port", str(g), "--slots", "1", "--work-dir", str(work / f"e{i}")],
                    stdout=log,
                    stderr=log,
                    env=env,
                )
            )
            wait_port(f)

    def peak_mib(self):
        return sum(hwm_mib(p.pid) for p in self.procs)

    def stop(self):
        for p in self.procs:
            p.terminate()
        for p in self.procs:
            p.wait(timeout=30)


def rows_of(csv_path):
    with open(csv_path) as f:
        return sum(1 for _ in f) - 1


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--files", required=True, type=Path)
    ap.add_argument("--sizes", default="5,10,25", help="numbers of files")
    ap.add_argument("--bin", type=Path, default=BIN)
    args = ap.parse_args()
    files = sorted(p for p in args.files.iterdir() if p.is_file())
    env = dict(os.environ)
    results = []
    for n in [int(s) for s in args.sizes.split(",")]:
        chosen = files[:n]
        work = Path(tempfile.mkdtemp(prefix="entente-cluster-bench-"))
        try:
            raw = work / "raw"
            raw.mkdir()
            for f in chosen:
                os.symlink(f, raw / f.name)
            e = dict(env, ENTENTE_CACHE=str(work / "cache"))
            gen_rows = sum(2_000_000 for _ in chosen)  # gen writes 2 M rows per file
            t_ing, m_ing = timed([args.bin, "ingest", "events", str(raw)], env=e)
            t_k, m_k = timed([args.bin, "events", "--all", "--by", "month", "--format", "csv"], out=work / "kernel.csv", env=e)
            t_conv, m_conv = timed([args.bin, "export", str(work / "p"), "--events-from", str(raw)], env=e)
            pq_bytes = sum(p.stat().st_size for p in (work / "p" / "events").rglob("*.parquet"))
            t_sql, m_sql = timed([args.bin, "events", "--all", "--by", "month", "--tables", str(work / "p"), "--format", "csv"], out=work / "sql.csv", env=e)
            cl = Cluster(args.bin, work, e)
            try:
                # A warm-up query (connections, executor registration) that also counts
                # the table's rows; then the timed one.
                timed([args.bin, "sql", "--tables", str(work / "p"), "--cluster", cl.url, "--format", "csv", "SELECT count(*) AS n FROM events"], out=work / "n.csv", env=e)
                table_rows = int((work / "n.csv").read_text().splitlines()[1])
                t_cl, m_cl_client = timed([args.bin, "events", "--all", "--by", "month", "--tables", str(work / "p"), "--cluster", cl.url, "--format", "csv"], out=work / "cluster.csv", env=e)
                m_cl = m_cl_client + cl.peak_mib()
            finally:
                cl.stop()
            if (work / "sql.csv").read_bytes() != (work / "cluster.csv").read_bytes():
                sys.exit("cluster result differs from the in-process SQL result")
            subprocess.run([sys.executable, ROOT / "tests" / "cluster" / "compare.py", work / "kernel.csv", work / "sql.csv"], check=True)
            results.append(
                dict(files=n, rows=gen_rows, table_rows=table_rows, pq_mib=pq_bytes / 2**20, dyad_months=rows_of(work / "sql.csv"),
                     kernel=(t_ing + t_k, max(m_ing, m_k)), convert=(t_conv, m_conv), sql=(t_sql, m_sql), cluster=(t_cl, m_cl))
            )
            r = results[-1]
            print(f"{n} files, {gen_rows:,} rows -> {table_rows:,} event rows ({r['pq_mib']:.0f} MiB Parquet), {r['dyad_months']:,} dyad-months", flush=True)
            for mode in ["kernel", "convert", "sql", "cluster"]:
                t, m = r[mode]
                print(f"  {mode:8s} {t:7.2f} s  peak {m:7.0f} MiB", flush=True)
        finally:
            shutil.rmtree(work, ignore_errors=True)
    print()
    print("| raw rows | events table rows | mode | wall s | raw rows/s | peak MiB |")
    print("|---:|---:|---|---:|---:|---:|")
    for r in results:
        for mode, label in [("kernel", "kernel: ingest + fold"), ("convert", "convert: export --events-from"), ("sql", "SQL in process (DataFusion)"), ("cluster", "cluster: scheduler + 2 executors")]:
            t, m = r[mode]
            print(f"| {r['rows']:,} | {r['table_rows']:,} | {label} | {t:.2f} | {r['rows'] / t / 1e6:.1f} M | {m:.0f} |")


if __name__ == "__main__":
    main()
