//! Logging in against `mastui sim --token T`: the real binary for login / whoami / logout and
//! a whole session scanned for the token; the library for exclusive-access downloads, the
//! redirect rule and the source order (with an in-memory keyring: CI has no keyring service).
use std::collections::HashMap;
use std::path::Path;
use std::process::{Command, Output, Stdio};
use std::sync::{Arc, Mutex};

use mastui::auth::keyring_store::NoKeyring;
use mastui::auth::sources::{self, ASTROQUERY_SERVICE, KEYRING_USER, Sources, mastui_service};
use mastui::auth::{self, SecretStore, Source, StoreError, StoreKind, Token};
use mastui::config::Paths;
use mastui::mast::client::MastClient;
use mastui::mast::download::{DownloadOutcome, FileRequest, download_file};
use mastui::sim::{SimHandle, SimOptions, start};
use tokio_util::sync::CancellationToken;

const TOKEN: &str = "5b0c6e1f9d2a4c7e8f3a1b2c3d4e5f60";

async fn sim() -> SimHandle {
    start(SimOptions {
        scale: 2_000,
        tokens: vec![TOKEN.to_string()],
        ..SimOptions::default()
    })
    .await
    .expect("start sim")
}

/// Runs the binary with every directory under `root` and no keyring, feeding `stdin`.
fn mastui(root: &Path, base: &str, args: &[&str], stdin: &str) -> Output {
    use std::io::Write;
    let mut child = Command::new(env!("CARGO_BIN_EXE_mastui"))
        .arg("--server")
        .arg(base)
        .args(args)
        .env_remove("MASTUI_SERVER")
        .env_remove("MAST_API_TOKEN")
        .env("MASTUI_NO_KEYRING", "1")
        .env("MASTUI_CONFIG_DIR", root.join("config"))
        .env("MASTUI_DATA_DIR", root.join("data"))
        .env("MASTUI_CACHE_DIR", root.join("cache"))
        .env("MASTUI_DOWNLOAD_DIR", root.join("downloads"))
        .current_dir(root)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run mastui");
    if let Some(mut i) = child.stdin.take() {
        let _ = i.write_all(stdin.as_bytes());
    }
    child.wait_with_output().expect("mastui output")
}

fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

fn token_file(root: &Path, base: &str) -> std::path::PathBuf {
    auth::file_store::token_path(&root.join("config"), &auth::host_of(base))
}

#[tokio::test(flavor = "multi_thread")]
async fn login_whoami_invalid_and_logout() {
    let s = sim().await;
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    let b = &s.base_url;

    let out = mastui(root, b, &["whoami"], "");
    assert_eq!(out.status.code(), Some(1));
    assert!(
        text(&out.stderr).contains("not logged in"),
        "{}",
        text(&out.stderr)
    );

    let out = mastui(
        root,
        b,
        &["login", "--store", "none"],
        "not-the-token-at-all\n",
    );
    assert_eq!(out.status.code(), Some(1));
    let err = text(&out.stderr);
    assert!(err.contains("invalid or expired"), "{err}");
    assert!(err.contains("https://auth.mast.stsci.edu/token?suggested_name=mastui"));
    assert!(!err.contains("not-the-token-at-all"));

    let out = mastui(root, b, &["login", "--store", "none"], "zzqq xxyy\n");
    assert_eq!(out.status.code(), Some(2));
    assert!(!text(&out.stderr).contains("zzqq"));

    // No keyring here: said plainly, the file store offered, nothing written.
    let out = mastui(root, b, &["login"], &format!("{TOKEN}\n"));
    assert_eq!(out.status.code(), Some(1));
    let err = text(&out.stderr);
    assert!(
        err.contains("no system keyring") && err.contains("--store file"),
        "{err}"
    );
    assert!(!token_file(root, b).exists());

    let out = mastui(
        root,
        b,
        &["login", "--store", "file"],
        &format!("  {TOKEN}  \n"),
    );
    assert!(out.status.success(), "{}", text(&out.stderr));
    let so = text(&out.stdout);
    assert!(so.contains("as Sim User 1 (simuser1)"), "{so}");
    assert!(so.contains("mast:exclusive_access"));
    assert!(so.contains("****5f60"));
    assert!(text(&out.stderr).contains("plain text (mode 0600)"));
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(token_file(root, b))
            .unwrap()
            .permissions()
            .mode();
        assert_eq!(mode & 0o777, 0o600);
    }

    let out = mastui(root, b, &["whoami"], "");
    assert!(out.status.success(), "{}", text(&out.stderr));
    let so = text(&out.stdout);
    assert!(so.contains("user:    Sim User 1 (simuser1)"), "{so}");
    assert!(so.contains("from the token file"));
    assert!(so.contains("first seen today"));

    let out = mastui(root, b, &["logout"], "");
    assert!(out.status.success());
    assert!(text(&out.stdout).contains("removed"));
    assert!(!token_file(root, b).exists());
    let out = mastui(root, b, &["whoami"], "");
    assert_eq!(out.status.code(), Some(1));
}

