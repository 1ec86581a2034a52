//! Blocks: one program or field, 16 consecutive observations sharing a mission, instrument,
//! target and proposal, as pure functions of (seed, block number).

use super::collections::{
    CLASSIFICATIONS, Collection, GALEX_SURVEYS, HLSP_PROJECTS, HST_PROPOSAL_TYPES, Instrument,
    JWST, JWST_PROPOSAL_TYPES, PI_NAMES, TITLE_TOPICS,
};
use super::naming::{BlockRef, JWST_PROGRAM_BASE};
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
pub(super) const STREAM_OBS: u64 = 0x0B5;

/// The 1073 filters: (index into NIRCAM/IMAGE filters, exposure group).
pub(super) const SPECIAL_FILTERS: [(usize, &str); 3] = [(1, "02101"), (3, "02101"), (5, "02103")];

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
    /// The simulated today (MJD): observations after it are not taken yet, and exclusive
    /// access lasts until `t_obs_release` passes it. The catalogue sets it from its clock.
    pub today: f64,
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
            today: NOW_MJD,
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
            today: NOW_MJD,
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
}
