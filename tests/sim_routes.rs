//! The simulated archive over real HTTP on loopback: shapes, quirks, filters, paging,
//! products, downloads, auth and faults. Small scales keep debug runs quick.
mod common;

use std::collections::HashSet;

use mastui::sim::{self, SimHandle, SimOptions};
use serde_json::{Value, json};

async fn start(scale: u64, faults: &str, tokens: &[&str]) -> SimHandle {
    sim::start(SimOptions {
        scale,
        faults: faults.parse().unwrap(),
        tokens: tokens.iter().map(|t| t.to_string()).collect(),
        ..SimOptions::default()
    })
    .await
    .unwrap()
}

fn client() -> reqwest::Client {
    reqwest::Client::builder().no_proxy().build().unwrap()
}

fn form_body(req: &Value) -> String {
    let s = req.to_string();
    format!(
        "request={}",
        percent_encoding::utf8_percent_encode(&s, percent_encoding::NON_ALPHANUMERIC)
    )
}

async fn invoke_raw(base: &str, req: &Value) -> (u16, Vec<u8>) {
    let r = client()
        .post(format!("{base}/api/v0/invoke"))
        .header("Content-Type", "application/x-www-form-urlencoded")
        .header("Accept", "text/plain")
        .body(form_body(req))
        .send()
        .await
        .unwrap();
    let status = r.status().as_u16();
    (status, r.bytes().await.unwrap().to_vec())
}

async fn invoke(base: &str, req: Value) -> Value {
    let (status, body) = invoke_raw(base, &req).await;
    assert_eq!(status, 200);
    serde_json::from_slice(&body).unwrap()
}

fn filtered(filters: Value, columns: &str, page: u64, pagesize: u64) -> Value {
    json!({"service": "Mast.Caom.Filtered", "params": {"columns": columns, "filters": filters},
           "format": "json", "pagesize": pagesize, "page": page, "cacheBreaker": "t"})
}

fn products_req(obsids: &str) -> Value {
    json!({"service": "Mast.Caom.Products", "params": {"obsid": obsids}, "format": "json",
           "pagesize": 50000, "page": 1})
}

fn rows(v: &Value) -> &Vec<Value> {
    v["data"].as_array().unwrap()
}

#[tokio::test]
async fn answer_shape_and_type_lies() {
    let sim = start(3000, "", &[]).await;
    let (_, raw) = invoke_raw(
        &sim.base_url,
        &filtered(
            json!([{"paramName": "obs_collection", "values": ["JWST"]}]),
            "*",
            1,
            5,
        ),
    )
    .await;
    let text = String::from_utf8(raw).unwrap();
    assert!(
        text.starts_with("{\"status\":\"COMPLETE\",\"msg\":\"\",\"data\":["),
        "{}",
        &text[..80]
    );
    let (d, f, p) = (
        text.find("\"data\"").unwrap(),
        text.find("\"fields\"").unwrap(),
        text.find("\"paging\"").unwrap(),
    );
    assert!(
        d < f && f < p,
        "key order status, msg, data, fields, paging"
    );
    let v: Value = serde_json::from_str(&text).unwrap();
    let fields = v["fields"].as_array().unwrap();
    let ty = |n: &str| {
        fields
            .iter()
            .find(|x| x["name"] == n)
            .map(|x| x["type"].as_str().unwrap().to_string())
    };
    assert_eq!(ty("obsid").as_deref(), Some("string"));
    assert_eq!(ty("objID").as_deref(), Some("string"));
    assert_eq!(ty("s_ra").as_deref(), Some("float"));
    assert_eq!(ty("calib_level").as_deref(), Some("int"));
    assert_eq!(ty("mtFlag").as_deref(), Some("boolean"));
    assert_eq!(fields.len(), 33);
    let row = &rows(&v)[0];
    assert!(row["obsid"].is_i64(), "declared string, holds an integer");
    assert!(row["objID"].is_i64());
    assert_eq!(v["paging"]["rows"], 5);
    assert_eq!(v["paging"]["pageSize"], 5);
    // Some nulls appear somewhere in the archive (sequence_number, srcDen, ...).
    assert!(row.as_object().unwrap().values().any(Value::is_null));
    assert!(
        row.get("_selected_").is_none(),
        "Filtered answers carry no _selected_"
    );
    sim.shutdown().await;
}

