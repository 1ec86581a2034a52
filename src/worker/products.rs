//! Products of observations, streamed: each batch goes to the UI as it lands (with how many
//! observations are done), the end or the error after them. Cancelling keeps what was sent.
use std::sync::Arc;

use tokio::sync::mpsc::UnboundedSender;
use tokio_util::sync::CancellationToken;

use super::credits::Credits;
use crate::app::msg::Msg;
use crate::app::req::ReqId;
use crate::mast::client::MastClient;
use crate::mast::product_batch::ProductBatch;
use crate::mast::product_merge::ProductMerger;
use crate::mast::products_fetch::ProductFetchOptions;
use crate::mast::table::Table;

pub async fn run(
    client: MastClient,
    req: ReqId,
    obsids: Vec<i64>,
    tx: UnboundedSender<Msg>,
    credits: Option<Credits>,
    cancel: CancellationToken,
) {
    let batch_tx = tx.clone();
    let stop = cancel.clone();
    // The merging lives here, not in the pane: sorting a batch into new files and repeats
    // hashes every dataURI, which would stall the keys for a batch of 100,000 rows.
    let mut merger = ProductMerger::default();
    let result = client
        .fetch_products(
            &obsids,
            &ProductFetchOptions::default(),
            &cancel,
            &mut |batch| {
                // Not compacted: the pane's list appends every batch to one table, and
                // appending turns a dictionary back into text.
                let msg = Msg::ProductsBatch {
                    req,
                    batch: Arc::new(prepare(&mut merger, batch.table)),
                    done: batch.done_observations,
                    total: batch.total_observations,
                };
                if credits.as_ref().is_some_and(|c| !c.take(&stop)) {
                    return;
                }
                // The UI is gone: stop asking.
                if batch_tx.send(msg).is_err() {
                    stop.cancel();
                }
            },
        )
        .await;
    // Cancelled (while waiting for a credit, say): a cancelled job sends nothing more.
    if cancel.is_cancelled() {
        return;
    }
    let _ = tx.send(Msg::Products { req, result });
}

/// Sorts one batch for the pane (a mission's file list too). A batch of 32 JWST
/// observations holds some 190,000 rows and takes a good part of a second: on the browser's
/// multi-thread runtime the thread hands its other tasks to the others meanwhile.
pub(super) fn prepare(merger: &mut ProductMerger, table: Table) -> ProductBatch {
    let multi = tokio::runtime::Handle::try_current()
        .is_ok_and(|h| h.runtime_flavor() == tokio::runtime::RuntimeFlavor::MultiThread);
    if multi {
        tokio::task::block_in_place(|| ProductBatch::prepare(merger, table))
    } else {
        ProductBatch::prepare(merger, table)
    }
}
