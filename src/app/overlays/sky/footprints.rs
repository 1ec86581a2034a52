//! A result set's positions and footprints, parsed once from `s_ra`, `s_dec` and
//! `s_region`, grouped by a column (collection or instrument) for colours and the legend.
use crate::app::grid::result_set::ResultSet;
use crate::mast::footprint::{Shape, parse};
use crate::mast::table::Cell;
use crate::sky::separation;

/// One row on the sky.
#[derive(Debug, Clone, PartialEq)]
pub struct Footprint {
    pub row: usize,
    pub ra: f64,
    pub dec: f64,
    pub shapes: Vec<Shape>,
    /// Index into `Footprints::groups`.
    pub group: usize,
    /// How far the shapes reach from the position, in degrees (to leave out what is off the
    /// view without projecting every vertex).
    pub extent: f64,
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct Footprints {
    pub items: Vec<Footprint>,
    /// The grouping column's values, in order of first appearance.
    pub groups: Vec<String>,
    /// The column grouped by.
    pub by: String,
    /// Rows looked at (rows added later are not in `items`).
    pub rows: usize,
    /// Rows whose `s_region` could not be read (drawn as points).
    pub unreadable: usize,
}

/// Every row of `data` with a position, grouped by the column `by`.
pub fn build(data: &ResultSet, by: &str) -> Footprints {
    let col = |n: &str| data.column_index(n);
    let (ra_c, dec_c, region_c, by_c) = (col("s_ra"), col("s_dec"), col("s_region"), col(by));
    let mut out = Footprints {
        by: by.to_string(),
        rows: data.rows(),
        ..Footprints::default()
    };
    let (Some(ra_c), Some(dec_c)) = (ra_c, dec_c) else {
        return out;
    };
    for row in 0..data.rows() {
        let (Some(ra), Some(dec)) = (
            data.cell(row, ra_c).as_f64(),
            data.cell(row, dec_c).as_f64(),
        ) else {
            continue;
        };
        if !ra.is_finite() || !(-90.0..=90.0).contains(&dec) {
            continue;
        }
        let shapes = match region_c.map(|c| data.cell(row, c)) {
            Some(Cell::Text(s)) => parse(s).unwrap_or_else(|_| {
                out.unreadable += 1;
                Vec::new()
            }),
            _ => Vec::new(),
        };
        let label = match by_c.map(|c| data.cell(row, c)) {
            Some(Cell::Text(s)) if !s.trim().is_empty() => s.trim().to_string(),
            Some(Cell::Null) | None => "(none)".to_string(),
            Some(other) => other.to_string(),
        };
        let group = match out.groups.iter().position(|g| *g == label) {
            Some(i) => i,
            None => {
                out.groups.push(label);
                out.groups.len() - 1
            }
        };
        let ra = ra.rem_euclid(360.0);
        let extent = shapes
            .iter()
            .map(|s| match s {
                Shape::Polygon(v) => v
                    .iter()
                    .map(|&(r, d)| separation(ra, dec, r, d))
                    .fold(0.0, f64::max),
                Shape::Circle {
                    ra: r,
                    dec: d,
                    radius,
                } => separation(ra, dec, *r, *d) + radius,
            })
            .fold(0.0, f64::max);
        out.items.push(Footprint {
            row,
            ra,
            dec,
            shapes,
            group,
            extent,
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use super::*;
    use crate::mast::table::Table;

    #[test]
    fn positions_shapes_and_groups() {
        let mut t = Table::default();
        let rows: [(f64, f64, Option<&str>, &str); 4] = [
            (10.0, 20.0, Some("POLYGON 10 20 10.1 20 10.1 20.1"), "HST"),
            (11.0, 21.0, Some("CIRCLE ICRS 11 21 0.1"), "JWST"),
            (12.0, 22.0, Some("garbage"), "HST"),
            (13.0, 23.0, None, "TESS"),
        ];
        for (ra, dec, region, coll) in rows {
            t.push_row([
                ("s_ra", Cell::Float(ra)),
                ("s_dec", Cell::Float(dec)),
                ("s_region", region.map_or(Cell::Null, Cell::Text)),
                ("obs_collection", Cell::Text(coll)),
            ]);
        }
        let mut rs = ResultSet::default();
        rs.push_page(Arc::new(t));
        let f = build(&rs, "obs_collection");
        assert_eq!(f.items.len(), 4);
        assert_eq!(f.groups, ["HST", "JWST", "TESS"]);
        assert_eq!(f.items[2].group, 0);
        assert_eq!(f.unreadable, 1);
        assert!(f.items[2].shapes.is_empty() && f.items[3].shapes.is_empty());
        assert_eq!(f.items[1].shapes.len(), 1);
    }
}