#[tokio::test]
async fn discrete_range_wildcard_and_position_filters() {
    let sim = start(3000, "", &[]).await;
    let b = &sim.base_url;
    let v = invoke(
        b,
        filtered(
            json!([{"paramName": "obs_collection", "values": ["tess", "GALEX"], "separator": ";"}]),
            "*",
            1,
            50000,
        ),
    )
    .await;
    assert!(!rows(&v).is_empty());
    assert!(
        rows(&v)
            .iter()
            .all(|r| r["obs_collection"] == "TESS" || r["obs_collection"] == "GALEX")
    );
    let v = invoke(
        b,
        filtered(
            json!([{"paramName": "t_exptime", "values": [{"min": 100, "max": 1000}]}]),
            "*",
            1,
            50000,
        ),
    )
    .await;
    assert!(!rows(&v).is_empty());
    assert!(
        rows(&v)
            .iter()
            .all(|r| (100.0..=1000.0).contains(&r["t_exptime"].as_f64().unwrap()))
    );
    let v = invoke(
        b,
        filtered(
            json!([{"paramName": "instrument_name", "values": [], "freeText": "NIRCAM%"}]),
            "*",
            1,
            50000,
        ),
    )
    .await;
    assert!(rows(&v).len() >= 15);
    assert!(
        rows(&v)
            .iter()
            .all(|r| r["instrument_name"].as_str().unwrap().starts_with("NIRCAM"))
    );
    let v = invoke(
        b,
        filtered(
            json!([{"paramName": "filters", "values": ["F277W"], "separator": ";"},
                                       {"paramName": "proposal_id", "values": ["1073"]}]),
            "obsid,filters",
            1,
            100,
        ),
    )
    .await;
    assert_eq!(rows(&v).len(), 5, "AND of filters: 5 visits in F277W");
    assert_eq!(
        rows(&v)[0].as_object().unwrap().len(),
        2,
        "just the asked columns"
    );
    let pos = json!({"service": "Mast.Caom.Filtered.Position", "format": "json", "pagesize": 1000, "page": 1,
        "params": {"columns": "*", "filters": [{"paramName": "obs_collection", "values": ["JWST"]}],
                   "position": "53.40155, -36.14039, 0.2"}});
    let v = invoke(b, pos).await;
    assert!(rows(&v).len() >= 15);
    assert!(
        rows(&v)
            .iter()
            .all(|r| r["distance"].as_f64().unwrap() <= 720.0),
        "distance in arcsec within 0.2 deg"
    );
    assert!(
        v["fields"]
            .as_array()
            .unwrap()
            .iter()
            .any(|f| f["name"] == "distance")
    );
    let cone = json!({"service": "Mast.Caom.Cone", "params": {"ra": 53.40155, "dec": -36.14039, "radius": 0.1},
                      "format": "json", "pagesize": 100, "page": 1});
    let v = invoke(b, cone).await;
    assert!(rows(&v).len() >= 15);
    assert!(rows(&v)[0].get("_selected_").is_some_and(Value::is_null));
    sim.shutdown().await;
}

#[tokio::test]
async fn errors_are_mast_style_with_http_200() {
    let sim = start(500, "", &[]).await;
    let b = &sim.base_url;
    let e = invoke(
        b,
        filtered(json!([{"paramName": "bogus", "values": ["x"]}]), "*", 1, 10),
    )
    .await;
    assert_eq!(e["status"], "ERROR");
    assert!(e["msg"].as_str().unwrap().contains("bogus"));
    let e = invoke(
        b,
        filtered(
            json!([{"paramName": "obsid", "values": ["jw01073-o001"]}]),
            "*",
            1,
            10,
        ),
    )
    .await;
    assert_eq!(e["msg"], "Error converting data type varchar to bigint.");
    let e = invoke(
        b,
        json!({"service": "Mast.Caom.Cone", "params": {"dec": 1, "radius": 1}}),
    )
    .await;
    assert_eq!(
        e["msg"],
        "Request Object is Missing Required Parameter : RA"
    );
    let e = invoke(b, json!({"service": "Mast.No.Such", "params": {}})).await;
    assert_eq!(e["status"], "ERROR");
    assert!(e["msg"].as_str().unwrap().contains("Mast.No.Such"));
    let r = client()
        .post(format!("{b}/api/v0/invoke"))
        .body("request=%7Bnot%20json")
        .send()
        .await
        .unwrap();
    assert_eq!(r.status().as_u16(), 200);
    let v: Value = serde_json::from_slice(&r.bytes().await.unwrap()).unwrap();
    assert_eq!(v["status"], "ERROR");
    let e = invoke(b, filtered(json!([]), "obsid,nope", 1, 10)).await;
    assert_eq!(e["status"], "ERROR");
    sim.shutdown().await;
}

