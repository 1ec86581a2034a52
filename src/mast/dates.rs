//! Dates as MJD (UTC, proleptic Gregorian calendar), the way CAOM stores times.
//!
//! The civil-date arithmetic is done here on integers (days since 1970 by era of 400 years)
//! rather than pulling in a date crate for two conversions.
use super::error::InputError;

/// MJD of 1970-01-01.
/// The MJD of 1970-01-01, the Unix epoch.
pub const MJD_UNIX_EPOCH: i64 = 40_587;

/// MJDs beyond this (year 2132) are certainly a typo, not an observation time.
pub const MAX_PLAUSIBLE_MJD: f64 = 100_000.0;

const DATE_FORMS: &str = "accepted forms: a date `2022-07-12`, a UTC date and time \
     `2022-07-12T10:30:00` or `2022-07-12 10:30:00.5Z`, or an MJD number such as `59772.5`";

/// True in the Gregorian calendar's leap years.
pub fn is_leap_year(year: i64) -> bool {
    (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
}

/// Days in `month` (1-12) of `year`; 0 for a month that does not exist.
pub fn days_in_month(year: i64, month: u32) -> u32 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if is_leap_year(year) => 29,
        2 => 28,
        _ => 0,
    }
}

/// The MJD (a whole day number) of a civil date. The date is not checked.
pub fn mjd_from_ymd(year: i64, month: u32, day: u32) -> i64 {
    // Years start in March here, so the leap day is the last day of the "year".
    let y = if month <= 2 { year - 1 } else { year };
    let era = y.div_euclid(400);
    let year_of_era = y - era * 400;
    let month_from_march = i64::from((month + 9) % 12);
    let day_of_year = (153 * month_from_march + 2) / 5 + i64::from(day) - 1;
    let day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
    era * 146_097 + day_of_era - 719_468 + MJD_UNIX_EPOCH
}

/// The civil date (year, month, day) of a whole MJD day number.
pub fn ymd_from_mjd(mjd_day: i64) -> (i64, u32, u32) {
    let z = mjd_day - MJD_UNIX_EPOCH + 719_468;
    let era = z.div_euclid(146_097);
    let day_of_era = z - era * 146_097;
    let year_of_era =
        (day_of_era - day_of_era / 1460 + day_of_era / 36_524 - day_of_era / 146_096) / 365;
    let day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
    let month_from_march = (5 * day_of_year + 2) / 153;
    let day = day_of_year - (153 * month_from_march + 2) / 5 + 1;
    let month = if month_from_march < 10 {
        month_from_march + 3
    } else {
        month_from_march - 9
    };
    let year = year_of_era + era * 400 + i64::from(month <= 2);
    // Both are small by construction (1-12, 1-31).
    (year, month as u32, day as u32)
}

/// `2022-07-12`, `2022-07-12T10:00:00`, or an MJD number, as MJD. `field` names the input.
pub fn parse_date_mjd(field: &str, text: &str) -> Result<f64, InputError> {
    parse_date_span(field, text).map(|(start, _)| start)
}

/// Like [`parse_date_mjd`], but a bare date stands for the whole day: `2022-07-12` gives
/// `(59772.0, 59773.0)`. A date with a time, or an MJD, is a point: `(x, x)`. Range criteria
/// use this so that `..2022-07-31` includes the 31st.
pub fn parse_date_span(field: &str, text: &str) -> Result<(f64, f64), InputError> {
    let t = text.trim();
    let err = |what: String| InputError::new(field, format!("{what}; {DATE_FORMS}"));
    if t.is_empty() {
        return Err(err("no date given".into()));
    }
    let looks_like_date =
        t.len() > 4 && t.as_bytes()[..4].iter().all(u8::is_ascii_digit) && t.as_bytes()[4] == b'-';
    if looks_like_date {
        return parse_iso(t).map_err(err);
    }
    match t.parse::<f64>() {
        Ok(x) if x.is_finite() => {
            if !(0.0..=MAX_PLAUSIBLE_MJD).contains(&x) {
                return Err(err(format!(
                    "MJD {t} is outside 0 to {MAX_PLAUSIBLE_MJD} (1858-11-17 to 2132-09-01)"
                )));
            }
            // MJD 1000-3000 is the 1860s: a bare integer there is surely a year.
            if !t.contains(['.', 'e', 'E']) && (1000.0..=3000.0).contains(&x) {
                return Err(err(format!(
                    "'{t}' looks like a year; write a date such as `{t}-01-01`, or `{t}.0` \
                     if you really mean that MJD"
                )));
            }
            Ok((x, x))
        }
        _ => Err(err(format!("'{t}' is neither a date nor an MJD"))),
    }
}

/// Reads `digits` ASCII digits (between `min` and `max` of them) from the front of `s`.
fn take_number(s: &str, min: usize, max: usize) -> Option<(u32, &str)> {
    let n = s.bytes().take_while(u8::is_ascii_digit).count();
    if n < min || n > max {
        return None;
    }
    // The first `n` bytes are ASCII digits, so `n` is a char boundary.
    let (digits, rest) = s.split_at(n);
    Some((digits.parse().ok()?, rest))
}

