//! Tables astropy reads with their types: ECSV and VOTable. Both state each column's type
//! before the first row, so the rows are gathered first (`RowWriter` keeps them) and the
//! type is taken from the values MAST actually sent, MAST's declared type deciding only for
//! columns that hold nothing but nulls. Units and descriptions come from MAST's column
//! configuration when the command has one.
pub mod ecsv;
pub mod votable;

use std::collections::HashMap;

use crate::mast::columns_config::ColumnsConfig;
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
            ColumnData::Text { .. } => ColType::Text,
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