#[tokio::test]
async fn count_and_paging_are_consistent() {
    let sim = start(2000, "", &[]).await;
    let b = &sim.base_url;
    let f = json!([{"paramName": "intentType", "values": ["science"]}]);
    let c = invoke(b, filtered(f.clone(), "COUNT_BIG(*)", 1, 50000)).await;
    assert_eq!(c["fields"], json!([{"name": "Column1", "type": "string"}]));
    let n = c["data"][0]["Column1"]
        .as_u64()
        .expect("declared string, holds an integer");
    assert!(n > 1000);
    let mut seen = HashSet::new();
    let mut all = Vec::new();
    let mut page = 1;
    loop {
        let v = invoke(b, filtered(f.clone(), "obsid", page, 300)).await;
        let p = &v["paging"];
        assert_eq!(p["rowsFiltered"].as_u64(), Some(n));
        assert_eq!(p["pagesFiltered"].as_u64(), Some(n.div_ceil(300)));
        assert_eq!(p["rows"].as_u64().unwrap() as usize, rows(&v).len());
        for r in rows(&v) {
            assert!(
                seen.insert(r["obsid"].as_i64().unwrap()),
                "duplicate across pages"
            );
            all.push(r["obsid"].as_i64().unwrap());
        }
        if p["page"].as_u64() >= p["pagesFiltered"].as_u64() {
            break;
        }
        page += 1;
    }
    assert_eq!(all.len() as u64, n);
    let whole = invoke(b, filtered(f, "obsid", 1, 50000)).await;
    let whole: Vec<i64> = rows(&whole)
        .iter()
        .map(|r| r["obsid"].as_i64().unwrap())
        .collect();
    assert_eq!(whole, all, "pages concatenate to the full result");
    sim.shutdown().await;
}

#[tokio::test]
async fn same_seed_same_bytes() {
    let a = start(1500, "", &[]).await;
    let b = start(1500, "", &[]).await;
    let c = sim::start(SimOptions {
        scale: 1500,
        seed: 2,
        ..SimOptions::default()
    })
    .await
    .unwrap();
    let req = filtered(
        json!([{"paramName": "calib_level", "values": ["2", "3"]}]),
        "*",
        1,
        2000,
    );
    let (_, x) = invoke_raw(&a.base_url, &req).await;
    let (_, y) = invoke_raw(&b.base_url, &req).await;
    let (_, z) = invoke_raw(&c.base_url, &req).await;
    assert_eq!(x, y);
    assert_ne!(x, z);
    let (_, px) = invoke_raw(&a.base_url, &products_req("2000000000,2000000020")).await;
    let (_, py) = invoke_raw(&b.base_url, &products_req("2000000000,2000000020")).await;
    assert_eq!(px, py);
}

