//! Writing tables as text, CSV or JSON lines, page by page as they arrive; ECSV and
//! VOTable (`typed/`) once every row is in.
use std::io::{self, Write};
use unicode_width::UnicodeWidthStr;

use super::format::Format;
use super::typed::{Meta, ecsv, votable};
use crate::common::csv_field::{Guard, push_field};
use crate::mast::table::{Cell, Column, Table};
use crate::sanitize::printable;

/// Rows whose cells are gathered a column at a time before they are written.
const BLOCK_ROWS: usize = 64;

/// The widest a cell may be in the aligned table format; longer text is cut with `…`.
const MAX_CELL_WIDTH: usize = 40;

/// Streams pages of rows in one format. CSV and JSON lines go out as each page lands; the
/// aligned table needs every row first to size its columns.
pub struct RowWriter<W: Write> {
    format: Format,
    out: W,
    /// Columns of the output, fixed by the first page (or by the caller).
    columns: Option<Vec<String>>,
    /// True once the first page was seen: `columns` then carry MAST's spelling of the names
    /// (and CSV's header line is out).
    started: bool,
    pending: Table,
    line: String,
    /// Units and descriptions for the typed formats.
    meta: Meta,
}

impl<W: Write> RowWriter<W> {
    /// `columns`: the columns to print in this order; `None` takes every column of the first
    /// page.
    pub fn new(format: Format, out: W, columns: Option<Vec<String>>) -> Self {
        RowWriter {
            format,
            out,
            columns,
            started: false,
            pending: Table::default(),
            line: String::new(),
            meta: Meta::new(),
        }
    }

    /// Units and descriptions the typed formats (ECSV, VOTable) write with each column.
    pub fn with_meta(mut self, meta: Meta) -> Self {
        self.meta = meta;
        self
    }

    fn columns_for(&mut self, table: &Table) -> Vec<String> {
        match &mut self.columns {
            None => self.columns = Some(table.column_names().map(str::to_string).collect()),
            // Names asked for match case-insensitively; MAST's spelling is what gets printed.
            Some(cols) if !self.started => {
                for c in cols.iter_mut() {
                    if let Some(i) = table.column_index(c) {
                        table.columns()[i].name().clone_into(c);
                    }
                }
            }
            Some(_) => {}
        }
        self.started = true;
        self.columns.clone().unwrap_or_default()
    }

    /// Writes (or, for the aligned table, keeps) one page.
    pub fn page(&mut self, table: &Table) -> io::Result<()> {
        match self.format {
            Format::Table | Format::Ecsv | Format::Votable => {
                self.pending.append(table);
                Ok(())
            }
            Format::Jsonl => {
                let cols = self.columns_for(table);
                let idx: Vec<Option<usize>> = cols.iter().map(|c| table.column_index(c)).collect();
                // Each key is escaped once a page, not once a cell.
                let keys: Vec<String> = cols
                    .iter()
                    .map(|name| {
                        let mut k = String::with_capacity(name.len() + 3);
                        crate::mast::table::write_json_string(name, &mut k);
                        k.push(':');
                        k
                    })
                    .collect();
                // Lines gather in one buffer written about every 256 KiB: fewer copies and
                // writes than a line at a time.
                self.line.clear();
                let columns: Vec<Option<&Column>> = idx
                    .iter()
                    .map(|i| i.and_then(|i| table.columns().get(i)))
                    .collect();
                let width = columns.len().max(1);
                let mut block: Vec<Cell<'_>> = Vec::with_capacity(BLOCK_ROWS * width);
                for start in (0..table.rows()).step_by(BLOCK_ROWS) {
                    let n = BLOCK_ROWS.min(table.rows() - start);
                    // Cells are read a column at a time, so each column's storage is read
                    // in order; row by row across thirty columns the reads scatter and
                    // wait on memory.
                    block.clear();
                    block.resize(n * width, Cell::Null);
                    for (c, col) in columns.iter().enumerate() {
                        if let Some(col) = col {
                            for r in 0..n {
                                block[r * width + c] = col.get(start + r);
                            }
                        }
                    }
                    for row in block.chunks(width).take(n) {
                        if self.line.len() >= 256 * 1024 {
                            self.out.write_all(self.line.as_bytes())?;
                            self.line.clear();
                        }
                        self.line.push('{');
                        for (i, (key, cell)) in keys.iter().zip(row).enumerate() {
                            if i > 0 {
                                self.line.push(',');
                            }
                            self.line.push_str(key);
                            cell.write_json(&mut self.line);
                        }
                        self.line.push_str("}\n");
                    }
                }
                self.out.write_all(self.line.as_bytes())?;
                self.line.clear();
                self.out.flush()
            }
            Format::Csv => {
                let first = !self.started;
                let cols = self.columns_for(table);
                if first {
                    self.line.clear();
                    for (i, c) in cols.iter().enumerate() {
                        if i > 0 {
                            self.line.push(',');
                        }
                        push_field(c, Guard::Exact, &mut self.line);
                    }
                    self.line.push_str("\r\n");
                    self.out.write_all(self.line.as_bytes())?;
                }
                let idx: Vec<Option<usize>> = cols.iter().map(|c| table.column_index(c)).collect();
                for row in 0..table.rows() {
                    self.line.clear();
                    for (i, col) in idx.iter().enumerate() {
                        if i > 0 {
                            self.line.push(',');
                        }
                        let cell = col.map_or(Cell::Null, |c| table.cell(row, c));
                        if !cell.is_null() {
                            push_field(&cell.to_string(), Guard::Exact, &mut self.line);
                        }
                    }
                    self.line.push_str("\r\n");
                    self.out.write_all(self.line.as_bytes())?;
                }
                self.out.flush()
            }
        }
    }

