#!/usr/bin/env python3
"""Warm-cache wall time of the commands an analyst runs most: `entente brief China Russia`,
`entente profile China Russia`, `entente ties`, every dyad of a year (`profile --all`) and
the whole dyad-year table 1946–2024 (`export` of dyad_ties and dyad_index), for this build and, with --baseline, another build of
entente (e.g. the commit before a change), on the same data in one run.

Each binary gets its own cache folder, is run once to fill it (not timed), then --runs
times; the script prints min and median wall time and peak memory, and the ratio
baseline / this build.

    cargo build --release -p entente-cli
    python3 bench/warm_start.py --bin target/release/entente [--baseline OTHER/entente] [--runs 5]
    python3 bench/warm_start.py --cold --bin target/release/entente --baseline OTHER/entente --runs 2
"""
import argparse
import os
import statistics
import subprocess
import tempfile
import time

COMMANDS = [
    ("brief China Russia", ["brief", "China", "Russia", "--out", "{tmp}/brief.html"]),
    ("profile China Russia", ["profile", "China", "Russia"]),
    ("ties China Russia --year 2015", ["ties", "China", "Russia", "--year", "2015"]),
    ("profile --all --year 2010", ["profile", "--all", "--year", "2010", "--format", "csv",
                                   "--out", "{tmp}/all2010.csv"]),
    ("export dyad_ties,dyad_index 1946-2024", ["export", "{tmp}/export", "--tables",
                                               "dyad_ties,dyad_index"]),
]


def run(binary, args, cache):
    """Wall time (s) and peak RSS (MiB, GNU time) of one run."""
    env = dict(os.environ, ENTENTE_CACHE=cache, NO_COLOR="1")
    t0 = time.perf_counter()
    p = subprocess.run(["/usr/bin/time", "-f", "%M", binary, *args], env=env, check=True,
                       stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    elapsed = time.perf_counter() - t0
    return elapsed, int(p.stderr.strip().splitlines()[-1]) / 1024


def measure_cold(binary, runs):
    """`brief China Russia` on an empty cache every run (a first run: votes, ideal points,
    tie datasets and the derived tables all built)."""
    times = []
    with tempfile.TemporaryDirectory() as tmp:
        for k in range(runs):
            cache = os.path.join(tmp, f"cache{k}")
            times.append(run(binary, ["brief", "China", "Russia", "--out", f"{tmp}/brief{k}.html"], cache))
    return {"brief China Russia (cold)": (min(t for t, _ in times), statistics.median(t for t, _ in times),
                                          max(m for _, m in times))}


def measure(binary, runs, cold=False):
    if cold:
        return measure_cold(binary, runs)
    out = {}
    with tempfile.TemporaryDirectory() as cache, tempfile.TemporaryDirectory() as tmp:
        for name, args in COMMANDS:
            args = [a.format(tmp=tmp) for a in args]
            run(binary, args, cache)  # fills the cache
            times = [run(binary, args, cache) for _ in range(runs)]
            out[name] = (min(t for t, _ in times), statistics.median(t for t, _ in times), max(m for _, m in times))
    return out


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--bin", default="target/release/entente")
    p.add_argument("--baseline", help="another entente binary to compare with")
    p.add_argument("--runs", type=int, default=5)
    p.add_argument("--cold", action="store_true", help="time `brief China Russia` on an empty cache instead")
    a = p.parse_args()
    this = measure(a.bin, a.runs, a.cold)
    base = measure(a.baseline, a.runs, a.cold) if a.baseline else None
    print(f"{'cold' if a.cold else 'warm'} cache, {a.runs} runs each (min / median wall time, peak RSS)")
    for name in this:
        mn, md, mem = this[name]
        line = f"{name:32} this build {mn:6.2f} / {md:6.2f} s {mem:6.0f} MiB"
        if base:
            bmn, bmd, bmem = base[name]
            line += f"   baseline {bmn:6.2f} / {bmd:6.2f} s {bmem:6.0f} MiB   {bmd / md:4.1f}x"
        print(line)


if __name__ == "__main__":
    main()