#[tokio::test]
async fn program_1073_products_and_sharing() {
    let sim = start(2000, "", &[]).await;
    let b = &sim.base_url;
    let obs = invoke(
        b,
        filtered(
            json!([{"paramName": "proposal_id", "values": ["1073"]}]),
            "obsid",
            1,
            100,
        ),
    )
    .await;
    let ids: Vec<String> = rows(&obs).iter().map(|r| r["obsid"].to_string()).collect();
    assert_eq!(ids.len(), 15);
    let v = invoke(b, products_req(&ids.join(","))).await;
    let fields: Vec<&str> = v["fields"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["name"].as_str().unwrap())
        .collect();
    assert_eq!(
        &fields[..3],
        &["obsID", "obs_collection", "dataproduct_type"]
    );
    assert_eq!(fields.last(), Some(&"_selected_"));
    assert_eq!(fields.len(), 21);
    let ps = rows(&v);
    assert!(ps.len() > 3000, "{}", ps.len());
    assert!(
        ps.iter()
            .all(|p| p["_selected_"].is_null() && p["obsID"].is_i64())
    );
    let files: Vec<&str> = ps
        .iter()
        .map(|p| p["productFilename"].as_str().unwrap())
        .collect();
    for s in [
        "_uncal.fits",
        "_rate.fits",
        "_cal.fits",
        "_i2d.fits",
        "_asn.json",
        ".jpg",
    ] {
        assert!(files.iter().any(|f| f.ends_with(s)), "{s}");
    }
    let gs = files.iter().filter(|f| f.contains("_gs-")).count();
    let sci = ps
        .iter()
        .filter(|p| {
            p["productType"] == "SCIENCE"
                && !p["productFilename"].as_str().unwrap().contains("_gs-")
        })
        .count();
    assert!(gs > sci, "guide stars {gs} > science {sci}");
    let uris: Vec<&str> = ps.iter().map(|p| p["dataURI"].as_str().unwrap()).collect();
    let unique: HashSet<&str> = uris.iter().copied().collect();
    assert!(
        unique.len() < uris.len(),
        "shared files repeat under each obsid"
    );
    let shared_l3 = ps.iter().filter(|p| {
        p["productFilename"].as_str().unwrap().contains("-c1000_")
            && p["productFilename"]
                .as_str()
                .unwrap()
                .ends_with("_i2d.fits")
    });
    assert!(
        shared_l3.clone().count() >= 10
            && shared_l3
                .map(|p| p["parent_obsid"].to_string())
                .collect::<HashSet<_>>()
                .len()
                >= 5
    );
    assert!(ps.iter().any(|p| p["dataRights"] == "EXCLUSIVE_ACCESS"));
    assert!(
        ps.iter().any(|p| p["productType"] == "PREVIEW")
            && ps.iter().any(|p| p["productType"] == "INFO")
    );
    assert!(
        ps.iter()
            .any(|p| p["productGroupDescription"] == "Minimum Recommended Products")
    );
    assert!(ps.iter().all(|p| {
        p["dataURI"]
            .as_str()
            .unwrap()
            .starts_with("mast:JWST/product/jw01073")
    }));
    // Unknown obsids add nothing, ints are accepted, obs_id strings are an error.
    let v = invoke(b, json!({"service": "Mast.Caom.Products", "params": {"obsid": 2000000001}, "pagesize": 10, "page": 2})).await;
    assert_eq!(v["paging"]["page"], 2);
    assert_eq!(rows(&v).len(), 10);
    let n = invoke(b, products_req("2000000001")).await["paging"]["rowsFiltered"]
        .as_u64()
        .unwrap();
    let n2 = invoke(b, products_req("2000000001,99,1999999999")).await["paging"]["rowsFiltered"]
        .as_u64()
        .unwrap();
    assert_eq!(n, n2);
    let e = invoke(b, products_req("jw01073-o001_t001_nircam_clear-f150w")).await;
    assert_eq!(e["msg"], "Error converting data type varchar to bigint.");
    sim.shutdown().await;
}

async fn product_rows(base: &str, obsid: &str) -> Vec<Value> {
    invoke(base, products_req(obsid)).await["data"]
        .as_array()
        .unwrap()
        .clone()
}

