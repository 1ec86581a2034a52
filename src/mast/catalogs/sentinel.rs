//! MAST's stand-in for "no value" in some catalogs: -999 where a number is missing
//! (Pan-STARRS's documented `default_value`, GALEX's undetected bands, the Pan-STARRS
//! errors inside Disk Detective). Cleared to nulls as pages arrive, so that no sort, filter
//! or output mistakes them for measurements.
use super::super::table::{Column, Table};

pub const SENTINEL: f64 = -999.0;

/// `t` with -999 turned into null in the numeric columns whose declared type (lowercased)
/// `declared` accepts. Columns without a -999 are kept as they are.
pub fn clear_sentinels(t: Table, declared: impl Fn(&str) -> bool) -> Table {
    let has_sentinel = |c: &Column| {
        c.is_numeric()
            && declared(&c.declared_type().to_ascii_lowercase())
            && (0..c.len()).any(|r| c.get(r).as_f64() == Some(SENTINEL))
    };
    if !t.columns().iter().any(has_sentinel) {
        return t;
    }
    let columns = t
        .columns()
        .iter()
        .map(|c| {
            if !has_sentinel(c) {
                return c.clone();
            }
            let mut out = Column::new(c.name(), c.declared_type());
            for r in 0..c.len() {
                let cell = c.get(r);
                if cell.as_f64() == Some(SENTINEL) {
                    out.push_null();
                } else {
                    out.push(cell);
                }
            }
            out
        })
        .collect();
    Table::from_columns(columns)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::mast::table::Cell;

    #[test]
    fn minus_999_becomes_null_where_declared() {
        let mut t = Table::default();
        t.push_row([
            ("mag", Cell::Float(15.2)),
            ("err", Cell::Int(-999)),
            ("name", Cell::Text("-999")),
        ]);
        t.push_row([
            ("mag", Cell::Float(-999.0)),
            ("err", Cell::Float(0.01)),
            ("name", Cell::Text("x")),
        ]);
        let all = clear_sentinels(t.clone(), |_| true);
        assert_eq!(all.get(1, "mag"), Cell::Null);
        assert_eq!(all.get(0, "err"), Cell::Null);
        assert_eq!(all.get(1, "err"), Cell::Float(0.01));
        // Text is never a stand-in.
        assert_eq!(all.get(0, "name"), Cell::Text("-999"));
        let none = clear_sentinels(t.clone(), |d| d == "float");
        assert_eq!(none.get(1, "mag"), Cell::Float(-999.0));
    }
}
