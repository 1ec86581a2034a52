//! The observation search against the simulated archive: service choice, counts, paging,
//! limits, column choice, and criteria refused before any request.
use std::ops::ControlFlow;
use std::time::Duration;

use mastui::mast::MastError;
use mastui::mast::client::MastClient;
use mastui::mast::coords::SkyCoord;
use mastui::mast::criteria::{Criteria, Target, Term};
use mastui::mast::retry::RetryPolicy;
use mastui::mast::search::{DEFAULT_RADIUS_DEG, SearchOptions, SearchPage, SearchSummary};
use mastui::mast::table::Table;
use mastui::sim::SimHandle;
use tokio_util::sync::CancellationToken;

mod common;
use common::{canned_server, client, fast_client, rows_json};

const SCALE: u64 = 3_000;

async fn sim_with(faults: &str) -> SimHandle {
    common::sim_opts(SCALE, faults, 0).await
}

fn terms(pairs: &[(&str, &str)]) -> Vec<Term> {
    pairs.iter().map(|(c, v)| Term::new(*c, *v)).collect()
}

/// Runs a search and glues its pages together.
async fn run(
    c: &MastClient,
    criteria: &Criteria,
    opts: &SearchOptions,
) -> Result<(SearchSummary, Table, Vec<SearchPage>), MastError> {
    let mut pages = Vec::new();
    let summary = c
        .search(criteria, opts, &CancellationToken::new(), &mut |p| {
            pages.push(p);
            ControlFlow::Continue(())
        })
        .await?;
    let mut all = Table::default();
    for (i, p) in pages.iter().enumerate() {
        if i == 0 {
            all = p.table.clone();
        } else {
            all.append(&p.table);
        }
    }
    Ok((summary, all, pages))
}

#[tokio::test]
async fn terms_only_search_matches_its_count_and_pages_concatenate() {
    let sim = sim_with("").await;
    let c = client(&sim);
    let criteria = Criteria {
        terms: terms(&[("obs_collection", "JWST")]),
        ..Default::default()
    };
    let count = c
        .count(&criteria, &CancellationToken::new())
        .await
        .expect("count");
    assert!(count > 40, "{count}");
    let big = SearchOptions::default();
    let (summary, whole, pages) = run(&c, &criteria, &big).await.expect("search");
    assert_eq!(summary.service, "Mast.Caom.Filtered");
    assert_eq!(pages.len(), 1);
    assert_eq!(whole.rows() as u64, count);
    assert_eq!((summary.rows, summary.rows_filtered), (count, count));
    assert!(summary.complete);
    assert!(summary.position.is_none() && summary.resolved.is_none());
    for r in 0..whole.rows() {
        assert_eq!(whole.get(r, "obs_collection").as_str(), Some("JWST"));
    }

    let small = SearchOptions {
        pagesize: 17,
        ..Default::default()
    };
    let (summary, paged, pages) = run(&c, &criteria, &small).await.expect("paged search");
    assert!(pages.len() > 2);
    assert_eq!(summary.pages_fetched, pages.len() as u64);
    assert!(
        pages
            .iter()
            .all(|p| p.pages == pages.len() as u64 && p.rows_filtered == count)
    );
    assert_eq!(rows_json(&paged), rows_json(&whole));
}

#[tokio::test]
async fn named_target_resolves_then_cones() {
    let sim = sim_with("executing=1").await;
    let c = client(&sim);
    let criteria = Criteria {
        target: Some(Target::Name("M101".into())),
        ..Default::default()
    };
    let count = c
        .count(&criteria, &CancellationToken::new())
        .await
        .expect("count");
    let (summary, table, _) = run(&c, &criteria, &SearchOptions::default())
        .await
        .expect("search");
    assert_eq!(summary.service, "Mast.Caom.Cone");
    let resolved = summary.resolved.expect("resolved");
    assert_eq!(resolved.canonical_name, "MESSIER 101");
    assert_eq!(summary.radius_deg, Some(DEFAULT_RADIUS_DEG));
    let centre = summary.position.expect("position");
    assert!((centre.ra - 210.80227).abs() < 1e-3);
    assert_eq!(table.rows() as u64, count);
    assert!(count > 0, "the simulator places observations on M101");
}

#[tokio::test]
async fn coordinates_and_terms_use_filtered_position() {
    let sim = sim_with("").await;
    let c = client(&sim);
    let criteria = Criteria {
        target: Some(Target::Coords(SkyCoord {
            ra: 210.80227,
            dec: 54.34895,
        })),
        radius_deg: Some(0.5),
        terms: terms(&[("obs_collection", "HST,JWST")]),
    };
    let count = c
        .count(&criteria, &CancellationToken::new())
        .await
        .expect("count");
    let opts = SearchOptions {
        pagesize: 5,
        ..Default::default()
    };
    let (summary, table, _) = run(&c, &criteria, &opts).await.expect("search");
    assert_eq!(summary.service, "Mast.Caom.Filtered.Position");
    assert_eq!(summary.radius_deg, Some(0.5));
    assert_eq!(table.rows() as u64, count);
    for r in 0..table.rows() {
        let coll = table.get(r, "obs_collection");
        assert!(matches!(coll.as_str(), Some("HST" | "JWST")), "{coll:?}");
    }
}

