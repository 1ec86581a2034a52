#!/usr/bin/env python3
"""Side by side: `mastui download`, astroquery's `Observations.download_products` and
`curl --parallel --parallel-max 4` fetching the same files from one `mastui sim`, alternating
runs into fresh directories, reporting the median wall time of each.

    python3 benches/compare_download.py [--mastui target/release/mastui]
        [--python .venv/bin/python] [--files 200] [--size 4194304] [--latency-ms 100]
        [--runs 3] [--parallel 4]

The simulator serves every product of known size at --size bytes (`mastui sim --file-size`)
after --latency-ms per request. Each client pays its own start-up. Files are checked after
each run (count and total bytes) so a fast wrong answer cannot win.
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
from bench_common import AQ_PRELUDE  # noqa: E402

ASTROQUERY = AQ_PRELUDE + r"""
import json, time
from astropy.table import Table
from astroquery.mast import ObservationsClass
cols = ["obsID", "obs_collection", "obs_id", "dataURI", "productFilename", "productType",
        "productGroupDescription", "dataRights", "size"]
rows = [json.loads(l) for l in open(sys.argv[2])]
data = {c: [("" if r.get(c) is None else r[c]) if c != "size" else int(r.get(c) or 0)
            for r in rows] for c in cols}
data["obsID"] = [str(v) for v in data["obsID"]]
table = Table(data)
obs = ObservationsClass()
t0 = time.perf_counter()
manifest = obs.download_products(table, download_dir=sys.argv[3], verbose=False)
bad = [s for s in manifest["Status"] if s != "COMPLETE"]
print(len(manifest), len(bad), time.perf_counter() - t0)
"""


def run(cmd, **kw):
    t0 = time.perf_counter()
    p = subprocess.run(cmd, capture_output=True, text=True, **kw)
    wall = time.perf_counter() - t0
    if p.returncode != 0:
        sys.exit(f"{cmd[0]} failed ({p.returncode}): {p.stderr.strip()[-2000:]}")
    return wall, p.stdout


def tree(dir):
    n, total = 0, 0
    for root, _, files in os.walk(dir):
        for f in files:
            if f.endswith((".csv", ".sh", ".part", ".cfg")):
                continue
            n += 1
            total += os.path.getsize(os.path.join(root, f))
    return n, total


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--mastui", default="target/release/mastui")
    ap.add_argument("--python", default=".venv/bin/python")
    ap.add_argument("--files", type=int, default=200)
    ap.add_argument("--size", type=int, default=4 * 1024 * 1024)
    ap.add_argument("--latency-ms", type=int, default=100)
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--parallel", type=int, default=4)
    ap.add_argument("--skip-astroquery", action="store_true")
    args = ap.parse_args()

    sim = subprocess.Popen(
        [args.mastui, "sim", "--file-size", str(args.size), "--latency-ms", str(args.latency_ms)],
        stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
    work = tempfile.mkdtemp(prefix="mastui-bench-dl-")
    try:
        base = sim.stdout.readline().decode().strip()
        # Products of HST observations until there are enough files of known size.
        _, out = run([args.mastui, "--server", base, "search", "--collection", "HST",
                      "--format", "csv", "--columns", "obsid", "--limit", "100"])
        obsids = [l for l in out.split() if l.isdigit()]
        _, out = run([args.mastui, "--server", base, "products", *obsids, "--format", "jsonl"])
        rows = [json.loads(l) for l in out.splitlines()]
        rows = [r for r in rows if r.get("size")][: args.files]
        if len(rows) < args.files:
            sys.exit(f"only {len(rows)} products of known size")
        listing = os.path.join(work, "products.jsonl")
        with open(listing, "w") as f:
            for r in rows:
                f.write(json.dumps(r) + "\n")
        expect = (len(rows), sum(int(r["size"]) for r in rows))
        # curl: the same URLs mastui and astroquery use, one -o per file, in a config file.
        curl_cfg = os.path.join(work, "curl.cfg")
        with open(curl_cfg, "w") as f:
            for i, r in enumerate(rows):
                f.write(f'url = "{base}/api/v0.1/Download/file?uri={r["dataURI"]}"\n')
                f.write(f'output = "f{i:04d}_{r["productFilename"]}"\n')
        print(f"simulator {base}: {expect[0]} files, {expect[1] / 1e6:.0f} MB, "
              f"latency {args.latency_ms} ms; {args.runs} runs each, medians")
        times = {"mastui": [], "curl": [], "astroquery": []}
        for i in range(args.runs):
            d = os.path.join(work, f"m{i}")
            env = dict(os.environ, MASTUI_DATA_DIR=os.path.join(d, "state"))
            with open(listing) as stdin:
                w, _ = run([args.mastui, "--server", base, "download", "--dir", d,
                            "--parallel", str(args.parallel)], stdin=stdin, env=env)
            shutil.rmtree(os.path.join(d, "state"))
            assert tree(d) == expect, (tree(d), expect)
            times["mastui"].append(w)
            shutil.rmtree(d)

            d = os.path.join(work, f"c{i}")
            os.makedirs(d)
            w, _ = run(["curl", "--silent", "--fail", "--parallel", "--parallel-max",
                        str(args.parallel), "-K", curl_cfg], cwd=d)
            assert tree(d) == expect, (tree(d), expect)
            times["curl"].append(w)
            shutil.rmtree(d)

            if not args.skip_astroquery:
                d = os.path.join(work, f"a{i}")
                os.makedirs(d)
                w, out = run([args.python, "-c", ASTROQUERY, base, listing, d])
                n, bad, _ = out.split()
                assert int(bad) == 0, out
                assert tree(d) == expect, (tree(d), expect)
                times["astroquery"].append(w)
                shutil.rmtree(d)
        med = {k: statistics.median(v) for k, v in times.items() if v}
        for k, v in med.items():
            mb_s = expect[1] / v / 1e6
            print(f"  {k:<11} {v:7.2f} s  ({mb_s:6.1f} MB/s)   runs: "
                  + ", ".join(f"{t:.2f}" for t in times[k]))
        if "astroquery" in med:
            print(f"  mastui is {med['astroquery'] / med['mastui']:.1f}x faster than astroquery")
        print(f"  mastui / curl: {med['mastui'] / med['curl']:.2f}x curl's time")
    finally:
        sim.terminate()
        sim.wait()
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
