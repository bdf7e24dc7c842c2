#![allow(missing_docs)] // A bench binary: nothing here is public API.
//! Finds end to end, ours (typed and untyped) side by side with plain reqwest + serde_json
//! (into `Value` and into a plain struct), against a local stub server in a process of its own:
//!
//! - sequential small finds (one transfer per reply), per second (and, as diagnostics, a
//!   peer sending one prebuilt URL, our transport alone with no query or decoding, and our
//!   client alone over a transport that answers at once);
//!
//! Every peer builds the envelope per call as the protocol asks (a fresh `eid`, `created`
//! now): the work any program speaking accsyn over plain reqwest must do.
//! - one find of 100,000 transfers (about 55 MB of JSON): time, and peak memory, each
//!   variant measured in a fresh process.
//!
//! The interleaved comparison prints first (variants taking turns, so drift hits each alike;
//! read its ratios), then criterion's own groups, then peak memory.
//!
//! Run with the server on one core and the client on the other:
//! `cargo bench -p accsyn-client --bench finds --no-run && taskset -c 1 cargo bench -p accsyn-client --bench finds`
//! (the bench starts its server under `taskset -c 0` when `taskset` is there).

use std::hint::black_box;
use std::io::{BufRead, BufReader as StdBufReader};
use std::process::{Child, Command, Stdio};
use std::sync::Arc;
use std::time::{Duration, Instant};

use accsyn_client::Session;
use criterion::{Criterion, Throughput};
use serde_json::{Value, json};
use tokio::io::{AsyncBufReadExt, AsyncReadExt, AsyncWriteExt, BufReader};
use tokio::net::TcpListener;

const ROLE: &str = "ACCSYN_BENCH_ROLE";
const BASE: &str = "ACCSYN_BENCH_BASE";
const BIG: usize = 100_000;

/// A transfer shaped like the product documents' example, a few explicit nulls included.
fn transfer(i: usize) -> Value {
    json!({
        "id": format!("6971e16fceadd67b9{i:07x}"),
        "code": format!("shot_{i:06}.exr"),
        "name": format!("shot_{i:06}.exr"),
        "created": "2026-01-22T08:35:59",
        "modified": "2026-01-22T08:43:05",
        "destination": "user:6676f3e9c7ef4e27da254e57",
        "destination_hr": "user:lisa@example.com[standard](6676f3e9c7ef4e27da254e57)",
        "etr": "",
        "finished": null,
        "progress": (i % 101) as i64,
        "size": 1_048_576 * (i as u64 % 977),
        "source": "workspace:6645fbca9f8c4d3e7a3b678d",
        "source_hr": "workspace:seagull(6645fbca9f8c4d3e7a3b678d)",
        "speed": -1.0,
        "status": "running",
        "user": "6676f3e9c7ef4e27da254e57",
        "user_hr": "user:lisa@example.com[standard](6676f3e9c7ef4e27da254e57)",
        "queue": null,
        "metadata": {"project": "seagull", "shot": i},
        "priority": 100,
        "uri": format!("hq/default/{i}"),
    })
}

fn reply_of(count: usize) -> Vec<u8> {
    let list: Vec<Value> = (0..count).map(transfer).collect();
    serde_json::to_vec(&json!({ "result": list })).expect("JSON")
}

/// The stub: answers a login, then every event with one transfer, or 100,000 when the
/// request mentions `big`. HTTP/1.1 with keep-alive, nothing more.
fn serve() {
    let small = Arc::new(reply_of(1));
    let big = Arc::new(reply_of(BIG));
    let login = Arc::new(
        br#"{"result": {"role": "admin", "id": "6676f3e9c7ef4e27da254e57", "session_id": "bench"}}"#
            .to_vec(),
    );
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("a runtime");
    runtime.block_on(async move {
        let listener = TcpListener::bind("127.0.0.1:0").await.expect("a port");
        println!("{}", listener.local_addr().expect("an address").port());
        loop {
            let Ok((socket, _)) = listener.accept().await else {
                continue;
            };
            let _ = socket.set_nodelay(true);
            let (small, big, login) = (small.clone(), big.clone(), login.clone());
            tokio::spawn(async move {
                let (read, mut write) = socket.into_split();
                let mut read = BufReader::new(read);
                let mut line = String::new();
                loop {
                    let mut target = String::new();
                    let mut length = 0usize;
                    loop {
                        line.clear();
                        if read.read_line(&mut line).await.unwrap_or(0) == 0 {
                            return;
                        }
                        if target.is_empty() {
                            target = line.split(' ').nth(1).unwrap_or("").to_owned();
                        } else if line == "\r\n" {
                            break;
                        } else if let Some(v) = line.to_ascii_lowercase().strip_prefix("content-length:") {
                            length = v.trim().parse().unwrap_or(0);
                        }
                    }
                    let mut body = vec![0; length];
                    if read.read_exact(&mut body).await.is_err() {
                        return;
                    }
                    let answer = if target.contains("/api/login") {
                        &login
                    } else if target.contains("big") {
                        &big
                    } else {
                        &small
                    };
                    let head = format!(
                        "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: {}\r\n\r\n",
                        answer.len()
                    );
                    if write.write_all(head.as_bytes()).await.is_err()
                        || write.write_all(answer).await.is_err()
                    {
                        return;
                    }
                }
            });
        }
    });
}

