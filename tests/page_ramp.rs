//! A walk that starts with a quarter page and doubles (`page_steps.rs`): every row arrives
//! once and in order, whatever the sizes asked, from a server slicing one result by
//! `pagesize` and `page` as MAST does, from one that keeps a page size of its own, and from
//! the simulated archive (with a failed page retried and a limit cut).
use std::ops::ControlFlow;
use std::sync::{Arc, Mutex};

use mastui::mast::client::{MastClient, PagePlan};
use mastui::mast::criteria::{Criteria, Term};
use mastui::mast::request::InvokeRequest;
use mastui::mast::search::SearchOptions;
use mastui::mast::table::Table;
use tokio_util::sync::CancellationToken;

mod common;
use common::{canned_server, rows_json};

/// A server of one result of `rows` rows (`n` is the row's place), sliced by the page size
/// asked for, or by `own_size` when it keeps one of its own; it notes every (pagesize,
/// page) asked.
async fn slicing_server(rows: u64, own_size: Option<u64>) -> (String, Arc<Mutex<Vec<(u64, u64)>>>) {
    let asked = Arc::new(Mutex::new(Vec::new()));
    let log = asked.clone();
    let base = canned_server(move |_path: &str, env: &serde_json::Value| {
        let page = env["page"].as_u64().unwrap_or(1).max(1);
        let asked_size = env["pagesize"].as_u64().unwrap_or(1).max(1);
        log.lock().unwrap().push((asked_size, page));
        let size = own_size.unwrap_or(asked_size);
        let start = (page - 1) * size;
        let end = (start + size).min(rows);
        let data: Vec<String> = (start..end).map(|n| format!(r#"{{"n":{n}}}"#)).collect();
        (
            200,
            format!(
                r#"{{"status":"COMPLETE","msg":"","data":[{}],"fields":[{{"name":"n","type":"int"}}],
                    "paging":{{"page":{page},"pageSize":{size},"pagesFiltered":{},"rows":{},"rowsFiltered":{rows},"rowsTotal":{rows}}}}}"#,
                data.join(","),
                rows.div_ceil(size),
                end.saturating_sub(start)
            ),
        )
    })
    .await;
    (base, asked)
}

fn client(base: &str) -> MastClient {
    common::client_in_flight(base, 3)
}

