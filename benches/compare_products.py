#!/usr/bin/env python3
"""Side by side: `mastui products --format jsonl` and astroquery's
`Observations.get_product_list` listing the products of the same observations from the same
`mastui sim` (with MAST-like per-request latency and per-obsid join cost), alternating runs,
reporting medians of wall time and peak memory (max RSS of the process).

    python3 benches/compare_products.py [--mastui target/release/mastui]
        [--python .venv/bin/python] [--observations 500] [--latency-ms 50] [--join-ms 20]
        [--runs 3] [--parallel 8] [--batch 5] [--max-batch 32]

mastui is asked for every product (`--guide-stars`, no filter) so both lists hold the same
files; mastui's are de-duplicated on dataURI, astroquery's unique rows are counted too.
Both clients pay their start-up; astroquery's time inside get_product_list alone is
reported as well. The limit is the best any client can do with --parallel requests in flight:
the server's join work spread evenly over them, plus one request's round trip.
"""
import argparse
import json
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
obsids = sys.argv[2].split(",")
t0 = time.perf_counter()
table = obs.get_product_list(obsids)
elapsed = time.perf_counter() - t0
unique = len(set(table["dataURI"]))
print(len(table), unique, elapsed)
"""




def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--mastui", default="target/release/mastui")
    ap.add_argument("--python", default=".venv/bin/python")
    ap.add_argument("--observations", type=int, default=500)
    ap.add_argument("--latency-ms", type=int, default=50)
    ap.add_argument("--join-ms", type=int, default=20)
    ap.add_argument("--where", default="intentType=science")
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--parallel", type=int, default=8,
                    help="mastui's product requests in flight (its --parallel)")
    ap.add_argument("--batch", type=int, default=5,
                    help="observations per mastui request at first (its --batch)")
    ap.add_argument("--max-batch", type=int, default=32,
                    help="how large mastui's requests may grow (its --max-batch)")
    args = ap.parse_args()

    sim = subprocess.Popen(
        [args.mastui, "sim", "--latency-ms", str(args.latency_ms), "--join-ms", str(args.join_ms)],
        stdout=subprocess.PIPE)
    try:
        base = sim.stdout.readline().decode().strip()
        found = subprocess.run(
            [args.mastui, "--server", base, "search", "--where", args.where, "--columns", "obsid",
             "--limit", str(args.observations), "--format", "jsonl"],
            check=True, capture_output=True, text=True).stdout
        obsids = [str(json.loads(line)["obsid"]) for line in found.splitlines() if line.strip()]
        print(f"simulator {base}, latency {args.latency_ms} ms, join {args.join_ms} ms/obsid, "
              f"{len(obsids)} observations; mastui --batch {args.batch} --max-batch {args.max_batch} "
              f"--parallel {args.parallel}")
        mastui_cmd = [args.mastui, "--server", base, "products", "--guide-stars", "--format",
                      "jsonl", "--parallel", str(args.parallel), "--batch", str(args.batch),
                      "--max-batch", str(args.max_batch),
                      ",".join(obsids)]
        astro_cmd = [args.python, "-c", ASTROQUERY, base, ",".join(obsids)]
        m_wall, m_rss, a_wall, a_rss, a_call = [], [], [], [], []
        m_rows = 0
        for i in range(args.runs):
            w, r, out = measure(mastui_cmd, subprocess.PIPE)
            m_rows = len(out.splitlines())
            m_wall.append(w)
            m_rss.append(r)
            w, r, out = measure(astro_cmd, subprocess.PIPE)
            rows, unique, inner = out.split()
            a_wall.append(w)
            a_rss.append(r)
            a_call.append(float(inner))
            print(f"run {i + 1}: mastui {m_wall[-1]:.2f} s {m_rss[-1]:.0f} MiB, {m_rows} unique | "
                  f"astroquery {a_wall[-1]:.2f} s (get_product_list {a_call[-1]:.2f} s) "
                  f"{a_rss[-1]:.0f} MiB, {rows} rows ({unique} unique)")
        med = statistics.median
        print(f"median mastui:     {med(m_wall):.2f} s, peak {med(m_rss):.0f} MiB")
        print(f"median astroquery: {med(a_wall):.2f} s (get_product_list alone {med(a_call):.2f} s), "
              f"peak {med(a_rss):.0f} MiB")
        print(f"mastui is {med(a_wall) / med(m_wall):.1f}x faster end to end "
              f"({med(a_call) / med(m_wall):.1f}x against get_product_list alone) "
              f"and uses {med(m_rss) / med(a_rss):.2f} of astroquery's peak memory")
        limit = (len(obsids) * args.join_ms / args.parallel + args.latency_ms) / 1000
        print(f"limit with {args.parallel} in flight: {limit:.2f} s "
              f"({len(obsids)} x {args.join_ms} ms / {args.parallel} + {args.latency_ms} ms); "
              f"mastui at {med(m_wall) / limit:.2f}x of it")
    finally:
        sim.terminate()
        sim.wait()


if __name__ == "__main__":
    main()
