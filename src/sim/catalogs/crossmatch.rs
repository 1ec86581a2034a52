//! `Mast.<Cat>.Crossmatch`: every row of an uploaded table (the envelope's `data`, a Mashup
//! result in miniature) matched against CAOM observations or a catalog within `radius`
//! degrees of the row's `raColumn`/`decColumn` position.
//!
//! Each answer row is the uploaded row's columns, then the match's columns, then
//! `dstArcSec`, the separation in arcseconds; matches of one input row come nearest first.
//! An uploaded column whose name the match also has is answered as `input_<name>`, so no
//! row holds a key twice.

use std::ops::ControlFlow;

use axum::response::Response;
use serde_json::Value;

use super::answer::{RESET_ROWS, Sink, stream, write_fields, write_val};
use super::columns::Row;
use super::sky::{Cone, Sky};
use super::{Catalog, number};
use crate::sim::catalogue::Catalogue;
use crate::sim::columns::ObsCol;
use crate::sim::filters::Query;
use crate::sim::json_out::{JsonBuf, Paging, Val};

/// Uploaded rows one request may carry.
pub const MAX_INPUT_ROWS: usize = 100_000;
/// MAST's default match radius (deg).
const DEFAULT_RADIUS: f64 = 0.002;

/// One uploaded row: its cells in column order, and its position.
struct Input {
    cells: Vec<Value>,
    ra: f64,
    dec: f64,
}

/// The uploaded table: column names and declared types, and the rows.
struct Upload {
    columns: Vec<(String, String)>,
    rows: Vec<Input>,
}

fn text_param(params: &Value, key: &str, default: &str) -> String {
    params
        .get(key)
        .and_then(Value::as_str)
        .map_or_else(|| default.to_string(), |s| s.trim().to_string())
}

fn read_upload(req: &Value, ra_col: &str, dec_col: &str) -> Result<Upload, String> {
    let data = req
        .get("data")
        .ok_or("Request Object is Missing Required Parameter : data")?;
    let (fields, rows) = match data {
        Value::Object(o) => (o.get("fields"), o.get("data")),
        Value::Array(_) => (None, Some(data)),
        _ => return Err("The uploaded data is not a table (expected fields and data).".into()),
    };
    let rows = rows
        .and_then(Value::as_array)
        .ok_or("The uploaded data has no rows (expected a data list).")?;
    if rows.len() > MAX_INPUT_ROWS {
        return Err(format!(
            "The uploaded table has {} rows; at most {MAX_INPUT_ROWS} can be matched at once.",
            rows.len()
        ));
    }
    let mut columns: Vec<(String, String)> = fields
        .and_then(Value::as_array)
        .map(|fs| {
            fs.iter()
                .filter_map(|f| {
                    let name = f.get("name")?.as_str()?.to_string();
                    let ty = f.get("type").and_then(Value::as_str).unwrap_or("string");
                    Some((name, ty.to_string()))
                })
                .collect()
        })
        .unwrap_or_default();
    // Columns the rows have but the fields list forgot.
    for r in rows {
        if let Some(o) = r.as_object() {
            for (k, v) in o {
                if !columns.iter().any(|(n, _)| n == k) {
                    let ty = if v.is_number() { "float" } else { "string" };
                    columns.push((k.clone(), ty.to_string()));
                }
            }
        }
    }
    let find = |name: &str| {
        columns
            .iter()
            .position(|(n, _)| n.eq_ignore_ascii_case(name))
    };
    let ra_i = find(ra_col).ok_or_else(|| format!("Invalid column name '{ra_col}'."))?;
    let dec_i = find(dec_col).ok_or_else(|| format!("Invalid column name '{dec_col}'."))?;
    let mut out = Vec::with_capacity(rows.len());
    for r in rows {
        let o = r
            .as_object()
            .ok_or("Each uploaded row must be an object.")?;
        let cells: Vec<Value> = columns
            .iter()
            .map(|(n, _)| o.get(n).cloned().unwrap_or(Value::Null))
            .collect();
        let coord = |i: usize| {
            number(&cells[i])
                .filter(|x| x.is_finite())
                .ok_or_else(|| "Error converting data type varchar to float.".to_string())
        };
        let (ra, dec) = (coord(ra_i)?, coord(dec_i)?);
        if !(-90.0..=90.0).contains(&dec) {
            return Err(format!(
                "Invalid declination {dec}: must be within -90..90."
            ));
        }
        out.push(Input {
            cells,
            ra: ra.rem_euclid(360.0),
            dec,
        });
    }
    Ok(Upload { columns, rows: out })
}

