//! Saved searches through the real binary against `mastui sim` on loopback: saved, listed,
//! run headless, `--new` between two states of the simulated archive (its clock moved on:
//! observations added, exclusive ones released), the whole weekly loop, and the store file:
//! another version refused, a writer killed mid-write leaving it whole.
use std::collections::BTreeSet;
use std::io::Write;
use std::path::Path;
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

use mastui::sim::{SimHandle, SimOptions, start};

const PROGRAMS: &[&str] = &["--collection", "JWST", "--proposal", "1073,1223"];

fn mastui(base: &str, home: &Path, args: &[&str], stdin: Option<&[u8]>) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_mastui"))
        .arg("--server")
        .arg(base)
        .args(args)
        .env("MASTUI_RETRIES", "3")
        .env("MASTUI_DATA_DIR", home.join("data"))
        .env("MASTUI_CONFIG_DIR", home.join("config"))
        .env("MASTUI_CACHE_DIR", home.join("cache"))
        .env("MASTUI_NO_KEYRING", "1")
        .env_remove("MAST_API_TOKEN")
        .env_remove("MASTUI_TEST_SLOW_STORE_MS")
        .stdin(if stdin.is_some() {
            Stdio::piped()
        } else {
            Stdio::null()
        })
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run mastui");
    if let Some(bytes) = stdin {
        let mut w = child.stdin.take().expect("stdin");
        w.write_all(bytes).expect("write stdin");
    }
    child.wait_with_output().expect("mastui ends")
}

fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

fn ok(out: &Output) -> String {
    assert!(
        out.status.success(),
        "exit {:?}: {}",
        out.status.code(),
        text(&out.stderr)
    );
    text(&out.stdout)
}

fn rows(jsonl: &str) -> Vec<serde_json::Value> {
    jsonl
        .lines()
        .map(|l| serde_json::from_str(l).expect("a JSON line"))
        .collect()
}

/// The archive as it was `days` days ago (negative) or is now (0).
async fn archive(epoch_days: f64) -> SimHandle {
    start(SimOptions {
        scale: 3_000,
        epoch_days,
        tokens: vec!["PI-TOKEN".into()],
        file_size: Some(2_000),
        ..SimOptions::default()
    })
    .await
    .expect("start sim")
}

