//! The positions a crossmatch uploads, read from a file a person has: a CSV with a header
//! (a `mastui` CSV output among them), or `mastui`'s JSON lines. RA and Dec columns are
//! found by name (`ra`/`dec`, `s_ra`/`s_dec`, `RAJ2000`/`DEJ2000`, ...) unless named; cells
//! are decimal degrees or sexagesimal. Anything unusable is refused with the line it is on.
use super::super::coords::{SkyCoord, parse_coords};
use super::super::error::InputError;

/// Positions one crossmatch takes; a longer list is refused, never cut.
pub const MAX_POSITIONS: usize = 100_000;

/// Names an RA column goes by, lowercased, in order of preference.
const RA_NAMES: &[&str] = &[
    "ra",
    "s_ra",
    "ra_deg",
    "raj2000",
    "_raj2000",
    "ra_icrs",
    "ramean",
    "matchra",
    "input_ra",
    "right_ascension",
];
const DEC_NAMES: &[&str] = &[
    "dec",
    "s_dec",
    "decl",
    "dec_deg",
    "dej2000",
    "_dej2000",
    "de_icrs",
    "decmean",
    "matchdec",
    "input_dec",
    "declination",
];

/// One input position: which data row of the file (1-based) and where it sits.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Position {
    /// The row's number among the data rows (1 is the first row after a CSV header).
    pub row: u64,
    /// Its line in the file, for messages.
    pub line: u64,
    pub ra: f64,
    pub dec: f64,
}

fn bad(message: impl Into<String>) -> InputError {
    InputError::new("--input", message)
}

/// The column named `wanted`, or the first of `names` present.
fn find_column(
    header: &[String],
    wanted: Option<&str>,
    names: &[&str],
    flag: &str,
) -> Result<usize, InputError> {
    if let Some(w) = wanted {
        return header
            .iter()
            .position(|h| h.trim().eq_ignore_ascii_case(w.trim()))
            .ok_or_else(|| {
                InputError::new(
                    flag,
                    format!(
                        "no column '{}' in the input; its columns: {}",
                        w.trim(),
                        header.join(", ")
                    ),
                )
            });
    }
    names
        .iter()
        .find_map(|n| header.iter().position(|h| h.trim().eq_ignore_ascii_case(n)))
        .ok_or_else(|| {
            bad(format!(
                "line 1: no {} column among {}; name one with {flag} (columns found by name: {})",
                if flag == "--ra-col" { "RA" } else { "Dec" },
                if header.is_empty() {
                    "(none)".to_string()
                } else {
                    header.join(", ")
                },
                names.join(", ")
            ))
        })
}

/// A position from the two cells of one line.
fn position_of(
    ra: &str,
    dec: &str,
    line: u64,
    ra_name: &str,
    dec_name: &str,
) -> Result<(f64, f64), InputError> {
    let (ra, dec) = (ra.trim(), dec.trim());
    for (v, name) in [(ra, ra_name), (dec, dec_name)] {
        if v.is_empty() {
            return Err(bad(format!("line {line}: the {name} cell is empty")));
        }
    }
    let coord = match (ra.parse::<f64>(), dec.parse::<f64>()) {
        (Ok(r), Ok(d)) if r.is_finite() && d.is_finite() => SkyCoord::new(r, d).map_err(|e| {
            bad(format!("line {line}: {} ({name} {ra}, {dname} {dec})", e.message, name = ra_name, dname = dec_name))
        })?,
        _ => parse_coords(&format!("{ra} {dec}")).map_err(|_| {
            bad(format!(
                "line {line}: {ra_name} '{ra}' / {dec_name} '{dec}' is not a position; give decimal degrees \
                 (210.8, 54.35) or sexagesimal (14:03:12.6, +54:20:56)"
            ))
        })?,
    };
    Ok((coord.ra, coord.dec))
}

