//! A result table as MAST sends it, held compactly: one typed vector per column.
//!
//! MAST's declared field types are hints only (obsid is declared `string` and holds integers),
//! so a column's storage follows the values that actually arrive; the declared type is kept
//! for columns that hold nothing but nulls.
use std::fmt;

/// One cell, borrowed from its column.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Cell<'a> {
    Null,
    Int(i64),
    Float(f64),
    Bool(bool),
    Text(&'a str),
}

impl Cell<'_> {
    pub fn is_null(&self) -> bool {
        matches!(self, Cell::Null)
    }

    /// The value as a number, when it is one (text that parses as a number counts).
    pub fn as_f64(&self) -> Option<f64> {
        match *self {
            Cell::Int(i) => Some(i as f64),
            Cell::Float(x) => Some(x),
            Cell::Text(s) => s.trim().parse().ok(),
            _ => None,
        }
    }

    /// The value as an integer, when it is one exactly.
    pub fn as_i64(&self) -> Option<i64> {
        match *self {
            Cell::Int(i) => Some(i),
            Cell::Float(x) if x.fract() == 0.0 && x.abs() < 9.0e15 => Some(x as i64),
            Cell::Text(s) => s.trim().parse().ok(),
            _ => None,
        }
    }

    pub fn as_str(&self) -> Option<&str> {
        match self {
            Cell::Text(s) => Some(s),
            _ => None,
        }
    }

    /// Appends the value as JSON (null, number, boolean or string).
    pub fn write_json(&self, out: &mut String) {
        match *self {
            Cell::Null => out.push_str("null"),
            Cell::Int(i) => {
                use std::fmt::Write;
                let _ = write!(out, "{i}");
            }
            Cell::Float(x) => write_json_float(x, out),
            Cell::Bool(b) => out.push_str(if b { "true" } else { "false" }),
            Cell::Text(s) => write_json_string(s, out),
        }
    }
}

/// Plain text as a person reads it: empty for null.
impl fmt::Display for Cell<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Cell::Null => Ok(()),
            Cell::Int(i) => write!(f, "{i}"),
            Cell::Float(x) => write!(f, "{x}"),
            Cell::Bool(b) => write!(f, "{b}"),
            Cell::Text(s) => f.write_str(s),
        }
    }
}

fn write_json_float(x: f64, out: &mut String) {
    if x.is_finite() {
        // Text that reads back to the same f64, without a String allocated per cell.
        out.push_str(crate::common::float_text::FloatText::new().format(x, ".0"));
    } else {
        out.push_str("null");
    }
}

/// True when every byte is printable ASCII other than `"` and `\`, the text a JSON string
/// holds as it is. Tested sixteen bytes at a time without stopping early, which the compiler
/// turns into vector compares.
fn plain_ascii(bytes: &[u8]) -> bool {
    let odd = |b: u8| !(0x20..0x7f).contains(&b) | (b == b'"') | (b == b'\\');
    let mut chunks = bytes.chunks_exact(16);
    for chunk in &mut chunks {
        if chunk.iter().fold(false, |bad, &b| bad | odd(b)) {
            return false;
        }
    }
    !chunks.remainder().iter().any(|&b| odd(b))
}

/// Appends `s` as a JSON string literal. Besides what JSON requires, DEL and the C1 controls
/// (U+0080 to U+009F, among them the one-character CSI and OSC introducers) are escaped too:
/// the value reads back the same, and JSON lines printed to a terminal stay inert.
pub fn write_json_string(s: &str, out: &mut String) {
    out.push('"');
    // Nearly every value MAST sends is printable ASCII with no quote or backslash: one tight
    // check and one copy, instead of a match and a push a byte.
    if plain_ascii(s.as_bytes()) {
        out.push_str(s);
        out.push('"');
        return;
    }
    let bytes = s.as_bytes();
    let mut start = 0;
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        let (escape, code, width): (Option<&str>, u32, usize) = match b {
            b'"' => (Some("\\\""), 0, 1),
            b'\\' => (Some("\\\\"), 0, 1),
            b'\n' => (Some("\\n"), 0, 1),
            b'\r' => (Some("\\r"), 0, 1),
            b'\t' => (Some("\\t"), 0, 1),
            0..=0x1f | 0x7f => (None, u32::from(b), 1),
            // U+0080..=U+009F are 0xC2 0x80..=0x9F in UTF-8.
            0xc2 if bytes.get(i + 1).is_some_and(|n| (0x80..=0x9f).contains(n)) => {
                (None, u32::from(bytes[i + 1]), 2)
            }
            _ => {
                i += 1;
                continue;
            }
        };
        out.push_str(&s[start..i]);
        match escape {
            Some(e) => out.push_str(e),
            None => {
                use std::fmt::Write;
                let _ = write!(out, "\\u{code:04x}");
            }
        }
        i += width;
        start = i;
    }
    out.push_str(&s[start..]);
    out.push('"');
}

