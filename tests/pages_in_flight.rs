//! Pages in flight against the simulated archive: after the first page announces the total,
//! the next pages are asked for together, yet rows arrive strictly in MAST's order, a page
//! that fails in the middle is retried in its place, and cancelling stops the walk.
use std::ops::ControlFlow;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

use mastui::mast::MastError;
use mastui::mast::client::{MastClient, PagePlan};
use mastui::mast::criteria::{Criteria, Term};
use mastui::mast::request::InvokeRequest;
use mastui::mast::retry::RetryPolicy;
use mastui::mast::search::{SearchOptions, SearchSummary};
use mastui::mast::table::Table;
use mastui::sim::SimHandle;
use serde_json::json;
use tokio_util::sync::CancellationToken;

mod common;
use common::{canned_server, rows_json};

const SCALE: u64 = 3_000;

fn client_with(sim: &SimHandle, pages_in_flight: usize) -> MastClient {
    MastClient::new(&sim.base_url)
        .expect("client")
        .with_policy(RetryPolicy {
            pages_in_flight,
            ..RetryPolicy::fast()
        })
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
            if whole.columns().is_empty() {
                whole = p.table;
            } else {
                whole.append(&p.table);
            }
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

/// A server of `pages` one-row pages counting the requests per page.
async fn paged_server(pages: u64) -> (String, Arc<Vec<AtomicU64>>) {
    let seen: Arc<Vec<AtomicU64>> = Arc::new((0..=pages + 8).map(|_| AtomicU64::new(0)).collect());
    let counter = seen.clone();
    let base = canned_server(move |_path: &str, env: &serde_json::Value| {
        let page = env["page"].as_u64().unwrap_or(1);
        if let Some(c) = counter.get(page as usize) {
            c.fetch_add(1, Ordering::SeqCst);
        }
        (
            200,
            format!(
                r#"{{"status":"COMPLETE","data":[{{"n":{page}}}],"fields":[{{"name":"n","type":"int"}}],
                    "paging":{{"page":{page},"pageSize":1,"pagesFiltered":{pages},"rows":1,"rowsFiltered":{pages},"rowsTotal":{pages}}}}}"#
            ),
        )
    })
    .await;
    (base, seen)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn three_pages_are_in_flight_and_never_a_fourth() {
    let (base, seen) = paged_server(9).await;
    let c = MastClient::new(&base)
        .expect("client")
        .with_policy(RetryPolicy {
            pages_in_flight: 3,
            ..RetryPolicy::fast()
        });
    let plan = PagePlan {
        prefetch: true,
        max_rows: None,
    };
    let mut order = Vec::new();
    let summary = c
        .invoke_pages(
            InvokeRequest::new("Mast.Test", json!({})).with_pagesize(1),
            plan,
            &CancellationToken::new(),
            &mut |info, resp| {
                order.push(resp.table.get(0, "n").as_i64());
                let p = info.page as usize;
                // The next three pages are asked for before this one is done with (waited
                // for up to a generous bound rather than timed)...
                let until = Instant::now() + Duration::from_secs(20);
                let wanted = (p + 1..=(p + 3).min(9)).collect::<Vec<_>>();
                while wanted.iter().any(|q| seen[*q].load(Ordering::SeqCst) == 0)
                    && Instant::now() < until
                {
                    std::thread::sleep(Duration::from_millis(2));
                }
                for q in &wanted {
                    assert_eq!(seen[*q].load(Ordering::SeqCst), 1, "page {q} while {p}");
                }
                // ...and never a fourth: it is asked for only once this one is handed over.
                assert_eq!(
                    seen[p + 4].load(Ordering::SeqCst),
                    0,
                    "page {} while {p}",
                    p + 4
                );
                ControlFlow::Continue(())
            },
        )
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
