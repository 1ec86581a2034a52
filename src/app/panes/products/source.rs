//! The products as the shared grid shows them: eight columns (how many observations list a
//! file, its name, subgroup, type, calibration level, size, rights, obs_id), the file name
//! taking the width the others leave (elided from the left, where the step suffix is), sizes
//! readable, and obs_id giving way on narrow terminals unless chosen.
use std::collections::HashMap;
use std::sync::Arc;

use crate::app::effect::{Detail, ObservationRef};
use crate::app::format::detail_value;
use crate::app::grid::source::GridSource;
use crate::app::view::CellSource;
use crate::common::format::human_bytes;
use crate::mast::product_ref::rights_need_token;
use crate::mast::products::ProductList;
use crate::mast::table::{Cell, Column};
use crate::sanitize::printable;

/// The grid's columns, left to right: a column id is a place here.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ProductColumn {
    Shared,
    Name,
    SubGroup,
    Type,
    Calib,
    Size,
    Rights,
    ObsId,
}

impl ProductColumn {
    pub const ALL: [ProductColumn; 8] = [
        ProductColumn::Shared,
        ProductColumn::Name,
        ProductColumn::SubGroup,
        ProductColumn::Type,
        ProductColumn::Calib,
        ProductColumn::Size,
        ProductColumn::Rights,
        ProductColumn::ObsId,
    ];

    pub fn of(col: usize) -> Option<ProductColumn> {
        ProductColumn::ALL.get(col).copied()
    }

    pub fn id(self) -> usize {
        ProductColumn::ALL
            .iter()
            .position(|&c| c == self)
            .unwrap_or(0)
    }

    /// The name in the column chooser (`c`).
    pub fn title(self) -> &'static str {
        self.field().unwrap_or("shared (observations listing it)")
    }

    /// The product field shown; None for the shared count, which the list keeps.
    pub fn field(self) -> Option<&'static str> {
        match self {
            ProductColumn::Shared => None,
            ProductColumn::Name => Some("productFilename"),
            ProductColumn::SubGroup => Some("productSubGroupDescription"),
            ProductColumn::Type => Some("productType"),
            ProductColumn::Calib => Some("calib_level"),
            ProductColumn::Size => Some("size"),
            ProductColumn::Rights => Some("dataRights"),
            ProductColumn::ObsId => Some("obs_id"),
        }
    }

    /// The header's title and the column's width (the name's is what is left).
    fn layout(self) -> (&'static str, u16) {
        match self {
            ProductColumn::Shared => ("sh", 3),
            ProductColumn::Name => ("productFilename", 0),
            ProductColumn::SubGroup => ("subgroup", 8),
            ProductColumn::Type => ("type", 9),
            ProductColumn::Calib => ("calib", 5),
            ProductColumn::Size => ("size", 8),
            ProductColumn::Rights => ("rights", 9),
            ProductColumn::ObsId => ("obs_id", 34),
        }
    }
}

/// The products pane's rows, borrowed for one call into the grid.
pub struct ProductsSource<'a> {
    pub list: &'a ProductList,
    /// The natural order (grouped by file stem).
    pub order: &'a [u32],
    /// The observations asked about (obs_id of each obsid, for the details).
    pub asked: &'a [ObservationRef],
}

impl ProductsSource<'_> {
    fn field(&self, row: usize, col: ProductColumn) -> Cell<'_> {
        match col.field() {
            Some(name) => self.list.table().get(row, name),
            None => Cell::Int(i64::from(self.list.shared_by(row))),
        }
    }
}

