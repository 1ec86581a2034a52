//! The invoke client against the simulated archive over 127.0.0.1: polling, retries under
//! faults, errors, cancellation, deadlines, paging, the small services, and the token's
//! confinement to the base host.
use std::ops::ControlFlow;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use mastui::mast::MastError;
use mastui::mast::client::{MastClient, PageInfo};
use mastui::mast::request::InvokeRequest;
use mastui::mast::response::{InvokeResponse, Status};
use mastui::mast::retry::RetryPolicy;
use mastui::mast::table::Table;
use mastui::sim::{self, SimHandle, SimOptions};
use serde_json::json;
use tokio_util::sync::CancellationToken;

mod common;
use common::{Reply, canned_server, client, fast_client, rows_json};

const SCALE: u64 = 3_000;

async fn sim_with(faults: &str) -> SimHandle {
    common::sim_opts(SCALE, faults, 0).await
}

fn jwst_request(pagesize: u64) -> InvokeRequest {
    InvokeRequest::new(
        "Mast.Caom.Filtered",
        json!({"columns": "*", "filters": [{"paramName": "obs_collection", "values": ["JWST"]}]}),
    )
    .with_pagesize(pagesize)
}

async fn all_pages(c: &MastClient, req: InvokeRequest) -> (Table, Vec<PageInfo>) {
    let mut table: Option<Table> = None;
    let mut infos = Vec::new();
    let cancel = CancellationToken::new();
    let summary = c
        .invoke_all(req, &cancel, &mut |info, resp: InvokeResponse| {
            infos.push(info);
            match &mut table {
                None => table = Some(resp.table),
                Some(t) => t.append(&resp.table),
            }
            ControlFlow::Continue(())
        })
        .await
        .expect("all pages");
    assert!(summary.complete);
    assert_eq!(summary.pages_fetched as usize, infos.len());
    (table.unwrap_or_default(), infos)
}

#[tokio::test]
async fn executing_polls_until_complete() {
    let sim = sim_with("executing=3").await;
    let c = client(&sim);
    let r = c
        .invoke_page(&jwst_request(10), &CancellationToken::new())
        .await
        .expect("complete after polls");
    assert_eq!(r.status, Status::Complete);
    assert_eq!(r.table.rows(), 10);
    let p = r.paging.expect("paging");
    assert!(p.rows_filtered > 10);
}

#[tokio::test]
async fn server_errors_and_rate_limits_recover() {
    let clean = sim_with("").await;
    let faulty = sim_with("error5xx=0.3,status429=0.2").await;
    let expected = client(&clean)
        .invoke_page(&jwst_request(20), &CancellationToken::new())
        .await
        .expect("clean");
    let c = client(&faulty);
    for _ in 0..12 {
        let r = c
            .invoke_page(&jwst_request(20), &CancellationToken::new())
            .await
            .expect("recovers from 5xx and 429");
        assert_eq!(rows_json(&r.table), rows_json(&expected.table));
    }
}

#[tokio::test]
async fn dropped_connections_recover() {
    let clean = sim_with("").await;
    let faulty = sim_with("drop=0.3").await;
    let (expected, _) = all_pages(&client(&clean), jwst_request(25)).await;
    let (got, _) = all_pages(&client(&faulty), jwst_request(25)).await;
    assert!(expected.rows() > 50);
    assert_eq!(rows_json(&got), rows_json(&expected));
}

#[tokio::test]
async fn error_answer_surfaces_mast_message_without_retry() {
    let sim = sim_with("").await;
    let c = client(&sim);
    let req = InvokeRequest::new("Mast.Caom.Cone", json!({"dec": 1.0, "radius": 0.1}));
    let started = Instant::now();
    let e = c
        .invoke_page(&req, &CancellationToken::new())
        .await
        .expect_err("ERROR answer");
    match &e {
        MastError::Server { service, msg } => {
            assert_eq!(service, "Mast.Caom.Cone");
            assert_eq!(msg, "Request Object is Missing Required Parameter : RA");
        }
        other => panic!("expected Server, got {other:?}"),
    }
    assert!(!e.is_transient());
    assert!(started.elapsed() < Duration::from_secs(2));
}

#[tokio::test]
async fn http_4xx_is_not_retried() {
    let sim = sim_with("").await;
    let policy = RetryPolicy {
        base_delay: Duration::from_secs(5),
        ..RetryPolicy::fast()
    };
    // A base with a path prefix the sim does not serve: every endpoint answers 404.
    let c = MastClient::new(&format!("{}/nowhere", sim.base_url))
        .expect("client")
        .with_policy(policy);
    let started = Instant::now();
    let e = c
        .invoke_page(&jwst_request(5), &CancellationToken::new())
        .await
        .expect_err("404");
    assert!(matches!(e, MastError::Http { status: 404, .. }), "{e:?}");
    assert!(
        started.elapsed() < Duration::from_secs(2),
        "a 404 must not be retried"
    );
}

