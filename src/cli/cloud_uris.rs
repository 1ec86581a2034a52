//! `mastui products ... --cloud-uris`: a `cloudURI` column with each product's
//! `s3://stpubdata/<key>` when the public cloud copy holds it (path lookup, then an
//! anonymous HEAD), null otherwise: astroquery's `get_cloud_uris` for the same products.
use tokio_util::sync::CancellationToken;

use super::CliError;
use crate::mast::client::MastClient;
use crate::mast::cloud::copy::CloudCopy;
use crate::mast::cloud::uris::cloud_uris;
use crate::mast::table::{Cell, Column, Table};

/// The column's name, beside MAST's `dataURI`.
pub const CLOUD_URI: &str = "cloudURI";

/// `table` with the `cloudURI` column appended; says on stderr how many are in the cloud.
pub async fn with_cloud_uris(
    client: &MastClient,
    copy: &CloudCopy,
    mut table: Table,
    cancel: &CancellationToken,
) -> Result<Table, CliError> {
    let uris: Vec<String> = (0..table.rows())
        .map(|r| match table.get(r, "dataURI") {
            Cell::Text(s) => s.trim().to_string(),
            _ => String::new(),
        })
        .collect();
    let asked: Vec<String> = uris.iter().filter(|u| !u.is_empty()).cloned().collect();
    let found = cloud_uris(copy, client, &asked, cancel).await?;
    let mut col = Column::new(CLOUD_URI, "string");
    let mut there = 0usize;
    for u in &uris {
        match found.get(u).and_then(Option::as_deref) {
            Some(s3) => {
                there += 1;
                col.push(Cell::Text(s3));
            }
            None => col.push(Cell::Null),
        }
    }
    table.push_column(col);
    eprintln!(
        "mastui: {there} of {} products are in the cloud copy at {}",
        uris.len(),
        copy.bucket.base_url()
    );
    Ok(table)
}