impl GridSource for ProductsSource<'_> {
    fn rows(&self) -> usize {
        self.list.len()
    }

    fn columns(&self) -> usize {
        ProductColumn::ALL.len()
    }

    fn name(&self, col: usize) -> &str {
        ProductColumn::of(col).map_or("", ProductColumn::title)
    }

    fn header(&self, col: usize) -> &str {
        ProductColumn::of(col).map_or("", |c| c.layout().0)
    }

    fn cell(&self, row: usize, col: usize) -> Cell<'_> {
        ProductColumn::of(col).map_or(Cell::Null, |c| self.field(row, c))
    }

    fn is_numeric(&self, col: usize) -> bool {
        matches!(
            ProductColumn::of(col),
            Some(ProductColumn::Shared | ProductColumn::Calib | ProductColumn::Size)
        )
    }

    fn width(&self, col: usize) -> u16 {
        ProductColumn::of(col).map_or(3, |c| c.layout().1)
    }

    fn is_fill(&self, col: usize) -> bool {
        ProductColumn::of(col) == Some(ProductColumn::Name)
    }

    fn gives_way(&self, col: usize) -> bool {
        ProductColumn::of(col) == Some(ProductColumn::ObsId)
    }

    fn show(&self, row: usize, col: usize, width: u16, out: &mut String) {
        let Some(c) = ProductColumn::of(col) else {
            return;
        };
        let text = |cell: Cell<'_>| match cell {
            Cell::Null => String::new(),
            Cell::Text(s) => s.trim().to_string(),
            other => other.to_string(),
        };
        match c {
            ProductColumn::Shared => {
                let n = self.list.shared_by(row);
                if n > 1 {
                    out.push_str(&n.to_string());
                }
            }
            ProductColumn::Name => {
                let name = text(self.field(row, c));
                out.push_str(&left_elide(&printable(&name), width as usize));
            }
            ProductColumn::Size => {
                if let Some(n) = self.field(row, c).as_i64().filter(|n| *n >= 0) {
                    out.push_str(&human_bytes(n as u64));
                }
            }
            ProductColumn::Rights => {
                let rights = text(self.field(row, c));
                if rights.eq_ignore_ascii_case("EXCLUSIVE_ACCESS") {
                    out.push_str("EXCLUSIVE");
                } else {
                    out.push_str(&rights);
                }
            }
            _ => out.push_str(&text(self.field(row, c))),
        }
    }

    fn needs_login(&self, row: usize) -> bool {
        matches!(self.list.table().get(row, "dataRights"), Cell::Text(s) if rights_need_token(s))
    }

    fn order(&self) -> Option<&[u32]> {
        Some(self.order)
    }

    fn snapshot(&self, cols: &[usize]) -> Arc<dyn CellSource> {
        let t = self.list.table();
        let values = cols
            .iter()
            .filter_map(|&c| {
                let v = match ProductColumn::of(c)?.field() {
                    None => Values::Shared((0..t.rows()).map(|r| self.list.shared_by(r)).collect()),
                    Some(name) => t
                        .column(name)
                        .map_or(Values::Missing, |c| Values::Field(c.clone())),
                };
                Some((c, v))
            })
            .collect();
        Arc::new(ProductsSnapshot {
            rows: t.rows(),
            values,
        })
    }

    fn detail(&self, row: usize) -> Detail {
        let t = self.list.table();
        let mut lines: Vec<(String, String)> = t
            .column_names()
            .enumerate()
            .map(|(c, name)| (name.to_string(), detail_value(name, t.cell(row, c))))
            .collect();
        lines.push((
            "shared_by".into(),
            format!("{} of the chosen observations", self.list.shared_by(row)),
        ));
        for &obsid in self.list.observations_of(row) {
            let obs_id = self
                .asked
                .iter()
                .find(|o| o.obsid == obsid)
                .and_then(|o| o.obs_id.as_deref());
            let v = match obs_id {
                Some(id) => format!("{obsid}  {id}"),
                None => obsid.to_string(),
            };
            lines.push(("listed by".into(), v));
        }
        let name = match t.get(row, "productFilename") {
            Cell::Text(s) if !s.trim().is_empty() => s.trim().to_string(),
            _ => format!("product {}", row + 1),
        };
        Detail {
            title: name,
            row,
            lines,
        }
    }
}

/// Product columns copied for a sort on the worker (a text column is one buffer, so the
/// copy is cheap).
#[derive(Debug)]
struct ProductsSnapshot {
    rows: usize,
    values: HashMap<usize, Values>,
}

#[derive(Debug)]
enum Values {
    Field(Column),
    /// How many observations list each product.
    Shared(Vec<u32>),
    /// No product has the field: every value is null.
    Missing,
}

impl CellSource for ProductsSnapshot {
    fn rows(&self) -> usize {
        self.rows
    }

    fn cell(&self, row: usize, col: usize) -> Cell<'_> {
        match self.values.get(&col) {
            Some(Values::Field(c)) => c.get(row),
            Some(Values::Shared(n)) => n.get(row).map_or(Cell::Null, |&n| Cell::Int(n.into())),
            Some(Values::Missing) | None => Cell::Null,
        }
    }

    fn is_numeric(&self, col: usize) -> bool {
        match self.values.get(&col) {
            Some(Values::Field(c)) => c.is_numeric(),
            Some(Values::Shared(_)) => true,
            _ => false,
        }
    }
}

/// Keeps the end of a long name (its suffix tells the calibration step): `…nrca1_cal.fits`.
pub fn left_elide(s: &str, width: usize) -> String {
    let n = s.chars().count();
    if n <= width || width == 0 {
        return s.to_string();
    }
    let mut out = String::from("…");
    out.extend(s.chars().skip(n - (width - 1)));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn elides_from_the_left() {
        assert_eq!(left_elide("abcdef", 6), "abcdef");
        assert_eq!(left_elide("abcdef", 4), "…def");
        assert_eq!(left_elide("abcdef", 1), "…");
    }
}