#[tokio::test]
async fn cancel_mid_job_returns_promptly() {
    let sim = sim_with("executing=100000").await;
    let c = MastClient::new(&sim.base_url).expect("client"); // default (slow) polling pace
    let cancel = CancellationToken::new();
    let trigger = cancel.clone();
    tokio::spawn(async move {
        tokio::time::sleep(Duration::from_millis(300)).await;
        trigger.cancel();
    });
    let started = Instant::now();
    let e = c
        .invoke_page(&jwst_request(5), &cancel)
        .await
        .expect_err("cancelled");
    assert_eq!(e, MastError::Cancelled);
    let took = started.elapsed();
    assert!(
        took >= Duration::from_millis(250) && took < Duration::from_secs(2),
        "{took:?}"
    );
}

#[tokio::test]
async fn cancel_during_a_slow_answer() {
    let sim = sim::start(SimOptions {
        scale: SCALE,
        latency_ms: 10_000,
        ..Default::default()
    })
    .await
    .expect("sim");
    let c = client(&sim);
    let cancel = CancellationToken::new();
    let trigger = cancel.clone();
    tokio::spawn(async move {
        tokio::time::sleep(Duration::from_millis(200)).await;
        trigger.cancel();
    });
    let started = Instant::now();
    let e = c
        .invoke_page(&jwst_request(5), &cancel)
        .await
        .expect_err("cancelled");
    assert_eq!(e, MastError::Cancelled);
    assert!(started.elapsed() < Duration::from_secs(2));
}

#[tokio::test]
async fn overall_deadline_gives_timeout() {
    let sim = sim_with("executing=100000").await;
    let policy = RetryPolicy {
        deadline: Duration::from_millis(400),
        ..RetryPolicy::fast()
    };
    let c = client(&sim).with_policy(policy);
    let started = Instant::now();
    let e = c
        .invoke_page(&jwst_request(5), &CancellationToken::new())
        .await
        .expect_err("deadline");
    match e {
        MastError::Timeout { what, after } => {
            assert_eq!(what, "Mast.Caom.Filtered");
            assert_eq!(after, Duration::from_millis(400));
        }
        other => panic!("expected Timeout, got {other:?}"),
    }
    let took = started.elapsed();
    assert!(took < Duration::from_secs(2), "{took:?}");
}

#[tokio::test]
async fn per_call_timeout_retries_then_gives_up() {
    let sim = sim::start(SimOptions {
        scale: SCALE,
        latency_ms: 5_000,
        ..Default::default()
    })
    .await
    .expect("sim");
    let policy = RetryPolicy {
        call_timeout: Duration::from_millis(100),
        max_attempts: 3,
        ..RetryPolicy::fast()
    };
    let c = client(&sim).with_policy(policy);
    let started = Instant::now();
    let e = c
        .invoke_page(&jwst_request(5), &CancellationToken::new())
        .await
        .expect_err("timeout");
    assert!(matches!(e, MastError::Timeout { .. }), "{e:?}");
    let took = started.elapsed();
    assert!(
        took >= Duration::from_millis(300) && took < Duration::from_secs(3),
        "{took:?}"
    );
}

#[tokio::test]
async fn pages_concatenate_to_the_single_big_page() {
    let sim = sim_with("").await;
    let c = client(&sim);
    let (big, big_infos) = all_pages(&c, jwst_request(100_000)).await;
    assert_eq!(big_infos.len(), 1);
    let (paged, infos) = all_pages(&c, jwst_request(37)).await;
    assert!(
        infos.len() > 2,
        "expected several pages, got {}",
        infos.len()
    );
    assert_eq!(rows_json(&paged), rows_json(&big));
    let names: Vec<&str> = paged.column_names().collect();
    assert_eq!(names, big.column_names().collect::<Vec<_>>());
    for (i, info) in infos.iter().enumerate() {
        assert_eq!(info.page, i as u64 + 1);
        assert_eq!(info.pages, infos.len() as u64);
        assert_eq!(info.rows_filtered, big.rows() as u64);
    }
    assert_eq!(infos.last().map(|i| i.rows_so_far), Some(big.rows() as u64));
}

