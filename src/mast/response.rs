//! The answer of the invoke endpoint (`format: json`), parsed in one pass straight into
//! typed columns: no `serde_json::Value` per cell.
//!
//! MAST sends `data` before `fields`, so columns are discovered from the rows and put in the
//! declared order once `fields` has been read.
//!
//! The same parser reads Catalogs.MAST's answers (Pan-STARRS): rows as arrays in the order
//! of an `info` list (which may come first or last), and 64-bit integers sent as strings.
//! Integers too large for an i64 stay text rather than pass through an f64.
use std::fmt;

use serde::Deserialize;
use serde::de::{self, DeserializeSeed, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};

use super::table::{Cell, Column, Table};

/// The job state MAST reports.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Status {
    Complete,
    Executing,
    Error,
    Other(String),
}

impl Status {
    fn from_text(s: &str) -> Status {
        match s.to_ascii_uppercase().as_str() {
            "COMPLETE" | "" => Status::Complete,
            "EXECUTING" => Status::Executing,
            "ERROR" => Status::Error,
            _ => Status::Other(s.to_string()),
        }
    }
}

/// Where this page sits in the whole result.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Paging {
    pub page: u64,
    pub page_size: u64,
    pub pages_filtered: u64,
    pub rows: u64,
    pub rows_filtered: u64,
    pub rows_total: u64,
}

/// Keeps a paged fetch finite whatever the server claims: no page past the count the first
/// page announced (MAST's `pagesFiltered` is fixed for a cacheBreaker, so one that grows is
/// a broken server), and no further page after an empty one.
#[derive(Debug, Default, Clone, Copy)]
pub(crate) struct PagingBound {
    announced: Option<u64>,
}

impl PagingBound {
    /// Whether to ask for the page after `page`, given the page count this answer claims
    /// and how many rows it brought.
    pub(crate) fn more(&mut self, page: u64, pages: u64, rows: usize) -> bool {
        let announced = *self.announced.get_or_insert(pages);
        rows > 0 && page < announced.min(pages)
    }
}

/// A declared field: MAST's name and type hint.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Field {
    pub name: String,
    pub kind: String,
}

/// One answer of `POST /api/v0/invoke`.
#[derive(Debug, Clone, PartialEq)]
pub struct InvokeResponse {
    pub status: Status,
    pub msg: String,
    pub table: Table,
    pub fields: Vec<Field>,
    pub paging: Option<Paging>,
}

/// Columns clients drop: MAST adds them for its own portal.
const DROPPED_COLUMNS: &[&str] = &["_selected_"];

/// Distinct column names one answer may bring (CAOM has about 35, products about 20). Every
/// new name is padded with a null per earlier row, so a server inventing a key per row would
/// otherwise turn a 200 KB answer into gigabytes.
pub const MAX_COLUMNS: usize = 1_000;

/// Parses an invoke answer. The error says what was malformed.
pub fn parse_invoke_response(bytes: &[u8]) -> Result<InvokeResponse, String> {
    let mut de = serde_json::Deserializer::from_slice(bytes);
    let raw = ResponseSeed::default()
        .deserialize(&mut de)
        .map_err(|e| not_json_hint(bytes, e.to_string()))?;
    de.end().map_err(|e| e.to_string())?;
    Ok(raw)
}

/// A proxy, a login wall or a maintenance page answers HTML with status 200: say so, with
/// the start of the page, rather than only where the JSON parser gave up.
pub(crate) fn not_json_hint(bytes: &[u8], parse_error: String) -> String {
    let start = bytes.trim_ascii_start();
    if !start.starts_with(b"<") {
        return parse_error;
    }
    let text = String::from_utf8_lossy(&start[..start.len().min(400)]);
    let snippet: String = text.split_whitespace().collect::<Vec<_>>().join(" ");
    let snippet: String = snippet.chars().take(120).collect();
    format!("an HTML page instead of JSON (a proxy or maintenance page?): {snippet}")
}

