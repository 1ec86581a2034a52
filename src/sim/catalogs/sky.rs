//! The simulated sky behind every catalog: stars clustered around the named targets the
//! observations point at, plus a field population over the whole sky in one-degree tiles.
//!
//! A star is a pure function of (seed, key), so nothing is held in memory and any catalog
//! size costs only the time to visit it. Catalogs are views of these stars: the TIC lists
//! each one, Gaia and Pan-STARRS measure the same star a fraction of an arcsecond away, so a
//! cross-catalog look finds the same objects. A cone visits only the clusters and tiles it
//! touches.

use std::ops::ControlFlow;

use crate::sim::catalogue::Catalogue;
use crate::sim::filters::separation;
use crate::sim::names::KNOWN;
use crate::sim::rng::{Rng, hash2, mix};

/// Stars around each named target.
pub const CLUSTER_LEN: u32 = 200;
/// Field stars a tile holds at most (keys leave room for 100).
pub const MAX_PER_TILE: u32 = 99;
/// Observations per field star per tile: `--scale 20000` gives ten stars a square degree.
const SCALE_PER_TILE_STAR: f64 = 2_000.0;
/// Dec bands of one degree.
const BANDS: usize = 180;
/// Where field star codes start: cluster codes stay below it.
pub const FIELD_CODE_BASE: u64 = 100_000;

const STREAM_CLUSTER: u64 = 0xC1_5737;
const STREAM_FIELD: u64 = 0xF1_E1D;
const STREAM_COUNT: u64 = 0xC0_0A7;

/// Which star: the `j`th around named target `k`, or the `j`th of field tile `tile`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum StarKey {
    Cluster { k: u32, j: u32 },
    Field { tile: u32, j: u32 },
}

impl StarKey {
    /// A unique number per star, cluster stars first; identifiers of every catalog derive
    /// from it so that they can be read back.
    pub fn code(self) -> u64 {
        match self {
            StarKey::Cluster { k, j } => u64::from(k) * 1000 + u64::from(j),
            StarKey::Field { tile, j } => FIELD_CODE_BASE + u64::from(tile) * 100 + u64::from(j),
        }
    }

    pub fn from_code(code: u64) -> Option<StarKey> {
        if code >= FIELD_CODE_BASE {
            let rest = code - FIELD_CODE_BASE;
            Some(StarKey::Field {
                tile: u32::try_from(rest / 100).ok()?,
                j: (rest % 100) as u32,
            })
        } else {
            Some(StarKey::Cluster {
                k: (code / 1000) as u32,
                j: (code % 1000) as u32,
            })
        }
    }

    /// The named target a cluster star belongs to.
    pub fn target(self) -> Option<usize> {
        match self {
            StarKey::Cluster { k, .. } => Some(k as usize),
            StarKey::Field { .. } => None,
        }
    }
}

/// One star: where it is and the few properties every catalog derives its columns from.
#[derive(Debug, Clone, PartialEq)]
pub struct Star {
    pub key: StarKey,
    pub ra: f64,
    pub dec: f64,
    /// Brightness in the TESS band (Tmag); other bands follow from it and `color`.
    pub mag: f64,
    /// A BP-RP-like colour, 0.2 (blue) to 3 (red).
    pub color: f64,
    pub dist_pc: f64,
    /// A galaxy rather than a point source (2MASS extended).
    pub extended: bool,
    /// Bits every per-column draw is taken from.
    pub h: u64,
}

impl Star {
    /// Fixed random bits for one column (`salt`), independent of the other columns.
    pub fn bits(&self, salt: u64) -> u64 {
        hash2(self.h, salt)
    }

    /// A fixed uniform number in [0, 1) for one column.
    pub fn unit(&self, salt: u64) -> f64 {
        (self.bits(salt) >> 11) as f64 * (1.0 / (1u64 << 53) as f64)
    }

