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
}