/// obsid -> public, for every row of a plain search.
fn rights(base: &str, home: &Path) -> Vec<(i64, bool)> {
    let mut args = vec!["search"];
    args.extend(PROGRAMS);
    args.extend(["--format", "jsonl"]);
    rows(&ok(&mastui(base, home, &args, None)))
        .into_iter()
        .map(|r| {
            (
                r["obsid"].as_i64().unwrap(),
                r["dataRights"].as_str() == Some("PUBLIC"),
            )
        })
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn new_shows_only_observations_added_or_released_since_the_last_run() {
    let (before, now) = (archive(-60.0).await, archive(0.0).await);
    let home = tempfile::tempdir().unwrap();
    let h = home.path();

    // What the two states hold, from plain searches (not remembered by them).
    let was = rights(&before.base_url, h);
    let is = rights(&now.base_url, h);
    let was_ids: BTreeSet<i64> = was.iter().map(|(o, _)| *o).collect();
    let added: BTreeSet<i64> = is
        .iter()
        .filter(|(o, _)| !was_ids.contains(o))
        .map(|(o, _)| *o)
        .collect();
    let released: BTreeSet<i64> = is
        .iter()
        .filter(|(o, public)| *public && was.contains(&(*o, false)))
        .map(|(o, _)| *o)
        .collect();
    assert!(
        !added.is_empty() && !released.is_empty(),
        "{added:?} {released:?}"
    );

    // Saved while running against the earlier archive: it remembers what it saw.
    let mut save = vec!["search"];
    save.extend(PROGRAMS);
    save.extend(["--save", "my-programs", "--format", "jsonl"]);
    let out = mastui(&before.base_url, h, &save, None);
    assert_eq!(rows(&ok(&out)).len(), was.len());
    assert!(text(&out.stderr).contains("saved as 'my-programs'"));
    let listed = ok(&mastui(&before.base_url, h, &["saved"], None));
    assert!(listed.contains("my-programs"), "{listed}");
    assert!(
        listed.contains("--collection JWST --proposal 1073,1223"),
        "{listed}"
    );
    assert!(listed.contains(&format!(" {} ", was.len())), "{listed}");

    // A week later: only the added and the released, each saying which.
    let weekly = [
        "search",
        "--saved",
        "my-programs",
        "--new",
        "--format",
        "jsonl",
    ];
    let out = mastui(&now.base_url, h, &weekly, None);
    let news = rows(&ok(&out));
    let of = |word: &str| -> BTreeSet<i64> {
        news.iter()
            .filter(|r| r["news"] == word)
            .map(|r| r["obsid"].as_i64().unwrap())
            .collect()
    };
    assert_eq!(of("new"), added);
    assert_eq!(of("released"), released);
    assert_eq!(news.len(), added.len() + released.len());
    assert!(
        text(&out.stderr).contains(&format!(
            "{} new, {} newly public",
            added.len(),
            released.len()
        )),
        "{}",
        text(&out.stderr)
    );

    // Run again at once: nothing is new any more.
    let out = mastui(&now.base_url, h, &weekly, None);
    assert_eq!(ok(&out), "");
    assert!(text(&out.stderr).contains("0 new, 0 newly public"));

    // The saved search runs whole without --new, and as a table.
    let all = ok(&mastui(
        &now.base_url,
        h,
        &["search", "--saved", "my-programs"],
        None,
    ));
    assert!(all.contains("jw01073"), "{all}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_weekly_loop_fetches_only_the_new_files() {
    let (before, now) = (archive(-60.0).await, archive(0.0).await);
    let home = tempfile::tempdir().unwrap();
    let h = home.path();
    let dl = h.join("downloads");
    let mut save = vec!["search"];
    save.extend(PROGRAMS);
    save.extend(["--save", "my-programs", "--count"]);
    ok(&mastui(&before.base_url, h, &save, None));
    let week = |base: &str| -> String {
        let found = ok(&mastui(
            base,
            h,
            &[
                "search",
                "--saved",
                "my-programs",
                "--new",
                "--format",
                "jsonl",
            ],
            None,
        ));
        let products = ok(&mastui(
            base,
            h,
            &[
                "products",
                "--filter",
                "_cal.fits",
                "--rights",
                "public",
                "--format",
                "jsonl",
            ],
            Some(found.as_bytes()),
        ));
        ok(&mastui(
            base,
            h,
            &["download", "--dir", dl.to_str().unwrap()],
            Some(products.as_bytes()),
        ));
        products
    };
    let files = |p: &str| -> BTreeSet<String> {
        rows(p)
            .iter()
            .map(|r| r["productFilename"].as_str().unwrap().to_string())
            .collect()
    };
    // Never run to the end before: the first week fetches everything public.
    let first = files(&week(&before.base_url));
    let second = files(&week(&now.base_url));
    assert!(!first.is_empty() && !second.is_empty());
    assert!(
        first.is_disjoint(&second),
        "{:?}",
        first.intersection(&second)
    );
    // The released program's files came the second week.
    assert!(
        second.iter().all(|f| f.starts_with("jw01223")),
        "{second:?}"
    );
    let on_disk = walk(&dl);
    for f in first.iter().chain(&second) {
        assert!(on_disk.contains(f), "{f} not downloaded");
    }
}

fn walk(dir: &Path) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    for e in std::fs::read_dir(dir).into_iter().flatten().flatten() {
        let p = e.path();
        if p.is_dir() {
            out.extend(walk(&p));
        } else if let Some(n) = p.file_name().and_then(|n| n.to_str()) {
            out.insert(n.to_string());
        }
    }
    out
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn saved_searches_refuse_mix_ups_with_a_message() {
    let sim = archive(0.0).await;
    let home = tempfile::tempdir().unwrap();
    let (b, h) = (sim.base_url.as_str(), home.path());
    let out = mastui(b, h, &["search", "--saved", "nope"], None);
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).contains("no saved search is called 'nope'"));
    let mut save = vec!["search"];
    save.extend(PROGRAMS);
    save.extend(["--save", "p", "--count"]);
    ok(&mastui(b, h, &save, None));
    let out = mastui(
        b,
        h,
        &["search", "--saved", "p", "--collection", "HST"],
        None,
    );
    assert_eq!(out.status.code(), Some(2));
    assert!(
        text(&out.stderr).contains("not both"),
        "{}",
        text(&out.stderr)
    );
    let out = mastui(b, h, &["search", "--collection", "HST", "--new"], None);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        text(&out.stderr).contains("--saved"),
        "{}",
        text(&out.stderr)
    );
    let out = mastui(
        b,
        h,
        &["search", "--collection", "HST", "--save", "a b"],
        None,
    );
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).contains("not a saved search name"));
    let out = mastui(b, h, &["saved", "--delete", "zzz"], None);
    assert_eq!(out.status.code(), Some(2));
    ok(&mastui(b, h, &["saved", "--delete", "p"], None));
    let out = mastui(b, h, &["saved"], None);
    assert_eq!(ok(&out), "");
    assert!(text(&out.stderr).contains("no saved searches yet"));
}

