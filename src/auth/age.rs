//! Token age, tracked locally: MAST tokens expire 10 days after their last use and 60 days
//! after creation at most, and MAST cannot tell us either date. We remember when mastui first
//! saw a token and when it last used it (by a fingerprint, never the token), and warn early.
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use super::token::Token;

pub const DAY: u64 = 86_400;
/// Unused this long, a token expires.
pub const MAX_IDLE: u64 = 10 * DAY;
/// Whatever the use, a token expires this long after creation.
pub const MAX_AGE: u64 = 60 * DAY;
/// Warn when the estimated expiry is closer than this.
pub const WARN_BEFORE: u64 = 3 * DAY;

/// When one token was first seen and last used, in Unix seconds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Seen {
    pub first_seen: u64,
    pub last_used: u64,
}

/// `token-age.json` in the config directory: fingerprint -> dates.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct AgeBook {
    pub tokens: BTreeMap<String, Seen>,
}

/// What the dates say about a token now.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct AgeStatus {
    /// Days since mastui first saw it (its real creation may be earlier).
    pub age_days: u64,
    /// The latest it can still be valid, in Unix seconds (it may expire sooner if it was
    /// made before mastui saw it).
    pub expires_by: u64,
    /// Expiry is within `WARN_BEFORE` (or past).
    pub expiring: bool,
}

pub fn age_path(config_dir: &Path) -> PathBuf {
    config_dir.join("token-age.json")
}

/// A stable, one-way 64-bit fingerprint (FNV-1a) naming a token in the age book.
pub fn fingerprint(token: &Token) -> String {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in token.expose().bytes() {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0000_0100_0000_01b3);
    }
    format!("fnv1a64:{h:016x}")
}

impl Seen {
    pub fn status(&self, now: u64) -> AgeStatus {
        let expires_by =
            (self.first_seen.saturating_add(MAX_AGE)).min(self.last_used.saturating_add(MAX_IDLE));
        AgeStatus {
            age_days: now.saturating_sub(self.first_seen) / DAY,
            expires_by,
            expiring: expires_by.saturating_sub(now) < WARN_BEFORE,
        }
    }
}

impl AgeStatus {
    /// Seconds left before the estimated expiry.
    pub fn left(&self, now: u64) -> u64 {
        self.expires_by.saturating_sub(now)
    }

    /// True when work taking `secs` from `now` would outlive the token (a long basket).
    pub fn outlived_by(&self, now: u64, secs: u64) -> bool {
        now.saturating_add(secs) >= self.expires_by
    }

    /// A warning for people, or None while the token has time.
    pub fn warning(&self, now: u64) -> Option<String> {
        if !self.expiring {
            return None;
        }
        let left = self.left(now);
        Some(if left == 0 {
            "MAST token probably expired (10 days unused, or 60 days old); make a new one".into()
        } else {
            format!(
                "MAST token expires within {} h (10 days unused, or 60 days old); renew it",
                left.div_ceil(3600)
            )
        })
    }
}

impl AgeBook {
    pub fn load(path: &Path) -> AgeBook {
        std::fs::read(path)
            .ok()
            .and_then(|b| serde_json::from_slice(&b).ok())
            .unwrap_or_default()
    }

    /// Notes a use of `token` at `now` (first sight included) and returns its dates.
    pub fn touch(&mut self, token: &Token, now: u64) -> Seen {
        let seen = self.tokens.entry(fingerprint(token)).or_insert(Seen {
            first_seen: now,
            last_used: now,
        });
        seen.last_used = seen.last_used.max(now);
        *seen
    }

    pub fn get(&self, token: &Token) -> Option<Seen> {
        self.tokens.get(&fingerprint(token)).copied()
    }

    pub fn forget(&mut self, token: &Token) {
        self.tokens.remove(&fingerprint(token));
    }

    pub fn save(&self, path: &Path) -> Result<(), String> {
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir)
                .map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
        }
        let text = serde_json::to_vec_pretty(self).map_err(|e| e.to_string())?;
        std::fs::write(path, text).map_err(|e| format!("cannot write {}: {e}", path.display()))
    }
}

/// Records a use of `token` now in the config directory's age book; returns its status.
/// Best effort: an unwritable config directory only loses the bookkeeping.
pub fn record_use(config_dir: &Path, token: &Token, now: u64) -> AgeStatus {
    let path = age_path(config_dir);
    let mut book = AgeBook::load(&path);
    let seen = book.touch(token, now);
    let _ = book.save(&path);
    seen.status(now)
}

/// Before a long basket: a warning when work expected to take `secs` from `now` would
/// outlive the token (by the local age book; None when the token is unknown or has time).
pub fn outlive_warning(config_dir: &Path, token: &Token, now: u64, secs: u64) -> Option<String> {
    let status = AgeBook::load(&age_path(config_dir)).get(token)?.status(now);
    status.outlived_by(now, secs).then(|| {
        format!(
            "this basket may take longer than the MAST token has left (about {} h); \
             downloads after that will need a new token (L, or `mastui login`)",
            status.left(now) / 3600
        )
    })
}

/// The download rate a basket's duration is estimated at before it starts: a slow link
/// (1 MB/s), so that the warning comes early rather than late.
pub const SLOW_BYTES_PER_SEC: u64 = 1_000_000;

/// Seconds `bytes` of downloads may take at `SLOW_BYTES_PER_SEC`.
pub fn basket_secs(bytes: u64) -> u64 {
    bytes.div_ceil(SLOW_BYTES_PER_SEC)
}

/// Seconds since the Unix epoch (0 if the clock is before it).
pub fn unix_now() -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tok() -> Token {
        Token::new("0123456789abcdef0123456789abcdef").unwrap()
    }

    #[test]
    fn idle_and_total_limits() {
        let t0 = 1_000_000;
        let mut book = AgeBook::default();
        book.touch(&tok(), t0);
        let s = book.get(&tok()).unwrap().status(t0);
        assert_eq!(s.expires_by, t0 + MAX_IDLE);
        assert!(!s.expiring);
        assert!(s.warning(t0).is_none());
        // A long basket outlives it.
        assert!(s.outlived_by(t0, 11 * DAY));
        assert!(!s.outlived_by(t0, DAY));
        // Used every 5 days, it still ends at 60 days.
        let mut now = t0;
        for _ in 0..11 {
            now += 5 * DAY;
            book.touch(&tok(), now);
        }
        now = t0 + 58 * DAY;
        book.touch(&tok(), now);
        let s = book.get(&tok()).unwrap().status(now);
        assert_eq!(s.expires_by, t0 + MAX_AGE);
        assert!(s.expiring);
        assert!(s.warning(now).unwrap().contains("expires within"));
        assert!(s.warning(t0 + MAX_AGE).unwrap().contains("expired"));
    }

    #[test]
    fn the_book_never_holds_the_token() {
        let dir = tempfile::tempdir().unwrap();
        let st = record_use(dir.path(), &tok(), 5);
        assert_eq!(st.age_days, 0);
        let text = std::fs::read_to_string(age_path(dir.path())).unwrap();
        assert!(!text.contains(tok().expose()));
        assert!(text.contains("fnv1a64:"));
        assert_eq!(outlive_warning(dir.path(), &tok(), 5, DAY), None);
        assert!(outlive_warning(dir.path(), &tok(), 5, 11 * DAY).is_some());
    }
}