/// The smallest exclusive-access product among a few observations, through the binary.
fn exclusive_product(root: &Path, base: &str) -> serde_json::Value {
    let out = mastui(
        root,
        base,
        &["products", "2000000012", "2000000014", "--format", "jsonl"],
        "",
    );
    assert!(out.status.success(), "{}", text(&out.stderr));
    text(&out.stdout)
        .lines()
        .map(|l| serde_json::from_str::<serde_json::Value>(l).unwrap())
        // A FITS file, whose first bytes say it arrived whole (previews are JPEGs).
        .filter(|p| p["dataRights"] == "EXCLUSIVE_ACCESS")
        .filter(|p| {
            p["productFilename"]
                .as_str()
                .unwrap_or("")
                .ends_with(".fits")
        })
        .min_by_key(|p| p["size"].as_u64().unwrap_or(u64::MAX))
        .expect("an exclusive-access product")
}

#[tokio::test(flavor = "multi_thread")]
async fn exclusive_download_needs_the_token() {
    let s = sim().await;
    let dir = tempfile::tempdir().unwrap();
    let p = exclusive_product(dir.path(), &s.base_url);
    let req = FileRequest {
        data_uri: p["dataURI"].as_str().unwrap().to_string(),
        dest: dir
            .path()
            .join("x")
            .join(p["productFilename"].as_str().unwrap()),
        expected_size: p["size"].as_u64(),
    };
    let cancel = CancellationToken::new();
    let anon = MastClient::new(&s.base_url).unwrap();
    match download_file(&anon, &req, &cancel, &|_, _| {}).await {
        DownloadOutcome::NeedsLogin { message } => assert!(!message.contains(TOKEN)),
        other => panic!("expected a 401, got {other:?}"),
    }
    assert!(!req.dest.exists());
    let token = Token::new(TOKEN).unwrap();
    let authed = anon.clone().with_auth(Some(&token));
    assert!(!format!("{authed:?}").contains(TOKEN));
    match download_file(&authed, &req, &cancel, &|_, _| {}).await {
        DownloadOutcome::Complete { bytes, .. } => assert_eq!(Some(bytes), req.expected_size),
        other => panic!("expected the file, got {other:?}"),
    }
    let body = std::fs::read(&req.dest).unwrap();
    assert!(body.starts_with(b"SIMPLE  ="));
}

/// Which server got a request, and the `Authorization` it carried.
type Visit = (String, Option<String>);

