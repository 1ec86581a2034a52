//! The simulated catalogs over real HTTP on loopback, read as raw JSON (no mastui client in
//! between): answers that mean what they say. Cones hold only the sources inside them and
//! every one of those; criteria hold; pages slice one fixed order; counts equal rows; the
//! catalogs agree with each other and with the observations; big ids stay exact.

use std::collections::HashSet;

use mastui::sim::{self, SimHandle, SimOptions};
use serde_json::{Value, json};

const SCALE: u64 = 1_000;

async fn start(faults: &str) -> SimHandle {
    sim::start(SimOptions {
        scale: SCALE,
        faults: faults.parse().unwrap(),
        ..SimOptions::default()
    })
    .await
    .unwrap()
}

fn http() -> reqwest::Client {
    reqwest::Client::builder().no_proxy().build().unwrap()
}

async fn invoke_raw(base: &str, req: &Value) -> reqwest::Response {
    let body = format!(
        "request={}",
        percent_encoding::utf8_percent_encode(&req.to_string(), percent_encoding::NON_ALPHANUMERIC)
    );
    http()
        .post(format!("{base}/api/v0/invoke"))
        .header("Content-Type", "application/x-www-form-urlencoded")
        .body(body)
        .send()
        .await
        .unwrap()
}

async fn invoke(base: &str, req: Value) -> Value {
    let r = invoke_raw(base, &req).await;
    assert_eq!(r.status().as_u16(), 200);
    serde_json::from_slice(&r.bytes().await.unwrap()).unwrap()
}

fn req(service: &str, params: Value, page: u64, pagesize: u64) -> Value {
    json!({"service": service, "params": params, "format": "json", "page": page,
           "pagesize": pagesize, "cacheBreaker": format!("{service}-{page}-{pagesize}")})
}

async fn json_of(r: reqwest::Response) -> Value {
    serde_json::from_slice(&r.bytes().await.unwrap()).unwrap()
}

fn rows(v: &Value) -> &Vec<Value> {
    v["data"].as_array().expect("data is a list")
}

fn sep(ra1: f64, dec1: f64, ra2: f64, dec2: f64) -> f64 {
    mastui::sim::filters::separation(ra1, dec1, ra2, dec2)
}

fn num(v: &Value) -> f64 {
    v.as_f64().unwrap_or_else(|| panic!("not a number: {v}"))
}

const NGC1365: (f64, f64) = (53.40155, -36.14039);
const M101: (f64, f64) = (210.80227, 54.34895);

#[tokio::test]
async fn a_cone_holds_every_source_inside_it_and_nothing_else() {
    let sim = start("").await;
    let cone = |r: f64| json!({"ra": NGC1365.0, "dec": NGC1365.1, "radius": r});
    let small = invoke(
        &sim.base_url,
        req("Mast.Catalogs.Tic.Cone", cone(0.05), 1, 50_000),
    )
    .await;
    let big = invoke(
        &sim.base_url,
        req("Mast.Catalogs.TIC.Cone", cone(0.15), 1, 50_000),
    )
    .await;
    assert!(rows(&small).len() > 5, "{}", rows(&small).len());
    for r in rows(&small) {
        let d = sep(NGC1365.0, NGC1365.1, num(&r["ra"]), num(&r["dec"]));
        assert!(d <= 0.05, "{d}");
        assert!(
            (num(&r["dstArcSec"]) - d * 3600.0).abs() < 1e-3,
            "dstArcSec is the distance"
        );
        // `ID` is declared string and sent as an integer, as MAST does.
        assert!(r["ID"].is_i64());
    }
    let ids = |v: &Value, within: f64| -> HashSet<i64> {
        rows(v)
            .iter()
            .filter(|r| sep(NGC1365.0, NGC1365.1, num(&r["ra"]), num(&r["dec"])) <= within)
            .map(|r| r["ID"].as_i64().unwrap())
            .collect()
    };
    // Every source of the big cone within the small radius is in the small cone.
    assert_eq!(ids(&big, 0.05), ids(&small, 1.0));
    let fields: Vec<&str> = small["fields"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["name"].as_str().unwrap())
        .collect();
    assert_eq!(fields.len(), 90);
    assert_eq!(
        (fields[0], fields[88], fields[89]),
        ("ID", "objID", "dstArcSec")
    );
    assert_eq!(small["fields"][0]["type"], "string");
    // A missing parameter is MAST's own error, in-band.
    let e = invoke(
        &sim.base_url,
        req("Mast.Catalogs.Tic.Cone", json!({"ra": 1, "dec": 2}), 1, 10),
    )
    .await;
    assert_eq!(e["status"], "ERROR");
    assert!(e["msg"].as_str().unwrap().contains("RADIUS"));
}

