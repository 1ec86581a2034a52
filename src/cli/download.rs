//! `mastui download`: products from a search, from obsids, or from `mastui products
//! --format jsonl` on stdin, fetched through the journalled basket (or written as a curl
//! script). Progress goes to stderr; exit 0 when every file is complete or skipped, 1 when
//! any failed. With `--cloud`, files come from MAST's cloud copy when it has them.
use std::collections::HashSet;
use std::io::IsTerminal;
use std::path::Path;
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use tokio_util::sync::CancellationToken;

use super::CliError;
use super::args::DownloadArgs;
use super::products::{observations_from, selection_from_args};
use super::table_input::{ACCEPTED, read_table};
use crate::auth::Token;
use crate::common::format::human_bytes;
use crate::config::Paths;
use crate::mast::client::MastClient;
use crate::mast::curl_script::{CurlFile, script, script_name};
use crate::mast::error::MastError;
use crate::mast::product_facets::{ProductIndex, Selection, evaluate};
use crate::mast::product_ref::ProductRef;
use crate::mast::product_stem::stem_order;
use crate::mast::products_fetch::ProductFetchOptions;
use crate::mast::table::Table;
use crate::worker::basket::manifest::write_manifest;
use crate::worker::basket::{Basket, BasketItem, ItemStatus, journal_for};

pub async fn run(
    client: &MastClient,
    token: Option<&Token>,
    args: &DownloadArgs,
    cancel: &CancellationToken,
) -> Result<(), CliError> {
    if args.parallel == 0 {
        return Err(CliError::input("--parallel", "must be at least 1"));
    }
    let mut cloud = super::cloud_args::cloud_copy(
        args.cloud.s3_endpoint.as_deref(),
        args.cloud.cloud,
        "--cloud",
        client.policy().clone(),
    )?;
    if args.curl && cloud.take().is_some() {
        eprintln!("mastui download: the curl script fetches from MAST; --cloud is not used");
    }
    let paths = Paths::from_env();
    let dir = args
        .dir
        .clone()
        .unwrap_or_else(|| paths.download_dir.clone());
    let flat =
        args.flat || crate::settings::read::flat_layout().map_err(|e| CliError::Mast(e.into()))?;
    let products = collect_products(client, args, cancel).await?;
    if products.is_empty() {
        eprintln!("mastui download: no products to download");
        return Ok(());
    }
    let journal = journal_for(&paths, client.base_url());
    let mut basket = Basket::open(&journal).map_err(CliError::Setup)?;
    if let Some(c) = cloud {
        eprintln!(
            "mastui download: from the cloud copy at {} where it has the files",
            c.bucket.base_url()
        );
        basket = basket.with_cloud(std::sync::Arc::new(c));
    }
    let (ids, refused) = basket.add(&products, &dir, flat).map_err(CliError::Setup)?;
    for r in &refused {
        eprintln!("mastui download: {r}");
    }
    let scope: HashSet<u64> = ids.iter().copied().collect();
    let chosen: Vec<BasketItem> = basket
        .items()
        .iter()
        .filter(|it| scope.contains(&it.id))
        .cloned()
        .collect();
    if args.curl {
        return write_curl(client.base_url(), &dir, &chosen, refused.len());
    }
    let total: u64 = chosen.iter().filter_map(|it| it.size).sum();
    eprintln!(
        "mastui download: {} files, {} into {}",
        chosen.len(),
        human_bytes(total),
        dir.display()
    );
    if let Some(line) = super::download_checks::login_line(client, &chosen, cancel).await {
        eprintln!("mastui download: {line}");
    }
    if let Some(w) = token.and_then(|t| super::download_checks::outlive_line(&paths, t, &chosen)) {
        eprintln!("mastui download: {w}");
    }
    basket.check_space(&scope, &dir).map_err(CliError::Setup)?;
    let (tx, rx) = tokio::sync::mpsc::unbounded_channel();
    let reporter = tokio::spawn(super::download_progress::report(rx, chosen.len(), total));
    let started = Instant::now();
    let ran = basket
        .run(client, args.parallel, Some(&scope), None, &tx, cancel)
        .await;
    drop(tx);
    let _ = reporter.await;
    ran.map_err(CliError::Setup)?;
    let items: Vec<BasketItem> = basket
        .items()
        .iter()
        .filter(|it| scope.contains(&it.id))
        .cloned()
        .collect();
    let manifest = write_manifest(&dir, client.base_url(), &items).map_err(CliError::Setup)?;
    let origins = args.cloud.cloud.then(|| {
        crate::mast::cloud::fetch::tally(items.iter().filter_map(|it| basket.origin(it.id)))
    });
    summarize(
        &items,
        refused.len(),
        started.elapsed(),
        origins.as_deref(),
        &manifest,
        cancel,
    )
}

