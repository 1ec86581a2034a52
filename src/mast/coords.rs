//! Sky coordinates as people type them.
//!
//! RA and Dec are first split apart (a comma, a sign, a degree marker, or the middle of the
//! tokens), then each is read as decimal degrees, colon or space separated sexagesimal, or
//! letter form (`10h08m48.5s`, `54d20m55s`, `54°20′55″`).
use std::fmt;

use super::error::InputError;

/// ICRS position in decimal degrees.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct SkyCoord {
    pub ra: f64,
    pub dec: f64,
}

impl SkyCoord {
    /// A position from decimal degrees, checked: RA in [0, 360), Dec in [-90, 90].
    pub fn new(ra: f64, dec: f64) -> Result<SkyCoord, InputError> {
        check_ra_deg(ra, &ra.to_string())?;
        check_dec_deg(dec, &dec.to_string())?;
        Ok(SkyCoord { ra, dec })
    }

    /// Great-circle distance to `other` in degrees (haversine: exact for small angles).
    pub fn separation(&self, other: SkyCoord) -> f64 {
        let (d1, d2) = (self.dec.to_radians(), other.dec.to_radians());
        let dra = (other.ra - self.ra).to_radians();
        let a = ((d2 - d1) / 2.0).sin().powi(2) + d1.cos() * d2.cos() * (dra / 2.0).sin().powi(2);
        2.0 * a.sqrt().min(1.0).asin().to_degrees()
    }

    /// `14:03:12.583 +54:20:55.50`: RA in hours to the millisecond, Dec to 0.01".
    pub fn to_sexagesimal(&self) -> String {
        // Rounded in integer units so that 59.9996 s never shows as 60.000.
        let ms = (self.ra.rem_euclid(360.0) / 15.0 * 3_600_000.0).round() as i64 % 86_400_000;
        let (h, m, s, ms) = (ms / 3_600_000, ms / 60_000 % 60, ms / 1000 % 60, ms % 1000);
        let sign = if self.dec < 0.0 { '-' } else { '+' };
        let cs = (self.dec.abs().min(90.0) * 360_000.0).round() as i64;
        let (d, dm, ds, dcs) = (cs / 360_000, cs / 6000 % 60, cs / 100 % 60, cs % 100);
        format!("{h:02}:{m:02}:{s:02}.{ms:03} {sign}{d:02}:{dm:02}:{ds:02}.{dcs:02}")
    }
}

/// Decimal degrees, `210.802429 +54.348750` (six decimals: about 4 milliarcseconds).
impl fmt::Display for SkyCoord {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:.6} {:+.6}", self.ra, self.dec)
    }
}

const FORMS: &str = "accepted forms: decimal degrees `210.8 54.35` or `210.8, +54.35`; \
     sexagesimal RA in hours and Dec in degrees `10:08:48.5 +54:20:55` or `10 08 48.5 +54 20 55`; \
     letters `10h08m48.5s +54d20m55s` or `10h08m48.5s +54\u{b0}20\u{2032}55\u{2033}`";

fn input_error(what: impl fmt::Display) -> InputError {
    InputError::new("coordinates", format!("{what}; {FORMS}"))
}

/// `210.8 54.35`, `10:08:48.5 +54:20:55`, `10h08m48.5s +54d20m55s`, comma separated too.
pub fn parse_coords(text: &str) -> Result<SkyCoord, InputError> {
    // The typographic minus is what copy-paste from papers and SIMBAD often brings.
    let t = text.trim().replace('\u{2212}', "-");
    if t.is_empty() {
        return Err(input_error("no coordinates given"));
    }
    let (ra_text, dec_text) = split_ra_dec(&t)?;
    let ra = parse_ra(&ra_text)?;
    let dec = parse_dec(&dec_text)?;
    Ok(SkyCoord { ra, dec })
}

fn has_degree_marker(token: &str) -> bool {
    token.contains(['d', '\u{b0}'])
}

