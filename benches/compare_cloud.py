#!/usr/bin/env python3
"""Side by side: the same files fetched by `mastui download --cloud` from a local S3 server
(moto's server mode, from the project's .venv), by `mastui download` over HTTP from
`mastui sim`, and by astroquery's cloud download (`enable_cloud_dataset`,
`download_products(cloud_only=True)`) from the same S3 server; alternating runs into fresh
directories, reporting the median wall time of each.

    python3 benches/compare_cloud.py [--mastui target/release/mastui]
        [--python .venv/bin/python] [--files 200] [--size 2097152] [--latency-ms 0]
        [--runs 3] [--parallel 4]

The simulator serves every product of known size at --size bytes after --latency-ms per
request and answers the path lookup; moto holds the same bytes under the keys the lookup
gives (only files the cloud copy has are chosen, so every client fetches all of them from
S3). astroquery's path lookup goes to the simulator by replacing
`astroquery.mast.utils._simple_request`, boto3 to moto by AWS_ENDPOINT_URL. Each client
pays its own start-up; files are checked after each run (count and total bytes).
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
import urllib.parse
import urllib.request

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from bench_common import AQ_PRELUDE  # noqa: E402

ASTROQUERY = AQ_PRELUDE + r"""
import json, time, warnings
from astropy.table import Table
from astroquery.mast import ObservationsClass, utils
os.environ["AWS_ENDPOINT_URL"] = sys.argv[4]
original = utils._simple_request
utils._simple_request = lambda url, params=None: original(
    url.replace("https://mast.stsci.edu", sys.argv[1]), params)
warnings.simplefilter("ignore")
cols = ["obsID", "obs_collection", "obs_id", "dataURI", "productFilename", "productType",
        "productGroupDescription", "dataRights", "size"]
rows = [json.loads(l) for l in open(sys.argv[2])]
data = {c: [("" if r.get(c) is None else r[c]) if c != "size" else int(r.get(c) or 0)
            for r in rows] for c in cols}
data["obsID"] = [str(v) for v in data["obsID"]]
table = Table(data)
obs = ObservationsClass()
obs.enable_cloud_dataset(verbose=False)
t0 = time.perf_counter()
manifest = obs.download_products(table, download_dir=sys.argv[3], cloud_only=True, verbose=False)
bad = [s for s in manifest["Status"] if s != "COMPLETE"]
print(len(manifest), len(bad), time.perf_counter() - t0)
"""


def run(cmd, **kw):
    t0 = time.perf_counter()
    p = subprocess.run(cmd, capture_output=True, text=True, **kw)
    wall = time.perf_counter() - t0
    if p.returncode != 0:
        sys.exit(f"{cmd[0]} failed ({p.returncode}): {p.stderr.strip()[-2000:]}")
    return wall, p.stdout, p.stderr


def tree(dir):
    n, total = 0, 0
    for root, _, files in os.walk(dir):
        for f in files:
            if f.endswith((".csv", ".sh", ".part", ".cfg")):
                continue
            n += 1
            total += os.path.getsize(os.path.join(root, f))
    return n, total


def key_of(path):
    """astroquery's path -> key rules."""
    if "galex" in path:
        return path.lstrip("/mast/")
    if "/ps1/" in path:
        return path.replace("/ps1/", "panstarrs/ps1/public/")
    if "hlsp" in path:
        return path.replace("/hlsp_local/public/", "mast/")
    return path.lstrip("/")


