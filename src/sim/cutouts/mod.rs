//! The cutout services of the simulated archive (PROTOCOL-MORE.md section 3): TESScut's
//! sector lists and target pixel files, Zcut's deep-field surveys and HAPcut's Hubble
//! images, each cutout a zip of valid FITS files whose images have exactly the pixels asked
//! for. Everything is a pure function of the request, so a client can check what it got.

pub mod deep;
pub mod fits_write;
pub mod hap;
pub mod tess;
pub mod zip_out;

/// Parameters of one cutout call, from a query string, a form or a JSON body alike.
#[derive(Debug, Clone, Default)]
pub struct Params {
    pairs: Vec<(String, String)>,
}

impl Params {
    pub fn from_pairs(pairs: Vec<(String, String)>) -> Params {
        Params { pairs }
    }

    /// A JSON object's keys (lists repeat the key, as a form does).
    pub fn from_json(v: &serde_json::Value) -> Params {
        let mut pairs = Vec::new();
        if let Some(obj) = v.as_object() {
            for (k, v) in obj {
                let one = |x: &serde_json::Value| match x {
                    serde_json::Value::String(s) => Some(s.clone()),
                    serde_json::Value::Number(n) => Some(n.to_string()),
                    serde_json::Value::Bool(b) => Some(b.to_string()),
                    _ => None,
                };
                match v {
                    serde_json::Value::Array(a) => {
                        pairs.extend(a.iter().filter_map(one).map(|s| (k.clone(), s)));
                    }
                    other => pairs.extend(one(other).map(|s| (k.clone(), s))),
                }
            }
        }
        Params { pairs }
    }

    pub fn into_pairs(self) -> Vec<(String, String)> {
        self.pairs
    }

    pub fn get(&self, key: &str) -> Option<&str> {
        self.pairs
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.trim())
    }

    pub fn all(&self, key: &str) -> Vec<&str> {
        self.pairs
            .iter()
            .filter(|(k, _)| k == key)
            .map(|(_, v)| v.trim())
            .collect()
    }

    fn number(&self, key: &str) -> Result<Option<f64>, String> {
        match self.get(key) {
            None | Some("") => Ok(None),
            Some(v) => v
                .parse::<f64>()
                .ok()
                .filter(|x| x.is_finite())
                .map(Some)
                .ok_or_else(|| format!("{key}={v} is not a number")),
        }
    }

    /// `ra`, `dec` in degrees.
    pub fn position(&self) -> Result<(f64, f64), String> {
        let ra = self.number("ra")?.ok_or("ra is required (degrees)")?;
        let dec = self.number("dec")?.ok_or("dec is required (degrees)")?;
        if !(0.0..360.0).contains(&ra) || !(-90.0..=90.0).contains(&dec) {
            return Err(format!(
                "ra={ra}, dec={dec} is not a sky position (0 <= ra < 360, -90 <= dec <= 90)"
            ));
        }
        Ok((ra, dec))
    }

    /// `radius` in degrees (0 when absent).
    pub fn radius_deg(&self) -> Result<f64, String> {
        let r = self.number("radius")?.unwrap_or(0.0);
        if !(0.0..=10.0).contains(&r) {
            return Err(format!("radius={r} is outside 0..10 degrees"));
        }
        Ok(r)
    }

    /// The cutout's width and height in pixels of `scale_arcsec`, from `x`, `y` and `units`
    /// (`px`, or angles: `d` degrees, `m` arcmin, `s` arcsec); at most `max` a side.
    pub fn size_px(&self, scale_arcsec: f64, max: usize) -> Result<(usize, usize), String> {
        let units = self.get("units").unwrap_or("px").to_ascii_lowercase();
        let per_px = match units.as_str() {
            "px" | "pixel" | "pixels" => None,
            "d" | "deg" => Some(3600.0),
            "m" | "arcmin" => Some(60.0),
            "s" | "arcsec" => Some(1.0),
            other => {
                return Err(format!(
                    "units={other} is not one of px, d (degrees), m (arcmin), s (arcsec)"
                ));
            }
        };
        let side = |key: &str| -> Result<usize, String> {
            let v = self.number(key)?.unwrap_or(5.0);
            let px = match per_px {
                None => v.round(),
                Some(arcsec_per_unit) => (v * arcsec_per_unit / scale_arcsec).round(),
            };
            if v.is_nan() || v <= 0.0 || px < 1.0 || px > max as f64 {
                return Err(format!(
                    "{key}={v} {units} is {px} pixels of {scale_arcsec}\"; a side must be 1 to \
                     {max} pixels"
                ));
            }
            Ok(px as usize)
        };
        let x = side("x")?;
        let y = match self.get("y") {
            None | Some("") => x,
            _ => side("y")?,
        };
        Ok((x, y))
    }
}

/// `107.27`, `-70.0`: a coordinate as astrocut writes it in file names.
pub fn coord_text(x: f64) -> String {
    let r = crate::sim::rng::round_to(x, 6);
    let mut s = format!("{r}");
    if !s.contains('.') {
        s.push_str(".0");
    }
    s
}

/// A deterministic pseudo-random value in [0, 1) for (seed, i).
pub fn noise(seed: u64, i: u64) -> f32 {
    (crate::sim::rng::hash2(seed, i) >> 40) as f32 / (1u64 << 24) as f32
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(q: &str) -> Params {
        Params::from_pairs(crate::sim::routes::form::pairs(q))
    }

    #[test]
    fn sizes_convert_as_the_protocol_says() {
        assert_eq!(p("x=5&y=3&units=px").size_px(21.0, 100), Ok((5, 3)));
        assert_eq!(p("x=5").size_px(21.0, 100), Ok((5, 5)));
        // 1 arcmin of 21" pixels is 3 pixels; 5" of 0.12" pixels is 42.
        assert_eq!(
            p("x=0.016666666666666666&y=0.016666666666666666&units=d").size_px(21.0, 100),
            Ok((3, 3))
        );
        assert_eq!(p("x=5&units=s").size_px(0.12, 1000), Ok((42, 42)));
        assert!(p("x=0").size_px(21.0, 100).is_err());
        assert!(p("x=500").size_px(21.0, 100).is_err());
        assert!(p("x=5&units=furlong").size_px(21.0, 100).is_err());
        assert!(p("ra=400&dec=0").position().is_err());
        assert_eq!(coord_text(-70.0), "-70.0");
        assert_eq!(coord_text(107.27), "107.27");
    }
}
