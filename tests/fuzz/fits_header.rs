//! The FITS header reader and the `s_region` footprint parser: any bytes or text give
//! headers or a reason, never a panic; headers written here read back as written.
use std::io::Cursor;

use mastui::fits::header::read_headers;
use mastui::mast::footprint::{Shape, parse};
use proptest::prelude::*;

use crate::{any_text, config, text_of};

/// One 80-character card.
fn card(s: &str) -> Vec<u8> {
    let mut c: Vec<u8> = s.bytes().take(80).collect();
    c.resize(80, b' ');
    c
}

/// Cards that steer the reader into its branches: sizes, long strings, odd values.
const CARDS: &[&str] = &[
    "SIMPLE  =                    T",
    "SIMPLE  =                    F",
    "XTENSION= 'IMAGE   '",
    "BITPIX  =                    8",
    "BITPIX  =                  -64",
    "BITPIX  =                   12",
    "NAXIS   =                    0",
    "NAXIS   =                    2",
    "NAXIS   =                 1000",
    "NAXIS1  =                   10",
    "NAXIS2  =  9223372036854775807",
    "NAXIS1  =                   -1",
    "PCOUNT  =                    3",
    "GCOUNT  =                    0",
    "LONG    = 'abc&'",
    "CONTINUE  'def&'",
    "CONTINUE  '''",
    "HIERARCH A B = 'x' / c",
    "COMMENT  whatever",
    "BAD     = 'unterminated",
    "END",
    "",
];

proptest! {
    #![proptest_config(config(3000))]

    #[test]
    fn any_bytes_give_headers_or_a_reason(bytes in prop::collection::vec(any::<u8>(), 0..6000)) {
        let _ = read_headers(&mut Cursor::new(bytes));
    }

    #[test]
    fn any_cards_give_headers_or_a_reason(
        cards in prop::collection::vec(prop::sample::select(CARDS), 0..80),
        cut in 0usize..20_000,
    ) {
        let mut f: Vec<u8> = cards.iter().flat_map(|c| card(c)).collect();
        f.resize(f.len().div_ceil(2880).max(1) * 2880, b' ');
        f.truncate(cut.max(1));
        let _ = read_headers(&mut Cursor::new(f));
    }

    #[test]
    fn written_keywords_read_back(values in prop::collection::vec("[A-Za-z0-9 .'_-]{0,60}", 1..40)) {
        let mut f = Vec::new();
        for c in ["SIMPLE  =                    T", "BITPIX  =                    8", "NAXIS   =                    0"] {
            f.extend(card(c));
        }
        for (i, v) in values.iter().enumerate() {
            let quoted = v.replace('\'', "''");
            f.extend(card(&format!("K{i:<7}= '{quoted}'")));
        }
        f.extend(card("END"));
        f.resize(f.len().div_ceil(2880) * 2880, b' ');
        let h = read_headers(&mut Cursor::new(f)).map_err(|e| TestCaseError::fail(e.to_string()))?;
        for (i, v) in values.iter().enumerate() {
            // Written within the card's 80 characters: read back as written, but for the
            // trailing spaces FITS does not keep.
            let written = format!("K{i:<7}= '{}'", v.replace('\'', "''"));
            if written.len() <= 80 {
                let key = format!("K{i}");
                prop_assert_eq!(h.hdus[0].value(&key), Some(v.trim_end()));
            }
        }
    }

    #[test]
    fn any_s_region_gives_shapes_on_the_sky_or_a_reason(
        s in prop_oneof![
            text_of(&["POLYGON ", "CIRCLE ", "ICRS ", "FK5 ", "1 ", "-1 ", "90.5 ", "360 ",
                      "1e308 ", "NaN ", "inf ", "0.1 ", "x ", " "], 30),
            any_text(80),
        ]
    ) {
        if let Ok(shapes) = parse(&s) {
            for shape in shapes {
                match shape {
                    Shape::Polygon(v) => {
                        prop_assert!(v.len() >= 3);
                        prop_assert!(v.iter().all(|&(ra, dec)| (0.0..360.0).contains(&ra)
                            && (-90.0..=90.0).contains(&dec)));
                    }
                    Shape::Circle { ra, dec, radius } => {
                        prop_assert!((0.0..360.0).contains(&ra) && (-90.0..=90.0).contains(&dec));
                        prop_assert!((0.0..=180.0).contains(&radius));
                    }
                }
            }
        }
    }
}
