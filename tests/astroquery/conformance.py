#!/usr/bin/env python3
"""Conformance check: unmodified astroquery 0.4.11 against the mastui simulated MAST archive.

Usage: python tests/astroquery/conformance.py http://127.0.0.1:PORT [TOKEN]

Observations first (search, products, downloads, exclusive access), then Catalogs: cones,
criteria, paging, HSC matches and spectra, Pan-STARRS, and that the catalogs agree with each
other (a Gaia source lies by every TIC star of a target).

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
            # catalogs_server serves the Pan-STARRS column metadata.
            f.write(f"[mast]\nserver = {base}\ncatalogs_server = {base}\n")
    os.environ["XDG_CONFIG_HOME"] = cfg_home
    os.environ["XDG_CACHE_HOME"] = tempfile.mkdtemp(prefix="mastui-aq-cache-")
    # astroquery resolves names (Catalogs.query_object) at a fixed plain-HTTP host,
    # mastresolver.stsci.edu: the simulator answers as its proxy, and only for that host.
    os.environ["HTTP_PROXY"] = base
    os.environ["http_proxy"] = base
    os.environ["NO_PROXY"] = "127.0.0.1,localhost"
    os.environ["no_proxy"] = "127.0.0.1,localhost"


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

    catalogs(done)

    # Missions search and cutouts (issue 11), in their own file.
    from missions_cutouts import check_missions_and_cutouts
    check_missions_and_cutouts(base, check, fail, done)

    # The cloud copy (issue 12): path lookup, get_cloud_uris, a download from moto's S3.
    from cloud import check_cloud
    check_cloud(base, check, fail, done, obs_client)

    print(f"astroquery {astroquery.__version__} conformance OK against {base}: " + ", ".join(done))


def separation_deg(ra1, dec1, ra2, dec2):
    import numpy as np
    r1, d1, r2, d2 = map(np.radians, (ra1, dec1, ra2, dec2))
    a = np.sin((d2 - d1) / 2) ** 2 + np.cos(d1) * np.cos(d2) * np.sin((r2 - r1) / 2) ** 2
    return np.degrees(2 * np.arcsin(np.sqrt(np.minimum(a, 1.0))))


def catalogs(done):
    """Catalogs.* as a user calls them, against the simulator's catalogs."""
    import numpy as np
    import astropy.units as u
    from astropy.coordinates import SkyCoord
    from astroquery.mast import Catalogs

    ngc1365 = SkyCoord(53.40155, -36.14039, unit="deg")
    m101 = SkyCoord(210.80227, 54.34895, unit="deg")

    # TIC cone: every row inside the cone, its distance column saying so; ids as text.
    tic = Catalogs.query_region(ngc1365, radius=0.05 * u.deg, catalog="TIC")
    check(len(tic) > 5, f"TIC cone gave {len(tic)} rows")
    check(len(tic.colnames) == 90 and "dstArcSec" in tic.colnames, f"TIC columns {len(tic.colnames)}")
    sep = separation_deg(53.40155, -36.14039, np.array(tic["ra"]), np.array(tic["dec"]))
    check(bool(np.all(sep <= 0.05 + 1e-9)), "TIC cone holds rows outside the radius")
    check(bool(np.all(np.abs(np.array(tic["dstArcSec"]) - sep * 3600) < 0.01)), "dstArcSec is not the distance")
    check(tic["ID"].dtype.kind in "US", "TIC ID (declared string) should come back as text")
    check(any("  " in str(x) for x in tic["TWOMflag"]) or all(str(x) == "AAA-222-111-000-0-0" for x in tic["TWOMflag"] if x),
          "TWOMflag values unexpected")
    # One page of one row is the full answer's second row (MAST's paging).
    second = Catalogs.query_region(ngc1365, radius=0.05 * u.deg, catalog="Tic", pagesize=1, page=2)
    check(len(second) == 1 and second["ID"][0] == tic["ID"][1], "page 2 of pagesize 1 is not the second row")
    done.append(f"tic-cone:{len(tic)}")

    # Gaia (DR2 in 0.4.11) by name: the resolver goes through the simulator as a proxy.
    gaia = Catalogs.query_object("M101", radius=0.05 * u.deg, catalog="Gaia")
    check(len(gaia) > 5, f"Gaia around M101 gave {len(gaia)}")
    check(bool(np.all(np.array(gaia["source_id"], dtype=np.int64) > 2 ** 53)), "Gaia source_id lost its size")
    check(gaia["source_id"].dtype.kind == "i", f"source_id (long) parsed as {gaia['source_id'].dtype}")
    m101_tic = Catalogs.query_object("M101", radius=0.05 * u.deg, catalog="TIC")
    bright = m101_tic[m101_tic["GAIAmag"] < 19]
    check(len(bright) > 0, "no bright TIC stars around M101")
    for row in bright[:20]:
        d = separation_deg(row["ra"], row["dec"], np.array(gaia["ra"]), np.array(gaia["dec"]))
        check(float(d.min()) * 3600 < 0.5, f"no Gaia source within 0.5\" of TIC {row['ID']}")
    done.append(f"gaia:{len(gaia)}")

    # Criteria (Mast.Catalogs.Filtered.Tic.Rows), typed by columnsconfig + All.Tic histograms.
    crit = Catalogs.query_criteria(catalog="Tic", Tmag=[8, 9], lumclass="GIANT")
    check(len(crit) > 0, "TIC Tmag 8..9 GIANT found nothing")
    check(bool(np.all((crit["Tmag"] >= 8) & (crit["Tmag"] <= 9))), "Tmag outside [8, 9]")
    check(set(crit["lumclass"]) == {"GIANT"}, f"lumclass leaked {set(crit['lumclass'])}")
    near = Catalogs.query_criteria(catalog="Tic", coordinates=ngc1365, radius=0.2 * u.deg, Tmag=[8, 14])
    check(len(near) > 0 and bool(np.all(near["dstArcSec"] <= 0.2 * 3600 + 1e-6)), "TIC position+criteria")
    ctl = Catalogs.query_criteria(catalog="Ctl", Tmag=[9, 10], objType="STAR")
    check(len(ctl) > 0 and not bool(np.any(ctl["priority"].mask)), "CTL rows without a priority")
    dd = Catalogs.query_criteria(catalog="DiskDetective", state="complete", classifiers=[10, 15])
    check(len(dd) > 0 and set(dd["state"]) == {"complete"}, f"DiskDetective criteria gave {len(dd)}")
    check(bool(np.all((dd["classifiers"] >= 10) & (dd["classifiers"] <= 15))), "classifiers outside [10, 15]")
    check(bool(np.all(np.array(dd["G_source_id"][~dd["G_source_id"].mask], dtype=np.int64) > 2 ** 53)),
          "Disk Detective G_source_id lost its size")
    done.append(f"criteria:tic {len(crit)} ctl {len(ctl)} dd {len(dd)}")

    # HSC: a cone, one match's detections, and the spectra list.
    hsc = Catalogs.query_region(ngc1365, radius=0.02 * u.deg, catalog="HSC")
    check(len(hsc) > 0 and "MatchID" in hsc.colnames, f"HSC cone gave {len(hsc)}")
    check(bool(np.all(np.array(hsc["Distance"]) <= 0.02 + 1e-9)), "HSC Distance beyond the radius")
    match = Catalogs.query_hsc_matchid(hsc[0])
    check(len(match) == int(hsc["NumImages"][0]), f"{len(match)} detections for NumImages {hsc['NumImages'][0]}")
    check(set(match["MatchID"]) == {hsc["MatchID"][0]}, "detections of another match")
    spectra = Catalogs.get_hsc_spectra()
    check(len(spectra) > 10 and "DatasetName" in spectra.colnames, f"HSC spectra gave {len(spectra)}")
    check(spectra["MatchID"].dtype.kind in "US", "spectra MatchID (declared string) should be text")
    done.append(f"hsc:{len(hsc)} matches:{len(match)} spectra:{len(spectra)}")

    galex = Catalogs.query_region(m101, radius=0.1 * u.deg, catalog="Galex")
    check(len(galex) > 0 and bool(np.all(galex["distance_arcmin"] <= 6 + 1e-6)), f"GALEX cone gave {len(galex)}")
    done.append(f"galex:{len(galex)}")

    # Pan-STARRS on its REST route (JSON body), criteria checked against metadata.json.
    ps = Catalogs.query_region(m101, radius=0.05 * u.deg, catalog="Panstarrs", table="mean", data_release="dr2",
                               nStackDetections=[("gte", 1)],
                               columns=["objName", "objID", "raMean", "decMean", "nDetections", "distance"],
                               sort_by=[("asc", "distance")])
    check(len(ps) > 5, f"Pan-STARRS cone gave {len(ps)}")
    check(ps["objID"].dtype.kind == "i" and bool(np.all(ps["objID"] > 2 ** 53)), "objID lost its size")
    check(bool(np.all(np.diff(np.array(ps["distance"])) >= 0)), "sort_by distance not obeyed")
    check(bool(np.all(np.array(ps["distance"]) <= 0.05 + 1e-9)), "Pan-STARRS rows beyond the radius")
    psc = Catalogs.query_criteria(coordinates=m101, radius=0.1 * u.deg, catalog="PANSTARRS", table="mean",
                                  data_release="dr2", nDetections=[("gte", 10)], columns=["objID", "nDetections"])
    check(len(psc) > 0 and bool(np.all(psc["nDetections"] >= 10)), f"Pan-STARRS criteria gave {len(psc)}")
    try:
        Catalogs.query_criteria(coordinates=m101, catalog="panstarrs", nDetectionz=[("gte", 1)])
        fail("an unknown Pan-STARRS column should be refused")
    except Exception as e:
        check("nDetections" in str(e), f"no suggestion in: {e}")
    done.append(f"panstarrs:{len(ps)}/{len(psc)}")


if __name__ == "__main__":
    main()
