//! Downloads from MAST's cloud copy, for real: `mastui sim` serves the archive and its path
//! lookup, moto's server mode (`cloud_support`) is the S3 bucket, seeded with the
//! simulator's files, and the real binary fetches. A basket from the cloud is byte for
//! byte the one fetched over HTTPS; objects the bucket lacks, files without a key and
//! exclusive data come from MAST; a transfer cut mid-file resumes with a Range request;
//! `--cloud-uris` answers what astroquery's `get_cloud_uris` does; the MAST token never
//! reaches the S3 endpoint; and the path lookup speaks MAST's shape.
use std::collections::{BTreeMap, HashSet};
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

use mastui::mast::client::MastClient;
use mastui::mast::cloud::bucket::CloudBucket;
use mastui::mast::cloud::copy::CloudCopy;
use mastui::mast::cloud::fetch::{Origin, fetch_with_fallback};
use mastui::mast::download::{DownloadOutcome, FileRequest};
use mastui::mast::local_path::{local_path, part_path};
use mastui::mast::retry::RetryPolicy;
use mastui::sim::{SimHandle, SimOptions, start};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio_util::sync::CancellationToken;

mod cloud_support;

use cloud_support::{Moto, keys_of, seed, sim_bytes};

const TOKEN: &str = "sim-token-1073";

fn mastui(base: &str, data: &Path) -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_mastui"));
    c.arg("--server")
        .arg(base)
        .env_remove("MASTUI_SERVER")
        .env_remove("MAST_API_TOKEN")
        .env_remove("MASTUI_CLOUD")
        .env_remove("MASTUI_S3_ENDPOINT")
        .env("MASTUI_DATA_DIR", data)
        .env("MASTUI_CONFIG_DIR", data.join("config"))
        .env("MASTUI_DOWNLOAD_DIR", data.join("unused"));
    c
}

fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

async fn sim(file_size: u64) -> SimHandle {
    start(SimOptions {
        scale: 3_000,
        file_size: Some(file_size),
        tokens: vec![TOKEN.into()],
        ..SimOptions::default()
    })
    .await
    .expect("start sim")
}

/// Runs `cmd` off the async runtime with `stdin`, and returns its output.
async fn run(mut cmd: Command, stdin: String) -> Output {
    tokio::task::spawn_blocking(move || {
        let mut child = cmd
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        use std::io::Write;
        child
            .stdin
            .take()
            .unwrap()
            .write_all(stdin.as_bytes())
            .unwrap();
        child.wait_with_output().unwrap()
    })
    .await
    .unwrap()
}

/// `mastui products ARGS --format jsonl` (ARGS may end in `--search ...`).
async fn products(base: &str, data: &Path, args: &[&str]) -> String {
    let mut cmd = mastui(base, data);
    cmd.args(["products", "--format", "jsonl"]).args(args);
    let out = run(cmd, String::new()).await;
    assert!(out.status.success(), "{}", text(&out.stderr));
    text(&out.stdout)
}

/// The obsids of the first `n` observations of `collection`.
async fn obsids(base: &str, data: &Path, collection: &str, n: u32) -> Vec<String> {
    let mut cmd = mastui(base, data);
    cmd.args(["search", "--collection", collection, "--format", "csv"])
        .args(["--columns", "obsid", "--limit", &n.to_string()]);
    let out = run(cmd, String::new()).await;
    assert!(out.status.success(), "{}", text(&out.stderr));
    text(&out.stdout)
        .lines()
        .map(str::trim)
        .filter(|l| l.parse::<i64>().is_ok())
        .map(str::to_string)
        .collect()
}

fn field(line: &str, name: &str) -> serde_json::Value {
    let v: serde_json::Value = serde_json::from_str(line).expect("JSON line");
    v[name].clone()
}

fn uris_of(list: &str) -> Vec<String> {
    list.lines()
        .map(|l| field(l, "dataURI").as_str().unwrap_or_default().to_string())
        .collect()
}

