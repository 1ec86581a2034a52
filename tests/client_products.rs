//! Product lists against the simulated archive: batching, merging and de-duplication,
//! adaptive batch sizes under server strain, failure and cancellation.
use std::collections::HashSet;
use std::ops::ControlFlow;
use std::time::{Duration, Instant};

use mastui::mast::MastError;
use mastui::mast::client::MastClient;
use mastui::mast::criteria::{Criteria, Term};
use mastui::mast::products::ProductList;
use mastui::mast::products_fetch::{ProductBatch, ProductFetchOptions};
use mastui::mast::retry::RetryPolicy;
use mastui::mast::search::SearchOptions;
use mastui::sim::SimHandle;
use tokio_util::sync::CancellationToken;

mod common;
use common::client;

const SCALE: u64 = 2_000;

async fn sim_opts(faults: &str, join_ms: u64) -> SimHandle {
    common::sim_opts(SCALE, faults, join_ms).await
}

/// The obsids of JWST program 1073 (15 observations in the simulator, as on MAST).
async fn program_1073(c: &MastClient) -> Vec<i64> {
    let criteria = Criteria {
        terms: vec![
            Term::new("obs_collection", "JWST"),
            Term::new("proposal_id", "1073"),
        ],
        ..Default::default()
    };
    let opts = SearchOptions {
        columns: Some(vec!["obsid".into()]),
        ..Default::default()
    };
    let mut obsids = Vec::new();
    c.search(&criteria, &opts, &CancellationToken::new(), &mut |page| {
        for r in 0..page.table.rows() {
            if let Some(o) = page.table.get(r, "obsid").as_i64() {
                obsids.push(o);
            }
        }
        ControlFlow::Continue(())
    })
    .await
    .expect("program 1073");
    obsids
}

/// Sorted unique dataURIs of a merged list.
fn uris(list: &ProductList) -> Vec<String> {
    let t = list.table();
    let mut v: Vec<String> = (0..t.rows())
        .filter_map(|r| t.get(r, "dataURI").as_str().map(str::to_string))
        .collect();
    v.sort();
    v
}

#[tokio::test]
async fn program_1073_products_are_deduplicated_with_shared_counts() {
    let sim = sim_opts("", 0).await;
    let c = client(&sim);
    let obsids = program_1073(&c).await;
    assert_eq!(obsids.len(), 15, "{obsids:?}");

    // Three lanes: 15 observations are three equal batches of 5 (MAST's advice), one each.
    let opts = ProductFetchOptions {
        pagesize: 500,
        max_in_flight: 3,
        ..Default::default()
    };
    let mut batches: Vec<ProductBatch> = Vec::new();
    let summary = c
        .fetch_products(&obsids, &opts, &CancellationToken::new(), &mut |b| {
            batches.push(b)
        })
        .await
        .expect("products");
    assert_eq!(summary.observations, 15);
    assert_eq!(summary.batches, 3);
    assert_eq!(summary.retried_batches, 0);
    assert!(
        batches
            .iter()
            .all(|b| b.obsids.len() == 5 && b.total_observations == 15)
    );
    let mut done: Vec<usize> = batches.iter().map(|b| b.done_observations).collect();
    done.sort_unstable();
    assert_eq!(done, [5, 10, 15]);
    let asked: HashSet<i64> = batches
        .iter()
        .flat_map(|b| b.obsids.iter().copied())
        .collect();
    assert_eq!(asked, obsids.iter().copied().collect());

    let list = c
        .fetch_product_list(&obsids, &opts, &CancellationToken::new())
        .await
        .expect("list");
    let unique = uris(&list);
    assert_eq!(
        unique.len(),
        list.table().rows(),
        "dataURI is unique in the merged list"
    );
    assert_eq!(list.rows_received() as u64, summary.rows);
    assert!(
        list.rows_received() > list.table().rows(),
        "shared files are listed more than once"
    );
    let shared = (0..list.table().rows())
        .filter(|&r| list.shared_by(r) > 1)
        .count();
    assert!(shared > 0, "some files are shared by several observations");
    assert!((0..list.table().rows()).all(|r| (1..=15).contains(&list.shared_by(r))));

    // One request for everything gives the same unique list.
    let single = ProductFetchOptions {
        batch_size: 20,
        max_batch: 20,
        pagesize: 100_000,
        ..Default::default()
    };
    let whole = c
        .fetch_product_list(&obsids, &single, &CancellationToken::new())
        .await
        .expect("single batch");
    assert_eq!(uris(&whole), unique);
}

