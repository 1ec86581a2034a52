//! `mastui catalog` and `mastui crossmatch` as a user runs them: the real binary against
//! `mastui sim` on 127.0.0.1, checking output, exit status and messages.
use std::io::Write;
use std::path::Path;
use std::process::{Command, Output, Stdio};

use mastui::mast::catalogs::{Catalog, GaiaRelease, PsTable};
use mastui::sim::{SimHandle, SimOptions, start};

fn mastui(base: &str, data: &Path, args: &[&str]) -> Output {
    command(base, data, args).output().expect("run mastui")
}

fn command(base: &str, data: &Path, args: &[&str]) -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_mastui"));
    c.arg("--server")
        .arg(base)
        .args(args)
        .current_dir(data)
        .env_remove("MASTUI_SERVER")
        .env_remove("MAST_API_TOKEN")
        .env("MASTUI_DATA_DIR", data.join("data"))
        .env("MASTUI_CONFIG_DIR", data.join("config"))
        .env("MASTUI_CACHE_DIR", data.join("cache"))
        .env("MASTUI_DOWNLOAD_DIR", data.join("downloads"));
    c
}

fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

async fn sim() -> SimHandle {
    start(SimOptions {
        scale: 1_000,
        ..SimOptions::default()
    })
    .await
    .expect("start sim")
}

fn jsonl(out: &Output) -> Vec<serde_json::Value> {
    assert!(out.status.success(), "stderr: {}", text(&out.stderr));
    text(&out.stdout)
        .lines()
        .map(|l| serde_json::from_str(l).expect("a JSON object per line"))
        .collect()
}

