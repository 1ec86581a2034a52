//! `mastui products OBSID... [filters]` and `mastui products --search [criteria]`: the
//! de-duplicated products of observations, triaged with the same expression, facets and
//! guide-star hiding as the products pane (`mast::product_facets`); `--saved NAME [--new]`
//! takes a saved search's observations (`saved_products.rs`).
use std::io::IsTerminal;
use std::ops::ControlFlow;

use clap::Parser;
use tokio_util::sync::CancellationToken;

use super::args::{Format, ProductFilterArgs, ProductsArgs, RightsArg};
use super::criteria_args::CriteriaArgs;
use super::output::RowWriter;
use super::table_input::{ACCEPTED, read_table};
use super::{CliError, DEFAULT_PRODUCT_COLUMNS};
use crate::mast::client::MastClient;
use crate::mast::product_facets::{
    Evaluation, Facet, MRP_LABEL, ProductIndex, Selection, evaluate,
};
use crate::mast::product_filter::ProductFilter;
use crate::mast::product_stem::stem_order;
use crate::mast::products::ProductList;
use crate::mast::products_fetch::ProductFetchOptions;
use crate::mast::search::SearchOptions;
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

/// The search criteria after `--search`, parsed with the same flags as `mastui search`.
#[derive(Debug, Parser)]
#[command(name = "mastui products --search", no_binary_name = true)]
struct SearchCriteria {
    #[command(flatten)]
    criteria: CriteriaArgs,
}

/// The selection the flags ask for; the expression's error points at the bad part.
pub fn selection_from_args(args: &ProductFilterArgs) -> Result<Selection, CliError> {
    let mut sel = Selection {
        show_guide_stars: args.guide_stars,
        ..Selection::default()
    };
    if let Some(expr) = &args.filter {
        sel.expression = ProductFilter::parse(expr).map_err(|e| {
            CliError::input(
                "--filter",
                format!("{}:\n  {}", e.message, e.caret(expr).replace('\n', "\n  ")),
            )
        })?;
    }
    let upper = |v: &[String]| -> Vec<String> {
        v.iter()
            .flat_map(|s| s.split(','))
            .map(|s| s.trim().to_uppercase())
            .filter(|s| !s.is_empty())
            .collect()
    };
    sel.chosen[Facet::ProductType.index()] = upper(&args.product_type);
    sel.chosen[Facet::SubGroup.index()] = upper(&args.subgroup);
    let mut calib = Vec::new();
    for v in args.calib.iter().flat_map(|s| s.split(',')).map(str::trim) {
        match v.parse::<i64>() {
            Ok(n) if (0..=4).contains(&n) => calib.push(n.to_string()),
            _ => {
                return Err(CliError::input(
                    "--calib",
                    format!("'{v}' is not a calibration level: use 0, 1, 2, 3 or 4"),
                ));
            }
        }
    }
    sel.chosen[Facet::CalibLevel.index()] = calib;
    sel.chosen[Facet::Extension.index()] = args
        .ext
        .iter()
        .flat_map(|s| s.split(','))
        .map(|s| s.trim().trim_start_matches('.').to_lowercase())
        .filter(|s| !s.is_empty())
        .collect();
    if args.mrp {
        sel.chosen[Facet::Mrp.index()] = vec![MRP_LABEL.to_string()];
    }
    sel.chosen[Facet::Rights.index()] = match args.rights {
        None => Vec::new(),
        Some(RightsArg::Public) => vec!["PUBLIC".into()],
        Some(RightsArg::Exclusive) => vec!["EXCLUSIVE_ACCESS".into(), "RESTRICTED".into()],
    };
    Ok(sel)
}

/// These rows of the product list with the `shared_by` column appended.
pub fn with_shared_by(list: &ProductList, rows: &[usize]) -> Table {
    let mut table = list.table().select_rows(rows);
    let mut col = Column::new("shared_by", "int");
    for &row in rows {
        col.push(Cell::Int(i64::from(list.shared_by(row))));
    }
    table.push_column(col);
    table
}

/// Facet values asked for that no product has: likely a typo, said on stderr.
fn unmatched_values(index: &ProductIndex, sel: &Selection) -> Vec<String> {
    let mut out = Vec::new();
    for f in Facet::ALL {
        let labels = index.labels(f);
        for c in sel.chosen(f) {
            if !labels.iter().any(|l| l.eq_ignore_ascii_case(c)) && !labels.is_empty() {
                out.push(format!(
                    "no product has {}={c} (values seen: {})",
                    f.title(),
                    labels.join(", ")
                ));
            }
        }
    }
    out
}