#[tokio::test]
async fn criteria_hold_counts_equal_rows_and_pages_slice_one_order() {
    let sim = start("").await;
    let filters = json!([{"paramName": "Tmag", "values": [{"min": 8, "max": 10}]},
                         {"paramName": "lumclass", "values": ["GIANT"]}]);
    let params = |columns: &str| json!({"columns": columns, "filters": filters});
    let all = invoke(
        &sim.base_url,
        req("Mast.Catalogs.Filtered.Tic.Rows", params("*"), 1, 50_000),
    )
    .await;
    let n = rows(&all).len();
    assert!(n > 20, "{n}");
    for r in rows(&all) {
        let t = num(&r["Tmag"]);
        assert!((8.0..=10.0).contains(&t), "{t}");
        assert_eq!(r["lumclass"], "GIANT");
    }
    assert_eq!(all["paging"]["rowsFiltered"], n);
    let count = invoke(
        &sim.base_url,
        req("Mast.Catalogs.Filtered.Tic", params("COUNT_BIG(*)"), 1, 10),
    )
    .await;
    assert_eq!(rows(&count)[0]["Column1"], n);
    // Pages of 7 rows, glued together, are the one big page.
    let mut glued = Vec::new();
    let mut page = 1;
    loop {
        let p = invoke(
            &sim.base_url,
            req("Mast.Catalogs.Filtered.Tic.Rows", params("*"), page, 7),
        )
        .await;
        glued.extend(rows(&p).iter().cloned());
        if page >= p["paging"]["pagesFiltered"].as_u64().unwrap() {
            break;
        }
        page += 1;
    }
    assert_eq!(&glued, rows(&all));
    // Selected columns come in the asked order; a bad name is MAST's SQL error.
    let some = invoke_raw(
        &sim.base_url,
        &req("Mast.Catalogs.Filtered.Tic.Rows", params("Tmag,ID"), 1, 3),
    )
    .await
    .text()
    .await
    .unwrap();
    assert!(some.contains("\"data\":[{\"Tmag\":"), "{some}");
    assert!(some.contains("\"fields\":[{\"name\":\"Tmag\""), "{some}");
    let bad = invoke(
        &sim.base_url,
        req(
            "Mast.Catalogs.Filtered.Tic.Rows",
            json!({"columns": "*", "filters": [{"paramName": "Tmagg", "values": ["1"]}]}),
            1,
            3,
        ),
    )
    .await;
    assert_eq!(bad["msg"], "Invalid column name 'Tmagg'.");
}

#[tokio::test]
async fn position_and_criteria_together_and_the_ctl_and_disk_detective() {
    let sim = start("").await;
    let f = json!([{"paramName": "Tmag", "values": [{"min": 6, "max": 14}]}]);
    let p = invoke(
        &sim.base_url,
        req(
            "Mast.Catalogs.Filtered.Tic.Position.Rows",
            json!({"ra": M101.0, "dec": M101.1, "radius": 0.1, "columns": "*", "filters": f}),
            1,
            50_000,
        ),
    )
    .await;
    assert!(!rows(&p).is_empty());
    for r in rows(&p) {
        assert!(sep(M101.0, M101.1, num(&r["ra"]), num(&r["dec"])) <= 0.1);
        assert!((6.0..=14.0).contains(&num(&r["Tmag"])));
    }
    // The CTL is the part of the TIC with a priority.
    let ctl = invoke(
        &sim.base_url,
        req(
            "Mast.Catalogs.Ctl.Cone",
            json!({"ra": M101.0, "dec": M101.1, "radius": 0.2}),
            1,
            50_000,
        ),
    )
    .await;
    assert!(!rows(&ctl).is_empty());
    assert!(rows(&ctl).iter().all(|r| r["priority"].is_number()));
    let dd = invoke(
        &sim.base_url,
        req(
            "Mast.Catalogs.Filtered.DiskDetective",
            json!({"filters": [{"paramName": "state", "values": ["complete"]},
                               {"paramName": "designation", "values": [], "freeText": "J03%"}]}),
            1,
            50_000,
        ),
    )
    .await;
    assert!(!rows(&dd).is_empty());
    for r in rows(&dd) {
        assert_eq!(r["state"], "complete");
        assert!(r["designation"].as_str().unwrap().starts_with("J03"));
    }
}