#[tokio::test]
async fn paging_stops_when_the_callback_breaks() {
    let sim = sim_with("").await;
    let c = client(&sim);
    let mut seen = 0;
    let summary = c
        .invoke_all(
            jwst_request(10),
            &CancellationToken::new(),
            &mut |info, _| {
                seen += 1;
                if info.page == 2 {
                    ControlFlow::Break(())
                } else {
                    ControlFlow::Continue(())
                }
            },
        )
        .await
        .expect("paged");
    assert_eq!(seen, 2);
    assert_eq!(summary.pages_fetched, 2);
    assert!(!summary.complete);
    assert!(summary.pages > 2);
}

#[tokio::test]
async fn columns_config_is_fetched_once_and_shared() {
    let sim = sim_with("").await;
    let c = client(&sim);
    let cancel = CancellationToken::new();
    let c2 = c.clone();
    let (a, b) = tokio::join!(c.columns_config(&cancel), c2.columns_config(&cancel));
    let (a, b) = (a.expect("config"), b.expect("config"));
    assert!(Arc::ptr_eq(&a, &b));
    assert_eq!(a.canonical_name("OBS_COLLECTION"), Some("obs_collection"));
    // Served from the cache even when the server is gone.
    drop(sim);
    let again = c.columns_config(&cancel).await.expect("cached");
    assert!(Arc::ptr_eq(&a, &again));
}

#[tokio::test]
async fn names_resolve_or_are_refused() {
    let sim = sim_with("executing=1").await;
    let c = client(&sim);
    let cancel = CancellationToken::new();
    let m101 = c
        .resolve_name("M101", &cancel)
        .await
        .expect("M101 resolves");
    assert_eq!(m101.canonical_name, "MESSIER 101");
    assert!((m101.ra - 210.80227).abs() < 1e-3, "{}", m101.ra);
    assert!((m101.dec - 54.34895).abs() < 1e-3, "{}", m101.dec);
    let e = c
        .resolve_name("Definitely Not A Galaxy 12345", &cancel)
        .await
        .expect_err("unknown");
    assert_eq!(
        e,
        MastError::NotResolved {
            name: "Definitely Not A Galaxy 12345".into()
        }
    );
    assert_eq!(e.exit_code(), 2);
    assert!(matches!(
        c.resolve_name("  ", &cancel).await,
        Err(MastError::Input(_))
    ));
}

#[tokio::test]
async fn missions_and_whoami() {
    let sim = sim_with("").await;
    let c = client(&sim);
    let cancel = CancellationToken::new();
    let missions = c.missions(&cancel).await.expect("missions");
    let names: Vec<&str> = missions.iter().map(|m| m.name.as_str()).collect();
    assert!(
        names.contains(&"JWST") && names.contains(&"HST"),
        "{names:?}"
    );
    assert!(missions.iter().all(|m| m.count > 0));
    let who = c.whoami(&cancel).await.expect("whoami");
    assert_eq!(who["anon"], json!(true));
}

/// Each request's path and `Authorization` header, as a recorder saw them.
type Seen = Arc<Mutex<Vec<(String, Option<String>)>>>;