#[test]
fn a_store_of_another_version_is_refused_and_left_untouched() {
    let home = tempfile::tempdir().unwrap();
    let h = home.path();
    let store = h.join("data").join("searches.json");
    std::fs::create_dir_all(store.parent().unwrap()).unwrap();
    let newer = r#"{"format":"mastui-searches","version":7,"history":[],"saved":{},"new":1}"#;
    std::fs::write(&store, newer).unwrap();
    // No server is asked: the store is read first.
    let nowhere = "http://127.0.0.1:9";
    for args in [
        &["saved"][..],
        &["search", "--collection", "JWST", "--save", "x", "--count"],
        &["search", "--saved", "x"],
    ] {
        let out = mastui(nowhere, h, args, None);
        let err = text(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {err}");
        assert!(
            err.contains("version 7, written by a newer mastui") && err.contains("searches.json"),
            "{err}"
        );
    }
    assert_eq!(std::fs::read_to_string(&store).unwrap(), newer);
}

#[test]
fn a_writer_killed_mid_write_leaves_the_store_whole() {
    let home = tempfile::tempdir().unwrap();
    let h = home.path();
    let data = h.join("data");
    let store = data.join("searches.json");
    std::fs::create_dir_all(&data).unwrap();
    // A store large enough that a slowed write takes seconds (1 KiB per pause).
    let history: Vec<serde_json::Value> = (0..1500)
        .map(|i| {
            serde_json::json!({
                "spec": {"source": "observations", "target": format!("NGC {i}")},
                "at": 1_700_000_000 + i,
                "rows": i
            })
        })
        .collect();
    let before = serde_json::to_string_pretty(&serde_json::json!({
        "format": "mastui-searches",
        "version": 1,
        "history": history,
        "saved": {"victim": {"spec": {"source": "observations", "target": "M101"}, "created": 1}}
    }))
    .unwrap();
    std::fs::write(&store, &before).unwrap();

    let mut writer = Command::new(env!("CARGO_BIN_EXE_mastui"))
        .args(["saved", "--delete", "victim"])
        .env("MASTUI_DATA_DIR", &data)
        .env("MASTUI_TEST_SLOW_STORE_MS", "20")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    // Killed once the new file is part written beside the store.
    let deadline = Instant::now() + Duration::from_secs(30);
    let tmp = loop {
        let part = std::fs::read_dir(&data).unwrap().flatten().find(|e| {
            let n = e.file_name().to_string_lossy().into_owned();
            n.ends_with(".tmp") && e.metadata().is_ok_and(|m| m.len() > 2048)
        });
        if let Some(p) = part {
            break p.path();
        }
        assert!(
            Instant::now() < deadline,
            "the writer never started writing"
        );
        assert!(
            writer.try_wait().unwrap().is_none(),
            "the writer ended early"
        );
        std::thread::sleep(Duration::from_millis(10));
    };
    writer.kill().unwrap();
    writer.wait().unwrap();
    assert!(
        (std::fs::metadata(&tmp).unwrap().len() as usize) < before.len(),
        "killed mid-write"
    );

    // The store is the old one, whole; the next writer clears the part written.
    assert_eq!(std::fs::read_to_string(&store).unwrap(), before);
    let listed = ok(&mastui("http://127.0.0.1:9", h, &["saved"], None));
    assert!(listed.contains("victim"), "{listed}");
    ok(&mastui(
        "http://127.0.0.1:9",
        h,
        &["saved", "--delete", "victim"],
        None,
    ));
    assert!(!tmp.exists());
    let after: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&store).unwrap()).unwrap();
    assert_eq!(after["history"].as_array().unwrap().len(), 1500);
    assert!(after["saved"].as_object().unwrap().is_empty());
}
