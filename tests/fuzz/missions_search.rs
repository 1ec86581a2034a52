//! The missions search API's answers: search pages (`parse_search_answer`), product lists
//! (`parse_products`, then `append_products`) and column lists (`MissionColumns`). Any
//! bytes, any JSON, and answers of the right shape with wrong types, missing keys and
//! huge numbers give an answer or an error; well-formed answers read as what was sent.
use mastui::mast::missions_search::answer::parse_search_answer;
use mastui::mast::missions_search::catalog::MISSIONS;
use mastui::mast::missions_search::columns::{MissionColumn, MissionColumns};
use mastui::mast::missions_search::products::{PRODUCT_COLUMNS, append_products, parse_products};
use mastui::mast::response::MAX_COLUMNS;
use mastui::mast::table::{Cell, Table};
use proptest::prelude::*;
use serde_json::{Map, Value, json};

use crate::table::any_json;
use crate::{any_text, config, costly};

/// Column names, distinct ignoring case (tables find columns either way).
const NAMES: &[&str] = &[
    "sci_data_set_name",
    "sci_instrume",
    "sci_pep_id",
    "sci_actual_duration",
    "sci_start_time",
    "ang_sep",
    "",
    "k\u{1b}[2J",
    "é",
];

const KINDS: &[&str] = &[
    "VARCHAR", "INTEGER", "FLOAT", "DATETIME", "BIGINT", "double", "", "Real", "long",
];

fn table_consistent(t: &Table) -> bool {
    t.columns().iter().all(|c| c.len() == t.rows()) && t.columns().len() <= MAX_COLUMNS
}

/// Everything the missions parsers take, on one input.
fn all_parsers(bytes: &[u8]) -> Result<(), TestCaseError> {
    if let Ok(a) = parse_search_answer(bytes) {
        prop_assert!(table_consistent(&a.table));
    }
    if let Ok(products) = parse_products(bytes) {
        appended_consistently(&products)?;
    }
    if let Ok(c) = MissionColumns::from_json(bytes) {
        prop_assert!(!c.columns.is_empty());
        prop_assert!(c.columns.iter().all(|c| !c.name.is_empty()));
    }
    Ok(())
}

/// `append_products` over every mission keeps the mapped columns and one row per new file.
fn appended_consistently(products: &[Map<String, Value>]) -> Result<(), TestCaseError> {
    for m in MISSIONS {
        let mut t = Table::default();
        let mut seen = Default::default();
        let added = append_products(m, products, &mut t, &mut seen);
        prop_assert!(added <= products.len());
        prop_assert_eq!(t.rows(), added);
        prop_assert!(table_consistent(&t));
        if added > 0 {
            let names: Vec<&str> = t.column_names().collect();
            prop_assert_eq!(&names[..], PRODUCT_COLUMNS);
        }
        // A second time, nothing is new.
        prop_assert_eq!(append_products(m, products, &mut t, &mut seen), 0);
    }
    Ok(())
}

/// A value of a column declared `kind`, as MAST may send it (numbers as text, blank
/// padding), and what it means: `None` for null.
#[derive(Debug, Clone)]
enum Meant {
    Null,
    Int(i64),
    Float(f64),
    Text(String),
}

fn declared_int(kind: &str) -> bool {
    let k = kind.to_ascii_lowercase();
    k.contains("int") || k == "long"
}

fn declared_float(kind: &str) -> bool {
    let k = kind.to_ascii_lowercase();
    k.contains("float") || k.contains("double") || k.contains("real")
}

fn value_of(kind: &'static str) -> BoxedStrategy<(Value, Meant)> {
    let pad = prop::sample::select(&["", " ", "   "][..]);
    if declared_int(kind) {
        prop_oneof![
            1 => Just((Value::Null, Meant::Null)),
            3 => any::<i64>().prop_map(|i| (json!(i), Meant::Int(i))),
            2 => (any::<i64>(), pad).prop_map(|(i, p)| (json!(format!("{i}{p}")), Meant::Int(i))),
        ]
        .boxed()
    } else if declared_float(kind) {
        let finite = any::<f64>().prop_filter("finite", |x| x.is_finite());
        prop_oneof![
            1 => Just((Value::Null, Meant::Null)),
            3 => finite.clone().prop_map(|x| (json!(x), Meant::Float(x))),
            2 => (finite, pad).prop_map(|(x, p)| (json!(format!("{x:?}{p}")), Meant::Float(x))),
        ]
        .boxed()
    } else {
        // Text that does not end in blanks (MAST's padding is cut off), padded or not.
        prop_oneof![
            1 => Just((Value::Null, Meant::Null)),
            4 => (any_text(12), pad).prop_map(|(s, p)| {
                let meant = s.trim_end().to_string();
                (json!(format!("{meant}{p}")), Meant::Text(meant))
            }),
        ]
        .boxed()
    }
}