/// `base` answers `/whoami` with a redirect to `other`; `other` notes the Authorization it got.
#[tokio::test(flavor = "multi_thread")]
async fn a_redirect_to_another_host_does_not_carry_the_token() {
    use axum::http::{HeaderMap, StatusCode, header};
    use axum::response::IntoResponse;
    let seen: Arc<Mutex<Vec<Visit>>> = Arc::default();

    let other = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let other_port = other.local_addr().unwrap().port();
    let log = Arc::clone(&seen);
    let other_app = axum::Router::new().route(
        "/whoami",
        axum::routing::get(move |h: HeaderMap| {
            let log = Arc::clone(&log);
            async move {
                let auth = h
                    .get(header::AUTHORIZATION)
                    .map(|v| v.to_str().unwrap_or("?").to_string());
                log.lock().unwrap().push(("other".into(), auth));
                (
                    [(header::CONTENT_TYPE, "application/json")],
                    r#"{"ezid":"anonymous","anon":true,"scopes":[]}"#,
                )
            }
        }),
    );
    tokio::spawn(async move { axum::serve(other, other_app).await });

    let base = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base_url = format!("http://{}", base.local_addr().unwrap());
    let log = Arc::clone(&seen);
    let base_app = axum::Router::new().route(
        "/whoami",
        axum::routing::get(move |h: HeaderMap| {
            let log = Arc::clone(&log);
            async move {
                let auth = h
                    .get(header::AUTHORIZATION)
                    .map(|v| v.to_str().unwrap_or("?").to_string());
                log.lock().unwrap().push(("base".into(), auth));
                (
                    StatusCode::FOUND,
                    [(
                        header::LOCATION,
                        format!("http://localhost:{other_port}/whoami"),
                    )],
                )
                    .into_response()
            }
        }),
    );
    tokio::spawn(async move { axum::serve(base, base_app).await });

    let token = Token::new(TOKEN).unwrap();
    let client = MastClient::new(&base_url).unwrap().with_auth(Some(&token));
    let who = client.whoami(&CancellationToken::new()).await.unwrap();
    assert_eq!(who["anon"], true);
    let seen = seen.lock().unwrap().clone();
    assert_eq!(
        seen,
        vec![
            ("base".to_string(), Some(format!("token {TOKEN}"))),
            ("other".to_string(), None),
        ]
    );
}

#[test]
fn plain_http_carries_a_token_only_to_loopback() {
    let token = Token::new(TOKEN).unwrap();
    for (base, allowed) in [
        ("https://mast.stsci.edu", true),
        ("http://127.0.0.1:8080", true),
        ("http://[::1]:8080", true),
        ("http://localhost:9", true),
        ("http://mast.example.org", false),
        ("http://10.0.0.5:8080", false),
    ] {
        let c = MastClient::new(base).unwrap().with_auth(Some(&token));
        assert_eq!(c.token_allowed(), allowed, "{base}");
        assert_eq!(c.has_token(), allowed, "{base}");
    }
}

/// An in-memory keyring.
#[derive(Default)]
struct MemKeyring(Mutex<HashMap<(String, String), String>>);

impl SecretStore for MemKeyring {
    fn get(&self, s: &str, u: &str) -> Result<Option<String>, StoreError> {
        Ok(self.0.lock().unwrap().get(&(s.into(), u.into())).cloned())
    }
    fn set(&self, s: &str, u: &str, secret: &str) -> Result<(), StoreError> {
        self.0
            .lock()
            .unwrap()
            .insert((s.into(), u.into()), secret.into());
        Ok(())
    }
    fn delete(&self, s: &str, u: &str) -> Result<bool, StoreError> {
        Ok(self
            .0
            .lock()
            .unwrap()
            .remove(&(s.into(), u.into()))
            .is_some())
    }
}

/// Every directory under `root`, the config directory at `root/config`.
fn paths(root: &Path) -> Paths {
    Paths::resolve(|k| {
        Some(if k == mastui::config::CONFIG_DIR_ENV {
            root.join("config")
        } else {
            root.join(k)
        })
    })
}

