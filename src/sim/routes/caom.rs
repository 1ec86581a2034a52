//! The Mashup services: CAOM searches, counts, products, the mission histogram, name lookup.

use std::ops::ControlFlow;

use serde_json::Value;

use crate::sim::catalogue::product::MRP;
use crate::sim::catalogue::{Catalogue, Collection, Product};
use crate::sim::columns::{ObsCol, PRODUCT_COLUMNS};
use crate::sim::filters::{Cone, Query, parse_filters, parse_position};
use crate::sim::json_out::{JsonBuf, Paging, Val, status_answer};
use crate::sim::names;

/// MAST resets connections answering more rows than this in one page.
const RESET_ROWS: u64 = 500_000;
/// MAST's page size when the request names none.
const DEFAULT_PAGESIZE: u64 = 1000;

pub struct Answer {
    pub body: Vec<u8>,
    /// Cut the connection instead of answering (MAST's behaviour for oversize pages).
    pub reset: bool,
    /// Rows the whole query matches, for an observation search's page (0 otherwise): the
    /// simulator's `--row-cap` resets queries above it.
    pub rows_filtered: u64,
}

fn ok(body: Vec<u8>) -> Answer {
    Answer {
        body,
        reset: false,
        rows_filtered: 0,
    }
}

fn error(msg: &str) -> Answer {
    ok(status_answer("ERROR", msg))
}

fn number(v: &Value) -> Option<f64> {
    match v {
        Value::Number(n) => n.as_f64(),
        Value::String(s) => s.trim().parse().ok(),
        _ => None,
    }
}

fn paging_of(req: &Value) -> (u64, u64) {
    let get = |k: &str| {
        req.get(k)
            .and_then(number)
            .filter(|x| *x >= 1.0)
            .map(|x| x as u64)
    };
    (
        get("page").unwrap_or(1),
        get("pagesize").unwrap_or(DEFAULT_PAGESIZE),
    )
}

/// Number of obsids of a products request (for the per-join delay).
pub fn join_count(req: &Value) -> usize {
    if req.get("service").and_then(Value::as_str) != Some("Mast.Caom.Products") {
        return 0;
    }
    obsid_tokens(req.pointer("/params/obsid")).len()
}

fn obsid_tokens(v: Option<&Value>) -> Vec<String> {
    match v {
        Some(Value::String(s)) => s
            .split(',')
            .map(|t| t.trim().to_string())
            .filter(|t| !t.is_empty())
            .collect(),
        Some(Value::Number(n)) => vec![n.to_string()],
        Some(Value::Array(a)) => a.iter().flat_map(|x| obsid_tokens(Some(x))).collect(),
        _ => Vec::new(),
    }
}

pub fn dispatch(cat: &Catalogue, req: &Value) -> Answer {
    let service = req.get("service").and_then(Value::as_str).unwrap_or("");
    let params = req
        .get("params")
        .cloned()
        .unwrap_or(Value::Object(Default::default()));
    let (page, pagesize) = paging_of(req);
    match service {
        "Mast.Caom.Filtered" | "Mast.Caom.Filtered.Position" => {
            let cone = match params.get("position") {
                Some(Value::String(p)) => match parse_position(p) {
                    Ok(c) => Some(c),
                    Err(e) => return error(&e),
                },
                _ if service.ends_with("Position") => {
                    return error("Request Object is Missing Required Parameter : position");
                }
                _ => None,
            };
            let filters = match parse_filters(params.get("filters")) {
                Ok(f) => f,
                Err(e) => return error(&e),
            };
            let columns = params.get("columns").and_then(Value::as_str).unwrap_or("*");
            search(cat, Query { filters, cone }, columns, page, pagesize, false)
        }
        "Mast.Caom.Cone" => {
            let mut vals = [0.0; 3];
            for (slot, name) in vals.iter_mut().zip(["ra", "dec", "radius"]) {
                match params.get(name) {
                    None | Some(Value::Null) => {
                        return error(&format!(
                            "Request Object is Missing Required Parameter : {}",
                            name.to_uppercase()
                        ));
                    }
                    Some(v) => match number(v) {
                        Some(x) => *slot = x,
                        None => return error("Error converting data type varchar to float."),
                    },
                }
            }
            let cone = Cone {
                ra: vals[0],
                dec: vals[1],
                radius: vals[2],
            };
            search(
                cat,
                Query {
                    filters: Vec::new(),
                    cone: Some(cone),
                },
                "*",
                page,
                pagesize,
                true,
            )
        }
        "Mast.Caom.Products" => products(cat, &params, page, pagesize),
        "Mast.Caom.All" => ok(mission_histogram(cat)),
        "Mast.Name.Lookup" => match params.get("input").and_then(Value::as_str) {
            Some(name) => ok(names::lookup_answer(name)),
            None => error("Request Object is Missing Required Parameter : input"),
        },
        "" => error("Request Object is Missing Required Parameter : service"),
        other => error(&format!(
            "Unknown service: '{other}' is not a valid Mashup service."
        )),
    }
}

fn is_count(columns: &str) -> bool {
    let c: String = columns
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect::<String>()
        .to_ascii_uppercase();
    c == "COUNT_BIG(*)" || c == "COUNT(*)"
}

