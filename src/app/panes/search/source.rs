//! What the search form searches: CAOM observations, one of MAST's catalogs (with its
//! release or table chosen), or a mission's own archive (the missions search API). The
//! form's first line picks it; each source has its own fields.
use crate::mast::catalogs::{Catalog, GaiaRelease, PsTable};
use crate::mast::missions_search::catalog::{MISSIONS, MissionApi};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Source {
    Observations,
    Catalog(Catalog),
    Mission(&'static MissionApi),
}

impl Source {
    /// In the order ←/→ step through them: the missions came last and follow the catalogs.
    pub const ALL: [Source; 18] = [
        Source::Observations,
        Source::Catalog(Catalog::Tic),
        Source::Catalog(Catalog::Ctl),
        Source::Catalog(Catalog::Gaia(GaiaRelease::Dr3)),
        Source::Catalog(Catalog::Gaia(GaiaRelease::Dr2)),
        Source::Catalog(Catalog::Hsc(3)),
        Source::Catalog(Catalog::Hsc(2)),
        Source::Catalog(Catalog::HscSpectra),
        Source::Catalog(Catalog::Galex),
        Source::Catalog(Catalog::Panstarrs(PsTable::Mean)),
        Source::Catalog(Catalog::Panstarrs(PsTable::Stack)),
        Source::Catalog(Catalog::Panstarrs(PsTable::Detection)),
        Source::Catalog(Catalog::DiskDetective),
        Source::Mission(&MISSIONS[0]),
        Source::Mission(&MISSIONS[1]),
        Source::Mission(&MISSIONS[2]),
        Source::Mission(&MISSIONS[3]),
        Source::Mission(&MISSIONS[4]),
    ];

    /// The name shown in the form and the tab bar.
    pub fn label(self) -> &'static str {
        match self {
            Source::Observations => "Observations",
            Source::Catalog(c) => c.label(),
            Source::Mission(m) => m.label,
        }
    }

    /// A few words on what the source holds.
    pub fn about(self) -> &'static str {
        match self {
            Source::Observations => "CAOM: every mission's observations and their files",
            Source::Catalog(Catalog::Tic) => "TESS Input Catalog v8 (cone or criteria)",
            Source::Catalog(Catalog::Ctl) => "TESS Candidate Target List (cone or criteria)",
            Source::Catalog(Catalog::Gaia(_)) => "Gaia sources (cone)",
            Source::Catalog(Catalog::Hsc(_)) => "Hubble Source Catalog matches (cone)",
            Source::Catalog(Catalog::HscSpectra) => "HSC spectra (all, or a cone)",
            Source::Catalog(Catalog::Galex) => "GALEX ultraviolet sources (cone)",
            Source::Catalog(Catalog::Panstarrs(_)) => "Pan-STARRS DR2 (cone or criteria)",
            Source::Catalog(Catalog::DiskDetective) => {
                "Disk Detective candidate disk hosts (cone or criteria)"
            }
            Source::Mission(m) => m.title,
        }
    }

    pub fn catalog(self) -> Option<Catalog> {
        match self {
            Source::Catalog(c) => Some(c),
            _ => None,
        }
    }

    pub fn mission(self) -> Option<&'static MissionApi> {
        match self {
            Source::Mission(m) => Some(m),
            _ => None,
        }
    }

    /// The source `step` places after this one, wrapping around.
    pub fn step(self, step: isize) -> Source {
        let n = Source::ALL.len() as isize;
        let i = Source::ALL.iter().position(|s| *s == self).unwrap_or(0) as isize;
        Source::ALL[(i + step).rem_euclid(n) as usize]
    }

    /// The next source after this one whose label starts with `c` (type-ahead).
    pub fn by_letter(self, c: char) -> Option<Source> {
        let c = c.to_ascii_lowercase();
        (1..=Source::ALL.len() as isize)
            .map(|k| self.step(k))
            .find(|s| s.label().to_ascii_lowercase().starts_with(c))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn arrows_wrap_and_letters_jump() {
        let last = Source::ALL.len() - 1;
        assert_eq!(Source::Observations.step(-1), Source::ALL[last]);
        assert_eq!(Source::ALL[last].step(1), Source::Observations);
        assert_eq!(
            Source::Observations.by_letter('g'),
            Some(Source::Catalog(Catalog::Gaia(GaiaRelease::Dr3)))
        );
        // Again: the next one with that letter.
        assert_eq!(
            Source::Catalog(Catalog::Gaia(GaiaRelease::Dr3)).by_letter('G'),
            Some(Source::Catalog(Catalog::Gaia(GaiaRelease::Dr2)))
        );
        assert_eq!(Source::Observations.by_letter('z'), None);
        // Every mission of the search API is offered, after the catalogs.
        assert_eq!(Source::ALL.len(), 13 + MISSIONS.len());
        let j = Source::Observations.by_letter('j').unwrap();
        assert_eq!(j.mission().map(|m| m.name), Some("jwst"));
    }
}