/// `YYYY-MM-DD[(T| )hh:mm[:ss[.f]]][Z]`, checked against the real calendar.
fn parse_iso(t: &str) -> Result<(f64, f64), String> {
    let bad = || format!("'{t}' is not a date of the form YYYY-MM-DD[Thh:mm[:ss]]");
    let (year, rest) = take_number(t, 4, 4).ok_or_else(bad)?;
    let rest = rest.strip_prefix('-').ok_or_else(bad)?;
    let (month, rest) = take_number(rest, 1, 2).ok_or_else(bad)?;
    let rest = rest.strip_prefix('-').ok_or_else(bad)?;
    let (day, rest) = take_number(rest, 1, 2).ok_or_else(bad)?;
    let year = i64::from(year);
    if !(1..=12).contains(&month) {
        return Err(format!("'{t}': there is no month {month}"));
    }
    if day == 0 || day > days_in_month(year, month) {
        return Err(format!(
            "'{t}': {year:04}-{month:02} has {} days",
            days_in_month(year, month)
        ));
    }
    let day_mjd = mjd_from_ymd(year, month, day) as f64;
    let rest = rest.strip_suffix(['Z', 'z']).unwrap_or(rest);
    if rest.is_empty() {
        return Ok((day_mjd, day_mjd + 1.0));
    }
    let time = rest
        .strip_prefix(['T', 't', ' '])
        .map(str::trim_start)
        .ok_or_else(bad)?;
    let (hour, time) = take_number(time, 1, 2).ok_or_else(bad)?;
    let time = time.strip_prefix(':').ok_or_else(bad)?;
    let (minute, time) = take_number(time, 2, 2).ok_or_else(bad)?;
    let seconds = match time.strip_prefix(':') {
        None if time.is_empty() => 0.0,
        None => return Err(bad()),
        Some(s) => {
            let (whole, frac) = take_number(s, 2, 2).ok_or_else(bad)?;
            let frac_value = match frac.strip_prefix('.') {
                None if frac.is_empty() => 0.0,
                Some(f) if !f.is_empty() && f.bytes().all(|b| b.is_ascii_digit()) => {
                    format!("0.{f}").parse::<f64>().map_err(|_| bad())?
                }
                _ => return Err(bad()),
            };
            f64::from(whole) + frac_value
        }
    };
    if hour > 23 || minute > 59 || seconds >= 60.0 {
        return Err(format!("'{t}': the time must be 00:00:00 to 23:59:59.999"));
    }
    let mjd = day_mjd + (f64::from(hour) * 3600.0 + f64::from(minute) * 60.0 + seconds) / 86_400.0;
    Ok((mjd, mjd))
}