fn parse_columns(columns: &str, cone: bool) -> Result<Vec<ObsCol>, String> {
    let mut cols = Vec::new();
    for name in columns.split(',').map(str::trim).filter(|c| !c.is_empty()) {
        if name == "*" {
            cols.extend(ObsCol::ALL);
        } else {
            let c =
                ObsCol::from_name(name).ok_or_else(|| format!("Invalid column name '{name}'."))?;
            if c == ObsCol::Distance && !cone {
                return Err("Invalid column name 'distance'.".to_string());
            }
            cols.push(c);
        }
    }
    if cols.is_empty() {
        return Err("Incorrect syntax near 'FROM'.".to_string());
    }
    if cone && !cols.contains(&ObsCol::Distance) {
        cols.push(ObsCol::Distance);
    }
    Ok(cols)
}

fn write_fields(out: &mut JsonBuf, fields: &[(&str, &str)]) {
    out.raw("\"fields\":[");
    for (i, (name, ty)) in fields.iter().enumerate() {
        if i > 0 {
            out.raw(",");
        }
        out.raw("{\"name\":");
        out.string(name);
        out.raw(",\"type\":");
        out.string(ty);
        out.raw("}");
    }
    out.raw("]");
}

fn count_answer(n: u64) -> Vec<u8> {
    let mut out = JsonBuf::with_capacity(256);
    out.raw("{\"status\":\"COMPLETE\",\"msg\":\"\",\"data\":[{\"Column1\":");
    out.int(n as i64);
    out.raw("}],");
    write_fields(&mut out, &[("Column1", "string")]);
    out.raw(",\"paging\":");
    Paging {
        page: 1,
        page_size: 1,
        rows: 1,
        rows_filtered: 1,
    }
    .write(&mut out);
    out.raw("}");
    out.into_bytes()
}

fn search(
    cat: &Catalogue,
    q: Query,
    columns: &str,
    page: u64,
    pagesize: u64,
    selected: bool,
) -> Answer {
    if is_count(columns) {
        let mut n = 0u64;
        cat.scan(
            |b| q.block_may_match(b),
            |o| {
                n += u64::from(q.matches(o).is_some());
                ControlFlow::Continue(())
            },
        );
        return ok(count_answer(n));
    }
    let cols = match parse_columns(columns, q.cone.is_some()) {
        Ok(c) => c,
        Err(e) => return error(&e),
    };
    // Keys are written once per column, not per cell.
    let keys: Vec<String> = cols.iter().map(|c| format!("\"{}\":", c.name())).collect();
    let start = (page - 1).saturating_mul(pagesize);
    let end = start.saturating_add(pagesize);
    let mut out = JsonBuf::with_capacity(4096 + (pagesize.min(60_000) as usize) * 1300);
    out.raw("{\"status\":\"COMPLETE\",\"msg\":\"\",\"data\":[");
    let mut rank = 0u64;
    cat.scan(
        |b| q.block_may_match(b),
        |o| {
            let Some(distance) = q.matches(o) else {
                return ControlFlow::Continue(());
            };
            if rank >= start && rank < end {
                if rank > start {
                    out.raw(",");
                }
                out.raw("{");
                for (i, (c, k)) in cols.iter().zip(&keys).enumerate() {
                    if i > 0 {
                        out.raw(",");
                    }
                    out.raw(k);
                    if *c == ObsCol::Distance {
                        out.float(crate::sim::rng::round_to(distance, 6));
                    } else {
                        out.val(&o.value(*c));
                    }
                }
                if selected {
                    out.raw(",\"_selected_\":null");
                }
                out.raw("}");
            }
            rank += 1;
            ControlFlow::Continue(())
        },
    );
    let rows = rank.saturating_sub(start).min(pagesize);
    out.raw("],");
    let mut fields: Vec<(&str, &str)> = cols
        .iter()
        .map(|c| (c.name(), c.def().field_type()))
        .collect();
    if selected {
        fields.push(("_selected_", "boolean"));
    }
    write_fields(&mut out, &fields);
    out.raw(",\"paging\":");
    Paging {
        page,
        page_size: pagesize,
        rows,
        rows_filtered: rank,
    }
    .write(&mut out);
    out.raw("}");
    Answer {
        body: out.into_bytes(),
        reset: rows > RESET_ROWS,
        rows_filtered: rank,
    }
}

fn write_product(
    out: &mut JsonBuf,
    p: &Product,
    parent: i64,
    collection: Collection,
    project: &str,
    proposal: Option<&str>,
) {
    let vals: [Val<'_>; 20] = [
        Val::Int(p.owner_obsid),
        Val::s(collection.name()),
        Val::s(p.dataproduct_type),
        Val::s(&p.obs_id),
        Val::s(p.description),
        Val::s(p.kind),
        Val::s(&p.uri),
        Val::s(p.product_type),
        Val::opt_s(p.mrp.then_some(MRP)),
        Val::s(p.subgroup),
        Val::opt_s(p.doc_url),
        Val::s(project),
        Val::opt_s(p.prvversion),
        Val::opt_s(proposal),
        Val::s(&p.file),
        p.size.map_or(Val::Null, |s| Val::Int(s as i64)),
        Val::Int(parent),
        Val::s(p.rights()),
        Val::Int(p.calib_level),
        Val::s(p.filters),
    ];
    out.raw("{");
    for (i, ((name, _), v)) in PRODUCT_COLUMNS.iter().zip(&vals).enumerate() {
        if i > 0 {
            out.raw(",");
        }
        out.key(name);
        out.val(v);
    }
    out.raw(",\"_selected_\":null}");
}