/// Reads every position of an input file's `text`.
pub fn read_positions(
    text: &str,
    ra_col: Option<&str>,
    dec_col: Option<&str>,
) -> Result<Vec<Position>, InputError> {
    let first = text
        .lines()
        .map(str::trim)
        .find(|l| !l.is_empty() && !l.starts_with('#'));
    let Some(first) = first else {
        return Err(bad(
            "the input is empty; give a CSV with a header naming RA and Dec columns (ra,dec) \
             or mastui's JSON lines",
        ));
    };
    let positions = if first.trim_start_matches('\u{feff}').starts_with('{') {
        read_jsonl(text, ra_col, dec_col)?
    } else {
        read_csv(text, ra_col, dec_col)?
    };
    if positions.is_empty() {
        return Err(bad("line 1: a header but no positions after it"));
    }
    Ok(positions)
}

fn push(out: &mut Vec<Position>, p: Position) -> Result<(), InputError> {
    if out.len() >= MAX_POSITIONS {
        return Err(bad(format!(
            "line {}: more than {MAX_POSITIONS} positions; split the input into smaller files",
            p.line
        )));
    }
    out.push(p);
    Ok(())
}

fn read_csv(
    text: &str,
    ra_col: Option<&str>,
    dec_col: Option<&str>,
) -> Result<Vec<Position>, InputError> {
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(true)
        .comment(Some(b'#'))
        .flexible(false)
        .from_reader(text.as_bytes());
    let header: Vec<String> = reader
        .headers()
        .map_err(|e| bad(format!("line 1: {e}")))?
        .iter()
        .map(|h| h.trim().trim_start_matches('\u{feff}').to_string())
        .collect();
    let ra_i = find_column(&header, ra_col, RA_NAMES, "--ra-col")?;
    let dec_i = find_column(&header, dec_col, DEC_NAMES, "--dec-col")?;
    let mut out = Vec::new();
    for (n, record) in reader.records().enumerate() {
        let record = record.map_err(|e| {
            let line = e.position().map_or(0, |p| p.line());
            match e.kind() {
                csv::ErrorKind::UnequalLengths {
                    expected_len, len, ..
                } => bad(format!(
                    "line {line}: {len} cells where the header has {expected_len}"
                )),
                _ => bad(format!("line {line}: {e}")),
            }
        })?;
        let line = record.position().map_or(n as u64 + 2, |p| p.line());
        let cell = |i: usize| record.get(i).unwrap_or("");
        let (ra, dec) = position_of(cell(ra_i), cell(dec_i), line, &header[ra_i], &header[dec_i])?;
        push(
            &mut out,
            Position {
                row: n as u64 + 1,
                line,
                ra,
                dec,
            },
        )?;
    }
    Ok(out)
}

