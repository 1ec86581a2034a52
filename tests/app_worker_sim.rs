//! The state machine driven by the real worker against the simulated archive on loopback:
//! every Cmd goes to the worker, every Msg it sends back goes through `update`.
use std::time::Duration;

use mastui::app::focus::Pane;
use mastui::app::panes::search::form::CountState;
use mastui::app::{Cmd, Key, KeyCode, Msg, State, update};
use mastui::mast::basket_messages::{BasketEvent, BasketRequest};
use mastui::mast::client::MastClient;
use mastui::mast::criteria::{Criteria, Term};
use mastui::sim::{SimOptions, start};
use mastui::worker::Worker;
use tokio::sync::mpsc::{UnboundedReceiver, unbounded_channel};

/// Feeds worker answers to `update` until `done` holds (or fails after a deadline).
async fn pump(
    s: &mut State,
    w: &mut Worker,
    rx: &mut UnboundedReceiver<Msg>,
    done: impl Fn(&State) -> bool,
) {
    let deadline = tokio::time::Instant::now() + Duration::from_secs(20);
    while !done(s) {
        let msg = tokio::time::timeout_at(deadline, rx.recv())
            .await
            .expect("worker answers in time")
            .expect("worker channel open");
        for cmd in update(s, msg) {
            w.run(cmd);
        }
    }
}

fn run(w: &mut Worker, cmds: Vec<Cmd>) {
    for c in cmds {
        w.run(c);
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn search_count_and_products_through_the_worker() {
    // Some latency, so that a cancel surely lands before the answer.
    let sim = start(SimOptions {
        latency_ms: 100,
        ..SimOptions::default()
    })
    .await
    .expect("sim starts");
    let client = MastClient::new(&sim.base_url).expect("client");
    let (tx, mut rx) = unbounded_channel();
    let mut w = Worker::new(client, tx);
    let mut s = State::new(sim.base_url.clone(), 100, 30);
    let criteria = Criteria {
        target: None,
        radius_deg: None,
        terms: vec![
            Term {
                column: "obs_collection".into(),
                value: "JWST".into(),
            },
            Term {
                column: "proposal_id".into(),
                value: "1073".into(),
            },
        ],
    };
    let cmds = s.start(Some(criteria));
    run(&mut w, cmds);
    pump(&mut s, &mut w, &mut rx, |s| {
        s.results.paging.loading.is_none() && s.search.missions_req.is_none()
    })
    .await;
    assert!(s.message.is_none(), "{:?}", s.message);
    assert!(!s.search.missions.is_empty(), "the mission list arrived");
    let r = &s.results;
    assert!(!r.is_empty());
    assert_eq!(r.paging.total, Some(r.data().rows() as u64));
    for row in 0..r.data().rows() {
        let obs_id = r.data().get(row, "obs_id").to_string();
        assert!(obs_id.starts_with("jw01073"), "{obs_id}");
    }

    // The form's count, forced with Ctrl-N (the debounce timer goes through the worker too).
    update(&mut s, Msg::Key(Key::ch('1')));
    let cmds = update(&mut s, Msg::Key(Key::ctrl('n')));
    run(&mut w, cmds);
    pump(&mut s, &mut w, &mut rx, |s| {
        matches!(s.search.count, CountState::Known(_))
    })
    .await;
    assert_eq!(
        s.search.count,
        CountState::Known(s.results.data().rows() as u64)
    );

    // Products of the current row.
    update(&mut s, Msg::Key(Key::ch('2')));
    let cmds = update(&mut s, Msg::Key(Key::ch('p')));
    assert_eq!(s.pane, Pane::Products);
    run(&mut w, cmds);
    pump(&mut s, &mut w, &mut rx, |s| s.products.req.is_none()).await;
    let summary = s.products.summary.clone().expect("products arrived");
    assert!(summary.unique > 0);

    // A search that is cancelled delivers nothing more.
    update(&mut s, Msg::Key(Key::ch('1')));
    let cmds = update(&mut s, Msg::Key(Key::new(KeyCode::Enter)));
    let req = cmds.iter().find_map(Cmd::req).expect("a search");
    run(&mut w, cmds);
    w.run(Cmd::Cancel(req));
    tokio::time::sleep(Duration::from_millis(400)).await;
    while let Ok(msg) = rx.try_recv() {
        assert!(
            !matches!(&msg, Msg::SearchPage { req: r, .. } | Msg::SearchDone { req: r, .. } if *r == req),
            "a cancelled job answered: {msg:?}"
        );
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_basket_that_may_outlive_the_token_is_warned_of_when_added() {
    use mastui::auth::Token;
    use mastui::auth::age::{AgeBook, DAY, age_path, unix_now};
    use mastui::mast::product_ref::ProductRef;
    let sim = start(SimOptions::default()).await.expect("sim starts");
    let tmp = tempfile::tempdir().unwrap();
    let paths = mastui::config::Paths {
        config_dir: tmp.path().join("config"),
        data_dir: tmp.path().join("data"),
        cache_dir: tmp.path().join("cache"),
        download_dir: tmp.path().join("dl"),
    };
    let token = Token::new("0123456789abcdef0123456789abcdef").unwrap();
    // First seen 59 days ago: a day left at most.
    std::fs::create_dir_all(&paths.config_dir).unwrap();
    let mut book = AgeBook::default();
    book.touch(&token, unix_now() - 59 * DAY);
    book.touch(&token, unix_now());
    book.save(&age_path(&paths.config_dir)).unwrap();

    let client = MastClient::new(&sim.base_url).expect("client");
    let (tx, mut rx) = unbounded_channel();
    let mut w = Worker::new(client, tx).with_paths(paths);
    let product = |size: u64| ProductRef {
        data_uri: "mast:HST/product/big_drz.fits".into(),
        product_filename: "big_drz.fits".into(),
        obs_collection: "HST".into(),
        obs_id: "big".into(),
        obsid: Some(1),
        size: Some(size),
        data_rights: "PUBLIC".into(),
        shared_by: 1,
    };
    w.run(Cmd::UseToken(Some(token)));
    // 200 GB: days at a slow rate.
    w.run(Cmd::Basket(BasketRequest::Add(vec![product(
        200_000_000_000,
    )])));
    let deadline = tokio::time::Instant::now() + Duration::from_secs(20);
    loop {
        let msg = tokio::time::timeout_at(deadline, rx.recv())
            .await
            .expect("the warning arrives in time")
            .expect("worker channel open");
        if let Msg::Basket(BasketEvent::Note(text)) = msg
            && text.contains("longer than the MAST token has left")
        {
            break;
        }
    }
    w.cancel_all();
}
