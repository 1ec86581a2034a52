"""Conformance of the simulator's path lookup with unmodified astroquery 0.4.11's cloud access:
Observations.enable_cloud_dataset() + get_cloud_uris(), and a download from the bucket, against
`mastui sim` and moto's S3 server (started here, from this Python). Called by conformance.py.

As PROTOCOL-MORE.md sections 0 and 4 say: boto3 is pointed at moto with AWS_ENDPOINT_URL, and
the path lookup's host, hard-coded in astroquery, is rewritten by replacing
`astroquery.mast.utils._simple_request` (astroquery's own test patch point). With MASTUI_BIN
set, `mastui products --cloud-uris` must give the same answer for the same products.
"""

import json
import os
import subprocess
import sys
import tempfile
import time
import urllib.parse
import warnings


def start_moto():
    """moto's S3 server on a free port; returns (process, endpoint URL)."""
    log = tempfile.NamedTemporaryFile(prefix="mastui-moto-", suffix=".log", delete=False)
    proc = subprocess.Popen([sys.executable, "-m", "moto.server", "-H", "127.0.0.1", "-p", "0"],
                            stdout=subprocess.DEVNULL, stderr=log)
    deadline = time.time() + 60
    while time.time() < deadline:
        with open(log.name) as f:
            text = f.read()
        if "Running on http://127.0.0.1:" in text:
            url = text.split("Running on ", 1)[1].split()[0].rstrip("/")
            return proc, url
        if proc.poll() is not None:
            break
        time.sleep(0.05)
    proc.kill()
    raise RuntimeError(f"moto did not start: {text}")


def key_of(path):
    """astroquery's path -> key rules (utils.mast_relative_path), written out again."""
    if "galex" in path:
        return path.lstrip("/mast/")
    if "/ps1/" in path:
        return path.replace("/ps1/", "panstarrs/ps1/public/")
    if "hlsp" in path:
        return path.replace("/hlsp_local/public/", "mast/")
    return path.lstrip("/")


def check_cloud(base, check, fail, done, obs_client):
    import boto3
    import requests
    from astroquery.mast import utils

    warnings.simplefilter("ignore")
    proc, s3 = start_moto()
    original = utils._simple_request
    try:
        os.environ["AWS_ENDPOINT_URL"] = s3

        def to_simulator(url, params=None):
            return original(url.replace("https://mast.stsci.edu", base), params)

        utils._simple_request = to_simulator

        obs = obs_client.query_criteria(obs_collection="HST", proposal_id="5020")[:2]
        check(len(obs) == 2, "no HST observations for the cloud check")
        prods = obs_client.get_product_list(obs)
        uris = sorted(set(prods["dataURI"]))
        # Seed the bucket with the simulator's files (keys from its own path lookup), all but
        # every third, so that some keys have no object behind them.
        paths = {}
        for i in range(0, len(uris), 50):
            r = requests.get(f"{base}/api/v0.1/path_lookup/", params={"uri": uris[i:i + 50]})
            r.raise_for_status()
            paths.update(r.json())
        check(set(paths) == set(uris), "the path lookup did not answer for every URI asked")
        keyed = [u for u in uris if paths[u]["path"]]
        check(len(keyed) >= 10 and len(keyed) < len(uris), f"{len(keyed)} of {len(uris)} have paths")
        bucket = boto3.client("s3", endpoint_url=s3, region_name="us-east-1",
                              aws_access_key_id="test", aws_secret_access_key="test")
        bucket.create_bucket(Bucket="stpubdata")
        put = set()
        for n, u in enumerate(keyed):
            if n % 3 == 2:
                continue
            body = requests.get(f"{base}/api/v0.1/Download/file",
                                params={"uri": u}).content
            bucket.put_object(Bucket="stpubdata", Key=key_of(paths[u]["path"]), Body=body,
                              ACL="public-read")
            put.add(u)

        obs_client.enable_cloud_dataset(verbose=False)
        got = obs_client.get_cloud_uris(prods, return_uri_map=True, verbose=False)
        want = {u: (f"s3://stpubdata/{key_of(paths[u]['path'])}" if u in put else None) for u in uris}
        check(dict(got) == want, f"get_cloud_uris differs from the seeded bucket: {got} != {want}")
        listed = obs_client.get_cloud_uris(prods, verbose=False)
        check(sorted(listed) == sorted(v for v in want.values() if v), "get_cloud_uris list form")

        # A file downloaded by astroquery from the bucket (cloud_only: never from MAST).
        small = prods[[u in put for u in prods["dataURI"]]]
        small.sort("size")
        with tempfile.TemporaryDirectory(prefix="mastui-aq-cloud-") as d:
            m = obs_client.download_products(small[:1], download_dir=d, cloud_only=True, verbose=False)
            check(m["Status"][0] == "COMPLETE", f"cloud download: {m['Status'][0]} {m['Message'][0]}")
            with open(m["Local Path"][0], "rb") as f:
                got_bytes = f.read()
            want_bytes = requests.get(f"{base}/api/v0.1/Download/file",
                                      params={"uri": small["dataURI"][0]}).content
            check(got_bytes == want_bytes, "the file from the bucket differs from the simulator's")

        mastui = os.environ.get("MASTUI_BIN")
        if mastui:
            with tempfile.TemporaryDirectory(prefix="mastui-aq-state-") as state:
                env = dict(os.environ, MASTUI_S3_ENDPOINT=s3, MASTUI_DATA_DIR=state)
                env.pop("MAST_API_TOKEN", None)
                out = subprocess.run([mastui, "--server", base, "products", "--guide-stars",
                                      "--format", "jsonl", "--cloud-uris",
                                      *[str(o) for o in obs["obsid"]]],
                                     env=env, capture_output=True, text=True)
                check(out.returncode == 0, f"mastui products --cloud-uris: {out.stderr}")
                ours = {}
                for line in out.stdout.splitlines():
                    row = json.loads(line)
                    ours[row["dataURI"]] = row["cloudURI"]
                check(ours == want, f"mastui --cloud-uris differs from astroquery: {ours} != {want}")
            done.append("mastui-cloud-uris")
        done.append(f"cloud:{len(put)}/{len(uris)}")
    finally:
        utils._simple_request = original
        os.environ.pop("AWS_ENDPOINT_URL", None)
        obs_client.disable_cloud_dataset()
        proc.kill()
        proc.wait()