#[tokio::test]
async fn batches_split_when_the_server_times_out() {
    // Each obsid costs 300 ms server-side; a call may take 900 ms: the four obsids each lane
    // is given at first never fit, two do. The fetch must shrink its batches and still
    // deliver everything.
    let sim = sim_opts("", 300).await;
    let policy = RetryPolicy {
        call_timeout: Duration::from_millis(900),
        ..RetryPolicy::fast()
    };
    let c = client(&sim).with_policy(policy);
    let obsids = program_1073(&c).await;
    let opts = ProductFetchOptions {
        batch_size: 5,
        max_in_flight: 4,
        ..Default::default()
    };
    let mut sizes = Vec::new();
    let mut list = ProductList::new();
    let summary = c
        .fetch_products(&obsids, &opts, &CancellationToken::new(), &mut |b| {
            sizes.push(b.obsids.len());
            list.merge(b.table);
        })
        .await
        .expect("adapts");
    assert!(summary.retried_batches >= 3, "{summary:?}");
    assert!(sizes.iter().all(|&n| n <= 2), "{sizes:?}");
    assert_eq!(sizes.iter().sum::<usize>(), 15);

    let clean = sim_opts("", 0).await;
    let expected = client(&clean)
        .fetch_product_list(
            &obsids,
            &ProductFetchOptions::default(),
            &CancellationToken::new(),
        )
        .await
        .expect("clean");
    assert_eq!(uris(&list), uris(&expected));
}

#[tokio::test]
async fn faults_are_survived_with_the_same_result() {
    let clean = sim_opts("", 0).await;
    let faulty = sim_opts("executing=1,error5xx=0.3,status429=0.1,drop=0.2", 0).await;
    let obsids = program_1073(&client(&clean)).await;
    let opts = ProductFetchOptions {
        batch_size: 4,
        pagesize: 300,
        ..Default::default()
    };
    let expected = client(&clean)
        .fetch_product_list(&obsids, &opts, &CancellationToken::new())
        .await
        .expect("clean");
    let got = client(&faulty)
        .fetch_product_list(&obsids, &opts, &CancellationToken::new())
        .await
        .expect("recovers");
    assert_eq!(uris(&got), uris(&expected));
    assert_eq!(got.rows_received(), expected.rows_received());
}

#[tokio::test]
async fn a_batch_that_keeps_failing_fails_the_call_clearly() {
    let clean = sim_opts("", 0).await;
    let broken = sim_opts("error5xx=1.0", 0).await;
    let obsids = program_1073(&client(&clean)).await;
    let policy = RetryPolicy {
        max_attempts: 3,
        ..RetryPolicy::fast()
    };
    let c = client(&broken).with_policy(policy);
    let mut delivered = 0;
    let started = Instant::now();
    let e = c
        .fetch_products(
            &obsids,
            &ProductFetchOptions::default(),
            &CancellationToken::new(),
            &mut |_| delivered += 1,
        )
        .await
        .expect_err("fails");
    assert!(
        matches!(
            e,
            MastError::Http {
                status: 500..=599,
                ..
            }
        ),
        "{e:?}"
    );
    assert!(e.to_string().contains("products of observation(s)"), "{e}");
    assert_eq!(delivered, 0);
    assert!(started.elapsed() < Duration::from_secs(5));
}

#[tokio::test]
async fn cancel_stops_the_fetch_promptly() {
    let clean = sim_opts("", 0).await;
    let obsids = program_1073(&client(&clean)).await;
    let slow = sim_opts("", 2_000).await;
    let c = client(&slow);
    let cancel = CancellationToken::new();
    let trigger = cancel.clone();
    tokio::spawn(async move {
        tokio::time::sleep(Duration::from_millis(200)).await;
        trigger.cancel();
    });
    let started = Instant::now();
    let mut delivered = 0;
    let e = c
        .fetch_products(
            &obsids,
            &ProductFetchOptions::default(),
            &cancel,
            &mut |_| delivered += 1,
        )
        .await
        .expect_err("cancelled");
    assert_eq!(e, MastError::Cancelled);
    assert_eq!(delivered, 0);
    assert!(started.elapsed() < Duration::from_secs(2));
}

#[tokio::test]
async fn duplicates_and_empty_input() {
    let sim = sim_opts("", 0).await;
    let c = client(&sim);
    let obsids = program_1073(&c).await;
    let doubled: Vec<i64> = obsids.iter().chain(obsids.iter()).copied().collect();
    let summary = c
        .fetch_products(
            &doubled,
            &ProductFetchOptions::default(),
            &CancellationToken::new(),
            &mut |_| {},
        )
        .await
        .expect("products");
    assert_eq!(summary.observations, 15);
    let empty = c
        .fetch_products(
            &[],
            &ProductFetchOptions::default(),
            &CancellationToken::new(),
            &mut |_| panic!("no batch expected"),
        )
        .await
        .expect("nothing to do");
    assert_eq!(empty.batches, 0);
}

#[tokio::test]
async fn batches_grow_when_the_server_answers_quickly_and_end_in_equal_rounds() {
    let sim = sim_opts("", 0).await;
    let c = client(&sim);
    let obsids = program_1073(&c).await;
    // One lane, two observations at first: a quick answer lets batches grow to 8, and the
    // 13 left are cut into two equal requests rather than 8 and a straggler of 5.
    let opts = ProductFetchOptions {
        batch_size: 2,
        max_batch: 8,
        max_in_flight: 1,
        ..Default::default()
    };
    let mut sizes = Vec::new();
    let summary = c
        .fetch_products(&obsids, &opts, &CancellationToken::new(), &mut |b| {
            sizes.push(b.obsids.len())
        })
        .await
        .expect("products");
    assert_eq!(sizes, [2, 7, 6]);
    assert_eq!(summary.final_batch_size, 8);
}