#[tokio::test]
async fn limit_stops_paging_and_cuts_the_last_page() {
    let sim = sim_with("").await;
    let c = client(&sim);
    let criteria = Criteria {
        terms: terms(&[("obs_collection", "JWST")]),
        ..Default::default()
    };
    let opts = SearchOptions {
        pagesize: 10,
        limit: Some(25),
        columns: None,
    };
    let (summary, table, pages) = run(&c, &criteria, &opts).await.expect("search");
    assert_eq!(table.rows(), 25);
    assert_eq!(
        pages.iter().map(|p| p.table.rows()).collect::<Vec<_>>(),
        [10, 10, 5]
    );
    assert_eq!(summary.rows, 25);
    assert_eq!(summary.pages_fetched, 3);
    assert!(!summary.complete);
    assert!(summary.rows_filtered > 25);

    // A limit below the page size asks for a smaller page, and gets the first rows.
    let (_, first, _) = run(
        &c,
        &criteria,
        &SearchOptions {
            pagesize: 10,
            limit: Some(4),
            columns: None,
        },
    )
    .await
    .expect("search");
    assert_eq!(rows_json(&first), rows_json(&table)[..4]);
}

#[tokio::test]
async fn columns_option_narrows_the_answer() {
    let sim = sim_with("").await;
    let c = client(&sim);
    let opts = SearchOptions {
        columns: Some(vec!["obsid".into(), "obs_id".into()]),
        limit: Some(5),
        ..Default::default()
    };
    let by_terms = Criteria {
        terms: terms(&[("obs_collection", "HST")]),
        ..Default::default()
    };
    let (_, t, _) = run(&c, &by_terms, &opts).await.expect("search");
    assert_eq!(t.column_names().collect::<Vec<_>>(), ["obsid", "obs_id"]);
    assert_eq!(t.rows(), 5);
    // The cone service takes no columns: projected on our side.
    let by_cone = Criteria {
        target: Some(Target::Name("M101".into())),
        ..Default::default()
    };
    let (_, t, _) = run(&c, &by_cone, &opts).await.expect("cone search");
    assert_eq!(t.column_names().collect::<Vec<_>>(), ["obsid", "obs_id"]);
}

#[tokio::test]
async fn unknown_column_is_refused_before_any_invoke_request() {
    // Every invoke answers 5xx here (the columns config is served normally): had the client
    // sent a lookup or a search first, the error would be an HTTP one, and slow.
    let sim = sim_with("error5xx=1.0").await;
    let c = client(&sim);
    let criteria = Criteria {
        target: Some(Target::Name("M101".into())),
        radius_deg: None,
        terms: terms(&[("obs_colection", "JWST")]),
    };
    let mut called = false;
    let e = c
        .search(
            &criteria,
            &SearchOptions::default(),
            &CancellationToken::new(),
            &mut |_| {
                called = true;
                ControlFlow::Continue(())
            },
        )
        .await
        .expect_err("refused");
    let MastError::Input(input) = &e else {
        panic!("expected an input error, got {e:?}");
    };
    assert!(input.to_string().contains("obs_collection"), "{input}");
    assert!(!called);
    // Refused before any invoke request (the columns config has its own route).
    assert_eq!(sim.invoke_count(), 0);
    assert!(matches!(
        c.count(&criteria, &CancellationToken::new()).await,
        Err(MastError::Input(_))
    ));
    // The same criteria spelled right do reach the (failing) invoke endpoint.
    let fixed = Criteria {
        terms: terms(&[("obs_collection", "JWST")]),
        ..Default::default()
    };
    let policy = RetryPolicy {
        max_attempts: 2,
        ..RetryPolicy::fast()
    };
    let e = c
        .with_policy(policy)
        .count(&fixed, &CancellationToken::new())
        .await
        .expect_err("5xx");
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
}

#[tokio::test]
async fn empty_criteria_and_bad_radius_are_input_errors() {
    let sim = sim_with("").await;
    let c = client(&sim);
    let e = c
        .count(&Criteria::default(), &CancellationToken::new())
        .await
        .expect_err("empty");
    assert!(matches!(e, MastError::Input(_)), "{e:?}");
    assert!(e.to_string().contains("at least one criterion"), "{e}");
    let bad = Criteria {
        target: Some(Target::Coords(SkyCoord { ra: 1.0, dec: 2.0 })),
        radius_deg: Some(-1.0),
        terms: Vec::new(),
    };
    assert!(matches!(
        c.count(&bad, &CancellationToken::new()).await,
        Err(MastError::Input(_))
    ));
}

