//! The HTTP surface: MAST's routes on one axum router.

pub mod auth;
pub mod bundle;
pub mod caom;
pub mod catalogs;
pub mod cutouts;
pub mod download;
pub mod form;
pub mod invoke;
pub mod missions;
pub mod path_lookup;

use std::sync::Arc;
use std::time::Duration;

use axum::Router;
use axum::body::{Body, Bytes};
use axum::extract::{RawQuery, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use futures_util::StreamExt;

use super::catalogue::Catalogue;
use super::faults::{Decision, FaultState};
use super::options::SimOptions;

pub struct AppState {
    pub catalogue: Catalogue,
    pub faults: FaultState,
    pub latency_ms: u64,
    pub join_ms: u64,
    /// Observation queries matching more rows than this are reset (`--row-cap`).
    pub row_cap: Option<u64>,
    pub tokens: Vec<String>,
    pub base_url: String,
    /// What the download route served, for tests that check resumes.
    pub downloads: download::DownloadStats,
    /// Invoke requests received, for tests that check none was sent.
    pub invokes: std::sync::atomic::AtomicU64,
    /// Path lookup requests received, for tests that check lookups are batched and kept.
    pub path_lookups: std::sync::atomic::AtomicU64,
}

pub type Shared = Arc<AppState>;

impl AppState {
    pub fn new(opts: &SimOptions, base_url: String) -> Self {
        AppState {
            catalogue: Catalogue::new(opts.seed, opts.scale)
                .with_file_size(opts.file_size)
                .with_epoch_days(opts.epoch_days),
            faults: FaultState::new(opts.faults.clone(), opts.seed),
            latency_ms: opts.latency_ms,
            join_ms: opts.join_ms,
            row_cap: opts.row_cap,
            tokens: opts.tokens.clone(),
            base_url,
            downloads: download::DownloadStats::new(opts.chunk_delay_ms),
            invokes: std::sync::atomic::AtomicU64::new(0),
            path_lookups: std::sync::atomic::AtomicU64::new(0),
        }
    }

    /// The fixed per-request latency.
    pub async fn latency(&self) {
        if self.latency_ms > 0 {
            tokio::time::sleep(Duration::from_millis(self.latency_ms)).await;
        }
    }

    /// Draw this answer's faults; `Err` is the replacement answer (429 or 5xx).
    pub async fn faults(&self) -> Result<Decision, Response> {
        let d = self.faults.decide();
        if d.delay_ms > 0 {
            tokio::time::sleep(Duration::from_millis(d.delay_ms)).await;
        }
        match d.status {
            Some(429) => Err((
                StatusCode::TOO_MANY_REQUESTS,
                [(header::RETRY_AFTER, HeaderValue::from_static("1"))],
                "Too many requests; retry after 1 second.\n",
            )
                .into_response()),
            Some(code) => {
                let status =
                    StatusCode::from_u16(code).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
                Err((
                    status,
                    format!(
                        "{} (simulated)\n",
                        status.canonical_reason().unwrap_or("Server Error")
                    ),
                )
                    .into_response())
            }
            None => Ok(d),
        }
    }
}

/// A body that is cut (connection reset) after half of it when `drop` is set.
pub fn maybe_cut(bytes: Vec<u8>, drop: bool) -> Body {
    if !drop {
        return Body::from(bytes);
    }
    let half = bytes.len() / 2;
    let head = Bytes::from(bytes).slice(..half);
    // A short pause lets the head and the first half reach the client before the reset.
    let cut = async {
        tokio::time::sleep(Duration::from_millis(30)).await;
        Err::<Bytes, _>(std::io::Error::new(
            std::io::ErrorKind::ConnectionReset,
            "simulated drop",
        ))
    };
    let parts = futures_util::stream::iter([Ok(head)]).chain(futures_util::stream::once(cut));
    Body::from_stream(parts)
}

pub fn json_response(bytes: Vec<u8>, drop: bool) -> Response {
    let mut r = Response::new(maybe_cut(bytes, drop));
    r.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/json; charset=utf-8"),
    );
    r
}

