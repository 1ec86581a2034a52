//! The sky view's projection: the gnomonic (tangent-plane) projection around a centre on the
//! sky. Straight lines on the view are great circles, there is no seam at RA 0/360 and no
//! singularity at the poles, and the far side of the sky (more than about 78 degrees away)
//! is left out rather than drawn through infinity. East (RA increasing) is to the left, as
//! on the sky.

/// Points further than this from the centre (cosine of the angle) are not projected.
const MIN_COS: f64 = 0.2;

#[derive(Debug, Clone, Copy, PartialEq)]
pub struct View {
    /// The centre, in degrees.
    pub ra: f64,
    pub dec: f64,
    /// The width shown, in degrees on the tangent plane.
    pub width: f64,
}

impl View {
    /// (x, y) in degrees on the tangent plane, x growing to the right (towards lower RA), y
    /// to the north; None on the far side.
    pub fn project(&self, ra: f64, dec: f64) -> Option<(f64, f64)> {
        self.projector().project(ra, dec)
    }

    /// `project` for many points: the centre's trigonometry worked out once.
    pub fn projector(&self) -> Projector {
        let (sin_d0, cos_d0) = self.dec.to_radians().sin_cos();
        Projector {
            a0: self.ra.to_radians(),
            sin_d0,
            cos_d0,
        }
    }

    /// The sky position at (x, y) on the tangent plane (the inverse of `project`).
    pub fn unproject(&self, x: f64, y: f64) -> (f64, f64) {
        let (a0, d0) = (self.ra.to_radians(), self.dec.to_radians());
        let (xi, eta) = ((-x).to_radians(), y.to_radians());
        let rho = (xi * xi + eta * eta).sqrt();
        if rho == 0.0 {
            return (self.ra, self.dec);
        }
        let c = rho.atan();
        let dec = (c.cos() * d0.sin() + eta * c.sin() * d0.cos() / rho).asin();
        let ra = a0 + (xi * c.sin()).atan2(rho * d0.cos() * c.cos() - eta * d0.sin() * c.sin());
        (ra.to_degrees().rem_euclid(360.0), dec.to_degrees())
    }

    /// Moves the centre by a fraction of the view (`dx` to the right, `dy` up).
    pub fn pan(&mut self, dx: f64, dy: f64) {
        let (ra, dec) = self.unproject(dx * self.width, dy * self.width);
        self.ra = ra;
        self.dec = dec.clamp(-90.0, 90.0);
    }

    /// Zooms by `factor` (below 1 zooms in), within an arcsecond and 120 degrees.
    pub fn zoom(&mut self, factor: f64) {
        self.width = (self.width * factor).clamp(1.0 / 3600.0, 120.0);
    }
}

/// A view's projection with its centre's sine and cosine kept: a frame projects every
/// footprint's vertices, and the centre's trigonometry was most of that work.
#[derive(Debug, Clone, Copy)]
pub struct Projector {
    a0: f64,
    sin_d0: f64,
    cos_d0: f64,
}

impl Projector {
    /// As [`View::project`].
    pub fn project(&self, ra: f64, dec: f64) -> Option<(f64, f64)> {
        let (sin_d, cos_d) = dec.to_radians().sin_cos();
        let (sin_da, cos_da) = (ra.to_radians() - self.a0).sin_cos();
        let cos_c = self.sin_d0 * sin_d + self.cos_d0 * cos_d * cos_da;
        if cos_c < MIN_COS {
            return None;
        }
        let xi = cos_d * sin_da / cos_c;
        let eta = (self.cos_d0 * sin_d - self.sin_d0 * cos_d * cos_da) / cos_c;
        Some((-xi.to_degrees(), eta.to_degrees()))
    }
}

/// The angle between two positions, in degrees.
pub fn separation(ra1: f64, dec1: f64, ra2: f64, dec2: f64) -> f64 {
    let (a1, d1, a2, d2) = (
        ra1.to_radians(),
        dec1.to_radians(),
        ra2.to_radians(),
        dec2.to_radians(),
    );
    let h = ((d2 - d1) / 2.0).sin().powi(2) + d1.cos() * d2.cos() * ((a2 - a1) / 2.0).sin().powi(2);
    (2.0 * h.sqrt().min(1.0).asin()).to_degrees()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn near(a: f64, b: f64) -> bool {
        (a - b).abs() < 1e-6
    }

    #[test]
    fn east_is_left_and_north_is_up() {
        let v = View {
            ra: 210.8,
            dec: 54.35,
            width: 1.0,
        };
        let (x, y) = v.project(210.8, 54.35).unwrap();
        assert!(near(x, 0.0) && near(y, 0.0));
        let (x, _) = v.project(211.0, 54.35).unwrap();
        assert!(x < 0.0, "higher RA to the left");
        let (_, y) = v.project(210.8, 54.5).unwrap();
        assert!(y > 0.0, "north up");
    }

    #[test]
    fn no_seam_at_ra_zero_and_round_trips() {
        let v = View {
            ra: 0.05,
            dec: 1.0,
            width: 1.0,
        };
        let (x1, _) = v.project(359.95, 1.0).unwrap();
        let (x2, _) = v.project(0.15, 1.0).unwrap();
        // Both within a tenth of a degree of the centre, on either side.
        assert!(x1 > 0.0 && x1 < 0.11 && x2 < 0.0 && x2 > -0.11, "{x1} {x2}");
        for (ra, dec) in [(359.95, 1.0), (0.15, 1.2), (10.0, -5.0)] {
            let (x, y) = v.project(ra, dec).unwrap();
            let (r, d) = v.unproject(x, y);
            assert!(near(r, ra) && near(d, dec), "{ra} {dec} -> {r} {d}");
        }
    }

    #[test]
    fn the_pole_and_the_far_side() {
        let v = View {
            ra: 0.0,
            dec: 89.9,
            width: 1.0,
        };
        // Around the pole every RA lands within the view, none across it.
        for ra in [0.0, 90.0, 180.0, 270.0] {
            let (x, y) = v.project(ra, 89.8).unwrap();
            assert!(x.hypot(y) < 0.35, "{ra}: {x} {y}");
        }
        assert!(v.project(0.0, -60.0).is_none(), "the far side is left out");
        assert!(near(separation(10.0, 89.0, 190.0, 89.0), 2.0));
        assert!(near(separation(359.9, 0.0, 0.1, 0.0), 0.2));
    }

    #[test]
    fn panning_and_zooming_stay_on_the_sky() {
        let mut v = View {
            ra: 0.0,
            dec: 89.0,
            width: 10.0,
        };
        v.pan(0.0, 0.05);
        assert!((v.dec - 89.5).abs() < 1e-4, "{}", v.dec);
        // On over the pole: down the other side, the RA turned round.
        v.pan(0.0, 0.2);
        assert!(
            (v.dec - 88.5).abs() < 1e-3 && (v.ra - 180.0).abs() < 1e-6,
            "{v:?}"
        );
        v.zoom(1e-9);
        assert!(v.width >= 1.0 / 3600.0);
        v.zoom(1e12);
        assert_eq!(v.width, 120.0);
    }
}