fn read_jsonl(
    text: &str,
    ra_col: Option<&str>,
    dec_col: Option<&str>,
) -> Result<Vec<Position>, InputError> {
    let mut out = Vec::new();
    let mut columns: Option<(String, String)> = None;
    let mut row = 0u64;
    for (i, raw) in text.lines().enumerate() {
        let line = i as u64 + 1;
        let l = raw.trim().trim_start_matches('\u{feff}');
        if l.is_empty() || l.starts_with('#') {
            continue;
        }
        let v: serde_json::Value = serde_json::from_str(l)
            .map_err(|e| bad(format!("line {line}: not a JSON object ({e})")))?;
        let obj = v
            .as_object()
            .ok_or_else(|| bad(format!("line {line}: not a JSON object")))?;
        let (ra_key, dec_key) = match &columns {
            Some(c) => c.clone(),
            None => {
                let keys: Vec<String> = obj.keys().cloned().collect();
                let ra = find_column(&keys, ra_col, RA_NAMES, "--ra-col")
                    .map_err(|e| bad(e.message.replacen("line 1", &format!("line {line}"), 1)))?;
                let dec = find_column(&keys, dec_col, DEC_NAMES, "--dec-col")
                    .map_err(|e| bad(e.message.replacen("line 1", &format!("line {line}"), 1)))?;
                let c = (keys[ra].clone(), keys[dec].clone());
                columns = Some(c.clone());
                c
            }
        };
        let cell = |k: &str| match obj.get(k) {
            Some(serde_json::Value::Number(n)) => n.to_string(),
            Some(serde_json::Value::String(s)) => s.clone(),
            Some(serde_json::Value::Null) | None => String::new(),
            Some(other) => other.to_string(),
        };
        let (ra, dec) = position_of(&cell(&ra_key), &cell(&dec_key), line, &ra_key, &dec_key)?;
        row += 1;
        push(&mut out, Position { row, line, ra, dec })?;
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_with_named_columns_and_sexagesimal_cells() {
        let p = read_positions(
            "name,RA,Dec\nm101,210.80227,54.34895\n\"a, b\",14:03:12.6,+54:20:56\n",
            None,
            None,
        )
        .unwrap();
        assert_eq!(p.len(), 2);
        assert_eq!((p[0].row, p[0].line, p[0].ra), (1, 2, 210.80227));
        assert!((p[1].ra - 210.8025).abs() < 1e-3 && (p[1].dec - 54.3489).abs() < 1e-3);
        let p = read_positions("# comment\nx,y\n1,2\n", Some("x"), Some("Y")).unwrap();
        assert_eq!((p[0].ra, p[0].dec), (1.0, 2.0));
    }

    #[test]
    fn mastui_outputs_read_back() {
        // `mastui search --format csv` and `--format jsonl` name their positions s_ra/s_dec.
        let csv = "obs_id,s_ra,s_dec\r\njw01,53.4,-36.1\r\n";
        assert_eq!(read_positions(csv, None, None).unwrap()[0].dec, -36.1);
        let jsonl = "{\"ID\":1,\"ra\":10.5,\"dec\":\"-3.25\"}\n\n{\"ID\":2,\"ra\":11,\"dec\":4}\n";
        let p = read_positions(jsonl, None, None).unwrap();
        assert_eq!((p.len(), p[1].row, p[1].line), (2, 2, 3));
    }

    #[test]
    fn bad_input_names_its_line() {
        let e = read_positions("", None, None).unwrap_err();
        assert!(e.message.contains("empty"), "{e}");
        let e = read_positions("  \n# only a comment\n", None, None).unwrap_err();
        assert!(e.message.contains("empty"), "{e}");
        let e = read_positions("name,mag\nx,3\n", None, None).unwrap_err();
        assert!(
            e.message.contains("line 1") && e.message.contains("--ra-col"),
            "{e}"
        );
        let e = read_positions("ra,dec\n1,2\nabc,5\n", None, None).unwrap_err();
        assert!(
            e.message.starts_with("line 3:") && e.message.contains("abc"),
            "{e}"
        );
        let e = read_positions("ra,dec\n1,2\n3\n", None, None).unwrap_err();
        assert!(e.message.starts_with("line 3:"), "{e}");
        let e = read_positions("ra,dec\n1,\n", None, None).unwrap_err();
        assert!(
            e.message.contains("line 2") && e.message.contains("empty"),
            "{e}"
        );
        let e = read_positions("ra,dec\n10,95\n", None, None).unwrap_err();
        assert!(e.message.starts_with("line 2:"), "{e}");
        let e = read_positions("ra,dec\n", None, None).unwrap_err();
        assert!(e.message.contains("no positions"), "{e}");
        let e = read_positions(
            "{\"ra\":1,\"dec\":2}\n{\"ra\":\"x\",\"dec\":2}\n",
            None,
            None,
        )
        .unwrap_err();
        assert!(e.message.starts_with("line 2:"), "{e}");
        let e = read_positions("{\"ra\":1,\"dec\":2}\nnot json\n", None, None).unwrap_err();
        assert!(e.message.starts_with("line 2:"), "{e}");
        let e = read_positions("ra,dec\n1,2\n", Some("alpha"), None).unwrap_err();
        assert_eq!(e.field, "--ra-col");
    }
}
