//! A missions search answer (`{"messages", "info", "search_params", "totalResults",
//! "results"}`), read in one pass into typed columns, leniently: strings lose MAST's blank
//! padding (`"WFPC  "`), INTEGER and FLOAT columns take numbers sent as text, DATETIME stays
//! ISO text, and a row may lack keys or carry ones `info` never declared.
use std::fmt;

use serde::de::{self, DeserializeSeed, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};

use crate::mast::response::{MAX_COLUMNS, lenient_u64, not_json_hint};
use crate::mast::table::{Cell, Column, Table};

/// One search answer.
#[derive(Debug, Clone, PartialEq)]
pub struct SearchAnswer {
    /// The rows, columns in `info`'s order (undeclared ones after).
    pub table: Table,
    /// Every matching row, not only this page's (`totalResults`).
    pub total: Option<u64>,
    /// What MAST says besides the rows.
    pub messages: Vec<String>,
}

/// Parses a search answer; the error says what was malformed.
pub fn parse_search_answer(bytes: &[u8]) -> Result<SearchAnswer, String> {
    let mut de = serde_json::Deserializer::from_slice(bytes);
    let answer = AnswerSeed
        .deserialize(&mut de)
        .map_err(|e| not_json_hint(bytes, e.to_string()))?;
    de.end().map_err(|e| e.to_string())?;
    Ok(answer)
}

/// How a declared type reads a value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Declared {
    Int,
    Float,
    Text,
}

fn declared(kind: &str) -> Declared {
    let k = kind.to_ascii_lowercase();
    if k.contains("int") || k == "long" || k == "short" {
        Declared::Int
    } else if k.contains("float") || k.contains("double") || k.contains("real") || k == "decimal" {
        Declared::Float
    } else {
        Declared::Text
    }
}

#[derive(Default)]
struct Builder {
    columns: Vec<Column>,
    kinds: Vec<Declared>,
    rows: usize,
}

impl Builder {
    fn index_for(&mut self, name: &str) -> Option<usize> {
        if let Some(i) = self.columns.iter().position(|c| c.name() == name) {
            return Some(i);
        }
        if self.columns.len() >= MAX_COLUMNS {
            return None;
        }
        let mut c = Column::new(name, "VARCHAR");
        for _ in 0..self.rows {
            c.push_null();
        }
        self.columns.push(c);
        self.kinds.push(Declared::Text);
        Some(self.columns.len() - 1)
    }

    fn finish_row(&mut self) {
        self.rows += 1;
        for c in &mut self.columns {
            if c.len() < self.rows {
                c.push_null();
            }
        }
    }

    /// Columns in `info`'s order with their declared types; the rest after.
    fn finish(self, info: &[(String, String)]) -> Table {
        let Builder {
            mut columns, rows, ..
        } = self;
        let mut ordered = Vec::with_capacity(columns.len().max(info.len()));
        for (name, kind) in info {
            if ordered.iter().any(|c: &Column| c.name() == name) {
                continue;
            }
            let col = match columns.iter().position(|c| c.name() == name) {
                Some(i) => {
                    let mut c = columns.remove(i);
                    c.set_declared_type(kind);
                    c
                }
                None => {
                    let mut c = Column::new(name.clone(), kind.clone());
                    for _ in 0..rows {
                        c.push_null();
                    }
                    c
                }
            };
            ordered.push(col);
        }
        ordered.extend(columns);
        Table::from_columns(ordered)
    }
}

struct AnswerSeed;

impl<'de> DeserializeSeed<'de> for AnswerSeed {
    type Value = SearchAnswer;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<SearchAnswer, D::Error> {
        d.deserialize_map(AnswerVisitor)
    }
}

struct AnswerVisitor;

fn parse_info(v: &serde_json::Value) -> Vec<(String, String)> {
    v.as_array()
        .map(|list| {
            list.iter()
                .filter_map(|f| {
                    let name = f.get("name").or_else(|| f.get("column_name"))?.as_str()?;
                    let kind = f
                        .get("type")
                        .or_else(|| f.get("db_type"))
                        .and_then(|t| t.as_str())
                        .unwrap_or("VARCHAR");
                    Some((name.to_string(), kind.to_string()))
                })
                .collect()
        })
        .unwrap_or_default()
}