def start_moto(python, work):
    log = open(os.path.join(work, "moto.log"), "w")
    proc = subprocess.Popen([python, "-m", "moto.server", "-H", "127.0.0.1", "-p", "0"],
                            stdout=subprocess.DEVNULL, stderr=log)
    for _ in range(600):
        text = open(log.name).read()
        if "Running on http://127.0.0.1:" in text:
            return proc, text.split("Running on ", 1)[1].split()[0].rstrip("/")
        time.sleep(0.05)
    proc.kill()
    sys.exit(f"moto did not start: {text}")


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--mastui", default="target/release/mastui")
    ap.add_argument("--python", default=".venv/bin/python")
    ap.add_argument("--files", type=int, default=200)
    ap.add_argument("--size", type=int, default=2 * 1024 * 1024)
    ap.add_argument("--latency-ms", type=int, default=0)
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--parallel", type=int, default=4)
    ap.add_argument("--skip-astroquery", action="store_true")
    args = ap.parse_args()

    work = tempfile.mkdtemp(prefix="mastui-bench-cloud-")
    sim = subprocess.Popen(
        [args.mastui, "sim", "--file-size", str(args.size), "--latency-ms", str(args.latency_ms)],
        stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
    moto = None
    try:
        base = sim.stdout.readline().decode().strip()
        moto, s3 = start_moto(args.python, work)
        # Products of HST observations until there are enough the cloud copy holds.
        _, out, _ = run([args.mastui, "--server", base, "search", "--collection", "HST",
                         "--format", "csv", "--columns", "obsid", "--limit", "100"])
        obsids = [l.strip() for l in out.split() if l.strip().isdigit()]
        _, out, _ = run([args.mastui, "--server", base, "products", *obsids, "--format", "jsonl"])
        rows = [json.loads(l) for l in out.splitlines()]
        rows = [r for r in rows if r.get("size") and r.get("dataRights") == "PUBLIC"]
        paths = {}
        for i in range(0, len(rows), 50):
            q = urllib.parse.urlencode([("uri", r["dataURI"]) for r in rows[i:i + 50]])
            with urllib.request.urlopen(f"{base}/api/v0.1/path_lookup/?{q}") as r:
                paths.update(json.load(r))
        rows = [r for r in rows if paths[r["dataURI"]]["path"]][: args.files]
        if len(rows) < args.files:
            sys.exit(f"only {len(rows)} products in the cloud copy")
        # Seed the bucket with the simulator's bytes.
        urllib.request.urlopen(urllib.request.Request(f"{s3}/stpubdata", data=b"", method="PUT"))
        for r in rows:
            uri = r["dataURI"]
            body = urllib.request.urlopen(
                f"{base}/api/v0.1/Download/file?uri={urllib.parse.quote(uri, safe=':/')}").read()
            key = urllib.parse.quote(key_of(paths[uri]["path"]))
            urllib.request.urlopen(urllib.request.Request(
                f"{s3}/stpubdata/{key}", data=body, method="PUT",
                headers={"x-amz-acl": "public-read", "Content-Type": "application/octet-stream"}))
        listing = os.path.join(work, "products.jsonl")
        with open(listing, "w") as f:
            for r in rows:
                f.write(json.dumps(r) + "\n")
        expect = (len(rows), sum(int(r["size"]) for r in rows))
        print(f"simulator {base} (latency {args.latency_ms} ms), moto {s3}: {expect[0]} files, "
              f"{expect[1] / 1e6:.0f} MB; {args.runs} runs each, medians")
        times = {"mastui-s3": [], "mastui-https": [], "astroquery-s3": []}
        for i in range(args.runs):
            for name, extra in (("mastui-s3", ["--cloud", "--s3-endpoint", s3]),
                                ("mastui-https", [])):
                d = os.path.join(work, f"{name}{i}")
                env = dict(os.environ, MASTUI_DATA_DIR=os.path.join(d, "state"))
                env.pop("MASTUI_CLOUD", None)
                with open(listing) as stdin:
                    w, _, err = run([args.mastui, "--server", base, "download", "--dir", d,
                                     "--parallel", str(args.parallel), *extra],
                                    stdin=stdin, env=env)
                if extra:
                    assert f"{expect[0]} from the cloud copy, 0 from MAST" in err, err[-500:]
                shutil.rmtree(os.path.join(d, "state"))
                assert tree(d) == expect, (tree(d), expect)
                times[name].append(w)
                shutil.rmtree(d)

            if not args.skip_astroquery:
                d = os.path.join(work, f"a{i}")
                os.makedirs(d)
                w, out, _ = run([args.python, "-c", ASTROQUERY, base, listing, d, s3])
                n, bad, _ = out.split()
                assert int(bad) == 0, out
                assert tree(d) == expect, (tree(d), expect)
                times["astroquery-s3"].append(w)
                shutil.rmtree(d)
        med = {k: statistics.median(v) for k, v in times.items() if v}
        for k, v in med.items():
            mb_s = expect[1] / v / 1e6
            print(f"  {k:<14} {v:7.2f} s  ({mb_s:6.1f} MB/s)   runs: "
                  + ", ".join(f"{t:.2f}" for t in times[k]))
        if "astroquery-s3" in med:
            print(f"  mastui from S3 is {med['astroquery-s3'] / med['mastui-s3']:.1f}x faster "
                  "than astroquery from S3")
    finally:
        sim.terminate()
        sim.wait()
        if moto:
            moto.terminate()
            moto.wait()
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