#[tokio::test]
async fn search_recovers_from_faults() {
    let clean = sim_with("").await;
    let faulty = sim_with("executing=2,error5xx=0.2,status429=0.1,drop=0.2").await;
    let criteria = Criteria {
        terms: terms(&[("obs_collection", "TESS")]),
        ..Default::default()
    };
    let opts = SearchOptions {
        pagesize: 40,
        ..Default::default()
    };
    let (_, expected, _) = run(&client(&clean), &criteria, &opts).await.expect("clean");
    let (summary, got, _) = run(&client(&faulty), &criteria, &opts)
        .await
        .expect("faulty");
    assert!(summary.complete);
    assert!(expected.rows() > 40);
    assert_eq!(rows_json(&got), rows_json(&expected));
}

/// A columns config knowing obs_collection, for servers that are not the simulator.
fn columns_config() -> String {
    r#"{"obs_collection": {"vot.datatype": "char", "separator": ";"}}"#.to_string()
}

fn page_answer(page: u64, pages_filtered: u64, rows: usize) -> String {
    let data: Vec<String> = (0..rows)
        .map(|i| format!(r#"{{"obsid": {}}}"#, page * 100 + i as u64))
        .collect();
    format!(
        r#"{{"status": "COMPLETE", "msg": "", "data": [{}], "fields": [{{"name": "obsid", "type": "string"}}],
            "paging": {{"page": {page}, "pageSize": 1, "pagesFiltered": {pages_filtered}, "rows": {rows},
                        "rowsFiltered": {pages_filtered}, "rowsTotal": {pages_filtered}}}}}"#,
        data.join(",")
    )
}

#[tokio::test]
async fn paging_that_never_ends_is_bounded() {
    let requests = std::sync::Arc::new(std::sync::atomic::AtomicU64::new(0));
    let seen = requests.clone();
    // Every page claims one more page than itself.
    let growing = canned_server(move |path, env| {
        if path.contains("columnsconfig") {
            return (200, columns_config());
        }
        // A count (asked for the row cap when the first page is slow or fails) is not a page.
        if env["params"]["columns"] != "COUNT_BIG(*)" {
            seen.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        }
        let page = env["page"].as_u64().unwrap_or(1);
        (200, page_answer(page, page + 1, 1))
    })
    .await;
    let criteria = Criteria {
        terms: terms(&[("obs_collection", "X")]),
        ..Default::default()
    };
    let bounded = |base: String| {
        let criteria = criteria.clone();
        async move {
            // Without a bound these searches never end: fail rather than hang.
            tokio::time::timeout(
                Duration::from_secs(20),
                run(&fast_client(&base), &criteria, &SearchOptions::default()),
            )
            .await
            .expect("paging ends")
            .expect("a bounded answer")
        }
    };
    let (summary, all, _) = bounded(growing).await;
    assert_eq!(
        all.rows(),
        2,
        "no page past the first answer's pagesFiltered"
    );
    assert_eq!(requests.load(std::sync::atomic::Ordering::Relaxed), 2);
    assert!(!summary.complete);

    // Empty pages while claiming 10^15 of them.
    let empty = canned_server(|path, env| {
        if path.contains("columnsconfig") {
            return (200, columns_config());
        }
        let page = env["page"].as_u64().unwrap_or(1);
        (200, page_answer(page, 1_000_000_000_000_000, 0))
    })
    .await;
    let (summary, all, pages) = bounded(empty).await;
    assert_eq!((all.rows(), pages.len()), (0, 1));
    assert!(!summary.complete);
}

#[tokio::test]
async fn hostile_answers_fail_with_a_message_not_a_hang_or_a_blowup() {
    let server = canned_server(|path, env| {
        if path.contains("columnsconfig") {
            return (200, columns_config());
        }
        match env["params"]["filters"][0]["values"][0].as_str() {
            // A maintenance page with status 200.
            Some("HTML") => (200, "<html><body>Down for maintenance</body></html>".into()),
            // A new key on every row: would be 5,000 columns padded with nulls.
            _ => {
                let rows: Vec<String> = (0..5_000).map(|i| format!(r#"{{"k{i}": 1}}"#)).collect();
                (
                    200,
                    format!(r#"{{"status": "COMPLETE", "data": [{}]}}"#, rows.join(",")),
                )
            }
        }
    })
    .await;
    let c = fast_client(&server);
    let criteria = |v: &str| Criteria {
        terms: terms(&[("obs_collection", v)]),
        ..Default::default()
    };
    let opts = SearchOptions::default();
    let e = run(&c, &criteria("HTML"), &opts).await.unwrap_err();
    assert!(
        matches!(&e, MastError::Protocol { message, .. } if message.contains("HTML page") && message.contains("maintenance")),
        "{e}"
    );
    let e = run(&c, &criteria("WIDE"), &opts).await.unwrap_err();
    assert!(e.to_string().contains("distinct columns"), "{e}");
}
