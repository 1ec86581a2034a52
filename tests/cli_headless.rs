//! The headless commands as a user runs them: the real binary against `mastui sim` on
//! 127.0.0.1, checking output, exit status and messages.
use std::process::{Command, Output};

use mastui::sim::{SimHandle, SimOptions, start};

mod common;

fn mastui(base: &str, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_mastui"))
        .arg("--server")
        .arg(base)
        .args(args)
        .env_remove("MASTUI_SERVER")
        .output()
        .expect("run mastui")
}

fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

async fn sim(faults: &str) -> SimHandle {
    start(SimOptions {
        scale: 3_000,
        faults: faults.parse().expect("fault spec"),
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
async fn program_1073_search_streams_jsonl_matching_the_count() {
    let s = sim("").await;
    let rows = jsonl(&mastui(
        &s.base_url,
        &[
            "search",
            "--collection",
            "JWST",
            "--proposal",
            "1073",
            "--format",
            "jsonl",
        ],
    ));
    assert!(
        rows.len() >= 10,
        "program 1073 has its observations: {}",
        rows.len()
    );
    for r in &rows {
        assert_eq!(r["obs_collection"], "JWST");
        assert_eq!(
            r["proposal_id"]
                .as_str()
                .map(str::to_string)
                .unwrap_or(r["proposal_id"].to_string()),
            "1073"
        );
        assert!(
            r["obsid"].is_i64(),
            "obsid stays an integer: {}",
            r["obsid"]
        );
    }
    let count = mastui(
        &s.base_url,
        &[
            "search",
            "--collection",
            "JWST",
            "--proposal",
            "1073",
            "--count",
        ],
    );
    assert!(count.status.success(), "{}", text(&count.stderr));
    assert_eq!(text(&count.stdout).trim(), rows.len().to_string());
}

#[tokio::test(flavor = "multi_thread")]
async fn csv_table_and_limit() {
    let s = sim("").await;
    let csv = mastui(
        &s.base_url,
        &[
            "search",
            "--collection",
            "HST",
            "--format",
            "csv",
            "--limit",
            "7",
            "--pagesize",
            "3",
        ],
    );
    assert!(csv.status.success(), "{}", text(&csv.stderr));
    let out = text(&csv.stdout);
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines.len(), 8, "header + 7 rows:\n{out}");
    assert!(lines[0].split(',').any(|c| c == "obs_id"));
    let table = mastui(
        &s.base_url,
        &["search", "--collection", "HST", "--limit", "3"],
    );
    assert!(table.status.success());
    let out = text(&table.stdout);
    assert!(
        out.lines().next().unwrap().starts_with("obs_collection"),
        "{out}"
    );
    assert_eq!(out.lines().count(), 4);
}

#[tokio::test(flavor = "multi_thread")]
async fn faults_do_not_change_the_answer() {
    let clean = sim("").await;
    let faulty = sim("executing=2,error5xx=0.2,status429=0.1").await;
    let args = [
        "search",
        "--collection",
        "JWST",
        "--format",
        "jsonl",
        "--pagesize",
        "40",
    ];
    let a = jsonl(&mastui(&clean.base_url, &args));
    let b = jsonl(&mastui(&faulty.base_url, &args));
    assert!(!a.is_empty());
    assert_eq!(a, b);
}

#[tokio::test(flavor = "multi_thread")]
async fn bad_input_exits_2_naming_the_flag() {
    let s = sim("").await;
    let cases: &[(&[&str], &str)] = &[
        (&["search", "--coords", "400 95"], "--coords"),
        (
            &["search", "--target", "M101", "--radius", "12x"],
            "--radius",
        ),
        (&["search", "--where", "calib_lvel=3"], "calib_level"),
        (&["search", "--after", "2022-02-30"], "--after"),
        (&["search", "--where", "nonsense"], "--where"),
        (
            &["products", "jw01073-o001_t001_nircam_clear-f277w"],
            "obs_id",
        ),
        (&["search"], "criterion"),
        (
            &["search", "--collection", "JWST", "--columns", "obsid,obsdi"],
            "did you mean 'obsid'",
        ),
    ];
    for (args, needle) in cases {
        let out = mastui(&s.base_url, args);
        let err = text(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {err}");
        assert!(
            err.contains(needle),
            "{args:?}: message should mention {needle}: {err}"
        );
        assert!(out.stdout.is_empty(), "{args:?}: nothing printed on stdout");
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn unresolvable_name_exits_2_and_known_name_finds_rows() {
    let s = sim("").await;
    let out = mastui(
        &s.base_url,
        &["search", "--target", "No Such Galaxy 12345", "--count"],
    );
    assert_eq!(out.status.code(), Some(2), "{}", text(&out.stderr));
    assert!(text(&out.stderr).contains("No Such Galaxy 12345"));
    let out = mastui(
        &s.base_url,
        &["search", "--target", "M101", "--radius", "1", "--count"],
    );
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(text(&out.stdout).trim().parse::<u64>().is_ok());
}

#[tokio::test(flavor = "multi_thread")]
async fn server_error_and_network_failure_exit_1() {
    let s = sim("").await;
    // A column the portal config lists as removed passes our checks; MAST refuses it with
    // an ERROR answer (HTTP 200) whose message must reach the user.
    let out = mastui(&s.base_url, &["search", "--where", "s_fov=1", "--count"]);
    assert_eq!(out.status.code(), Some(1), "{}", text(&out.stderr));
    let err = text(&out.stderr);
    assert!(
        err.contains("MAST answered ERROR") && err.contains("s_fov"),
        "{err}"
    );
    // A loopback port bound but never listening: connections are refused, and no server
    // another test starts meanwhile can be given it (as a released port could be).
    let held = tokio::net::TcpSocket::new_v4().unwrap();
    held.bind("127.0.0.1:0".parse().unwrap()).unwrap();
    let closed = held.local_addr().unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_mastui"))
        .args([
            "--server",
            &format!("http://{closed}"),
            "search",
            "--collection",
            "JWST",
            "--count",
        ])
        .env("MASTUI_RETRIES", "1")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1), "{}", text(&out.stderr));
    assert!(
        text(&out.stderr).contains("network"),
        "{}",
        text(&out.stderr)
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn products_are_deduplicated_with_shared_by() {
    let s = sim("").await;
    let rows = jsonl(&mastui(
        &s.base_url,
        &[
            "search",
            "--collection",
            "JWST",
            "--proposal",
            "1073",
            "--format",
            "jsonl",
            "--columns",
            "obsid,obs_id",
        ],
    ));
    let obsids: Vec<String> = rows.iter().map(|r| r["obsid"].to_string()).collect();
    let mut args = vec!["products", "--format", "jsonl"];
    args.extend(obsids.iter().map(String::as_str));
    let products = jsonl(&mastui(&s.base_url, &args));
    let mut uris = std::collections::HashSet::new();
    for p in &products {
        let uri = p["dataURI"].as_str().expect("dataURI");
        assert!(uris.insert(uri.to_string()), "duplicate {uri}");
    }
    assert!(
        products.iter().any(|p| p["shared_by"].as_i64() > Some(1)),
        "association files are shared"
    );
    let guide_star = |p: &serde_json::Value| {
        p["productFilename"]
            .as_str()
            .is_some_and(|f| f.contains("_gs-"))
    };
    assert!(
        !products.iter().any(guide_star),
        "guide stars are hidden by default"
    );
    args.push("--guide-stars");
    let everything = jsonl(&mastui(&s.base_url, &args));
    assert!(
        everything.iter().any(guide_star),
        "--guide-stars shows them"
    );
    assert!(everything.len() > products.len());
}

#[tokio::test(flavor = "multi_thread")]
async fn server_text_in_errors_never_reaches_the_terminal_raw() {
    let hostile = common::canned_server(|path, env| {
        if path.contains("columnsconfig") {
            return (200, r#"{"obs_collection": {"vot.datatype": "char"}}"#.into());
        }
        match env["params"]["filters"][0]["values"][0].as_str() {
            Some("PAGE") => (
                500,
                "<html>\u{1b}]0;pwned\u{7}\u{1b}[31m Internal Error</html>".into(),
            ),
            _ => (
                200,
                r#"{"status": "ERROR", "msg": "bad \u001b]52;c;ZXZpbA==\u0007\u001b[2J thing\u009b31m"}"#
                    .into(),
            ),
        }
    })
    .await;
    for (collection, needle) in [("MSG", "bad"), ("PAGE", "HTTP 500")] {
        let out = Command::new(env!("CARGO_BIN_EXE_mastui"))
            .args(["--server", &hostile, "search", "--collection", collection])
            .env("MASTUI_RETRIES", "1")
            .env_remove("MAST_API_TOKEN")
            .output()
            .expect("run mastui");
        let err = text(&out.stderr);
        assert_eq!(out.status.code(), Some(1), "{err}");
        assert!(err.contains(needle), "{err:?}");
        assert!(
            !err.contains(['\u{1b}', '\u{7}', '\u{9b}']),
            "escapes reached stderr: {err:?}"
        );
    }
}