/// Parses what is left of an answer once its rows went to `builder` as they arrived
/// ([`super::response_stream`]): status, msg, fields, paging and an empty `data`.
pub(super) fn parse_skeleton(
    builder: TableBuilder,
    skeleton: &[u8],
) -> Result<InvokeResponse, serde_json::Error> {
    let mut de = serde_json::Deserializer::from_slice(skeleton);
    let raw = ResponseSeed { builder }.deserialize(&mut de)?;
    de.end()?;
    Ok(raw)
}

/// Parses `rows`, a JSON list of whole rows, into `builder`.
pub(super) fn parse_rows_into(
    builder: &mut TableBuilder,
    rows: &[u8],
) -> Result<(), serde_json::Error> {
    // One UTF-8 check over the batch (a fast scan of mostly ASCII) rather than one per string
    // cell, which the parser would do reading from bytes.
    let text = std::str::from_utf8(rows).map_err(|e| {
        <serde_json::Error as de::Error>::custom(format!(
            "the answer is not UTF-8 text (at byte {} of a batch of rows)",
            e.valid_up_to()
        ))
    })?;
    let mut de = serde_json::Deserializer::from_str(text);
    RowsSeed { builder }.deserialize(&mut de)?;
    de.end()
}

#[derive(Default)]
struct ResponseSeed {
    builder: TableBuilder,
}

impl<'de> DeserializeSeed<'de> for ResponseSeed {
    type Value = InvokeResponse;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_map(ResponseVisitor {
            builder: self.builder,
        })
    }
}

struct ResponseVisitor {
    /// Rows already read (a streamed answer's) come in here; the answer's own are added.
    builder: TableBuilder,
}

impl<'de> Visitor<'de> for ResponseVisitor {
    type Value = InvokeResponse;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a MAST invoke answer (a JSON object with status, data, fields)")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let mut builder = self.builder;
        let mut status = Status::Complete;
        let mut msg = String::new();
        let mut fields = Vec::new();
        let mut paging = None;
        while let Some(key) = map.next_key::<String>()? {
            match key.as_str() {
                "status" => {
                    let v: serde_json::Value = map.next_value()?;
                    status = Status::from_text(v.as_str().unwrap_or(""));
                }
                "msg" => {
                    let v: serde_json::Value = map.next_value()?;
                    msg = match v {
                        serde_json::Value::String(s) => s,
                        serde_json::Value::Null => String::new(),
                        other => other.to_string(),
                    };
                }
                "data" => map.next_value_seed(RowsSeed {
                    builder: &mut builder,
                })?,
                // `info` is Catalogs.MAST's name for the same list.
                "fields" | "info" => {
                    let v: serde_json::Value = map.next_value()?;
                    fields = parse_fields(&v);
                    builder.positional = fields.iter().map(|f| f.name.clone()).collect();
                }
                "paging" => {
                    let v: serde_json::Value = map.next_value()?;
                    paging = parse_paging(&v);
                }
                _ => {
                    map.next_value::<IgnoredAny>()?;
                }
            }
        }
        let table = builder.finish(&fields);
        Ok(InvokeResponse {
            status,
            msg,
            table,
            fields,
            paging,
        })
    }
}

fn parse_fields(v: &serde_json::Value) -> Vec<Field> {
    let Some(list) = v.as_array() else {
        return Vec::new();
    };
    list.iter()
        .filter_map(|f| {
            let name = f
                .get("name")
                .or_else(|| f.get("column_name"))?
                .as_str()?
                .to_string();
            let kind = f
                .get("type")
                .or_else(|| f.get("db_type"))
                .and_then(|t| t.as_str())
                .unwrap_or("string")
                .to_string();
            Some(Field { name, kind })
        })
        .collect()
}

/// Reads a count that may come as a number or as a string holding one.
pub fn lenient_u64(v: Option<&serde_json::Value>) -> Option<u64> {
    match v? {
        serde_json::Value::Number(n) => n
            .as_u64()
            .or_else(|| n.as_f64().filter(|x| *x >= 0.0).map(|x| x as u64)),
        serde_json::Value::String(s) => s.trim().parse().ok(),
        _ => None,
    }
}