/// The products to fetch: from criteria, obsids, or stdin.
async fn collect_products(
    client: &MastClient,
    args: &DownloadArgs,
    cancel: &CancellationToken,
) -> Result<Vec<ProductRef>, CliError> {
    // The product filters are checked before any request.
    let selection = selection_from_args(&args.select)?;
    let obsids = match observations_from(
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
        None => {
            // A piped list was chosen upstream (guide stars included only when asked
            // there): keep it, narrowed by whatever product flags are given here too.
            let (table, shared_by) = read_piped()?;
            let mut selection = selection;
            selection.show_guide_stars = true;
            return Ok(select(&table, &selection, |row| shared_by[row]));
        }
    };
    if obsids.is_empty() {
        return Ok(Vec::new());
    }
    let list = client
        .fetch_product_list(&obsids, &ProductFetchOptions::default(), cancel)
        .await?;
    // The same selection `mastui products` makes with these flags (guide stars hidden).
    Ok(select(list.table(), &selection, |row| list.shared_by(row)))
}

/// The products of `table` that `selection` keeps, in file-stem order.
fn select(
    table: &Table,
    selection: &Selection,
    shared_by: impl Fn(usize) -> u32,
) -> Vec<ProductRef> {
    let mut index = ProductIndex::default();
    index.extend_from(table);
    let ev = evaluate(&index, selection, &stem_order(table), None);
    ev.shown
        .iter()
        .map(|&r| r as usize)
        .filter_map(|row| ProductRef::from_row(table, row, shared_by(row)))
        .collect()
}

/// Products as `mastui products` prints them in jsonl, CSV or ECSV, as a table (MAST's
/// column names) and each row's `shared_by`.
fn read_piped() -> Result<(Table, Vec<u32>), CliError> {
    let stdin = std::io::stdin();
    if stdin.is_terminal() {
        return Err(CliError::input(
            "products",
            "give --search with criteria (e.g. --search --collection JWST --proposal 1073), \
             --obsid N, or pipe a list: mastui products OBSID --format jsonl | mastui download",
        ));
    }
    let table = read_table(stdin.lock()).map_err(|why| {
        CliError::input(
            "stdin",
            format!("{why}; expected {ACCEPTED} of `mastui products`"),
        )
    })?;
    let mut shared_by = Vec::with_capacity(table.rows());
    for row in 0..table.rows() {
        if ProductRef::from_row(&table, row, 1).is_none() {
            return Err(CliError::input(
                "stdin",
                format!(
                    "row {}: no dataURI; expected {ACCEPTED} of `mastui products`",
                    row + 1
                ),
            ));
        }
        // Every listed file is listed by at least one observation, whatever the row says.
        let n = table.get(row, "shared_by").as_i64().unwrap_or(1);
        shared_by.push(u32::try_from(n).unwrap_or(1).max(1));
    }
    Ok((table, shared_by))
}

/// One JSON line (MAST's column names) as a product.
pub fn product_of_json(v: &serde_json::Value) -> Option<ProductRef> {
    let text = |k: &str| match &v[k] {
        serde_json::Value::String(s) => s.trim().to_string(),
        serde_json::Value::Null => String::new(),
        other => other.to_string(),
    };
    let int = |k: &str| match &v[k] {
        serde_json::Value::Number(n) => n.as_i64(),
        serde_json::Value::String(s) => s.trim().parse().ok(),
        _ => None,
    };
    let data_uri = text("dataURI");
    if data_uri.is_empty() {
        return None;
    }
    Some(ProductRef {
        product_filename: text("productFilename"),
        obs_collection: text("obs_collection"),
        obs_id: text("obs_id"),
        obsid: int("parent_obsid").or_else(|| int("obsID")),
        size: int("size").and_then(|n| u64::try_from(n).ok()),
        data_rights: text("dataRights"),
        // Every listed file is listed by at least one observation, whatever the line says.
        shared_by: int("shared_by")
            .and_then(|n| u32::try_from(n).ok())
            .filter(|n| *n >= 1)
            .unwrap_or(1),
        data_uri,
    })
}

