//! Blocks (one program or field: 16 consecutive observations sharing a mission, instrument,
//! target and proposal) and the observations inside them, as pure functions of (seed, index).

use std::borrow::Cow;
use std::cell::OnceCell;
use std::fmt::Write as _;

use super::collections::{
    CLASSIFICATIONS, Collection, Filter, GALEX_SURVEYS, HLSP_PROJECTS, HST_PROPOSAL_TYPES,
    Instrument, JWST, JWST_PROPOSAL_TYPES, NIRCAM_LW, NIRCAM_SW, PI_NAMES, TITLE_TOPICS,
};
use super::naming::{
    BlockRef, EPIC_BASE, EPIC_STEP, GALEX_ID_BASE, IUE_BASE, JWST_PROGRAM_BASE, KIC_BASE, KIC_STEP,
    PS1_CELL_BASE, TIC_BASE, TIC_STEP, base36, stamp,
};
use crate::sim::columns::ObsCol;
use crate::sim::json_out::Val;
use crate::sim::names::KNOWN;
use crate::sim::rng::{Rng, round_to};

/// Observations per generic block.
pub const BLOCK_LEN: u64 = 16;
/// Observations of JWST program 1073, always indices 0..15.
pub const SPECIAL_LEN: u64 = 15;
pub const OBSID_BASE: i64 = 2_000_000_000;
pub const OBJID_BASE: i64 = 1_000_000_000;
/// The simulated "today" (2025-05-10): decides what is still exclusive access.
pub const NOW_MJD: f64 = 60_805.0;

const STREAM_BLOCK: u64 = 0xB10C;
const STREAM_OBS: u64 = 0x0B5;

/// The 1073 filters: (index into NIRCAM/IMAGE filters, exposure group).
const SPECIAL_FILTERS: [(usize, &str); 3] = [(1, "02101"), (3, "02101"), (5, "02103")];

#[derive(Debug, Clone)]
pub struct Block {
    pub r: BlockRef,
    pub first: u64,
    pub len: u64,
    pub collection: Collection,
    pub instrument: &'static Instrument,
    pub project: &'static str,
    pub provenance: &'static str,
    pub proposal_id: Option<String>,
    pub proposal_pi: Option<&'static str>,
    pub proposal_type: Option<&'static str>,
    pub obs_title: Option<String>,
    pub target_name: Option<String>,
    pub classification: Option<&'static str>,
    pub intent: &'static str,
    pub ra: f64,
    pub dec: f64,
    pub t0: f64,
    /// JWST program number; HLSP project index; otherwise the block number.
    pub program: u64,
    pub sequence: Option<i64>,
    pub moving: bool,
}

fn limit(first: u64, n: u64, scale: u64) -> u64 {
    scale.saturating_sub(first).min(n)
}

fn hst_provenance(inst: &str) -> &'static str {
    match inst.split('/').next().unwrap_or("") {
        "WFC3" => "CALWF3",
        "ACS" => "CALACS",
        "STIS" => "CALSTIS",
        "COS" => "CALCOS",
        _ => "CALWP2",
    }
}

/// Random position on the sphere, uniform in area.
fn sky(rng: &mut Rng) -> (f64, f64) {
    let ra = rng.range_f64(0.0, 360.0);
    let dec = (rng.range_f64(-1.0, 1.0)).asin().to_degrees();
    (ra, dec)
}

fn invented_target(c: Collection, rng: &mut Rng) -> String {
    let n = rng.between(100, 7999);
    match c {
        Collection::Jwst => match rng.below(4) {
            0 => format!("NGC-{n}"),
            1 => format!("WASP-{}", n % 190 + 1),
            2 => format!(
                "2MASS-J{:06}{:+05}",
                rng.below(240_000),
                rng.below(9000) as i64 - 4500
            ),
            _ => format!("GN-FIELD-{}", n % 40),
        },
        Collection::Hst => match rng.below(3) {
            0 => format!("NGC{n}"),
            1 => format!("HD{}", rng.between(1000, 299_999)),
            _ => format!("ANY-{n}"),
        },
        Collection::Iue => format!("HD {}", rng.between(1000, 299_999)),
        _ => format!("NGC {n}"),
    }
}

