//! Sequential small calls (a one-entity find) against a local stub server: our
//! `HttpTransport` side by side with a plain `reqwest::Client` sending the same request.
//!
//! The stub runs on its own thread and runtime, the client on the bench thread, so the two
//! measurements share the same server cost. The plain client sends the bytes our transport
//! sends (recorded from one of its calls), with URL and headers prebuilt once; ours builds
//! a fresh envelope (uuid, timestamp, JSON, percent-encoding) per call, decodes the reply
//! into typed errors and runs its retry bookkeeping: that is the overhead measured.
//!
//! Run: `cargo bench -p accsyn-transport --bench calls`

use std::{sync::Arc, time::Duration};

use accsyn_transport::{
    ApiRequest, Envelope, EventContext, HttpTransport, Transport, WireRequest, utc_timestamp,
};
use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use reqwest::header::{HeaderName, HeaderValue};
use serde_json::{Value, json};

// Shared with the integration tests; the bench uses only part of it.
#[allow(dead_code, unreachable_pub)]
#[path = "../tests/support/server.rs"]
mod server;

use server::{Action, Recorded, Stub};

const ENTITY: &str = r#"{"result": [{"id": "0123456789abcdef01234567", "code": "refs", "status": "done", "created": "2026-11-23T13:18:43"}]}"#;

fn handler(r: &Recorded) -> Action {
    if r.path() == "/api/v3/api/login" {
        Action::json(
            200,
            json!({"result": {"role": "admin", "id": "0123456789abcdef01234567", "session_id": "sess-1"}}),
        )
    } else {
        Action::raw(200, ENTITY)
    }
}

/// Requests a stub recorded.
type Recordings = Arc<std::sync::Mutex<Vec<Recorded>>>;

/// Starts a stub on its own thread and runtime; returns its base URL and, when `record`
/// is set, what it receives (left off for the measured stub, which serves millions).
fn start_stub(record: bool) -> (String, Recordings) {
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let rt = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .unwrap();
        rt.block_on(async move {
            let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
            let stub = Stub::serve_with(listener, Arc::new(handler), record);
            tx.send((stub.url(), stub.requests.clone())).unwrap();
            // Serve until the bench process exits.
            std::future::pending::<()>().await;
        });
    });
    rx.recv().unwrap()
}

fn find_one() -> ApiRequest {
    ApiRequest::get("transfer/find")
        .with_query("id=0123456789abcdef01234567")
        .with_data(json!({"single_entity_query": true}))
}

fn transport_to(base: &str) -> HttpTransport {
    HttpTransport::builder("acme", "admin@acme.test", "secret-key-1")
        .base_url(base)
        .no_accsyn_proxy()
        .env_http_proxies(false)
        .build()
        .unwrap()
}

/// What our transport puts on the wire for `find_one()`: the URL (path and envelope) and
/// the three accsyn headers, recorded by a stub, so the plain client can send the very
/// same bytes.
fn recorded_find(rt: &tokio::runtime::Runtime) -> (String, Headers) {
    let (base, recorded) = start_stub(true);
    let ours = transport_to(&base);
    rt.block_on(ours.call(find_one())).unwrap();
    let requests = recorded.lock().unwrap();
    let event = requests
        .iter()
        .find(|r| r.path() == "/api/v3/event")
        .unwrap();
    let headers = ["authorization", "x-accsyn-workspace", "x-accsyn-device"]
        .into_iter()
        .map(|name| {
            let value = event.header(name).unwrap();
            (
                HeaderName::from_static(name),
                HeaderValue::from_str(value).unwrap(),
            )
        })
        .collect();
    (event.target.clone(), headers)
}

/// Prebuilt header names and values: added per request by cheap clones, as our transport
/// does, so the comparison measures protocol work rather than header parsing.
type Headers = Vec<(HeaderName, HeaderValue)>;

fn bench_calls(c: &mut Criterion) {
    let (base, _) = start_stub(false);
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();

    let ours = transport_to(&base);
    rt.block_on(ours.login()).unwrap();

    // The plain client sends the very request our transport sends (same path, envelope
    // and header bytes; only eid and timestamp values differ), built once up front.
    let plain = reqwest::Client::builder()
        .no_proxy()
        .tcp_nodelay(true)
        .build()
        .unwrap();
    let (target, auth) = recorded_find(&rt);
    let url = format!("{base}{target}");
    let auth = &auth;

    // The same client with the timeouts our transport sets (connect 10 s, read 120 s between
    // bytes): reqwest arms a timer per request and per body read for the read timeout, a
    // cost of the feature rather than of our code.
    let plain_timeouts = reqwest::Client::builder()
        .no_proxy()
        .tcp_nodelay(true)
        .connect_timeout(Duration::from_secs(10))
        .read_timeout(Duration::from_secs(120))
        .build()
        .unwrap();
    interleaved_report(&rt, &ours, &plain, &plain_timeouts, &url, auth);

    let mut group = c.benchmark_group("one_entity_find");
    group.throughput(Throughput::Elements(1));
    group.measurement_time(Duration::from_secs(8));
    group.bench_function("plain_reqwest", |b| {
        b.to_async(&rt).iter(|| plain_call(&plain, &url, auth))
    });
    group.bench_function("plain_reqwest_same_timeouts", |b| {
        b.to_async(&rt)
            .iter(|| plain_call(&plain_timeouts, &url, auth))
    });
    group.bench_function("accsyn_transport", |b| {
        b.to_async(&rt).iter(|| async {
            let reply = ours.call(find_one()).await.unwrap();
            assert!(reply.result().is_some());
        })
    });
    group.finish();
}

