//! Cell values as the detail overlay shows them (dates beside MJDs, readable sizes).
use crate::common::format::human_bytes;
use crate::mast::dates::mjd_to_iso;
use crate::mast::table::Cell;

/// Columns that hold MJD times in CAOM.
pub fn is_mjd_column(name: &str) -> bool {
    matches!(name, "t_min" | "t_max" | "t_obs_release")
}

/// Columns that hold byte sizes.
pub fn is_size_column(name: &str) -> bool {
    name == "size" || name.ends_with("_size")
}

/// A cell for the detail overlay: the value, with an ISO date beside an MJD and a readable
/// size beside a byte count.
pub fn detail_value(name: &str, cell: Cell<'_>) -> String {
    let raw = cell.to_string();
    if is_mjd_column(name)
        && let Some(mjd) = cell.as_f64()
    {
        return format!("{raw}  ({} UTC)", mjd_to_iso(mjd));
    }
    if is_size_column(name)
        && let Some(n) = cell.as_i64()
        && n >= 0
    {
        return format!("{raw}  ({})", human_bytes(n as u64));
    }
    raw
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn details() {
        assert_eq!(detail_value("size", Cell::Int(2880)), "2880  (2.88 kB)");
        assert_eq!(detail_value("obs_id", Cell::Text("a")), "a");
    }
}
