//! Search criteria, from what people type to MAST's filter list.
//!
//! The value grammar of a term depends on how MAST filters its column (see
//! [`ColumnsConfig::kind`]):
//!
//! - text columns (discrete): comma-separated alternatives, OR'ed (`HST,JWST`); one wildcard
//!   pattern instead (`NIRCAM*`, `*` or `%` match anything), which cannot be mixed with other
//!   alternatives; `"..."` quotes a value holding a comma, or a literal starting with `<`/`>`
//!   or holding `..`.
//! - whole-number columns (discrete, e.g. calib_level, obsid): integers and small ranges
//!   expanded to values (`2,3`, `2..4`).
//! - numeric columns (continuous): `N` (exactly), `lo..hi`, `lo..`, `..hi`, `>=N`, `<=N`, `>N`,
//!   `<N`; on MJD columns each end may be a date (`2022-07-12`, a whole day) or date and time.
//!
//! Several terms on one discrete column are OR'ed into one filter; every range or wildcard is
//! its own filter entry, and MAST ANDs the entries.
use std::fmt;

use super::columns_config::{ColumnInfo, ColumnKind, ColumnsConfig};
use super::coords::SkyCoord;
use super::dates::parse_date_span;
use super::error::InputError;

/// Where to search: a name to resolve or coordinates.
#[derive(Debug, Clone, PartialEq)]
pub enum Target {
    Name(String),
    Coords(SkyCoord),
}

/// One criterion as typed: a CAOM column and a value text such as `JWST`, `2,3`,
/// `100..1000`, `NIRCAM*`, `2022-07-12..`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Term {
    pub column: String,
    pub value: String,
}

impl Term {
    pub fn new(column: impl Into<String>, value: impl Into<String>) -> Term {
        Term {
            column: column.into(),
            value: value.into(),
        }
    }

    /// `column=value`, or `column>=N` / `column<N` style comparisons (the operator stays in
    /// the value). Only the name is checked here; [`build_filters`] checks the rest.
    pub fn parse(text: &str) -> Result<Term, InputError> {
        let t = text.trim();
        let Some(at) = t.find(['=', '<', '>', '\u{2264}', '\u{2265}']) else {
            return Err(InputError::new(
                "criteria",
                format!(
                    "'{t}' is not a criterion; write column=value, e.g. obs_collection=JWST, \
                     calib_level=2,3, t_exptime>=100"
                ),
            ));
        };
        let column = t[..at].trim();
        let rest = &t[at..];
        // `=` separates; a comparison operator belongs to the value.
        let value = rest.strip_prefix('=').unwrap_or(rest).trim();
        if column.is_empty() {
            return Err(InputError::new(
                "criteria",
                format!("'{t}' has no column name before the operator"),
            ));
        }
        Ok(Term::new(column, value))
    }
}

/// `column=value`, or `column>=N` when the value is a comparison: what [`Term::parse`] reads.
impl fmt::Display for Term {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.value.starts_with(['<', '>', '\u{2264}', '\u{2265}']) {
            write!(f, "{}{}", self.column, self.value)
        } else {
            write!(f, "{}={}", self.column, self.value)
        }
    }
}

/// Everything a search asks for.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Criteria {
    pub target: Option<Target>,
    /// Cone radius in degrees; a default applies when a target is given without one.
    pub radius_deg: Option<f64>,
    pub terms: Vec<Term>,
}

impl Criteria {
    /// Nothing asked: no target and no terms.
    pub fn is_empty(&self) -> bool {
        self.target.is_none() && self.terms.is_empty()
    }

    /// The terms as MAST filters; see [`build_filters`].
    pub fn filters(&self, config: &ColumnsConfig) -> Result<Vec<Filter>, InputError> {
        build_filters(&self.terms, config)
    }
}

/// One entry of MAST's `params.filters`.
#[derive(Debug, Clone, PartialEq)]
pub enum Filter {
    Discrete {
        param: String,
        values: Vec<String>,
        separator: Option<String>,
    },
    Range {
        param: String,
        min: f64,
        max: f64,
    },
    FreeText {
        param: String,
        text: String,
    },
}

