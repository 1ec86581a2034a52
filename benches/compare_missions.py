#!/usr/bin/env python3
"""Side by side: mastui and astroquery's MastMissions against the same `mastui sim` (with
MAST-like per-request latency), alternating runs, medians of end-to-end wall time
(start-up included) and peak memory:

  1. a 5,000-row JWST missions search
     (`mastui mission jwst --where instrume=... --limit 5000 --format jsonl` vs
     `MastMissions(mission='jwst').query_criteria(instrume=..., limit=5000)`);
  2. the product lists of 20 JWST datasets and a download of one product of each (the
     smallest public file of each dataset): `mastui mission jwst --products ... --format
     jsonl`, filtered, piped into `mastui download`, vs `get_product_list` +
     `download_products`.

    python3 benches/compare_missions.py [--mastui target/release/mastui]
        [--python .venv/bin/python] [--scale 60000] [--latency-ms 50] [--runs 3]
"""
import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from bench_common import AQ_PRELUDE, measure  # noqa: E402

INSTRUMENTS = "NIRCAM,MIRI,NIRSPEC,NIRISS,FGS"

AQ_SEARCH = AQ_PRELUDE + r"""
import warnings
warnings.simplefilter("ignore")
from astroquery.mast import MastMissionsClass
t = MastMissionsClass(mission="jwst").query_criteria(instrume=sys.argv[2], limit=5000)
print(len(t))
"""

AQ_PRODUCTS = AQ_PRELUDE + r"""
import warnings
warnings.simplefilter("ignore")
from astroquery.mast import MastMissionsClass
mm = MastMissionsClass(mission="jwst")
datasets = sys.argv[2].split(",")
prods = mm.get_product_list(datasets)
public = prods[prods["access"] == "PUBLIC"]
public.sort(["dataset", "size", "filename"])
keep, seen = [], set()
for i, row in enumerate(public):
    if row["dataset"] not in seen:
        seen.add(row["dataset"])
        keep.append(i)
manifest = mm.download_products(public[keep], download_dir=sys.argv[3], verbose=False)
print(len(prods), sum(1 for s in manifest["Status"] if s == "COMPLETE"))
"""


def pick_one_each(lines):
    """The smallest public file of each dataset, as JSON lines (the astroquery side's rule)."""
    best = {}
    for line in lines:
        r = json.loads(line)
        if r.get("dataRights") != "PUBLIC":
            continue
        key = r["obs_id"]
        rank = (r["size"], r["productFilename"])
        if key not in best or rank < best[key][0]:
            best[key] = (rank, line)
    return "".join(best[k][1] + "\n" for k in sorted(best))


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--mastui", default="target/release/mastui")
    ap.add_argument("--python", default=".venv/bin/python")
    ap.add_argument("--scale", type=int, default=60_000)
    ap.add_argument("--latency-ms", type=int, default=50)
    ap.add_argument("--runs", type=int, default=3)
    args = ap.parse_args()

    sim = subprocess.Popen(
        [args.mastui, "sim", "--scale", str(args.scale), "--latency-ms", str(args.latency_ms)],
        stdout=subprocess.PIPE)
    try:
        base = sim.stdout.readline().decode().strip()
        env = dict(os.environ, MASTUI_SERVER=base)
        os.environ["MASTUI_SERVER"] = base
        data = tempfile.mkdtemp(prefix="mastui-bench-data-")
        os.environ["MASTUI_DATA_DIR"] = data
        # Twenty datasets with files, from the search itself.
        out = subprocess.run(
            [args.mastui, "mission", "jwst", "--where", "program=1073", "--columns", "fileSetName",
             "--format", "csv"], capture_output=True, check=True, env=env).stdout.decode()
        first = [l for l in out.splitlines()[1:] if l]
        out = subprocess.run(
            [args.mastui, "mission", "jwst", "--where", "productLevel=2b", "--limit", "5",
             "--columns", "fileSetName", "--format", "csv"],
            capture_output=True, check=True, env=env).stdout.decode()
        datasets = (first + [l for l in out.splitlines()[1:] if l])[:20]
        assert len(datasets) == 20, datasets

        results = {k: [] for k in ("m_search", "a_search", "m_prod", "a_prod")}
        rss = {k: [] for k in results}
        for run in range(args.runs):
            # 1. the 5,000-row search.
            wall, mem, text = measure(
                [args.mastui, "mission", "jwst", "--where", f"instrume={INSTRUMENTS}",
                 "--limit", "5000", "--format", "jsonl"], subprocess.PIPE)
            rows = len(text.splitlines())
            assert rows == 5000, rows
            results["m_search"].append(wall)
            rss["m_search"].append(mem)
            wall, mem, text = measure(
                [args.python, "-c", AQ_SEARCH, base, INSTRUMENTS], subprocess.PIPE)
            assert int(text.strip().splitlines()[-1]) == 5000, text
            results["a_search"].append(wall)
            rss["a_search"].append(mem)

            # 2. product lists of 20 datasets + one file each.
            dl = tempfile.mkdtemp(prefix="mastui-bench-dl-")
            t0 = time.perf_counter()
            w1, m1, text = measure(
                [args.mastui, "mission", "jwst", "--format", "jsonl", "--products", *datasets],
                subprocess.PIPE)
            chosen = pick_one_each(text.splitlines())
            proc = subprocess.run([args.mastui, "download", "--dir", dl], input=chosen.encode(),
                                  capture_output=True, env=env)
            if proc.returncode != 0:
                sys.exit("mastui download failed: " + proc.stderr.decode())
            results["m_prod"].append(time.perf_counter() - t0)
            rss["m_prod"].append(m1)
            files_m = sum(len(f) for _, _, f in os.walk(os.path.join(dl, "mastDownload")))
            shutil.rmtree(dl)
            dl = tempfile.mkdtemp(prefix="mastui-bench-dl-")
            wall, mem, text = measure(
                [args.python, "-c", AQ_PRODUCTS, base, ",".join(datasets), dl], subprocess.PIPE)
            _, files_a = text.strip().splitlines()[-1].split()
            # Shared files de-duplicate differently (mastui on file name before choosing,
            # astroquery per dataset), so the counts may differ by a few.
            assert int(files_a) >= 15 and files_m >= 15, (files_a, files_m)
            results["a_prod"].append(wall)
            rss["a_prod"].append(mem)
            shutil.rmtree(dl)
            print(f"run {run + 1}: " + ", ".join(f"{k} {v[-1]:.2f}s" for k, v in results.items()),
                  file=sys.stderr)

        med = {k: statistics.median(v) for k, v in results.items()}
        print(f"simulator: {args.scale} observations, {args.latency_ms} ms per request; "
              f"medians of {args.runs} runs")
        print(f"5,000-row JWST search:   mastui {med['m_search']:.2f} s "
              f"({statistics.median(rss['m_search']):.0f} MiB)  astroquery {med['a_search']:.2f} s "
              f"({statistics.median(rss['a_search']):.0f} MiB)  x{med['a_search'] / med['m_search']:.1f}")
        print(f"20 product lists + 20 files: mastui {med['m_prod']:.2f} s  astroquery "
              f"{med['a_prod']:.2f} s  x{med['a_prod'] / med['m_prod']:.1f}")
    finally:
        sim.terminate()
        sim.wait()


if __name__ == "__main__":
    main()
