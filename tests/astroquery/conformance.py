#!/usr/bin/env python3
"""Conformance check: unmodified astroquery 0.4.11 against the mastui simulated MAST archive.

Usage: python tests/astroquery/conformance.py http://127.0.0.1:PORT [TOKEN]

astroquery builds its portal URLs from ``astroquery.mast.conf.server`` when its modules are
first imported (class attributes of PortalAPI), so the server is set through astropy's
configuration file before astroquery is imported: configuration only, no patching.
Exits non-zero with a message on the first failed check; prints one summary line on success.
"""

import os
import sys
import tempfile
import warnings


def fail(msg):
    print(f"CONFORMANCE FAILURE: {msg}", file=sys.stderr)
    sys.exit(1)


def check(cond, msg):
    if not cond:
        fail(msg)


def configure(base):
    """Point astropy/astroquery config at a private directory naming the simulator as server."""
    cfg_home = tempfile.mkdtemp(prefix="mastui-aq-cfg-")
    # Where astropy looks for <pkg>.cfg varies by version: $XDG_CONFIG_HOME/astropy/ (8.x) or .../astropy/config/.
    for sub in (("astropy",), ("astroquery",), ("astropy", "config")):
        cfg_dir = os.path.join(cfg_home, *sub)
        os.makedirs(cfg_dir, exist_ok=True)
        with open(os.path.join(cfg_dir, "astroquery.cfg"), "w") as f:
            f.write(f"[mast]\nserver = {base}\n")
    os.environ["XDG_CONFIG_HOME"] = cfg_home
    os.environ["XDG_CACHE_HOME"] = tempfile.mkdtemp(prefix="mastui-aq-cache-")