/// Whether `cell` stands for `m` (a column may have widened, or been read before `info`).
fn means(cell: Cell<'_>, m: &Meant) -> bool {
    match (m, cell) {
        (Meant::Null, Cell::Null) => true,
        (Meant::Int(i), Cell::Int(c)) => c == *i,
        (Meant::Int(i), Cell::Float(f)) => f == *i as f64,
        (Meant::Int(i), Cell::Text(t)) => t.trim().parse::<i64>() == Ok(*i),
        (Meant::Float(x), Cell::Float(f)) => f == *x,
        (Meant::Float(x), Cell::Int(c)) => c as f64 == *x,
        (Meant::Float(x), Cell::Text(t)) => t.trim().parse::<f64>() == Ok(*x),
        (Meant::Text(s), Cell::Text(t)) => t == s,
        // An empty text may read as null.
        (Meant::Text(s), Cell::Null) => s.is_empty(),
        _ => false,
    }
}

/// A well-formed page: declared columns, rows of their values (some keys left out, one
/// undeclared), the total as a number or text, and messages.
#[allow(clippy::type_complexity)]
fn answer() -> impl Strategy<
    Value = (
        Vec<(&'static str, &'static str)>,
        Vec<Vec<Option<(Value, Meant)>>>,
        Option<u64>,
        bool,
        bool,
        Vec<String>,
    ),
> {
    prop::sample::subsequence(NAMES, 0..=NAMES.len())
        .prop_flat_map(|names| {
            prop::collection::vec(prop::sample::select(KINDS), names.len())
                .prop_map(move |kinds| names.iter().copied().zip(kinds).collect::<Vec<_>>())
        })
        .prop_flat_map(|cols| {
            let row: Vec<_> = cols
                .iter()
                .map(|(_, kind)| prop::option::weighted(0.85, value_of(kind)))
                .collect();
            (
                Just(cols),
                prop::collection::vec(row, 0..8),
                prop::option::of(any::<u64>()),
                any::<bool>(),
                any::<bool>(),
                prop::collection::vec("[a-z][a-z ]{0,11}", 0..3),
            )
        })
}

fn answer_text(
    cols: &[(&str, &str)],
    rows: &[Vec<Option<(Value, Meant)>>],
    total: Option<u64>,
    total_as_text: bool,
    info_last: bool,
    messages: &[String],
) -> String {
    let info = json!(
        cols.iter()
            .map(|(n, k)| json!({"name": n, "type": k}))
            .collect::<Vec<_>>()
    );
    let results: Vec<Value> = rows
        .iter()
        .map(|r| {
            let mut o: Map<String, Value> = cols
                .iter()
                .zip(r)
                .filter_map(|((n, _), v)| v.as_ref().map(|(v, _)| (n.to_string(), v.clone())))
                .collect();
            o.insert("undeclared".into(), json!("x"));
            Value::Object(o)
        })
        .collect();
    let total = match total {
        Some(t) if total_as_text => json!(t.to_string()),
        Some(t) => json!(t),
        None => Value::Null,
    };
    let (first, last) = if info_last {
        (("results", json!(results)), ("info", info))
    } else {
        (("info", info), ("results", json!(results)))
    };
    format!(
        "{{\"messages\":{},\"{}\":{},\"search_params\":{{\"limit\":5000}},\"totalResults\":{},\"{}\":{}}}",
        json!(messages),
        first.0,
        first.1,
        total,
        last.0,
        last.1
    )
}

/// Product lists as the API sends them: objects of strings, numbers and nulls.
fn product() -> impl Strategy<Value = Map<String, Value>> {
    let field = prop::sample::select(
        &[
            "filename",
            "uri",
            "dataset",
            "size",
            "access",
            "type",
            "file_suffix",
            "category",
            "instrument_name",
            "filters",
            "product_key",
            "other",
        ][..],
    );
    prop::collection::vec(
        (
            field,
            prop_oneof![
                4 => "[A-Za-z0-9_./ -]{0,20}".prop_map(Value::String),
                1 => crate::table::number(),
                1 => Just(Value::Null),
                1 => any_json(),
            ],
        ),
        0..8,
    )
    .prop_map(|kv| kv.into_iter().map(|(k, v)| (k.to_string(), v)).collect())
}

