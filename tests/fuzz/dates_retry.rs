//! Dates (ISO or MJD, as people type them) and `Retry-After` (as servers send it).
use std::time::{Duration, UNIX_EPOCH};

use mastui::mast::dates::{days_in_month, mjd_from_ymd, mjd_to_iso, parse_date_span, ymd_from_mjd};
use mastui::mast::retry::parse_retry_after;
use proptest::prelude::*;

use crate::{any_text, config, text_of};

const DATE_PIECES: &[&str] = &[
    "2022", "1858", "9999", "0000", "-", "07", "7", "12", "13", "00", "29", "31", "02", "T", "t",
    " ", ":", "30", "59", "60", "23", "24", ".", "5", "Z", "z", "e", "59772.5", "1e5", "100001",
    "-1", "2000",
];

const MONTHS: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];
const WEEKDAYS: [&str; 7] = ["Thu", "Fri", "Sat", "Sun", "Mon", "Tue", "Wed"];

/// `Sun, 06 Nov 1994 08:49:37 GMT` for seconds since 1970 (what servers send).
fn http_date(secs: u64) -> String {
    let days = (secs / 86_400) as i64;
    let (y, m, d) = ymd_from_mjd(days + 40_587);
    let rem = secs % 86_400;
    format!(
        "{}, {d:02} {} {y} {:02}:{:02}:{:02} GMT",
        WEEKDAYS[(days % 7) as usize],
        MONTHS[m as usize - 1],
        rem / 3600,
        rem / 60 % 60,
        rem % 60
    )
}

proptest! {
    #![proptest_config(config(3000))]

    #[test]
    fn any_date_text_is_read_or_refused(text in prop_oneof![text_of(DATE_PIECES, 10), any_text(30)]) {
        match parse_date_span("t_min", &text) {
            Ok((start, end)) => {
                prop_assert!(start.is_finite() && end.is_finite(), "{text:?}");
                prop_assert!(end == start || end == start + 1.0, "{text:?} -> {start}..{end}");
            }
            Err(e) => {
                prop_assert_eq!(e.field.as_str(), "t_min");
                prop_assert!(e.message.contains("accepted forms"), "{}", e.message);
            }
        }
    }

    #[test]
    fn calendar_dates_read_as_their_whole_day(
        (y, m, d) in (1i64..=9999, 1u32..=12)
            .prop_flat_map(|(y, m)| (Just(y), Just(m), 1..=days_in_month(y, m))),
        time in proptest::option::of((0u32..24, 0u32..60, 0u32..60)),
    ) {
        let day = mjd_from_ymd(y, m, d);
        prop_assert_eq!(ymd_from_mjd(day), (y, m, d));
        let date = format!("{y:04}-{m:02}-{d:02}");
        match time {
            None => {
                let span = parse_date_span("t", &date).unwrap();
                prop_assert_eq!(span, (day as f64, day as f64 + 1.0));
            }
            Some((h, min, s)) => {
                let text = format!("{date}T{h:02}:{min:02}:{s:02}");
                let (at, end) = parse_date_span("t", &text).unwrap();
                prop_assert_eq!(at, end);
                // Shown again to the second, it is the same instant.
                prop_assert_eq!(mjd_to_iso(at), format!("{date} {h:02}:{min:02}:{s:02}"));
            }
        }
    }

    #[test]
    fn any_mjd_prints_without_panicking(x in any::<f64>()) {
        let text = mjd_to_iso(x);
        prop_assert!(!text.is_empty());
    }

    #[test]
    fn any_retry_after_is_read_or_ignored(
        value in prop_oneof![
            any_text(40),
            text_of(&["Sun, ", "06 ", "Nov ", "1994 ", "08:49:37 ", "GMT", "0", "99999999999999999999", "-", " ", ":", "Feb ", "29 "], 8),
        ],
        now in 0u64..=4_102_444_800,
    ) {
        let now = UNIX_EPOCH + Duration::from_secs(now);
        if let Some(d) = parse_retry_after(&value, now) {
            // Delay-seconds or a date: never a panic, never a negative wait.
            prop_assert!(d <= Duration::from_secs(u64::MAX));
        }
    }

    #[test]
    fn retry_after_seconds_and_dates_mean_what_they_say(
        secs in any::<u64>(),
        at in 0u64..=253_402_300_799,
        now in 0u64..=253_402_300_799,
    ) {
        let t0 = UNIX_EPOCH + Duration::from_secs(now);
        prop_assert_eq!(parse_retry_after(&secs.to_string(), t0), Some(Duration::from_secs(secs)));
        let date = http_date(at);
        prop_assert_eq!(
            parse_retry_after(&date, t0),
            Some(Duration::from_secs(at.saturating_sub(now))),
            "{}", date
        );
    }
}

#[test]
fn http_dates_are_formatted_like_rfc_9110() {
    assert_eq!(http_date(784_111_777), "Sun, 06 Nov 1994 08:49:37 GMT");
}
