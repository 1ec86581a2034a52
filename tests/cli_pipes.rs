//! The habits of the command line, through the real binary against `mastui sim` on
//! loopback: the three-stage pipe (search | products | download), each stage reading what
//! the one before wrote in jsonl, CSV or ECSV; criteria and product flags in any order; the
//! typed formats; and the mix-ups refused with a message.
use std::io::Write;
use std::path::Path;
use std::process::{Command, Output, Stdio};

use mastui::sim::{SimOptions, start};

fn mastui(base: &str, home: &Path, args: &[&str], stdin: Option<&[u8]>) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_mastui"))
        .arg("--server")
        .arg(base)
        .args(args)
        .env("MASTUI_RETRIES", "3")
        .env("MASTUI_DATA_DIR", home.join("data"))
        .env("MASTUI_CONFIG_DIR", home.join("config"))
        .env("MASTUI_CACHE_DIR", home.join("cache"))
        .env_remove("MAST_API_TOKEN")
        .stdin(if stdin.is_some() {
            Stdio::piped()
        } else {
            Stdio::null()
        })
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run mastui");
    if let Some(bytes) = stdin {
        let mut w = child.stdin.take().expect("stdin");
        w.write_all(bytes).expect("write stdin");
    }
    child.wait_with_output().expect("mastui ends")
}

