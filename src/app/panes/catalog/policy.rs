//! How a catalog's rows show in the grid: its own table columns first (the ones `mastui
//! catalog --format table` prints), its id column kept on screen and naming a row.
use crate::app::grid::table_source::TablePolicy;
use crate::mast::catalogs::Catalog;

pub fn policy(catalog: Catalog) -> TablePolicy {
    let columns = catalog.table_columns();
    TablePolicy {
        defaults: columns,
        // The id column is the first of the table columns; a slice of that static list
        // keeps the policy free of allocation.
        keys: &columns[..1.min(columns.len())],
        title: catalog.id_column(),
        rights: None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::mast::catalogs::PsTable;

    #[test]
    fn the_id_column_is_the_key_and_the_title() {
        let p = policy(Catalog::Tic);
        assert_eq!(p.keys, &["ID"]);
        assert_eq!(p.title, "ID");
        assert!(p.defaults.contains(&"Tmag"));
        let p = policy(Catalog::Panstarrs(PsTable::Mean));
        assert_eq!(p.keys, &["objName"]);
    }
}
