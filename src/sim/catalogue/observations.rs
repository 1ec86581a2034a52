//! Observations inside a block, as pure functions of (seed, index), and their column values.

use std::borrow::Cow;
use std::cell::OnceCell;
use std::fmt::Write as _;

#[cfg(test)]
use super::blocks::SPECIAL_LEN;
use super::blocks::{
    BLOCK_LEN, Block, NOW_MJD, OBJID_BASE, OBSID_BASE, SPECIAL_FILTERS, STREAM_OBS,
};
use super::collections::{Collection, Filter, HLSP_PROJECTS, NIRCAM_LW, NIRCAM_SW};
use super::naming::{
    BlockRef, EPIC_BASE, EPIC_STEP, GALEX_ID_BASE, IUE_BASE, KIC_BASE, KIC_STEP, PS1_CELL_BASE,
    TIC_BASE, TIC_STEP, base36, stamp,
};
use crate::sim::columns::ObsCol;
use crate::sim::json_out::Val;
use crate::sim::rng::{Rng, round_to};

impl Block {
    /// Observation `j` (0-based within the block).
    pub fn observation(&self, seed: u64, j: u64) -> Observation<'_> {
        let index = self.first + j;
        let mut rng = Rng::for_item(seed, STREAM_OBS, index);
        if self.r == BlockRef::Special {
            return self.special_observation(j, &mut rng);
        }
        let c = self.collection;
        let filters = self.instrument.filters;
        let filter = match c {
            Collection::Galex => &filters[(j % 2) as usize],
            Collection::Ps1 => &filters[(j % 5) as usize],
            _ => rng.pick(filters),
        };
        let spread = c.spread();
        let (dx, dy) = (
            rng.range_f64(-spread, spread),
            rng.range_f64(-spread, spread),
        );
        let dec = (self.dec + dy * 0.7).clamp(-89.99, 89.99);
        let ra = (self.ra + dx * 0.7 / dec.to_radians().cos().max(0.02)).rem_euclid(360.0);
        let level3 = match c {
            Collection::Jwst => rng.chance(0.6),
            Collection::Hst => rng.chance(0.5),
            _ => true,
        };
        let calib_level = match c {
            Collection::Jwst | Collection::Hst => {
                if level3 {
                    3
                } else if rng.chance(0.1) {
                    1
                } else {
                    2
                }
            }
            Collection::Galex | Collection::Iue => 2,
            Collection::Hlsp => 4,
            _ => 3,
        };
        let (t_min, duration, exptime) = match c {
            Collection::Tess => (
                self.t0 + rng.range_f64(0.0, 0.2),
                27.1,
                1_900_000.0 + rng.range_f64(0.0, 90_000.0),
            ),
            Collection::Kepler => (
                self.t0 + rng.range_f64(0.0, 0.1),
                89.5,
                7_500_000.0 + rng.range_f64(0.0, 200_000.0),
            ),
            Collection::K2 => (
                self.t0 + rng.range_f64(0.0, 0.1),
                79.0,
                6_600_000.0 + rng.range_f64(0.0, 200_000.0),
            ),
            Collection::Ps1 => (
                55_197.0 + rng.range_f64(0.0, 30.0),
                1400.0,
                rng.range_f64(200.0, 2000.0),
            ),
            Collection::Hlsp => (
                self.t0,
                rng.range_f64(1.0, 900.0),
                rng.range_f64(500.0, 60_000.0),
            ),
            Collection::Galex => {
                let e = if self.project == "AIS" {
                    rng.range_f64(80.0, 200.0)
                } else {
                    rng.range_f64(1000.0, 1700.0)
                };
                (self.t0 + j as f64 * 1.3, e / 86_400.0 + 0.001, e)
            }
            Collection::Iue => {
                let e = rng.range_f64(60.0, 28_000.0);
                (self.t0 + j as f64 * 2.7, e / 86_400.0 + 0.002, e)
            }
            _ => {
                let e = rng.range_f64(100.0, 3000.0);
                (
                    self.t0 + j as f64 * 0.21 + rng.range_f64(0.0, 0.05),
                    e / 86_400.0 * 1.3 + 0.001,
                    e,
                )
            }
        };
        let t_min = round_to(t_min, 6);
        let t_max = round_to(t_min + duration, 6);
        let days = c.proprietary_days()
            * if self.proposal_type == Some("ERS") {
                0.0
            } else {
                1.0
            };
        let t_obs_release = round_to(t_max + days + rng.range_f64(0.0, 3.0), 5);
        let star = match c {
            Collection::Tess => TIC_BASE + (self.program * BLOCK_LEN + j) * TIC_STEP,
            Collection::Kepler => KIC_BASE + (self.program * BLOCK_LEN + j) * KIC_STEP,
            Collection::K2 => EPIC_BASE + (self.program * BLOCK_LEN + j) * EPIC_STEP,
            _ => 0,
        };
        Observation {
            block: self,
            index,
            j,
            filter,
            ra: round_to(ra, 6),
            dec: round_to(dec, 6),
            calib_level,
            t_min,
            t_max,
            t_exptime: round_to(exptime, 3),
            t_obs_release,
            exclusive: t_obs_release > self.today,
            src_den: if rng.chance(0.3) {
                None
            } else {
                Some(rng.between(0, 20_000) as f64)
            },
            level3,
            angle: rng.range_f64(0.0, 90.0),
            star,
            visit: j + 1,
            id_cache: OnceCell::new(),
        }
    }

    fn special_observation(&self, j: u64, rng: &mut Rng) -> Observation<'_> {
        let visit = j / 3 + 1;
        let (fi, _) = SPECIAL_FILTERS[(j % 3) as usize];
        // Visits 1-4 were taken in 2022; visit 5 is recent and still exclusive.
        let t_min = if visit == 5 {
            NOW_MJD - 40.0
        } else {
            self.t0 + (visit - 1) as f64 * 2.1
        } + (j % 3) as f64 * 0.04;
        let t_max = t_min + 0.083;
        let t_obs_release = round_to(t_max + 365.0, 5);
        Observation {
            block: self,
            index: j,
            j,
            filter: &self.instrument.filters[fi],
            ra: round_to(self.ra + (visit as f64 - 3.0) * 0.004, 6),
            dec: round_to(self.dec + (visit as f64 - 3.0) * 0.003, 6),
            calib_level: 3,
            t_min: round_to(t_min, 6),
            t_max: round_to(t_max, 6),
            t_exptime: [1202.584, 1202.584, 1803.876][(j % 3) as usize],
            t_obs_release,
            exclusive: t_obs_release > self.today,
            src_den: Some(5885.0),
            level3: true,
            angle: 31.0 + rng.range_f64(0.0, 0.5),
            star: 0,
            visit,
            id_cache: OnceCell::new(),
        }
    }
}

