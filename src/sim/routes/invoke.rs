//! `/api/v0/invoke`: the request envelope, EXECUTING polls, faults, then the service.

use std::time::Duration;

use axum::body::Bytes;
use axum::extract::{RawQuery, State};
use axum::http::{HeaderValue, Method, header};
use axum::response::{IntoResponse, Response};
use serde_json::Value;

use super::{Shared, caom, form, json_response};
use crate::sim::hostile::{self, Hostile};
use crate::sim::json_out::status_answer;

/// An answer as the hostile faults drawn for it make it.
fn shaped(h: Hostile, body: Vec<u8>, drop: bool) -> Response {
    let body = if h.count_off {
        hostile::count_off(body)
    } else {
        body
    };
    let mut r = if h.trickle {
        let (b, len) = hostile::trickle_body(body);
        let mut r = json_response(Vec::new(), false);
        *r.body_mut() = b;
        r.headers_mut()
            .insert(header::CONTENT_LENGTH, HeaderValue::from(len));
        r
    } else {
        json_response(body, drop)
    };
    if h.bad_headers {
        hostile::spoil_headers(&mut r);
    }
    r
}

pub async fn invoke(
    State(st): State<Shared>,
    method: Method,
    RawQuery(q): RawQuery,
    body: Bytes,
) -> Response {
    st.invokes
        .fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    st.latency().await;
    let text = if method == Method::POST {
        form::get(&String::from_utf8_lossy(&body), "request")
    } else {
        None
    };
    let Some(text) = text.or_else(|| q.as_deref().and_then(|q| form::get(q, "request"))) else {
        return json_response(
            status_answer("ERROR", "Request Object is Missing: send request=<json>."),
            false,
        );
    };
    let decision = match st.faults().await {
        Ok(d) => d,
        Err(resp) => return resp,
    };
    let h = st.faults.hostile();
    if h.redirect_loop {
        return hostile::redirect_loop(&format!("/api/v0/invoke?{}", q.unwrap_or_default()));
    }
    if h.huge_json {
        return hostile::huge_json_response();
    }
    if h.gzip_bomb {
        return hostile::gzip_bomb_response("application/json");
    }
    let mut req: Value = match serde_json::from_str(&text) {
        Ok(v @ Value::Object(_)) => v,
        Ok(_) => {
            return shaped(
                h,
                status_answer("ERROR", "Request Object is not a JSON object."),
                decision.drop,
            );
        }
        Err(e) => {
            return shaped(
                h,
                status_answer("ERROR", &format!("Unable to parse the request JSON: {e}")),
                decision.drop,
            );
        }
    };
    // Polls are counted per request; paging requests reuse the cacheBreaker of the first page.
    let key = req
        .get("cacheBreaker")
        .and_then(Value::as_str)
        .map_or_else(|| text.clone(), str::to_string);
    if let Some(page) = req.get("page").and_then(Value::as_u64)
        && st.faults.fail_page_once(&key, page)
    {
        return (
            axum::http::StatusCode::SERVICE_UNAVAILABLE,
            format!("Service Unavailable (simulated, page {page})\n"),
        )
            .into_response();
    }
    if st.faults.still_executing(&key) {
        return shaped(h, status_answer("EXECUTING", ""), decision.drop);
    }
    // A page that repeats the one before it.
    if h.repeat_rows
        && let Some(page) = req.get("page").and_then(Value::as_u64).filter(|p| *p >= 2)
    {
        req["page"] = Value::from(page - 1);
    }
    if req
        .get("service")
        .and_then(Value::as_str)
        .is_some_and(crate::sim::catalogs::handles)
    {
        return super::catalogs::invoke(&st, req, decision.drop).await;
    }
    let joins = caom::join_count(&req);
    if st.join_ms > 0 && joins > 0 {
        tokio::time::sleep(Duration::from_millis(
            st.join_ms.saturating_mul(joins as u64),
        ))
        .await;
    }
    let cat = st.catalogue;
    let answer = tokio::task::spawn_blocking(move || caom::dispatch(&cat, &req)).await;
    match answer {
        Ok(a) => {
            // A query matching more rows than the cap is reset whatever its page size, as
            // MAST does above about 500,000 rows.
            let over_cap = st.row_cap.is_some_and(|cap| a.rows_filtered > cap);
            shaped(h, a.body, decision.drop || a.reset || over_cap)
        }
        Err(_) => json_response(
            status_answer("ERROR", "Internal error while running the request."),
            false,
        ),
    }
}
