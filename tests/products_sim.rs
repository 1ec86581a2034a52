//! The products pane through the real worker against the simulated archive (batches
//! streaming in, adaptive batching under timeouts and faults, cancel mid-fetch), and
//! `mastui products` headless with filters and `--search`.
use std::time::Duration;

use mastui::app::focus::Pane;
use mastui::app::update::start_search;
use mastui::app::{Cmd, Key, KeyCode, Msg, State, update};
use mastui::mast::client::MastClient;
use mastui::mast::criteria::{Criteria, Term};
use mastui::mast::retry::RetryPolicy;
use mastui::sim::{FaultSpec, SimHandle, SimOptions, start};
use mastui::worker::Worker;
use tokio::sync::mpsc::{UnboundedReceiver, unbounded_channel};

const SCALE: u64 = 2_000;

async fn sim(faults: &str, join_ms: u64) -> SimHandle {
    start(SimOptions {
        scale: SCALE,
        join_ms,
        faults: faults.parse::<FaultSpec>().expect("fault spec"),
        ..Default::default()
    })
    .await
    .expect("sim starts")
}

/// What the pump saw of the products fetch.
#[derive(Default)]
struct Seen {
    batches: usize,
    /// `done` of every batch, in order.
    progress: Vec<usize>,
}

/// Feeds worker answers to `update` until `done` holds (or fails after a deadline).
async fn pump(
    s: &mut State,
    w: &mut Worker,
    rx: &mut UnboundedReceiver<Msg>,
    seen: &mut Seen,
    done: impl Fn(&State) -> bool,
) {
    let deadline = tokio::time::Instant::now() + Duration::from_secs(30);
    while !done(s) {
        let msg = tokio::time::timeout_at(deadline, rx.recv())
            .await
            .expect("worker answers in time")
            .expect("worker channel open");
        if let Msg::ProductsBatch { done, .. } = &msg {
            seen.batches += 1;
            seen.progress.push(*done);
        }
        for cmd in update(s, msg) {
            w.run(cmd);
        }
    }
}

/// The browser with program 1073's observations found and all marked, then `p` pressed.
async fn products_of_1073(
    client: MastClient,
) -> (State, Worker, UnboundedReceiver<Msg>, mastui::app::ReqId) {
    let (tx, mut rx) = unbounded_channel();
    let mut w = Worker::new(client, tx);
    let mut s = State::new("sim", 120, 40);
    let criteria = Criteria {
        terms: vec![
            Term::new("obs_collection", "JWST"),
            Term::new("proposal_id", "1073"),
        ],
        ..Default::default()
    };
    for c in start_search(&mut s, criteria) {
        w.run(c);
    }
    let mut seen = Seen::default();
    pump(&mut s, &mut w, &mut rx, &mut seen, |s| {
        s.results.paging.loading.is_none()
    })
    .await;
    assert_eq!(
        s.results.data().rows(),
        15,
        "program 1073 has 15 observations"
    );
    update(&mut s, Msg::Key(Key::ch('a')));
    let cmds = update(&mut s, Msg::Key(Key::ch('p')));
    assert_eq!(s.pane, Pane::Products);
    let req = cmds.iter().find_map(Cmd::req).expect("products req");
    for c in cmds {
        w.run(c);
    }
    (s, w, rx, req)
}

