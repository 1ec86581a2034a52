//! How a mission's datasets show in the grid: the mission's own table columns first (the
//! ones `mastui mission --format table` prints), its dataset column kept on screen and
//! naming a row, its access column marking what needs a login.
use crate::app::grid::table_source::TablePolicy;
use crate::mast::missions_search::catalog::MissionApi;

pub fn policy(m: &'static MissionApi) -> TablePolicy {
    TablePolicy {
        defaults: m.table_columns,
        keys: std::slice::from_ref(&m.dataset_column),
        title: m.dataset_column,
        rights: m.rights_column,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::mast::missions_search::catalog::mission;

    #[test]
    fn the_dataset_column_is_the_key_and_the_title() {
        let p = policy(mission("jwst").unwrap());
        assert_eq!(p.keys, &["fileSetName"]);
        assert_eq!(p.title, "fileSetName");
        assert_eq!(p.rights, Some("access"));
        assert!(p.defaults.contains(&"targ_ra"));
        let p = policy(mission("classy").unwrap());
        assert!(p.defaults.is_empty(), "every column, as MAST sends them");
        assert_eq!(p.keys, &["Target"]);
    }
}