/// The stub server in its own process, on core 0 when `taskset` is there.
struct Server {
    child: Child,
    base: String,
}

impl Server {
    fn start() -> Server {
        let exe = std::env::current_exe().expect("the bench's path");
        let pinned = Command::new("taskset")
            .arg("-c")
            .arg("0")
            .arg(&exe)
            .env(ROLE, "serve")
            .stdout(Stdio::piped())
            .spawn();
        let mut child = match pinned {
            Ok(child) => child,
            Err(_) => Command::new(&exe)
                .env(ROLE, "serve")
                .stdout(Stdio::piped())
                .spawn()
                .expect("the server"),
        };
        let mut port = String::new();
        let stdout = child.stdout.take().expect("the server's output");
        StdBufReader::new(stdout)
            .read_line(&mut port)
            .expect("the server's port");
        Server {
            child,
            base: format!("http://127.0.0.1:{}", port.trim()),
        }
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// The fields a program decoding transfers by hand would write.
#[derive(serde::Deserialize)]
#[allow(dead_code)] // Only decoding is measured.
struct PlainTransfer {
    id: String,
    code: Option<String>,
    name: Option<String>,
    created: Option<String>,
    modified: Option<String>,
    destination: Option<String>,
    destination_hr: Option<String>,
    etr: Option<Value>,
    finished: Option<String>,
    progress: Option<i64>,
    size: Option<u64>,
    source: Option<String>,
    source_hr: Option<String>,
    speed: Option<f64>,
    status: Option<String>,
    user: Option<String>,
    user_hr: Option<String>,
    queue: Option<String>,
    metadata: Option<Value>,
    priority: Option<i64>,
    uri: Option<String>,
}

#[derive(serde::Deserialize)]
struct PlainReply<T> {
    result: T,
}

/// Answers every call at once with one transfer: the client's own work, with no network.
struct Canned(accsyn_client::transport::RawReply);

#[accsyn_client::transport::async_trait]
impl accsyn_client::transport::Transport for Canned {
    async fn call(
        &self,
        _: accsyn_client::transport::ApiRequest,
    ) -> Result<accsyn_client::transport::Reply, accsyn_client::transport::Error> {
        self.0.decode()
    }

    async fn call_raw(
        &self,
        _: accsyn_client::transport::ApiRequest,
    ) -> Result<accsyn_client::transport::RawReply, accsyn_client::transport::Error> {
        Ok(self.0.clone())
    }
}

/// The four clients, each able to run one find.
struct Clients {
    session: Session,
    /// Over `Canned`: a diagnostic of the client's share of a call.
    offline: Session,
    plain: reqwest::Client,
    base: String,
    /// `reqwest_prebuilt`'s one URL.
    prebuilt: String,
}

/// The event URL of a find, with the envelope the protocol asks for on every call: a fresh
/// UUID v4 `eid` and `created` now (UTC, whole seconds). The peers build it as any program
/// speaking accsyn over plain reqwest must, with the same cheap helpers our transport uses
/// (fastrand for the eid, one percent-encoding pass).
fn event_url(base: &str, query: &str) -> String {
    let mut eid = [0u8; 16];
    fastrand::fill(&mut eid);
    let eid = uuid::Builder::from_random_bytes(eid).into_uuid();
    let created = jiff::Timestamp::now().strftime("%Y-%m-%dT%H:%M:%S");
    let env = json!({"audience": "api", "workspace": "acme", "eid": eid.to_string(),
        "session": "bench", "uri": "transfer/find", "ident": "admin@acme.test",
        "created": created.to_string(), "hostname": "bench", "data": {}, "query": query});
    format!(
        "{base}/api/v3/event?{}",
        accsyn_client::transport::percent_encode_json(&env.to_string())
    )
}

impl Clients {
    async fn new(base: &str) -> Clients {
        let session = Session::builder()
            .ignore_env()
            .workspace("acme")
            .username("admin@acme.test")
            .api_key("bench-key")
            .base_url(base)
            .connect()
            .await
            .expect("login to the stub");
        // The same three headers our transport sends on every event.
        let mut headers = reqwest::header::HeaderMap::new();
        for (name, value) in [
            ("authorization", "basic YWRtaW5AYWNtZS50ZXN0:YmVuY2gta2V5"),
            ("x-accsyn-workspace", "acme"),
            ("x-accsyn-device", "accsyn-rs v0.1.0 @ linux bench"),
        ] {
            headers.insert(name, reqwest::header::HeaderValue::from_static(value));
        }
        let plain = reqwest::Client::builder()
            .no_proxy()
            .tcp_nodelay(true)
            .default_headers(headers)
            .build()
            .expect("reqwest");
        // What our transport sends, built once: a diagnostic peer that does no envelope
        // work at all (and reuses one eid, which the protocol does not allow).
        let prebuilt = event_url(base, "status=small");
        let canned = accsyn_client::transport::RawReply::new("transfer/find", 200, reply_of(1));
        Clients {
            offline: Session::from_transport(Arc::new(Canned(canned))),
            session,
            plain,
            base: base.to_owned(),
            prebuilt,
        }
    }

    /// The peer's request: the prebuilt URL, the reply's body.
    async fn fetch(&self, url: &str) -> impl AsRef<[u8]> {
        let reply = self.plain.get(url).send().await.expect("send");
        reply.bytes().await.expect("body")
    }

    async fn run(&self, variant: &str, big: bool) -> usize {
        let query = if big { "status=big" } else { "status=small" };
        match variant {
            "ours_typed" => self
                .session
                .transfers()
                .find(query)
                .await
                .expect("typed")
                .len(),
            "ours_untyped" => self
                .session
                .find(format!("Transfer WHERE {query}"))
                .await
                .expect("untyped")
                .len(),
            "reqwest_value" => {
                let url = event_url(&self.base, query);
                let bytes = self.fetch(&url).await;
                let mut reply: Value = serde_json::from_slice(bytes.as_ref()).expect("JSON");
                match reply["result"].take() {
                    Value::Array(list) => list.len(),
                    _ => 0,
                }
            }
            "reqwest_struct" => {
                let url = event_url(&self.base, query);
                let bytes = self.fetch(&url).await;
                let reply: PlainReply<Vec<PlainTransfer>> =
                    serde_json::from_slice(bytes.as_ref()).expect("JSON");
                reply.result.len()
            }
            // Not a protocol-correct peer: one URL sent again and again (the same eid and
            // `created` each time), the cost of the HTTP exchange and decode alone.
            "reqwest_prebuilt" => {
                assert!(!big, "the prebuilt URL is the small find's");
                let bytes = self.fetch(&self.prebuilt).await;
                let reply: PlainReply<Vec<PlainTransfer>> =
                    serde_json::from_slice(bytes.as_ref()).expect("JSON");
                reply.result.len()
            }
            // Not a peer: the client's own work per find, with a transport that answers at
            // once.
            "client_alone" => self
                .offline
                .transfers()
                .find(query)
                .await
                .expect("canned")
                .len(),
            // Not a peer: our transport alone (no query, no decode), to tell its share of
            // the cost from the client's.
            "transport_raw" => {
                let request = accsyn_client::transport::ApiRequest::get("transfer/find")
                    .with_data(json!({}))
                    .with_query(query);
                let raw = self
                    .session
                    .transport()
                    .call_raw(request)
                    .await
                    .expect("raw");
                raw.body().len()
            }
            other => panic!("no variant {other}"),
        }
    }
}

const VARIANTS: [&str; 4] = [
    "ours_typed",
    "ours_untyped",
    "reqwest_value",
    "reqwest_struct",
];

/// The small finds' comparison adds, as diagnostics, a peer sending one prebuilt URL, our
/// transport alone and our client alone.
const SMALL_VARIANTS: [&str; 7] = [
    "ours_typed",
    "ours_untyped",
    "reqwest_value",
    "reqwest_struct",
    "reqwest_prebuilt",
    "transport_raw",
    "client_alone",
];

/// In a fresh process: one big find, then the peak resident memory (VmHWM) in KiB.
fn peak(variant: &str) {
    let base = std::env::var(BASE).expect("the server's address");
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("a runtime");
    let found = runtime.block_on(async {
        let clients = Clients::new(&base).await;
        clients.run(variant, true).await
    });
    assert_eq!(found, BIG);
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    let hwm = status
        .lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))
        .map(|v| v.trim().trim_end_matches("kB").trim().to_owned())
        .unwrap_or_default();
    println!("{hwm}");
}

