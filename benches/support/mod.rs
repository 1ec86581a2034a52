//! Synthetic observation pages for the benchmarks (shaped like CAOM answers).
// Each benchmark uses a part of this module.
#![allow(dead_code)]
use std::sync::Arc;

use mastui::app::grid::result_set::ResultSet;
use mastui::mast::table::{Cell, Table};

const TARGETS: [&str; 6] = [
    "NGC-1068",
    "M101",
    "CAS-A",
    "GJ-1214",
    "WASP-39",
    "HD-189733",
];
const INSTRUMENTS: [&str; 4] = ["NIRCAM/IMAGE", "NIRSPEC/MSA", "MIRI/IFU", "NIRISS/SOSS"];
const FILTERS: [&str; 5] = ["F277W", "F444W", "CLEAR", "F150W", "F770W"];

pub fn page(start: usize, rows: usize) -> Table {
    let mut t = Table::default();
    for i in start..start + rows {
        let obs_id = format!(
            "jw{:05}-o{:03}_t001_nircam_clear-f277w",
            1000 + i % 3000,
            i % 997
        );
        let k = i % 7;
        t.push_row([
            ("obs_id", Cell::Text(&obs_id)),
            ("target_name", Cell::Text(TARGETS[i % TARGETS.len()])),
            (
                "obs_collection",
                Cell::Text(if k == 0 { "HST" } else { "JWST" }),
            ),
            (
                "instrument_name",
                Cell::Text(INSTRUMENTS[i % INSTRUMENTS.len()]),
            ),
            ("filters", Cell::Text(FILTERS[i % FILTERS.len()])),
            ("dataproduct_type", Cell::Text("image")),
            ("calib_level", Cell::Int((i % 4) as i64)),
            (
                "t_exptime",
                if k == 3 {
                    Cell::Null
                } else {
                    Cell::Float(100.0 + (i % 5000) as f64 * 1.5)
                },
            ),
            ("t_min", Cell::Float(59000.0 + (i % 100_000) as f64 * 0.013)),
            ("proposal_id", Cell::Text("1073")),
            ("s_ra", Cell::Float((i % 36_000) as f64 / 100.0)),
            ("s_dec", Cell::Float((i % 18_000) as f64 / 100.0 - 90.0)),
            ("obsid", Cell::Int(2_000_000_000 + i as i64)),
        ]);
    }
    t
}

/// `rows` rows in pages of 50,000, as a search would deliver them.
pub fn result_set(rows: usize) -> ResultSet {
    let mut rs = ResultSet::default();
    let mut start = 0;
    while start < rows {
        let n = (rows - start).min(50_000);
        rs.push_page(Arc::new(page(start, n)));
        start += n;
    }
    rs
}
