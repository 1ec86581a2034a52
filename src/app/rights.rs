//! MAST's `dataRights`: which rows and products need a login (a token with the
//! `mast:exclusive_access` scope) before their files can be downloaded.
use crate::common::rights::{item_needs_login, login_needed};
use crate::mast::basket_item::BasketItem;
use crate::mast::product_ref::rights_need_token;
use crate::mast::table::Cell;

use super::login::LoginStatus;
use super::state::State;

/// The glyph drawn in a grid's gutter for a row that is not PUBLIC. ASCII, so it is one
/// cell wide in every terminal and visible without colour.
pub const EXCLUSIVE_GLYPH: &str = "!";

/// True when a row's `dataRights` needs a login (see `rights_need_token`).
pub fn needs_login(data_rights: &str) -> bool {
    rights_need_token(data_rights)
}

/// `needs_login` for a table cell (only text cells carry rights).
pub fn cell_needs_login(cell: &Cell<'_>) -> bool {
    matches!(cell, Cell::Text(s) if needs_login(s))
}

/// False only when the session is known to lack exclusive access: no token, a token MAST
/// refused, or one without the `mast:exclusive_access` scope. While the start-up check runs
/// or MAST could not be asked, nothing is claimed (a 401 will still say so).
pub fn lacks_exclusive_access(status: &LoginStatus) -> bool {
    matches!(
        status,
        LoginStatus::Anonymous
            | LoginStatus::Rejected { .. }
            | LoginStatus::LoggedIn {
                exclusive_access: false,
                ..
            }
    )
}

/// The TUI's words: what is needed, then the key.
pub fn login_advice(n: usize, logged_in_without_scope: bool) -> String {
    let what = login_needed(n, logged_in_without_scope);
    if logged_in_without_scope {
        format!("{what}: L to log in with another, or `mastui login`")
    } else {
        format!("{what}: L to log in, or `mastui login`")
    }
}

/// The basket pane's line about items that need a login, when the session lacks access.
pub fn basket_advice(state: &State) -> Option<String> {
    if !lacks_exclusive_access(&state.auth.status) {
        return None;
    }
    let n = state
        .basket
        .items
        .iter()
        .filter(|i| item_needs_login(i))
        .count();
    let without_scope = matches!(state.auth.status, LoginStatus::LoggedIn { .. });
    (n > 0).then(|| login_advice(n, without_scope))
}

/// An item from the worker: kept, and when it is new and needs a login the session lacks,
/// the message line says how many do (a resumed basket says it once its items are in).
pub fn on_basket_item(state: &mut State, item: BasketItem) {
    let new = item_needs_login(&item) && !state.basket.items.iter().any(|i| i.id == item.id);
    state.basket.on_item(item);
    if new && let Some(advice) = basket_advice(state) {
        state.error(advice);
    }
}

/// After a login check: the basket may hold items this session turns out unable to fetch.
pub fn after_login_check(state: &mut State, was_checking: bool) {
    if was_checking
        && !matches!(state.auth.status, LoginStatus::Checking)
        && let Some(advice) = basket_advice(state)
    {
        state.error(advice);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_public_and_empty_are_open() {
        assert!(!needs_login("PUBLIC"));
        assert!(!needs_login(" public "));
        assert!(!needs_login(""));
        assert!(needs_login("EXCLUSIVE_ACCESS"));
        assert!(needs_login("RESTRICTED"));
        assert!(cell_needs_login(&Cell::Text("EXCLUSIVE_ACCESS")));
        assert!(!cell_needs_login(&Cell::Null));
    }
}
