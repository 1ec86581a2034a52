"""Conformance of the simulator's missions search API and cutout services with unmodified
astroquery 0.4.11: MastMissions (query_region, query_criteria, get_product_list,
download_products), Tesscut (get_sectors, download_cutouts), Zcut (get_surveys,
download_cutouts) and Hapcut (download_cutouts). Called by conformance.py after astroquery
was pointed at the simulator (its URLs freeze at import, so configuration comes first).
"""

import os
import tempfile
import warnings


def check_missions_and_cutouts(base, check, fail, done):
    import astropy.units as u
    from astropy.coordinates import SkyCoord
    from astropy.io import fits
    from astroquery.exceptions import InvalidQueryError
    from astroquery.mast import Hapcut, MastMissions, MastMissionsClass, Tesscut, Zcut

    check(Tesscut._service_api_connection.REQUEST_URL.startswith(base), "Tesscut URL not the simulator")
    warnings.simplefilter("ignore")

    # MastMissions: a cone around NGC 1365 (program 1073), ang_sep in arcmin within the radius.
    jwst = MastMissionsClass(mission="jwst")
    ngc1365 = SkyCoord(53.40155, -36.14039, unit="deg")
    region = jwst.query_region(ngc1365, radius=3 * u.arcmin)
    check(len(region) >= 15, f"jwst query_region gave {len(region)} rows")
    check("ang_sep" in region.colnames and all(region["ang_sep"] <= 3.0), "ang_sep missing or beyond 3'")
    crit = jwst.query_criteria(program=1073)
    check(len(crit) == 15 and set(crit["program"]) == {1073}, f"query_criteria(program=1073): {len(crit)}")
    capped = jwst.query_criteria(program=1073, limit=4, offset=4)
    check(len(capped) == 4 and list(capped["fileSetName"]) == list(crit["fileSetName"][4:8]),
          "limit/offset do not page the same order")
    hst = MastMissions
    hst.mission = "hst"
    acs = hst.query_criteria(sci_instrume="WFC3,ACS", sci_obs_type="IMAGE", limit=50)
    check(len(acs) > 0 and {s.strip() for s in acs["sci_instrume"]} <= {"WFC3", "ACS"},
          "sci_instrume condition not obeyed")
    try:
        hst.query_criteria(sci_instrme="ACS")
        fail("a misspelt keyword should be refused")
    except InvalidQueryError as e:
        check("sci_instrume" in str(e), f"no suggestion in {e}")
    done.append(f"missions:{len(region)}/{len(crit)}/{len(acs)}")

    # Products of a few datasets, then one small public file each, checked by size.
    prods = jwst.get_product_list(crit[:3])
    for col in ("product_key", "dataset", "filename", "uri", "size", "access"):
        check(col in prods.colnames, f"product column {col} missing")
    public = prods[prods["access"] == "PUBLIC"]
    public.sort("size")
    pick = public[:2]
    with tempfile.TemporaryDirectory(prefix="mastui-aq-mm-") as d:
        manifest = jwst.download_products(pick, download_dir=d, verbose=False)
        check(manifest is not None and len(manifest) == len(pick), "missions download manifest")
        for row, prod in zip(manifest, pick):
            check(row["Status"] == "COMPLETE", f"missions download {row['Status']}: {row['Message']}")
            check(os.path.getsize(row["Local Path"]) == int(prod["size"]), "missions file size")
            check(os.sep.join(["mastDownload", "jwst", str(prod["dataset"])]) in str(row["Local Path"]),
                  f"layout {row['Local Path']}")
    done.append(f"mission_products:{len(prods)}")

    # TESScut: the southern continuous viewing zone, and a 5x5 cutout of sector 1.
    cvz = SkyCoord(107.27, -70.0, unit="deg")
    sectors = Tesscut.get_sectors(coordinates=cvz)
    check(len(sectors) >= 40 and 1 in list(sectors["sector"]), f"get_sectors gave {len(sectors)}")
    with tempfile.TemporaryDirectory(prefix="mastui-aq-tc-") as d:
        paths = Tesscut.download_cutouts(coordinates=cvz, size=5, sector=1, path=d)
        check(len(paths) == 1, f"Tesscut.download_cutouts gave {len(paths)} files")
        with fits.open(paths["Local Path"][0]) as h:
            check(h[0].header["SECTOR"] == 1, "cutout of the wrong sector")
            check(h[1].data["FLUX"].shape[1:] == (5, 5), f"FLUX cells {h[1].data['FLUX'].shape}")
    done.append(f"tesscut:{len(sectors)}")

    # Zcut: GOODS-North's surveys, and a 20 x 10 cutout (size is (ny, nx)).
    gn = SkyCoord(189.49206, 62.20615, unit="deg")
    surveys = Zcut.get_surveys(coordinates=gn)
    check(list(surveys) == ["candels_gn_60mas", "candels_gn_30mas", "goods_north"], f"surveys {surveys}")
    with tempfile.TemporaryDirectory(prefix="mastui-aq-zc-") as d:
        paths = Zcut.download_cutouts(coordinates=gn, size=[10, 20], survey="goods_north", path=d + os.sep)
        check(len(paths) == 1, f"Zcut.download_cutouts gave {len(paths)} files")
        with fits.open(paths["Local Path"][0]) as h:
            check(all(x.data.shape == (10, 20) for x in h[1:]), "Zcut cutout shape")
    done.append("zcut")

    # HAPcut where HST imaged (found through the HST missions search): 5" is 42 x 42.
    where = hst.query_criteria(sci_obs_type="IMAGE", limit=1)
    pos = SkyCoord(float(where["sci_ra"][0]), float(where["sci_dec"][0]), unit="deg")
    with tempfile.TemporaryDirectory(prefix="mastui-aq-hc-") as d:
        paths = Hapcut.download_cutouts(pos, size=5 * u.arcsec, path=d + os.sep)
        check(len(paths) >= 1, "Hapcut.download_cutouts gave no file")
        with fits.open(paths["Local Path"][0]) as h:
            check(h[1].data.shape == (42, 42), f"Hapcut shape {h[1].data.shape}")
    done.append("hapcut")
