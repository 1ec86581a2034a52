//! The criteria value grammar: every column of MAST's CAOM config with any value.
use mastui::mast::columns_config::ColumnsConfig;
use mastui::mast::criteria::{Filter, MAX_EXPANDED_VALUES, Term, build_filters};
use proptest::prelude::*;

use crate::{any_text, config, text_of};

const VALUE_PIECES: &[&str] = &[
    "0",
    "1",
    "2",
    "3",
    "10",
    "-5",
    "1e3",
    "59772.5",
    "2022-07-12",
    "2022-02-29",
    "2024-02-29",
    "T10:30:00",
    " 10:30",
    "Z",
    "..",
    ".",
    ",",
    "\"",
    "*",
    "%",
    ">",
    "<",
    ">=",
    "<=",
    "=",
    "\u{2264}",
    "\u{2265}",
    "JWST",
    "HST",
    "NIRCAM",
    "a b",
    " ",
    "!",
    "inf",
    "nan",
    "9223372036854775807",
    "-9223372036854775808",
    "99999999999999999999",
];

fn caom() -> ColumnsConfig {
    ColumnsConfig::from_json(include_bytes!("../fixtures/columnsconfig_caom.json"))
        .expect("the CAOM fixture")
}

proptest! {
    #![proptest_config(config(3000))]

    #[test]
    fn any_value_on_any_column_builds_sane_filters_or_says_why(
        column in any::<prop::sample::Index>(),
        value in prop_oneof![text_of(VALUE_PIECES, 10), any_text(24)],
        second in proptest::option::of(text_of(VALUE_PIECES, 6)),
    ) {
        let config = caom();
        let names = config.names();
        let name = names[column.index(names.len())];
        let mut terms = vec![Term::new(name, value.clone())];
        if let Some(v) = second {
            terms.push(Term::new(name, v));
        }
        match build_filters(&terms, &config) {
            Ok(filters) => {
                prop_assert!(!filters.is_empty());
                for f in &filters {
                    prop_assert_eq!(f.param(), name);
                    match f {
                        Filter::Range { min, max, .. } => {
                            prop_assert!(min.is_finite() && max.is_finite(), "{f:?}");
                            prop_assert!(min <= max, "{value:?} -> {f:?}");
                        }
                        Filter::Discrete { values, .. } => {
                            prop_assert!(!values.is_empty(), "{value:?} -> {f:?}");
                            prop_assert!(values.iter().all(|v| !v.is_empty()), "{value:?} -> {f:?}");
                            if config.column(name).is_some_and(|c| c.is_integer()) {
                                prop_assert!(values.len() <= 2 * MAX_EXPANDED_VALUES, "{f:?}");
                                for v in values {
                                    prop_assert!(v.parse::<i64>().is_ok(), "{value:?} -> {v:?}");
                                }
                            }
                        }
                        Filter::FreeText { text, .. } => {
                            prop_assert!(!text.contains('*') && !text.is_empty(), "{f:?}");
                        }
                    }
                    // Whatever is built serialises as MAST's filter JSON.
                    let json = f.to_json();
                    prop_assert_eq!(json["paramName"].as_str(), Some(name));
                }
            }
            Err(e) => {
                prop_assert!(!e.message.is_empty());
                prop_assert!(e.message.contains("accepted forms") || e.message.contains("date"), "{}", e.message);
            }
        }
    }

    #[test]
    fn integer_ranges_expand_to_exactly_their_values(lo in -1000i64..1000, span in 0i64..150) {
        let hi = lo + span;
        let r = build_filters(&[Term::new("calib_level", format!("{lo}..{hi}"))], &caom());
        if span as usize >= MAX_EXPANDED_VALUES {
            prop_assert!(r.is_err());
        } else {
            let f = r.unwrap();
            let Filter::Discrete { values, .. } = &f[0] else { panic!("{f:?}") };
            let want: Vec<String> = (lo..=hi).map(|v| v.to_string()).collect();
            prop_assert_eq!(values, &want);
        }
    }

    #[test]
    fn criterion_text_is_read_or_refused(text in prop_oneof![
        text_of(&["obs_collection", "calib_level", "t_min", "=", ">=", "<", "\u{2264}", " ", "JWST", "2", ".."], 8),
        any_text(30),
    ]) {
        match Term::parse(&text) {
            // What was read prints back to text that reads the same.
            Ok(t) => {
                prop_assert!(!t.column.is_empty());
                let again = Term::parse(&t.to_string());
                prop_assert!(again.is_ok(), "{text:?} -> {t} -> {again:?}");
            }
            Err(e) => prop_assert_eq!(e.field.as_str(), "criteria"),
        }
    }
}
