//! The smaller services' answers and inputs: Pan-STARRS column metadata (`parse_metadata`),
//! the cutout size people type (`parse_size`), TESScut's sectors and Zcut's surveys, and
//! the cloud path lookup (`parse_answer`), whose keys must stay inside the bucket.
use mastui::mast::catalogs::config::parse_metadata;
use mastui::mast::cloud::key::checked_key;
use mastui::mast::cloud::path_lookup::{CloudKey, parse_answer};
use mastui::mast::columns_config::ColumnInfo;
use mastui::mast::cutouts::services::{Sector, parse_sectors, parse_surveys};
use mastui::mast::cutouts::size::{CutoutSize, MAX_DEG, MAX_PX, parse_size};
use proptest::prelude::*;
use serde_json::{Value, json};

use crate::table::{any_json, number};
use crate::{any_text, config, text_of};

/// Everything here that reads server bytes, on one input (the lookup asked for `asked`).
fn all_parsers(bytes: &[u8], asked: &[String]) -> Result<(), TestCaseError> {
    if let Ok(c) = parse_metadata(bytes) {
        prop_assert!(!c.is_empty());
        prop_assert!(c.columns().iter().all(|c| !c.name.trim().is_empty()));
    }
    let _ = parse_sectors(bytes);
    if let Ok(s) = parse_surveys(bytes) {
        prop_assert!(s.iter().all(|s| !s.is_empty() && s.trim() == s));
    }
    if let Ok(keys) = parse_answer(bytes, asked) {
        prop_assert_eq!(keys.len(), asked.len());
        for k in &keys {
            if let CloudKey::Key(k) = k {
                prop_assert_eq!(checked_key(k), Ok(k.as_str()));
                prop_assert!(
                    !k.starts_with('/') && !k.split('/').any(|s| s == ".." || s == "."),
                    "{k:?}"
                );
            }
        }
    }
    Ok(())
}

const ASKED: &[&str] = &[
    "mast:HST/product/u9o40504m_c3m.fits",
    "mast:JWST/product/x.fits",
    "",
    "a",
    "é\u{1b}",
];

fn asked() -> impl Strategy<Value = Vec<String>> {
    prop::collection::vec(
        prop_oneof![
            prop::sample::select(ASKED).prop_map(str::to_string),
            any_text(10)
        ],
        0..5,
    )
}

/// Lookup paths as MAST writes them, and hostile ones.
const PATH_PIECES: &[&str] = &[
    "/",
    "//",
    ".",
    "..",
    "../",
    "/../",
    "hst",
    "public",
    "u9o4",
    "x.fits",
    "/ps1/",
    "galex",
    "/mast/",
    "hlsp",
    "/hlsp_local/public/",
    "\\",
    "\0",
    "\u{7}",
    " ",
    "%2e%2e",
    "~",
    "é",
];

/// A path of plain segments under `/hst/public/` and the key it becomes.
fn plain_path() -> impl Strategy<Value = (String, String)> {
    // Names that the key rules rewrite (galex, ps1, hlsp) are the other strategies' part.
    prop::collection::vec("[A-Za-z0-9_][A-Za-z0-9_.-]{0,12}", 1..5)
        .prop_filter("no rewritten names", |segs| {
            segs.iter()
                .all(|s| !["galex", "ps1", "hlsp"].iter().any(|n| s.contains(n)))
        })
        .prop_map(|segs| {
            let rest = segs.join("/");
            (format!("/hst/public/{rest}"), format!("hst/public/{rest}"))
        })
}

/// Sizes as typed: numbers and units, spaces, case, `x` and `*`.
const SIZE_PIECES: &[&str] = &[
    "0", "1", "5", "10", "2000", "2001", ".", "5.5", "-", "+", "e", "e3", "x", "X", "*", " ", "px",
    "pix", "pixels", "d", "deg", "degrees", "\u{b0}", "m", "'", "arcmin", "\u{2032}", "s", "\"",
    "''", "arcsec", "\u{2033}", "nan", "inf", "1e400", "0x10", "İ", "\u{130}x",
];