async fn columns_config(State(st): State<Shared>, RawQuery(q): RawQuery, body: Bytes) -> Response {
    st.latency().await;
    let body = String::from_utf8_lossy(&body);
    let id = form::get(&body, "colConfigId")
        .or_else(|| q.as_deref().and_then(|q| form::get(q, "colConfigId")));
    // MAST answers an empty body for unknown ids; astroquery treats that as an error.
    let bytes = id
        .and_then(|id| {
            super::columns_config::columns_config(&id)
                .or_else(|| super::catalogs::config::columns_config(&id))
        })
        .unwrap_or_default();
    json_response(bytes, false)
}

async fn santa(State(st): State<Shared>, RawQuery(q): RawQuery) -> Response {
    st.latency().await;
    let names: Vec<String> = form::pairs(q.as_deref().unwrap_or(""))
        .into_iter()
        .filter(|(k, _)| k == "name")
        .map(|(_, v)| v)
        .collect();
    let mut out = super::json_out::JsonBuf::with_capacity(1024);
    out.raw("{\"resolvedCoordinate\":[");
    let mut first = true;
    for n in &names {
        super::names::write_resolved(&mut out, n, &mut first);
    }
    out.raw("],\"status\":\"\"}");
    json_response(out.into_bytes(), false)
}

async fn not_found() -> Response {
    (
        StatusCode::NOT_FOUND,
        "Not found (mastui simulated MAST archive)\n",
    )
        .into_response()
}

/// The missions search API and the cutout services (PROTOCOL-MORE.md sections 2 and 3).
fn missions_and_cutouts() -> Router<Shared> {
    Router::new()
        .route(
            "/search/util/api/v0.1/column_list",
            get(missions::column_list),
        )
        .route("/search/{mission}/api/v0.1/search", post(missions::search))
        .route(
            "/search/{mission}/api/v0.1/post_list_products",
            post(missions::list_products),
        )
        .route(
            "/search/{mission}/api/v0.1/retrieve_product",
            get(missions::retrieve_product),
        )
        .route(
            "/tesscut/api/v0.1/sector",
            get(cutouts::tess_sector).post(cutouts::tess_sector),
        )
        .route(
            "/tesscut/api/v0.1/moving_target/sector",
            get(cutouts::tess_moving_sector).post(cutouts::tess_moving_sector),
        )
        .route(
            "/tesscut/api/v0.1/astrocut",
            get(cutouts::tess_astrocut).post(cutouts::tess_astrocut),
        )
        .route(
            "/tesscut/api/v0.1/moving_target/astrocut",
            get(cutouts::tess_moving_astrocut).post(cutouts::tess_moving_astrocut),
        )
        .route(
            "/zcut/api/v0.1/survey",
            get(cutouts::zcut_survey).post(cutouts::zcut_survey),
        )
        .route(
            "/zcut/api/v0.1/astrocut",
            get(cutouts::zcut_astrocut).post(cutouts::zcut_astrocut),
        )
        .route(
            "/hapcut/api/v0.1/astrocut",
            get(cutouts::hapcut_astrocut).post(cutouts::hapcut_astrocut),
        )
}

pub fn router(state: Shared) -> Router {
    Router::new()
        .route("/api/v0/invoke", post(invoke::invoke).get(invoke::invoke))
        .route(
            "/portal/Mashup/Mashup.asmx/columnsconfig",
            post(columns_config).get(columns_config),
        )
        .route("/api/v0.1/Download/file", get(download::file))
        .route("/api/v0.1/Download/bundle.sh", post(bundle::bundle_sh))
        .route("/api/v0.1/path_lookup/", get(path_lookup::path_lookup))
        .route("/api/v0.1/path_lookup", get(path_lookup::path_lookup))
        .route("/whoami", get(auth::whoami))
        .route(
            "/api/v0.1/panstarrs/{release}/{file}",
            get(catalogs::panstarrs_query).post(catalogs::panstarrs_query),
        )
        .route(
            "/api/v0.1/panstarrs/{release}/{table}/metadata.json",
            get(catalogs::panstarrs_metadata),
        )
        .route("/Santa-war/query", get(santa))
        .merge(missions_and_cutouts())
        .fallback(not_found)
        .with_state(state)
}
