//! What `mastui download` says before it starts: how many files need a login the session
//! lacks (so a long run does not end in a pile of 401s unexplained), and whether the run may
//! outlive the token.
use tokio_util::sync::CancellationToken;

use crate::auth::age::{basket_secs, outlive_warning, unix_now};
use crate::auth::{Identity, Token};
use crate::common::rights::{item_needs_login, login_needed};
use crate::config::Paths;
use crate::mast::basket_item::{BasketItem, ItemStatus};
use crate::mast::client::MastClient;

/// The stderr line about files that need a login, if the session cannot fetch them: no
/// token, or a token MAST refuses or that lacks the `mast:exclusive_access` scope. Asks
/// `/whoami` only when protected files are in the basket and a token is set; when MAST
/// cannot be asked, says nothing (a 401 will still explain itself).
pub async fn login_line(
    client: &MastClient,
    items: &[BasketItem],
    cancel: &CancellationToken,
) -> Option<String> {
    let n = items.iter().filter(|i| item_needs_login(i)).count();
    if n == 0 {
        return None;
    }
    let without_scope = if client.has_token() {
        let id = Identity::from_whoami(&client.whoami(cancel).await.ok()?);
        if id.valid && id.has_exclusive_access() {
            return None;
        }
        id.valid
    } else {
        false
    };
    let what = login_needed(n, without_scope);
    let pending = items
        .iter()
        .filter(|i| !i.status.is_done() && i.status != ItemStatus::Cancelled)
        .count();
    let others = pending.saturating_sub(n);
    let rest = match others {
        0 => String::new(),
        1 => "; the 1 other file downloads now".to_string(),
        k => format!("; the {k} other files download now"),
    };
    Some(format!(
        "{what}: run `mastui login` (or set MAST_API_TOKEN) first, or they will fail with 401{rest}"
    ))
}

/// The warning when the files still to fetch, at a slow rate, would take longer than the
/// token has left (by the local age book).
pub fn outlive_line(paths: &Paths, token: &Token, items: &[BasketItem]) -> Option<String> {
    let bytes: u64 = items
        .iter()
        .filter(|i| !i.status.is_done() && i.status != ItemStatus::Cancelled)
        .filter_map(|i| i.size)
        .sum();
    outlive_warning(&paths.config_dir, token, unix_now(), basket_secs(bytes))
}
