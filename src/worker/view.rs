//! Filtering and sorting a large result on a blocking thread, so keystrokes never wait on it.
use tokio::sync::mpsc::UnboundedSender;
use tokio_util::sync::CancellationToken;

use crate::app::grid_view::ViewJob;
use crate::app::{Msg, ReqId};

pub async fn run(req: ReqId, job: ViewJob, tx: UnboundedSender<Msg>, cancel: CancellationToken) {
    let covered = job.data.rows();
    let computed = tokio::task::spawn_blocking(move || super::as_blocking_job(|| job.run())).await;
    if cancel.is_cancelled() {
        return;
    }
    let msg = match computed {
        Ok(Ok(index)) => Msg::ViewReady {
            req,
            index,
            covered,
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