fn uris(s: &State) -> Vec<String> {
    let mut v: Vec<String> = (0..s.products.total())
        .map(|r| s.products.text(r, "dataURI"))
        .collect();
    v.sort();
    v
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn batches_stream_in_and_adapt_to_timeouts_and_faults() {
    // Clean run: the reference.
    let clean = sim("", 0).await;
    let (mut s, mut w, mut rx, _) =
        products_of_1073(MastClient::new(&clean.base_url).expect("client")).await;
    let mut seen = Seen::default();
    pump(&mut s, &mut w, &mut rx, &mut seen, |s| {
        s.products.req.is_none()
    })
    .await;
    assert!(seen.batches >= 3, "15 observations in batches of 5");
    assert!(
        seen.progress.windows(2).all(|p| p[0] < p[1]),
        "{:?}",
        seen.progress
    );
    assert_eq!(seen.progress.last(), Some(&15));
    let reference = uris(&s);
    assert!(reference.len() > 1000);
    assert!(
        (0..s.products.total()).any(|r| s.products.list.shared_by(r) > 1),
        "level-3 files are shared"
    );
    assert!(s.products.eval.guide_hidden.count > 0, "guide stars hidden");

    // Each obsid costs 150 ms server-side and a call may take 600 ms: batches of 5 time
    // out, the fetch halves them and still brings everything; 5xx and drops on top.
    let slow = sim("error5xx=0.15,drop=0.05", 150).await;
    let client = MastClient::new(&slow.base_url)
        .expect("client")
        .with_policy(RetryPolicy {
            call_timeout: Duration::from_millis(600),
            ..RetryPolicy::fast()
        });
    let (mut s, mut w, mut rx, _) = products_of_1073(client).await;
    let mut seen = Seen::default();
    pump(&mut s, &mut w, &mut rx, &mut seen, |s| {
        s.products.req.is_none()
    })
    .await;
    assert!(s.products.error.is_none(), "{:?}", s.products.error);
    assert!(seen.batches > 3, "smaller batches: {}", seen.batches);
    assert_eq!(uris(&s), reference);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn esc_mid_fetch_keeps_what_arrived_and_nothing_more_lands() {
    // 80 ms per obsid: a batch of 5 takes 400 ms, so the fetch is still running after the
    // first batch.
    let slow = sim("", 80).await;
    let client = MastClient::new(&slow.base_url).expect("client");
    let (mut s, mut w, mut rx, req) = products_of_1073(client).await;
    let mut seen = Seen::default();
    pump(&mut s, &mut w, &mut rx, &mut seen, |s| s.products.done > 0).await;
    let cmds = update(&mut s, Msg::Key(Key::new(KeyCode::Esc)));
    assert!(matches!(cmds.as_slice(), [Cmd::Cancel(r)] if *r == req));
    for c in cmds {
        w.run(c);
    }
    let kept = s.products.total();
    let done = s.products.done;
    assert!(kept > 0 && done < 15, "kept {kept} at {done}/15");
    assert!(s.products.partial);
    tokio::time::sleep(Duration::from_millis(1200)).await;
    while let Ok(msg) = rx.try_recv() {
        for c in update(&mut s, msg) {
            w.run(c);
        }
    }
    assert_eq!(s.products.total(), kept, "a cancelled fetch adds nothing");
    assert_eq!(s.products.done, done);
    assert!(s.products.error.is_none());
}

fn mastui(base: &str, args: &[&str]) -> std::process::Output {
    std::process::Command::new(env!("CARGO_BIN_EXE_mastui"))
        .arg("--server")
        .arg(base)
        .args(args)
        .env("MASTUI_RETRIES", "3")
        .output()
        .expect("run mastui")
}

fn jsonl(out: &std::process::Output) -> Vec<serde_json::Value> {
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .map(|l| serde_json::from_str(l).expect("one JSON object per line"))
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn headless_products_filter_like_the_pane() {
    let s = sim("", 0).await;
    let base = s.base_url.clone();
    let search = ["--search", "--collection", "JWST", "--proposal", "1073"];
    let run = |extra: &[&str]| {
        let mut args = vec!["products", "--format", "jsonl"];
        args.extend_from_slice(extra);
        args.extend_from_slice(&search);
        let base = base.clone();
        let args: Vec<String> = args.iter().map(|s| s.to_string()).collect();
        async move {
            tokio::task::spawn_blocking(move || {
                let a: Vec<&str> = args.iter().map(String::as_str).collect();
                mastui(&base, &a)
            })
            .await
            .expect("join")
        }
    };
    let default = jsonl(&run(&[]).await);
    assert!(!default.is_empty());
    for p in &default {
        let name = p["productFilename"].as_str().expect("productFilename");
        assert!(
            !name.contains("_gs-"),
            "guide stars hidden by default: {name}"
        );
        assert!(
            p["dataURI"]
                .as_str()
                .is_some_and(|u| u.starts_with("mast:"))
        );
        assert!(p["shared_by"].as_i64().is_some_and(|n| n >= 1));
    }
    let with_guides = jsonl(&run(&["--guide-stars"]).await);
    assert!(with_guides.len() > default.len());

    let cal = jsonl(&run(&["--filter", "_cal.fits,_i2d.fits", "--product-calib", "2"]).await);
    assert!(!cal.is_empty());
    for p in &cal {
        assert!(
            p["productFilename"]
                .as_str()
                .is_some_and(|n| n.ends_with("_cal.fits"))
        );
        assert_eq!(p["calib_level"], 2);
    }
    let mrp = jsonl(&run(&["--mrp", "--rights", "public", "--ext", ".FITS"]).await);
    for p in &mrp {
        assert_eq!(p["productGroupDescription"], "Minimum Recommended Products");
        assert_eq!(p["dataRights"], "PUBLIC");
    }

    // A bad expression points at its bad part and sends nothing.
    let out = run(&["--filter", "_cal.fits,!"]).await;
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("'!' needs text") && err.contains('^'), "{err}");
}
