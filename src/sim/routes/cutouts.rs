//! The cutout services' routes: TESScut (`sector`, `astrocut`, and their `moving_target/`
//! forms), Zcut (`survey`, `astrocut`) and HAPcut (`astrocut`). Each takes its parameters
//! from a GET query, a form or a JSON body alike (astroquery uses all three). Cutouts are
//! zips built on request: no `Accept-Ranges`, so no client takes them for resumable.
//! Nothing to cut out is an HTTP 200 JSON `msg`, as MAST answers.

use axum::body::Bytes;
use axum::extract::{RawQuery, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::Response;

use super::missions::error;
use super::{Shared, form, json_response, maybe_cut};
use crate::sim::cutouts::{Params, coord_text, deep, hap, tess, zip_out};
use crate::sim::json_out::JsonBuf;

/// Query pairs, then the body's (form or JSON).
fn params(q: Option<&str>, body: &Bytes) -> Params {
    let mut pairs = form::pairs(q.unwrap_or(""));
    let text = String::from_utf8_lossy(body);
    if text.trim_start().starts_with('{') {
        if let Ok(v) = serde_json::from_str::<serde_json::Value>(&text) {
            pairs.extend(Params::from_json(&v).into_pairs());
        }
    } else {
        pairs.extend(form::pairs(&text));
    }
    Params::from_pairs(pairs)
}

/// A cutout archive's name and its files (name, bytes).
type Archive = (String, Vec<(String, Vec<u8>)>);

fn bad(msg: &str) -> Response {
    error(StatusCode::BAD_REQUEST, msg)
}

/// HTTP 200 `{"msg": .., "results": []}`: nothing to cut out.
fn nothing(msg: &str) -> Response {
    let mut out = JsonBuf::with_capacity(64 + msg.len());
    out.raw("{\"msg\":");
    out.string(msg);
    out.raw(",\"results\":[]}");
    json_response(out.into_bytes(), false)
}

fn zip_response(name: &str, files: &[(String, Vec<u8>)], drop: bool) -> Response {
    let bytes = match zip_out::zip_of(files) {
        Ok(b) => b,
        Err(e) => return error(StatusCode::INTERNAL_SERVER_ERROR, &e),
    };
    let len = bytes.len();
    let mut r = Response::new(maybe_cut(bytes, drop));
    let h = r.headers_mut();
    h.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/zip"),
    );
    h.insert(header::CONTENT_LENGTH, HeaderValue::from(len));
    if let Ok(v) = HeaderValue::from_str(&format!("attachment; filename=\"{name}\"")) {
        h.insert(header::CONTENT_DISPOSITION, v);
    }
    r
}

fn sector_list(list: &[tess::Coverage]) -> Response {
    let mut out = JsonBuf::with_capacity(64 + list.len() * 80);
    out.raw("{\"results\":[");
    for (i, c) in list.iter().enumerate() {
        if i > 0 {
            out.raw(",");
        }
        // All strings, as TESScut sends them.
        out.raw("{\"sectorName\":");
        out.string(&c.sector_name());
        out.raw(",\"sector\":");
        out.string(&format!("{:04}", c.sector));
        out.raw(",\"camera\":");
        out.string(&c.camera.to_string());
        out.raw(",\"ccd\":");
        out.string(&c.ccd.to_string());
        out.raw("}");
    }
    out.raw("]}");
    json_response(out.into_bytes(), false)
}

/// The sectors asked for with `sector=` (repeatable, or comma separated); empty = all.
fn wanted_sectors(p: &Params) -> Result<Vec<u32>, String> {
    let mut out = Vec::new();
    for v in p.all("sector") {
        for s in v.split(',').map(str::trim).filter(|s| !s.is_empty()) {
            out.push(
                s.parse::<u32>()
                    .ok()
                    .filter(|n| *n >= 1)
                    .ok_or_else(|| format!("sector={s} is not a sector number"))?,
            );
        }
    }
    Ok(out)
}

