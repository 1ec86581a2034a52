//! The catalog client against the simulated archive over loopback: every catalog's cone,
//! criteria, position with criteria, counts, paging, column checks before anything is sent,
//! HSC matches and spectra, crossmatch, faults; and the lenient reading of the answer shapes
//! MAST really sends, from a canned server.
use std::ops::ControlFlow;
use std::sync::{Arc, Mutex};

use mastui::mast::MastError;
use mastui::mast::catalogs::{
    Catalog, CatalogQuery, CatalogSummary, CrossmatchQuery, CrossmatchTarget, GaiaRelease, PsTable,
    positions::Position,
};
use mastui::mast::client::MastClient;
use mastui::mast::coords::SkyCoord;
use mastui::mast::criteria::{Criteria, Target, Term};
use mastui::mast::product_ref::ProductRef;
use mastui::mast::search::SearchOptions;
use mastui::mast::table::{Cell, Table};
use mastui::sim::SimHandle;
use tokio_util::sync::CancellationToken;

mod common;
use common::{canned_server, client, fast_client, rows_json};

const SCALE: u64 = 1_000;
const NGC1365: SkyCoord = SkyCoord {
    ra: 53.40155,
    dec: -36.14039,
};
const M101: SkyCoord = SkyCoord {
    ra: 210.80227,
    dec: 54.34895,
};

async fn sim_with(faults: &str) -> SimHandle {
    common::sim_opts(SCALE, faults, 0).await
}

/// Runs a catalog search and glues its pages together.
async fn run(c: &MastClient, q: &CatalogQuery) -> Result<(CatalogSummary, Table), MastError> {
    let mut all: Option<Table> = None;
    let summary = c
        .catalog_search(q, &CancellationToken::new(), &mut |p| {
            match &mut all {
                None => all = Some(p.table),
                Some(t) => t.append(&p.table),
            }
            ControlFlow::Continue(())
        })
        .await?;
    Ok((summary, all.unwrap_or_default()))
}

fn cone(catalog: Catalog, at: SkyCoord, radius: f64) -> CatalogQuery {
    let mut q = CatalogQuery::new(catalog);
    q.target = Some(Target::Coords(at));
    q.radius_deg = Some(radius);
    q
}

fn criteria(catalog: Catalog, terms: &[(&str, &str)]) -> CatalogQuery {
    let mut q = CatalogQuery::new(catalog);
    q.terms = terms.iter().map(|(c, v)| Term::new(*c, *v)).collect();
    q
}

/// The (ra, dec) of every row, from the named columns.
fn positions(t: &Table, ra: &str, dec: &str) -> Vec<SkyCoord> {
    (0..t.rows())
        .map(|r| SkyCoord {
            ra: t.get(r, ra).as_f64().expect("ra"),
            dec: t.get(r, dec).as_f64().expect("dec"),
        })
        .collect()
}