/// Column storage; which variant is decided by the values, not the declared type.
#[derive(Debug, Clone, PartialEq)]
pub enum ColumnData {
    /// No value seen yet: every cell is null.
    Empty,
    Int(Vec<i64>),
    Float(Vec<f64>),
    Bool(Vec<bool>),
    /// All strings of the column in one buffer; `ends[i]` is where cell `i` stops.
    Text {
        buf: String,
        ends: Vec<u32>,
    },
    /// Text with few distinct values (collection, instrument, filters, rights), each kept
    /// once: `buf`/`ends` hold the distinct values, `codes[i]` is cell `i`'s. Made by
    /// [`Table::compact`] for tables that are kept; appending turns it back into `Text`.
    Dict {
        buf: String,
        ends: Vec<u32>,
        codes: Vec<u16>,
    },
}

/// Value `i` of a buffer of strings and their ends; a bad offset reads as null.
fn nth_text<'a>(buf: &'a str, ends: &[u32], i: usize) -> Cell<'a> {
    let start = if i == 0 { 0 } else { ends[i - 1] as usize };
    // Offsets are u32: a column past 4 GiB of text reads as null, never a panic.
    buf.get(start..ends[i] as usize)
        .map_or(Cell::Null, Cell::Text)
}

/// Distinct values past which a text column is left as it is.
const DICT_MAX: usize = 4096;

/// One column: MAST's name and declared type, the values, and which cells are null.
#[derive(Debug, Clone, PartialEq)]
pub struct Column {
    name: String,
    declared: String,
    data: ColumnData,
    /// Bit `i` set when cell `i` holds a value.
    valid: Vec<u64>,
    len: usize,
}

impl Column {
    pub fn new(name: impl Into<String>, declared: impl Into<String>) -> Self {
        Column {
            name: name.into(),
            declared: declared.into(),
            data: ColumnData::Empty,
            valid: Vec::new(),
            len: 0,
        }
    }

    pub fn name(&self) -> &str {
        &self.name
    }

    /// The type MAST declared (`string`, `float`, `int`, ...), a hint only.
    pub fn declared_type(&self) -> &str {
        &self.declared
    }

    pub(crate) fn set_declared_type(&mut self, declared: &str) {
        declared.clone_into(&mut self.declared);
    }

    /// MAST's name, once it is known (array rows name their cells by a later field list).
    pub(crate) fn rename(&mut self, name: &str) {
        name.clone_into(&mut self.name);
    }

    pub fn data(&self) -> &ColumnData {
        &self.data
    }

    pub fn len(&self) -> usize {
        self.len
    }

    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// True when the values are kept as text, plain or as a dictionary.
    pub fn holds_text(&self) -> bool {
        matches!(self.data, ColumnData::Text { .. } | ColumnData::Dict { .. })
    }

    /// True when the values are numbers (for sorting and alignment).
    pub fn is_numeric(&self) -> bool {
        match self.data {
            ColumnData::Int(_) | ColumnData::Float(_) => true,
            ColumnData::Empty => matches!(
                self.declared.as_str(),
                "int" | "float" | "double" | "decimal" | "short" | "long"
            ),
            _ => false,
        }
    }

    fn is_valid(&self, row: usize) -> bool {
        self.valid
            .get(row / 64)
            .is_some_and(|w| w & (1u64 << (row % 64)) != 0)
    }

