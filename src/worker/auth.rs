//! Auth jobs: find the stored token and ask MAST whose it is, check a typed one, keep it where
//! the user chose. Keyring and file work runs on blocking threads (keyring calls time out).
use tokio::sync::mpsc::UnboundedSender;
use tokio_util::sync::CancellationToken;

use crate::app::auth_check::AuthCheck;
use crate::app::msg::Msg;
use crate::app::req::ReqId;
use crate::auth::age::{record_use, unix_now};
use crate::auth::{self, Identity, Source, StoreKind, SystemKeyring, Token};
use crate::config::Paths;
use crate::mast::client::MastClient;

/// `Cmd::ResolveAuth`: environment, keyring, file; then `/whoami` with what was found.
pub async fn resolve(
    client: MastClient,
    paths: Paths,
    req: ReqId,
    tx: UnboundedSender<Msg>,
    cancel: CancellationToken,
) {
    let r = auth::resolve_async(paths.clone(), client.base_url().to_string()).await;
    let mut check = AuthCheck {
        token: None,
        source: None,
        identity: None,
        error: None,
        notes: r.notes,
        keyring_unavailable: r.keyring_unavailable,
        expiring: None,
    };
    if let Some(found) = r.found {
        ask(
            &client,
            &paths,
            found.token,
            found.source,
            &mut check,
            &cancel,
        )
        .await;
    }
    let _ = tx.send(Msg::Auth { req, check });
}

/// `Cmd::CheckToken`: the typed token against `/whoami`.
pub async fn check(
    client: MastClient,
    paths: Paths,
    req: ReqId,
    token: Token,
    tx: UnboundedSender<Msg>,
    cancel: CancellationToken,
) {
    let mut check = AuthCheck {
        token: None,
        source: None,
        identity: None,
        error: None,
        notes: Vec::new(),
        keyring_unavailable: None,
        expiring: None,
    };
    ask(&client, &paths, token, Source::Prompt, &mut check, &cancel).await;
    let _ = tx.send(Msg::Auth { req, check });
}

async fn ask(
    client: &MastClient,
    paths: &Paths,
    token: Token,
    source: Source,
    check: &mut AuthCheck,
    cancel: &CancellationToken,
) {
    if !client.token_allowed() {
        check.error = Some(
            crate::mast::InputError::new(
                "server",
                "plain http to a host that is not this machine: a token goes only over https",
            )
            .into(),
        );
    } else {
        match client.clone().with_auth(Some(&token)).whoami(cancel).await {
            Ok(v) => {
                let id = Identity::from_whoami(&v);
                if id.valid {
                    let (dir, t) = (paths.config_dir.clone(), token.clone());
                    let now = unix_now();
                    let status = tokio::task::spawn_blocking(move || record_use(&dir, &t, now))
                        .await
                        .ok();
                    check.expiring = status.and_then(|s| s.warning(now));
                }
                check.identity = Some(id);
            }
            Err(e) => check.error = Some(e),
        }
    }
    check.token = Some(token);
    check.source = Some(source);
}

/// `Cmd::StoreToken`.
pub async fn store(
    paths: Paths,
    server: String,
    token: Token,
    kind: StoreKind,
    tx: UnboundedSender<Msg>,
) {
    let result = tokio::task::spawn_blocking(move || {
        let keyring = SystemKeyring::from_env();
        auth::store(kind, &token, &paths, &server, keyring.as_ref())
            .map(|place| {
                if kind == StoreKind::File {
                    format!("{place} (plain text, mode 0600)")
                } else {
                    place
                }
            })
            .map_err(|e| e.to_string())
    })
    .await
    .unwrap_or_else(|e| Err(format!("storing the token failed: {e}")));
    let _ = tx.send(Msg::TokenStored { result });
}
