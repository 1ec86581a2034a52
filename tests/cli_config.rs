//! The config file through the real binary against `mastui sim` on loopback: the file's
//! settings are used, the environment overrides the file and flags override both;
//! `mastui config` names where each value came from; a bad file is refused with its path,
//! line and the accepted values, before anything runs.
use std::path::Path;
use std::process::{Command, Output, Stdio};

use mastui::sim::{SimOptions, start};

/// mastui with only the state directories set: the server comes from the file, the
/// environment given, or a flag in `args`.
fn mastui(home: &Path, env: &[(&str, &str)], args: &[&str]) -> Output {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_mastui"));
    cmd.args(args)
        .env("MASTUI_DATA_DIR", home.join("data"))
        .env("MASTUI_CONFIG_DIR", home.join("config"))
        .env("MASTUI_CACHE_DIR", home.join("cache"))
        .env("MASTUI_RETRIES", "2");
    for var in [
        "MASTUI_SERVER",
        "MASTUI_DOWNLOAD_DIR",
        "MASTUI_PARALLEL",
        "MASTUI_LAYOUT",
        "MAST_API_TOKEN",
    ] {
        cmd.env_remove(var);
    }
    for (k, v) in env {
        cmd.env(k, v);
    }
    cmd.stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .output()
        .expect("run mastui")
}

fn write_config(home: &Path, text: &str) {
    std::fs::create_dir_all(home.join("config")).unwrap();
    std::fs::write(home.join("config").join("config.toml"), text).unwrap();
}