/// Stands for "no lower bound": MAST's range filter needs both ends.
pub const OPEN_MIN: f64 = -1e30;
/// Stands for "no upper bound".
pub const OPEN_MAX: f64 = 1e30;

/// Integer ranges on discrete columns are expanded to at most this many values.
pub const MAX_EXPANDED_VALUES: usize = 100;

impl Filter {
    /// The column MAST filters on.
    pub fn param(&self) -> &str {
        match self {
            Filter::Discrete { param, .. }
            | Filter::Range { param, .. }
            | Filter::FreeText { param, .. } => param,
        }
    }

    pub fn to_json(&self) -> serde_json::Value {
        use serde_json::json;
        match self {
            Filter::Discrete {
                param,
                values,
                separator,
            } => {
                let mut v = json!({"paramName": param, "values": values});
                if let (Some(sep), Some(obj)) = (separator, v.as_object_mut()) {
                    obj.insert("separator".into(), json!(sep));
                }
                v
            }
            Filter::Range { param, min, max } => {
                json!({"paramName": param, "values": [{"min": min, "max": max}]})
            }
            Filter::FreeText { param, text } => {
                json!({"paramName": param, "values": [], "freeText": text})
            }
        }
    }
}

/// What one term's value asks for, before merging with other terms.
enum Parsed {
    Values(Vec<String>),
    Wildcard(String),
    Range(f64, f64),
}

/// Validates every term against the columns config (unknown names refused with the closest
/// valid one suggested) and types it as MAST wants.
pub fn build_filters(terms: &[Term], config: &ColumnsConfig) -> Result<Vec<Filter>, InputError> {
    let mut filters: Vec<Filter> = Vec::new();
    for term in terms {
        let typed = term.column.trim();
        if typed.is_empty() {
            return Err(InputError::new(
                "criteria",
                format!("a criterion has no column name (value '{}')", term.value),
            ));
        }
        let Some(info) = config.column(typed) else {
            return Err(unknown_column(typed, config));
        };
        let param = info.name.clone();
        match parse_value(info, &term.value)? {
            Parsed::Values(new) => {
                let existing = filters.iter_mut().find_map(|f| match f {
                    Filter::Discrete {
                        param: p, values, ..
                    } if *p == param => Some(values),
                    _ => None,
                });
                match existing {
                    Some(values) => {
                        for v in new {
                            if !values.contains(&v) {
                                values.push(v);
                            }
                        }
                    }
                    None => filters.push(Filter::Discrete {
                        param,
                        values: new,
                        separator: match info.kind() {
                            ColumnKind::Discrete { separator } => separator,
                            ColumnKind::Continuous => None,
                        },
                    }),
                }
            }
            Parsed::Wildcard(text) => filters.push(Filter::FreeText { param, text }),
            Parsed::Range(min, max) => filters.push(Filter::Range { param, min, max }),
        }
    }
    Ok(filters)
}

/// "unknown column 'x'; did you mean 'y'?" (or the list of valid names), under the name typed.
pub(crate) fn unknown_column(typed: &str, config: &ColumnsConfig) -> InputError {
    let message = match config.suggest(typed) {
        Some(s) => format!("unknown column '{typed}'; did you mean '{s}'?"),
        None => format!(
            "unknown column '{typed}'; valid columns: {}",
            config.searchable_names().join(", ")
        ),
    };
    InputError::new(typed, message)
}

fn parse_value(info: &ColumnInfo, value: &str) -> Result<Parsed, InputError> {
    if info.is_continuous() {
        parse_range(info, value)
    } else if info.is_integer() {
        parse_integers(info, value)
    } else {
        parse_text_values(info, value)
    }
}