/// Every file under `dir` but the manifest and scripts, by path relative to `dir`.
fn tree(dir: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    let mut out = BTreeMap::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).unwrap().flatten() {
            let p = e.path();
            if p.is_dir() {
                stack.push(p);
            } else if p.extension().is_none_or(|x| x != "csv" && x != "sh") {
                let rel = p.strip_prefix(dir).unwrap().to_path_buf();
                out.insert(rel, std::fs::read(&p).unwrap());
            }
        }
    }
    out
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_cloud_basket_is_the_https_basket_byte_for_byte_and_lacking_objects_come_from_mast() {
    let s = sim(300_000).await;
    let Some(moto) = Moto::start().await else {
        return;
    };
    let base = s.base_url.clone();
    let tmp = tempfile::tempdir().unwrap();
    let data = tmp.path().join("data");
    // Two HST observations, one TESS, and program 1073's exclusive mosaics.
    let mut hst = obsids(&base, &data, "HST", 2).await;
    hst.extend(obsids(&base, &data, "TESS", 1).await);
    let args: Vec<&str> = hst.iter().map(String::as_str).collect();
    let mut list = products(&base, &data, &args).await;
    let exclusive = products(
        &base,
        &data,
        &["--rights", "exclusive", "--filter", "_i2d.fits"]
            .into_iter()
            .chain(["--search", "--collection", "JWST", "--proposal", "1073"])
            .collect::<Vec<_>>(),
    )
    .await;
    let n_exclusive = exclusive.lines().count();
    assert!(n_exclusive >= 1);
    list.push_str(&exclusive);
    let uris = uris_of(&list);
    let files = uris.len();
    // Every fourth file the lookup has a key for is left out of the bucket.
    let seeded = seed(&moto, &base, &uris, |n| n % 4 == 0).await;
    let left_out: Vec<&String> = seeded
        .keys
        .keys()
        .filter(|u| !seeded.put.contains(*u))
        .collect();
    let from_cloud = seeded.put.len();
    assert!(from_cloud >= 10 && !left_out.is_empty(), "{from_cloud}");
    assert!(seeded.keys.len() < files, "some files have no key at all");

    let cloud_dir = tmp.path().join("cloud");
    let before = s.download_counts();
    let mut cmd = mastui(&base, &data);
    cmd.env("MAST_API_TOKEN", TOKEN)
        .args([
            "download",
            "--cloud",
            "--s3-endpoint",
            &moto.endpoint,
            "--dir",
        ])
        .arg(&cloud_dir);
    let out = run(cmd, list.clone()).await;
    let err = text(&out.stderr);
    assert!(out.status.success(), "{err}");
    let after = s.download_counts();
    let summary = format!(
        "{from_cloud} from the cloud copy, {} from MAST",
        files - from_cloud
    );
    assert!(err.contains(&summary), "{summary} in {err}");
    assert!(!err.contains(TOKEN), "the token is never printed");
    // Only the files the bucket could not give were asked of MAST, once each.
    assert_eq!(
        after.requests - before.requests,
        (files - from_cloud) as u64
    );
    for u in &seeded.put {
        let key = &seeded.keys[u];
        assert_eq!(moto.requests_for(key), [("GET".to_string(), 200)], "{key}");
    }
    for u in &left_out {
        let key = &seeded.keys[*u];
        assert_eq!(moto.requests_for(key), [("GET".to_string(), 404)], "{key}");
    }
    // The manifest says where each file came from.
    let manifest = std::fs::read_to_string(cloud_dir.join("MANIFEST.csv")).unwrap();
    let said = |words: &str| manifest.lines().filter(|l| l.contains(words)).count();
    let at = format!("from the cloud copy: {}/stpubdata/", moto.endpoint);
    assert_eq!(said(&at), from_cloud, "{manifest}");
    assert_eq!(said("not in the bucket (HTTP 404)"), left_out.len());
    assert_eq!(
        said("exclusive-access data is not in the public bucket"),
        n_exclusive
    );
    assert_eq!(said(",COMPLETE,"), files);

    // The same basket over HTTPS only: the same files, the same bytes.
    let https_dir = tmp.path().join("https");
    let mut cmd = mastui(&base, &data);
    cmd.env("MAST_API_TOKEN", TOKEN)
        .args(["download", "--dir"])
        .arg(&https_dir);
    let out = run(cmd, list.clone()).await;
    assert!(out.status.success(), "{}", text(&out.stderr));
    let (cloud, https) = (tree(&cloud_dir), tree(&https_dir));
    assert_eq!(cloud.len(), files);
    assert_eq!(
        cloud.keys().collect::<Vec<_>>(),
        https.keys().collect::<Vec<_>>()
    );
    for (path, bytes) in &cloud {
        assert!(bytes == &https[path], "{path:?} differs");
    }

    // --cloud-uris: s3:// for the objects the bucket holds, null for the rest.
    let mut cmd = mastui(&base, &data);
    cmd.env("MASTUI_S3_ENDPOINT", &moto.endpoint)
        .args(["products", "--format", "jsonl", "--cloud-uris"])
        .args(&hst);
    let out = run(cmd, String::new()).await;
    assert!(out.status.success(), "{}", text(&out.stderr));
    let lines = text(&out.stdout);
    assert!(lines.lines().count() >= 10);
    for line in lines.lines() {
        let uri = field(line, "dataURI").as_str().unwrap().to_string();
        let want = seeded
            .put
            .contains(&uri)
            .then(|| format!("s3://stpubdata/{}", seeded.keys[&uri]));
        assert_eq!(field(line, "cloudURI").as_str(), want.as_deref(), "{uri}");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_cloud_transfer_cut_mid_file_resumes_with_a_range_request() {
    const SIZE: u64 = 6_000_000;
    let s = sim(SIZE).await;
    let Some(moto) = Moto::start().await else {
        return;
    };
    let base = s.base_url.clone();
    let tmp = tempfile::tempdir().unwrap();
    let data = tmp.path().join("data");
    let dir = tmp.path().join("dl");
    let hst = obsids(&base, &data, "HST", 1).await;
    let list = products(&base, &data, &[hst[0].as_str()]).await;
    let keys = keys_of(&base, &uris_of(&list)).await;
    let line = list
        .lines()
        .find(|l| {
            let uri = field(l, "dataURI");
            keys.contains_key(uri.as_str().unwrap_or_default())
        })
        .expect("a file in the cloud")
        .to_string();
    let uri = field(&line, "dataURI").as_str().unwrap().to_string();
    let key = keys[&uri].clone();
    let whole = sim_bytes(&base, &uri).await;
    assert_eq!(whole.len() as u64, SIZE);
    moto.put_public(&key, whole.clone()).await;

    // The first fetch is cut once a megabyte is on disk, as Ctrl-C would cut it.
    let client = MastClient::new(&base)
        .unwrap()
        .with_policy(RetryPolicy::fast());
    let bucket =
        CloudBucket::new(Some(&moto.endpoint), "test", RetryPolicy::fast(), None).expect("bucket");
    let copy = CloudCopy::new(bucket);
    let text_of = |k: &str| field(&line, k).as_str().unwrap().to_string();
    let dest = local_path(
        &dir,
        false,
        &text_of("obs_collection"),
        &text_of("obs_id"),
        &text_of("productFilename"),
    )
    .unwrap();
    let req = FileRequest {
        data_uri: uri.clone(),
        dest: dest.clone(),
        expected_size: Some(SIZE),
    };
    let cancel = CancellationToken::new();
    let cut = cancel.clone();
    let progress = move |bytes: u64, _: Option<u64>| {
        if bytes >= 1 << 20 {
            cut.cancel();
        }
    };
    let (outcome, origin) =
        fetch_with_fallback(&copy, &client, &req, false, &cancel, &progress).await;
    assert_eq!(outcome, DownloadOutcome::Cancelled);
    assert!(matches!(origin, Origin::Cloud(_)), "{origin:?}");
    let on_disk = std::fs::metadata(part_path(&dest)).unwrap().len();
    assert!((1 << 20..SIZE).contains(&on_disk), "{on_disk}");
    assert!(!dest.exists());
    assert_eq!(moto.requests_for(&key), [("GET".to_string(), 200)]);

    // Run again (the browser's switch, MASTUI_CLOUD=1): the rest comes with a Range.
    let before = s.download_counts();
    let mut cmd = mastui(&base, &data);
    cmd.env("MASTUI_CLOUD", "1")
        .env("MASTUI_S3_ENDPOINT", &moto.endpoint)
        .args(["download", "--dir"])
        .arg(&dir);
    let out = run(cmd, format!("{line}\n")).await;
    let err = text(&out.stderr);
    assert!(out.status.success(), "{err}");
    assert!(err.contains("1 from the cloud copy, 0 from MAST"), "{err}");
    assert_eq!(
        moto.requests_for(&key),
        [("GET".to_string(), 200), ("GET".to_string(), 206)]
    );
    assert_eq!(
        s.download_counts().requests,
        before.requests,
        "nothing from MAST"
    );
    assert!(
        std::fs::read(&dest).unwrap() == whole,
        "resumed bytes differ"
    );
    assert!(!part_path(&dest).exists());
}

/// A stand-in S3 endpoint that answers 404 to everything and keeps each request's head.
async fn recording_endpoint() -> (String, std::sync::Arc<std::sync::Mutex<Vec<String>>>) {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    let seen = std::sync::Arc::new(std::sync::Mutex::new(Vec::new()));
    let keep = seen.clone();
    tokio::spawn(async move {
        while let Ok((mut sock, _)) = listener.accept().await {
            let keep = keep.clone();
            tokio::spawn(async move {
                let mut buf = Vec::new();
                let mut chunk = [0u8; 4096];
                while !buf.windows(4).any(|w| w == b"\r\n\r\n") {
                    match sock.read(&mut chunk).await {
                        Ok(0) | Err(_) => return,
                        Ok(n) => buf.extend_from_slice(&chunk[..n]),
                    }
                }
                keep.lock().unwrap().push(text(&buf));
                let _ = sock
                    .write_all(
                        b"HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\nConnection: close\r\n\r\n",
                    )
                    .await;
            });
        }
    });
    (url, seen)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_mast_token_never_reaches_the_s3_endpoint() {
    let s = sim(20_000).await;
    let base = s.base_url.clone();
    let (endpoint, seen) = recording_endpoint().await;
    let tmp = tempfile::tempdir().unwrap();
    let data = tmp.path().join("data");
    let hst = obsids(&base, &data, "HST", 1).await;
    let mut list = products(&base, &data, &[hst[0].as_str()]).await;
    list.push_str(
        &products(
            &base,
            &data,
            &[
                "--rights",
                "exclusive",
                "--filter",
                "_i2d.fits",
                "--search",
                "--collection",
                "JWST",
                "--proposal",
                "1073",
            ],
        )
        .await,
    );
    let dir = tmp.path().join("dl");
    let mut cmd = mastui(&base, &data);
    cmd.env("MAST_API_TOKEN", TOKEN)
        .env("MASTUI_S3_ENDPOINT", &endpoint)
        .args(["download", "--cloud", "--dir"])
        .arg(&dir);
    let out = run(cmd, list.clone()).await;
    let err = text(&out.stderr);
    // Everything came from MAST (the endpoint has nothing), exclusive files with the token.
    assert!(out.status.success(), "{err}");
    assert!(
        err.contains(&format!(
            "0 from the cloud copy, {} from MAST",
            list.lines().count()
        )),
        "{err}"
    );
    let seen = seen.lock().unwrap().clone();
    assert!(seen.len() >= 5, "the bucket was asked: {seen:?}");
    for head in &seen {
        assert!(head.starts_with("GET /stpubdata/"), "{head}");
        let lower = head.to_ascii_lowercase();
        assert!(
            !lower.contains("authorization") && !head.contains(TOKEN),
            "{head}"
        );
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_path_lookup_answers_in_masts_shape() {
    let s = sim(20_000).await;
    let base = s.base_url.clone();
    let tmp = tempfile::tempdir().unwrap();
    let data = tmp.path().join("data");
    let hst = obsids(&base, &data, "HST", 1).await;
    let public = uris_of(&products(&base, &data, &[hst[0].as_str()]).await);
    let exclusive = uris_of(
        &products(
            &base,
            &data,
            &[
                "--rights",
                "exclusive",
                "--search",
                "--collection",
                "JWST",
                "--proposal",
                "1073",
            ],
        )
        .await,
    );
    let unknown = "mast:HST/product/does_not_exist.fits".to_string();
    let mut asked: Vec<String> = public.iter().take(20).cloned().collect();
    asked.push(exclusive[0].clone());
    asked.push(unknown.clone());
    asked.push(asked[0].clone());
    let mut url = reqwest::Url::parse(&format!("{base}/api/v0.1/path_lookup/")).unwrap();
    for u in &asked {
        url.query_pairs_mut().append_pair("uri", u);
    }
    let r = reqwest::get(url).await.unwrap();
    assert!(r.status().is_success());
    assert!(
        r.headers()["content-type"]
            .to_str()
            .unwrap()
            .starts_with("application/json")
    );
    let answer: serde_json::Map<String, serde_json::Value> =
        serde_json::from_slice(&r.bytes().await.unwrap()).unwrap();
    // Keyed by exactly the URIs asked, each with a status and a path or null.
    let keys: HashSet<&String> = answer.keys().collect();
    assert_eq!(keys, asked.iter().collect::<HashSet<_>>());
    for (uri, entry) in &answer {
        let status = entry["status_code"].as_u64().unwrap();
        match entry["path"].as_str() {
            Some(path) => {
                assert_eq!(status, 200, "{uri}");
                // HST: /hst/public/<first 4>/<dataset>/<file>, lower case.
                let file = uri.rsplit('/').next().unwrap().to_lowercase();
                let root = file.split(['_', '.']).next().unwrap();
                assert_eq!(
                    path,
                    format!("/hst/public/{}/{root}/{file}", &root[..4]),
                    "{uri}"
                );
            }
            None => {
                assert_eq!(status, 404, "{uri}");
                assert!(entry["path"].is_null());
            }
        }
    }
    assert_eq!(answer[&unknown]["status_code"], 404);
    assert_eq!(answer[&exclusive[0]]["status_code"], 404);
    let found = answer.values().filter(|e| e["status_code"] == 200).count();
    assert!(found >= 10, "{answer:?}");
    // More than 50 at once is refused: clients batch.
    let mut url = reqwest::Url::parse(&format!("{base}/api/v0.1/path_lookup/")).unwrap();
    for i in 0..51 {
        url.query_pairs_mut()
            .append_pair("uri", &format!("mast:HST/product/x{i}.fits"));
    }
    assert_eq!(reqwest::get(url).await.unwrap().status(), 400);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_bucket_that_does_not_answer_is_given_up_on_and_files_come_from_mast() {
    let s = sim(20_000).await;
    let base = s.base_url.clone();
    // A port nothing listens on: bound but never listening, so connections are refused,
    // and held to the end so that no server another test starts (a simulator, moto) can
    // be given it, as a released port could be.
    let held = tokio::net::TcpSocket::new_v4().unwrap();
    held.bind("127.0.0.1:0".parse().unwrap()).unwrap();
    let closed = format!("http://{}", held.local_addr().unwrap());
    let tmp = tempfile::tempdir().unwrap();
    let data = tmp.path().join("data");
    let hst = obsids(&base, &data, "HST", 2).await;
    let args: Vec<&str> = hst.iter().map(String::as_str).collect();
    let list = products(&base, &data, &args).await;
    let files = list.lines().count();
    let dir = tmp.path().join("dl");
    let mut cmd = mastui(&base, &data);
    cmd.args([
        "download",
        "--cloud",
        "--parallel",
        "1",
        "--s3-endpoint",
        &closed,
    ])
    .arg("--dir")
    .arg(&dir);
    let out = run(cmd, list).await;
    let err = text(&out.stderr);
    assert!(out.status.success(), "{err}");
    assert!(
        err.contains(&format!("0 from the cloud copy, {files} from MAST")),
        "{err}"
    );
    let manifest = std::fs::read_to_string(dir.join("MANIFEST.csv")).unwrap();
    // The files in flight when the endpoint was found shut tried it; no later file did. With
    // `--parallel 1` these 20 kB files still go two at a time (small files take half a place),
    // so one or two of them may have asked.
    let refused = manifest.matches("the cloud copy failed").count();
    let skipped = manifest.matches("did not answer").count();
    assert!((1..=2).contains(&refused), "{manifest}");
    assert_eq!(refused + skipped, files, "{manifest}");
    assert!(
        manifest.contains(&closed),
        "the endpoint is named: {manifest}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn path_lookups_go_fifty_uris_a_call_and_are_kept_for_the_run() {
    let s = sim(20_000).await;
    let base = s.base_url.clone();
    let tmp = tempfile::tempdir().unwrap();
    let data = tmp.path().join("data");
    // Real products of a few HST observations, then more observations until over 100.
    let mut uris: Vec<String> = Vec::new();
    let mut taken = 2;
    while uris.len() <= 100 {
        let hst = obsids(&base, &data, "HST", taken).await;
        let args: Vec<&str> = hst.iter().map(String::as_str).collect();
        uris = uris_of(&products(&base, &data, &args).await);
        uris.sort_unstable();
        uris.dedup();
        assert!(taken < 64, "HST observations hold too few products");
        taken *= 2;
    }
    let n = uris.len() as u64;
    let calls = n.div_ceil(50);
    // Asked with every URI twice: each distinct URI is asked once.
    let mut asked = uris.clone();
    asked.extend(uris.iter().rev().cloned());
    let client = MastClient::new(&base)
        .unwrap()
        .with_policy(RetryPolicy::fast());
    // A run's copy of the cloud lookups; its bucket is never asked here.
    let new_run = || {
        CloudCopy::new(
            CloudBucket::new(
                Some("http://127.0.0.1:1"),
                "test",
                RetryPolicy::fast(),
                None,
            )
            .expect("bucket"),
        )
    };
    let copy = new_run();
    let cancel = CancellationToken::new();
    let before = s.path_lookup_count();
    copy.resolve(&client, &asked, &cancel).await.unwrap();
    assert_eq!(
        s.path_lookup_count() - before,
        calls,
        "{n} URIs take ceil({n}/50) calls"
    );
    // Every URI has its answer, and a public HST file has a key.
    assert!(uris.iter().all(|u| !copy.unknown(u)));
    assert!(uris.iter().any(|u| matches!(
        copy.key(u),
        Some(mastui::mast::cloud::path_lookup::CloudKey::Key(_))
    )));
    // The same URIs again in the same run: no call at all.
    copy.resolve(&client, &uris, &cancel).await.unwrap();
    copy.resolve(&client, &asked[..7], &cancel).await.unwrap();
    assert_eq!(s.path_lookup_count() - before, calls, "asked again");
    // Three new ones among the known: one call, for those three only.
    let mut more = uris.clone();
    more.extend((0..3).map(|i| format!("mast:HST/product/new{i}_raw.fits")));
    copy.resolve(&client, &more, &cancel).await.unwrap();
    assert_eq!(s.path_lookup_count() - before, calls + 1);
    assert!(!copy.unknown("mast:HST/product/new2_raw.fits"));
    // A fresh run (a new CloudCopy) asks again.
    let fresh = new_run();
    fresh.resolve(&client, &uris, &cancel).await.unwrap();
    assert_eq!(s.path_lookup_count() - before, 2 * calls + 1);
}
