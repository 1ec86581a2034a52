//! `mastui download` as a user runs it: the real binary against the simulator on loopback.
//! Killed with SIGKILL mid-download and started again, it finishes without fetching a
//! completed byte twice; its curl script yields the same files; a failure sets exit 1.
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

use mastui::sim::{SimHandle, SimOptions, start};

const SIZE: u64 = 1_000_000;

fn mastui(base: &str, data: &Path) -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_mastui"));
    c.arg("--server")
        .arg(base)
        .env_remove("MASTUI_SERVER")
        .env_remove("MAST_API_TOKEN")
        .env("MASTUI_DATA_DIR", data)
        .env("MASTUI_CONFIG_DIR", data.join("config"))
        .env("MASTUI_DOWNLOAD_DIR", data.join("unused"));
    c
}

fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

async fn sim(chunk_delay_ms: u64) -> SimHandle {
    start(SimOptions {
        scale: 3_000,
        file_size: Some(SIZE),
        chunk_delay_ms,
        ..SimOptions::default()
    })
    .await
    .expect("start sim")
}

/// `mastui products --format jsonl` of the first `n` HST observations.
fn products_jsonl(base: &str, data: &Path, n: u32) -> String {
    let out = mastui(base, data)
        .args(["search", "--collection", "HST", "--format", "csv"])
        .args(["--columns", "obsid", "--limit", &n.to_string()])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", text(&out.stderr));
    let obsids: Vec<String> = text(&out.stdout)
        .lines()
        .filter(|l| l.trim().parse::<i64>().is_ok())
        .map(str::to_string)
        .collect();
    let out = mastui(base, data)
        .arg("products")
        .args(&obsids)
        .args(["--format", "jsonl"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", text(&out.stderr));
    text(&out.stdout)
}

fn run_with_stdin(mut cmd: Command, stdin: &str) -> Output {
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
}

/// Files with their sizes.
type Sized = Vec<(PathBuf, u64)>;

/// (final files, .part files) under `dir`, with their sizes.
fn scan(dir: &Path) -> (Sized, Sized) {
    let (mut done, mut parts) = (Vec::new(), Vec::new());
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        let Ok(rd) = std::fs::read_dir(&d) else {
            continue;
        };
        for e in rd.flatten() {
            let p = e.path();
            let len = e.metadata().map(|m| m.len()).unwrap_or(0);
            if p.is_dir() {
                stack.push(p);
            } else if p.to_string_lossy().ends_with(".part") {
                parts.push((p, len));
            } else if p.extension().is_some_and(|x| x != "csv" && x != "sh") {
                done.push((p, len));
            }
        }
    }
    done.sort();
    parts.sort();
    (done, parts)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn killed_mid_download_it_resumes_from_disk_and_matches_the_curl_script() {
    // 16 chunks of 64 kB, 8 ms apart: about 130 ms per file, so SIGKILL lands mid-file.
    let s = sim(8).await;
    let base = s.base_url.clone();
    let tmp = tempfile::tempdir().unwrap();
    let data = tmp.path().join("data");
    let dir = tmp.path().join("dl");
    // Products of unknown size cannot resume (no ranges, like MAST's generated cutouts):
    // left out here so the byte count below is exact.
    let list: String = products_jsonl(&base, &data, 2)
        .lines()
        .filter(|l| !l.contains("\"size\":null"))
        .map(|l| format!("{l}\n"))
        .collect();
    let files = list.lines().count();
    assert!(files >= 10, "{files}");

    let (b2, d2, dir2, l2) = (base.clone(), data.clone(), dir.clone(), list.clone());
    let on_disk_at_kill = tokio::task::spawn_blocking(move || {
        let mut cmd = mastui(&b2, &d2);
        cmd.args(["download", "--parallel", "2", "--dir"])
            .arg(&dir2);
        let mut child = cmd
            .stdin(Stdio::piped())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        use std::io::Write;
        child
            .stdin
            .take()
            .unwrap()
            .write_all(l2.as_bytes())
            .unwrap();
        let deadline = Instant::now() + Duration::from_secs(20);
        loop {
            let (done, parts) = scan(&dir2);
            if done.len() >= 3 && parts.iter().any(|(_, n)| *n > 0 && *n < SIZE) {
                break;
            }
            assert!(Instant::now() < deadline, "never got mid-way");
            assert!(
                child.try_wait().unwrap().is_none(),
                "finished before the kill"
            );
            std::thread::sleep(Duration::from_millis(5));
        }
        child.kill().unwrap(); // SIGKILL: no chance to clean up
        child.wait().unwrap();
        let (done, parts) = scan(&dir2);
        assert!(done.len() < l2.lines().count());
        let bytes: u64 = done.iter().chain(&parts).map(|(_, n)| n).sum();
        // A whole .part (killed between its last byte and the rename) is finished without a
        // request; only the ones cut short must resume with Range.
        let cut = parts.iter().filter(|(_, n)| *n > 0 && *n < SIZE).count();
        (bytes, cut)
    })
    .await
    .unwrap();
    let (bytes_on_disk, partials) = on_disk_at_kill;
    assert!(partials >= 1);
    let before = s.download_counts();

    let (b2, d2, dir2, l2) = (base.clone(), data.clone(), dir.clone(), list.clone());
    let out = tokio::task::spawn_blocking(move || {
        let mut cmd = mastui(&b2, &d2);
        cmd.args(["download", "--parallel", "2", "--dir"])
            .arg(&dir2);
        run_with_stdin(cmd, &l2)
    })
    .await
    .unwrap();
    assert!(out.status.success(), "{}", text(&out.stderr));
    let after = s.download_counts();
    let (done, parts) = scan(&dir);
    assert!(parts.is_empty(), "{parts:?}");
    assert_eq!(done.len(), files);
    let total: u64 = done.iter().map(|(_, n)| n).sum();
    // Only the missing bytes were served: partial files resumed with Range.
    assert!(after.range_requests - before.range_requests >= partials as u64);
    assert_eq!(after.bytes - before.bytes, total - bytes_on_disk);
    let err = text(&out.stderr);
    assert!(err.contains(" 0 failed"), "{err}");
    // Files finished before the kill are skipped (present, right size) without a request.
    let skipped = err.matches("] skipped ").count();
    assert!(skipped >= 3, "{err}");
    assert_eq!(after.requests - before.requests, (files - skipped) as u64);
    let manifest = std::fs::read_to_string(dir.join("MANIFEST.csv")).unwrap();
    assert!(manifest.starts_with("Local Path,Status,Message,URL,Size,SHA-256\n"));
    assert_eq!(
        manifest.matches(",COMPLETE,").count() + manifest.matches(",SKIPPED,").count(),
        files,
        "{manifest}"
    );

    // The curl script of the same list, run by bash, yields the same bytes.
    if Command::new("curl").arg("--version").output().is_err() {
        eprintln!("curl not installed: script check skipped");
        return;
    }
    let cdir = tmp.path().join("curl");
    let (b2, d2, c2, l2) = (base.clone(), data.clone(), cdir.clone(), list.clone());
    let out = tokio::task::spawn_blocking(move || {
        let mut cmd = mastui(&b2, &d2);
        cmd.args(["download", "--curl", "--dir"]).arg(&c2);
        run_with_stdin(cmd, &l2)
    })
    .await
    .unwrap();
    assert!(out.status.success(), "{}", text(&out.stderr));
    let script = PathBuf::from(text(&out.stdout).trim());
    let name = script.file_name().unwrap().to_string_lossy().into_owned();
    assert!(name.starts_with("mastDownload_") && name.ends_with(".sh") && name.len() == 30);
    let body = std::fs::read_to_string(&script).unwrap();
    assert!(
        !body.contains("Authorization"),
        "public files carry no token header"
    );
    let c3 = cdir.clone();
    let ran = tokio::task::spawn_blocking(move || {
        Command::new("bash")
            .arg(&script)
            .current_dir(&c3)
            .output()
            .unwrap()
    })
    .await
    .unwrap();
    assert!(ran.status.success(), "{}", text(&ran.stderr));
    let (curl_done, _) = scan(&cdir);
    assert_eq!(curl_done.len(), files);
    for ((a, _), (c, _)) in done.iter().zip(&curl_done) {
        assert_eq!(
            a.strip_prefix(&dir).unwrap(),
            c.strip_prefix(&cdir).unwrap()
        );
        assert_eq!(
            std::fs::read(a).unwrap(),
            std::fs::read(c).unwrap(),
            "{c:?}"
        );
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn from_a_search_to_files_and_exit_1_when_a_file_fails() {
    let s = sim(0).await;
    let base = s.base_url.clone();
    let tmp = tempfile::tempdir().unwrap();
    let data = tmp.path().join("data");
    let dir = tmp.path().join("dl");
    let (b2, d2, dir2) = (base.clone(), data.clone(), dir.clone());
    let out = tokio::task::spawn_blocking(move || {
        mastui(&b2, &d2)
            .args(["download", "--flat", "--filter", "_drz.fits", "--dir"])
            .arg(&dir2)
            .args(["--search", "--collection", "HST", "--proposal", "5020"])
            .output()
            .unwrap()
    })
    .await
    .unwrap();
    assert!(out.status.success(), "{}", text(&out.stderr));
    let (done, parts) = scan(&dir);
    assert!(done.len() >= 3 && parts.is_empty(), "{done:?}");
    assert!(done.iter().all(|(p, _)| p.parent() == Some(dir.as_path())));
    assert!(
        done.iter()
            .all(|(p, _)| p.to_string_lossy().ends_with("_drz.fits")),
        "the products filter applies: {done:?}"
    );

    // One unknown file among good ones: the rest complete, the run says so and exits 1.
    let good = products_jsonl(&base, &data, 1);
    let first = good.lines().next().unwrap();
    let bad = first
        .replace(
            "\"dataURI\":\"mast:HST/product/",
            "\"dataURI\":\"mast:HST/product/zz",
        )
        .replace("\"productFilename\":\"", "\"productFilename\":\"zz");
    let list = format!("{good}{bad}\n");
    let dir3 = tmp.path().join("dl3");
    let (b2, d2, d3) = (base.clone(), data.clone(), dir3.clone());
    let out = tokio::task::spawn_blocking(move || {
        let mut cmd = mastui(&b2, &d2);
        cmd.args(["download", "--dir"]).arg(&d3);
        run_with_stdin(cmd, &list)
    })
    .await
    .unwrap();
    assert_eq!(out.status.code(), Some(1), "{}", text(&out.stderr));
    let err = text(&out.stderr);
    assert!(err.contains("1 failed") && err.contains("404"), "{err}");
    let manifest = std::fs::read_to_string(dir3.join("MANIFEST.csv")).unwrap();
    assert_eq!(manifest.matches(",ERROR,").count(), 1, "{manifest}");
    assert!(manifest.contains("File not found"), "{manifest}");
}

/// The exclusive-access mosaics of JWST program 1073 (observations 12-14).
fn exclusive_download(base: &str, data: &Path, dir: &Path, token: Option<&str>) -> Output {
    let mut cmd = mastui(base, data);
    // Only the mosaics: a few files, so this test does not load the machine its neighbours
    // time themselves on.
    cmd.args([
        "download",
        "--flat",
        "--rights",
        "exclusive",
        "--filter",
        "_i2d.fits",
    ])
    .arg("--dir")
    .arg(dir)
    .args(["--search", "--collection", "JWST", "--proposal", "1073"]);
    if let Some(t) = token {
        cmd.env("MAST_API_TOKEN", t);
    }
    cmd.output().unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn before_starting_it_says_how_many_files_need_a_login() {
    let s = start(SimOptions {
        scale: 3_000,
        file_size: Some(2_880),
        tokens: vec!["sim-token-1073".into()],
        ..SimOptions::default()
    })
    .await
    .expect("start sim");
    let base = s.base_url.clone();
    let tmp = tempfile::tempdir().unwrap();
    let data = tmp.path().join("data");
    let (b2, d2, dir) = (base.clone(), data.clone(), tmp.path().join("anon"));
    let out = tokio::task::spawn_blocking(move || exclusive_download(&b2, &d2, &dir, None))
        .await
        .unwrap();
    let err = text(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{err}");
    // "mastui download: N files, ..." then "N items need a login", both before any file.
    let files: usize = err
        .split("mastui download: ")
        .nth(1)
        .and_then(|l| l.split(" files").next())
        .and_then(|n| n.parse().ok())
        .unwrap_or_else(|| panic!("no file count in {err}"));
    assert!(files > 0, "{err}");
    let line = format!("{files} items need a login");
    assert!(err.contains(&format!("mastui download: {line}")), "{err}");
    assert!(
        err.contains("mastui login") && err.contains("MAST_API_TOKEN"),
        "{err}"
    );
    let said = err.find(&line).unwrap_or(usize::MAX);
    assert!(said < err.find("401").unwrap_or(usize::MAX), "{err}");

    // With the token: nothing to say, every file arrives.
    let (b2, d2, dir) = (base.clone(), data.clone(), tmp.path().join("tok"));
    let dir2 = dir.clone();
    let out = tokio::task::spawn_blocking(move || {
        exclusive_download(&b2, &d2, &dir2, Some("sim-token-1073"))
    })
    .await
    .unwrap();
    let err = text(&out.stderr);
    assert!(out.status.success(), "{err}");
    assert!(!err.contains("need a login"), "{err}");
    assert_eq!(scan(&dir).0.len(), files, "{err}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_basket_that_may_outlive_the_token_is_warned_of_before_it_starts() {
    use mastui::auth::Token;
    use mastui::auth::age::{AgeBook, DAY, age_path, unix_now};
    const TOKEN: &str = "sim-token-old-0123456789";
    let s = start(SimOptions {
        scale: 3_000,
        file_size: Some(2_880),
        tokens: vec![TOKEN.into()],
        ..SimOptions::default()
    })
    .await
    .expect("start sim");
    let base = s.base_url.clone();
    let tmp = tempfile::tempdir().unwrap();
    let data = tmp.path().join("data");
    // mastui first saw this token 59 days ago: it has a day left at most.
    let config = data.join("config");
    std::fs::create_dir_all(&config).unwrap();
    let mut book = AgeBook::default();
    book.touch(&Token::new(TOKEN).unwrap(), unix_now() - 59 * DAY);
    book.save(&age_path(&config)).unwrap();

    let one = products_jsonl(&base, &data, 1);
    let first = one.lines().next().unwrap().to_string();
    let run = |list: String, dir: PathBuf| {
        let (b2, d2) = (base.clone(), data.clone());
        tokio::task::spawn_blocking(move || {
            let mut cmd = mastui(&b2, &d2);
            cmd.env("MAST_API_TOKEN", TOKEN)
                .args(["download", "--dir"])
                .arg(dir);
            run_with_stdin(cmd, &list)
        })
    };
    // A small basket: minutes at the slowest, nothing to say.
    let out = run(format!("{first}\n"), tmp.path().join("small"))
        .await
        .unwrap();
    let err = text(&out.stderr);
    assert!(out.status.success(), "{err}");
    assert!(!err.contains("longer than the MAST token"), "{err}");

    // MAST lists a 200 GB file: days at a slow rate, so the run is warned of first.
    let big = first.replace("\"size\":2880", "\"size\":200000000000");
    assert_ne!(big, first, "the size field to rewrite: {first}");
    let out = run(format!("{big}\n"), tmp.path().join("big"))
        .await
        .unwrap();
    let err = text(&out.stderr);
    assert!(
        err.contains("mastui download: this basket may take longer than the MAST token has left"),
        "{err}"
    );
    assert!(!err.contains(TOKEN), "the token is never printed: {err}");
}

#[tokio::test(flavor = "multi_thread")]
async fn a_piped_list_is_narrowed_by_the_product_flags_given_here() {
    let s = sim(0).await;
    let base = s.base_url.clone();
    let tmp = tempfile::tempdir().unwrap();
    let data = tmp.path().join("data");
    let dir = tmp.path().join("dl");
    let list = products_jsonl(&base, &data, 2);
    let listed = list.lines().count();
    let drz = list.lines().filter(|l| l.contains("_drz.fits\"")).count();
    assert!(drz >= 1 && drz < listed, "{drz} of {listed}");
    let (b2, d2, dir2) = (base.clone(), data.clone(), dir.clone());
    let out = tokio::task::spawn_blocking(move || {
        let mut cmd = mastui(&b2, &d2);
        cmd.args(["download", "--flat", "--filter", "_drz.fits", "--dir"])
            .arg(&dir2);
        run_with_stdin(cmd, &list)
    })
    .await
    .unwrap();
    assert!(out.status.success(), "{}", text(&out.stderr));
    let (done, _) = scan(&dir);
    assert_eq!(done.len(), drz, "{done:?}");
    assert!(
        done.iter()
            .all(|(p, _)| p.to_string_lossy().ends_with("_drz.fits"))
    );
}
