//! Setup shared by the client and simulator tests: a simulator, a fast-retrying client, row
//! text for comparisons, and a tiny misbehaving server for what the simulator never does.
// Each test binary uses its own subset of these helpers.
#![allow(dead_code)]

use std::ops::ControlFlow;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

use mastui::mast::MastError;
use mastui::mast::client::{InvokeSummary, MastClient, PageInfo, PagePlan};
use mastui::mast::request::InvokeRequest;
use mastui::mast::response::InvokeResponse;
use mastui::mast::retry::RetryPolicy;
use mastui::mast::table::Table;
use mastui::sim::{self, FaultSpec, SimHandle, SimOptions};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio_util::sync::CancellationToken;

/// A simulated archive of `scale` observations with `faults` (a `--faults` spec) and
/// `join_ms` of cost per observation joined in a products request.
pub async fn sim_opts(scale: u64, faults: &str, join_ms: u64) -> SimHandle {
    sim::start(SimOptions {
        scale,
        join_ms,
        faults: faults.parse::<FaultSpec>().expect("fault spec"),
        ..Default::default()
    })
    .await
    .expect("sim starts")
}

/// A client with millisecond retry timings.
pub fn client(sim: &SimHandle) -> MastClient {
    fast_client(&sim.base_url)
}

pub fn fast_client(base_url: &str) -> MastClient {
    MastClient::new(base_url)
        .expect("client")
        .with_policy(RetryPolicy::fast())
}

/// A client with millisecond retry timings and `pages_in_flight` pages fetched ahead.
pub fn client_in_flight(base_url: &str, pages_in_flight: usize) -> MastClient {
    MastClient::new(base_url)
        .expect("client")
        .with_policy(RetryPolicy {
            pages_in_flight,
            ..RetryPolicy::fast()
        })
}

/// Every row as JSON text: a content comparison independent of column storage details.
pub fn rows_json(t: &Table) -> Vec<String> {
    (0..t.rows())
        .map(|r| {
            let mut s = String::new();
            t.write_row_json(r, &mut s);
            s
        })
        .collect()
}

/// Adds a page to the rows glued so far (the first page is taken as it is).
pub fn glue(whole: &mut Table, page: Table) {
    if whole.columns().is_empty() {
        *whole = page;
    } else {
        whole.append(&page);
    }
}

/// What a canned server answers: HTTP status, extra headers and body. A `(status, body)`
/// pair converts into one.
pub struct Reply {
    pub status: u16,
    pub headers: Vec<(&'static str, String)>,
    pub body: String,
}

impl From<(u16, String)> for Reply {
    fn from((status, body): (u16, String)) -> Reply {
        Reply {
            status,
            headers: Vec::new(),
            body,
        }
    }
}

/// A server on 127.0.0.1 answering every request with `answer(path, decoded invoke
/// envelope or raw body)`; one request per connection. Returns its base URL.
pub async fn canned_server<R: Into<Reply>>(
    answer: impl Fn(&str, &serde_json::Value) -> R + Send + Sync + 'static,
) -> String {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let base = format!("http://{}", listener.local_addr().expect("addr"));
    let answer = Arc::new(answer);
    tokio::spawn(async move {
        while let Ok((mut sock, _)) = listener.accept().await {
            let answer = answer.clone();
            tokio::spawn(async move {
                let Some((path, body)) = read_request(&mut sock).await else {
                    return;
                };
                let envelope = envelope_of(body);
                let reply: Reply = answer(&path, &envelope).into();
                let mut head = format!(
                    "HTTP/1.1 {} X\r\nContent-Type: application/json\r\n\
                     Content-Length: {}\r\nConnection: close\r\n",
                    reply.status,
                    reply.body.len()
                );
                for (k, v) in &reply.headers {
                    head.push_str(&format!("{k}: {v}\r\n"));
                }
                head.push_str("\r\n");
                let _ = sock.write_all(head.as_bytes()).await;
                let _ = sock.write_all(reply.body.as_bytes()).await;
                let _ = sock.shutdown().await;
            });
        }
    });
    base
}

/// The invoke envelope a request body carries (`request=` and percent-encoded JSON), or the
/// body itself as a JSON string when it carries none.
pub fn envelope_of(body: String) -> serde_json::Value {
    body.strip_prefix("request=")
        .and_then(|e| percent_encoding::percent_decode_str(e).decode_utf8().ok())
        .and_then(|e| serde_json::from_str(&e).ok())
        .unwrap_or(serde_json::Value::String(body))
}

/// A server of `pages` one-row pages (`n` is the page number) counting the requests for each
/// page, up to 8 past the last.
pub async fn paged_server(pages: u64) -> (String, Arc<Vec<AtomicU64>>) {
    let seen: Arc<Vec<AtomicU64>> = Arc::new((0..=pages + 8).map(|_| AtomicU64::new(0)).collect());
    let counter = seen.clone();
    let base = canned_server(move |_path: &str, env: &serde_json::Value| {
        let page = env["page"].as_u64().unwrap_or(1);
        if let Some(c) = counter.get(page as usize) {
            c.fetch_add(1, Ordering::SeqCst);
        }
        (
            200,
            format!(
                r#"{{"status":"COMPLETE","data":[{{"n":{page}}}],"fields":[{{"name":"n","type":"int"}}],
                    "paging":{{"page":{page},"pageSize":1,"pagesFiltered":{pages},"rows":1,"rowsFiltered":{pages},"rowsTotal":{pages}}}}}"#
            ),
        )
    })
    .await;
    (base, seen)
}