/// The exposure group of a 1073 observation (SW and LW share exposures, as NIRCam does).
pub fn special_group(j: u64) -> &'static str {
    SPECIAL_FILTERS[(j % 3) as usize].1
}

#[derive(Debug, Clone)]
pub struct Observation<'b> {
    pub block: &'b Block,
    pub index: u64,
    pub j: u64,
    pub filter: &'static Filter,
    pub ra: f64,
    pub dec: f64,
    pub calib_level: i64,
    pub t_min: f64,
    pub t_max: f64,
    pub t_exptime: f64,
    pub t_obs_release: f64,
    pub exclusive: bool,
    pub src_den: Option<f64>,
    /// JWST/HST: a combined (level 3 / association) observation rather than one exposure.
    pub level3: bool,
    pub angle: f64,
    /// TIC / KIC / EPIC number of the observed star.
    pub star: u64,
    /// JWST observation number (the `oNNN` of names).
    pub visit: u64,
    /// `obs_id` is asked for several times per row (obs_id, jpegURL, dataURL): build it once.
    id_cache: OnceCell<String>,
}

impl<'b> Observation<'b> {
    /// Taken by the simulated today (the clock may be set back before it).
    pub fn taken(&self) -> bool {
        self.t_min <= self.block.today
    }

    pub fn obsid(&self) -> i64 {
        OBSID_BASE + self.index as i64
    }