#[tokio::test]
async fn every_catalog_answers_a_cone_with_sources_inside_it() {
    let sim = sim_with("").await;
    let c = client(&sim);
    let cases: [(Catalog, SkyCoord, f64, &str, &str); 11] = [
        (Catalog::Tic, NGC1365, 0.05, "ra", "dec"),
        (Catalog::Ctl, M101, 0.2, "ra", "dec"),
        (Catalog::Gaia(GaiaRelease::Dr3), M101, 0.05, "ra", "dec"),
        (Catalog::Gaia(GaiaRelease::Dr2), M101, 0.05, "ra", "dec"),
        (Catalog::Hsc(3), NGC1365, 0.03, "MatchRA", "MatchDec"),
        (Catalog::Hsc(2), NGC1365, 0.03, "MatchRA", "MatchDec"),
        (Catalog::Galex, M101, 0.1, "ra", "dec"),
        (
            Catalog::Panstarrs(PsTable::Mean),
            M101,
            0.05,
            "raMean",
            "decMean",
        ),
        (
            Catalog::Panstarrs(PsTable::Stack),
            M101,
            0.05,
            "raStack",
            "decStack",
        ),
        (
            Catalog::Panstarrs(PsTable::Detection),
            M101,
            0.03,
            "ra",
            "dec",
        ),
        (Catalog::HscSpectra, NGC1365, 0.25, "RA", "Dec"),
    ];
    for (catalog, at, r, ra, dec) in cases {
        let (summary, t) = run(&c, &cone(catalog, at, r)).await.unwrap();
        assert!(t.rows() > 0, "{catalog}: no rows");
        assert!(summary.complete, "{catalog}: {summary:?}");
        assert_eq!(summary.rows, t.rows() as u64);
        for p in positions(&t, ra, dec) {
            assert!(
                at.separation(p) <= r + 1e-9,
                "{catalog}: {p:?} outside {r} deg"
            );
        }
        let n = c
            .catalog_count(&cone(catalog, at, r), &CancellationToken::new())
            .await
            .unwrap();
        assert_eq!(n, t.rows() as u64, "{catalog}: count");
    }
    // The releases are different catalogs of the same stars.
    let (_, dr3) = run(&c, &cone(Catalog::Gaia(GaiaRelease::Dr3), M101, 0.05))
        .await
        .unwrap();
    let (_, dr2) = run(&c, &cone(Catalog::Gaia(GaiaRelease::Dr2), M101, 0.05))
        .await
        .unwrap();
    assert_eq!(dr3.rows(), dr2.rows());
    assert_ne!(dr3.get(0, "source_id"), dr2.get(0, "source_id"));
    assert!(dr3.get(0, "source_id").as_i64().unwrap() > 1 << 53);
}

#[tokio::test]
async fn criteria_counts_equal_rows_and_small_pages_give_the_same_rows() {
    let sim = sim_with("").await;
    let c = client(&sim);
    let cases = [
        criteria(Catalog::Tic, &[("Tmag", "8..10"), ("lumclass", "GIANT")]),
        criteria(Catalog::Ctl, &[("Tmag", "<8"), ("objType", "STAR")]),
        criteria(
            Catalog::DiskDetective,
            &[("state", "complete"), ("classifiers", "10..15")],
        ),
        {
            let mut q = cone(Catalog::Panstarrs(PsTable::Mean), M101, 0.2);
            q.terms.push(Term::new("nDetections", ">=10"));
            q
        },
    ];
    for q in cases {
        let (summary, big) = run(&c, &q).await.unwrap();
        assert!(big.rows() > 0, "{}: nothing", q.catalog);
        assert!(summary.complete);
        let n = c
            .catalog_count(&q, &CancellationToken::new())
            .await
            .unwrap();
        assert_eq!(n, big.rows() as u64, "{}: count", q.catalog);
        // Three or four pages: each page request scans the catalog again.
        let mut small = q.clone();
        small.pagesize = (big.rows() as u64 / 3).max(1);
        let (_, paged) = run(&c, &small).await.unwrap();
        assert_eq!(rows_json(&paged), rows_json(&big), "{}: pages", q.catalog);
    }
    let (_, t) = run(
        &c,
        &criteria(Catalog::Tic, &[("Tmag", "8..10"), ("lumclass", "GIANT")]),
    )
    .await
    .unwrap();
    for r in 0..t.rows() {
        let tmag = t.get(r, "Tmag").as_f64().unwrap();
        assert!((8.0..=10.0).contains(&tmag), "{tmag}");
        assert_eq!(t.get(r, "lumclass"), Cell::Text("GIANT"));
    }
    let (_, dd) = run(
        &c,
        &criteria(Catalog::DiskDetective, &[("classifiers", "10..15")]),
    )
    .await
    .unwrap();
    for r in 0..dd.rows() {
        assert!((10..=15).contains(&dd.get(r, "classifiers").as_i64().unwrap()));
    }
}

