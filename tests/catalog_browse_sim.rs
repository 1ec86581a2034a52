//! The everyday catalog loop through the real worker and the simulated archive on loopback:
//! find the sources around NGC 1365 in TIC, jump from one to the observations around it,
//! list their products; and from an observation back to the catalog sources in its
//! footprint. Every Cmd goes to the worker; every Msg it sends back goes through `update`.
use std::time::Duration;

use mastui::app::focus::Pane;
use mastui::app::panes::search::form::{CountState, FieldId};
use mastui::app::panes::search::source::Source;
use mastui::app::{Key, KeyCode, Msg, State, update};
use mastui::mast::catalogs::Catalog;
use mastui::mast::client::MastClient;
use mastui::sim::{SimOptions, start};
use mastui::worker::Worker;
use tokio::sync::mpsc::{UnboundedReceiver, unbounded_channel};

async fn pump(
    s: &mut State,
    w: &mut Worker,
    rx: &mut UnboundedReceiver<Msg>,
    done: impl Fn(&State) -> bool,
) {
    let deadline = tokio::time::Instant::now() + Duration::from_secs(30);
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

fn keys(s: &mut State, w: &mut Worker, ks: &[Key]) {
    for k in ks {
        for cmd in update(s, Msg::Key(*k)) {
            w.run(cmd);
        }
    }
}

fn typed(s: &mut State, w: &mut Worker, text: &str) {
    let ks: Vec<Key> = text.chars().map(Key::ch).collect();
    keys(s, w, &ks);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn tic_to_observations_to_products_and_back() {
    let sim = start(SimOptions::default()).await.expect("sim starts");
    let client = MastClient::new(&sim.base_url).expect("client");
    let (tx, mut rx) = unbounded_channel();
    let mut w = Worker::new(client, tx);
    let mut s = State::new(sim.base_url.clone(), 120, 40);
    for cmd in s.start(None) {
        w.run(cmd);
    }
    // Source line: TIC; the target by name (resolved by the archive), the default radius.
    keys(
        &mut s,
        &mut w,
        &[Key::new(KeyCode::Up), Key::ch('t'), Key::new(KeyCode::Tab)],
    );
    assert_eq!(s.search.source, Source::Catalog(Catalog::Tic));
    typed(&mut s, &mut w, "NGC 1365");
    // The live count comes from the catalog (Ctrl-N skips the debounce).
    keys(&mut s, &mut w, &[Key::ctrl('n')]);
    pump(&mut s, &mut w, &mut rx, |s| {
        matches!(s.search.count, CountState::Known(_) | CountState::Failed(_))
    })
    .await;
    let CountState::Known(counted) = s.search.count else {
        panic!("count: {:?}", s.search.count)
    };
    assert!(counted > 0);
    keys(&mut s, &mut w, &[Key::new(KeyCode::Enter)]);
    assert_eq!(s.pane, Pane::Catalog);
    pump(&mut s, &mut w, &mut rx, |s| {
        s.catalog.paging.loading.is_none()
    })
    .await;
    assert!(s.message.is_none(), "{:?}", s.message);
    assert_eq!(s.catalog.len() as u64, counted, "the count is the rows");
    // Every source lies in the cone the archive says it searched.
    let (ra, dec, r) = s.catalog.paging.cone.expect("the cone searched");
    let data = &s.catalog.table.data;
    for row in 0..data.rows() {
        let sra = data.get(row, "ra").as_f64().expect("ra");
        let sdec = data.get(row, "dec").as_f64().expect("dec");
        assert!(mastui::sky::separation(ra, dec, sra, sdec) <= r + 1e-9);
    }

    // The nearest source first (sorted by distance), then O: observations around it.
    let dst = data
        .names()
        .iter()
        .position(|n| n == "dstArcSec")
        .expect("a distance column");
    while s.catalog.grid.columns.current() != Some(dst) {
        let before = s.catalog.grid.columns.current();
        keys(&mut s, &mut w, &[Key::ch('l')]);
        assert_ne!(
            before,
            s.catalog.grid.columns.current(),
            "dstArcSec reachable"
        );
    }
    keys(&mut s, &mut w, &[Key::ch('s')]);
    pump(&mut s, &mut w, &mut rx, |s| !s.catalog.grid.sorting()).await;
    keys(&mut s, &mut w, &[Key::ch('g')]);
    let nearest = s.catalog.grid.current_row(&s.catalog.table).expect("a row");
    let d = |row| {
        s.catalog
            .table
            .data
            .get(row, "dstArcSec")
            .as_f64()
            .unwrap_or(f64::MAX)
    };
    assert!((0..s.catalog.table.data.rows()).all(|r| d(r) >= d(nearest)));
    let row = s.catalog.grid.current_row(&s.catalog.table).expect("a row");
    let source_ra = s.catalog.table.data.get(row, "ra").as_f64().expect("ra");
    keys(&mut s, &mut w, &[Key::ch('O')]);
    assert_eq!(s.pane, Pane::Results);
    assert!(
        s.search
            .value(FieldId::Target)
            .starts_with(&source_ra.to_string())
    );
    pump(&mut s, &mut w, &mut rx, |s| {
        s.results.paging.loading.is_none()
    })
    .await;
    assert!(s.message.is_none(), "{:?}", s.message);
    assert!(!s.results.is_empty(), "observations around the source");
    for row in 0..s.results.data().rows() {
        let obs_id = s.results.data().get(row, "obs_id").to_string();
        assert!(obs_id.starts_with("jw01073"), "{obs_id}");
    }

    // p: their products.
    keys(&mut s, &mut w, &[Key::ch('p')]);
    assert_eq!(s.pane, Pane::Products);
    pump(&mut s, &mut w, &mut rx, |s| s.products.req.is_none()).await;
    assert!(s.products.summary.as_ref().is_some_and(|p| p.unique > 0));

    // Back to the results, C: the TIC sources within this observation's footprint.
    keys(&mut s, &mut w, &[Key::ch('2'), Key::ch('C')]);
    assert_eq!(s.pane, Pane::Catalog);
    pump(&mut s, &mut w, &mut rx, |s| {
        s.catalog.paging.loading.is_none()
    })
    .await;
    assert!(s.message.is_none(), "{:?}", s.message);
    assert!(!s.catalog.is_empty(), "sources in the footprint");
    assert_eq!(s.catalog.name(), "TIC");
    let q = s.catalog.query.clone().expect("the query");
    assert!(q.radius() > 0.01, "the footprint's reach: {}", q.radius());
    // Nothing is left running.
    assert!(!s.busy(), "{:?}", s.activities());
}
