//! The basket on disk: an append-only JSON-lines log, fsync'd at every change, so quitting,
//! a crash, `kill -9` or a reboot lose nothing. Each line is the whole new state of one item
//! (`{"put": item}`) or its removal (`{"remove": id}`). Loading replays the log, ignores a
//! torn last line, turns items that were active back into queued ones (their bytes are in
//! the `.part` files) and compacts the log to one line per item.
use std::collections::BTreeMap;
use std::fs::{File, OpenOptions};
use std::io::{BufRead, BufReader, Write};
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::mast::basket_item::{BasketItem, ItemStatus};

/// Compact again once the log holds this many more lines than items.
const COMPACT_SLACK: usize = 2_000;

#[derive(Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
enum Record {
    // Boxed: an item is large beside an id (serde writes the box as its content).
    Put(Box<BasketItem>),
    Remove(u64),
}

pub struct Journal {
    path: PathBuf,
    file: File,
    lines: usize,
    /// Held while the journal is open: a second mastui must not write the same basket.
    _lock: Option<File>,
}

/// Takes `<journal>.lock` for this process, or says who cannot have it. The lock goes with
/// the process, even after `kill -9`.
fn lock(path: &Path) -> Result<File, String> {
    let lock_path = path.with_extension("lock");
    let f = OpenOptions::new()
        .create(true)
        .truncate(false)
        .write(true)
        .open(&lock_path)
        .map_err(|e| io_err(&lock_path, "open", e))?;
    // std's advisory lock (flock on Unix, LockFileEx on Windows).
    match f.try_lock() {
        Ok(()) => Ok(f),
        Err(std::fs::TryLockError::WouldBlock) => Err(format!(
            "the basket {} is in use by another mastui (a browser or a download still \
             running); let it finish or quit it, then try again",
            path.display()
        )),
        Err(std::fs::TryLockError::Error(e)) => Err(io_err(&lock_path, "lock", e)),
    }
}

fn io_err(path: &Path, what: &str, e: std::io::Error) -> String {
    format!("basket journal {}: cannot {what}: {e}", path.display())
}

impl Journal {
    /// Opens (creating) the journal at `path` and returns it with the items it holds, in
    /// the order they were added.
    pub fn open(path: &Path) -> Result<(Journal, Vec<BasketItem>), String> {
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir).map_err(|e| io_err(dir, "create the folder", e))?;
        }
        let held = lock(path)?;
        let mut items: BTreeMap<u64, BasketItem> = BTreeMap::new();
        match File::open(path) {
            Ok(f) => {
                for line in BufReader::new(f).lines() {
                    let Ok(line) = line else { break };
                    // A torn or foreign line (a crash mid-write) is skipped, not fatal.
                    match serde_json::from_str::<Record>(&line) {
                        Ok(Record::Put(item)) => {
                            items.insert(item.id, *item);
                        }
                        Ok(Record::Remove(id)) => {
                            items.remove(&id);
                        }
                        Err(_) => {}
                    }
                }
            }
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
            Err(e) => return Err(io_err(path, "read", e)),
        }
        let mut items: Vec<BasketItem> = items.into_values().collect();
        for it in &mut items {
            if it.status == ItemStatus::Active {
                it.status = ItemStatus::Queued;
            }
        }
        let mut journal = Journal::rewrite(path, &items)?;
        journal._lock = Some(held);
        Ok((journal, items))
    }

    /// Writes `items` as a fresh log beside the old one, fsyncs it and renames it over.
    fn rewrite(path: &Path, items: &[BasketItem]) -> Result<Journal, String> {
        let tmp = path.with_extension("jsonl.tmp");
        {
            let mut f = File::create(&tmp).map_err(|e| io_err(&tmp, "create", e))?;
            let mut buf = Vec::with_capacity(items.len() * 300);
            for it in items {
                line_of(&Record::Put(Box::new(it.clone())), &mut buf)?;
            }
            f.write_all(&buf).map_err(|e| io_err(&tmp, "write", e))?;
            f.sync_all().map_err(|e| io_err(&tmp, "sync", e))?;
        }
        std::fs::rename(&tmp, path).map_err(|e| io_err(path, "replace", e))?;
        if let Some(dir) = path.parent()
            && let Ok(d) = File::open(dir)
        {
            let _ = d.sync_all();
        }
        let file = OpenOptions::new()
            .append(true)
            .open(path)
            .map_err(|e| io_err(path, "open", e))?;
        Ok(Journal {
            path: path.to_path_buf(),
            file,
            lines: items.len(),
            _lock: None,
        })
    }

    /// Records the new state of `item`, durably.
    pub fn put(&mut self, item: &BasketItem) -> Result<(), String> {
        self.append(&Record::Put(Box::new(item.clone())))
    }

    /// Records a state that loading undoes anyway (an active item comes back queued),
    /// without waiting for the disk: losing it in a crash loses nothing, and the next
    /// durable record carries it to the disk. Saves one fsync per file started.
    pub fn put_volatile(&mut self, item: &BasketItem) -> Result<(), String> {
        let mut buf = Vec::with_capacity(300);
        line_of(&Record::Put(Box::new(item.clone())), &mut buf)?;
        self.file
            .write_all(&buf)
            .map_err(|e| io_err(&self.path, "write", e))?;
        self.lines += 1;
        Ok(())
    }

    pub fn remove(&mut self, id: u64) -> Result<(), String> {
        self.append(&Record::Remove(id))
    }

    /// Records several items with one fsync.
    pub fn put_all<'a>(
        &mut self,
        items: impl IntoIterator<Item = &'a BasketItem>,
    ) -> Result<(), String> {
        let mut buf = Vec::new();
        let mut n = 0;
        for it in items {
            line_of(&Record::Put(Box::new(it.clone())), &mut buf)?;
            n += 1;
        }
        self.write(&buf, n)
    }

    /// Compacts when the log has grown well past the item count.
    pub fn maybe_compact(&mut self, items: &[BasketItem]) -> Result<(), String> {
        if self.lines > items.len() + COMPACT_SLACK {
            let held = self._lock.take();
            *self = Journal::rewrite(&self.path, items)?;
            self._lock = held;
        }
        Ok(())
    }

    fn append(&mut self, r: &Record) -> Result<(), String> {
        let mut buf = Vec::with_capacity(300);
        line_of(r, &mut buf)?;
        self.write(&buf, 1)
    }

    fn write(&mut self, buf: &[u8], lines: usize) -> Result<(), String> {
        self.file
            .write_all(buf)
            .map_err(|e| io_err(&self.path, "write", e))?;
        self.file
            .sync_data()
            .map_err(|e| io_err(&self.path, "sync", e))?;
        self.lines += lines;
        Ok(())
    }
}