    /// Another survey's position of this star: within `arcsec` of it, fixed per `salt`.
    pub fn jitter(&self, salt: u64, arcsec: f64) -> (f64, f64) {
        let a = self.unit(salt) * std::f64::consts::TAU;
        let r = self.unit(salt ^ 0x5A5A) * arcsec / 3600.0;
        let dec = (self.dec + r * a.cos()).clamp(-90.0, 90.0);
        let ra = (self.ra + r * a.sin() / dec.to_radians().cos().max(1e-3)).rem_euclid(360.0);
        (ra, dec)
    }
}

/// A cone in degrees.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Cone {
    pub ra: f64,
    pub dec: f64,
    pub radius: f64,
}

impl Cone {
    /// Distance of a point from the centre in degrees, when it lies inside.
    pub fn distance(&self, ra: f64, dec: f64) -> Option<f64> {
        let d = separation(self.ra, self.dec, ra, dec);
        (d <= self.radius).then_some(d)
    }
}

/// The sky for one archive (seed and scale).
#[derive(Debug, Clone)]
pub struct Sky {
    seed: u64,
    /// Mean field stars per tile.
    per_tile: f64,
    /// First tile of each dec band; the last entry is the tile count.
    band_start: Vec<u32>,
}

/// Cluster stars spread over this radius (deg) around their target at most.
fn cluster_radius(k: usize) -> f64 {
    KNOWN[k].radius.clamp(0.05, 0.25)
}

fn cells_in_band(b: usize) -> u32 {
    let mid = -90.0 + b as f64 + 0.5;
    ((360.0 * f64::to_radians(mid).cos()).round() as u32).max(1)
}

impl Sky {
    pub fn new(seed: u64, scale: u64) -> Sky {
        let mut band_start = Vec::with_capacity(BANDS + 1);
        let mut n = 0u32;
        for b in 0..BANDS {
            band_start.push(n);
            n += cells_in_band(b);
        }
        band_start.push(n);
        Sky {
            seed,
            per_tile: (scale as f64 / SCALE_PER_TILE_STAR).min(f64::from(MAX_PER_TILE)),
            band_start,
        }
    }

    /// The sky of the archive `cat` serves.
    pub fn of(cat: &Catalogue) -> Sky {
        Sky::new(cat.seed, cat.scale)
    }

    pub fn tiles(&self) -> u32 {
        self.band_start[BANDS]
    }

    /// Field stars in `tile`: the mean, rounded up or down by a fixed draw.
    pub fn tile_len(&self, tile: u32) -> u32 {
        let base = self.per_tile.floor();
        let frac = self.per_tile - base;
        let extra = Rng::for_item(self.seed, STREAM_COUNT, u64::from(tile)).chance(frac);
        (base as u32 + u32::from(extra)).min(MAX_PER_TILE)
    }

    fn band_of(&self, tile: u32) -> usize {
        // band_start is sorted; the band is the last start not above the tile.
        self.band_start[..BANDS].partition_point(|&s| s <= tile) - 1
    }

    /// The star behind `key`, when it exists in this sky.
    pub fn star(&self, key: StarKey) -> Option<Star> {
        match key {
            StarKey::Cluster { k, j } => {
                let t = KNOWN.get(k as usize)?;
                if j >= CLUSTER_LEN {
                    return None;
                }
                let mut rng = Rng::for_item(self.seed, STREAM_CLUSTER, key.code());
                let r = cluster_radius(k as usize) * rng.f64().sqrt();
                let a = rng.range_f64(0.0, std::f64::consts::TAU);
                let dec = (t.dec + r * a.cos()).clamp(-89.999, 89.999);
                let ra =
                    (t.ra + r * a.sin() / t.dec.to_radians().cos().max(0.02)).rem_euclid(360.0);
                let mag = 8.0 + 11.0 * rng.f64().powf(0.6);
                let galaxy = t.object_type == "G";
                Some(finish(
                    key,
                    ra,
                    dec,
                    mag,
                    galaxy && rng.chance(0.2),
                    &mut rng,
                ))
            }
            StarKey::Field { tile, j } => {
                if tile >= self.tiles() || j >= self.tile_len(tile) {
                    return None;
                }
                let b = self.band_of(tile);
                let cells = self.band_start[b + 1] - self.band_start[b];
                let cell = tile - self.band_start[b];
                let width = 360.0 / f64::from(cells);
                let lo = (-90.0 + b as f64).to_radians().sin();
                let hi = (-89.0 + b as f64).to_radians().sin();
                let mut rng = Rng::for_item(self.seed, STREAM_FIELD, key.code());
                let ra = (f64::from(cell) + rng.f64()) * width;
                let dec = (lo + (hi - lo) * rng.f64()).asin().to_degrees();
                let mag = 5.0 + 14.0 * rng.f64().powf(0.45);
                let extended = rng.chance(0.01);
                Some(finish(key, ra, dec, mag, extended, &mut rng))
            }
        }
    }

