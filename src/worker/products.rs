//! Products of observations, streamed: each batch goes to the UI as it lands (with how many
//! observations are done), the end or the error after them. Cancelling keeps what was sent.
use std::sync::Arc;

use tokio::sync::mpsc::UnboundedSender;
use tokio_util::sync::CancellationToken;

use super::credits::Credits;
use crate::app::msg::Msg;
use crate::app::req::ReqId;
use crate::mast::client::MastClient;
use crate::mast::products_fetch::ProductFetchOptions;

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
    let result = client
        .fetch_products(
            &obsids,
            &ProductFetchOptions::default(),
            &cancel,
            &mut |batch| {
                let msg = Msg::ProductsBatch {
                    req,
                    // Not compacted: the pane's list appends every batch to one table, and
                    // appending turns a dictionary back into text.
                    table: Arc::new(batch.table),
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