fn parse_paging(v: &serde_json::Value) -> Option<Paging> {
    if !v.is_object() {
        return None;
    }
    let get = |k: &str| lenient_u64(v.get(k));
    Some(Paging {
        page: get("page").unwrap_or(1),
        page_size: get("pageSize").unwrap_or(0),
        pages_filtered: get("pagesFiltered").unwrap_or(1),
        rows: get("rows").unwrap_or(0),
        rows_filtered: get("rowsFiltered").unwrap_or(0),
        rows_total: get("rowsTotal").unwrap_or(0),
    })
}

/// Columns in arrival order while the rows stream in.
#[derive(Default)]
pub(super) struct TableBuilder {
    columns: Vec<Column>,
    rows: usize,
    /// Index of the last key seen; rows nearly always repeat the same key order.
    last: usize,
    /// Names of positional (array) rows' cells, from a field list read before the rows;
    /// cells beyond it are named by position and renamed once the list arrives.
    positional: Vec<String>,
}

/// The placeholder name of cell `i` of an array row.
fn position_name(i: usize) -> String {
    format!("#{i}")
}

/// Declared types that mean a whole number: text holding one is read as one.
const INTEGER_KINDS: &[&str] = &[
    "long", "int", "integer", "short", "bigint", "smallint", "tinyint",
];

impl TableBuilder {
    /// Rows read so far.
    pub(super) fn rows(&self) -> usize {
        self.rows
    }

    fn index_for(&mut self, name: &str) -> Option<usize> {
        let next = self.last.wrapping_add(1);
        if next < self.columns.len() && self.columns[next].name() == name {
            self.last = next;
            return Some(next);
        }
        if let Some(i) = self.columns.iter().position(|c| c.name() == name) {
            self.last = i;
            return Some(i);
        }
        if self.columns.len() >= MAX_COLUMNS {
            return None;
        }
        let mut c = Column::new(name, "string");
        for _ in 0..self.rows {
            c.push_null();
        }
        self.columns.push(c);
        self.last = self.columns.len() - 1;
        Some(self.last)
    }

    /// The column of cell `i` of an array row.
    fn index_at(&mut self, i: usize) -> Option<usize> {
        let name = match self.positional.get(i) {
            Some(n) => n.clone(),
            None => position_name(i),
        };
        self.index_for(&name)
    }

    fn start_row(&mut self) {
        // usize::MAX + 1 wraps to 0: the first key of a row is checked against column 0.
        self.last = usize::MAX;
    }

    fn finish_row(&mut self) {
        self.rows += 1;
        for c in &mut self.columns {
            if c.len() < self.rows {
                c.push_null();
            }
        }
    }

    /// Orders columns as `fields` declares them, adds declared columns no row had, and drops
    /// the portal's own columns.
    fn finish(self, fields: &[Field]) -> Table {
        let TableBuilder {
            mut columns, rows, ..
        } = self;
        // Array rows that came before their field list: name their cells now.
        for c in &mut columns {
            if let Some(f) = c
                .name()
                .strip_prefix('#')
                .and_then(|i| i.parse::<usize>().ok())
                .and_then(|i| fields.get(i))
                && !DROPPED_COLUMNS.contains(&f.name.as_str())
            {
                c.rename(&f.name);
            }
        }
        let mut ordered = Vec::with_capacity(fields.len().max(columns.len()));
        for f in fields {
            if DROPPED_COLUMNS.contains(&f.name.as_str()) {
                continue;
            }
            if ordered.iter().any(|c: &Column| c.name() == f.name) {
                continue;
            }
            let col = match columns.iter().position(|c| c.name() == f.name) {
                Some(i) => {
                    let mut c = columns.remove(i);
                    c.set_declared_type(&f.kind);
                    integers_from_text(c)
                }
                None => {
                    let mut c = Column::new(f.name.clone(), f.kind.clone());
                    for _ in 0..rows {
                        c.push_null();
                    }
                    c
                }
            };
            ordered.push(col);
        }
        ordered.extend(
            columns
                .into_iter()
                .filter(|c| !DROPPED_COLUMNS.contains(&c.name())),
        );
        for c in &mut ordered {
            c.shrink_to_fit();
        }
        Table::from_parts(ordered, rows)
    }
}

