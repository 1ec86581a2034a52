//! The catalogs' HTTP surface: the catalog services of `/api/v0/invoke` (cones, filtered
//! searches, counts, HSC matches and spectra, the `All` histograms, crossmatch) and the
//! Pan-STARRS routes, answered from `sim::catalogs`.

use axum::body::Bytes;
use axum::extract::{Path, RawQuery, State};
use axum::http::HeaderMap;
use axum::response::Response;
use serde_json::Value;

use super::{Shared, json_response};
use crate::sim::catalogs::answer::{Listing, count_answer, stream};
use crate::sim::catalogs::panstarrs::{
    bad_request, metadata_json, pairs, read_query, table, write_answer,
};
use crate::sim::catalogs::sky::{self, Sky};
use crate::sim::catalogs::{
    Catalog, Service, columns_of, cone_of, config, crossmatch, filters, hsc, is_count, number,
    paging_of, parse_service,
};
use crate::sim::json_out::status_answer;

fn error(msg: &str, drop: bool) -> Response {
    json_response(status_answer("ERROR", msg), drop)
}

/// Answers one catalog invoke request (after faults and EXECUTING polls were handled).
pub async fn invoke(st: &Shared, req: Value, drop: bool) -> Response {
    let name = req.get("service").and_then(Value::as_str).unwrap_or("");
    let Some(service) = parse_service(name) else {
        return error(
            &format!("Unknown service: '{name}' is not a valid Mashup service."),
            drop,
        );
    };
    let params = req
        .get("params")
        .cloned()
        .unwrap_or(Value::Object(Default::default()));
    let (page, pagesize) = paging_of(&req);
    let cat = st.catalogue;
    let sky = Sky::of(&cat);
    match service {
        Service::All(c) => {
            let body = tokio::task::spawn_blocking(move || config::all_answer(&sky, c)).await;
            match body {
                Ok(b) => json_response(b, drop),
                Err(_) => error("Internal error while running the request.", false),
            }
        }
        Service::Crossmatch(target) => {
            match crossmatch::answer(cat, sky, target, &req, page, pagesize, drop) {
                Ok(r) => r,
                Err(e) => error(&e, drop),
            }
        }
        Service::Cone(c) => {
            let cone = match cone_of(&params) {
                Ok(cone) => cone,
                Err(e) => return error(&e, drop),
            };
            let table = c.table();
            let mut listing = Listing {
                table,
                sky,
                cols: (0..table.cols.len()).collect(),
                distance: c.distance(),
                selected: c.selected(),
                cone: Some(cone),
                only: None,
                filters: Vec::new(),
                cap: None,
                min_images: None,
                page,
                pagesize,
            };
            match c {
                Catalog::HscV3 | Catalog::HscV2 => {
                    listing.cap = Some(
                        params
                            .get("nr")
                            .and_then(number)
                            .map_or(50_000, |x| x.max(0.0) as u64),
                    );
                    let ni = params
                        .get("ni")
                        .and_then(number)
                        .map_or(1, |x| x.max(0.0) as u32);
                    listing.min_images = Some(ni);
                }
                Catalog::Galex => {
                    listing.cap = Some(
                        params
                            .get("maxrecords")
                            .and_then(number)
                            .map_or(10_000, |x| x.max(0.0) as u64),
                    );
                }
                _ => {}
            }
            stream(drop, move |sink| listing.write(sink))
        }
        Service::Filtered { catalog, position } => {
            let table = catalog.table();
            let cone = if position {
                match cone_of(&params) {
                    Ok(c) => Some(c),
                    Err(e) => return error(&e, drop),
                }
            } else {
                None
            };
            let filters = match filters::parse_filters(table, params.get("filters")) {
                Ok(f) => f,
                Err(e) => return error(&e, drop),
            };
            let columns = params.get("columns").and_then(Value::as_str).unwrap_or("*");
            let mut listing = Listing {
                table,
                sky,
                cols: Vec::new(),
                distance: if position { catalog.distance() } else { None },
                selected: false,
                cone,
                only: None,
                filters,
                cap: None,
                min_images: None,
                page,
                pagesize,
            };
            if is_count(columns) {
                let n = tokio::task::spawn_blocking(move || {
                    listing.each(&mut |_, _| std::ops::ControlFlow::Continue(()))
                })
                .await
                .unwrap_or(0);
                return json_response(count_answer(n), drop);
            }
            listing.cols = match columns_of(table, columns) {
                Ok(c) => c,
                Err(e) => return error(&e, drop),
            };
            stream(drop, move |sink| listing.write(sink))
        }
        Service::Matches => {
            let input = match params.get("input") {
                None | Some(Value::Null) => {
                    return error("Request Object is Missing Required Parameter : input", drop);
                }
                Some(v) => v,
            };
            let id = match input {
                Value::Number(n) => n.as_i64(),
                Value::String(s) => s.trim().parse::<i64>().ok(),
                _ => None,
            };
            let Some(id) = id else {
                return error("Error converting data type varchar to bigint.", drop);
            };
            let table = &hsc::MATCHES;
            // An unknown match has no detections: an empty answer, not an error (a key
            // past the named targets names no star).
            let only = hsc::star_of_match(id).map(|(k, _)| k);
            let listing = Listing {
                table,
                sky,
                cols: (0..table.cols.len()).collect(),
                distance: None,
                selected: true,
                cone: None,
                only: only.or(Some(sky::StarKey::Cluster { k: u32::MAX, j: 0 })),
                filters: Vec::new(),
                cap: None,
                min_images: None,
                page,
                pagesize,
            };
            stream(drop, move |sink| listing.write(sink))
        }
        Service::Spectra => {
            let table = &hsc::SPECTRA_TABLE;
            let listing = Listing {
                table,
                sky,
                cols: (0..table.cols.len()).collect(),
                distance: None,
                selected: true,
                cone: None,
                only: None,
                filters: Vec::new(),
                cap: None,
                min_images: None,
                page,
                pagesize,
            };
            stream(drop, move |sink| listing.write(sink))
        }
    }
}

/// `GET|POST .../panstarrs/{release}/{table}.json`.
pub async fn panstarrs_query(
    State(st): State<Shared>,
    Path((release, file)): Path<(String, String)>,
    headers: HeaderMap,
    RawQuery(raw): RawQuery,
    body: Bytes,
) -> Response {
    st.latency().await;
    let decision = match st.faults().await {
        Ok(d) => d,
        Err(resp) => return resp,
    };
    let Some(name) = file.strip_suffix(".json") else {
        return bad_request("Only the JSON format (.json) is simulated.");
    };
    let Some(t) = table(&release, name) else {
        return bad_request(&format!(
            "Unknown Pan-STARRS table {release}/{name}; tables: mean, stack, detection (dr2)."
        ));
    };
    let q = match pairs(raw.as_deref(), &headers, &body).and_then(|p| read_query(t, p)) {
        Ok(q) => q,
        Err(e) => return bad_request(&e),
    };
    let sky = Sky::of(&st.catalogue);
    stream(decision.drop, move |sink| write_answer(sink, t, &sky, &q))
}

/// `GET .../panstarrs/{release}/{table}/metadata.json`.
pub async fn panstarrs_metadata(
    State(st): State<Shared>,
    Path((release, name)): Path<(String, String)>,
) -> Response {
    st.latency().await;
    let Some(t) = table(&release, &name) else {
        return bad_request(&format!(
            "Unknown Pan-STARRS table {release}/{name}; tables: mean, stack, detection (dr2)."
        ));
    };
    json_response(metadata_json(t), false)
}
