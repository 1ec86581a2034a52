//! Sorting a large products list on a blocking thread, so `s` never stalls the UI task.
use tokio::sync::mpsc::UnboundedSender;
use tokio_util::sync::CancellationToken;

use crate::app::grid_view::ViewIndex;
use crate::app::product_sort::ProductSortJob;
use crate::app::{Msg, ReqId};

pub async fn run(
    req: ReqId,
    job: ProductSortJob,
    tx: UnboundedSender<Msg>,
    cancel: CancellationToken,
) {
    let computed = tokio::task::spawn_blocking(move || super::as_blocking_job(|| job.run())).await;
    if cancel.is_cancelled() {
        return;
    }
    let msg = match computed {
        Ok(Ok(rows)) => Msg::ViewReady {
            req,
            index: ViewIndex::Rows(rows),
            covered: 0,
        },
        Ok(Err(payload)) => Msg::JobFailed {
            req,
            message: super::panic_text(payload.as_ref()),
        },
        Err(e) => Msg::JobFailed {
            req,
            message: e.to_string(),
        },
    };
    let _ = tx.send(msg);
}
