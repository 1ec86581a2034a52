//! The missions search client against `mastui sim` on 127.0.0.1 (reqwest, real HTTP), and
//! the simulator's answers read raw: limits, paging with offset, conditions, cones, product
//! lists, and names refused before any search is sent.
use std::ops::ControlFlow;

use mastui::mast::coords::SkyCoord;
use mastui::mast::criteria::Target;
use mastui::mast::error::MastError;
use mastui::mast::missions_search::query::MissionQuery;
use mastui::mast::table::Table;
use serde_json::{Value, json};
use tokio_util::sync::CancellationToken;

mod common;

async fn collect(
    c: &mastui::mast::client::MastClient,
    q: &MissionQuery,
) -> (Table, mastui::mast::missions_search::client::MissionSummary) {
    let mut all = Table::default();
    let summary = c
        .mission_search(q, &CancellationToken::new(), &mut |t| {
            all.append(&t);
            ControlFlow::Continue(())
        })
        .await
        .expect("search");
    (all, summary)
}

async fn post(base: &str, path: &str, body: Value) -> (u16, Value) {
    let r = reqwest::Client::new()
        .post(format!("{base}{path}"))
        .header("Content-Type", "application/json")
        .body(body.to_string())
        .send()
        .await
        .expect("send");
    let status = r.status().as_u16();
    let bytes = r.bytes().await.expect("body");
    (status, serde_json::from_slice(&bytes).expect("json"))
}

