//! The missions search API's routes: `column_list`, `search`, `post_list_products` and
//! `retrieve_product` (PROTOCOL-MORE.md section 2). Bad requests answer 400 with a JSON
//! `error` saying what was wrong, as astroquery expects a 400 to look.

use axum::body::Bytes;
use axum::extract::{Path, RawQuery, State};
use axum::http::{HeaderMap, Method, StatusCode};
use axum::response::{IntoResponse, Response};
use serde_json::Value;

use super::{Shared, download, form, json_response};
use crate::sim::json_out::JsonBuf;
use crate::sim::missions::{Mission, columns, products, search};

/// A 400 (or another status) with `{"error": msg}`.
pub fn error(status: StatusCode, msg: &str) -> Response {
    let mut out = JsonBuf::with_capacity(64 + msg.len());
    out.raw("{\"error\":");
    out.string(msg);
    out.raw("}");
    let mut r = json_response(out.into_bytes(), false);
    *r.status_mut() = status;
    r
}

fn mission_of(name: &str) -> Result<Mission, Box<Response>> {
    Mission::from_name(name).ok_or_else(|| {
        Box::new(error(
            StatusCode::NOT_FOUND,
            &format!("unknown mission '{name}'; this archive serves hst and jwst"),
        ))
    })
}

fn json_body(body: &Bytes) -> Result<Value, Box<Response>> {
    serde_json::from_slice(body).map_err(|e| {
        Box::new(error(
            StatusCode::BAD_REQUEST,
            &format!("the request body is not JSON: {e}"),
        ))
    })
}

pub async fn column_list(State(st): State<Shared>, RawQuery(q): RawQuery) -> Response {
    st.latency().await;
    let name = q
        .as_deref()
        .and_then(|q| form::get(q, "mission"))
        .unwrap_or_default();
    match mission_of(&name) {
        Ok(m) => json_response(columns::column_list(m), false),
        Err(r) => *r,
    }
}

pub async fn search(
    State(st): State<Shared>,
    Path(mission): Path<String>,
    body: Bytes,
) -> Response {
    st.latency().await;
    let m = match mission_of(&mission) {
        Ok(m) => m,
        Err(r) => return *r,
    };
    let decision = match st.faults().await {
        Ok(d) => d,
        Err(resp) => return resp,
    };
    let body = match json_body(&body) {
        Ok(b) => b,
        Err(r) => return *r,
    };
    let req = match search::Request::parse(m, &body) {
        Ok(r) => r,
        Err(e) => return error(StatusCode::BAD_REQUEST, &e),
    };
    let cat = st.catalogue;
    match tokio::task::spawn_blocking(move || search::search(&cat, m, &req)).await {
        Ok(bytes) => json_response(bytes, decision.drop),
        Err(_) => error(StatusCode::INTERNAL_SERVER_ERROR, "the search failed"),
    }
}

pub async fn list_products(
    State(st): State<Shared>,
    Path(mission): Path<String>,
    body: Bytes,
) -> Response {
    st.latency().await;
    let m = match mission_of(&mission) {
        Ok(m) => m,
        Err(r) => return *r,
    };
    let decision = match st.faults().await {
        Ok(d) => d,
        Err(resp) => return resp,
    };
    let body = match json_body(&body) {
        Ok(b) => b,
        Err(r) => return *r,
    };
    let ids = match products::dataset_ids(&body) {
        Ok(ids) => ids,
        Err(e) => return error(StatusCode::BAD_REQUEST, &e),
    };
    let cat = st.catalogue;
    match tokio::task::spawn_blocking(move || products::list_products(&cat, m, &ids)).await {
        Ok(bytes) => json_response(bytes, decision.drop),
        Err(_) => error(StatusCode::INTERNAL_SERVER_ERROR, "the product list failed"),
    }
}

/// `retrieve_product?product_name=<dataset>/<file>`: the file, through the download route
/// (ranges, 401s for exclusive data, faults).
pub async fn retrieve_product(
    State(st): State<Shared>,
    Path(mission): Path<String>,
    method: Method,
    headers: HeaderMap,
    RawQuery(q): RawQuery,
) -> Response {
    let m = match mission_of(&mission) {
        Ok(m) => m,
        Err(r) => return *r,
    };
    let name = q
        .as_deref()
        .and_then(|q| form::get(q, "product_name"))
        .unwrap_or_default();
    let Some(uri) = products::uri_of(m, &name) else {
        return (
            StatusCode::BAD_REQUEST,
            "Missing required parameter: product_name\n",
        )
            .into_response();
    };
    let query = format!(
        "uri={}",
        percent_encoding::utf8_percent_encode(&uri, percent_encoding::NON_ALPHANUMERIC)
    );
    download::file(State(st), method, headers, RawQuery(Some(query))).await
}
