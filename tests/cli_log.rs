//! The log file, through the real binary against `mastui sim`: written in the cache
//! directory, holding what was asked and fetched, never the token even at the most verbose
//! level for every crate, and named when a command fails for a remote reason.
use std::io::Write;
use std::path::Path;
use std::process::{Command, Output, Stdio};

use mastui::sim::{SimOptions, start};

const TOKEN: &str = "7c1d0e2f9a3b4c5d6e7f8091a2b3c4d5";

fn mastui(base: &str, home: &Path, args: &[&str], stdin: &[u8]) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_mastui"))
        .arg("--server")
        .arg(base)
        .args(args)
        .env("MASTUI_DATA_DIR", home.join("data"))
        .env("MASTUI_CONFIG_DIR", home.join("config"))
        .env("MASTUI_CACHE_DIR", home.join("cache"))
        .env("MASTUI_NO_KEYRING", "1")
        .env("MAST_API_TOKEN", TOKEN)
        .env("MASTUI_LOG", "trace")
        .env("RUST_LOG", "trace")
        .env("MASTUI_RETRIES", "2")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run mastui");
    child
        .stdin
        .take()
        .expect("stdin")
        .write_all(stdin)
        .expect("stdin written");
    child.wait_with_output().expect("mastui ends")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_log_records_the_work_and_never_the_token() {
    let sim = start(SimOptions {
        tokens: vec![TOKEN.to_string()],
        file_size: Some(10_000),
        ..SimOptions::default()
    })
    .await
    .expect("sim");
    let home = tempfile::tempdir().unwrap();
    let base = sim.base_url.as_str();
    // Exclusive-access products (they need the token), fetched with it.
    let listed = mastui(
        base,
        home.path(),
        &[
            "products",
            "2000000012",
            "--filter",
            "_cal.fits",
            "--format",
            "jsonl",
        ],
        b"",
    );
    assert!(
        listed.status.success(),
        "{}",
        String::from_utf8_lossy(&listed.stderr)
    );
    let first = String::from_utf8_lossy(&listed.stdout)
        .lines()
        .find(|l| l.contains("EXCLUSIVE_ACCESS"))
        .expect("an exclusive product")
        .to_string();
    let dir = home.path().join("dl");
    let out = mastui(
        base,
        home.path(),
        &["download", "--flat", "--dir", &dir.to_string_lossy()],
        format!("{first}\n").as_bytes(),
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let log = std::fs::read_to_string(home.path().join("cache/mastui.log")).expect("a log");
    assert!(log.contains("downloaded"), "{log}");
    assert!(log.contains("/api/v0/invoke"), "{log}");
    assert!(!log.contains(TOKEN), "the token is in the log");
    // Nor anywhere else mastui wrote.
    for entry in walk(home.path()) {
        let bytes = std::fs::read(&entry).unwrap_or_default();
        assert!(
            !String::from_utf8_lossy(&bytes).contains(TOKEN),
            "the token is in {}",
            entry.display()
        );
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(home.path().join("cache/mastui.log"))
            .unwrap()
            .permissions()
            .mode();
        assert_eq!(mode & 0o077, 0, "the log is the user's alone: {mode:o}");
    }
}

#[test]
fn a_remote_failure_names_the_log() {
    let home = tempfile::tempdir().unwrap();
    // Nothing listens on port 9 of loopback.
    let out = mastui(
        "http://127.0.0.1:9",
        home.path(),
        &["search", "--collection", "JWST", "--count"],
        b"",
    );
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("details in") && err.contains("mastui.log"),
        "{err}"
    );
    let log = std::fs::read_to_string(home.path().join("cache/mastui.log")).expect("a log");
    assert!(log.contains("127.0.0.1:9"), "{log}");
    // Bad input is said in full: no pointer to the log.
    let out = mastui(
        "http://127.0.0.1:9",
        home.path(),
        &["search", "--radius", "3'"],
        b"",
    );
    assert_eq!(out.status.code(), Some(2));
    assert!(!String::from_utf8_lossy(&out.stderr).contains("details in"));
}

fn walk(dir: &Path) -> Vec<std::path::PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).into_iter().flatten().flatten() {
            let p = e.path();
            if p.is_dir() {
                stack.push(p);
            } else {
                out.push(p);
            }
        }
    }
    out
}