    /// Visits every star (cluster stars first, then the tiles in order), or, with a cone,
    /// the stars of the clusters and tiles within `margin` degrees of it: the caller checks
    /// each position it derives against the cone. `visit` breaks to stop.
    pub fn visit(
        &self,
        cone: Option<Cone>,
        margin: f64,
        visit: &mut dyn FnMut(&Star) -> ControlFlow<()>,
    ) -> ControlFlow<()> {
        for (k, t) in KNOWN.iter().enumerate() {
            if let Some(c) = cone
                && separation(c.ra, c.dec, t.ra, t.dec) > c.radius + cluster_radius(k) + margin
            {
                continue;
            }
            for j in 0..CLUSTER_LEN {
                if let Some(s) = self.star(StarKey::Cluster { k: k as u32, j }) {
                    visit(&s)?;
                }
            }
        }
        match cone {
            None => {
                for tile in 0..self.tiles() {
                    self.visit_tile(tile, visit)?;
                }
            }
            Some(c) => {
                for tile in self.tiles_near(c, margin) {
                    self.visit_tile(tile, visit)?;
                }
            }
        }
        ControlFlow::Continue(())
    }

    fn visit_tile(
        &self,
        tile: u32,
        visit: &mut dyn FnMut(&Star) -> ControlFlow<()>,
    ) -> ControlFlow<()> {
        for j in 0..self.tile_len(tile) {
            if let Some(s) = self.star(StarKey::Field { tile, j }) {
                visit(&s)?;
            }
        }
        ControlFlow::Continue(())
    }

    /// Tiles that may hold a point within `margin` of the cone, in tile order.
    fn tiles_near(&self, c: Cone, margin: f64) -> Vec<u32> {
        let r = (c.radius + margin).min(180.0);
        let lo_band = ((c.dec - r + 90.0).floor().max(0.0)) as usize;
        let hi_band = (((c.dec + r + 90.0).floor()) as usize).min(BANDS - 1);
        // The widest RA reach of a cap, at its tangent points; a cap over a pole reaches all.
        let s = r.to_radians().sin() / c.dec.to_radians().cos();
        let reach = if c.dec.abs() + r >= 90.0 || s >= 1.0 {
            None
        } else {
            Some(s.asin().to_degrees())
        };
        let mut out = Vec::new();
        for b in lo_band..=hi_band {
            let start = self.band_start[b];
            let cells = self.band_start[b + 1] - start;
            let width = 360.0 / f64::from(cells);
            match reach {
                Some(dra) if 2.0 * dra + width < 360.0 => {
                    let first = ((c.ra - dra) / width).floor() as i64;
                    let last = ((c.ra + dra) / width).floor() as i64;
                    let mut cells_hit: Vec<u32> = (first..=last)
                        .map(|i| i.rem_euclid(i64::from(cells)) as u32)
                        .collect();
                    cells_hit.sort_unstable();
                    cells_hit.dedup();
                    out.extend(cells_hit.into_iter().map(|i| start + i));
                }
                _ => out.extend(start..start + cells),
            }
        }
        out
    }
}

