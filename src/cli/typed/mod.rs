//! Tables astropy reads with their types: ECSV and VOTable. Both state each column's type
//! before the first row, so the rows are gathered first (`RowWriter` keeps them) and the
//! type is taken from the values MAST actually sent, MAST's declared type deciding only for
//! columns that hold nothing but nulls. Units and descriptions come from MAST's column
//! configuration when the command has one.
pub mod ecsv;
pub mod votable;

use std::collections::HashMap;

use crate::mast::columns_config::ColumnsConfig;
use crate::mast::missions_search::columns::MissionColumns;
use crate::mast::table::{Column, ColumnData};

/// A column's type as both formats name it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ColType {
    Int64,
    Float64,
    Bool,
    Text,
}

impl ColType {
    /// From the values held, else (all null) the type MAST declared.
    pub fn of(column: &Column) -> ColType {
        match column.data() {
            ColumnData::Int(_) => ColType::Int64,
            ColumnData::Float(_) => ColType::Float64,
            ColumnData::Bool(_) => ColType::Bool,
            ColumnData::Text { .. } | ColumnData::Dict { .. } => ColType::Text,
            ColumnData::Empty => match column.declared_type().to_ascii_lowercase().as_str() {
                "int" | "integer" | "long" | "short" | "bigint" | "smallint" => ColType::Int64,
                "float" | "double" | "real" | "decimal" | "numeric" => ColType::Float64,
                "boolean" | "bool" => ColType::Bool,
                _ => ColType::Text,
            },
        }
    }
}

/// What MAST's column configuration says of a column beyond its values.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ColumnMeta {
    pub unit: Option<String>,
    pub description: Option<String>,
}

/// Column name (MAST's spelling) to what is known of it.
pub type Meta = HashMap<String, ColumnMeta>;

/// Text safe in both formats: control characters other than tab are dropped (XML 1.0 does
/// not allow them, and a table printed to a terminal must stay inert).
pub fn inert(s: &str) -> std::borrow::Cow<'_, str> {
    if s.chars().any(|c| c.is_control() && c != '\t') {
        s.chars()
            .filter(|c| !c.is_control() || *c == '\t')
            .collect::<String>()
            .into()
    } else {
        s.into()
    }
}

/// A column mastui adds itself, with its unit and description.
fn own(unit: Option<&str>, description: &str) -> ColumnMeta {
    ColumnMeta {
        unit: unit.map(str::to_string),
        description: Some(description.to_string()),
    }
}

/// Descriptions from a mission's column list (the missions search API states no units).
pub fn meta_from_mission(columns: &MissionColumns) -> Meta {
    columns
        .columns
        .iter()
        .filter(|c| !c.description.is_empty())
        .map(|c| (c.name.clone(), own(None, &c.description)))
        .collect()
}

/// A crossmatch's columns: the match's own (from `config`, when MAST has one for the
/// target) and those mastui adds around them.
pub fn meta_for_crossmatch(config: Option<&ColumnsConfig>) -> Meta {
    let mut meta = config.map(meta_from).unwrap_or_default();
    meta.insert(
        "input_row".into(),
        own(
            None,
            "Row of the input file matched (1 is the first data row)",
        ),
    );
    meta.insert(
        "input_ra".into(),
        own(Some("deg"), "Right ascension of the input position"),
    );
    meta.insert(
        "input_dec".into(),
        own(Some("deg"), "Declination of the input position"),
    );
    meta.insert(
        "dstArcSec".into(),
        own(Some("arcsec"), "Distance from the input position"),
    );
    meta
}

/// Units and descriptions from a column configuration.
pub fn meta_from(config: &ColumnsConfig) -> Meta {
    config
        .columns()
        .iter()
        .filter(|c| c.unit.is_some() || c.description.is_some())
        .map(|c| {
            (
                c.name.clone(),
                ColumnMeta {
                    unit: c.unit.clone(),
                    description: c.description.clone(),
                },
            )
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::mast::columns_config::ColumnInfo;
    use crate::mast::missions_search::columns::MissionColumn;

    #[test]
    fn crossmatch_and_mission_columns_are_described() {
        let config = ColumnsConfig::from_columns(vec![ColumnInfo {
            name: "ra".into(),
            unit: Some("deg".into()),
            ..ColumnInfo::default()
        }]);
        let m = meta_for_crossmatch(Some(&config));
        assert_eq!(m["ra"].unit.as_deref(), Some("deg"));
        assert_eq!(m["dstArcSec"].unit.as_deref(), Some("arcsec"));
        assert_eq!(m["input_dec"].unit.as_deref(), Some("deg"));
        assert!(meta_for_crossmatch(None).contains_key("input_row"));
        let cols = MissionColumns {
            columns: vec![
                MissionColumn {
                    name: "targ_ra".into(),
                    qual_type: "ra".into(),
                    description: "RA of the target".into(),
                    default_output: true,
                },
                MissionColumn {
                    name: "x".into(),
                    qual_type: "string".into(),
                    description: String::new(),
                    default_output: false,
                },
            ],
        };
        let m = meta_from_mission(&cols);
        assert_eq!(
            m["targ_ra"].description.as_deref(),
            Some("RA of the target")
        );
        assert!(!m.contains_key("x"));
    }
}
