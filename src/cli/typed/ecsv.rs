//! ECSV 1.0 (astropy's Enhanced CSV): a YAML header of `#` lines naming each column's
//! datatype (and unit and description when known), then comma-separated rows. A null is an
//! empty field, which astropy reads as a masked value.
use std::fmt::Write as _;
use std::io::{self, Write};

use super::{ColType, Meta, inert};
use crate::mast::table::{Cell, Table};

pub fn write(
    out: &mut impl Write,
    table: &Table,
    cols: &[String],
    idx: &[Option<usize>],
    meta: &Meta,
) -> io::Result<()> {
    let types: Vec<ColType> = idx
        .iter()
        .map(|i| i.map_or(ColType::Text, |i| ColType::of(&table.columns()[i])))
        .collect();
    let mut head = String::from("# %ECSV 1.0\n# ---\n# delimiter: ','\n# datatype:\n");
    for (name, ty) in cols.iter().zip(&types) {
        let datatype = match ty {
            ColType::Int64 => "int64",
            ColType::Float64 => "float64",
            ColType::Bool => "bool",
            ColType::Text => "string",
        };
        let _ = write!(head, "# - {{name: {}, datatype: {datatype}", yaml(name));
        if let Some(m) = meta.get(name) {
            if let Some(u) = m.unit.as_deref().filter(|u| !u.trim().is_empty()) {
                let _ = write!(head, ", unit: {}", yaml(u));
            }
            if let Some(d) = m.description.as_deref().filter(|d| !d.trim().is_empty()) {
                let _ = write!(head, ", description: {}", yaml(d));
            }
        }
        head.push_str("}\n");
    }
    head.push_str("# schema: astropy-2.0\n");
    let names: Vec<String> = cols.iter().map(|c| field(c)).collect();
    head.push_str(&names.join(","));
    head.push('\n');
    out.write_all(head.as_bytes())?;
    let mut line = String::new();
    for row in 0..table.rows() {
        line.clear();
        for (i, (col, ty)) in idx.iter().zip(&types).enumerate() {
            if i > 0 {
                line.push(',');
            }
            let cell = col.map_or(Cell::Null, |c| table.cell(row, c));
            push_value(cell, *ty, &mut line);
        }
        line.push('\n');
        out.write_all(line.as_bytes())?;
    }
    out.flush()
}

fn push_value(cell: Cell, ty: ColType, line: &mut String) {
    match (cell, ty) {
        (Cell::Null, _) => {}
        (Cell::Bool(b), _) => line.push_str(if b { "True" } else { "False" }),
        (Cell::Int(i), _) => {
            let _ = write!(line, "{i}");
        }
        (Cell::Float(x), _) if x.is_nan() => line.push_str("nan"),
        (Cell::Float(x), _) if x.is_infinite() => {
            line.push_str(if x > 0.0 { "inf" } else { "-inf" })
        }
        (Cell::Float(x), _) => {
            let _ = write!(line, "{x}");
        }
        (Cell::Text(s), _) => line.push_str(&field(s)),
    }
}

/// A CSV field as Python's csv module reads it; quoted when it holds the delimiter, a
/// quote, a line break, edge spaces, or starts like a comment line.
fn field(s: &str) -> String {
    let s = inert(s);
    let needs = s.is_empty()
        || s.contains([',', '"', '\n', '\r'])
        || s.starts_with(['#', ' '])
        || s.ends_with(' ');
    if needs && !s.is_empty() {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.into_owned()
    }
}

/// A YAML double-quoted scalar.
fn yaml(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in inert(s).chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\t' => out.push_str("\\t"),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cli::typed::ColumnMeta;

    #[test]
    fn header_types_nulls_and_quoting() {
        let mut t = Table::default();
        t.push_row([
            ("obsid", Cell::Int(7)),
            ("s_ra", Cell::Float(53.5)),
            ("name", Cell::Text("a,\"b\"")),
            ("ok", Cell::Bool(true)),
        ]);
        t.push_row([
            ("obsid", Cell::Null),
            ("s_ra", Cell::Null),
            ("name", Cell::Text("#x\u{1b}[2J")),
            ("ok", Cell::Null),
        ]);
        let cols: Vec<String> = ["obsid", "s_ra", "name", "ok", "gone"]
            .iter()
            .map(|s| s.to_string())
            .collect();
        let idx: Vec<Option<usize>> = cols.iter().map(|c| t.column_index(c)).collect();
        let mut meta = Meta::new();
        meta.insert(
            "s_ra".into(),
            ColumnMeta {
                unit: Some("deg".into()),
                description: Some("Right \"Ascension\"".into()),
            },
        );
        let mut out = Vec::new();
        write(&mut out, &t, &cols, &idx, &meta).unwrap();
        let s = String::from_utf8(out).unwrap();
        assert!(s.starts_with("# %ECSV 1.0\n# ---\n"));
        assert!(s.contains("# - {name: \"obsid\", datatype: int64}\n"));
        assert!(s.contains(
            "# - {name: \"s_ra\", datatype: float64, unit: \"deg\", description: \"Right \\\"Ascension\\\"\"}\n"
        ));
        assert!(s.contains("# - {name: \"ok\", datatype: bool}\n"));
        assert!(s.contains("# - {name: \"gone\", datatype: string}\n"));
        let body: Vec<&str> = s.lines().filter(|l| !l.starts_with('#')).collect();
        assert_eq!(body[0], "obsid,s_ra,name,ok,gone");
        assert_eq!(body[1], "7,53.5,\"a,\"\"b\"\"\",True,");
        assert_eq!(body[2], ",,\"#x[2J\",,");
    }
}