/// The properties every star has beyond its position.
fn finish(key: StarKey, ra: f64, dec: f64, mag: f64, extended: bool, rng: &mut Rng) -> Star {
    Star {
        key,
        ra: crate::sim::rng::round_to(ra, 7),
        dec: crate::sim::rng::round_to(dec, 7),
        mag,
        color: 0.2 + 2.8 * rng.f64().powi(2),
        dist_pc: 10.0 + 4_000.0 * rng.f64().powi(2),
        extended,
        h: mix(rng.next_u64()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn count(sky: &Sky, cone: Option<Cone>) -> (usize, usize) {
        let (mut seen, mut inside) = (0, 0);
        let _ = sky.visit(cone, 0.0, &mut |s| {
            seen += 1;
            if cone.is_none_or(|c| c.distance(s.ra, s.dec).is_some()) {
                inside += 1;
            }
            ControlFlow::Continue(())
        });
        (seen, inside)
    }

    #[test]
    fn keys_round_trip_and_stars_are_deterministic() {
        let sky = Sky::new(3, 20_000);
        for key in [
            StarKey::Cluster { k: 0, j: 5 },
            StarKey::Cluster { k: 12, j: 199 },
            StarKey::Field { tile: 0, j: 0 },
            StarKey::Field { tile: 41_000, j: 3 },
        ] {
            assert_eq!(StarKey::from_code(key.code()), Some(key));
        }
        let a = sky.star(StarKey::Cluster { k: 0, j: 5 }).unwrap();
        assert_eq!(sky.star(StarKey::Cluster { k: 0, j: 5 }), Some(a.clone()));
        assert!(separation(a.ra, a.dec, KNOWN[0].ra, KNOWN[0].dec) <= 0.25);
        assert!(
            sky.star(StarKey::Cluster {
                k: 0,
                j: CLUSTER_LEN
            })
            .is_none()
        );
        assert!(
            sky.star(StarKey::Field {
                tile: sky.tiles(),
                j: 0
            })
            .is_none()
        );
        assert!((41_000..41_500).contains(&sky.tiles()), "{}", sky.tiles());
    }

    #[test]
    fn field_stars_lie_in_their_tile_and_scale_with_the_archive() {
        let sky = Sky::new(1, 20_000);
        let (all, _) = count(&sky, None);
        let field = all - KNOWN.len() * CLUSTER_LEN as usize;
        let mean = field as f64 / f64::from(sky.tiles());
        assert!((9.5..10.5).contains(&mean), "{mean}");
        let small = Sky::new(1, 3_000);
        let (few, _) = count(&small, None);
        assert!(few < all / 4, "{few} vs {all}");
    }

    #[test]
    fn a_cone_visits_every_star_inside_it() {
        let sky = Sky::new(2, 6_000);
        // Compare the pruned visit with a full scan, near a pole, across RA 0 and at a target.
        for c in [
            Cone {
                ra: 53.40155,
                dec: -36.14039,
                radius: 0.2,
            },
            Cone {
                ra: 0.3,
                dec: 10.0,
                radius: 2.5,
            },
            Cone {
                ra: 200.0,
                dec: 88.7,
                radius: 2.0,
            },
            Cone {
                ra: 359.8,
                dec: -60.0,
                radius: 1.0,
            },
        ] {
            let mut full = Vec::new();
            let _ = sky.visit(None, 0.0, &mut |s| {
                if c.distance(s.ra, s.dec).is_some() {
                    full.push(s.key);
                }
                ControlFlow::Continue(())
            });
            let mut pruned = Vec::new();
            let _ = sky.visit(Some(c), 0.0, &mut |s| {
                if c.distance(s.ra, s.dec).is_some() {
                    pruned.push(s.key);
                }
                ControlFlow::Continue(())
            });
            assert_eq!(pruned, full, "{c:?}");
            assert!(!full.is_empty(), "{c:?}");
        }
    }

    #[test]
    fn jitter_stays_close() {
        let sky = Sky::new(1, 2_000);
        let s = sky.star(StarKey::Field { tile: 20_000, j: 0 }).unwrap();
        let (ra, dec) = s.jitter(7, 0.3);
        assert!(separation(s.ra, s.dec, ra, dec) * 3600.0 <= 0.3 + 1e-9);
        assert_eq!(s.jitter(7, 0.3), (ra, dec));
    }
}