#[tokio::test]
async fn downloads_sizes_ranges_auth() {
    let sim = start(2000, "", &["sekrit"]).await;
    let b = &sim.base_url;
    let ps = product_rows(b, "2000000000").await;
    let small = ps
        .iter()
        .filter(|p| {
            p["dataRights"] == "PUBLIC" && p["productFilename"].as_str().unwrap().ends_with(".fits")
        })
        .min_by_key(|p| p["size"].as_u64().unwrap())
        .unwrap();
    let uri = small["dataURI"].as_str().unwrap();
    let size = small["size"].as_u64().unwrap();
    let url = format!("{b}/api/v0.1/Download/file?uri={uri}");
    let r = client().get(&url).send().await.unwrap();
    assert_eq!(r.status().as_u16(), 200);
    assert_eq!(r.headers()["accept-ranges"], "bytes");
    assert_eq!(
        r.headers()["content-length"].to_str().unwrap(),
        size.to_string()
    );
    assert!(
        r.headers()["content-disposition"]
            .to_str()
            .unwrap()
            .contains(small["productFilename"].as_str().unwrap())
    );
    let body = r.bytes().await.unwrap();
    assert_eq!(body.len() as u64, size);
    assert!(body.starts_with(b"SIMPLE  ="));
    assert!(
        String::from_utf8_lossy(&body[..2880]).contains(small["productFilename"].as_str().unwrap())
    );
    let again = client()
        .get(&url)
        .send()
        .await
        .unwrap()
        .bytes()
        .await
        .unwrap();
    assert_eq!(body, again, "same bytes every time");

    let h = client().head(&url).send().await.unwrap();
    assert_eq!(h.status().as_u16(), 200);
    assert_eq!(
        h.headers()["content-length"].to_str().unwrap(),
        size.to_string()
    );

    let r = client()
        .get(&url)
        .header("Range", "bytes=1000-")
        .send()
        .await
        .unwrap();
    assert_eq!(r.status().as_u16(), 206);
    assert_eq!(
        r.headers()["content-range"].to_str().unwrap(),
        format!("bytes 1000-{}/{size}", size - 1)
    );
    assert_eq!(&r.bytes().await.unwrap()[..], &body[1000..]);
    let r = client()
        .get(&url)
        .header("Range", "bytes=10-19")
        .send()
        .await
        .unwrap();
    assert_eq!(r.status().as_u16(), 206);
    assert_eq!(&r.bytes().await.unwrap()[..], &body[10..20]);
    let r = client()
        .get(&url)
        .header("Range", format!("bytes={size}-"))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status().as_u16(), 416);

    let r = client()
        .get(format!(
            "{b}/api/v0.1/Download/file?uri=mast:JWST/product/jw01073_nothing.fits"
        ))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status().as_u16(), 404);

    let ex = product_rows(b, "2000000014").await;
    let ex = ex
        .iter()
        .find(|p| p["dataRights"] == "EXCLUSIVE_ACCESS")
        .unwrap();
    let xurl = format!(
        "{b}/api/v0.1/Download/file?uri={}",
        ex["dataURI"].as_str().unwrap()
    );
    assert_eq!(
        client().head(&xurl).send().await.unwrap().status().as_u16(),
        401
    );
    assert_eq!(
        client()
            .head(&xurl)
            .header("Authorization", "token wrong")
            .send()
            .await
            .unwrap()
            .status()
            .as_u16(),
        401
    );
    for (k, v) in [
        ("Authorization", "token sekrit"),
        ("Authorization", "Bearer sekrit"),
        ("Cookie", "mast_token=sekrit"),
    ] {
        let r = client().head(&xurl).header(k, v).send().await.unwrap();
        assert_eq!(r.status().as_u16(), 200, "{k}: {v}");
    }
    sim.shutdown().await;
}

#[tokio::test]
async fn dynamic_products_have_no_length() {
    let sim = start(3000, "", &[]).await;
    let b = &sim.base_url;
    let hst = invoke(
        b,
        filtered(
            json!([{"paramName": "obs_collection", "values": ["HST"]},
                                        {"paramName": "dataproduct_type", "values": ["image"]},
                                        {"paramName": "calib_level", "values": ["3"]}]),
            "obsid",
            1,
            1,
        ),
    )
    .await;
    let id = rows(&hst)[0]["obsid"].to_string();
    let ps = product_rows(b, &id).await;
    let dynamic = ps
        .iter()
        .find(|p| p["size"].is_null())
        .expect("an HLA cutout without size");
    let uri = dynamic["dataURI"].as_str().unwrap();
    assert!(uri.starts_with("mast:HLA/url/cgi-bin/fitscut.cgi?"));
    let enc =
        percent_encoding::utf8_percent_encode(uri, percent_encoding::NON_ALPHANUMERIC).to_string();
    let r = client()
        .get(format!("{b}/api/v0.1/Download/file?uri={enc}"))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status().as_u16(), 200);
    assert!(r.headers().get("content-length").is_none());
    let body = r.bytes().await.unwrap();
    assert!(body.len() > 2880 && body.starts_with(b"SIMPLE  ="));
    sim.shutdown().await;
}

