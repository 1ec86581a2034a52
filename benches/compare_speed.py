#!/usr/bin/env python3
"""Speed at scale, in one run: `mastui search` and astroquery's `query_criteria` side by side
for about 60,000 rows (TESS at --scale 300000) and about 360,000 rows (JWST at --scale
3000000) against `mastui sim`, with the raw-fetch floor measured by curl against the same
simulator in the same run (the same pages' bytes, no parsing: one after another, and with
pages 2.. three in flight once page 1 has announced the total), then the product-list and
download comparisons (compare_products.py, compare_download.py).

    python3 benches/compare_speed.py [--mastui target/release/mastui]
        [--python .venv/bin/python] [--runs 3] [--sizes small,large]
        [--skip-products] [--skip-download] [--mastui-before PATH] [--pin]

Every figure is a median over alternating runs; wall time, peak memory (max RSS) and CPU
(user + system) are the client process's own (the simulator runs apart). `--mastui-before`
times a second binary (an older build) in the same runs.

`--pin` runs the searches with the simulator on CPU 0 and every client (curl, mastui,
astroquery) on CPU 1, as if the server were another machine: unpinned, on a 2-core machine
the simulator's work and the client's share both cores, so a client that parses while it
fetches slows the server it waits on, while curl (which parses nothing) leaves the server
both cores. Both ways are worth reporting; pinned is the nearer to a real MAST.
"""
import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.parse

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from bench_common import AQ_PRELUDE, run_measured  # noqa: E402
from compare_search import ASTROQUERY  # noqa: E402

SIZES = {
    "small": (300_000, "TESS"),
    "large": (3_000_000, "JWST"),
}
PAGESIZE = 50_000


def measure_full(cmd, stdout, env=None):
    """Runs cmd; returns (wall s, peak RSS MiB, CPU s, stdout text or None)."""
    wall, peak, cpu, out, status, err = run_measured(cmd, stdout, env)
    if status != 0:
        sys.exit(f"{cmd[0]} failed ({status}): {err.strip()}")
    return wall, peak, cpu, out


def invoke_body(collection, page, pagesize=PAGESIZE):
    request = {
        "service": "Mast.Caom.Filtered",
        "params": {"columns": "*", "filters": [{"paramName": "obs_collection", "values": [collection]}]},
        "format": "json", "pagesize": pagesize, "page": page, "cacheBreaker": "bench-floor",
    }
    return "request=" + urllib.parse.quote(json.dumps(request, separators=(",", ":")))


# Set by --pin: the prefixes that put the simulator and the clients on a core each.
SERVER_CPU = []
CLIENT_CPU = []


def curl_pages(base, collection, pages, parallel, tmp):
    """curl fetching `pages` (page numbers of PAGESIZE rows, or (page, pagesize) pairs) to
    /dev/null; returns wall seconds."""
    cmd = CLIENT_CPU + ["curl", "-s", "-f", "-o", "/dev/null"]
    if parallel > 1:
        cmd = CLIENT_CPU + ["curl", "-s", "-f", "--parallel", "--parallel-max", str(parallel)]
    for i, p in enumerate(pages):
        p, size = p if isinstance(p, tuple) else (p, PAGESIZE)
        body = os.path.join(tmp, f"page{p}-{size}.txt")
        with open(body, "w") as f:
            f.write(invoke_body(collection, p, size))
        if i > 0:
            cmd.append("--next")
        cmd += ["-o", "/dev/null", "-H", "Accept: text/plain", "--data-binary", f"@{body}",
                f"{base}/api/v0/invoke"]
    t0 = time.perf_counter()
    # --next resets -s for later transfers: the progress meter goes to stderr, dropped.
    subprocess.run(cmd, check=True, stderr=subprocess.DEVNULL)
    return time.perf_counter() - t0


def floor(base, collection, tmp):
    """(pages, sequential s, s with pages 2.. three in flight): page 1 always comes first."""
    first = os.path.join(tmp, "first.json")
    with open(os.path.join(tmp, "page1.txt"), "w") as f:
        f.write(invoke_body(collection, 1))
    t0 = time.perf_counter()
    subprocess.run(CLIENT_CPU + ["curl", "-s", "-f", "-o", first, "-H", "Accept: text/plain", "--data-binary",
                    f"@{os.path.join(tmp, 'page1.txt')}", f"{base}/api/v0/invoke"], check=True)
    one = time.perf_counter() - t0
    with open(first) as f:
        pages = json.load(f)["paging"]["pagesFiltered"]
    rest = list(range(2, pages + 1))
    seq = one + (curl_pages(base, collection, rest, 1, tmp) if rest else 0.0)
    par = one + (curl_pages(base, collection, rest, 3, tmp) if rest else 0.0)
    return pages, seq, par


def ramp_steps(rows):
    """The requests of mastui's ramped walk (src/mast/page_steps.rs) for `rows` rows:
    (page, pagesize) pairs, a quarter page first, doubling to PAGESIZE."""
    quarter = PAGESIZE // 4
    steps, start = [], 0
    for page, size in [(1, quarter), (2, quarter), (2, 2 * quarter)]:
        if start >= rows and steps:
            return steps
        steps.append((page, size))
        start += size
    page = 2
    while start < rows:
        steps.append((page, PAGESIZE))
        start += PAGESIZE
        page += 1
    return steps


def floor_ramped(base, collection, rows, tmp):
    """The same floor for mastui's own requests: its quarter page alone, then the rest
    three in flight."""
    steps = ramp_steps(rows)
    t0 = time.perf_counter()
    curl_pages(base, collection, steps[:1], 1, tmp)
    one = time.perf_counter() - t0
    return one + (curl_pages(base, collection, steps[1:], 3, tmp) if steps[1:] else 0.0)


