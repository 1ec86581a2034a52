//! Coordinates and radii as people type them.
use mastui::mast::angle::{MAX_RADIUS_DEG, parse_radius};
use mastui::mast::coords::{SkyCoord, parse_coords};
use proptest::prelude::*;

use crate::{any_text, config, text_of};

const COORD_PIECES: &[&str] = &[
    "0", "1", "2", "5", "9", "10", "23", "24", "59", "60", "90", "180", "359", "360", ".", ".5",
    ":", " ", "  ", ",", "+", "-", "\u{2212}", "h", "m", "s", "d", "deg", "\u{b0}", "'", "''",
    "\"", "\u{2032}", "\u{2033}", "e", "E", "inf", "nan", "\t",
];

const RADIUS_PIECES: &[&str] = &[
    "0", "1", "2", "12", "30", "36", ".", "-", "+", "e", "E", "-1", "d", "deg", "'", "m", "s",
    "\"", "''", "arcmin", "arcsec", "\u{b0}", " ", "inf", "nan",
];

proptest! {
    #![proptest_config(config(3000))]

    #[test]
    fn any_coordinate_text_is_read_or_refused_in_range(text in prop_oneof![
        text_of(COORD_PIECES, 24),
        any_text(40),
    ]) {
        match parse_coords(&text) {
            Ok(c) => {
                prop_assert!(c.ra.is_finite() && (0.0..360.0).contains(&c.ra), "{text:?} -> {c:?}");
                prop_assert!(c.dec.is_finite() && (-90.0..=90.0).contains(&c.dec), "{text:?} -> {c:?}");
            }
            Err(e) => {
                prop_assert_eq!(e.field.as_str(), "coordinates");
                prop_assert!(e.message.contains("accepted forms"), "{}", e.message);
            }
        }
    }

    #[test]
    fn printed_coordinates_read_back(ra in 0.0f64..360.0, dec in -90.0f64..=90.0) {
        let c = SkyCoord::new(ra, dec).unwrap();
        // Decimal degrees to six places, and sexagesimal to the millisecond / 0.01".
        let back = parse_coords(&c.to_string()).unwrap();
        prop_assert!(ra_close(back.ra, ra, 1e-6) && (back.dec - dec).abs() <= 1e-6, "{c} -> {back:?}");
        let sexa = c.to_sexagesimal();
        let back = parse_coords(&sexa).unwrap_or_else(|e| panic!("{sexa}: {e}"));
        prop_assert!(ra_close(back.ra, ra, 1e-5) && (back.dec - dec).abs() <= 1e-5, "{sexa} -> {back:?}");
    }

    #[test]
    fn any_radius_text_is_read_or_refused_in_range(text in prop_oneof![
        text_of(RADIUS_PIECES, 8),
        any_text(20),
    ]) {
        match parse_radius(&text) {
            Ok(r) => prop_assert!(r.is_finite() && r > 0.0 && r <= MAX_RADIUS_DEG, "{text:?} -> {r}"),
            Err(e) => prop_assert_eq!(e.field.as_str(), "radius"),
        }
    }

    #[test]
    fn radii_with_units_read_back(
        n in 1u32..100_000,
        (unit, per_degree) in prop::sample::select(vec![("", 1.0), ("d", 1.0), ("'", 60.0), ("m", 60.0), ("\"", 3600.0), ("s", 3600.0)]),
    ) {
        let value = f64::from(n) / 1000.0;
        let deg = value / per_degree;
        let text = format!("{value}{unit}");
        match parse_radius(&text) {
            Ok(r) => prop_assert!((r - deg).abs() <= 1e-12 * deg.max(1.0), "{text} -> {r}"),
            Err(e) => prop_assert!(deg > MAX_RADIUS_DEG, "{text}: {e}"),
        }
    }
}

/// RA compared on the circle: 359.9999999 and 0 are neighbours.
fn ra_close(a: f64, b: f64, tol: f64) -> bool {
    let d = (a - b).abs();
    d.min(360.0 - d) <= tol
}
