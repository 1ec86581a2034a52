//! End to end, search to files on disk: the real `mastui --demo` in a pseudo-terminal
//! (portable-pty + vt100, as tests/e2e_browser.rs does): program 1073 found, one
//! observation's products listed, three marked and sent to the basket with `b`, the basket
//! pane shows them finished, the files sit in astroquery's layout and the journal has them.
use std::path::{Path, PathBuf};
use std::thread;
use std::time::{Duration, Instant};

mod support;

use support::pty::{PATIENCE, Session};

/// `mastui args` on a 120x32 terminal with its own basket journal, downloads and config
/// (nothing of the user's is touched), no display (`o` must never start a browser here)
/// and no token from the environment.
fn start(args: &[&str], home: &Path, downloads: &Path) -> Session {
    Session::start(args, (120, 32), |cmd| {
        cmd.env_remove("DISPLAY");
        cmd.env_remove("WAYLAND_DISPLAY");
        cmd.env("MASTUI_DATA_DIR", home.join("data"));
        cmd.env("MASTUI_CONFIG_DIR", home.join("config"));
        cmd.env("MASTUI_CACHE_DIR", home.join("cache"));
        cmd.env("MASTUI_DOWNLOAD_DIR", downloads);
        cmd.env_remove("MAST_API_TOKEN");
    })
}

/// Product rows on screen (file names of program 1073).
fn product_rows(text: &str) -> Vec<&str> {
    text.lines()
        .filter(|l| l.contains("jw01073") && (l.contains(".fits") || l.contains(".json")))
        .collect()
}