fn value_error(info: &ColumnInfo, what: impl fmt::Display) -> InputError {
    let forms = if info.is_continuous() {
        let mut f = format!(
            "accepted forms for {}: a number `N`, a range `lo..hi`, `lo..` or `..hi`, \
             or `>=N`, `<=N`, `>N`, `<N`",
            info.name
        );
        if info.is_mjd() {
            f.push_str(
                ", where N is an MJD (`59772.5`), a date (`2022-07-12`, the whole day) \
                 or a date and time (`2022-07-12T10:30:00`)",
            );
        }
        f
    } else if info.is_integer() {
        format!(
            "accepted forms for {}: whole numbers separated by commas (`2,3`) or a range \
             of at most {MAX_EXPANDED_VALUES} values (`2..4`)",
            info.name
        )
    } else {
        format!(
            "accepted forms for {}: values separated by commas (`HST,JWST`), or one wildcard \
             pattern (`NIRCAM*`; * or % match anything); quote a value holding a comma (`\"a,b\"`)",
            info.name
        )
    };
    InputError::new(info.name.clone(), format!("{what}; {forms}"))
}

fn is_wildcard(s: &str) -> bool {
    s.contains(['*', '%'])
}

/// One end of a range as the inclusive interval it denotes: a number is a point, a bare date
/// on an MJD column is its whole day.
fn parse_end(info: &ColumnInfo, text: &str) -> Result<(f64, f64), InputError> {
    let t = text.trim();
    if info.is_mjd() {
        let (start, end) = parse_date_span(&info.name, t)?;
        return Ok(if end > start {
            (start, end.next_down())
        } else {
            (start, end)
        });
    }
    match t.parse::<f64>() {
        Ok(x) if x.is_finite() => Ok((x, x)),
        _ if t.is_empty() => Err(value_error(info, "a number is missing")),
        _ => Err(value_error(info, format!("'{t}' is not a number"))),
    }
}

/// Turns an operator's operand interval (lo, hi) into the (min, max) MAST is sent.
type Bounds = fn(f64, f64) -> (f64, f64);

fn parse_range(info: &ColumnInfo, value: &str) -> Result<Parsed, InputError> {
    let v = value.trim();
    if v.is_empty() {
        return Err(value_error(info, "no value given"));
    }
    if is_wildcard(v) {
        return Err(value_error(
            info,
            format!(
                "'{v}': wildcards apply to text columns, and {} is numeric",
                info.name
            ),
        ));
    }
    if v.contains(',') {
        return Err(value_error(
            info,
            format!(
                "'{v}': one range per criterion on numeric columns; repeat the column to \
                 narrow further (each range must hold)"
            ),
        ));
    }
    let ops: [(&str, Bounds); 6] = [
        (">=", |lo, _| (lo, OPEN_MAX)),
        ("\u{2265}", |lo, _| (lo, OPEN_MAX)),
        ("<=", |_, hi| (OPEN_MIN, hi)),
        ("\u{2264}", |_, hi| (OPEN_MIN, hi)),
        (">", |_, hi| (hi.next_up(), OPEN_MAX)),
        ("<", |lo, _| (OPEN_MIN, lo.next_down())),
    ];
    for (op, bounds) in ops {
        if let Some(rest) = v.strip_prefix(op) {
            let (lo, hi) = parse_end(info, rest)?;
            let (min, max) = bounds(lo, hi);
            // Past the open ends (±1e30) a comparison leaves nothing to match: say so
            // rather than send MAST a range whose start is after its end.
            if min > max {
                return Err(value_error(
                    info,
                    format!("'{v}' leaves no value to match (numbers go up to ±{OPEN_MAX:e})"),
                ));
            }
            return Ok(Parsed::Range(min, max));
        }
    }
    if let Some((a, b)) = v.split_once("..") {
        let (a, b) = (a.trim(), b.trim());
        if a.is_empty() && b.is_empty() {
            return Err(value_error(info, "'..' needs at least one end"));
        }
        let min = if a.is_empty() {
            OPEN_MIN
        } else {
            parse_end(info, a)?.0
        };
        let max = if b.is_empty() {
            OPEN_MAX
        } else {
            parse_end(info, b)?.1
        };
        if min > max {
            return Err(value_error(
                info,
                format!("'{v}': the start is after the end"),
            ));
        }
        return Ok(Parsed::Range(min, max));
    }
    let (min, max) = parse_end(info, v)?;
    Ok(Parsed::Range(min, max))
}

