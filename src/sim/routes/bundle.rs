//! `POST /api/v0.1/Download/bundle.sh`: a curl script in MAST's style for the posted URIs.

use std::time::{SystemTime, UNIX_EPOCH};

use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderValue, header};
use axum::response::Response;
use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, utf8_percent_encode};

use super::{Shared, form};
use crate::sim::catalogue::naming::stamp;

/// Keep `:` and `/` readable in URIs, as MAST's own scripts do.
const URI_SET: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b':')
    .remove(b'/')
    .remove(b'.')
    .remove(b'_')
    .remove(b'-');

/// Printable ASCII only, so posted text cannot break out of a comment or a quoted word.
fn clean(s: &str) -> String {
    s.chars()
        .filter(|c| c.is_ascii_graphic() || *c == ' ')
        .filter(|c| *c != '\'')
        .collect()
}

fn html(s: &str) -> String {
    clean(s)
        .replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

pub fn script(st: &Shared, uris: &[String], now_mjd: f64) -> String {
    let name = format!("MAST_{}", stamp(now_mjd).bundle());
    let mut s = String::with_capacity(512 + uris.len() * 400);
    s.push_str("#!/bin/bash\n#\n");
    s.push_str(&format!(
        "# Requested from {} (mastui simulated MAST archive)\n",
        st.base_url
    ));
    s.push_str(&format!("# Bundle: {name}\n#\n"));
    s.push_str("# Run this script in the directory where the files should go.\n");
    s.push_str("# Exclusive-access files need a MAST token in $MAST_API_TOKEN.\n#\n\n");
    s.push_str("CONT=\"-C -\"\n\n");
    let mut manifest = Vec::new();
    for uri in uris {
        let found = st.catalogue.find_product(uri);
        let Some((p, coll)) = found else {
            s.push_str(&format!("# NOT FOUND: {}\n\n", clean(uri)));
            manifest.push((clean(uri), String::new(), "UNKNOWN", "NOT FOUND"));
            continue;
        };
        let path = format!("./{name}/{}/{}/{}", coll.name(), p.obs_id, p.file);
        let url = format!(
            "{}/api/v0.1/Download/file?bundle_name={name}.sh&uri={}",
            st.base_url,
            utf8_percent_encode(&p.uri, URI_SET)
        );
        s.push_str(&format!(
            "cat <<EOT\n<<< Downloading File: {}\n                  To: {path}\nEOT\n\n",
            p.uri
        ));
        let auth = if p.exclusive {
            " -H \"Authorization: token $MAST_API_TOKEN\""
        } else {
            ""
        };
        s.push_str(&format!(
            "curl --globoff --location-trusted -f --progress-bar --create-dirs $CONT{auth} --output '{path}' '{url}'\n\n"
        ));
        manifest.push((p.uri.clone(), path, p.rights(), "QUEUED"));
    }
    s.push_str(&format!(
        "mkdir -p './{name}'\ncat > './{name}/MANIFEST.HTML' <<'EOT'\n"
    ));
    s.push_str("<html><head><title>MAST bundle manifest</title></head><body>\n<table border=1>\n");
    s.push_str("<tr><th>URI</th><th>File</th><th>Access</th><th>Status</th></tr>\n");
    for (uri, path, access, status) in &manifest {
        s.push_str(&format!(
            "<tr><td>{}</td><td>{}</td><td>{access}</td><td>{status}</td></tr>\n",
            html(uri),
            html(path)
        ));
    }
    s.push_str("</table></body></html>\nEOT\n\nexit 0\n");
    s
}

pub async fn bundle_sh(State(st): State<Shared>, body: Bytes) -> Response {
    st.latency().await;
    let uris: Vec<String> = form::pairs(&String::from_utf8_lossy(&body))
        .into_iter()
        .filter(|(k, _)| k == "uri")
        .map(|(_, v)| v)
        .collect();
    let secs = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_secs_f64())
        .unwrap_or(0.0);
    let now_mjd = secs / 86_400.0 + 40_587.0;
    let st2 = st.clone();
    let text = tokio::task::spawn_blocking(move || script(&st2, &uris, now_mjd))
        .await
        .unwrap_or_default();
    let name = format!("MAST_{}.sh", stamp(now_mjd).bundle());
    let mut resp = Response::new(axum::body::Body::from(text));
    let h = resp.headers_mut();
    h.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/x-shellscript; charset=utf-8"),
    );
    if let Ok(v) = HeaderValue::from_str(&format!("attachment; filename=\"{name}\"")) {
        h.insert(header::CONTENT_DISPOSITION, v);
    }
    resp
}
