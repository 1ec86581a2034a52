//! MAST's `dataRights`: which rows and products need a login (a token with the
//! `mast:exclusive_access` scope) before their files can be downloaded.
use crate::mast::table::Cell;

/// The glyph drawn in a grid's gutter for a row that is not PUBLIC. ASCII, so it is one
/// cell wide in every terminal and visible without colour.
pub const EXCLUSIVE_GLYPH: &str = "!";

/// True for EXCLUSIVE_ACCESS, RESTRICTED or any other value that is not PUBLIC. A missing
/// value is taken as public: MAST leaves it empty only for public holdings.
pub fn needs_login(data_rights: &str) -> bool {
    let r = data_rights.trim();
    !r.is_empty() && !r.eq_ignore_ascii_case("PUBLIC")
}

/// `needs_login` for a table cell (only text cells carry rights).
pub fn cell_needs_login(cell: &Cell<'_>) -> bool {
    matches!(cell, Cell::Text(s) if needs_login(s))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_public_and_empty_are_open() {
        assert!(!needs_login("PUBLIC"));
        assert!(!needs_login(" public "));
        assert!(!needs_login(""));
        assert!(needs_login("EXCLUSIVE_ACCESS"));
        assert!(needs_login("RESTRICTED"));
        assert!(cell_needs_login(&Cell::Text("EXCLUSIVE_ACCESS")));
        assert!(!cell_needs_login(&Cell::Null));
    }
}
