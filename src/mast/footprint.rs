//! Footprints as MAST writes them in `s_region` (STC-S): one or more `POLYGON` (RA/Dec
//! vertex pairs, in degrees) and `CIRCLE` (centre and radius), each optionally naming its
//! frame (`ICRS`, `FK5`, `J2000`, ...). Several shapes in one string are separate parts of
//! the footprint (a mosaic, the detectors of an instrument). Kept by hand: MAST writes a
//! small subset of STC-S and no maintained crate parses it.
use std::fmt;

/// One part of a footprint.
#[derive(Debug, Clone, PartialEq)]
pub enum Shape {
    /// Vertices (RA, Dec) in degrees, in order; the last joins the first.
    Polygon(Vec<(f64, f64)>),
    Circle {
        ra: f64,
        dec: f64,
        radius: f64,
    },
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FootprintError(pub String);

impl fmt::Display for FootprintError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "s_region: {}", self.0)
    }
}

/// Frames MAST writes; positions in them are taken as ICRS (they differ by far less than a
/// pixel of a terminal).
const FRAMES: &[&str] = &[
    "ICRS",
    "FK5",
    "FK4",
    "J2000",
    "GEOCENTER",
    "BARYCENTER",
    "TOPOCENTER",
    "UNKNOWNFRAME",
    "CARTESIAN2",
    "SPHERICAL2",
];

/// Parses an `s_region`; an empty one is no footprint.
pub fn parse(s_region: &str) -> Result<Vec<Shape>, FootprintError> {
    let mut tokens = s_region.split_whitespace().peekable();
    let mut out = Vec::new();
    while let Some(word) = tokens.next() {
        let kind = word.to_ascii_uppercase();
        if kind != "POLYGON" && kind != "CIRCLE" {
            return Err(FootprintError(format!(
                "'{word}' is not a shape (POLYGON or CIRCLE)"
            )));
        }
        while tokens
            .peek()
            .is_some_and(|t| FRAMES.contains(&t.to_ascii_uppercase().as_str()))
        {
            tokens.next();
        }
        let mut numbers = Vec::new();
        while let Some(t) = tokens.peek() {
            let Ok(v) = t.parse::<f64>() else { break };
            if !v.is_finite() {
                return Err(FootprintError(format!("'{t}' is not a finite number")));
            }
            numbers.push(v);
            tokens.next();
        }
        out.push(shape(&kind, &numbers)?);
    }
    Ok(out)
}

fn shape(kind: &str, n: &[f64]) -> Result<Shape, FootprintError> {
    let dec_ok = |d: f64| (-90.0..=90.0).contains(&d);
    if kind == "CIRCLE" {
        let &[ra, dec, radius] = n else {
            return Err(FootprintError(format!(
                "CIRCLE takes RA, Dec and a radius, not {} numbers",
                n.len()
            )));
        };
        if !dec_ok(dec) || !(0.0..=180.0).contains(&radius) {
            return Err(FootprintError(format!(
                "CIRCLE {ra} {dec} {radius} is off the sky"
            )));
        }
        return Ok(Shape::Circle {
            ra: ra.rem_euclid(360.0),
            dec,
            radius,
        });
    }
    if n.len() < 6 || !n.len().is_multiple_of(2) {
        return Err(FootprintError(format!(
            "POLYGON takes at least three RA/Dec pairs, not {} numbers",
            n.len()
        )));
    }
    let vertices: Vec<(f64, f64)> = n
        .chunks(2)
        .map(|p| (p[0].rem_euclid(360.0), p[1]))
        .collect();
    if let Some((_, d)) = vertices.iter().find(|(_, d)| !dec_ok(*d)) {
        return Err(FootprintError(format!("Dec {d} is off the sky")));
    }
    Ok(Shape::Polygon(vertices))
}

/// The radius (degrees) of the smallest circle about (`ra`, `dec`) holding every shape:
/// how far from an observation's centre its footprint reaches. None for no shape.
pub fn reach(shapes: &[Shape], ra: f64, dec: f64) -> Option<f64> {
    let centre = super::coords::SkyCoord { ra, dec };
    let far = |ra: f64, dec: f64| centre.separation(super::coords::SkyCoord { ra, dec });
    shapes
        .iter()
        .map(|s| match s {
            Shape::Polygon(v) => v.iter().map(|&(r, d)| far(r, d)).fold(0.0, f64::max),
            Shape::Circle { ra, dec, radius } => far(*ra, *dec) + radius,
        })
        .filter(|r| r.is_finite())
        .reduce(f64::max)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn real_s_regions() {
        // HST (ICRS, two parts), JWST (no frame), TESS (a circle), mixed case.
        let hst = "POLYGON ICRS 53.08 -27.80 53.10 -27.79 53.11 -27.82 53.09 -27.83 \
                   POLYGON ICRS 53.12 -27.80 53.14 -27.79 53.15 -27.82";
        let parts = parse(hst).unwrap();
        assert_eq!(parts.len(), 2);
        assert!(matches!(&parts[0], Shape::Polygon(v) if v.len() == 4));
        assert_eq!(
            parse("CIRCLE ICRS 210.80 54.35 0.1").unwrap(),
            [Shape::Circle {
                ra: 210.8,
                dec: 54.35,
                radius: 0.1
            }]
        );
        assert_eq!(parse("polygon 359.9 1 0.1 1 0.1 2").unwrap().len(), 1);
        assert_eq!(parse("POLYGON J2000 -0.5 1 0.5 1 0.5 2").unwrap().len(), 1);
        assert_eq!(parse("  ").unwrap(), []);
        // RA is taken round the circle: -0.5 is 359.5.
        let Shape::Polygon(v) = &parse("POLYGON -0.5 1 0.5 1 0.5 2").unwrap()[0] else {
            panic!("polygon")
        };
        assert_eq!(v[0], (359.5, 1.0));
    }

    #[test]
    fn malformed_ones_are_refused() {
        for bad in [
            "POLYGON 1 2 3 4",
            "POLYGON 1 2 3 4 5",
            "CIRCLE 1 2",
            "BOX 1 2 3 4",
            "POLYGON 1 95 2 3 4 5",
            "CIRCLE 1 2 -3",
            "POLYGON 1 2 3 4 5 NaN",
            "POLYGON ICRS x 2 3 4 5 6",
        ] {
            assert!(parse(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn reach_is_the_farthest_vertex_or_circle_edge() {
        let shapes = parse("POLYGON 10 0 10.1 0 10.1 0.1 10 0.1 CIRCLE 10 0.5 0.05").unwrap();
        let r = reach(&shapes, 10.0, 0.0).unwrap();
        assert!((r - 0.55).abs() < 1e-6, "{r}");
        assert_eq!(reach(&[], 10.0, 0.0), None);
    }
}
