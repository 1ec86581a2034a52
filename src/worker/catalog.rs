//! A catalog search: pages go to the UI as they land, as an observation search's do; the
//! cone searched, a row cap reached, and the end follow.
use std::ops::ControlFlow;
use std::sync::Arc;

use tokio::sync::mpsc::UnboundedSender;
use tokio_util::sync::CancellationToken;

use super::credits::Credits;
use crate::app::msg::Msg;
use crate::app::req::ReqId;
use crate::common::format::thousands;
use crate::mast::catalogs::CatalogQuery;
use crate::mast::client::MastClient;

pub async fn run(
    client: MastClient,
    req: ReqId,
    query: CatalogQuery,
    tx: UnboundedSender<Msg>,
    credits: Option<Credits>,
    cancel: CancellationToken,
) {
    let page_tx = tx.clone();
    let result = client
        .catalog_search(&query, &cancel, &mut |page| {
            let msg = Msg::SearchPage {
                req,
                page: u32::try_from(page.page).unwrap_or(u32::MAX),
                pages: u32::try_from(page.pages).unwrap_or(u32::MAX),
                rows_filtered: page.rows_filtered,
                table: Arc::new(page.table.compacted()),
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
        if let (Some(p), Some(radius)) = (summary.position, summary.radius_deg) {
            let _ = tx.send(Msg::SearchCone {
                req,
                ra: p.ra,
                dec: p.dec,
                radius,
            });
        }
        // HSC and GALEX stop at their own cap without saying whether more were there.
        if let Some(cap) = summary.capped {
            let _ = tx.send(Msg::Notice(format!(
                "{} answered its cap of {} rows: the cone may hold more; a smaller radius shows all",
                query.catalog,
                thousands(cap)
            )));
        }
    }
    let _ = tx.send(Msg::SearchDone {
        req,
        result: result.map(|_| ()),
    });
}