fn peak_memory(base: &str) {
    let exe = std::env::current_exe().expect("the bench's path");
    println!("\npeak memory of one 100,000-transfer find, each in a fresh process:");
    let mut peaks = Vec::new();
    for variant in VARIANTS {
        let output = Command::new(&exe)
            .env(ROLE, format!("peak:{variant}"))
            .env(BASE, base)
            .output()
            .expect("a peak-memory run");
        let kib: f64 = String::from_utf8_lossy(&output.stdout)
            .trim()
            .parse()
            .unwrap_or(f64::NAN);
        peaks.push((variant, kib / 1024.0));
    }
    let plain_struct = peaks
        .iter()
        .find(|(v, _)| *v == "reqwest_struct")
        .map_or(f64::NAN, |p| p.1);
    let plain_value = peaks
        .iter()
        .find(|(v, _)| *v == "reqwest_value")
        .map_or(f64::NAN, |p| p.1);
    for (variant, mib) in &peaks {
        println!(
            "  {variant:<15} {mib:>8.1} MiB   {:.2}x reqwest_struct   {:.2}x reqwest_value",
            mib / plain_struct,
            mib / plain_value
        );
    }
}

fn benches(c: &mut Criterion, base: &str) {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("a runtime");
    let clients = runtime.block_on(Clients::new(base));
    for variant in VARIANTS {
        assert_eq!(
            runtime.block_on(clients.run(variant, false)),
            1,
            "{variant}"
        );
    }

    let mut group = c.benchmark_group("small finds");
    group.throughput(Throughput::Elements(1));
    for variant in VARIANTS {
        group.bench_function(variant, |b| {
            b.iter(|| black_box(runtime.block_on(clients.run(variant, false))))
        });
    }
    group.finish();

    let mut group = c.benchmark_group("find of 100,000 transfers");
    group
        .sample_size(10)
        .measurement_time(Duration::from_secs(20))
        .warm_up_time(Duration::from_secs(2));
    for variant in VARIANTS {
        group.bench_function(variant, |b| {
            b.iter_custom(|iterations| {
                let started = Instant::now();
                for _ in 0..iterations {
                    black_box(runtime.block_on(clients.run(variant, true)));
                }
                started.elapsed()
            })
        });
    }
    group.finish();
}

