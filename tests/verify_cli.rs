//! `mastui verify` as a user runs it, on a tree `mastui download` really made from the
//! simulator: clean, then with one file changed, one missing, one extra and one unfinished.
use std::path::Path;
use std::process::{Command, Output};

use mastui::sim::{SimOptions, start};

fn mastui(base: &str, data: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_mastui"))
        .arg("--server")
        .arg(base)
        .args(args)
        .env_remove("MASTUI_SERVER")
        .env_remove("MAST_API_TOKEN")
        .env("MASTUI_DATA_DIR", data)
        .env("MASTUI_CONFIG_DIR", data.join("config"))
        .env("MASTUI_DOWNLOAD_DIR", data.join("unused"))
        .output()
        .expect("run mastui")
}

fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_downloaded_tree_checks_clean_then_names_each_problem() {
    let sim = start(SimOptions {
        scale: 3_000,
        file_size: Some(20_000),
        ..SimOptions::default()
    })
    .await
    .expect("sim");
    let tmp = tempfile::tempdir().expect("tempdir");
    let (data, dir) = (tmp.path().join("data"), tmp.path().join("dl"));
    let d = dir.to_str().expect("utf-8");
    let base = sim.base_url.clone();
    let out = mastui(
        &base,
        &data,
        &[
            "download",
            "--dir",
            d,
            "--filter",
            "_i2d.fits",
            "--rights",
            "public",
            "--search",
            "--collection",
            "JWST",
            "--proposal",
            "1073",
        ],
    );
    assert!(out.status.success(), "{}", text(&out.stderr));
    let files: Vec<_> = walk(&dir)
        .into_iter()
        .filter(|p| p.extension().is_some_and(|e| e == "fits"))
        .collect();
    assert!(files.len() >= 3, "a few files downloaded: {files:?}");

    let out = mastui(&base, &data, &["verify", d]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert!(text(&out.stderr).contains("match"), "{}", text(&out.stderr));
    assert!(text(&out.stdout).is_empty());

    // One changed (same size, other bytes), one missing, one extra, one unfinished.
    let mut bytes = std::fs::read(&files[0]).expect("read");
    let last = bytes.len() - 1;
    bytes[last] ^= 0xff;
    std::fs::write(&files[0], &bytes).expect("write");
    std::fs::remove_file(&files[1]).expect("remove");
    std::fs::write(dir.join("notes.txt"), "mine").expect("write");
    std::fs::write(dir.join("half.fits.part"), "half").expect("write");
    let out = mastui(&base, &data, &["verify", d]);
    assert_eq!(out.status.code(), Some(1));
    let report = text(&out.stdout);
    let name = |p: &Path| p.file_name().unwrap().to_string_lossy().into_owned();
    let line = |kind: &str, file: &str| {
        report
            .lines()
            .any(|l| l.starts_with(kind) && l.contains(file))
    };
    assert!(line("changed", &name(&files[0])), "{report}");
    assert!(report.contains("SHA-256"), "{report}");
    assert!(line("missing", &name(&files[1])), "{report}");
    assert!(line("extra", "notes.txt"), "{report}");
    assert!(line("unfinished", "half.fits.part"), "{report}");
    assert_eq!(report.lines().count(), 4, "{report}");
    let summary = text(&out.stderr);
    assert!(
        summary.contains("1 missing")
            && summary.contains("1 changed")
            && summary.contains("1 extra"),
        "{summary}"
    );

    // No manifest: bad input, said.
    let empty = tmp.path().join("empty");
    std::fs::create_dir_all(&empty).expect("mkdir");
    let out = mastui(&base, &data, &["verify", empty.to_str().expect("utf-8")]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        text(&out.stderr).contains("no manifest"),
        "{}",
        text(&out.stderr)
    );
}

fn walk(dir: &Path) -> Vec<std::path::PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).expect("read_dir").flatten() {
            if e.path().is_dir() {
                stack.push(e.path());
            } else {
                out.push(e.path());
            }
        }
    }
    out.sort();
    out
}
