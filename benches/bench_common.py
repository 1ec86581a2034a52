"""Shared by the side-by-side comparison scripts in benches/."""
import os
import subprocess
import sys
import tempfile
import time

# Python source that points astroquery at the simulator given as sys.argv[1]. astroquery
# builds its portal URLs from its configuration when first imported, so the configuration
# file is written before the import (configuration only, no patching).
AQ_PRELUDE = r"""
import os, sys, tempfile, time
home = tempfile.mkdtemp(prefix="mastui-bench-aq-")
for sub in ("astropy", "astroquery", os.path.join("astropy", "config")):
    os.makedirs(os.path.join(home, sub), exist_ok=True)
    with open(os.path.join(home, sub, "astroquery.cfg"), "w") as f:
        f.write("[mast]\nserver = %s\n" % sys.argv[1])
os.environ["XDG_CONFIG_HOME"] = home
os.environ["XDG_CACHE_HOME"] = tempfile.mkdtemp(prefix="mastui-bench-aq-cache-")
"""


# wait4's ru_maxrss of a child forked from this script counts this script's own pages (Linux
# keeps the high-water mark of the image the child replaced at exec), so a small client
# would read as large as this script. GNU time forks the client from its own small image and
# reports the client's peak alone.
GNU_TIME = "/usr/bin/time"


def run_measured(cmd, stdout, env=None):
    """Runs cmd; returns (wall s, peak RSS MiB, CPU s, stdout text or None, exit status, stderr)."""
    peak_file = None
    full = cmd
    if os.access(GNU_TIME, os.X_OK):
        fd, peak_file = tempfile.mkstemp(prefix="mastui-bench-peak-")
        os.close(fd)
        full = [GNU_TIME, "-q", "-f", "%M", "-o", peak_file] + cmd
    t0 = time.perf_counter()
    proc = subprocess.Popen(full, stdout=stdout, stderr=subprocess.PIPE, env=env)
    out = None
    if stdout == subprocess.PIPE:
        out = proc.stdout.read().decode()
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - t0
    err = proc.stderr.read().decode()
    peak = usage.ru_maxrss / 1024.0
    if peak_file:
        with open(peak_file) as f:
            text = f.read().strip().splitlines()
        os.unlink(peak_file)
        if text and text[-1].isdigit():
            peak = int(text[-1]) / 1024.0
    return wall, peak, usage.ru_utime + usage.ru_stime, out, status, err


def measure(cmd, stdout):
    """Runs cmd; returns (wall seconds, peak RSS in MiB, stdout text or None)."""
    wall, peak, _, out, status, err = run_measured(cmd, stdout)
    if status != 0:
        sys.exit(f"{cmd[0]} failed ({status}): {err.strip()}")
    return wall, peak, out