    /// Ends the output (prints the aligned table).
    pub fn finish(mut self) -> io::Result<()> {
        if !self.format.gathers() {
            return self.out.flush();
        }
        let table = std::mem::take(&mut self.pending);
        let cols = self.columns_for(&table);
        let idx: Vec<Option<usize>> = cols.iter().map(|c| table.column_index(c)).collect();
        match self.format {
            Format::Ecsv => return ecsv::write(&mut self.out, &table, &cols, &idx, &self.meta),
            Format::Votable => {
                return votable::write(&mut self.out, &table, &cols, &idx, &self.meta);
            }
            _ => {}
        }
        let numeric: Vec<bool> = idx
            .iter()
            .map(|i| i.is_some_and(|i| table.columns()[i].is_numeric()))
            .collect();
        let text = |row: usize, col: Option<usize>| -> String {
            let cell = col.map_or(Cell::Null, |c| table.cell(row, c));
            clip(&printable(&cell.to_string()))
        };
        let mut widths: Vec<usize> = cols.iter().map(|c| c.width()).collect();
        for row in 0..table.rows() {
            for (w, col) in widths.iter_mut().zip(&idx) {
                *w = (*w).max(text(row, *col).width());
            }
        }
        let mut line = String::new();
        let header: Vec<String> = cols.iter().map(|c| printable(c).into_owned()).collect();
        write_aligned(&mut line, &header, &widths, &vec![false; cols.len()]);
        self.out.write_all(line.as_bytes())?;
        for row in 0..table.rows() {
            let cells: Vec<String> = idx.iter().map(|c| text(row, *c)).collect();
            write_aligned(&mut line, &cells, &widths, &numeric);
            self.out.write_all(line.as_bytes())?;
        }
        self.out.flush()
    }
}

/// At most `MAX_CELL_WIDTH` display columns, cut with `…`.
fn clip(s: &str) -> String {
    if s.width() <= MAX_CELL_WIDTH {
        return s.to_string();
    }
    let mut out = String::new();
    let mut used = 0;
    for c in s.chars() {
        let w = unicode_width::UnicodeWidthChar::width(c).unwrap_or(0);
        if used + w > MAX_CELL_WIDTH - 1 {
            break;
        }
        used += w;
        out.push(c);
    }
    out.push('…');
    out
}

