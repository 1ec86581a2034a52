//! A catalog's column configuration: which columns exist and how MAST filters each, read
//! before any search so that a misspelt column costs no query.
//!
//! For TIC, CTL and Disk Detective this is what astroquery reads too: the `columnsconfig`
//! of `Mast.Catalogs.Tess.Cone` (or `...Dd.Cone`) merged with the histograms of the
//! `Mast.Catalogs.All.Tic` (or `...All.DiskDetective`) answer, whose continuous columns take
//! ranges and discrete ones values. Pan-STARRS describes its columns in `metadata.json`.
use reqwest::Method;
use serde_json::Value;
use tokio_util::sync::CancellationToken;

use super::super::client::MastClient;
use super::super::columns_config::{ColumnInfo, ColumnsConfig};
use super::super::error::MastError;
use super::super::http::{HttpRequest, deadline_after};
use super::super::request::InvokeRequest;
use super::catalog::Catalog;
use super::panstarrs::metadata_url;

impl MastClient {
    /// The columns of `catalog` and how each is filtered; `None` when MAST describes none
    /// for it (then names are checked against the first answer instead).
    pub async fn catalog_columns(
        &self,
        catalog: Catalog,
        cancel: &CancellationToken,
    ) -> Result<Option<ColumnsConfig>, MastError> {
        if let Catalog::Panstarrs(table) = catalog {
            let url = metadata_url(self.base_url(), table)?;
            let req = HttpRequest {
                method: Method::GET,
                url,
                body: None,
                what: format!("Pan-STARRS {} metadata", table.name()),
            };
            let deadline = deadline_after(self.policy().deadline);
            let config = self
                .http()
                .fetch(&req, deadline, cancel, &parse_metadata)
                .await?;
            return Ok(Some(config));
        }
        let (id, all) = catalog.config_ids();
        let config = self.columns_config_of(id, cancel).await?;
        let Some(all) = all else {
            return Ok(config);
        };
        let req = InvokeRequest::new(all, serde_json::json!({})).with_format("extjs");
        let body = self.invoke_bytes(&req, cancel).await?;
        let merged = merge_histograms(config, &body).map_err(|message| MastError::Protocol {
            what: all.to_string(),
            message,
        })?;
        Ok(Some(merged))
    }

    /// The columns config of `Mast.Caom.Products` (labels, units, descriptions of a
    /// product list's columns); `None` when MAST describes none.
    pub async fn products_columns(
        &self,
        cancel: &CancellationToken,
    ) -> Result<Option<ColumnsConfig>, MastError> {
        self.columns_config_of("Mast.Caom.Products", cancel).await
    }

    /// The portal's columns config for any id; `None` when it describes no columns.
    async fn columns_config_of(
        &self,
        id: &str,
        cancel: &CancellationToken,
    ) -> Result<Option<ColumnsConfig>, MastError> {
        let url = reqwest::Url::parse(&format!(
            "{}/portal/Mashup/Mashup.asmx/columnsconfig",
            self.base_url()
        ))
        .map_err(|e| MastError::Protocol {
            what: "columns config".into(),
            message: e.to_string(),
        })?;
        let req = HttpRequest {
            method: Method::POST,
            url,
            body: Some(format!("colConfigId={id}")),
            what: format!("columns config of {id}"),
        };
        let deadline = deadline_after(self.policy().deadline);
        let parse = |b: &[u8]| -> Result<Option<ColumnsConfig>, String> {
            // MAST answers ids it knows little about with `{}` or nothing at all.
            if b.trim_ascii().is_empty() {
                return Ok(None);
            }
            match ColumnsConfig::from_json(b) {
                Ok(c) => Ok(Some(c)),
                Err(e) if e.contains("describes no columns") => Ok(None),
                Err(e) => Err(e),
            }
        };
        self.http().fetch(&req, deadline, cancel, &parse).await
    }
}

/// The columns config with the `All` answer's typing applied: continuous-histogram columns
/// filter by ranges, discrete-histogram ones by values; columns only `Fields` names are
/// typed by their declared type.
pub fn merge_histograms(
    config: Option<ColumnsConfig>,
    all: &[u8],
) -> Result<ColumnsConfig, String> {
    let v: Value = serde_json::from_slice(all).map_err(|e| e.to_string())?;
    let table = v
        .pointer("/data/Tables/0")
        .ok_or("no data.Tables[0] in the extjs answer")?;
    let mut cols: Vec<ColumnInfo> = config.map(|c| c.columns().to_vec()).unwrap_or_default();
    let index = |cols: &mut Vec<ColumnInfo>, name: &str| -> usize {
        match cols.iter().position(|c| c.name.eq_ignore_ascii_case(name)) {
            Some(i) => i,
            None => {
                cols.push(ColumnInfo {
                    name: name.to_string(),
                    ..ColumnInfo::default()
                });
                cols.len() - 1
            }
        }
    };
    if let Some(fields) = table.get("Fields").and_then(Value::as_array) {
        for f in fields {
            let Some(name) = f.get("name").and_then(Value::as_str) else {
                continue;
            };
            let i = index(&mut cols, name);
            if cols[i].datatype.is_none() {
                cols[i].datatype = f
                    .get("type")
                    .and_then(Value::as_str)
                    .map(|t| t.to_ascii_lowercase());
            }
        }
    }
    let props = table.get("ExtendedProperties");
    let keys = |which: &str| -> Vec<String> {
        props
            .and_then(|p| p.get(which))
            .and_then(Value::as_object)
            .map(|o| o.keys().cloned().collect())
            .unwrap_or_default()
    };
    for name in keys("continuousHistogram") {
        let i = index(&mut cols, &name);
        cols[i].treat_numeric = true;
    }
    for name in keys("discreteHistogram") {
        let i = index(&mut cols, &name);
        cols[i].treat_numeric = false;
        cols[i].datatype = Some("char".into());
    }
    if cols.is_empty() {
        return Err("neither the columns config nor the histograms name a column".into());
    }
    Ok(ColumnsConfig::from_columns(cols))
}