/// Splits the text into its RA and Dec parts.
fn split_ra_dec(t: &str) -> Result<(String, String), InputError> {
    if let Some((a, b)) = t.split_once(',') {
        if b.contains(',') {
            return Err(input_error(format!("'{t}' has more than one comma")));
        }
        let (a, b) = (a.trim(), b.trim());
        if a.is_empty() || b.is_empty() {
            return Err(input_error(format!("'{t}' needs both RA and Dec")));
        }
        return Ok((a.to_string(), b.to_string()));
    }
    let tokens: Vec<&str> = t.split_whitespace().collect();
    let at = match tokens.len() {
        0 => return Err(input_error("no coordinates given")),
        1 => {
            // `10:08:48.5+54:20:55`, as in IAU-style designations: the sign starts the Dec.
            let token = tokens[0];
            return match token
                .char_indices()
                .skip(1)
                .find(|&(_, c)| c == '+' || c == '-')
            {
                Some((i, _)) => Ok((token[..i].to_string(), token[i..].to_string())),
                None => Err(input_error(format!(
                    "'{t}' is one value; give both RA and Dec"
                ))),
            };
        }
        2 => 1,
        n => {
            let signed = tokens
                .iter()
                .skip(1)
                .position(|s| s.starts_with(['+', '-']))
                .map(|i| i + 1);
            let marked = tokens
                .iter()
                .rposition(|s| has_degree_marker(s))
                .filter(|&i| i > 0);
            match signed.or(marked) {
                Some(i) => i,
                None if n % 2 == 0 => n / 2,
                None => {
                    return Err(input_error(format!(
                        "cannot tell where RA ends and Dec starts in '{t}' \
                         (use a comma or sign the Dec)"
                    )));
                }
            }
        }
    };
    Ok((tokens[..at].join(" "), tokens[at..].join(" ")))
}

/// What the first number of a component counts.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Lead {
    /// No unit: decimal degrees if alone, otherwise sexagesimal (hours for RA).
    Bare,
    Hours,
    Degrees,
}

/// One component as read: sign, up to three numbers (unit, minutes, seconds) and the unit of
/// the first.
#[derive(Debug)]
struct Component {
    negative: bool,
    parts: Vec<f64>,
    lead: Lead,
}

/// `\d+(\.\d*)?` or `\.\d+`: no signs, exponents, `inf` or `nan` inside a coordinate.
fn parse_unsigned(s: &str) -> Option<f64> {
    let digits = s.chars().filter(char::is_ascii_digit).count();
    let dots = s.chars().filter(|&c| c == '.').count();
    if digits == 0 || dots > 1 || digits + dots != s.chars().count() {
        return None;
    }
    s.parse().ok()
}

fn parse_component(what: &str, text: &str) -> Result<Component, InputError> {
    let text = text.trim();
    let (negative, body) = match text.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, text.strip_prefix('+').unwrap_or(text)),
    };
    let body = body.trim_start();
    let bad = || {
        input_error(format!(
            "{what} '{text}' is not a number or sexagesimal value"
        ))
    };
    if body.is_empty() {
        return Err(bad());
    }
    let is_letter_form = body
        .chars()
        .any(|c| c.is_alphabetic() || matches!(c, '\u{b0}' | '\'' | '"' | '\u{2032}' | '\u{2033}'));
    if is_letter_form {
        return parse_letter_form(what, text, negative, body);
    }
    let pieces: Vec<&str> = if body.contains(':') {
        body.split(':').map(str::trim).collect()
    } else {
        body.split_whitespace().collect()
    };
    if pieces.len() > 3 {
        return Err(input_error(format!(
            "{what} '{text}' has more than three parts"
        )));
    }
    let parts = pieces
        .iter()
        .map(|p| parse_unsigned(p))
        .collect::<Option<Vec<f64>>>()
        .ok_or_else(bad)?;
    Ok(Component {
        negative,
        parts,
        lead: Lead::Bare,
    })
}

