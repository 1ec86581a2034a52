//! A mission's own archive (the missions search API): searches answer as an observation
//! search's do (pages as they land, the cone, the end); the files of datasets answer as a
//! products fetch does (one batch in the products' columns, then the end), so the mission
//! and products panes take them as they take any.
use std::ops::ControlFlow;
use std::sync::Arc;

use tokio::sync::mpsc::UnboundedSender;
use tokio_util::sync::CancellationToken;

use super::credits::Credits;
use crate::app::msg::Msg;
use crate::app::req::ReqId;
use crate::common::format::thousands;
use crate::mast::client::MastClient;
use crate::mast::criteria::Target;
use crate::mast::missions_search::DEFAULT_RADIUS_ARCMIN;
use crate::mast::missions_search::query::MissionQuery;
use crate::mast::product_merge::ProductMerger;
use crate::mast::products_fetch::ProductFetchSummary;

pub async fn search(
    client: MastClient,
    req: ReqId,
    query: MissionQuery,
    tx: UnboundedSender<Msg>,
    credits: Option<Credits>,
    cancel: CancellationToken,
) {
    let page_tx = tx.clone();
    let mut page = 0u32;
    let result = client
        .mission_search_counted(&query, &cancel, &mut |table, announced| {
            page += 1;
            let msg = Msg::SearchPage {
                req,
                page,
                pages: 0,
                rows_filtered: announced,
                table: Arc::new(table.compacted()),
            };
            if credits.as_ref().is_some_and(|c| !c.take(&cancel)) {
                return ControlFlow::Break(());
            }
            match page_tx.send(msg) {
                Ok(()) => ControlFlow::Continue(()),
                Err(_) => ControlFlow::Break(()),
            }
        })
        .await;
    // Cancelled (while waiting for a credit, say): a cancelled job sends nothing more.
    if cancel.is_cancelled() {
        return;
    }
    if let Ok(summary) = &result {
        let first = match (query.targets.first(), summary.resolved.first()) {
            (Some(Target::Coords(c)), _) => Some((c.ra, c.dec)),
            (Some(Target::Name(_)), Some(r)) => Some((r.ra, r.dec)),
            _ => None,
        };
        if let Some((ra, dec)) = first {
            let radius = query.radius_arcmin.unwrap_or(DEFAULT_RADIUS_ARCMIN) / 60.0;
            let _ = tx.send(Msg::SearchCone {
                req,
                ra,
                dec,
                radius,
            });
        }
        for m in &summary.messages {
            let _ = tx.send(Msg::Notice(format!("MAST says: {m}")));
        }
        if !summary.complete && summary.rows < summary.total {
            let _ = tx.send(Msg::Notice(format!(
                "MAST announced {} matching datasets but sent {}",
                thousands(summary.total),
                thousands(summary.rows)
            )));
        }
    }
    let _ = tx.send(Msg::SearchDone {
        req,
        result: result.map(|_| ()),
    });
}

pub async fn products(
    client: MastClient,
    req: ReqId,
    mission: String,
    datasets: Vec<String>,
    tx: UnboundedSender<Msg>,
    credits: Option<Credits>,
    cancel: CancellationToken,
) {
    let n = datasets.len();
    let result = client.mission_products(&mission, &datasets, &cancel).await;
    let result = result.map(|table| {
        let rows = table.rows() as u64;
        // One batch; it takes a credit as every bulk answer does (the UI gives one back
        // for each it takes in).
        if credits.as_ref().is_none_or(|c| c.take(&cancel)) {
            let mut batch = super::products::prepare(&mut ProductMerger::default(), table);
            // The only batch: the pane keeps its table as it is, so it is kept compact.
            batch.delta.fresh.compact();
            let _ = tx.send(Msg::ProductsBatch {
                req,
                batch: Arc::new(batch),
                done: n,
                total: n,
            });
        }
        ProductFetchSummary {
            observations: n,
            batches: 1,
            rows,
            ..ProductFetchSummary::default()
        }
    });
    let _ = tx.send(Msg::Products { req, result });
}
