//! `mastui products OBSID...`: the de-duplicated product list of observations.
use tokio_util::sync::CancellationToken;

use super::args::{Format, ProductsArgs};
use super::output::RowWriter;
use super::{CliError, DEFAULT_PRODUCT_COLUMNS};
use crate::mast::client::MastClient;
use crate::mast::products::ProductList;
use crate::mast::products_fetch::ProductFetchOptions;
use crate::mast::table::{Cell, Column, Table};

/// Reads obsids, refusing the classic mix-up with obs_id dataset names.
pub fn parse_obsids(args: &[String]) -> Result<Vec<i64>, CliError> {
    let mut out = Vec::with_capacity(args.len());
    for a in args {
        for part in a.split(',').map(str::trim).filter(|p| !p.is_empty()) {
            match part.parse::<i64>() {
                Ok(n) if n > 0 => {
                    if !out.contains(&n) {
                        out.push(n);
                    }
                }
                _ => {
                    return Err(CliError::input(
                        "OBSID",
                        format!(
                            "'{part}' is not an obsid: products take the integer product group id \
                             (the `obsid` column, e.g. 2003738726), not the dataset name \
                             (`obs_id`, e.g. jw01073-o001_t001_nircam_clear-f277w); \
                             find it with `mastui search ... --columns obs_id,obsid`"
                        ),
                    ));
                }
            }
        }
    }
    if out.is_empty() {
        return Err(CliError::input("OBSID", "give at least one obsid"));
    }
    Ok(out)
}

/// The product table with the `shared_by` column appended.
pub fn with_shared_by(list: &ProductList) -> Table {
    let mut table = list.table().clone();
    let mut col = Column::new("shared_by", "int");
    for row in 0..table.rows() {
        col.push(Cell::Int(i64::from(list.shared_by(row))));
    }
    table.push_column(col);
    table
}

pub async fn run(
    client: &MastClient,
    args: &ProductsArgs,
    cancel: &CancellationToken,
) -> Result<(), CliError> {
    let obsids = parse_obsids(&args.obsids)?;
    if args.batch == 0 || args.parallel == 0 {
        return Err(CliError::input("--batch/--parallel", "must be at least 1"));
    }
    let opts = ProductFetchOptions {
        batch_size: args.batch,
        max_in_flight: args.parallel,
        ..ProductFetchOptions::default()
    };
    let list = client.fetch_product_list(&obsids, &opts, cancel).await?;
    let table = with_shared_by(&list);
    let shown = match args.format {
        Format::Table => Some(
            DEFAULT_PRODUCT_COLUMNS
                .iter()
                .map(|s| s.to_string())
                .collect(),
        ),
        _ => None,
    };
    let stdout = std::io::stdout();
    let mut writer = RowWriter::new(args.format, std::io::BufWriter::new(stdout), shown);
    writer.page(&table).map_err(CliError::Io)?;
    writer.finish().map_err(CliError::Io)?;
    eprintln!(
        "{} unique products from {} rows of {} observations",
        list.table().rows(),
        list.rows_received(),
        obsids.len()
    );
    Ok(())
}
