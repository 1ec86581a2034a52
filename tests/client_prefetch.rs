//! Pages fetched ahead: while the caller handles one page the next is already asked for,
//! but never a page the walk would not have asked for (past a limit, past the count the
//! first answer announced, after an empty page), and the pages arrive in order, whole.
use std::ops::ControlFlow;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

use mastui::mast::client::PagePlan;
use mastui::mast::request::InvokeRequest;
use serde_json::json;
use tokio_util::sync::CancellationToken;

mod common;
use common::{canned_server, fast_client};

/// A server with `pages` pages of one row each, counting the requests per page.
async fn paged_server(pages: u64) -> (String, Arc<Vec<AtomicU64>>) {
    let seen: Arc<Vec<AtomicU64>> = Arc::new((0..=pages + 1).map(|_| AtomicU64::new(0)).collect());
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
async fn the_next_page_is_asked_for_while_this_one_is_handled() {
    let (base, seen) = paged_server(4).await;
    let c = fast_client(&base);
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
                if info.page < 4 {
                    // The request for the next page is on its way before this page is done
                    // with (waited for here, up to a generous bound rather than timed).
                    let until = Instant::now() + Duration::from_secs(20);
                    while seen[info.page as usize + 1].load(Ordering::SeqCst) == 0
                        && Instant::now() < until
                    {
                        std::thread::sleep(Duration::from_millis(2));
                    }
                    assert_eq!(
                        seen[info.page as usize + 1].load(Ordering::SeqCst),
                        1,
                        "page {} ahead",
                        info.page + 1
                    );
                }
                ControlFlow::Continue(())
            },
        )
        .await
        .unwrap();
    assert!(summary.complete);
    assert_eq!(order, [Some(1), Some(2), Some(3), Some(4)]);
    assert!(
        seen.iter()
            .skip(1)
            .take(4)
            .all(|c| c.load(Ordering::SeqCst) == 1),
        "each page once"
    );
    assert_eq!(
        seen[5].load(Ordering::SeqCst),
        0,
        "nothing past the last page"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn no_page_is_fetched_ahead_past_a_limit() {
    let (base, seen) = paged_server(10).await;
    let c = fast_client(&base);
    let plan = PagePlan {
        prefetch: true,
        max_rows: Some(3),
    };
    let mut rows = 0;
    c.invoke_pages(
        InvokeRequest::new("Mast.Test", json!({})).with_pagesize(1),
        plan,
        &CancellationToken::new(),
        &mut |_, resp| {
            rows += resp.table.rows();
            if rows >= 3 {
                ControlFlow::Break(())
            } else {
                ControlFlow::Continue(())
            }
        },
    )
    .await
    .unwrap();
    // Give a wrongly spawned request every chance to arrive before looking.
    tokio::time::sleep(Duration::from_millis(200)).await;
    let asked: Vec<u64> = seen.iter().map(|c| c.load(Ordering::SeqCst)).collect();
    assert_eq!(asked[1..5], [1, 1, 1, 0], "{asked:?}");
}
