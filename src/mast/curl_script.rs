//! A bash script that downloads a basket with curl, written locally and offline, following
//! MAST's bundle script (`mastDownload_YYYYMMDDhhmmss.sh`): resume with `-C -`, the
//! `Authorization: token $MAST_API_TOKEN` header only for protected files (the token itself
//! is never written), astroquery's layout. Every name and URL is single-quoted, so no name a
//! server sends can run a command.
use std::path::Path;

use super::dates::{MJD_UNIX_EPOCH, ymd_from_mjd};
use super::download::download_url;

/// One file of the script.
pub struct CurlFile<'a> {
    pub data_uri: &'a str,
    /// Where the file goes, relative to the folder the script runs in (or absolute).
    pub output: &'a Path,
    /// Needs the token header.
    pub protected: bool,
}

/// `mastDownload_YYYYMMDDhhmmss.sh` for a UTC time given as seconds since 1970.
pub fn script_name(unix_secs: u64) -> String {
    let days = (unix_secs / 86_400) as i64;
    let rem = unix_secs % 86_400;
    let (y, m, d) = ymd_from_mjd(days + MJD_UNIX_EPOCH);
    format!(
        "mastDownload_{y:04}{m:02}{d:02}{:02}{:02}{:02}.sh",
        rem / 3600,
        rem % 3600 / 60,
        rem % 60
    )
}

/// The script's text.
pub fn script(base: &str, files: &[CurlFile<'_>]) -> String {
    let mut s = String::from(
        "#!/bin/bash\n\
         #\n\
         # Written by mastui: downloads the basket with curl. Run it again to resume.\n\
         # Protected files need a MAST token with exclusive access: export MAST_API_TOKEN=...\n\
         #\n\
         CONT=\"-C -\"\n\
         FAILED=0\n\n",
    );
    if files.iter().any(|f| f.protected) {
        s.push_str(
            "if [ -z \"$MAST_API_TOKEN\" ]; then\n  echo 'note: MAST_API_TOKEN is not set; protected files will fail with 401' >&2\nfi\n\n",
        );
    }
    for f in files {
        let auth = if f.protected {
            " -H \"Authorization: token $MAST_API_TOKEN\""
        } else {
            ""
        };
        s.push_str(&format!(
            "curl --globoff --location -f --progress-bar --create-dirs $CONT{auth} --output {} {} || FAILED=1\n",
            quote(&f.output.to_string_lossy()),
            quote(&download_url(base, f.data_uri)),
        ));
    }
    s.push_str("\nexit $FAILED\n");
    s
}

/// Single-quotes `s` for bash: `'` becomes `'\''`; nothing inside single quotes expands.
/// Control characters are replaced, so a name cannot break the line either.
pub fn quote(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('\'');
    for c in s.chars() {
        match c {
            '\'' => out.push_str("'\\''"),
            c if c.is_control() => out.push('?'),
            c => out.push(c),
        }
    }
    out.push('\'');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_follow_mast() {
        assert_eq!(script_name(0), "mastDownload_19700101000000.sh");
        assert_eq!(script_name(1_674_233_220), "mastDownload_20230120164700.sh");
    }

    #[test]
    fn quoting_defuses_everything() {
        assert_eq!(quote("a b"), "'a b'");
        assert_eq!(quote("x'; rm -rf ~; '"), "'x'\\''; rm -rf ~; '\\'''");
        assert_eq!(quote("$(id)`id`\n"), "'$(id)`id`?'");
    }

    #[test]
    fn token_header_only_for_protected_and_never_the_token() {
        let s = script(
            "https://mast.stsci.edu",
            &[
                CurlFile {
                    data_uri: "mast:HST/product/a.fits",
                    output: Path::new("mastDownload/HST/o/a.fits"),
                    protected: false,
                },
                CurlFile {
                    data_uri: "mast:JWST/product/b.fits",
                    output: Path::new("mastDownload/JWST/o/b.fits"),
                    protected: true,
                },
            ],
        );
        let lines: Vec<&str> = s.lines().filter(|l| l.starts_with("curl")).collect();
        assert_eq!(lines.len(), 2);
        assert!(!lines[0].contains("Authorization"));
        assert!(lines[1].contains("-H \"Authorization: token $MAST_API_TOKEN\""));
        assert!(lines[0].contains("$CONT"));
        assert!(lines[0].ends_with(
            "--output 'mastDownload/HST/o/a.fits' 'https://mast.stsci.edu/api/v0.1/Download/file?uri=mast:HST/product/a.fits' || FAILED=1"
        ));
    }
}