def main():
    if len(sys.argv) < 2:
        fail("usage: conformance.py BASE_URL [TOKEN]")
    base = sys.argv[1].rstrip("/")
    token = sys.argv[2] if len(sys.argv) > 2 else None
    configure(base)

    import numpy as np
    import astropy.units as u
    from astropy.coordinates import SkyCoord
    import astroquery
    from astroquery import mast
    from astroquery.mast import Observations, ObservationsClass

    check(astroquery.__version__.startswith("0.4.11"), f"astroquery 0.4.11 expected, found {astroquery.__version__}")
    check(mast.conf.server == base, f"astroquery conf.server is {mast.conf.server!r}, not {base!r}")
    portal = Observations._portal_api_connection
    for attr in ("MAST_REQUEST_URL", "COLUMNS_CONFIG_URL", "MAST_DOWNLOAD_URL", "MAST_BUNDLE_URL"):
        check(getattr(portal, attr).startswith(base), f"{attr} = {getattr(portal, attr)} does not point at the simulator")
    # A fresh client built after configuration, as a user would.
    obs_client = ObservationsClass()
    warnings.simplefilter("ignore")
    done = []

    # Mission list (Mast.Caom.All, extjs histogram).
    missions = obs_client.list_missions()
    for m in ("JWST", "HST", "TESS"):
        check(m in missions, f"list_missions lacks {m}: {missions}")
    done.append("list_missions")

    # Discrete criteria: program 1073.
    t = obs_client.query_criteria(obs_collection="JWST", proposal_id="1073")
    check(len(t) >= 15, f"query_criteria(JWST, 1073) gave {len(t)} rows")
    check(set(t["proposal_id"]) == {"1073"}, "proposal_id filter leaked other programs")
    check(set(t["instrument_name"]) == {"NIRCAM/IMAGE"}, f"1073 instruments {set(t['instrument_name'])}")
    check(t["obsid"].dtype.kind in "US", "obsid (declared string) should come back as text")
    check(t["t_min"].dtype.kind == "f", "t_min should be float")
    check(t["calib_level"].dtype.kind == "i", "calib_level should be int")
    for col in ("s_region", "dataRights", "jpegURL", "dataURL", "obs_title", "t_obs_release", "objID"):
        check(col in t.colnames, f"column {col} missing")
    check("_selected_" not in t.colnames, "_selected_ should be dropped by astroquery")
    done.append(f"criteria:{len(t)}")

    n = obs_client.query_criteria_count(obs_collection="JWST", proposal_id="1073")
    check(int(n) == len(t), f"query_criteria_count {n} != rows {len(t)}")
    done.append(f"count:{int(n)}")

    # Continuous range and a wildcard.
    r = obs_client.query_criteria(obs_collection="JWST", t_exptime=[100, 1000])
    check(len(r) > 0, "t_exptime range found nothing")
    check(bool(np.all((r["t_exptime"] >= 100) & (r["t_exptime"] <= 1000))), "t_exptime outside [100, 1000]")
    w = obs_client.query_criteria(instrument_name="NIRCAM*")
    check(len(w) > 0, "instrument_name=NIRCAM* found nothing")
    check(all(str(x).upper().startswith("NIRCAM") for x in w["instrument_name"]), "wildcard leaked other instruments")
    multi = obs_client.query_criteria(obs_collection=["TESS", "GALEX"], calib_level=[2, 3])
    check(len(multi) > 0 and set(multi["obs_collection"]) <= {"TESS", "GALEX"}, "OR'ed discrete values wrong")
    done.append(f"range:{len(r)} wildcard:{len(w)}")

    # Coordinates + radius (Mast.Caom.Filtered.Position), and a cone (Mast.Caom.Cone).
    ngc1365 = SkyCoord(53.40155, -36.14039, unit="deg")
    p = obs_client.query_criteria(coordinates=ngc1365, radius=0.2 * u.deg, obs_collection="JWST")
    check(len(p) >= 15, f"positional criteria gave {len(p)}")
    check("distance" in p.colnames, "positional search lacks distance")
    check(bool(np.all(p["distance"] <= 0.2 * 3600 + 1e-6)), "distance beyond the radius (arcsec)")
    c = obs_client.query_region(ngc1365, radius=0.1 * u.deg)
    check(len(c) >= 15 and "1073" in set(c["proposal_id"]), f"query_region gave {len(c)} rows")
    nc = obs_client.query_region_count(ngc1365, radius=0.1 * u.deg)
    check(int(nc) == len(c), f"query_region_count {nc} != {len(c)}")
    done.append(f"position:{len(p)} region:{len(c)}")

    # Products of a few observations, shared files and _selected_ dropped.
    obsids = [str(x) for x in t["obsid"][:3]]
    prods = obs_client.get_product_list(obsids)
    check(len(prods) > 100, f"get_product_list gave {len(prods)} rows")
    for col in ("obsID", "dataURI", "productType", "productFilename", "size", "parent_obsid", "dataRights"):
        check(col in prods.colnames, f"product column {col} missing")
    check("_selected_" not in prods.colnames, "_selected_ should be dropped")
    check(len(set(prods["dataURI"])) < len(prods), "expected shared files listed under several obsids")
    check(any("_gs-" in f for f in prods["productFilename"]), "no guide-star files")
    single = obs_client.get_product_list(t[:1])
    check(len(single) > 50, "get_product_list(Table row) failed")
    try:
        obs_client.get_product_list(str(t["obs_id"][0]))
        fail("obs_id given as obsid should be a remote error")
    except Exception as e:  # RemoteServiceError
        check("bigint" in str(e), f"unexpected error text: {e}")
    done.append(f"products:{len(prods)}")

    sci = obs_client.filter_products(prods, productType="SCIENCE", extension="fits")
    check(len(sci) > 0 and set(sci["productType"]) == {"SCIENCE"}, "filter_products(SCIENCE, fits) wrong")
    check(all(f.endswith("fits") for f in sci["productFilename"]), "extension filter leaked")
    mrp = obs_client.filter_products(prods, mrp_only=True)
    check(len(mrp) > 0, "no Minimum Recommended Products")
    done.append(f"science:{len(sci)}")

    # Download the smallest public science files; sizes must equal the declared size.
    public = sci[sci["dataRights"] == "PUBLIC"]
    public.sort("size")
    pick = public[:3]
    with tempfile.TemporaryDirectory(prefix="mastui-aq-dl-") as d:
        manifest = obs_client.download_products(pick, download_dir=d, verbose=False)
        check(manifest is not None and len(manifest) == len(pick), "download manifest size")
        for row, prod in zip(manifest, pick):
            check(row["Status"] == "COMPLETE", f"download status {row['Status']}: {row['Message']}")
            path = row["Local Path"]
            check(os.path.isfile(path), f"missing {path}")
            check(os.path.getsize(path) == int(prod["size"]), f"{path}: {os.path.getsize(path)} != {prod['size']}")
            with open(path, "rb") as f:
                head = f.read(2880)
            check(head.startswith(b"SIMPLE  ="), f"{path} does not start with a FITS header")
            check(prod["productFilename"].encode() in head, f"{path} header does not name the product")
            check(os.sep.join(["mastDownload", str(prod["obs_collection"]), str(prod["obs_id"])]) in path,
                  f"unexpected layout {path}")
        # Second run: astroquery's HEAD + size check sees the cached files.
        again = obs_client.download_products(pick, download_dir=d, verbose=False)
        check(all(s == "COMPLETE" for s in again["Status"]), "cached re-download failed")
        # Curl script.
        script = obs_client.download_products(pick, download_dir=d, curl_flag=True, verbose=False)
        check(script["Status"][0] == "COMPLETE", "curl script download failed")
        with open(script["Local Path"][0]) as f:
            text = f.read()
        check(text.startswith("#!/bin/bash") and "curl " in text and base in text, "curl script content")
    done.append(f"downloads:{len(pick)}")

    # Exclusive access: error without a token, fine with one.
    excl = prods[prods["dataRights"] == "EXCLUSIVE_ACCESS"]
    if len(excl) == 0:
        allp = obs_client.get_product_list([str(x) for x in t["obsid"][12:15]])
        excl = allp[allp["dataRights"] == "EXCLUSIVE_ACCESS"]
    check(len(excl) > 0, "program 1073 should hold exclusive-access products")
    excl.sort("size")
    with tempfile.TemporaryDirectory(prefix="mastui-aq-dl-") as d:
        m = obs_client.download_products(excl[:1], download_dir=d, verbose=False)
        check(m["Status"][0] == "ERROR" and "401" in str(m["Message"][0]), f"expected a 401, got {m['Status'][0]}")
        if token:
            authed = ObservationsClass(mast_token=token)
            info = authed.session_info(verbose=False)
            check(info.get("anon") is False, f"whoami with token: {info}")
            m = authed.download_products(excl[:1], download_dir=d, verbose=False)
            check(m["Status"][0] == "COMPLETE", f"download with token: {m['Message'][0]}")
            check(os.path.getsize(m["Local Path"][0]) == int(excl["size"][0]), "exclusive file size")
            done.append("token")
    done.append("401")

    # Missions search and cutouts (issue 11), in their own file.
    from missions_cutouts import check_missions_and_cutouts
    check_missions_and_cutouts(base, check, fail, done)

    # The cloud copy (issue 12): path lookup, get_cloud_uris, a download from moto's S3.
    from cloud import check_cloud
    check_cloud(base, check, fail, done, obs_client)

    print(f"astroquery {astroquery.__version__} conformance OK against {base}: " + ", ".join(done))


if __name__ == "__main__":
    main()