fn message_texts(v: serde_json::Value) -> Vec<String> {
    match v {
        serde_json::Value::Array(a) => a
            .into_iter()
            .map(|m| match m {
                serde_json::Value::String(s) => s,
                other => other.to_string(),
            })
            .filter(|s| !s.trim().is_empty())
            .collect(),
        serde_json::Value::String(s) if !s.trim().is_empty() => vec![s],
        _ => Vec::new(),
    }
}

impl<'de> Visitor<'de> for AnswerVisitor {
    type Value = SearchAnswer;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a missions search answer (a JSON object with info and results)")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<SearchAnswer, A::Error> {
        let mut b = Builder::default();
        let mut info = Vec::new();
        let mut total = None;
        let mut messages = Vec::new();
        // Declared kinds known before the rows arrive type them as they land; `info` after
        // the rows retypes text columns at the end.
        while let Some(key) = map.next_key::<String>()? {
            match key.as_str() {
                "info" => {
                    let v: serde_json::Value = map.next_value()?;
                    info = parse_info(&v);
                    for (name, kind) in &info {
                        if let Some(i) = b.index_for(name) {
                            b.kinds[i] = declared(kind);
                        }
                    }
                }
                "results" | "data" => map.next_value_seed(RowsSeed { b: &mut b })?,
                "totalResults" => {
                    let v: serde_json::Value = map.next_value()?;
                    total = lenient_u64(Some(&v));
                }
                "messages" | "msg" => messages.extend(message_texts(map.next_value()?)),
                _ => {
                    map.next_value::<IgnoredAny>()?;
                }
            }
        }
        let table = retype(b.finish(&info), &info);
        Ok(SearchAnswer {
            table,
            total,
            messages,
        })
    }
}

/// Text cells of columns declared INTEGER or FLOAT (read before `info` was) as numbers,
/// when every value of the column is one.
fn retype(table: Table, info: &[(String, String)]) -> Table {
    let cols: Vec<Column> = table
        .columns()
        .iter()
        .map(|c| {
            let kind = info
                .iter()
                .find(|(n, _)| n == c.name())
                .map_or(Declared::Text, |(_, k)| declared(k));
            if kind == Declared::Text || !c.holds_text() {
                return c.clone();
            }
            let cells: Option<Vec<Cell<'_>>> = (0..c.len())
                .map(|r| match c.get(r) {
                    Cell::Null => Some(Cell::Null),
                    Cell::Text(t) => number(kind, t),
                    other => Some(other),
                })
                .collect();
            match cells {
                Some(cells) => {
                    let mut n = Column::new(c.name(), c.declared_type());
                    for cell in cells {
                        n.push(cell);
                    }
                    n
                }
                None => c.clone(),
            }
        })
        .collect();
    Table::from_columns(cols)
}

fn number(kind: Declared, t: &str) -> Option<Cell<'static>> {
    let t = t.trim();
    match kind {
        Declared::Int => t.parse::<i64>().ok().map(Cell::Int).or_else(|| {
            t.parse::<f64>()
                .ok()
                .filter(|x| x.is_finite())
                .map(Cell::Float)
        }),
        Declared::Float => t
            .parse::<f64>()
            .ok()
            .filter(|x| x.is_finite())
            .map(Cell::Float),
        Declared::Text => None,
    }
}

struct RowsSeed<'b> {
    b: &'b mut Builder,
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
            .next_element_seed(RowSeed { b: &mut *self.b })?
            .is_some()
        {}
        Ok(())
    }
}

struct RowSeed<'b> {
    b: &'b mut Builder,
}

impl<'de> DeserializeSeed<'de> for RowSeed<'_> {
    type Value = ();
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_map(self)
    }
}

impl<'de> Visitor<'de> for RowSeed<'_> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a row object")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        let b = self.b;
        while let Some(key) = map.next_key::<std::borrow::Cow<'de, str>>()? {
            let Some(i) = b.index_for(&key) else {
                return Err(de::Error::custom(format!(
                    "the rows name more than {MAX_COLUMNS} distinct columns"
                )));
            };
            let v: serde_json::Value = map.next_value()?;
            let row = b.rows;
            let (col, kind) = (&mut b.columns[i], b.kinds[i]);
            if col.len() > row {
                // A repeated key: the first value stands.
                continue;
            }
            push_value(col, kind, &v);
        }
        b.finish_row();
        Ok(())
    }
}