fn write_aligned(line: &mut String, cells: &[String], widths: &[usize], right: &[bool]) {
    line.clear();
    for (i, ((cell, w), r)) in cells.iter().zip(widths).zip(right).enumerate() {
        if i > 0 {
            line.push_str("  ");
        }
        let pad = w.saturating_sub(cell.width());
        let last = i + 1 == cells.len();
        if *r {
            line.extend(std::iter::repeat_n(' ', pad));
            line.push_str(cell);
        } else {
            line.push_str(cell);
            if !last {
                line.extend(std::iter::repeat_n(' ', pad));
            }
        }
    }
    line.push('\n');
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> Table {
        let mut t = Table::default();
        t.push_row([("obsid", Cell::Int(7)), ("name", Cell::Text("a,\"b\""))]);
        t.push_row([("obsid", Cell::Int(12)), ("name", Cell::Text("\u{1b}[2Jx"))]);
        t
    }

    #[test]
    fn csv_quotes_and_strips_controls() {
        let mut out = Vec::new();
        let mut w = RowWriter::new(Format::Csv, &mut out, None);
        w.page(&sample()).unwrap();
        w.finish().unwrap();
        let s = String::from_utf8(out).unwrap();
        assert_eq!(s, "obsid,name\r\n7,\"a,\"\"b\"\"\"\r\n12,[2Jx\r\n");
    }

    #[test]
    fn jsonl_is_one_object_per_row() {
        let mut out = Vec::new();
        let mut w = RowWriter::new(
            Format::Jsonl,
            &mut out,
            Some(vec!["name".into(), "obsid".into(), "none".into()]),
        );
        w.page(&sample()).unwrap();
        w.finish().unwrap();
        let s = String::from_utf8(out).unwrap();
        let lines: Vec<&str> = s.lines().collect();
        assert_eq!(lines.len(), 2);
        let v: serde_json::Value = serde_json::from_str(lines[1]).unwrap();
        assert_eq!(v["obsid"], 12);
        assert_eq!(v["none"], serde_json::Value::Null);
        assert!(lines[0].starts_with("{\"name\""));
    }

    #[test]
    fn jsonl_rows_past_a_block_keep_their_own_cells() {
        // More rows than one gathered block, nulls scattered, a column asked for that no
        // page has, and a second page.
        let page = |from: i64| {
            let mut t = Table::default();
            for i in from..from + 2 * BLOCK_ROWS as i64 + 7 {
                let name = format!("r{i}");
                t.push_row([
                    ("obsid", Cell::Int(i)),
                    (
                        "name",
                        if i % 5 == 0 {
                            Cell::Null
                        } else {
                            Cell::Text(&name)
                        },
                    ),
                    ("x", Cell::Float(i as f64 / 4.0)),
                ]);
            }
            t
        };
        let mut out = Vec::new();
        let mut w = RowWriter::new(
            Format::Jsonl,
            &mut out,
            Some(vec![
                "x".into(),
                "none".into(),
                "obsid".into(),
                "name".into(),
            ]),
        );
        let (a, b) = (page(0), page(1000));
        w.page(&a).unwrap();
        w.page(&b).unwrap();
        w.finish().unwrap();
        let s = String::from_utf8(out).unwrap();
        let rows: Vec<i64> = (0..a.rows() as i64)
            .chain(1000..1000 + b.rows() as i64)
            .collect();
        assert_eq!(s.lines().count(), rows.len());
        for (line, i) in s.lines().zip(rows) {
            let name = if i % 5 == 0 {
                "null".to_string()
            } else {
                format!("\"r{i}\"")
            };
            let x = serde_json::to_string(&(i as f64 / 4.0)).unwrap();
            assert_eq!(
                line,
                format!("{{\"x\":{x},\"none\":null,\"obsid\":{i},\"name\":{name}}}")
            );
        }
    }

    #[test]
    fn asked_columns_print_in_mast_spelling() {
        for format in [Format::Jsonl, Format::Csv, Format::Table] {
            let mut out = Vec::new();
            let mut w = RowWriter::new(format, &mut out, Some(vec!["OBSID".into(), "x".into()]));
            w.page(&sample()).unwrap();
            w.finish().unwrap();
            let s = String::from_utf8(out).unwrap();
            assert!(
                s.contains("obsid") && !s.contains("OBSID"),
                "{format:?}: {s}"
            );
        }
    }

    #[test]
    fn wide_characters_take_two_columns() {
        let mut t = Table::default();
        t.push_row([("target", Cell::Text("オリオン")), ("n", Cell::Int(1))]);
        t.push_row([("target", Cell::Text("M42")), ("n", Cell::Int(22))]);
        let mut out = Vec::new();
        let mut w = RowWriter::new(Format::Table, &mut out, None);
        w.page(&t).unwrap();
        w.finish().unwrap();
        let s = String::from_utf8(out).unwrap();
        assert_eq!(s, "target    n\nオリオン   1\nM42       22\n");
        let cut = clip(&"天".repeat(30));
        assert!(cut.width() <= MAX_CELL_WIDTH && cut.ends_with('…'), "{cut}");
    }

    #[test]
    fn table_aligns_and_sanitizes() {
        let mut out = Vec::new();
        let mut w = RowWriter::new(Format::Table, &mut out, None);
        w.page(&sample()).unwrap();
        w.finish().unwrap();
        let s = String::from_utf8(out).unwrap();
        assert_eq!(s, "obsid  name\n    7  a,\"b\"\n   12  x\n");
    }
}
