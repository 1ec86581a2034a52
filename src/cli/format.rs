//! The output formats of the headless commands (`--format`).
use clap::ValueEnum;

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// Aligned columns for reading.
    Table,
    /// RFC 4180 CSV with a header.
    Csv,
    /// One JSON object per line with MAST's column names, streamed as pages arrive.
    Jsonl,
    /// astropy's Enhanced CSV: each column's type (and unit and description when MAST's
    /// column configuration gives them) in the header; `Table.read(f)` reads it typed.
    Ecsv,
    /// IVOA VOTable 1.4 (TABLEDATA), typed, for astropy, TOPCAT and Aladin.
    Votable,
}

impl Format {
    /// Formats that need every row before the first line is written (they size or type
    /// their columns from all of them).
    pub fn gathers(self) -> bool {
        matches!(self, Format::Table | Format::Ecsv | Format::Votable)
    }
}