#[tokio::test]
async fn a_position_and_criteria_together_and_a_limit() {
    let sim = sim_with("").await;
    let c = client(&sim);
    let mut q = cone(Catalog::Tic, M101, 0.15);
    q.terms.push(Term::new("Tmag", "..15"));
    q.columns = Some(vec![
        "id".into(),
        "TMAG".into(),
        "ra".into(),
        "dec".into(),
        "dstarcsec".into(),
    ]);
    let (summary, t) = run(&c, &q).await.unwrap();
    assert!(t.rows() > 3);
    assert_eq!(summary.service, "Mast.Catalogs.Filtered.Tic.Position.Rows");
    let names: Vec<&str> = t.column_names().collect();
    assert_eq!(
        names,
        ["ID", "Tmag", "ra", "dec", "dstArcSec"],
        "MAST's spelling, in the asked order"
    );
    for r in 0..t.rows() {
        assert!(t.get(r, "Tmag").as_f64().unwrap() <= 15.0);
        assert!(t.get(r, "dstArcSec").as_f64().unwrap() <= 0.15 * 3600.0);
    }
    q.limit = Some(2);
    let (summary, limited) = run(&c, &q).await.unwrap();
    assert_eq!((limited.rows(), summary.rows), (2, 2));
    assert!(!summary.complete);
    // A named target is resolved first.
    let mut named = CatalogQuery::new(Catalog::Gaia(GaiaRelease::Dr3));
    named.target = Some(Target::Name("M101".into()));
    named.radius_deg = Some(0.05);
    let (summary, t) = run(&c, &named).await.unwrap();
    assert!(t.rows() > 0);
    assert_eq!(
        summary.resolved.map(|r| r.canonical_name),
        Some("MESSIER 101".into())
    );
}

#[tokio::test]
async fn unknown_columns_are_refused_before_any_search_request() {
    let services: Arc<Mutex<Vec<String>>> = Arc::new(Mutex::new(Vec::new()));
    let seen = services.clone();
    let base = canned_server(move |path: &str, envelope: &serde_json::Value| {
        if path.contains("columnsconfig") {
            return (200, r#"{"ID": {"text": "TIC ID"}, "Tmag": {"text": "TESS Mag."}}"#.to_string());
        }
        let service = envelope["service"].as_str().unwrap_or("").to_string();
        seen.lock().unwrap().push(service.clone());
        if service == "Mast.Catalogs.All.Tic" {
            return (
                200,
                r#"{"status":"COMPLETE","data":{"Tables":[{"ExtendedProperties":{"discreteHistogram":{},
                   "continuousHistogram":{"Tmag":{"type":"numeric"},"ID":{"type":"numeric"}}},"Fields":[]}]}}"#
                    .to_string(),
            );
        }
        (200, r#"{"status":"ERROR","msg":"should not have been asked"}"#.to_string())
    })
    .await;
    let c = fast_client(&base);
    for (q, counted) in [
        (criteria(Catalog::Tic, &[("Tmga", "8..9")]), true),
        (
            {
                let mut q = criteria(Catalog::Tic, &[("Tmag", "8..9")]);
                q.columns = Some(vec!["ID".into(), "Tmagg".into()]);
                q
            },
            // A count prints no columns.
            false,
        ),
        (criteria(Catalog::Tic, &[("Tmag", "bright")]), true),
    ] {
        let e = run(&c, &q).await.expect_err("refused");
        let MastError::Input(input) = &e else {
            panic!("expected an input error, got {e:?}");
        };
        assert!(
            input.message.contains("did you mean 'Tmag'") || input.message.contains("not a number"),
            "{input}"
        );
        if counted {
            assert!(matches!(
                c.catalog_count(&q, &CancellationToken::new()).await,
                Err(MastError::Input(_))
            ));
        }
    }
    let asked = services.lock().unwrap().clone();
    assert!(!asked.is_empty());
    assert!(
        asked.iter().all(|s| s == "Mast.Catalogs.All.Tic"),
        "{asked:?}"
    );
    // Refused with no request at all: criteria where MAST takes none, a radius without a
    // position, nothing to search.
    let sim = sim_with("").await;
    let c = client(&sim);
    let mut q = cone(Catalog::Gaia(GaiaRelease::Dr3), M101, 0.1);
    q.terms.push(Term::new("phot_g_mean_mag", "..12"));
    assert!(matches!(run(&c, &q).await, Err(MastError::Input(_))));
    assert!(matches!(
        run(&c, &CatalogQuery::new(Catalog::Tic)).await,
        Err(MastError::Input(_))
    ));
    // Columns of a cone catalog are checked against its config too.
    let mut q = cone(Catalog::Gaia(GaiaRelease::Dr3), M101, 0.1);
    q.columns = Some(vec!["source_idd".into()]);
    let e = run(&c, &q).await.unwrap_err();
    assert!(e.to_string().contains("did you mean 'source_id'"), "{e}");
    let mut q = cone(Catalog::Panstarrs(PsTable::Mean), M101, 0.1);
    q.terms.push(Term::new("nDetectionz", ">=3"));
    let e = run(&c, &q).await.unwrap_err();
    assert!(e.to_string().contains("did you mean 'nDetections'"), "{e}");
}