/// A column list entry: (name, qual_type, description, default_output as sent), the
/// column it means (None when the name is blank and the entry is skipped).
fn column_entry() -> impl Strategy<Value = (Value, Option<MissionColumn>)> {
    (
        prop_oneof![
            "[a-z_]{1,12}".prop_map(|s| s.to_string()),
            Just(String::new()),
            Just("  ".to_string()),
            any_text(8),
        ],
        prop::sample::select(&["string", "INTEGER", " float ", "datetime", ""][..]),
        any_text(16),
        prop_oneof![
            any::<bool>().prop_map(|b| (json!(b), b)),
            prop::sample::select(&["yes", "no", "True", " YES ", "false", ""][..]).prop_map(|s| (
                json!(s),
                matches!(s.trim().to_ascii_lowercase().as_str(), "yes" | "true")
            )),
            Just((Value::Null, false)),
            crate::table::number().prop_map(|n| (n, false)),
        ],
    )
        .prop_map(|(name, qual, desc, (default_sent, default_output))| {
            let v = json!({
                "column_name": name,
                "qual_type": qual,
                "description": desc,
                "default_output": default_sent,
            });
            let c = MissionColumn {
                name: name.trim().to_string(),
                qual_type: qual.trim().to_ascii_lowercase(),
                description: desc.trim().to_string(),
                default_output,
            };
            (v, (!c.name.is_empty()).then_some(c))
        })
}