/// One comma-separated alternative, and whether any of it was quoted (quoted text is taken
/// literally: no ranges or comparisons, no trimming).
struct Alternative {
    text: String,
    quoted: bool,
}

/// Splits on commas outside double quotes; quotes are removed.
fn split_alternatives(info: &ColumnInfo, value: &str) -> Result<Vec<Alternative>, InputError> {
    let mut out = Vec::new();
    let mut cur = String::new();
    let mut quoted = false;
    let mut in_quotes = false;
    for c in value.chars() {
        match c {
            '"' => {
                in_quotes = !in_quotes;
                quoted = true;
            }
            ',' if !in_quotes => {
                out.push(Alternative {
                    text: std::mem::take(&mut cur),
                    quoted,
                });
                quoted = false;
            }
            _ => cur.push(c),
        }
    }
    if in_quotes {
        return Err(value_error(
            info,
            format!("'{value}' has an unclosed quote"),
        ));
    }
    out.push(Alternative { text: cur, quoted });
    for a in &mut out {
        if !a.quoted {
            a.text = a.text.trim().to_string();
        }
        if a.text.is_empty() {
            return Err(value_error(
                info,
                if value.trim().is_empty() {
                    "no value given".to_string()
                } else {
                    format!("'{value}' has an empty value")
                },
            ));
        }
    }
    Ok(out)
}

fn parse_text_values(info: &ColumnInfo, value: &str) -> Result<Parsed, InputError> {
    let alternatives = split_alternatives(info, value)?;
    let wildcards = alternatives.iter().filter(|a| is_wildcard(&a.text)).count();
    if wildcards > 0 {
        if alternatives.len() > 1 {
            return Err(value_error(
                info,
                format!(
                    "'{value}': a wildcard pattern must be the only value of its criterion \
                     (MAST takes one pattern per filter and cannot OR it with other values)"
                ),
            ));
        }
        let text = alternatives
            .first()
            .map(|a| a.text.replace('*', "%"))
            .unwrap_or_default();
        return Ok(Parsed::Wildcard(text));
    }
    for a in alternatives.iter().filter(|a| !a.quoted) {
        if a.text.starts_with(['<', '>', '\u{2264}', '\u{2265}']) || a.text.contains("..") {
            return Err(value_error(
                info,
                format!(
                    "'{}': ranges and comparisons apply to numeric columns, and {} holds \
                     text (quote the value to search for it literally)",
                    a.text, info.name
                ),
            ));
        }
    }
    Ok(Parsed::Values(
        alternatives.into_iter().map(|a| a.text).collect(),
    ))
}

fn parse_integer(info: &ColumnInfo, text: &str) -> Result<i64, InputError> {
    let t = text.trim();
    t.strip_prefix('+')
        .unwrap_or(t)
        .parse::<i64>()
        .map_err(|_| {
            let mut what = format!(
                "'{t}' is not a whole number, and {} holds whole numbers",
                info.name
            );
            if info.name.eq_ignore_ascii_case("obsid") {
                what.push_str(
                    " (the product group id); dataset names such as \
                 'jw01073-o001_t001_nircam_clear-f277w' belong in obs_id",
                );
            }
            value_error(info, what)
        })
}

