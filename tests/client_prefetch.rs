//! Pages fetched ahead: while the caller handles one page the next is already asked for,
//! but never a page the walk would not have asked for (past a limit, past the count the
//! first answer announced, after an empty page), and the pages arrive in order, whole.
use std::ops::ControlFlow;
use std::sync::atomic::Ordering;
use std::time::{Duration, Instant};

mod common;
use common::{fast_client, paged_server, walk_pages};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_next_page_is_asked_for_while_this_one_is_handled() {
    let (base, seen) = paged_server(4).await;
    let c = fast_client(&base);
    let mut order = Vec::new();
    let summary = walk_pages(&c, 1, None, &mut |info, resp| {
        order.push(resp.table.get(0, "n").as_i64());
        if info.page < 4 {
            // The request for the next page is on its way before this page is done
            // with (waited for here, up to a generous bound rather than timed).
            let until = Instant::now() + Duration::from_secs(20);
            while seen[info.page as usize + 1].load(Ordering::SeqCst) == 0 && Instant::now() < until
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
    })
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
    let mut rows = 0;
    walk_pages(&c, 1, Some(3), &mut |_, resp| {
        rows += resp.table.rows();
        if rows >= 3 {
            ControlFlow::Break(())
        } else {
            ControlFlow::Continue(())
        }
    })
    .await
    .unwrap();
    // Give a wrongly spawned request every chance to arrive before looking.
    tokio::time::sleep(Duration::from_millis(200)).await;
    let asked: Vec<u64> = seen.iter().map(|c| c.load(Ordering::SeqCst)).collect();
    assert_eq!(asked[1..5], [1, 1, 1, 0], "{asked:?}");
}