#[test]
fn sources_in_order_and_only_mastuis_entries_written() {
    let dir = tempfile::tempdir().unwrap();
    let cfg = dir.path().join("config");
    let ring = MemKeyring::default();
    let prod = sources::PRODUCTION_HOST;
    let src = |explicit: Option<&'static str>, env: Option<&str>, host: &'static str| {
        sources::resolve(&Sources {
            explicit,
            env: env.map(str::to_string),
            keyring: &ring,
            config_dir: &cfg,
            host,
        })
        .unwrap()
    };
    let found = |r: &sources::Resolution| {
        r.found
            .as_ref()
            .map(|f| (f.token.expose().to_string(), f.source))
    };

    assert!(src(None, None, prod).found.is_none());
    // astroquery's entry logs an astroquery user in, for the production archive only.
    ring.set(ASTROQUERY_SERVICE, KEYRING_USER, "astroquery-token-0001")
        .unwrap();
    assert_eq!(
        found(&src(None, None, prod)),
        Some(("astroquery-token-0001".into(), Source::AstroqueryKeyring))
    );
    assert!(src(None, None, "127.0.0.1:9").found.is_none());
    // The file store comes after the keyring.
    let f = auth::file_store::token_path(&cfg, prod);
    auth::file_store::write(&f, &Token::new("file-token-0000001").unwrap()).unwrap();
    assert_eq!(
        found(&src(None, None, prod)).unwrap().1,
        Source::AstroqueryKeyring
    );
    // mastui's own entry before astroquery's.
    ring.set(&mastui_service(prod), KEYRING_USER, "mastui-token-00001")
        .unwrap();
    assert_eq!(found(&src(None, None, prod)).unwrap().1, Source::Keyring);
    // The environment before the keyring; a blank one is unset; a bad one is a note.
    assert_eq!(
        found(&src(None, Some("env-token-000001"), prod)).unwrap().1,
        Source::Environment
    );
    assert_eq!(
        found(&src(None, Some("  "), prod)).unwrap().1,
        Source::Keyring
    );
    let r = src(None, Some("bad token"), prod);
    assert_eq!(found(&r).unwrap().1, Source::Keyring);
    assert!(r.notes[0].contains("MAST_API_TOKEN ignored") && !r.notes[0].contains("bad token"));
    // An explicit argument first of all; a bad one is an error.
    assert_eq!(
        found(&src(
            Some("arg-token-0000001"),
            Some("env-token-000001"),
            prod
        ))
        .unwrap()
        .1,
        Source::Argument
    );
    assert!(
        sources::resolve(&Sources {
            explicit: Some("a b"),
            env: None,
            keyring: &ring,
            config_dir: &cfg,
            host: prod,
        })
        .is_err()
    );

    // Storing and forgetting touch mastui's entry only, never astroquery's.
    let p = paths(dir.path());
    let server = "https://mast.stsci.edu";
    auth::store(
        StoreKind::Keyring,
        &Token::new("new-token-00000001").unwrap(),
        &p,
        server,
        &ring,
    )
    .unwrap();
    assert_eq!(
        ring.get(&mastui_service(prod), KEYRING_USER)
            .unwrap()
            .as_deref(),
        Some("new-token-00000001")
    );
    let _ = auth::forget(&p, server, &ring);
    assert_eq!(ring.get(&mastui_service(prod), KEYRING_USER).unwrap(), None);
    assert!(
        ring.get(ASTROQUERY_SERVICE, KEYRING_USER)
            .unwrap()
            .is_some()
    );
}

#[test]
fn no_keyring_service_degrades_to_the_file_store() {
    let dir = tempfile::tempdir().unwrap();
    let cfg = dir.path().join("config");
    let none = NoKeyring("no dbus session".into());
    let host = "127.0.0.1:9";
    let r = sources::resolve(&Sources {
        explicit: None,
        env: None,
        keyring: &none,
        config_dir: &cfg,
        host,
    })
    .unwrap();
    assert!(r.found.is_none());
    assert_eq!(r.keyring_unavailable.as_deref(), Some("no dbus session"));
    let t = Token::new(TOKEN).unwrap();
    let p = paths(dir.path());
    let e = auth::store(StoreKind::Keyring, &t, &p, "http://127.0.0.1:9", &none).unwrap_err();
    assert!(matches!(e, StoreError::Unavailable(_)));
    auth::store(StoreKind::File, &t, &p, "http://127.0.0.1:9", &none).unwrap();
    let r = sources::resolve(&Sources {
        explicit: None,
        env: None,
        keyring: &none,
        config_dir: &cfg,
        host,
    })
    .unwrap();
    assert_eq!(r.found.unwrap().source, Source::File);
    assert!(r.keyring_unavailable.is_some());
    // Forgetting without a keyring is not an error either.
    let done = auth::forget(&p, "http://127.0.0.1:9", &none);
    assert_eq!(done.len(), 1, "{done:?}");
}

