//! Tables piped in: what mastui writes is what it reads. JSON lines, CSV (typed cell by cell:
//! integers, numbers, text, empty as null) and ECSV (typed by its header), told apart by
//! their first line. A bad line is refused by number, with what was expected.
use std::io::BufRead;

use crate::mast::table::{Cell, Table};

/// The formats a pipe may carry, for messages.
pub const ACCEPTED: &str = "mastui's jsonl, csv or ecsv output";

/// Reads a whole table. `Err` names the line and what is wrong with it.
pub fn read_table(input: impl BufRead) -> Result<Table, String> {
    let mut lines = input.lines().enumerate();
    // The first line that is not blank decides the format.
    let mut first = None;
    for (n, line) in lines.by_ref() {
        let line = line.map_err(|e| format!("line {}: {e}", n + 1))?;
        if !line.trim().is_empty() {
            first = Some((n, line));
            break;
        }
    }
    let Some((n0, head)) = first else {
        return Ok(Table::default());
    };
    let rest = lines.map(|(n, l)| {
        l.map(|l| (n, l))
            .map_err(|e| format!("line {}: {e}", n + 1))
    });
    let all = std::iter::once(Ok((n0, head.clone()))).chain(rest);
    let trimmed = head.trim_start();
    if trimmed.starts_with('{') {
        read_jsonl(all)
    } else if trimmed.starts_with("# %ECSV") {
        read_ecsv(all)
    } else if trimmed.starts_with('<') {
        Err(format!(
            "line {}: VOTable (XML) is not read from a pipe; give {ACCEPTED}",
            n0 + 1
        ))
    } else {
        read_csv(all, b',', |_| None)
    }
}

type Lines<'a> = Box<dyn Iterator<Item = Result<(usize, String), String>> + 'a>;

fn read_jsonl<'a>(
    lines: impl Iterator<Item = Result<(usize, String), String>> + 'a,
) -> Result<Table, String> {
    let mut table = Table::default();
    for line in lines {
        let (n, line) = line?;
        if line.trim().is_empty() {
            continue;
        }
        let v: serde_json::Value = serde_json::from_str(&line)
            .map_err(|e| format!("line {}: not a JSON object ({e})", n + 1))?;
        let Some(obj) = v.as_object() else {
            return Err(format!("line {}: not a JSON object", n + 1));
        };
        table.push_row(obj.iter().map(|(k, v)| (k.as_str(), json_cell(v))));
    }
    Ok(table)
}

/// A JSON value as a table cell (nested values are not columns mastui writes).
fn json_cell(v: &serde_json::Value) -> Cell<'_> {
    match v {
        serde_json::Value::Null => Cell::Null,
        serde_json::Value::Bool(b) => Cell::Bool(*b),
        serde_json::Value::Number(n) => n
            .as_i64()
            .map(Cell::Int)
            .or_else(|| n.as_f64().map(Cell::Float))
            .unwrap_or(Cell::Null),
        serde_json::Value::String(s) => Cell::Text(s),
        _ => Cell::Null,
    }
}

/// An ECSV column's declared type.
#[derive(Debug, Clone, Copy, PartialEq)]
enum EcsvType {
    Int,
    Float,
    Bool,
    Text,
}

fn read_ecsv<'a>(
    lines: impl Iterator<Item = Result<(usize, String), String>> + 'a,
) -> Result<Table, String> {
    let mut types: Vec<(String, EcsvType)> = Vec::new();
    let mut delimiter = b' ';
    let mut body: Vec<Result<(usize, String), String>> = Vec::new();
    for line in lines {
        let (n, text) = line?;
        let Some(header) = text.strip_prefix('#') else {
            body.push(Ok((n, text)));
            continue;
        };
        let header = header.trim();
        if let Some(d) = header.strip_prefix("delimiter:") {
            delimiter = match d.trim().trim_matches(['\'', '"']) {
                "," => b',',
                " " | "" => b' ',
                other => {
                    return Err(format!(
                        "line {}: ECSV delimiter '{other}' is not read (',' or space)",
                        n + 1
                    ));
                }
            };
        } else if let Some(entry) = header.strip_prefix("- {") {
            let (Some(name), Some(ty)) = (yaml_field(entry, "name"), yaml_field(entry, "datatype"))
            else {
                continue;
            };
            let ty = match ty.as_str() {
                t if t.starts_with("int") || t.starts_with("uint") => EcsvType::Int,
                t if t.starts_with("float") => EcsvType::Float,
                "bool" => EcsvType::Bool,
                _ => EcsvType::Text,
            };
            types.push((name, ty));
        }
    }
    let typed = move |name: &str| types.iter().find(|(n, _)| n == name).map(|(_, t)| *t);
    let lines: Lines = Box::new(body.into_iter());
    read_csv(lines, delimiter, typed)
}