    pub fn get(&self, row: usize) -> Cell<'_> {
        if row >= self.len || !self.is_valid(row) {
            return Cell::Null;
        }
        match &self.data {
            ColumnData::Empty => Cell::Null,
            ColumnData::Int(v) => Cell::Int(v[row]),
            ColumnData::Float(v) => Cell::Float(v[row]),
            ColumnData::Bool(v) => Cell::Bool(v[row]),
            ColumnData::Text { buf, ends } => nth_text(buf, ends, row),
            ColumnData::Dict { buf, ends, codes } => nth_text(buf, ends, usize::from(codes[row])),
        }
    }

    /// Appends every cell of `other`. Values stored alike (numbers as the same kind, plain
    /// text) are copied in bulk; anything else goes cell by cell, widening as `push` does.
    pub fn extend_from(&mut self, other: &Column) {
        let base = self.len;
        let n = other.len;
        let bulk = match (&mut self.data, &other.data) {
            (ColumnData::Int(a), ColumnData::Int(b)) if b.len() >= n => {
                a.extend_from_slice(&b[..n]);
                true
            }
            (ColumnData::Float(a), ColumnData::Float(b)) if b.len() >= n => {
                a.extend_from_slice(&b[..n]);
                true
            }
            (ColumnData::Bool(a), ColumnData::Bool(b)) if b.len() >= n => {
                a.extend_from_slice(&b[..n]);
                true
            }
            // Offsets are u32: text that would pass 4 GiB goes the slow way (and reads as
            // null there, as it always has).
            (ColumnData::Text { buf, ends }, ColumnData::Text { buf: ob, ends: oe })
                if oe.len() >= n && u32::try_from(buf.len() + ob.len()).is_ok() =>
            {
                let shift = buf.len() as u32;
                buf.push_str(ob);
                ends.extend(oe[..n].iter().map(|&e| e + shift));
                true
            }
            _ => false,
        };
        if !bulk {
            for row in 0..other.len {
                self.push(other.get(row));
            }
            return;
        }
        self.len += n;
        self.valid.resize(self.len.div_ceil(64), 0);
        // The other column's validity words, shifted to start at bit `base`; bits past its
        // last row are not carried over.
        let (at, shift) = (base / 64, base % 64);
        for (i, &w) in other.valid.iter().take(n.div_ceil(64)).enumerate() {
            let left = n - i * 64;
            let w = if left < 64 {
                w & ((1u64 << left) - 1)
            } else {
                w
            };
            if w == 0 {
                continue;
            }
            if let Some(dst) = self.valid.get_mut(at + i) {
                *dst |= w << shift;
            }
            if shift > 0
                && let Some(dst) = self.valid.get_mut(at + i + 1)
            {
                *dst |= w >> (64 - shift);
            }
        }
    }

    fn set_valid(&mut self, row: usize) {
        let word = row / 64;
        if self.valid.len() <= word {
            self.valid.resize(word + 1, 0);
        }
        self.valid[word] |= 1u64 << (row % 64);
    }

    /// Appends a null.
    pub fn push_null(&mut self) {
        match &mut self.data {
            ColumnData::Empty => {}
            ColumnData::Int(v) => v.push(0),
            ColumnData::Float(v) => v.push(0.0),
            ColumnData::Bool(v) => v.push(false),
            ColumnData::Text { buf, ends } => ends.push(buf.len() as u32),
            ColumnData::Dict { codes, .. } => codes.push(0),
        }
        self.len += 1;
        let word = (self.len - 1) / 64;
        if self.valid.len() <= word {
            self.valid.resize(word + 1, 0);
        }
    }

    /// Appends a value, widening the storage when the value does not fit it
    /// (int -> float -> text): MAST's types lie, so values win.
    pub fn push(&mut self, cell: Cell<'_>) {
        if cell.is_null() {
            self.push_null();
            return;
        }
        self.make_room_for(&cell);
        let row = self.len;
        let pushed = match (&mut self.data, cell) {
            (ColumnData::Int(v), Cell::Int(i)) => {
                v.push(i);
                true
            }
            (ColumnData::Float(v), Cell::Float(x)) => {
                v.push(x);
                true
            }
            (ColumnData::Float(v), Cell::Int(i)) => {
                v.push(i as f64);
                true
            }
            (ColumnData::Bool(v), Cell::Bool(b)) => {
                v.push(b);
                true
            }
            (ColumnData::Text { buf, ends }, c) => {
                match c {
                    Cell::Text(s) => buf.push_str(s),
                    other => {
                        use std::fmt::Write;
                        let _ = write!(buf, "{other}");
                    }
                }
                ends.push(buf.len() as u32);
                true
            }
            // make_room_for guarantees one of the arms above.
            _ => false,
        };
        if !pushed {
            self.push_null();
            return;
        }
        self.len += 1;
        self.set_valid(row);
    }

    /// Converts the storage so that `cell` can be appended.
    fn make_room_for(&mut self, cell: &Cell<'_>) {
        let fits = matches!(
            (&self.data, cell),
            (ColumnData::Int(_), Cell::Int(_))
                | (ColumnData::Float(_), Cell::Float(_) | Cell::Int(_))
                | (ColumnData::Bool(_), Cell::Bool(_))
                | (ColumnData::Text { .. }, _)
        );
        if fits {
            return;
        }
        let n = self.len;
        let new = match (&self.data, cell) {
            (ColumnData::Empty, Cell::Int(_)) => ColumnData::Int(vec![0; n]),
            (ColumnData::Empty, Cell::Float(_)) => ColumnData::Float(vec![0.0; n]),
            (ColumnData::Empty, Cell::Bool(_)) => ColumnData::Bool(vec![false; n]),
            (ColumnData::Empty, _) => ColumnData::Text {
                buf: String::new(),
                ends: vec![0; n],
            },
            (ColumnData::Int(v), Cell::Float(_)) => {
                ColumnData::Float(v.iter().map(|&i| i as f64).collect())
            }
            _ => self.to_text(),
        };
        self.data = new;
    }

    /// The column's values rewritten as text (the lenient fallback for mixed columns).
    fn to_text(&self) -> ColumnData {
        let mut buf = String::new();
        let mut ends = Vec::with_capacity(self.len);
        for row in 0..self.len {
            let cell = self.get(row);
            if !cell.is_null() {
                use std::fmt::Write;
                let _ = write!(buf, "{cell}");
            }
            ends.push(buf.len() as u32);
        }
        ColumnData::Text { buf, ends }
    }

    /// Gives back what the growing vectors reserved beyond the cells: a page's columns end
    /// up with a quarter to a half of their bytes spare, and a browser keeps every page.
    pub fn shrink_to_fit(&mut self) {
        match &mut self.data {
            ColumnData::Empty => {}
            ColumnData::Int(v) => v.shrink_to_fit(),
            ColumnData::Float(v) => v.shrink_to_fit(),
            ColumnData::Bool(v) => v.shrink_to_fit(),
            ColumnData::Text { buf, ends } => {
                buf.shrink_to_fit();
                ends.shrink_to_fit();
            }
            ColumnData::Dict { buf, ends, codes } => {
                buf.shrink_to_fit();
                ends.shrink_to_fit();
                codes.shrink_to_fit();
            }
        }
        self.valid.shrink_to_fit();
    }

    /// Keeps a text column with few distinct values as a dictionary, when that saves at
    /// least a quarter of its bytes. A column with many values stops being looked at after
    /// [`DICT_MAX`] of them, so ids and regions cost little.
    pub fn compact(&mut self) {
        let ColumnData::Text { buf, ends } = &self.data else {
            return;
        };
        let mut index: std::collections::HashMap<&str, u16> = std::collections::HashMap::new();
        let mut values: Vec<&str> = Vec::new();
        let mut codes = Vec::with_capacity(ends.len());
        for row in 0..ends.len() {
            let text = match nth_text(buf, ends, row) {
                Cell::Text(t) => t,
                _ => return,
            };
            let code = match index.get(text) {
                Some(&c) => c,
                None => {
                    if values.len() >= DICT_MAX {
                        return;
                    }
                    let c = values.len() as u16;
                    index.insert(text, c);
                    values.push(text);
                    c
                }
            };
            codes.push(code);
        }
        let distinct: usize = values.iter().map(|v| v.len()).sum();
        let as_dict = distinct + values.len() * 4 + codes.len() * 2;
        let as_text = buf.len() + ends.len() * 4;
        if as_dict * 4 > as_text * 3 {
            return;
        }
        let mut dict_buf = String::with_capacity(distinct);
        let mut dict_ends = Vec::with_capacity(values.len());
        for v in &values {
            dict_buf.push_str(v);
            dict_ends.push(dict_buf.len() as u32);
        }
        self.data = ColumnData::Dict {
            buf: dict_buf,
            ends: dict_ends,
            codes,
        };
    }

    /// Bytes held on the heap, for memory accounting.
    pub fn heap_bytes(&self) -> usize {
        let data = match &self.data {
            ColumnData::Empty => 0,
            ColumnData::Int(v) => v.capacity() * 8,
            ColumnData::Float(v) => v.capacity() * 8,
            ColumnData::Bool(v) => v.capacity(),
            ColumnData::Text { buf, ends } => buf.capacity() + ends.capacity() * 4,
            ColumnData::Dict { buf, ends, codes } => {
                buf.capacity() + ends.capacity() * 4 + codes.capacity() * 2
            }
        };
        data + self.valid.capacity() * 8 + self.name.capacity() + self.declared.capacity()
    }
}

