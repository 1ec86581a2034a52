//! A real S3-compatible server for the cloud tests: moto's server mode from the project's
//! `.venv` (`.ci/run` installs it), started on a free loopback port, seeded over plain
//! HTTP with public-read objects, its request log kept in a file to read back. Without the
//! venv the tests say so and skip, except under CI (`CI` set), where that is a failure.
// Each test binary uses its own subset of these helpers.
#![allow(dead_code)]

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use mastui::mast::cloud::key::key_of_path;
use mastui::mast::download::download_url;

/// The project's Python, with moto in it.
pub fn venv_python() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(".venv/bin/python")
}

/// A moto server; stopped when dropped.
pub struct Moto {
    child: Child,
    /// `http://127.0.0.1:PORT`.
    pub endpoint: String,
    log: PathBuf,
    _dir: tempfile::TempDir,
}

impl Moto {
    /// Starts moto with the bucket `stpubdata`; None (said on stderr) when the venv or moto
    /// is missing outside CI.
    pub async fn start() -> Option<Moto> {
        let python = venv_python();
        let has_moto = python.exists()
            && Command::new(&python)
                .args(["-c", "import moto.server"])
                .stdout(Stdio::null())
                .stderr(Stdio::null())
                .status()
                .is_ok_and(|s| s.success());
        if !has_moto {
            let why = format!(
                "{} with moto is missing (bash .ci/run builds it, or: python3 -m venv .venv && \
                 .venv/bin/pip install 'moto[s3]' flask flask-cors)",
                python.display()
            );
            assert!(
                std::env::var_os("CI").is_none(),
                "CI must run the cloud tests: {why}"
            );
            eprintln!("SKIPPED: the cloud tests need a local S3 server: {why}");
            return None;
        }
        let dir = tempfile::tempdir().expect("temp dir");
        let log = dir.path().join("moto.log");
        let child = Command::new(&python)
            .args(["-m", "moto.server", "-H", "127.0.0.1", "-p", "0"])
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(std::fs::File::create(&log).expect("log file"))
            .spawn()
            .expect("start moto");
        let mut moto = Moto {
            child,
            endpoint: String::new(),
            log,
            _dir: dir,
        };
        let deadline = Instant::now() + Duration::from_secs(60);
        while moto.endpoint.is_empty() {
            let text = std::fs::read_to_string(&moto.log).unwrap_or_default();
            if let Some(at) = text.find("Running on http://127.0.0.1:") {
                let rest = &text[at + "Running on ".len()..];
                let end = rest.find(char::is_whitespace).unwrap_or(rest.len());
                moto.endpoint = rest[..end].trim_end_matches('/').to_string();
                break;
            }
            assert!(
                moto.child.try_wait().expect("moto status").is_none(),
                "moto exited: {text}"
            );
            assert!(Instant::now() < deadline, "moto did not start: {text}");
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        let made = reqwest::Client::new()
            .put(format!("{}/stpubdata", moto.endpoint))
            .body(Vec::new())
            .send()
            .await
            .expect("create the bucket");
        assert!(made.status().is_success(), "{made:?}");
        Some(moto)
    }

    /// PUTs `body` at `key`, readable by anyone (without the ACL anonymous GETs get 403).
    pub async fn put_public(&self, key: &str, body: Vec<u8>) {
        let url = format!("{}/stpubdata/{}", self.endpoint, encode_key(key));
        let r = reqwest::Client::new()
            .put(url)
            .header("x-amz-acl", "public-read")
            // moto reads a form body as a form: the bytes must not look like one.
            .header("content-type", "application/octet-stream")
            .body(body)
            .send()
            .await
            .expect("put object");
        assert!(r.status().is_success(), "PUT {key}: {r:?}");
    }

    /// The reads (GET, HEAD: not the seeding PUTs) moto logged for `key`, with their
    /// status, in order: `("GET", 206)`.
    pub fn requests_for(&self, key: &str) -> Vec<(String, u16)> {
        let text = std::fs::read_to_string(&self.log).unwrap_or_default();
        let path = format!(" /stpubdata/{} HTTP", encode_key(key));
        text.lines()
            .map(strip_colours)
            .filter(|l| l.contains(&path))
            .filter_map(|l| {
                // 127.0.0.1 - - [date] "GET /stpubdata/key HTTP/1.1" 206 -
                let method = l.split('"').nth(1)?.split_whitespace().next()?.to_string();
                let status = l
                    .rsplit('"')
                    .next()?
                    .split_whitespace()
                    .next()?
                    .parse()
                    .ok()?;
                Some((method, status))
            })
            .filter(|(method, _)| method != "PUT")
            .collect()
    }
}

impl Drop for Moto {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A log line without the terminal colours werkzeug puts around 4xx lines.
fn strip_colours(line: &str) -> String {
    let mut out = String::with_capacity(line.len());
    let mut chars = line.chars();
    while let Some(c) = chars.next() {
        if c == '\u{1b}' {
            for d in chars.by_ref() {
                if d.is_ascii_alphabetic() {
                    break;
                }
            }
        } else {
            out.push(c);
        }
    }
    out
}

/// A key as it appears in a URL path (what moto logs).
fn encode_key(key: &str) -> String {
    const SET: &percent_encoding::AsciiSet = &percent_encoding::NON_ALPHANUMERIC
        .remove(b'/')
        .remove(b'-')
        .remove(b'_')
        .remove(b'.')
        .remove(b'~');
    percent_encoding::utf8_percent_encode(key, SET).to_string()
}

/// What the simulator's path lookup says of `uris` (raw HTTP, 50 at a time): the key of
/// each URI that has a path, by astroquery's rules.
pub async fn keys_of(sim: &str, uris: &[String]) -> HashMap<String, String> {
    let http = reqwest::Client::new();
    let mut keys = HashMap::new();
    for batch in uris.chunks(50) {
        let mut url = reqwest::Url::parse(&format!("{sim}/api/v0.1/path_lookup/")).unwrap();
        for u in batch {
            url.query_pairs_mut().append_pair("uri", u);
        }
        let answer: serde_json::Value = http
            .get(url)
            .send()
            .await
            .expect("path lookup")
            .bytes()
            .await
            .ok()
            .and_then(|b| serde_json::from_slice(&b).ok())
            .expect("path lookup JSON");
        for u in batch {
            if let Some(path) = answer[u.as_str()]["path"].as_str() {
                keys.insert(u.clone(), key_of_path(path));
            }
        }
    }
    keys
}

/// The bytes the simulator serves for `uri` over HTTPS (plain reqwest, no mastui code).
pub async fn sim_bytes(sim: &str, uri: &str) -> Vec<u8> {
    let r = reqwest::get(download_url(sim, uri))
        .await
        .expect("sim file");
    assert!(r.status().is_success(), "{uri}: {r:?}");
    r.bytes().await.expect("body").to_vec()
}

/// The bucket as seeded: the key of every URI the lookup knows, and which were put.
pub struct Seeded {
    pub keys: HashMap<String, String>,
    pub put: HashSet<String>,
}

/// Seeds `moto` with the simulator's files for `uris`: each URI with a key is put unless
/// `leave_out(n)` for its place `n` among them, so the bucket lacks those.
pub async fn seed(
    moto: &Moto,
    sim: &str,
    uris: &[String],
    leave_out: impl Fn(usize) -> bool,
) -> Seeded {
    let keys = keys_of(sim, uris).await;
    let mut put = HashSet::new();
    let mut n = 0;
    for u in uris {
        let Some(key) = keys.get(u) else { continue };
        n += 1;
        if leave_out(n) || put.contains(u) {
            continue;
        }
        moto.put_public(key, sim_bytes(sim, u).await).await;
        put.insert(u.clone());
    }
    Seeded { keys, put }
}