/// Where the observations come from, as the flags say: obsids given, search criteria
/// (flags in any order, or the older trailing `--search ...` form), or neither (then the
/// caller reads stdin). Mixing them is refused: which one was meant cannot be guessed.
pub async fn observations_from(
    client: &MastClient,
    obsids: &[String],
    criteria: &CriteriaArgs,
    search_words: Option<&[String]>,
    limit: Option<u64>,
    cancel: &CancellationToken,
) -> Result<Option<Vec<i64>>, CliError> {
    let flagged = !criteria.is_empty();
    if limit == Some(0) {
        return Err(CliError::input("--limit", "must be at least 1"));
    }
    match (!obsids.is_empty(), flagged, search_words) {
        (true, true, _) => Err(CliError::input(
            "obsid",
            "obsids and search criteria together: give one or the other (for the products' \
             own productType and calib_level, use --product-type and --product-calib; \
             --type and --calib are search criteria)",
        )),
        (_, true, Some(_)) => Err(CliError::input(
            "--search",
            "criteria both before and after --search: put them all in one place",
        )),
        (true, false, _) => parse_obsids(obsids).map(Some),
        (false, true, None) => {
            let criteria = criteria.to_criteria()?;
            obsids_of_search(client, &criteria, limit, cancel)
                .await
                .map(Some)
        }
        (false, false, Some(words)) => {
            let parsed = SearchCriteria::try_parse_from(words).map_err(|e| {
                CliError::input(
                    "--search",
                    format!(
                        "{}\n(every flag after --search is a search criterion: put --filter, \
                         --product-type, --format and the other products flags before --search, \
                         or leave --search out: criteria may go anywhere)",
                        e.to_string().trim()
                    ),
                )
            })?;
            if parsed.criteria.is_empty() {
                return Err(CliError::input(
                    "--search",
                    "give search criteria after --search, e.g. --search --collection JWST --proposal 1073",
                ));
            }
            let criteria = parsed.criteria.to_criteria()?;
            obsids_of_search(client, &criteria, limit, cancel)
                .await
                .map(Some)
        }
        (false, false, None) => Ok(None),
    }
}

/// The obsids of the observations a search finds (at most `limit`).
async fn obsids_of_search(
    client: &MastClient,
    criteria: &crate::mast::criteria::Criteria,
    limit: Option<u64>,
    cancel: &CancellationToken,
) -> Result<Vec<i64>, CliError> {
    let opts = SearchOptions {
        columns: Some(vec!["obsid".into()]),
        limit,
        ..SearchOptions::default()
    };
    let mut obsids = Vec::new();
    client
        .search(criteria, &opts, cancel, &mut |page| {
            for r in 0..page.table.rows() {
                if let Some(o) = page.table.get(r, "obsid").as_i64() {
                    obsids.push(o);
                }
            }
            ControlFlow::Continue(())
        })
        .await?;
    if obsids.is_empty() {
        return Err(CliError::input(
            "criteria",
            "no observation matches these criteria",
        ));
    }
    Ok(obsids)
}

/// The `obsid` column of a table piped in (what `mastui search --format jsonl|csv|ecsv`
/// prints).
fn obsids_piped() -> Result<Vec<i64>, CliError> {
    let stdin = std::io::stdin();
    if stdin.is_terminal() {
        return Err(CliError::input(
            "OBSID",
            "give obsids, search criteria (e.g. --collection JWST --proposal 1073), or pipe \
             observations: mastui search ... --format jsonl | mastui products",
        ));
    }
    let table = read_table(stdin.lock()).map_err(|why| {
        CliError::input(
            "stdin",
            format!("{why}; expected {ACCEPTED} of `mastui search`"),
        )
    })?;
    if table.rows() > 0 && table.column_index("obsid").is_none() {
        return Err(CliError::input(
            "stdin",
            "the table piped in has no obsid column; `mastui search` prints it unless \
             --columns leaves it out",
        ));
    }
    let mut out: Vec<i64> = Vec::new();
    for row in 0..table.rows() {
        match table.get(row, "obsid").as_i64() {
            Some(o) if o > 0 => {
                if !out.contains(&o) {
                    out.push(o);
                }
            }
            _ => {
                return Err(CliError::input(
                    "stdin",
                    format!(
                        "row {}: obsid '{}' is not an observation's product group id",
                        row + 1,
                        table.get(row, "obsid")
                    ),
                ));
            }
        }
    }
    Ok(out)
}

