//! Before files added to the TUI basket start: a warning when, at a slow rate, they would
//! take longer than the MAST token has left (by the local age book, read off the UI task).
use std::path::PathBuf;

use tokio::sync::mpsc::UnboundedSender;

use crate::app::msg::Msg;
use crate::auth::Token;
use crate::auth::age::{basket_secs, outlive_warning, unix_now};
use crate::mast::basket_messages::BasketEvent;
use crate::mast::product_ref::ProductRef;

/// Bytes of `products` whose size MAST gave (unknown sizes count nothing: the estimate can
/// only err short, and the warning is a courtesy).
pub fn bytes_of(products: &[ProductRef]) -> u64 {
    products.iter().filter_map(|p| p.size).sum()
}

/// Checks in the background and sends the warning as a basket note, if there is one.
pub fn spawn_check(config_dir: PathBuf, token: Token, bytes: u64, tx: UnboundedSender<Msg>) {
    tokio::task::spawn_blocking(move || {
        if let Some(w) = outlive_warning(&config_dir, &token, unix_now(), basket_secs(bytes)) {
            let _ = tx.send(Msg::Basket(BasketEvent::Note(w)));
        }
    });
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::auth::age::{AgeBook, DAY, age_path};

    #[tokio::test]
    async fn an_old_token_and_a_big_basket_are_warned_of_a_small_one_not() {
        let dir = tempfile::tempdir().unwrap();
        let token = Token::new("0123456789abcdef0123456789abcdef").unwrap();
        let now = unix_now();
        // First seen 59 days ago, used today: a day left at most.
        let mut book = AgeBook::default();
        book.touch(&token, now - 59 * DAY);
        book.touch(&token, now);
        book.save(&age_path(dir.path())).unwrap();
        let (tx, mut rx) = tokio::sync::mpsc::unbounded_channel();
        // 2 days at 1 MB/s.
        spawn_check(
            dir.path().into(),
            token.clone(),
            2 * DAY * 1_000_000,
            tx.clone(),
        );
        match rx.recv().await {
            Some(Msg::Basket(BasketEvent::Note(w))) => {
                assert!(w.contains("longer than the MAST token"), "{w}")
            }
            other => panic!("expected a warning, got {other:?}"),
        }
        // A few minutes of files: nothing to say.
        spawn_check(dir.path().into(), token, 100_000_000, tx);
        assert!(rx.recv().await.is_none());
    }
}