#[tokio::test]
async fn faults_do_not_change_the_answer() {
    let clean = sim_with("").await;
    let faulty = sim_with("executing=2,error5xx=0.2,status429=0.05,drop=0.15").await;
    let mut tic = criteria(Catalog::Tic, &[("Tmag", "8..11"), ("objType", "STAR")]);
    tic.pagesize = 50;
    let mut ps = cone(Catalog::Panstarrs(PsTable::Mean), M101, 0.2);
    ps.pagesize = 20;
    let hsc = cone(Catalog::Hsc(3), NGC1365, 0.1);
    for q in [tic, ps, hsc] {
        let (_, want) = run(&client(&clean), &q).await.unwrap();
        let (summary, got) = run(&client(&faulty), &q).await.unwrap();
        assert!(summary.complete, "{}", q.catalog);
        assert_eq!(rows_json(&got), rows_json(&want), "{}", q.catalog);
    }
}

#[tokio::test]
async fn hsc_matches_and_spectra_the_download_path_takes() {
    let sim = sim_with("").await;
    let c = client(&sim);
    let (_, hsc) = run(&c, &cone(Catalog::Hsc(3), NGC1365, 0.03))
        .await
        .unwrap();
    let id = hsc.get(0, "MatchID").as_i64().unwrap();
    let mut detections = Table::default();
    let streamed = c
        .hsc_matches(3, id, None, 50_000, &CancellationToken::new(), &mut |p| {
            detections.append(&p.table);
            ControlFlow::Continue(())
        })
        .await
        .unwrap();
    assert_eq!(
        streamed.rows as i64,
        hsc.get(0, "NumImages").as_i64().unwrap()
    );
    assert!((0..detections.rows()).all(|r| detections.get(r, "MatchID").as_i64() == Some(id)));
    let (_, spectra) = run(&c, &cone(Catalog::HscSpectra, NGC1365, 0.25))
        .await
        .unwrap();
    assert!(spectra.rows() > 0);
    for r in 0..spectra.rows() {
        let p = ProductRef::from_row(&spectra, r, 1).expect("a downloadable product");
        assert!(
            p.data_uri.starts_with("mast:HLA/url/cgi-bin/"),
            "{}",
            p.data_uri
        );
        assert_eq!(p.obs_collection, "HSC");
        assert!(p.product_filename.ends_with(".fits"));
    }
    let (_, all) = run(&c, &CatalogQuery::new(Catalog::HscSpectra))
        .await
        .unwrap();
    assert!(all.rows() > spectra.rows());
}

