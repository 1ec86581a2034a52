//! `mastui fits header` as a user runs it: the real binary on FITS files written here (several
//! HDUs, CONTINUE cards, HIERARCH, a large data section that must be skipped), a truncated
//! file, a file that is not FITS, and an HDU that does not exist.
use std::io::Write;
use std::process::{Command, Output};

fn mastui(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_mastui"))
        .args(args)
        .output()
        .expect("run mastui")
}

fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

fn header(cards: &[&str]) -> Vec<u8> {
    let mut h = Vec::new();
    for c in cards.iter().chain(&["END"]) {
        let mut card = c.as_bytes().to_vec();
        card.resize(80, b' ');
        h.extend(card);
    }
    h.resize(h.len().div_ceil(2880) * 2880, b' ');
    h
}

/// A primary HDU and a 64 MB image extension, then a binary table.
fn three_hdus() -> Vec<u8> {
    let mut f = header(&[
        "SIMPLE  =                    T / conforms to FITS standard",
        "BITPIX  =                    8 / array data type",
        "NAXIS   =                    0",
        "TELESCOP= 'JWST    '           / telescope",
        "FILENAME= 'jw01073001001_02101_00001_nrca1_&'",
        "CONTINUE  'cal.fits'           / long name",
        "HIERARCH ESO DET CHIP = 'NRCA1' / a hierarchical keyword",
        "HISTORY written by a test",
    ]);
    f.extend(header(&[
        "XTENSION= 'IMAGE   '           / image extension",
        "BITPIX  =                  -32",
        "NAXIS   =                    2",
        "NAXIS1  =                 4096",
        "NAXIS2  =                 4096",
        "EXTNAME = 'SCI     '",
    ]));
    // The data, padded to whole 2880-byte blocks as the standard says.
    f.extend(vec![0u8; (4096 * 4096 * 4usize).div_ceil(2880) * 2880]);
    f.extend(header(&[
        "XTENSION= 'BINTABLE'",
        "BITPIX  =                    8",
        "NAXIS   =                    2",
        "NAXIS1  =                   16",
        "NAXIS2  =                   10",
        "PCOUNT  =                    0",
        "GCOUNT  =                    1",
        "TFIELDS =                    1",
        "EXTNAME = 'ASDF    '",
    ]));
    f.extend(vec![0u8; 2880]);
    f
}

#[test]
fn headers_of_every_hdu_without_reading_the_data() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("x_cal.fits");
    std::fs::File::create(&path)
        .and_then(|mut f| f.write_all(&three_hdus()))
        .expect("write");
    let p = path.to_str().expect("utf-8 path");
    let out = mastui(&["fits", "header", p]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let s = text(&out.stdout);
    assert!(s.contains("# HDU 0  PRIMARY"), "{s}");
    assert!(s.contains("# HDU 1  IMAGE SCI"), "{s}");
    assert!(s.contains("67.1 MB of data"), "{s}");
    assert!(s.contains("# HDU 2  BINTABLE ASDF"), "{s}");
    assert!(
        s.contains("FILENAME = jw01073001001_02101_00001_nrca1_cal.fits"),
        "{s}"
    );
    assert!(s.contains("HIERARCH ESO DET CHIP = NRCA1"), "{s}");
    assert!(s.contains("TELESCOP = JWST"), "{s}");
    let only = text(&mastui(&["fits", "header", p, "--hdu", "1"]).stdout);
    assert!(
        only.contains("EXTNAME  = SCI") && !only.contains("TELESCOP"),
        "{only}"
    );
    let none = mastui(&["fits", "header", p, "--hdu", "7"]);
    assert_eq!(none.status.code(), Some(2));
    assert!(
        text(&none.stderr).contains("HDUs 0 to 2"),
        "{}",
        text(&none.stderr)
    );
}

#[test]
fn a_truncated_file_and_a_file_that_is_not_fits_say_so() {
    let dir = tempfile::tempdir().expect("tempdir");
    let cut = dir.path().join("cut.fits");
    std::fs::write(&cut, &three_hdus()[..2880 + 2880 + 1000]).expect("write");
    let out = mastui(&["fits", "header", cut.to_str().expect("utf-8")]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        text(&out.stderr).contains("truncated"),
        "{}",
        text(&out.stderr)
    );
    let notes = dir.path().join("notes.txt");
    std::fs::write(&notes, "these are not FITS cards\n").expect("write");
    let out = mastui(&["fits", "header", notes.to_str().expect("utf-8")]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        text(&out.stderr).contains("not a FITS file"),
        "{}",
        text(&out.stderr)
    );
    let missing = mastui(&["fits", "header", "/nonexistent/x.fits"]);
    assert_eq!(missing.status.code(), Some(2));
    assert!(text(&missing.stderr).contains("cannot open"));
}

/// A 2 GB file (sparse: the data is never written, nor read): only its header blocks are.
#[test]
fn a_2_gb_file_costs_a_few_blocks_of_reading() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("big.fits");
    let mut f = std::fs::File::create(&path).expect("create");
    let primary = header(&[
        "SIMPLE  =                    T",
        "BITPIX  =                   16",
        "NAXIS   =                    2",
        "NAXIS1  =                32768",
        "NAXIS2  =                32768",
    ]);
    f.write_all(&primary).expect("write");
    let data = (32768u64 * 32768 * 2).div_ceil(2880) * 2880;
    let tail = header(&[
        "XTENSION= 'IMAGE   '",
        "BITPIX  =                    8",
        "NAXIS   =                    0",
        "EXTNAME = 'DQ      '",
    ]);
    use std::io::{Seek, SeekFrom};
    f.seek(SeekFrom::Start(primary.len() as u64 + data))
        .expect("seek");
    f.write_all(&tail).expect("write");
    drop(f);
    let out = mastui(&["fits", "header", path.to_str().expect("utf-8")]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let s = text(&out.stdout);
    assert!(s.contains("# HDU 1  IMAGE DQ"), "{s}");
    assert!(
        s.contains("(read 5,760 bytes of 2.15 GB to find 2 HDUs)"),
        "{s}"
    );
}
