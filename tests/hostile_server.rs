//! What the client does against servers that are slow or malicious rather than merely
//! broken: each `mastui sim --faults` hostility, through reqwest to the simulator on
//! loopback. Every test says what the person sees.
mod common;

use std::ops::ControlFlow;
use std::path::Path;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use mastui::mast::MastError;
use mastui::mast::client::MastClient;
use mastui::mast::criteria::{Criteria, Term};
use mastui::mast::download::{DownloadOutcome, FileRequest, download_file};
use mastui::mast::product_ref::ProductRef;
use mastui::mast::retry::RetryPolicy;
use mastui::mast::search::{SearchOptions, SearchSummary};
use mastui::sim::catalogue::Catalogue;
use mastui::sim::{SimHandle, SimOptions, start};
use tokio_util::sync::CancellationToken;

const SCALE: u64 = 3_000;
const SIZE: u64 = 200_000;

async fn sim(faults: &str) -> SimHandle {
    start(SimOptions {
        scale: SCALE,
        file_size: Some(SIZE),
        faults: faults.parse().expect("fault spec"),
        ..SimOptions::default()
    })
    .await
    .expect("sim starts")
}

/// A fast-retrying client whose notices are kept for the test to read.
fn client(sim: &SimHandle, attempts: u32) -> (MastClient, Arc<Mutex<Vec<String>>>) {
    let heard = Arc::new(Mutex::new(Vec::new()));
    let sink = Arc::clone(&heard);
    let c = MastClient::new(&sim.base_url)
        .expect("client")
        .with_policy(RetryPolicy {
            max_attempts: attempts,
            ..RetryPolicy::fast()
        })
        .with_notices(Arc::new(move |t: &str| {
            sink.lock().expect("notices").push(t.to_string())
        }));
    (c, heard)
}

fn jwst() -> Criteria {
    Criteria {
        terms: vec![Term::new("obs_collection", "JWST")],
        ..Default::default()
    }
}

/// Every obsid a search delivers, and its summary.
async fn search(c: &MastClient, pagesize: u64) -> Result<(Vec<i64>, SearchSummary), MastError> {
    let mut ids = Vec::new();
    let opts = SearchOptions {
        pagesize,
        ..SearchOptions::default()
    };
    let summary = c
        .search(&jwst(), &opts, &CancellationToken::new(), &mut |p| {
            let col = p.table.column("obsid").expect("obsid column");
            ids.extend((0..p.table.rows()).filter_map(|r| col.get(r).as_i64()));
            ControlFlow::Continue(())
        })
        .await?;
    Ok((ids, summary))
}

/// The `n`th public product of known size in the simulated archive.
fn public_product(n: usize) -> ProductRef {
    let cat = Catalogue::new(1, SCALE);
    let mut found = Vec::new();
    cat.scan(
        |_| true,
        |o| {
            for p in cat.products_of(o) {
                if !p.exclusive && p.size.is_some() {
                    found.push(ProductRef {
                        data_uri: p.uri.clone(),
                        product_filename: p.file.clone(),
                        obs_collection: o.block.collection.name().to_string(),
                        obs_id: p.obs_id.clone(),
                        obsid: Some(o.obsid()),
                        size: Some(SIZE),
                        data_rights: "PUBLIC".into(),
                        shared_by: 1,
                    });
                }
            }
            if found.len() > n {
                ControlFlow::Break(())
            } else {
                ControlFlow::Continue(())
            }
        },
    );
    found.swap_remove(n)
}

async fn fetch(c: &MastClient, p: &ProductRef, dest: &Path) -> DownloadOutcome {
    let req = FileRequest {
        data_uri: p.data_uri.clone(),
        dest: dest.to_path_buf(),
        expected_size: p.size,
    };
    let cancel = CancellationToken::new();
    let job = download_file(c, &req, &cancel, &|_, _| {});
    // Generous: a client that never gives up fails here instead of hanging the suite.
    tokio::time::timeout(Duration::from_secs(120), job)
        .await
        .expect("the download ends")
}

/// The file's true bytes, from a well-behaved archive of the same seed.
async fn true_bytes(p: &ProductRef, dir: &Path) -> Vec<u8> {
    let clean = sim("").await;
    let (c, _) = client(&clean, 3);
    let dest = dir.join(format!("true-copy-{}", p.product_filename));
    assert!(matches!(
        fetch(&c, p, &dest).await,
        DownloadOutcome::Complete { .. }
    ));
    std::fs::read(dest).expect("true copy")
}