proptest! {
    #![proptest_config(config(3000))]

    #[test]
    fn any_bytes_are_an_answer_or_an_error(bytes in prop::collection::vec(any::<u8>(), 0..300)) {
        all_parsers(&bytes)?;
    }

    #[test]
    fn any_json_is_an_answer_or_an_error(v in any_json()) {
        all_parsers(v.to_string().as_bytes())?;
        // The same under each key the answers are read by.
        for key in ["info", "results", "data", "totalResults", "messages", "msg", "products", "columns"] {
            all_parsers(json!({ key: v.clone() }).to_string().as_bytes())?;
            all_parsers(json!({ key: [v.clone()] }).to_string().as_bytes())?;
            all_parsers(json!({ key: [[v.clone()]] }).to_string().as_bytes())?;
        }
        all_parsers(json!([{ "column_name": v.clone(), "qual_type": v.clone(), "default_output": v.clone() }]).to_string().as_bytes())?;
    }

    #[test]
    fn answers_of_the_right_shape_with_wrong_types_do_not_panic(
        info in prop_oneof![
            prop::collection::vec(
                (prop::sample::select(NAMES), any_json(), any::<bool>()),
                0..6,
            ).prop_map(|f| json!(f.iter().map(|(n, t, alt)| if *alt {
                json!({"column_name": n, "db_type": t})
            } else {
                json!({"name": n, "type": t})
            }).collect::<Vec<_>>())),
            any_json(),
        ],
        rows in prop_oneof![
            prop::collection::vec(
                prop::collection::vec((prop::sample::select(NAMES), any_json()), 0..6)
                    .prop_map(|kv| {
                        // Written by hand: repeated keys stay, as a server may send them.
                        let items: Vec<String> = kv.iter().map(|(k, v)| format!("{}:{v}", json!(k))).collect();
                        format!("{{{}}}", items.join(","))
                    }),
                0..6,
            ).prop_map(|rows| format!("[{}]", rows.join(","))),
            any_json().prop_map(|v| v.to_string()),
        ],
        total in prop_oneof![
            crate::table::number(),
            Just(json!("18446744073709551616")),
            Just(json!("-1")),
            Just(json!(1e300)),
            Just(json!(-0.5)),
            any_json(),
        ],
        info_last in any::<bool>(),
    ) {
        let text = if info_last {
            format!("{{\"results\":{rows},\"totalResults\":{total},\"info\":{info}}}")
        } else {
            format!("{{\"info\":{info},\"totalResults\":{total},\"results\":{rows}}}")
        };
        if let Ok(a) = parse_search_answer(text.as_bytes()) {
            prop_assert!(table_consistent(&a.table), "{text}");
        }
        all_parsers(text.as_bytes())?;
    }

    #[test]
    fn well_formed_answers_read_as_sent(
        (cols, rows, total, total_as_text, info_last, messages) in answer(),
    ) {
        let text = answer_text(&cols, &rows, total, total_as_text, info_last, &messages);
        let a = parse_search_answer(text.as_bytes());
        prop_assert!(a.is_ok(), "{text}: {a:?}");
        let a = a.unwrap();
        prop_assert_eq!(a.total, total, "{}", text);
        prop_assert_eq!(&a.messages, &messages);
        let t = &a.table;
        prop_assert_eq!(t.rows(), rows.len());
        prop_assert!(table_consistent(t));
        // Declared columns first, in `info`'s order; the undeclared one after.
        let names: Vec<&str> = t.column_names().collect();
        let declared: Vec<&str> = cols.iter().map(|(n, _)| *n).collect();
        prop_assert_eq!(&names[..declared.len()], &declared[..], "{}", text);
        if !rows.is_empty() {
            prop_assert_eq!(names.len(), declared.len() + 1);
        }
        for (c, (name, kind)) in cols.iter().enumerate() {
            prop_assert_eq!(t.columns()[c].declared_type(), *kind);
            for (r, row) in rows.iter().enumerate() {
                let meant = row[c].as_ref().map_or(&Meant::Null, |(_, m)| m);
                let cell = t.columns()[c].get(r);
                prop_assert!(means(cell, meant), "row {r} {name:?} ({kind}): {meant:?} read as {cell:?}\n{text}");
            }
        }
    }

    #[test]
    fn product_lists_read_as_sent(
        products in prop::collection::vec(product(), 0..8),
        others in prop::collection::vec(any_json(), 0..3),
        nested in any::<bool>(),
    ) {
        // Entries that are not objects are skipped wherever they stand.
        let mut list: Vec<Value> = products.iter().cloned().map(Value::Object).collect();
        for (i, o) in others.iter().filter(|o| !o.is_object()).enumerate() {
            list.insert((i * 3).min(list.len()), o.clone());
        }
        // Nested, `[[..]]` is read (the inner list); a first entry that is a list is read
        // as that list, so a plain list starts with an object here.
        let nested = nested || list.first().is_some_and(Value::is_array);
        let text = if nested {
            json!({"products": [list]}).to_string()
        } else {
            json!({"products": list}).to_string()
        };
        let got = parse_products(text.as_bytes());
        prop_assert_eq!(got.as_ref(), Ok(&products), "{}", text);
        appended_consistently(&products)?;
    }

    #[test]
    fn column_lists_read_as_sent(
        entries in prop::collection::vec(column_entry(), 0..10),
        wrap in prop::sample::select(&["", "columns", "results"][..]),
    ) {
        let list = json!(entries.iter().map(|(v, _)| v.clone()).collect::<Vec<_>>());
        let text = if wrap.is_empty() { list.to_string() } else { json!({ wrap: list }).to_string() };
        let want: Vec<MissionColumn> = entries.into_iter().filter_map(|(_, c)| c).collect();
        match MissionColumns::from_json(text.as_bytes()) {
            Ok(c) => prop_assert_eq!(c.columns, want, "{}", text),
            Err(e) => prop_assert!(want.is_empty(), "{text}: {e}"),
        }
    }
}

proptest! {
    // Up to 20,000 levels of JSON: each case costs about ten ordinary ones.
    #![proptest_config(costly(300, 10))]

    #[test]
    fn deep_nesting_is_refused_not_a_stack_overflow(
        depth in 0usize..20_000,
        open in prop::sample::select(vec!["[", "{\"a\":"]),
    ) {
        let close = if open == "[" { "]" } else { "}" };
        let deep = format!("{}1{}", open.repeat(depth), close.repeat(depth));
        for text in [
            format!("{{\"results\":[{{\"a\":{deep}}}],\"info\":{deep}}}"),
            format!("{{\"products\":[{deep}]}}"),
            format!("[{{\"column_name\":\"a\",\"description\":{deep}}}]"),
            deep.clone(),
        ] {
            all_parsers(text.as_bytes())?;
        }
        match parse_search_answer(format!("{{\"results\":[{{\"a\":{deep}}}]}}").as_bytes()) {
            Ok(a) => prop_assert!(depth < 200 && a.table.rows() == 1, "depth {depth}"),
            Err(e) => prop_assert!(depth > 100, "depth {depth}: {e}"),
        }
    }
}
