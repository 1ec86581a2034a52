//! The download engine and the basket against the simulated archive over loopback HTTP:
//! faults, resume with Range, verification, protected and missing files, hostile names,
//! skip-if-present, pause/cancel, the journal across restarts and the free-space refusal.
use std::collections::HashSet;
use std::ops::ControlFlow;
use std::path::{Path, PathBuf};

use mastui::mast::basket_messages::{BasketEvent as Event, BasketRequest};
use mastui::mast::client::MastClient;
use mastui::mast::criteria::{Criteria, Term};
use mastui::mast::download::{DownloadOutcome, FileRequest, download_file, sha256_of};
use mastui::mast::local_path::part_path;
use mastui::mast::product_ref::ProductRef;
use mastui::mast::products_fetch::ProductFetchOptions;
use mastui::mast::retry::RetryPolicy;
use mastui::mast::search::SearchOptions;
use mastui::sim::catalogue::Catalogue;
use mastui::sim::{self, FaultSpec, SimHandle, SimOptions};
use mastui::worker::basket::{Basket, Control, ItemStatus};
use tokio::sync::mpsc::unbounded_channel;
use tokio_util::sync::CancellationToken;

const SCALE: u64 = 2_000;
const SIZE: u64 = 300_000;

async fn start(faults: &str, tokens: Vec<String>, chunk_delay_ms: u64) -> SimHandle {
    sim::start(SimOptions {
        scale: SCALE,
        faults: faults.parse::<FaultSpec>().expect("fault spec"),
        tokens,
        file_size: Some(SIZE),
        chunk_delay_ms,
        ..SimOptions::default()
    })
    .await
    .expect("sim starts")
}

fn client(sim: &SimHandle) -> MastClient {
    MastClient::new(&sim.base_url)
        .expect("client")
        .with_policy(RetryPolicy::fast())
}

/// Every product of the first `n` HST observations, as triage hands them to the basket.
async fn hst_products(c: &MastClient, n: u64) -> Vec<ProductRef> {
    let criteria = Criteria {
        terms: vec![Term::new("obs_collection", "HST")],
        ..Default::default()
    };
    let opts = SearchOptions {
        columns: Some(vec!["obsid".into()]),
        limit: Some(n),
        ..Default::default()
    };
    let cancel = CancellationToken::new();
    let mut obsids = Vec::new();
    c.search(&criteria, &opts, &cancel, &mut |page| {
        for r in 0..page.table.rows() {
            obsids.extend(page.table.get(r, "obsid").as_i64());
        }
        ControlFlow::Continue(())
    })
    .await
    .expect("search");
    let list = c
        .fetch_product_list(&obsids, &ProductFetchOptions::default(), &cancel)
        .await
        .expect("products");
    let t = list.table();
    (0..t.rows())
        .filter_map(|r| ProductRef::from_row(t, r, list.shared_by(r)))
        .collect()
}

/// Runs the whole basket at `journal` for `products` into `dir`; returns the basket.
async fn run_all(c: &MastClient, journal: &Path, dir: &Path, products: &[ProductRef]) -> Basket {
    let mut b = Basket::open(journal).expect("journal");
    let (ids, refused) = b.add(products, dir, false).expect("add");
    assert!(refused.is_empty(), "{refused:?}");
    let scope: HashSet<u64> = ids.into_iter().collect();
    let (tx, _rx) = unbounded_channel();
    b.run(c, 4, Some(&scope), None, &tx, &CancellationToken::new())
        .await
        .expect("run");
    b
}

fn files_under(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                stack.push(p);
            } else {
                out.push(p);
            }
        }
    }
    out.sort();
    out
}

