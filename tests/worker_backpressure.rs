//! The worker holds result pages back while the UI has not taken the earlier ones in: with
//! one credit, a search's second page does not come until the first is given back, pages
//! still come in order and all of them, and a search waiting for a credit stops when it is
//! cancelled. Against the simulated archive on loopback, with the real worker.
use std::time::Duration;

use mastui::app::{Cmd, Msg, ReqId};
use mastui::mast::client::MastClient;
use mastui::mast::criteria::{Criteria, Term};
use mastui::sim::{SimOptions, start};
use mastui::worker::Worker;
use mastui::worker::credits::Credits;
use tokio::sync::mpsc::{UnboundedReceiver, unbounded_channel};

fn program_1073() -> Criteria {
    Criteria {
        target: None,
        radius_deg: None,
        terms: vec![Term {
            column: "proposal_id".into(),
            value: "1073".into(),
        }],
    }
}

async fn next(rx: &mut UnboundedReceiver<Msg>) -> Msg {
    tokio::time::timeout(Duration::from_secs(20), rx.recv())
        .await
        .expect("an answer in time")
        .expect("channel open")
}

/// Nothing bulk arrives for a while (the worker is holding it back).
async fn held_back(rx: &mut UnboundedReceiver<Msg>) {
    let quiet = tokio::time::timeout(Duration::from_millis(400), async {
        loop {
            let m = rx.recv().await.expect("channel open");
            if m.is_bulk() {
                return m;
            }
        }
    })
    .await;
    assert!(quiet.is_err(), "a page came without a credit: {quiet:?}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn pages_wait_for_the_ui_and_come_in_order() {
    let sim = start(SimOptions::default()).await.expect("sim");
    let client = MastClient::new(&sim.base_url).expect("client");
    let (tx, mut rx) = unbounded_channel();
    let credits = Credits::new(1);
    let mut w = Worker::new(client, tx).with_credits(credits.clone());
    // 15 observations in pages of 5: three pages.
    w.run(Cmd::Search {
        req: ReqId(1),
        criteria: program_1073(),
        pagesize: 5,
    });
    let mut pages = Vec::new();
    loop {
        match next(&mut rx).await {
            Msg::SearchPage { page, table, .. } => {
                pages.push((page, table.rows()));
                assert_eq!(credits.available(), 0);
                if pages.len() < 3 {
                    held_back(&mut rx).await;
                }
                // The UI takes the page in.
                credits.give_back(1);
            }
            Msg::SearchDone { result, .. } => {
                assert!(result.is_ok(), "{result:?}");
                break;
            }
            _ => {}
        }
    }
    assert_eq!(pages, vec![(1, 5), (2, 5), (3, 5)]);
    assert_eq!(credits.available(), 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_search_waiting_for_a_credit_stops_when_cancelled() {
    let sim = start(SimOptions::default()).await.expect("sim");
    let client = MastClient::new(&sim.base_url).expect("client");
    let (tx, mut rx) = unbounded_channel();
    let credits = Credits::new(0);
    let mut w = Worker::new(client, tx).with_credits(credits.clone());
    w.run(Cmd::Search {
        req: ReqId(7),
        criteria: program_1073(),
        pagesize: 5,
    });
    held_back(&mut rx).await;
    w.run(Cmd::Cancel(ReqId(7)));
    // The job stops waiting: a credit given now stays unused (a job still waiting would
    // take it and send its page), and nothing bulk comes.
    tokio::time::sleep(Duration::from_millis(200)).await;
    credits.give_back(1);
    held_back(&mut rx).await;
    assert_eq!(
        credits.available(),
        1,
        "the cancelled search took the credit"
    );
}