#[tokio::test]
async fn a_trickling_answer_is_abandoned_retried_at_once_and_the_user_told() {
    // Every answer trickles one byte a second: each try ends after the low-speed window
    // (1 s here), the person hears of each retry, and the last error says why.
    let s = sim("trickle=1").await;
    let (c, heard) = client(&s, 3);
    let e = search(&c, 50_000).await.expect_err("never completes");
    let text = e.to_string();
    assert!(
        text.contains("stalled") && text.contains("gave up after 3 attempts"),
        "{text}"
    );
    assert!(text.contains("under 1 KiB/s"), "{text}");
    let heard = heard.lock().expect("notices").clone();
    assert_eq!(heard.len(), 2, "{heard:?}");
    assert!(
        heard
            .iter()
            .all(|n| n.starts_with("server stalled, retrying")),
        "{heard:?}"
    );

    // When only some answers trickle, the search completes with every row.
    let clean = sim("").await;
    let clean_client = client(&clean, 3).0;
    let (want, _) = search(&clean_client, 50_000).await.expect("clean search");
    let s = sim("trickle=0.3").await;
    let (c, heard) = client(&s, 15);
    let (got, summary) = search(&c, 50_000).await.expect("search survives");
    assert_eq!(got, want);
    assert!(summary.complete);
    drop(heard);
}