/// The value of `key:` in a one-line YAML flow mapping (`name: "x", datatype: int64`).
fn yaml_field(entry: &str, key: &str) -> Option<String> {
    let at = entry.find(&format!("{key}:"))? + key.len() + 1;
    let rest = entry[at..].trim_start();
    if let Some(quoted) = rest.strip_prefix('"') {
        let mut out = String::new();
        let mut chars = quoted.chars();
        while let Some(c) = chars.next() {
            match c {
                '\\' => out.push(chars.next()?),
                '"' => return Some(out),
                c => out.push(c),
            }
        }
        None
    } else if let Some(quoted) = rest.strip_prefix('\'') {
        quoted.split('\'').next().map(str::to_string)
    } else {
        let end = rest.find([',', '}']).unwrap_or(rest.len());
        Some(rest[..end].trim().to_string())
    }
}

fn read_csv<'a, F>(
    lines: impl Iterator<Item = Result<(usize, String), String>> + 'a,
    delimiter: u8,
    declared: F,
) -> Result<Table, String>
where
    F: Fn(&str) -> Option<EcsvType>,
{
    // Lines are joined back so the csv reader sees quoted line breaks; the first line's
    // number is kept to name lines in messages.
    let mut text = String::new();
    let mut first_line = None;
    for line in lines {
        let (n, l) = line?;
        first_line.get_or_insert(n);
        text.push_str(&l);
        text.push('\n');
    }
    let offset = first_line.unwrap_or(0);
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .flexible(false)
        .from_reader(text.as_bytes());
    let names: Vec<String> = reader
        .headers()
        .map_err(|e| format!("line {}: {e}", offset + 1))?
        .iter()
        .map(|s| s.trim().to_string())
        .collect();
    let types: Vec<Option<EcsvType>> = names.iter().map(|n| declared(n)).collect();
    let mut table = Table::default();
    for record in reader.records() {
        let record = record.map_err(|e| {
            let line = e.position().map_or(0, |p| p.line() as usize);
            format!("line {}: {e}", offset + line.max(1))
        })?;
        let line = record.position().map_or(0, |p| p.line() as usize) + offset;
        let mut cells = Vec::with_capacity(names.len());
        for ((name, ty), raw) in names.iter().zip(&types).zip(record.iter()) {
            let cell = typed_cell(raw, *ty)
                .map_err(|why| format!("line {line}: column {name}: '{raw}' {why}"))?;
            cells.push((name.as_str(), cell));
        }
        table.push_row(cells);
    }
    Ok(table)
}

/// A CSV field as a cell: by the declared type when there is one, else by its look.
fn typed_cell(raw: &str, ty: Option<EcsvType>) -> Result<Cell<'_>, &'static str> {
    let t = raw.trim();
    if t.is_empty() {
        return Ok(Cell::Null);
    }
    match ty {
        Some(EcsvType::Int) => t.parse().map(Cell::Int).map_err(|_| "is not an integer"),
        Some(EcsvType::Float) => t.parse().map(Cell::Float).map_err(|_| "is not a number"),
        Some(EcsvType::Bool) => match t {
            "True" | "true" | "1" => Ok(Cell::Bool(true)),
            "False" | "false" | "0" => Ok(Cell::Bool(false)),
            _ => Err("is not True or False"),
        },
        Some(EcsvType::Text) => Ok(Cell::Text(raw)),
        None => Ok(guess(raw)),
    }
}

