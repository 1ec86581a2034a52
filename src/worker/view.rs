//! Filtering and sorting large grids (results and products) on a blocking thread, so
//! keystrokes never wait on them.
use tokio::sync::mpsc::UnboundedSender;
use tokio_util::sync::CancellationToken;

use crate::app::grid_view::ViewIndex;
use crate::app::{Msg, ReqId};

/// Runs `compute` off the UI task and answers `Msg::ViewReady` (covering `covered` rows), or
/// `Msg::JobFailed` if it panicked; nothing once cancelled.
pub async fn run(
    req: ReqId,
    covered: usize,
    compute: impl FnOnce() -> ViewIndex + Send + 'static,
    tx: UnboundedSender<Msg>,
    cancel: CancellationToken,
) {
    let computed = tokio::task::spawn_blocking(move || super::as_blocking_job(compute)).await;
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
