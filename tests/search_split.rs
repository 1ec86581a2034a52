//! A search matching more rows than the server answers in one query, against a simulator
//! whose cap is set low (`--row-cap`): it is split by t_min from counts, every row arrives
//! once, and rows no split can reach are counted, not silently dropped.
use std::collections::HashSet;
use std::ops::ControlFlow;
use std::process::Command;

use mastui::mast::client::MastClient;
use mastui::mast::criteria::{Criteria, Term};
use mastui::mast::retry::RetryPolicy;
use mastui::mast::search::{SearchOptions, SearchSummary};
use mastui::mast::table::Table;
use mastui::sim::{SimHandle, SimOptions};
use tokio_util::sync::CancellationToken;

mod common;

const SCALE: u64 = 3_000;
const CAP: u64 = 400;

async fn sim(row_cap: Option<u64>) -> SimHandle {
    mastui::sim::start(SimOptions {
        scale: SCALE,
        row_cap,
        ..Default::default()
    })
    .await
    .expect("sim")
}

fn client(sim: &SimHandle, row_cap: u64) -> MastClient {
    MastClient::new(&sim.base_url)
        .expect("client")
        .with_policy(RetryPolicy {
            row_cap,
            // A query the simulator resets is not retried for long.
            max_attempts: 2,
            ..RetryPolicy::fast()
        })
}

fn science() -> Criteria {
    Criteria {
        terms: vec![Term::new("intentType", "science")],
        ..Default::default()
    }
}

async fn run(c: &MastClient, pagesize: u64) -> (SearchSummary, Table, Vec<u64>) {
    let mut whole = Table::default();
    let mut pages = Vec::new();
    let opts = SearchOptions {
        pagesize,
        ..SearchOptions::default()
    };
    let summary = c
        .search(&science(), &opts, &CancellationToken::new(), &mut |p| {
            pages.push(p.page);
            common::glue(&mut whole, p.table);
            ControlFlow::Continue(())
        })
        .await
        .expect("search");
    (summary, whole, pages)
}

fn obsids(t: &Table) -> Vec<i64> {
    (0..t.rows())
        .map(|r| t.get(r, "obsid").as_i64().expect("obsid"))
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_over_cap_search_is_split_with_no_row_lost_and_none_twice() {
    let open = sim(None).await;
    let (whole, expected, _) = run(&client(&open, 0), 500).await;
    assert!(whole.complete && whole.parts == 1);
    assert!(
        whole.rows > 2 * CAP,
        "the search must be over the cap: {}",
        whole.rows
    );
    let no_t_min = (0..expected.rows())
        .filter(|r| expected.get(*r, "t_min").is_null())
        .count() as u64;

    let capped = sim(Some(CAP)).await;
    // Asked in one query, the capped simulator refuses.
    assert!(
        client(&capped, 0)
            .search(
                &science(),
                &SearchOptions::default(),
                &CancellationToken::new(),
                &mut |_| ControlFlow::Continue(())
            )
            .await
            .is_err(),
        "one query above the cap is reset"
    );
    let (summary, got, pages) = run(&client(&capped, CAP), 150).await;
    assert!(summary.parts >= 3, "{summary:?}");
    assert_eq!(summary.rows_filtered, whole.rows);
    assert_eq!(summary.left_out, no_t_min);
    assert_eq!(summary.rows + summary.left_out, whole.rows, "{summary:?}");
    assert_eq!(summary.complete, no_t_min == 0);
    let ids = obsids(&got);
    let unique: HashSet<i64> = ids.iter().copied().collect();
    assert_eq!(unique.len(), ids.len(), "no row twice");
    let reachable: HashSet<i64> = (0..expected.rows())
        .filter(|r| !expected.get(*r, "t_min").is_null())
        .map(|r| expected.get(r, "obsid").as_i64().expect("obsid"))
        .collect();
    assert_eq!(unique, reachable, "no row lost");
    // Pages are numbered across the whole, parts one after another.
    assert_eq!(pages, (1..=pages.len() as u64).collect::<Vec<_>>());
}

#[test]
fn the_binary_splits_and_says_so() {
    let rt = tokio::runtime::Runtime::new().expect("runtime");
    let capped = rt.block_on(sim(Some(CAP)));
    let out = Command::new(env!("CARGO_BIN_EXE_mastui"))
        .args([
            "--server",
            &capped.base_url,
            "search",
            "--where",
            "intentType=science",
            "--format",
            "jsonl",
            "--columns",
            "obsid,t_min",
        ])
        .env("MASTUI_ROW_CAP", CAP.to_string())
        .env("MASTUI_RETRIES", "2")
        .output()
        .expect("runs");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stderr}");
    assert!(
        stderr.contains("more than MAST answers in one query") && stderr.contains("parts by t_min"),
        "{stderr}"
    );
    let lines = String::from_utf8_lossy(&out.stdout).lines().count();
    let ids: HashSet<String> = String::from_utf8_lossy(&out.stdout)
        .lines()
        .map(str::to_string)
        .collect();
    assert_eq!(ids.len(), lines, "no row twice");
    assert!(lines as u64 > 2 * CAP);

    let bad = Command::new(env!("CARGO_BIN_EXE_mastui"))
        .args([
            "--server",
            &capped.base_url,
            "search",
            "--where",
            "intentType=science",
        ])
        .env("MASTUI_ROW_CAP", "lots")
        .output()
        .expect("runs");
    assert_eq!(bad.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&bad.stderr).contains("MASTUI_ROW_CAP"));
}