/// What the upload is matched against.
enum Against {
    Caom(Catalogue),
    Catalog(Catalog, Sky),
}

/// One match: its distance (deg) and how to find it again.
#[derive(Clone, Copy)]
enum Found {
    Obs(i64),
    Source(super::sky::StarKey, u32),
}

impl Against {
    fn column_names(&self) -> Vec<&'static str> {
        match self {
            Against::Caom(_) => ObsCol::ALL.iter().map(|c| c.name()).collect(),
            Against::Catalog(c, _) => c.table().cols.iter().map(|c| c.name).collect(),
        }
    }

    fn field_types(&self) -> Vec<&'static str> {
        match self {
            Against::Caom(_) => ObsCol::ALL.iter().map(|c| c.def().field_type()).collect(),
            Against::Catalog(c, _) => c.table().cols.iter().map(|c| c.field).collect(),
        }
    }

    /// Matches of one position, nearest first.
    fn matches(&self, cone: Cone) -> Vec<(f64, Found)> {
        let mut found = Vec::new();
        match self {
            Against::Caom(cat) => {
                let q = Query {
                    filters: Vec::new(),
                    cone: Some(crate::sim::filters::Cone {
                        ra: cone.ra,
                        dec: cone.dec,
                        radius: cone.radius,
                    }),
                };
                cat.scan(
                    |b| q.block_may_match(b),
                    |o| {
                        if let Some(arcsec) = q.matches(o) {
                            found.push((arcsec / 3600.0, Found::Obs(o.obsid())));
                        }
                        ControlFlow::Continue(())
                    },
                );
            }
            Against::Catalog(c, sky) => c.table().scan(sky, Some(cone), &mut |row| {
                found.push((
                    row.dist.unwrap_or(0.0),
                    Found::Source(row.star.key, row.sub),
                ));
                ControlFlow::Continue(())
            }),
        }
        found.sort_by(|a, b| a.0.total_cmp(&b.0));
        found
    }

    /// Writes the match's cells (after a comma).
    fn write(&self, out: &mut JsonBuf, keys: &[String], f: Found) {
        match (self, f) {
            (Against::Caom(cat), Found::Obs(obsid)) => {
                cat.with_obsid(obsid, |o| {
                    for (c, k) in ObsCol::ALL.iter().zip(keys) {
                        out.raw(",");
                        out.raw(k);
                        write_val(out, &o.value(*c));
                    }
                });
            }
            (Against::Catalog(c, sky), Found::Source(key, sub)) => {
                let table = c.table();
                if let Some(star) = sky.star(key) {
                    let (ra, dec) = (table.position)(&star, sub);
                    let row = Row {
                        star: &star,
                        sub,
                        ra,
                        dec,
                        dist: None,
                    };
                    for (col, k) in table.cols.iter().zip(keys) {
                        out.raw(",");
                        out.raw(k);
                        write_val(out, &(col.val)(&row));
                    }
                }
            }
            _ => {}
        }
    }
}

/// The answer to a crossmatch request, or MAST's error text for it.
pub fn answer(
    cat: Catalogue,
    sky: Sky,
    target: Option<Catalog>,
    req: &Value,
    page: u64,
    pagesize: u64,
    drop: bool,
) -> Result<Response, String> {
    let params = req.get("params").cloned().unwrap_or(Value::Null);
    let ra_col = text_param(&params, "raColumn", "ra");
    let dec_col = text_param(&params, "decColumn", "dec");
    let radius = match params.get("radius") {
        None | Some(Value::Null) => DEFAULT_RADIUS,
        Some(v) => match number(v) {
            Some(r) if r.is_finite() && r > 0.0 && r <= 1.0 => r,
            _ => return Err("Invalid radius: expected degrees, above 0 and at most 1.".into()),
        },
    };
    let upload = read_upload(req, &ra_col, &dec_col)?;
    let against = match target {
        None => Against::Caom(cat),
        Some(c) => Against::Catalog(c, sky),
    };
    Ok(stream(drop, move |sink| {
        write_answer(sink, &upload, against, radius, page, pagesize)
    }))
}