#[tokio::test]
async fn the_catalogs_agree_with_each_other_and_with_the_observations() {
    let sim = start("").await;
    let cone = json!({"ra": M101.0, "dec": M101.1, "radius": 0.05});
    let tic = invoke(
        &sim.base_url,
        req("Mast.Catalogs.Tic.Cone", cone.clone(), 1, 50_000),
    )
    .await;
    let gaia = invoke(
        &sim.base_url,
        req("Mast.Catalogs.GaiaDR3.Cone", cone.clone(), 1, 50_000),
    )
    .await;
    let ps: Value = json_of(
        http()
            .get(format!(
                "{}/api/v0.1/panstarrs/dr2/mean.json?ra={}&dec={}&radius=0.05",
                sim.base_url, M101.0, M101.1
            ))
            .send()
            .await
            .unwrap(),
    )
    .await;
    let ps_info: Vec<&str> = ps["info"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["name"].as_str().unwrap())
        .collect();
    let (ps_ra, ps_dec) = (
        ps_info.iter().position(|n| *n == "raMean").unwrap(),
        ps_info.iter().position(|n| *n == "decMean").unwrap(),
    );
    let nearest = |ra: f64, dec: f64, pts: &[(f64, f64)]| {
        pts.iter()
            .map(|(a, b)| sep(ra, dec, *a, *b) * 3600.0)
            .fold(f64::INFINITY, f64::min)
    };
    let gaia_pts: Vec<(f64, f64)> = rows(&gaia)
        .iter()
        .map(|r| (num(&r["ra"]), num(&r["dec"])))
        .collect();
    let ps_pts: Vec<(f64, f64)> = rows(&ps)
        .iter()
        .filter(|r| r[ps_ra].as_f64().is_some_and(|x| x != -999.0))
        .map(|r| (num(&r[ps_ra]), num(&r[ps_dec])))
        .collect();
    let mut checked = 0;
    for r in rows(&tic)
        .iter()
        .filter(|r| r["GAIAmag"].as_f64().is_some_and(|g| g < 19.0))
    {
        let (ra, dec) = (num(&r["ra"]), num(&r["dec"]));
        assert!(
            nearest(ra, dec, &gaia_pts) < 0.1,
            "no Gaia source by TIC {}",
            r["ID"]
        );
        if r["Tmag"]
            .as_f64()
            .is_some_and(|t| (13.0..18.0).contains(&t))
        {
            assert!(
                nearest(ra, dec, &ps_pts) < 0.2,
                "no Pan-STARRS source by TIC {}",
                r["ID"]
            );
        }
        checked += 1;
    }
    assert!(checked > 3, "{checked}");
    // Observations around a catalog source: the target's own pictures are there (NGC 1365
    // always has JWST program 1073).
    let near = invoke(
        &sim.base_url,
        req(
            "Mast.Catalogs.Tic.Cone",
            json!({"ra": NGC1365.0, "dec": NGC1365.1, "radius": 0.05}),
            1,
            1,
        ),
    )
    .await;
    let star = &rows(&near)[0];
    let obs = invoke(
        &sim.base_url,
        json!({"service": "Mast.Caom.Cone", "params": {"ra": star["ra"], "dec": star["dec"], "radius": 0.2},
               "format": "json", "pagesize": 500, "page": 1}),
    )
    .await;
    assert!(
        !rows(&obs).is_empty(),
        "no observations around a TIC source of NGC 1365"
    );
}

#[tokio::test]
async fn panstarrs_ids_beyond_two_to_the_53_travel_as_exact_text() {
    let sim = start("").await;
    let base = format!("{}/api/v0.1/panstarrs/dr2", sim.base_url);
    let text = http()
        .get(format!(
            "{base}/mean.json?ra={}&dec={}&radius=0.1&columns=[objName,objID,nDetections]",
            M101.0, M101.1
        ))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let v: Value = serde_json::from_str(&text).unwrap();
    assert_eq!(
        v["info"][0]["name"], "objname",
        "the answers spell objName in lower case"
    );
    assert_eq!(v["info"][1]["type"], "long");
    let data = rows(&v);
    assert!(!data.is_empty());
    for r in data {
        let id: u64 = r[1].as_str().expect("longs as strings").parse().unwrap();
        assert!(id > 1 << 53);
        // The digits are what the text says, not an f64's rounding of them.
        assert!(text.contains(&format!("\"{id}\"")));
    }
    // Criteria, a sort, and pages that slice the one big answer.
    let q = format!(
        "ra={}&dec={}&radius=0.2&nDetections.gte=10&sort_by=nDetections.desc&columns=[objID,nDetections]",
        M101.0, M101.1
    );
    let all: Value = json_of(
        http()
            .get(format!("{base}/mean.json?{q}"))
            .send()
            .await
            .unwrap(),
    )
    .await;
    let n: Vec<i64> = rows(&all).iter().map(|r| r[1].as_i64().unwrap()).collect();
    assert!(!n.is_empty() && n.iter().all(|x| *x >= 10) && n.windows(2).all(|w| w[0] >= w[1]));
    let mut glued = Vec::new();
    for page in 1.. {
        let p: Value = json_of(
            http()
                .post(format!("{base}/mean.json"))
                .header("Content-Type", "application/json")
                .body(
                    json!({"ra": M101.0, "dec": M101.1, "radius": 0.2, "nDetections.gte": "10",
                          "sort_by": ["nDetections.desc"], "columns": ["objID", "nDetections"],
                          "page": page, "pagesize": 4})
                    .to_string(),
                )
                .send()
                .await
                .unwrap(),
        )
        .await;
        let got = rows(&p).len();
        glued.extend(rows(&p).iter().cloned());
        if got < 4 {
            break;
        }
    }
    assert_eq!(&glued, rows(&all));
    // Metadata, and bad input as the service answers it (HTTP 400, JSON).
    let meta: Value = json_of(
        http()
            .get(format!("{base}/mean/metadata.json"))
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(meta.as_array().unwrap().len(), 124);
    let r = http()
        .get(format!("{base}/mean.json?nDetectionz=1"))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status().as_u16(), 400);
    let e: Value = json_of(r).await;
    assert!(e["message"].as_str().unwrap().contains("nDetectionz"));
}