/// Rows and columns as MAST sent them, in MAST's column order.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Table {
    columns: Vec<Column>,
    rows: usize,
}

impl Table {
    /// A table from columns that all have the same length.
    pub fn from_columns(columns: Vec<Column>) -> Self {
        let rows = columns.first().map_or(0, |c| c.len);
        let mut table = Table { columns, rows };
        for c in &mut table.columns {
            while c.len < rows {
                c.push_null();
            }
        }
        table
    }

    pub fn rows(&self) -> usize {
        self.rows
    }

    /// The table [`compact`](Self::compact)ed.
    pub fn compacted(mut self) -> Table {
        self.compact();
        self
    }

    /// Stores a table that is kept (the browser keeps every page) in fewer bytes: text
    /// columns with few distinct values become dictionaries. Cells read the same.
    pub fn compact(&mut self) {
        for c in &mut self.columns {
            c.compact();
            c.shrink_to_fit();
        }
    }

    pub fn is_empty(&self) -> bool {
        self.rows == 0
    }

    pub fn columns(&self) -> &[Column] {
        &self.columns
    }

    pub fn column_names(&self) -> impl Iterator<Item = &str> {
        self.columns.iter().map(|c| c.name.as_str())
    }

    /// The index of a column: exact name first, then ignoring case (MAST is case-insensitive).
    pub fn column_index(&self, name: &str) -> Option<usize> {
        self.columns
            .iter()
            .position(|c| c.name == name)
            .or_else(|| {
                self.columns
                    .iter()
                    .position(|c| c.name.eq_ignore_ascii_case(name))
            })
    }