/// `10h08m48.5s`, `54d20m55s`, `54°20′55″`, `54°20'55''`, `210.8deg`, with optional spaces.
fn parse_letter_form(
    what: &str,
    text: &str,
    negative: bool,
    body: &str,
) -> Result<Component, InputError> {
    let mut parts = Vec::new();
    let mut lead = Lead::Bare;
    let mut chars = body.chars().peekable();
    loop {
        while chars.next_if(|c| c.is_whitespace()).is_some() {}
        if chars.peek().is_none() {
            break;
        }
        let mut number = String::new();
        while let Some(c) = chars.next_if(|c| c.is_ascii_digit() || *c == '.') {
            number.push(c);
        }
        let Some(value) = parse_unsigned(&number) else {
            return Err(input_error(format!(
                "{what} '{text}': expected a number where '{}' is",
                chars.peek().map_or(String::new(), |c| c.to_string())
            )));
        };
        while chars.next_if(|c| c.is_whitespace()).is_some() {}
        let mut unit = String::new();
        if let Some(c) = chars.next_if(|c| c.is_alphabetic()) {
            unit.push(c);
            while let Some(c) = chars.next_if(|c| c.is_alphabetic()) {
                unit.push(c);
            }
        } else if let Some(c) = chars.next_if(|c| !c.is_ascii_digit() && *c != '.') {
            unit.push(c);
            // Two apostrophes are the ASCII spelling of seconds of arc.
            if c == '\'' && chars.next_if_eq(&'\'').is_some() {
                unit.push('\'');
            }
        }
        let position = match unit.to_lowercase().as_str() {
            "h" => Some((0, Lead::Hours)),
            "d" | "deg" | "\u{b0}" => Some((0, Lead::Degrees)),
            "m" | "'" | "\u{2032}" => Some((1, Lead::Bare)),
            "s" | "\"" | "''" | "\u{2033}" => Some((2, Lead::Bare)),
            // A trailing bare number counts as the next unit down (`10h08m48.5`).
            "" => None,
            other => {
                return Err(input_error(format!(
                    "{what} '{text}': unknown unit '{other}'"
                )));
            }
        };
        let expected = parts.len();
        match position {
            Some((0, l)) if expected == 0 => lead = l,
            Some((pos, _)) if pos == expected => {}
            Some(_) => {
                return Err(input_error(format!(
                    "{what} '{text}': units must come in order (h or d, then m, then s) \
                     with none skipped"
                )));
            }
            None if expected == 0 || chars.peek().is_some() => {
                return Err(input_error(format!(
                    "{what} '{text}': a number without a unit"
                )));
            }
            None => {}
        }
        if parts.len() == 3 {
            return Err(input_error(format!(
                "{what} '{text}' has more than three parts"
            )));
        }
        parts.push(value);
    }
    if parts.is_empty() {
        return Err(input_error(format!("{what} '{text}' has no number")));
    }
    Ok(Component {
        negative,
        parts,
        lead,
    })
}

/// Checks sexagesimal parts and sums them in units of the first part.
fn sexagesimal_total(what: &str, text: &str, parts: &[f64]) -> Result<f64, InputError> {
    for (i, p) in parts.iter().enumerate() {
        if i + 1 < parts.len() && p.fract() != 0.0 {
            return Err(input_error(format!(
                "{what} '{text}': only the last part may have decimals"
            )));
        }
        if i > 0 && *p >= 60.0 {
            let name = if i == 1 { "minutes" } else { "seconds" };
            return Err(input_error(format!(
                "{what} '{text}': {name} must be below 60"
            )));
        }
    }
    Ok(parts
        .iter()
        .zip([1.0, 60.0, 3600.0])
        .map(|(p, d)| p / d)
        .sum())
}

fn check_ra_deg(ra: f64, text: &str) -> Result<(), InputError> {
    if !(0.0..360.0).contains(&ra) {
        return Err(input_error(format!(
            "RA '{text}' is out of range: 0 to below 360 degrees (0 to below 24 hours)"
        )));
    }
    Ok(())
}

fn check_dec_deg(dec: f64, text: &str) -> Result<(), InputError> {
    if !(-90.0..=90.0).contains(&dec) {
        return Err(input_error(format!(
            "Dec '{text}' is out of range: -90 to +90 degrees"
        )));
    }
    Ok(())
}

fn parse_ra(text: &str) -> Result<f64, InputError> {
    let c = parse_component("RA", text)?;
    if c.negative {
        return Err(input_error(format!("RA '{text}' cannot be negative")));
    }
    let total = sexagesimal_total("RA", text, &c.parts)?;
    // Bare sexagesimal RA is in hours, as every catalogue writes it.
    let hours = c.lead == Lead::Hours || (c.lead == Lead::Bare && c.parts.len() > 1);
    if hours {
        if total >= 24.0 {
            return Err(input_error(format!(
                "RA '{text}' is out of range: hours must be 0 to below 24"
            )));
        }
        let deg = total * 15.0;
        // 23:59:59.99999999 can round up to 360.0 in floating point.
        return Ok(if deg >= 360.0 { 0.0 } else { deg });
    }
    check_ra_deg(total, text)?;
    Ok(total)
}