fn ngc1365() -> SkyCoord {
    SkyCoord {
        ra: 53.40155,
        dec: -36.14039,
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn paging_with_offset_delivers_every_row_once_beyond_the_5000_row_limit() {
    let sim = common::sim_opts(60_000, "", 0).await;
    let c = common::client(&sim);
    // The simulator answers at most 5,000 rows a request, whatever the limit asks.
    let (status, one) = post(
        &sim.base_url,
        "/search/jwst/api/v0.1/search",
        json!({"limit": 9000, "offset": 0, "conditions": [{"instrume": "NIRCAM,MIRI,NIRSPEC,NIRISS,FGS"}]}),
    )
    .await;
    assert_eq!(status, 200);
    let total = one["totalResults"].as_u64().unwrap();
    assert!(
        total > 5_000,
        "the archive holds more JWST datasets than one page: {total}"
    );
    assert_eq!(one["results"].as_array().unwrap().len(), 5_000);
    assert_eq!(one["search_params"]["limit"], 5000);
    let q = MissionQuery {
        mission: "jwst".into(),
        conditions: vec![("instrume".into(), "NIRCAM,MIRI,NIRSPEC,NIRISS,FGS".into())],
        columns: vec!["fileSetName".into(), "instrume".into()],
        ..Default::default()
    };
    let (t, s) = collect(&c, &q).await;
    assert_eq!(s.total, total);
    assert_eq!(t.rows() as u64, total, "every row delivered");
    assert!(s.complete && !s.capped);
    assert_eq!(s.requests, total.div_ceil(5_000));
    let mut names: Vec<String> = (0..t.rows())
        .map(|r| t.get(r, "fileSetName").to_string())
        .collect();
    names.sort();
    names.dedup();
    assert_eq!(names.len() as u64, total, "no row twice across pages");
    // A limit is honoured and said: capped, not complete.
    let (t, s) = collect(
        &c,
        &MissionQuery {
            limit: Some(5_100),
            ..q.clone()
        },
    )
    .await;
    assert_eq!(t.rows(), 5_100);
    assert!(s.capped && !s.complete);
    // Pages cut by offset are the same rows as one answer holds, in the same order.
    let (_, a) = post(
        &sim.base_url,
        "/search/jwst/api/v0.1/search",
        json!({"limit": 40, "offset": 0, "conditions": [{"instrume": "MIRI"}], "select_cols": ["fileSetName"]}),
    )
    .await;
    let mut paged = Vec::new();
    for off in (0..40).step_by(7) {
        let (_, p) = post(
            &sim.base_url,
            "/search/jwst/api/v0.1/search",
            json!({"limit": 7, "offset": off, "conditions": [{"instrume": "MIRI"}], "select_cols": ["fileSetName"]}),
        )
        .await;
        paged.extend(p["results"].as_array().unwrap().iter().cloned());
    }
    paged.truncate(40);
    assert_eq!(&paged, a["results"].as_array().unwrap());
}

#[tokio::test(flavor = "multi_thread")]
async fn cones_and_conditions_mean_what_they_say() {
    let sim = common::sim_opts(20_000, "", 0).await;
    let c = common::client(&sim);
    let q = MissionQuery {
        mission: "jwst".into(),
        targets: vec![Target::Coords(ngc1365())],
        radius_arcmin: Some(2.0),
        ..Default::default()
    };
    let (t, s) = collect(&c, &q).await;
    assert!(t.rows() >= 15, "program 1073 lies there: {}", t.rows());
    assert!(s.complete);
    for r in 0..t.rows() {
        let sep = t.get(r, "ang_sep").as_f64().unwrap();
        assert!(sep <= 2.0 + 1e-9, "row {r} is {sep}' away");
        let (ra, dec) = (
            t.get(r, "targ_ra").as_f64().unwrap(),
            t.get(r, "targ_dec").as_f64().unwrap(),
        );
        let d = SkyCoord { ra, dec }.to_owned();
        let dd =
            ((d.ra - ngc1365().ra) * ngc1365().dec.to_radians().cos()).hypot(d.dec - ngc1365().dec);
        assert!(
            (dd * 60.0 - sep).abs() < 0.01,
            "ang_sep {sep} vs {}",
            dd * 60.0
        );
    }
    // Conditions: a number, a range, a wildcard and a negation, AND'ed.
    let q = MissionQuery {
        mission: "jwst".into(),
        conditions: vec![
            ("program".into(), "1073".into()),
            ("duration".into(), "1000..1500".into()),
            ("opticalElements".into(), "F*".into()),
            ("opticalElements".into(), "!F277W".into()),
        ],
        ..Default::default()
    };
    let (t, _) = collect(&c, &q).await;
    assert!(t.rows() > 0);
    for r in 0..t.rows() {
        assert_eq!(t.get(r, "program").as_i64(), Some(1073));
        let d = t.get(r, "duration").as_f64().unwrap();
        assert!((1000.0..=1500.0).contains(&d), "{d}");
        let f = t.get(r, "opticalElements").to_string();
        assert!(f.starts_with('F') && f != "F277W", "{f}");
    }
    // HST: padded instrument names are read without their blanks; dates compare.
    let q = MissionQuery {
        mission: "hst".into(),
        conditions: vec![
            ("sci_instrume".into(), "WFC3,ACS".into()),
            ("sci_start_time".into(), "<2015".into()),
        ],
        limit: Some(300),
        ..Default::default()
    };
    let (t, _) = collect(&c, &q).await;
    assert!(t.rows() > 0);
    for r in 0..t.rows() {
        let inst = t.get(r, "sci_instrume").to_string();
        assert!(inst == "WFC3" || inst == "ACS", "{inst:?}");
        assert!(t.get(r, "sci_start_time").to_string().as_str() < "2015");
    }
    // The count is the search's own total.
    let n = c
        .mission_count(
            &MissionQuery {
                limit: None,
                ..q.clone()
            },
            &CancellationToken::new(),
        )
        .await
        .unwrap();
    let (all, _) = collect(&c, &MissionQuery { limit: None, ..q }).await;
    assert_eq!(n, all.rows() as u64);
}

#[tokio::test(flavor = "multi_thread")]
async fn wrong_names_are_refused_before_any_search_and_limits_by_the_server() {
    let sim = common::sim_opts(3_000, "", 0).await;
    let c = common::client(&sim);
    let cancel = CancellationToken::new();
    let bad = MissionQuery {
        mission: "hst".into(),
        conditions: vec![("SCI_INSTRUME".into(), "ACS".into())],
        ..Default::default()
    };
    let e = c.mission_count(&bad, &cancel).await.unwrap_err();
    let MastError::Input(e) = e else {
        panic!("{e:?}")
    };
    assert!(e.message.contains("did you mean 'sci_instrume'"), "{e}");
    let e = c
        .mission_count(
            &MissionQuery {
                mission: "tess".into(),
                ..bad.clone()
            },
            &cancel,
        )
        .await
        .unwrap_err();
    assert_eq!(e.exit_code(), 2, "{e}");
    // What the server itself refuses: a cone wider than 30', more than 100 targets, an
    // unknown column (astroquery turns any 400 into InvalidQueryError).
    let (s, b) = post(
        &sim.base_url,
        "/search/hst/api/v0.1/search",
        json!({"target": ["10 10"], "radius": 45, "radius_units": "arcminutes"}),
    )
    .await;
    assert_eq!(s, 400, "{b}");
    let targets: Vec<String> = (0..101).map(|i| format!("{} 0", i as f64 * 0.5)).collect();
    let (s, _) = post(
        &sim.base_url,
        "/search/hst/api/v0.1/search",
        json!({"target": targets}),
    )
    .await;
    assert_eq!(s, 400);
    let (s, b) = post(
        &sim.base_url,
        "/search/hst/api/v0.1/search",
        json!({"conditions": [{"SCI_INSTRUME": "ACS"}]}),
    )
    .await;
    assert_eq!(s, 400);
    assert!(b["error"].as_str().unwrap().contains("SCI_INSTRUME"));
    // The client splits 150 positions into requests of at most 100.
    let targets: Vec<Target> = (0..150)
        .map(|i| {
            Target::Coords(SkyCoord {
                ra: f64::from(i) * 2.0,
                dec: 0.0,
            })
        })
        .collect();
    let q = MissionQuery {
        mission: "hst".into(),
        targets,
        ..Default::default()
    };
    let (_, s) = collect(&c, &q).await;
    assert_eq!(s.requests, 2);
}

#[tokio::test(flavor = "multi_thread")]
async fn product_lists_are_deduplicated_and_downloadable_both_ways() {
    let sim = common::sim_opts(3_000, "", 0).await;
    let c = common::client(&sim);
    let cancel = CancellationToken::new();
    let q = MissionQuery {
        mission: "jwst".into(),
        conditions: vec![("program".into(), "1073".into())],
        ..Default::default()
    };
    let (t, _) = collect(&c, &q).await;
    let datasets: Vec<String> = (0..t.rows())
        .map(|r| t.get(r, "fileSetName").to_string())
        .collect();
    assert_eq!(datasets.len(), 15);
    let mut twice = datasets.clone();
    twice.extend(datasets.iter().cloned());
    let list = c.mission_products("jwst", &twice, &cancel).await.unwrap();
    assert!(list.rows() > 15);
    let mut names: Vec<String> = (0..list.rows())
        .map(|r| list.get(r, "productFilename").to_string())
        .collect();
    let n = names.len();
    names.sort();
    names.dedup();
    assert_eq!(names.len(), n, "each file once");
    // The raw answer lists shared files under each dataset; the client keeps one.
    let (_, raw) = post(
        &sim.base_url,
        "/search/jwst/api/v0.1/post_list_products",
        json!({"dataset_ids": datasets}),
    )
    .await;
    assert!(raw["products"].as_array().unwrap().len() >= list.rows());
    // One file: the same bytes from retrieve_product (astroquery's route) and from the
    // file service by its mast: URI (mastui's).
    let row = (0..list.rows())
        .find(|&r| list.get(r, "dataRights").to_string() == "PUBLIC")
        .unwrap();
    let uri = list.get(row, "uri").to_string();
    let data_uri = list.get(row, "dataURI").to_string();
    let size = list.get(row, "size").as_i64().unwrap() as usize;
    let http = reqwest::Client::new();
    let a = http
        .get(format!(
            "{}/search/jwst/api/v0.1/retrieve_product",
            sim.base_url
        ))
        .query(&[("product_name", &uri)])
        .send()
        .await
        .unwrap()
        .bytes()
        .await
        .unwrap();
    let b = http
        .get(mastui::mast::download::download_url(
            &sim.base_url,
            &data_uri,
        ))
        .send()
        .await
        .unwrap()
        .bytes()
        .await
        .unwrap();
    assert_eq!(a.len(), size);
    assert_eq!(a, b);
    assert!(a.starts_with(b"SIMPLE  ="));
    // Unknown datasets give no rows, not an error.
    let none = c
        .mission_products("jwst", &["jw99999-nope".to_string()], &cancel)
        .await
        .unwrap();
    assert_eq!(none.rows(), 0);
}
