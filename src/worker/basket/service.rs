//! The basket inside the TUI: one long-lived task that loads the journal, resumes what was
//! queued, and takes the person's requests while it runs; what it reports goes to the state
//! machine as `Msg::Basket`. `MASTUI_CLOUD=1` has it fetch from MAST's cloud copy.
use std::path::PathBuf;
use std::sync::Mutex;

use tokio::sync::mpsc::{UnboundedReceiver, UnboundedSender, unbounded_channel};
use tokio_util::sync::CancellationToken;

use super::free_space::available_bytes;
use super::{Basket, Control, DEFAULT_PARALLEL, Destination};
use crate::app::msg::Msg;
use crate::config::Paths;
use crate::mast::basket_messages::{BasketEvent, BasketRequest, DownloadSettings};
use crate::mast::client::MastClient;

/// The running basket: where to send requests, and how to stop it.
pub struct BasketService {
    control: UnboundedSender<Control>,
    cancel: CancellationToken,
    /// Where verify looks: the download directory, which the settings overlay can change.
    dir: Mutex<PathBuf>,
    tx: UnboundedSender<Msg>,
}

impl BasketService {
    /// Starts the basket of `paths` (journal in the data dir, files in the download dir).
    pub fn start(client: MastClient, paths: &Paths, tx: UnboundedSender<Msg>) -> BasketService {
        let (control, rx) = unbounded_channel();
        let cancel = CancellationToken::new();
        let base = client.base_url().to_string();
        let dest = Destination {
            dir: paths.download_dir.clone(),
            // Checked when the browser started (a bad value stops it there).
            flat: crate::settings::read::flat_layout().unwrap_or(false),
            base: base.clone(),
            manifest: true,
        };
        let parallel = crate::settings::read::parallel()
            .ok()
            .flatten()
            .unwrap_or(DEFAULT_PARALLEL);
        let journal = super::journal_for(paths, &base);
        let dir = dest.dir.clone();
        let _ = tx.send(Msg::Basket(BasketEvent::Settings(DownloadSettings {
            dir: std::path::absolute(&dir)
                .unwrap_or_else(|_| dir.clone())
                .display()
                .to_string(),
            flat: dest.flat,
            parallel,
        })));
        tokio::spawn(run(
            client,
            journal,
            (dest, parallel),
            rx,
            tx.clone(),
            cancel.clone(),
        ));
        BasketService {
            control,
            cancel,
            dir: Mutex::new(dir),
            tx,
        }
    }

    pub fn ask(&self, request: BasketRequest) {
        if let BasketRequest::Configure(s) = &request
            && let Some(d) = crate::settings::table::expand_home(&s.dir)
            && let Ok(mut dir) = self.dir.lock()
        {
            *dir = PathBuf::from(d);
        }
        if request == BasketRequest::Verify {
            // Reading every file for its hash runs beside the downloads, not in their loop.
            let dir = match self.dir.lock() {
                Ok(d) => d.clone(),
                Err(poisoned) => poisoned.into_inner().clone(),
            };
            let tx = self.tx.clone();
            tokio::spawn(async move {
                let result = super::verify::verify(&dir).await;
                let _ = tx.send(Msg::Basket(BasketEvent::Verified(result)));
            });
            return;
        }
        let _ = self.control.send(Control::Request(request));
    }

    /// Files started from now on use `client` (after a login).
    pub fn use_client(&self, client: MastClient) {
        let _ = self.control.send(Control::UseClient(client));
    }

    /// Stops the downloads; active files go back to queued in the journal.
    pub fn stop(&self) {
        self.cancel.cancel();
    }
}

async fn run(
    client: MastClient,
    journal: PathBuf,
    (dest, parallel): (Destination, usize),
    control: UnboundedReceiver<Control>,
    tx: UnboundedSender<Msg>,
    cancel: CancellationToken,
) {
    let dir = dest.dir.clone();
    let opened = tokio::task::spawn_blocking(move || Basket::open(&journal)).await;
    let mut basket = match opened {
        Ok(Ok(b)) => b.with_destination(dest),
        Ok(Err(e)) => {
            let _ = tx.send(Msg::Basket(BasketEvent::Note(e)));
            return;
        }
        Err(e) => {
            let note = format!("the basket could not load: {e}");
            let _ = tx.send(Msg::Basket(BasketEvent::Note(note)));
            return;
        }
    };
    // MASTUI_CLOUD=1: files come from MAST's cloud copy when it has them.
    match crate::mast::cloud::switch::from_env(client.policy().clone(), None) {
        Ok(Some(cloud)) => basket = basket.with_cloud(std::sync::Arc::new(cloud)),
        Ok(None) => {}
        Err(e) => {
            let _ = tx.send(Msg::Basket(BasketEvent::Note(e)));
        }
    }
    let free = available_bytes(&dir).ok();
    let shown = std::path::absolute(&dir).unwrap_or_else(|_| dir.clone());
    let _ = tx.send(Msg::Basket(BasketEvent::Info {
        dir: shown.display().to_string(),
        free,
    }));
    for it in basket.items() {
        let _ = tx.send(Msg::Basket(BasketEvent::Item(it.clone())));
    }
    let (events, mut rx) = unbounded_channel();
    let forward = {
        let tx = tx.clone();
        tokio::spawn(async move {
            while let Some(ev) = rx.recv().await {
                if tx.send(Msg::Basket(ev)).is_err() {
                    break;
                }
            }
        })
    };
    if let Err(e) = basket
        .run(&client, parallel, None, Some(control), &events, &cancel)
        .await
    {
        let _ = tx.send(Msg::Basket(BasketEvent::Note(e)));
    }
    drop(events);
    let _ = forward.await;
}