def search_size(args, name):
    scale, collection = SIZES[name]
    sim = subprocess.Popen(SERVER_CPU + [args.mastui, "sim", "--scale", str(scale)],
                           stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
    try:
        base = sim.stdout.readline().decode().strip()
        where = f"obs_collection={collection}"
        count = subprocess.run([args.mastui, "--server", base, "search", "--where", where, "--count"],
                               check=True, capture_output=True, text=True).stdout.strip()
        pinned = " (simulator on CPU 0, clients on CPU 1)" if CLIENT_CPU else ""
        print(f"\n== search {name}: {collection} at --scale {scale}: {int(count):,} rows{pinned} ==",
              flush=True)
        clients = {"mastui": CLIENT_CPU + [args.mastui, "--server", base, "search", "--where", where,
                                           "--format", "jsonl"]}
        if args.mastui_before:
            clients["before"] = CLIENT_CPU + [args.mastui_before, "--server", base, "search", "--where",
                                              where, "--format", "jsonl"]
        aq = CLIENT_CPU + [args.python, "-c", ASTROQUERY, base, where]
        res = {k: {"wall": [], "rss": [], "cpu": []} for k in list(clients) + ["astroquery"]}
        fl = {"seq": [], "par": [], "ramp": []}
        with tempfile.TemporaryDirectory(prefix="mastui-floor-") as tmp, open(os.devnull, "wb") as null:
            # One warm-up of each, so that the simulator's first scan is nobody's.
            measure_full(clients["mastui"], null)
            floor(base, collection, tmp)
            for i in range(args.runs):
                pages, seq, par = floor(base, collection, tmp)
                ramp = floor_ramped(base, collection, int(count), tmp)
                fl["seq"].append(seq)
                fl["par"].append(par)
                fl["ramp"].append(ramp)
                for k, cmd in clients.items():
                    w, r, c, _ = measure_full(cmd, null)
                    res[k]["wall"].append(w)
                    res[k]["rss"].append(r)
                    res[k]["cpu"].append(c)
                if not args.skip_astroquery:
                    w, r, c, out = measure_full(aq, subprocess.PIPE)
                    res["astroquery"]["wall"].append(w)
                    res["astroquery"]["rss"].append(r)
                    res["astroquery"]["cpu"].append(c)
                line = " | ".join(f"{k} {v['wall'][-1]:.2f} s" for k, v in res.items() if v["wall"])
                print(f"run {i + 1}: floor {seq:.2f} s seq, {par:.2f} s 3 in flight ({pages} pages), "
                      f"{ramp:.2f} s ramped | {line}",
                      flush=True)
        med = statistics.median
        print(f"{'client':<11} {'wall s':>7} {'peak MiB':>9} {'CPU s':>6}")
        for k, v in res.items():
            if v["wall"]:
                print(f"{k:<11} {med(v['wall']):>7.2f} {med(v['rss']):>9.0f} {med(v['cpu']):>6.2f}")
        fs, fp, fr = med(fl["seq"]), med(fl["par"]), med(fl["ramp"])
        print(f"{'floor seq':<11} {fs:>7.2f}\n{'floor 3':<11} {fp:>7.2f}\n{'floor ramp':<11} {fr:>7.2f}")
        m = res["mastui"]
        summary = (f"mastui at {med(m['wall']) / fp:.2f}x the 3-in-flight floor, "
                   f"{med(m['wall']) / fr:.2f}x the ramped one, "
                   f"{med(m['wall']) / min(fp, fr):.2f}x the lower "
                   f"({med(m['wall']) / fs:.2f}x the sequential one)")
        a = res["astroquery"]
        if a["wall"]:
            summary += (f"; {med(a['wall']) / med(m['wall']):.1f}x faster than astroquery, "
                        f"{med(m['rss']) / med(a['rss']):.2f} of its peak memory, "
                        f"{med(a['cpu']) / med(m['cpu']):.1f}x less CPU")
        print(summary, flush=True)
    finally:
        sim.terminate()
        sim.wait()


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--mastui", default="target/release/mastui")
    ap.add_argument("--mastui-before", help="a second mastui binary timed in the same runs")
    ap.add_argument("--python", default=".venv/bin/python")
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--sizes", default="small,large")
    ap.add_argument("--skip-astroquery", action="store_true")
    ap.add_argument("--skip-products", action="store_true")
    ap.add_argument("--skip-download", action="store_true")
    ap.add_argument("--pin", action="store_true",
                    help="searches: simulator on CPU 0, clients on CPU 1 (taskset)")
    args = ap.parse_args()
    if args.pin:
        if os.cpu_count() is None or os.cpu_count() < 2:
            sys.exit("--pin needs two CPUs")
        SERVER_CPU.extend(["taskset", "-c", "0"])
        CLIENT_CPU.extend(["taskset", "-c", "1"])
    with open("/proc/loadavg") as f:
        print(f"load average at start: {f.read().strip()}")
    for name in args.sizes.split(","):
        search_size(args, name.strip())
    here = os.path.dirname(os.path.abspath(__file__))
    common = ["--mastui", args.mastui, "--python", args.python, "--runs", str(args.runs)]
    if not args.skip_products:
        print("\n== product lists (compare_products.py) ==", flush=True)
        subprocess.run([sys.executable, os.path.join(here, "compare_products.py")] + common, check=True)
    if not args.skip_download:
        print("\n== downloads (compare_download.py) ==", flush=True)
        subprocess.run([sys.executable, os.path.join(here, "compare_download.py")] + common, check=True)
    with open("/proc/loadavg") as f:
        print(f"\nload average at end: {f.read().strip()}")


if __name__ == "__main__":
    main()