/// Every byte a full session writes (stdout, stderr, every file under its directories), for
/// the token: only the 0600 token file may hold it.
#[tokio::test(flavor = "multi_thread")]
async fn a_whole_session_never_writes_the_token_elsewhere() {
    let s = sim().await;
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    let b = &s.base_url;
    let mut outputs = Vec::new();
    let mut run = |args: &[&str], stdin: &str| {
        let out = mastui(root, b, args, stdin);
        outputs.push((args.join(" "), out.clone()));
        out
    };
    assert!(
        run(&["login", "--store", "file"], &format!("{TOKEN}\n"))
            .status
            .success()
    );
    assert!(run(&["whoami"], "").status.success());
    assert!(
        run(
            &[
                "search",
                "--collection",
                "JWST",
                "--proposal",
                "1073",
                "--format",
                "jsonl"
            ],
            ""
        )
        .status
        .success()
    );
    assert!(
        run(
            &[
                "search",
                "--collection",
                "JWST",
                "--format",
                "csv",
                "--limit",
                "50"
            ],
            ""
        )
        .status
        .success()
    );
    assert!(
        run(
            &["products", "2000000012", "2000000014", "--format", "csv"],
            ""
        )
        .status
        .success()
    );
    let _ = run(&["login", "--store", "none"], "wrong-token-000000000\n");
    // The download command (when built) gets the token from the file store: one
    // exclusive-access product fetched, and a curl script (which must read $MAST_API_TOKEN).
    let help = run(&["download", "--help"], "");
    if help.status.success() {
        let listed = run(
            &["products", "2000000012", "2000000014", "--format", "jsonl"],
            "",
        );
        let line = text(&listed.stdout)
            .lines()
            .filter(|l| l.contains("EXCLUSIVE_ACCESS") && l.contains(".fits\""))
            .min_by_key(|l| {
                serde_json::from_str::<serde_json::Value>(l).unwrap()["size"]
                    .as_u64()
                    .unwrap_or(u64::MAX)
            })
            .expect("an exclusive product")
            .to_string();
        let out = run(&["download", "--flat"], &format!("{line}\n"));
        assert!(out.status.success(), "{}", text(&out.stderr));
        let fetched = walk(&root.join("downloads"));
        assert!(
            fetched
                .iter()
                .any(|f| std::fs::read(f).unwrap().starts_with(b"SIMPLE  =")),
            "the exclusive product was downloaded: {fetched:?}"
        );
        let _ = run(&["download", "--flat", "--curl"], &format!("{line}\n"));
    }
    let stored = token_file(root, b);
    for (what, out) in &outputs {
        for (stream, bytes) in [("stdout", &out.stdout), ("stderr", &out.stderr)] {
            assert!(
                !text(bytes).contains(TOKEN),
                "`mastui {what}` printed the token on {stream}"
            );
        }
    }
    let mut files = 0;
    for entry in walk(root) {
        let bytes = std::fs::read(&entry).unwrap();
        files += 1;
        if entry == stored {
            assert!(text(&bytes).contains(TOKEN));
            continue;
        }
        assert!(
            !text(&bytes).contains(TOKEN),
            "{} holds the token",
            entry.display()
        );
    }
    assert!(files >= 2, "the token file and the age book at least");
}

fn walk(dir: &Path) -> Vec<std::path::PathBuf> {
    let mut out = Vec::new();
    let Ok(rd) = std::fs::read_dir(dir) else {
        return out;
    };
    for e in rd.flatten() {
        let p = e.path();
        if p.is_dir() {
            out.extend(walk(&p));
        } else {
            out.push(p);
        }
    }
    out
}