fn stdout(out: &Output) -> String {
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

/// A server nobody answers on: a loopback port bound but never listening, so connections
/// are refused. The socket is kept while the test runs: a port merely released could be
/// handed to a server another test starts meanwhile.
fn dead_server() -> (tokio::net::TcpSocket, String) {
    let held = tokio::net::TcpSocket::new_v4().unwrap();
    held.bind("127.0.0.1:0".parse().unwrap()).unwrap();
    let port = held.local_addr().unwrap().port();
    (held, format!("http://127.0.0.1:{port}"))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn flags_override_the_environment_which_overrides_the_file() {
    let sim = start(SimOptions::default()).await.expect("sim");
    let home = tempfile::tempdir().unwrap();
    let (_held, dead) = dead_server();
    let count = ["search", "--proposal", "1073", "--count"];

    // The file alone: its server answers.
    write_config(home.path(), &format!("server = \"{}\"\n", sim.base_url));
    let n = stdout(&mastui(home.path(), &[], &count));
    assert_eq!(n.trim(), "15", "{n}");

    // The environment beats the file: the dead server is tried, and named.
    let out = mastui(home.path(), &[("MASTUI_SERVER", &dead)], &count);
    assert_eq!(out.status.code(), Some(1));
    let e = String::from_utf8_lossy(&out.stderr);
    assert!(e.contains("MASTUI_SERVER"), "{e}");

    // A flag beats the environment.
    let mut with_flag = vec!["--server", sim.base_url.as_str()];
    with_flag.extend(count);
    let n = stdout(&mastui(
        home.path(),
        &[("MASTUI_SERVER", &dead)],
        &with_flag,
    ));
    assert_eq!(n.trim(), "15");

    // The file's server with a dead one in the file and a live one in the environment.
    write_config(home.path(), &format!("\nserver = \"{dead}\"\n"));
    let n = stdout(&mastui(
        home.path(),
        &[("MASTUI_SERVER", &sim.base_url)],
        &count,
    ));
    assert_eq!(n.trim(), "15");

    // A dead server from the file is named as the file's line, not as the variable.
    let out = mastui(home.path(), &[], &count);
    assert_eq!(out.status.code(), Some(1));
    let e = String::from_utf8_lossy(&out.stderr);
    assert!(e.contains("config.toml:2"), "{e}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_files_download_settings_are_used_and_the_flag_wins() {
    let sim = start(SimOptions {
        file_size: Some(10_000),
        ..SimOptions::default()
    })
    .await
    .expect("sim");
    let home = tempfile::tempdir().unwrap();
    let files = home.path().join("from-config");
    write_config(
        home.path(),
        &format!(
            "server = \"{}\"\n\n[download]\ndir = \"{}\"\nlayout = \"flat\"\nparallel = 2\n",
            sim.base_url,
            files.display()
        ),
    );
    let args = [
        "download",
        "--proposal",
        "1073",
        "--limit",
        "1",
        "--filter",
        "_cal.fits",
    ];
    let out = mastui(home.path(), &[], &args);
    stdout(&out);
    let names: Vec<String> = std::fs::read_dir(&files)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert!(
        names.iter().any(|n| n.ends_with("_cal.fits")),
        "flat layout in the file's directory: {names:?}"
    );
    assert!(!names.iter().any(|n| n == "mastDownload"), "{names:?}");

    // `--dir` beats the file; the layout stays the file's.
    let elsewhere = home.path().join("flag-dir");
    let mut with_dir = args.to_vec();
    let dir_s = elsewhere.to_string_lossy().into_owned();
    with_dir.extend(["--dir", dir_s.as_str()]);
    stdout(&mastui(home.path(), &[], &with_dir));
    assert!(std::fs::read_dir(&elsewhere).unwrap().any(|e| {
        e.unwrap()
            .file_name()
            .to_string_lossy()
            .ends_with("_cal.fits")
    }));

    // The environment's layout beats the file's.
    let tree = home.path().join("tree");
    let tree_s = tree.to_string_lossy().into_owned();
    let mut to_tree = args.to_vec();
    to_tree.extend(["--dir", tree_s.as_str()]);
    stdout(&mastui(
        home.path(),
        &[("MASTUI_LAYOUT", "astroquery")],
        &to_tree,
    ));
    assert!(tree.join("mastDownload").join("JWST").is_dir());
}

#[test]
fn mastui_config_names_where_each_value_came_from() {
    let home = tempfile::tempdir().unwrap();
    let out = stdout(&mastui(home.path(), &[], &["config"]));
    assert!(out.contains("none yet"), "{out}");
    assert!(out.contains("download.parallel"), "{out}");

    // The template is a valid file that changes nothing.
    let template = stdout(&mastui(home.path(), &[], &["config", "--template"]));
    write_config(home.path(), &template);
    let out = stdout(&mastui(home.path(), &[], &["config"]));
    assert!(!out.contains("none yet"), "{out}");
    assert!(!out.contains("config.toml:"), "all defaults: {out}");

    write_config(
        home.path(),
        "[download]\nparallel = 8\nlayout = \"flat\"\n\n[keys]\nsort = \"o\"\n",
    );
    let out = stdout(&mastui(
        home.path(),
        &[("MASTUI_PARALLEL", "3")],
        &["config"],
    ));
    let line = |key: &str| {
        out.lines()
            .find(|l| l.starts_with(key))
            .unwrap_or_else(|| panic!("{key} in {out}"))
            .to_string()
    };
    assert!(line("download.parallel").contains("3   (environment MASTUI_PARALLEL)"));
    assert!(line("download.layout").contains("flat   ("));
    assert!(line("download.layout").ends_with("config.toml:3)"));
    assert!(line("keys").contains("sort=o"));
    assert!(line("network.retries").contains("(environment MASTUI_RETRIES)"));
    assert!(line("browser.mouse").contains("(default)"));

    // `--paths` names the file.
    let paths = stdout(&mastui(home.path(), &[], &["--paths"]));
    assert!(paths.contains("config.toml"), "{paths}");
}

#[test]
fn a_bad_file_or_variable_is_refused_with_where_and_what_is_accepted() {
    let home = tempfile::tempdir().unwrap();
    let cases = [
        (
            "[download]\nparalel = 8\n",
            &[
                ":2: unknown key download.paralel",
                "did you mean download.parallel",
            ][..],
        ),
        (
            "\n\n[download]\nparallel = 0\n",
            &[":4: download.parallel = 0", "from 1 to 16"][..],
        ),
        (
            "[download]\nlayout = \"tree\"\n",
            &["astroquery", "flat"][..],
        ),
        ("[browser]\nmouse = \"sometimes\"\n", &["true or false"][..]),
        (
            "[keys]\nsrot = \"o\"\n",
            &[":2: keys.srot", "did you mean sort"][..],
        ),
        ("server = \n", &[":1: not valid TOML"][..]),
    ];
    for (text, wanted) in cases {
        write_config(home.path(), text);
        // Refused before anything runs, whatever the command.
        let e = refused(&mastui(home.path(), &[], &["search", "--count"]));
        assert!(e.contains("config.toml"), "{e}");
        for w in wanted {
            assert!(e.contains(w), "{w:?} in {e}");
        }
    }
    // A bad variable is named as the variable.
    write_config(home.path(), "");
    let e = refused(&mastui(
        home.path(),
        &[("MASTUI_LAYOUT", "tree")],
        &["download", "--obsid", "1", "--dir", "x"],
    ));
    assert!(e.contains("MASTUI_LAYOUT") && e.contains("flat"), "{e}");
}

#[test]
fn the_readmes_example_file_is_accepted() {
    let readme = include_str!("../README.md");
    let start = readme.find("```toml\n").expect("a toml block") + "```toml\n".len();
    let example = &readme[start..start + readme[start..].find("```").unwrap()];
    let home = tempfile::tempdir().unwrap();
    write_config(home.path(), example);
    let out = stdout(&mastui(home.path(), &[], &["config"]));
    assert!(out.contains("quit=Ctrl-Q,q"), "{out}");
    let parallel = out.lines().find(|l| l.starts_with("download.parallel"));
    assert!(
        parallel.is_some_and(|l| l.split_whitespace().nth(1) == Some("6")),
        "{out}"
    );
}