pub async fn tess_sector(State(st): State<Shared>, RawQuery(q): RawQuery, body: Bytes) -> Response {
    st.latency().await;
    if let Err(r) = st.faults().await {
        return r;
    }
    let p = params(q.as_deref(), &body);
    let ((ra, dec), radius) = match p.position().and_then(|pos| Ok((pos, p.radius_deg()?))) {
        Ok(v) => v,
        Err(e) => return bad(&e),
    };
    sector_list(&tess::sectors(ra, dec, radius))
}

pub async fn tess_moving_sector(
    State(st): State<Shared>,
    RawQuery(q): RawQuery,
    body: Bytes,
) -> Response {
    st.latency().await;
    if let Err(r) = st.faults().await {
        return r;
    }
    let p = params(q.as_deref(), &body);
    let Some(name) = p.get("obj_id").filter(|n| !n.is_empty()) else {
        return bad("obj_id is required: the name of a moving target");
    };
    let list: Vec<tess::Coverage> = tess::moving_sectors(name)
        .into_iter()
        .map(|(c, _)| c)
        .collect();
    sector_list(&list)
}

pub async fn tess_astrocut(
    State(st): State<Shared>,
    RawQuery(q): RawQuery,
    body: Bytes,
) -> Response {
    st.latency().await;
    let decision = match st.faults().await {
        Ok(d) => d,
        Err(r) => return r,
    };
    let p = params(q.as_deref(), &body);
    let made = (|| -> Result<Option<Archive>, String> {
        let (ra, dec) = p.position()?;
        let (nx, ny) = p.size_px(tess::PIXEL_ARCSEC, tess::MAX_SIDE)?;
        let wanted = wanted_sectors(&p)?;
        let files: Vec<(String, Vec<u8>)> = tess::sectors(ra, dec, 0.0)
            .into_iter()
            .filter(|c| wanted.is_empty() || wanted.contains(&c.sector))
            .map(|c| {
                (
                    tess::file_name(&c, ra, dec, nx, ny),
                    tess::target_pixel_file(&c, ra, dec, nx, ny),
                )
            })
            .collect();
        if files.is_empty() {
            return Ok(None);
        }
        let name = format!(
            "astrocut_{}_{}_{nx}x{ny}.zip",
            coord_text(ra),
            coord_text(dec)
        );
        Ok(Some((name, files)))
    })();
    match made {
        Err(e) => bad(&e),
        Ok(None) => nothing("No TESS sector covers this position (for the sectors asked)."),
        Ok(Some((name, files))) => zip_response(&name, &files, decision.drop),
    }
}

pub async fn tess_moving_astrocut(
    State(st): State<Shared>,
    RawQuery(q): RawQuery,
    body: Bytes,
) -> Response {
    st.latency().await;
    let decision = match st.faults().await {
        Ok(d) => d,
        Err(r) => return r,
    };
    let p = params(q.as_deref(), &body);
    let Some(obj) = p
        .get("obj_id")
        .filter(|n| !n.is_empty())
        .map(str::to_string)
    else {
        return bad("obj_id is required: the name of a moving target");
    };
    let (nx, ny) = match p.size_px(tess::PIXEL_ARCSEC, tess::MAX_SIDE) {
        Ok(s) => s,
        Err(e) => return bad(&e),
    };
    let wanted = match wanted_sectors(&p) {
        Ok(w) => w,
        Err(e) => return bad(&e),
    };
    // The cutout follows the target; the simulator centres each file on its mid-sector place.
    let files: Vec<(String, Vec<u8>)> = tess::moving_sectors(&obj)
        .into_iter()
        .filter(|(c, _)| wanted.is_empty() || wanted.contains(&c.sector))
        .map(|(c, (ra, dec))| {
            (
                tess::file_name(&c, ra, dec, nx, ny),
                tess::target_pixel_file(&c, ra, dec, nx, ny),
            )
        })
        .collect();
    if files.is_empty() {
        return nothing("The moving target was not on a TESS camera in the sectors asked.");
    }
    let slug: String = obj
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '_' })
        .collect();
    zip_response(
        &format!("astrocut_{slug}_{nx}x{ny}.zip"),
        &files,
        decision.drop,
    )
}