#[tokio::test]
async fn every_file_survives_drops_5xx_and_429_byte_identical() {
    let clean = start("", vec![], 0).await;
    let faulty = start("drop=0.2,error5xx=0.2,status429=0.05", vec![], 0).await;
    let tmp = tempfile::tempdir().unwrap();
    let products = hst_products(&client(&clean), 3).await;
    assert!(products.len() >= 10, "{}", products.len());
    let a = tmp.path().join("clean");
    let b = tmp.path().join("faulty");
    let clean_basket = run_all(&client(&clean), &tmp.path().join("a.jsonl"), &a, &products).await;
    let faulty_basket = run_all(&client(&faulty), &tmp.path().join("b.jsonl"), &b, &products).await;
    for basket in [&clean_basket, &faulty_basket] {
        for it in basket.items() {
            assert_eq!(it.status, ItemStatus::Complete, "{it:?}");
        }
    }
    let fa = files_under(&a);
    let fb = files_under(&b);
    assert_eq!(fa.len(), products.len());
    assert_eq!(fa.len(), fb.len());
    for (x, y) in fa.iter().zip(&fb) {
        assert!(!x.to_string_lossy().ends_with(".part"), "{x:?}");
        assert_eq!(x.strip_prefix(&a).unwrap(), y.strip_prefix(&b).unwrap());
        assert_eq!(
            std::fs::read(x).unwrap(),
            std::fs::read(y).unwrap(),
            "{y:?}"
        );
    }
    // The hash computed while streaming (across resumes) is the hash of the file on disk.
    for it in faulty_basket.items() {
        let on_disk = sha256_of(&it.dest).await.unwrap();
        assert_eq!(
            it.sha256.as_deref(),
            Some(on_disk.as_str()),
            "{:?}",
            it.dest
        );
    }
}

