//! Creating one transfer with 1,000, 10,000 and 100,000 tasks over HTTP,
//! sent as the official client sends large payloads (`gz_data`): the cost
//! should grow linearly with the task count.
//!
//! Run: `cargo bench -p accsyn-emulator --bench create`.

use std::io::Write as _;
use std::time::{Duration, Instant};

use accsyn_emulator::{Emulator, Role, Seed, SeedUser};
use base64::Engine as _;
use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};
use serde_json::{Value, json};

mod support;

const KEY: &str = "bench-key";
const ADMIN: &str = "admin@acme.test";

fn b64(bytes: &[u8]) -> String {
    base64::engine::general_purpose::STANDARD.encode(bytes)
}

/// The event body of a transfer create with `n` tasks, compressed.
fn create_body(session: &str, n: usize) -> String {
    let tasks: Vec<Value> = (0..n)
        .map(|i| {
            json!({
                "source": format!("share=projects/seq/shot_{:03}/frame.{i:06}.exr", i / 1000),
                "destination": format!("/Volumes/EDIT/seq/frame.{i:06}.exr"),
            })
        })
        .collect();
    let data = json!({"name": format!("sequence of {n}"), "tasks": tasks, "status": "paused"});
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    gz.write_all(data.to_string().as_bytes()).unwrap();
    json!({"audience": "api", "workspace": "acme", "session": session, "uri": "transfer/create",
        "ident": ADMIN, "gz_data": b64(&gz.finish().unwrap())})
    .to_string()
}

async fn start() -> (Emulator, support::Login) {
    let seed = Seed::new().user(SeedUser::new(ADMIN, Role::Admin).api_key(KEY));
    let emulator = Emulator::builder()
        .seed(seed)
        .time_scale(0.0)
        .start()
        .await
        .unwrap();
    let login = support::login(&emulator.base_url(), ADMIN, KEY).await;
    (emulator, login)
}

fn bench(c: &mut Criterion) {
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap();
    let mut group = c.benchmark_group("transfer_create");
    group
        .sample_size(10)
        .measurement_time(Duration::from_secs(30));
    for n in [1_000, 10_000, 100_000] {
        group.throughput(Throughput::Elements(n as u64));
        group.bench_with_input(BenchmarkId::new("tasks", n), &n, |b, &n| {
            // Each create runs on a fresh emulator, so every sample sees
            // the same store; only the request is timed.
            b.iter_custom(|iters| {
                let mut total = Duration::ZERO;
                for _ in 0..iters {
                    total += rt.block_on(async {
                        let (emulator, login) = start().await;
                        let body = create_body(&login.session, n);
                        let started = Instant::now();
                        let reply = login.post(body).await;
                        let took = started.elapsed();
                        assert!(reply["result"][0]["id"].is_string(), "{reply}");
                        emulator.shutdown().await.unwrap();
                        took
                    });
                }
                total
            })
        });
    }
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