#[tokio::test]
async fn a_trickling_download_gives_up_after_its_tries_instead_of_forever() {
    // The trickle brings a byte a second: progress of a kind that must not reset the count.
    let tmp = tempfile::tempdir().expect("tmp");
    let s = sim("trickle=1").await;
    let (c, heard) = client(&s, 3);
    let p = public_product(0);
    match fetch(&c, &p, &tmp.path().join("f.fits")).await {
        DownloadOutcome::Failed { message } => {
            assert!(
                message.contains("stalled") && message.contains("gave up after 3"),
                "{message}"
            );
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(heard.lock().expect("notices").len(), 2);
    assert!(!tmp.path().join("f.fits").exists());
}

#[tokio::test]
async fn content_length_lying_high_or_low_costs_no_file() {
    let tmp = tempfile::tempdir().expect("tmp");
    let p = public_product(1);
    let truth = true_bytes(&p, tmp.path()).await;

    // High: every answer promises 4 KiB more than it sends. The body ends early, is never
    // kept short, and the rest is fetched with Range until the whole file is there.
    let s = sim("length_high=1").await;
    let (c, _) = client(&s, 15);
    let dest = tmp.path().join("high.fits");
    match fetch(&c, &p, &dest).await {
        DownloadOutcome::Complete { bytes, note, .. } => {
            assert_eq!((bytes, note), (SIZE, None));
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(std::fs::read(&dest).expect("file"), truth);

    // Low: every answer says 4 KiB (or half) less and stops there. The short body is
    // probed for more, the rest arrives, and the file is whole: no truncated file kept.
    let s = sim("length_low=1").await;
    let (c, _) = client(&s, 15);
    let dest = tmp.path().join("low.fits");
    match fetch(&c, &p, &dest).await {
        DownloadOutcome::Complete { bytes, note, .. } => {
            assert_eq!((bytes, note), (SIZE, None));
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(std::fs::read(&dest).expect("file"), truth);

    // A proxy lying on 60% of answers, high or low: every file arrives whole.
    let s = sim("length_high=0.3,length_low=0.3").await;
    let (c, _) = client(&s, 15);
    for n in 0..20 {
        let p = public_product(n);
        let dest = tmp.path().join(format!("mixed-{n}.fits"));
        let out = fetch(&c, &p, &dest).await;
        assert!(
            matches!(
                out,
                DownloadOutcome::Complete {
                    bytes: SIZE,
                    note: None,
                    ..
                }
            ),
            "file {n}: {out:?}"
        );
    }
}

#[tokio::test]
async fn a_gzip_bomb_is_refused_unread() {
    // mastui sends no Accept-Encoding: a compressed answer is a proxy's or an attacker's.
    let tmp = tempfile::tempdir().expect("tmp");
    let s = sim("gzip_bomb=1").await;
    let (c, _) = client(&s, 3);
    let e = search(&c, 50_000).await.expect_err("refused");
    let text = e.to_string();
    assert!(matches!(e, MastError::Protocol { .. }), "{e:?}");
    assert!(
        text.contains("Content-Encoding: gzip") && text.contains("refused unread"),
        "{text}"
    );
    let p = public_product(2);
    match fetch(&c, &p, &tmp.path().join("b.fits")).await {
        DownloadOutcome::Failed { message } => {
            assert!(
                message.contains("compressed") && message.contains("never inflated")
                    || message.contains("refused unread"),
                "{message}"
            );
        }
        other => panic!("{other:?}"),
    }
    assert!(!tmp.path().join("b.fits").exists());
}

#[tokio::test]
async fn a_redirect_loop_is_named_and_not_retried() {
    let tmp = tempfile::tempdir().expect("tmp");
    let s = sim("redirect_loop=1").await;
    let (c, heard) = client(&s, 5);
    let e = search(&c, 50_000).await.expect_err("loop");
    assert!(e.to_string().contains("redirect"), "{e}");
    assert!(!e.to_string().contains("gave up"), "{e}");
    let p = public_product(3);
    let before = s.download_counts().requests;
    match fetch(&c, &p, &tmp.path().join("r.fits")).await {
        DownloadOutcome::Failed { message } => assert!(message.contains("redirect"), "{message}"),
        other => panic!("{other:?}"),
    }
    // One try: the first request and its hops, no second round.
    assert!(s.download_counts().requests - before <= 7);
    assert!(heard.lock().expect("notices").is_empty());
}

#[tokio::test]
async fn a_two_gigabyte_answer_is_refused_at_the_cap() {
    let s = sim("huge_json=1").await;
    let (c, _) = client(&s, 3);
    let e = search(&c, 50_000).await.expect_err("too big");
    assert!(matches!(e, MastError::Protocol { .. }), "{e:?}");
    let text = e.to_string();
    assert!(
        text.contains("2048 MiB") && text.contains("at most 1024 MiB"),
        "{text}"
    );
}

#[tokio::test]
async fn a_page_repeating_the_previous_one_is_not_delivered_twice() {
    let clean = sim("").await;
    let (want, _) = search(&client(&clean, 3).0, 40).await.expect("clean");
    let s = sim("repeat_rows=1").await;
    let c = client(&s, 3).0;
    let (got, summary) = search(&c, 40).await.expect("search");
    let mut unique = got.clone();
    unique.sort_unstable();
    unique.dedup();
    assert_eq!(unique.len(), got.len(), "an observation delivered twice");
    assert!(summary.repeated > 0);
    assert!(got.iter().all(|id| want.contains(id)));
    // Rows went missing (each page was its predecessor): the summary says it is
    // incomplete, against the count MAST announced, not one inflated by the repeats.
    assert!(
        !summary.complete && summary.rows < summary.rows_filtered,
        "{summary:?}"
    );
    assert_eq!(summary.rows_filtered, want.len() as u64);
}

#[tokio::test]
async fn a_count_disagreeing_with_the_rows_marks_the_search_incomplete() {
    let s = sim("count_off=1").await;
    let c = client(&s, 3).0;
    let (got, summary) = search(&c, 50_000).await.expect("search");
    assert_eq!(summary.rows, got.len() as u64);
    assert_eq!(summary.rows_filtered, summary.rows + 7);
    assert!(!summary.complete);
}

#[tokio::test]
async fn headers_that_are_not_utf8_change_nothing() {
    let tmp = tempfile::tempdir().expect("tmp");
    let clean = sim("").await;
    let clean_client = client(&clean, 3).0;
    let (want, _) = search(&clean_client, 50_000).await.expect("clean");
    let s = sim("bad_headers=1").await;
    let (c, _) = client(&s, 3);
    let (got, _) = search(&c, 50_000).await.expect("search");
    assert_eq!(got, want);
    let p = public_product(4);
    let truth = true_bytes(&p, tmp.path()).await;
    let dest = tmp.path().join("h.fits");
    assert!(matches!(
        fetch(&c, &p, &dest).await,
        DownloadOutcome::Complete { bytes: SIZE, .. }
    ));
    assert_eq!(std::fs::read(dest).expect("file"), truth);
}

#[tokio::test]
async fn a_refused_connection_after_the_server_answered_is_retried_patiently() {
    let s = sim("").await;
    let base = s.base_url.clone();
    let (c, _) = client(&s, 3);
    c.columns_config(&CancellationToken::new())
        .await
        .expect("the server answers once");
    s.shutdown().await;
    let _held = common::hold_port(&base).await;
    let e = search(&c, 50_000).await.expect_err("gone");
    let text = e.to_string();
    assert!(text.contains("gave up after 3 attempts"), "{text}");
    assert!(!text.contains("not retried"), "{text}");

    // A new client whose very first request is refused says so at once.
    let c = MastClient::new(&base)
        .expect("client")
        .with_policy(RetryPolicy::fast())
        .with_server_source("--server");
    let e = c
        .columns_config(&CancellationToken::new())
        .await
        .expect_err("nothing there");
    let text = e.to_string();
    assert!(text.contains(&format!("{base} (from --server)")), "{text}");
    assert!(
        text.contains("connection refused") && text.contains("not retried"),
        "{text}"
    );
    assert!(!text.contains("gave up"), "{text}");
}

/// A page answered with no length framing (`Connection: close`, no Content-Length, not
/// chunked) and the connection closed half-way, then whole: the client reads it as it
/// arrives, sees the JSON stop mid-row, takes it for a drop and asks again.
#[tokio::test]
async fn an_unframed_page_cut_mid_row_is_asked_again_not_taken_as_short() {
    use mastui::mast::request::InvokeRequest;
    use tokio::io::{AsyncReadExt, AsyncWriteExt};

    let mut page = String::from(r#"{"status":"COMPLETE","msg":"","data":["#);
    for i in 0..2_000 {
        if i > 0 {
            page.push(',');
        }
        page.push_str(&format!(r#"{{"obsid":{i},"obs_id":"o{i}","s_ra":{i}.25}}"#));
    }
    page.push_str(r#"],"fields":[{"name":"obsid","type":"string"},{"name":"obs_id","type":"string"},{"name":"s_ra","type":"float"}],"paging":{"page":1,"pageSize":50000,"pagesFiltered":1,"rows":2000,"rowsFiltered":2000,"rowsTotal":2000}}"#);
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let base = format!("http://{}", listener.local_addr().expect("addr"));
    let answers = Arc::new(Mutex::new(0usize));
    let seen = Arc::clone(&answers);
    let server = tokio::spawn(async move {
        loop {
            let Ok((mut sock, _)) = listener.accept().await else {
                return;
            };
            let n = {
                let mut a = seen.lock().expect("count");
                *a += 1;
                *a
            };
            // Read the whole request (headers, then Content-Length bytes) before answering:
            // closing with request bytes unread would reset the connection.
            let mut buf = vec![0u8; 64 * 1024];
            let mut got = Vec::new();
            loop {
                let text = String::from_utf8_lossy(&got).to_ascii_lowercase();
                if let Some(end) = text.find("\r\n\r\n") {
                    let length = text[..end]
                        .lines()
                        .find_map(|l| l.strip_prefix("content-length:"))
                        .and_then(|v| v.trim().parse::<usize>().ok())
                        .unwrap_or(0);
                    if got.len() >= end + 4 + length {
                        break;
                    }
                }
                let k = sock.read(&mut buf).await.expect("read");
                if k == 0 {
                    break;
                }
                got.extend_from_slice(&buf[..k]);
            }
            let body = if n == 1 {
                &page.as_bytes()[..page.len() / 2]
            } else {
                page.as_bytes()
            };
            let _ = sock
                .write_all(
                    b"HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nConnection: close\r\n\r\n",
                )
                .await;
            let _ = sock.write_all(body).await;
            let _ = sock.shutdown().await;
        }
    });
    let c = MastClient::new(&base)
        .expect("client")
        .with_policy(RetryPolicy::fast());
    let req = InvokeRequest::new("Mast.Caom.Filtered", serde_json::json!({"columns": "*"}));
    let r = c
        .invoke_page(&req, &CancellationToken::new())
        .await
        .expect("the second answer is whole");
    assert_eq!(r.table.rows(), 2_000);
    assert_eq!(*answers.lock().expect("count"), 2, "asked exactly twice");

    // With one attempt allowed, the cut answer is named as a drop, not a malformed page.
    *answers.lock().expect("count") = 0;
    let once = MastClient::new(&base)
        .expect("client")
        .with_policy(RetryPolicy {
            max_attempts: 1,
            ..RetryPolicy::fast()
        });
    let e = once
        .invoke_page(&req, &CancellationToken::new())
        .await
        .expect_err("cut");
    assert!(e.to_string().contains("JSON cut short"), "{e}");
    server.abort();
}
