//! Tokens: `Authorization: token T`, `Authorization: Bearer T`, or astroquery's `mast_token`
//! cookie; and `GET /whoami`, which answers anonymous (HTTP 200) for a bad token.

use axum::extract::State;
use axum::http::HeaderMap;
use axum::http::header::{AUTHORIZATION, COOKIE};
use axum::response::Response;

use super::{Shared, json_response};
use crate::sim::json_out::JsonBuf;

/// The token the client sent, if any.
pub fn token_of(headers: &HeaderMap) -> Option<String> {
    if let Some(v) = headers.get(AUTHORIZATION).and_then(|v| v.to_str().ok()) {
        let v = v.trim();
        if let Some((scheme, t)) = v.split_once(' ')
            && (scheme.eq_ignore_ascii_case("token") || scheme.eq_ignore_ascii_case("bearer"))
        {
            return Some(t.trim().to_string());
        }
    }
    headers
        .get_all(COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|c| c.trim().split_once('='))
        .find(|(k, _)| *k == "mast_token")
        .map(|(_, v)| v.trim().trim_matches('"').to_string())
}

/// Index of the configured token the request carries, if it carries a valid one.
pub fn user_of(st: &Shared, headers: &HeaderMap) -> Option<usize> {
    let t = token_of(headers)?;
    st.tokens
        .iter()
        .position(|known| !known.is_empty() && *known == t)
}

pub async fn whoami(State(st): State<Shared>, headers: HeaderMap) -> Response {
    st.latency().await;
    let mut out = JsonBuf::with_capacity(512);
    match user_of(&st, &headers) {
        Some(n) => {
            let n = n + 1;
            out.raw("{\"eppn\":");
            out.string(&format!("simuser{n}@stsci.edu"));
            out.raw(",\"ezid\":");
            out.string(&format!("simuser{n}"));
            out.raw(",\"attrib\":{\"display_name\":");
            out.string(&format!("Sim User {n}"));
            out.raw(",\"email\":");
            out.string(&format!("simuser{n}@example.org"));
            out.raw("},\"anon\":false,\"scopes\":[\"mast:user:info\",\"mast:exclusive_access\"],\"session\":null,\"token\":");
            out.string(&st.tokens[n - 1]);
            out.raw("}");
        }
        None => out.raw(
            "{\"eppn\":\"\",\"ezid\":\"anonymous\",\"attrib\":{},\"anon\":true,\"scopes\":[],\"session\":null,\"token\":null}",
        ),
    }
    json_response(out.into_bytes(), false)
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::HeaderValue;

    #[test]
    fn reads_all_token_forms() {
        let mut h = HeaderMap::new();
        assert_eq!(token_of(&h), None);
        h.insert(AUTHORIZATION, HeaderValue::from_static("token abc"));
        assert_eq!(token_of(&h).as_deref(), Some("abc"));
        h.insert(AUTHORIZATION, HeaderValue::from_static("Bearer xyz"));
        assert_eq!(token_of(&h).as_deref(), Some("xyz"));
        let mut c = HeaderMap::new();
        c.insert(COOKIE, HeaderValue::from_static("a=1; mast_token=tok; b=2"));
        assert_eq!(token_of(&c).as_deref(), Some("tok"));
    }
}