pub async fn run(
    client: &MastClient,
    args: &ProductsArgs,
    cancel: &CancellationToken,
) -> Result<(), CliError> {
    // Everything the user typed is checked before any request.
    let selection = selection_from_args(&args.select)?;
    if args.batch == 0 || args.parallel == 0 {
        return Err(CliError::input("--batch/--parallel", "must be at least 1"));
    }
    let cloud = super::cloud_args::cloud_copy(
        args.cloud.s3_endpoint.as_deref(),
        args.cloud.cloud_uris,
        "--cloud-uris",
        client.policy().clone(),
    )?;
    // A table for reading on a terminal; JSON lines, which `mastui download` reads, into a
    // pipe or a file.
    let format = args.format.unwrap_or_else(|| {
        if std::io::stdout().is_terminal() {
            Format::Table
        } else {
            Format::Jsonl
        }
    });
    let saved = match &args.saved {
        Some(name) => Some(
            super::saved_products::observations(client, name, &args.criteria, args.limit, cancel)
                .await?,
        ),
        None => None,
    };
    let obsids = match &saved {
        Some(s) => s.obsids.clone(),
        None => match observations_from(
            client,
            &args.obsids,
            &args.criteria,
            args.search.as_deref(),
            args.limit,
            cancel,
        )
        .await?
        {
            Some(o) => o,
            None => obsids_piped()?,
        },
    };
    // A saved search that finds nothing lists no files, and that is what it remembers.
    if let (Some(s), true) = (&saved, obsids.is_empty()) {
        if args.new {
            s.say_news([0, 0], 0);
        }
        return s.remember(Default::default());
    }
    // An empty pipe is a quiet week (`search --saved NAME --new` found nothing), not a
    // mistake: nothing to list, and the pipeline (under `set -o pipefail`) goes on.
    if obsids.is_empty() {
        eprintln!("mastui products: no observations were piped in; no products to list");
        return Ok(());
    }
    let opts = ProductFetchOptions {
        batch_size: args.batch,
        max_batch: args.max_batch.max(args.batch),
        max_in_flight: args.parallel,
        ..ProductFetchOptions::default()
    };
    let list = client.fetch_product_list(&obsids, &opts, cancel).await?;
    let mut index = ProductIndex::default();
    index.extend_from(list.table());
    let order = stem_order(list.table());
    let ev: Evaluation = evaluate(&index, &selection, &order, None);
    for warning in unmatched_values(&index, &selection) {
        eprintln!("mastui: {warning}");
    }
    let mut rows: Vec<usize> = ev.shown.iter().map(|&r| r as usize).collect();
    let mut news = None;
    if let (Some(s), true) = (&saved, args.new) {
        let (kept, column, counts) = s.news_rows(list.table(), &rows);
        rows = kept;
        news = Some((column, counts));
    }
    let mut table = with_shared_by(&list, &rows);
    if let Some((column, _)) = &news {
        table.push_column(column.clone());
    }
    if let Some(copy) = &cloud {
        table = super::cloud_uris::with_cloud_uris(client, copy, table, cancel).await?;
    }
    let shown = match format {
        Format::Table => Some(
            news.is_some()
                .then(|| super::search::NEWS_COLUMN.to_string())
                .into_iter()
                .chain(DEFAULT_PRODUCT_COLUMNS.iter().map(|s| s.to_string()))
                .chain(
                    cloud
                        .is_some()
                        .then(|| super::cloud_uris::CLOUD_URI.to_string()),
                )
                .collect(),
        ),
        _ => None,
    };
    let stdout = std::io::stdout();
    let mut writer = RowWriter::new(format, std::io::BufWriter::new(stdout), shown);
    // The typed formats carry units and descriptions from the products' column
    // configuration; without it (unreachable, or none), types only.
    if matches!(format, Format::Ecsv | Format::Votable)
        && let Ok(Some(config)) = client.products_columns(cancel).await
    {
        writer = writer.with_meta(super::typed::meta_from(&config));
    }
    writer.page(&table).map_err(CliError::Io)?;
    writer.finish().map_err(CliError::Io)?;
    if let Some(s) = &saved {
        if let Some((_, counts)) = &news {
            s.say_news(*counts, list.len());
        }
        s.remember(super::saved_products::files_listed(list.table()))?;
    }
    let mut note = format!(
        "{} of {} unique products ({}) from {} rows of {} observations",
        ev.shown.len(),
        list.len(),
        crate::common::format::human_bytes(ev.shown_total.bytes),
        list.rows_received(),
        obsids.len()
    );
    if ev.guide_hidden.count > 0 {
        note.push_str(&format!(
            "; {} guide-star files hidden (--guide-stars keeps them)",
            ev.guide_hidden.count
        ));
    }
    eprintln!("{note}");
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn search_words_parse_like_mastui_search() {
        let words: Vec<String> = [
            "--collection",
            "JWST",
            "--proposal",
            "1073",
            "--type",
            "image",
        ]
        .iter()
        .map(|s| s.to_string())
        .collect();
        let p = SearchCriteria::try_parse_from(&words).unwrap();
        assert_eq!(p.criteria.collection.as_deref(), Some("JWST"));
        assert_eq!(p.criteria.dataproduct_type.as_deref(), Some("image"));
        assert!(SearchCriteria::try_parse_from(["--nope"]).is_err());
    }
}
