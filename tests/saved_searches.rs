//! Saved searches through the real binary against `mastui sim` on loopback: saved, listed,
//! run headless, `--new` between two states of the simulated archive (its clock moved on:
//! observations added, exclusive ones released), the whole weekly loop (the issue's line run
//! as three processes joined by pipes), the files a reprocessing adds to known observations
//! (`products --saved --new`), and the store file: another version refused, a writer killed
//! mid-write leaving it whole.
use std::collections::BTreeSet;
use std::io::Write;
use std::path::Path;
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

use mastui::sim::{SimHandle, SimOptions, start};

mod support;
use support::pty::Session;

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

/// dataURI -> public, for every file a plain `mastui products` lists for these criteria.
fn files_of(base: &str, home: &Path, criteria: &[&str]) -> Vec<(String, bool)> {
    let mut args = vec!["products", "--format", "jsonl"];
    args.extend(criteria);
    rows(&ok(&mastui(base, home, &args, None)))
        .into_iter()
        .map(|r| {
            (
                r["dataURI"].as_str().unwrap().to_string(),
                r["dataRights"].as_str() == Some("PUBLIC"),
            )
        })
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn products_new_lists_the_files_a_reprocessing_added_to_known_observations() {
    // Program 1073 as it is, and a week on, after the simulator's reprocessing of it.
    let (before, after) = (archive(0.0).await, archive(8.0).await);
    let home = tempfile::tempdir().unwrap();
    let h = home.path();
    let p1073 = ["--collection", "JWST", "--proposal", "1073"];
    let was = files_of(&before.base_url, h, &p1073);
    let is = files_of(&after.base_url, h, &p1073);
    let was_uris: BTreeSet<&str> = was.iter().map(|(u, _)| u.as_str()).collect();
    let added: BTreeSet<String> = is
        .iter()
        .filter(|(u, _)| !was_uris.contains(u.as_str()))
        .map(|(u, _)| u.clone())
        .collect();
    assert!(!added.is_empty(), "the reprocessing added no file");
    // The same observations: only their files changed.
    let obs = |base: &str| -> BTreeSet<i64> {
        let mut args = vec!["search", "--format", "jsonl"];
        args.extend(p1073);
        rows(&ok(&mastui(base, h, &args, None)))
            .iter()
            .map(|r| r["obsid"].as_i64().unwrap())
            .collect()
    };
    assert_eq!(obs(&before.base_url), obs(&after.base_url));

    let mut save = vec!["search"];
    save.extend(p1073);
    save.extend(["--save", "p1073", "--count"]);
    ok(&mastui(&before.base_url, h, &save, None));
    let weekly = ["products", "--saved", "p1073", "--new", "--format", "jsonl"];
    let uris = |out: &str| -> BTreeSet<String> {
        rows(out)
            .iter()
            .map(|r| r["dataURI"].as_str().unwrap().to_string())
            .collect()
    };
    // Its first products run: every file is new.
    let out = mastui(&before.base_url, h, &weekly, None);
    let first = uris(&ok(&out));
    assert_eq!(first.len(), was.len());
    assert!(
        text(&out.stderr).contains("first complete products run"),
        "{}",
        text(&out.stderr)
    );
    // At once again: nothing.
    let out = mastui(&before.base_url, h, &weekly, None);
    assert_eq!(ok(&out), "");
    assert!(text(&out.stderr).contains("0 new files"));

    // A week on: exactly the files the reprocessing added, each marked new, and the
    // public ones fetched by the download they are piped into.
    let out = mastui(&after.base_url, h, &weekly, None);
    let listed = ok(&out);
    let news = rows(&listed);
    assert_eq!(uris(&listed), added);
    assert!(news.iter().all(|r| r["news"] == "new"), "{listed}");
    assert!(
        text(&out.stderr).contains(&format!("{} new files", added.len())),
        "{}",
        text(&out.stderr)
    );
    let public: Vec<&serde_json::Value> = news
        .iter()
        .filter(|r| r["dataRights"] == "PUBLIC")
        .collect();
    assert!(!public.is_empty());
    let dl = h.join("downloads");
    let piped: String = public.iter().map(|r| format!("{r}\n")).collect();
    ok(&mastui(
        &after.base_url,
        h,
        &["download", "--dir", dl.to_str().unwrap()],
        Some(piped.as_bytes()),
    ));
    let on_disk = walk(&dl);
    for r in &public {
        let f = r["productFilename"].as_str().unwrap();
        assert!(f.ends_with("_crf.fits") && on_disk.contains(f), "{f}");
    }
    // Remembered: the next week has nothing new; the observations' own news is apart.
    let out = mastui(&after.base_url, h, &weekly, None);
    assert_eq!(ok(&out), "");
    let store = std::fs::read_to_string(h.join("data").join("searches.json")).unwrap();
    let store: serde_json::Value = serde_json::from_str(&store).unwrap();
    assert_eq!(store["version"], 1);
    let remembered = store["saved"]["p1073"]["files"]["uris"].as_array().unwrap();
    // Every file listed, the guide-star files the listing hides included.
    let remembered: BTreeSet<&str> = remembered.iter().filter_map(|u| u.as_str()).collect();
    assert!(remembered.len() > is.len());
    assert!(is.iter().all(|(u, _)| remembered.contains(u.as_str())));
}

/// Runs `stages` as one shell-less pipeline, each stage's stdout into the next's stdin, in
/// `cwd`; every stage's exit status and stderr, and the last one's stdout.
fn pipeline(base: &str, home: &Path, cwd: &Path, stages: &[&[&str]]) -> (Vec<Output>, String) {
    let mut children = Vec::new();
    let mut input: Option<std::process::ChildStdout> = None;
    for (i, args) in stages.iter().enumerate() {
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_mastui"));
        cmd.arg("--server")
            .arg(base)
            .args(*args)
            .current_dir(cwd)
            .env("MASTUI_RETRIES", "3")
            .env("MASTUI_DATA_DIR", home.join("data"))
            .env("MASTUI_CONFIG_DIR", home.join("config"))
            .env("MASTUI_CACHE_DIR", home.join("cache"))
            .env("MASTUI_NO_KEYRING", "1")
            .env("MAST_API_TOKEN", "PI-TOKEN")
            .env_remove("MASTUI_DOWNLOAD_DIR")
            .stdin(match input.take() {
                Some(out) => Stdio::from(out),
                None => Stdio::null(),
            })
            .stdout(Stdio::piped())
            .stderr(Stdio::piped());
        let mut child = cmd.spawn().expect("run mastui");
        if i + 1 < stages.len() {
            input = child.stdout.take();
        }
        children.push(child);
    }
    let outs: Vec<Output> = children
        .into_iter()
        .map(|c| c.wait_with_output().expect("mastui ends"))
        .collect();
    let last = text(&outs.last().unwrap().stdout);
    (outs, last)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_issue_s_weekly_line_works_as_written() {
    let sim = archive(0.0).await;
    let home = tempfile::tempdir().unwrap();
    let h = home.path();
    let cwd = h.join("work");
    std::fs::create_dir_all(&cwd).unwrap();
    let p1073 = ["--collection", "JWST", "--proposal", "1073"];
    let mut save = vec!["search"];
    save.extend(p1073);
    save.extend(["--save", "p1073", "--count"]);
    ok(&mastui(&sim.base_url, h, &save, None));
    // mastui search --saved NAME --new --format jsonl | mastui products --filter _cal.fits
    //   | mastui download
    let line: [&[&str]; 3] = [
        &["search", "--saved", "p1073", "--new", "--format", "jsonl"],
        &["products", "--filter", "_cal.fits"],
        &["download"],
    ];
    let (outs, _) = pipeline(&sim.base_url, h, &cwd, &line);
    for o in &outs {
        ok(o);
    }
    let want: BTreeSet<String> = files_of(&sim.base_url, h, &p1073)
        .into_iter()
        .map(|(u, _)| u.rsplit('/').next().unwrap().to_string())
        .filter(|f| f.ends_with("_cal.fits"))
        .collect();
    assert!(!want.is_empty());
    let fetched = || -> BTreeSet<String> {
        walk(&cwd.join("mastDownload"))
            .into_iter()
            .filter(|f| f.ends_with(".fits"))
            .collect()
    };
    assert_eq!(fetched(), want);
    // A quiet week: every stage ends 0, nothing more is fetched.
    let (outs, _) = pipeline(&sim.base_url, h, &cwd, &line);
    for o in &outs {
        ok(o);
    }
    assert!(text(&outs[1].stderr).contains("no observations were piped in"));
    assert_eq!(fetched(), want);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_browser_opens_a_saved_search_with_its_news_marked() {
    let (before, now) = (archive(-60.0).await, archive(0.0).await);
    let home = tempfile::tempdir().unwrap();
    let h = home.path();
    let was = rights(&before.base_url, h);
    let is = rights(&now.base_url, h);
    let added = is
        .iter()
        .filter(|(o, _)| !was.iter().any(|(w, _)| w == o))
        .count();
    let released = is
        .iter()
        .filter(|(o, public)| *public && was.contains(&(*o, false)))
        .count();
    assert!(added > 0 && released > 0);
    let mut save = vec!["search"];
    save.extend(PROGRAMS);
    save.extend(["--save", "my-programs", "--format", "jsonl"]);
    ok(&mastui(&before.base_url, h, &save, None));

    let mut s = Session::start(
        &["--server", &now.base_url, "--saved", "my-programs"],
        (130, 32),
        |cmd| {
            cmd.env("MASTUI_DATA_DIR", h.join("data"));
            cmd.env("MASTUI_CONFIG_DIR", h.join("config"));
            cmd.env("MASTUI_CACHE_DIR", h.join("cache"));
            cmd.env("MASTUI_NO_KEYRING", "1");
            cmd.env_remove("MAST_API_TOKEN");
        },
    );
    let said = format!("'my-programs': {added} new and {released} newly public since its last run");
    let screen = s.wait_for("the news of the saved search", |t| t.contains(&said));
    assert!(screen.contains("jw01"), "{screen}");
    s.keys("q");
    assert_eq!(s.exit_code(), 0);
    s.assert_restored();
    // The browser only reads what the last run saw: the headless --new still has the news.
    let out = mastui(
        &now.base_url,
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
    );
    assert_eq!(rows(&ok(&out)).len(), added + released);
}