#[tokio::test]
async fn a_partial_file_resumes_with_range_and_fetches_only_the_rest() {
    let sim = start("", vec![], 0).await;
    let c = client(&sim);
    let p = hst_products(&c, 1).await.remove(0);
    let tmp = tempfile::tempdir().unwrap();
    let whole = tmp.path().join("whole.fits");
    let req = |dest: &Path| FileRequest {
        data_uri: p.data_uri.clone(),
        dest: dest.to_path_buf(),
        expected_size: p.size,
    };
    let cancel = CancellationToken::new();
    let out = download_file(&c, &req(&whole), &cancel, &|_, _| {}).await;
    assert!(
        matches!(out, DownloadOutcome::Complete { bytes: SIZE, .. }),
        "{out:?}"
    );
    let body = std::fs::read(&whole).unwrap();

    let dest = tmp.path().join("resumed.fits");
    std::fs::write(part_path(&dest), &body[..100_000]).unwrap();
    let before = sim.download_counts();
    let out = download_file(&c, &req(&dest), &cancel, &|_, _| {}).await;
    let after = sim.download_counts();
    match out {
        DownloadOutcome::Complete {
            bytes,
            resumed_from,
            ..
        } => {
            assert_eq!((bytes, resumed_from), (SIZE, 100_000));
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(after.range_requests - before.range_requests, 1);
    assert_eq!(after.bytes - before.bytes, SIZE - 100_000);
    assert_eq!(std::fs::read(&dest).unwrap(), body);
    assert!(!part_path(&dest).exists());

    // A whole .part whose size MAST did not list (a crash before the rename): the server's
    // 416 with `bytes */N` says it is complete; it is renamed, not fetched again.
    let dest = tmp.path().join("whole-part.fits");
    std::fs::write(part_path(&dest), &body).unwrap();
    let mut r = req(&dest);
    r.expected_size = None;
    let before = sim.download_counts();
    let out = download_file(&c, &r, &cancel, &|_, _| {}).await;
    assert!(
        matches!(
            out,
            DownloadOutcome::Complete {
                bytes: SIZE,
                resumed_from: SIZE,
                ..
            }
        ),
        "{out:?}"
    );
    assert_eq!(sim.download_counts().bytes, before.bytes);
    assert_eq!(std::fs::read(&dest).unwrap(), body);

    // A .part longer than the product cannot be a prefix of it: start over cleanly.
    let dest = tmp.path().join("toolong.fits");
    std::fs::write(part_path(&dest), vec![0u8; SIZE as usize + 10]).unwrap();
    let out = download_file(&c, &req(&dest), &cancel, &|_, _| {}).await;
    assert!(
        matches!(
            out,
            DownloadOutcome::Complete {
                resumed_from: _,
                ..
            }
        ),
        "{out:?}"
    );
    assert_eq!(std::fs::read(&dest).unwrap(), body);

    // MAST's size disagreeing with what the server sends is asked again; a server that
    // sends the same whole body twice, with nothing past its end, is believed, the
    // disagreement recorded.
    let dest = tmp.path().join("wrongsize.fits");
    let mut r = req(&dest);
    r.expected_size = Some(SIZE + 1);
    let before = sim.download_counts();
    let out = download_file(&c, &r, &cancel, &|_, _| {}).await;
    match out {
        DownloadOutcome::Complete {
            bytes,
            note: Some(note),
            ..
        } => {
            assert_eq!(bytes, SIZE);
            assert!(
                note.contains(&format!("MAST lists this file as {} bytes", SIZE + 1)),
                "{note}"
            );
        }
        other => panic!("{other:?}"),
    }
    // The disagreement, its confirmation, and a probe for bytes past the short end (416).
    assert_eq!(sim.download_counts().requests - before.requests, 3);
    assert_eq!(std::fs::read(&dest).unwrap(), body);
}

/// The first exclusive-access product of the simulated archive.
fn exclusive_product() -> ProductRef {
    let cat = Catalogue::new(1, SCALE);
    let mut found = None;
    cat.scan(
        |_| true,
        |o| {
            if let Some(p) = cat
                .products_of(o)
                .into_iter()
                .find(|p| p.exclusive && p.size.is_some())
            {
                found = Some(ProductRef {
                    data_uri: p.uri.clone(),
                    product_filename: p.file.clone(),
                    obs_collection: o.block.collection.name().to_string(),
                    obs_id: p.obs_id.clone(),
                    obsid: Some(o.obsid()),
                    size: Some(SIZE),
                    data_rights: "EXCLUSIVE_ACCESS".into(),
                    shared_by: 1,
                });
                return ControlFlow::Break(());
            }
            ControlFlow::Continue(())
        },
    );
    found.expect("the simulator has exclusive data")
}

#[tokio::test]
async fn protected_files_need_a_login_and_missing_files_fail_with_masts_answer() {
    let sim = start("", vec!["sekrit-token".into()], 0).await;
    let tmp = tempfile::tempdir().unwrap();
    let mut missing = exclusive_product();
    missing.data_uri = "mast:HST/product/zzzz9999q_raw.fits".into();
    missing.product_filename = "zzzz9999q_raw.fits".into();
    missing.data_rights = "PUBLIC".into();
    let products = vec![exclusive_product(), missing];
    let before = sim.download_counts();
    let b = run_all(
        &client(&sim),
        &tmp.path().join("j.jsonl"),
        tmp.path(),
        &products,
    )
    .await;
    let after = sim.download_counts();
    // One request each: a 401 and a 404 are never retried blindly.
    assert_eq!(after.requests - before.requests, 2);
    let it = &b.items()[0];
    assert_eq!(it.status, ItemStatus::NeedsLogin, "{it:?}");
    assert!(
        it.message.contains("401") && it.message.contains("exclusive access"),
        "{}",
        it.message
    );
    let it = &b.items()[1];
    assert_eq!(it.status, ItemStatus::Failed);
    assert!(
        it.message.contains("404") && it.message.contains("File not found"),
        "{}",
        it.message
    );

    // After a login (a client with a token that has access, handed to the running basket),
    // retrying the failed items completes the protected one.
    let with_token = client(&sim).with_token(Some("sekrit-token".into()));
    drop(b);
    let mut b = Basket::open(&tmp.path().join("j.jsonl")).unwrap();
    let (tx, _rx) = unbounded_channel();
    let (ctl, ctl_rx) = unbounded_channel();
    ctl.send(Control::UseClient(with_token)).unwrap();
    ctl.send(Control::Request(BasketRequest::RetryAllFailed))
        .unwrap();
    drop(ctl);
    b.run(
        &client(&sim),
        2,
        None,
        Some(ctl_rx),
        &tx,
        &CancellationToken::new(),
    )
    .await
    .unwrap();
    assert_eq!(
        b.items()[0].status,
        ItemStatus::Complete,
        "{:?}",
        b.items()[0]
    );
    assert_eq!(b.items()[1].status, ItemStatus::Failed);
}

#[tokio::test]
async fn hostile_names_are_refused_and_nothing_escapes_the_directory() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("dl");
    let mut b = Basket::open(&tmp.path().join("j.jsonl")).unwrap();
    let base = exclusive_product();
    let hostile = |f: &str, obs_id: &str, coll: &str| ProductRef {
        product_filename: f.into(),
        obs_id: obs_id.into(),
        obs_collection: coll.into(),
        ..base.clone()
    };
    let products = vec![
        hostile("../../evil.fits", "o1", "HST"),
        hostile("/etc/passwd", "o1", "HST"),
        hostile("a\u{1b}]0;pwned\u{7}.fits", "o1", "HST"),
        hostile("ok.fits", "..", "HST"),
        hostile("ok.fits", "o1", "HST/../../x"),
        hostile("", "o1", "HST"),
    ];
    let (ids, refused) = b.add(&products, &dir, false).unwrap();
    assert!(ids.is_empty(), "{ids:?}");
    assert_eq!(refused.len(), products.len(), "{refused:?}");
    for r in &refused {
        assert!(r.starts_with("refusing "), "{r}");
        assert!(!r.contains('\u{1b}') && !r.contains('\u{7}'), "{r:?}");
    }
    assert!(refused[0].contains("productFilename") && refused[0].contains(".."));
    assert!(refused[2].contains("control characters"));
    assert!(refused[3].contains("obs_id"));
    assert!(b.items().is_empty());
    assert!(!dir.exists());
}

#[tokio::test]
async fn present_files_are_skipped_without_a_request_and_the_journal_survives() {
    let sim = start("", vec![], 0).await;
    let c = client(&sim);
    let tmp = tempfile::tempdir().unwrap();
    let journal = tmp.path().join("basket.jsonl");
    let products = hst_products(&c, 1).await;
    let b = run_all(&c, &journal, tmp.path(), &products).await;
    assert!(b.items().iter().all(|i| i.status == ItemStatus::Complete));
    drop(b);
    let before = sim.download_counts();
    // A fresh basket from the journal: the same products are known and skipped.
    let b = run_all(&c, &journal, tmp.path(), &products).await;
    assert_eq!(sim.download_counts().requests, before.requests);
    assert_eq!(b.items().len(), products.len());
    for it in b.items() {
        assert_eq!(it.status, ItemStatus::Skipped, "{it:?}");
        // The hash from the first run is kept for the manifest.
        assert!(it.sha256.is_some());
    }
}

#[tokio::test]
async fn pause_keeps_bytes_cancel_drops_them_retry_finishes() {
    // Slow bodies (5 chunks of 64 kB, 40 ms apart) so the controls land mid-file.
    let sim = start("", vec![], 40).await;
    let c = client(&sim);
    let tmp = tempfile::tempdir().unwrap();
    let products: Vec<ProductRef> = hst_products(&c, 1)
        .await
        .into_iter()
        .filter(|p| p.size.is_some())
        .take(2)
        .collect();
    let mut b = Basket::open(&tmp.path().join("j.jsonl")).unwrap();
    let (ids, _) = b.add(&products, tmp.path(), true).unwrap();
    let (tx, mut rx) = unbounded_channel();
    let (ctl, ctl_rx) = unbounded_channel();
    let cancel = CancellationToken::new();
    let (pause_id, cancel_id) = (ids[0], ids[1]);
    let driver = {
        let cancel = cancel.clone();
        tokio::spawn(async move {
            let mut paused = false;
            let mut cancelled = false;
            while let Some(ev) = rx.recv().await {
                match ev {
                    Event::Progress { id, bytes, .. } if bytes >= 64 * 1024 => {
                        if id == pause_id && !paused {
                            paused = true;
                            ctl.send(Control::Request(BasketRequest::Pause(id)))
                                .unwrap();
                        }
                        if id == cancel_id && !cancelled {
                            cancelled = true;
                            ctl.send(Control::Request(BasketRequest::Cancel(id)))
                                .unwrap();
                        }
                    }
                    Event::Item(it) if it.status == ItemStatus::Paused => {}
                    _ => {}
                }
                if paused && cancelled {
                    break;
                }
            }
            // Let both settle, then stop the run.
            tokio::time::sleep(std::time::Duration::from_millis(300)).await;
            cancel.cancel();
            ctl
        })
    };
    b.run(&c, 2, None, Some(ctl_rx), &tx, &cancel)
        .await
        .unwrap();
    let _ctl = driver.await.unwrap();
    let paused = &b.items()[0];
    let cancelled = &b.items()[1];
    assert_eq!(paused.status, ItemStatus::Paused);
    assert_eq!(cancelled.status, ItemStatus::Cancelled);
    let kept = std::fs::metadata(part_path(&paused.dest)).unwrap().len();
    assert!((64 * 1024..SIZE).contains(&kept), "{kept}");
    assert!(!part_path(&cancelled.dest).exists());
    assert!(!paused.dest.exists() && !cancelled.dest.exists());

    // Retry both: the paused one resumes from its bytes.
    let before = sim.download_counts();
    let (ctl, ctl_rx) = unbounded_channel();
    ctl.send(Control::Request(BasketRequest::Retry(pause_id)))
        .unwrap();
    ctl.send(Control::Request(BasketRequest::Retry(cancel_id)))
        .unwrap();
    drop(ctl);
    let (tx, _rx) = unbounded_channel();
    b.run(&c, 2, None, Some(ctl_rx), &tx, &CancellationToken::new())
        .await
        .unwrap();
    assert!(
        b.items().iter().all(|i| i.status == ItemStatus::Complete),
        "{:?}",
        b.items()
    );
    let after = sim.download_counts();
    assert_eq!(after.range_requests - before.range_requests, 1);
    assert_eq!(after.bytes - before.bytes, SIZE - kept + SIZE);
}

#[tokio::test]
async fn a_basket_that_does_not_fit_is_refused_before_any_request() {
    let tmp = tempfile::tempdir().unwrap();
    let mut b = Basket::open(&tmp.path().join("j.jsonl")).unwrap();
    let mut p = exclusive_product();
    p.size = Some(u64::MAX / 4);
    let (ids, _) = b.add(&[p], tmp.path(), true).unwrap();
    let scope: HashSet<u64> = ids.into_iter().collect();
    let e = b.check_space(&scope, tmp.path()).unwrap_err();
    assert!(e.contains("not enough free space"), "{e}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn new_settings_send_files_added_after_them_to_the_new_directory_and_layout() {
    let sim = start("", vec![], 0).await;
    let c = client(&sim);
    let tmp = tempfile::tempdir().unwrap();
    let (first, second) = (tmp.path().join("first"), tmp.path().join("second"));
    let products: Vec<ProductRef> = hst_products(&c, 1)
        .await
        .into_iter()
        .filter(|p| p.size.is_some())
        .take(3)
        .collect();
    assert_eq!(products.len(), 3);
    let mut b = Basket::open(&tmp.path().join("j.jsonl"))
        .unwrap()
        .with_destination(mastui::worker::basket::Destination {
            dir: first.clone(),
            flat: false,
            base: sim.base_url.clone(),
            manifest: false,
        });
    let (tx, mut rx) = unbounded_channel();
    let (ctl, ctl_rx) = unbounded_channel();
    ctl.send(Control::Request(BasketRequest::Configure(
        mastui::mast::basket_messages::DownloadSettings {
            dir: second.display().to_string(),
            flat: true,
            parallel: 2,
        },
    )))
    .unwrap();
    ctl.send(Control::Request(BasketRequest::Add(products.clone())))
        .unwrap();
    drop(ctl);
    b.run(&c, 4, None, Some(ctl_rx), &tx, &CancellationToken::new())
        .await
        .expect("run");
    drop(tx);
    let mut told = None;
    while let Some(ev) = rx.recv().await {
        if let Event::Settings(s) = ev {
            told = Some(s);
        }
    }
    assert_eq!(told.map(|s| (s.flat, s.parallel)), Some((true, 2)));
    assert!(!first.exists(), "nothing went to the old directory");
    for p in &products {
        let f = second.join(&p.product_filename);
        assert_eq!(
            std::fs::metadata(&f).map(|m| m.len()).ok(),
            p.size,
            "{} flat in the new directory",
            f.display()
        );
    }
}

/// The worker's next message, before `deadline`.
async fn next_msg(
    rx: &mut tokio::sync::mpsc::UnboundedReceiver<mastui::app::Msg>,
    deadline: tokio::time::Instant,
) -> mastui::app::Msg {
    tokio::time::timeout_at(deadline, rx.recv())
        .await
        .expect("the worker answers in time")
        .expect("the worker's channel is open")
}

/// `V` in the basket pane, run by the real worker: it downloads a few files from the
/// simulator (writing the manifest once idle); one is then changed on disk (same size, one
/// byte), one deleted and one added, and the verify it runs beside the downloads names
/// exactly those three.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_workers_verify_names_the_changed_missing_and_extra_files() {
    use mastui::app::{Cmd, Msg};
    use mastui::mast::verify_report::Problem;
    use mastui::worker::Worker;
    use std::collections::HashMap;
    use std::time::Duration;

    let sim = start("", vec![], 0).await;
    let products: Vec<ProductRef> = hst_products(&client(&sim), 2)
        .await
        .into_iter()
        .take(4)
        .collect();
    assert_eq!(products.len(), 4);
    let tmp = tempfile::tempdir().unwrap();
    let paths = mastui::config::Paths {
        config_dir: tmp.path().join("config"),
        data_dir: tmp.path().join("data"),
        cache_dir: tmp.path().join("cache"),
        download_dir: tmp.path().join("dl"),
    };
    let dl = paths.download_dir.clone();
    let (tx, mut rx) = unbounded_channel();
    let mut w = Worker::new(client(&sim), tx).with_paths(paths);
    w.run(Cmd::Basket(BasketRequest::Add(products.clone())));
    let deadline = tokio::time::Instant::now() + Duration::from_secs(60);
    let mut done: HashMap<u64, PathBuf> = HashMap::new();
    while done.len() < products.len() {
        if let Msg::Basket(Event::Item(it)) = next_msg(&mut rx, deadline).await {
            assert!(!it.status.is_failed(), "{it:?}");
            if it.status == ItemStatus::Complete {
                done.insert(it.id, it.dest);
            }
        }
    }
    // The manifest follows the last file's news, once the basket is idle.
    let manifest = dl.join("MANIFEST.csv");
    while !manifest.is_file() {
        assert!(
            tokio::time::Instant::now() < deadline,
            "no manifest written"
        );
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    let mut files: Vec<PathBuf> = done.into_values().collect();
    files.sort();
    let name = |p: &Path| p.file_name().unwrap().to_string_lossy().into_owned();
    let (changed, missing) = (&files[0], &files[1]);
    let mut bytes = std::fs::read(changed).unwrap();
    let mid = bytes.len() / 2;
    bytes[mid] ^= 0xff;
    std::fs::write(changed, &bytes).unwrap();
    std::fs::remove_file(missing).unwrap();
    let extra = changed.with_file_name("notes_not_downloaded.txt");
    std::fs::write(&extra, b"added by hand\n").unwrap();

    w.run(Cmd::Basket(BasketRequest::Verify));
    let report = loop {
        if let Msg::Basket(Event::Verified(result)) = next_msg(&mut rx, deadline).await {
            break result.expect("the manifest is read");
        }
    };
    assert_eq!((report.checked, report.ok), (4, 2), "{report:?}");
    let mut named: Vec<(&str, String)> = report
        .problems
        .iter()
        .map(|p| match p {
            Problem::Changed { path, .. } => ("changed", name(path)),
            Problem::Missing(path) => ("missing", name(path)),
            Problem::Extra(path) => ("extra", name(path)),
            other => panic!("only these three: {other:?}"),
        })
        .collect();
    named.sort();
    let mut want = vec![
        ("changed", name(changed)),
        ("extra", name(&extra)),
        ("missing", name(missing)),
    ];
    want.sort();
    assert_eq!(named, want, "{}", report.summary());
    w.cancel_all();
}