/// Pan-STARRS `metadata.json`: a list of `{column_name, type, description, ..}`. Every
/// numeric column takes comparisons (`gte`, `lte`) there, so all are continuous.
pub fn parse_metadata(bytes: &[u8]) -> Result<ColumnsConfig, String> {
    let v: Value = serde_json::from_slice(bytes)
        .map_err(|e| super::super::response::not_json_hint(bytes, e.to_string()))?;
    let list = v
        .as_array()
        .ok_or("the metadata is not a list of columns")?;
    let text = |c: &Value, k: &str| {
        c.get(k)
            .and_then(Value::as_str)
            .map(str::trim)
            .filter(|s| !s.is_empty() && *s != "NULL")
            .map(str::to_string)
    };
    let cols: Vec<ColumnInfo> = list
        .iter()
        .filter_map(|c| {
            let name = text(c, "column_name").or_else(|| text(c, "name"))?;
            let ty = text(c, "type")
                .or_else(|| text(c, "db_type"))
                .map(|t| t.to_ascii_lowercase());
            let numeric = ty
                .as_deref()
                .is_some_and(|t| !matches!(t, "char" | "string" | "varchar" | "boolean"));
            Some(ColumnInfo {
                name,
                datatype: ty,
                treat_numeric: numeric,
                description: text(c, "description"),
                unit: text(c, "unit"),
                is_mjd: Some(false),
                ..ColumnInfo::default()
            })
        })
        .collect();
    if cols.is_empty() {
        return Err("the metadata lists no columns".into());
    }
    Ok(ColumnsConfig::from_columns(cols))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::mast::columns_config::ColumnKind;

    #[test]
    fn histograms_decide_how_columns_filter() {
        let config = ColumnsConfig::from_json(
            br#"{"ID": {"text": "TIC ID"}, "Tmag": {"text": "TESS Mag."}, "objType": {"vot.datatype": "double"}}"#,
        )
        .unwrap();
        let all = br#"{"status":"COMPLETE","data":{"Tables":[{"ExtendedProperties":{
            "discreteHistogram":{"objType":{"hist":[]},"lumclass":{"hist":[]}},
            "continuousHistogram":{"ID":{"type":"numeric"},"Tmag":{"type":"numeric"}}},
            "Fields":[{"name":"ID","type":"string"},{"name":"HIP","type":"int"},{"name":"version","type":"string"}]}]}}"#;
        let c = merge_histograms(Some(config), all).unwrap();
        assert_eq!(c.kind("ID"), Some(ColumnKind::Continuous));
        assert_eq!(c.kind("tmag"), Some(ColumnKind::Continuous));
        assert!(matches!(
            c.kind("objType"),
            Some(ColumnKind::Discrete { .. })
        ));
        assert!(matches!(
            c.kind("lumclass"),
            Some(ColumnKind::Discrete { .. })
        ));
        // Only in Fields: typed by the declared type.
        assert!(c.column("HIP").unwrap().is_integer());
        assert!(c.column("version").is_some());
        assert!(merge_histograms(None, b"{}").is_err());
    }

    #[test]
    fn panstarrs_metadata_types_numbers_as_ranges() {
        let c = parse_metadata(
            br#"[{"name":"objName","column_name":"objName","type":"char","db_type":"STRING","unit":"NULL"},
                 {"name":"nDetections","column_name":"nDetections","type":"short","db_type":"SMALLINT"},
                 {"column_name":"gMeanPSFMag","type":"float","unit":"mag"}]"#,
        )
        .unwrap();
        assert_eq!(c.kind("nDetections"), Some(ColumnKind::Continuous));
        assert_eq!(c.kind("GMEANPSFMAG"), Some(ColumnKind::Continuous));
        assert!(matches!(
            c.kind("objName"),
            Some(ColumnKind::Discrete { .. })
        ));
        assert_eq!(c.column("objName").unwrap().unit, None);
        assert!(parse_metadata(b"[]").is_err());
        assert!(parse_metadata(b"<html>").unwrap_err().contains("HTML"));
    }
}
