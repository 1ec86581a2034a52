//! `mastui missions`, `mastui mission` and `mastui cutout` as a user runs them: the real
//! binary against `mastui sim` on 127.0.0.1, checking output, files on disk (FITS images
//! of the asked size), exit status and messages.
use std::path::Path;
use std::process::{Command, Output, Stdio};

use mastui::fits::header::read_headers;

mod common;

fn mastui(base: &str, data: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_mastui"))
        .arg("--server")
        .arg(base)
        .args(args)
        .env_remove("MASTUI_SERVER")
        .env("MASTUI_DATA_DIR", data)
        .env("MASTUI_CONFIG_DIR", data)
        .env("MASTUI_RETRIES", "2")
        .output()
        .expect("run mastui")
}

fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

/// The TESS sectors `whom` (`--coords`, `--target` or `--moving` and its value) was seen in,
/// as `cutout tess --sectors --format jsonl` prints them.
fn sectors(base: &str, data: &Path, whom: &[&str]) -> Vec<serde_json::Value> {
    let mut args = vec!["cutout", "tess", "--sectors", "--format", "jsonl"];
    args.extend_from_slice(whom);
    jsonl(&mastui(base, data, &args))
}

fn jsonl(out: &Output) -> Vec<serde_json::Value> {
    assert!(out.status.success(), "stderr: {}", text(&out.stderr));
    text(&out.stdout)
        .lines()
        .map(|l| serde_json::from_str(l).expect("a JSON object per line"))
        .collect()
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

#[tokio::test(flavor = "multi_thread")]
async fn mission_searches_counts_and_refusals() {
    let sim = common::sim_opts(3_000, "", 0).await;
    let d = tempfile::tempdir().unwrap();
    let b = &sim.base_url;
    let out = mastui(b, d.path(), &["missions"]);
    assert!(out.status.success());
    assert!(text(&out.stdout).contains("jwst") && text(&out.stdout).contains("fileSetName"));
    let rows = jsonl(&mastui(
        b,
        d.path(),
        &[
            "mission",
            "jwst",
            "--where",
            "program=1073",
            "--format",
            "jsonl",
        ],
    ));
    assert_eq!(rows.len(), 15);
    assert!(rows.iter().all(|r| r["program"] == 1073));
    let count = mastui(
        b,
        d.path(),
        &["mission", "jwst", "--where", "program=1073", "--count"],
    );
    assert_eq!(text(&count.stdout).trim(), "15");
    // A limit below the match count is said on stderr.
    let out = mastui(
        b,
        d.path(),
        &[
            "mission",
            "jwst",
            "--where",
            "program=1073",
            "--limit",
            "4",
            "--format",
            "csv",
        ],
    );
    assert!(out.status.success());
    assert_eq!(text(&out.stdout).lines().count(), 5, "header and 4 rows");
    assert!(
        text(&out.stderr).contains("showing 4 of 15"),
        "{}",
        text(&out.stderr)
    );
    // By target name (MAST's resolver), within the radius.
    let rows = jsonl(&mastui(
        b,
        d.path(),
        &[
            "mission", "jwst", "--target", "NGC 1365", "--radius", "3'", "--format", "jsonl",
        ],
    ));
    assert!(rows.len() >= 15);
    assert!(rows.iter().all(|r| r["ang_sep"].as_f64().unwrap() <= 3.0));
    // Refusals, exit 2, naming what is accepted.
    for (args, needle) in [
        (
            &["mission", "hst", "--where", "sci_instrme=ACS"][..],
            "did you mean 'sci_instrume'",
        ),
        (
            &["mission", "hst", "--where", "SCI_INSTRUME=ACS"][..],
            "case-sensitive",
        ),
        (
            &[
                "mission",
                "hst",
                "--columns",
                "nope_col",
                "--where",
                "sci_pep_id=1",
            ][..],
            "--columns",
        ),
        (
            &["mission", "hst", "--coords", "10 10", "--radius", "45'"][..],
            "up to 30'",
        ),
        (
            &["mission", "hst", "--coords", "10 95"][..],
            "accepted forms",
        ),
        (
            &["mission", "tess", "--where", "a=b"][..],
            "missions: hst, jwst",
        ),
        (&["mission", "hst"][..], "give a position"),
        (&["mission", "hst", "--where", "limit=5"][..], "use --limit"),
    ] {
        let out = mastui(b, d.path(), args);
        assert_eq!(
            out.status.code(),
            Some(2),
            "{args:?}: {}",
            text(&out.stderr)
        );
        assert!(
            text(&out.stderr).contains(needle),
            "{args:?}: {}",
            text(&out.stderr)
        );
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn mission_products_pipe_into_mastui_download() {
    let sim = common::sim_opts(3_000, "", 0).await;
    let d = tempfile::tempdir().unwrap();
    let b = &sim.base_url;
    let list = mastui(
        b,
        d.path(),
        &[
            "mission",
            "jwst",
            "--products",
            "jw01073-o001_t001_nircam_clear-f150w",
            "--format",
            "jsonl",
        ],
    );
    let rows = jsonl(&list);
    assert!(rows.len() > 10);
    // Two small public files, piped as a user would.
    let mut small: Vec<&serde_json::Value> = rows
        .iter()
        .filter(|r| r["dataRights"] == "PUBLIC" && r["size"].as_u64().unwrap() < 3_000_000)
        .collect();
    small.truncate(2);
    assert_eq!(small.len(), 2);
    let input: String = small.iter().map(|r| format!("{r}\n")).collect();
    let dir = d.path().join("dl");
    let mut child = Command::new(env!("CARGO_BIN_EXE_mastui"))
        .args(["--server", b, "download", "--dir"])
        .arg(&dir)
        .env_remove("MASTUI_SERVER")
        .env("MASTUI_DATA_DIR", d.path())
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    use std::io::Write;
    child
        .stdin
        .take()
        .unwrap()
        .write_all(input.as_bytes())
        .unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(out.status.success(), "{}", text(&out.stderr));
    for r in small {
        let p = dir
            .join("mastDownload/jwst")
            .join(r["obs_id"].as_str().unwrap())
            .join(r["productFilename"].as_str().unwrap());
        let len = std::fs::metadata(&p).unwrap().len();
        assert_eq!(len, r["size"].as_u64().unwrap(), "{}", p.display());
    }
    assert!(dir.join("MANIFEST.csv").exists());
}

#[tokio::test(flavor = "multi_thread")]
async fn tesscut_sectors_and_cutouts_of_the_asked_size() {
    let sim = common::sim_opts(3_000, "", 0).await;
    let d = tempfile::tempdir().unwrap();
    let b = &sim.base_url;
    // The southern continuous viewing zone: seen in many sectors.
    let sectors = sectors(b, d.path(), &["--coords", "107 -70"]);
    assert!(sectors.len() >= 40, "{}", sectors.len());
    assert!(
        sectors
            .iter()
            .all(|s| s["camera"].is_i64() && s["ccd"].is_i64())
    );
    let dir = d.path().join("cut");
    let out = mastui(
        b,
        d.path(),
        &[
            "cutout",
            "tess",
            "--coords",
            "107.27 -70",
            "--size",
            "5x3",
            "--sector",
            "1",
            "--sector",
            "13",
            "--dir",
        ]
        .iter()
        .map(|s| s.to_string())
        .chain([dir.display().to_string()])
        .collect::<Vec<_>>()
        .iter()
        .map(String::as_str)
        .collect::<Vec<_>>(),
    );
    assert!(out.status.success(), "{}", text(&out.stderr));
    let files: Vec<String> = text(&out.stdout).lines().map(str::to_string).collect();
    assert_eq!(files.len(), 2, "{files:?}");
    for f in &files {
        let (sizes, sector) = image_sizes(Path::new(f));
        assert_eq!(sizes, [(5, 3)], "the APERTURE image is 5 x 3");
        assert!(
            matches!(sector.as_deref(), Some("1") | Some("13")),
            "{sector:?}"
        );
    }
    let manifest = std::fs::read_to_string(dir.join("MANIFEST.csv")).unwrap();
    assert!(
        manifest.contains("COMPLETE") && manifest.contains("unpacked 2 files"),
        "{manifest}"
    );
    assert!(
        std::fs::read_dir(&dir).unwrap().all(|e| !e
            .unwrap()
            .file_name()
            .to_string_lossy()
            .ends_with(".zip")),
        "the zip is removed once unpacked"
    );
    // An angle is converted to pixels by the service: 1' of 21" pixels is 3.
    let dir2 = d.path().join("cut2");
    let out = mastui(
        b,
        d.path(),
        &[
            "cutout",
            "tess",
            "--coords",
            "107.27 -70",
            "--size",
            "1arcmin",
            "--sector",
            "2",
            "--dir",
            dir2.to_str().unwrap(),
        ],
    );
    assert!(out.status.success(), "{}", text(&out.stderr));
    let f = text(&out.stdout).lines().next().unwrap().to_string();
    assert_eq!(image_sizes(Path::new(&f)).0, [(3, 3)]);
    // Bad sizes and positions: exit 2 with the accepted forms, nothing fetched.
    for (args, needle) in [
        (
            &[
                "cutout", "tess", "--coords", "107 -70", "--size", "5furlong",
            ][..],
            "accepted",
        ),
        (
            &["cutout", "tess", "--coords", "107 -70", "--size", "0"][..],
            "accepted",
        ),
        (
            &["cutout", "tess", "--coords", "107 -70", "--size", "2.5px"][..],
            "whole numbers",
        ),
        (&["cutout", "tess", "--coords", "107 -70"][..], "--size"),
        (
            &["cutout", "tess", "--coords", "400 -70", "--size", "5"][..],
            "accepted forms",
        ),
        (&["cutout", "hap", "--size", "5"][..], "--coords"),
        (
            &["cutout", "deep", "--coords", "nowhere", "--size", "5"][..],
            "accepted forms",
        ),
    ] {
        let out = mastui(b, d.path(), args);
        assert_eq!(
            out.status.code(),
            Some(2),
            "{args:?}: {}",
            text(&out.stderr)
        );
        assert!(
            text(&out.stderr).contains(needle),
            "{args:?}: {}",
            text(&out.stderr)
        );
    }
    // A moving target by name.
    let out = mastui(
        b,
        d.path(),
        &["cutout", "tess", "--moving", "Ceres", "--sectors"],
    );
    assert!(out.status.success(), "{}", text(&out.stderr));
}

#[tokio::test(flavor = "multi_thread")]
async fn zcut_and_hapcut_cutouts_hold_images_of_the_asked_size() {
    let sim = common::sim_opts(20_000, "", 0).await;
    let d = tempfile::tempdir().unwrap();
    let b = &sim.base_url;
    let out = mastui(
        b,
        d.path(),
        &[
            "cutout",
            "deep",
            "--surveys",
            "--coords",
            "189.49206 62.20615",
            "--format",
            "csv",
        ],
    );
    assert_eq!(
        text(&out.stdout),
        "survey\r\ncandels_gn_60mas\r\ncandels_gn_30mas\r\ngoods_north\r\n"
    );
    let dir = d.path().join("deep");
    let out = mastui(
        b,
        d.path(),
        &[
            "cutout",
            "deep",
            "--coords",
            "189.49206 62.20615",
            "--survey",
            "goods_north",
            "--size",
            "20x10",
            "--dir",
            dir.to_str().unwrap(),
        ],
    );
    assert!(out.status.success(), "{}", text(&out.stderr));
    let f = text(&out.stdout).lines().next().unwrap().to_string();
    let (sizes, _) = image_sizes(Path::new(&f));
    assert_eq!(
        sizes,
        vec![(20, 10); 4],
        "one CUTOUT per filter, each 20 x 10"
    );
    // HAPcut where HST imaged: find such a place through the HST missions search.
    let hst = jsonl(&mastui(
        b,
        d.path(),
        &[
            "mission",
            "hst",
            "--where",
            "sci_obs_type=IMAGE",
            "--limit",
            "1",
            "--format",
            "jsonl",
        ],
    ));
    let (ra, dec) = (
        hst[0]["sci_ra"].as_f64().unwrap(),
        hst[0]["sci_dec"].as_f64().unwrap(),
    );
    let dir = d.path().join("hap");
    let coords = format!("{ra} {dec}");
    let out = mastui(
        b,
        d.path(),
        &[
            "cutout",
            "hap",
            "--coords",
            &coords,
            "--size",
            "5\"",
            "--dir",
            dir.to_str().unwrap(),
        ],
    );
    assert!(out.status.success(), "{}", text(&out.stderr));
    let files: Vec<String> = text(&out.stdout).lines().map(str::to_string).collect();
    assert!(!files.is_empty());
    for f in files {
        // 5" of HAP's 0.12" pixels: 42 x 42, as astroquery's remote tests expect.
        assert_eq!(image_sizes(Path::new(&f)).0, [(42, 42)]);
    }
    // Nothing there: a message, exit 0, no file.
    let out = mastui(
        b,
        d.path(),
        &[
            "cutout",
            "deep",
            "--coords",
            "10 10",
            "--size",
            "5",
            "--dir",
            dir.to_str().unwrap(),
        ],
    );
    assert!(out.status.success());
    assert!(
        text(&out.stderr).contains("no cutout"),
        "{}",
        text(&out.stderr)
    );
    assert!(text(&out.stdout).is_empty());
}

/// `mastui` with `MASTUI_RETRIES` set to `retries`.
fn mastui_retrying(base: &str, data: &Path, retries: u32, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_mastui"))
        .arg("--server")
        .arg(base)
        .args(args)
        .env_remove("MASTUI_SERVER")
        .env("MASTUI_DATA_DIR", data)
        .env("MASTUI_CONFIG_DIR", data)
        .env("MASTUI_RETRIES", retries.to_string())
        .output()
        .expect("run mastui")
}

/// One file a cutout run printed: its path, image sizes and SECTOR.
type Fetched = (String, Vec<(usize, usize)>, Option<String>);

/// The files a cutout run printed, each checked to exist as a FITS file.
fn fetched(out: &Output) -> Vec<Fetched> {
    assert!(out.status.success(), "{}", text(&out.stderr));
    text(&out.stdout)
        .lines()
        .map(|f| {
            let p = Path::new(f);
            assert!(p.is_file(), "{f} is not on disk");
            let bytes = std::fs::read(p).unwrap();
            assert!(bytes.starts_with(b"SIMPLE  ="), "{f} is not FITS");
            assert_eq!(bytes.len() % 2880, 0, "{f}");
            let (sizes, sector) = image_sizes(p);
            (f.to_string(), sizes, sector)
        })
        .collect()
}

#[tokio::test(flavor = "multi_thread")]
async fn a_moving_target_cutout_is_fetched_sector_by_sector() {
    let sim = common::sim_opts(3_000, "", 0).await;
    let d = tempfile::tempdir().unwrap();
    let b = &sim.base_url;
    let sectors = sectors(b, d.path(), &["--moving", "Pallas"]);
    // Pallas crosses the cameras in several sectors of the simulated orbit.
    assert!(sectors.len() >= 2, "{sectors:?}");
    // Each row names its sector, in TESScut's spelling.
    for s in &sectors {
        let n = s["sector"].as_i64().unwrap();
        let name = s["sectorName"].as_str().unwrap();
        assert!(
            name.starts_with(&format!("tess-s{n:04}-")),
            "{name} for sector {n}"
        );
    }
    // The table names them too.
    let table = mastui(
        b,
        d.path(),
        &["cutout", "tess", "--moving", "Pallas", "--sectors"],
    );
    assert!(table.status.success(), "{}", text(&table.stderr));
    for s in &sectors {
        assert!(
            text(&table.stdout).contains(s["sectorName"].as_str().unwrap()),
            "{}",
            text(&table.stdout)
        );
    }
    let first = sectors[0]["sector"].as_i64().unwrap().to_string();
    let last = sectors[sectors.len() - 1]["sector"]
        .as_i64()
        .unwrap()
        .to_string();
    let dir = d.path().join("pallas");
    let files = fetched(&mastui(
        b,
        d.path(),
        &[
            "cutout",
            "tess",
            "--moving",
            "Pallas",
            "--size",
            "4x6",
            "--sector",
            &first,
            "--sector",
            &last,
            "--dir",
            dir.to_str().unwrap(),
        ],
    ));
    assert_eq!(files.len(), 2, "{files:?}");
    let mut got: Vec<String> = files
        .iter()
        .map(|(f, sizes, sector)| {
            assert!(Path::new(f).starts_with(&dir), "{f}");
            assert_eq!(sizes, &[(4, 6)], "{f}");
            let sector = sector.clone().expect("a SECTOR keyword");
            let name = sectors
                .iter()
                .find(|s| s["sector"].as_i64().unwrap().to_string() == sector)
                .expect("a listed sector")["sectorName"]
                .as_str()
                .unwrap()
                .to_string();
            assert!(f.contains(&name), "{f} is named for {name}");
            sector
        })
        .collect();
    got.sort_unstable();
    let mut want = vec![first.clone(), last.clone()];
    want.sort_unstable();
    assert_eq!(got, want);
    let manifest = std::fs::read_to_string(dir.join("MANIFEST.csv")).unwrap();
    assert!(manifest.contains("COMPLETE"), "{manifest}");
    // A sector the target was never seen in: nothing fetched, said plainly (exit 0).
    let unseen = (1..=90)
        .find(|n| sectors.iter().all(|s| s["sector"].as_i64() != Some(*n)))
        .unwrap()
        .to_string();
    let none = mastui(
        b,
        d.path(),
        &[
            "cutout",
            "tess",
            "--moving",
            "Pallas",
            "--size",
            "4",
            "--sector",
            &unseen,
            "--dir",
            dir.to_str().unwrap(),
        ],
    );
    assert!(none.status.success(), "{}", text(&none.stderr));
    assert!(
        text(&none.stderr).contains("no cutout"),
        "{}",
        text(&none.stderr)
    );
    assert!(text(&none.stdout).is_empty());
}

#[tokio::test(flavor = "multi_thread")]
async fn a_cutout_around_a_named_target_resolves_it_and_fetches() {
    let sim = common::sim_opts(3_000, "", 0).await;
    let d = tempfile::tempdir().unwrap();
    let b = &sim.base_url;
    let sectors = sectors(b, d.path(), &["--target", "NGC 1365"]);
    assert!(!sectors.is_empty());
    let sector = sectors[0]["sector"].as_i64().unwrap().to_string();
    let dir = d.path().join("named");
    let out = mastui(
        b,
        d.path(),
        &[
            "cutout",
            "tess",
            "--target",
            "NGC 1365",
            "--size",
            "3",
            "--sector",
            &sector,
            "--dir",
            dir.to_str().unwrap(),
        ],
    );
    assert!(
        text(&out.stderr).contains("NGC 1365 resolved by"),
        "{}",
        text(&out.stderr)
    );
    let files = fetched(&out);
    assert_eq!(files.len(), 1, "{files:?}");
    assert_eq!(files[0].1, [(3, 3)]);
    assert_eq!(files[0].2.as_deref(), Some(sector.as_str()));
    // An unknown name fetches nothing and says which.
    let out = mastui(
        b,
        d.path(),
        &[
            "cutout",
            "tess",
            "--target",
            "no such object 123",
            "--size",
            "3",
            "--dir",
            dir.to_str().unwrap(),
        ],
    );
    assert!(!out.status.success());
    assert!(text(&out.stdout).is_empty());
    assert!(
        text(&out.stderr).contains("no such object 123"),
        "{}",
        text(&out.stderr)
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn a_cutout_finishes_through_server_errors() {
    // Three answers in ten are HTTP 5xx, cutout archives and sector lists included.
    let sim = common::sim_opts(3_000, "error5xx=0.3", 0).await;
    let d = tempfile::tempdir().unwrap();
    let b = &sim.base_url;
    let listed = jsonl(&mastui_retrying(
        b,
        d.path(),
        10,
        &[
            "cutout",
            "tess",
            "--moving",
            "Ceres",
            "--sectors",
            "--format",
            "jsonl",
        ],
    ));
    let seen = listed[0]["sector"].as_i64().unwrap().to_string();
    let fixed = d.path().join("fixed");
    let moving = d.path().join("moving");
    for args in [
        [
            "--coords",
            "107.27 -70",
            "--sector",
            "1",
            "--dir",
            fixed.to_str().unwrap(),
        ],
        [
            "--moving",
            "Ceres",
            "--sector",
            seen.as_str(),
            "--dir",
            moving.to_str().unwrap(),
        ],
    ] {
        let mut all = vec!["cutout", "tess", "--size", "5"];
        all.extend(args);
        let files = fetched(&mastui_retrying(b, d.path(), 10, &all));
        assert_eq!(files.len(), 1, "{all:?}: {files:?}");
        assert_eq!(files[0].1, [(5, 5)], "{all:?}");
    }
}
