"""Shared by the side-by-side comparison scripts in benches/."""
import os
import subprocess
import sys
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


def measure(cmd, stdout):
    """Runs cmd; returns (wall seconds, peak RSS in MiB, stdout text or None)."""
    t0 = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=stdout, stderr=subprocess.PIPE)
    out = None
    if stdout == subprocess.PIPE:
        out = proc.stdout.read().decode()
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - t0
    err = proc.stderr.read().decode()
    if status != 0:
        sys.exit(f"{cmd[0]} failed ({status}): {err.strip()}")
    return wall, usage.ru_maxrss / 1024.0, out
