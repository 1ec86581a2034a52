//! Angles with units, as people type a search radius.
use super::error::InputError;

/// The largest cone MAST is asked for. Bigger cones return millions of rows and time out
/// server-side; a search that wide wants criteria, not a position.
pub const MAX_RADIUS_DEG: f64 = 30.0;

const RADIUS_FORMS: &str = "accepted forms: degrees `0.2`, `0.2d`, `0.2deg`, `0.2\u{b0}`; \
     arcminutes `12'`, `12m`, `12arcmin`; arcseconds `30\"`, `30s`, `30arcsec`";

/// Units accepted after the number (the whole suffix, lowercased, must match one), with
/// their size in degrees.
const UNITS: &[(&str, f64)] = &[
    ("", 1.0),
    ("d", 1.0),
    ("deg", 1.0),
    ("degs", 1.0),
    ("degree", 1.0),
    ("degrees", 1.0),
    ("\u{b0}", 1.0),
    ("'", 1.0 / 60.0),
    ("\u{2032}", 1.0 / 60.0),
    ("m", 1.0 / 60.0),
    ("arcmin", 1.0 / 60.0),
    ("arcmins", 1.0 / 60.0),
    ("amin", 1.0 / 60.0),
    ("\"", 1.0 / 3600.0),
    ("''", 1.0 / 3600.0),
    ("\u{2033}", 1.0 / 3600.0),
    ("s", 1.0 / 3600.0),
    ("arcsec", 1.0 / 3600.0),
    ("arcsecs", 1.0 / 3600.0),
    ("asec", 1.0 / 3600.0),
];

/// A search radius in degrees from `0.2`, `0.2d`, `12'`, `12m`, `30"`, `30s` (a space between
/// number and unit is allowed). Must be > 0 and at most [`MAX_RADIUS_DEG`].
pub fn parse_radius(text: &str) -> Result<f64, InputError> {
    let err = |what: String| InputError::new("radius", format!("{what}; {RADIUS_FORMS}"));
    let t = text.trim();
    if t.is_empty() {
        return Err(err("no radius given".into()));
    }
    let split = t
        .char_indices()
        .find(|&(_, c)| !(c.is_ascii_digit() || matches!(c, '.' | '+' | '-' | 'e' | 'E')))
        .map_or(t.len(), |(i, _)| i);
    // `e` stays with the number (`2e-1`); a dangling one (`2e`) then fails to parse.
    let (num, unit) = t.split_at(split);
    let unit = unit.trim().to_lowercase();
    let value: f64 = match num.parse::<f64>() {
        Ok(v) if v.is_finite() => v,
        _ => return Err(err(format!("'{t}' does not start with a number"))),
    };
    let Some(&(_, scale)) = UNITS.iter().find(|(u, _)| *u == unit) else {
        return Err(err(format!("unknown unit '{unit}' in '{t}'")));
    };
    let deg = value * scale;
    if deg <= 0.0 {
        return Err(err(format!(
            "the radius must be greater than zero, got '{t}'"
        )));
    }
    if deg > MAX_RADIUS_DEG {
        return Err(InputError::new(
            "radius",
            format!(
                "'{t}' is {deg} degrees; the largest radius allowed is {MAX_RADIUS_DEG} degrees \
                 (wider searches should use criteria such as obs_collection instead)"
            ),
        ));
    }
    Ok(deg)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn close(a: f64, b: f64) -> bool {
        (a - b).abs() < 1e-12
    }

    #[test]
    fn degrees_by_default_and_with_units() {
        for s in [
            "0.2",
            "0.2d",
            "0.2deg",
            "0.2\u{b0}",
            " 0.2 deg ",
            "0.2 degrees",
            "2e-1",
        ] {
            assert!(close(parse_radius(s).unwrap(), 0.2), "{s}");
        }
    }

    #[test]
    fn arcminutes() {
        for s in [
            "12'",
            "12m",
            "12arcmin",
            "12 arcmin",
            "12\u{2032}",
            "12 AMIN",
        ] {
            assert!(close(parse_radius(s).unwrap(), 0.2), "{s}");
        }
    }

    #[test]
    fn arcseconds() {
        for s in ["36\"", "36s", "36arcsec", "36''", "36\u{2033}", "36 ASEC"] {
            assert!(close(parse_radius(s).unwrap(), 0.01), "{s}");
        }
    }

    #[test]
    fn refuses_zero_negative_and_huge() {
        for s in ["0", "-1", "0'", "-3s"] {
            let e = parse_radius(s).unwrap_err();
            assert_eq!(e.field, "radius");
            assert!(
                e.message.contains("greater than zero"),
                "{s}: {}",
                e.message
            );
        }
        let e = parse_radius("31").unwrap_err();
        assert!(e.message.contains("30 degrees"), "{}", e.message);
        assert!(parse_radius("30").is_ok());
        assert!(parse_radius("1801'").is_err());
    }

    #[test]
    fn refuses_garbage_with_the_accepted_forms() {
        for s in [
            "",
            "  ",
            "abc",
            "12 furlongs",
            "1.2.3",
            "nan",
            "inf",
            "12x",
            "--1",
            "2e",
        ] {
            let e = parse_radius(s).unwrap_err();
            assert_eq!(e.field, "radius");
            assert!(e.message.contains("accepted forms"), "{s}: {}", e.message);
        }
    }
}
