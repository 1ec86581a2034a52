//! `POST /search/<mission>/api/v0.1/search`: conditions, cones, sorting and `offset`/`limit`
//! paging over the mission's datasets, answered as MAST does (`info`, `search_params`,
//! `totalResults`, `results`). Every answer of one query sorts the same way, so pages cut
//! with `offset` never overlap or skip a row.

use std::cmp::Ordering;

use serde_json::Value;

use super::columns::{Col, Computed, columns, find};
use super::conditions::Condition;
use super::{MAX_RADIUS_ARCMIN, MAX_ROWS, MAX_TARGETS, Mission};
use crate::sim::catalogue::{Catalogue, Observation};
use crate::sim::filters::separation;
use crate::sim::json_out::{JsonBuf, Val};

/// MAST's cone when a request names positions but no radius, in arcminutes.
const DEFAULT_RADIUS_ARCMIN: f64 = 3.0;

/// A search as the request asks it.
pub struct Request {
    targets: Vec<(f64, f64)>,
    radius_deg: f64,
    radius_echo: (f64, String),
    conditions: Vec<Condition>,
    limit: u64,
    offset: u64,
    select: Vec<&'static Col>,
    sort: Vec<(&'static Col, bool)>,
    count_only: bool,
}

fn number(v: &Value) -> Option<f64> {
    match v {
        Value::Number(n) => n.as_f64(),
        Value::String(s) => s.trim().parse().ok(),
        _ => None,
    }
}

fn list_of_text(v: &Value) -> Vec<String> {
    match v {
        Value::String(s) => vec![s.clone()],
        Value::Array(a) => a
            .iter()
            .filter_map(|x| x.as_str().map(str::to_string))
            .collect(),
        _ => Vec::new(),
    }
}

fn parse_target(t: &str) -> Result<(f64, f64), String> {
    let nums: Vec<f64> = t
        .split([' ', ','])
        .filter(|s| !s.is_empty())
        .map(|s| s.parse::<f64>())
        .collect::<Result<_, _>>()
        .map_err(|_| format!("target '{t}' is not \"RA DEC\" in degrees"))?;
    match nums[..] {
        [ra, dec] if (0.0..360.0).contains(&ra) && (-90.0..=90.0).contains(&dec) => Ok((ra, dec)),
        _ => Err(format!(
            "target '{t}' is not \"RA DEC\" in degrees (0 <= RA < 360, -90 <= Dec <= 90)"
        )),
    }
}

impl Request {
    /// The request body (JSON) for `mission`; the error is the message of a 400.
    pub fn parse(mission: Mission, body: &Value) -> Result<Request, String> {
        let obj = body
            .as_object()
            .ok_or("the search request must be a JSON object")?;
        let targets: Vec<(f64, f64)> = obj
            .get("target")
            .map(list_of_text)
            .unwrap_or_default()
            .iter()
            .map(|t| parse_target(t))
            .collect::<Result<_, _>>()?;
        if targets.len() > MAX_TARGETS {
            return Err(format!(
                "{} targets given; a search takes at most {MAX_TARGETS}",
                targets.len()
            ));
        }
        let units = obj
            .get("radius_units")
            .and_then(Value::as_str)
            .unwrap_or("arcminutes")
            .to_ascii_lowercase();
        let per_deg = match units.as_str() {
            "arcseconds" | "arcsec" | "s" => 3600.0,
            "arcminutes" | "arcmin" | "m" => 60.0,
            "degrees" | "deg" | "d" => 1.0,
            other => return Err(format!("unknown radius_units '{other}'")),
        };
        let radius = match obj.get("radius") {
            None | Some(Value::Null) => DEFAULT_RADIUS_ARCMIN / 60.0 * per_deg,
            Some(v) => number(v).ok_or("radius is not a number")?,
        };
        let radius_deg = radius / per_deg;
        if !(radius_deg > 0.0 && radius_deg * 60.0 <= MAX_RADIUS_ARCMIN + 1e-9) {
            return Err(format!(
                "radius {radius} {units} is outside (0, {MAX_RADIUS_ARCMIN}] arcminutes"
            ));
        }
        let mut conditions = Vec::new();
        let conds: Vec<&serde_json::Map<String, Value>> = match obj.get("conditions") {
            None | Some(Value::Null) => Vec::new(),
            Some(Value::Object(m)) => vec![m],
            Some(Value::Array(a)) => a
                .iter()
                .map(|c| c.as_object().ok_or("each condition must be an object"))
                .collect::<Result<_, _>>()?,
            Some(_) => return Err("conditions must be a list of objects".into()),
        };
        for m in conds {
            for (name, v) in m {
                let col = find(mission, name)
                    .ok_or_else(|| format!("unknown column '{name}' for {}", mission.name()))?;
                conditions.push(Condition::parse(col, v)?);
            }
        }
        let whole = |k: &str, default: u64| -> Result<u64, String> {
            match obj.get(k) {
                None | Some(Value::Null) => Ok(default),
                Some(v) => number(v)
                    .filter(|x| *x >= 0.0 && x.fract() == 0.0)
                    .map(|x| x as u64)
                    .ok_or_else(|| format!("{k} must be a whole number >= 0")),
            }
        };
        // More rows than the service sends at once are cut to its maximum, and the echoed
        // `limit` says so.
        let limit = whole("limit", MAX_ROWS)?.min(MAX_ROWS);
        let offset = whole("offset", 0)?;
        let select = match obj.get("select_cols") {
            None | Some(Value::Null) => columns(mission)
                .iter()
                .filter(|c| c.default_output)
                .collect(),
            Some(v) => {
                let names = list_of_text(v);
                let mut out: Vec<&'static Col> = Vec::new();
                for n in names {
                    let c = find(mission, &n)
                        .ok_or_else(|| format!("unknown column '{n}' in select_cols"))?;
                    if !out.iter().any(|o| o.name == c.name) {
                        out.push(c);
                    }
                }
                if out.is_empty() {
                    return Err("select_cols names no column".into());
                }
                out
            }
        };
        let sort_names = obj.get("sort_by").map(list_of_text).unwrap_or_default();
        let desc: Vec<bool> = match obj.get("sort_desc") {
            Some(Value::Array(a)) => a.iter().map(|b| b.as_bool().unwrap_or(false)).collect(),
            Some(Value::Bool(b)) => vec![*b],
            _ => Vec::new(),
        };
        let mut sort = Vec::new();
        for (i, n) in sort_names.iter().enumerate() {
            let c = find(mission, n).ok_or_else(|| format!("unknown column '{n}' in sort_by"))?;
            sort.push((c, desc.get(i).copied().unwrap_or(false)));
        }
        if sort.is_empty() {
            for n in ["ang_sep", mission.target_column(), mission.dataset_column()] {
                if let Some(c) = find(mission, n) {
                    sort.push((c, false));
                }
            }
        }
        // The dataset name last: a total order, so that offsets page consistently.
        if let Some(c) = find(mission, mission.dataset_column())
            && !sort.iter().any(|(s, _)| s.name == c.name)
        {
            sort.push((c, false));
        }
        Ok(Request {
            targets,
            radius_deg,
            radius_echo: (radius, units),
            conditions,
            limit,
            offset,
            select,
            sort,
            count_only: obj
                .get("count_only")
                .and_then(Value::as_bool)
                .unwrap_or(false),
        })
    }
}

/// One match: the observation, which target found it and how far from it (arcmin).
struct Hit {
    index: u64,
    target: Option<usize>,
    ang_sep: Option<f64>,
}

/// The value of `col` for one hit.
fn value(col: &Col, o: &Observation<'_>, hit: &Hit, targets: &[(f64, f64)]) -> Val<'static> {
    match col.computed {
        Computed::None => (col.get)(o),
        Computed::AngSep => hit
            .ang_sep
            .map_or(Val::Null, |a| Val::Float(crate::sim::rng::round_to(a, 6))),
        Computed::SearchPos => hit.target.map_or(Val::Null, |t| {
            Val::owned(format!("{} {}", targets[t].0, targets[t].1))
        }),
        Computed::SearchKey => {
            let pos = hit
                .target
                .map(|t| format!("{} {}", targets[t].0, targets[t].1))
                .unwrap_or_default();
            Val::owned(format!("{}{pos}", o.obs_id_str()))
        }
    }
}

fn compare(a: &Val<'_>, b: &Val<'_>) -> Ordering {
    match (a, b) {
        (Val::Null, Val::Null) => Ordering::Equal,
        (Val::Null, _) => Ordering::Greater,
        (_, Val::Null) => Ordering::Less,
        (Val::Str(x), Val::Str(y)) => x.trim().cmp(y.trim()),
        _ => match (a.as_f64(), b.as_f64()) {
            (Some(x), Some(y)) => x.total_cmp(&y),
            _ => Ordering::Equal,
        },
    }
}

/// The answer body: every match counted, the asked page written.
pub fn search(cat: &Catalogue, mission: Mission, req: &Request) -> Vec<u8> {
    let collection = mission.collection();
    let mut hits: Vec<Hit> = Vec::new();
    cat.scan(
        |b| {
            b.collection == collection
                && (req.targets.is_empty()
                    || req.targets.iter().any(|&(ra, dec)| {
                        separation(ra, dec, b.ra, b.dec) <= req.radius_deg + b.reach()
                    }))
        },
        |o| {
            if !req
                .conditions
                .iter()
                .all(|c| c.matches(&value(c.column, o, &Hit::none(o), &req.targets)))
            {
                return std::ops::ControlFlow::Continue(());
            }
            if req.targets.is_empty() {
                hits.push(Hit::none(o));
            }
            for (t, &(ra, dec)) in req.targets.iter().enumerate() {
                let d = separation(ra, dec, o.ra, o.dec);
                if d <= req.radius_deg {
                    hits.push(Hit {
                        index: o.index,
                        target: Some(t),
                        ang_sep: Some(d * 60.0),
                    });
                }
            }
            std::ops::ControlFlow::Continue(())
        },
    );
    let total = hits.len() as u64;
    let start = req.offset.min(total) as usize;
    let end = req.offset.saturating_add(req.limit).min(total) as usize;
    let mut out = JsonBuf::with_capacity(4096 + (end - start) * 900);
    out.raw("{\"messages\":[],\"info\":[");
    if !req.count_only {
        for (i, c) in req.select.iter().enumerate() {
            if i > 0 {
                out.raw(",");
            }
            out.raw("{\"name\":");
            out.string(c.name);
            out.raw(",\"type\":");
            out.string(c.kind.info_type());
            out.raw("}");
        }
    }
    out.raw("],\"search_params\":");
    write_params(&mut out, req);
    out.raw(",\"totalResults\":");
    out.int(total as i64);
    out.raw(",\"results\":[");
    if !req.count_only && start < end {
        let observe = |h: &Hit, f: &mut dyn FnMut(&Observation<'_>)| {
            if let Some((r, j)) = cat.locate(h.index)
                && let Some(b) = cat.block(r)
            {
                f(&b.observation(cat.seed, j));
            }
        };
        // Sort keys are worked out once per hit; then the page is cut and written.
        let mut keyed: Vec<(Vec<Val<'static>>, Hit)> = hits
            .into_iter()
            .map(|h| {
                let mut keys = Vec::with_capacity(req.sort.len());
                observe(&h, &mut |o| {
                    keys = req
                        .sort
                        .iter()
                        .map(|(c, _)| value(c, o, &h, &req.targets))
                        .collect();
                });
                (keys, h)
            })
            .collect();
        keyed.sort_by(|(a, _), (b, _)| {
            for (i, (_, desc)) in req.sort.iter().enumerate() {
                let ord = compare(&a[i], &b[i]);
                let ord = if *desc { ord.reverse() } else { ord };
                if ord != Ordering::Equal {
                    return ord;
                }
            }
            Ordering::Equal
        });
        for (n, (_, h)) in keyed[start..end].iter().enumerate() {
            if n > 0 {
                out.raw(",");
            }
            observe(h, &mut |o| {
                out.raw("{");
                for (i, c) in req.select.iter().enumerate() {
                    if i > 0 {
                        out.raw(",");
                    }
                    out.key(c.name);
                    out.val(&value(c, o, h, &req.targets));
                }
                out.raw("}");
            });
        }
    }
    out.raw("]}");
    out.into_bytes()
}

impl Hit {
    fn none(o: &Observation<'_>) -> Hit {
        Hit {
            index: o.index,
            target: None,
            ang_sep: None,
        }
    }
}

/// The request echoed with the defaults filled in.
fn write_params(out: &mut JsonBuf, req: &Request) {
    out.raw("{\"target\":[");
    for (i, (ra, dec)) in req.targets.iter().enumerate() {
        if i > 0 {
            out.raw(",");
        }
        out.string(&format!("{ra} {dec}"));
    }
    out.raw("],\"radius\":");
    out.float(req.radius_echo.0);
    out.raw(",\"radius_units\":");
    out.string(&req.radius_echo.1);
    out.raw(",\"offset\":");
    out.int(req.offset as i64);
    out.raw(",\"limit\":");
    out.int(req.limit as i64);
    out.raw(",\"sort_by\":[");
    for (i, (c, _)) in req.sort.iter().enumerate() {
        if i > 0 {
            out.raw(",");
        }
        out.string(c.name);
    }
    out.raw("],\"sort_desc\":[");
    for (i, (_, d)) in req.sort.iter().enumerate() {
        if i > 0 {
            out.raw(",");
        }
        out.raw(if *d { "true" } else { "false" });
    }
    out.raw("],\"select_cols\":[");
    for (i, c) in req.select.iter().enumerate() {
        if i > 0 {
            out.raw(",");
        }
        out.string(c.name);
    }
    out.raw("],\"skip_count\":false}");
}
