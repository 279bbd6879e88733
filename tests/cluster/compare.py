"""Compares `entente events --all --format csv` from the event store's kernel with the
same from SQL (DataFusion or Ballista): identical rows and columns; integers and
Goldstein sums exactly equal; means within 1e-9 relative or 1e-12 absolute (the
tone sums are exact decimals in SQL, floating-point sums in the kernel)."""

import csv
import math
import sys


def rows(path):
    with open(path, newline="") as f:
        r = list(csv.reader(f))
    return r[0], r[1:]


def main(kernel, sql):
    hk, rk = rows(kernel)
    hs, rs = rows(sql)
    assert hk == hs, f"columns differ: {hk} vs {hs}"
    assert len(rk) == len(rs), f"{len(rk)} rows from the kernel, {len(rs)} from SQL"
    assert len(rk) > 0, "no rows"
    worst = 0.0
    for a, b in zip(rk, rs):
        for col, x, y in zip(hk, a, b):
            if x == y:
                continue
            if col in ("tone_mean", "goldstein_mean", "net_cooperation") and x and y:
                fx, fy = float(x), float(y)
                rel = abs(fx - fy) / max(1e-300, abs(fx))
                worst = max(worst, rel)
                if rel <= 1e-9 or abs(fx - fy) <= 1e-12:
                    continue
            raise SystemExit(f"{col} differs at {a[:3]}: kernel {x!r}, SQL {y!r}")
    print(f"same: kernel = SQL ({len(rk)} rows; largest relative difference of a mean {worst:.1e})")


if __name__ == "__main__":
    main(*sys.argv[1:3])