impl Block {
    /// The fixed JWST program 1073: 15 NIRCam imaging observations of NGC 1365 in 5 visits.
    pub fn special(scale: u64) -> Block {
        let target = &KNOWN[0];
        Block {
            r: BlockRef::Special,
            first: 0,
            len: limit(0, SPECIAL_LEN, scale),
            collection: Collection::Jwst,
            instrument: &JWST[0],
            project: "JWST",
            provenance: "CALJWST",
            proposal_id: Some("1073".into()),
            proposal_pi: Some("Okafor, Adaeze"),
            proposal_type: Some("GO"),
            obs_title: Some("A NIRCam Imaging Survey of the Barred Spiral NGC 1365".into()),
            target_name: Some(target.target.into()),
            classification: Some("Galaxy;Spiral;Barred"),
            intent: "science",
            ra: target.ra,
            dec: target.dec,
            t0: 59_774.35,
            program: 1073,
            sequence: None,
            moving: false,
        }
    }

    pub fn generic(seed: u64, b: u64, scale: u64) -> Block {
        let mut rng = Rng::for_item(seed, STREAM_BLOCK, b);
        let collection = Collection::ALL[rng.weighted(&Collection::WEIGHTS)];
        let insts = collection.instruments();
        let weights: Vec<u32> = insts.iter().map(|i| i.weight).collect();
        let instrument = &insts[rng.weighted(&weights)];
        let (lo, hi) = collection.era();
        let t0 = round_to(rng.range_f64(lo, hi - 30.0), 5);
        let named = rng.chance(0.3);
        let known = &KNOWN[1 + rng.below(KNOWN.len() as u64 - 1) as usize];
        let (ra, dec) = match collection {
            Collection::Kepler => (
                290.67 + rng.range_f64(-6.0, 6.0),
                44.5 + rng.range_f64(-5.0, 5.0),
            ),
            Collection::K2 => {
                let ra = rng.range_f64(0.0, 360.0);
                (ra, 23.44 * ra.to_radians().sin() + rng.range_f64(-5.0, 5.0))
            }
            _ if named => (known.ra, known.dec),
            _ => sky(&mut rng),
        };
        let per_obs = collection.target_per_observation();
        let target_name = if per_obs {
            None
        } else if named {
            Some(match collection {
                Collection::Hlsp => known.target.to_lowercase(),
                _ => known.target.to_string(),
            })
        } else {
            Some(invented_target(collection, &mut rng))
        };
        let calibration =
            matches!(collection, Collection::Jwst | Collection::Hst) && rng.chance(0.08);
        let pi = *rng.pick(PI_NAMES);
        let topic = *rng.pick(TITLE_TOPICS);
        let classification = if per_obs || collection == Collection::Iue {
            None
        } else {
            Some(*rng.pick(CLASSIFICATIONS))
        };
        let moving = classification == Some("Solar system;Planet");
        let title = |t: &Option<String>| {
            t.as_ref()
                .map(|t| format!("{topic} {}", t.replace('-', " ")))
        };
        let mut block = Block {
            r: BlockRef::Generic(b),
            first: SPECIAL_LEN + b * BLOCK_LEN,
            len: limit(SPECIAL_LEN + b * BLOCK_LEN, BLOCK_LEN, scale),
            collection,
            instrument,
            project: collection.name(),
            provenance: collection.provenance(),
            proposal_id: None,
            proposal_pi: None,
            proposal_type: None,
            obs_title: None,
            target_name,
            classification,
            intent: if calibration {
                "calibration"
            } else {
                "science"
            },
            ra: round_to(ra.rem_euclid(360.0), 6),
            dec: round_to(dec.clamp(-89.9, 89.9), 6),
            t0,
            program: b,
            sequence: None,
            moving,
        };
        match collection {
            Collection::Jwst => {
                block.program = JWST_PROGRAM_BASE + b;
                block.proposal_id = Some(block.program.to_string());
                block.proposal_pi = Some(pi);
                block.proposal_type = Some(if calibration {
                    "CAL"
                } else {
                    *rng.pick(JWST_PROPOSAL_TYPES)
                });
                block.obs_title = title(&block.target_name);
            }
            Collection::Hst => {
                block.provenance = hst_provenance(instrument.name);
                block.proposal_id = Some((5000 + b % 12_000).to_string());
                block.proposal_pi = Some(pi);
                block.proposal_type = Some(if calibration {
                    "CAL"
                } else {
                    *rng.pick(HST_PROPOSAL_TYPES)
                });
                block.obs_title = title(&block.target_name);
            }
            Collection::Tess => {
                let sector = ((t0 - lo) / 27.4) as i64 + 1;
                block.t0 = round_to(lo + (sector - 1) as f64 * 27.4, 5);
                block.sequence = Some(sector);
                block.proposal_id = Some(format!("G0{}{:03}", sector / 13 + 1, b % 1000));
            }
            Collection::Kepler => {
                let quarter = ((t0 - lo) / 90.0) as i64;
                block.t0 = lo + quarter as f64 * 90.0;
                block.sequence = Some(quarter);
                block.proposal_id = Some(format!("GO{}0{:02}", quarter.max(1), b % 100));
            }
            Collection::K2 => {
                let campaign = ((t0 - lo) / 80.0) as i64 + 1;
                block.t0 = lo + (campaign - 1) as f64 * 80.0;
                block.sequence = Some(campaign);
                block.proposal_id = Some(format!("GO{campaign}{:03}", b % 1000));
            }
            Collection::Galex => {
                let survey = GALEX_SURVEYS[(b % GALEX_SURVEYS.len() as u64) as usize];
                block.project = survey;
                block.provenance = survey;
            }
            Collection::Iue => {
                block.proposal_id = Some(format!(
                    "{}{:03}",
                    ["CC", "OD", "ML", "HS"][(b % 4) as usize],
                    b % 1000
                ));
                block.proposal_pi = Some(pi);
            }
            Collection::Ps1 => {}
            Collection::Hlsp => {
                let idx = rng.below(HLSP_PROJECTS.len() as u64);
                block.program = idx;
                block.project = HLSP_PROJECTS[idx as usize].1;
                block.provenance = HLSP_PROJECTS[idx as usize].1;
                block.proposal_pi = Some(pi);
                block.obs_title = title(&block.target_name);
            }
        }
        block
    }