/// An MJD shown as ISO `YYYY-MM-DD hh:mm:ss` (UTC), rounded to the second. Values that are
/// not finite or fall outside years 0-9999 are shown as `MJD <value>`.
pub fn mjd_to_iso(mjd: f64) -> String {
    // Years 0 and 9999 bound what four digits can show.
    if !mjd.is_finite() || !(-678_941.0..2_973_484.0).contains(&mjd) {
        return format!("MJD {mjd}");
    }
    let total = (mjd * 86_400.0).round() as i64;
    let (day, secs) = (total.div_euclid(86_400), total.rem_euclid(86_400));
    let (y, m, d) = ymd_from_mjd(day);
    format!(
        "{y:04}-{m:02}-{d:02} {:02}:{:02}:{:02}",
        secs / 3600,
        secs / 60 % 60,
        secs % 60
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_dates() {
        assert_eq!(mjd_from_ymd(1858, 11, 17), 0);
        assert_eq!(mjd_from_ymd(1970, 1, 1), 40_587);
        assert_eq!(mjd_from_ymd(2000, 1, 1), 51_544);
        assert_eq!(mjd_from_ymd(2022, 7, 12), 59_772);
        assert_eq!(mjd_from_ymd(2000, 3, 1) - mjd_from_ymd(2000, 2, 28), 2);
        assert_eq!(mjd_from_ymd(1900, 3, 1) - mjd_from_ymd(1900, 2, 28), 1);
        assert_eq!(ymd_from_mjd(0), (1858, 11, 17));
        assert_eq!(ymd_from_mjd(59_772), (2022, 7, 12));
        assert_eq!(ymd_from_mjd(-1), (1858, 11, 16));
    }

    #[test]
    fn every_day_round_trips() {
        // 1600-01-01 to 2400-12-31: every leap rule, both directions.
        let mut mjd = mjd_from_ymd(1600, 1, 1);
        for year in 1600..=2400 {
            for month in 1..=12 {
                for day in 1..=days_in_month(year, month) {
                    assert_eq!(mjd_from_ymd(year, month, day), mjd);
                    assert_eq!(ymd_from_mjd(mjd), (year, month, day));
                    mjd += 1;
                }
            }
        }
    }

    #[test]
    fn leap_years() {
        assert!(is_leap_year(2024) && is_leap_year(2000) && is_leap_year(1600));
        assert!(!is_leap_year(2023) && !is_leap_year(1900) && !is_leap_year(2100));
        assert_eq!(parse_date_mjd("t_min", "2024-02-29").unwrap(), 60_369.0);
        assert_eq!(parse_date_mjd("t_min", "2000-02-29").unwrap(), 51_603.0);
        for s in ["2023-02-29", "1900-02-29", "2100-02-29"] {
            let e = parse_date_mjd("t_min", s).unwrap_err();
            assert!(e.message.contains("has 28 days"), "{s}: {}", e.message);
        }
    }

    #[test]
    fn iso_forms() {
        let p = |s: &str| parse_date_mjd("t_min", s).unwrap();
        assert_eq!(p("2022-07-12"), 59_772.0);
        assert_eq!(p(" 2022-7-2 "), 59_762.0);
        assert_eq!(p("2022-07-12T12:00:00"), 59_772.5);
        assert_eq!(p("2022-07-12 12:00"), 59_772.5);
        assert_eq!(p("2022-07-12T12:00:00Z"), 59_772.5);
        assert_eq!(p("2022-07-12Z"), 59_772.0);
        assert_eq!(p("2022-07-12t06:00:00z"), 59_772.25);
        assert!((p("2022-07-12T10:30:00.5") - (59_772.0 + 37_800.5 / 86_400.0)).abs() < 1e-9);
        assert!((p("2022-07-12T23:59:59.999") - 59_772.999_999_988).abs() < 1e-8);
    }

    #[test]
    fn spans_cover_whole_days_only_for_bare_dates() {
        assert_eq!(
            parse_date_span("t", "2022-07-12").unwrap(),
            (59_772.0, 59_773.0)
        );
        assert_eq!(
            parse_date_span("t", "2022-07-12T12:00").unwrap(),
            (59_772.5, 59_772.5)
        );
        assert_eq!(
            parse_date_span("t", "59772.5").unwrap(),
            (59_772.5, 59_772.5)
        );
    }

    #[test]
    fn mjd_numbers_and_suspicious_ones() {
        assert_eq!(parse_date_mjd("t_min", "59772.5").unwrap(), 59_772.5);
        assert_eq!(parse_date_mjd("t_min", "0").unwrap(), 0.0);
        assert_eq!(parse_date_mjd("t_min", "2022.0").unwrap(), 2022.0);
        for s in ["-1", "100000.5", "2459772.5", "1e9"] {
            let e = parse_date_mjd("t_max", s).unwrap_err();
            assert_eq!(e.field, "t_max");
            assert!(
                e.message.contains("outside 0 to 100000"),
                "{s}: {}",
                e.message
            );
        }
        let e = parse_date_mjd("t_min", "2022").unwrap_err();
        assert!(e.message.contains("looks like a year"), "{}", e.message);
    }

    #[test]
    fn bad_dates_refused_with_forms() {
        for s in [
            "",
            "2022-13-01",
            "2022-00-10",
            "2022-04-31",
            "2022-07-00",
            "2022-07-12T24:00",
            "2022-07-12T12:60",
            "2022-07-12T12:00:60",
            "2022-07-12T1200",
            "2022/07/12",
            "12-07-2022",
            "2022-07-12T",
            "2022-07-12T12:00:00.",
            "2022-07-12T12:00:00.5x",
            "2022-07-12X",
            "nan",
            "inf",
            "yesterday",
            "2022-07-12T\u{e9}",
            "20222-01-01",
            "2022-07-123",
        ] {
            let e = parse_date_mjd("t_obs_release", s).unwrap_err();
            assert_eq!(e.field, "t_obs_release");
            assert!(e.message.contains("accepted forms"), "{s}: {}", e.message);
        }
    }

    #[test]
    fn mjd_to_iso_formats_and_rounds() {
        assert_eq!(mjd_to_iso(59_772.5), "2022-07-12 12:00:00");
        assert_eq!(mjd_to_iso(0.0), "1858-11-17 00:00:00");
        assert_eq!(mjd_to_iso(51_544.999_999_999), "2000-01-02 00:00:00");
        assert_eq!(
            mjd_to_iso(60_369.0 + 3661.0 / 86_400.0),
            "2024-02-29 01:01:01"
        );
        assert_eq!(mjd_to_iso(-0.25), "1858-11-16 18:00:00");
        assert_eq!(mjd_to_iso(f64::NAN), "MJD NaN");
        assert_eq!(mjd_to_iso(1e12), "MJD 1000000000000");
    }

    #[test]
    fn iso_round_trips() {
        for s in [
            "2022-07-12 10:30:00",
            "2000-02-29 23:59:59",
            "1999-12-31 00:00:01",
            "2132-08-31 12:34:56",
        ] {
            let mjd = parse_date_mjd("t", s).unwrap();
            assert_eq!(mjd_to_iso(mjd), s);
        }
        let mut x = 40_000.0;
        while x < 70_000.0 {
            let back = parse_date_mjd("t", &mjd_to_iso(x)).unwrap();
            assert!((back - x).abs() <= 0.5 / 86_400.0 + 1e-9, "{x}");
            x += 123.456_789;
        }
    }
}