#[tokio::test]
async fn hsc_matches_detections_and_spectra() {
    let sim = start("").await;
    let hsc = invoke(
        &sim.base_url,
        req("Mast.Hsc.Db.v3", json!({"ra": NGC1365.0, "dec": NGC1365.1, "radius": 0.02, "nr": 50000, "ni": 1, "magtype": 1}), 1, 50_000),
    )
    .await;
    let first = &rows(&hsc)[0];
    assert!(first.get("_selected_").is_some());
    let m = invoke(
        &sim.base_url,
        req(
            "Mast.HscMatches.Db.v3",
            json!({"input": first["MatchID"].to_string()}),
            1,
            50_000,
        ),
    )
    .await;
    assert_eq!(rows(&m).len() as i64, first["NumImages"].as_i64().unwrap());
    assert!(rows(&m).iter().all(|r| r["MatchID"] == first["MatchID"]));
    let none = invoke(
        &sim.base_url,
        req("Mast.HscMatches.Db.v3", json!({"input": "12"}), 1, 10),
    )
    .await;
    assert_eq!(
        (none["status"].as_str(), rows(&none).len()),
        (Some("COMPLETE"), 0)
    );
    let bad = invoke(
        &sim.base_url,
        req("Mast.HscMatches.Db.v3", json!({"input": "x"}), 1, 10),
    )
    .await;
    assert_eq!(bad["status"], "ERROR");
    // `nr` caps the cone, `ni` drops matches seen on fewer images.
    let capped = invoke(
        &sim.base_url,
        req(
            "Mast.Hsc.Db.v3",
            json!({"ra": NGC1365.0, "dec": NGC1365.1, "radius": 0.2, "nr": 3}),
            1,
            50_000,
        ),
    )
    .await;
    assert_eq!(rows(&capped).len(), 3);
    let many = invoke(
        &sim.base_url,
        req(
            "Mast.Hsc.Db.v3",
            json!({"ra": NGC1365.0, "dec": NGC1365.1, "radius": 0.2, "ni": 5}),
            1,
            50_000,
        ),
    )
    .await;
    assert!(
        rows(&many)
            .iter()
            .all(|r| r["NumImages"].as_i64().unwrap() >= 5)
    );
    // Spectra: MatchID declared string, holding an integer; the file downloads.
    let spectra = invoke(
        &sim.base_url,
        req("Mast.HscSpectra.Db.All", json!({}), 1, 50_000),
    )
    .await;
    let s = &rows(&spectra)[0];
    assert!(s["MatchID"].is_i64());
    let name = s["DatasetName"].as_str().unwrap();
    let uri = if s["SpectrumType"].as_i64().unwrap() < 2 {
        format!("mast:HLA/url/cgi-bin/getdata.cgi?config=ops&dataset={name}")
    } else {
        format!("mast:HLA/url/cgi-bin/ecfproxy?file_id={name}.fits")
    };
    let r = http()
        .get(format!("{}/api/v0.1/Download/file", sim.base_url))
        .query(&[("uri", uri.as_str())])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status().as_u16(), 200);
    let len = r.content_length().unwrap();
    let body = r.bytes().await.unwrap();
    assert_eq!(body.len() as u64, len);
    assert!(body.starts_with(b"SIMPLE  ="));
}

