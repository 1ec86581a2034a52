#!/usr/bin/env python3
"""Resource bounds of the headless commands: peak RSS and the most file descriptors open at
once, for `mastui download` with a basket of --files small files and for `mastui products`
listing at least --rows rows, each against its own `mastui sim` on loopback.

    python3 benches/resources.py [--mastui target/release/mastui] [--files 20000]
        [--rows 1000000]

Peak RSS is the kernel's high-water mark (VmHWM in /proc/PID/status: after exec it is the
program's own, whereas wait4's ru_maxrss would count this script's pages at the fork) and
descriptors are counted in /proc/PID/fd, both every 20 ms. Both results are checked (files on disk, rows printed) so a cheap wrong run cannot
look good. Linux only.
"""
import argparse
import os
import subprocess
import sys
import tempfile
import threading
import time


def start_sim(mastui, scale, file_size):
    sim = subprocess.Popen(
        [mastui, "sim", "--addr", "127.0.0.1:0", "--scale", str(scale),
         "--file-size", str(file_size)],
        stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
    return sim, sim.stdout.readline().decode().strip()


def measure(cmd, env, stdin=None, stdout=subprocess.DEVNULL):
    """Runs cmd; returns (exit status, seconds, peak RSS in MiB, most fds open)."""
    started = time.monotonic()
    proc = subprocess.Popen(cmd, env=env, stdin=subprocess.PIPE if stdin else None,
                            stdout=stdout, stderr=subprocess.PIPE)
    most = [0]
    hwm = [0]
    done = threading.Event()

    def watch():
        while not done.is_set():
            try:
                # Before exec the child is a copy of this script: not counted.
                with open(f"/proc/{proc.pid}/comm") as f:
                    if f.read().strip() != "mastui":
                        continue
                most[0] = max(most[0], len(os.listdir(f"/proc/{proc.pid}/fd")))
                with open(f"/proc/{proc.pid}/status") as f:
                    for line in f:
                        if line.startswith("VmHWM:"):
                            hwm[0] = max(hwm[0], int(line.split()[1]))
            except (OSError, ValueError):
                pass
            finally:
                time.sleep(0.02)

    t = threading.Thread(target=watch)
    t.start()
    if stdin:
        # Fed from a thread so that a child writing much to stderr cannot deadlock us.
        def feed():
            proc.stdin.write(stdin)
            proc.stdin.close()
        threading.Thread(target=feed).start()
    err = []
    threading.Thread(target=lambda: err.append(proc.stderr.read())).start()
    # Waiting without reaping keeps /proc/PID readable to the last moment.
    os.waitid(os.P_PID, proc.pid, os.WEXITED | os.WNOWAIT)
    done.set()
    t.join()
    _, status, _ = os.wait4(proc.pid, 0)
    seconds = time.monotonic() - started
    code = os.waitstatus_to_exitcode(status)
    if code != 0:
        time.sleep(0.2)
        sys.stderr.write(b"".join(err).decode(errors="replace")[-2000:])
    return code, seconds, hwm[0] / 1024, most[0]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--mastui", default="target/release/mastui")
    ap.add_argument("--files", type=int, default=20_000)
    ap.add_argument("--rows", type=int, default=1_000_000)
    a = ap.parse_args()
    tmp = tempfile.mkdtemp(prefix="mastui-resources-")
    env = dict(os.environ, MASTUI_DATA_DIR=f"{tmp}/data", MASTUI_CONFIG_DIR=f"{tmp}/config")
    env.pop("MAST_API_TOKEN", None)

    # A basket of small files: the products of JWST observations, the first --files of them.
    sim, base = start_sim(a.mastui, 20_000, 1000)
    try:
        env["MASTUI_SERVER"] = base
        listing = subprocess.run(
            [a.mastui, "products", "--format", "jsonl", "--guide-stars", "--rights", "public",
             "--search", "--collection", "JWST"],
            env=env, check=True, capture_output=True).stdout.splitlines()
        chosen = b"\n".join(listing[:a.files]) + b"\n"
        dl = f"{tmp}/dl"
        code, secs, rss, fds = measure(
            [a.mastui, "download", "--flat", "--dir", dl], env, stdin=chosen)
        print(f"download of {min(a.files, len(listing))} files: exit {code}, {secs:.1f} s, "
              f"peak RSS {rss:.0f} MiB, at most {fds} fds open "
              f"({len(os.listdir(dl)) - 1} files on disk)")
    finally:
        sim.terminate()
        sim.wait()

    # A products listing of at least --rows rows (JWST gives about 8.7 products per
    # observation of the archive's scale).
    scale = int(a.rows / 8.5) + 1
    sim, base = start_sim(a.mastui, scale, 1000)
    try:
        env["MASTUI_SERVER"] = base
        out = f"{tmp}/products.jsonl"
        with open(out, "wb") as f:
            code, secs, rss, fds = measure(
                [a.mastui, "products", "--format", "jsonl", "--guide-stars", "--search",
                 "--collection", "JWST"], env, stdout=f)
        with open(out, "rb") as f:
            rows = sum(1 for _ in f)
        print(f"products listing of {rows} rows: exit {code}, {secs:.1f} s, "
              f"peak RSS {rss:.0f} MiB, at most {fds} fds open")
    finally:
        sim.terminate()
        sim.wait()
    subprocess.run(["rm", "-rf", tmp])


if __name__ == "__main__":
    main()
