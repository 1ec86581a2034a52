//! The simulated MAST archive: a deterministic synthetic catalogue served over real HTTP
//! with the routes, answer shapes and quirks of PROTOCOL.md sections 1-5, plus faults on
//! demand. Tests, `--demo` and benchmarks use it; unmodified astroquery accepts it.

pub mod catalogs;
pub mod catalogue;
pub mod cloud;
pub mod columns;
pub mod columns_config;
pub mod cutouts;
pub mod faults;
pub mod filters;
pub mod fits;
pub mod hostile;
pub mod json_out;
pub mod missions;
pub mod names;
pub mod options;
pub mod preview;
pub mod rng;
pub mod routes;

use std::io::Write as _;
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use tokio::sync::oneshot;
use tokio::task::JoinHandle;

pub use faults::FaultSpec;
pub use options::{SimArgs, SimOptions};

/// A running simulator. Dropping it stops the server.
pub struct SimHandle {
    /// `http://127.0.0.1:PORT`, no trailing slash.
    pub base_url: String,
    pub addr: SocketAddr,
    state: Arc<routes::AppState>,
    stop: Option<oneshot::Sender<()>>,
    task: Option<JoinHandle<()>>,
}

impl SimHandle {
    /// What the download route has served so far.
    pub fn download_counts(&self) -> routes::download::DownloadCounts {
        self.state.downloads.counts()
    }

    /// Invoke requests received so far.
    pub fn invoke_count(&self) -> u64 {
        self.state
            .invokes
            .load(std::sync::atomic::Ordering::Relaxed)
    }

    /// Path lookup requests received so far (refused ones included).
    pub fn path_lookup_count(&self) -> u64 {
        self.state
            .path_lookups
            .load(std::sync::atomic::Ordering::Relaxed)
    }

    /// Stop accepting, give open connections a moment, then stop for good.
    pub async fn shutdown(self) {
        self.shutdown_within(Duration::from_secs(2)).await;
    }

    async fn shutdown_within(mut self, grace: Duration) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        if let Some(task) = self.task.take() {
            let abort = task.abort_handle();
            if tokio::time::timeout(grace, task).await.is_err() {
                abort.abort();
            }
        }
    }
}

impl Drop for SimHandle {
    fn drop(&mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        if let Some(task) = self.task.take() {
            task.abort();
        }
    }
}

/// Bind and serve on the current tokio runtime; returns as soon as the socket listens.
pub async fn start(opts: SimOptions) -> std::io::Result<SimHandle> {
    let listener = tokio::net::TcpListener::bind(opts.addr).await?;
    let addr = listener.local_addr()?;
    let base_url = format!("http://{addr}");
    let state = Arc::new(routes::AppState::new(&opts, base_url.clone()));
    let app = routes::router(Arc::clone(&state));
    let (stop, stopped) = oneshot::channel::<()>();
    let task = tokio::spawn(async move {
        let _ = axum::serve(listener, app)
            .with_graceful_shutdown(async move {
                let _ = stopped.await;
            })
            .await;
    });
    Ok(SimHandle {
        base_url,
        addr,
        state,
        stop: Some(stop),
        task: Some(task),
    })
}

/// `mastui sim`: serve until interrupted; the first stdout line is the base URL.
pub async fn run(args: SimArgs) -> Result<(), String> {
    let opts = SimOptions::from(args);
    let (seed, scale) = (opts.seed, opts.scale);
    let faults = opts.faults.clone();
    let handle = start(opts)
        .await
        .map_err(|e| format!("cannot start the simulator: {e}"))?;
    {
        let mut out = std::io::stdout().lock();
        writeln!(out, "{}", handle.base_url).map_err(|e| e.to_string())?;
        out.flush().map_err(|e| e.to_string())?;
    }
    let faults = if faults.is_none() {
        "none".to_string()
    } else {
        faults.to_string()
    };
    eprintln!("mastui sim: seed {seed}, scale {scale}, faults {faults}; Ctrl-C to stop");
    wait_for_signal().await;
    // Interrupted: in-flight answers get a short grace, then the process may exit.
    handle.shutdown_within(Duration::from_millis(300)).await;
    Ok(())
}

async fn wait_for_signal() {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{SignalKind, signal};
        match signal(SignalKind::terminate()) {
            Ok(mut term) => {
                tokio::select! {
                    _ = tokio::signal::ctrl_c() => {}
                    _ = term.recv() => {}
                }
            }
            Err(_) => {
                let _ = tokio::signal::ctrl_c().await;
            }
        }
    }
    #[cfg(not(unix))]
    {
        let _ = tokio::signal::ctrl_c().await;
    }
}
