//! Numbers and values as people read them.
use crate::mast::dates::mjd_to_iso;
use crate::mast::table::Cell;

/// `51796` -> `51,796`.
pub fn thousands(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, ch) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(ch);
    }
    out
}

/// Bytes in decimal units, as archives quote them: `1.2 GB`.
pub fn human_bytes(n: u64) -> String {
    const UNITS: [&str; 6] = ["B", "kB", "MB", "GB", "TB", "PB"];
    let mut v = n as f64;
    let mut unit = 0;
    while v >= 1000.0 && unit < UNITS.len() - 1 {
        v /= 1000.0;
        unit += 1;
    }
    if unit == 0 {
        format!("{n} B")
    } else if v < 10.0 {
        format!("{v:.2} {}", UNITS[unit])
    } else if v < 100.0 {
        format!("{v:.1} {}", UNITS[unit])
    } else {
        format!("{v:.0} {}", UNITS[unit])
    }
}

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
    fn thousands_separators() {
        assert_eq!(thousands(0), "0");
        assert_eq!(thousands(999), "999");
        assert_eq!(thousands(1204), "1,204");
        assert_eq!(thousands(51796), "51,796");
        assert_eq!(thousands(1234567), "1,234,567");
    }

    #[test]
    fn sizes() {
        assert_eq!(human_bytes(512), "512 B");
        assert_eq!(human_bytes(1_234_567), "1.23 MB");
        assert_eq!(human_bytes(2_880_000_000), "2.88 GB");
        assert_eq!(human_bytes(45_000), "45.0 kB");
        assert_eq!(detail_value("size", Cell::Int(2880)), "2880  (2.88 kB)");
        assert_eq!(detail_value("obs_id", Cell::Text("a")), "a");
    }
}
