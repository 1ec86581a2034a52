//! The deterministic synthetic archive: observation `i` is a pure function of (seed, i),
//! generated on the fly while scanning, so any scale works in constant memory.

pub mod blocks;
pub mod collections;
pub mod hst;
pub mod jwst;
pub mod naming;
pub mod observations;
pub mod product;
pub mod products;

use std::ops::ControlFlow;

pub use blocks::{BLOCK_LEN, Block, NOW_MJD, OBSID_BASE, SPECIAL_LEN};
pub use collections::Collection;
use naming::BlockRef;
pub use observations::Observation;
pub use product::Product;

#[derive(Debug, Clone, Copy)]
pub struct Catalogue {
    pub seed: u64,
    pub scale: u64,
    /// Every product of known size is this many bytes (download benchmarks).
    pub file_size: Option<u64>,
    /// The simulated today (MJD), `NOW_MJD` unless the clock was moved: what has been
    /// observed and what is still exclusive access follow it.
    pub today: f64,
}

impl Catalogue {
    pub fn new(seed: u64, scale: u64) -> Self {
        Catalogue {
            seed,
            scale,
            file_size: None,
            today: NOW_MJD,
        }
    }

    /// Moves the simulated today by `days` (negative: back), so that two runs of the
    /// simulator can differ as an archive does from week to week.
    pub fn with_epoch_days(mut self, days: f64) -> Self {
        self.today = NOW_MJD + days;
        self
    }

    fn dated(&self, mut b: Block) -> Block {
        b.today = self.today;
        b
    }

    pub fn with_file_size(mut self, file_size: Option<u64>) -> Self {
        self.file_size = file_size;
        self
    }

    /// Number of generic blocks (after the fixed program).
    pub fn generic_blocks(&self) -> u64 {
        self.scale.saturating_sub(SPECIAL_LEN).div_ceil(BLOCK_LEN)
    }

    pub fn block(&self, r: BlockRef) -> Option<Block> {
        match r {
            BlockRef::Special => Some(self.dated(Block::special(self.scale))).filter(|b| b.len > 0),
            BlockRef::Generic(b) if b < self.generic_blocks() => {
                Some(self.dated(Block::generic(self.seed, b, self.scale)))
            }
            BlockRef::Generic(_) => None,
        }
    }

    /// Block holding observation `index`, and the position inside it.
    pub fn locate(&self, index: u64) -> Option<(BlockRef, u64)> {
        if index >= self.scale {
            None
        } else if index < SPECIAL_LEN {
            Some((BlockRef::Special, index))
        } else {
            let k = index - SPECIAL_LEN;
            Some((BlockRef::Generic(k / BLOCK_LEN), k % BLOCK_LEN))
        }
    }

    /// Visit blocks in index order; `visit` returns `Break` to stop early.
    pub fn for_each_block(&self, mut visit: impl FnMut(&Block) -> ControlFlow<()>) {
        if let Some(b) = self.block(BlockRef::Special)
            && visit(&b).is_break()
        {
            return;
        }
        for b in 0..self.generic_blocks() {
            if visit(&self.dated(Block::generic(self.seed, b, self.scale))).is_break() {
                return;
            }
        }
    }

    /// Visit observations in index order, skipping whole blocks that `keep_block` rejects.
    pub fn scan(
        &self,
        mut keep_block: impl FnMut(&Block) -> bool,
        mut visit: impl FnMut(&Observation<'_>) -> ControlFlow<()>,
    ) {
        self.for_each_block(|blk| {
            if !keep_block(blk) {
                return ControlFlow::Continue(());
            }
            for j in 0..blk.len {
                let o = blk.observation(self.seed, j);
                if o.taken() {
                    visit(&o)?;
                }
            }
            ControlFlow::Continue(())
        });
    }

    /// Run `f` on the observation with this obsid, if it exists.
    pub fn with_obsid<T>(&self, obsid: i64, f: impl FnOnce(&Observation<'_>) -> T) -> Option<T> {
        let index = u64::try_from(obsid.checked_sub(OBSID_BASE)?).ok()?;
        let (r, j) = self.locate(index)?;
        let blk = self.block(r)?;
        let o = blk.observation(self.seed, j);
        o.taken().then(|| f(&o))
    }

    pub fn products_of(&self, obs: &Observation<'_>) -> Vec<Product> {
        let mut ps = products::products_of(self.seed, obs);
        if let Some(n) = self.file_size {
            for p in ps.iter_mut().filter(|p| p.size.is_some()) {
                p.size = Some(n);
                p.body_len = n;
            }
        }
        ps
    }

    /// The product behind a `dataURI`, with its observation's collection, or None if unknown.
    pub fn find_product(&self, uri: &str) -> Option<(Product, Collection)> {
        let rest = uri.strip_prefix("mast:")?;
        let (coll, tail) = rest.split_once('/')?;
        let collection = if coll.eq_ignore_ascii_case("HLA") {
            Collection::Hst
        } else {
            Collection::from_name(coll)?
        };
        let file = tail.rsplit('/').next().unwrap_or(tail);
        let file = if collection == Collection::Hst && coll.eq_ignore_ascii_case("HLA") {
            tail
        } else {
            file
        };
        let blk = self.block(naming::block_of_file(collection, file)?)?;
        if blk.collection != collection {
            return None;
        }
        for j in 0..blk.len {
            let obs = blk.observation(self.seed, j);
            if let Some(p) = self.products_of(&obs).into_iter().find(|p| p.uri == uri) {
                return Some((p, collection));
            }
        }
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scan_visits_exactly_scale_observations_in_order() {
        let cat = Catalogue::new(1, 100);
        let mut n = 0u64;
        cat.scan(
            |_| true,
            |o| {
                assert_eq!(o.index, n);
                n += 1;
                ControlFlow::Continue(())
            },
        );
        assert_eq!(n, 100);
        assert!(cat.with_obsid(OBSID_BASE + 99, |o| o.index).is_some());
        assert!(cat.with_obsid(OBSID_BASE + 100, |o| o.index).is_none());
        assert!(cat.with_obsid(5, |o| o.index).is_none());
    }

    #[test]
    fn every_listed_product_can_be_found_again_by_uri() {
        let cat = Catalogue::new(4, 2000);
        let mut checked = 0;
        for index in (0..2000).step_by(37) {
            let (r, j) = cat.locate(index).unwrap();
            let blk = cat.block(r).unwrap();
            let o = blk.observation(cat.seed, j);
            let ps = cat.products_of(&o);
            for p in ps.iter().step_by(29) {
                let (found, c) = cat
                    .find_product(&p.uri)
                    .unwrap_or_else(|| panic!("{}", p.uri));
                assert_eq!(found.size, p.size);
                assert_eq!(found.exclusive, p.exclusive);
                assert_eq!(c, o.collection());
                checked += 1;
            }
        }
        assert!(checked > 50);
        assert!(
            cat.find_product("mast:JWST/product/jw09999-o001_t001_nircam_x_i2d.fits")
                .is_none()
        );
        assert!(cat.find_product("mast:NOPE/product/x.fits").is_none());
        assert!(cat.find_product("garbage").is_none());
    }
}
