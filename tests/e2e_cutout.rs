//! End to end in a pseudo-terminal (portable-pty + vt100): the real `mastui --demo`, a TIC
//! source picked around NGC 1365, `X` to the cutout form, which lists the TESS sectors that
//! saw it; a 5 x 3 pixel TESScut cutout queued with Enter; the basket fetches the archive
//! and unpacks it; the target pixel files are found on disk, valid FITS of the asked size,
//! and `q` leaves the terminal restored.
use std::path::{Path, PathBuf};
use std::thread;
use std::time::{Duration, Instant};

use mastui::fits::header::read_headers;

mod support;

use support::pty::{PATIENCE, Session};

fn start(home: &Path, downloads: &Path) -> Session {
    Session::start(&["--demo"], (120, 32), |cmd| {
        cmd.env_remove("DISPLAY");
        cmd.env_remove("WAYLAND_DISPLAY");
        cmd.env("MASTUI_DATA_DIR", home.join("data"));
        cmd.env("MASTUI_CONFIG_DIR", home.join("config"));
        cmd.env("MASTUI_CACHE_DIR", home.join("cache"));
        cmd.env("MASTUI_DOWNLOAD_DIR", downloads);
        cmd.env("MASTUI_PREVIEWS", "off");
        cmd.env_remove("MAST_API_TOKEN");
    })
}

const UP: &str = "\x1b[A";
const RIGHT: &str = "\x1b[C";
const TAB: &str = "\t";
const ENTER: &str = "\r";
const CTRL_U: &str = "\x15";

/// Every file under `dir`.
fn files_under(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).into_iter().flatten().flatten() {
            let p = e.path();
            if p.is_dir() {
                stack.push(p);
            } else {
                out.push(p);
            }
        }
    }
    out.sort();
    out
}

/// The number of sectors the cutout form says saw the source, once every one of them is
/// drawn (a frame can be read half written).
fn sectors_listed(screen: &str) -> Option<usize> {
    let line = screen
        .lines()
        .find(|l| l.contains(" saw it; none picked"))?;
    let before = line.split(" saw it; none picked").next()?;
    let n: usize = before.split_whitespace().last()?.parse().ok()?;
    let drawn = screen.lines().filter(|l| l.contains("[ ] sector")).count();
    (drawn == n).then_some(n)
}

/// (NAXIS1, NAXIS2) of every image HDU of a FITS file, and its primary header's SECTOR.
fn image_sizes(path: &Path) -> (Vec<(usize, usize)>, Option<String>) {
    let mut f = std::fs::File::open(path).expect("open FITS");
    let h = read_headers(&mut f).expect("valid FITS");
    let sizes = h
        .hdus
        .iter()
        .filter(|u| u.value("XTENSION").is_some_and(|x| x.trim() == "IMAGE"))
        .map(|u| {
            let n = |k: &str| u.value(k).unwrap().trim().parse::<usize>().unwrap();
            (n("NAXIS1"), n("NAXIS2"))
        })
        .collect();
    (
        sizes,
        h.hdus[0].value("SECTOR").map(|s| s.trim().to_string()),
    )
}

#[test]
fn a_tesscut_cutout_from_a_tic_source_lands_unpacked_on_disk() {
    let tmp = tempfile::tempdir().expect("temp dir");
    let dl = tmp.path().join("dl");
    let mut s = start(tmp.path(), &dl);
    s.wait_for("the search form", |t| {
        t.contains("Source") && t.contains("Observations")
    });
    // Up to the source line, → to TIC, Tab to its target.
    s.keys(UP);
    s.keys(RIGHT);
    s.wait_for("TIC on the source line", |t| t.contains("◂ TIC ▸"));
    s.keys(TAB);
    s.keys("NGC 1365");
    s.keys(ENTER);
    s.wait_for("TIC sources in the catalog pane", |t| {
        t.contains(" 5 TIC ") && t.lines().filter(|l| l.contains(" 5000")).count() >= 3
    });
    // X: the cutout form, with the sectors that saw the source under the cursor. Not "saw
    // it" alone: the form says "asking TESScut which sectors saw it…" until they are known.
    s.keys("X");
    let form = s.wait_for("the cutout form with its sectors", |t| {
        t.contains("Cutout") && t.contains("TESScut") && sectors_listed(t).is_some()
    });
    assert!(form.contains("Around TIC "), "the source is named:\n{form}");
    let sectors = sectors_listed(&form).expect("sectors");
    assert!(sectors >= 1, "{form}");
    // A 5 x 3 pixel stamp from every sector (none picked: all of them).
    s.keys(CTRL_U);
    s.keys("5x3");
    s.wait_for("the size typed", |t| t.contains("5x3") && !t.contains("✗"));
    s.keys(ENTER);
    s.wait_for("the cutout queued", |t| t.contains("queued in the basket"));
    // The basket fetches and unpacks it.
    s.keys("4");
    let basket = s.wait_for("the cutout unpacked in the basket", |t| {
        t.contains("complete") && t.contains("tesscut TIC") && t.contains(" files")
    });
    assert!(basket.contains("1 done"), "{basket}");
    // Its FITS files on disk, under mastDownload/tesscut/<source>/: valid FITS, 5 x 3
    // pixels, one per sector. The zip is removed once unpacked.
    let deadline = Instant::now() + PATIENCE;
    let fits = loop {
        let files = files_under(&dl);
        let fits: Vec<PathBuf> = files
            .iter()
            .filter(|p| p.extension().is_some_and(|e| e == "fits"))
            .cloned()
            .collect();
        let settled = files.iter().all(|p| {
            !p.to_string_lossy().ends_with(".zip") && !p.to_string_lossy().ends_with(".part")
        });
        if fits.len() >= sectors && settled {
            break fits;
        }
        assert!(Instant::now() < deadline, "files: {files:?}");
        thread::sleep(Duration::from_millis(20));
    };
    assert_eq!(fits.len(), sectors, "{fits:?}");
    for f in &fits {
        let rel = f.strip_prefix(&dl).expect("under the download dir");
        let parts: Vec<String> = rel
            .iter()
            .map(|p| p.to_string_lossy().into_owned())
            .collect();
        assert_eq!(parts[..2], ["mastDownload", "tesscut"], "{rel:?}");
        assert!(parts[2].starts_with("TIC_"), "{rel:?}");
        let (sizes, sector) = image_sizes(f);
        assert_eq!(
            sizes,
            [(5, 3)],
            "{}: the APERTURE image is 5 x 3",
            f.display()
        );
        assert!(sector.is_some(), "{}", f.display());
    }
    s.keys("q");
    assert_eq!(s.exit_code(), 0);
    s.assert_restored();
}
