//! The MAST table parser (and the other answers read from the server): any bytes, any JSON,
//! and MAST-shaped answers with wrong types, huge numbers, deep nesting and missing keys.
use mastui::mast::columns_config::ColumnsConfig;
use mastui::mast::missions::parse_missions;
use mastui::mast::name_lookup::parse_lookup;
use mastui::mast::response::{InvokeResponse, MAX_COLUMNS, parse_invoke_response};
use mastui::mast::response_stream::InvokeStream;
use mastui::mast::table::{Cell, Table};
use proptest::prelude::*;
use serde_json::{Value, json};

use crate::{any_text, config};

/// Keys rows are made of: MAST's own, the portal's `_selected_`, and odd ones.
const KEYS: &[&str] = &[
    "obsid",
    "obs_id",
    "s_ra",
    "calib_level",
    "dataURL",
    "_selected_",
    "",
    "k\u{1b}[2J",
    "é",
];

pub fn number() -> impl Strategy<Value = Value> {
    prop_oneof![
        any::<i64>().prop_map(|i| json!(i)),
        any::<u64>().prop_map(|i| json!(i)),
        any::<f64>().prop_filter_map("finite", |x| serde_json::Number::from_f64(x)
            .map(Value::Number)),
        Just(json!(f64::MAX)),
        Just(json!(f64::MIN_POSITIVE)),
        Just(json!(u64::MAX)),
        Just(json!(i64::MIN)),
    ]
}

pub fn any_json() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        number(),
        any_text(12).prop_map(Value::String),
    ];
    leaf.prop_recursive(5, 48, 6, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..6).prop_map(Value::Array),
            prop::collection::vec((any_text(6), inner), 0..6)
                .prop_map(|kv| Value::Object(kv.into_iter().collect())),
        ]
    })
}

/// A row as (key, value) pairs in order: keys may repeat or be missing.
fn row() -> impl Strategy<Value = Vec<(String, Value)>> {
    prop::collection::vec(
        (
            prop::sample::select(KEYS).prop_map(str::to_string),
            any_json(),
        ),
        0..8,
    )
}

/// The answer's text with rows written in order (duplicate keys kept, as a server may).
fn answer_text(
    status: &Value,
    rows: &[Vec<(String, Value)>],
    fields: &Value,
    paging: &Value,
) -> String {
    let mut s = format!("{{\"status\":{status},\"msg\":\"\",\"data\":[");
    for (i, r) in rows.iter().enumerate() {
        if i > 0 {
            s.push(',');
        }
        s.push('{');
        for (j, (k, v)) in r.iter().enumerate() {
            if j > 0 {
                s.push(',');
            }
            s.push_str(&format!("{}:{v}", Value::String(k.clone())));
        }
        s.push('}');
    }
    s.push_str(&format!("],\"fields\":{fields},\"paging\":{paging}}}"));
    s
}

/// Whether `cell` can stand for `v` (the column may have widened int -> float -> text).
fn represents(cell: Cell<'_>, v: &Value) -> bool {
    match (cell, v) {
        (Cell::Null, Value::Null) => true,
        (Cell::Bool(b), Value::Bool(x)) => b == *x,
        (Cell::Text(t), Value::Bool(x)) => t == x.to_string(),
        (Cell::Int(i), Value::Number(n)) => n.as_i64() == Some(i),
        (Cell::Float(f), Value::Number(n)) => n.as_f64() == Some(f),
        (Cell::Text(t), Value::Number(n)) => {
            let as_float = n.as_f64().map(|f| f.to_string());
            n.as_i64().map(|i| i.to_string()).as_deref() == Some(t)
                // Beyond i64 an integer keeps its exact digits.
                || n.as_u64().map(|u| u.to_string()).as_deref() == Some(t)
                || as_float.as_deref() == Some(t)
        }
        (Cell::Text(t), Value::String(s)) => t == s,
        // A column declared int/long whose values all came as integer text is read as
        // integers (Catalogs.MAST sends longs as strings).
        (Cell::Int(i), Value::String(s)) => s.trim().parse::<i64>() == Ok(i),
        (Cell::Text(t), Value::Array(_) | Value::Object(_)) => {
            serde_json::from_str::<Value>(t).ok().as_ref() == Some(v)
        }
        _ => false,
    }
}

/// The answer read as it arrives, in chunks of `chunk` bytes (the way `invoke_page` reads it).
fn streamed(bytes: &[u8], chunk: usize) -> Result<InvokeResponse, String> {
    let mut s = InvokeStream::new();
    for c in bytes.chunks(chunk.max(1)) {
        s.push(c)?;
    }
    s.end().map_err(|e| e.message)
}

/// Streamed and whole reads of `bytes` agree: the same answer, or both an error.
fn same_as_whole(bytes: &[u8], chunk: usize) -> Result<(), TestCaseError> {
    let whole = parse_invoke_response(bytes);
    let stream = streamed(bytes, chunk);
    match (&whole, &stream) {
        (Ok(w), Ok(s)) => prop_assert_eq!(w, s),
        (Err(_), Err(_)) => {}
        _ => prop_assert!(
            false,
            "whole {:?} but streamed by {chunk} {:?}: {}",
            whole.as_ref().map(|r| r.table.rows()),
            stream.as_ref().map(|r| r.table.rows()),
            String::from_utf8_lossy(bytes)
        ),
    }
    Ok(())
}

fn columns_consistent(t: &Table) -> bool {
    t.columns().iter().all(|c| c.len() == t.rows()) && t.columns().len() <= MAX_COLUMNS
}

