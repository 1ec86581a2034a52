//! Cutout sizes as people type them, and as the cutout services take them: pixels
//! (`units=px`) or an angle in degrees (`units=d`), as astroquery converts them.
use crate::mast::error::InputError;

/// The most pixels a side may ask for (the services refuse larger; this stops typos).
pub const MAX_PX: u32 = 2_000;
/// The widest angle a side may ask for.
pub const MAX_DEG: f64 = 1.0;

const FORMS: &str = "accepted: pixels `10`, `10px`, `10x20` (width x height); angles \
     `2arcmin`, `2'`, `2m`, `30arcsec`, `30\"`, `30s`, `0.05deg`, `0.05d`, `3x2arcmin`";

/// A cutout's width (`x`) and height (`y`).
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum CutoutSize {
    Pixels { x: u32, y: u32 },
    Degrees { x: f64, y: f64 },
}

impl CutoutSize {
    /// `x`, `y`, `units` as the services' parameters.
    pub fn params(&self) -> [(&'static str, String); 3] {
        match *self {
            CutoutSize::Pixels { x, y } => [
                ("x", x.to_string()),
                ("y", y.to_string()),
                ("units", "px".into()),
            ],
            CutoutSize::Degrees { x, y } => [
                ("x", x.to_string()),
                ("y", y.to_string()),
                ("units", "d".into()),
            ],
        }
    }
}

/// `10`, `10px`, `10x20`, `2arcmin`, `30"`, `0.05deg`, `3x2 arcmin`.
pub fn parse_size(text: &str) -> Result<CutoutSize, InputError> {
    let err = |what: String| InputError::new("--size", format!("{what}; {FORMS}"));
    let t = text.trim().to_lowercase();
    if t.is_empty() {
        return Err(err("no size given".into()));
    }
    let split = t
        .char_indices()
        .rev()
        .find(|&(_, c)| c.is_ascii_digit() || c == '.')
        .map_or(0, |(i, c)| i + c.len_utf8());
    let (nums, unit) = t.split_at(split);
    let unit = unit.trim();
    let scale: Option<f64> = match unit {
        "" | "px" | "pix" | "pixel" | "pixels" => None,
        "d" | "deg" | "degree" | "degrees" | "\u{b0}" => Some(1.0),
        "m" | "'" | "arcmin" | "arcmins" | "\u{2032}" => Some(1.0 / 60.0),
        "s" | "\"" | "''" | "arcsec" | "arcsecs" | "\u{2033}" => Some(1.0 / 3600.0),
        other => return Err(err(format!("unknown unit '{other}' in '{text}'"))),
    };
    let parts: Vec<&str> = nums.split(['x', '*']).map(str::trim).collect();
    if parts.is_empty() || parts.len() > 2 || parts.iter().any(|p| p.is_empty()) {
        return Err(err(format!("'{text}' is not one size or WIDTHxHEIGHT")));
    }
    let values: Vec<f64> = parts
        .iter()
        .map(|p| p.parse::<f64>().ok().filter(|v| v.is_finite()))
        .collect::<Option<_>>()
        .ok_or_else(|| err(format!("'{text}' does not hold numbers")))?;
    let (w, h) = (values[0], *values.get(1).unwrap_or(&values[0]));
    match scale {
        None => {
            let whole = |v: f64| v.fract() == 0.0 && v >= 1.0 && v <= f64::from(MAX_PX);
            if !whole(w) || !whole(h) {
                return Err(err(format!(
                    "'{text}': pixels are whole numbers from 1 to {MAX_PX}"
                )));
            }
            Ok(CutoutSize::Pixels {
                x: w as u32,
                y: h as u32,
            })
        }
        Some(s) => {
            let (x, y) = (w * s, h * s);
            if !(x > 0.0 && y > 0.0 && x <= MAX_DEG && y <= MAX_DEG) {
                return Err(err(format!(
                    "'{text}': an angle must be above 0 and at most {MAX_DEG} degree"
                )));
            }
            Ok(CutoutSize::Degrees { x, y })
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_convert_as_astroquery_does() {
        assert_eq!(parse_size("5").unwrap(), CutoutSize::Pixels { x: 5, y: 5 });
        assert_eq!(
            parse_size("3x2px").unwrap(),
            CutoutSize::Pixels { x: 3, y: 2 }
        );
        // 1' goes out as 0.016666666666666666 degrees.
        let CutoutSize::Degrees { x, y } = parse_size("1arcmin").unwrap() else {
            panic!()
        };
        assert_eq!(x.to_string(), "0.016666666666666666");
        assert_eq!(x, y);
        let CutoutSize::Degrees { x, .. } = parse_size("30\"").unwrap() else {
            panic!()
        };
        assert!((x - 30.0 / 3600.0).abs() < 1e-15);
        assert!(matches!(
            parse_size("3x2 arcmin").unwrap(),
            CutoutSize::Degrees { .. }
        ));
        for bad in [
            "",
            "0",
            "-5",
            "5.5",
            "5x",
            "x5",
            "1x2x3",
            "10 furlongs",
            "2deg",
            "abc",
            "3000",
        ] {
            let e = parse_size(bad).unwrap_err();
            assert_eq!(e.field, "--size", "{bad}");
            assert!(e.message.contains("accepted"), "{bad}: {e}");
        }
    }
}
