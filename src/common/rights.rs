//! Who may fetch what: the words the browser and `mastui download` share about files that
//! need a login (MAST's `dataRights` other than PUBLIC).
use crate::mast::basket_item::{BasketItem, ItemStatus};

/// A basket item that will need a token with exclusive access: protected and not finished
/// or dropped.
pub fn item_needs_login(item: &BasketItem) -> bool {
    item.protected && !item.status.is_done() && item.status != ItemStatus::Cancelled
}

/// How many items need a login, and of what kind (the TUI and `mastui download` both start
/// with this, then say what to do in their own words).
pub fn login_needed(n: usize, logged_in_without_scope: bool) -> String {
    let items = if n == 1 {
        "1 item needs".to_string()
    } else {
        format!("{n} items need")
    };
    if logged_in_without_scope {
        format!("{items} a token with exclusive access (mast:exclusive_access; this one lacks it)")
    } else {
        format!("{items} a login (exclusive-access data)")
    }
}
