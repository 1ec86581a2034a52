//! The hostile servers as a headless user meets them: the real binary against
//! `mastui sim --faults ...` on loopback (or against nothing at all), read from its stderr.
use std::path::Path;
use std::process::{Command, Output, Stdio};

use mastui::sim::{SimHandle, SimOptions, start};

fn mastui(server: &str, home: &Path) -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_mastui"));
    c.arg("--server")
        .arg(server)
        .env_remove("MASTUI_SERVER")
        .env_remove("MAST_API_TOKEN")
        .env_remove("MASTUI_RETRIES")
        .env_remove("MASTUI_STALL_SECS")
        .env("MASTUI_DATA_DIR", home.join("data"))
        .env("MASTUI_CONFIG_DIR", home.join("config"))
        .env("MASTUI_DOWNLOAD_DIR", home.join("dl"));
    c
}

async fn sim(faults: &str) -> SimHandle {
    start(SimOptions {
        scale: 3_000,
        file_size: Some(100_000),
        faults: faults.parse().expect("faults"),
        ..SimOptions::default()
    })
    .await
    .expect("sim")
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_stalled_server_is_named_on_stderr_and_retried() {
    let tmp = tempfile::tempdir().expect("tmp");
    let s = sim("trickle=1").await;
    let out = mastui(&s.base_url, tmp.path())
        .env("MASTUI_STALL_SECS", "1")
        .env("MASTUI_RETRIES", "2")
        .args(["search", "--collection", "JWST"])
        .output()
        .expect("run");
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert_eq!(
        err.matches("mastui: server stalled, retrying: Mast.Caom.Filtered: the server stalled: under 1 KiB/s for 1 s").count(),
        1,
        "{err}"
    );
    assert!(err.contains("gave up after 2 attempts"), "{err}");

    // A bad value of the knob is refused, naming it.
    let out = mastui(&s.base_url, tmp.path())
        .env("MASTUI_STALL_SECS", "soon")
        .args(["search", "--collection", "JWST"])
        .output()
        .expect("run");
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("MASTUI_STALL_SECS"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn a_wrong_address_is_said_at_once_naming_where_it_came_from() {
    let tmp = tempfile::tempdir().expect("tmp");
    // Port 1 on loopback: nothing listens there.
    let out = mastui("http://127.0.0.1:1", tmp.path())
        .args(["search", "--collection", "JWST"])
        .output()
        .expect("run");
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(
        err.contains("the server http://127.0.0.1:1 (from --server)"),
        "{err}"
    );
    assert!(
        err.contains("connection refused") && err.contains("not retried"),
        "{err}"
    );
    assert!(!err.contains("gave up"), "{err}");

    let mut c = Command::new(env!("CARGO_BIN_EXE_mastui"));
    let out = c
        .env("MASTUI_SERVER", "http://127.0.0.1:1")
        .env("MASTUI_DATA_DIR", tmp.path().join("data"))
        .env("MASTUI_CONFIG_DIR", tmp.path().join("config"))
        .env_remove("MAST_API_TOKEN")
        .args(["search", "--collection", "JWST"])
        .output()
        .expect("run");
    let err = stderr(&out);
    assert!(err.contains("(from MASTUI_SERVER)"), "{err}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn repeated_rows_and_a_wrong_count_are_warned_about() {
    let tmp = tempfile::tempdir().expect("tmp");
    let s = sim("repeat_rows=1").await;
    let out = mastui(&s.base_url, tmp.path())
        .args([
            "search",
            "--collection",
            "JWST",
            "--format",
            "csv",
            "--columns",
            "obsid",
        ])
        .args(["--pagesize", "40"])
        .output()
        .expect("run");
    let err = stderr(&out);
    assert!(out.status.success(), "{err}");
    assert!(
        err.contains("rows again that earlier pages had already sent"),
        "{err}"
    );
    let rows: Vec<&str> = std::str::from_utf8(&out.stdout)
        .expect("utf-8")
        .lines()
        .skip(1)
        .collect();
    let mut unique = rows.clone();
    unique.sort_unstable();
    unique.dedup();
    assert_eq!(unique.len(), rows.len());
    assert!(err.contains("MAST announced"), "{err}");

    let s = sim("count_off=1").await;
    let out = mastui(&s.base_url, tmp.path())
        .args([
            "search",
            "--collection",
            "JWST",
            "--format",
            "csv",
            "--columns",
            "obsid",
        ])
        .output()
        .expect("run");
    let err = stderr(&out);
    let sent = std::str::from_utf8(&out.stdout)
        .expect("utf-8")
        .lines()
        .count()
        - 1;
    assert!(
        err.contains(&format!(
            "MAST announced {} matching rows but sent {sent}",
            sent + 7
        )),
        "{err}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_file_whose_listed_size_is_stale_is_kept_and_the_manifest_says_so() {
    let tmp = tempfile::tempdir().expect("tmp");
    let s = sim("").await;
    // One product as `mastui products --format jsonl` prints it, its size listed 1 too big.
    let out = mastui(&s.base_url, tmp.path())
        .args([
            "search",
            "--collection",
            "HST",
            "--format",
            "csv",
            "--columns",
            "obsid",
        ])
        .args(["--limit", "1"])
        .output()
        .expect("search");
    let obsid = String::from_utf8_lossy(&out.stdout)
        .lines()
        .nth(1)
        .expect("one obsid")
        .trim()
        .to_string();
    let out = mastui(&s.base_url, tmp.path())
        .args([
            "products", &obsid, "--format", "jsonl", "--rights", "public",
        ])
        .output()
        .expect("products");
    let first = String::from_utf8_lossy(&out.stdout)
        .lines()
        .find(|l| l.contains("\"size\":100000"))
        .expect("a product of known size")
        .replace("\"size\":100000", "\"size\":100001");
    let dir = tmp.path().join("dl");
    let mut child = mastui(&s.base_url, tmp.path())
        .args(["download", "--flat", "--dir"])
        .arg(&dir)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("download");
    use std::io::Write;
    child
        .stdin
        .take()
        .expect("stdin")
        .write_all(format!("{first}\n").as_bytes())
        .expect("write");
    let out = child.wait_with_output().expect("download ends");
    let err = stderr(&out);
    assert!(out.status.success(), "{err}");
    assert!(
        err.contains("complete") && err.contains("MAST lists this file as 100001 bytes"),
        "{err}"
    );
    let manifest = std::fs::read_to_string(dir.join("MANIFEST.csv")).expect("manifest");
    let row = manifest.lines().nth(1).expect("a row");
    assert!(
        row.contains(",COMPLETE,") && row.contains("the server sent 100000"),
        "{row}"
    );
}