proptest! {
    #![proptest_config(config(3000))]

    #[test]
    fn any_bytes_are_an_answer_or_an_error(bytes in prop::collection::vec(any::<u8>(), 0..300)) {
        if let Ok(r) = parse_invoke_response(&bytes) {
            prop_assert!(columns_consistent(&r.table));
        }
        same_as_whole(&bytes, 1 + bytes.len() % 7)?;
        let _ = parse_lookup(&bytes);
        let _ = parse_missions(&bytes);
        let _ = ColumnsConfig::from_json(&bytes);
    }

    #[test]
    fn any_json_is_an_answer_or_an_error(v in any_json()) {
        let text = v.to_string();
        if let Ok(r) = parse_invoke_response(text.as_bytes()) {
            prop_assert!(columns_consistent(&r.table));
        }
        let _ = parse_lookup(text.as_bytes());
        let _ = parse_missions(text.as_bytes());
        let _ = ColumnsConfig::from_json(text.as_bytes());
        // The same inside MAST's envelope keys.
        for key in ["data", "fields", "paging", "status", "msg", "resolvedCoordinate"] {
            let wrapped = json!({ key: v.clone() }).to_string();
            if let Ok(r) = parse_invoke_response(wrapped.as_bytes()) {
                prop_assert!(columns_consistent(&r.table));
            }
            same_as_whole(wrapped.as_bytes(), 1 + wrapped.len() % 5)?;
            let _ = parse_lookup(wrapped.as_bytes());
        }
    }

    #[test]
    fn mast_shaped_answers_keep_every_value(
        status in prop_oneof![
            prop::sample::select(vec!["COMPLETE", "EXECUTING", "ERROR", "", "complete"]).prop_map(|s| json!(s)),
            any_json(),
        ],
        rows in prop::collection::vec(row(), 0..12),
        fields in prop_oneof![
            prop::collection::vec(
                (prop::sample::select(KEYS), prop::sample::select(vec!["string", "int", "float", "boolean", ""])),
                0..6,
            ).prop_map(|f| json!(f.iter().map(|(n, t)| json!({"name": n, "type": t})).collect::<Vec<_>>())),
            any_json(),
        ],
        paging in any_json(),
    ) {
        let text = answer_text(&status, &rows, &fields, &paging);
        same_as_whole(text.as_bytes(), 1 + text.len() % 11)?;
        let r = parse_invoke_response(text.as_bytes());
        prop_assert!(r.is_ok(), "{text}: {r:?}");
        let r = r.unwrap();
        let t = &r.table;
        prop_assert_eq!(t.rows(), rows.len());
        prop_assert!(columns_consistent(t));
        prop_assert!(t.column("_selected_").is_none());
        for (i, row) in rows.iter().enumerate() {
            for key in KEYS.iter().filter(|k| **k != "_selected_") {
                // The first value of a repeated key stands; a missing key is null.
                let want = row.iter().find(|(k, _)| k == key).map_or(&Value::Null, |(_, v)| v);
                let cell = t.column(key).map_or(Cell::Null, |c| c.get(i));
                prop_assert!(represents(cell, want), "row {i} {key:?}: {want} read as {cell:?}\n{text}");
            }
        }
    }

    #[test]
    fn answers_with_a_byte_changed_do_not_panic(
        pos in any::<prop::sample::Index>(),
        byte in any::<u8>(),
        how in 0u8..3,
    ) {
        let mut b = br#"{"status":"COMPLETE","msg":"","data":[{"obsid":2003738726,"s_ra":23.1,"obs_id":"u9o","x":[1,{"a":null}]},{"obsid":"3","s_ra":null}],"fields":[{"name":"obsid","type":"string"}],"paging":{"page":1,"pageSize":2,"pagesFiltered":1,"rows":2,"rowsFiltered":2,"rowsTotal":2}}"#.to_vec();
        let at = pos.index(b.len());
        match how {
            0 => b[at] = byte,
            1 => b.insert(at, byte),
            _ => { b.remove(at); }
        }
        if let Ok(r) = parse_invoke_response(&b) {
            prop_assert!(columns_consistent(&r.table));
        }
        same_as_whole(&b, 1 + at % 9)?;
    }

    #[test]
    fn deep_nesting_is_refused_not_a_stack_overflow(depth in 0usize..20_000, open in prop::sample::select(vec!["[", "{\"a\":"])) {
        let close = if open == "[" { "]" } else { "}" };
        let cell = format!("{}1{}", open.repeat(depth), close.repeat(depth));
        let text = format!("{{\"data\":[{{\"a\":{cell}}}],\"fields\":{cell},\"paging\":{cell}}}");
        match parse_invoke_response(text.as_bytes()) {
            Ok(r) => prop_assert!(depth < 200 && r.table.rows() == 1, "depth {depth}"),
            Err(e) => prop_assert!(depth > 100, "depth {depth}: {e}"),
        }
        // Read as it arrives, a row's nesting is counted, not recursed into, until it is whole.
        match streamed(text.as_bytes(), 4096) {
            Ok(r) => prop_assert!(depth < 200 && r.table.rows() == 1, "depth {depth}"),
            Err(e) => prop_assert!(depth > 100, "depth {depth}: {e}"),
        }
        let _ = parse_lookup(text.as_bytes());
        let _ = parse_missions(text.as_bytes());
    }
}

#[test]
fn numbers_beyond_f64_are_an_error_not_a_panic() {
    let e = parse_invoke_response(br#"{"data":[{"a":1e400}]}"#).unwrap_err();
    assert!(e.contains("out of range"), "{e}");
    let r = parse_invoke_response(br#"{"data":[{"a":123456789012345678901234567890}]}"#).unwrap();
    assert_eq!(r.table.get(0, "a").as_f64(), Some(1.2345678901234568e29));
}