/// The variants taking turns, call by call (round by round for the big find), so that the
/// machine's drift during the run (other work, loopback latency swinging) hits each alike:
/// the medians printed here are the comparison to read.
fn interleaved(base: &str) {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("a runtime");
    let clients = runtime.block_on(Clients::new(base));
    let table = |label: &str, variants: &[&str], big: bool, rounds: usize, unit: &str| {
        let mut times: Vec<Vec<Duration>> = vec![Vec::with_capacity(rounds); variants.len()];
        for _ in 0..rounds {
            for (i, variant) in variants.iter().enumerate() {
                let started = Instant::now();
                black_box(runtime.block_on(clients.run(variant, big)));
                times[i].push(started.elapsed());
            }
        }
        let medians: Vec<f64> = times
            .iter_mut()
            .map(|t| {
                t.sort_unstable();
                t[t.len() / 2].as_secs_f64()
            })
            .collect();
        println!("\n{label}, interleaved, median of {rounds} each:");
        for (variant, median) in variants.iter().zip(&medians) {
            let shown = if unit == "ms" {
                median * 1e3
            } else {
                median * 1e6
            };
            println!(
                "  {variant:<15} {shown:>9.1} {unit}   {:.2}x reqwest_struct's time   {:.2}x reqwest_value's",
                median / medians[3],
                median / medians[2]
            );
        }
    };
    table("small finds", &SMALL_VARIANTS, false, 10_000, "µs");
    table("find of 100,000 transfers", &VARIANTS, true, 9, "ms");
}

/// For profiling one variant: 50,000 small finds against the server at `BASE`
/// (`ACCSYN_BENCH_ROLE=repeat:ours_typed`, with a server from `ACCSYN_BENCH_ROLE=serve`).
fn repeat(variant: &str) {
    let base = std::env::var(BASE).expect("the server's address");
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("a runtime");
    runtime.block_on(async {
        let clients = Clients::new(&base).await;
        for _ in 0..50_000 {
            black_box(clients.run(variant, false).await);
        }
    });
}

fn main() {
    match std::env::var(ROLE).as_deref() {
        Ok("serve") => return serve(),
        Ok(role) if role.starts_with("peak:") => return peak(&role["peak:".len()..]),
        Ok(role) if role.starts_with("repeat:") => return repeat(&role["repeat:".len()..]),
        _ => {}
    }
    let server = Server::start();
    interleaved(&server.base);
    let mut c = Criterion::default()
        .configure_from_args()
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(5));
    benches(&mut c, &server.base);
    c.final_summary();
    peak_memory(&server.base);
}