#[tokio::test(flavor = "multi_thread")]
async fn the_list_names_every_catalog() {
    let dir = tempfile::tempdir().unwrap();
    // --list needs no archive at all.
    let out = mastui("http://127.0.0.1:1", dir.path(), &["catalog", "--list"]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let list = text(&out.stdout);
    for name in [
        "tic",
        "ctl",
        "gaia",
        "hsc",
        "hsc-spectra",
        "galex",
        "panstarrs",
        "diskdetective",
    ] {
        assert!(
            list.lines()
                .any(|l| l.split_whitespace().next() == Some(name)),
            "{name}:\n{list}"
        );
    }
    assert_eq!(list.lines().count(), 8);
}

#[tokio::test(flavor = "multi_thread")]
async fn a_cone_a_count_and_criteria_agree() {
    let s = sim().await;
    let dir = tempfile::tempdir().unwrap();
    let run = |args: &[&str]| mastui(&s.base_url, dir.path(), args);
    let table = run(&["catalog", "tic", "--target", "NGC 1365", "--radius", "3'"]);
    assert!(table.status.success(), "{}", text(&table.stderr));
    let out = text(&table.stdout);
    let header: Vec<&str> = out.lines().next().unwrap().split_whitespace().collect();
    assert_eq!(header[..3], ["ID", "ra", "dec"]);
    assert!(header.contains(&"dstArcSec"));
    let rows = jsonl(&run(&[
        "catalog", "tic", "--target", "NGC 1365", "--radius", "3'", "--format", "jsonl",
    ]));
    assert_eq!(rows.len(), out.lines().count() - 1);
    for r in &rows {
        assert!(r["ID"].is_i64());
        assert!(r["dstArcSec"].as_f64().unwrap() <= 180.0);
    }
    let count = run(&[
        "catalog", "tic", "--target", "NGC 1365", "--radius", "3'", "--count",
    ]);
    assert_eq!(text(&count.stdout).trim(), rows.len().to_string());
    // Criteria alone, and with a position: counts equal the rows printed.
    for args in [
        &[
            "catalog",
            "tic",
            "--where",
            "Tmag=8..10",
            "--where",
            "lumclass=GIANT",
        ][..],
        &[
            "catalog",
            "ctl",
            "--target",
            "M101",
            "--radius",
            "0.2",
            "--where",
            "Tmag=..12",
        ][..],
        &["catalog", "diskdetective", "--where", "state=complete"][..],
        &[
            "catalog",
            "panstarrs",
            "--target",
            "M101",
            "--radius",
            "0.1",
            "--where",
            "nDetections=>=10",
        ][..],
    ] {
        let mut with_format = args.to_vec();
        with_format.extend(["--format", "jsonl"]);
        let rows = jsonl(&run(&with_format));
        assert!(!rows.is_empty(), "{args:?}");
        let mut counting = args.to_vec();
        counting.push("--count");
        let n = run(&counting);
        assert!(n.status.success(), "{args:?}: {}", text(&n.stderr));
        assert_eq!(text(&n.stdout).trim(), rows.len().to_string(), "{args:?}");
    }
    let csv = run(&[
        "catalog",
        "gaia",
        "--target",
        "M101",
        "--radius",
        "0.05",
        "--format",
        "csv",
        "--columns",
        "source_id,phot_g_mean_mag,distance",
        "--limit",
        "3",
    ]);
    assert!(csv.status.success(), "{}", text(&csv.stderr));
    let lines: Vec<String> = text(&csv.stdout).lines().map(str::to_string).collect();
    assert_eq!(lines[0], "source_id,phot_g_mean_mag,distance");
    assert_eq!(lines.len(), 4);
}

#[tokio::test(flavor = "multi_thread")]
async fn panstarrs_ids_beyond_two_to_the_53_print_exactly() {
    let s = sim().await;
    let dir = tempfile::tempdir().unwrap();
    let rows = jsonl(&mastui(
        &s.base_url,
        dir.path(),
        &[
            "catalog",
            "panstarrs",
            "--target",
            "M101",
            "--radius",
            "0.05",
            "--format",
            "jsonl",
            "--columns",
            "objName,objID,distance",
        ],
    ));
    assert!(!rows.is_empty());
    // What the service sent, as text.
    let raw = reqwest::Client::builder()
        .no_proxy()
        .build()
        .unwrap()
        .get(format!(
            "{}/api/v0.1/panstarrs/dr2/mean.json?ra=210.80227&dec=54.34895&radius=0.05&columns=[objID]",
            s.base_url
        ))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    for r in &rows {
        let id = r["objID"].as_u64().expect("objID prints as a JSON integer");
        assert!(id > 1 << 53);
        assert!(
            raw.contains(&format!("\"{id}\"")),
            "{id} is not one of the service's ids"
        );
        // Printed in the answer's own spelling (`objname`, as MAST's answers have it).
        assert!(r["objname"].as_str().unwrap().starts_with("PSO J"), "{r}");
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn hsc_matches_and_spectra_into_the_download_path() {
    let s = sim().await;
    let dir = tempfile::tempdir().unwrap();
    let run = |args: &[&str]| mastui(&s.base_url, dir.path(), args);
    let hsc = jsonl(&run(&[
        "catalog", "hsc", "--target", "NGC 1365", "--radius", "1'", "--format", "jsonl", "--limit",
        "1",
    ]));
    let id = hsc[0]["MatchID"].as_i64().unwrap().to_string();
    let detections = jsonl(&run(&[
        "catalog",
        "hsc",
        "--matchid",
        &id,
        "--format",
        "jsonl",
    ]));
    assert_eq!(
        detections.len() as i64,
        hsc[0]["NumImages"].as_i64().unwrap()
    );
    let none = run(&["catalog", "hsc", "--matchid", "5"]);
    assert!(none.status.success());
    assert!(text(&none.stderr).contains("no detections"));
    let bad = run(&["catalog", "gaia", "--matchid", "5"]);
    assert_eq!(bad.status.code(), Some(2), "{}", text(&bad.stderr));
    // Spectra, piped to `mastui download` as `mastui products` output is.
    let spectra = run(&[
        "catalog",
        "hsc-spectra",
        "--target",
        "NGC 1365",
        "--radius",
        "0.25",
        "--format",
        "jsonl",
        "--limit",
        "2",
    ]);
    assert!(spectra.status.success(), "{}", text(&spectra.stderr));
    let listed: Vec<serde_json::Value> = jsonl(&spectra);
    assert_eq!(listed.len(), 2);
    let mut dl = command(&s.base_url, dir.path(), &["download", "--dir", "out"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    dl.stdin.take().unwrap().write_all(&spectra.stdout).unwrap();
    let done = dl.wait_with_output().unwrap();
    assert!(done.status.success(), "{}", text(&done.stderr));
    for s in &listed {
        let name = s["DatasetName"].as_str().unwrap();
        let path = dir
            .path()
            .join("out/mastDownload/HSC")
            .join(name)
            .join(format!("{name}.fits"));
        let bytes = std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        assert!(bytes.starts_with(b"SIMPLE  ="));
        assert_eq!(bytes.len() % 2880, 0);
    }
    let manifest = std::fs::read_to_string(dir.path().join("out/MANIFEST.csv")).unwrap();
    assert_eq!(manifest.matches("COMPLETE").count(), 2, "{manifest}");
}

#[tokio::test(flavor = "multi_thread")]
async fn crossmatch_a_file_of_positions() {
    let s = sim().await;
    let dir = tempfile::tempdir().unwrap();
    let run = |args: &[&str]| mastui(&s.base_url, dir.path(), args);
    // A mastui CSV output is an input.
    let stars = run(&[
        "catalog",
        "tic",
        "--target",
        "NGC 1365",
        "--radius",
        "0.05",
        "--format",
        "csv",
        "--columns",
        "ID,ra,dec",
    ]);
    assert!(stars.status.success());
    std::fs::write(dir.path().join("stars.csv"), &stars.stdout).unwrap();
    let n_inputs = text(&stars.stdout).lines().count() - 1;
    assert!(n_inputs > 2);
    let rows = jsonl(&run(&[
        "crossmatch",
        "--input",
        "stars.csv",
        "--catalog",
        "gaia",
        "--radius",
        "0.5\"",
        "--format",
        "jsonl",
    ]));
    let inputs: std::collections::HashSet<i64> = rows
        .iter()
        .map(|r| r["input_row"].as_i64().unwrap())
        .collect();
    assert!(!rows.is_empty());
    assert!(inputs.iter().all(|i| (1..=n_inputs as i64).contains(i)));
    for r in &rows {
        assert!(r["dstArcSec"].as_f64().unwrap() <= 0.5);
        assert!(r["source_id"].as_i64().unwrap() > 1 << 53);
    }
    // And the observations around them, from jsonl input.
    let tic = run(&[
        "catalog", "tic", "--target", "NGC 1365", "--radius", "0.02", "--format", "jsonl",
        "--limit", "2",
    ]);
    std::fs::write(dir.path().join("stars.jsonl"), &tic.stdout).unwrap();
    let obs = jsonl(&run(&[
        "crossmatch",
        "--input",
        "stars.jsonl",
        "--catalog",
        "caom",
        "--radius",
        "0.1",
        "--format",
        "jsonl",
    ]));
    assert!(
        obs.iter().any(|r| r["proposal_id"] == "1073"),
        "program 1073 lies there"
    );
    let table = run(&[
        "crossmatch",
        "--input",
        "stars.csv",
        "--catalog",
        "tic",
        "--radius",
        "1\"",
    ]);
    assert!(table.status.success());
    assert!(text(&table.stdout).starts_with("input_row"));
}

#[tokio::test(flavor = "multi_thread")]
async fn bad_input_exits_2_naming_the_problem_and_its_line() {
    let s = sim().await;
    let dir = tempfile::tempdir().unwrap();
    let files = [
        ("names.csv", "name,mag\nvega,0.03\n"),
        ("text.csv", "ra,dec\n10.5,-3\nten,4\n"),
        ("empty.csv", ""),
        ("header.csv", "ra,dec\n"),
        ("short.csv", "ra,dec,name\n1,2,a\n3,4\n"),
        ("broken.jsonl", "{\"ra\": 1, \"dec\": 2}\n{\"ra\": 3,\n"),
    ];
    for (name, body) in files {
        std::fs::write(dir.path().join(name), body).unwrap();
    }
    let cases: &[(&[&str], &str)] = &[
        (
            &["crossmatch", "--input", "names.csv", "--catalog", "tic"],
            "line 1: no RA column",
        ),
        (
            &["crossmatch", "--input", "text.csv", "--catalog", "tic"],
            "line 3:",
        ),
        (
            &["crossmatch", "--input", "empty.csv", "--catalog", "tic"],
            "empty",
        ),
        (
            &["crossmatch", "--input", "header.csv", "--catalog", "tic"],
            "no positions",
        ),
        (
            &["crossmatch", "--input", "short.csv", "--catalog", "tic"],
            "line 3:",
        ),
        (
            &["crossmatch", "--input", "broken.jsonl", "--catalog", "tic"],
            "line 2:",
        ),
        (
            &["crossmatch", "--input", "missing.csv", "--catalog", "tic"],
            "missing.csv",
        ),
        (
            &[
                "crossmatch",
                "--input",
                "names.csv",
                "--catalog",
                "tic",
                "--ra-col",
                "alpha",
            ],
            "--ra-col",
        ),
        (
            &[
                "crossmatch",
                "--input",
                "text.csv",
                "--catalog",
                "panstarrs",
            ],
            "no crossmatch",
        ),
        (
            &[
                "crossmatch",
                "--input",
                "text.csv",
                "--catalog",
                "tic",
                "--radius",
                "5",
            ],
            "--radius",
        ),
        (
            &["catalog", "tic", "--where", "Tmga=8..9"],
            "did you mean 'Tmag'",
        ),
        (
            &[
                "catalog",
                "tic",
                "--target",
                "M101",
                "--columns",
                "ID,Tmagg",
            ],
            "did you mean 'Tmag'",
        ),
        (
            &["catalog", "gaai", "--target", "M101"],
            "did you mean 'gaia'",
        ),
        (
            &["catalog", "gaia", "--target", "M101", "--where", "ra=1"],
            "tic, ctl, diskdetective and panstarrs",
        ),
        (&["catalog", "tic"], "--where"),
        (&["catalog", "tic", "--radius", "2"], "--radius"),
        (
            &["catalog", "gaia", "--version", "dr9", "--target", "M101"],
            "dr3",
        ),
        (
            &[
                "catalog",
                "panstarrs",
                "--table",
                "forced",
                "--target",
                "M101",
            ],
            "mean, stack, detection",
        ),
        (
            &["catalog", "tic", "--target", "No Such Galaxy 12345"],
            "No Such Galaxy 12345",
        ),
        (&["catalog", "hsc", "--matchid", "M-15"], "--matchid"),
    ];
    for (args, needle) in cases {
        let out = mastui(&s.base_url, dir.path(), args);
        let err = text(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {err}");
        assert!(
            err.contains(needle),
            "{args:?}: should mention {needle}: {err}"
        );
        assert!(out.stdout.is_empty(), "{args:?}: nothing on stdout");
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn a_remote_failure_exits_1() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("p.csv"), "ra,dec\n1,2\n").unwrap();
    for args in [
        &["catalog", "gaia", "--coords", "1 2"][..],
        &["crossmatch", "--input", "p.csv", "--catalog", "tic"][..],
    ] {
        let out = command("http://127.0.0.1:1", dir.path(), args)
            .env("MASTUI_RETRIES", "1")
            .output()
            .unwrap();
        assert_eq!(
            out.status.code(),
            Some(1),
            "{args:?}: {}",
            text(&out.stderr)
        );
        assert!(
            text(&out.stderr).contains("network"),
            "{}",
            text(&out.stderr)
        );
    }
}

/// The values of `column` in rows printed as JSON lines.
fn column(rows: &[serde_json::Value], name: &str) -> Vec<serde_json::Value> {
    rows.iter().map(|r| r[name].clone()).collect()
}

fn ids(rows: &[serde_json::Value], name: &str) -> std::collections::BTreeSet<i64> {
    rows.iter()
        .map(|r| r[name].as_i64().expect("an integer id"))
        .collect()
}

#[tokio::test(flavor = "multi_thread")]
async fn a_cone_at_the_catalogs_row_cap_warns_on_stderr() {
    // A sky dense enough (99 field stars a square degree) that a 20-degree GALEX cone holds
    // more sources than the 50,000 MAST sends at most.
    let s = start(SimOptions {
        scale: 200_000,
        ..SimOptions::default()
    })
    .await
    .expect("start sim");
    let dir = tempfile::tempdir().unwrap();
    let run = |args: &[&str]| mastui(&s.base_url, dir.path(), args);
    let out = run(&[
        "catalog",
        "galex",
        "--coords",
        "180 40",
        "--radius",
        "20",
        "--format",
        "csv",
        "--columns",
        "objid",
    ]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let rows = text(&out.stdout).lines().count() - 1;
    assert_eq!(rows, 50_000);
    let err = text(&out.stderr);
    assert!(
        err.contains("answered its maximum of 50000 rows") && err.contains("narrow --radius"),
        "{err}"
    );
    // A cone under the cap, and one cut by --limit, say nothing.
    for args in [
        &[
            "catalog",
            "galex",
            "--coords",
            "180 40",
            "--radius",
            "1",
            "--format",
            "csv",
            "--columns",
            "objid",
        ][..],
        &[
            "catalog",
            "galex",
            "--coords",
            "180 40",
            "--radius",
            "20",
            "--format",
            "csv",
            "--columns",
            "objid",
            "--limit",
            "10",
        ][..],
    ] {
        let out = run(args);
        assert!(out.status.success(), "{args:?}: {}", text(&out.stderr));
        assert!(text(&out.stdout).lines().count() > 1, "{args:?}");
        assert!(
            !text(&out.stderr).contains("warning"),
            "{args:?}: {}",
            text(&out.stderr)
        );
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn catalog_criteria_take_the_value_grammar_of_search() {
    let s = sim().await;
    let dir = tempfile::tempdir().unwrap();
    let run = |args: &[&str]| jsonl(&mastui(&s.base_url, dir.path(), args));
    let tic = |wheres: &[&str]| {
        let mut args = vec![
            "catalog",
            "tic",
            "--where",
            "Tmag=8..11",
            "--format",
            "jsonl",
        ];
        for w in wheres {
            args.extend(["--where", *w]);
        }
        run(&args)
    };
    // Alternatives: "a,b" is either, the rows of both searches together.
    let hip = tic(&["typeSrc=hip"]);
    let twomass = tic(&["typeSrc=2mass"]);
    let tm = tic(&["typeSrc=tmgaia2"]);
    assert!(!hip.is_empty() && !tm.is_empty());
    let either = tic(&["typeSrc=hip,tmgaia2"]);
    assert_eq!(either.len(), hip.len() + tm.len());
    let mut both = ids(&hip, "ID");
    both.extend(ids(&tm, "ID"));
    assert_eq!(ids(&either, "ID"), both);
    for v in column(&either, "typeSrc") {
        assert!(v == "hip" || v == "tmgaia2", "{v}");
    }
    // Two --where on one column add alternatives, as in `mastui search`.
    assert_eq!(
        ids(&tic(&["typeSrc=hip", "typeSrc=tmgaia2"]), "ID"),
        ids(&either, "ID")
    );
    // Wildcards: "x*" is a LIKE pattern on the column.
    let pattern = tic(&["typeSrc=tm*"]);
    assert_eq!(ids(&pattern, "ID"), ids(&tm, "ID"));
    let ending = tic(&["typeSrc=*ss"]);
    assert_eq!(ids(&ending, "ID"), ids(&twomass, "ID"));
    for v in column(&ending, "typeSrc") {
        assert_eq!(v, "2mass");
    }
    // The same on the CTL, with a position.
    let ctl = |w: &str| {
        run(&[
            "catalog", "ctl", "--target", "M101", "--radius", "0.3", "--where", w, "--format",
            "jsonl",
        ])
    };
    let giants = ctl("lumclass=GIANT");
    let dwarfs = ctl("lumclass=DWARF");
    assert!(!dwarfs.is_empty());
    let mut want = ids(&giants, "ID");
    want.extend(ids(&dwarfs, "ID"));
    assert_eq!(ids(&ctl("lumclass=GIANT,DWARF"), "ID"), want);
    assert_eq!(ids(&ctl("lumclass=DW*"), "ID"), ids(&dwarfs, "ID"));
    // A pattern that matches nothing lists nothing (not everything).
    assert!(ctl("lumclass=XYZ*").is_empty());
    // And the grammar's refusals are search's: a pattern cannot be OR'ed with values.
    let mixed = mastui(
        &s.base_url,
        dir.path(),
        &["catalog", "tic", "--where", "lumclass=DW*,GIANT"],
    );
    assert_eq!(mixed.status.code(), Some(2), "{}", text(&mixed.stderr));
    assert!(
        text(&mixed.stderr).contains("wildcard pattern must be the only value"),
        "{}",
        text(&mixed.stderr)
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn ra_and_dec_flags_and_catalog_versions() {
    let s = sim().await;
    let dir = tempfile::tempdir().unwrap();
    let run = |args: &[&str]| jsonl(&mastui(&s.base_url, dir.path(), args));
    // --ra/--dec, sexagesimal and a negative declination, is the cone --coords gives.
    let by_ra_dec = run(&[
        "catalog",
        "tic",
        "--ra",
        "03:33:36.4",
        "--dec",
        "-36:08:25",
        "--radius",
        "2'",
        "--format",
        "jsonl",
    ]);
    let (ra, dec) = (
        (3.0 + 33.0 / 60.0 + 36.4 / 3600.0) * 15.0,
        -(36.0 + 8.0 / 60.0 + 25.0 / 3600.0),
    );
    let coords = format!("{ra} {dec}");
    let by_coords = run(&[
        "catalog", "tic", "--coords", &coords, "--radius", "2'", "--format", "jsonl",
    ]);
    assert!(!by_ra_dec.is_empty());
    assert_eq!(ids(&by_ra_dec, "ID"), ids(&by_coords, "ID"));
    for r in &by_ra_dec {
        assert!(r["dstArcSec"].as_f64().unwrap() <= 120.0, "{r}");
        assert!((r["dec"].as_f64().unwrap() - dec).abs() < 0.04, "{r}");
    }
    let degrees = run(&[
        "catalog",
        "tic",
        "--ra",
        &ra.to_string(),
        "--dec",
        &dec.to_string(),
        "--radius",
        "2'",
        "--format",
        "jsonl",
    ]);
    assert_eq!(ids(&degrees, "ID"), ids(&by_coords, "ID"));
    // A cone of `catalog` around `target`, in the catalog's default or the given version.
    let cone = |catalog: &str, target: &str, radius: &str, version: Option<&str>| {
        let mut args = vec![
            "catalog", catalog, "--target", target, "--radius", radius, "--format", "jsonl",
        ];
        if let Some(v) = version {
            args.extend(["--version", v]);
        }
        run(&args)
    };
    // Gaia DR2: the same stars as DR3, under DR2's source ids.
    let gaia = |version: Option<&str>| cone("gaia", "M101", "0.05", version);
    let dr3 = gaia(None);
    let dr2 = gaia(Some("dr2"));
    assert!(!dr2.is_empty());
    assert_eq!(dr2.len(), dr3.len());
    for r in &dr2 {
        let id = r["source_id"].as_i64().unwrap();
        assert_eq!(id % 8, 2, "a DR2 id: {r}");
        assert_eq!(r["designation"], format!("Gaia DR2 {id}"));
    }
    let shifted: std::collections::BTreeSet<i64> =
        ids(&dr2, "source_id").iter().map(|i| i + 1).collect();
    assert_eq!(shifted, ids(&dr3, "source_id"));
    assert_eq!(ids(&gaia(Some("dr3")), "source_id"), ids(&dr3, "source_id"));
    // HSC version 2: the same matches as version 3, under version 2's MatchIDs.
    let hsc = |version: Option<&str>| cone("hsc", "NGC 1365", "1'", version);
    let v3 = hsc(None);
    let v2 = hsc(Some("2"));
    assert!(!v2.is_empty());
    assert_eq!(v2.len(), v3.len());
    let v2_ids = ids(&v2, "MatchID");
    assert!(
        v2_ids.iter().all(|i| (40_000_000..80_000_000).contains(i)),
        "{v2_ids:?}"
    );
    let same: std::collections::BTreeSet<i64> = v2_ids.iter().map(|i| i + 40_000_000).collect();
    assert_eq!(same, ids(&v3, "MatchID"));
    // A version the catalog does not have is refused before anything is sent.
    for (name, v) in [("gaia", "dr9"), ("hsc", "7")] {
        let out = mastui(
            &s.base_url,
            dir.path(),
            &["catalog", name, "--target", "M101", "--version", v],
        );
        assert_eq!(out.status.code(), Some(2), "{}", text(&out.stderr));
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn each_catalogs_criteria_hint_is_a_criterion_it_accepts() {
    // The browser's hint for a catalog that takes criteria names one of its own columns.
    let s = sim().await;
    let dir = tempfile::tempdir().unwrap();
    for (name, table, catalog) in [
        ("tic", None, Catalog::Tic),
        ("ctl", None, Catalog::Ctl),
        ("panstarrs", Some("mean"), Catalog::Panstarrs(PsTable::Mean)),
        (
            "panstarrs",
            Some("stack"),
            Catalog::Panstarrs(PsTable::Stack),
        ),
        (
            "panstarrs",
            Some("detection"),
            Catalog::Panstarrs(PsTable::Detection),
        ),
        ("diskdetective", None, Catalog::DiskDetective),
    ] {
        let example = catalog.criteria_example().expect("takes criteria");
        let mut args = vec![
            "catalog", name, "--target", "M101", "--radius", "0.1", "--where", example, "--format",
            "jsonl",
        ];
        if let Some(t) = table {
            args.extend(["--table", t]);
        }
        let out = mastui(&s.base_url, dir.path(), &args);
        assert!(out.status.success(), "{args:?}: {}", text(&out.stderr));
    }
    for catalog in [
        Catalog::Gaia(GaiaRelease::Dr3),
        Catalog::Galex,
        Catalog::Hsc(3),
    ] {
        assert_eq!(catalog.criteria_example(), None);
    }
}