/// One find through a plain client: prebuilt URL, the same three headers, JSON decoded.
async fn plain_call(client: &reqwest::Client, url: &str, headers: &Headers) {
    let mut request = client.get(url);
    for (name, value) in headers {
        request = request.header(name, value.clone());
    }
    let resp = request.send().await.unwrap();
    let body = resp.bytes().await.unwrap();
    let v: Value = serde_json::from_slice(&body).unwrap();
    assert!(v.get("result").is_some());
}

/// Criterion measures the clients one after the other, so a build starting on the machine
/// halfway skews the comparison. This interleaves them call by call, cycling through every
/// order of the three so none always goes first, and compares total time (calls/s) and
/// median latency: load drift and stalls hit all three alike.
fn interleaved_report(
    rt: &tokio::runtime::Runtime,
    ours: &HttpTransport,
    plain: &reqwest::Client,
    plain_timeouts: &reqwest::Client,
    url: &str,
    auth: &Headers,
) {
    const TURNS: usize = 30_000;
    const ORDERS: [[usize; 3]; 6] = [
        [0, 1, 2],
        [2, 1, 0],
        [1, 2, 0],
        [0, 2, 1],
        [2, 0, 1],
        [1, 0, 2],
    ];
    // Per client (plain defaults, plain same timeouts, ours): each call's time in ns.
    let mut times: [Vec<u64>; 3] = std::array::from_fn(|_| Vec::with_capacity(TURNS));
    rt.block_on(async {
        for turn in 0..TURNS {
            for i in ORDERS[turn % ORDERS.len()] {
                let started = std::time::Instant::now();
                match i {
                    0 => plain_call(plain, url, auth).await,
                    1 => plain_call(plain_timeouts, url, auth).await,
                    _ => {
                        let reply = ours.call(find_one()).await.unwrap();
                        assert!(reply.result().is_some());
                    }
                }
                times[i].push(started.elapsed().as_nanos() as u64);
            }
        }
    });
    let rate = |i: usize| TURNS as f64 * 1e9 / times[i].iter().sum::<u64>() as f64;
    let median = |i: usize| {
        let mut v = times[i].clone();
        v.sort_unstable();
        v[v.len() / 2] as f64 / 1000.0
    };
    let change = |ours: f64, theirs: f64| (ours / theirs - 1.0) * 100.0;
    eprintln!(
        "interleaved one-entity find, {TURNS} calls each, call by call:\n  \
         plain reqwest (defaults)            {:>7.0} calls/s, median {:>5.1} us\n  \
         plain reqwest (same timeouts as us) {:>7.0} calls/s, median {:>5.1} us\n  \
         accsyn-transport                    {:>7.0} calls/s, median {:>5.1} us\n  \
         accsyn-transport calls/s vs plain: {:+.1}% vs defaults, {:+.1}% vs same timeouts \
         (median latency {:+.1}%, {:+.1}%)",
        rate(0),
        median(0),
        rate(1),
        median(1),
        rate(2),
        median(2),
        change(rate(2), rate(0)),
        change(rate(2), rate(1)),
        change(median(2), median(0)),
        change(median(2), median(1)),
    );
}

/// The pure-data part of a call (envelope, JSON, percent-encoding, reply decoding), to
/// see how much of the per-call overhead is ours rather than the HTTP stack's.
fn bench_shapes(c: &mut Criterion) {
    let ctx = EventContext {
        workspace: "acme".into(),
        username: "admin@acme.test".into(),
        session_id: "sess-1".into(),
        hostname: "bench".into(),
    };
    let req = find_one();
    c.bench_function("shape/envelope_to_wire", |b| {
        b.iter(|| {
            let env = Envelope::build(
                &ctx,
                &req,
                "44aec750-82d5-4172-bcd4-56e22aa7c11a".to_owned(),
                utc_timestamp(std::time::SystemTime::now()),
            )
            .unwrap();
            WireRequest::event(accsyn_transport::Method::Get, &env)
        })
    });
    c.bench_function("shape/decode_reply", |b| {
        b.iter(|| accsyn_transport::decode_reply("transfer/find", 200, ENTITY.as_bytes()).unwrap())
    });
}

criterion_group!(benches, bench_calls, bench_shapes);
criterion_main!(benches);
