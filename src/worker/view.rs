//! Filtering and sorting a large result on a blocking thread, so keystrokes never wait on it.
use tokio::sync::mpsc::UnboundedSender;
use tokio_util::sync::CancellationToken;

use crate::app::grid_view::ViewJob;
use crate::app::{Msg, ReqId};

pub async fn run(req: ReqId, job: ViewJob, tx: UnboundedSender<Msg>, cancel: CancellationToken) {
    let covered = job.data.rows();
    let computed = tokio::task::spawn_blocking(move || job.run()).await;
    if cancel.is_cancelled() {
        return;
    }
    if let Ok(index) = computed {
        let _ = tx.send(Msg::ViewReady {
            req,
            index,
            covered,
        });
    }
}
