#!/usr/bin/env python3
"""Side by side: `mastui catalog tic --where ... --format jsonl` and astroquery's
`Catalogs.query_criteria(catalog="Tic", ...)` fetching the same TIC rows (all 89 columns) from
the same `mastui sim`, alternating runs, reporting medians of wall time and peak memory (max
RSS of the process).

    python3 benches/compare_catalog.py [--mastui target/release/mastui] [--python .venv/bin/python]
        [--scale 20000] [--tmag 4..12.4] [--runs 5]

The default search (Tmag between 4 and 12.4 at scale 20000) finds about 100,000 rows. Both
clients pay their start-up (the Python interpreter importing astroquery is what a user waits
for too); astroquery's time inside query_criteria alone is reported as well. Both ask 50,000
rows a page, astroquery's default.
"""
import argparse
import os
import statistics
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from bench_common import AQ_PRELUDE, measure  # noqa: E402

ASTROQUERY = AQ_PRELUDE + r"""
import time
from astroquery.mast import Catalogs
lo, hi = (float(x) for x in sys.argv[2].split(".."))
t0 = time.perf_counter()
table = Catalogs.query_criteria(catalog="Tic", Tmag=[lo, hi])
print(len(table), time.perf_counter() - t0)
"""


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--mastui", default="target/release/mastui")
    ap.add_argument("--python", default=".venv/bin/python")
    ap.add_argument("--scale", type=int, default=20000)
    ap.add_argument("--tmag", default="4..12.4", help="Tmag range lo..hi")
    ap.add_argument("--runs", type=int, default=5)
    args = ap.parse_args()

    sim = subprocess.Popen([args.mastui, "sim", "--scale", str(args.scale)], stdout=subprocess.PIPE)
    try:
        base = sim.stdout.readline().decode().strip()
        where = f"Tmag={args.tmag}"
        count = subprocess.run(
            [args.mastui, "--server", base, "catalog", "tic", "--where", where, "--count"],
            check=True, capture_output=True, text=True).stdout.strip()
        print(f"simulator {base}, scale {args.scale}, TIC {where}: {count} rows")
        mastui_cmd = [args.mastui, "--server", base, "catalog", "tic", "--where", where, "--format", "jsonl"]
        astro_cmd = [args.python, "-c", ASTROQUERY, base, args.tmag]
        m_wall, m_rss, a_wall, a_rss, a_query = [], [], [], [], []
        for i in range(args.runs):
            # mastui's output goes to a file, counted afterwards: held in this process it
            # would count as the peak memory of every process spawned after it (fork).
            with tempfile.TemporaryFile() as sink:
                w, r, _ = measure(mastui_cmd, sink)
                sink.seek(0)
                lines = sum(chunk.count(b"\n") for chunk in iter(lambda: sink.read(1 << 20), b""))
            if str(lines) != count:
                sys.exit(f"mastui printed {lines} rows, its count said {count}")
            m_wall.append(w)
            m_rss.append(r)
            w, r, out = measure(astro_cmd, subprocess.PIPE)
            rows, inner = out.split()
            if rows != count:
                sys.exit(f"astroquery got {rows} rows, mastui's count said {count}")
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
