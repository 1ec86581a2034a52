//! What is new in a saved search since it last ran: observations (by `obsid`) not seen
//! then, and observations that were exclusive access then and are public now; and, for
//! `mastui products --saved`, files (by `dataURI`) in the same two ways.
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

/// The files (by `dataURI`) a saved search's observations listed at the last complete
/// `mastui products --saved` run: a file added to an observation seen before (a
/// reprocessing) is news, as is one that was exclusive access then and is public now.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct SeenFiles {
    pub uris: BTreeSet<String>,
    /// Those whose `dataRights` was not PUBLIC.
    #[serde(default)]
    pub exclusive: BTreeSet<String>,
}

impl SeenFiles {
    pub fn add(&mut self, uri: &str, public: bool) {
        self.uris.insert(uri.to_string());
        if !public {
            self.exclusive.insert(uri.to_string());
        }
    }

    /// Whether a file listed now is news against this earlier run.
    pub fn news(&self, uri: &str, public: bool) -> Option<News> {
        if !self.uris.contains(uri) {
            Some(News::New)
        } else if public && self.exclusive.contains(uri) {
            Some(News::Released)
        } else {
            None
        }
    }
}

/// A product row's `dataURI` and whether it is public; None without a dataURI.
pub fn file_key(table: &Table, row: usize) -> Option<(String, bool)> {
    let uri = table.get(row, "dataURI").as_str()?.trim().to_string();
    if uri.is_empty() {
        return None;
    }
    let public = table.get(row, "dataRights").as_str().is_none_or(is_public);
    Some((uri, public))
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
        let mut files = SeenFiles::default();
        files.add("mast:JWST/product/a_cal.fits", true);
        files.add("mast:JWST/product/b_cal.fits", false);
        assert_eq!(files.news("mast:JWST/product/a_cal.fits", true), None);
        assert_eq!(
            files.news("mast:JWST/product/b_cal.fits", true),
            Some(News::Released)
        );
        assert_eq!(
            files.news("mast:JWST/product/a_crf.fits", true),
            Some(News::New)
        );
    }
}