#[tokio::test]
async fn crossmatch_says_which_input_row_each_match_belongs_to() {
    let sim = sim_with("").await;
    let c = client(&sim);
    let (_, stars) = run(&c, &cone(Catalog::Tic, M101, 0.2)).await.unwrap();
    assert!(stars.rows() > 10);
    // More positions than one upload takes: the same stars over and over.
    let inputs: Vec<Position> = (0..1_200)
        .map(|i| {
            let r = i % stars.rows();
            Position {
                row: i as u64 + 1,
                line: i as u64 + 2,
                ra: stars.get(r, "ra").as_f64().unwrap(),
                dec: stars.get(r, "dec").as_f64().unwrap(),
            }
        })
        .collect();
    let mut q = CrossmatchQuery::new(CrossmatchTarget::Catalog(Catalog::Tic), inputs.clone());
    q.radius_deg = 0.5 / 3600.0;
    let mut out = Table::default();
    let summary = c
        .crossmatch(&q, &CancellationToken::new(), &mut |p| {
            out.append(&p.table);
            ControlFlow::Continue(())
        })
        .await
        .unwrap();
    assert_eq!(summary.batches, 2);
    assert!(summary.complete);
    assert!(out.rows() >= inputs.len());
    for r in 0..out.rows() {
        let row = out.get(r, "input_row").as_i64().unwrap() as usize;
        let expected = stars.get((row - 1) % stars.rows(), "ID");
        if out.get(r, "dstArcSec").as_f64().unwrap() < 0.001 {
            assert_eq!(
                out.get(r, "ID"),
                expected,
                "input row {row} matched its own star"
            );
        }
        assert!(out.get(r, "dstArcSec").as_f64().unwrap() <= 0.5 + 1e-6);
    }
    // Observations: program 1073 around NGC 1365.
    let q = CrossmatchQuery {
        radius_deg: 0.05,
        ..CrossmatchQuery::new(
            CrossmatchTarget::Caom,
            vec![Position {
                row: 1,
                line: 2,
                ra: NGC1365.ra,
                dec: NGC1365.dec,
            }],
        )
    };
    let mut obs = Table::default();
    c.crossmatch(&q, &CancellationToken::new(), &mut |p| {
        obs.append(&p.table);
        ControlFlow::Continue(())
    })
    .await
    .unwrap();
    assert!((0..obs.rows()).any(|r| obs.get(r, "proposal_id") == Cell::Text("1073")));
}

#[tokio::test]
async fn observations_lie_around_catalog_sources() {
    let sim = sim_with("").await;
    let c = client(&sim);
    let (_, stars) = run(&c, &cone(Catalog::Tic, NGC1365, 0.1)).await.unwrap();
    let star = SkyCoord {
        ra: stars.get(0, "ra").as_f64().unwrap(),
        dec: stars.get(0, "dec").as_f64().unwrap(),
    };
    let criteria = Criteria {
        target: Some(Target::Coords(star)),
        radius_deg: Some(0.2),
        terms: Vec::new(),
    };
    let mut n = 0;
    c.search(
        &criteria,
        &SearchOptions::default(),
        &CancellationToken::new(),
        &mut |p| {
            n += p.table.rows();
            ControlFlow::Continue(())
        },
    )
    .await
    .unwrap();
    assert!(
        n >= 15,
        "JWST program 1073 lies around NGC 1365's stars: {n}"
    );
}