    pub fn number(&self) -> Option<u64> {
        match self.r {
            BlockRef::Special => None,
            BlockRef::Generic(b) => Some(b),
        }
    }

    /// Block-wide value of a column, when every observation of the block shares it.
    pub fn value(&self, col: ObsCol) -> Option<Val<'_>> {
        Some(match col {
            ObsCol::IntentType => Val::s(self.intent),
            ObsCol::ObsCollection => Val::s(self.collection.name()),
            ObsCol::ProvenanceName => Val::s(self.provenance),
            ObsCol::InstrumentName => Val::s(self.instrument.name),
            ObsCol::Project => Val::s(self.project),
            ObsCol::WavelengthRegion => Val::s(self.instrument.region),
            ObsCol::DataproductType => Val::s(self.instrument.dataproduct_type),
            ObsCol::ProposalPi => Val::opt_s(self.proposal_pi),
            ObsCol::ProposalId => Val::opt_s(self.proposal_id.as_deref()),
            ObsCol::ProposalType => Val::opt_s(self.proposal_type),
            ObsCol::ObsTitle => Val::opt_s(self.obs_title.as_deref()),
            ObsCol::TargetClassification => Val::opt_s(self.classification),
            ObsCol::MtFlag => Val::Bool(self.moving),
            ObsCol::TargetName if self.target_name.is_some() => {
                Val::opt_s(self.target_name.as_deref())
            }
            _ => return None,
        })
    }

    /// How far (deg) an observation of this block may lie from the block centre.
    pub fn reach(&self) -> f64 {
        self.collection.spread() * 1.5 + 0.01
    }

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
            exclusive: t_obs_release > NOW_MJD,
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
            t_obs_release: round_to(t_max + 365.0, 5),
            exclusive: visit == 5,
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