    pub fn column(&self, name: &str) -> Option<&Column> {
        self.column_index(name).map(|i| &self.columns[i])
    }

    pub fn cell(&self, row: usize, col: usize) -> Cell<'_> {
        self.columns.get(col).map_or(Cell::Null, |c| c.get(row))
    }

    /// The cell of a named column; null when there is no such column.
    pub fn get(&self, row: usize, name: &str) -> Cell<'_> {
        self.column(name).map_or(Cell::Null, |c| c.get(row))
    }

    /// Appends a row given as (column, value) pairs; unnamed columns get nulls, new names
    /// become new columns.
    pub fn push_row<'a>(&mut self, cells: impl IntoIterator<Item = (&'a str, Cell<'a>)>) {
        for (name, cell) in cells {
            let idx = match self.columns.iter().position(|c| c.name == name) {
                Some(i) => i,
                None => {
                    let mut c = Column::new(name, "string");
                    for _ in 0..self.rows {
                        c.push_null();
                    }
                    self.columns.push(c);
                    self.columns.len() - 1
                }
            };
            let col = &mut self.columns[idx];
            if col.len == self.rows {
                col.push(cell);
            }
        }
        self.rows += 1;
        for c in &mut self.columns {
            if c.len < self.rows {
                c.push_null();
            }
        }
    }

    /// Adds a column at the end; it is padded or must match the row count.
    pub fn push_column(&mut self, mut column: Column) {
        while column.len < self.rows {
            column.push_null();
        }
        if self.columns.is_empty() {
            self.rows = column.len;
        }
        self.columns.push(column);
    }

    /// Adds, filled with nulls, the columns `other` has and this table lacks (before its
    /// rows are appended).
    fn add_columns_of(&mut self, other: &Table) {
        for oc in &other.columns {
            if !self.columns.iter().any(|c| c.name == oc.name) {
                let mut c = Column::new(oc.name.clone(), oc.declared.clone());
                for _ in 0..self.rows {
                    c.push_null();
                }
                self.columns.push(c);
            }
        }
    }

    /// Appends another table's rows (the next page). Columns are matched by name; columns
    /// only one side has are filled with nulls on the other. Columns stored alike are copied
    /// in bulk, not cell by cell.
    pub fn append(&mut self, other: &Table) {
        self.add_columns_of(other);
        for c in &mut self.columns {
            match other.columns.iter().find(|oc| oc.name == c.name) {
                Some(oc) => c.extend_from(oc),
                None => {
                    for _ in 0..other.rows {
                        c.push_null();
                    }
                }
            }
        }
        self.rows += other.rows;
    }

    /// Appends the given rows of another table, in the given order, without an intermediate
    /// copy (de-duplication keeps a subset of each batch).
    pub fn append_rows(&mut self, other: &Table, rows: impl Iterator<Item = usize> + Clone) {
        self.add_columns_of(other);
        let mut added = 0;
        for c in &mut self.columns {
            added = 0;
            match other.columns.iter().find(|oc| oc.name == c.name) {
                Some(oc) => {
                    for row in rows.clone() {
                        c.push(oc.get(row));
                        added += 1;
                    }
                }
                None => {
                    for _ in rows.clone() {
                        c.push_null();
                        added += 1;
                    }
                }
            }
        }
        self.rows += added;
    }

    /// A new table holding the given rows, in the given order.
    pub fn select_rows(&self, rows: &[usize]) -> Table {
        let columns = self
            .columns
            .iter()
            .map(|c| {
                let mut n = Column::new(c.name.clone(), c.declared.clone());
                for &r in rows {
                    n.push(c.get(r));
                }
                n
            })
            .collect();
        Table {
            columns,
            rows: rows.len(),
        }
    }

    /// Keeps only the named columns, in the given order (unknown names are skipped).
    pub fn project(&self, names: &[&str]) -> Table {
        let columns: Vec<Column> = names
            .iter()
            .filter_map(|n| self.column(n).cloned())
            .collect();
        Table {
            rows: if columns.is_empty() { 0 } else { self.rows },
            columns,
        }
    }

    /// Appends row `row` as one JSON object with MAST's column names, in column order.
    pub fn write_row_json(&self, row: usize, out: &mut String) {
        out.push('{');
        for (i, c) in self.columns.iter().enumerate() {
            if i > 0 {
                out.push(',');
            }
            write_json_string(&c.name, out);
            out.push(':');
            c.get(row).write_json(out);
        }
        out.push('}');
    }

    /// Heap bytes held, for memory accounting in benchmarks.
    pub fn heap_bytes(&self) -> usize {
        self.columns.iter().map(Column::heap_bytes).sum::<usize>()
            + self.columns.capacity() * std::mem::size_of::<Column>()
    }

    /// Builder access for the parser: columns in arrival order.
    pub(crate) fn from_parts(columns: Vec<Column>, rows: usize) -> Table {
        Table { columns, rows }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A table of `rows` rows whose cells depend on `seed`: ints, floats, text, bools and a
    /// column that is ints or text by seed, each with nulls; `extra` adds a column the
    /// other tables lack.
    fn mixed(rows: usize, seed: u64, extra: bool) -> Table {
        let mut t = Table::default();
        let mut x = seed.wrapping_mul(6364136223846793005).wrapping_add(1);
        for r in 0..rows {
            x = x
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            let null = (x >> 33).is_multiple_of(5);
            let text = format!("v{}-{r}", x % 97);
            let pick = |c: Cell<'static>| if null { Cell::Null } else { c };
            let mut cells: Vec<(&str, Cell<'_>)> = vec![
                ("i", pick(Cell::Int((x % 1000) as i64 - 500))),
                ("f", pick(Cell::Float((x % 777) as f64 / 7.0))),
                ("b", pick(Cell::Bool(x.is_multiple_of(2)))),
                ("t", if null { Cell::Null } else { Cell::Text(&text) }),
                (
                    "kind",
                    if seed.is_multiple_of(2) {
                        Cell::Int(r as i64)
                    } else {
                        Cell::Text(&text)
                    },
                ),
                ("empty", Cell::Null),
            ];
            if extra {
                cells.push(("extra", Cell::Float(r as f64)));
            }
            t.push_row(cells);
        }
        t
    }

    #[test]
    fn a_byte_to_escape_is_found_wherever_it_sits() {
        // In a sixteen-byte chunk or in the remainder after the chunks.
        for len in [1, 15, 16, 17, 40] {
            for at in 0..len {
                for odd in ["\"", "\\", "\n", "\u{1}", "\u{7f}", "\u{85}", "é"] {
                    let mut text = "a".repeat(len);
                    text.replace_range(at..at + 1, odd);
                    let mut out = String::new();
                    write_json_string(&text, &mut out);
                    let back: String = serde_json::from_str(&out).unwrap();
                    assert_eq!(back, text, "{out}");
                    let plain = matches!(odd, "é");
                    assert_eq!(out.len() == text.len() + 2, plain, "{out}");
                }
            }
        }
    }

    #[test]
    fn bulk_append_reads_as_appending_cell_by_cell() {
        // Lengths around the 64-bit validity words, so that every shift is met.
        for (i, &(a, b)) in [
            (0, 5),
            (5, 0),
            (63, 65),
            (64, 64),
            (70, 130),
            (1, 200),
            (129, 3),
        ]
        .iter()
        .enumerate()
        {
            let (left, right) = (
                mixed(a, i as u64, i % 3 == 0),
                mixed(b, i as u64 + 1, i % 3 == 1),
            );
            let mut bulk = left.clone();
            bulk.append(&right);
            let mut slow = left.clone();
            slow.append_rows(&right, 0..right.rows());
            assert_eq!(bulk.rows(), a + b);
            assert_eq!(bulk.rows(), slow.rows());
            for c in slow.columns() {
                let bc = bulk.column(c.name()).unwrap();
                assert_eq!(bc.len(), a + b, "{}", c.name());
                for r in 0..a + b {
                    assert_eq!(bc.get(r), c.get(r), "{} row {r} of {a}+{b}", c.name());
                }
            }
            // Rows pushed after the append are nulls where nothing is given, not old bits.
            bulk.push_row([("i", Cell::Int(1))]);
            assert_eq!(bulk.get(a + b, "t"), Cell::Null);
            assert_eq!(bulk.get(a + b, "i"), Cell::Int(1));
        }
    }

    #[test]
    fn compact_keeps_every_cell_and_saves_bytes_on_repeated_text() {
        let mut coll = Column::new("obs_collection", "string");
        let mut id = Column::new("obs_id", "string");
        for i in 0..10_000 {
            if i % 7 == 0 {
                coll.push_null();
            } else {
                coll.push(Cell::Text(["JWST", "HST", "TESS", ""][i % 4]));
            }
            id.push(Cell::Text(&format!("jw{i:08}-o001")));
        }
        let before = Table::from_columns(vec![coll, id]);
        let mut after = before.clone();
        after.compact();
        for r in 0..before.rows() {
            assert_eq!(
                before.get(r, "obs_collection"),
                after.get(r, "obs_collection")
            );
            assert_eq!(before.get(r, "obs_id"), after.get(r, "obs_id"));
        }
        assert!(matches!(
            after.column("obs_collection").unwrap().data(),
            ColumnData::Dict { .. }
        ));
        // Ten thousand distinct ids: left as text.
        assert!(matches!(
            after.column("obs_id").unwrap().data(),
            ColumnData::Text { .. }
        ));
        let (b, a) = (
            before.column("obs_collection").unwrap().heap_bytes(),
            after.column("obs_collection").unwrap().heap_bytes(),
        );
        assert!(a * 2 < b, "{a} vs {b}");
        // Appending to a dictionary column turns it back into text, cells unchanged.
        let mut c = after.column("obs_collection").unwrap().clone();
        c.push(Cell::Text("GALEX"));
        c.push(Cell::Int(3));
        assert!(matches!(c.data(), ColumnData::Text { .. }));
        for r in 0..before.rows() {
            assert_eq!(c.get(r), before.get(r, "obs_collection"));
        }
        assert_eq!(c.get(10_000), Cell::Text("GALEX"));
        assert_eq!(c.get(10_001), Cell::Text("3"));
    }

    #[test]
    fn columns_widen_as_values_arrive() {
        let mut c = Column::new("x", "string");
        c.push_null();
        c.push(Cell::Int(3));
        assert!(matches!(c.data(), ColumnData::Int(_)));
        c.push(Cell::Float(2.5));
        assert!(matches!(c.data(), ColumnData::Float(_)));
        assert_eq!(c.get(0), Cell::Null);
        assert_eq!(c.get(1), Cell::Float(3.0));
        c.push(Cell::Text("abc"));
        assert_eq!(c.get(1), Cell::Text("3"));
        assert_eq!(c.get(2), Cell::Text("2.5"));
        assert_eq!(c.get(3), Cell::Text("abc"));
        assert_eq!(c.get(0), Cell::Null);
        assert_eq!(c.len(), 4);
    }

    #[test]
    fn nulls_past_64_rows_stay_null() {
        let mut c = Column::new("x", "int");
        for i in 0..200 {
            if i % 3 == 0 {
                c.push_null();
            } else {
                c.push(Cell::Int(i));
            }
        }
        for i in 0..200 {
            assert_eq!(c.get(i as usize).is_null(), i % 3 == 0, "row {i}");
        }
    }

    #[test]
    fn append_matches_columns_by_name() {
        let mut a = Table::default();
        a.push_row([("obsid", Cell::Int(1)), ("obs_id", Cell::Text("a"))]);
        let mut b = Table::default();
        b.push_row([("obs_id", Cell::Text("b")), ("extra", Cell::Bool(true))]);
        a.append(&b);
        assert_eq!(a.rows(), 2);
        assert_eq!(a.get(1, "obs_id"), Cell::Text("b"));
        assert_eq!(a.get(1, "obsid"), Cell::Null);
        assert_eq!(a.get(0, "extra"), Cell::Null);
        assert_eq!(a.get(1, "extra"), Cell::Bool(true));
    }

    #[test]
    fn row_json_escapes_and_keeps_order() {
        let mut t = Table::default();
        t.push_row([
            ("b", Cell::Text("q\"\n\u{1b}")),
            ("a", Cell::Float(0.1)),
            ("n", Cell::Null),
        ]);
        let mut s = String::new();
        t.write_row_json(0, &mut s);
        assert_eq!(s, r#"{"b":"q\"\n\u001b","a":0.1,"n":null}"#);
        let v: serde_json::Value = serde_json::from_str(&s).unwrap();
        assert_eq!(v["b"], "q\"\n\u{1b}");
    }

    #[test]
    fn json_strings_escape_del_and_c1_but_read_back_the_same() {
        let value = "a\u{7f}b\u{9b}31mc\u{9d}0;t\u{9c}é\u{a0}\u{c2}x";
        let mut s = String::new();
        write_json_string(value, &mut s);
        assert_eq!(s, "\"a\\u007fb\\u009b31mc\\u009d0;t\\u009cé\u{a0}\u{c2}x\"");
        assert!(!s.chars().any(char::is_control), "{s:?}");
        let back: String = serde_json::from_str(&s).unwrap();
        assert_eq!(back, value);
    }

    #[test]
    fn floats_print_short_and_read_back_exactly() {
        for x in [
            0.1,
            1.0,
            -2.5e-7,
            1e21,
            123456.789,
            f64::MIN_POSITIVE,
            13.3,
            -999.0,
        ] {
            let mut s = String::new();
            write_json_float(x, &mut s);
            assert_eq!(serde_json::from_str::<f64>(&s).unwrap(), x, "{s}");
            assert!(s.len() <= serde_json::to_string(&x).unwrap().len(), "{s}");
        }
        let mut s = String::new();
        write_json_float(f64::NAN, &mut s);
        assert_eq!(s, "null");
    }

    #[test]
    fn select_and_project() {
        let mut t = Table::default();
        for i in 0..5 {
            t.push_row([("i", Cell::Int(i)), ("s", Cell::Text("x"))]);
        }
        let s = t.select_rows(&[4, 0]);
        assert_eq!(s.get(0, "i"), Cell::Int(4));
        assert_eq!(s.get(1, "i"), Cell::Int(0));
        let p = t.project(&["s"]);
        assert_eq!(p.columns().len(), 1);
        assert_eq!(p.rows(), 5);
    }
}