pub async fn zcut_survey(State(st): State<Shared>, RawQuery(q): RawQuery, body: Bytes) -> Response {
    st.latency().await;
    if let Err(r) = st.faults().await {
        return r;
    }
    let p = params(q.as_deref(), &body);
    let ((ra, dec), radius) = match p.position().and_then(|pos| Ok((pos, p.radius_deg()?))) {
        Ok(v) => v,
        Err(e) => return bad(&e),
    };
    let mut out = JsonBuf::with_capacity(256);
    out.raw("{\"surveys\":[");
    for (i, s) in deep::surveys_at(ra, dec, radius).iter().enumerate() {
        if i > 0 {
            out.raw(",");
        }
        out.string(s.name);
    }
    out.raw("]}");
    json_response(out.into_bytes(), false)
}

pub async fn zcut_astrocut(
    State(st): State<Shared>,
    RawQuery(q): RawQuery,
    body: Bytes,
) -> Response {
    st.latency().await;
    let decision = match st.faults().await {
        Ok(d) => d,
        Err(r) => return r,
    };
    let p = params(q.as_deref(), &body);
    let format = p.get("format").unwrap_or("fits").to_ascii_lowercase();
    if format != "fits" {
        return bad(&format!(
            "format={format}: the simulated Zcut makes FITS cutouts only (format=fits)"
        ));
    }
    let (ra, dec) = match p.position() {
        Ok(v) => v,
        Err(e) => return bad(&e),
    };
    let here = deep::surveys_at(ra, dec, 0.0);
    let survey = match p.get("survey").filter(|s| !s.is_empty()) {
        Some(name) => match deep::find(name) {
            None => {
                let known: Vec<&str> = deep::SURVEYS.iter().map(|s| s.name).collect();
                return bad(&format!(
                    "unknown survey '{name}'; surveys: {}",
                    known.join(", ")
                ));
            }
            Some(s) if !here.iter().any(|h| h.name == s.name) => {
                return nothing(&format!(
                    "The survey {} does not cover this position.",
                    s.name
                ));
            }
            Some(s) => s,
        },
        None => match here.first() {
            Some(s) => *s,
            None => return nothing("No deep-field survey covers this position."),
        },
    };
    let (nx, ny) = match p.size_px(survey.pixel_arcsec, deep::MAX_SIDE) {
        Ok(s) => s,
        Err(e) => return bad(&e),
    };
    let name = deep::file_name(survey, ra, dec, nx, ny);
    let file = deep::cutout_file(survey, ra, dec, nx, ny);
    let zip_name = format!(
        "astrocut_{}_{}_{nx}x{ny}px.zip",
        coord_text(ra),
        coord_text(dec)
    );
    zip_response(&zip_name, &[(name, file)], decision.drop)
}

pub async fn hapcut_astrocut(
    State(st): State<Shared>,
    RawQuery(q): RawQuery,
    body: Bytes,
) -> Response {
    st.latency().await;
    let decision = match st.faults().await {
        Ok(d) => d,
        Err(r) => return r,
    };
    let p = params(q.as_deref(), &body);
    let ((ra, dec), (nx, ny)) = match p
        .position()
        .and_then(|pos| Ok((pos, p.size_px(hap::PIXEL_ARCSEC, hap::MAX_SIDE)?)))
    {
        Ok(v) => v,
        Err(e) => return bad(&e),
    };
    let cat = st.catalogue;
    let mosaics = tokio::task::spawn_blocking(move || hap::mosaics_at(&cat, ra, dec))
        .await
        .unwrap_or_default();
    if mosaics.is_empty() {
        return nothing("Missing HAP files for input target. Cutout not performed.");
    }
    let files: Vec<(String, Vec<u8>)> = mosaics
        .iter()
        .map(|m| {
            (
                hap::file_name(m, ra, dec),
                hap::cutout_file(m, ra, dec, nx, ny),
            )
        })
        .collect();
    let zip_name = format!(
        "hapcut_{}_{}_{nx}x{ny}.zip",
        coord_text(ra),
        coord_text(dec)
    );
    zip_response(&zip_name, &files, decision.drop)
}
