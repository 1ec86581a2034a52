"""astropy reads mastui's typed tables with the right types (run by .ci/run).

Usage: read_tables.py MASTUI_BINARY BASE_URL
Writes a search and a catalog answer as ECSV and VOTable, reads each with
astropy.table.Table.read and checks numbers are numbers, units arrive, nulls are masked.
"""
import os
import subprocess
import sys
import tempfile

import numpy as np
from astropy.table import Table


def run(binary, base, args, path):
    with open(path, "wb") as f:
        subprocess.run([binary, "--server", base, *args], stdout=f, check=True)


def check(cond, what):
    if not cond:
        print(f"FAIL: {what}", file=sys.stderr)
        sys.exit(1)


def main():
    binary, base = sys.argv[1], sys.argv[2]
    done = []
    with tempfile.TemporaryDirectory() as d:
        for fmt, ext in (("ecsv", "ecsv"), ("votable", "xml")):
            p = os.path.join(d, f"search.{ext}")
            run(binary, base, ["search", "--collection", "JWST", "--proposal", "1073",
                               "--format", fmt], p)
            t = Table.read(p, format="ascii.ecsv" if fmt == "ecsv" else "votable")
            check(len(t) == 15, f"{fmt}: 15 observations, got {len(t)}")
            check(t["obsid"].dtype.kind == "i", f"{fmt}: obsid is an integer ({t['obsid'].dtype})")
            check(t["s_ra"].dtype.kind == "f", f"{fmt}: s_ra is a float")
            check(str(t["s_ra"].unit) == "deg", f"{fmt}: s_ra in deg ({t['s_ra'].unit})")
            check(t["calib_level"].dtype.kind == "i", f"{fmt}: calib_level is an integer")
            check(t["obs_id"][0].startswith("jw01073"), f"{fmt}: obs_id is text")
            p = os.path.join(d, f"tic.{ext}")
            run(binary, base, ["catalog", "tic", "--target", "NGC 1365", "--radius", "0.05",
                               "--format", fmt], p)
            t = Table.read(p, format="ascii.ecsv" if fmt == "ecsv" else "votable")
            check(len(t) > 10, f"{fmt}: TIC sources")
            check(t["ra"].dtype.kind == "f", f"{fmt}: ra is a float")
            check(t["Tmag"].dtype.kind == "f", f"{fmt}: Tmag is a float")
            masked = getattr(t["Teff"], "mask", None)
            check(masked is not None and bool(np.any(masked)), f"{fmt}: missing Teff masked")
            check(not bool(np.all(masked)), f"{fmt}: present Teff not masked")
            done.append(fmt)
    print("astropy reads mastui's " + " and ".join(done) + " with their types")


if __name__ == "__main__":
    main()
