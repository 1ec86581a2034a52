"""astropy reads mastui's typed tables with the right types (run by .ci/run).

Usage: read_tables.py MASTUI_BINARY BASE_URL
Writes a search, a catalog answer, a product list and a mission's datasets as ECSV and
VOTable, reads each with astropy.table.Table.read and checks numbers are numbers, units and
descriptions arrive, nulls are masked.
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


def read(path, fmt):
    return Table.read(path, format="ascii.ecsv" if fmt == "ecsv" else "votable")


def masked_some(t, name, fmt):
    """Some of the column's values are masked nulls, not all."""
    mask = getattr(t[name], "mask", None)
    check(mask is not None and bool(np.any(mask)), f"{fmt}: missing {name} masked")
    check(not bool(np.all(mask)), f"{fmt}: present {name} not masked")


def main():
    binary, base = sys.argv[1], sys.argv[2]
    done = []
    with tempfile.TemporaryDirectory() as d:
        for fmt, ext in (("ecsv", "ecsv"), ("votable", "xml")):
            p = os.path.join(d, f"search.{ext}")
            run(binary, base, ["search", "--collection", "JWST", "--proposal", "1073",
                               "--format", fmt], p)
            t = read(p, fmt)
            check(len(t) == 15, f"{fmt}: 15 observations, got {len(t)}")
            check(t["obsid"].dtype.kind == "i", f"{fmt}: obsid is an integer ({t['obsid'].dtype})")
            check(t["s_ra"].dtype.kind == "f", f"{fmt}: s_ra is a float")
            check(str(t["s_ra"].unit) == "deg", f"{fmt}: s_ra in deg ({t['s_ra'].unit})")
            check(t["calib_level"].dtype.kind == "i", f"{fmt}: calib_level is an integer")
            check(t["obs_id"][0].startswith("jw01073"), f"{fmt}: obs_id is text")
            p = os.path.join(d, f"tic.{ext}")
            run(binary, base, ["catalog", "tic", "--target", "NGC 1365", "--radius", "0.05",
                               "--format", fmt], p)
            t = read(p, fmt)
            check(len(t) > 10, f"{fmt}: TIC sources")
            check(t["ra"].dtype.kind == "f", f"{fmt}: ra is a float")
            check(t["Tmag"].dtype.kind == "f", f"{fmt}: Tmag is a float")
            masked_some(t, "Teff", fmt)
            p = os.path.join(d, f"products.{ext}")
            run(binary, base, ["products", "--collection", "HST", "--limit", "5",
                               "--format", fmt], p)
            t = read(p, fmt)
            check(len(t) > 5, f"{fmt}: HST products, got {len(t)}")
            check(t["size"].dtype.kind == "i", f"{fmt}: size is an integer ({t['size'].dtype})")
            check(str(t["size"].unit) == "byte", f"{fmt}: size in bytes ({t['size'].unit})")
            check(t["size"].description == "File size", f"{fmt}: size described")
            check(t["calib_level"].dtype.kind == "i", f"{fmt}: calib_level is an integer")
            check(t["productFilename"][0].endswith(".fits") or "." in t["productFilename"][0],
                  f"{fmt}: productFilename is text")
            # Files made on request (HLA cutouts) have no size: masked, not 0.
            masked_some(t, "size", fmt)
            if fmt == "ecsv":
                # VOTable has no null for text; ECSV masks a missing pipeline version.
                masked_some(t, "prvversion", fmt)
            p = os.path.join(d, f"mission.{ext}")
            run(binary, base, ["mission", "jwst", "--where", "program=1073",
                               "--format", fmt], p)
            t = read(p, fmt)
            check(len(t) == 15, f"{fmt}: 15 JWST datasets, got {len(t)}")
            check(t["program"].dtype.kind == "i", f"{fmt}: program is an integer")
            check(t["targ_ra"].dtype.kind == "f", f"{fmt}: targ_ra is a float")
            check(bool(t["targ_ra"].description), f"{fmt}: targ_ra described")
            # Only a cone search measures ang_sep: a float column of nulls, all masked.
            check(t["ang_sep"].dtype.kind == "f", f"{fmt}: ang_sep is a float")
            mask = getattr(t["ang_sep"], "mask", None)
            check(mask is not None and bool(np.all(mask)), f"{fmt}: ang_sep masked")
            done.append(fmt)
    print("astropy reads mastui's " + " and ".join(done) + " with their types")


if __name__ == "__main__":
    main()
