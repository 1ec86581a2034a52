//! A grid's sort or filter over many rows (`Cmd::ComputeView`) on a blocking thread, so
//! keystrokes never wait on it.
use tokio::sync::mpsc::UnboundedSender;
use tokio_util::sync::CancellationToken;

use crate::app::msg::Msg;
use crate::app::req::ReqId;
use crate::app::view::ViewJob;

/// Runs `job` off the UI task and answers `Msg::ViewReady`, or `Msg::JobFailed` if it
/// panicked; nothing once cancelled.
pub async fn run(
    req: ReqId,
    job: Box<ViewJob>,
    tx: UnboundedSender<Msg>,
    cancel: CancellationToken,
) {
    let computed =
        tokio::task::spawn_blocking(move || super::as_blocking_job(move || job.run())).await;
    if cancel.is_cancelled() {
        return;
    }
    let msg = match computed {
        Ok(Ok(rows)) => Msg::ViewReady { req, rows },
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