fn push_value(col: &mut Column, kind: Declared, v: &serde_json::Value) {
    use serde_json::Value;
    match v {
        Value::Null => col.push_null(),
        Value::Bool(x) => col.push(Cell::Bool(*x)),
        Value::Number(n) => match (kind, n.as_i64()) {
            (Declared::Float, _) => col.push(n.as_f64().map_or(Cell::Null, Cell::Float)),
            (_, Some(i)) => col.push(Cell::Int(i)),
            // Beyond i64 (or fractional): an integer's digits stay exact as text.
            _ if n.is_u64() => col.push(Cell::Text(&n.to_string())),
            _ => col.push(n.as_f64().map_or(Cell::Null, Cell::Float)),
        },
        Value::String(s) => {
            // MAST pads fixed-width text with blanks; the value is what comes before them.
            let t = s.trim_end();
            match number(kind, t) {
                Some(c) => col.push(c),
                None if t.is_empty() && kind != Declared::Text => col.push_null(),
                None => col.push(Cell::Text(t)),
            }
        }
        other => col.push(Cell::Text(&other.to_string())),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    // The recorded shape (astroquery's mission_results.json), with the quirks MAST sends.
    const ANSWER: &str = r#"{"messages": [], "info": [
        {"name": "sci_data_set_name", "type": "VARCHAR"}, {"name": "sci_instrume", "type": "VARCHAR"},
        {"name": "sci_pep_id", "type": "INTEGER"}, {"name": "sci_actual_duration", "type": "FLOAT"},
        {"name": "sci_start_time", "type": "DATETIME"}, {"name": "ang_sep", "type": "FLOAT"},
        {"name": "sci_refnum", "type": "INTEGER"}],
      "search_params": {"limit": 5000, "offset": 0}, "totalResults": "3",
      "results": [
        {"sci_data_set_name": "W1DG8D06T", "sci_instrume": "WFPC  ", "sci_pep_id": 5219,
         "sci_actual_duration": 2100, "sci_start_time": "1993-09-24T21:00:16.633000",
         "ang_sep": 1.518, "sci_refnum": "12", "scp_scan_type": null},
        {"sci_data_set_name": "W1DG8D07T", "sci_instrume": "WFPC  ", "sci_pep_id": "5219",
         "sci_actual_duration": "40.5", "ang_sep": 2.0, "sci_refnum": 3}]}"#;

    #[test]
    fn reads_padded_strings_and_numbers_as_declared_or_not() {
        let a = parse_search_answer(ANSWER.as_bytes()).unwrap();
        assert_eq!(a.total, Some(3));
        let t = &a.table;
        assert_eq!(t.rows(), 2);
        let names: Vec<&str> = t.column_names().collect();
        assert_eq!(
            &names[..3],
            ["sci_data_set_name", "sci_instrume", "sci_pep_id"]
        );
        assert_eq!(names.last(), Some(&"scp_scan_type"));
        assert_eq!(t.get(0, "sci_instrume"), Cell::Text("WFPC"));
        assert_eq!(t.get(1, "sci_pep_id"), Cell::Int(5219));
        assert_eq!(t.get(0, "sci_actual_duration"), Cell::Float(2100.0));
        assert_eq!(t.get(1, "sci_actual_duration"), Cell::Float(40.5));
        assert_eq!(t.get(0, "sci_refnum"), Cell::Int(12));
        assert_eq!(
            t.get(0, "sci_start_time").as_str(),
            Some("1993-09-24T21:00:16.633000")
        );
        assert_eq!(t.get(1, "sci_start_time"), Cell::Null);
        assert_eq!(t.column("sci_pep_id").unwrap().declared_type(), "INTEGER");
    }

    #[test]
    fn info_after_the_rows_still_types_them() {
        let a = parse_search_answer(
            br#"{"results": [{"n": "7", "x": "1.5", "s": "07 "}], "info": [
                {"name": "n", "type": "INTEGER"}, {"name": "x", "type": "FLOAT"},
                {"name": "s", "type": "VARCHAR"}], "totalResults": 1}"#,
        )
        .unwrap();
        assert_eq!(a.table.get(0, "n"), Cell::Int(7));
        assert_eq!(a.table.get(0, "x"), Cell::Float(1.5));
        assert_eq!(a.table.get(0, "s"), Cell::Text("07"));
        let a = parse_search_answer(br#"{"info": [], "results": [], "totalResults": 1066009}"#)
            .unwrap();
        assert_eq!((a.table.rows(), a.total), (0, Some(1066009)));
        assert!(
            parse_search_answer(b"<html>x</html>")
                .unwrap_err()
                .contains("HTML")
        );
        assert!(parse_search_answer(br#"{"results": [1]}"#).is_err());
    }
}
