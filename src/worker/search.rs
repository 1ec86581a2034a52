//! A search: pages are sent to the UI as they land, the end (or the error) after them.
use std::ops::ControlFlow;
use std::sync::Arc;

use tokio::sync::mpsc::UnboundedSender;
use tokio_util::sync::CancellationToken;

use crate::app::msg::Msg;
use crate::app::req::ReqId;
use crate::mast::client::MastClient;
use crate::mast::criteria::Criteria;
use crate::mast::search::SearchOptions;

use super::credits::Credits;

pub async fn run(
    client: MastClient,
    req: ReqId,
    criteria: Criteria,
    pagesize: u32,
    tx: UnboundedSender<Msg>,
    credits: Option<Credits>,
    cancel: CancellationToken,
) {
    let opts = SearchOptions {
        pagesize: u64::from(pagesize),
        ..SearchOptions::default()
    };
    let page_tx = tx.clone();
    let result = client
        .search(&criteria, &opts, &cancel, &mut |page| {
            let msg = Msg::SearchPage {
                req,
                page: u32::try_from(page.page).unwrap_or(u32::MAX),
                pages: u32::try_from(page.pages).unwrap_or(u32::MAX),
                rows_filtered: page.rows_filtered,
                // The browser keeps every page: made compact here, off the UI task.
                table: Arc::new(page.table.compacted()),
            };
            if credits.as_ref().is_some_and(|c| !c.take(&cancel)) {
                return ControlFlow::Break(());
            }
            // The UI is gone: stop asking for pages.
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
    if let Ok(summary) = &result
        && let (Some(p), Some(radius)) = (summary.position, summary.radius_deg)
    {
        let _ = tx.send(Msg::SearchCone {
            req,
            ra: p.ra,
            dec: p.dec,
            radius,
        });
    }
    let _ = tx.send(Msg::SearchDone {
        req,
        result: result.map(|_| ()),
    });
}
