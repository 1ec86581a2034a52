//! A cutout archive: the files, deflated, in a zip with fixed timestamps, so the same request
//! always gets the same bytes.

use std::io::{Cursor, Write};

use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, ZipWriter};

/// The zip of `files` (name, bytes), in order.
pub fn zip_of(files: &[(String, Vec<u8>)]) -> Result<Vec<u8>, String> {
    let mut w = ZipWriter::new(Cursor::new(Vec::new()));
    let opts = SimpleFileOptions::default()
        .compression_method(CompressionMethod::Deflated)
        .compression_level(Some(1))
        .last_modified_time(zip::DateTime::default())
        .unix_permissions(0o644);
    for (name, bytes) in files {
        w.start_file(name.as_str(), opts)
            .map_err(|e| e.to_string())?;
        w.write_all(bytes).map_err(|e| e.to_string())?;
    }
    Ok(w.finish().map_err(|e| e.to_string())?.into_inner())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn same_files_same_bytes() {
        let files = vec![("a.fits".to_string(), vec![7u8; 5000])];
        let a = zip_of(&files).unwrap();
        assert_eq!(a, zip_of(&files).unwrap());
        assert!(a.starts_with(b"PK\x03\x04"));
        assert!(a.len() < 1000, "deflated: {}", a.len());
    }
}
