//! Catalog sources on the sky view: the catalog pane's rows, by the position columns of the
//! catalog they came from, drawn over the observations (a TIC star beside the footprints
//! that caught it).
use crate::app::panes::catalog::CatalogPane;

#[derive(Debug, Clone, PartialEq)]
pub struct Sources {
    /// `TIC`, `Gaia DR3`: the legend's name.
    pub label: &'static str,
    /// Each source's (RA, Dec) in degrees; rows without a position are left out.
    pub points: Vec<(f64, f64)>,
}

impl Sources {
    /// The catalog pane's sources, or None before any catalog search (or with no rows).
    pub fn of(catalog: &CatalogPane) -> Option<Sources> {
        let c = catalog.catalog()?;
        let (ra_col, dec_col) = c.position_columns();
        let data = &catalog.table.data;
        let (ra, dec) = (data.column_index(ra_col)?, data.column_index(dec_col)?);
        let points: Vec<(f64, f64)> = (0..data.rows())
            .filter_map(|r| Some((data.cell(r, ra).as_f64()?, data.cell(r, dec).as_f64()?)))
            .filter(|(ra, dec)| ra.is_finite() && dec.is_finite() && dec.abs() <= 90.0)
            .collect();
        (!points.is_empty()).then_some(Sources {
            label: catalog.name(),
            points,
        })
    }
}
