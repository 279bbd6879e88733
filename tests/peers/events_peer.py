#!/usr/bin/env python3
"""An independent dyad-month aggregation of GDELT files (Python standard library only),
for the CLI test that checks `entente events --all --by month` against it.

Usage: events_peer.py STATES.csv FILE...   (STATES.csv: cameo,ccode,iso3)
Prints CSV: month,a,b,events,verbal_coop,material_coop,verbal_conflict,material_conflict,
goldstein_x10,tone_sum — undirected (a, b = ISO3 of the lower and higher COW code).
"""
import csv
import gzip
import io
import sys
import zipfile
from collections import defaultdict


def lines(path):
    if path.endswith(".zip"):
        with zipfile.ZipFile(path) as z:
            yield from io.TextIOWrapper(z.open(z.namelist()[0]), encoding="utf-8")
    elif path.endswith(".gz"):
        yield from gzip.open(path, "rt", encoding="utf-8")
    else:
        yield from open(path, encoding="utf-8")


def main():
    states, iso = {}, {}
    with open(sys.argv[1]) as f:
        for r in csv.DictReader(f):
            states[r["cameo"]] = int(r["ccode"])
            iso[int(r["ccode"])] = r["iso3"]
    agg = defaultdict(lambda: [0, 0, 0, 0, 0, 0, 0.0])
    for path in sys.argv[2:]:
        for line in lines(path):
            f = line.rstrip("\n").rstrip("\r").split("\t")
            if len(f) not in (57, 58, 61):
                continue
            x, y = states.get(f[7]), states.get(f[17])
            if x is None or y is None or x == y:
                continue
            key = (int(f[1]) // 100, min(x, y), max(x, y))
            a = agg[key]
            a[0] += 1
            a[int(f[29])] += 1
            a[5] += round(float(f[30]) * 10)
            a[6] += float(f[34])
    w = csv.writer(sys.stdout)
    w.writerow(["month", "a", "b", "events", "verbal_coop", "material_coop", "verbal_conflict",
                "material_conflict", "goldstein_x10", "tone_sum"])
    for (m, lo, hi), a in sorted(agg.items()):
        w.writerow([f"{m // 100:04d}-{m % 100:02d}", iso[lo], iso[hi], *a[:6], repr(a[6])])


if __name__ == "__main__":
    main()