fn ok(out: &Output) -> String {
    assert!(
        out.status.success(),
        "exit {:?}: {}",
        out.status.code(),
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fn refused(out: &Output) -> String {
    assert_eq!(
        out.status.code(),
        Some(2),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stderr).into_owned()
}

fn files(dir: &Path) -> Vec<String> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).into_iter().flatten().flatten() {
            let p = e.path();
            if p.is_dir() {
                stack.push(p);
            } else if let Some(n) = p.file_name() {
                out.push(n.to_string_lossy().into_owned());
            }
        }
    }
    out.sort();
    out
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn search_then_products_then_download_through_every_format() {
    let sim = start(SimOptions {
        file_size: Some(20_000),
        ..SimOptions::default()
    })
    .await
    .expect("sim");
    let home = tempfile::tempdir().unwrap();
    let base = sim.base_url.as_str();
    let search = [
        "search",
        "--collection",
        "JWST",
        "--proposal",
        "1073",
        "--limit",
        "2",
    ];
    for (search_format, products_format) in [("jsonl", "csv"), ("csv", "ecsv"), ("ecsv", "jsonl")] {
        let observations = ok(&mastui(
            base,
            home.path(),
            &[&search[..], &["--format", search_format]].concat(),
            None,
        ));
        let products = ok(&mastui(
            base,
            home.path(),
            &[
                "products",
                "--filter",
                "_cal.fits",
                "--format",
                products_format,
            ],
            Some(observations.as_bytes()),
        ));
        let dir = home.path().join(format!("dl-{search_format}"));
        let dir_s = dir.to_string_lossy().into_owned();
        let out = mastui(
            base,
            home.path(),
            &["download", "--flat", "--dir", &dir_s],
            Some(products.as_bytes()),
        );
        ok(&out);
        let got = files(&dir);
        let fits: Vec<&String> = got.iter().filter(|f| f.ends_with("_cal.fits")).collect();
        assert!(
            !fits.is_empty(),
            "{search_format}->{products_format}: {got:?}"
        );
        assert!(
            got.iter()
                .all(|f| f.ends_with("_cal.fits") || f == "MANIFEST.csv"),
            "{got:?}"
        );
        // The same files as asking for them in one command, flags in any order.
        let one = ok(&mastui(
            base,
            home.path(),
            &[
                "products",
                "--filter",
                "_cal.fits",
                "--collection",
                "JWST",
                "--format",
                "jsonl",
                "--proposal",
                "1073",
                "--limit",
                "2",
            ],
            None,
        ));
        assert_eq!(
            one.lines().count(),
            fits.len(),
            "{search_format}->{products_format}"
        );
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_older_search_form_still_works_and_mixups_are_refused() {
    let sim = start(SimOptions::default()).await.expect("sim");
    let home = tempfile::tempdir().unwrap();
    let base = sim.base_url.as_str();
    let trailing = ok(&mastui(
        base,
        home.path(),
        &[
            "products",
            "--format",
            "jsonl",
            "--product-type",
            "SCIENCE",
            "--limit",
            "1",
            "--search",
            "--collection",
            "JWST",
            "--proposal",
            "1073",
        ],
        None,
    ));
    let flags = ok(&mastui(
        base,
        home.path(),
        &[
            "products",
            "--collection",
            "JWST",
            "--format",
            "jsonl",
            "--proposal",
            "1073",
            "--product-type",
            "SCIENCE",
            "--limit",
            "1",
        ],
        None,
    ));
    assert!(!trailing.is_empty());
    assert_eq!(trailing, flags);
    for line in flags.lines() {
        let v: serde_json::Value = serde_json::from_str(line).unwrap();
        assert_eq!(v["productType"], "SCIENCE");
    }
    // obsids and criteria at once: which was meant cannot be guessed.
    let e = refused(&mastui(
        base,
        home.path(),
        &["products", "2000000000", "--type", "SCIENCE"],
        None,
    ));
    assert!(e.contains("--product-type"), "{e}");
    // A pipe without obsids, and a row that is not a product.
    let e = refused(&mastui(
        base,
        home.path(),
        &["products"],
        Some(b"target_name,s_ra\nM101,210.8\n"),
    ));
    assert!(e.contains("no obsid column"), "{e}");
    let e = refused(&mastui(
        base,
        home.path(),
        &["download", "--dir", "x"],
        Some(b"{\"obsid\": 1}\n"),
    ));
    assert!(e.contains("row 1: no dataURI"), "{e}");
    let e = refused(&mastui(
        base,
        home.path(),
        &["download", "--dir", "x"],
        Some(b"{\"dataURI\": \"mast:a\"}\nnot json\n"),
    ));
    assert!(e.contains("line 2: not a JSON object"), "{e}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn ecsv_and_votable_carry_types_units_and_nulls() {
    let sim = start(SimOptions::default()).await.expect("sim");
    let home = tempfile::tempdir().unwrap();
    let base = sim.base_url.as_str();
    let ecsv = ok(&mastui(
        base,
        home.path(),
        &[
            "search",
            "--collection",
            "JWST",
            "--proposal",
            "1073",
            "--format",
            "ecsv",
        ],
        None,
    ));
    assert!(ecsv.starts_with("# %ECSV 1.0\n"));
    assert!(ecsv.contains("{name: \"obsid\", datatype: int64"), "{ecsv}");
    assert!(
        ecsv.contains("{name: \"s_ra\", datatype: float64, unit: \"deg\""),
        "{ecsv}"
    );
    let votable = ok(&mastui(
        base,
        home.path(),
        &[
            "catalog", "tic", "--target", "NGC 1365", "--format", "votable",
        ],
        None,
    ));
    assert!(
        votable.contains("<FIELD name=\"ID\" datatype=\"long\""),
        "{votable}"
    );
    assert!(
        votable.contains("<TD/>"),
        "nulls are empty cells: {votable}"
    );
    // What mastui wrote, mastui reads back: the ECSV search feeds `products`.
    let products = ok(&mastui(
        base,
        home.path(),
        &["products", "--filter", "_i2d.fits", "--format", "csv"],
        Some(ecsv.as_bytes()),
    ));
    assert!(products.lines().count() > 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_empty_pipe_is_a_quiet_week_not_an_error() {
    let sim = start(SimOptions::default()).await.expect("sim");
    let home = tempfile::tempdir().unwrap();
    let out = mastui(&sim.base_url, home.path(), &["products"], Some(b""));
    assert!(ok(&out).is_empty());
    assert!(String::from_utf8_lossy(&out.stderr).contains("no observations were piped in"));
    let dir = home.path().join("dl");
    let dir_s = dir.to_string_lossy().into_owned();
    let out = mastui(
        &sim.base_url,
        home.path(),
        &["download", "--dir", &dir_s],
        Some(b""),
    );
    ok(&out);
    assert!(String::from_utf8_lossy(&out.stderr).contains("no products to download"));
}