/// A column declared as whole numbers whose values came as text (Catalogs.MAST sends longs
/// as strings): read as integers when every value is one, so that a 64-bit id stays exact
/// and sorts as a number; left as it was otherwise.
fn integers_from_text(c: Column) -> Column {
    if !INTEGER_KINDS.contains(&c.declared_type().to_ascii_lowercase().as_str()) || !c.holds_text()
    {
        return c;
    }
    let all_integers = (0..c.len()).all(|r| match c.get(r) {
        Cell::Null => true,
        Cell::Text(t) => t.trim().parse::<i64>().is_ok(),
        _ => false,
    });
    if !all_integers {
        return c;
    }
    let mut out = Column::new(c.name(), c.declared_type());
    for r in 0..c.len() {
        match c.get(r).as_i64() {
            Some(i) => out.push(Cell::Int(i)),
            None => out.push_null(),
        }
    }
    out
}

struct RowsSeed<'b> {
    builder: &'b mut TableBuilder,
}

impl<'de> DeserializeSeed<'de> for RowsSeed<'_> {
    type Value = ();
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for RowsSeed<'_> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a list of rows")
    }

    fn visit_unit<E: de::Error>(self) -> Result<(), E> {
        Ok(())
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        while seq
            .next_element_seed(RowSeed {
                builder: &mut *self.builder,
            })?
            .is_some()
        {}
        Ok(())
    }
}

struct RowSeed<'b> {
    builder: &'b mut TableBuilder,
}

impl<'de> DeserializeSeed<'de> for RowSeed<'_> {
    type Value = ();
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for RowSeed<'_> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a row (an object, or an array in field order)")
    }

    /// An array row: cell `i` belongs to field `i`.
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        let b = self.builder;
        b.start_row();
        let mut i = 0usize;
        while seq
            .next_element_seed(CellSeed {
                builder: &mut *b,
                i,
            })?
            .is_some()
        {
            i += 1;
        }
        b.finish_row();
        Ok(())
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        let b = self.builder;
        b.start_row();
        while let Some(idx) = map.next_key_seed(KeySeed { builder: &mut *b })? {
            let row = b.rows;
            let col = &mut b.columns[idx];
            if col.len() > row {
                // A repeated key: the first value stands.
                map.next_value::<IgnoredAny>()?;
            } else {
                map.next_value_seed(ValueSeed { col })?;
            }
        }
        b.finish_row();
        Ok(())
    }
}

/// Cell `i` of an array row; its column is made only when the cell exists.
struct CellSeed<'b> {
    builder: &'b mut TableBuilder,
    i: usize,
}

impl<'de> DeserializeSeed<'de> for CellSeed<'_> {
    type Value = ();
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        let b = self.builder;
        let idx = b.index_at(self.i).ok_or_else(|| {
            de::Error::custom(format!(
                "the rows name more than {MAX_COLUMNS} distinct columns"
            ))
        })?;
        let row = b.rows;
        let col = &mut b.columns[idx];
        if col.len() > row {
            // Two fields of one name: the first value stands.
            IgnoredAny::deserialize(d).map(|_| ())
        } else {
            ValueSeed { col }.deserialize(d)
        }
    }
}

struct KeySeed<'b> {
    builder: &'b mut TableBuilder,
}

impl<'de> DeserializeSeed<'de> for KeySeed<'_> {
    type Value = usize;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<usize, D::Error> {
        d.deserialize_str(self)
    }
}

impl<'de> Visitor<'de> for KeySeed<'_> {
    type Value = usize;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a column name")
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<usize, E> {
        self.builder.index_for(v).ok_or_else(|| {
            E::custom(format!(
                "the rows name more than {MAX_COLUMNS} distinct columns"
            ))
        })
    }
}

struct ValueSeed<'b> {
    col: &'b mut Column,
}