/// Integers and plain decimal numbers become numbers; anything else stays text (so a
/// target named `inf` or `nan` stays a name).
fn guess(raw: &str) -> Cell<'_> {
    let t = raw.trim();
    if let Ok(i) = t.parse::<i64>() {
        return Cell::Int(i);
    }
    let numeric = t
        .chars()
        .all(|c| c.is_ascii_digit() || matches!(c, '.' | '-' | '+' | 'e' | 'E'))
        && t.chars().any(|c| c.is_ascii_digit());
    match t.parse::<f64>() {
        Ok(x) if numeric => Cell::Float(x),
        _ => Cell::Text(raw),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn jsonl_csv_and_ecsv_read_alike() {
        let jsonl = "{\"obsid\":7,\"dataURI\":\"mast:JWST/product/a.fits\",\"size\":10}\n\n{\"obsid\":8,\"dataURI\":\"mast:JWST/product/b,c.fits\",\"size\":null}\n";
        let csv = "obsid,dataURI,size\r\n7,mast:JWST/product/a.fits,10\r\n8,\"mast:JWST/product/b,c.fits\",\r\n";
        let ecsv = "# %ECSV 1.0\n# ---\n# delimiter: ','\n# datatype:\n# - {name: \"obsid\", datatype: int64}\n# - {name: \"dataURI\", datatype: string}\n# - {name: \"size\", datatype: int64}\n# schema: astropy-2.0\nobsid,dataURI,size\n7,mast:JWST/product/a.fits,10\n8,\"mast:JWST/product/b,c.fits\",\n";
        for text in [jsonl, csv, ecsv] {
            let t = read_table(text.as_bytes()).unwrap();
            assert_eq!(t.rows(), 2, "{text}");
            assert_eq!(t.get(0, "obsid"), Cell::Int(7));
            assert_eq!(
                t.get(1, "dataURI"),
                Cell::Text("mast:JWST/product/b,c.fits")
            );
            assert_eq!(t.get(0, "size"), Cell::Int(10));
            assert_eq!(t.get(1, "size"), Cell::Null);
        }
    }

    #[test]
    fn space_delimited_ecsv_and_typed_columns() {
        let ecsv = "# %ECSV 1.0\n# ---\n# datatype:\n# - {name: id, datatype: string}\n# - {name: ra, datatype: float64}\n# - {name: ok, datatype: bool}\nid ra ok\n0042 10 True\n\"a b\" 1.5 False\n";
        let t = read_table(ecsv.as_bytes()).unwrap();
        // Declared text stays text, even when it looks like a number.
        assert_eq!(t.get(0, "id"), Cell::Text("0042"));
        assert_eq!(t.get(0, "ra"), Cell::Float(10.0));
        assert_eq!(t.get(1, "id"), Cell::Text("a b"));
        assert_eq!(t.get(1, "ok"), Cell::Bool(false));
    }

    #[test]
    fn bad_lines_are_named() {
        let e = read_table("{\"a\":1}\nnot json\n".as_bytes()).unwrap_err();
        assert!(e.starts_with("line 2: not a JSON object"), "{e}");
        let e = read_table("a,b\n1,2\n3\n".as_bytes()).unwrap_err();
        assert!(e.starts_with("line 3"), "{e}");
        let ecsv = "# %ECSV 1.0\n# ---\n# delimiter: ','\n# datatype:\n# - {name: n, datatype: int64}\nn\n1\nx\n";
        let e = read_table(ecsv.as_bytes()).unwrap_err();
        assert!(
            e.contains("line 8") && e.contains("'x' is not an integer"),
            "{e}"
        );
        let e = read_table("<?xml version=\"1.0\"?>\n".as_bytes()).unwrap_err();
        assert!(e.contains("VOTable"), "{e}");
    }

    #[test]
    fn names_that_look_like_numbers_words_stay_text() {
        let t = read_table("target,x\ninf,1e3\nnan,-2.5\n".as_bytes()).unwrap();
        assert_eq!(t.get(0, "target"), Cell::Text("inf"));
        assert_eq!(t.get(1, "target"), Cell::Text("nan"));
        assert_eq!(t.get(0, "x"), Cell::Float(1000.0));
    }
}
