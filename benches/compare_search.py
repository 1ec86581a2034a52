#!/usr/bin/env python3
"""Side by side: `mastui search --format jsonl` and astroquery's `Observations.query_criteria`
fetching the same rows from the same `mastui sim`, alternating runs, reporting medians of wall
time and peak memory (max RSS of the process).

    python3 benches/compare_search.py [--mastui target/release/mastui] [--python .venv/bin/python]
        [--scale 200000] [--where intentType=science] [--runs 5]

Both clients pay their start-up (the Python interpreter importing astroquery is what a user
waits for too); astroquery's time inside query_criteria alone is reported as well.
"""
import argparse
import os
import statistics
import subprocess
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from bench_common import AQ_PRELUDE, measure  # noqa: E402

ASTROQUERY = AQ_PRELUDE + r"""
import json, time
from astroquery.mast import ObservationsClass
obs = ObservationsClass()
column, value = sys.argv[2].split("=", 1)
t0 = time.perf_counter()
table = obs.query_criteria(**{column: value})
print(len(table), time.perf_counter() - t0)
"""




def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--mastui", default="target/release/mastui")
    ap.add_argument("--python", default=".venv/bin/python")
    ap.add_argument("--scale", type=int, default=200000)
    ap.add_argument("--where", default="intentType=science")
    ap.add_argument("--runs", type=int, default=5)
    args = ap.parse_args()

    sim = subprocess.Popen([args.mastui, "sim", "--scale", str(args.scale)], stdout=subprocess.PIPE)
    try:
        base = sim.stdout.readline().decode().strip()
        count = subprocess.run(
            [args.mastui, "--server", base, "search", "--where", args.where, "--count"],
            check=True, capture_output=True, text=True).stdout.strip()
        print(f"simulator {base}, scale {args.scale}, {args.where}: {count} rows")
        mastui_cmd = [args.mastui, "--server", base, "search", "--where", args.where, "--format", "jsonl"]
        astro_cmd = [args.python, "-c", ASTROQUERY, base, args.where]
        m_wall, m_rss, a_wall, a_rss, a_query = [], [], [], [], []
        with open(os.devnull, "wb") as devnull:
            for i in range(args.runs):
                w, r, _ = measure(mastui_cmd, devnull)
                m_wall.append(w)
                m_rss.append(r)
                w, r, out = measure(astro_cmd, subprocess.PIPE)
                rows, inner = out.split()
                a_wall.append(w)
                a_rss.append(r)
                a_query.append(float(inner))
                print(f"run {i + 1}: mastui {m_wall[-1]:.2f} s {m_rss[-1]:.0f} MiB | "
                      f"astroquery {a_wall[-1]:.2f} s (query {a_query[-1]:.2f} s) {a_rss[-1]:.0f} MiB, {rows} rows")
        med = statistics.median
        print(f"median mastui:     {med(m_wall):.2f} s, peak {med(m_rss):.0f} MiB")
        print(f"median astroquery: {med(a_wall):.2f} s (query_criteria alone {med(a_query):.2f} s), "
              f"peak {med(a_rss):.0f} MiB")
        print(f"mastui is {med(a_wall) / med(m_wall):.1f}x faster end to end "
              f"({med(a_query) / med(m_wall):.1f}x against query_criteria alone) "
              f"and uses {med(m_rss) / med(a_rss):.2f} of astroquery's peak memory")
    finally:
        sim.terminate()
        sim.wait()


if __name__ == "__main__":
    main()