fn parse_dec(text: &str) -> Result<f64, InputError> {
    let c = parse_component("Dec", text)?;
    if c.lead == Lead::Hours {
        return Err(input_error(format!(
            "Dec '{text}' is in hours; Dec is in degrees (d or \u{b0})"
        )));
    }
    let total = sexagesimal_total("Dec", text, &c.parts)?;
    // The sign applies to the whole value, so `-00:30` is -0.5 and not +0.5.
    let dec = if c.negative { -total } else { total };
    check_dec_deg(dec, text)?;
    Ok(dec)
}

#[cfg(test)]
mod tests {
    use super::*;

    const M101_RA: f64 = (10.0 + 8.0 / 60.0 + 48.5 / 3600.0) * 15.0;
    const M101_DEC: f64 = 54.0 + 20.0 / 60.0 + 55.0 / 3600.0;

    fn close(a: f64, b: f64) -> bool {
        (a - b).abs() < 1e-9
    }

    fn assert_coords(text: &str, ra: f64, dec: f64) {
        let c = parse_coords(text).unwrap_or_else(|e| panic!("{text}: {e}"));
        assert!(close(c.ra, ra) && close(c.dec, dec), "{text}: got {c:?}");
    }

    #[test]
    fn decimal_degrees() {
        assert_coords("210.8 54.35", 210.8, 54.35);
        assert_coords("210.8, +54.35", 210.8, 54.35);
        assert_coords("210.8,54.35", 210.8, 54.35);
        assert_coords("  0 -90 ", 0.0, -90.0);
        assert_coords("359.9999 90", 359.9999, 90.0);
        assert_coords("210.8d -54.35d", 210.8, -54.35);
        assert_coords("210.8\u{b0} -54.35\u{b0}", 210.8, -54.35);
        assert_coords("210.8deg, .5deg", 210.8, 0.5);
    }

    #[test]
    fn sexagesimal_hours_and_degrees() {
        assert_coords("10:08:48.5 +54:20:55", M101_RA, M101_DEC);
        assert_coords("10 08 48.5 +54 20 55", M101_RA, M101_DEC);
        assert_coords("10 08 48.5 54 20 55", M101_RA, M101_DEC);
        assert_coords("10:08:48.5, 54:20:55", M101_RA, M101_DEC);
        assert_coords("10 08 48.5, +54 20 55", M101_RA, M101_DEC);
        assert_coords("10:08:48.5+54:20:55", M101_RA, M101_DEC);
        assert_coords("10:30 -20:30", 157.5, -20.5);
        assert_coords("10 30 -20 30", 157.5, -20.5);
    }

    #[test]
    fn letter_forms() {
        assert_coords("10h08m48.5s +54d20m55s", M101_RA, M101_DEC);
        assert_coords("10h 08m 48.5s 54d 20m 55s", M101_RA, M101_DEC);
        assert_coords(
            "10h08m48.5s +54\u{b0}20\u{2032}55\u{2033}",
            M101_RA,
            M101_DEC,
        );
        assert_coords("10h08m48.5s +54\u{b0}20'55\"", M101_RA, M101_DEC);
        assert_coords("10h08m48.5s +54\u{b0}20'55''", M101_RA, M101_DEC);
        assert_coords("10H08M48.5S, +54D20M55S", M101_RA, M101_DEC);
        assert_coords("10h08m48.5 +54d20m55", M101_RA, M101_DEC);
        assert_coords("10h08m48.5s+54d20m55s", M101_RA, M101_DEC);
        assert_coords("10.5h 12.25", 157.5, 12.25);
        assert_coords("210d48m 54d20m", 210.8, 54.0 + 20.0 / 60.0);
    }