fn write_curl(
    base: &str,
    dir: &Path,
    items: &[BasketItem],
    refused: usize,
) -> Result<(), CliError> {
    let files: Vec<CurlFile<'_>> = items
        .iter()
        .map(|it| CurlFile {
            data_uri: &it.data_uri,
            output: it.dest.strip_prefix(dir).unwrap_or(&it.dest),
            protected: it.protected,
        })
        .collect();
    let now = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or(0);
    std::fs::create_dir_all(dir).map_err(CliError::Io)?;
    let path = dir.join(script_name(now));
    std::fs::write(&path, script(base, &files)).map_err(CliError::Io)?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let _ = std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o755));
    }
    println!("{}", path.display());
    eprintln!(
        "mastui download: wrote a curl script for {} files (run it from {})",
        files.len(),
        dir.display()
    );
    if refused > 0 {
        return Err(CliError::Setup(format!(
            "{refused} products had names that cannot be written safely"
        )));
    }
    Ok(())
}

fn summarize(
    items: &[BasketItem],
    refused: usize,
    took: Duration,
    origins: Option<&str>,
    manifest: &Path,
    cancel: &CancellationToken,
) -> Result<(), CliError> {
    let count = |s: ItemStatus| items.iter().filter(|it| it.status == s).count();
    let bytes: u64 = items
        .iter()
        .filter(|it| it.status == ItemStatus::Complete)
        .map(|it| it.bytes)
        .sum();
    let failed = count(ItemStatus::Failed) + count(ItemStatus::NeedsLogin) + refused;
    let left = items
        .iter()
        .filter(|it| !it.status.is_done() && !it.status.is_failed())
        .count();
    eprintln!(
        "mastui download: {} complete ({} in {:.1} s{}), {} skipped, {} failed{}{}; manifest {}",
        count(ItemStatus::Complete),
        human_bytes(bytes),
        took.as_secs_f64(),
        origins.map(|o| format!("; {o}")).unwrap_or_default(),
        count(ItemStatus::Skipped),
        failed,
        if count(ItemStatus::NeedsLogin) > 0 {
            " (some need a login with exclusive access: mastui login)"
        } else {
            ""
        },
        if left > 0 {
            format!(", {left} not finished (run again to resume)")
        } else {
            String::new()
        },
        manifest.display()
    );
    if cancel.is_cancelled() {
        return Err(CliError::Mast(MastError::Cancelled));
    }
    if failed > 0 || left > 0 {
        return Err(CliError::Setup(format!(
            "{} of {} files did not complete",
            failed + left,
            items.len() + refused
        )));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use clap::{CommandFactory, Parser};

    use super::*;
    use crate::cli::args::{Cli, Command};

    #[test]
    fn the_command_line_is_consistent_and_parses_download() {
        // Catches clashing flag names (clap checks them only when a command is built).
        Cli::command().debug_assert();
        let cli = Cli::try_parse_from([
            "mastui",
            "download",
            "--dir",
            "d",
            "--flat",
            "--parallel",
            "8",
            "--product-type",
            "SCIENCE",
            "--search",
            "--collection",
            "JWST",
            "--proposal",
            "1073",
        ])
        .unwrap();
        let Some(Command::Download(a)) = cli.command else {
            panic!("not a download");
        };
        assert_eq!(a.parallel, 8);
        assert!(a.flat);
        assert_eq!(a.select.product_type, ["SCIENCE"]);
        assert_eq!(
            a.search.as_deref(),
            Some(&["--collection", "JWST", "--proposal", "1073"].map(String::from)[..])
        );
    }

    #[test]
    fn json_lines_become_products() {
        let v: serde_json::Value = serde_json::from_str(
            r#"{"obsID":"87602009","obs_collection":"JWST","obs_id":"jw1","dataURI":"mast:JWST/product/a.fits",
                "productFilename":"a.fits","size":2880,"parent_obsid":87602000,"dataRights":"EXCLUSIVE_ACCESS","shared_by":3}"#,
        )
        .unwrap();
        let p = product_of_json(&v).unwrap();
        assert_eq!(p.obsid, Some(87602000));
        assert_eq!(p.size, Some(2880));
        assert_eq!(p.shared_by, 3);
        assert!(p.needs_token());
        assert!(product_of_json(&serde_json::json!({"productFilename": "x"})).is_none());
        // Found by tests/fuzz: a line saying shared_by 0 (or "0") made a file no
        // observation lists.
        for zero in [serde_json::json!(0), serde_json::json!("0")] {
            let v = serde_json::json!({"dataURI": "mast:X/a.fits", "shared_by": zero});
            assert_eq!(product_of_json(&v).unwrap().shared_by, 1);
        }
    }
}