fn write_answer(
    sink: &mut Sink,
    upload: &Upload,
    against: Against,
    radius: f64,
    page: u64,
    pagesize: u64,
) {
    let match_names = against.column_names();
    let input_names: Vec<String> = upload
        .columns
        .iter()
        .map(|(n, _)| {
            if match_names.iter().any(|m| m.eq_ignore_ascii_case(n)) || n == "dstArcSec" {
                format!("input_{n}")
            } else {
                n.clone()
            }
        })
        .collect();
    let key = |n: &str| {
        let mut k = JsonBuf::with_capacity(32);
        k.key(n);
        k.as_str().to_string()
    };
    let input_keys: Vec<String> = input_names.iter().map(|n| key(n)).collect();
    let match_keys: Vec<String> = match_names.iter().map(|n| key(n)).collect();
    let start = (page - 1).saturating_mul(pagesize);
    let end = start.saturating_add(pagesize);
    let mut rank = 0u64;
    sink.out
        .raw("{\"status\":\"COMPLETE\",\"msg\":\"\",\"data\":[");
    'inputs: for input in &upload.rows {
        let cone = Cone {
            ra: input.ra,
            dec: input.dec,
            radius,
        };
        for (dist, found) in against.matches(cone) {
            if rank >= start && rank < end {
                if rank - start >= RESET_ROWS {
                    sink.cut();
                    break 'inputs;
                }
                if rank > start {
                    sink.out.raw(",");
                }
                sink.out.raw("{");
                for (i, (cell, k)) in input.cells.iter().zip(&input_keys).enumerate() {
                    if i > 0 {
                        sink.out.raw(",");
                    }
                    sink.out.raw(k);
                    sink.out
                        .raw(&serde_json::to_string(cell).unwrap_or_else(|_| "null".into()));
                }
                against.write(&mut sink.out, &match_keys, found);
                sink.out.raw(",\"dstArcSec\":");
                write_val(
                    &mut sink.out,
                    &Val::Float(crate::sim::rng::round_to(dist * 3600.0, 6)),
                );
                sink.out.raw("}");
                if sink.row_done().is_break() {
                    return;
                }
            }
            rank += 1;
        }
    }
    let rows = rank.saturating_sub(start).min(pagesize);
    sink.out.raw("],\"fields\":[");
    let mut fields: Vec<(&str, &str)> = input_names
        .iter()
        .zip(&upload.columns)
        .map(|(n, (_, ty))| (n.as_str(), ty.as_str()))
        .collect();
    fields.extend(match_names.iter().copied().zip(against.field_types()));
    fields.push(("dstArcSec", "float"));
    write_fields(&mut sink.out, &fields);
    sink.out.raw("],\"paging\":");
    Paging {
        page,
        page_size: pagesize,
        rows,
        rows_filtered: rank,
    }
    .write(&mut sink.out);
    sink.out.raw("}");
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn uploads_are_read_with_their_columns_and_checked() {
        let req = json!({"data": {"fields": [{"name": "ra", "type": "float"}, {"name": "dec", "type": "float"}],
                                   "data": [{"ra": 210.8, "dec": 54.3, "name": "x"}, {"ra": "10.5", "dec": -3}]}});
        let u = read_upload(&req, "RA", "dec").unwrap();
        assert_eq!(u.rows.len(), 2);
        assert_eq!(u.columns.len(), 3);
        assert_eq!(u.rows[1].ra, 10.5);
        let e = read_upload(&req, "s_ra", "dec").err().unwrap();
        assert!(e.contains("s_ra"), "{e}");
        let bad = json!({"data": {"data": [{"ra": "abc", "dec": 1}]}});
        assert!(read_upload(&bad, "ra", "dec").is_err());
        assert!(read_upload(&json!({}), "ra", "dec").is_err());
    }
}
