//! Products of observations, merged and de-duplicated (the products pane shows them).
use std::sync::Arc;

use tokio::sync::mpsc::UnboundedSender;
use tokio_util::sync::CancellationToken;

use crate::app::msg::ProductsSummary;
use crate::app::{Msg, ReqId};
use crate::mast::client::MastClient;
use crate::mast::products_fetch::ProductFetchOptions;

pub async fn run(
    client: MastClient,
    req: ReqId,
    obsids: Vec<i64>,
    tx: UnboundedSender<Msg>,
    cancel: CancellationToken,
) {
    let result = client
        .fetch_product_list(&obsids, &ProductFetchOptions::default(), &cancel)
        .await
        .map(|list| ProductsSummary {
            unique: list.table().rows(),
            received: list.rows_received(),
            table: Arc::new(list.table().clone()),
        });
    let _ = tx.send(Msg::Products { req, result });
}