fn products(cat: &Catalogue, params: &Value, page: u64, pagesize: u64) -> Answer {
    let tokens = obsid_tokens(params.get("obsid"));
    if params.get("obsid").is_none() {
        return error("Request Object is Missing Required Parameter : obsid");
    }
    let mut ids = Vec::with_capacity(tokens.len());
    for t in &tokens {
        match t.parse::<i64>() {
            Ok(i) => ids.push(i),
            Err(_) => return error("Error converting data type varchar to bigint."),
        }
    }
    let start = (page - 1).saturating_mul(pagesize);
    let end = start.saturating_add(pagesize);
    let mut out = JsonBuf::with_capacity(64 * 1024);
    out.raw("{\"status\":\"COMPLETE\",\"msg\":\"\",\"data\":[");
    let mut rank = 0u64;
    for id in ids {
        cat.with_obsid(id, |o| {
            let ps = cat.products_of(o);
            let blk = o.block;
            for p in &ps {
                if rank >= start && rank < end {
                    if rank > start {
                        out.raw(",");
                    }
                    write_product(
                        &mut out,
                        p,
                        id,
                        blk.collection,
                        blk.project,
                        blk.proposal_id.as_deref(),
                    );
                }
                rank += 1;
            }
        });
    }
    out.raw("],");
    let mut fields: Vec<(&str, &str)> = PRODUCT_COLUMNS.to_vec();
    fields.push(("_selected_", "boolean"));
    write_fields(&mut out, &fields);
    out.raw(",\"paging\":");
    let rows = rank.saturating_sub(start).min(pagesize);
    Paging {
        page,
        page_size: pagesize,
        rows,
        rows_filtered: rank,
    }
    .write(&mut out);
    out.raw("}");
    Answer {
        body: out.into_bytes(),
        reset: rows > RESET_ROWS,
        rows_filtered: 0,
    }
}

/// `Mast.Caom.All` in `extjs` format: per-column histograms (collections, product types).
fn mission_histogram(cat: &Catalogue) -> Vec<u8> {
    let mut by_coll: Vec<(&'static str, u64)> = Vec::new();
    let mut by_type: Vec<(&'static str, u64)> = Vec::new();
    let bump = |v: &mut Vec<(&'static str, u64)>, k: &'static str, n: u64| match v
        .iter_mut()
        .find(|(x, _)| *x == k)
    {
        Some(e) => e.1 += n,
        None => v.push((k, n)),
    };
    cat.for_each_block(|b| {
        bump(&mut by_coll, b.collection.name(), b.len);
        bump(&mut by_type, b.instrument.dataproduct_type, b.len);
        ControlFlow::Continue(())
    });
    let mut out = JsonBuf::with_capacity(4096);
    out.raw("{\"status\":\"COMPLETE\",\"msg\":\"\",\"data\":{\"name\":\"NewDataSet\",\"Tables\":[{\"name\":\"Table\",");
    out.raw("\"ExtendedProperties\":{\"Paging\":");
    Paging {
        page: 0,
        page_size: 0,
        rows: 0,
        rows_filtered: 0,
    }
    .write(&mut out);
    out.raw("},\"Columns\":[");
    for (i, (col, hist)) in [("dataproduct_type", &by_type), ("obs_collection", &by_coll)]
        .iter()
        .enumerate()
    {
        if i > 0 {
            out.raw(",");
        }
        out.raw("{\"text\":");
        out.string(col);
        out.raw(",\"dataIndex\":");
        out.string(col);
        out.raw(",\"ExtendedProperties\":{\"histObj\":{\"hist\":[");
        for (k, (key, n)) in hist.iter().enumerate() {
            if k > 0 {
                out.raw(",");
            }
            out.raw("{\"count\":");
            out.int(*n as i64);
            out.raw(",\"key\":");
            out.string(key);
            out.raw("}");
        }
        out.raw("]");
        for (key, n) in hist.iter() {
            out.raw(",");
            out.key(key);
            out.raw("{\"count\":");
            out.int(*n as i64);
            out.raw(",\"key\":");
            out.string(key);
            out.raw("}");
        }
        out.raw("},\"vot.datatype\":\"char\",\"vot.name\":");
        out.string(col);
        out.raw("}}");
    }
    out.raw("],\"Fields\":[{\"name\":\"dataproduct_type\",\"type\":\"string\"},{\"name\":\"obs_collection\",\"type\":\"string\"}],\"Rows\":[]}]}");
    // No top-level paging: astroquery then stops after this one answer.
    out.raw("}");
    out.into_bytes()
}
