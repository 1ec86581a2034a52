//! What is new in a saved search since it last ran: observations (by `obsid`) not seen
//! then, and observations that were exclusive access then and are public now.
use std::collections::BTreeSet;

use serde::{Deserialize, Serialize};

use crate::mast::table::Table;

/// What a saved search's last complete run saw.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Seen {
    /// Every `obsid` it returned.
    pub obsids: BTreeSet<i64>,
    /// Those whose `dataRights` was not PUBLIC (EXCLUSIVE_ACCESS, RESTRICTED).
    pub exclusive: BTreeSet<i64>,
}

/// Why a row is news.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum News {
    /// Not there last time.
    New,
    /// There last time under exclusive access, public now (its t_obs_release passed).
    Released,
}

impl News {
    pub fn word(self) -> &'static str {
        match self {
            News::New => "new",
            News::Released => "released",
        }
    }
}

/// MAST's `dataRights`: PUBLIC, or EXCLUSIVE_ACCESS / RESTRICTED.
pub fn is_public(data_rights: &str) -> bool {
    data_rights.trim().eq_ignore_ascii_case("PUBLIC")
}

/// A row's `obsid` (MAST sends it as a number, some services as text) and whether it is
/// public; None without an obsid.
pub fn row_key(table: &Table, row: usize) -> Option<(i64, bool)> {
    let cell = table.get(row, "obsid");
    let obsid = cell
        .as_i64()
        .or_else(|| cell.as_str().and_then(|s| s.trim().parse().ok()))?;
    let public = table.get(row, "dataRights").as_str().is_none_or(is_public);
    Some((obsid, public))
}

impl Seen {
    pub fn add(&mut self, obsid: i64, public: bool) {
        self.obsids.insert(obsid);
        if !public {
            self.exclusive.insert(obsid);
        }
    }

    /// Whether an observation seen now is news against this earlier run.
    pub fn news(&self, obsid: i64, public: bool) -> Option<News> {
        if !self.obsids.contains(&obsid) {
            Some(News::New)
        } else if public && self.exclusive.contains(&obsid) {
            Some(News::Released)
        } else {
            None
        }
    }

    /// Every row of a table that is news, with why.
    pub fn news_rows(&self, table: &Table) -> Vec<(usize, News)> {
        (0..table.rows())
            .filter_map(|r| {
                let (obsid, public) = row_key(table, r)?;
                self.news(obsid, public).map(|n| (r, n))
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn new_and_released_against_the_last_run() {
        let mut last = Seen::default();
        last.add(1, true);
        last.add(2, false);
        last.add(3, false);
        assert_eq!(last.news(1, true), None);
        assert_eq!(last.news(2, true), Some(News::Released));
        assert_eq!(last.news(3, false), None);
        assert_eq!(last.news(4, false), Some(News::New));
        assert!(is_public(" public "));
        assert!(!is_public("EXCLUSIVE_ACCESS"));
    }
}