    pub fn obj_id(&self) -> i64 {
        OBJID_BASE + self.index as i64 * 3 + 1
    }

    pub fn collection(&self) -> Collection {
        self.block.collection
    }

    /// The block number (generic blocks) or 0 for the fixed program.
    fn b(&self) -> u64 {
        self.block.number().unwrap_or(0)
    }

    /// HST rootname of exposure `k` (1-based) or, with `k == 0`, of the association.
    pub fn hst_root(&self, k: u64) -> String {
        let head = format!(
            "{}{}{}",
            self.block.instrument.slug,
            base36(self.b(), 4),
            base36(self.j, 1)
        );
        if k == 0 {
            format!("{head}010")
        } else {
            let t = if self.block.instrument.slug == "u" {
                'm'
            } else {
                'q'
            };
            format!("{head}{}{t}", base36(k, 2))
        }
    }

    /// Detectors whose exposures a JWST observation lists (NIRCam: short or long channel).
    pub fn jwst_detectors(&self) -> &'static [&'static str] {
        let inst = self.block.instrument;
        match inst.name {
            "NIRCAM/IMAGE" if self.filter.em.0 < 2400.0 => &NIRCAM_SW[..4],
            "NIRCAM/IMAGE" => &NIRCAM_LW[..1],
            _ => inst.detectors,
        }
    }

    pub fn tess_sector(&self) -> i64 {
        self.block.sequence.unwrap_or(1)
    }

    pub fn galex_tile(&self) -> String {
        format!("{}_{}_sg{:02}", self.block.project, self.b(), self.j)
    }

    pub fn ps1_cell(&self) -> (u64, u64) {
        (PS1_CELL_BASE + self.b(), self.j / 5)
    }

    pub fn hlsp_slug(&self) -> &'static str {
        HLSP_PROJECTS[(self.block.program % HLSP_PROJECTS.len() as u64) as usize].0
    }

    pub fn obs_id(&self) -> String {
        self.obs_id_str().to_string()
    }

    pub fn obs_id_str(&self) -> &str {
        self.id_cache.get_or_init(|| self.make_obs_id())
    }

    fn make_obs_id(&self) -> String {
        let blk = self.block;
        let inst = blk.instrument;
        match blk.collection {
            Collection::Jwst if self.level3 => {
                format!(
                    "jw{:05}-o{:03}_t001_{}_{}",
                    blk.program, self.visit, inst.slug, self.filter.slug
                )
            }
            Collection::Jwst => format!(
                "jw{:05}{:03}001_02101_00001_{}",
                blk.program,
                self.visit,
                self.jwst_detectors()[0]
            ),
            Collection::Hst => self
                .hst_root(if self.level3 { 0 } else { 1 })
                .to_uppercase(),
            Collection::Tess => {
                let s = stamp(blk.t0);
                format!(
                    "tess{}-s{:04}-{:016}-0120-s",
                    s.yday(),
                    self.tess_sector(),
                    self.star
                )
            }
            Collection::Kepler => format!("kplr{:09}_lc_Q111111111111111111", self.star),
            Collection::K2 => format!("ktwo{:09}-c{:02}_lc", self.star, blk.sequence.unwrap_or(1)),
            Collection::Galex => (GALEX_ID_BASE + self.b() * BLOCK_LEN + self.j).to_string(),
            Collection::Iue => format!(
                "{}{:05}",
                inst.slug,
                IUE_BASE + self.b() * BLOCK_LEN + self.j
            ),
            Collection::Ps1 => {
                let (cell, sub) = self.ps1_cell();
                format!(
                    "rings.v3.skycell.{cell:04}.{sub:03}.stk.{}",
                    self.filter.slug
                )
            }
            Collection::Hlsp => {
                let t = blk
                    .target_name
                    .as_deref()
                    .unwrap_or("field")
                    .to_lowercase()
                    .replace([' ', '_'], "-");
                format!(
                    "hlsp_{}_{}_{t}-g{}-{:02}_{}_v1",
                    self.hlsp_slug(),
                    inst.slug,
                    self.b(),
                    self.j,
                    self.filter.slug
                )
            }
        }
    }

    pub fn target_name(&self) -> Cow<'b, str> {
        if let Some(t) = &self.block.target_name {
            return Cow::Borrowed(t.as_str());
        }
        Cow::Owned(match self.block.collection {
            Collection::Tess => self.star.to_string(),
            Collection::Kepler => format!("kplr{:09}", self.star),
            Collection::K2 => format!("ktwo{:09}", self.star),
            Collection::Galex => self.galex_tile(),
            _ => {
                let (cell, sub) = self.ps1_cell();
                format!("skycell.{cell}.{sub:03}")
            }
        })
    }

    /// STC-S footprint: a rotated square for imagers and spectrographs, a circle for photometers.
    pub fn s_region(&self) -> String {
        let fov = self.block.instrument.fov;
        match self.block.collection {
            Collection::Tess
            | Collection::Kepler
            | Collection::K2
            | Collection::Galex
            | Collection::Iue => {
                format!("CIRCLE {:.6} {:.6} {}", self.ra, self.dec, fov)
            }
            _ => {
                let cosd = self.dec.to_radians().cos().max(0.02);
                let mut s = String::with_capacity(100);
                s.push_str("POLYGON");
                for k in 0..4 {
                    let a = (self.angle + 45.0 + 90.0 * k as f64).to_radians();
                    let r = fov * std::f64::consts::SQRT_2;
                    let ra = (self.ra + r * a.cos() / cosd).rem_euclid(360.0);
                    let dec = (self.dec + r * a.sin()).clamp(-90.0, 90.0);
                    let _ = write!(s, " {ra:.6} {dec:.6}");
                }
                s
            }
        }
    }

    /// File name (without the `mast:` prefix) of the main product, and its preview if any.
    pub fn main_files(&self) -> (Option<String>, Option<String>) {
        let id = self.obs_id_str();
        let dp = self.block.instrument.dataproduct_type;
        match self.block.collection {
            Collection::Jwst => {
                let suffix = match (dp, self.level3) {
                    ("image", true) => "i2d",
                    ("image", false) | ("cube", false) => "cal",
                    ("cube", true) => "s3d",
                    ("timeseries", true) => "x1dints",
                    ("timeseries", false) => "calints",
                    _ => "x1d",
                };
                let jpg = (dp == "image").then(|| format!("{id}_{suffix}.jpg"));
                (Some(format!("{id}_{suffix}.fits")), jpg)
            }
            Collection::Hst => {
                let root = id.to_lowercase();
                match (dp, self.level3) {
                    ("image", true) => (
                        Some(format!("{root}_drz.fits")),
                        Some(format!("{root}_drz.jpg")),
                    ),
                    ("image", false) => (Some(format!("{root}_flt.fits")), None),
                    (_, true) => (Some(format!("{root}_x1dsum.fits")), None),
                    _ => (Some(format!("{root}_x1d.fits")), None),
                }
            }
            Collection::Tess => (Some(format!("{id}_lc.fits")), None),
            Collection::Kepler | Collection::K2 => (None, None),
            Collection::Galex => {
                let t = self.galex_tile();
                let band = self.filter.slug;
                (
                    Some(format!("{t}-{band}-int.fits.gz")),
                    Some(format!("{t}-{band}-int.jpg")),
                )
            }
            Collection::Iue => (Some(format!("{id}.mxlo.gz")), Some(format!("{id}.gif"))),
            Collection::Ps1 => (
                Some(format!("{id}.unconv.fits")),
                Some(format!("{id}.unconv.jpg")),
            ),
            Collection::Hlsp if dp == "timeseries" => (Some(format!("{id}_llc.fits")), None),
            Collection::Hlsp => (
                Some(format!("{id}_drz.fits")),
                Some(format!("{id}_drz.jpg")),
            ),
        }
    }

    /// The `mast:` URI prefix of this observation's files.
    pub fn uri_prefix(&self) -> String {
        match self.block.collection {
            Collection::Hlsp => format!("mast:HLSP/{}/", self.hlsp_slug()),
            c => format!("mast:{}/product/", c.name()),
        }
    }

    pub fn rights(&self) -> &'static str {
        if self.exclusive {
            "EXCLUSIVE_ACCESS"
        } else {
            "PUBLIC"
        }
    }

    pub fn value(&self, col: ObsCol) -> Val<'b> {
        if let Some(v) = self.block.value(col) {
            return v;
        }
        match col {
            ObsCol::Filters => Val::s(self.filter.name),
            ObsCol::TargetName => Val::Str(self.target_name()),
            ObsCol::ObsId => Val::owned(self.obs_id()),
            ObsCol::SRa => Val::Float(self.ra),
            ObsCol::SDec => Val::Float(self.dec),
            ObsCol::CalibLevel => Val::Int(self.calib_level),
            ObsCol::TMin => Val::Float(self.t_min),
            ObsCol::TMax => Val::Float(self.t_max),
            ObsCol::TExptime => Val::Float(self.t_exptime),
            ObsCol::EmMin => Val::Float(self.filter.em.0),
            ObsCol::EmMax => Val::Float(self.filter.em.1),
            ObsCol::TObsRelease => Val::Float(self.t_obs_release),
            ObsCol::SequenceNumber => self.block.sequence.map_or(Val::Null, Val::Int),
            ObsCol::SRegion => Val::owned(self.s_region()),
            ObsCol::JpegUrl => self
                .main_files()
                .1
                .map_or(Val::Null, |f| Val::owned(self.uri_prefix() + &f)),
            ObsCol::DataUrl => self
                .main_files()
                .0
                .map_or(Val::Null, |f| Val::owned(self.uri_prefix() + &f)),
            ObsCol::DataRights => Val::s(self.rights()),
            ObsCol::SrcDen => self.src_den.map_or(Val::Null, Val::Float),
            ObsCol::Obsid => Val::Int(self.obsid()),
            ObsCol::ObjId => Val::Int(self.obj_id()),
            // Block-level columns were answered above; distance is computed by the search.
            _ => Val::Null,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn special_block_is_program_1073() {
        let b = Block::special(20_000);
        assert_eq!(b.len, 15);
        let o = b.observation(1, 0);
        assert_eq!(o.obs_id(), "jw01073-o001_t001_nircam_clear-f150w");
        assert_eq!(o.value(ObsCol::InstrumentName), Val::s("NIRCAM/IMAGE"));
        assert_eq!(o.value(ObsCol::ProposalId), Val::s("1073"));
        assert_eq!(b.observation(1, 14).rights(), "EXCLUSIVE_ACCESS");
        assert_eq!(b.observation(1, 3).rights(), "PUBLIC");
        assert_eq!(Block::special(4).len, 4);
    }

    #[test]
    fn generic_blocks_are_deterministic_and_varied() {
        let mut seen = std::collections::HashSet::new();
        for b in 0..300 {
            let x = Block::generic(5, b, 1_000_000);
            let y = Block::generic(5, b, 1_000_000);
            assert_eq!(x.collection, y.collection);
            assert_eq!(x.ra, y.ra);
            assert_eq!(x.first, SPECIAL_LEN + b * BLOCK_LEN);
            seen.insert(x.collection);
            for j in 0..2 {
                let o = x.observation(5, j);
                assert_eq!(o.obs_id(), y.observation(5, j).obs_id());
                assert!((-90.0..=90.0).contains(&o.dec) && (0.0..360.0).contains(&o.ra));
                assert!(o.t_max >= o.t_min);
                assert!(o.s_region().starts_with("POLYGON") || o.s_region().starts_with("CIRCLE"));
            }
        }
        assert_eq!(seen.len(), 9, "all collections appear: {seen:?}");
        assert_ne!(Block::generic(5, 0, 100).ra, Block::generic(6, 0, 100).ra);
    }
}
