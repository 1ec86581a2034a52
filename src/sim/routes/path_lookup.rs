//! `GET /api/v0.1/path_lookup/?uri=..&uri=..`: where each file sits in the cloud copy, in
//! MAST's shape: an object keyed by the exact URIs asked, `{"status_code": 200, "path":
//! "/hst/public/..."}` for a file the bucket holds, `{"status_code": 404, "path": null}`
//! for any other (unknown, exclusive-access, or one the bucket lacks: `sim::cloud`).
//! More than 50 URIs in one call is refused, so clients must batch as astroquery does.

use axum::extract::{RawQuery, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};

use super::{Shared, form, json_response};
use crate::sim::cloud::cloud_path;

/// URIs one call may ask about.
pub const MAX_URIS: usize = 50;

pub async fn path_lookup(State(st): State<Shared>, RawQuery(q): RawQuery) -> Response {
    st.path_lookups
        .fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    st.latency().await;
    let uris: Vec<String> = form::pairs(q.as_deref().unwrap_or(""))
        .into_iter()
        .filter(|(k, _)| k == "uri")
        .map(|(_, v)| v)
        .collect();
    if uris.is_empty() {
        return (StatusCode::BAD_REQUEST, "Missing required parameter: uri\n").into_response();
    }
    if uris.len() > MAX_URIS {
        return (
            StatusCode::BAD_REQUEST,
            format!(
                "At most {MAX_URIS} uri parameters per request ({} given)\n",
                uris.len()
            ),
        )
            .into_response();
    }
    let decision = match st.faults().await {
        Ok(d) => d,
        Err(resp) => return resp,
    };
    let cat = st.catalogue;
    let answer = tokio::task::spawn_blocking(move || {
        let mut out = serde_json::Map::new();
        for uri in uris {
            let path = cat
                .find_product(&uri)
                .and_then(|(p, collection)| cloud_path(&p, collection));
            let entry = match path {
                Some(path) => serde_json::json!({"status_code": 200, "path": path}),
                None => serde_json::json!({"status_code": 404, "path": null}),
            };
            out.insert(uri, entry);
        }
        serde_json::Value::Object(out).to_string()
    })
    .await;
    match answer {
        Ok(body) => json_response(body.into_bytes(), decision.drop),
        Err(e) => (
            StatusCode::INTERNAL_SERVER_ERROR,
            format!("path lookup failed: {e}\n"),
        )
            .into_response(),
    }
}
