//! Pages in flight against the simulated archive: after the first page announces the total,
//! the next pages are asked for together, yet rows arrive strictly in MAST's order, a page
//! that fails in the middle is retried in its place, and cancelling stops the walk.
use std::ops::ControlFlow;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use mastui::mast::MastError;
use mastui::mast::client::MastClient;
use mastui::mast::criteria::{Criteria, Term};
use mastui::mast::search::{SearchOptions, SearchSummary};
use mastui::mast::table::Table;
use mastui::sim::SimHandle;
use tokio_util::sync::CancellationToken;

mod common;
use common::{client_in_flight, envelope_of, paged_server, read_request, rows_json, walk_pages};

const SCALE: u64 = 3_000;

fn client_with(sim: &SimHandle, pages_in_flight: usize) -> MastClient {
    client_in_flight(&sim.base_url, pages_in_flight)
}

fn science() -> Criteria {
    Criteria {
        terms: vec![Term::new("intentType", "science")],
        ..Default::default()
    }
}

/// The whole search glued together, and the page numbers in the order they arrived.
async fn collect(
    c: &MastClient,
    pagesize: u64,
) -> Result<(SearchSummary, Table, Vec<u64>), MastError> {
    let mut whole = Table::default();
    let mut order = Vec::new();
    let opts = SearchOptions {
        pagesize,
        ..SearchOptions::default()
    };
    let summary = c
        .search(&science(), &opts, &CancellationToken::new(), &mut |p| {
            order.push(p.page);
            common::glue(&mut whole, p.table);
            ControlFlow::Continue(())
        })
        .await?;
    Ok((summary, whole, order))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn rows_arrive_in_order_with_pages_in_flight_and_a_failed_middle_page_retried() {
    let plain = common::sim_opts(SCALE, "", 0).await;
    let (one_by_one, expected, _) = collect(&client_with(&plain, 1), 97)
        .await
        .expect("sequential search");
    assert!(one_by_one.complete);
    let pages = one_by_one.pages_fetched;
    assert!(
        pages >= 8,
        "enough pages to have several in flight: {pages}"
    );

    // Page 3 answers 503 the first time it is asked for, while pages 4 and 5 are on their way.
    let faulty = common::sim_opts(SCALE, "failpage=3", 0).await;
    let (summary, got, order) = collect(&client_with(&faulty, 3), 97)
        .await
        .expect("search with pages in flight");
    assert!(summary.complete, "{summary:?}");
    assert_eq!(summary.rows, one_by_one.rows);
    assert_eq!(summary.repeated, 0);
    assert_eq!(order, (1..=pages).collect::<Vec<_>>(), "pages in order");
    assert_eq!(
        rows_json(&got),
        rows_json(&expected),
        "the same rows, in order"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn cancelling_mid_way_stops_the_pages_in_flight() {
    let sim = mastui::sim::start(mastui::sim::SimOptions {
        scale: SCALE,
        latency_ms: 50,
        ..Default::default()
    })
    .await
    .expect("sim");
    let c = client_with(&sim, 3);
    let cancel = CancellationToken::new();
    let mut seen = Vec::new();
    let opts = SearchOptions {
        pagesize: 97,
        ..SearchOptions::default()
    };
    let result = c
        .search(&science(), &opts, &cancel, &mut |p| {
            seen.push(p.page);
            if p.page == 2 {
                cancel.cancel();
            }
            ControlFlow::Continue(())
        })
        .await;
    assert_eq!(result.expect_err("cancelled"), MastError::Cancelled);
    assert_eq!(seen, [1, 2], "no page handed over after the cancel");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_next_three_pages_are_asked_for_and_never_more_than_six_on_their_way() {
    let (base, seen) = paged_server(9).await;
    let c = client_in_flight(&base, 3);
    let mut order = Vec::new();
    let summary = walk_pages(&c, 1, None, &mut |info, resp| {
        order.push(resp.table.get(0, "n").as_i64());
        let p = info.page as usize;
        // The next three pages are asked for before this one is done with (waited
        // for up to a generous bound rather than timed)...
        let until = Instant::now() + Duration::from_secs(20);
        let wanted = (p + 1..=(p + 3).min(9)).collect::<Vec<_>>();
        while wanted.iter().any(|q| seen[*q].load(Ordering::SeqCst) == 0) && Instant::now() < until
        {
            std::thread::sleep(Duration::from_millis(2));
        }
        for q in &wanted {
            assert_eq!(seen[*q].load(Ordering::SeqCst), 1, "page {q} while {p}");
        }
        // ...and, this server answering at once, pages that are only being sent no
        // longer count: more are asked for, but never a seventh page on its way.
        assert_eq!(
            seen[p + 6].load(Ordering::SeqCst),
            0,
            "page {} while {p}",
            p + 6
        );
        ControlFlow::Continue(())
    })
    .await
    .unwrap();
    assert!(summary.complete);
    assert_eq!(order, (1..=9).map(Some).collect::<Vec<_>>());
    assert!(
        (1..=9).all(|p| seen[p].load(Ordering::SeqCst) == 1),
        "each page once"
    );
    assert_eq!(
        seen[10].load(Ordering::SeqCst),
        0,
        "nothing past the last page"
    );
}

/// Counts of a server's requests: being built (before the first byte of the answer) and
/// open (until its last byte), now and at most.
#[derive(Default)]
struct Load {
    building: AtomicUsize,
    most_building: AtomicUsize,
    open: AtomicUsize,
    most_open: AtomicUsize,
}

fn up(now: &AtomicUsize, most: &AtomicUsize) {
    let n = now.fetch_add(1, Ordering::SeqCst) + 1;
    most.fetch_max(n, Ordering::SeqCst);
}

/// A server of `pages` two-row pages that, as MAST does, builds each answer (40 ms) before
/// it sends a byte, then sends it slowly: the first row, a pause of 80 ms, the rest.
async fn building_server(pages: u64, load: Arc<Load>) -> String {
    use tokio::io::AsyncWriteExt;
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let base = format!("http://{}", listener.local_addr().expect("addr"));
    tokio::spawn(async move {
        while let Ok((mut sock, _)) = listener.accept().await {
            let load = load.clone();
            tokio::spawn(async move {
                let Some((_, body)) = read_request(&mut sock).await else {
                    return;
                };
                let page = envelope_of(body)["page"].as_u64().unwrap_or(1);
                up(&load.open, &load.most_open);
                up(&load.building, &load.most_building);
                tokio::time::sleep(Duration::from_millis(40)).await;
                load.building.fetch_sub(1, Ordering::SeqCst);
                let head = format!(r#"{{"status":"COMPLETE","msg":"","data":[{{"n":{page}}},"#);
                let tail = format!(
                    r#"{{"n":{page}}}],"fields":[{{"name":"n","type":"int"}}],"paging":{{"page":{page},"pageSize":2,"pagesFiltered":{pages},"rows":2,"rowsFiltered":{},"rowsTotal":{}}}}}"#,
                    2 * pages,
                    2 * pages
                );
                let http = format!(
                    "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
                    head.len() + tail.len()
                );
                let _ = sock.write_all(http.as_bytes()).await;
                let _ = sock.write_all(head.as_bytes()).await;
                let _ = sock.flush().await;
                tokio::time::sleep(Duration::from_millis(80)).await;
                let _ = sock.write_all(tail.as_bytes()).await;
                let _ = sock.shutdown().await;
                load.open.fetch_sub(1, Ordering::SeqCst);
            });
        }
    });
    base
}

/// The politeness rule: the server is never building more than three of our pages at once,
/// yet while pages are only being sent, the next are asked for, so it is never idle.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_server_builds_at_most_three_pages_at_once_and_is_kept_busy() {
    let load = Arc::new(Load::default());
    let base = building_server(12, load.clone()).await;
    let c = client_in_flight(&base, 3);
    let mut order = Vec::new();
    let summary = walk_pages(&c, 2, None, &mut |_, resp| {
        order.extend((0..resp.table.rows()).map(|r| resp.table.get(r, "n").as_i64()));
        ControlFlow::Continue(())
    })
    .await
    .expect("every page");
    assert!(summary.complete);
    let expected: Vec<Option<i64>> = (1..=12).flat_map(|p| [Some(p), Some(p)]).collect();
    assert_eq!(order, expected, "rows in order");
    let (building, open) = (
        load.most_building.load(Ordering::SeqCst),
        load.most_open.load(Ordering::SeqCst),
    );
    assert!(building <= 3, "{building} pages built at once");
    // Pages being sent did not hold the next ones back, and never more than six at once.
    assert!((4..=6).contains(&open), "{open} pages on their way at once");
}