    #[test]
    fn negative_zero_dec_keeps_its_sign() {
        assert_coords("12:00:00 -00:30", 180.0, -0.5);
        assert_coords("12:00:00 -00:30:36", 180.0, -0.51);
        assert_coords("12 00 00 -00 30 00", 180.0, -0.5);
        assert_coords("12h -0d30m", 180.0, -0.5);
        assert_coords("12h \u{2212}0d30m", 180.0, -0.5);
        assert_coords("12:00:00 +00:30", 180.0, 0.5);
        assert!(parse_coords("12:00:00 -00:00:00").unwrap().dec == 0.0);
    }

    #[test]
    fn ra_24h_and_out_of_range_refused() {
        for s in [
            "24:00:00 +10:00:00",
            "24h +10d",
            "23:60:00 +10",
            "23:59:60 +10",
            "360 10",
            "360.5 10",
            "-10 10",
            "-10:00:00 +10",
            "10 90.0001",
            "10 -91",
            "10:00:00 +90:00:01",
            "10:00:00 +89:60:00",
            "25h 10d",
        ] {
            let e = parse_coords(s).unwrap_err();
            assert_eq!(e.field, "coordinates");
            assert!(e.message.contains("accepted forms"), "{s}: {}", e.message);
        }
        assert_coords("23:59:59.999 +90:00:00", 359.99999583333334, 90.0);
        assert_coords("10:00:00 -90:00:00", 150.0, -90.0);
    }

    #[test]
    fn errors_say_what_was_wrong() {
        let msg = |s: &str| parse_coords(s).unwrap_err().message;
        assert!(msg("24:00:00 +10").contains("below 24"));
        assert!(msg("10:61:00 +10").contains("minutes must be below 60"));
        assert!(msg("10:00:61 +10").contains("seconds must be below 60"));
        assert!(msg("10.5:30:00 +10").contains("only the last part"));
        assert!(msg("400 10").contains("below 360"));
        assert!(msg("10 95").contains("-90 to +90"));
        assert!(msg("210.8").contains("give both RA and Dec"));
        assert!(msg("1,2,3").contains("more than one comma"));
        assert!(msg("10 08 48.5 54 20").contains("cannot tell where RA ends"));
        assert!(msg("10h 5h").contains("in hours"));
        assert!(msg("10x 5").contains("unknown unit"));
        assert!(msg("10s08m +5d").contains("in order"));
        assert!(msg("").contains("no coordinates"));
    }

    #[test]
    fn garbage_never_panics() {
        for s in [
            "",
            ",",
            " , ",
            "+",
            "- -",
            "abc def",
            "1:2:3:4 5",
            "::: :::",
            "\u{b0}\u{b0}",
            "1e5 2",
            "inf 0",
            "nan nan",
            "10h08m48.5s\u{e9} 5",
            "\u{e9}\u{e9}\u{e9}",
            "10 :08 +",
            "1..2 3",
            "+-1 2",
            "1 2 3 4 5",
            "1h2h 3",
            "1'' 2",
            "--5 5",
            "1 2 3 +4 +5",
        ] {
            assert!(parse_coords(s).is_err(), "{s}");
        }
    }

    #[test]
    fn sexagesimal_output_rounds_without_sixty() {
        let c = SkyCoord::new(M101_RA, M101_DEC).unwrap();
        assert_eq!(c.to_sexagesimal(), "10:08:48.500 +54:20:55.00");
        let c = SkyCoord::new(359.999_999_999, -0.5).unwrap();
        assert_eq!(c.to_sexagesimal(), "00:00:00.000 -00:30:00.00");
        let c = SkyCoord::new(15.0, -(59.0 / 60.0 + 59.9999 / 3600.0)).unwrap();
        assert_eq!(c.to_sexagesimal(), "01:00:00.000 -01:00:00.00");
        assert_eq!(c.to_string(), "15.000000 -1.000000");
        assert!(SkyCoord::new(360.0, 0.0).is_err());
        assert!(SkyCoord::new(0.0, f64::NAN).is_err());
    }

    #[test]
    fn sexagesimal_round_trips_through_parse() {
        let c = parse_coords("14:03:12.583 +54:20:55.50").unwrap();
        let back = parse_coords(&c.to_sexagesimal()).unwrap();
        assert!(close(c.ra, back.ra) && close(c.dec, back.dec));
    }
}