/// Files (not `.part`) under `dir`.
fn files_under(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        let Ok(rd) = std::fs::read_dir(&d) else {
            continue;
        };
        for e in rd.flatten() {
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

#[test]
fn from_a_search_to_finished_files_on_disk() {
    let tmp = tempfile::tempdir().expect("temp dir");
    let dl = tmp.path().join("dl");
    let mut s = start(
        &["--demo", "--collection", "JWST", "--proposal", "1073"],
        tmp.path(),
        &dl,
    );
    s.wait_for("the 15 observations of program 1073", |t| {
        t.lines().filter(|l| l.contains("jw01073")).count() >= 3 && t.contains("15 / 15")
    });
    // One observation's products; mark three files and send them to the basket.
    s.keys(" ");
    s.keys("p");
    s.wait_for("the observation's products", |t| {
        t.contains(" Products ") && product_rows(t).len() >= 3 && !t.contains("observations 0/")
    });
    s.keys(" j j ");
    s.keys("b");
    s.wait_for("the hand-off", |t| t.contains("sent to the basket"));
    s.keys("4");
    // All in one wait: "3 done" is drawn left of the bar's 100% and above the files' rows,
    // so a frame read half written can show it without them.
    s.wait_for("three finished downloads", |t| {
        t.contains(" Basket ")
            && t.contains("3 done")
            && t.contains("0 failed")
            && (t.contains("100%") || t.contains("complete"))
    });
    let files = files_under(&dl);
    let finished: Vec<&PathBuf> = files
        .iter()
        .filter(|p| !p.to_string_lossy().ends_with(".part"))
        .filter(|p| !p.ends_with("MANIFEST.csv"))
        .collect();
    assert_eq!(finished.len(), 3, "{files:?}");
    for f in &finished {
        let rel = f.strip_prefix(&dl).expect("inside the download dir");
        assert!(rel.starts_with("mastDownload/JWST"), "{rel:?}");
        let head = std::fs::read(f).expect("read");
        assert!(
            head.starts_with(b"SIMPLE  =") || head.starts_with(b"{"),
            "{rel:?}"
        );
    }
    // The manifest lands in the download directory once the basket is idle.
    let manifest = dl.join("MANIFEST.csv");
    let deadline = Instant::now() + PATIENCE;
    while !manifest.exists() && Instant::now() < deadline {
        thread::sleep(Duration::from_millis(20));
    }
    let text = std::fs::read_to_string(&manifest).expect("manifest");
    assert_eq!(text.matches(",COMPLETE,").count(), 3, "{text}");
    // The journal has them, in the data directory.
    // (Each archive has its own basket; the demo's is named after its address.)
    let journal = std::fs::read_dir(tmp.path().join("data"))
        .expect("data dir")
        .flatten()
        .map(|e| e.path())
        .find(|p| {
            let name = p.file_name().unwrap_or_default().to_string_lossy();
            name.starts_with("basket-127.0.0.1_") && name.ends_with(".jsonl")
        })
        .expect("the demo's basket journal");
    let journal = std::fs::read_to_string(journal).expect("journal");
    assert!(journal.matches("\"complete\"").count() >= 3, "{journal}");

    // Nothing is running: q quits at once and restores the terminal.
    s.keys("q");
    assert_eq!(s.exit_code(), 0);
    s.assert_restored();
}

#[test]
fn a_basket_left_half_done_resumes_when_the_browser_starts() {
    // The archive outlives the browser: a simulator on its own runtime.
    let rt = tokio::runtime::Runtime::new().expect("runtime");
    let sim = rt
        .block_on(mastui::sim::start(mastui::sim::SimOptions {
            scale: 2_000,
            file_size: Some(500_000),
            ..Default::default()
        }))
        .expect("sim");
    let tmp = tempfile::tempdir().expect("temp dir");
    let dl = tmp.path().join("dl");
    // A product of the archive, queued in a journal with half its bytes in `.part`, as a
    // killed session leaves it.
    let cat = mastui::sim::catalogue::Catalogue::new(1, 2_000);
    let mut found = None;
    cat.scan(
        |_| true,
        |o| {
            if let Some(p) = cat
                .products_of(o)
                .into_iter()
                .find(|p| !p.exclusive && p.size.is_some())
            {
                found = Some(mastui::mast::product_ref::ProductRef {
                    data_uri: p.uri.clone(),
                    product_filename: p.file.clone(),
                    obs_collection: o.block.collection.name().to_string(),
                    obs_id: p.obs_id.clone(),
                    obsid: Some(o.obsid()),
                    size: Some(500_000),
                    data_rights: "PUBLIC".into(),
                    shared_by: 1,
                });
                return std::ops::ControlFlow::Break(());
            }
            std::ops::ControlFlow::Continue(())
        },
    );
    let product = found.expect("a public product");
    let paths = mastui::config::Paths::resolve(|k| match k {
        mastui::config::DATA_DIR_ENV => Some(tmp.path().join("data")),
        _ => None,
    });
    let journal = mastui::worker::basket::journal_for(&paths, &sim.base_url);
    let dest = {
        let mut b = mastui::worker::basket::Basket::open(&journal).expect("journal");
        b.add(std::slice::from_ref(&product), &dl, false)
            .expect("add");
        b.items()[0].dest.clone()
    };
    std::fs::create_dir_all(dest.parent().expect("parent")).expect("dirs");
    let part = mastui::mast::local_path::part_path(&dest);
    let whole = {
        // The fault-free bytes, fetched once beside the basket.
        let client = mastui::mast::client::MastClient::new(&sim.base_url).expect("client");
        let copy = tmp.path().join("copy.fits");
        let req = mastui::mast::download::FileRequest {
            data_uri: product.data_uri.clone(),
            dest: copy.clone(),
            expected_size: product.size,
        };
        let cancel = tokio_util::sync::CancellationToken::new();
        let out = rt.block_on(mastui::mast::download::download_file(
            &client,
            &req,
            &cancel,
            &|_, _| {},
        ));
        assert!(
            matches!(
                out,
                mastui::mast::download::DownloadOutcome::Complete { .. }
            ),
            "{out:?}"
        );
        std::fs::read(&copy).expect("copy")
    };
    std::fs::write(&part, &whole[..200_000]).expect("part");
    let before = sim.download_counts();

    let mut s = start(&["--server", &sim.base_url], tmp.path(), &dl);
    let deadline = Instant::now() + PATIENCE;
    while !dest.exists() {
        assert!(Instant::now() < deadline, "not resumed:\n{}", s.text());
        thread::sleep(Duration::from_millis(20));
    }
    assert_eq!(std::fs::read(&dest).expect("file"), whole);
    let after = sim.download_counts();
    assert_eq!(after.range_requests - before.range_requests, 1);
    assert_eq!(after.bytes - before.bytes, 300_000);
    // Esc leaves the search field, then 4 goes to pane 4. Esc and 4 read together are Alt-4,
    // which no fixed pause rules out on a busy machine: 4 waits until the form has left the
    // field (its hint no longer offers Esc).
    s.wait_for("the search field taking text", |t| {
        t.contains("Esc stop typing")
    });
    s.keys("\u{1b}");
    s.wait_for("the search field left", |t| t.contains("i edits the field"));
    s.keys("4");
    s.wait_for("the finished file in the basket pane", |t| {
        t.contains(" Basket ") && t.contains("1 done")
    });
    s.keys("q");
    assert_eq!(s.exit_code(), 0);
    drop(sim);
}