/// MAST's answers as recorded: ids declared string holding integers beyond 2^53, padded
/// strings, `_selected_`, keys missing from a row, -999 for "no value".
#[tokio::test]
async fn answers_are_read_leniently() {
    let base = canned_server(|path: &str, envelope: &serde_json::Value| {
        if path.contains("columnsconfig") {
            return (200, "{}".to_string());
        }
        if path.contains("/panstarrs/") {
            return (
                200,
                r#"{"info":[{"name":"objname","type":"char","db_type":"STRING"},
                            {"name":"objID","type":"long","db_type":"NUMBER"},
                            {"name":"iMeanApMag","type":"float","db_type":"NUMBER"},
                            {"name":"surveyID","type":"unsignedByte","db_type":"NUMBER"}],
                    "data":[["PSO J002353.230-323148.612","68960059717834079",20.2718,0],
                            ["PSO J002352.896-323150.314","68960059703893517",-999,0]]}"#
                    .to_string(),
            );
        }
        let body = match envelope["service"].as_str().unwrap_or("") {
            "Mast.Catalogs.Tic.Cone" => r#"{"status":"COMPLETE","msg":"","data":[
                {"ID":10000732589,"version":"20171221","HIP":null,"TWOMASS":"16573094-0405387","SDSS":1237668629461992674,
                 "ra":254.378937,"dec":-4.09411,"Tmag":16.328,"objType":"EXTENDED","TWOMflag":"   -   -   -  0-0- ","objID":353285958,"_selected_":null},
                {"ID":841736289,"ra":254.4,"dec":-4.1,"Tmag":"12.5"}],
              "fields":[{"name":"ID","type":"string"},{"name":"version","type":"string"},{"name":"HIP","type":"int"},
                        {"name":"TWOMASS","type":"string"},{"name":"SDSS","type":"string"},{"name":"ra","type":"float"},
                        {"name":"dec","type":"float"},{"name":"Tmag","type":"float"},{"name":"objType","type":"string"},
                        {"name":"TWOMflag","type":"string"},{"name":"objID","type":"string"},{"name":"_selected_","type":"boolean"}],
              "paging":{"page":1,"pageSize":50000,"pagesFiltered":1,"rows":2,"rowsFiltered":2,"rowsTotal":2}}"#,
            "Mast.Catalogs.DiskDetective.Cone" => r#"{"status":"COMPLETE","data":[
                {"designation":"J165749.79-040315.1","G_source_id":4365646553433558144,"P_iMeanPSFMagErr":-999,"P_gMeanPSFMagErr":0.00985,"A_contamination":-999}],
              "fields":[{"name":"designation","type":"string"},{"name":"G_source_id","type":"string"},
                        {"name":"P_iMeanPSFMagErr","type":"float"},{"name":"P_gMeanPSFMagErr","type":"float"},{"name":"A_contamination","type":"int"}]}"#,
            "Mast.Hsc.Db.v3" => r#"{"status":"COMPLETE","data":[{"MatchID":82441651,"DSigma":0},{"MatchID":82441652,"DSigma":36.19}],
              "fields":[{"name":"MatchID","type":"int"},{"name":"DSigma","type":"float"}],
              "paging":{"page":1,"pageSize":50000,"pagesFiltered":1,"rows":2,"rowsFiltered":50000,"rowsTotal":50000}}"#,
            _ => r#"{"status":"ERROR","msg":"unexpected"}"#,
        };
        (200, body.to_string())
    })
    .await;
    let c = fast_client(&base);
    let at = SkyCoord {
        ra: 254.38,
        dec: -4.09,
    };
    let (_, tic) = run(&c, &cone(Catalog::Tic, at, 0.1)).await.unwrap();
    assert_eq!(tic.get(0, "ID"), Cell::Int(10000732589));
    assert_eq!(
        tic.get(0, "SDSS"),
        Cell::Int(1237668629461992674),
        "beyond 2^53, exact"
    );
    assert_eq!(
        tic.get(0, "TWOMflag"),
        Cell::Text("   -   -   -  0-0- "),
        "spaces kept"
    );
    assert_eq!(tic.get(1, "version"), Cell::Null, "a missing key is null");
    assert_eq!(tic.get(1, "Tmag").as_f64(), Some(12.5));
    assert!(tic.column("_selected_").is_none());
    let (_, dd) = run(&c, &cone(Catalog::DiskDetective, at, 0.1))
        .await
        .unwrap();
    assert_eq!(dd.get(0, "G_source_id"), Cell::Int(4365646553433558144));
    assert_eq!(
        dd.get(0, "P_iMeanPSFMagErr"),
        Cell::Null,
        "-999 means no value"
    );
    assert_eq!(dd.get(0, "P_gMeanPSFMagErr").as_f64(), Some(0.00985));
    assert_eq!(
        dd.get(0, "A_contamination"),
        Cell::Int(-999),
        "ints keep their -999"
    );
    let (_, ps) = run(&c, &cone(Catalog::Panstarrs(PsTable::Mean), at, 0.1))
        .await
        .unwrap();
    assert_eq!(
        ps.get(0, "objID"),
        Cell::Int(68960059717834079),
        "a long sent as text"
    );
    assert_eq!(ps.get(1, "objID"), Cell::Int(68960059703893517));
    assert_eq!(ps.get(1, "iMeanApMag"), Cell::Null);
    assert_eq!(
        ps.get(0, "objname"),
        Cell::Text("PSO J002353.230-323148.612")
    );
    // HSC answered its row cap: the summary says the cone may hold more.
    let (summary, hsc) = run(&c, &cone(Catalog::Hsc(3), at, 0.1)).await.unwrap();
    assert_eq!(hsc.get(0, "DSigma").as_f64(), Some(0.0));
    assert_eq!(summary.capped, Some(50_000));
}
