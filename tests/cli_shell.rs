//! The command line as other good tools have it, through the real binary: completions and
//! a man page from the same definitions, every environment variable in `--help`, and
//! `HTTP_PROXY` honoured for a remote archive (a proxy on loopback records what it is
//! asked) but never for the simulator on this machine.
use std::io::{Read, Write};
use std::net::TcpListener;
use std::process::{Command, Output};
use std::sync::mpsc;
use std::time::Duration;

fn mastui(args: &[&str], env: &[(&str, &str)]) -> Output {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_mastui"));
    cmd.args(args)
        .env_remove("HTTP_PROXY")
        .env_remove("http_proxy")
        .env_remove("HTTPS_PROXY")
        .env_remove("https_proxy")
        .env_remove("ALL_PROXY")
        .env_remove("NO_PROXY")
        .env_remove("no_proxy")
        .env("MASTUI_RETRIES", "1");
    for (k, v) in env {
        cmd.env(k, v);
    }
    cmd.output().expect("run mastui")
}

fn stdout(out: &Output) -> String {
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

#[test]
fn completions_for_each_shell_know_the_subcommands_and_flags() {
    for shell in ["bash", "zsh", "fish", "powershell", "elvish"] {
        let text = stdout(&mastui(&["completions", shell], &[]));
        for word in ["search", "products", "download", "catalog", "product-type"] {
            assert!(text.contains(word), "{shell} completions lack {word}");
        }
    }
    let out = mastui(&["completions", "tcsh"], &[]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("possible values"));
}

#[test]
fn the_man_page_and_help_name_the_commands_and_the_environment() {
    let man = stdout(&mastui(&["man"], &[]));
    assert!(
        man.starts_with(".ie") || man.contains(".TH mastui 1"),
        "{man}"
    );
    for word in [
        "search",
        "products",
        "download",
        "catalog",
        "completions",
        "MAST_API_TOKEN",
    ] {
        assert!(man.contains(word), "the man page lacks {word}");
    }
    let help = stdout(&mastui(&["--help"], &[]));
    for var in [
        "MASTUI_SERVER",
        "MAST_API_TOKEN",
        "MASTUI_DOWNLOAD_DIR",
        "MASTUI_RETRIES",
        "MASTUI_STALL_SECS",
        "MASTUI_NO_KEYRING",
        "MASTUI_PREVIEWS",
        "MASTUI_CLOUD",
        "MASTUI_S3_ENDPOINT",
        "MASTUI_LOG",
        "NO_COLOR",
        "HTTPS_PROXY",
        "SSL_CERT_FILE",
        "SSL_CERT_DIR",
    ] {
        assert!(help.contains(var), "--help lacks {var}");
    }
    // Every variable the program's own code reads, in --help and in the README.
    let readme = include_str!("../README.md");
    let read = variables_read();
    for known in [
        "MASTUI_SERVER",
        "DISPLAY",
        "TERM_PROGRAM",
        "MASTUI_SIM_FAULTS",
    ] {
        assert!(read.contains(known), "the scan missed {known}: {read:?}");
    }
    for var in &read {
        assert!(help.contains(var.as_str()), "--help lacks {var}");
        assert!(readme.contains(var.as_str()), "the README lacks {var}");
    }
    // Every variable a config key stands for, in --help and in the README.
    for s in mastui::settings::table::SETTINGS {
        assert!(help.contains(s.env), "--help lacks {}", s.env);
        assert!(readme.contains(s.env), "the README lacks {}", s.env);
        assert!(readme.contains(s.key), "the README lacks the key {}", s.key);
    }
}

/// Every environment variable name mastui's code reads, found in `src/` outside test
/// modules: constants named `..ENV`, clap's `env = "..."`, and a name given as text to
/// `var`, `var_os` or a lookup closure (`lookup`, `has`, `set`, `env`, as the image
/// protocol and link opener name theirs). Variables only crates read (proxies, TLS roots)
/// are listed by hand above.
fn variables_read() -> std::collections::BTreeSet<String> {
    const OPENERS: [(&str, bool); 8] = [
        ("ENV: &str = \"", false),
        ("env = \"", true),
        ("var(\"", true),
        ("var_os(\"", true),
        ("lookup(\"", true),
        ("has(\"", true),
        ("set(\"", true),
        ("env(\"", true),
    ];
    let is_name = |s: &str| {
        s.starts_with(|c: char| c.is_ascii_uppercase())
            && s.chars()
                .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || c == '_')
    };
    let mut names = std::collections::BTreeSet::new();
    let mut dirs = vec![std::path::PathBuf::from(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/src"
    ))];
    while let Some(dir) = dirs.pop() {
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                dirs.push(path);
                continue;
            }
            if path.extension().is_none_or(|e| e != "rs") {
                continue;
            }
            let text = std::fs::read_to_string(&path).unwrap();
            let code = text.split("#[cfg(test)]\nmod ").next().unwrap_or("");
            for (opener, word_start) in OPENERS {
                for (i, _) in code.match_indices(opener) {
                    let before = code[..i].chars().next_back();
                    if word_start && before.is_some_and(|c| c.is_alphanumeric() || c == '_') {
                        continue;
                    }
                    let rest = &code[i + opener.len()..];
                    let name = &rest[..rest.find('"').unwrap_or(0)];
                    if is_name(name) {
                        names.insert(name.to_string());
                    }
                }
            }
        }
    }
    names
}

/// A proxy that answers every request with 502 and reports its first request line.
fn proxy() -> (String, mpsc::Receiver<String>) {
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind");
    let addr = listener.local_addr().expect("addr");
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        for stream in listener.incoming() {
            let Ok(mut s) = stream else { break };
            let _ = s.set_read_timeout(Some(Duration::from_secs(5)));
            let mut buf = [0u8; 4096];
            let n = s.read(&mut buf).unwrap_or(0);
            let text = String::from_utf8_lossy(&buf[..n]).into_owned();
            let _ = tx.send(text.lines().next().unwrap_or("").to_string());
            let _ = s.write_all(
                b"HTTP/1.1 502 Bad Gateway\r\ncontent-length: 0\r\nconnection: close\r\n\r\n",
            );
        }
    });
    (format!("http://{addr}"), rx)
}

#[test]
fn http_proxy_is_used_for_a_remote_archive() {
    let (proxy, seen) = proxy();
    let out = mastui(
        &[
            "--server",
            "http://mast.example.invalid",
            "search",
            "--collection",
            "JWST",
            "--count",
        ],
        &[("HTTP_PROXY", &proxy)],
    );
    assert!(!out.status.success());
    let line = seen
        .recv_timeout(Duration::from_secs(20))
        .expect("the proxy was asked");
    assert!(
        line.contains("http://mast.example.invalid/"),
        "an absolute URL through the proxy: {line}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_simulator_on_loopback_is_reached_directly() {
    let sim = mastui::sim::start(mastui::sim::SimOptions::default())
        .await
        .expect("sim");
    let (proxy, seen) = proxy();
    let base = sim.base_url.clone();
    let out = tokio::task::spawn_blocking(move || {
        mastui(
            &[
                "--server",
                &base,
                "search",
                "--collection",
                "JWST",
                "--proposal",
                "1073",
                "--count",
            ],
            &[("HTTP_PROXY", &proxy)],
        )
    })
    .await
    .expect("join");
    assert_eq!(stdout(&out).trim(), "15");
    assert!(seen.try_recv().is_err(), "the proxy was not asked");
}