#[tokio::test]
async fn whoami_bundle_columnsconfig_lookup_missions() {
    let sim = start(2000, "", &["tok1"]).await;
    let b = &sim.base_url;
    let who: Value = client()
        .get(format!("{b}/whoami"))
        .header("Authorization", "token tok1")
        .send()
        .await
        .unwrap()
        .json_bytes()
        .await;
    assert_eq!(who["anon"], false);
    assert_eq!(who["token"], "tok1");
    assert!(
        who["scopes"]
            .as_array()
            .unwrap()
            .contains(&json!("mast:exclusive_access"))
    );
    assert!(who["attrib"]["display_name"].is_string());
    let anon: Value = client()
        .get(format!("{b}/whoami"))
        .header("Authorization", "token nope")
        .send()
        .await
        .unwrap()
        .json_bytes()
        .await;
    assert_eq!(anon["anon"], true);
    assert_eq!(anon["ezid"], "anonymous");

    let ps = product_rows(b, "2000000012").await;
    let public = ps.iter().find(|p| p["dataRights"] == "PUBLIC").unwrap()["dataURI"]
        .as_str()
        .unwrap()
        .to_string();
    let excl = ps
        .iter()
        .find(|p| p["dataRights"] == "EXCLUSIVE_ACCESS")
        .unwrap()["dataURI"]
        .as_str()
        .unwrap()
        .to_string();
    let body = format!("uri={public}&uri={excl}&uri=mast:JWST/product/nope.fits");
    let sh = client()
        .post(format!("{b}/api/v0.1/Download/bundle.sh"))
        .body(body)
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(sh.starts_with("#!/bin/bash"));
    assert!(sh.contains("curl --globoff --location-trusted -f --progress-bar --create-dirs $CONT"));
    assert!(sh.contains(&format!("{b}/api/v0.1/Download/file?bundle_name=MAST_")));
    assert_eq!(
        sh.matches("Authorization: token $MAST_API_TOKEN").count(),
        1
    );
    assert!(sh.contains("MANIFEST.HTML") && sh.contains("NOT FOUND"));

    let cc: Value = client()
        .post(format!("{b}/portal/Mashup/Mashup.asmx/columnsconfig"))
        .header("Content-Type", "application/x-www-form-urlencoded")
        .body("colConfigId=Mast.Caom.Cone")
        .send()
        .await
        .unwrap()
        .json_bytes()
        .await;
    assert_eq!(cc["obs_collection"]["separator"], ";");
    assert_eq!(cc["t_min"]["vot.datatype"], "double");
    assert_eq!(cc["t_min"]["isMjd"], true);
    assert_eq!(cc["obsid"]["vot.datatype"], "long");

    let l = invoke(
        b,
        json!({"service": "Mast.Name.Lookup", "params": {"input": "m101", "format": "json"}}),
    )
    .await;
    assert_eq!(l["resolvedCoordinate"][0]["canonicalName"], "MESSIER 101");
    assert!(l["resolvedCoordinate"][0]["decl"].is_f64());
    let l = invoke(
        b,
        json!({"service": "Mast.Name.Lookup", "params": {"input": "ngc-1365"}}),
    )
    .await;
    assert!((l["resolvedCoordinate"][0]["ra"].as_f64().unwrap() - 53.40155).abs() < 1e-6);
    let l = invoke(
        b,
        json!({"service": "Mast.Name.Lookup", "params": {"input": "Nowhere Object 42"}}),
    )
    .await;
    assert_eq!(l["resolvedCoordinate"], json!([]));

    let m = invoke(
        b,
        json!({"service": "Mast.Caom.All", "params": {}, "format": "extjs"}),
    )
    .await;
    let cols = m["data"]["Tables"][0]["Columns"].as_array().unwrap();
    let hist = &cols.iter().find(|c| c["text"] == "obs_collection").unwrap()["ExtendedProperties"]
        ["histObj"];
    assert!(hist["JWST"]["count"].as_u64().unwrap() >= 15);
    let total: u64 = hist["hist"]
        .as_array()
        .unwrap()
        .iter()
        .map(|h| h["count"].as_u64().unwrap())
        .sum();
    assert_eq!(total, 2000);
    sim.shutdown().await;
}

trait JsonBytes {
    async fn json_bytes(self) -> Value;
}

impl JsonBytes for reqwest::Response {
    async fn json_bytes(self) -> Value {
        serde_json::from_slice(&self.bytes().await.unwrap()).unwrap()
    }
}