fn parse_integers(info: &ColumnInfo, value: &str) -> Result<Parsed, InputError> {
    let mut values: Vec<String> = Vec::new();
    let mut push = |v: i64| {
        let s = v.to_string();
        if !values.contains(&s) {
            values.push(s);
        }
    };
    for a in split_alternatives(info, value)? {
        let t = a.text.trim();
        if is_wildcard(t) {
            return Err(value_error(
                info,
                format!(
                    "'{t}': wildcards apply to text columns, and {} holds numbers",
                    info.name
                ),
            ));
        }
        if t.starts_with(['<', '>', '\u{2264}', '\u{2265}']) {
            return Err(value_error(
                info,
                format!(
                    "'{t}': MAST matches {} by exact values; give a closed range such as `2..4`",
                    info.name
                ),
            ));
        }
        if let Some((lo, hi)) = t.split_once("..") {
            if lo.trim().is_empty() || hi.trim().is_empty() {
                return Err(value_error(
                    info,
                    format!("'{t}': ranges on {} need both ends", info.name),
                ));
            }
            let (lo, hi) = (parse_integer(info, lo)?, parse_integer(info, hi)?);
            if lo > hi {
                return Err(value_error(
                    info,
                    format!("'{t}': the start is after the end"),
                ));
            }
            let count = i128::from(hi) - i128::from(lo) + 1;
            if count > MAX_EXPANDED_VALUES as i128 {
                return Err(value_error(
                    info,
                    format!("'{t}' would list {count} values; at most {MAX_EXPANDED_VALUES}"),
                ));
            }
            for v in lo..=hi {
                push(v);
            }
        } else {
            push(parse_integer(info, t)?);
        }
    }
    Ok(Parsed::Values(values))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn caom() -> ColumnsConfig {
        ColumnsConfig::from_json(include_bytes!(
            "../../tests/fixtures/columnsconfig_caom.json"
        ))
        .unwrap()
    }

    fn build(terms: &[(&str, &str)]) -> Result<Vec<Filter>, InputError> {
        let terms: Vec<Term> = terms.iter().map(|(c, v)| Term::new(*c, *v)).collect();
        build_filters(&terms, &caom())
    }

    fn one(column: &str, value: &str) -> Filter {
        let mut f = build(&[(column, value)]).unwrap_or_else(|e| panic!("{column}={value}: {e}"));
        assert_eq!(f.len(), 1, "{f:?}");
        f.remove(0)
    }

    fn range(column: &str, value: &str) -> (f64, f64) {
        match one(column, value) {
            Filter::Range { min, max, .. } => (min, max),
            other => panic!("{column}={value}: {other:?}"),
        }
    }

    fn err(column: &str, value: &str) -> InputError {
        build(&[(column, value)]).unwrap_err()
    }

    #[test]
    fn json_shapes_are_mast_s() {
        assert_eq!(
            one("calib_level", "2,3").to_json(),
            json!({"paramName": "calib_level", "values": ["2", "3"]})
        );
        assert_eq!(
            one("obs_collection", "HST,JWST").to_json(),
            json!({"paramName": "obs_collection", "values": ["HST", "JWST"], "separator": ";"})
        );
        assert_eq!(
            one("t_min", "59000..59100.5").to_json(),
            json!({"paramName": "t_min", "values": [{"min": 59000.0, "max": 59100.5}]})
        );
        assert_eq!(
            one("proposal_pi", "Ost*").to_json(),
            json!({"paramName": "proposal_pi", "values": [], "freeText": "Ost%"})
        );
        assert_eq!(
            one("t_exptime", ">=100").to_json(),
            json!({"paramName": "t_exptime", "values": [{"min": 100.0, "max": 1e30}]})
        );
    }

    #[test]
    fn comparisons_past_the_open_ends_are_refused() {
        // Found by tests/fuzz (long mode): `>1e30` built min 1.0000000000000002e30 with
        // max 1e30, a range MAST can never match, sent without a word.
        for v in [">1e30", ">=2e30", "<-1e30", "<=-5e30"] {
            let e = err("t_exptime", v);
            assert!(e.message.contains("leaves no value"), "{v}: {}", e.message);
        }
        assert_eq!(range("t_exptime", ">=1e30"), (1e30, 1e30));
    }

    #[test]
    fn unknown_columns_suggest() {
        let e = err("calib_lvel", "2");
        assert_eq!(e.field, "calib_lvel");
        assert_eq!(
            e.message,
            "unknown column 'calib_lvel'; did you mean 'calib_level'?"
        );
        let e = err("banana", "2");
        assert!(
            e.message
                .contains("valid columns: intentType, obs_collection"),
            "{}",
            e.message
        );
        let e = build(&[("  ", "x")]).unwrap_err();
        assert_eq!(e.field, "criteria");
    }

    #[test]
    fn names_take_mast_spelling() {
        assert_eq!(one("OBS_COLLECTION", "HST").param(), "obs_collection");
        assert_eq!(one("intenttype", "science").param(), "intentType");
        assert_eq!(one(" OBSID ", "2003738726").param(), "obsid");
    }

    #[test]
    fn discrete_alternatives_are_trimmed_and_checked() {
        match one("instrument_name", " NIRCAM/IMAGE , MIRI/IFU ") {
            Filter::Discrete {
                values, separator, ..
            } => {
                assert_eq!(values, ["NIRCAM/IMAGE", "MIRI/IFU"]);
                assert_eq!(separator, None);
            }
            other => panic!("{other:?}"),
        }
        for v in ["HST,,JWST", "HST,", ",HST", "", "  ", "\"\""] {
            let e = err("obs_collection", v);
            assert_eq!(e.field, "obs_collection");
            assert!(
                e.message.contains("accepted forms for obs_collection"),
                "{v}: {}",
                e.message
            );
        }
    }

    #[test]
    fn quotes_keep_commas_and_literals() {
        let values = |f: Filter| match f {
            Filter::Discrete { values, .. } => values,
            other => panic!("{other:?}"),
        };
        assert_eq!(
            values(one("target_name", "\"M31, core\",M32")),
            ["M31, core", "M32"]
        );
        assert_eq!(values(one("target_name", "\">x\"")), [">x"]);
        assert_eq!(values(one("obs_title", "\"a..b\"")), ["a..b"]);
        assert!(
            err("target_name", "\"M31")
                .message
                .contains("unclosed quote")
        );
        assert!(err("target_name", ">x").message.contains("numeric columns"));
        assert!(
            err("proposal_id", "1000..1010")
                .message
                .contains("numeric columns")
        );
    }

    #[test]
    fn wildcards() {
        assert_eq!(
            one("instrument_name", "NIRCAM*"),
            Filter::FreeText {
                param: "instrument_name".into(),
                text: "NIRCAM%".into()
            }
        );
        assert_eq!(
            one("target_name", "*M101%"),
            Filter::FreeText {
                param: "target_name".into(),
                text: "%M101%".into()
            }
        );
        let e = err("instrument_name", "NIRCAM*,MIRI/IFU");
        assert!(e.message.contains("only value"), "{}", e.message);
        assert!(
            err("instrument_name", "NIRCAM*,MIRI*")
                .message
                .contains("only value")
        );
        assert!(
            err("t_exptime", "10*")
                .message
                .contains("wildcards apply to text")
        );
        assert!(
            err("calib_level", "2*")
                .message
                .contains("wildcards apply to text")
        );
    }

    #[test]
    fn continuous_shapes() {
        assert_eq!(range("t_exptime", "100..1000"), (100.0, 1000.0));
        assert_eq!(range("t_exptime", " 100 .. 1000 "), (100.0, 1000.0));
        assert_eq!(range("t_exptime", "100.."), (100.0, OPEN_MAX));
        assert_eq!(range("t_exptime", "..1000"), (OPEN_MIN, 1000.0));
        assert_eq!(range("t_exptime", "500"), (500.0, 500.0));
        assert_eq!(range("s_dec", "-10..-5"), (-10.0, -5.0));
        assert_eq!(range("s_dec", "..-5"), (OPEN_MIN, -5.0));
        assert_eq!(range("em_min", "1e3..2E3"), (1000.0, 2000.0));
        assert_eq!(range("t_exptime", ">=100"), (100.0, OPEN_MAX));
        assert_eq!(range("t_exptime", "<=100"), (OPEN_MIN, 100.0));
        assert_eq!(range("t_exptime", "\u{2265} 100"), (100.0, OPEN_MAX));
        let (min, max) = range("t_exptime", ">100");
        assert!(min > 100.0 && min < 100.000_000_001 && max == OPEN_MAX);
        let (min, max) = range("t_exptime", "<100");
        assert!(max < 100.0 && max > 99.999_999_999 && min == OPEN_MIN);
        let (min, _) = range("s_dec", ">0");
        assert!(min > 0.0);
        let (_, max) = range("s_dec", "<0");
        assert!(max < 0.0);
    }

    #[test]
    fn continuous_errors() {
        for (v, needle) in [
            ("abc", "'abc' is not a number"),
            ("1..x", "'x' is not a number"),
            ("10..1", "start is after the end"),
            ("..", "needs at least one end"),
            (">=", "a number is missing"),
            ("1,2", "one range per criterion"),
            ("nan", "not a number"),
            ("inf..", "not a number"),
            ("", "no value given"),
            ("1..2..3", "not a number"),
        ] {
            let e = err("t_exptime", v);
            assert_eq!(e.field, "t_exptime");
            assert!(e.message.contains(needle), "{v}: {}", e.message);
            assert!(e.message.contains("accepted forms for t_exptime"), "{v}");
        }
    }

    #[test]
    fn mjd_columns_take_dates() {
        assert_eq!(range("t_min", "59000..59100.5"), (59000.0, 59100.5));
        // A bare date is its whole day, so an upper bound includes that day.
        let (min, max) = range("t_min", "2022-07-01..2022-07-31");
        assert_eq!(min, 59761.0);
        assert!(max < 59792.0 && max > 59_791.999_999);
        assert_eq!(range("t_obs_release", "2022-07-12..").0, 59772.0);
        let (min, max) = range("t_min", "2022-07-12");
        assert!(min == 59772.0 && max > 59772.999 && max < 59773.0);
        assert_eq!(range("t_min", "2022-07-12T12:00:00"), (59772.5, 59772.5));
        assert_eq!(range("t_max", ">2022-07-12").0, 59773.0);
        assert_eq!(range("t_max", ">=2022-07-12").0, 59772.0);
        assert!(range("t_max", "<2022-07-12").1 < 59772.0);
        assert!(range("t_max", "<=2022-07-12").1 > 59772.999);
        assert_eq!(
            range("t_min", "59772.5..2022-07-13T00:00"),
            (59772.5, 59773.0)
        );
        let e = err("t_min", "2022-02-30..");
        assert_eq!(e.field, "t_min");
        assert!(e.message.contains("has 28 days"), "{}", e.message);
        assert!(err("t_min", "2022").message.contains("looks like a year"));
        assert!(
            err("t_min", "..1e9")
                .message
                .contains("outside 0 to 100000")
        );
        // Dates are only for MJD columns.
        assert!(
            err("t_exptime", "2022-07-12")
                .message
                .contains("not a number")
        );
    }

    #[test]
    fn integer_columns() {
        let values = |c: &str, v: &str| match one(c, v) {
            Filter::Discrete { values, .. } => values,
            other => panic!("{other:?}"),
        };
        assert_eq!(values("calib_level", "2..3"), ["2", "3"]);
        assert_eq!(values("calib_level", "0, 2..4, 3"), ["0", "2", "3", "4"]);
        assert_eq!(values("calib_level", "+2,02"), ["2"]);
        assert_eq!(
            values("obsid", "2003738726,2003738727"),
            ["2003738726", "2003738727"]
        );
        assert_eq!(values("sequence_number", "-1..1"), ["-1", "0", "1"]);
        let e = err("obsid", "jw01073-o001_t001_nircam_clear-f277w");
        assert!(e.message.contains("belong in obs_id"), "{}", e.message);
        assert!(
            err("calib_level", "two")
                .message
                .contains("not a whole number")
        );
        assert!(
            err("calib_level", "2.5")
                .message
                .contains("not a whole number")
        );
        assert!(err("calib_level", ">=2").message.contains("closed range"));
        assert!(err("calib_level", "2..").message.contains("both ends"));
        assert!(
            err("calib_level", "3..2")
                .message
                .contains("start is after")
        );
        assert!(err("obsid", "1..1000").message.contains("at most 100"));
        let e = err("obsid", "-9223372036854775808..9223372036854775807");
        assert!(e.message.contains("at most 100"), "{}", e.message);
        assert!(
            err("obsid", "99999999999999999999")
                .message
                .contains("not a whole number")
        );
    }

    #[test]
    fn terms_on_one_column_combine() {
        let f = build(&[
            ("calib_level", "2"),
            ("obs_collection", "JWST"),
            ("CALIB_LEVEL", "3,2"),
            ("t_min", ">=59000"),
            ("t_min", "<=59100"),
            ("target_name", "*M101*"),
            ("target_name", "NGC*"),
        ])
        .unwrap();
        let json: Vec<_> = f.iter().map(Filter::to_json).collect();
        assert_eq!(
            json,
            [
                json!({"paramName": "calib_level", "values": ["2", "3"]}),
                json!({"paramName": "obs_collection", "values": ["JWST"], "separator": ";"}),
                json!({"paramName": "t_min", "values": [{"min": 59000.0, "max": 1e30}]}),
                json!({"paramName": "t_min", "values": [{"min": -1e30, "max": 59100.0}]}),
                json!({"paramName": "target_name", "values": [], "freeText": "%M101%"}),
                json!({"paramName": "target_name", "values": [], "freeText": "NGC%"}),
            ]
        );
        assert_eq!(build(&[]).unwrap(), Vec::<Filter>::new());
    }

    #[test]
    fn term_parse_and_display() {
        let t = Term::parse("obs_collection=JWST,HST").unwrap();
        assert_eq!(t, Term::new("obs_collection", "JWST,HST"));
        assert_eq!(t.to_string(), "obs_collection=JWST,HST");
        let t = Term::parse(" t_exptime >= 100 ").unwrap();
        assert_eq!(t, Term::new("t_exptime", ">= 100"));
        assert_eq!(t.to_string(), "t_exptime>= 100");
        assert_eq!(
            Term::parse("t_min<59000").unwrap(),
            Term::new("t_min", "<59000")
        );
        assert_eq!(Term::parse("a=b=c").unwrap(), Term::new("a", "b=c"));
        assert_eq!(
            Term::parse("\u{e9}\u{2264}5").unwrap(),
            Term::new("\u{e9}", "\u{2264}5")
        );
        assert_eq!(Term::parse("JWST").unwrap_err().field, "criteria");
        assert!(Term::parse("=JWST").is_err());
        assert!(Term::parse("").is_err());
    }

    #[test]
    fn criteria_helpers() {
        let mut c = Criteria::default();
        assert!(c.is_empty());
        c.terms.push(Term::new("calib_level", "3"));
        assert!(!c.is_empty());
        assert_eq!(c.filters(&caom()).unwrap().len(), 1);
        let c = Criteria {
            target: Some(Target::Name("M101".into())),
            ..Criteria::default()
        };
        assert!(!c.is_empty());
    }

    #[test]
    fn nothing_panics() {
        let config = caom();
        let columns = config.names();
        let values = [
            "",
            ",",
            "..",
            "...",
            "\"",
            "\"\"",
            "*",
            "%",
            ">",
            "<",
            ">=",
            "<=",
            "\u{2265}",
            "1..",
            "..1",
            "a..b",
            "\u{e9}..\u{e9}",
            "1,,2",
            "-",
            "+",
            "--1",
            "1e400",
            "2022-02-29",
            "2022-13-01..",
            "\u{1f680}",
            "1\"2",
            ">\u{e9}",
            "*..*",
            "9223372036854775807..9223372036854775807",
            "-9223372036854775808",
        ];
        for c in &columns {
            for v in values {
                let _ = build_filters(&[Term::new(*c, v)], &config);
            }
        }
    }
}