/// A loopback server that answers `/start` with a redirect to `target` and records the
/// `Authorization` header of every request it sees, per path.
async fn recorder(target: Option<String>) -> (String, Seen) {
    use axum::http::{HeaderMap, StatusCode, Uri, header};
    use axum::response::IntoResponse;
    let seen: Seen = Arc::default();
    let log = seen.clone();
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let port = listener.local_addr().expect("addr").port();
    let target = target.map(|t| t.replace("{port}", &port.to_string()));
    let app = axum::Router::new().fallback(move |uri: Uri, headers: HeaderMap| {
        let log = log.clone();
        let target = target.clone();
        async move {
            let auth = headers
                .get(header::AUTHORIZATION)
                .and_then(|v| v.to_str().ok())
                .map(str::to_string);
            log.lock()
                .expect("log")
                .push((uri.path().to_string(), auth));
            match (uri.path(), target) {
                ("/whoami", Some(t)) => {
                    (StatusCode::TEMPORARY_REDIRECT, [(header::LOCATION, t)], "").into_response()
                }
                _ => (StatusCode::OK, r#"{"anon": false}"#).into_response(),
            }
        }
    });
    tokio::spawn(async move {
        let _ = axum::serve(listener, app).await;
    });
    (format!("http://127.0.0.1:{port}"), seen)
}

#[tokio::test]
async fn token_goes_to_the_base_only_never_across_a_redirect() {
    let (other, other_seen) = recorder(None).await;
    let (base, base_seen) = recorder(Some(format!("{other}/landing"))).await;
    let c = MastClient::new(&base)
        .expect("client")
        .with_policy(RetryPolicy::fast())
        .with_token(Some("secret-token-123".into()));
    assert!(!format!("{c:?}").contains("secret-token-123"));
    let who = c.whoami(&CancellationToken::new()).await.expect("followed");
    assert_eq!(who["anon"], json!(false));
    let base_seen = base_seen.lock().expect("log").clone();
    assert_eq!(
        base_seen,
        [(
            "/whoami".to_string(),
            Some("token secret-token-123".to_string())
        )]
    );
    let other_seen = other_seen.lock().expect("log").clone();
    assert_eq!(other_seen, [("/landing".to_string(), None)]);

    // Same port, other host name: localhost is not 127.0.0.1.
    let (base, seen) = recorder(Some("http://localhost:{port}/landing".into())).await;
    let c = MastClient::new(&base)
        .expect("client")
        .with_policy(RetryPolicy::fast())
        .with_token(Some("secret-token-123".into()));
    if c.whoami(&CancellationToken::new()).await.is_ok() {
        let seen = seen.lock().expect("log").clone();
        assert_eq!(seen[0].1.as_deref(), Some("token secret-token-123"));
        assert_eq!(
            seen.get(1),
            Some(&("/landing".to_string(), None)),
            "{seen:?}"
        );
    }
}

const COMPLETE: &str = r#"{"status": "COMPLETE", "msg": "", "data": [{"obsid": 1}],
    "fields": [{"name": "obsid", "type": "string"}]}"#;

/// A server answering `first` to the first `failures` requests, then COMPLETE; it notes
/// when each request arrived.
async fn failing_then_ok(
    failures: usize,
    first: impl Fn() -> Reply + Send + Sync + 'static,
) -> (String, Arc<Mutex<Vec<Instant>>>) {
    let seen: Arc<Mutex<Vec<Instant>>> = Arc::default();
    let log = seen.clone();
    let base = canned_server(move |_, _| {
        let mut log = log.lock().expect("log");
        log.push(Instant::now());
        if log.len() <= failures {
            first()
        } else {
            (200, COMPLETE.to_string()).into()
        }
    })
    .await;
    (base, seen)
}

#[tokio::test]
async fn retry_after_is_honoured_and_capped() {
    let (base, seen) = failing_then_ok(1, || Reply {
        status: 429,
        headers: vec![("Retry-After", "3600".into())],
        body: "slow down".into(),
    })
    .await;
    // Backoff alone would wait about a millisecond; the server's hour is capped to 300 ms.
    let policy = RetryPolicy {
        base_delay: Duration::from_millis(1),
        max_delay: Duration::from_millis(2),
        retry_after_cap: Duration::from_millis(300),
        ..RetryPolicy::fast()
    };
    let c = fast_client(&base).with_policy(policy);
    let r = c
        .invoke_page(&jwst_request(5), &CancellationToken::new())
        .await
        .expect("second try succeeds");
    assert_eq!(r.table.rows(), 1);
    let seen = seen.lock().expect("log").clone();
    assert_eq!(seen.len(), 2);
    let gap = seen[1] - seen[0];
    assert!(gap >= Duration::from_millis(290), "waited only {gap:?}");
    assert!(gap < Duration::from_secs(10), "the cap held: {gap:?}");
}

#[tokio::test]
async fn retries_stop_after_max_attempts_with_the_last_error() {
    let (base, seen) =
        failing_then_ok(usize::MAX, || (502, "bad gateway".to_string()).into()).await;
    let policy = RetryPolicy {
        max_attempts: 3,
        ..RetryPolicy::fast()
    };
    let e = fast_client(&base)
        .with_policy(policy)
        .invoke_page(&jwst_request(5), &CancellationToken::new())
        .await
        .expect_err("502 every time");
    assert!(
        matches!(&e, MastError::Http { status: 502, body, .. } if body == "bad gateway"),
        "{e:?}"
    );
    assert_eq!(seen.lock().expect("log").len(), 3);
}

#[tokio::test]
async fn unauthorized_is_not_retried_and_says_what_to_do() {
    let (base, seen) = failing_then_ok(usize::MAX, || (401, String::new()).into()).await;
    let e = fast_client(&base)
        .invoke_page(&jwst_request(5), &CancellationToken::new())
        .await
        .expect_err("401");
    assert!(matches!(e, MastError::Http { status: 401, .. }), "{e:?}");
    assert!(e.to_string().contains("mastui login"), "{e}");
    assert_eq!(seen.lock().expect("log").len(), 1);
}