#[tokio::test]
async fn fault_executing_then_complete_and_pages_do_not_count() {
    let sim = start(1000, "executing=2", &[]).await;
    let req = filtered(
        json!([{"paramName": "intentType", "values": ["science"]}]),
        "obsid",
        1,
        100,
    );
    assert_eq!(
        invoke(&sim.base_url, req.clone()).await["status"],
        "EXECUTING"
    );
    assert_eq!(
        invoke(&sim.base_url, req.clone()).await["status"],
        "EXECUTING"
    );
    assert_eq!(invoke(&sim.base_url, req).await["status"], "COMPLETE");
    let page2 = filtered(
        json!([{"paramName": "intentType", "values": ["science"]}]),
        "obsid",
        2,
        100,
    );
    assert_eq!(
        invoke(&sim.base_url, page2).await["status"],
        "COMPLETE",
        "same cacheBreaker"
    );
    sim.shutdown().await;
}

#[tokio::test]
async fn fault_5xx_share_and_429_retry_after() {
    let sim = start(200, "error5xx=0.5", &[]).await;
    let req = json!({"service": "Mast.Name.Lookup", "params": {"input": "M31"}});
    let mut bad = 0;
    for _ in 0..60 {
        let (s, _) = invoke_raw(&sim.base_url, &req).await;
        assert!(s == 200 || (500..=503).contains(&s), "{s}");
        bad += usize::from(s != 200);
    }
    assert!((15..=45).contains(&bad), "{bad} of 60");
    sim.shutdown().await;
    let sim = start(200, "status429=1", &[]).await;
    let r = client()
        .post(format!("{}/api/v0/invoke", sim.base_url))
        .body(form_body(&req))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status().as_u16(), 429);
    assert_eq!(r.headers()["retry-after"], "1");
    let r = client()
        .get(format!(
            "{}/api/v0.1/Download/file?uri=mast:X/product/y",
            sim.base_url
        ))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status().as_u16(), 429, "downloads see faults too");
    sim.shutdown().await;
}

#[tokio::test]
async fn fault_drop_cuts_bodies() {
    let sim = start(500, "drop=1", &[]).await;
    let ps = {
        let clean = start(500, "", &[]).await;
        let v = product_rows(&clean.base_url, "2000000000").await;
        clean.shutdown().await;
        v
    };
    let p = ps
        .iter()
        .find(|p| p["dataRights"] == "PUBLIC" && p["size"].as_u64().unwrap() > 100_000)
        .unwrap();
    let url = format!(
        "{}/api/v0.1/Download/file?uri={}",
        sim.base_url,
        p["dataURI"].as_str().unwrap()
    );
    let r = client().get(&url).send().await.unwrap();
    assert_eq!(r.status().as_u16(), 200);
    assert!(r.bytes().await.is_err(), "body cut before Content-Length");
    let req = filtered(
        json!([{"paramName": "intentType", "values": ["science"]}]),
        "*",
        1,
        100,
    );
    let r = client()
        .post(format!("{}/api/v0/invoke", sim.base_url))
        .body(form_body(&req))
        .send()
        .await
        .unwrap();
    assert!(r.bytes().await.is_err(), "invoke body cut too");
    sim.shutdown().await;
}

#[tokio::test]
async fn fault_slow_delays() {
    let sim = start(200, "slow=1", &[]).await;
    let t = std::time::Instant::now();
    invoke(
        &sim.base_url,
        json!({"service": "Mast.Name.Lookup", "params": {"input": "M31"}}),
    )
    .await;
    assert!(t.elapsed() >= std::time::Duration::from_millis(1000));
    sim.shutdown().await;
}

#[tokio::test]
async fn get_invoke_and_drop_stops_server() {
    let sim = start(200, "", &[]).await;
    let req = json!({"service": "Mast.Name.Lookup", "params": {"input": "Vega"}}).to_string();
    let enc = percent_encoding::utf8_percent_encode(&req, percent_encoding::NON_ALPHANUMERIC);
    let base = sim.base_url.clone();
    let url = format!("{base}/api/v0/invoke?request={enc}");
    let v: Value = client().get(&url).send().await.unwrap().json_bytes().await;
    assert_eq!(v["resolvedCoordinate"][0]["canonicalName"], "* alf Lyr");
    assert!(!sim.base_url.ends_with('/'));
    drop(sim);
    // Once the listener is gone its port is held, so the request below meets no server
    // another test has started on it meanwhile.
    let _held = common::hold_port(&base).await;
    assert!(
        reqwest::Client::new()
            .get(&url)
            .timeout(std::time::Duration::from_secs(2))
            .send()
            .await
            .is_err()
    );
}