impl<'de> DeserializeSeed<'de> for ValueSeed<'_> {
    type Value = ();
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for ValueSeed<'_> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a cell value")
    }

    fn visit_unit<E: de::Error>(self) -> Result<(), E> {
        self.col.push_null();
        Ok(())
    }

    fn visit_none<E: de::Error>(self) -> Result<(), E> {
        self.col.push_null();
        Ok(())
    }

    fn visit_bool<E: de::Error>(self, v: bool) -> Result<(), E> {
        self.col.push(Cell::Bool(v));
        Ok(())
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<(), E> {
        self.col.push(Cell::Int(v));
        Ok(())
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<(), E> {
        match i64::try_from(v) {
            Ok(i) => self.col.push(Cell::Int(i)),
            // Beyond i64: kept as its digits, never rounded through an f64.
            Err(_) => self.col.push(Cell::Text(&v.to_string())),
        }
        Ok(())
    }

    fn visit_f64<E: de::Error>(self, v: f64) -> Result<(), E> {
        self.col.push(Cell::Float(v));
        Ok(())
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<(), E> {
        self.col.push(Cell::Text(v));
        Ok(())
    }

    fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<(), A::Error> {
        let v: serde_json::Value =
            serde::Deserialize::deserialize(de::value::SeqAccessDeserializer::new(seq))?;
        self.col.push(Cell::Text(&v.to_string()));
        Ok(())
    }

    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<(), A::Error> {
        let v: serde_json::Value =
            serde::Deserialize::deserialize(de::value::MapAccessDeserializer::new(map))?;
        self.col.push(Cell::Text(&v.to_string()));
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    // The shape of a real Mast.Caom.Filtered answer: data before fields, obsid declared
    // string but sent as an integer, nulls, a row missing a key, `_selected_`.
    const CAOM: &str = r#"{"status": "COMPLETE", "msg": "",
      "data": [
        {"obsid": 2003738726, "obs_id": "u9o40504m", "s_ra": 23.118, "calib_level": 3, "dataURL": null, "_selected_": null},
        {"obs_id": "jw01073-o001_t001_nircam_clear-f277w", "obsid": 87602000, "s_ra": 210, "calib_level": 2, "dataURL": "mast:JWST/product/x.fits", "_selected_": null},
        {"obsid": 3, "obs_id": "c", "calib_level": 1, "_selected_": null}
      ],
      "fields": [{"name": "obsid", "type": "string"}, {"name": "obs_id", "type": "string"},
                 {"name": "s_ra", "type": "float"}, {"name": "calib_level", "type": "int"},
                 {"name": "dataURL", "type": "string"}, {"name": "t_min", "type": "float"},
                 {"name": "_selected_", "type": "boolean"}],
      "paging": {"page": 1, "pageSize": 50000, "pagesFiltered": 1, "rows": 3, "rowsFiltered": 3, "rowsTotal": 3}}"#;

    #[test]
    fn parses_real_shape_leniently() {
        let r = parse_invoke_response(CAOM.as_bytes()).unwrap();
        assert_eq!(r.status, Status::Complete);
        let t = &r.table;
        assert_eq!(t.rows(), 3);
        let names: Vec<&str> = t.column_names().collect();
        assert_eq!(
            names,
            ["obsid", "obs_id", "s_ra", "calib_level", "dataURL", "t_min"]
        );
        assert_eq!(t.get(0, "obsid"), Cell::Int(2003738726));
        assert_eq!(
            t.get(1, "obs_id").as_str(),
            Some("jw01073-o001_t001_nircam_clear-f277w")
        );
        assert_eq!(t.get(1, "s_ra"), Cell::Float(210.0));
        assert_eq!(t.get(2, "s_ra"), Cell::Null);
        assert_eq!(t.get(0, "dataURL"), Cell::Null);
        assert_eq!(t.get(2, "t_min"), Cell::Null);
        assert_eq!(t.column("obsid").unwrap().declared_type(), "string");
        assert_eq!(r.paging.unwrap().pages_filtered, 1);
    }

    #[test]
    fn count_column_declared_string_holds_integer() {
        let body = r#"{"status":"COMPLETE","msg":"","data":[{"Column1":599}],"fields":[{"name":"Column1","type":"string"}],"paging":{"page":1,"pageSize":1,"pagesFiltered":1,"rows":1,"rowsFiltered":1,"rowsTotal":1}}"#;
        let r = parse_invoke_response(body.as_bytes()).unwrap();
        assert_eq!(r.table.get(0, "Column1").as_i64(), Some(599));
    }

    #[test]
    fn error_and_executing_answers() {
        let r = parse_invoke_response(
            br#"{"status":"ERROR","msg":"Error converting data type varchar to bigint.","data":[],"fields":[]}"#,
        )
        .unwrap();
        assert_eq!(r.status, Status::Error);
        assert_eq!(r.msg, "Error converting data type varchar to bigint.");
        let r = parse_invoke_response(br#"{"status":"EXECUTING","msg":null,"data":null}"#).unwrap();
        assert_eq!(r.status, Status::Executing);
        assert!(r.table.is_empty());
    }

    #[test]
    fn paging_counts_may_be_strings() {
        let r = parse_invoke_response(
            br#"{"status":"COMPLETE","data":[],"fields":[],"paging":{"page":"2","pagesFiltered":"7","rowsFiltered":"12345"}}"#,
        )
        .unwrap();
        let p = r.paging.unwrap();
        assert_eq!((p.page, p.pages_filtered, p.rows_filtered), (2, 7, 12345));
    }

    #[test]
    fn nested_values_and_escapes_survive_as_text() {
        let r = parse_invoke_response(
            br#"{"data":[{"a":[1,2],"b":{"k":"v"},"c":"x\"y\u00e9","d":18446744073709551615}],"fields":[]}"#,
        )
        .unwrap();
        assert_eq!(r.table.get(0, "a").as_str(), Some("[1,2]"));
        assert_eq!(r.table.get(0, "b").as_str(), Some("{\"k\":\"v\"}"));
        assert_eq!(r.table.get(0, "c").as_str(), Some("x\"y\u{e9}"));
        assert_eq!(r.table.get(0, "d").as_f64(), Some(18446744073709551615.0));
    }

    // Catalogs.MAST's Pan-STARRS answer: `info` first, rows as arrays, longs as strings.
    const PANSTARRS: &str = r#"{"info": [
        {"name": "objname", "type": "char", "db_type": "STRING"},
        {"name": "objID", "type": "long", "db_type": "NUMBER"},
        {"name": "raMean", "type": "double"},
        {"name": "nDetections", "db_type": "NUMBER"}],
      "data": [["PSO J002353.230-323148.612", "68960059717834079", 350.959, 12],
               ["PSO J002352.896-323150.314", "173162108321441059", 350.957, null]]}"#;

    #[test]
    fn array_rows_take_their_names_from_info() {
        let r = parse_invoke_response(PANSTARRS.as_bytes()).unwrap();
        let t = &r.table;
        assert_eq!(t.rows(), 2);
        let names: Vec<&str> = t.column_names().collect();
        assert_eq!(names, ["objname", "objID", "raMean", "nDetections"]);
        // Beyond 2^53 and still exact: read from its digits, not through an f64.
        assert_eq!(t.get(0, "objID"), Cell::Int(68960059717834079));
        assert_eq!(t.get(1, "objID"), Cell::Int(173162108321441059));
        assert_eq!(t.get(1, "raMean"), Cell::Float(350.957));
        assert_eq!(t.get(1, "nDetections"), Cell::Null);
        assert_eq!(t.column("nDetections").unwrap().declared_type(), "NUMBER");
        // The same answer with `info` last names its cells once the list arrives.
        let (info, data) = PANSTARRS.split_once("\"data\"").unwrap();
        let info = info.trim_start_matches('{').trim().trim_end_matches(',');
        let reordered = format!(
            "{{\"data\"{},{}}}",
            data.trim_end().trim_end_matches('}'),
            info
        );
        let r2 = parse_invoke_response(reordered.as_bytes()).unwrap();
        assert_eq!(rows_of(&r2.table), rows_of(t));
    }

    fn rows_of(t: &Table) -> Vec<String> {
        (0..t.rows())
            .map(|r| {
                let mut s = String::new();
                t.write_row_json(r, &mut s);
                s
            })
            .collect()
    }

    #[test]
    fn text_in_integer_columns_stays_text_unless_every_value_is_whole() {
        let r = parse_invoke_response(
            br#"{"info":[{"name":"a","type":"long"},{"name":"b","type":"char"}],
                 "data":[["12","34"],["x","56"]]}"#,
        )
        .unwrap();
        assert_eq!(r.table.get(0, "a"), Cell::Text("12"));
        assert_eq!(r.table.get(0, "b"), Cell::Text("34"));
        let r = parse_invoke_response(br#"{"data":[{"id":18446744073709551615}],"fields":[]}"#)
            .unwrap();
        assert_eq!(r.table.get(0, "id"), Cell::Text("18446744073709551615"));
    }

    #[test]
    fn duplicate_keys_keep_first_and_garbage_is_an_error() {
        let r = parse_invoke_response(br#"{"data":[{"a":1,"a":2}],"fields":[]}"#).unwrap();
        assert_eq!(r.table.get(0, "a"), Cell::Int(1));
        assert!(parse_invoke_response(b"<html>").is_err());
        assert!(parse_invoke_response(br#"{"data":[{"a":1}"#).is_err());
    }

    #[test]
    fn paging_stops_at_the_first_announced_count_or_an_empty_page() {
        let mut b = PagingBound::default();
        assert!(b.more(1, 3, 10));
        assert!(b.more(2, 3, 10));
        assert!(!b.more(3, 3, 10));
        // A count that grows page after page is held to the first answer's.
        let mut b = PagingBound::default();
        assert!(b.more(1, 2, 1));
        assert!(!b.more(2, 3, 1));
        // A count that shrinks is believed.
        let mut b = PagingBound::default();
        assert!(b.more(1, 5, 1));
        assert!(!b.more(2, 2, 1));
        // An empty page ends it, whatever is claimed.
        let mut b = PagingBound::default();
        assert!(!b.more(1, u64::MAX, 0));
    }

    #[test]
    fn html_pages_are_named_as_such() {
        let e = parse_invoke_response(b"\n  <html><body>\n Service   Unavailable</body></html>")
            .unwrap_err();
        assert!(e.starts_with("an HTML page instead of JSON"), "{e}");
        assert!(e.contains("<html><body> Service Unavailable"), "{e}");
        let e = parse_invoke_response(b"oops").unwrap_err();
        assert!(!e.contains("HTML"), "{e}");
    }

    #[test]
    fn numbers_read_back_exactly_as_sent() {
        // Found by tests/fuzz: without serde_json's float_roundtrip, a 17-digit coordinate
        // or a tiny exponent came back one unit in the last place off, inside nested
        // values and plain cells alike.
        let body = br#"{"data":[{"a":-2.138527206636575e-94,"b":210.80242916666668,"c":{"":-2.138527206636575e-94}}]}"#;
        let r = parse_invoke_response(body).unwrap();
        assert_eq!(r.table.get(0, "a"), Cell::Float(-2.138527206636575e-94));
        assert_eq!(r.table.get(0, "b"), Cell::Float(210.80242916666668));
        assert_eq!(
            r.table.get(0, "c").as_str(),
            Some(r#"{"":-2.138527206636575e-94}"#)
        );
    }

    #[test]
    fn a_new_key_per_row_is_refused_not_padded() {
        let mut body = String::from(r#"{"status":"COMPLETE","data":["#);
        for i in 0..MAX_COLUMNS + 1 {
            if i > 0 {
                body.push(',');
            }
            body.push_str(&format!(r#"{{"k{i}":1}}"#));
        }
        body.push_str("]}");
        let e = parse_invoke_response(body.as_bytes()).unwrap_err();
        assert!(e.contains("more than 1000 distinct columns"), "{e}");
        // Exactly the cap still parses.
        let ok = body.replacen(&format!(r#",{{"k{MAX_COLUMNS}":1}}"#), "", 1);
        assert_eq!(
            parse_invoke_response(ok.as_bytes())
                .unwrap()
                .table
                .columns()
                .len(),
            MAX_COLUMNS
        );
    }
}