fn line_of(r: &Record, buf: &mut Vec<u8>) -> Result<(), String> {
    serde_json::to_writer(&mut *buf, r).map_err(|e| format!("basket journal: {e}"))?;
    buf.push(b'\n');
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn item(id: u64, status: ItemStatus) -> BasketItem {
        BasketItem {
            id,
            data_uri: format!("mast:HST/product/f{id}.fits"),
            product_filename: format!("f{id}.fits"),
            obs_collection: "HST".into(),
            obs_id: "o1".into(),
            size: Some(2880),
            protected: false,
            dest: PathBuf::from(format!("/d/f{id}.fits")),
            status,
            message: String::new(),
            bytes: 0,
            sha256: None,
            archive: None,
        }
    }

    #[test]
    fn replays_puts_and_removes_skips_torn_lines_and_requeues_active() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("basket.jsonl");
        {
            let (mut j, items) = Journal::open(&path).unwrap();
            assert!(items.is_empty());
            j.put(&item(1, ItemStatus::Queued)).unwrap();
            j.put(&item(2, ItemStatus::Queued)).unwrap();
            j.put_volatile(&item(1, ItemStatus::Active)).unwrap();
            j.put_all([&item(3, ItemStatus::Complete)]).unwrap();
            j.remove(2).unwrap();
        }
        // A crash mid-line.
        let mut f = OpenOptions::new().append(true).open(&path).unwrap();
        f.write_all(b"{\"put\":{\"id\":9,\"dataU").unwrap();
        drop(f);
        let (held, items) = Journal::open(&path).unwrap();
        assert_eq!(items.len(), 2);
        // A second opener (another mastui) is refused while the first holds it.
        let e = Journal::open(&path).err().unwrap();
        assert!(e.contains("in use by another mastui"), "{e}");
        drop(held);
        assert_eq!(items[0].id, 1);
        assert_eq!(items[0].status, ItemStatus::Queued);
        assert_eq!(items[1].status, ItemStatus::Complete);
        // Compacted: one line per item.
        let text = std::fs::read_to_string(&path).unwrap();
        assert_eq!(text.lines().count(), 2);
    }

    #[test]
    fn a_second_opener_of_the_same_basket_is_refused_until_the_first_closes() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("basket.jsonl");
        let (first, _) = Journal::open(&path).unwrap();
        let Err(e) = Journal::open(&path) else {
            panic!("a second journal on the same basket")
        };
        assert!(e.contains("in use by another mastui"), "{e}");
        drop(first);
        assert!(Journal::open(&path).is_ok());
    }

    #[test]
    fn journals_from_before_cutouts_load_and_archives_round_trip() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("basket.jsonl");
        // A line as mastui wrote it before archives were basket items.
        std::fs::write(
            &path,
            r#"{"put":{"id":4,"dataURI":"mast:HST/product/a.fits","productFilename":"a.fits","obs_collection":"HST","obs_id":"o","size":10,"protected":false,"dest":"/d/a.fits","status":"complete","message":"","bytes":10,"sha256":"ab"}}"#
                .to_string()
                + "\n",
        )
        .unwrap();
        let mut cut = item(5, ItemStatus::Complete);
        cut.archive = Some(crate::mast::basket_item::Archive {
            keep: false,
            files: vec![crate::mast::cutouts::archive::UnpackedFile {
                path: PathBuf::from("/d/t.fits"),
                bytes: 2880,
                sha256: "cd".into(),
            }],
        });
        {
            let (mut j, items) = Journal::open(&path).unwrap();
            assert_eq!(items.len(), 1);
            assert_eq!(items[0].archive, None);
            assert_eq!(items[0].sha256.as_deref(), Some("ab"));
            j.put(&cut).unwrap();
        }
        // A plain file's line carries no archive key: older mastuis read it as before.
        let text = std::fs::read_to_string(&path).unwrap();
        assert!(!text.lines().next().unwrap().contains("archive"));
        let (_j, items) = Journal::open(&path).unwrap();
        assert_eq!(items[1], cut);
    }
}