proptest! {
    #![proptest_config(config(3000))]

    #[test]
    fn any_bytes_are_an_answer_or_an_error(
        bytes in prop::collection::vec(any::<u8>(), 0..300),
        asked in asked(),
    ) {
        all_parsers(&bytes, &asked)?;
    }

    #[test]
    fn any_json_is_an_answer_or_an_error(v in any_json(), asked in asked()) {
        all_parsers(v.to_string().as_bytes(), &asked)?;
        for key in ["results", "surveys", "column_name"] {
            all_parsers(json!({ key: v.clone() }).to_string().as_bytes(), &asked)?;
            all_parsers(json!({ key: [v.clone()] }).to_string().as_bytes(), &asked)?;
        }
        // Every field of a metadata column and of a sector, and every lookup entry.
        all_parsers(json!([{"column_name": v.clone(), "name": v.clone(), "type": v.clone(), "db_type": v.clone(), "description": v.clone(), "unit": v.clone()}]).to_string().as_bytes(), &asked)?;
        all_parsers(json!({"results": [{"sector": v.clone(), "sectorName": v.clone(), "camera": v.clone(), "ccd": v.clone()}]}).to_string().as_bytes(), &asked)?;
        let lookup: serde_json::Map<String, Value> = asked
            .iter()
            .map(|a| (a.clone(), json!({"status_code": v.clone(), "path": v.clone()})))
            .collect();
        all_parsers(Value::Object(lookup).to_string().as_bytes(), &asked)?;
    }

    #[test]
    fn huge_and_wrongly_typed_numbers_do_not_panic(
        n in prop_oneof![
            number(),
            Just(json!("18446744073709551616")),
            Just(json!("4294967296")),
            Just(json!(" 0006 ")),
            Just(json!(-1)),
            Just(json!(1e300)),
            Just(json!(-0.0)),
            Just(json!(4294967295.9)),
            any_json(),
        ],
    ) {
        let text = json!({"results": [{"sector": n, "camera": n, "ccd": n}]}).to_string();
        match parse_sectors(text.as_bytes()) {
            Ok(s) => prop_assert_eq!(s.len(), 1),
            Err(e) => prop_assert!(e.contains("sector"), "{e}"),
        }
        let asked = vec!["a".to_string()];
        let text = json!({"a": {"status_code": n, "path": "/hst/public/a.fits"}}).to_string();
        let got = parse_answer(text.as_bytes(), &asked);
        prop_assert!(got.is_ok());
        let got = got.unwrap();
        match n.as_u64() {
            Some(200) => prop_assert_eq!(&got[0], &CloudKey::Key("hst/public/a.fits".into())),
            Some(_) => prop_assert!(matches!(&got[0], CloudKey::Absent(_)), "{got:?}"),
            None => prop_assert_eq!(&got[0], &CloudKey::Key("hst/public/a.fits".into())),
        }
    }

    #[test]
    fn metadata_reads_as_sent(
        cols in prop::collection::vec(
            (
                prop_oneof!["[A-Za-z_][A-Za-z0-9_]{0,10}", Just(String::new()), Just("NULL".to_string()), any_text(6)],
                any::<bool>(),
                prop::sample::select(&["char", "STRING", "varchar", "boolean", "float", "SMALLINT", "double", "", "NULL"][..]),
                any::<bool>(),
                prop_oneof![any_text(10), Just("NULL".to_string())],
            ),
            0..8,
        ),
    ) {
        let text = |s: &str| {
            let t = s.trim();
            (!t.is_empty() && t != "NULL").then(|| t.to_string())
        };
        let list: Vec<Value> = cols
            .iter()
            .map(|(name, by_column_name, ty, by_type, unit)| {
                let mut o = serde_json::Map::new();
                o.insert(if *by_column_name { "column_name" } else { "name" }.into(), json!(name));
                o.insert(if *by_type { "type" } else { "db_type" }.into(), json!(ty));
                o.insert("unit".into(), json!(unit));
                Value::Object(o)
            })
            .collect();
        let mut want: Vec<ColumnInfo> = Vec::new();
        for (name, _, ty, _, unit) in &cols {
            let Some(name) = text(name) else { continue };
            // Later columns of the same name (ignoring case) are dropped.
            if want.iter().any(|c| c.name.to_lowercase() == name.to_lowercase()) {
                continue;
            }
            let datatype = text(ty).map(|t| t.to_ascii_lowercase());
            let treat_numeric = datatype
                .as_deref()
                .is_some_and(|t| !matches!(t, "char" | "string" | "varchar" | "boolean"));
            want.push(ColumnInfo {
                name,
                datatype,
                treat_numeric,
                unit: text(unit),
                is_mjd: Some(false),
                ..ColumnInfo::default()
            });
        }
        let body = json!(list).to_string();
        match parse_metadata(body.as_bytes()) {
            Ok(c) => prop_assert_eq!(c.columns(), &want[..], "{}", body),
            Err(e) => prop_assert!(want.is_empty(), "{body}: {e}"),
        }
    }

    #[test]
    fn sectors_and_surveys_read_as_sent(
        sectors in prop::collection::vec(
            (any::<u32>(), any::<u32>(), any::<u32>(), prop::option::of("[a-z0-9-]{1,16}"), 0u8..3),
            0..6,
        ),
        surveys in prop::collection::vec(prop_oneof!["[A-Za-z0-9_ -]{0,12}".prop_map(Value::String), any_json()], 0..6),
    ) {
        let lenient = |n: u32, how: u8| match how {
            0 => json!(n),
            1 => json!(format!("{n:04}")),
            _ => json!(format!(" {n} ")),
        };
        let list: Vec<Value> = sectors
            .iter()
            .map(|(s, c, ccd, name, how)| {
                let mut o = json!({"sector": lenient(*s, *how), "camera": lenient(*c, *how), "ccd": lenient(*ccd, *how)});
                if let Some(n) = name {
                    o["sectorName"] = json!(format!(" {n} "));
                }
                o
            })
            .collect();
        let body = json!({"results": list}).to_string();
        let want: Vec<Sector> = sectors
            .iter()
            .map(|(s, c, ccd, name, _)| Sector {
                sector_name: name.clone().unwrap_or_else(|| format!("tess-s{s:04}")),
                sector: *s,
                camera: *c,
                ccd: *ccd,
            })
            .collect();
        prop_assert_eq!(parse_sectors(body.as_bytes()), Ok(want));
        let body = json!({"surveys": surveys}).to_string();
        let want: Vec<String> = surveys
            .iter()
            .filter_map(Value::as_str)
            .map(|s| s.trim().to_string())
            .filter(|s| !s.is_empty())
            .collect();
        prop_assert_eq!(parse_surveys(body.as_bytes()), Ok(want));
    }

    #[test]
    fn lookups_keep_keys_inside_the_bucket(
        entries in prop::collection::vec(
            (
                prop_oneof![
                    plain_path().prop_map(|(p, k)| (Value::String(p), Some(k))),
                    text_of(PATH_PIECES, 12).prop_map(|p| (Value::String(p), None)),
                    Just((Value::Null, None)),
                    any_json().prop_map(|v| (v, None)),
                ],
                prop_oneof![
                    3 => Just(json!(200)),
                    1 => Just(json!(404)),
                    1 => Just(Value::Null),
                    1 => number(),
                ],
                any::<bool>(),
            ),
            0..8,
        ),
    ) {
        // Each entry answers its own URI; some URIs are asked but left out of the answer.
        let asked: Vec<String> = (0..entries.len()).map(|i| format!("mast:HST/product/f{i}.fits")).collect();
        let answer: serde_json::Map<String, Value> = entries
            .iter()
            .enumerate()
            .filter(|(_, (_, _, left_out))| !left_out)
            .map(|(i, ((path, _), status, _))| (asked[i].clone(), json!({"status_code": status, "path": path})))
            .collect();
        let body = Value::Object(answer).to_string();
        let got = parse_answer(body.as_bytes(), &asked);
        prop_assert!(got.is_ok(), "{body}: {got:?}");
        let got = got.unwrap();
        all_parsers(body.as_bytes(), &asked)?;
        for (i, ((path, key), status, left_out)) in entries.iter().enumerate() {
            // A status that is not a whole number is no refusal: the path decides.
            let ok_status = status.as_u64().is_none_or(|s| s == 200);
            match (key, left_out, ok_status) {
                (Some(k), false, true) => prop_assert_eq!(&got[i], &CloudKey::Key(k.clone()), "{}", body),
                (Some(_), _, _) => prop_assert!(matches!(got[i], CloudKey::Absent(_)), "{body}"),
                (None, _, _) if path.is_string() => {}
                (None, _, _) => prop_assert!(matches!(got[i], CloudKey::Absent(_)), "{body}"),
            }
        }
    }

    #[test]
    fn any_size_text_is_a_size_or_an_error(text in prop_oneof![any_text(20), text_of(SIZE_PIECES, 8)]) {
        match parse_size(&text) {
            Ok(CutoutSize::Pixels { x, y }) => {
                prop_assert!((1..=MAX_PX).contains(&x) && (1..=MAX_PX).contains(&y), "{text:?}");
            }
            Ok(CutoutSize::Degrees { x, y }) => {
                prop_assert!(x > 0.0 && y > 0.0 && x <= MAX_DEG && y <= MAX_DEG, "{text:?}: {x} {y}");
            }
            Err(e) => prop_assert!(e.to_string().contains("--size"), "{e}"),
        }
    }

    #[test]
    fn sizes_written_well_read_as_meant(
        w in 1u32..=MAX_PX,
        h in prop::option::of(1u32..=MAX_PX),
        unit in prop::sample::select(&[
            ("", 0.0), ("px", 0.0), ("PIXELS", 0.0), ("pix", 0.0),
            ("d", 1.0), ("deg", 1.0), ("\u{b0}", 1.0),
            ("arcmin", 60.0), ("'", 60.0), ("m", 60.0), ("\u{2032}", 60.0),
            ("arcsec", 3600.0), ("\"", 3600.0), ("s", 3600.0), ("''", 3600.0),
        ][..]),
        space in prop::sample::select(&["", " "][..]),
        sep in prop::sample::select(&["x", "X", "*", " x "][..]),
    ) {
        let (name, per_degree) = unit;
        let text = match h {
            Some(h) => format!("{w}{sep}{h}{space}{name}"),
            None => format!("{w}{space}{name}"),
        };
        let h = h.unwrap_or(w);
        let got = parse_size(&text);
        if per_degree == 0.0 {
            prop_assert_eq!(got.ok(), Some(CutoutSize::Pixels { x: w, y: h }), "{}", text);
        } else {
            let (x, y) = (f64::from(w) / per_degree, f64::from(h) / per_degree);
            if x <= MAX_DEG && y <= MAX_DEG {
                let Ok(CutoutSize::Degrees { x: gx, y: gy }) = got else {
                    return Err(TestCaseError::fail(format!("{text:?}: {got:?}")));
                };
                prop_assert!((gx - x).abs() <= x * 1e-15 && (gy - y).abs() <= y * 1e-15, "{text:?}: {gx} {gy}");
            } else {
                prop_assert!(got.is_err(), "{text:?}: {got:?}");
            }
        }
    }
}