#[tokio::test]
async fn crossmatch_pairs_each_uploaded_row_with_what_lies_near_it() {
    let sim = start("").await;
    let upload = json!({"fields": [{"name": "ra", "type": "float"}, {"name": "dec", "type": "float"}, {"name": "tag", "type": "string"}],
                        "data": [{"ra": NGC1365.0, "dec": NGC1365.1, "tag": "a"}, {"ra": 10.0, "dec": -80.0, "tag": "b"}]});
    let mut r = req(
        "Mast.Caom.Crossmatch",
        json!({"raColumn": "ra", "decColumn": "dec", "radius": 0.05}),
        1,
        50_000,
    );
    r["data"] = upload.clone();
    let caom = invoke(&sim.base_url, r).await;
    assert!(rows(&caom).len() >= 15, "program 1073 lies at NGC 1365");
    for row in rows(&caom) {
        assert_eq!(row["tag"], "a");
        assert!(num(&row["dstArcSec"]) <= 0.05 * 3600.0 + 1e-6);
        let d = sep(NGC1365.0, NGC1365.1, num(&row["s_ra"]), num(&row["s_dec"]));
        assert!((d * 3600.0 - num(&row["dstArcSec"])).abs() < 1e-3);
    }
    let d: Vec<f64> = rows(&caom).iter().map(|r| num(&r["dstArcSec"])).collect();
    assert!(d.windows(2).all(|w| w[0] <= w[1]), "nearest first");
    // Against a catalog: an uploaded column named like a catalog column is renamed.
    let mut r = req(
        "Mast.Tic.Crossmatch",
        json!({"raColumn": "ra", "decColumn": "dec", "radius": 0.02}),
        1,
        50_000,
    );
    r["data"] = upload;
    let tic = invoke(&sim.base_url, r).await;
    assert!(!rows(&tic).is_empty());
    assert!(rows(&tic)[0].get("input_ra").is_some() && rows(&tic)[0].get("ID").is_some());
    let mut r = req(
        "Mast.Tic.Crossmatch",
        json!({"raColumn": "RA_X", "decColumn": "dec"}),
        1,
        10,
    );
    r["data"] = json!({"data": [{"ra": 1, "dec": 2}]});
    let e = invoke(&sim.base_url, r).await;
    assert_eq!(e["status"], "ERROR");
    assert!(e["msg"].as_str().unwrap().contains("RA_X"));
}

#[tokio::test]
async fn big_answers_stream_in_chunks_and_faults_reach_catalogs_too() {
    let sim = start("executing=1").await;
    let q = req(
        "Mast.Catalogs.Filtered.Tic.Rows",
        json!({"columns": "*", "filters": [{"paramName": "Tmag", "values": [{"min": 0, "max": 11}]}]}),
        1,
        50_000,
    );
    let first = invoke(&sim.base_url, q.clone()).await;
    assert_eq!(first["status"], "EXECUTING");
    let r = invoke_raw(&sim.base_url, &q).await;
    // Streamed: no Content-Length, chunks as they are written.
    assert!(r.headers().get("content-length").is_none());
    let v: Value = serde_json::from_slice(&r.bytes().await.unwrap()).unwrap();
    assert_eq!(v["status"], "COMPLETE");
    assert!(rows(&v).len() > 1_000, "{}", rows(&v).len());
    assert_eq!(v["paging"]["rowsFiltered"], rows(&v).len());
}

#[tokio::test]
async fn columns_configs_and_histograms_type_the_criteria() {
    let sim = start("").await;
    let cfg: Value = json_of(
        http()
            .post(format!(
                "{}/portal/Mashup/Mashup.asmx/columnsconfig",
                sim.base_url
            ))
            .body("colConfigId=Mast.Catalogs.Tess.Cone")
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert!(cfg.get("Tmag").is_some() && cfg.get("lumclass").is_some());
    let all = invoke(
        &sim.base_url,
        json!({"service": "Mast.Catalogs.All.Tic", "params": {}, "format": "extjs"}),
    )
    .await;
    let ep = &all["data"]["Tables"][0]["ExtendedProperties"];
    assert!(ep["discreteHistogram"]["lumclass"]["hist"].is_array());
    assert_eq!(ep["continuousHistogram"]["ID"]["type"], "numeric");
    let dd = invoke(
        &sim.base_url,
        json!({"service": "Mast.Catalogs.All.DiskDetective", "params": {}, "format": "extjs"}),
    )
    .await;
    assert!(
        dd["data"]["Tables"][0]["ExtendedProperties"]["discreteHistogram"]["state"].is_object()
    );
}