/// Every row of a ramped walk of `pagesize`, in the order handed over.
async fn ramped_walk(c: &MastClient, pagesize: u64) -> (Vec<i64>, u64) {
    let mut got = Vec::new();
    let plan = PagePlan {
        prefetch: true,
        max_rows: None,
        ramp: true,
    };
    let req = InvokeRequest::new("Mast.Test", serde_json::json!({})).with_pagesize(pagesize);
    let summary = c
        .invoke_pages(req, plan, &CancellationToken::new(), &mut |_, resp| {
            got.extend((0..resp.table.rows()).filter_map(|r| resp.table.get(r, "n").as_i64()));
            ControlFlow::Continue(())
        })
        .await
        .expect("walk");
    assert!(summary.complete, "{summary:?}");
    (got, summary.pages_fetched)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_quarter_page_first_then_doubling_brings_every_row_once_in_order() {
    let (base, asked) = slicing_server(10_500, None).await;
    let (rows, steps) = ramped_walk(&client(&base), 4_000).await;
    assert_eq!(rows, (0..10_500).collect::<Vec<_>>());
    assert_eq!(steps, 5);
    let asked = asked.lock().unwrap().clone();
    assert_eq!(asked[0], (1_000, 1), "a quarter page first: {asked:?}");
    let mut sorted = asked.clone();
    sorted.sort_unstable();
    assert_eq!(
        sorted,
        [(1_000, 1), (1_000, 2), (2_000, 2), (4_000, 2), (4_000, 3)],
        "each request once, nothing past the end"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_result_smaller_than_the_first_request_costs_one_request() {
    let (base, asked) = slicing_server(700, None).await;
    let (rows, steps) = ramped_walk(&client(&base), 4_000).await;
    assert_eq!(rows, (0..700).collect::<Vec<_>>());
    assert_eq!(steps, 1);
    assert_eq!(*asked.lock().unwrap(), [(1_000, 1)]);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_server_keeping_its_own_page_size_is_walked_in_its_pages() {
    // 300 rows a page whatever is asked: the ramp would skip rows, so the walk goes on in
    // that server's pages.
    let (base, asked) = slicing_server(2_000, Some(300)).await;
    let (rows, steps) = ramped_walk(&client(&base), 4_000).await;
    assert_eq!(rows, (0..2_000).collect::<Vec<_>>());
    assert_eq!(steps, 7);
    let asked = asked.lock().unwrap().clone();
    assert_eq!(asked.len(), 7, "{asked:?}");
}

fn science() -> Criteria {
    Criteria {
        terms: vec![Term::new("intentType", "science")],
        ..Default::default()
    }
}

async fn search(c: &MastClient, pagesize: u64, limit: Option<u64>) -> (Table, u64, bool) {
    let mut whole = Table::default();
    let opts = SearchOptions {
        pagesize,
        limit,
        ..SearchOptions::default()
    };
    let summary = c
        .search(&science(), &opts, &CancellationToken::new(), &mut |p| {
            common::glue(&mut whole, p.table);
            ControlFlow::Continue(())
        })
        .await
        .expect("search");
    (whole, summary.pages_fetched, summary.complete)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_simulated_archive_gives_the_same_rows_ramped_with_a_failed_page_retried() {
    let plain = common::sim_opts(12_000, "", 0).await;
    // 1,000 rows a page is too small to ramp: the walk asks whole pages.
    let (flat, flat_pages, complete) = search(&client(&plain.base_url), 1_000, None).await;
    assert!(complete);
    assert!(flat.rows() > 8_000, "{} rows", flat.rows());
    let faulty = common::sim_opts(12_000, "failpage=3", 0).await;
    let (ramped, ramped_pages, complete) = search(&client(&faulty.base_url), 4_000, None).await;
    assert!(complete);
    assert_eq!(
        rows_json(&ramped),
        rows_json(&flat),
        "the same rows, in order"
    );
    assert!(ramped_pages < flat_pages, "{ramped_pages} requests");
    // A limit cuts the ramped walk where it cuts the flat one.
    let (cut, _, _) = search(&client(&plain.base_url), 4_000, Some(2_500)).await;
    assert_eq!(rows_json(&cut), rows_json(&flat)[..2_500].to_vec());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_catalog_search_ramped_gives_the_rows_of_whole_pages() {
    use mastui::mast::catalogs::{Catalog, CatalogQuery};
    let sim = common::sim_opts(3_000, "", 0).await;
    let c = client(&sim.base_url);
    let run = |pagesize: u64| {
        let c = c.clone();
        async move {
            let mut q = CatalogQuery::new(Catalog::Tic);
            q.terms = vec![Term::new("Tmag", "<12")];
            q.pagesize = pagesize;
            let mut whole = Table::default();
            let mut pages = 0;
            let summary = c
                .catalog_search(&q, &CancellationToken::new(), &mut |p| {
                    pages += 1;
                    common::glue(&mut whole, p.table);
                    ControlFlow::Continue(())
                })
                .await
                .expect("catalog search");
            assert!(summary.complete);
            (whole, pages)
        }
    };
    // 999 rows a page is not ramped; 4,000 asks 1,000, 1,000, 2,000, then 4,000 a page.
    let (flat, flat_pages) = run(999).await;
    let (ramped, ramped_pages) = run(4_000).await;
    assert!(flat.rows() > 8_000, "{} rows", flat.rows());
    assert_eq!(
        rows_json(&ramped),
        rows_json(&flat),
        "the same rows, in order"
    );
    assert_eq!(
        ramped_pages as u64,
        3 + (flat.rows() as u64 - 4_000).div_ceil(4_000)
    );
    assert!(flat_pages > ramped_pages);
}