/// Every page of a test service of `pagesize` rows a page, the next pages fetched ahead
/// (none past `max_rows`).
pub async fn walk_pages(
    c: &MastClient,
    pagesize: u64,
    max_rows: Option<u64>,
    on_page: &mut (dyn FnMut(PageInfo, InvokeResponse) -> ControlFlow<()> + Send),
) -> Result<InvokeSummary, MastError> {
    let plan = PagePlan {
        prefetch: true,
        max_rows,
        ramp: false,
    };
    c.invoke_pages(
        InvokeRequest::new("Mast.Test", serde_json::json!({})).with_pagesize(pagesize),
        plan,
        &CancellationToken::new(),
        on_page,
    )
    .await
}

/// The path and body of one HTTP/1.1 request (Content-Length framing only).
pub async fn read_request(sock: &mut tokio::net::TcpStream) -> Option<(String, String)> {
    let mut buf = Vec::new();
    let mut chunk = [0u8; 4096];
    let header_end = loop {
        let n = sock.read(&mut chunk).await.ok()?;
        if n == 0 {
            return None;
        }
        buf.extend_from_slice(&chunk[..n]);
        if let Some(i) = buf.windows(4).position(|w| w == b"\r\n\r\n") {
            break i + 4;
        }
    };
    let head = String::from_utf8_lossy(&buf[..header_end]).into_owned();
    let path = head.split_whitespace().nth(1)?.to_string();
    let length: usize = head
        .lines()
        .find_map(|l| {
            let (k, v) = l.split_once(':')?;
            k.eq_ignore_ascii_case("content-length")
                .then(|| v.trim().parse().ok())?
        })
        .unwrap_or(0);
    while buf.len() < header_end + length {
        let n = sock.read(&mut chunk).await.ok()?;
        if n == 0 {
            break;
        }
        buf.extend_from_slice(&chunk[..n]);
    }
    let body = String::from_utf8_lossy(&buf[header_end..]).into_owned();
    Some((path, body))
}

/// Takes the loopback port of `base` back once its server has let it go, bound but not
/// listening: connections to it are refused, as to a server that is gone, and no server
/// another test starts meanwhile can be given it (as a released port can be). Waits while
/// the old listener still holds it (the runtime goes on meanwhile, to drop it).
pub async fn hold_port(base: &str) -> tokio::net::TcpSocket {
    let addr: std::net::SocketAddr = base
        .trim_start_matches("http://")
        .parse()
        .expect("host:port");
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(20);
    loop {
        let s = tokio::net::TcpSocket::new_v4().expect("socket");
        // The closed connections' TIME_WAIT would refuse a plain bind.
        s.set_reuseaddr(true).expect("SO_REUSEADDR");
        match s.bind(addr) {
            Ok(()) => return s,
            Err(e) => assert!(
                std::time::Instant::now() < deadline,
                "{addr} still taken: {e}"
            ),
        }
        tokio::time::sleep(std::time::Duration::from_millis(10)).await;
    }
}