/// The TUI's worker: the stored token found and checked at start, a typed one checked, and
/// kept in the file store when asked.
#[tokio::test(flavor = "multi_thread")]
async fn the_worker_finds_checks_and_keeps_the_token() {
    use mastui::app::{Cmd, Msg, ReqId};
    use mastui::worker::Worker;
    use std::time::Duration;

    let s = sim().await;
    let dir = tempfile::tempdir().unwrap();
    let file = token_file(dir.path(), &s.base_url);
    auth::file_store::write(&file, &Token::new(TOKEN).unwrap()).unwrap();
    let (tx, mut rx) = tokio::sync::mpsc::unbounded_channel();
    let mut w =
        Worker::new(MastClient::new(&s.base_url).unwrap(), tx).with_paths(paths(dir.path()));
    let mut next = async || {
        tokio::time::timeout(Duration::from_secs(20), rx.recv())
            .await
            .expect("an answer in time")
            .expect("the worker is alive")
    };

    w.run(Cmd::ResolveAuth { req: ReqId(1) });
    match next().await {
        Msg::Auth { req, check } => {
            assert_eq!(req, ReqId(1));
            assert_eq!(check.source, Some(Source::File));
            let id = check.identity.expect("MAST answered");
            assert!(id.valid && id.has_exclusive_access());
            assert_eq!(id.ezid, "simuser1");
        }
        other => panic!("{other:?}"),
    }

    w.run(Cmd::CheckToken {
        req: ReqId(2),
        token: Token::new("0000000000000000000000000000dead").unwrap(),
    });
    match next().await {
        Msg::Auth { req, check } => {
            assert_eq!(req, ReqId(2));
            assert!(!check.identity.expect("MAST answered").valid);
        }
        other => panic!("{other:?}"),
    }

    std::fs::remove_file(&file).unwrap();
    w.run(Cmd::StoreToken {
        token: Token::new(TOKEN).unwrap(),
        kind: StoreKind::File,
    });
    match next().await {
        Msg::TokenStored { result } => {
            let place = result.unwrap();
            assert!(
                place.contains("mode 0600") && !place.contains(TOKEN),
                "{place}"
            );
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(std::fs::read_to_string(&file).unwrap().trim(), TOKEN);
}

/// `mastui login` on a terminal: a hidden prompt; every byte the terminal receives is free
/// of the token.
#[tokio::test(flavor = "multi_thread")]
async fn login_on_a_terminal_never_echoes_the_token() {
    use portable_pty::{CommandBuilder, PtySize, native_pty_system};
    use std::io::{Read, Write};
    use std::time::{Duration, Instant};

    let s = sim().await;
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().to_path_buf();
    let base = s.base_url.clone();
    let (status, seen) = tokio::task::spawn_blocking(move || {
        let pty = native_pty_system()
            .openpty(PtySize {
                rows: 24,
                cols: 100,
                pixel_width: 0,
                pixel_height: 0,
            })
            .unwrap();
        let mut cmd = CommandBuilder::new(env!("CARGO_BIN_EXE_mastui"));
        cmd.args(["--server", &base, "login", "--store", "file"]);
        cmd.env("MASTUI_CONFIG_DIR", root.join("config"));
        cmd.env("MASTUI_NO_KEYRING", "1");
        cmd.env_remove("MAST_API_TOKEN");
        cmd.env_remove("MASTUI_SERVER");
        cmd.cwd(&root);
        let mut child = pty.slave.spawn_command(cmd).unwrap();
        drop(pty.slave);
        let mut reader = pty.master.try_clone_reader().unwrap();
        let mut writer = pty.master.take_writer().unwrap();
        let seen = Arc::new(Mutex::new(Vec::new()));
        let sink = Arc::clone(&seen);
        let master = pty.master;
        let reading = std::thread::spawn(move || {
            let _master = master;
            let mut buf = [0u8; 4096];
            while let Ok(n) = reader.read(&mut buf) {
                if n == 0 {
                    break;
                }
                sink.lock().unwrap().extend_from_slice(&buf[..n]);
            }
        });
        let deadline = Instant::now() + Duration::from_secs(30);
        while !text(&seen.lock().unwrap()).contains("input hidden") {
            assert!(Instant::now() < deadline, "no prompt");
            std::thread::sleep(Duration::from_millis(20));
        }
        writer.write_all(TOKEN.as_bytes()).unwrap();
        writer.write_all(b"\r").unwrap();
        writer.flush().unwrap();
        let status = child.wait().unwrap();
        // The last output is read once the reader sees the terminal closed (the child held
        // its only end), however long a busy machine takes to get to it.
        reading.join().unwrap();
        let seen = seen.lock().unwrap().clone();
        (status, seen)
    })
    .await
    .unwrap();
    let out = text(&seen);
    assert!(status.success(), "{out}");
    assert!(
        out.contains("logged in to") && out.contains("****5f60"),
        "{out}"
    );
    assert!(!out.contains(TOKEN), "the terminal saw the token: {out}");
    assert!(!out.contains(&TOKEN[..6]));
    assert!(token_file(dir.path(), &s.base_url).exists());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_demo_archive_accepts_the_demo_token() {
    let s = start(mastui::tui::demo_options())
        .await
        .expect("start the demo archive");
    let cancel = CancellationToken::new();
    let client = MastClient::new(&s.base_url)
        .unwrap()
        .with_token(Some(mastui::tui::DEMO_TOKEN.to_string()));
    let id = auth::Identity::from_whoami(&client.whoami(&cancel).await.unwrap());
    assert!(id.valid && id.has_exclusive_access(), "{id:?}");
    let anon = MastClient::new(&s.base_url).unwrap();
    let id = auth::Identity::from_whoami(&anon.whoami(&cancel).await.unwrap());
    assert!(!id.valid);
}
